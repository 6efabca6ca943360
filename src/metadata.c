/* STUB: replaced by the real metadata stage. */
#include <string.h>

#include "internal.h"

pith_status
pith_metadata(pith_ctx *ctx, const pith_doc *doc, const pith_screened *scr, const char *url,
              pith_meta *out)
{
    (void)ctx, (void)doc, (void)scr, (void)url;
    memset(out, 0, sizeof *out);
    out->title_node = PITH_NONE;
    return PITH_OK;
}

int
pith_jsonld_read(pith_ctx *ctx, const char *json, size_t len, pith_jsonld *out)
{
    (void)ctx, (void)json, (void)len;
    memset(out, 0, sizeof *out);
    return 0;
}
