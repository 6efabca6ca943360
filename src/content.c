/* STUB */
#include "internal.h"

pith_status
pith_content(pith_ctx *ctx, const pith_doc *doc, const pith_meta *meta, pith_selection *sel)
{
    (void)ctx, (void)doc, (void)meta;
    sel->keep = NULL;
    sel->container = PITH_NONE;
    return PITH_OK;
}
