/* SPDX-License-Identifier: MIT */
/*
 * The date parsers: pith_date_parse_machine, pith_date_parse_text (day_first from the first
 * byte), pith_date_parse_short_year, pith_date_parse_relative, pith_date_from_url and
 * pith_date_month_from_url over the same bytes.
 *
 * Invariants whenever a parser returns 1: the date is a real calendar date with a time in
 * range (the parsers promise to reject "2022-02-30" and "25:00"); *consumed stays within the
 * input; pith_date_format fits its 32 bytes and returns the string's length; and when
 * pith_date_plausible says yes, the string is well-formed ISO 8601: YYYY-MM-DD, optionally
 * THH:MM[:SS] and a +HH:MM / -HH:MM offset, with the year from 1990 and the offset within
 * +-14:00.
 */
#include "fuzz.h"

static int
digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int
num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int
iso_well_formed(const char *s, size_t n)
{
    static const int dim[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2))
        return 0;
    int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
    if (y < 1990 || m < 1 || m > 12 || d < 1 || d > dim[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    size_t i = 10;
    if (i == n)
        return 1;
    if (s[i] != 'T' || n - i < 6 || !digits(s + i + 1, 2) || s[i + 3] != ':' ||
        !digits(s + i + 4, 2))
        return 0;
    if (num(s + i + 1, 2) > 23 || num(s + i + 4, 2) > 59)
        return 0;
    i += 6;
    if (i < n && s[i] == ':') {
        if (n - i < 3 || !digits(s + i + 1, 2) || num(s + i + 1, 2) > 60)
            return 0;
        i += 3;
    }
    if (i == n)
        return 1;
    if ((s[i] != '+' && s[i] != '-') || n - i != 6 || !digits(s + i + 1, 2) ||
        s[i + 3] != ':' || !digits(s + i + 4, 2))
        return 0;
    int off = num(s + i + 1, 2) * 60 + num(s + i + 4, 2);
    return num(s + i + 4, 2) <= 59 && off <= 14 * 60;
}

static void
check_date(const pith_date *d, const char *who)
{
    static const int dim[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    FUZZ_CHECK(d->month >= 1 && d->month <= 12, "%s: month %d", who, d->month);
    FUZZ_CHECK(d->day >= 1 && d->day <= dim[d->month - 1], "%s: day %d of month %d", who, d->day,
               d->month);
    FUZZ_CHECK(!(d->month == 2 && d->day == 29) ||
                   ((d->year % 4 == 0 && d->year % 100 != 0) || d->year % 400 == 0),
               "%s: 29 February %d", who, d->year);
    if (d->has_time)
        FUZZ_CHECK(d->hour >= 0 && d->hour <= 23 && d->minute >= 0 && d->minute <= 59 &&
                       d->second >= 0 && d->second <= 60,
                   "%s: time %d:%d:%d", who, d->hour, d->minute, d->second);
    char out[32];
    memset(out, 'x', sizeof out);
    size_t len = pith_date_format(d, out);
    FUZZ_CHECK(len < sizeof out, "%s: format returned %zu", who, len);
    FUZZ_CHECK(out[len] == '\0' && strlen(out) == len, "%s: format length %zu", who, len);
    if (pith_date_plausible(d))
        FUZZ_CHECK(iso_well_formed(out, len), "%s: plausible date formats as \"%s\"", who, out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int day_first = -1;
    if (size > 0) {
        day_first = (int)(data[0] % 3) - 1;
        data++, size--;
    }
    const char *s = (const char *)data;
    pith_date d;

    memset(&d, 0, sizeof d);
    if (pith_date_parse_machine(s, size, &d) == 1)
        check_date(&d, "machine");

    memset(&d, 0, sizeof d);
    size_t consumed = (size_t)-1;
    if (pith_date_parse_text(s, size, day_first, &d, &consumed) == 1) {
        FUZZ_CHECK(consumed <= size, "text: consumed %zu of %zu", consumed, size);
        check_date(&d, "text");
    }

    memset(&d, 0, sizeof d);
    pith_date alt;
    consumed = (size_t)-1;
    if (pith_date_parse_short_year(s, size, day_first, &d, &alt, &consumed) == 1) {
        FUZZ_CHECK(consumed <= size, "short year: consumed %zu of %zu", consumed, size);
        FUZZ_CHECK(d.year >= 1990 && d.year <= 2089, "short year: year %d", d.year);
        check_date(&d, "short year");
        if (alt.year)
            check_date(&alt, "short year's other reading");
    }

    /* the language from the first bytes, as a page's lang attribute would give it */
    static const char *const langs[] = {NULL, "en", "de", "fr", "es", "pt", "it", "nl", "pl"};
    pith_reldate rel;
    consumed = (size_t)-1;
    if (pith_date_parse_relative(s, size, langs[size ? (unsigned char)s[0] % 9 : 0], &rel,
                                 &consumed) == 1) {
        FUZZ_CHECK(consumed <= size, "relative: consumed %zu of %zu", consumed, size);
        /* at most three digits of weeks */
        FUZZ_CHECK(rel.minutes >= 0 && rel.minutes <= 999L * 7 * 1440, "relative: %ld minutes",
                   rel.minutes);
    }

    /* The URL form reads a C string: give it one, cut at the first NUL as a caller would. */
    char *url = malloc(size + 1);
    if (!url)
        abort();
    memcpy(url, s, size);
    url[size] = '\0';
    memset(&d, 0, sizeof d);
    if (pith_date_from_url(url, &d) == 1)
        check_date(&d, "url");
    int y = 0, m = 0;
    if (pith_date_month_from_url(url, &y, &m) == 1 && (y < 1990 || y > 2100 || m < 1 || m > 12))
        abort(); /* a year and month it found must be a real one */
    free(url);
    return 0;
}
