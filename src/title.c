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

typedef struct tcand {
    char *text;     /* as found */
    char *stripped; /* site name removed */
    char *folded, *sfolded;
    const char *source;
    int weight;
} tcand;

static const char *const title_seps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » ",
                                         " · ", " // ", " || ", " ~ ", " / "};

static int
matches_other(pith_page *p, const tcand *c, size_t n, size_t self, const char *s, size_t len)
{
    char *t = pith_strndup(p->ctx, s, len);
    char *f = t ? pith_fold(p->ctx, t) : NULL;
    int hit = 0;
    if (f && f[0])
        for (size_t i = 0; i < n && !hit; i++)
            if (i != self && pith_fold_eq(c[i].folded, f))
                hit = 1;
    /* any heading of the page; a short one ("Home") proves nothing */
    if (f && strlen(f) >= 12)
        for (size_t i = 0; i < p->n_heading_fold && !hit; i++)
            if (pith_fold_eq(p->heading_fold[i], f))
                hit = 1;
    pith_free(p->ctx, f);
    pith_free(p->ctx, t);
    return hit;
}

static int
part_is_site(pith_page *p, const char *s, size_t len)
{
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

/* Removes " | Site" / "Site - " style parts when the site is known or the rest is another
 * candidate; the bare title otherwise stays as the page gave it. */
static char *
strip_site(pith_page *p, tcand *c, size_t n, size_t self)
{
    const char *s = c[self].text;
    size_t len = strlen(s);
    /* "Section - Headline - Paper": the run of parts that is a heading of the pith_page */
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
            if (matches_other(p, c, n, self, s + from, to - from)) {
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
                (left >= rlen && matches_other(p, c, n, self, s, left))) {
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
                                 (rlen >= left && matches_other(p, c, n, self, r, rlen)))) {
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
    return r ? r : c[self].text;
}

static void
add_tcand(tcand *c, size_t *n, size_t max, char *text, const char *source, int weight)
{
    if (!text || *n >= max)
        return;
    c[*n] = (tcand){text, NULL, NULL, NULL, source, weight};
    (*n)++;
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
                probe[o++] = pith_lower_ascii(s[k]);
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

/* The headline as the page shows it: the longest body element whose whole text is a run of
 * whole words of the <title> ("Paper: Section: Headline" holds "Headline"). Site names and
 * short runs (a section word, "News") do not count. */
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
    int best_heading = 0;
    uint32_t hidden_end = 0;
    size_t title_len = strlen(title);
    for (uint32_t i = doc->body + 1; i < doc->nodes[doc->body].end; i++) {
        if (!pith_spend(ctx, 1))
            return PITH_NONE;
        const pith_node *n = &doc->nodes[i];
        if (!pith_is_element(doc, i))
            continue;
        if (n->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG)) {
            if (n->end > hidden_end)
                hidden_end = n->end;
            continue;
        }
        /* (fewer than three words cannot be a run that counts, see ew below) */
        if (i < hidden_end || n->text_chars < 8 || n->text_chars > title_len || n->words < 3)
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
        if (ef && ew >= 3 && strstr(tf, ef) &&
            (ew > best_words || (ew == best_words && heading && !best_heading))) {
            char *f = pith_fold(ctx, t);
            if (!pith_page_is_site(p, f)) {
                best = i;
                best_words = ew;
                best_heading = heading;
                *text_out = t;
            }
        }
    }
    return best;
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
    for (uint32_t i = doc->body + 1; i < doc->nodes[doc->body].end; i++) {
        if (!pith_spend(ctx, 1))
            return PITH_NONE;
        const pith_node *n = &doc->nodes[i];
        if (!pith_is_element(doc, i))
            continue;
        if (n->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG)) {
            if (n->end > hidden_end)
                hidden_end = n->end;
            continue;
        }
        if (n->hints & (PITH_HINT_NAV | PITH_HINT_META_AREA | PITH_HINT_NEGATIVE |
                        PITH_HINTS_BOILERPLATE) &&
            n->end > nav_end)
            nav_end = n->end;
        if (i < hidden_end || i < nav_end)
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

void
pith_title_choose(pith_page *p, pith_meta *out)
{
    pith_ctx *ctx = p->ctx;
    tcand c[16];
    size_t n = 0;
    int hscore = 0;
    const size_t max = sizeof c / sizeof c[0];
    /* Trust order decides; agreement (at most +9) only breaks near-ties, such as the
     * JSON-LD headline against its name, or which h1. */
    add_tcand(c, &n, max, p->ld.headline, "json-ld", 100);
    if (p->ld_extra.name && (!p->ld.headline || strcmp(p->ld_extra.name, p->ld.headline) != 0))
        add_tcand(c, &n, max, p->ld_extra.name, "json-ld", 100);
    add_tcand(c, &n, max, pith_page_meta(p, "dc:title"), "meta:dc:title", 90);
    add_tcand(c, &n, max, pith_page_meta(p, "dcterm:title"), "meta:dcterm:title", 89);
    add_tcand(c, &n, max, pith_page_meta(p, "og:title"), "meta:og:title", 80);
    /* Dublin Core in HTML ("DC.Title", "DCTERMS.title"): CMS templates fill it less
     * carefully than og:title, but it beats the <title> */
    add_tcand(c, &n, max, pith_page_meta(p, "dc.title"), "meta:dc.title", 76);
    add_tcand(c, &n, max, pith_page_meta(p, "dcterms.title"), "meta:dcterms.title", 75);
    add_tcand(c, &n, max, pith_page_meta(p, "twitter:title"), "meta:twitter:title", 70);
    add_tcand(c, &n, max, pith_page_meta(p, "parsely-title"), "meta:parsely-title", 65);
    /* markup or script in the <title> ("BBC SPORTi library-->", "x' + OAS_query + '\">")
     * is a page saved broken: its <title> says nothing */
    if (p->title_tag && !strstr(p->title_tag, "-->") && !strstr(p->title_tag, "');") &&
        !strstr(p->title_tag, "'\">"))
        add_tcand(c, &n, max, p->title_tag, "title", 50);
    size_t first_markup = n;
    /* the h1: the one that agrees with a candidate above, else the first */
    if (p->n_h1) {
        size_t pick = 0;
        int found = 0;
        for (size_t h = 0; h < p->n_h1 && !found; h++) {
            char *hf = pith_fold(ctx, p->h1_text[h]);
            for (size_t k = 0; k < first_markup && !found; k++) {
                char *kf = pith_fold(ctx, c[k].text);
                if (headings_match(hf, kf)) {
                    pick = h;
                    found = 1;
                }
            }
        }
        add_tcand(c, &n, max, p->h1_text[pick], "h1", 40);
    }
    /* other headings only corroborate: class="title" and h2 are as often a widget's */
    for (size_t h = 0; h < p->n_htitle && h < 3; h++)
        add_tcand(c, &n, max, p->htitle_text[h], "headline-class", 0);
    for (size_t h = 0; h < p->n_h2 && h < 2; h++)
        add_tcand(c, &n, max, p->h2_text[h], "h2", 0);
    if (n == 0) {
        char *shown = NULL;
        uint32_t at = body_headline(p, &shown, &hscore);
        if (at != PITH_NONE) {
            out->title = shown;
            out->title_source = "body-headline";
            out->guessed_title_at = at;
            pith_explain(ctx, "meta title: '%s' from a heading the article follows (no <title>)",
                         shown);

        }
        return;
    }
    for (int pass = 0; pass < 4; pass++) {
        char *const *texts = pass == 0 ? p->h1_text
                             : pass == 1 ? p->h2_text
                             : pass == 2 ? p->h3_text
                                         : p->htitle_text;
        size_t cnt = pass == 0 ? p->n_h1 : pass == 1 ? p->n_h2 : pass == 2 ? p->n_h3 : p->n_htitle;
        for (size_t h = 0; h < cnt; h++)
            p->heading_fold[p->n_heading_fold++] = pith_fold(ctx, texts[h]);
    }
    for (size_t i = 0; i < n; i++)
        c[i].folded = pith_fold(ctx, c[i].text);
    for (size_t i = 0; i < n; i++) {
        c[i].stripped = strip_site(p, c, n, i);
        c[i].sfolded = pith_fold(ctx, c[i].stripped);
    }
    int best_score = -1000, best_agree = 0;
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        if (!c[i].sfolded || !c[i].sfolded[0] || pith_page_is_site(p, c[i].sfolded) ||
            c[i].weight == 0)
            continue;
        int agree = 0;
        for (size_t k = 0; k < n; k++)
            if (k != i && strcmp(c[k].source, c[i].source) != 0 &&
                (pith_fold_eq(c[k].sfolded, c[i].sfolded) ||
                 pith_fold_eq(c[k].folded, c[i].sfolded) ||
                 starts_most(c[k].folded, c[i].sfolded)))
                agree++;
        int score = c[i].weight + (agree > 9 ? 9 : agree);
        if (score > best_score) {
            best_score = score;
            best = i;
            best_agree = agree;
        }
    }
    if (best_score == -1000) {
        char *shown = NULL;
        uint32_t at = body_headline(p, &shown, &hscore);
        if (at != PITH_NONE) {
            out->title = shown;
            out->title_source = "body-headline";
            out->guessed_title_at = at;
            pith_explain(ctx, "meta title: '%s' from a heading the article follows (every "
                         "other candidate is the site name)", shown);

            return;
        }
        pith_explain(ctx, "meta title: none (every candidate is the site name)");
        return;
    }
    out->title = c[best].stripped;
    out->title_source = c[best].source;
    /* Without a title in the metadata the <title> carries site and section words that no
     * separator rule separates reliably; the headline as the page shows it decides. */
    if (c[best].weight <= 50 && p->title_tag) {
        char *shown = NULL;
        uint32_t at = title_in_body(p, p->title_tag, &shown);
        char *head = NULL;
        uint32_t hat = PITH_NONE;
        /* a short run ("News Update Service" of "The Paper News Update Service") is the
         * site's banner when a sentence-length headline leads the article */
        if (at != PITH_NONE && shown && best_agree == 0 && c[best].weight == 50 &&
            !pith_is_heading_tag((GumboTag)p->doc->nodes[at].tag) &&
            (hat = body_headline(p, &head, &hscore)) != PITH_NONE &&
            short_title_loses(p, shown, head)) {
            out->title = head;
            out->title_source = "body-headline";
            out->guessed_title_at = hat;
            pith_explain(ctx, "meta title: '%s' from a heading the article follows (score %d); "
                         "the <title> '%s' shows only '%s' in the page", head, hscore,
                         p->title_tag, shown);
        } else if (at != PITH_NONE && shown &&
                   !(!pith_fold_eq(c[best].sfolded, c[best].folded) &&
                     pith_fold_eq(pith_fold(ctx, shown), c[best].folded))) {
            /* (the whole <title>, site name included, shown in a banner or a print header
             * does not undo a site name stripped on another candidate's word) */
            out->title = shown;
            out->title_source = "title+body";
            pith_explain(ctx, "meta title: '%s' from the body, a run of the <title> '%s'",
                         shown, p->title_tag);
            if (pith_is_heading_tag((GumboTag)p->doc->nodes[at].tag))
                out->title_node = at;
        } else if ((title_weak(p, c[best].stripped) ||
                    (best_agree == 0 && c[best].weight == 50)) &&
                   (at = body_headline(p, &shown, &hscore)) != PITH_NONE &&
                   (title_weak(p, c[best].stripped) ||
                    short_title_loses(p, c[best].stripped, shown))) {
            out->title = shown;
            out->title_source = "body-headline";
            out->guessed_title_at = at;
            pith_explain(ctx, "meta title: '%s' from a heading the article follows (score %d); "
                         "the <title> '%s' is not in the page", shown, hscore, p->title_tag);

        }
    }
    if (out->title != c[best].stripped) {
        /* explained above */
    } else if (strcmp(c[best].stripped, c[best].text) != 0)
        pith_explain(ctx, "meta title: '%s' from %s, site name stripped from '%s'", out->title,
                     c[best].source, c[best].text);
    else
        pith_explain(ctx, "meta title: '%s' from %s", out->title, c[best].source);
    for (size_t i = 0; i < n; i++)
        if (i != best)
            pith_explain(ctx, "meta title: candidate '%s' from %s (lost%s)", c[i].text,
                         c[i].source,
                         pith_page_is_site(p, c[i].sfolded) ? ": the site name" : "");
    /* the heading that carries the title, for the content stage */
    char *tf = c[best].sfolded;
    for (int pass = 0; pass < 2 && out->title_node == PITH_NONE; pass++) {
        const uint32_t *idx = pass == 0 ? p->h1 : p->h2;
        char *const *texts = pass == 0 ? p->h1_text : p->h2_text;
        size_t cnt = pass == 0 ? p->n_h1 : p->n_h2;
        for (size_t h = 0; h < cnt; h++)
            if (headings_match(pith_fold(ctx, texts[h]), tf)) {
                out->title_node = idx[h];
                break;
            }
    }
}

/* ---------------------------------------------------------------- the title, settled */

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

/* Share of a title's telling words (three letters or more, not generic) that the article's
 * prose uses, in per mille; -1 when the title has fewer than two such words. A word counts
 * when an article word starts with it ("stranding" in "strandings"). */
static int
title_support(pith_ctx *ctx, const char *title, const char *article_words,
              const char *site_words)
{
    char *tw = pith_fold_words(ctx, title, NULL);
    if (!tw || !article_words)
        return -1;
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
        /* the site's own name ("Reuters" of reuters.com) says nothing about the story */
        if (n >= 3 && n + 3 < sizeof probe && !is_generic_title_word(s, n) &&
            !(site_words && strstr(site_words, probe))) {
            telling++;
            probe[n + 1] = '\0';
            /* "draws" in an article that says "draw" */
            if (strstr(article_words, probe) ||
                (n >= 4 && s[n - 1] == 's' && (probe[n] = '\0', strstr(article_words, probe))))
                found++;
        }
        s = e + 1;
    }
    return telling >= 2 ? (int)(found * 1000 / telling) : -1;
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

/* Prose of the article (paragraphs of a dozen words or more, so that a headline kept as
 * the first block does not vouch for itself), word-folded, up to about 8 KiB. */
static char *
article_prose_words(pith_ctx *ctx, const pith_blocks *blocks)
{
    pith_buf b;
    pith_buf_init(&b, ctx);
    /* the first few hundred blocks: a flood of one-word paragraphs costs no more */
    for (size_t i = 0; i < blocks->n && i < 400 && b.len < 8192; i++) {
        const pith_block *blk = &blocks->items[i];
        if (blk->type != PITH_BLOCK_PARAGRAPH && blk->type != PITH_BLOCK_LIST_ITEM &&
            blk->type != PITH_BLOCK_QUOTE)
            continue;
        size_t words = 0;
        if (!blk->text || !pith_fold_words(ctx, blk->text, &words) || words < 12)
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

/* Nodes before the article's first kept node searched for its headline, and after it. */
#define SETTLE_BEFORE_NODES 400
#define SETTLE_AFTER_NODES 200
#define SETTLE_ADJACENT_NODES 12

pith_status
pith_title_settle(pith_ctx *ctx, const pith_doc *doc, const pith_selection *sel,
                  const pith_blocks *blocks, pith_meta *meta)
{
    /* the metadata's own titles (JSON-LD, og:title, Dublin Core) are the publisher's word */
    const char *src = meta->title_source;
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
    /* a heading guessed before the article was known, found well below its start (a
     * comment form's "Post a comment"), is not its headline */
    int misplaced = src && strcmp(src, "body-headline") == 0 &&
                    meta->guessed_title_at != PITH_NONE &&
                    meta->guessed_title_at > first + SETTLE_AFTER_NODES;
    if (!misplaced && meta->title && src && strcmp(src, "title") != 0 &&
        strcmp(src, "title+body") != 0 && strcmp(src, "h1") != 0)
        return ctx->error;
    /* a <title> the body shows as an element was vouched for by the page; a <title> or h1
     * must read as a site's to lose (a pun such as "Slammer for Rammer" shares no word with
     * its story either) */
    if (!misplaced && ((src && strcmp(src, "title+body") == 0) ||
                       (meta->title && !title_names_site(ctx, meta->title, meta->site_name))))
        return ctx->error;
    char *prose = article_prose_words(ctx, blocks);
    if (!prose)
        return ctx->error;
    char *site_words = meta->site_name ? pith_fold_words(ctx, meta->site_name, NULL) : NULL;
    int title_score = meta->title ? title_support(ctx, meta->title, prose, site_words) : -1;
    if (title_score >= 350 && !misplaced)
        return ctx->error;
    uint32_t lo = first > doc->body + SETTLE_BEFORE_NODES ? first - SETTLE_BEFORE_NODES
                                                          : doc->body + 1;
    uint32_t hi = doc->nodes[doc->body].end;
    if (hi > first + SETTLE_AFTER_NODES)
        hi = first + SETTLE_AFTER_NODES;
    char *site = meta->site_name ? pith_fold(ctx, meta->site_name) : NULL;
    char *lead = blocks->items[0].type == PITH_BLOCK_HEADING ? pith_fold(ctx, blocks->items[0].text)
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
        if (weight == 0 || n->words < 3 || n->words > 25 || n->text_chars > 200 ||
            n->link_chars * 2 > n->text_chars || (n->hints & PITH_HINT_BYLINE))
            continue;
        if (!pith_spend(ctx, n->end - i))
            return ctx->error;
        char *t = pith_node_text_upto(ctx, doc, i, 400);
        size_t tl = t ? strlen(t) : 0;
        /* a sentence ending in a full stop is a lead paragraph set in bold, not a headline */
        if (tl == 0 || t[tl - 1] == '.' || t[tl - 1] == ':' ||
            (site && pith_fold_eq(pith_fold(ctx, t), site)))
            continue;
        int support = title_support(ctx, t, prose, NULL);
        /* right above the article, a heading needs less of its words in the prose */
        int adjacent = i < first && first - i <= SETTLE_ADJACENT_NODES;
        if (support < (adjacent ? 250 : 400) || support < title_score + 250)
            continue;
        /* a sentence-like headline over a short label; capitals throughout mark a section */
        int score = support + weight * 4 + (int)(n->words > 12 ? 12 : n->words) * 20 -
                    (all_caps(t) ? 100 : 0);
        /* the article opens with it */
        if (lead && pith_fold_eq(pith_fold(ctx, t), lead))
            score += 300;
        if (score > best_score) {
            best_score = score;
            best = i;
            best_text = t;
        }
    }
    if (best == PITH_NONE)
        return ctx->error;
    pith_explain(ctx, "meta title: '%s' from a heading before the article, whose prose uses "
                 "its words (the title '%s' from %s: %d per mille)", best_text,
                 meta->title ? meta->title : "", src ? src : "none", title_score);
    meta->title = best_text;
    meta->title_source = "article-heading";
    meta->title_node = best;
    return ctx->error;
}
