/* STUB */
#include <string.h>

#include "internal.h"

void
pith_options_init(pith_options *opts)
{
    memset(opts, 0, sizeof *opts);
}

pith_status
pith_extract(const char *html, size_t len, const pith_options *opts, pith_result **out)
{
    (void)html, (void)len, (void)opts;
    if (out)
        *out = NULL;
    return PITH_ERR_INVALID_ARGUMENT;
}

void
pith_result_free(pith_result *res)
{
    (void)res;
}

const char *
pith_status_message(pith_status st)
{
    (void)st;
    return "";
}

const char *
pith_status_name(pith_status st)
{
    (void)st;
    return "";
}

const char *
pith_version(void)
{
    return PITH_VERSION_STRING;
}
