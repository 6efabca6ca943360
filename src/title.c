/* SPDX-License-Identifier: MIT */
/*
 * The title, in two steps.
 *
 * Choosing (pith_title_choose, during the metadata stage): candidates from JSON-LD, <meta>
 * tags, the <title> and the page's headings, each with its source's trust; site names and
 * section words are stripped at separators ("Headline | Paper"); agreement between sources
 * breaks near-ties. Without metadata, the <title>'s run that the body shows as an element
 * ("Paper: Section: Headline" shows "Headline"), or a heading that the article's prose
 * follows, names the page better than the <title>.
 *
 * Settling (pith_title_settle, extract.c's stage after cleaning, once the article is known):
 * a title read from the page's markup alone that names a site rather than a story gives way
 * to a heading next to the article whose words the article uses.
 */
#include <string.h>

#include "internal.h"

/* ---------------------------------------------------------------- the title, chosen */

/* A source's trust decides between candidates; agreement with other sources only breaks
 * near-ties: it adds at most this, less than the ten points between the trust tiers below
 * (og:title over the <title> whatever the count), but enough to order neighbours within a
 * tier (dc:title and dcterm:title, JSON-LD's headline and its name). */
#define AGREEMENT_MAX 9

/* Trust of each source as a candidate; 0 for a heading that only corroborates others (an
 * h2 or a class="title" box is as often a widget's as the article's). The metadata's own
 * fields come first: a publisher fills them for sharing and search, so they name the story
 * more reliably than the <title>, which carries site and section words. */
static int
source_trust(pith_title_source s)
{
    switch (s) {
    case PITH_TITLE_JSONLD: return 100;
    case PITH_TITLE_META_DC: return 90;
    case PITH_TITLE_META_DCTERM: return 89;
    case PITH_TITLE_META_OG: return 80;
    /* Dublin Core in HTML ("DC.Title", "DCTERMS.title"): CMS templates fill it less
     * carefully than og:title, but it beats the <title> */
    case PITH_TITLE_META_DC_HTML: return 76;
    case PITH_TITLE_META_DCTERMS_HTML: return 75;
    case PITH_TITLE_META_TWITTER: return 70;
    case PITH_TITLE_META_PARSELY: return 65;
    case PITH_TITLE_TAG: return 50;
    case PITH_TITLE_H1: return 40;
    case PITH_TITLE_HEADLINE_CLASS:
    case PITH_TITLE_H2:
    case PITH_TITLE_NONE:
    case PITH_TITLE_BODY_HEADLINE:
    case PITH_TITLE_TAG_RUN:
    case PITH_TITLE_ARTICLE_HEADING: return 0;
    }
    return 0;
}

/* The page's markup alone, no metadata: the <title> or an h1. */
static int
from_markup(pith_title_source s)
{
    return s == PITH_TITLE_TAG || s == PITH_TITLE_H1;
}

const char *
pith_title_source_name(pith_title_source s)
{
    switch (s) {
    case PITH_TITLE_NONE: return NULL;
    case PITH_TITLE_JSONLD: return "json-ld";
    case PITH_TITLE_META_DC: return "meta:dc:title";
    case PITH_TITLE_META_DCTERM: return "meta:dcterm:title";
    case PITH_TITLE_META_OG: return "meta:og:title";
    case PITH_TITLE_META_DC_HTML: return "meta:dc.title";
    case PITH_TITLE_META_DCTERMS_HTML: return "meta:dcterms.title";
    case PITH_TITLE_META_TWITTER: return "meta:twitter:title";
    case PITH_TITLE_META_PARSELY: return "meta:parsely-title";
    case PITH_TITLE_TAG: return "title";
    case PITH_TITLE_H1: return "h1";
    case PITH_TITLE_HEADLINE_CLASS: return "headline-class";
    case PITH_TITLE_H2: return "h2";
    case PITH_TITLE_BODY_HEADLINE: return "body-headline";
    case PITH_TITLE_TAG_RUN: return "title+body";
    case PITH_TITLE_ARTICLE_HEADING: return "article-heading";
    }
    return NULL;
}

typedef struct tcand {
    char *text;     /* as found */
    char *stripped; /* site name removed */
    char *folded, *sfolded;
    pith_title_source source;
} tcand;

/* The candidates of one page (JSON-LD's two, seven <meta> keys, the <title>, an h1, three
 * title-class headings and two h2s at the most) and the folded text of every heading the
 * page walk kept, which a candidate's parts are checked against. */
typedef struct title_pick {
    pith_page *p;
    tcand c[16];
    size_t n;
    char *heading_fold[4 * PITH_MAX_HEADINGS];
    size_t n_heading_fold;
} title_pick;

static const char *const title_seps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » ",
                                         " · ", " // ", " || ", " ~ ", " / "};

/* Whether s[0..len) is another candidate or one of the page's headings. */
static int
matches_other(const title_pick *tp, size_t self, const char *s, size_t len)
{
    pith_ctx *ctx = tp->p->ctx;
    char *t = pith_strndup(ctx, s, len);
    char *f = t ? pith_fold(ctx, t) : NULL;
    int hit = 0;
    if (f && f[0])
        for (size_t i = 0; i < tp->n && !hit; i++)
            if (i != self && pith_fold_eq(tp->c[i].folded, f))
                hit = 1;
    /* any heading of the page; a short one ("Home") proves nothing */
    if (f && strlen(f) >= 12)
        for (size_t i = 0; i < tp->n_heading_fold && !hit; i++)
            if (pith_fold_eq(tp->heading_fold[i], f))
                hit = 1;
    pith_free(ctx, f);
    pith_free(ctx, t);
    return hit;
}

/* A part that is a path of sections rather than words: "Travel-Services-", "News/World",
 * "Home > Sport": no space between its words but path characters, or one at its end. A
 * hyphenated word ("Spider-Man", "Covid-19") has neither a trailing one nor a slash. */
static int
is_section_path(const char *s, size_t len)
{
    while (len > 0 && s[len - 1] == ' ')
        len--;
    if (len < 3)
        return 0;
    int slash = 0, letters = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' && !(i > 0 && s[i - 1] == '>') && !(i + 1 < len && s[i + 1] == '>'))
            return 0;
        slash += s[i] == '/' || s[i] == '>';
        letters += (s[i] | 32) >= 'a' && (s[i] | 32) <= 'z';
    }
    char last = s[len - 1];
    return letters >= 3 && (last == '-' || last == '/' || last == '>' || (slash && s[0] != '/'));
}

static int
part_is_site(pith_page *p, const char *s, size_t len)
{
    if (is_section_path(s, len))
        return 1;
    char *t = pith_strndup(p->ctx, s, len);
    char *f = t ? pith_fold(p->ctx, t) : NULL;
    int hit = pith_page_is_site(p, f);
    /* "NYTimes.com" for the host nytimes.com: compare without the dot-suffix */
    if (!hit && f && t) {
        const char *dot = strrchr(t, '.');
        if (dot && dot != t) {
            char *u = pith_strndup(p->ctx, t, (size_t)(dot - t));
            char *g = u ? pith_fold(p->ctx, u) : NULL;
            hit = pith_page_is_site(p, g);
        }
    }
    /* a part that calls itself one: "My website", "Ann's Blog", "A Netsports Site" */
    size_t words = 0;
    char *w = !hit && t && len <= 40 ? pith_fold_words(p->ctx, t, &words) : NULL;
    if (w && words >= 2 && words <= 4) {
        static const char *const site_nouns[] = {" website ", " blog ", " homepage ",
                                                 " weblog ", " site "};
        size_t wl = strlen(w);
        for (size_t k = 0; k < sizeof site_nouns / sizeof site_nouns[0] && !hit; k++) {
            size_t nl = strlen(site_nouns[k]);
            hit = wl >= nl && strcmp(w + wl - nl, site_nouns[k]) == 0;
        }
    }
    return hit;
}

/* The host's name shows in a site name glued to a headline by its first letters at least
 * ("Xinhua" of xinhuanet.com): fewer could be any word's. */
#define GLUED_HOST_PREFIX_CHARS 5
/* A heading of the page that a title begins or ends with has at least this many letters and
 * digits (a short one, "News", could begin anything). */
#define GLUED_HEADING_MIN_CHARS 12

/* Folded (pith_fold) without underscores, which join words as a separator does. */
static char *
fold_glued(pith_ctx *ctx, const char *s)
{
    char *f = pith_fold(ctx, s);
    if (!f)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; f[i]; i++)
        if (f[i] != '_')
            f[o++] = f[i];
    f[o] = '\0';
    return f;
}

/* Whether the folded rest of a title names the site: it holds one of the page's site names,
 * or the first GLUED_HOST_PREFIX_CHARS letters of its host's name ("englishxinhua" on
 * xinhuanet.com, "sitesite" for the site "Site"). */
static int
rest_names_site(const pith_page *p, const char *rest)
{
    for (size_t i = 0; i < p->n_site; i++)
        if (strlen(p->site_fold[i]) >= 4 && strstr(rest, p->site_fold[i]))
            return 1;
    const char *l = p->host_label;
    if (!l || strlen(l) < GLUED_HOST_PREFIX_CHARS)
        return 0;
    for (size_t n = strlen(l); n >= GLUED_HOST_PREFIX_CHARS; n--)
        for (const char *r = rest; (r = strchr(r, l[0])); r++)
            if (strncmp(r, l, n) == 0)
                return 1;
    return 0;
}

/* The heading of the page that title s begins or ends with when the rest names the site,
 * whatever glues them: "Headline_English_Xinhua", "SiteSite : Headline", "SiteHeadline".
 * NULL when there is none. */
static char *
glued_heading(const pith_page *p, const char *s)
{
    pith_ctx *ctx = p->ctx;
    char *sf = fold_glued(ctx, s);
    size_t sl = sf ? strlen(sf) : 0;
    for (int pass = 0; pass < 4 && sl; pass++) {
        char *const *texts = pass == 0 ? p->h1_text
                             : pass == 1 ? p->htitle_text
                             : pass == 2 ? p->h2_text
                                         : p->h3_text;
        size_t cnt = pass == 0 ? p->n_h1 : pass == 1 ? p->n_htitle : pass == 2 ? p->n_h2 : p->n_h3;
        for (size_t h = 0; h < cnt; h++) {
            char *hf = fold_glued(ctx, texts[h]);
            size_t hl = hf ? strlen(hf) : 0;
            if (hl < GLUED_HEADING_MIN_CHARS || hl >= sl)
                continue;
            const char *rest = NULL;
            if (strncmp(sf, hf, hl) == 0)
                rest = sf + hl;
            else if (strcmp(sf + sl - hl, hf) == 0)
                rest = pith_strndup(ctx, sf, sl - hl);
            if (rest && rest_names_site(p, rest))
                return pith_tidy(ctx, texts[h]);
        }
    }
    return NULL;
}

/* Removes " | Site" / "Site - " style parts when the site is known or the rest is another
 * candidate; the bare title otherwise stays as the page gave it. */
static char *
strip_site(const title_pick *tp, size_t self)
{
    pith_page *p = tp->p;
    const char *s = tp->c[self].text;
    size_t len = strlen(s);
    /* (the <title> only: the metadata's fields are written for sharing, where a blog's name
     * after " @ " is part of what the publisher chose to show) */
    char *glued = tp->c[self].source == PITH_TITLE_TAG ? glued_heading(p, s) : NULL;
    if (glued)
        return glued;
    /* "Section - Headline - Paper": the run of parts that is a heading of the page */
    size_t cut_at[16], cut_len[16], nc = 0;
    for (size_t i = 0; i < len && nc < 16; i++)
        for (size_t k = 0; s[i] == ' ' && k < sizeof title_seps / sizeof title_seps[0]; k++) {
            size_t sl = strlen(title_seps[k]);
            if (i + sl <= len && memcmp(s + i, title_seps[k], sl) == 0) {
                cut_at[nc] = i;
                cut_len[nc++] = sl;
                i += sl - 1;
                break;
            }
        }
    for (size_t a = 0; a <= nc && nc > 0; a++)
        for (size_t b = nc + 1; b-- > a + 1;) {
            size_t from = a == 0 ? 0 : cut_at[a - 1] + cut_len[a - 1];
            size_t to = b - 1 == nc ? len : cut_at[b - 1];
            /* a short part matching a subheading is a section, not the title */
            if ((from == 0 && to == len) || to <= from || (to - from) * 3 < len)
                continue;
            if (matches_other(tp, self, s + from, to - from)) {
                char *r = pith_tidy_n(p->ctx, s + from, to - from);
                if (r)
                    return r;
            }
        }
    for (int round = 0; round < 3; round++) {
        int cut = 0;
        /* suffix: the last separator first */
        const char *best = NULL;
        size_t best_sep = 0;
        for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0]; k++) {
            size_t sl = strlen(title_seps[k]);
            for (size_t i = len >= sl ? len - sl + 1 : 0; i-- > 0;) {
                if (s[i] == ' ' && memcmp(s + i, title_seps[k], sl) == 0) {
                    if (!best || s + i > best) {
                        best = s + i;
                        best_sep = sl;
                    }
                    break;
                }
            }
        }
        if (best && best > s) {
            size_t left = (size_t)(best - s);
            const char *r = best + best_sep;
            size_t rlen = len - left - best_sep;
            if (part_is_site(p, r, rlen) ||
                (left >= rlen && matches_other(tp, self, s, left))) {
                len = left;
                cut = 1;
            }
        }
        if (!cut) {
            /* prefix: the first separator */
            const char *first = NULL;
            size_t first_sep = 0;
            for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0]; k++) {
                size_t sl = strlen(title_seps[k]);
                const char *f = NULL;
                for (size_t i = 0; i + sl <= len; i++)
                    if (s[i] == ' ' && memcmp(s + i, title_seps[k], sl) == 0) {
                        f = s + i;
                        break;
                    }
                if (f && (!first || f < first)) {
                    first = f;
                    first_sep = sl;
                }
            }
            if (first && first > s) {
                size_t left = (size_t)(first - s);
                const char *r = first + first_sep;
                size_t rlen = len - left - first_sep;
                if (rlen > 0 && (part_is_site(p, s, left) ||
                                 (rlen >= left && matches_other(tp, self, r, rlen)))) {
                    s = r;
                    len = rlen;
                    cut = 1;
                }
            }
        }
        if (!cut)
            break;
    }
    char *r = pith_tidy_n(p->ctx, s, len);
    return r ? r : tp->c[self].text;
}

static void
add_tcand(title_pick *tp, char *text, pith_title_source source)
{
    if (!text || tp->n >= sizeof tp->c / sizeof tp->c[0])
        return;
    tp->c[tp->n++] = (tcand){text, NULL, NULL, NULL, source};
}

static int
headings_match(const char *a, const char *b)
{
    if (!a || !b || !a[0] || !b[0])
        return 0;
    if (strcmp(a, b) == 0)
        return 1;
    size_t la = strlen(a), lb = strlen(b);
    const char *lo = la > lb ? a : b, *sh = la > lb ? b : a;
    size_t ls = la > lb ? lb : la, ll = la > lb ? la : lb;
    /* a heading with a kicker or a title with a tagline: most of it must be shared */
    return ls * 10 >= ll * 7 && strstr(lo, sh) != NULL;
}

/* "X - Wikipedia" begins with X: agreement even when the site suffix was not recognised. */
static int
starts_most(const char *whole, const char *part)
{
    if (!whole || !part || !part[0])
        return 0;
    size_t a = strlen(whole), b = strlen(part);
    return b <= a && b * 2 >= a && strncmp(whole, part, b) == 0;
}


/* Whether the text of the subtree at i can be a run of the word-folded title tf: its first
 * word characters must begin a word of tf. Building the text of every element to learn that
 * was most of the cost of title_in_body. 1 when unsure (hidden text comes first). */
static int
may_start_in(const pith_doc *doc, uint32_t i, const char *tf)
{
    uint32_t end = doc->nodes[i].end;
    for (uint32_t j = i + 1; j < end; j++) {
        const pith_node *n = &doc->nodes[j];
        if (n->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN))
            return 1;
        if (!n->text)
            continue;
        const char *s = n->text;
        size_t len = n->text_len, k = 0;
        uint32_t cp = 0;
        while (k < len) {
            size_t step = pith_utf8_next(s + k, len - k, &cp);
            if (pith_is_word_cp(cp))
                break;
            k += step;
        }
        if (k >= len)
            continue;
        char probe[40];
        size_t o = 0;
        probe[o++] = ' ';
        while (k < len) {
            size_t step = pith_utf8_next(s + k, len - k, &cp);
            if (!pith_is_word_cp(cp) || o + step >= sizeof probe)
                break;
            if (step == 1)
                probe[o++] = (char)pith_ascii_lower((unsigned char)s[k]);
            else {
                memcpy(probe + o, s + k, step);
                o += step;
            }
            k += step;
        }
        probe[o] = '\0';
        return strstr(tf, probe) != NULL;
    }
    return 1;
}

/* The first element of [i, end) outside hidden and never-text subtrees (whose end
 * *hidden_end tracks), at one step of work a node; PITH_NONE at end, or when the work budget
 * runs out (ctx->error says). */
static uint32_t
next_shown_element(pith_ctx *ctx, const pith_doc *doc, uint32_t i, uint32_t end,
                   uint32_t *hidden_end)
{
    for (; i < end; i++) {
        if (!pith_spend(ctx, 1))
            return PITH_NONE;
        const pith_node *n = &doc->nodes[i];
        if (!pith_is_element(doc, i))
            continue;
        if (n->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG)) {
            if (n->end > *hidden_end)
                *hidden_end = n->end;
            continue;
        }
        if (i >= *hidden_end)
            return i;
    }
    return PITH_NONE;
}

/* The headline as the page shows it: the longest body element whose whole text is a run of
 * whole words of the <title> ("Paper: Section: Headline" holds "Headline"). Site names and
 * short runs (a section word, "News") do not count. An h1 that opens the <title> beats a
 * longer run: a <title> of headline and standfirst ("Mother Assails Huckabee, Says GOP
 * Hopeful ...") shows them as h1 and h2, and the standfirst is the longer. */
static uint32_t
title_in_body(pith_page *p, const char *title, char **text_out)
{
    const pith_doc *doc = p->doc;
    pith_ctx *ctx = p->ctx;
    *text_out = NULL;
    if (!title || doc->body == PITH_NONE || doc->body >= doc->n_nodes)
        return PITH_NONE;
    size_t tw = 0;
    char *tf = pith_fold_words(ctx, title, &tw);
    if (!tf || tw < 3)
        return PITH_NONE;
    uint32_t best = PITH_NONE;
    size_t best_words = 0;
    int best_heading = 0, best_opening_h1 = 0;
    uint32_t hidden_end = 0;
    size_t title_len = strlen(title);
    uint32_t body_end = doc->nodes[doc->body].end;
    for (uint32_t i = doc->body + 1;
         (i = next_shown_element(ctx, doc, i, body_end, &hidden_end)) != PITH_NONE; i++) {
        const pith_node *n = &doc->nodes[i];
        /* (fewer than three words cannot be a run that counts, see ew below) */
        if (n->text_chars < 8 || n->text_chars > title_len || n->words < 3)
            continue;
        /* a wrapper with the same text as its parent was seen as the parent */
        if (n->parent != doc->body && doc->nodes[n->parent].text_chars == n->text_chars)
            continue;
        if (!pith_spend(ctx, n->end - i))
            return PITH_NONE;
        if (!may_start_in(doc, i, tf))
            continue;
        char *t = pith_node_text_upto(ctx, doc, i, 0);
        size_t ew = 0;
        char *ef = pith_fold_words(ctx, t, &ew);
        int heading = pith_is_heading_tag((GumboTag)n->tag) || (n->hints & PITH_HINT_TITLE) != 0;
        /* linked text (a tag, a category, a related story, the section link printed beside
         * the headline) is not the headline as the page shows it: the unlinked run is */
        if (!heading && n->link_chars > 0)
            continue;
        const char *at = ef && ew >= 3 ? strstr(tf, ef) : NULL;
        int opening_h1 = at == tf && n->tag == GUMBO_TAG_H1;
        if (at && (opening_h1 > best_opening_h1 ||
                   (opening_h1 == best_opening_h1 &&
                    (ew > best_words || (ew == best_words && heading && !best_heading))))) {
            char *f = pith_fold(ctx, t);
            if (!pith_page_is_site(p, f)) {
                best = i;
                best_words = ew;
                best_heading = heading;
                best_opening_h1 = opening_h1;
                *text_out = t;
            }
        }
    }
    return ctx->error == PITH_OK ? best : PITH_NONE;
}

/* Nodes after a headline candidate looked at for the article's first paragraphs. */
#define HEADLINE_FOLLOW_NODES 80

/* The headline of a page whose <title> does not name it (absent, or only the site): a short
 * heading-like element that the article's running text follows. Scored by its markup and by
 * how much unlinked prose comes right after it; 2000s table layouts mark headlines with <b>,
 * <font> or a "title" class as often as with <h1>. */
static uint32_t
body_headline(pith_page *p, char **text_out, int *score_out)
{
    const pith_doc *doc = p->doc;
    pith_ctx *ctx = p->ctx;
    *text_out = NULL;
    *score_out = 0;
    if (doc->body == PITH_NONE || doc->body >= doc->n_nodes)
        return PITH_NONE;
    uint32_t best = PITH_NONE, hidden_end = 0, nav_end = 0;
    int best_score = 0;
    uint32_t body_end = doc->nodes[doc->body].end;
    for (uint32_t i = doc->body + 1;
         (i = next_shown_element(ctx, doc, i, body_end, &hidden_end)) != PITH_NONE; i++) {
        const pith_node *n = &doc->nodes[i];
        if (n->hints & (PITH_HINT_NAV | PITH_HINT_META_AREA | PITH_HINT_NEGATIVE |
                        PITH_HINTS_BOILERPLATE) &&
            n->end > nav_end)
            nav_end = n->end;
        if (i < nav_end)
            continue;
        int weight;
        switch (n->tag) {
        case GUMBO_TAG_H1: weight = 30; break;
        case GUMBO_TAG_H2: weight = 24; break;
        case GUMBO_TAG_H3: weight = 16; break;
        case GUMBO_TAG_B: case GUMBO_TAG_STRONG: case GUMBO_TAG_FONT: weight = 8; break;
        default: weight = 0; break;
        }
        if (n->hints & PITH_HINT_TITLE)
            weight += 20;
        if (weight == 0 || n->words < 3 || n->words > 30 || n->text_chars > 250 ||
            n->link_chars * 2 > n->text_chars || n->hints & PITH_HINT_BYLINE)
            continue;
        /* the prose right after it: long unlinked text nodes */
        uint32_t follow = 0, stop = n->end + HEADLINE_FOLLOW_NODES;
        if (stop > doc->n_nodes)
            stop = doc->n_nodes;
        if (!pith_spend(ctx, stop - n->end))
            return PITH_NONE;
        for (uint32_t j = n->end; j < stop; j++) {
            const pith_node *m = &doc->nodes[j];
            if (m->type == GUMBO_NODE_TEXT && !m->in_link && m->text_chars >= 40)
                follow += m->text_chars;
        }
        if (follow < 300)
            continue;
        int score = weight + (int)(follow > 1000 ? 20 : follow / 50);
        if (score > best_score) {
            char *t = pith_node_text_upto(ctx, doc, i, 400);
            size_t tl = t ? strlen(t) : 0;
            /* a sentence with its full stop is the lead paragraph set in bold; a colon
             * introduces what follows */
            if (tl == 0 || t[tl - 1] == '.' || t[tl - 1] == ':')
                continue;
            best_score = score;
            best = i;
            *text_out = t;
        }
    }
    if (ctx->error != PITH_OK)
        return PITH_NONE;
    *score_out = best_score;
    return best;
}

/* A <title> that names only the site ("Brandon Sun Online", "News | Paper"): every part
 * of it, split at separators, is a site name. */
static int
title_weak(pith_page *p, const char *t)
{
    if (!t)
        return 1;
    char *f = pith_fold(p->ctx, t);
    return !f || !f[0] || pith_page_is_site(p, f);
}

/* A <title> of a few words that nothing else on the page repeats ("SuperSoccer", "Brandon
 * Sun Online", "Lifestyle & Entertainment") names the site or a section of it on pages with
 * no metadata; a headline of a sentence's length that the article follows replaces it. A
 * headline ends without a full stop (that is a lead paragraph) and is longer than the
 * title it replaces. */
static int
short_title_loses(pith_page *p, const char *title, const char *headline)
{
    size_t tw = 0, hw = 0;
    if (!title || !headline || strlen(title) > 40 || !pith_fold_words(p->ctx, title, &tw) ||
        !pith_fold_words(p->ctx, headline, &hw))
        return 0;
    size_t hl = strlen(headline);
    return tw <= 4 && hw >= 5 && hw > tw && hl > 0 && headline[hl - 1] != '.';
}

/* <meta> keys that give a title, in the order they are tried (ties go to the earlier). */
static const struct {
    const char *key;
    pith_title_source source;
} title_metas[] = {
    {"dc:title", PITH_TITLE_META_DC},
    {"dcterm:title", PITH_TITLE_META_DCTERM},
    {"og:title", PITH_TITLE_META_OG},
    {"dc.title", PITH_TITLE_META_DC_HTML},
    {"dcterms.title", PITH_TITLE_META_DCTERMS_HTML},
    {"twitter:title", PITH_TITLE_META_TWITTER},
    {"parsely-title", PITH_TITLE_META_PARSELY},
};

static void
gather_candidates(title_pick *tp)
{
    pith_page *p = tp->p;
    add_tcand(tp, p->ld.headline, PITH_TITLE_JSONLD);
    if (p->ld_extra.name && (!p->ld.headline || strcmp(p->ld_extra.name, p->ld.headline) != 0))
        add_tcand(tp, p->ld_extra.name, PITH_TITLE_JSONLD);
    for (size_t k = 0; k < sizeof title_metas / sizeof title_metas[0]; k++)
        add_tcand(tp, pith_page_meta(p, title_metas[k].key), title_metas[k].source);
    /* markup or script in the <title> ("BBC SPORTi library-->", "x' + OAS_query + '\">")
     * is a page saved broken: its <title> says nothing */
    if (p->title_tag && !strstr(p->title_tag, "-->") && !strstr(p->title_tag, "');") &&
        !strstr(p->title_tag, "'\">"))
        add_tcand(tp, p->title_tag, PITH_TITLE_TAG);
    size_t first_markup = tp->n;
    /* the h1: the one that agrees with a candidate above, else the first */
    if (p->n_h1) {
        size_t pick = 0;
        int found = 0;
        for (size_t h = 0; h < p->n_h1 && !found; h++) {
            char *hf = pith_fold(p->ctx, p->h1_text[h]);
            for (size_t k = 0; k < first_markup && !found; k++) {
                char *kf = pith_fold(p->ctx, tp->c[k].text);
                if (headings_match(hf, kf)) {
                    pick = h;
                    found = 1;
                }
            }
        }
        add_tcand(tp, p->h1_text[pick], PITH_TITLE_H1);
    }
    for (size_t h = 0; h < p->n_htitle && h < 3; h++)
        add_tcand(tp, p->htitle_text[h], PITH_TITLE_HEADLINE_CLASS);
    for (size_t h = 0; h < p->n_h2 && h < 2; h++)
        add_tcand(tp, p->h2_text[h], PITH_TITLE_H2);
}

/* Folds the page's headings and every candidate, and strips site names off the candidates. */
static void
fold_candidates(title_pick *tp)
{
    pith_page *p = tp->p;
    for (int pass = 0; pass < 4; pass++) {
        char *const *texts = pass == 0 ? p->h1_text
                             : pass == 1 ? p->h2_text
                             : pass == 2 ? p->h3_text
                                         : p->htitle_text;
        size_t cnt = pass == 0 ? p->n_h1 : pass == 1 ? p->n_h2 : pass == 2 ? p->n_h3 : p->n_htitle;
        for (size_t h = 0; h < cnt; h++)
            tp->heading_fold[tp->n_heading_fold++] = pith_fold(p->ctx, texts[h]);
    }
    for (size_t i = 0; i < tp->n; i++)
        tp->c[i].folded = pith_fold(p->ctx, tp->c[i].text);
    for (size_t i = 0; i < tp->n; i++) {
        tp->c[i].stripped = strip_site(tp, i);
        tp->c[i].sfolded = pith_fold(p->ctx, tp->c[i].stripped);
    }
}

/* The most trusted candidate that is not a site name, agreement breaking ties; SIZE_MAX
 * when there is none. *agree_out: how many candidates of other sources agree with it. */
static size_t
pick_best(const title_pick *tp, int *agree_out)
{
    const tcand *c = tp->c;
    int best_score = 0;
    size_t best = SIZE_MAX;
    *agree_out = 0;
    for (size_t i = 0; i < tp->n; i++) {
        int trust = source_trust(c[i].source);
        if (!c[i].sfolded || !c[i].sfolded[0] || pith_page_is_site(tp->p, c[i].sfolded) ||
            trust == 0)
            continue;
        int agree = 0;
        for (size_t k = 0; k < tp->n; k++)
            if (k != i && c[k].source != c[i].source &&
                (pith_fold_eq(c[k].sfolded, c[i].sfolded) ||
                 pith_fold_eq(c[k].folded, c[i].sfolded) ||
                 starts_most(c[k].folded, c[i].sfolded)))
                agree++;
        int score = trust + (agree > AGREEMENT_MAX ? AGREEMENT_MAX : agree);
        if (best == SIZE_MAX || score > best_score) {
            best_score = score;
            best = i;
            *agree_out = agree;
        }
    }
    return best;
}

static void
set_body_headline(pith_meta *out, char *text, uint32_t at)
{
    out->title = text;
    out->title_source = PITH_TITLE_BODY_HEADLINE;
    out->guessed_title_at = at;
}

/* The title when the page gives no usable candidate (why says which): a heading that the
 * article's prose follows, if there is one; 1 when it took one. */
static int
take_body_headline(pith_page *p, pith_meta *out, const char *why)
{
    char *shown = NULL;
    int hscore = 0;
    uint32_t at = body_headline(p, &shown, &hscore);
    if (at == PITH_NONE)
        return 0;
    set_body_headline(out, shown, at);
    pith_explain(p->ctx, "meta title: '%s' from a heading the article follows (%s)", shown, why);
    return 1;
}

/* Without a title in the metadata the <title> carries site and section words that no
 * separator rule separates reliably; the headline as the page shows it decides. best came
 * from the page's markup (the <title> or an h1), agree candidates agree with it. */
static void
prefer_page_headline(const title_pick *tp, size_t best, int agree, pith_meta *out)
{
    pith_page *p = tp->p;
    pith_ctx *ctx = p->ctx;
    const tcand *b = &tp->c[best];
    int lone_title_tag = agree == 0 && b->source == PITH_TITLE_TAG;
    /* an h1 that nothing agrees with, on a page whose <title> names only the site, is the
     * section's banner ("Entertainment", "Sports section front") as often as the headline */
    int lone_site_h1 = agree == 0 && b->source == PITH_TITLE_H1 && title_weak(p, p->title_tag);
    int hscore = 0;
    char *shown = NULL;
    uint32_t at = title_in_body(p, p->title_tag, &shown);
    char *head = NULL;
    uint32_t hat = PITH_NONE;
    /* a short run ("News Update Service" of "The Paper News Update Service") is the
     * site's banner when a sentence-length headline leads the article */
    if (at != PITH_NONE && shown && lone_title_tag &&
        !pith_is_heading_tag((GumboTag)p->doc->nodes[at].tag) &&
        (hat = body_headline(p, &head, &hscore)) != PITH_NONE &&
        short_title_loses(p, shown, head)) {
        set_body_headline(out, head, hat);
        pith_explain(ctx, "meta title: '%s' from a heading the article follows (score %d); "
                     "the <title> '%s' shows only '%s' in the page", head, hscore,
                     p->title_tag, shown);
    } else if (at != PITH_NONE && shown &&
               !(!pith_fold_eq(b->sfolded, b->folded) &&
                 pith_fold_eq(pith_fold(ctx, shown), b->folded))) {
        /* (the whole <title>, site name included, shown in a banner or a print header
         * does not undo a site name stripped on another candidate's word) */
        out->title = shown;
        out->title_source = PITH_TITLE_TAG_RUN;
        pith_explain(ctx, "meta title: '%s' from the body, a run of the <title> '%s'",
                     shown, p->title_tag);
        if (pith_is_heading_tag((GumboTag)p->doc->nodes[at].tag))
            out->title_node = at;
    } else if ((title_weak(p, b->stripped) || lone_title_tag || lone_site_h1) &&
               (at = body_headline(p, &shown, &hscore)) != PITH_NONE &&
               (title_weak(p, b->stripped) || short_title_loses(p, b->stripped, shown))) {
        set_body_headline(out, shown, at);
        if (lone_site_h1)
            pith_explain(ctx, "meta title: '%s' from a heading the article follows (score %d); "
                         "the h1 '%s' heads a section of the site '%s'", shown, hscore,
                         b->text, p->title_tag);
        else
            pith_explain(ctx, "meta title: '%s' from a heading the article follows (score %d); "
                         "the <title> '%s' is not in the page", shown, hscore, p->title_tag);
    }
}

static void
explain_choice(const title_pick *tp, size_t best, const pith_meta *out)
{
    pith_ctx *ctx = tp->p->ctx;
    const tcand *c = tp->c;
    if (out->title != c[best].stripped) {
        /* explained where it was chosen */
    } else if (strcmp(c[best].stripped, c[best].text) != 0)
        pith_explain(ctx, "meta title: '%s' from %s, site name stripped from '%s'", out->title,
                     pith_title_source_name(c[best].source), c[best].text);
    else
        pith_explain(ctx, "meta title: '%s' from %s", out->title,
                     pith_title_source_name(c[best].source));
    for (size_t i = 0; i < tp->n; i++)
        if (i != best)
            pith_explain(ctx, "meta title: candidate '%s' from %s (lost%s)", c[i].text,
                         pith_title_source_name(c[i].source),
                         pith_page_is_site(tp->p, c[i].sfolded) ? ": the site name" : "");
}

/* The h1 or h2 that carries the title (folded tf), for the content stage. */
static uint32_t
title_heading(const pith_page *p, const char *tf)
{
    for (int pass = 0; pass < 2; pass++) {
        const uint32_t *idx = pass == 0 ? p->h1 : p->h2;
        char *const *texts = pass == 0 ? p->h1_text : p->h2_text;
        size_t cnt = pass == 0 ? p->n_h1 : p->n_h2;
        for (size_t h = 0; h < cnt; h++)
            if (headings_match(pith_fold(p->ctx, texts[h]), tf))
                return idx[h];
    }
    return PITH_NONE;
}

/* A heading's permalink mark ("Usage¶", Sphinx's and many docs sites' headerlink) is a
 * link beside the title, not a word of it. */
static char *
without_permalink_mark(pith_ctx *ctx, char *title)
{
    static const char pilcrow[] = "\xc2\xb6";
    size_t n = title ? strlen(title) : 0;
    if (n < sizeof pilcrow || memcmp(title + n - (sizeof pilcrow - 1), pilcrow,
                                     sizeof pilcrow - 1) != 0)
        return title;
    n -= sizeof pilcrow - 1;
    while (n > 0 && pith_is_html_space((unsigned char)title[n - 1]))
        n--;
    return n ? pith_strndup(ctx, title, n) : title;
}

static void
title_choose(pith_page *p, pith_meta *out)
{
    title_pick tp;
    tp.p = p;
    tp.n = 0;
    tp.n_heading_fold = 0;
    gather_candidates(&tp);
    if (tp.n == 0) {
        take_body_headline(p, out, "no <title>");
        return;
    }
    fold_candidates(&tp);
    int agree = 0;
    size_t best = pick_best(&tp, &agree);
    if (best == SIZE_MAX) {
        if (!take_body_headline(p, out, "every other candidate is the site name"))
            pith_explain(p->ctx, "meta title: none (every candidate is the site name)");
        return;
    }
    out->title = tp.c[best].stripped;
    out->title_source = tp.c[best].source;
    if (from_markup(tp.c[best].source) && p->title_tag)
        prefer_page_headline(&tp, best, agree, out);
    explain_choice(&tp, best, out);
    if (out->title_node == PITH_NONE)
        out->title_node = title_heading(p, tp.c[best].sfolded);
}

void
pith_title_choose(pith_page *p, pith_meta *out)
{
    title_choose(p, out);
    out->title = without_permalink_mark(p->ctx, out->title);
}

/* ---------------------------------------------------------------- the title, settled */

/*
 * The settling step's figures. Support is the share of a title's telling words (three
 * letters or more, not generic, not the site's name) that the article's prose uses, in per
 * mille. The values were set by measurement on l3s-gn1-dev's titles, with readability's
 * titles and the body F1 held unchanged (commits 4fada49, 1360ed4 and 497aaa4 say how).
 */
/* A title word of fewer letters ("a", "of", "US") says nothing about the story. */
#define TELLING_WORD_MIN_CHARS 3
/* A title with fewer telling words has too few to count: its support is unknown (-1). */
#define TELLING_WORDS_MIN 2
/* A <title> or h1 whose telling words the prose uses this often (over a third) is about the
 * story, however site-like it reads. */
#define TITLE_SUPPORTED_PERMILLE 350
/* A heading replaces the title when the prose uses four in ten of its words ... */
#define HEADING_SUPPORT_PERMILLE 400
/* ... or a quarter when it stands right above the article (one telling word of a short
 * headline: "DiCaprio attacker's extradition sought" over "The Star Online eCentral"). */
#define HEADING_ADJACENT_SUPPORT_PERMILLE 250
/* ... and when it beats the title's own support by a quarter, so that two weak candidates
 * do not trade places on one shared word. */
#define HEADING_MARGIN_PERMILLE 250

/* Nodes before the article's first kept node searched for its headline, and after it: a
 * headline sits above the article, past a kicker, a dateline and an image or two; a heading
 * guessed before the article was known that stands further below (a comment form's "Post a
 * comment") is not the headline. */
#define SETTLE_BEFORE_NODES 400
#define SETTLE_AFTER_NODES 200
/* "Right above the article": no more visible text between the heading and the article's
 * first kept node than a byline, a dateline and a photo's caption (non-space characters). */
#define SETTLE_ADJACENT_TEXT_CHARS 200
/* A line with no heading markup (a <div> or a <td> the site's stylesheet makes large) is a
 * headline only right above the article, and then with the weight of less than a <b>. */
#define HEADING_PLAIN_WEIGHT 5

/* A heading candidate: a short line of a few words, mostly unlinked. A headline runs from
 * three words to a long sentence's 25; a box of more than 200 characters is a summary. */
#define HEADING_MIN_WORDS 3
#define HEADING_MAX_WORDS 25
#define HEADING_MAX_CHARS 200

/* Among headings with enough support: markup counts (an h1's 40 points times 4 outweigh
 * a tenth of support), then length up to a dozen words (a sentence-like headline over a
 * short label), then whether the article opens with it, which settles it. Capitals
 * throughout mark a section label. */
#define HEADING_MARKUP_FACTOR 4
#define HEADING_WORD_POINTS 20
#define HEADING_WORDS_COUNTED 12
#define HEADING_ALL_CAPS_PENALTY 100
#define HEADING_OPENS_ARTICLE_BONUS 300

/* The article's prose read for support: paragraphs of a dozen words or more (so that a
 * headline kept as the first block does not vouch for itself), up to 8 KiB (a few screens:
 * a story's key words are in its first paragraphs), from the first 400 blocks (a flood of
 * one-word paragraphs cannot make the walk long). */
#define PROSE_MIN_WORDS 12
#define PROSE_MAX_BYTES 8192
#define PROSE_MAX_BLOCKS 400

/* Words that say nothing about a story: a title made of them names a site or a section. */
static const char *const generic_title_words[] = {
    "the", "and", "for", "with", "from", "news", "online", "latest", "home", "page", "site",
    "com", "net", "org", "www", "daily", "times", "sports", "sport", "world", "top", "all",
    NULL};

static int
is_generic_title_word(const char *w, size_t n)
{
    for (size_t k = 0; generic_title_words[k]; k++)
        if (strlen(generic_title_words[k]) == n && memcmp(generic_title_words[k], w, n) == 0)
            return 1;
    return 0;
}

/* Support of a title by the article's words, in per mille; -1 when the title has fewer than
 * TELLING_WORDS_MIN telling words. A word counts when an article word starts with it
 * ("stranding" in "strandings"), and once: a site's keyword list ("Football News | Football
 * Transfer News, Live Football Scores") repeats its one word that every story uses. */
static int
title_support(pith_ctx *ctx, const char *title, const char *article_words,
              const char *site_words, const char *host_label)
{
    char *tw = pith_fold_words(ctx, title, NULL);
    if (!tw || !article_words)
        return -1;
    /* the words that spell the host's name ("Times and Star" of timesandstar.co.uk) */
    const char *host_from = NULL, *host_to = NULL;
    pith_words_spell(tw, host_label, &host_from, &host_to);
    size_t telling = 0, found = 0;
    char probe[64];
    for (const char *s = tw + 1; *s;) {
        const char *e = strchr(s, ' ');
        if (!e)
            break;
        size_t n = (size_t)(e - s);
        probe[0] = ' ';
        if (n + 3 < sizeof probe) {
            memcpy(probe + 1, s, n);
            probe[n + 1] = ' ';
            probe[n + 2] = '\0';
        }
        /* the site's own name ("Reuters" of reuters.com) says nothing about the story; the
         * word seen before (tw up to s) counted already */
        int again = 0;
        if (n + 3 < sizeof probe) {
            const char *seen = strstr(tw, probe);
            again = seen && seen + 1 < s;
        }
        if (n >= TELLING_WORD_MIN_CHARS && n + 3 < sizeof probe && !is_generic_title_word(s, n) &&
            !again && !(site_words && strstr(site_words, probe)) &&
            !(host_from && s >= host_from && s < host_to)) {
            telling++;
            probe[n + 1] = '\0';
            /* "draws" in an article that says "draw" */
            if (strstr(article_words, probe) ||
                (n >= 4 && s[n - 1] == 's' && (probe[n] = '\0', strstr(article_words, probe))))
                found++;
        }
        s = e + 1;
    }
    return telling >= TELLING_WORDS_MIN ? (int)(found * 1000 / telling) : -1;
}

/* A title that reads as a site's or a section's: parts joined by a separator, a domain, or a
 * word such as "News" or "Online". A page-specific title without these ("Replace font tags
 * test") is left alone even when the article does not repeat it. */
static int
title_names_site(pith_ctx *ctx, const char *title, const char *site)
{
    for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0]; k++)
        if (strstr(title, title_seps[k]))
            return 1;
    if (strstr(title, " : ") || strstr(title, ": ") || pith_find_ci(title, strlen(title), ".com") ||
        pith_find_ci(title, strlen(title), ".net") || pith_find_ci(title, strlen(title), ".co."))
        return 1;
    char *tw = pith_fold_words(ctx, title, NULL);
    if (!tw)
        return 0;
    for (const char *s = tw + 1; *s;) {
        const char *e = strchr(s, ' ');
        if (!e)
            break;
        if (is_generic_title_word(s, (size_t)(e - s)) && e - s > 3)
            return 1;
        s = e + 1;
    }
    char *sf = site ? pith_fold_words(ctx, site, NULL) : NULL;
    return sf && strlen(sf) > 2 && strstr(tw, sf) != NULL;
}

/* A site's list of its keywords for search engines ("Football News | Football Transfer News,
 * Live Football Scores", "workington news sport, west cumbria news, lake district news"):
 * three items or more, split at commas and separators, of which two share a word. A
 * headline lists names ("George Mitchell, Bud Selig, Donald Fehr Head To Congress") without
 * repeating them. Its words are the site's beat, which any of its stories uses: their
 * support proves nothing. */
static int
keyword_list(pith_ctx *ctx, const char *title)
{
    char *t = pith_strndup(ctx, title, strlen(title));
    if (!t)
        return 0;
    size_t items = 1;
    for (char *c = t; *c; c++)
        if (*c == ',' || *c == '|' || *c == ';') {
            *c = '\n';
            items++;
        }
    if (items < 3)
        return 0;
    /* each word of each item, looked up in the items after it */
    char *item[16];
    size_t n = 0;
    for (char *c = t, *start = t; n < 16; c++)
        if (*c == '\n' || !*c) {
            int last = !*c;
            *c = '\0';
            item[n++] = pith_fold_words(ctx, start, NULL);
            if (last)
                break;
            start = c + 1;
        }
    for (size_t a = 0; a < n; a++)
        for (const char *w = item[a] ? item[a] + 1 : ""; *w;) {
            const char *e = strchr(w, ' ');
            if (!e)
                break;
            char probe[64];
            size_t len = (size_t)(e - w);
            if (len >= TELLING_WORD_MIN_CHARS && len + 3 < sizeof probe &&
                !(len == 3 && (memcmp(w, "the", 3) == 0 || memcmp(w, "and", 3) == 0))) {
                probe[0] = ' ';
                memcpy(probe + 1, w, len);
                probe[len + 1] = ' ';
                probe[len + 2] = '\0';
                for (size_t b = a + 1; b < n; b++)
                    if (item[b] && strstr(item[b], probe))
                        return 1;
            }
            w = e + 1;
        }
    return 0;
}

/* The article's prose (see PROSE_*), word-folded. */
static char *
article_prose_words(pith_ctx *ctx, const pith_blocks *blocks)
{
    pith_buf b;
    pith_buf_init(&b, ctx);
    for (size_t i = 0; i < blocks->n && i < PROSE_MAX_BLOCKS && b.len < PROSE_MAX_BYTES; i++) {
        const pith_block *blk = &blocks->items[i];
        if (blk->type != PITH_BLOCK_PARAGRAPH && blk->type != PITH_BLOCK_LIST_ITEM &&
            blk->type != PITH_BLOCK_QUOTE)
            continue;
        size_t words = 0;
        if (!blk->text || !pith_fold_words(ctx, blk->text, &words) || words < PROSE_MIN_WORDS)
            continue;
        pith_buf_append(&b, blk->text, strlen(blk->text));
        pith_buf_append(&b, " ", 1);
    }
    return b.len ? pith_fold_words(ctx, b.data, NULL) : NULL;
}

static int
all_caps(const char *s)
{
    int upper = 0;
    for (; *s; s++) {
        if (*s >= 'a' && *s <= 'z')
            return 0;
        upper += *s >= 'A' && *s <= 'Z';
    }
    return upper > 0;
}

/* Markup weight of a heading candidate; 0 when the element is no heading at all. 2000s
 * table layouts mark headlines with <b> or <font> as often as with <h1>, and a headline or
 * title class marks one whatever the tag. */
static int
heading_markup(const pith_node *n)
{
    int weight;
    switch (n->tag) {
    case GUMBO_TAG_H1: weight = 40; break;
    case GUMBO_TAG_H2: weight = 30; break;
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: weight = 20; break;
    case GUMBO_TAG_B: case GUMBO_TAG_STRONG: case GUMBO_TAG_FONT: weight = 10; break;
    default: weight = 0; break;
    }
    if (n->hints & PITH_HINT_TITLE)
        weight += 30;
    return weight;
}

/* A line that is mostly a date ("1. November 2023", "Updated 7 January 2022"): the date the
 * parser finds ends this far into it, in tenths. */
#define DATELINE_DATE_TENTHS 8

static int
is_dateline(const char *t, size_t len)
{
    pith_date d;
    size_t used = 0;
    return pith_date_parse_text(t, len, -1, &d, &used) && used * 10 >= len * DATELINE_DATE_TENTHS;
}

/* What the settling compares: the article's prose, the title's support, the article's first
 * kept node and its opening heading (folded). */
typedef struct settle {
    pith_ctx *ctx;
    const pith_doc *doc;
    char *prose;
    int title_score;
    uint32_t first, lo;
    char *site, *lead;
    /* above[k - lo]: the visible text (non-space characters) from node k to the article's
     * first kept node, for k in [lo, first] */
    uint32_t *above;
} settle;

/* Whether heading i links to its own page: a blog's post title is its permalink. */
static int
links_to_itself(const pith_doc *doc, uint32_t i)
{
    for (uint32_t j = i; j < doc->nodes[i].end; j++)
        if (doc->nodes[j].tag == GUMBO_TAG_A &&
            pith_has_token(pith_elem_attr(doc, j, "rel"), "bookmark"))
            return 1;
    return 0;
}

/* Whether element i stands right above the article: it ends before the article's first kept
 * node, with no more text in between than a byline, a dateline and a caption. */
static int
right_above(const settle *st, uint32_t i)
{
    uint32_t end = st->doc->nodes[i].end;
    return i < st->first && end <= st->first && st->above &&
           st->above[end - st->lo] <= SETTLE_ADJACENT_TEXT_CHARS;
}

/* Whether element i is a line of its own rather than words inside a sentence: no text of the
 * parent runs on either side of it, and no line break or block inside it splits it into
 * several lines (a box holding the headline and the byline is not the headline). */
static int
own_line(pith_ctx *ctx, const pith_doc *doc, uint32_t i)
{
    const pith_node *n = &doc->nodes[i];
    if (!pith_spend(ctx, n->end - i))
        return 0;
    uint32_t seen = 0; /* visible text met so far inside i */
    for (uint32_t j = i + 1; j < n->end; j++) {
        const pith_node *d = &doc->nodes[j];
        if (d->type == GUMBO_NODE_TEXT)
            seen += d->text_chars;
        else if (seen > 0 && pith_is_element(doc, j) &&
                 (d->tag == GUMBO_TAG_BR ||
                  (pith_is_block_element((GumboTag)d->tag) && d->text_chars > 0)))
            return 0;
    }
    uint32_t par = n->parent;
    if (par == PITH_NONE)
        return 1;
    /* the siblings next to i: a text node with words beside it makes i part of a sentence */
    uint32_t prev = PITH_NONE, next = PITH_NONE;
    for (uint32_t c = par + 1; c < doc->nodes[par].end; c = doc->nodes[c].end) {
        if (!pith_spend(ctx, 1))
            return 0;
        if (c == i)
            continue;
        if (doc->nodes[c].type == GUMBO_NODE_TEXT && doc->nodes[c].text_chars == 0)
            continue;
        if (doc->nodes[c].type == GUMBO_NODE_COMMENT)
            continue;
        if (c < i)
            prev = c;
        else if (next == PITH_NONE)
            next = c;
    }
    return !(prev != PITH_NONE && doc->nodes[prev].type == GUMBO_NODE_TEXT) &&
           !(next != PITH_NONE && doc->nodes[next].type == GUMBO_NODE_TEXT);
}

/* The score of element i as the article's headline; 0 when it is none. *text_out: its text.
 * Charges the work of reading its text; the caller checks ctx->error. */
static int
heading_score(const settle *st, uint32_t i, char **text_out)
{
    pith_ctx *ctx = st->ctx;
    const pith_node *n = &st->doc->nodes[i];
    int weight = heading_markup(n);
    int adjacent = right_above(st, i);
    /* the headline as the page shows it, whatever its tag or class: a line of its own right
     * above the article; a heading's link may be its permalink ("rel=bookmark"), which a
     * headline right above its article is too */
    int linked = n->link_chars * 2 > n->text_chars;
    if (linked && weight > 0 && (adjacent || links_to_itself(st->doc, i)))
        linked = 0;
    if (n->words < HEADING_MIN_WORDS || n->words > HEADING_MAX_WORDS ||
        n->text_chars > HEADING_MAX_CHARS || linked ||
        (n->hints & (PITH_HINT_BYLINE | PITH_HINT_CAPTION | PITH_HINT_DATE)))
        return 0;
    if (weight == 0) {
        if (!adjacent || !own_line(ctx, st->doc, i))
            return 0;
        weight = HEADING_PLAIN_WEIGHT;
    }
    if (!pith_spend(ctx, n->end - i))
        return 0;
    char *t = pith_node_text_upto(ctx, st->doc, i, 400);
    size_t tl = t ? strlen(t) : 0;
    /* a sentence ending in a full stop is a lead paragraph set in bold, not a headline; a
     * dateline or a file's path is none either, however much the prose uses its words */
    if (tl == 0 || t[tl - 1] == '.' || t[tl - 1] == ':' ||
        (st->site && pith_fold_eq(pith_fold(ctx, t), st->site)) || pith_is_url_like(t) ||
        is_dateline(t, tl))
        return 0;
    int support = title_support(ctx, t, st->prose, NULL, NULL);
    int need = weight == HEADING_PLAIN_WEIGHT ? HEADING_SUPPORT_PERMILLE
               : adjacent                     ? HEADING_ADJACENT_SUPPORT_PERMILLE
                                              : HEADING_SUPPORT_PERMILLE;
    if (support < need || support < st->title_score + HEADING_MARGIN_PERMILLE)
        return 0;
    uint32_t words = n->words > HEADING_WORDS_COUNTED ? HEADING_WORDS_COUNTED : n->words;
    int score = support + weight * HEADING_MARKUP_FACTOR + (int)words * HEADING_WORD_POINTS -
                (all_caps(t) ? HEADING_ALL_CAPS_PENALTY : 0);
    if (st->lead && pith_fold_eq(pith_fold(ctx, t), st->lead))
        score += HEADING_OPENS_ARTICLE_BONUS;
    *text_out = t;
    return score;
}

/* For k in [lo, first]: the visible text (non-space characters of text nodes outside hidden
 * and never-text subtrees) from node k up to node first; NULL when out of memory. */
static uint32_t *
visible_text_above(pith_ctx *ctx, const pith_doc *doc, uint32_t lo, uint32_t first)
{
    if (lo > first) /* the article starts with the body */
        return NULL;
    uint32_t *above = pith_alloc(ctx, (size_t)(first - lo + 1) * sizeof *above);
    if (!above || !pith_spend(ctx, 2 * (uint64_t)(first - lo)))
        return NULL;
    /* the hidden subtrees that begin before lo reach into [lo, first) too */
    uint32_t hidden_end = 0;
    for (uint32_t a = doc->nodes[lo].parent; a != PITH_NONE; a = doc->nodes[a].parent)
        if (doc->nodes[a].hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG) &&
            doc->nodes[a].end > hidden_end)
            hidden_end = doc->nodes[a].end;
    for (uint32_t k = lo; k < first; k++) {
        const pith_node *n = &doc->nodes[k];
        if (pith_is_element(doc, k) && n->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG) &&
            n->end > hidden_end)
            hidden_end = n->end;
        above[k - lo] = n->type == GUMBO_NODE_TEXT && k >= hidden_end ? n->text_chars : 0;
    }
    above[first - lo] = 0;
    for (uint32_t k = first; k-- > lo;)
        above[k - lo] += above[k + 1 - lo];
    return above;
}

/* Whether the title may give way. The metadata's own titles (JSON-LD, og:title, Dublin Core)
 * are the publisher's word and stay; a <title> the body shows as an element was vouched for
 * by the page; a <title> or h1 must read as a site's to lose (a pun such as "Slammer for
 * Rammer" shares no word with its story either). A heading guessed before the article was
 * known and found well below its start always may. */
static int
may_give_way(const pith_meta *meta, uint32_t first)
{
    pith_title_source src = meta->title_source;
    if (src == PITH_TITLE_BODY_HEADLINE && meta->guessed_title_at != PITH_NONE &&
        meta->guessed_title_at > first + SETTLE_AFTER_NODES)
        return 2; /* misplaced */
    if (meta->title && src != PITH_TITLE_NONE && src != PITH_TITLE_TAG &&
        src != PITH_TITLE_TAG_RUN && src != PITH_TITLE_H1)
        return 0;
    return 1;
}

pith_status
pith_title_settle(pith_ctx *ctx, const pith_doc *doc, const pith_selection *sel,
                  const pith_blocks *blocks, pith_meta *meta)
{
    if (!sel || !sel->keep || blocks->n == 0 || doc->body == PITH_NONE)
        return ctx->error;
    uint32_t first = PITH_NONE;
    for (uint32_t i = doc->body; i < doc->n_nodes; i++)
        if (sel->keep[i] == 1) {
            first = i;
            break;
        }
    if (first == PITH_NONE)
        return ctx->error;
    int may = may_give_way(meta, first);
    int misplaced = may == 2;
    if (may == 0)
        return ctx->error;
    /* (a run of the <title> that the body shows was vouched for by the page, unless the run
     * itself reads as a section's name: "Evening News Digest" over the day's story) */
    if (!misplaced && meta->title && !title_names_site(ctx, meta->title, meta->site_name))
        return ctx->error;
    settle st = {ctx, doc, NULL, -1, first, 0, NULL, NULL, NULL};
    st.prose = article_prose_words(ctx, blocks);
    if (!st.prose)
        return ctx->error;
    char *site_words = meta->site_name ? pith_fold_words(ctx, meta->site_name, NULL) : NULL;
    st.title_score = meta->title && !keyword_list(ctx, meta->title)
                         ? title_support(ctx, meta->title, st.prose, site_words, meta->host_label)
                         : -1;
    if (st.title_score >= TITLE_SUPPORTED_PERMILLE && !misplaced)
        return ctx->error;
    uint32_t lo = first > doc->body + SETTLE_BEFORE_NODES ? first - SETTLE_BEFORE_NODES
                                                          : doc->body + 1;
    uint32_t hi = doc->nodes[doc->body].end;
    if (hi > first + SETTLE_AFTER_NODES)
        hi = first + SETTLE_AFTER_NODES;
    st.lo = lo;
    st.above = visible_text_above(ctx, doc, lo, first);
    if (ctx->error != PITH_OK)
        return ctx->error;
    st.site = meta->site_name ? pith_fold(ctx, meta->site_name) : NULL;
    st.lead = blocks->items[0].type == PITH_BLOCK_HEADING ? pith_fold(ctx, blocks->items[0].text)
                                                          : NULL;
    uint32_t best = PITH_NONE, hidden_end = 0;
    int best_score = 0;
    char *best_text = NULL;
    for (uint32_t i = lo; i < hi; i++) {
        if (!pith_spend(ctx, 1))
            return ctx->error;
        const pith_node *n = &doc->nodes[i];
        if (n->type != GUMBO_NODE_ELEMENT)
            continue;
        if (n->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG | PITH_HINTS_BOILERPLATE)) {
            if (n->end > hidden_end)
                hidden_end = n->end;
            continue;
        }
        if (i < hidden_end)
            continue;
        char *t = NULL;
        int score = heading_score(&st, i, &t);
        if (ctx->error != PITH_OK)
            return ctx->error;
        if (score > best_score) {
            best_score = score;
            best = i;
            best_text = t;
        }
    }
    if (best == PITH_NONE)
        return ctx->error;
    const char *src = pith_title_source_name(meta->title_source);
    pith_explain(ctx, "meta title: '%s' from a heading before the article, whose prose uses "
                 "its words (the title '%s' from %s: %d per mille)", best_text,
                 meta->title ? meta->title : "", src ? src : "none", st.title_score);
    meta->title = best_text;
    meta->title_source = PITH_TITLE_ARTICLE_HEADING;
    meta->title_node = best;
    return ctx->error;
}
