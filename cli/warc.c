/* STUB: the WARC reader lands in a later commit. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "warc.h"

int
pith_cli_warc_read(const char *path, pith_cli_warc_cb cb, void *arg, char **err)
{
    (void)path, (void)cb, (void)arg;
    *err = strdup("WARC input is not implemented yet");
    return 0;
}
