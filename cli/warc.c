/* STUB: the WARC reader. */
#include <stddef.h>
typedef int pith_warc_placeholder;
