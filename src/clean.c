/* STUB */
#include <string.h>

#include "internal.h"

pith_status
pith_clean(pith_ctx *ctx, const pith_doc *doc, const pith_meta *meta, const pith_selection *sel,
           pith_blocks *out)
{
    (void)ctx, (void)doc, (void)meta, (void)sel;
    memset(out, 0, sizeof *out);
    return PITH_OK;
}
