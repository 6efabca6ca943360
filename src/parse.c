/* STUB */
#include <string.h>

#include "internal.h"

pith_status
pith_parse(pith_ctx *ctx, const pith_screened *in, pith_doc *doc)
{
    (void)ctx, (void)in;
    memset(doc, 0, sizeof *doc);
    return PITH_OK;
}

const char *
pith_attr(const GumboNode *node, const char *name)
{
    (void)node, (void)name;
    return NULL;
}

char *
pith_node_text(pith_ctx *ctx, const pith_doc *doc, uint32_t i, size_t *len)
{
    (void)doc, (void)i;
    if (len)
        *len = 0;
    return pith_strndup(ctx, "", 0);
}
