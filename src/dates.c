/* STUB: replaced by the real date parser. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

int
pith_date_parse_machine(const char *s, size_t n, pith_date *out)
{
    (void)s, (void)n, (void)out;
    return 0;
}

int
pith_date_parse_text(const char *s, size_t n, int day_first, pith_date *out, size_t *consumed)
{
    (void)s, (void)n, (void)day_first, (void)out, (void)consumed;
    return 0;
}

int
pith_date_from_url(const char *url, pith_date *out)
{
    (void)url, (void)out;
    return 0;
}

int
pith_date_plausible(const pith_date *d)
{
    return d->year >= 1990;
}

size_t
pith_date_format(const pith_date *d, char out[32])
{
    int n = snprintf(out, 32, "%04d-%02d-%02d", d->year, d->month, d->day);
    return n < 0 ? 0 : (size_t)n;
}
