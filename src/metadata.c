/* SPDX-License-Identifier: MIT */
/*
 * The metadata stage: title, byline, dates, site name, language, canonical URL, description,
 * image, licence and tags, each chosen from several candidates (JSON-LD, <meta>, markup, the
 * URL, visible text near the title). The winning source of each field is recorded, and with
 * --explain the losers are listed, so a wrong pick can be traced to the rule that made it.
 * This file runs the stage (pith_metadata) and chooses dates, language, site name and tags;
 * the title is title.c's, the byline byline.c's, JSON-LD jsonld.c's.
 *
 * The document is walked as the flat preorder index built by parse.c: no recursion, and
 * "inside a hidden element" is tracked with one end index because subtrees nest.
 */
#include <string.h>

#include "internal.h"

static int
eq_ci(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && pith_ascii_casecmp_n(a, b, n) == 0;
}

/* The host of an absolute URL, without "www.", as an arena string. */
static char *
url_host(pith_ctx *ctx, const char *url)
{
    if (!url)
        return NULL;
    const char *s = strstr(url, "://");
    if (!s)
        return NULL;
    s += 3;
    const char *e = s;
    while (*e && *e != '/' && *e != ':' && *e != '?' && *e != '#')
        e++;
    const char *at = memchr(s, '@', (size_t)(e - s));
    if (at)
        s = at + 1;
    if (e - s > 4 && pith_ascii_casecmp_n(s, "www.", 4) == 0)
        s += 4;
    if (e == s)
        return NULL;
    char *h = pith_strndup(ctx, s, (size_t)(e - s));
    if (h)
        for (char *c = h; *c; c++)
            *c = (char)pith_ascii_lower((unsigned char)*c);
    return h;
}

/* Second-level labels under which a country's registry hands out names (timesandstar.co.uk,
 * abc.net.au): the name is the label before them. Two or three letters, as "co", "com",
 * "net", "org", "gov", "ac", "edu", "ne", "or", "go" are: a name that short under a
 * country's code is rare. */
#define REGISTRY_LABEL_MAX_CHARS 3

/* The name in a host, folded: the label before its public suffix, as far as a country's
 * two-level suffixes go ("timesandstar" of timesandstar.co.uk, "bbc" of news.bbc.co.uk,
 * "xinhuanet" of news.xinhuanet.com); NULL when the host has one label. */
static char *
host_label(pith_ctx *ctx, const char *host)
{
    const char *end = strrchr(host, '.');
    if (!end || end == host)
        return NULL;
    const char *start = host;
    for (int round = 0; round < 2; round++) {
        start = host;
        for (const char *c = end; c-- > host;)
            if (*c == '.') {
                start = c + 1;
                break;
            }
        /* "co" of co.uk when a country's code follows (two letters) and a label precedes */
        size_t tld = strlen(end + 1), n = (size_t)(end - start);
        if (round == 0 && tld == 2 && n <= REGISTRY_LABEL_MAX_CHARS && start > host)
            end = start - 1;
        else
            break;
    }
    char *l = pith_strndup(ctx, start, (size_t)(end - start));
    return l ? pith_fold(ctx, l) : NULL;
}

/* ---------------------------------------------------------------- dates */

/* How the date is chosen, in phases:
 * 1. gather: JSON-LD, <meta> names, itemprop and microformat markup, <time>, the URL, and the
 *    visible text right around the headline;
 * 2. settle "11/01/2023" read both ways by the page's other dates;
 * 3. the most trusted publication date that is not later than everything else;
 * 4. a UTC instant whose day the page shows as the day before or after (the publisher's
 *    zone) takes the page's day, and what the page shows next to the headline beats a
 *    machine-written date that says another day;
 * 5. only when all that found nothing: the raw JSON-LD, then the dates of the whole page
 *    (labelled ones first, then one in the URL's month), then a relative date next to the
 *    headline ("vor 3 Stunden") counted back from a date the page gives elsewhere, then the
 *    first date of the page, then a date in the file name of the page's image. */

enum { D_PUB = 1, D_MOD = 2, D_OTHER = 4 };

/* Where a visible date stands. */
enum {
    W_SHOWN = 1,     /* next to the headline */
    W_LABELLED = 2,  /* "Published", "Veröffentlicht am" ... or in an element named for dates */
    W_COMMENT = 4,   /* inside a comment */
    W_URL_MONTH = 8, /* in the year and month of a /2017/09/ URL */
    W_SAID = 16      /* a word says it is the publication date ("Erschienen am") */
};

typedef struct dcand {
    pith_date d;
    pith_date alt; /* the other reading of an ambiguous "11/01/2023"; alt.year 0 when none */
    long day;
    int kind;
    int strong; /* a machine-written source: metadata, not page text */
    int where;  /* W_* */
    int short_year; /* read from "28.09.19" */
    uint32_t node;  /* the text node a visible date stands in; PITH_NONE for the others */
    const char *source;
} dcand;

/* Candidates kept per page: the machine sources and the text around the headline hold a few
 * dozen at most; the page-wide scan adds up to PAGE_DATE_CANDS more. */
#define MAX_DATE_CANDS 160
/* The page-wide scan (only when nothing else gave a date) reads at most this many text nodes
 * and keeps this many dates: a listing page's first dozens of dates are enough to choose. */
#define PAGE_DATE_TEXTS 6000
#define PAGE_DATE_CANDS 48
/* A dateline is a short line: longer texts are prose, whose dates are someone else's (and
 * searching whole paragraphs for month names in ten languages cost a fifth of an
 * extraction). */
#define DATELINE_MAX_BYTES 160
/* ... except a date that opens a longer text: the longest dateline forms ("Mittwoch, 27.
 * Januar 2022, 10:15 Uhr") take about this many bytes. */
#define DATELINE_LEAD_BYTES 48
/* A text date later than every other date by more than this is a cookie expiry or a
 * "today" widget (days); a machine-written or labelled date gets a year. */
#define LATER_TEXT_DAYS 31
#define LATER_TRUSTED_DAYS 366
/* Time zones run from UTC-12 to UTC+14: the local day of a UTC instant is at most this many
 * minutes from the UTC day's edges. */
#define MAX_ZONE_MINUTES (14 * 60)
/* Ancestors looked at for a date-named class (a few: the date's own box) and a comment box
 * (many: a comment's header sits deep in it). */
#define DATE_CONTEXT_LEVELS 4
#define COMMENT_LEVELS 24

typedef struct dates {
    dcand c[MAX_DATE_CANDS];
    size_t n;
    /* the first relative date next to the headline ("vor 3 Stunden"): rel_text NULL if none */
    const char *rel_text;
    pith_reldate rel;
} dates;

static long day_number(const pith_date *d);

/* Minutes since the epoch of day_number, in UTC. */
static long
utc_minute(const pith_date *d)
{
    return day_number(d) * 1440 + d->hour * 60 + d->minute - d->offset_minutes;
}

static long
day_number(const pith_date *d)
{
    /* days from civil (Howard Hinnant) */
    long y = d->year - (d->month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long m = d->month;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d->day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static dcand *
add_date_at(dates *ds, const pith_date *d, const pith_date *alt, int kind, int strong,
            const char *source, int where)
{
    if (ds->n >= MAX_DATE_CANDS || !pith_date_plausible(d))
        return NULL;
    dcand *c = &ds->c[ds->n++];
    *c = (dcand){*d, {0}, day_number(d), kind, strong, where, 0, PITH_NONE, source};
    if (alt && alt->year && pith_date_plausible(alt))
        c->alt = *alt;
    return c;
}

static void
add_date(dates *ds, const pith_date *d, int kind, int strong, const char *source)
{
    add_date_at(ds, d, NULL, kind, strong, source, 0);
}

/* The other reading of the numeric date that s[0, used) ends with, when it has one:
 * "11/01/2023" is 11 January or 1 November. alt->year stays 0 otherwise. */
static void
other_reading(const char *s, size_t n, const pith_date *d, size_t used, pith_date *alt)
{
    memset(alt, 0, sizeof *alt);
    for (int df = 0; df <= 1; df++) {
        pith_date o;
        size_t u = 0;
        if (pith_date_parse_text(s, n, df, &o, &u) && u == used &&
            (o.day != d->day || o.month != d->month)) {
            *alt = o;
            return;
        }
    }
}

static int
parse_any_alt(const char *s, int day_first, pith_date *d, pith_date *alt)
{
    memset(alt, 0, sizeof *alt);
    if (!s)
        return 0;
    size_t n = strlen(s), used = 0;
    memset(d, 0, sizeof *d);
    if (pith_date_parse_machine(s, n, d))
        return 1;
    memset(d, 0, sizeof *d);
    if (!pith_date_parse_text(s, n, day_first, d, &used))
        return 0;
    other_reading(s, n, d, used, alt);
    return 1;
}

static int
parse_any(const char *s, int day_first, pith_date *d)
{
    pith_date alt;
    return parse_any_alt(s, day_first, d, &alt);
}

static void
add_date_str(dates *ds, const char *s, int day_first, int kind, int strong, const char *source)
{
    pith_date d, alt;
    if (parse_any_alt(s, day_first, &d, &alt))
        add_date_at(ds, &d, &alt, kind, strong, source, 0);
}

static const char *const modified_words[] = {
    "update", "modified", "aktualisiert", "mis \xc3\xa0 jour", "mis a jour", "actualizado",
    "aggiornato", "atualizado", "bijgewerkt", "edited", "revised", "\xe6\x9b\xb4\xe6\x96\xb0",
    "ge\xc3\xa4ndert",
};

/* Words that label a date as the publication's (matched ignoring ASCII case). */
static const char *const published_words[] = {
    "published", "posted", "publication", "released", "ver\xc3\xb6" "ffentlicht",
    "ver&ouml;ffentlicht", "erschienen", "gepostet", "publiziert", "erstellt", "publi\xc3\xa9",
    "publicado", "publicada", "publicaci\xc3\xb3n", "pubblicato", "pubblicazione",
    "gepubliceerd", "opublikowano", "\xd0\xbe\xd0\xbf\xd1\x83\xd0\xb1\xd0\xbb\xd0\xb8\xd0\xba"
    "\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe", "yay\xc4\xb1nlanma", "datum:", "date:",
    "\xe5\x8f\x91\xe5\xb8\x83", /* 发布 */
};

static int
has_any_word(const char *s, size_t n, const char *const *words, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (pith_find_ci(s, n, words[k]))
            return 1;
    return 0;
}

static int
says_modified(const char *s, size_t n)
{
    return has_any_word(s, n, modified_words, sizeof modified_words / sizeof modified_words[0]);
}

static int
says_published(const char *s, size_t n)
{
    return has_any_word(s, n, published_words,
                        sizeof published_words / sizeof published_words[0]);
}

/* Class and id words of elements that hold a date, beyond parse.c's "date", "time",
 * "publish", "posted": German "Datum", Spanish/Italian "fecha", "data" is too common. */
static int
named_for_dates(const pith_doc *doc, uint32_t i)
{
    if (doc->nodes[i].hints & PITH_HINT_DATE)
        return 1;
    const char *c = pith_elem_attr(doc, i, "class");
    return c && (pith_find_ci(c, strlen(c), "datum") || pith_find_ci(c, strlen(c), "fecha"));
}

/* What the ancestors of text node k say about a date in it: a date-named element, a comment
 * box. */
static int
date_context(const pith_doc *doc, uint32_t k)
{
    int where = 0, level = 0;
    for (uint32_t a = doc->nodes[k].parent; a != PITH_NONE && level < COMMENT_LEVELS;
         a = doc->nodes[a].parent, level++) {
        if (doc->nodes[a].hints & PITH_HINT_COMMENT)
            where |= W_COMMENT;
        if (level < DATE_CONTEXT_LEVELS && named_for_dates(doc, a))
            where |= W_LABELLED;
    }
    return where;
}

/* Whether s[0, n) begins with a date: one is found, and not any more once the first word is
 * skipped (pith_date_parse_text says where a date ends, not where it starts). */
static int
opens_with_date(const char *s, size_t n, int day_first)
{
    pith_date d;
    size_t used = 0, i = 0, u2 = 0;
    if (!pith_date_parse_text(s, n, day_first, &d, &used))
        return 0;
    while (i < used && !pith_is_html_space((unsigned char)s[i]))
        i++;
    while (i < used && pith_is_html_space((unsigned char)s[i]))
        i++;
    return i >= used || !pith_date_parse_text(s + i, n - i, day_first, &d, &u2) ||
           i + u2 != used;
}

/* Whether text node k is a piece of a paragraph of prose: a <p> whose text is longer than a
 * dateline, split by inline markup ("<p>Le 6 août 2019, le député <strong>...</strong>"). */
static int
in_long_paragraph(const pith_doc *doc, uint32_t k)
{
    int level = 0;
    for (uint32_t a = doc->nodes[k].parent; a != PITH_NONE && level < DATE_CONTEXT_LEVELS;
         a = doc->nodes[a].parent, level++) {
        const pith_node *nd = &doc->nodes[a];
        if (nd->tag == GUMBO_TAG_P)
            return nd->text_chars > DATELINE_MAX_BYTES;
        if (pith_is_block_element((GumboTag)nd->tag))
            return 0;
    }
    return 0;
}

/* The label words before a date that ends at end (since from), or at the end of the
 * previous text when the date opens its own. */
static void
label_of(const char *t, size_t from, size_t end, const char *prev, int *mod, int *label)
{
    *mod = says_modified(t + from, end - from);
    *label = says_published(t + from, end - from);
    if (!*mod && !*label && from == 0 && prev) {
        size_t pl = strlen(prev);
        const char *tail = prev + (pl > 30 ? pl - 30 : 0);
        *mod = says_modified(tail, pl > 30 ? 30 : pl);
        *label = says_published(tail, pl > 30 ? 30 : pl);
    }
}

/* A dateline with a two-digit year, "28.09.19" or "Am 28.09.19 um 12:44": only in a text as
 * short as a dateline, where no four-digit date stands (a version "2.10.12" in prose, a
 * score, a reference number are longer texts or stand beside other words). */
static int
scan_short_year(pith_page *p, dates *ds, const char *t, size_t n, const char *prev, int where,
                const char *source, uint32_t k)
{
    pith_date d, alt;
    size_t used = 0;
    if (n > DATELINE_LEAD_BYTES || !pith_date_parse_short_year(t, n, p->day_first, &d, &alt, &used))
        return 0;
    int mod, label;
    label_of(t, 0, used, prev, &mod, &label);
    dcand *c = add_date_at(ds, &d, &alt, mod ? D_MOD : D_PUB, 0, source,
                           where | (label ? W_LABELLED | W_SAID : 0));
    if (!c)
        return 0;
    c->short_year = 1;
    c->node = k;
    return 1;
}

/* Finds the dates in one text node's text (node k, or PITH_NONE for a text put together);
 * prev is the previous text, for an "Updated" label in an element of its own. The words
 * before a date (since the previous one) say whether it is the modification date, or
 * labelled as the publication date. Returns the number of dates added. */
static int
scan_text_dates(pith_page *p, dates *ds, const char *t, const char *prev, int where,
                const char *source, uint32_t k)
{
    size_t n = strlen(t), i = 0;
    int added = 0;
    int prose = n > DATELINE_MAX_BYTES || (k != PITH_NONE && in_long_paragraph(p->doc, k));
    if (prose) {
        /* a paragraph that opens with its dateline: "27.1.2022 - Bei der Erinnerung ..."; a
         * date later in a sentence is what the article tells, unless a label says whose */
        if (n > DATELINE_LEAD_BYTES)
            n = DATELINE_LEAD_BYTES;
        if (!opens_with_date(t, n, p->day_first)) {
            pith_date d;
            size_t used = 0;
            int mod = 0, label = 0;
            if (n == strlen(t) && pith_date_parse_text(t, n, p->day_first, &d, &used))
                label_of(t, 0, used, prev, &mod, &label);
            if (!mod && !label)
                return 0;
        }
    }
    for (int found = 0; i < n && found < (prose ? 1 : 4); found++) {
        pith_date d, alt;
        size_t used = 0;
        if (!pith_date_parse_text(t + i, n - i, p->day_first, &d, &used) || used == 0)
            break;
        size_t end = i + used;
        if (pith_date_plausible(&d)) {
            other_reading(t + i, n - i, &d, used, &alt);
            size_t from = end > i + 80 ? end - 80 : i;
            int mod, label;
            label_of(t, from, end, prev, &mod, &label);
            dcand *c = add_date_at(ds, &d, &alt, mod ? D_MOD : D_PUB, 0, source,
                                   where | (label ? W_LABELLED | W_SAID : 0));
            if (c) {
                c->node = k;
                added++;
            }
        }
        i = end;
    }
    if (added == 0 && i == 0 && !prose)
        added = scan_short_year(p, ds, t, n, prev, where, source, k);
    return added;
}

static const struct {
    const char *key, *source;
    int kind;
} date_metas[] = {
    {"article:published_time", "meta:article:published_time", D_PUB},
    {"og:article:published_time", "meta:og:article:published_time", D_PUB},
    {"article:published", "meta:article:published", D_PUB},
    {"datepublished", "meta:datePublished", D_PUB},
    {"pubdate", "meta:pubdate", D_PUB},
    {"publishdate", "meta:publishdate", D_PUB},
    {"publish-date", "meta:publish-date", D_PUB},
    {"publication_date", "meta:publication_date", D_PUB},
    {"sailthru.date", "meta:sailthru.date", D_PUB},
    {"parsely-pub-date", "meta:parsely-pub-date", D_PUB},
    {"dc.date.issued", "meta:DC.date.issued", D_PUB},
    {"dcterms.issued", "meta:dcterms.issued", D_PUB},
    {"dcterms.created", "meta:dcterms.created", D_PUB},
    {"dc.date.created", "meta:DC.date.created", D_PUB},
    {"citation_publication_date", "meta:citation_publication_date", D_PUB},
    {"citation_date", "meta:citation_date", D_PUB},
    {"date", "meta:date", D_PUB},
    {"dc.date", "meta:DC.date", D_PUB},
    {"dcterms.date", "meta:dcterms.date", D_PUB},
    /* less common names, after the usual ones */
    {"og:published_time", "meta:og:published_time", D_PUB},
    {"published_time", "meta:published_time", D_PUB},
    {"publish_date", "meta:publish_date", D_PUB},
    {"published-date", "meta:published-date", D_PUB},
    {"date_published", "meta:date_published", D_PUB},
    {"article.published", "meta:article.published", D_PUB},
    {"article_date_original", "meta:article_date_original", D_PUB},
    {"originalpublicationdate", "meta:OriginalPublicationDate", D_PUB},
    {"dc.date.publication", "meta:DC.date.publication", D_PUB},
    {"rnews:datepublished", "meta:rnews:datePublished", D_PUB},
    {"uploaddate", "meta:uploadDate", D_PUB},
    {"video:release_date", "meta:video:release_date", D_PUB},
    {"release_date", "meta:release_date", D_PUB},
    {"created", "meta:created", D_PUB},
    {"article:modified_time", "meta:article:modified_time", D_MOD},
    {"og:article:modified_time", "meta:og:article:modified_time", D_MOD},
    {"og:updated_time", "meta:og:updated_time", D_MOD},
    {"datemodified", "meta:dateModified", D_MOD},
    {"dcterms.modified", "meta:dcterms.modified", D_MOD},
    {"last-modified", "meta:last-modified", D_MOD},
    {"dateupdate", "meta:dateUpdate", D_MOD},
};

/* A meta name that says "uploaded" or "published time" under a site's own prefix
 * ("five_hundred_pixels:uploaded", "mysite:published_time"): after the known names. */
static int
meta_name_publishes(const char *key)
{
    size_t n = strlen(key);
    static const char *const suffixes[] = {":uploaded", ":published_time", ":publish_date",
                                           ":pubdate", ":date_published"};
    int suffix = 0;
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0] && !suffix; k++) {
        size_t l = strlen(suffixes[k]);
        suffix = n > l && memcmp(key + n - l, suffixes[k], l) == 0;
    }
    if (!suffix)
        return 0;
    for (size_t k = 0; k < sizeof date_metas / sizeof date_metas[0]; k++)
        if (strcmp(key, date_metas[k].key) == 0)
            return 0; /* read above, under its own name */
    return 1;
}

static int
date_later(const dcand *a, long than, long margin)
{
    return a->day > than + margin;
}

/* The latest date on the page other than candidate self; LONG_MIN-ish when none. */
static long
latest_other(const dates *ds, size_t self, int *any)
{
    long m = -100000000L;
    *any = 0;
    for (size_t i = 0; i < ds->n; i++)
        if (i != self) {
            *any = 1;
            if (ds->c[i].day > m)
                m = ds->c[i].day;
        }
    return m;
}

static char *
format_date(pith_ctx *ctx, const pith_date *d)
{
    char buf[32];
    size_t n = pith_date_format(d, buf);
    return n ? pith_strndup(ctx, buf, n) : NULL;
}

static void
explain_lost(pith_ctx *ctx, const dcand *c, const char *why)
{
    char buf[32];
    pith_date_format(&c->d, buf);
    pith_explain(ctx, "meta date: candidate %s from %s (lost: %s)", buf, c->source, why);
}

/* <meta> names, JSON-LD as the reader gave it, in order of trust. */
static void
gather_machine_dates(pith_page *p, dates *ds)
{
    int df = p->day_first;
    if (p->ld.date_published)
        add_date_str(ds, p->ld.date_published, df, D_PUB, 1, "json-ld");
    if (p->ld.date_modified)
        add_date_str(ds, p->ld.date_modified, df, D_MOD, 1, "json-ld");
    for (size_t k = 0; k < sizeof date_metas / sizeof date_metas[0]; k++)
        for (size_t i = 0; i < p->n_metas; i++)
            if (strcmp(p->metas[i].key, date_metas[k].key) == 0) {
                add_date_str(ds, p->metas[i].val, df, date_metas[k].kind, 1, date_metas[k].source);
                break;
            }
    for (size_t i = 0; i < p->n_metas; i++)
        if (meta_name_publishes(p->metas[i].key)) {
            add_date_str(ds, p->metas[i].val, df, D_PUB, 1, "meta");
            break;
        }
}

/* Microformat dates kept per page: a listing marks up every entry; the first few are the
 * page's own. */
#define MAX_MICROFORMATS 8

/* hAtom's <abbr class="published" title="2016-12-23T05:11:00-05:00">, and itemprop dates
 * written in a title attribute: machine dates in markup that is not <time>. */
static int
microformat_kind(const pith_doc *doc, uint32_t i)
{
    const char *c = pith_elem_attr(doc, i, "class");
    if (pith_has_token(c, "published") || pith_has_token(c, "dtstart") || pith_has_token(c, "dt-published"))
        return D_PUB;
    if (pith_has_token(c, "updated") || pith_has_token(c, "dt-updated"))
        return D_MOD;
    return 0;
}

/* The three attributes the walk below reads of every element, each the first of its name as
 * pith_attr gives it, in one pass over the element's attributes rather than three. */
static void
date_attrs(const pith_doc *doc, uint32_t i, const char **itemprop, const char **datetime,
           const char **title)
{
    *itemprop = *datetime = *title = NULL;
    const GumboVector *attrs = &doc->nodes[i].g->v.element.attributes;
    for (unsigned k = 0; k < attrs->length; k++) {
        const GumboAttribute *a = attrs->data[k];
        const char **slot = NULL, *want = NULL;
        switch (a->name[0]) {
        case 'i': slot = itemprop, want = "itemprop"; break;
        case 'd': slot = datetime, want = "datetime"; break;
        case 't': slot = title, want = "title"; break;
        default: break;
        }
        if (slot && !*slot && strcmp(a->name, want) == 0)
            *slot = a->value;
    }
}

/* itemprop dates, <time datetime> (the first near the title, in an article or marked pubdate
 * counts as the publication) and microformats. */
static void
gather_element_dates(pith_page *p, const pith_meta *out, dates *ds)
{
    pith_ctx *ctx = p->ctx;
    const pith_doc *doc = p->doc;
    int df = p->day_first;
    uint32_t title = out->title_node;
    uint32_t first_time_near = PITH_NONE, first_time_pubdate = PITH_NONE,
             first_time_article = PITH_NONE;
    pith_date t_near = {0}, t_pubdate = {0}, t_article = {0};
    uint32_t hidden_end = 0;
    /* microformats go after <time>: they are rarer, and often "updated" */
    pith_date micro[MAX_MICROFORMATS];
    int micro_kind[MAX_MICROFORMATS];
    size_t n_micro = 0;
    for (uint32_t i = 0; i < doc->n_nodes; i++) {
        if (!pith_spend(ctx, 1))
            return;
        const pith_node *nd = &doc->nodes[i];
        if (!pith_is_element(doc, i) || nd->tag == GUMBO_TAG_META)
            continue;
        if (nd->hints & PITH_HINT_HIDDEN && nd->end > hidden_end)
            hidden_end = nd->end;
        const char *ip, *dt, *title_attr;
        date_attrs(doc, i, &ip, &dt, &title_attr);
        int ipk = pith_has_token(ip, "datePublished") ? D_PUB
                  : pith_has_token(ip, "dateModified") ? D_MOD
                  : pith_has_token(ip, "dateCreated")  ? D_PUB
                                                  : 0;
        if (ipk) {
            const char *v = pith_elem_attr(doc, i, "content");
            if (!v)
                v = dt;
            pith_date d;
            if (!v && (v = title_attr) && !parse_any(v, df, &d))
                v = NULL;
            char *tx = v ? NULL : pith_node_text_upto(ctx, doc, i, 80);
            add_date_str(ds, v ? v : tx, df, ipk, 1, "itemprop");
        } else if (nd->tag == GUMBO_TAG_TIME && dt) {
            pith_date d;
            if (!parse_any(dt, df, &d) || !pith_date_plausible(&d))
                continue;
            if (pith_elem_attr(doc, i, "pubdate") && first_time_pubdate == PITH_NONE) {
                first_time_pubdate = i;
                t_pubdate = d;
            }
            if (title != PITH_NONE && i >= title && i < title + 400 &&
                first_time_near == PITH_NONE && i >= hidden_end) {
                first_time_near = i;
                t_near = d;
            }
            if (first_time_article == PITH_NONE && i >= hidden_end &&
                (pith_inside_tag(doc, i, GUMBO_TAG_ARTICLE, 64) ||
                 pith_inside_tag(doc, i, GUMBO_TAG_HEADER, 64))) {
                first_time_article = i;
                t_article = d;
            }
            add_date(ds, &d, D_OTHER, 0, "time");
        } else if (n_micro < MAX_MICROFORMATS) {
            /* the value first: few elements have one, and the class words cost more */
            const char *v = dt ? dt : title_attr;
            int mk = v ? microformat_kind(doc, i) : 0;
            if (mk && pith_date_parse_machine(v, strlen(v), &micro[n_micro]))
                micro_kind[n_micro++] = mk;
        }
    }
    /* <time> in trust order: pubdate, near the title, in the article or its header */
    if (first_time_pubdate != PITH_NONE)
        add_date(ds, &t_pubdate, D_PUB, 0, "time");
    else if (first_time_near != PITH_NONE)
        add_date_at(ds, &t_near, NULL, D_PUB, 0, "time", W_SHOWN);
    else if (first_time_article != PITH_NONE)
        add_date(ds, &t_article, D_PUB, 0, "time");
    for (size_t k = 0; k < n_micro; k++)
        add_date(ds, &micro[k], micro_kind[k], 1, "microformat");
}

/* A navigation landmark: <nav>, or role "navigation", "menu" or "menubar" (parse.c gives
 * only these both hints). The landmark, not class words: a wrapper named
 * "intro__breadcrumbNavigation" may hold the headline and its date. */
#define NAV_LANDMARK (PITH_HINT_NAV | PITH_HINT_META_AREA)

/* Text in the site's banner or navigation, outside any article and the headline's header:
 * a "today" line, an archive menu. banner_too: a <header> counts (for texts before the
 * headline; after it, a <header> is as likely the article's own). */
static int
in_site_chrome(const pith_doc *doc, uint32_t k, uint32_t headline, int banner_too)
{
    int level = 0;
    for (uint32_t a = doc->nodes[k].parent; a != PITH_NONE && level < COMMENT_LEVELS;
         a = doc->nodes[a].parent, level++) {
        const pith_node *nd = &doc->nodes[a];
        if (nd->tag == GUMBO_TAG_ARTICLE || (headline >= a && headline < nd->end))
            return 0;
        if ((nd->hints & NAV_LANDMARK) == NAV_LANDMARK ||
            (banner_too && nd->tag == GUMBO_TAG_HEADER))
            return 1;
    }
    return 0;
}

static int
in_site_banner(const pith_doc *doc, uint32_t k, uint32_t headline)
{
    return in_site_chrome(doc, k, headline, 1);
}

/* A date box: an element named for dates, at most this many characters, whose day, month and
 * year stand in elements of their own ("<div class=date><span>Apr</span> <span>04</span>
 * <span>2013</span></div>", shown one above the other). */
#define DATE_BOX_CHARS 40
#define DATE_BOX_LEVELS 2

/* The element holding text node k that is such a box; PITH_NONE when there is none. */
static uint32_t
date_box_of(const pith_doc *doc, uint32_t k)
{
    int level = 0;
    for (uint32_t a = doc->nodes[k].parent; a != PITH_NONE && level < DATE_BOX_LEVELS;
         a = doc->nodes[a].parent, level++) {
        if (doc->nodes[a].text_chars > DATE_BOX_CHARS)
            return PITH_NONE;
        if (named_for_dates(doc, a))
            return a;
    }
    return PITH_NONE;
}

/* The texts of box b joined with a space between elements, into buf (cap bytes). */
static const char *
date_box_text(const pith_doc *doc, uint32_t b, char *buf, size_t cap)
{
    size_t o = 0;
    for (uint32_t i = b + 1; i < doc->nodes[b].end; i++) {
        const pith_node *nd = &doc->nodes[i];
        if (nd->type != GUMBO_NODE_TEXT || !nd->text)
            continue;
        if (o + nd->text_len + 2 > cap)
            return NULL;
        if (o)
            buf[o++] = ' ';
        memcpy(buf + o, nd->text, nd->text_len);
        o += nd->text_len;
    }
    buf[o] = '\0';
    return buf;
}

/* Dates in a date box that no text of it holds alone; done is the last box read (each is
 * read once). Returns the number added. */
static int
scan_date_box(pith_page *p, dates *ds, uint32_t k, int where, uint32_t *done)
{
    uint32_t b = date_box_of(p->doc, k);
    char buf[DATE_BOX_CHARS * 4 + 16];
    if (b == PITH_NONE || b == *done)
        return 0;
    *done = b;
    const char *t = date_box_text(p->doc, b, buf, sizeof buf);
    char *tidy = t ? pith_tidy_n(p->ctx, t, strlen(t)) : NULL;
    return tidy ? scan_text_dates(p, ds, tidy, NULL, where, "text", PITH_NONE) : 0;
}

/* A relative dateline is short: "Veröffentlicht vor 3 Stunden | Lesezeit 4 Minuten", "Posted 2
 * hours ago by Jane Smith" (bytes). Longer texts are prose telling of "two days ago". */
#define REL_TEXT_BYTES 80

/* Keeps the first relative date next to the headline (text t of node k) that no comment or
 * quoted post holds, for when the page gives no absolute date. */
static void
note_relative(pith_page *p, const pith_meta *out, dates *ds, const char *t, uint32_t k)
{
    size_t n = strlen(t);
    if (ds->rel_text || n > REL_TEXT_BYTES || (date_context(p->doc, k) & W_COMMENT) ||
        in_long_paragraph(p->doc, k))
        return;
    if (pith_date_parse_relative(t, n, out->lang, &ds->rel, NULL))
        ds->rel_text = t;
}

/* Marks the last added candidates with where their text stands. */
static void
add_context(dates *ds, int added, int where)
{
    for (size_t c = ds->n - (size_t)added; c < ds->n; c++)
        ds->c[c].where |= where;
}

/* The visible text right after the headline, and a few texts before it (a kicker line with
 * the date above the h1). */
static void
gather_near_title_dates(pith_page *p, const pith_meta *out, dates *ds)
{
    pith_ctx *ctx = p->ctx;
    const pith_doc *doc = p->doc;
    uint32_t title = out->title_node;
    uint32_t anchor = title != PITH_NONE ? title : (p->n_h1 ? p->h1[0] : PITH_NONE);
    if (anchor == PITH_NONE)
        return;
    const char *prev = NULL;
    pith_near_texts it;
    pith_near_texts_start(&it, doc, anchor);
    uint32_t k, texts = 0, box = PITH_NONE;
    char *t;
    while ((t = pith_near_texts_next(ctx, doc, &it, &k))) {
        /* a quoted or embedded post (a tweet) carries its own date; a menu's item that
         * names a day ("12M - 12. Mai 2012") names a page */
        if (!pith_inside_tag(doc, k, GUMBO_TAG_BLOCKQUOTE, COMMENT_LEVELS) &&
            !in_site_chrome(doc, k, anchor, 0)) {
            int added = scan_text_dates(p, ds, t, prev, W_SHOWN, "text", k);
            if (!added)
                added = scan_date_box(p, ds, k, W_SHOWN, &box);
            if (!added)
                note_relative(p, out, ds, t, k);
            add_context(ds, added, date_context(doc, k));
        }
        prev = t;
    }
    for (uint32_t j = anchor; j-- > 0 && texts < PITH_NEAR_BEFORE;) {
        const pith_node *nd = &doc->nodes[j];
        if (nd->type != GUMBO_NODE_TEXT || !nd->text)
            continue;
        int hidden = 0;
        int steps = 0;
        for (uint32_t a = nd->parent; a != PITH_NONE && steps < 64;
             a = doc->nodes[a].parent, steps++)
            if (doc->nodes[a].hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG))
                hidden = 1;
        t = hidden || in_site_banner(doc, j, anchor) ? NULL
                                                     : pith_tidy_n(ctx, nd->text, nd->text_len);
        if (!t)
            continue;
        texts++;
        int added = scan_text_dates(p, ds, t, NULL, W_SHOWN, "text", j);
        if (!added)
            note_relative(p, out, ds, t, j);
        add_context(ds, added, date_context(doc, j));
    }
}

/* "11/01/2023" read day first (the page's language) is 11 January; when another date on the
 * page says 1 November and none says 11 January, the page writes month first. */
static void
settle_day_order(pith_page *p, dates *ds)
{
    for (size_t i = 0; i < ds->n; i++) {
        dcand *c = &ds->c[i];
        if (!c->alt.year)
            continue;
        long alt_day = day_number(&c->alt);
        int as_read = 0, other = 0;
        for (size_t j = 0; j < ds->n; j++)
            if (j != i && !ds->c[j].alt.year) {
                as_read += ds->c[j].day == c->day;
                other += ds->c[j].day == alt_day;
            }
        if (other > 0 && as_read == 0) {
            char a[32], b[32];
            pith_date_format(&c->d, a);
            pith_date_format(&c->alt, b);
            pith_explain(p->ctx, "meta date: %s from %s read as %s, as the page's other dates "
                                 "write it",
                         a, c->source, b);
            pith_date t = c->d;
            c->d = c->alt;
            c->alt = t;
            c->day = alt_day;
        }
    }
}

/* A listing's entries stand in elements of one shape: the text's element and its parent,
 * each the same tag with the same class (one of them named, so that two bare <span>s are
 * not a listing). */
#define LISTING_SHAPE_LEVELS 2
/* Entries after the newest that make a listing: a "today" widget and the article's own date
 * may share a shape once, a listing repeats it. */
#define LISTING_MIN_OLDER 2

static int
same_shape(const pith_doc *doc, uint32_t a, uint32_t b)
{
    int named = 0;
    a = doc->nodes[a].parent, b = doc->nodes[b].parent;
    for (int level = 0; level < LISTING_SHAPE_LEVELS; level++) {
        if (a == PITH_NONE || b == PITH_NONE || a == b || doc->nodes[a].tag != doc->nodes[b].tag)
            return 0;
        const char *ca = pith_elem_attr(doc, a, "class"), *cb = pith_elem_attr(doc, b, "class");
        if ((ca == NULL) != (cb == NULL) || (ca && strcmp(ca, cb) != 0))
            return 0;
        named |= ca && ca[0];
        a = doc->nodes[a].parent, b = doc->nodes[b].parent;
    }
    return named;
}

/* Whether text date self is the newest entry of a listing (a homepage, a blog's front page):
 * dates in elements of its shape, older than it. The newest entry is then the page's date,
 * however far it is from the older ones. */
static int
newest_of_listing(const pith_doc *doc, const dates *ds, size_t self)
{
    const dcand *c = &ds->c[self];
    int older = 0;
    if (c->node == PITH_NONE)
        return 0;
    for (size_t i = 0; i < ds->n && older < LISTING_MIN_OLDER; i++) {
        const dcand *o = &ds->c[i];
        if (i != self && o->node != PITH_NONE && o->day < c->day && same_shape(doc, c->node, o->node))
            older++;
    }
    return older >= LISTING_MIN_OLDER;
}

/* The most trusted publication date that is not later than every other date by far. */
static size_t
most_trusted(pith_page *p, const dates *ds)
{
    size_t pub = SIZE_MAX;
    for (size_t i = 0; i < ds->n; i++) {
        if (!(ds->c[i].kind & D_PUB))
            continue;
        int any;
        long latest = latest_other(ds, i, &any);
        /* A date later than every other date on the page is a cookie expiry, an event
         * announcement or a "today" widget, unless a machine-written source gave it or the
         * page labels it. */
        long margin = ds->c[i].strong || (ds->c[i].where & W_LABELLED) ? LATER_TRUSTED_DAYS
                                                                        : LATER_TEXT_DAYS;
        if (any && date_later(&ds->c[i], latest, margin) && !newest_of_listing(p->doc, ds, i)) {
            explain_lost(p->ctx, &ds->c[i], "later than every other date");
            continue;
        }
        if (pub == SIZE_MAX)
            pub = i;
        else
            explain_lost(p->ctx, &ds->c[i], "less trusted");
    }
    return pub;
}

/* Whether the UTC instant u falls, in some real time zone, on the day of c (a date, or a
 * local time without zone). */
static int
local_day_of(const pith_date *u, const dcand *c)
{
    long m = utc_minute(u);
    if (c->d.has_time) {
        long local = c->day * 1440 + c->d.hour * 60 + c->d.minute;
        long off = local - m;
        return off >= -MAX_ZONE_MINUTES && off <= MAX_ZONE_MINUTES && off % 15 == 0;
    }
    return m >= c->day * 1440 - MAX_ZONE_MINUTES && m < (c->day + 1) * 1440 + MAX_ZONE_MINUTES;
}

/* The trusted source gave the instant in UTC, where the page shows the publisher's day. */
static size_t
prefer_local_day(pith_page *p, dates *ds, size_t pub)
{
    const dcand *u = &ds->c[pub];
    if (!u->d.has_time || !u->d.has_offset || u->d.offset_minutes != 0)
        return pub;
    /* the same instant written in the publisher's zone: that one, as written */
    for (size_t i = 0; i < ds->n; i++) {
        const pith_date *l = &ds->c[i].d;
        if (i != pub && (ds->c[i].kind & D_PUB) && l->has_time && l->has_offset &&
            l->offset_minutes != 0 && utc_minute(l) == utc_minute(&u->d) &&
            l->second == u->d.second) {
            pith_explain(p->ctx, "meta date: %s's UTC time given in the zone of %s", u->source,
                         ds->c[i].source);
            ds->c[pub].d = *l;
            ds->c[pub].day = ds->c[i].day;
            return pub;
        }
    }
    /* a day next to the UTC day, from the URL or a local time without zone (a bare date in
     * the text may be the day of the UTC instant as another convention writes it) */
    for (size_t i = 0; i < ds->n; i++) {
        const dcand *c = &ds->c[i];
        if (i == pub || !(c->kind & D_PUB) || (c->d.has_time && c->d.has_offset) ||
            (!c->d.has_time && strcmp(c->source, "url") != 0) ||
            (c->day != u->day - 1 && c->day != u->day + 1) || !local_day_of(&u->d, c))
            continue;
        char a[32];
        pith_date_format(&u->d, a);
        pith_explain(p->ctx, "meta date: candidate %s from %s (lost: a UTC time on the day "
                             "%s gives in the publisher's zone)",
                     a, u->source, c->source);
        return i;
    }
    return pub;
}

/* Other sources that give the day of candidate self as one of the kinds, each source
 * counted once. */
static int
support_of(const dates *ds, size_t self, int kinds)
{
    int n = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const dcand *c = &ds->c[i];
        if (c->day != ds->c[self].day || !(c->kind & kinds) ||
            strcmp(c->source, ds->c[self].source) == 0)
            continue;
        int again = 0;
        for (size_t j = 0; j < i && !again; j++)
            again = ds->c[j].day == c->day && strcmp(ds->c[j].source, c->source) == 0;
        n += !again;
    }
    return n;
}

/* Any kind: a page may show its modification date next to the headline. */
static int
support(const dates *ds, size_t self)
{
    return support_of(ds, self, D_PUB | D_MOD | D_OTHER);
}

/* What the page shows next to its headline is what its readers take for the date: a date
 * only machines read (JSON-LD, a <meta>), or a <time> away from the headline, that no shown
 * date agrees with loses to the shown date that the page's other sources back at least as
 * often. */
/* JSON-LD's date, when no other source gives its day, loses to a machine-written date that
 * another source backs: article:published_time and the page's "date" meta agreeing on
 * another day. */
static size_t
prefer_backed(pith_page *p, const dates *ds, size_t pub)
{
    /* only publication dates back a publication date: a "published" meta on the day of the
     * modified ones is the update's */
    if (strcmp(ds->c[pub].source, "json-ld") != 0 || support_of(ds, pub, D_PUB) > 0)
        return pub;
    for (size_t i = 0; i < ds->n; i++) {
        const dcand *c = &ds->c[i];
        if (i == pub || !(c->kind & D_PUB) || !c->strong || c->day == ds->c[pub].day ||
            support_of(ds, i, D_PUB) == 0)
            continue;
        explain_lost(p->ctx, &ds->c[pub], "no other source gives its day");
        return i;
    }
    return pub;
}

static size_t
prefer_shown(pith_page *p, const dates *ds, size_t pub)
{
    const dcand *m = &ds->c[pub];
    /* itemprop and microformat dates are markup on what the page shows: not overruled */
    if (strcmp(m->source, "url") == 0 || strcmp(m->source, "itemprop") == 0 ||
        strcmp(m->source, "microformat") == 0)
        return pub;
    int shown = m->where & W_SHOWN, days = 0;
    size_t best = SIZE_MAX;
    int best_support = -1;
    long first_day = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const dcand *c = &ds->c[i];
        if (i == pub || !(c->where & W_SHOWN) || !(c->kind & D_PUB) || c->strong)
            continue;
        if (c->day == m->day) {
            if (!shown)
                return pub;
            continue;
        }
        if (days == 0 || (days == 1 && c->day != first_day))
            first_day = days == 0 ? c->day : first_day, days++;
        int s = support(ds, i);
        if (s > best_support)
            best = i, best_support = s;
    }
    /* Between two shown dates, the one more sources back; a page that shows two other days
     * near the headline does not say which is its date, and a tie leaves the trusted one. */
    int need = support(ds, pub) + (shown || days > 1 ? 1 : 0);
    if (best == SIZE_MAX || best_support < need)
        return pub;
    explain_lost(p->ctx, m, shown ? "another date shown near the headline has more sources"
                                  : "another day than the page shows next to the headline");
    return best;
}

/* The first JSON-LD "datePublished" (or "dateCreated", "uploadDate") of any object, when the
 * reader's article object gave none: a Recipe, a HowTo, a VideoObject. */
static void
gather_raw_jsonld_dates(pith_page *p, const pith_screened *scr, dates *ds)
{
    static const char *const keys[] = {"\"datePublished\"", "\"dateCreated\"", "\"uploadDate\""};
    if (!scr)
        return;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        for (size_t s = 0; s < scr->n_jsonld; s++) {
            const pith_span *sp = &scr->jsonld[s];
            const char *at = pith_find_ci(sp->data, sp->len, keys[k]);
            if (!at)
                continue;
            size_t i = (size_t)(at - sp->data) + strlen(keys[k]);
            while (i < sp->len && (pith_is_html_space((unsigned char)sp->data[i]) || sp->data[i] == ':'))
                i++;
            if (i >= sp->len || sp->data[i] != '"')
                continue;
            size_t e = ++i;
            while (e < sp->len && e - i < 64 && sp->data[e] != '"')
                e++;
            char *v = pith_strndup(p->ctx, sp->data + i, e - i);
            pith_date d;
            if (v && parse_any(v, p->day_first, &d) && pith_date_plausible(&d)) {
                add_date(ds, &d, D_PUB, 1, "json-ld");
                return;
            }
        }
}

/* Every short visible text of the page, for a page that gave no date near its headline:
 * a footer line "Veröffentlicht am", a sidebar "Posted", a forum post's header, the newest
 * entry of a listing. */
static void
gather_page_dates(pith_page *p, const pith_meta *out, dates *ds)
{
    pith_ctx *ctx = p->ctx;
    const pith_doc *doc = p->doc;
    if (doc->body == PITH_NONE)
        return;
    int uy = 0, um = 0;
    int have_month = pith_date_month_from_url(p->url ? p->url : out->canonical_url, &uy, &um);
    uint32_t headline = out->title_node != PITH_NONE ? out->title_node
                        : p->n_h1                   ? p->h1[0]
                                                    : PITH_NONE;
    uint32_t prev_k = PITH_NONE;
    uint32_t i = doc->body, hid = 0, k, texts = 0;
    size_t first = ds->n;
    while (texts < PAGE_DATE_TEXTS && ds->n - first < PAGE_DATE_CANDS &&
           (k = pith_next_visible_text(doc, &i, &hid)) != PITH_NONE &&
           k < doc->nodes[doc->body].end) {
        const pith_node *nd = &doc->nodes[k];
        texts++;
        if (nd->text_len > DATELINE_MAX_BYTES * 2)
            continue;
        size_t run = 0, seps = 0;
        for (uint32_t b = 0; b < nd->text_len && run < 4; b++) {
            char ch = nd->text[b];
            run = ch >= '0' && ch <= '9' ? run + 1 : 0;
            /* "28.09.19": digits and two separators in a dateline-short text */
            seps += (ch == '.' || ch == '/') && b > 0 && nd->text[b - 1] >= '0' &&
                    nd->text[b - 1] <= '9';
        }
        if (run < 4 && (seps < 2 || nd->text_len > DATELINE_LEAD_BYTES)) {
            prev_k = nd->text_len >= 3 ? k : PITH_NONE; /* read only if a date follows */
            continue;
        }
        char *t = pith_tidy_n(ctx, nd->text, nd->text_len);
        if (!t || pith_inside_tag(doc, k, GUMBO_TAG_BLOCKQUOTE, COMMENT_LEVELS) ||
            in_site_banner(doc, k, headline))
            continue;
        const char *prev = prev_k != PITH_NONE
                               ? pith_tidy_n(ctx, doc->nodes[prev_k].text, doc->nodes[prev_k].text_len)
                               : NULL;
        prev_k = k;
        size_t before = ds->n;
        add_context(ds, scan_text_dates(p, ds, t, prev, 0, "text", k), date_context(doc, k));
        for (size_t c = before; c < ds->n && have_month; c++)
            if (ds->c[c].d.year == uy && ds->c[c].d.month == um)
                ds->c[c].where |= W_URL_MONTH;
    }
}

/* A date in the path of the page's image: "/uploads/2022-01-14/photo.jpg". */
static void
gather_file_name_dates(pith_page *p, dates *ds)
{
    static const char *const keys[] = {"og:image", "og:image:url", "twitter:image", "image"};
    pith_date d;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const char *v = pith_page_meta(p, keys[k]);
        if (v && pith_date_from_url(v, &d)) {
            add_date(ds, &d, D_PUB, 0, "file-name");
            return;
        }
    }
    if (p->ld.image && pith_date_from_url(p->ld.image, &d))
        add_date(ds, &d, D_PUB, 0, "file-name");
}

/* The page-wide choice, in order: a labelled date (not in a comment), a date in the URL's
 * month, the first date of the page (outside comments, then in them). An update date stays one:
 * a page that says only when it was updated has no publication date. */
enum { TIERS_FOUND = 2, TIERS_ALL = 4 }; /* labelled or in the URL's month; then the first */

static size_t
choose_page_date(pith_page *p, const dates *ds, size_t from, size_t first_tier, size_t end_tier)
{
    static const struct {
        int want, avoid;
        const char *why;
    } tiers[TIERS_ALL] = {
        {W_LABELLED, W_COMMENT, "labelled"},
        {W_URL_MONTH, 0, "in the URL's month"},
        {0, W_COMMENT, "the page's first date"},
        {0, 0, "the page's first date, in a comment"},
    };
    for (size_t t = first_tier; t < end_tier; t++)
        for (size_t i = 0; i < ds->n; i++) {
            const dcand *c = &ds->c[i];
            if (i < from || !(c->kind & D_PUB))
                continue;
            if ((c->where & tiers[t].want) != tiers[t].want || (c->where & tiers[t].avoid))
                continue;
            pith_explain(p->ctx, "meta date: nothing near the headline; %s", tiers[t].why);
            return i;
        }
    return SIZE_MAX;
}

/* The civil date of day number z (the inverse of day_number, Howard Hinnant's). */
static void
date_of_day(long z, pith_date *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    memset(d, 0, sizeof *d);
    d->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d->year = (int)(yoe + era * 400 + (d->month <= 2));
}

/* Whether candidate a is later than b: by day, then by the time of day when both have one. */
static int
newer(const dcand *a, const dcand *b)
{
    if (a->day != b->day)
        return a->day > b->day;
    return a->d.has_time && b->d.has_time &&
           a->d.hour * 60 + a->d.minute > b->d.hour * 60 + b->d.minute;
}

/* What a relative date counts back from, in order: the page's machine-written modification
 * date (the page was written out after it), the newest date the page shows with a time of
 * day, the newest machine-readable date. Never the clock: the same page gives the same date
 * on any day. SIZE_MAX when the page gives none; *why says which. */
static size_t
relative_anchor(const dates *ds, const char **why)
{
    static const char *const whys[] = {"modification date", "newest shown date with a time",
                                       "newest machine-readable date"};
    for (int rank = 0; rank < 3; rank++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < ds->n; i++) {
            const dcand *c = &ds->c[i];
            int text = strcmp(c->source, "text") == 0;
            int fits = rank == 0   ? (c->kind & D_MOD) && c->strong
                       : rank == 1 ? text && c->d.has_time
                                   : !text;
            if (fits && (best == SIZE_MAX || newer(c, &ds->c[best])))
                best = i;
        }
        if (best != SIZE_MAX) {
            *why = whys[rank];
            return best;
        }
    }
    return SIZE_MAX;
}

/* The relative date next to the headline ("vor 3 Stunden"), counted back from the anchor:
 * the candidate added, or SIZE_MAX. Hours count back from the anchor's time of day when it
 * has one; the day is given without a time, which the relative date does not fix. */
static size_t
resolve_relative(pith_page *p, dates *ds)
{
    const char *why = NULL;
    size_t a = ds->rel_text ? relative_anchor(ds, &why) : SIZE_MAX;
    if (a == SIZE_MAX)
        return SIZE_MAX;
    const dcand *r = &ds->c[a];
    long day = r->day - ds->rel.minutes / PITH_MINUTES_PER_DAY;
    if (!ds->rel.by_day && r->d.has_time) {
        long local = r->day * PITH_MINUTES_PER_DAY + r->d.hour * 60 + r->d.minute - ds->rel.minutes;
        day = local >= 0 ? local / PITH_MINUTES_PER_DAY : -((-local + PITH_MINUTES_PER_DAY - 1) / PITH_MINUTES_PER_DAY);
    }
    pith_date d;
    date_of_day(day, &d);
    char from[32];
    pith_date_format(&r->d, from);
    if (!add_date_at(ds, &d, NULL, D_PUB, 0, "relative", W_SHOWN))
        return SIZE_MAX;
    pith_explain(p->ctx, "meta date: '%s' counted back from %s, the page's %s (%s)",
                 ds->rel_text, from, why, r->source);
    return ds->n - 1;
}

/* Date metas whose name says only "date" (not published, not modified): sites fill them with
 * the day the page was last touched as often as with its first publication. */
static int
generic_date_meta(const dcand *c)
{
    return strcmp(c->source, "meta:date") == 0 || strcmp(c->source, "meta:DC.date") == 0 ||
           strcmp(c->source, "meta:dcterms.date") == 0;
}

/* A generic date meta that no other kind of source backs yields to an earlier date the page says in
 * words is its publication ("Erschienen am: 13.10.2021"), wherever it stands outside comments:
 * the page is read whole for it only then. */
static size_t
prefer_said(pith_page *p, const pith_meta *out, dates *ds, size_t pub)
{
    if (!generic_date_meta(&ds->c[pub]))
        return pub;
    for (size_t i = 0; i < ds->n; i++)
        if (ds->c[i].day == ds->c[pub].day && !generic_date_meta(&ds->c[i]))
            return pub; /* another kind of source backs it */
    size_t from = ds->n;
    gather_page_dates(p, out, ds);
    for (size_t i = from; i < ds->n; i++) {
        const dcand *c = &ds->c[i];
        if (!(c->kind & D_PUB) || (c->where & (W_SAID | W_COMMENT)) != W_SAID ||
            c->day >= ds->c[pub].day)
            continue;
        explain_lost(p->ctx, &ds->c[pub], "an earlier date the page says is its publication");
        return i;
    }
    return pub;
}

static void
choose_dates(pith_page *p, const pith_screened *scr, pith_meta *out)
{
    pith_ctx *ctx = p->ctx;
    dates *ds = pith_calloc(ctx, 1, sizeof *ds);
    if (!ds)
        return;
    /* in order of trust */
    gather_machine_dates(p, ds);
    gather_element_dates(p, out, ds);
    if (ctx->error != PITH_OK)
        return;
    pith_date ud;
    memset(&ud, 0, sizeof ud);
    const char *u = p->url ? p->url : out->canonical_url;
    if (u && pith_date_from_url(u, &ud))
        add_date(ds, &ud, D_PUB, 1, "url");
    gather_near_title_dates(p, out, ds);
    settle_day_order(p, ds);

    size_t pub = most_trusted(p, ds);
    if (pub != SIZE_MAX) {
        pub = prefer_local_day(p, ds, pub);
        pub = prefer_backed(p, ds, pub);
        pub = prefer_shown(p, ds, pub);
        pub = prefer_said(p, out, ds, pub);
        if (ctx->error != PITH_OK)
            return;
    } else {
        size_t from = ds->n;
        if (!p->ld.date_published)
            gather_raw_jsonld_dates(p, scr, ds);
        if (ds->n > from) {
            pub = from;
        } else {
            gather_page_dates(p, out, ds);
            if (ctx->error != PITH_OK)
                return;
            settle_day_order(p, ds);
            pub = choose_page_date(p, ds, from, 0, TIERS_FOUND);
            if (pub == SIZE_MAX)
                pub = resolve_relative(p, ds);
            if (pub == SIZE_MAX)
                pub = choose_page_date(p, ds, from, TIERS_FOUND, TIERS_ALL);
            if (pub == SIZE_MAX) {
                from = ds->n;
                gather_file_name_dates(p, ds);
                pub = ds->n > from ? from : SIZE_MAX;
            }
        }
    }
    if (pub != SIZE_MAX) {
        out->date_published = format_date(ctx, &ds->c[pub].d);
        out->date_published_source = ds->c[pub].source;
        pith_explain(ctx, "meta date: %s from %s%s", out->date_published ? out->date_published : "",
                     ds->c[pub].source, ds->c[pub].short_year ? " (a two-digit year)" : "");
    }
    for (size_t i = 0; i < ds->n; i++) {
        if (!(ds->c[i].kind & D_MOD))
            continue;
        if (pub != SIZE_MAX && ds->c[i].day < ds->c[pub].day)
            continue;
        out->date_modified = format_date(ctx, &ds->c[i].d);
        out->date_modified_source = ds->c[i].source;
        break;
    }
    pith_free(ctx, ds);
}

/* ---------------------------------------------------------------- language */

/* Pages write the language's name where a tag belongs (lang="english", "Deutsch"): the names
 * of the languages the dev sets hold and their neighbours, in English and in their own
 * words, each with its ISO 639-1 code. Anything else that is not a tag is no language. */
static const struct {
    const char *name, *tag;
} lang_names[] = {
    {"arabic", "ar"},     {"bulgarian", "bg"},  {"catalan", "ca"},    {"chinese", "zh"},
    {"czech", "cs"},      {"cesky", "cs"},      {"danish", "da"},     {"dansk", "da"},
    {"dutch", "nl"},      {"nederlands", "nl"}, {"english", "en"},    {"finnish", "fi"},
    {"suomi", "fi"},      {"french", "fr"},     {"francais", "fr"},   {"fran\xc3\xa7" "ais", "fr"},
    {"german", "de"},     {"deutsch", "de"},    {"greek", "el"},      {"hebrew", "he"},
    {"hindi", "hi"},      {"hungarian", "hu"},  {"magyar", "hu"},     {"italian", "it"},
    {"italiano", "it"},   {"japanese", "ja"},   {"korean", "ko"},     {"norwegian", "no"},
    {"norsk", "no"},      {"persian", "fa"},    {"polish", "pl"},     {"polski", "pl"},
    {"portuguese", "pt"}, {"portugues", "pt"},  {"portugu\xc3\xaas", "pt"}, {"romanian", "ro"},
    {"russian", "ru"},    {"spanish", "es"},    {"espanol", "es"},    {"espa\xc3\xb1ol", "es"},
    {"swedish", "sv"},    {"svenska", "sv"},    {"turkish", "tr"},    {"ukrainian", "uk"},
};

static int
is_alpha(char c)
{
    return (c | 32) >= 'a' && (c | 32) <= 'z';
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* s as a BCP 47 tag (RFC 5646's well-formed syntax, not its registry) in the RFC's case
 * convention ("EN-us" is "en-US", "zh-hant-tw" is "zh-Hant-TW"), written over s; 0 when s is
 * no tag ("lang=", "en_", a word) or says nothing ("und"). Subtags: the language (2-3
 * letters), up to three extended languages (3 letters), a script (4 letters), a region (2
 * letters or 3 digits), variants (5-8 characters, or 4 from a digit), then extensions and
 * private use, which a singleton opens and whose subtags run from 1 (x-) or 2 to 8
 * characters. A tag that is private use or grandfathered as a whole ("x-klingon", "i-navajo")
 * names no language a reader can be served in: no tag either. */
static int
bcp47_canonical(char *s)
{
    enum { LANGUAGE, EXTLANG, SCRIPT, REGION, VARIANT, EXTENSION, PRIVATE } at = LANGUAGE;
    int extlangs = 0, open_singleton = 0;
    for (char *p = s; *p;) {
        char *e = p;
        int digits = 0;
        for (; *e && *e != '-'; e++) {
            if (is_digit(*e))
                digits++;
            else if (is_alpha(*e))
                *e = (char)pith_ascii_lower((unsigned char)*e);
            else
                return 0;
        }
        size_t n = (size_t)(e - p);
        int alpha = digits == 0;
        if (n == 0 || n > 8 || (*e == '-' && e[1] == '\0'))
            return 0;
        if (at == PRIVATE) {
            open_singleton = 0;
        } else if (n == 1) {
            if (at == LANGUAGE || open_singleton)
                return 0;
            at = p[0] == 'x' ? PRIVATE : EXTENSION;
            open_singleton = 1;
        } else if (at == EXTENSION) {
            open_singleton = 0;
        } else if (at == LANGUAGE) {
            if (!alpha || n > 3 || (n == 3 && memcmp(p, "und", 3) == 0 && !*e))
                return 0;
            at = EXTLANG;
        } else if (at == EXTLANG && alpha && n == 3 && extlangs < 3) {
            extlangs++;
        } else if (at <= SCRIPT && alpha && n == 4) {
            p[0] = (char)(p[0] - 32);
            at = REGION;
        } else if (at <= REGION && ((alpha && n == 2) || (digits == 3 && n == 3))) {
            for (char *c = p; c < e; c++)
                if (is_alpha(*c))
                    *c = (char)(*c - 32);
            at = VARIANT;
        } else if (n >= 5 || (n == 4 && is_digit(p[0]))) {
            at = VARIANT;
        } else {
            return 0;
        }
        p = *e ? e + 1 : e;
    }
    return at != LANGUAGE && !open_singleton;
}

/* The page's language as a BCP 47 tag: "en_US" is "en-US", "de-de, en" is "de-DE", "english"
 * is "en"; NULL when the value is no tag ("lang=", a sentence). */
static char *
norm_lang(pith_ctx *ctx, const char *s)
{
    char *l = pith_tidy(ctx, s);
    if (!l)
        return NULL;
    for (char *c = l; *c; c++) {
        if (*c == '_')
            *c = '-';
        if (*c == ',' || *c == ';' || *c == ' ') {
            *c = '\0';
            break;
        }
    }
    for (size_t k = 0; k < sizeof lang_names / sizeof lang_names[0]; k++)
        if (eq_ci(l, lang_names[k].name))
            return pith_strndup(ctx, lang_names[k].tag, strlen(lang_names[k].tag));
    return bcp47_canonical(l) ? l : NULL;
}

static int
day_first_for(const char *lang)
{
    if (!lang || !lang[0])
        return -1;
    if (pith_ascii_casecmp_n(lang, "en", 2) == 0 && (lang[2] == '\0' || lang[2] == '-')) {
        if (lang[2] == '\0')
            return -1;
        const char *r = lang + 3;
        if (eq_ci(r, "us") || eq_ci(r, "ph") || eq_ci(r, "ca"))
            return 0;
        return 1;
    }
    return 1;
}

/* Digits at s[i..] (up to five, so that a year of more than four shows), their value in *v;
 * the count. */
static size_t
read_digits(const char *s, size_t n, size_t i, int *v)
{
    size_t k = 0;
    *v = 0;
    while (i + k < n && k < 5 && s[i + k] >= '0' && s[i + k] <= '9')
        *v = *v * 10 + (s[i + k++] - '0');
    return k;
}

/* Texts read for other dates on the page, and the votes that settle the order. */
#define DAY_ORDER_TEXTS 4096
#define DAY_ORDER_VOTES 16

/* The order of "07/01/2022" when the language does not tell: the page's other numeric dates
 * do when one of their first two numbers is above 12 ("25/12/2021" day first, "12/25/2021"
 * month first). -1 when they do not, or disagree as often as they agree. */
static int
day_first_from_page(pith_page *p)
{
    const pith_doc *doc = p->doc;
    if (doc->body == PITH_NONE)
        return -1;
    int votes = 0, seen = 0;
    size_t texts = 0;
    for (uint32_t i = doc->body; i < doc->nodes[doc->body].end && texts < DAY_ORDER_TEXTS &&
                                 seen < DAY_ORDER_VOTES;
         i++) {
        const pith_node *nd = &doc->nodes[i];
        if (nd->type != GUMBO_NODE_TEXT || !nd->text || nd->text_len < 8)
            continue;
        texts++;
        const char *t = nd->text;
        size_t n = nd->text_len;
        for (const char *slash = memchr(t, '/', n); slash && seen < DAY_ORDER_VOTES;
             slash = memchr(slash + 1, '/', n - (size_t)(slash + 1 - t))) {
            size_t at = (size_t)(slash - t), a0 = at;
            while (a0 > 0 && at - a0 < 2 && t[a0 - 1] >= '0' && t[a0 - 1] <= '9')
                a0--;
            int a, b, y;
            if (a0 == at || (a0 > 0 && t[a0 - 1] >= '0' && t[a0 - 1] <= '9'))
                continue;
            size_t kb = read_digits(t, n, at + 1, &b);
            if (kb < 1 || kb > 2 || at + 1 + kb >= n || t[at + 1 + kb] != '/' ||
                read_digits(t, n, at + 2 + kb, &y) != 4)
                continue;
            read_digits(t, n, a0, &a);
            if (a >= 1 && a <= 31 && b >= 1 && b <= 12 && a > 12)
                votes++, seen++;
            else if (a >= 1 && a <= 12 && b >= 1 && b <= 31 && b > 12)
                votes--, seen++;
        }
    }
    if (votes != 0)
        pith_explain(p->ctx, "meta date: %s first, from %d numeric dates on the page",
                     votes > 0 ? "day" : "month", seen);
    return votes > 0 ? 1 : votes < 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- tags */

/* folds[k] is tag k folded, kept as the tags are added: each new tag is compared with every
 * earlier one, which folding them all again made quadratic in folds. */
static void
add_tag(pith_page *p, pith_meta *out, char **folds, char *t)
{
    if (!t || out->n_tags >= PITH_MAX_TAGS || strlen(t) > 100)
        return;
    char *f = pith_fold(p->ctx, t);
    if (!f || !f[0])
        return;
    for (size_t i = 0; i < out->n_tags; i++)
        if (pith_fold_eq(folds[i], f))
            return;
    size_t before = out->n_tags;
    pith_add_string(p->ctx, &out->tags, &out->n_tags, PITH_MAX_TAGS, t);
    if (out->n_tags > before)
        folds[before] = f;
}

static void
add_tag_list(pith_page *p, pith_meta *out, char **folds, const char *s)
{
    while (s && *s && out->n_tags < PITH_MAX_TAGS) {
        const char *c = strchr(s, ',');
        size_t n = c ? (size_t)(c - s) : strlen(s);
        add_tag(p, out, folds, pith_tidy_n(p->ctx, s, n));
        s += n + (c ? 1 : 0);
    }
}

static void
choose_tags(pith_page *p, pith_meta *out)
{
    const pith_doc *doc = p->doc;
    char *folds[PITH_MAX_TAGS];
    for (size_t i = 0; i < p->n_metas; i++)
        if (strcmp(p->metas[i].key, "article:tag") == 0)
            add_tag(p, out, folds, pith_tidy(p->ctx, p->metas[i].val));
    for (size_t i = 0; i < p->ld.n_keywords; i++)
        add_tag(p, out, folds, p->ld.keywords[i]);
    for (uint32_t i = 0; i < doc->n_nodes && out->n_tags < PITH_MAX_TAGS; i++)
        if (doc->nodes[i].tag == GUMBO_TAG_A && pith_is_element(doc, i) &&
            pith_has_token(pith_elem_attr(doc, i, "rel"), "tag"))
            add_tag(p, out, folds, pith_node_text_upto(p->ctx, doc, i, 100));
    add_tag_list(p, out, folds, pith_page_meta(p, "keywords"));
    add_tag_list(p, out, folds, pith_page_meta(p, "news_keywords"));
}

/* Some sites put the article's title in application-name: then it names no site. */
static int
same_as_title(pith_page *p, const char *s)
{
    char *f = pith_fold(p->ctx, s);
    return pith_fold_eq(f, pith_fold(p->ctx, pith_page_meta(p, "og:title"))) ||
           pith_fold_eq(f, pith_fold(p->ctx, p->title_tag)) ||
           pith_fold_eq(f, pith_fold(p->ctx, p->ld.headline));
}

/* ---------------------------------------------------------------- the stage */

pith_status
pith_metadata(pith_ctx *ctx, const pith_doc *doc, const pith_screened *scr, const char *url,
              pith_meta *out)
{
    memset(out, 0, sizeof *out);
    out->title_node = PITH_NONE;
    out->guessed_title_at = PITH_NONE;
    if (!doc || !doc->nodes || doc->n_nodes == 0)
        return ctx->error;
    pith_page *p = pith_calloc(ctx, 1, sizeof *p);
    if (!p)
        return ctx->error;
    p->ctx = ctx;
    p->doc = doc;
    p->url = url;
    pith_jsonld_read_page(ctx, scr, &p->ld, &p->ld_extra);
    if (ctx->error != PITH_OK)
        return ctx->error;
    pith_page_walk(p);
    if (ctx->error != PITH_OK)
        return ctx->error;

    /* language first: it tells how to read "03/04/2015" */
    char *lang = NULL;
    const char *lang_source = NULL;
    char *v;
    if ((v = norm_lang(ctx, p->html_lang)))
        lang = v, lang_source = "html-lang";
    else if ((v = norm_lang(ctx, pith_page_meta(p, "content-language"))))
        lang = v, lang_source = "meta:content-language";
    else if ((v = norm_lang(ctx, pith_page_meta(p, "og:locale"))))
        lang = v, lang_source = "meta:og:locale";
    else if ((v = norm_lang(ctx, p->ld.in_language)))
        lang = v, lang_source = "json-ld";
    else if ((v = norm_lang(ctx, pith_page_meta(p, "dc.language"))))
        lang = v, lang_source = "meta:dc.language";
    else if ((v = norm_lang(ctx, pith_page_meta(p, "language"))))
        lang = v, lang_source = "meta:language";
    out->lang = lang;
    out->lang_source = lang_source;
    p->day_first = day_first_for(lang);
    if (p->day_first < 0)
        p->day_first = day_first_from_page(p);

    /* site name */
    char *host = url_host(ctx, url);
    char *og_url = pith_page_meta(p, "og:url");
    if (!host)
        host = url_host(ctx, p->canonical ? p->canonical : og_url);
    char *tw = pith_page_meta(p, "twitter:site");
    if (tw && tw[0] == '@')
        tw = NULL;
    if ((v = pith_page_meta(p, "og:site_name")))
        out->site_name = v, out->site_name_source = "meta:og:site_name";
    else if (p->ld.publisher)
        out->site_name = p->ld.publisher, out->site_name_source = "json-ld";
    else if (p->ld_extra.site)
        out->site_name = p->ld_extra.site, out->site_name_source = "json-ld";
    else if ((v = pith_page_meta(p, "application-name")) && !same_as_title(p, v))
        out->site_name = v, out->site_name_source = "meta:application-name";
    else if (tw && !pith_is_url_like(tw))
        out->site_name = tw, out->site_name_source = "meta:twitter:site";
    else if (host)
        out->site_name = host, out->site_name_source = "url";
    pith_page_add_site(p, out->site_name);
    pith_page_add_site(p, p->ld.publisher);
    pith_page_add_site(p, p->ld_extra.site);
    if ((v = pith_page_meta(p, "application-name")) && !same_as_title(p, v))
        pith_page_add_site(p, v);
    pith_page_add_site(p, pith_page_meta(p, "og:site_name"));
    if (host) {
        pith_page_add_site(p, host);
        /* "nytimes" of nytimes.com, as titles write "NYTimes.com" or "NYTimes" */
        p->host_label = out->host_label = host_label(ctx, host);
        pith_page_add_site(p, p->host_label);
    }

    /* canonical first: the date in its path counts when no url was given */
    if (p->canonical)
        out->canonical_url = p->canonical;
    else if (og_url)
        out->canonical_url = og_url;
    else if (url)
        out->canonical_url = pith_tidy(ctx, url);

    pith_title_choose(p, out);
    if (ctx->error != PITH_OK)
        return ctx->error;
    uint32_t near = out->title_node != PITH_NONE ? out->title_node
                                                 : (p->n_h1 ? p->h1[0] : PITH_NONE);
    pith_byline_choose(p, out, near);
    if (ctx->error != PITH_OK)
        return ctx->error;
    choose_dates(p, scr, out);
    if (ctx->error != PITH_OK)
        return ctx->error;

    if ((v = pith_page_meta(p, "description")) || (v = pith_page_meta(p, "og:description")) ||
        (v = pith_page_meta(p, "twitter:description")) || (v = p->ld.description))
        out->description = v;
    if ((v = pith_page_meta(p, "og:image")) || (v = pith_page_meta(p, "og:image:url")) ||
        (v = pith_page_meta(p, "og:image:secure_url")) ||
        (v = pith_page_meta(p, "twitter:image")) ||
        (v = pith_page_meta(p, "twitter:image:src")) || (v = p->ld.image))
        out->image = v;
    out->license = p->license_link ? p->license_link : p->license_cc;
    choose_tags(p, out);
    out->jsonld_body = p->ld.article_body;
    return ctx->error;
}
