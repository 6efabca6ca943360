/* STUB */
#include <stdio.h>

#include "pith/pith.h"

int
main(void)
{
    puts(pith_version());
    return 0;
}
