/* STUB: replaced by the real decoder. */
#include <string.h>

#include "internal.h"

pith_status
pith_decode(pith_ctx *ctx, const char *bytes, size_t len, const char *hint, pith_decoded *out)
{
    (void)hint;
    memset(out, 0, sizeof *out);
    out->text = pith_strndup(ctx, bytes, len);
    if (!out->text)
        return ctx->error;
    out->len = len;
    out->charset = "UTF-8";
    out->source = "default";
    return PITH_OK;
}

const char *
pith_charset_canonical(const char *label, size_t len)
{
    (void)label;
    (void)len;
    return NULL;
}
