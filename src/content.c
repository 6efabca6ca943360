/* SPDX-License-Identifier: MIT */
/*
 * Content: which part of the page is the article.
 *
 * Evidence is combined rather than one rule trusted:
 * - readability-style container scoring: every paragraph-like block scores by its length and
 *   punctuation and gives that score to its ancestors (less with each level), weighed by the
 *   ancestors' tag and class/id vocabulary and discounted by link density;
 * - structural hints: itemprop=articleBody and common article-body classes, <article>, <main>,
 *   and the h1 that matches the title (the article's text follows it);
 * - agreement: a semantic container is preferred when it holds the scored container or most
 *   of its text; the scored container wins when the hint points at a small or link-heavy box.
 * Siblings of the winner that look like article text are merged, as multi-part articles split
 * by ads and promos sit in sibling boxes.
 */
#include <string.h>

#include "internal.h"

/* Relaxation levels, tried in order while the result is implausibly short. */
#define RELAX_NONE 0
#define RELAX_UNLIKELY 1 /* no longer skip boxes with boilerplate class names */
#define RELAX_WEIGHTS 2  /* no longer weigh class names at all */

static int
is_element_node(const pith_node *n)
{
    return n->type == GUMBO_NODE_ELEMENT;
}

int
pith_is_block_element(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HR: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_FIGURE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_MENU: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
    case GUMBO_TAG_NOSCRIPT:
        return 1;
    default:
        return 0;
    }
}

static int
tag_score(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
        return 5;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_SECTION:
        return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM:
        return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TH:
        return -5;
    default:
        return 0;
    }
}

/* Boxes whose class names or landmark say boilerplate. A box that holds most of the page's
 * text is never one: some sites put words like "social" on their outermost wrapper. */
static int
is_unlikely(const pith_doc *doc, uint32_t i, uint32_t body_chars)
{
    const pith_node *n = &doc->nodes[i];
    if (n->tag == GUMBO_TAG_BODY || n->tag == GUMBO_TAG_HTML || n->tag == GUMBO_TAG_ARTICLE ||
        n->tag == GUMBO_TAG_MAIN)
        return 0;
    if (n->hints & (PITH_HINT_ARTICLE_BODY))
        return 0;
    int hinted = (n->hints & PITH_HINTS_BOILERPLATE) && !(n->hints & PITH_HINT_POSITIVE);
    int landmark = (n->hints & PITH_HINT_META_AREA) != 0;
    if (!hinted && !landmark)
        return 0;
    if (body_chars && n->text_chars * 2 > body_chars && n->paragraphs >= 3)
        return 0;
    return 1;
}

typedef struct scorer {
    pith_ctx *ctx;
    const pith_doc *doc;
    double *score;
    uint8_t *init;
    int relax;
} scorer;

static void
init_candidate(scorer *s, uint32_t i)
{
    if (s->init[i])
        return;
    s->init[i] = 1;
    const pith_node *n = &s->doc->nodes[i];
    double v = tag_score((GumboTag)n->tag);
    if (s->relax < RELAX_WEIGHTS)
        v += n->class_weight;
    if (n->hints & PITH_HINT_ARTICLE_BODY)
        v += 25;
    s->score[i] = v;
}

/* Gives a paragraph's score to its ancestors: all to the parent, half to the grandparent,
 * then a third of a level's worth further up, as readability does. */
static void
propagate(scorer *s, uint32_t from, double value)
{
    const pith_doc *doc = s->doc;
    uint32_t a = from;
    for (int level = 0; level < 5 && a != PITH_NONE; level++) {
        const pith_node *n = &doc->nodes[a];
        if (!is_element_node(n) || n->tag == GUMBO_TAG_HTML)
            break;
        init_candidate(s, a);
        double div = level == 0 ? 1.0 : level == 1 ? 2.0 : (double)level * 3.0;
        s->score[a] += value / div;
        a = n->parent;
    }
}

/* The value of a paragraph whose text is split by <br><br> runs: each part scores as a
 * paragraph of its own, as readability turns such runs into <p>s before scoring. Only the
 * text not inside child blocks counts when loose_only. */
static double
segmented_value(const pith_doc *doc, uint32_t i, int loose_only, uint32_t *chars_out)
{
    const pith_node *nd = &doc->nodes[i];
    double value = (double)nd->commas;
    uint32_t seg = 0, total = 0;
    unsigned brs = 0;
    for (uint32_t j = i + 1; j < nd->end;) {
        const pith_node *c = &doc->nodes[j];
        if (c->type == GUMBO_NODE_ELEMENT) {
            if (c->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN)) {
                j = c->end;
                continue;
            }
            if (c->tag == GUMBO_TAG_BR) {
                if (++brs >= 2 && seg >= 25) {
                    double len_part = (double)seg / 85.0;
                    value += 1.0 + (len_part > 3.0 ? 3.0 : len_part);
                    total += seg;
                    seg = 0;
                }
                j++;
                continue;
            }
            if (loose_only && pith_is_block_element((GumboTag)c->tag)) {
                j = c->end;
                continue;
            }
            j++;
            continue;
        }
        if (c->text && c->type != GUMBO_NODE_WHITESPACE) {
            seg += c->text_chars;
            brs = 0;
        }
        j++;
    }
    if (seg >= 25 || (total == 0 && seg > 0)) {
        double len_part = (double)seg / 85.0;
        value += 1.0 + (len_part > 3.0 ? 3.0 : len_part);
    }
    total += seg;
    if (chars_out)
        *chars_out = total;
    return value;
}

static int
ends_sentence(const pith_ctx *ctx, const pith_doc *doc, uint32_t i)
{
    (void)ctx;
    /* last text node with content */
    for (uint32_t j = doc->nodes[i].end; j-- > i;) {
        const pith_node *n = &doc->nodes[j];
        if (!n->text || n->type == GUMBO_NODE_WHITESPACE)
            continue;
        const char *t = n->text;
        size_t len = n->text_len;
        while (len && (t[len - 1] == ' ' || t[len - 1] == '\n' || t[len - 1] == '\t'))
            len--;
        if (!len)
            continue;
        char c = t[len - 1];
        return c == '.' || c == '!' || c == '?' || c == '"' || (unsigned char)c >= 0x80;
    }
    return 0;
}

static uint32_t
common_ancestor(const pith_doc *doc, uint32_t a, uint32_t b)
{
    while (a != b) {
        if (a == PITH_NONE || b == PITH_NONE)
            return PITH_NONE;
        if (doc->nodes[a].depth > doc->nodes[b].depth)
            a = doc->nodes[a].parent;
        else
            b = doc->nodes[b].parent;
    }
    return a;
}

static int
contains(const pith_doc *doc, uint32_t outer, uint32_t inner)
{
    return inner >= outer && inner < doc->nodes[outer].end;
}

static int
same_class(const pith_doc *doc, uint32_t a, uint32_t b)
{
    const char *x = pith_attr(doc->nodes[a].g, "class");
    const char *y = pith_attr(doc->nodes[b].g, "class");
    return x && y && *x && strcmp(x, y) == 0;
}

/* The best semantic container: itemprop=articleBody / article-body classes, else a lone
 * <article> or <main>. Only boxes with real text count. */
static uint32_t
semantic_candidate(const pith_doc *doc, const uint8_t *blocked)
{
    uint32_t best_body = PITH_NONE, best_article = PITH_NONE, best_main = PITH_NONE;
    unsigned n_article = 0;
    for (uint32_t i = 1; i < doc->n_nodes; i++) {
        const pith_node *n = &doc->nodes[i];
        if (!is_element_node(n) || blocked[i] || n->text_chars < 200)
            continue;
        if (pith_link_density(n) > 0.5)
            continue;
        if ((n->hints & PITH_HINT_ARTICLE_BODY) &&
            (best_body == PITH_NONE || n->text_chars > doc->nodes[best_body].text_chars))
            best_body = i;
        if (n->tag == GUMBO_TAG_ARTICLE) {
            n_article++;
            if (best_article == PITH_NONE ||
                n->text_chars > doc->nodes[best_article].text_chars)
                best_article = i;
        }
        if (n->tag == GUMBO_TAG_MAIN && best_main == PITH_NONE)
            best_main = i;
    }
    if (best_body != PITH_NONE)
        return best_body;
    if (best_article != PITH_NONE && n_article == 1)
        return best_article;
    return PITH_NONE;
}

/* ---- agreement with the JSON-LD articleBody ---- */

/* A set of word hashes, open addressing; words are case-folded for ASCII. */
typedef struct word_set {
    uint64_t *slots;
    size_t cap, n;
} word_set;

static uint64_t
word_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 1099511628211ull;
    }
    return h ? h : 1;
}

/* Calls fn for each word of s (runs of word characters). */
static void
for_each_word(const char *s, size_t len, void (*fn)(void *, uint64_t), void *arg)
{
    size_t i = 0, start = 0;
    int in = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = pith_utf8_next(s + i, len - i, &cp);
        if (k == 0)
            k = 1;
        int w = pith_is_word_cp(cp);
        if (w && !in)
            start = i;
        if (!w && in)
            fn(arg, word_hash(s + start, i - start));
        in = w;
        i += k;
    }
    if (in)
        fn(arg, word_hash(s + start, len - start));
}

static void
set_add(void *arg, uint64_t h)
{
    word_set *ws = arg;
    size_t mask = ws->cap - 1, i = (size_t)h & mask;
    while (ws->slots[i] && ws->slots[i] != h)
        i = (i + 1) & mask;
    if (!ws->slots[i] && ws->n + 1 < ws->cap / 2) {
        ws->slots[i] = h;
        ws->n++;
    }
}

typedef struct overlap {
    const word_set *ref;
    size_t words, hits;
    word_set seen; /* reference words found, for coverage */
} overlap;

static int
set_has(const word_set *ws, uint64_t h)
{
    size_t mask = ws->cap - 1, i = (size_t)h & mask;
    while (ws->slots[i]) {
        if (ws->slots[i] == h)
            return 1;
        i = (i + 1) & mask;
    }
    return 0;
}

static void
count_overlap(void *arg, uint64_t h)
{
    overlap *o = arg;
    o->words++;
    if (set_has(o->ref, h)) {
        o->hits++;
        set_add(&o->seen, h);
    }
}

/* How well the text of subtree i agrees with the reference words: the harmonic mean of
 * the share of its words that are in the reference and the share of the reference found. */
static double
agreement(pith_ctx *ctx, const pith_doc *doc, uint32_t i, const word_set *ref)
{
    size_t len;
    char *text = pith_node_text(ctx, doc, i, &len);
    if (!text)
        return 0.0;
    overlap o = {ref, 0, 0, {NULL, ref->cap, 0}};
    o.seen.slots = pith_calloc(ctx, ref->cap, sizeof *o.seen.slots);
    if (!o.seen.slots) {
        pith_free(ctx, text);
        return 0.0;
    }
    for_each_word(text, len, count_overlap, &o);
    pith_free(ctx, text);
    double purity = o.words ? (double)o.hits / (double)o.words : 0.0;
    double coverage = ref->n ? (double)o.seen.n / (double)ref->n : 0.0;
    pith_free(ctx, o.seen.slots);
    return purity + coverage > 0 ? 2.0 * purity * coverage / (purity + coverage) : 0.0;
}

/* When the page states its article text in JSON-LD, the candidate whose words agree with it
 * best is the article: returns that candidate if it clearly beats the current choice. */
static uint32_t
jsonld_choice(pith_ctx *ctx, const pith_doc *doc, const char *body, uint32_t top,
              const uint32_t *cands, unsigned n_cands)
{
    size_t blen = strlen(body);
    word_set ref = {NULL, 1024, 0};
    while (ref.cap < blen)
        ref.cap *= 2;
    ref.slots = pith_calloc(ctx, ref.cap, sizeof *ref.slots);
    if (!ref.slots)
        return top;
    for_each_word(body, blen, set_add, &ref);
    uint32_t best = top;
    double top_score = agreement(ctx, doc, top, &ref), best_score = top_score;
    for (unsigned k = 0; k < n_cands; k++) {
        if (cands[k] == top || cands[k] == PITH_NONE)
            continue;
        double a = agreement(ctx, doc, cands[k], &ref);
        if (a > best_score) {
            best_score = a;
            best = cands[k];
        }
    }
    pith_explain(ctx, "content: JSON-LD articleBody (%zu words): agreement %.2f with #%u, best %.2f "
                      "with #%u",
                 ref.n, top_score, top, best_score, best);
    pith_free(ctx, ref.slots);
    return best_score > top_score + 0.15 ? best : top;
}

pith_status
pith_content(pith_ctx *ctx, const pith_doc *doc, const pith_meta *meta, pith_selection *sel)
{
    int relax = sel->relax;
    sel->container = PITH_NONE;
    sel->keep = NULL;
    uint32_t n = doc->n_nodes;
    if (n == 0 || doc->body == PITH_NONE)
        return PITH_OK;
    if (!pith_spend(ctx, (uint64_t)n * 4))
        return ctx->error;
    scorer s = {ctx, doc, NULL, NULL, relax};
    s.score = pith_calloc(ctx, n, sizeof *s.score);
    s.init = pith_calloc(ctx, n, 1);
    uint8_t *blocked = pith_calloc(ctx, n, 1);
    /* paragraph text (not in links) in each subtree: the article's mass, for climbing */
    uint32_t *ptext = pith_calloc(ctx, n, sizeof *ptext);
    sel->keep = pith_calloc(ctx, n, 1);
    if (!s.score || !s.init || !blocked || !sel->keep || !ptext)
        return ctx->error;
    uint32_t body_chars = doc->nodes[doc->body].text_chars;

    /* Blocked: hidden, never-text, and (unless relaxed) unlikely boxes, with all they hold. */
    for (uint32_t i = 1; i < n; i++) {
        const pith_node *nd = &doc->nodes[i];
        uint32_t p = nd->parent;
        if (p != PITH_NONE && blocked[p]) {
            blocked[i] = 1;
            continue;
        }
        if (!is_element_node(nd))
            continue;
        if (nd->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG))
            blocked[i] = 1;
        else if (relax < RELAX_UNLIKELY && is_unlikely(doc, i, body_chars))
            blocked[i] = 1;
    }

    /* Score paragraphs: p/pre/td and the loose text of boxes (div soup, br-separated text). */
    for (uint32_t i = 1; i < n; i++) {
        const pith_node *nd = &doc->nodes[i];
        if (!is_element_node(nd) || blocked[i])
            continue;
        GumboTag t = (GumboTag)nd->tag;
        if (t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_BLOCKQUOTE) {
            if (nd->text_chars >= 25) {
                propagate(&s, nd->parent, segmented_value(doc, i, 0, NULL));
                ptext[i] += nd->text_chars - nd->link_chars;
            }
            continue;
        }
        if (!pith_is_block_element(t) || t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML)
            continue;
        /* the text of this box not inside a child block */
        uint32_t loose = 0;
        const pith_node *stats = nd;
        for (uint32_t j = i + 1; j < nd->end;) {
            const pith_node *c = &doc->nodes[j];
            if (is_element_node(c) && pith_is_block_element((GumboTag)c->tag)) {
                j = c->end;
                continue;
            }
            if (c->text && c->type != GUMBO_NODE_WHITESPACE)
                loose += c->text_chars;
            j = is_element_node(c) ? j + 1 : c->end;
        }
        if (loose >= 25) {
            /* a leaf box scores as a paragraph of its parent; a mixed box scores itself */
            int leaf = loose * 10 >= stats->text_chars * 9;
            double v = leaf ? segmented_value(doc, i, 0, NULL) : segmented_value(doc, i, 1, NULL);
            propagate(&s, leaf ? nd->parent : i, v);
            if (stats->link_chars * 2 < stats->text_chars)
                ptext[i] += loose;
        }
    }

    for (uint32_t i = n; i-- > 1;)
        if (doc->nodes[i].parent != PITH_NONE)
            ptext[doc->nodes[i].parent] += ptext[i];

    /* Final scores: discounted by link density. */
    uint32_t top = PITH_NONE;
    for (uint32_t i = 1; i < n; i++) {
        if (!s.init[i])
            continue;
        s.score[i] *= 1.0 - pith_link_density(&doc->nodes[i]);
        if (top == PITH_NONE || s.score[i] > s.score[top])
            top = i;
    }
    if (top == PITH_NONE) {
        /* a page of a few short lines: the last, loosest attempt takes the whole body */
        if (relax < RELAX_WEIGHTS || doc->nodes[doc->body].text_chars == 0) {
            pith_explain(ctx, "content: no scored paragraphs (relax %d)", relax);
            pith_free(ctx, s.score);
            pith_free(ctx, s.init);
            pith_free(ctx, blocked);
            pith_free(ctx, ptext);
            return PITH_OK;
        }
        top = doc->body;
        init_candidate(&s, top);
    }
    if (ctx->explain) {
        /* the five best candidates, so a changed choice shows what it was chosen over */
        uint32_t best[5];
        unsigned nb = 0;
        for (uint32_t i = 1; i < n; i++) {
            if (!s.init[i])
                continue;
            unsigned k = nb < 5 ? nb++ : 5;
            while (k > 0 && s.score[best[k - 1]] < s.score[i]) {
                if (k < 5)
                    best[k] = best[k - 1];
                k--;
            }
            if (k < 5)
                best[k] = i;
        }
        for (unsigned k = 0; k < nb; k++) {
            const pith_node *c = &doc->nodes[best[k]];
            const char *cls = pith_attr(c->g, "class");
            const char *id = pith_attr(c->g, "id");
            if (!cls)
                cls = "";
            if (!id)
                id = "";
            /* class and id are cut on a character boundary: explain stays UTF-8 */
            int cls_n = (int)pith_utf8_prefix(cls, strlen(cls), 40);
            int id_n = (int)pith_utf8_prefix(id, strlen(id), 30);
            pith_explain(ctx,
                         "content: candidate %u <%s class=\"%.*s\" id=\"%.*s\"> #%u score %.1f, "
                         "%u chars, %.0f%% links, %u paragraphs (relax %d)",
                         k + 1, gumbo_normalized_tagname((GumboTag)c->tag), cls_n, cls, id_n, id,
                         best[k], s.score[best[k]], c->text_chars,
                         100.0 * pith_link_density(c), c->paragraphs, relax);
        }
    }

    /* Several near-best candidates under one ancestor: the article spans them. */
    {
        uint32_t alts[5];
        unsigned n_alts = 0;
        double top_score = s.score[top];
        for (uint32_t i = 1; i < n && n_alts < 5; i++) {
            if (i == top || !s.init[i] || s.score[i] < top_score * 0.75)
                continue;
            if (contains(doc, i, top) || contains(doc, top, i))
                continue;
            alts[n_alts++] = i;
        }
        if (n_alts >= 2) {
            uint32_t anc = top;
            unsigned joined = 0;
            for (unsigned k = 0; k < n_alts; k++) {
                uint32_t c = common_ancestor(doc, anc, alts[k]);
                if (c != PITH_NONE && c != doc->body && doc->nodes[c].tag != GUMBO_TAG_HTML &&
                    c != 0) {
                    anc = c;
                    joined++;
                }
            }
            if (joined >= 2 && anc != top) {
                pith_explain(ctx, "content: %u near-best candidates share <%s> #%u", joined + 1,
                             gumbo_normalized_tagname((GumboTag)doc->nodes[anc].tag), anc);
                top = anc;
                init_candidate(&s, top);
            }
        }
    }

    /* Climb while the parent scores better, or is just a wrapper around the top. */
    {
        double last = s.score[top];
        uint32_t p = doc->nodes[top].parent;
        while (p != PITH_NONE && p != doc->body && doc->nodes[p].tag != GUMBO_TAG_HTML) {
            if (s.init[p] && s.score[p] > last && s.score[p] >= last / 3.0) {
                top = p;
                last = s.score[p];
            } else if (!s.init[p] || s.score[p] < last / 3.0) {
                break;
            }
            p = doc->nodes[p].parent;
        }
        while (top != doc->body && doc->nodes[top].parent != PITH_NONE &&
               doc->nodes[top].parent != doc->body &&
               doc->nodes[doc->nodes[top].parent].tag != GUMBO_TAG_HTML) {
            uint32_t par = doc->nodes[top].parent;
            if (doc->nodes[par].text_chars > doc->nodes[top].text_chars)
                break;
            top = par;
        }
    }

    /* Climb while the parent adds substantial paragraph text with few links: an article split
     * into sections, each scored on its own, lives in their common parent. */
    for (;;) {
        uint32_t par = doc->nodes[top].parent;
        if (par == PITH_NONE || par == doc->body || doc->nodes[par].tag == GUMBO_TAG_HTML ||
            blocked[par])
            break;
        const pith_node *pn = &doc->nodes[par], *tn = &doc->nodes[top];
        uint32_t added_p = ptext[par] - ptext[top];
        uint32_t added_text = pn->text_chars - tn->text_chars;
        uint32_t added_links = pn->link_chars - tn->link_chars;
        if (added_p < 400 || added_p * 2 < ptext[top] || added_links * 10 > added_text * 3 ||
            added_p * 10 < added_text * 6)
            break;
        pith_explain(ctx, "content: climb to <%s> #%u: %u more paragraph chars",
                     gumbo_normalized_tagname((GumboTag)pn->tag), par, added_p);
        top = par;
        init_candidate(&s, top);
    }

    /* Structural agreement. */
    uint32_t sem = semantic_candidate(doc, blocked);
    if (sem != PITH_NONE && sem != top) {
        const pith_node *sn = &doc->nodes[sem], *tn = &doc->nodes[top];
        const char *why = NULL;
        if (contains(doc, sem, top)) {
            /* the hint holds the scored box: take it if it is not mostly other text */
            if (sn->text_chars <= tn->text_chars * 3 || sn->paragraphs <= tn->paragraphs * 2)
                why = "holds the scored container";
        } else if (contains(doc, top, sem)) {
            if (sn->text_chars * 10 >= tn->text_chars * 6)
                why = "holds most of the scored container's text";
        } else if (sn->text_chars > tn->text_chars &&
                   pith_link_density(sn) < pith_link_density(tn) + 0.1) {
            why = "has more text than the scored container";
        }
        pith_explain(ctx, "content: semantic container <%s> #%u chars %u: %s",
                     gumbo_normalized_tagname((GumboTag)sn->tag), sem, sn->text_chars,
                     why ? why : "rejected");
        if (why) {
            top = sem;
            init_candidate(&s, top);
        }
    }

    /* The page's own statement of its text, when long enough to judge by. */
    if (meta->jsonld_body && strlen(meta->jsonld_body) >= 400) {
        uint32_t cands[8];
        unsigned nc = 0;
        for (uint32_t i = 1; i < n && nc < 6; i++) {
            if (!s.init[i] || blocked[i])
                continue;
            /* the six best, by insertion into a small sorted array */
            unsigned k = nc < 6 ? nc++ : 6;
            while (k > 0 && s.score[cands[k - 1]] < s.score[i]) {
                if (k < 6)
                    cands[k] = cands[k - 1];
                k--;
            }
            if (k < 6)
                cands[k] = i;
        }
        if (sem != PITH_NONE)
            cands[nc++] = sem;
        uint32_t chosen = jsonld_choice(ctx, doc, meta->jsonld_body, top, cands, nc);
        if (chosen != top) {
            pith_explain(ctx, "content: JSON-LD articleBody agrees better with #%u", chosen);
            top = chosen;
            init_candidate(&s, top);
        }
    }

    sel->container = top;
    sel->keep[top] = 1;

    /* A lead paragraph (standfirst) often sits with the title in a hero box above the body:
     * between the title heading and the container, keep real paragraphs when little else
     * stands between them. */
    uint32_t tn = meta->title_node;
    if (tn != PITH_NONE && tn < top && !contains(doc, tn, top) &&
        ctx->opts->bias != PITH_BIAS_PRECISION) {
        uint32_t from = doc->nodes[tn].end, between = 0;
        for (uint32_t j = from; j < top; j++)
            if (doc->nodes[j].text && !blocked[j])
                between += doc->nodes[j].text_chars;
        for (uint32_t j = from; j < top && between <= 1200;) {
            const pith_node *c = &doc->nodes[j];
            if (!is_element_node(c) || blocked[j]) {
                j = is_element_node(c) ? c->end : j + 1;
                continue;
            }
            if (contains(doc, j, top)) {
                j++;
                continue;
            }
            if (c->tag == GUMBO_TAG_P && c->text_chars >= 60 && pith_link_density(c) < 0.2 &&
                !(c->hints & (PITH_HINTS_BOILERPLATE | PITH_HINT_BYLINE | PITH_HINT_DATE))) {
                sel->keep[j] = 1;
                pith_explain(ctx, "content: lead paragraph outside the container #%u chars %u", j,
                             c->text_chars);
                j = c->end;
                continue;
            }
            j++;
        }
    }

    /* Merge siblings that look like more of the article. */
    uint32_t parent = doc->nodes[top].parent;
    if (parent != PITH_NONE && doc->nodes[top].tag != GUMBO_TAG_BODY) {
        double top_score = s.score[top];
        /* the bias knob: how much like the article a sibling must look to join it */
        double share = ctx->opts->bias == PITH_BIAS_PRECISION ? 0.3
                       : ctx->opts->bias == PITH_BIAS_RECALL  ? 0.12
                                                               : 0.2;
        double threshold = top_score * share > 10.0 ? top_score * share : 10.0;
        uint32_t pend = doc->nodes[parent].end;
        for (uint32_t j = parent + 1; j < pend; j = doc->nodes[j].end) {
            if (j == top)
                continue;
            const pith_node *c = &doc->nodes[j];
            if (!is_element_node(c) || blocked[j] || c->text_chars == 0)
                continue;
            int keep = 0;
            double bonus = same_class(doc, j, top) ? top_score * 0.2 : 0.0;
            if (s.init[j] && s.score[j] + bonus >= threshold) {
                keep = 1;
            } else if (c->tag == GUMBO_TAG_P) {
                double ld = pith_link_density(c);
                if (c->text_chars > 80 && ld < 0.25)
                    keep = 1;
                else if (c->text_chars > 0 && ld == 0.0 && ends_sentence(ctx, doc, j))
                    keep = 1;
            }
            if (keep) {
                sel->keep[j] = 1;
                pith_explain(ctx, "content: merged sibling <%s> #%u score %.1f chars %u",
                             gumbo_normalized_tagname((GumboTag)c->tag), j,
                             s.init[j] ? s.score[j] : 0.0, c->text_chars);
            }
        }
    }
    pith_free(ctx, s.score);
    pith_free(ctx, s.init);
    pith_free(ctx, blocked);
    pith_free(ctx, ptext);
    return PITH_OK;
}
