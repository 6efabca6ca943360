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

enum { D_PUB = 1, D_MOD = 2, D_OTHER = 4 };

typedef struct dcand {
    pith_date d;
    long day;
    int kind;
    int strong; /* a machine-written source: metadata, not page text */
    const char *source;
} dcand;

typedef struct dates {
    dcand c[96];
    size_t n;
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

static void
add_date(dates *ds, const pith_date *d, int kind, int strong, const char *source)
{
    if (ds->n >= sizeof ds->c / sizeof ds->c[0] || !pith_date_plausible(d))
        return;
    ds->c[ds->n] = (dcand){*d, day_number(d), kind, strong, source};
    ds->n++;
}

static int
parse_any(const char *s, int day_first, pith_date *d)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    memset(d, 0, sizeof *d);
    if (pith_date_parse_machine(s, n, d))
        return 1;
    memset(d, 0, sizeof *d);
    return pith_date_parse_text(s, n, day_first, d, NULL);
}

static void
add_date_str(dates *ds, const char *s, int day_first, int kind, int strong, const char *source)
{
    pith_date d;
    if (parse_any(s, day_first, &d))
        add_date(ds, &d, kind, strong, source);
}

static const char *const modified_words[] = {
    "updated", "modified", "aktualisiert", "mis \xc3\xa0 jour", "mis a jour", "actualizado",
    "aggiornato", "atualizado", "bijgewerkt", "edited", "revised", "\xe6\x9b\xb4\xe6\x96\xb0",
};

static int
says_modified(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof modified_words / sizeof modified_words[0]; k++)
        if (pith_find_ci(s, n, modified_words[k]))
            return 1;
    return 0;
}

/* Finds the dates in one text node's text; prev is the previous text, for an "Updated"
 * label in an element of its own. The words before a date (since the previous one) say
 * whether it is the modification date. */
static void
scan_text_dates(pith_page *p, dates *ds, const char *t, const char *prev)
{
    /* A dateline is a short line; searching whole paragraphs near the title for month names
     * in ten languages cost a fifth of an extraction, and their dates are someone else's. */
    size_t n = strlen(t), i = 0;
    if (n > 160)
        return;
    for (int found = 0; i < n && found < 4; found++) {
        pith_date d;
        size_t used = 0;
        if (!pith_date_parse_text(t + i, n - i, p->day_first, &d, &used) || used == 0)
            break;
        size_t end = i + used;
        if (pith_date_plausible(&d)) {
            size_t from = end > i + 80 ? end - 80 : i;
            int mod = says_modified(t + from, end - from);
            if (!mod && from == 0 && prev) {
                size_t pl = strlen(prev);
                mod = says_modified(prev + (pl > 30 ? pl - 30 : 0), pl > 30 ? 30 : pl);
            }
            add_date(ds, &d, mod ? D_MOD : D_PUB, 0, "text");
        }
        i = end;
    }
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
    {"article:modified_time", "meta:article:modified_time", D_MOD},
    {"og:article:modified_time", "meta:og:article:modified_time", D_MOD},
    {"og:updated_time", "meta:og:updated_time", D_MOD},
    {"datemodified", "meta:dateModified", D_MOD},
    {"dcterms.modified", "meta:dcterms.modified", D_MOD},
    {"last-modified", "meta:last-modified", D_MOD},
};

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
choose_dates(pith_page *p, pith_meta *out)
{
    pith_ctx *ctx = p->ctx;
    const pith_doc *doc = p->doc;
    dates *ds = pith_calloc(ctx, 1, sizeof *ds);
    if (!ds)
        return;
    int df = p->day_first;
    /* in order of trust */
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
    /* elements: itemprop dates and <time datetime> */
    uint32_t title = out->title_node;
    uint32_t first_time_near = PITH_NONE, first_time_pubdate = PITH_NONE,
             first_time_article = PITH_NONE;
    pith_date t_near = {0}, t_pubdate = {0}, t_article = {0};
    uint32_t hidden_end = 0;
    for (uint32_t i = 0; i < doc->n_nodes; i++) {
        if (!pith_spend(ctx, 1))
            return;
        const pith_node *nd = &doc->nodes[i];
        if (!pith_is_element(doc, i) || nd->tag == GUMBO_TAG_META)
            continue;
        if (nd->hints & PITH_HINT_HIDDEN && nd->end > hidden_end)
            hidden_end = nd->end;
        const char *ip = pith_elem_attr(doc, i, "itemprop");
        int ipk = pith_has_token(ip, "datePublished") ? D_PUB
                  : pith_has_token(ip, "dateModified") ? D_MOD
                  : pith_has_token(ip, "dateCreated")  ? D_PUB
                                                  : 0;
        const char *dt = pith_elem_attr(doc, i, "datetime");
        if (ipk) {
            const char *v = pith_elem_attr(doc, i, "content");
            if (!v)
                v = dt;
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
        }
    }
    /* <time> in trust order: pubdate, near the title, in the article or its header */
    if (first_time_pubdate != PITH_NONE)
        add_date(ds, &t_pubdate, D_PUB, 0, "time");
    else if (first_time_near != PITH_NONE)
        add_date(ds, &t_near, D_PUB, 0, "time");
    else if (first_time_article != PITH_NONE)
        add_date(ds, &t_article, D_PUB, 0, "time");
    pith_date ud;
    memset(&ud, 0, sizeof ud);
    const char *u = p->url ? p->url : out->canonical_url;
    if (u && pith_date_from_url(u, &ud))
        add_date(ds, &ud, D_PUB, 1, "url");
    /* visible text around the title */
    uint32_t anchor = title != PITH_NONE ? title : (p->n_h1 ? p->h1[0] : PITH_NONE);
    if (anchor != PITH_NONE) {
        const char *prev = NULL;
        pith_near_texts it;
        pith_near_texts_start(&it, doc, anchor);
        uint32_t k;
        char *line;
        while ((line = pith_near_texts_next(ctx, doc, &it, &k))) {
            scan_text_dates(p, ds, line, prev);
            prev = line;
        }
        uint32_t texts = 0;
        for (uint32_t j = anchor; j-- > 0 && texts < PITH_NEAR_BEFORE;) {
            const pith_node *nd = &doc->nodes[j];
            if (nd->type != GUMBO_NODE_TEXT || !nd->text)
                continue;
            int hidden = 0;
            int steps = 0;
            for (uint32_t a = nd->parent; a != PITH_NONE && steps < 64; a = doc->nodes[a].parent, steps++)
                if (doc->nodes[a].hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG))
                    hidden = 1;
            char *t = hidden ? NULL : pith_tidy_n(ctx, nd->text, nd->text_len);
            if (!t)
                continue;
            texts++;
            scan_text_dates(p, ds, t, NULL);
        }
    }
    /* published: the most trusted candidate that is not later than everything else */
    size_t pub = SIZE_MAX;
    for (size_t i = 0; i < ds->n; i++) {
        if (!(ds->c[i].kind & D_PUB))
            continue;
        int any;
        long latest = latest_other(ds, i, &any);
        /* A date later than every other date on the page is a cookie expiry, an event
         * announcement or a "today" widget, unless a machine-written source gave it. */
        if (any && date_later(&ds->c[i], latest, ds->c[i].strong ? 366 : 31)) {
            char buf[32];
            pith_date_format(&ds->c[i].d, buf);
            pith_explain(ctx, "meta date: candidate %s from %s (lost: later than every other date)",
                         buf, ds->c[i].source);
            continue;
        }
        if (pub == SIZE_MAX) {
            pub = i;
        } else {
            char buf[32];
            pith_date_format(&ds->c[i].d, buf);
            pith_explain(ctx, "meta date: candidate %s from %s (lost: less trusted)", buf,
                         ds->c[i].source);
        }
    }
    /* The trusted source may give the instant in UTC where another gives it in the
     * publisher's zone: same moment, but the local day is the one the page shows. */
    if (pub != SIZE_MAX && ds->c[pub].d.has_time && ds->c[pub].d.has_offset &&
        ds->c[pub].d.offset_minutes == 0) {
        for (size_t i = 0; i < ds->n; i++) {
            const pith_date *l = &ds->c[i].d;
            if (i != pub && (ds->c[i].kind & D_PUB) && l->has_time && l->has_offset &&
                l->offset_minutes != 0 && utc_minute(l) == utc_minute(&ds->c[pub].d) &&
                l->second == ds->c[pub].d.second) {
                pith_explain(ctx, "meta date: %s's UTC time given in the zone of %s",
                             ds->c[pub].source, ds->c[i].source);
                ds->c[pub].d = *l;
                break;
            }
        }
    }
    if (pub != SIZE_MAX) {
        out->date_published = format_date(ctx, &ds->c[pub].d);
        out->date_published_source = ds->c[pub].source;
        pith_explain(ctx, "meta date: %s from %s", out->date_published ? out->date_published : "",
                     ds->c[pub].source);
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

static void
add_tag(pith_page *p, pith_meta *out, char *t)
{
    if (!t || out->n_tags >= PITH_MAX_TAGS || strlen(t) > 100)
        return;
    char *f = pith_fold(p->ctx, t);
    if (!f || !f[0])
        return;
    for (size_t i = 0; i < out->n_tags; i++)
        if (pith_fold_eq(pith_fold(p->ctx, out->tags[i]), f))
            return;
    pith_add_string(p->ctx, &out->tags, &out->n_tags, PITH_MAX_TAGS, t);
}

static void
add_tag_list(pith_page *p, pith_meta *out, const char *s)
{
    while (s && *s && out->n_tags < PITH_MAX_TAGS) {
        const char *c = strchr(s, ',');
        size_t n = c ? (size_t)(c - s) : strlen(s);
        add_tag(p, out, pith_tidy_n(p->ctx, s, n));
        s += n + (c ? 1 : 0);
    }
}

static void
choose_tags(pith_page *p, pith_meta *out)
{
    const pith_doc *doc = p->doc;
    for (size_t i = 0; i < p->n_metas; i++)
        if (strcmp(p->metas[i].key, "article:tag") == 0)
            add_tag(p, out, pith_tidy(p->ctx, p->metas[i].val));
    for (size_t i = 0; i < p->ld.n_keywords; i++)
        add_tag(p, out, p->ld.keywords[i]);
    for (uint32_t i = 0; i < doc->n_nodes && out->n_tags < PITH_MAX_TAGS; i++)
        if (doc->nodes[i].tag == GUMBO_TAG_A && pith_is_element(doc, i) &&
            pith_has_token(pith_elem_attr(doc, i, "rel"), "tag"))
            add_tag(p, out, pith_node_text_upto(p->ctx, doc, i, 100));
    add_tag_list(p, out, pith_page_meta(p, "keywords"));
    add_tag_list(p, out, pith_page_meta(p, "news_keywords"));
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
    choose_dates(p, out);
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
