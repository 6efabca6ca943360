/* STUB: replaced by the real renderer. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

pith_status
pith_render(const pith_result *res, pith_format format, pith_status status, char **out,
            size_t *out_len)
{
    (void)res, (void)format, (void)status;
    if (!out)
        return PITH_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (out_len)
        *out_len = 0;
    return PITH_ERR_INVALID_ARGUMENT;
}

void
pith_buffer_free(char *buf)
{
    (void)buf;
}

void
pith_buf_json_string(pith_buf *b, const char *s)
{
    pith_buf_putc(b, '"');
    pith_buf_puts(b, s);
    pith_buf_putc(b, '"');
}
