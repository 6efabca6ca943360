/* SPDX-License-Identifier: MIT */
/*
 * Date strings -> struct pith_date -> ISO 8601.
 *
 * Everything here reads (s, n) byte ranges that are not NUL-terminated and may be cut anywhere,
 * including inside a UTF-8 sequence; every read is bounds-checked against n. Numbers are read
 * as digit runs whose length is checked before their value is used, so a run of a million
 * digits costs one pass and never overflows. No allocation, no state.
 *
 * Choices, so callers know what to expect:
 * - The parsers reject impossible calendar dates ("2022-02-30") and out-of-range times, but
 *   accept any 4-digit year; pith_date_plausible() decides whether a year is believable
 *   (1990..2100) and whether an offset is real (-14:00..+14:00).
 * - Human text needs a 4-digit year in pith_date_parse_text. "07/01/22" is too ambiguous to
 *   guess in prose (day, month and year can all be any of the three), so 2-digit years are
 *   read there only in the machine RFC 2822 / RFC 850 forms, where the RFC fixes the meaning
 *   (00-49 -> 20xx, 50-99 -> 19xx). pith_date_parse_short_year reads "28.09.19" and
 *   "09/28/19" for a caller that knows it holds a short dateline and the page's order: the
 *   year last, 90-99 -> 19xx and 00-89 -> 20xx (the other century is no plausible date).
 * - Numeric a/b/yyyy with day_first == -1: a number above 12 decides which is the day;
 *   when both are <= 12 it is read day-first, the convention of most of the world (US sites
 *   usually also carry a machine-readable date, which metadata.c prefers). With an explicit
 *   day_first the order is taken as given and a month above 12 is no date.
 * - a.b.yyyy with dots is always day-first (German, Russian, Polish, Turkish ... style).
 *   "1.2.2022" alone is 1 February 2022; as part of a longer dotted run ("v1.2.2022",
 *   "10.1.2.2022", "1.2.2022.5") it is a version number, not a date.
 * - A lone year ("(c) 2019") or month and year ("January 2022") is not a date: day required.
 * - Weekday names need no special case in text: the scan simply moves past them.
 * - Time zones in text: "UTC"/"GMT"/"Z", a few common abbreviations (EST, CET, ...), and a
 *   numeric offset when it follows "UTC"/"GMT" or a time with seconds; a bare "10:00-12:00"
 *   is a time range, not an offset of -12:00.
 * - pith_date_format writes offsets as "+HH:MM", UTC as "+00:00", never "Z".
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Spaces skipped between the parts of one date: enough for "Jan.   7", bounded so that a
 * long run of spaces after a number costs one short look per candidate, not a scan. */
#define MAX_GAP 8

static int
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

static int
valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* ---- low-level reading ---- */

static uint32_t
cp_at(const char *s, size_t n, size_t i, size_t *len)
{
    uint32_t cp = 0;
    if (i >= n) {
        *len = 0;
        return 0;
    }
    if ((unsigned char)s[i] < 0x80) { /* what pith_utf8_next gives, without the call */
        *len = 1;
        return (unsigned char)s[i];
    }
    *len = pith_utf8_next(s + i, n - i, &cp);
    if (*len == 0) /* cannot happen for i < n; keeps every caller's loop moving regardless */
        *len = 1;
    return cp;
}

static int
digit_at(const char *s, size_t n, size_t i)
{
    return i < n && s[i] >= '0' && s[i] <= '9';
}

static int
byte_at(const char *s, size_t n, size_t i, char c)
{
    return i < n && s[i] == c;
}

/* Reads the digit run at i: returns its length; *val is its value when the run has at most
 * 9 digits (callers check the length first), -1 otherwise. */
static size_t
read_num(const char *s, size_t n, size_t i, int *val)
{
    size_t k = 0;
    int v = 0;
    while (digit_at(s, n, i + k)) {
        if (k < 9)
            v = v * 10 + (s[i + k] - '0');
        k++;
    }
    *val = k <= 9 ? v : -1;
    return k;
}

/* A number of min..max digits at *ip; advances past it. */
static int
take_num(const char *s, size_t n, size_t *ip, size_t min, size_t max, int *val)
{
    size_t k = read_num(s, n, *ip, val);
    if (k < min || k > max)
        return 0;
    *ip += k;
    return 1;
}

static int
is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    /* Latin-1 letters, Latin Extended, combining marks, Greek, Cyrillic: the scripts of the
     * month names below. CJK characters are separators here ("2022年1月7日"). */
    return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
           (cp >= 0x300 && cp <= 0x52F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

static size_t
skip_space(const char *s, size_t n, size_t i)
{
    for (int k = 0; k < MAX_GAP && i < n; k++) {
        size_t len;
        uint32_t cp = cp_at(s, n, i, &len);
        if (!pith_is_space_cp(cp))
            break;
        i += len;
    }
    return i;
}

static size_t
word_end(const char *s, size_t n, size_t i)
{
    while (i < n) {
        size_t len;
        if (!is_letter(cp_at(s, n, i, &len)))
            break;
        i += len;
    }
    return i;
}

/* Simple case folding for the scripts of the month tables. Turkish dotted and dotless i both
 * fold_case_cp to 'i' so "MAYIS", "Mayıs" and "mayis" all match. */
static uint32_t
fold_case_cp(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp < 0x80)
        return cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    if (cp == 0x130 || cp == 0x131)
        return 'i';
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
        return cp | 1;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return (cp & 1) ? cp + 1 : cp;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 80;
    return cp;
}

/* s[a..b) equals the NUL-terminated name, ignoring case. */
static int
word_is(const char *s, size_t a, size_t b, const char *name)
{
    size_t nl = strlen(name), j = 0;
    while (a < b && j < nl) {
        size_t l1, l2;
        uint32_t c1 = cp_at(s, b, a, &l1), c2 = cp_at(name, nl, j, &l2);
        if (fold_case_cp(c1) != fold_case_cp(c2))
            return 0;
        a += l1, j += l2;
    }
    return a == b && j == nl;
}

/* The folded first code point of s[a..b) as word_is reads it, in UTF-8 (U+0000 for an empty
 * word). Most words tried against a table are none of its names, and comparing this with each
 * name's first bytes (may_be) settles most of them without word_is, with the same answer:
 * every name in this file's tables is written folded (lowercase), so its first code point is
 * its own fold and its first bytes are those of the fold of any word that word_is matches. */
struct word_lead {
    char b[4];
    size_t len;
};

static struct word_lead
first_folded(const char *s, size_t a, size_t b)
{
    struct word_lead w;
    size_t len;
    w.len = pith_utf8_encode(fold_case_cp(cp_at(s, b, a, &len)), w.b);
    return w;
}

/* 0 when word_is(s, a, b, name) must fail, w being first_folded(s, a, b). */
static int
may_be(const struct word_lead *w, const char *name)
{
    return name[0] == w->b[0] && (w->len == 1 || memcmp(name, w->b, w->len) == 0);
}

static int
word_in(const char *s, size_t a, size_t b, const char *const *list)
{
    struct word_lead first = first_folded(s, a, b);
    for (size_t k = 0; list[k]; k++)
        if (may_be(&first, list[k]) && word_is(s, a, b, list[k]))
            return 1;
    return 0;
}

/* ---- vocabularies ---- */

struct month_name {
    const char *name;
    int month;
};

/* Full names, genitive forms and the usual abbreviations (a trailing dot is read separately).
 * Names shared between languages map to the same month, so one table serves all. */
static const struct month_name month_names[] = {
    /* English */
    {"january", 1}, {"jan", 1}, {"february", 2}, {"feb", 2}, {"march", 3}, {"mar", 3},
    {"april", 4}, {"apr", 4}, {"may", 5}, {"june", 6}, {"jun", 6}, {"july", 7}, {"jul", 7},
    {"august", 8}, {"aug", 8}, {"september", 9}, {"sep", 9}, {"sept", 9}, {"october", 10},
    {"oct", 10}, {"november", 11}, {"nov", 11}, {"december", 12}, {"dec", 12},
    /* German (with Austrian Jänner) */
    {"januar", 1}, {"jänner", 1}, {"jän", 1}, {"februar", 2}, {"feber", 2}, {"märz", 3},
    {"maerz", 3}, {"mär", 3}, {"mrz", 3}, {"mai", 5}, {"juni", 6}, {"juli", 7},
    {"oktober", 10}, {"okt", 10}, {"dezember", 12}, {"dez", 12},
    /* French */
    {"janvier", 1}, {"janv", 1}, {"février", 2}, {"fevrier", 2}, {"févr", 2}, {"fevr", 2},
    {"fév", 2}, {"fev", 2}, {"mars", 3}, {"avril", 4}, {"avr", 4}, {"juin", 6},
    {"juillet", 7}, {"juil", 7}, {"août", 8}, {"aout", 8}, {"septembre", 9}, {"octobre", 10},
    {"novembre", 11}, {"décembre", 12}, {"decembre", 12}, {"déc", 12},
    /* Spanish */
    {"enero", 1}, {"ene", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"abr", 4},
    {"mayo", 5}, {"junio", 6}, {"julio", 7}, {"agosto", 8}, {"ago", 8}, {"septiembre", 9},
    {"setiembre", 9}, {"set", 9}, {"octubre", 10}, {"noviembre", 11}, {"diciembre", 12},
    {"dic", 12},
    /* Italian */
    {"gennaio", 1}, {"gen", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"mag", 5},
    {"giugno", 6}, {"giu", 6}, {"luglio", 7}, {"lug", 7}, {"settembre", 9}, {"ottobre", 10},
    {"ott", 10}, {"dicembre", 12},
    /* Portuguese */
    {"janeiro", 1}, {"fevereiro", 2}, {"março", 3}, {"marco", 3}, {"maio", 5}, {"junho", 6},
    {"julho", 7}, {"setembro", 9}, {"outubro", 10}, {"out", 10}, {"novembro", 11},
    {"dezembro", 12},
    /* Dutch */
    {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mrt", 3}, {"mei", 5}, {"augustus", 8},
    /* Polish: nominative, genitive (the form used in dates), abbreviation */
    {"styczeń", 1}, {"stycznia", 1}, {"sty", 1}, {"luty", 2}, {"lutego", 2}, {"lut", 2},
    {"marzec", 3}, {"marca", 3}, {"kwiecień", 4}, {"kwietnia", 4}, {"kwi", 4}, {"maj", 5},
    {"maja", 5}, {"czerwiec", 6}, {"czerwca", 6}, {"cze", 6}, {"lipiec", 7}, {"lipca", 7},
    {"lip", 7}, {"sierpień", 8}, {"sierpnia", 8}, {"sie", 8}, {"wrzesień", 9},
    {"września", 9}, {"wrz", 9}, {"październik", 10}, {"października", 10}, {"paź", 10},
    {"listopad", 11}, {"listopada", 11}, {"lis", 11}, {"grudzień", 12}, {"grudnia", 12},
    {"gru", 12},
    /* Russian: nominative, genitive, abbreviation */
    {"январь", 1}, {"января", 1}, {"янв", 1}, {"февраль", 2}, {"февраля", 2}, {"фев", 2},
    {"март", 3}, {"марта", 3}, {"мар", 3}, {"апрель", 4}, {"апреля", 4}, {"апр", 4},
    {"май", 5}, {"мая", 5}, {"июнь", 6}, {"июня", 6}, {"июн", 6}, {"июль", 7}, {"июля", 7},
    {"июл", 7}, {"август", 8}, {"августа", 8}, {"авг", 8}, {"сентябрь", 9}, {"сентября", 9},
    {"сен", 9}, {"сент", 9}, {"октябрь", 10}, {"октября", 10}, {"окт", 10}, {"ноябрь", 11},
    {"ноября", 11}, {"ноя", 11}, {"нояб", 11}, {"декабрь", 12}, {"декабря", 12}, {"дек", 12},
    /* Turkish */
    {"ocak", 1}, {"oca", 1}, {"şubat", 2}, {"şub", 2}, {"mart", 3}, {"nisan", 4}, {"nis", 4},
    {"mayıs", 5}, {"haziran", 6}, {"haz", 6}, {"temmuz", 7}, {"tem", 7}, {"ağustos", 8},
    {"ağu", 8}, {"eylül", 9}, {"eyl", 9}, {"ekim", 10}, {"eki", 10}, {"kasım", 11},
    {"kas", 11}, {"aralık", 12}, {"ara", 12},
};

static int
month_of(const char *s, size_t a, size_t b)
{
    /* the longest name is 24 bytes; the shortest ("jan", "mai") have 3 letters, each matched
     * by a byte at least, so a word of 1 or 2 bytes ("de", "of") is none */
    if (b - a > 40 || b - a < 3)
        return 0;
    /* most words tried are not months: the first letter rules out most names at once */
    struct word_lead first = first_folded(s, a, b);
    for (size_t k = 0; k < sizeof month_names / sizeof month_names[0]; k++)
        if (may_be(&first, month_names[k].name) && word_is(s, a, b, month_names[k].name))
            return month_names[k].month;
    return 0;
}

static const char *const weekdays_en[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", NULL};

/* Words between a date and its time: "7 January 2022 at 8:04", "um 8.04 Uhr", "a las 8:04". */
static const char *const time_connectors[] = {
    "at", "um", "à", "a", "las", "alle", "ore", "às", "om", "o", "godz", "в", "saat", "kl",
    NULL};

/* Spanish/Portuguese "7 de enero de 2022", "del 2022". */
static const char *const date_connectors[] = {"de", "del", NULL};

struct zone_name {
    const char *name;
    int minutes;
};

/* RFC 2822's US zones plus the few abbreviations common on European news sites. Ambiguous
 * ones (IST, BST outside the UK, ...) are left out: no offset beats a wrong one. */
static const struct zone_name zone_names[] = {
    {"ut", 0},     {"utc", 0},     {"gmt", 0},    {"z", 0},      {"est", -300}, {"edt", -240},
    {"cst", -360}, {"cdt", -300},  {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
    {"cet", 60},   {"cest", 120},  {"mez", 60},   {"mesz", 120},
};

/* ---- times and zones ---- */

/* A numeric offset at i: +HH:MM, +HHMM or +HH. Returns the end, or i when there is none. */
static size_t
parse_offset(const char *s, size_t n, size_t i, int *minutes)
{
    if (i >= n || (s[i] != '+' && s[i] != '-'))
        return i;
    int sign = s[i] == '-' ? -1 : 1, hh, mm = 0;
    size_t j = i + 1, k = read_num(s, n, j, &hh);
    if (k == 4) {
        mm = hh % 100, hh /= 100;
        j += 4;
    } else if (k == 1 || k == 2) {
        j += k;
        if (byte_at(s, n, j, ':') && read_num(s, n, j + 1, &mm) == 2)
            j += 3;
        else
            mm = 0;
    } else {
        return i;
    }
    /* "+05:00:00" or "+0500" followed by more digits is not an offset we understand */
    if (byte_at(s, n, j, ':') || digit_at(s, n, j) || hh > 23 || mm > 59)
        return i;
    *minutes = sign * (hh * 60 + mm);
    return j;
}

/* A zone after a time: "Z", "UTC", "GMT+1", "+13:00", "EST". bare_ok: a numeric offset
 * without a zone name is accepted (ISO forms, times with seconds). Returns the end or i. */
static size_t
parse_zone(const char *s, size_t n, size_t i, int bare_ok, pith_date *d)
{
    int off = 0;
    size_t j;
    if (bare_ok && (j = parse_offset(s, n, i, &off)) != i) {
        d->offset_minutes = off, d->has_offset = 1;
        return j;
    }
    size_t a = i;
    if (byte_at(s, n, a, ' '))
        a++;
    if (bare_ok && a != i && (j = parse_offset(s, n, a, &off)) != a) {
        d->offset_minutes = off, d->has_offset = 1;
        return j;
    }
    size_t b = word_end(s, n, a);
    /* apart from the time, zone abbreviations are capitals: "est" after a time is a word */
    if (b == a || (a != i && (s[a] < 'A' || s[a] > 'Z')))
        return i;
    for (size_t k = 0; k < sizeof zone_names / sizeof zone_names[0]; k++) {
        if (!word_is(s, a, b, zone_names[k].name))
            continue;
        /* a lone "Z" only when glued to the time, as in ISO 8601 */
        if (zone_names[k].minutes == 0 && b - a == 1 && a != i)
            return i;
        d->offset_minutes = zone_names[k].minutes, d->has_offset = 1;
        if (zone_names[k].minutes == 0 && b - a > 1 && (j = parse_offset(s, n, b, &off)) != b) {
            d->offset_minutes = off; /* "GMT+1", "UTC-05:00" */
            return j;
        }
        return b;
    }
    return i;
}

/* am/pm forms at i: "am", "a.m.", "AM", "pm", "p.m.". Returns the end or i; *pm 0/1. */
static size_t
parse_ampm(const char *s, size_t n, size_t i, int *pm)
{
    if (i >= n)
        return i;
    char c = (char)(s[i] | 0x20);
    if (c != 'a' && c != 'p')
        return i;
    size_t j = i + 1;
    if (byte_at(s, n, j, '.'))
        j++;
    if (j >= n || (s[j] | 0x20) != 'm')
        return i;
    j++;
    if (byte_at(s, n, j, '.'))
        j++;
    size_t len;
    if (is_letter(cp_at(s, n, j, &len)) || digit_at(s, n, j))
        return i;
    *pm = c == 'p';
    return j;
}

#define TIME_ISO 1  /* HH:MM[:SS] or HHMM[SS] only, as after ISO 8601's 'T' */
#define TIME_BARE 2 /* a numeric offset needs no "GMT" before it (RFC 2822) */

/* A time at i: "08:04", "8:04:00.123", "8:04 am", "8 pm", "8.04 Uhr", "8h04", with TIME_ISO
 * also "0804" forms. Then a zone. Returns the end, or 0 when there is no time at i. */
static size_t
parse_time(const char *s, size_t n, size_t i, int mode, pith_date *d)
{
    int iso = mode & TIME_ISO;
    int hh, mm = 0, ss = 0, have_sec = 0;
    size_t j = i, k = read_num(s, n, j, &hh);
    char sep = 0;
    if (iso && (k == 4 || k == 6)) { /* basic format: HHMM or HHMMSS */
        int v = hh;
        if (k == 6)
            ss = v % 100, v /= 100, have_sec = 1;
        mm = v % 100, hh = v / 100;
        j += k;
        sep = ':';
    } else {
        if (k < 1 || k > 2)
            return 0;
        j += k;
        if (j < n && (s[j] == ':' || s[j] == '.' || s[j] == 'h' || s[j] == 'H')) {
            int v;
            sep = s[j];
            if (read_num(s, n, j + 1, &v) == 2) {
                mm = v;
                j += 3;
                if (sep == ':' && byte_at(s, n, j, ':') && digit_at(s, n, j + 1)) {
                    /* "08:04:0077" is no time we understand, not 08:04 plus junk */
                    if (read_num(s, n, j + 1, &v) != 2)
                        return 0;
                    ss = v;
                    j += 3;
                    have_sec = 1;
                }
            } else if (sep == ':') {
                return 0;
            } else {
                sep = 0;
            }
        }
        if (iso && sep != ':')
            return 0;
    }
    if (have_sec && j + 1 < n && (s[j] == '.' || s[j] == ',') && digit_at(s, n, j + 1)) {
        j++;
        while (digit_at(s, n, j)) /* fractions are dropped; the run is walked once */
            j++;
    }
    if (digit_at(s, n, j))
        return 0;
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
        return 0;

    size_t e = j;
    if (!iso) {
        int pm = 0;
        size_t a = byte_at(s, n, j, ' ') ? j + 1 : j, b = parse_ampm(s, n, a, &pm);
        if (b != a) {
            if (hh < 1 || hh > 12 || sep == 'h' || sep == 'H')
                return 0;
            hh = hh % 12 + (pm ? 12 : 0);
            e = b;
        } else {
            b = word_end(s, n, a);
            if (b > a && (word_is(s, a, b, "uhr") || word_is(s, a, b, "h")))
                e = b;
            else if (sep == '.' || sep == 0)
                return 0; /* "8.04" or "8" alone is just a number */
        }
    }
    d->hour = hh, d->minute = mm, d->second = ss, d->has_time = 1;
    return parse_zone(s, n, e, iso || have_sec || (mode & TIME_BARE), d);
}

/* What may stand between a date and its time in text; returns where the time would start. */
static size_t
skip_to_time(const char *s, size_t n, size_t i)
{
    i = skip_space(s, n, i);
    if (i < n && (s[i] == ',' || s[i] == '-' || s[i] == '|' || s[i] == '/'))
        i = skip_space(s, n, i + 1);
    else {
        size_t len;
        uint32_t cp = cp_at(s, n, i, &len);
        if (cp == 0x2013 || cp == 0x2014 || cp == 0xB7 || cp == 0x2022)
            i = skip_space(s, n, i + len);
    }
    for (int w = 0; w < 2; w++) {
        size_t b = word_end(s, n, i);
        if (b == i || !word_in(s, i, b, time_connectors))
            break;
        if (byte_at(s, n, b, '.'))
            b++;
        size_t c = skip_space(s, n, b);
        if (c == b)
            break;
        i = c;
    }
    return i;
}

/* Adds the time that may follow a date ending at e; returns the new end. */
static size_t
attach_time(const char *s, size_t n, size_t e, pith_date *d)
{
    size_t t = skip_to_time(s, n, e);
    if (t == e || !digit_at(s, n, t))
        return e;
    pith_date tmp = *d;
    size_t te = parse_time(s, n, t, 0, &tmp);
    if (te == 0)
        return e;
    *d = tmp;
    return te;
}

/* ---- date shapes ---- */

static int
set_ymd(pith_date *d, int y, int m, int dd)
{
    if (!valid_ymd(y, m, dd))
        return 0;
    memset(d, 0, sizeof *d);
    d->year = y, d->month = m, d->day = dd;
    return 1;
}

/* YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD at i (1- or 2-digit month and day). Returns end or 0. */
static size_t
parse_ymd(const char *s, size_t n, size_t i, pith_date *d)
{
    int y, m, dd;
    size_t j = i;
    if (!take_num(s, n, &j, 4, 4, &y) || j >= n)
        return 0;
    char sep = s[j];
    if (sep != '-' && sep != '/' && sep != '.')
        return 0;
    j++;
    if (!take_num(s, n, &j, 1, 2, &m) || !byte_at(s, n, j, sep))
        return 0;
    j++;
    if (!take_num(s, n, &j, 1, 2, &dd))
        return 0;
    if (sep == '.' && byte_at(s, n, j, '.') && digit_at(s, n, j + 1))
        return 0; /* 2022.1.7.3: a version */
    return set_ymd(d, y, m, dd) ? j : 0;
}

/* 2022年1月7日 and 2022년 1월 7일, with optional spaces; i is at the year. */
static size_t
parse_cjk(const char *s, size_t n, size_t i, pith_date *d)
{
    static const uint32_t marks[2][3] = {{0x5E74, 0x6708, 0x65E5}, {0xB144, 0xC6D4, 0xC77C}};
    int v[3];
    size_t j = i;
    int script = -1;
    for (int part = 0; part < 3; part++) {
        if (part > 0)
            j = skip_space(s, n, j);
        if (!take_num(s, n, &j, part == 0 ? 4 : 1, part == 0 ? 4 : 2, &v[part]))
            return 0;
        j = skip_space(s, n, j);
        size_t len;
        uint32_t cp = cp_at(s, n, j, &len);
        if (script < 0)
            script = cp == marks[0][0] ? 0 : cp == marks[1][0] ? 1 : -1;
        if (script < 0 || cp != marks[script][part])
            return 0;
        j += len;
    }
    return set_ymd(d, v[0], v[1], v[2]) ? j : 0;
}

/* a/b/yyyy, a.b.yyyy, a-b-yyyy at i, prev the code point before i. */
static size_t
parse_numeric(const char *s, size_t n, size_t i, uint32_t prev, int day_first, pith_date *d)
{
    int a, b, y;
    size_t j = i;
    if (!take_num(s, n, &j, 1, 2, &a) || j >= n)
        return 0;
    char sep = s[j];
    if (sep != '/' && sep != '.' && sep != '-')
        return 0;
    j++;
    if (!take_num(s, n, &j, 1, 2, &b) || !byte_at(s, n, j, sep))
        return 0;
    j++;
    if (!take_num(s, n, &j, 4, 4, &y))
        return 0;
    /* part of a longer dotted or slashed run: "v1.2.2022", "1.2.2022.5", "3/1/2/2022" */
    if (prev == (uint32_t)sep || (byte_at(s, n, j, sep) && digit_at(s, n, j + 1)))
        return 0;
    int day, month;
    if (sep == '.' || day_first == 1)
        day = a, month = b;
    else if (day_first == 0)
        day = b, month = a;
    else if (b > 12 && a <= 12)
        day = b, month = a;
    else
        day = a, month = b;
    return set_ymd(d, y, month, day) ? j : 0;
}

/* "7", "7.", "7th", "1er"; returns the end or 0. */
static size_t
parse_day(const char *s, size_t n, size_t i, int *day)
{
    size_t j = i;
    if (!take_num(s, n, &j, 1, 2, day) || *day < 1 || *day > 31)
        return 0;
    size_t b = word_end(s, n, j);
    if (b > j) {
        static const char *const ordinals[] = {"st", "nd", "rd", "th", "er", NULL};
        if (!word_in(s, j, b, ordinals))
            return b - j <= 40 && month_of(s, j, b) ? j : 0; /* "7Jan" */
        j = b;
    }
    return j;
}

/* Spaces, optionally one connector ("de"), a comma or a hyphen between date parts. */
static size_t
skip_joiner(const char *s, size_t n, size_t i, int comma_ok)
{
    size_t j = i;
    if (comma_ok && byte_at(s, n, j, ','))
        j++;
    else if (byte_at(s, n, j, '-'))
        return j + 1;
    j = skip_space(s, n, j);
    size_t b = word_end(s, n, j);
    if (b > j && word_in(s, j, b, date_connectors)) {
        size_t c = skip_space(s, n, b);
        if (c > b)
            j = c;
    }
    return j;
}

/* A month name at i (with optional trailing dot); returns the end, 0 if none. */
static size_t
parse_month_word(const char *s, size_t n, size_t i, int *month)
{
    size_t b = word_end(s, n, i);
    if (b == i || !(*month = month_of(s, i, b)))
        return 0;
    if (byte_at(s, n, b, '.'))
        b++;
    return b;
}

/* A 4-digit year not followed by more digits. */
static size_t
parse_year(const char *s, size_t n, size_t i, int *y)
{
    size_t j = i;
    return take_num(s, n, &j, 4, 4, y) ? j : 0;
}

/* "7 January 2022", "7. Januar 2022", "7 de enero de 2022", "07-Jan-2022", "7th Jan, 2022". */
static size_t
parse_dmy_words(const char *s, size_t n, size_t i, pith_date *d)
{
    int day, month, y;
    size_t j = parse_day(s, n, i, &day);
    if (!j)
        return 0;
    if (byte_at(s, n, j, '.'))
        j++;
    j = skip_joiner(s, n, j, 0);
    if (!(j = parse_month_word(s, n, j, &month)))
        return 0;
    j = skip_joiner(s, n, j, 1);
    if (!(j = parse_year(s, n, j, &y)))
        return 0;
    return set_ymd(d, y, month, day) ? j : 0;
}

/* "January 7, 2022", "Jan. 7th 2022". */
static size_t
parse_mdy_words(const char *s, size_t n, size_t i, pith_date *d)
{
    int day, month, y;
    size_t j = parse_month_word(s, n, i, &month);
    if (!j)
        return 0;
    j = skip_space(s, n, j);
    if (!(j = parse_day(s, n, j, &day)))
        return 0;
    if (byte_at(s, n, j, ','))
        j++;
    j = skip_space(s, n, j);
    if (!(j = parse_year(s, n, j, &y)))
        return 0;
    return set_ymd(d, y, month, day) ? j : 0;
}

/* Every shape that may start at i; returns the end of date and time, or 0. */
static size_t
text_at(const char *s, size_t n, size_t i, uint32_t prev, int day_first, pith_date *d)
{
    size_t e;
    if (digit_at(s, n, i)) {
        int v;
        size_t k = read_num(s, n, i, &v);
        if (k == 4) {
            if ((e = parse_ymd(s, n, i, d))) {
                if (e + 1 < n && (s[e] == 'T' || s[e] == 't') && digit_at(s, n, e + 1)) {
                    pith_date tmp = *d;
                    size_t te = parse_time(s, n, e + 1, TIME_ISO, &tmp);
                    if (te) {
                        *d = tmp;
                        return te;
                    }
                }
                return attach_time(s, n, e, d);
            }
            if ((e = parse_cjk(s, n, i, d)))
                return attach_time(s, n, e, d);
            return 0;
        }
        if (k > 2)
            return 0;
        if ((e = parse_numeric(s, n, i, prev, day_first, d)) ||
            (e = parse_dmy_words(s, n, i, d)))
            return attach_time(s, n, e, d);
        return 0;
    }
    if ((e = parse_mdy_words(s, n, i, d)))
        return attach_time(s, n, e, d);
    return 0;
}

int
pith_date_parse_text(const char *s, size_t n, int day_first, pith_date *out, size_t *consumed)
{
    if (!out)
        return 0;
    memset(out, 0, sizeof *out);
    if (!s)
        return 0;
    /* Every text form carries a four-digit year: without a run of four digits there is no
     * date, and the month-name search at each word need not run. */
    size_t run = 0;
    for (size_t k = 0; k < n && run < 4; k++)
        run = (s[k] >= '0' && s[k] <= '9') ? run + 1 : 0;
    if (run < 4)
        return 0;
    uint32_t prev = ' ';
    size_t i = 0;
    while (i < n) {
        size_t len;
        uint32_t cp = cp_at(s, n, i, &len);
        int digit = cp >= '0' && cp <= '9';
        int prev_digit = prev >= '0' && prev <= '9';
        /* candidates start at a token: not inside a word or a number */
        int start = digit ? !prev_digit && !is_letter(prev) && prev != '.'
                          : is_letter(cp) && !is_letter(prev) && !prev_digit;
        if (start) {
            pith_date d;
            memset(&d, 0, sizeof d);
            size_t e = text_at(s, n, i, prev, day_first, &d);
            if (e) {
                *out = d;
                if (consumed)
                    *consumed = e;
                return 1;
            }
        }
        prev = cp;
        i += len;
    }
    return 0;
}

/* ---- two-digit years ---- */

/* Two-digit years run from 1990 (the first plausible year) to 2089: "19" is 2019, "95" 1995.
 * Neither reading of the other century is a plausible publication date. */
#define SHORT_YEAR_PIVOT 90

/* dd.mm.yy or a/b/yy at i (prev the code point before it), with its time. Dots are day first
 * (German, Polish, Russian style) and padded, slashes in the page's order; when day_first is -1 and
 * neither number is above 12, day first, the other reading in *alt. Returns the end or 0. */
static size_t
short_year_at(const char *s, size_t n, size_t i, uint32_t prev, int day_first, pith_date *d,
              pith_date *alt)
{
    int a, b, yy;
    size_t j = i;
    if (prev == '.' || prev == '/' || prev == ':' || prev == '-' || prev == ',')
        return 0;
    if (!take_num(s, n, &j, 1, 2, &a) || j >= n || (s[j] != '.' && s[j] != '/'))
        return 0;
    char sep = s[j++];
    if (!take_num(s, n, &j, 1, 2, &b) || !byte_at(s, n, j, sep))
        return 0;
    j++;
    if (!take_num(s, n, &j, 2, 2, &yy))
        return 0;
    /* dotted datelines pad day and month ("02.10.12"); a version does not ("2.10.12") */
    if (sep == '.' && j - i != 8)
        return 0;
    /* a longer run is a version or an address: "1.10.12.3", "10.0.0.1" */
    size_t len;
    if ((j < n && (s[j] == sep || s[j] == '-')) || is_letter(cp_at(s, n, j, &len)))
        return 0;
    int y = yy < SHORT_YEAR_PIVOT ? 2000 + yy : 1900 + yy;
    int day = a, month = b;
    if (sep == '/' && (day_first == 0 || (day_first < 0 && b > 12)))
        day = b, month = a;
    if (!set_ymd(d, y, month, day))
        return 0;
    memset(alt, 0, sizeof *alt);
    if (sep == '/' && day != month && valid_ymd(y, day, month) && day <= 12)
        set_ymd(alt, y, day, month);
    return attach_time(s, n, j, d);
}

int
pith_date_parse_short_year(const char *s, size_t n, int day_first, pith_date *out,
                           pith_date *alt, size_t *consumed)
{
    pith_date other;
    if (!alt)
        alt = &other;
    if (!out)
        return 0;
    memset(out, 0, sizeof *out);
    memset(alt, 0, sizeof *alt);
    if (!s)
        return 0;
    uint32_t prev = ' ';
    size_t i = 0;
    while (i < n) {
        size_t len;
        uint32_t cp = cp_at(s, n, i, &len);
        if (cp >= '0' && cp <= '9' && !(prev >= '0' && prev <= '9') && !is_letter(prev)) {
            pith_date d;
            size_t e = short_year_at(s, n, i, prev, day_first, &d, alt);
            if (e) {
                *out = d;
                if (consumed)
                    *consumed = e;
                return 1;
            }
        }
        prev = cp;
        i += len;
    }
    memset(alt, 0, sizeof *alt);
    return 0;
}

/* ---- relative dates ---- */

struct rel_unit {
    const char *name;
    long minutes;
};

/* Units of "3 hours ago" in the languages of the sets, singular and plural merged as the
 * month table does. Months and years are left out: "2 months ago" does not name a day. */
static const struct rel_unit rel_units[] = {
    {"minute", 1},   {"minutes", 1},   {"min", 1},       {"mins", 1},      {"minuten", 1},
    {"minuto", 1},   {"minutos", 1},   {"minuti", 1},    {"minuut", 1},    {"minut", 1},
    {"minuty", 1},   {"minutę", 1},    {"hour", 60},     {"hours", 60},    {"hr", 60},
    {"hrs", 60},     {"h", 60},        {"stunde", 60},   {"stunden", 60},  {"std", 60},
    {"heure", 60},   {"heures", 60},   {"hora", 60},     {"horas", 60},    {"ora", 60},
    {"ore", 60},     {"uur", 60},      {"godzin", 60},   {"godziny", 60},  {"godzinę", 60},
    {"day", 1440},   {"days", 1440},   {"tag", 1440},    {"tage", 1440},   {"tagen", 1440},
    {"jour", 1440},  {"jours", 1440},  {"día", 1440},    {"días", 1440},   {"dia", 1440},
    {"dias", 1440},  {"giorno", 1440}, {"giorni", 1440}, {"dag", 1440},    {"dagen", 1440},
    {"dzień", 1440}, {"dni", 1440},    {"week", 10080},  {"weeks", 10080}, {"woche", 10080},
    {"wochen", 10080}, {"semaine", 10080}, {"semaines", 10080}, {"semana", 10080},
    {"semanas", 10080}, {"settimana", 10080}, {"settimane", 10080}, {"weken", 10080},
    {"tydzień", 10080}, {"tygodnie", 10080}, {"tygodni", 10080},
};

/* "one" before a unit: "an hour ago", "vor einer Stunde", "il y a un jour", "hace una hora". */
static const char *const rel_one[] = {"a",    "an",  "one", "einer", "einem", "einen", "un",
                                      "une",  "una", "um",  "uma",   "een",   NULL};
/* Words before the number ("vor 3 Tagen", "hace 3 horas", "há 3 dias") and after the unit
 * ("3 days ago", "3 giorni fa", "3 dagen geleden", "3 dni temu"); "il y a" is read apart. */
static const char *const rel_before[] = {"vor", "hace", "há", NULL};
static const char *const rel_after[] = {"ago", "fa", "geleden", "temu", NULL};

struct rel_day {
    const char *name, *lang; /* lang NULL: any page */
    int days;
};

/* Named days. A word that is another word in another language ("hier" is "here" in German)
 * counts only on a page in its language; English ones on any page. */
static const struct rel_day rel_days[] = {
    {"today", NULL, 0},       {"yesterday", NULL, 1},  {"heute", "de", 0},
    {"gestern", "de", 1},     {"vorgestern", "de", 2}, {"aujourd'hui", "fr", 0},
    {"aujourd\xe2\x80\x99hui", "fr", 0}, {"hier", "fr", 1}, {"avant-hier", "fr", 2},
    {"hoy", "es", 0},         {"ayer", "es", 1},       {"anteayer", "es", 2},
    {"hoje", "pt", 0},        {"ontem", "pt", 1},      {"anteontem", "pt", 2},
    {"oggi", "it", 0},        {"ieri", "it", 1},       {"vandaag", "nl", 0},
    {"gisteren", "nl", 1},    {"eergisteren", "nl", 2}, {"dzisiaj", "pl", 0},
    {"dziś", "pl", 0},        {"wczoraj", "pl", 1},
};

/* The unit word at i (right after the number or with spaces between); its end or 0. */
static size_t
rel_unit_at(const char *s, size_t n, size_t i, long *minutes)
{
    size_t a = skip_space(s, n, i), b = word_end(s, n, a);
    if (b == a)
        return 0;
    struct word_lead first = first_folded(s, a, b);
    for (size_t k = 0; k < sizeof rel_units / sizeof rel_units[0]; k++)
        if (may_be(&first, rel_units[k].name) && word_is(s, a, b, rel_units[k].name)) {
            *minutes = rel_units[k].minutes;
            return byte_at(s, n, b, '.') ? b + 1 : b; /* "Std.", "min." */
        }
    return 0;
}

/* A count at i: up to three digits, or a word for one. Its end or 0. */
static size_t
rel_count_at(const char *s, size_t n, size_t i, long *count)
{
    int v;
    size_t k = read_num(s, n, i, &v);
    if (k >= 1 && k <= 3) {
        *count = v;
        return i + k;
    }
    size_t b = word_end(s, n, i);
    if (b > i && word_in(s, i, b, rel_one)) {
        *count = 1;
        return b;
    }
    return 0;
}

/* "vor 3 Tagen", "il y a 2 jours" at i: a word before the count. */
static size_t
rel_prefixed_at(const char *s, size_t n, size_t i, long *minutes, long *unit)
{
    size_t b = word_end(s, n, i), j;
    if (b == i)
        return 0;
    if (word_in(s, i, b, rel_before)) {
        j = skip_space(s, n, b);
    } else if (word_is(s, i, b, "il")) { /* "il y a" */
        j = skip_space(s, n, b);
        if (!byte_at(s, n, j, 'y') && !byte_at(s, n, j, 'Y'))
            return 0;
        j = skip_space(s, n, j + 1);
        if (!byte_at(s, n, j, 'a') || word_end(s, n, j) != j + 1)
            return 0;
        j = skip_space(s, n, j + 1);
    } else {
        return 0;
    }
    if (j == b)
        return 0;
    long count;
    size_t e = rel_count_at(s, n, j, &count);
    if (!e || !(e = rel_unit_at(s, n, e, unit)))
        return 0;
    *minutes = count * *unit;
    return e;
}

/* "3 days ago", "2 giorni fa" at i: a word after the unit. */
static size_t
rel_suffixed_at(const char *s, size_t n, size_t i, long *minutes, long *unit)
{
    long count;
    size_t e = rel_count_at(s, n, i, &count);
    if (!e || !(e = rel_unit_at(s, n, e, unit)))
        return 0;
    size_t a = skip_space(s, n, e), b = word_end(s, n, a);
    if (a == e || b == a || !word_in(s, a, b, rel_after))
        return 0;
    *minutes = count * *unit;
    return b;
}

/* A named day at i, in the page's language, followed by nothing but a time: "gestern, 14:30
 * Uhr", "Yesterday at 5:12 pm", "hier". Alone it is a dateline; followed by words it is
 * prose ("Hier klicken", "today we look at"). */
static size_t
rel_day_at(const char *s, size_t n, size_t i, const char *lang, long *minutes)
{
    size_t b = word_end(s, n, i);
    if (b == i)
        return 0;
    /* "aujourd'hui" (straight or curly apostrophe) and "avant-hier" are one word */
    size_t join = byte_at(s, n, b, '\'') || byte_at(s, n, b, '-')       ? 1
                  : b + 2 < n && memcmp(s + b, "\xe2\x80\x99", 3) == 0 ? 3
                                                                    : 0;
    if (join && word_end(s, n, b + join) > b + join)
        b = word_end(s, n, b + join);
    size_t k = 0;
    struct word_lead first = first_folded(s, i, b);
    for (; k < sizeof rel_days / sizeof rel_days[0]; k++)
        if (may_be(&first, rel_days[k].name) && word_is(s, i, b, rel_days[k].name))
            break;
    if (k == sizeof rel_days / sizeof rel_days[0])
        return 0;
    if (rel_days[k].lang &&
        (!lang || pith_ascii_casecmp_n(lang, rel_days[k].lang, 2) != 0 ||
         (lang[2] != '\0' && lang[2] != '-' && lang[2] != '_')))
        return 0;
    pith_date t;
    memset(&t, 0, sizeof t);
    size_t e = attach_time(s, n, b, &t);
    for (size_t j = e; j < n; j++)
        if (!pith_is_html_space((unsigned char)s[j]) && s[j] != '.' && s[j] != ',' && s[j] != '|')
            return 0;
    *minutes = (long)rel_days[k].days * PITH_MINUTES_PER_DAY;
    return e;
}

int
pith_date_parse_relative(const char *s, size_t n, const char *lang, pith_reldate *out,
                         size_t *consumed)
{
    if (!out)
        return 0;
    memset(out, 0, sizeof *out);
    if (!s)
        return 0;
    uint32_t prev = ' ';
    size_t i = 0;
    while (i < n) {
        size_t len, e = 0;
        uint32_t cp = cp_at(s, n, i, &len);
        int prev_digit = prev >= '0' && prev <= '9';
        if (!is_letter(prev) && !prev_digit && (is_letter(cp) || (cp >= '0' && cp <= '9'))) {
            long minutes = 0, unit = PITH_MINUTES_PER_DAY; /* a named day counts days */
            if ((e = rel_prefixed_at(s, n, i, &minutes, &unit)) ||
                (e = rel_suffixed_at(s, n, i, &minutes, &unit)) ||
                (unit = PITH_MINUTES_PER_DAY, e = rel_day_at(s, n, i, lang, &minutes))) {
                out->minutes = minutes;
                out->by_day = unit >= PITH_MINUTES_PER_DAY;
                if (consumed)
                    *consumed = e;
                return 1;
            }
        }
        prev = cp;
        i += len;
    }
    return 0;
}

/* ---- machine formats ---- */

/* RFC 2822 / RFC 850 / asctime, after trimming: [Wday[,]] D Mon Y [HH:MM[:SS] [zone]] or
 * Wday Mon D HH:MM:SS YYYY. Returns 1 when all of s[i..n) is one such date. */
static int
parse_rfc(const char *s, size_t n, size_t i, pith_date *d)
{
    size_t b = word_end(s, n, i);
    if (b > i && word_in(s, i, b, weekdays_en)) {
        i = b;
        if (byte_at(s, n, i, ','))
            i++;
        i = skip_space(s, n, i);
    }
    int day, month, y;
    size_t j;
    if ((j = parse_month_word(s, n, i, &month))) {
        /* asctime "Fri Jan  7 08:04:00 2022", and the zone before the year that Unix date(1)
         * and Java's Date.toString write: "Fri Jan 07 08:04:00 CET 2022" */
        j = skip_space(s, n, j);
        if (!take_num(s, n, &j, 1, 2, &day) || !byte_at(s, n, j, ' '))
            return 0;
        pith_date tmp;
        memset(&tmp, 0, sizeof tmp);
        size_t te = parse_time(s, n, j + 1, 0, &tmp);
        if (!te || !byte_at(s, n, te, ' '))
            return 0;
        j = te + 1;
        if (!take_num(s, n, &j, 4, 4, &y) || j != n || !set_ymd(d, y, month, day))
            return 0;
        d->hour = tmp.hour, d->minute = tmp.minute, d->second = tmp.second, d->has_time = 1;
        d->offset_minutes = tmp.offset_minutes, d->has_offset = tmp.has_offset;
        return 1;
    }
    j = i;
    if (!take_num(s, n, &j, 1, 2, &day))
        return 0;
    if (j < n && (s[j] == ' ' || s[j] == '-'))
        j = s[j] == '-' ? j + 1 : skip_space(s, n, j);
    if (!(j = parse_month_word(s, n, j, &month)))
        return 0;
    if (j < n && (s[j] == ' ' || s[j] == '-'))
        j = s[j] == '-' ? j + 1 : skip_space(s, n, j);
    size_t k = read_num(s, n, j, &y);
    if (k == 2)
        y += y < 50 ? 2000 : 1900;
    else if (k != 4)
        return 0;
    j += k;
    if (!set_ymd(d, y, month, day))
        return 0;
    if (j == n)
        return 1;
    size_t t = skip_space(s, n, j);
    if (t == j || !digit_at(s, n, t))
        return 0;
    size_t te = parse_time(s, n, t, TIME_BARE, d);
    return te == n;
}

int
pith_date_parse_machine(const char *s, size_t n, pith_date *out)
{
    if (!out)
        return 0;
    memset(out, 0, sizeof *out);
    if (!s)
        return 0;
    size_t i = 0;
    while (i < n && pith_is_html_space((unsigned char)s[i]))
        i++;
    while (n > i && pith_is_html_space((unsigned char)s[n - 1]))
        n--;
    if (i == n)
        return 0;

    pith_date d;
    memset(&d, 0, sizeof d);
    size_t e = 0;
    int v;
    size_t k = read_num(s, n, i, &v);
    if (k == 8) { /* 20220107, 20220107T080400Z */
        if (!set_ymd(&d, v / 10000, v / 100 % 100, v % 100))
            return 0;
        e = i + 8;
    } else if (k == 4) {
        e = parse_ymd(s, n, i, &d);
        if (!e)
            return 0;
    } else {
        if (!parse_rfc(s, n, i, &d))
            return 0;
        *out = d;
        return 1;
    }
    if (e < n) {
        if ((s[e] != 'T' && s[e] != 't' && s[e] != ' ') || !digit_at(s, n, e + 1))
            return 0;
        e = parse_time(s, n, e + 1, TIME_ISO, &d);
        if (e != n)
            return 0;
    }
    *out = d;
    return 1;
}

/* ---- URLs ---- */

/* Years a URL date may have: paths are full of 8-digit ids ("-44171009") and 4-digit numbers,
 * so a candidate outside the plausible range is skipped and the scan goes on. */
static int
url_year_ok(int y)
{
    return y >= 1990 && y <= 2100;
}

/* A date-shaped path segment at p: "2022/01/07", "2022/1/7", "2022-01-07", "20220107",
 * "2022-01/07", "202201/07".
 * The next character may not be a digit (so "/2022/01/075" is not the 7th). */
static int
url_date_at(const char *p, size_t n, pith_date *d)
{
    int y, m, dd;
    size_t j = 0, k = read_num(p, n, 0, &y);
    if (k == 8) {
        if (j + 8 < n && p[j + 8] != '/' && p[j + 8] != '-' && p[j + 8] != '_' &&
            p[j + 8] != '.')
            return 0;
        return url_year_ok(y / 10000) && set_ymd(d, y / 10000, y / 100 % 100, y % 100);
    }
    if (k == 6) { /* "/201607/08/", common on Chinese news sites */
        j = 7;
        if (!byte_at(p, n, 6, '/') || !take_num(p, n, &j, 1, 2, &dd) || !url_year_ok(y / 100))
            return 0;
        return set_ymd(d, y / 100, y % 100, dd);
    }
    if (k != 4 || !url_year_ok(y) || k >= n)
        return 0;
    char sep = p[4];
    if (sep != '/' && sep != '-' && sep != '_')
        return 0;
    j = 5;
    /* the second separator matches the first, or is '/' after '-' ("/2016-07/08/") */
    if (!take_num(p, n, &j, 1, 2, &m) || j >= n || (p[j] != sep && !(sep == '-' && p[j] == '/')))
        return 0;
    j++;
    if (!take_num(p, n, &j, 1, 2, &dd))
        return 0;
    return set_ymd(d, y, m, dd);
}

int
pith_date_from_url(const char *url, pith_date *out)
{
    if (!out)
        return 0;
    memset(out, 0, sizeof *out);
    if (!url)
        return 0;
    size_t n = strlen(url), i = 0;
    const char *scheme = strstr(url, "://");
    if (scheme && (size_t)(scheme - url) < n) {
        i = (size_t)(scheme - url) + 3;
        while (i < n && url[i] != '/' && url[i] != '?' && url[i] != '#')
            i++;
    } else if (n >= 2 && url[0] == '/' && url[1] == '/') {
        i = 2;
        while (i < n && url[i] != '/' && url[i] != '?' && url[i] != '#')
            i++;
    }
    /* only the path: ids in query strings are too often date-shaped numbers */
    size_t end = i;
    while (end < n && url[end] != '?' && url[end] != '#')
        end++;
    for (; i < end; i++) {
        char c = url[i];
        if (c != '/' && c != '-' && c != '_')
            continue;
        if (!digit_at(url, end, i + 1))
            continue;
        pith_date d;
        memset(&d, 0, sizeof d);
        if (url_date_at(url + i + 1, end - i - 1, &d)) {
            *out = d;
            return 1;
        }
    }
    return 0;
}

/* "/2017/09/" or "/2017-09/": a year and month segment (blogs file posts by month). The month
 * must end its segment, so "/2017/0912" is not read; in "/2017/09/12/" it finds 2017-09. */
int
pith_date_month_from_url(const char *url, int *year, int *month)
{
    if (!url || !year || !month)
        return 0;
    size_t n = strlen(url), i = 0;
    const char *scheme = strstr(url, "://");
    if (scheme)
        i = (size_t)(scheme - url) + 3;
    while (i < n && url[i] != '/' && url[i] != '?' && url[i] != '#')
        i++;
    size_t end = i;
    while (end < n && url[end] != '?' && url[end] != '#')
        end++;
    for (; i + 8 <= end; i++) {
        if (url[i] != '/')
            continue;
        int y, m;
        size_t j = i + 1;
        if (read_num(url, end, j, &y) != 4 || !url_year_ok(y))
            continue;
        j += 4;
        if (!byte_at(url, end, j, '/') && !byte_at(url, end, j, '-'))
            continue;
        j++;
        if (read_num(url, end, j, &m) != 2 || m < 1 || m > 12)
            continue;
        j += 2;
        if (j < end && url[j] != '/')
            continue;
        *year = y, *month = m;
        return 1;
    }
    return 0;
}

/* ---- checking and formatting ---- */

int
pith_date_plausible(const pith_date *d)
{
    if (!d || d->year < 1990 || d->year > 2100 || !valid_ymd(d->year, d->month, d->day))
        return 0;
    if (d->has_time && (d->hour < 0 || d->hour > 23 || d->minute < 0 || d->minute > 59 ||
                        d->second < 0 || d->second > 60))
        return 0;
    if (d->has_offset && (d->offset_minutes < -14 * 60 || d->offset_minutes > 14 * 60))
        return 0;
    return 1;
}

size_t
pith_date_format(const pith_date *d, char out[32])
{
    out[0] = '\0';
    if (!d || !valid_ymd(d->year, d->month, d->day))
        return 0;
    int len;
    if (!d->has_time) {
        len = snprintf(out, 32, "%04d-%02d-%02d", d->year, d->month, d->day);
    } else {
        if (d->hour < 0 || d->hour > 23 || d->minute < 0 || d->minute > 59 || d->second < 0 ||
            d->second > 60)
            return 0;
        len = snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d", d->year, d->month, d->day,
                       d->hour, d->minute, d->second);
        if (len > 0 && d->has_offset) {
            int off = d->offset_minutes;
            if (off < -(99 * 60 + 59) || off > 99 * 60 + 59) {
                out[0] = '\0';
                return 0;
            }
            char sign = off < 0 ? '-' : '+';
            if (off < 0)
                off = -off;
            len += snprintf(out + len, 32 - (size_t)len, "%c%02d:%02d", sign, off / 60,
                            off % 60);
        }
    }
    return len < 0 ? 0 : (size_t)len;
}
