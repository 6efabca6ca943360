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

static int
is_element_node(const pith_node *n)
{
    return n->type == GUMBO_NODE_ELEMENT;
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
    if (s->relax < PITH_RELAX_WEIGHTS)
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
ends_sentence(const pith_doc *doc, uint32_t i)
{
    /* last text node with content */
    for (uint32_t j = doc->nodes[i].end; j-- > i;) {
        const pith_node *n = &doc->nodes[j];
        if (!n->text || n->type == GUMBO_NODE_WHITESPACE)
            continue;
        const char *t = n->text;
        size_t len = n->text_len;
        while (len && pith_is_html_space((unsigned char)t[len - 1]))
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
        h = (h ^ pith_ascii_lower((unsigned char)s[i])) * 1099511628211ull;
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

/* ---- the phases of pith_content, in the order it runs them ---- */

/* What the phases share: the scores, the boxes set aside, and the choice so far. */
typedef struct chooser {
    pith_ctx *ctx;
    const pith_doc *doc;
    const pith_meta *meta;
    pith_selection *sel;
    scorer s;
    uint8_t *blocked; /* hidden, never-text, (unless relaxed) unlikely boxes, and what they hold */
    uint32_t *ptext;  /* paragraph text (not in links) in each subtree: the article's mass */
    uint32_t top;     /* the container chosen so far */
} chooser;

/* Up to k scored candidates (skipping those marked in skip, when given), best first; equal
 * scores keep document order. Returns how many were found. */
static unsigned
top_n(const scorer *s, const uint8_t *skip, uint32_t *out, unsigned k)
{
    unsigned found = 0;
    for (uint32_t i = 1; i < s->doc->n_nodes; i++) {
        if (!s->init[i] || (skip && skip[i]))
            continue;
        unsigned at = found < k ? found++ : k;
        while (at > 0 && s->score[out[at - 1]] < s->score[i]) {
            if (at < k)
                out[at] = out[at - 1];
            at--;
        }
        if (at < k)
            out[at] = i;
    }
    return found;
}

/* Why a box is blocked: it is never seen (hidden, never text), or its name or landmark says
 * boilerplate. */
enum { BLOCK_UNSEEN = 1, BLOCK_UNLIKELY = 2 };

/* The page's own statement that a box is its main content: <main>, articleBody markup. Such a
 * box inside one whose class names say boilerplate (a theme that wraps the page in a
 * "left-navigation-wrapper") is still scored: the outer name describes the layout. */
static int
states_main_content(const pith_node *n)
{
    return n->tag == GUMBO_TAG_MAIN || (n->hints & PITH_HINT_ARTICLE_BODY);
}

/* Blocks: hidden, never-text, and (unless relaxed) unlikely boxes, with all they hold. */
static void
block_boxes(chooser *c)
{
    const pith_doc *doc = c->doc;
    uint32_t body_chars = doc->nodes[doc->body].text_chars;
    for (uint32_t i = 1; i < doc->n_nodes; i++) {
        const pith_node *nd = &doc->nodes[i];
        uint32_t p = nd->parent;
        uint8_t inherited = p != PITH_NONE ? c->blocked[p] : 0;
        if (inherited == BLOCK_UNSEEN || (inherited && !is_element_node(nd))) {
            c->blocked[i] = inherited;
            continue;
        }
        if (!is_element_node(nd))
            continue;
        if (nd->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG))
            c->blocked[i] = BLOCK_UNSEEN;
        else if (inherited && !states_main_content(nd))
            c->blocked[i] = inherited;
        else if (!inherited && c->s.relax < PITH_RELAX_UNLIKELY &&
                 is_unlikely(doc, i, body_chars))
            c->blocked[i] = BLOCK_UNLIKELY;
    }
}

/* Score: p/pre/blockquote and the loose text of boxes (div soup, br-separated text) give
 * their value to their ancestors; ptext gathers the paragraph text of each subtree. */
static void
score_paragraphs(chooser *c)
{
    const pith_doc *doc = c->doc;
    uint32_t n = doc->n_nodes;
    for (uint32_t i = 1; i < n; i++) {
        const pith_node *nd = &doc->nodes[i];
        if (!is_element_node(nd) || c->blocked[i])
            continue;
        GumboTag t = (GumboTag)nd->tag;
        if (t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_BLOCKQUOTE) {
            if (nd->text_chars >= 25) {
                propagate(&c->s, nd->parent, segmented_value(doc, i, 0, NULL));
                c->ptext[i] += nd->text_chars - nd->link_chars;
            }
            continue;
        }
        if (!pith_is_block_element(t) || t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML)
            continue;
        /* the text of this box not inside a child block */
        uint32_t loose = 0;
        for (uint32_t j = i + 1; j < nd->end;) {
            const pith_node *ch = &doc->nodes[j];
            if (is_element_node(ch) && pith_is_block_element((GumboTag)ch->tag)) {
                j = ch->end;
                continue;
            }
            if (ch->text && ch->type != GUMBO_NODE_WHITESPACE)
                loose += ch->text_chars;
            j = is_element_node(ch) ? j + 1 : ch->end;
        }
        if (loose >= 25) {
            /* a leaf box scores as a paragraph of its parent; a mixed box scores itself */
            int leaf = loose * 10 >= nd->text_chars * 9;
            double v = leaf ? segmented_value(doc, i, 0, NULL) : segmented_value(doc, i, 1, NULL);
            propagate(&c->s, leaf ? nd->parent : i, v);
            if (nd->link_chars * 2 < nd->text_chars)
                c->ptext[i] += loose;
        }
    }
    for (uint32_t i = n; i-- > 1;)
        if (doc->nodes[i].parent != PITH_NONE)
            c->ptext[doc->nodes[i].parent] += c->ptext[i];
}

/* Final scores, discounted by link density, and the best of them; PITH_NONE when nothing
 * scored. */
static uint32_t
best_scored(chooser *c)
{
    uint32_t top = PITH_NONE;
    for (uint32_t i = 1; i < c->doc->n_nodes; i++) {
        if (!c->s.init[i])
            continue;
        c->s.score[i] *= 1.0 - pith_link_density(&c->doc->nodes[i]);
        if (top == PITH_NONE || c->s.score[i] > c->s.score[top])
            top = i;
    }
    return top;
}

/* The five best candidates, so a changed choice shows what it was chosen over. */
static void
explain_candidates(const chooser *c)
{
    uint32_t best[5];
    unsigned nb = top_n(&c->s, NULL, best, 5);
    for (unsigned k = 0; k < nb; k++) {
        const pith_node *nd = &c->doc->nodes[best[k]];
        const char *cls = pith_attr(nd->g, "class");
        const char *id = pith_attr(nd->g, "id");
        if (!cls)
            cls = "";
        if (!id)
            id = "";
        /* class and id are cut on a character boundary: explain stays UTF-8 */
        int cls_n = (int)pith_utf8_prefix(cls, strlen(cls), 40);
        int id_n = (int)pith_utf8_prefix(id, strlen(id), 30);
        pith_explain(c->ctx,
                     "content: candidate %u <%s class=\"%.*s\" id=\"%.*s\"> #%u score %.1f, "
                     "%u chars, %.0f%% links, %u paragraphs (relax %d)",
                     k + 1, gumbo_normalized_tagname((GumboTag)nd->tag), cls_n, cls, id_n, id,
                     best[k], c->s.score[best[k]], nd->text_chars, 100.0 * pith_link_density(nd),
                     nd->paragraphs, c->s.relax);
    }
}

/* Moves the choice to box i. */
static void
choose(chooser *c, uint32_t i)
{
    c->top = i;
    init_candidate(&c->s, i);
}

/* Climb, first step: several near-best candidates under one ancestor: the article spans
 * them. */
static void
join_near_best(chooser *c)
{
    const pith_doc *doc = c->doc;
    uint32_t top = c->top, alts[5];
    unsigned n_alts = 0;
    double top_score = c->s.score[top];
    for (uint32_t i = 1; i < doc->n_nodes && n_alts < 5; i++) {
        if (i == top || !c->s.init[i] || c->s.score[i] < top_score * 0.75)
            continue;
        if (contains(doc, i, top) || contains(doc, top, i))
            continue;
        alts[n_alts++] = i;
    }
    if (n_alts < 2)
        return;
    uint32_t anc = top;
    unsigned joined = 0;
    for (unsigned k = 0; k < n_alts; k++) {
        uint32_t a = common_ancestor(doc, anc, alts[k]);
        if (a != PITH_NONE && a != doc->body && doc->nodes[a].tag != GUMBO_TAG_HTML && a != 0) {
            anc = a;
            joined++;
        }
    }
    if (joined >= 2 && anc != top) {
        pith_explain(c->ctx, "content: %u near-best candidates share <%s> #%u", joined + 1,
                     gumbo_normalized_tagname((GumboTag)doc->nodes[anc].tag), anc);
        choose(c, anc);
    }
}

/* Climb, second step: while the parent scores better, or is just a wrapper around the top. */
static void
climb_wrappers(chooser *c)
{
    const pith_doc *doc = c->doc;
    uint32_t top = c->top;
    double last = c->s.score[top];
    uint32_t p = doc->nodes[top].parent;
    while (p != PITH_NONE && p != doc->body && doc->nodes[p].tag != GUMBO_TAG_HTML) {
        if (c->s.init[p] && c->s.score[p] > last && c->s.score[p] >= last / 3.0) {
            top = p;
            last = c->s.score[p];
        } else if (!c->s.init[p] || c->s.score[p] < last / 3.0) {
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
    c->top = top;
}

/* How many wrapper levels (boxes that add under SECTION_MIN_CHARS of paragraph text) the
 * section climb looks through for the ancestor that holds the other sections: accordion and
 * grid markup puts five to seven levels between one section and the next (panel, collapse,
 * body, row, column). */
#define SECTION_WRAPPER_LEVELS 8
/* paragraph text an ancestor must add to be more of the article: two short paragraphs */
#define SECTION_MIN_CHARS 400
/* paragraphs an ancestor past a wrapper must add: a section of its own, not one more line */
#define SECTION_MIN_PARAGRAPHS 3

/* Climb, last step: while an ancestor adds substantial paragraph text with few links: an
 * article split into sections, each scored on its own, lives in their common ancestor.
 * Wrappers that add nothing on the way are looked through. */
static void
climb_sections(chooser *c)
{
    const pith_doc *doc = c->doc;
    uint32_t par = doc->nodes[c->top].parent;
    for (int wrappers = 0; wrappers <= SECTION_WRAPPER_LEVELS; wrappers++) {
        uint32_t top = c->top;
        if (par == PITH_NONE || par == doc->body || doc->nodes[par].tag == GUMBO_TAG_HTML ||
            c->blocked[par])
            break;
        const pith_node *pn = &doc->nodes[par], *tn = &doc->nodes[top];
        uint32_t added_p = c->ptext[par] - c->ptext[top];
        uint32_t added_text = pn->text_chars - tn->text_chars;
        uint32_t added_links = pn->link_chars - tn->link_chars;
        /* a box the page marks as its article body is one article: past a wrapper around it
         * lie the page's other articles (a blog's front page), not more sections */
        int marked = tn->tag == GUMBO_TAG_ARTICLE || (tn->hints & PITH_HINT_ARTICLE_BODY);
        if (added_links * 10 > added_text * 3 || added_p * 10 < added_text * 6) {
            if (added_text >= SECTION_MIN_CHARS || marked)
                break; /* it adds text, but not article text */
            par = pn->parent;
            continue;
        }
        /* past a wrapper, the ancestor must add sections, not a line or two of furniture or
         * a run of comments set apart by <br>s */
        if (added_p < SECTION_MIN_CHARS || added_p * 2 < c->ptext[top] ||
            (wrappers > 0 && pn->paragraphs < tn->paragraphs + SECTION_MIN_PARAGRAPHS)) {
            if (marked)
                break;
            par = pn->parent;
            continue;
        }
        pith_explain(c->ctx, "content: climb to <%s> #%u: %u more paragraph chars",
                     gumbo_normalized_tagname((GumboTag)pn->tag), par, added_p);
        choose(c, par);
        wrappers = -1;
        par = pn->parent;
    }
}

/* Agree: the semantic container (articleBody markup, a lone <article>) replaces the scored
 * one when it holds it, holds most of it, or has more text with no more links. Returns the
 * semantic candidate, PITH_NONE when there is none. */
static uint32_t
agree_semantic(chooser *c)
{
    const pith_doc *doc = c->doc;
    uint32_t sem = semantic_candidate(doc, c->blocked), top = c->top;
    if (sem == PITH_NONE || sem == top)
        return sem;
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
    pith_explain(c->ctx, "content: semantic container <%s> #%u chars %u: %s",
                 gumbo_normalized_tagname((GumboTag)sn->tag), sem, sn->text_chars,
                 why ? why : "rejected");
    if (why)
        choose(c, sem);
    return sem;
}

/* JSON-LD: the page's own statement of its text, when long enough to judge by, picks among
 * the six best-scored candidates and the semantic one. */
static void
agree_jsonld(chooser *c, uint32_t sem)
{
    const char *body = c->meta->jsonld_body;
    if (!body || strlen(body) < 400)
        return;
    uint32_t cands[7];
    unsigned nc = top_n(&c->s, c->blocked, cands, 6);
    if (sem != PITH_NONE)
        cands[nc++] = sem;
    uint32_t chosen = jsonld_choice(c->ctx, c->doc, body, c->top, cands, nc);
    if (chosen != c->top) {
        pith_explain(c->ctx, "content: JSON-LD articleBody agrees better with #%u", chosen);
        choose(c, chosen);
    }
}

/* A standfirst set as a heading or a bare box rather than a <p> is told from a subheading or
 * a label by its length: this many characters is a sentence or two, not a title. */
#define LEAD_BLOCK_MIN_CHARS 100

/* The <header> landmark that set box j aside (j itself or its outermost set-aside ancestor),
 * or PITH_NONE when j is not set aside by one: the article's header holds its title and
 * standfirst, so it is unlikely as a whole, though its standfirst is article. */
static uint32_t
unlikely_header(const chooser *c, uint32_t j)
{
    const pith_doc *doc = c->doc;
    if (c->blocked[j] != BLOCK_UNLIKELY)
        return PITH_NONE;
    uint32_t a = j;
    while (doc->nodes[a].parent != PITH_NONE && c->blocked[doc->nodes[a].parent] == BLOCK_UNLIKELY)
        a = doc->nodes[a].parent;
    const pith_node *h = &doc->nodes[a];
    return h->tag == GUMBO_TAG_HEADER && !(h->hints & PITH_HINTS_BOILERPLATE) ? a : PITH_NONE;
}

/* The walk from the title to the container, over the boxes that may hold the lead: those not
 * set aside, and those inside a set-aside <header> (without a boilerplate name of their own,
 * such as a share bar). */
typedef struct lead_walk {
    const chooser *c;
    uint32_t header_end; /* inside the header being walked until here; 0 when none */
} lead_walk;

/* Whether element j may hold the lead; entering a header starts its span. */
static int
lead_may_hold(lead_walk *w, uint32_t j)
{
    const pith_node *n = &w->c->doc->nodes[j];
    if (!w->c->blocked[j])
        return 1;
    if (j >= w->header_end) {
        uint32_t h = unlikely_header(w->c, j);
        if (h == PITH_NONE)
            return 0;
        w->header_end = w->c->doc->nodes[h].end;
    }
    return n->tag == GUMBO_TAG_HEADER ||
           !(n->hints & (PITH_HINTS_BOILERPLATE | PITH_HINT_META_AREA));
}

/* A box with text of its own and no block inside: one paragraph, whatever its tag. */
static int
is_leaf_block(const pith_doc *doc, uint32_t i)
{
    for (uint32_t j = i + 1; j < doc->nodes[i].end; j++)
        if (is_element_node(&doc->nodes[j]) && pith_is_block_element((GumboTag)doc->nodes[j].tag))
            return 0;
    return 1;
}

/* Whether box j is a lead: a real paragraph with few links and no byline or date name; a
 * heading or bare box only when it is long and ends like a sentence. */
static int
is_lead(const pith_doc *doc, uint32_t j)
{
    const pith_node *nd = &doc->nodes[j];
    if (pith_link_density(nd) >= 0.2 ||
        (nd->hints & (PITH_HINTS_BOILERPLATE | PITH_HINT_BYLINE | PITH_HINT_DATE)))
        return 0;
    if (nd->tag == GUMBO_TAG_P)
        return nd->text_chars >= 60;
    int heading = pith_is_heading_tag((GumboTag)nd->tag) && nd->tag != GUMBO_TAG_H1;
    return (heading || nd->tag == GUMBO_TAG_DIV) && nd->text_chars >= LEAD_BLOCK_MIN_CHARS &&
           is_leaf_block(doc, j) && ends_sentence(doc, j);
}

/* The share of the container's text, in tenths, a <noscript> inside it must hold to be taken
 * as the article: a blog engine that renders posts by script and gives the text only to
 * readers without it (cleaning drops a <noscript> inside the article, as it usually repeats
 * an image or a notice). Nine tenths: the container is then a shell around it. */
#define NOSCRIPT_ARTICLE_TENTHS 9

/* Noscript: when the container's text is nearly all inside one <noscript>, that is the
 * article. */
static void
descend_to_noscript(chooser *c)
{
    const pith_doc *doc = c->doc;
    const pith_node *tn = &doc->nodes[c->top];
    for (uint32_t j = c->top + 1; j < tn->end; j++) {
        const pith_node *nd = &doc->nodes[j];
        if (!is_element_node(nd) || nd->tag != GUMBO_TAG_NOSCRIPT)
            continue;
        if ((uint64_t)nd->text_chars * 10 >= (uint64_t)tn->text_chars * NOSCRIPT_ARTICLE_TENTHS &&
            nd->text_chars > 0) {
            pith_explain(c->ctx, "content: <noscript> #%u holds the container's text (%u of %u "
                                 "chars)",
                         j, nd->text_chars, tn->text_chars);
            choose(c, j);
            return;
        }
        j = nd->end - 1;
    }
}

/* How far above the title heading the <header> holding it may be: the heading's own wrapper
 * or two. */
#define LEAD_HEADER_LEVELS 4

/* Inside the container, the article's <header> (which cleaning drops whole, as it holds the
 * title, byline and date already in the metadata) is marked to be cleaned box by box when it
 * holds a lead after the title: the standfirst is article text. Returns 0 when the title is
 * in no such <header>. */
static int
keep_lead_in_header(chooser *c, uint32_t tn)
{
    const pith_doc *doc = c->doc;
    uint32_t h = doc->nodes[tn].parent;
    for (int k = 0; k < LEAD_HEADER_LEVELS && h != PITH_NONE && h != c->top; k++) {
        if (doc->nodes[h].tag == GUMBO_TAG_HEADER)
            break;
        h = doc->nodes[h].parent;
    }
    if (h == PITH_NONE || h == c->top || doc->nodes[h].tag != GUMBO_TAG_HEADER ||
        (doc->nodes[h].hints & PITH_HINTS_BOILERPLATE))
        return 0;
    for (uint32_t j = doc->nodes[tn].end; j < doc->nodes[h].end;) {
        const pith_node *nd = &doc->nodes[j];
        if (!is_element_node(nd)) {
            j++;
            continue;
        }
        if (nd->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG | PITH_HINTS_BOILERPLATE)) {
            j = nd->end;
            continue;
        }
        if (is_lead(doc, j)) {
            c->sel->keep[h] = PITH_KEEP_LEAD_BOX;
            pith_explain(c->ctx, "content: lead #%u in the article's <header> #%u chars %u", j, h,
                         nd->text_chars);
            return 1;
        }
        j++;
    }
    return 1;
}

/* Marks box from and its ancestors below root with mark, where nothing marks them yet: the
 * boxes cleaning is to judge one by one on the way down to something of the article. */
static void
mark_path(chooser *c, uint32_t from, uint32_t root, uint8_t mark)
{
    for (uint32_t a = from; a != root && a != PITH_NONE; a = c->doc->nodes[a].parent)
        if (c->sel->keep[a] == 0)
            c->sel->keep[a] = mark;
}

/* How much text after the title heading, inside the container, the lead is looked for in
 * (characters): the title's box with a rating, a servings line and a button or two, as far as
 * the hero box goes. */
#define LEAD_AFTER_TITLE_CHARS 1200

/* Inside the container, the first lead paragraph after the title heading, when the title is
 * not in a <header>: the boxes between the container and it are marked to be cleaned box by
 * box, as a standfirst beside the title sits in boxes named for the page's metadata
 * ("recipe-meta") which cleaning drops whole. */
static void
keep_lead_after_title(chooser *c, uint32_t tn)
{
    const pith_doc *doc = c->doc;
    uint32_t seen = 0, end = doc->nodes[c->top].end;
    for (uint32_t j = doc->nodes[tn].end; j < end && seen <= LEAD_AFTER_TITLE_CHARS;) {
        const pith_node *nd = &doc->nodes[j];
        if (!is_element_node(nd)) {
            if (nd->text)
                seen += nd->text_chars;
            j++;
            continue;
        }
        if (nd->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG | PITH_HINTS_BOILERPLATE)) {
            seen += nd->text_chars;
            j = nd->end;
            continue;
        }
        if ((nd->hints & PITH_HINT_CAPTION) || nd->tag == GUMBO_TAG_FIGURE) {
            seen += nd->text_chars; /* a photo's caption under the title is no standfirst */
            j = nd->end;
            continue;
        }
        if (is_lead(doc, j)) {
            mark_path(c, nd->parent, c->top, PITH_KEEP_LEAD_BOX);
            pith_explain(c->ctx, "content: lead #%u after the title #%u chars %u", j, tn,
                         nd->text_chars);
            return;
        }
        j++;
    }
}

/* Lead: a lead paragraph (standfirst) often sits with the title in a hero box or the article's
 * <header> above the body: between the title heading and the container, keep real paragraphs
 * when little else stands between them. */
static void
keep_lead(chooser *c)
{
    const pith_doc *doc = c->doc;
    uint32_t tn = c->meta->title_node, top = c->top;
    if (tn == PITH_NONE || c->ctx->opts->bias == PITH_BIAS_PRECISION)
        return;
    if (contains(doc, top, tn)) {
        if (!keep_lead_in_header(c, tn))
            keep_lead_after_title(c, tn);
        return;
    }
    if (tn >= top || contains(doc, tn, top))
        return;
    uint32_t from = doc->nodes[tn].end, between = 0;
    lead_walk w = {c, 0};
    for (uint32_t j = from; j < top;) {
        const pith_node *nd = &doc->nodes[j];
        if (is_element_node(nd) && !lead_may_hold(&w, j)) {
            j = nd->end;
            continue;
        }
        if (nd->text)
            between += nd->text_chars;
        j++;
    }
    w.header_end = 0;
    for (uint32_t j = from; j < top && between <= 1200;) {
        const pith_node *nd = &doc->nodes[j];
        if (!is_element_node(nd) || !lead_may_hold(&w, j)) {
            j = is_element_node(nd) ? nd->end : j + 1;
            continue;
        }
        if (contains(doc, j, top)) {
            j++;
            continue;
        }
        if (is_lead(doc, j)) {
            c->sel->keep[j] = 1;
            pith_explain(c->ctx, "content: lead paragraph outside the container #%u chars %u", j,
                         nd->text_chars);
            j = nd->end;
            continue;
        }
        j++;
    }
}

/* ---- lists and tables of data ---- */

/* A recipe's ingredients and steps, a product's specifications, an event's dates: lists and
 * tables whose items are short lines with words of their own, which readability's box tests
 * take for promos or link lists (linked product names, an image beside each step, a
 * servings input next to the list). The figures: */
/* items a list or table needs to be data rather than a line or two */
#define DATA_MIN_ITEMS 3
/* characters a list or table of data holds at least: three labelled lines of furniture (a
 * date, a print link, a permalink) are shorter */
#define DATA_MIN_CHARS 100
/* an item with a link is data only this short (characters): an amount and a product name;
 * a linked headline with its summary, a teaser, is longer */
#define DATA_LINKED_ITEM_MAX_CHARS 80
/* characters of its own (outside links) an item needs: a quantity, a label */
#define DATA_ITEM_MIN_OWN_CHARS 2
/* a table row of data is this short (characters): cells of figures and names; a row holding
 * a product's blurb and prices is an advertising card */
#define DATA_ROW_MAX_CHARS 200

/* links make up at most this share of a list or table of data: a shop's product names in
 * an ingredient list are about a third; a link list with counts ("Cakes (24)") is more */
#define DATA_MAX_LINK_SHARE 0.5

/* Whether item i (a <li>, <dt>/<dd> or <tr>) is a line of data: text of its own, and short
 * when it has a link at all. */
static int
is_data_item(const pith_node *n)
{
    if (n->text_chars - n->link_chars < DATA_ITEM_MIN_OWN_CHARS)
        return 0;
    return n->link_chars == 0 || n->text_chars <= DATA_LINKED_ITEM_MAX_CHARS;
}

/* Whether list or table i holds data: at least DATA_MIN_ITEMS items, two thirds of them
 * lines of data, and not mostly links. Items are a list's <li>s, a <dl>'s <dt>s and <dd>s, a table's rows (not
 * those of a table inside it). */
static int
is_data_box(const pith_doc *doc, uint32_t i)
{
    const pith_node *n = &doc->nodes[i];
    if (n->text_chars < DATA_MIN_CHARS || (n->hints & PITH_HINTS_BOILERPLATE) ||
        pith_link_density(n) > DATA_MAX_LINK_SHARE)
        return 0;
    unsigned items = 0, data = 0;
    for (uint32_t j = i + 1; j < n->end;) {
        const pith_node *k = &doc->nodes[j];
        if (!is_element_node(k)) {
            j++;
            continue;
        }
        GumboTag t = (GumboTag)k->tag;
        int item = n->tag == GUMBO_TAG_TABLE
                       ? t == GUMBO_TAG_TR
                       : (t == GUMBO_TAG_LI || t == GUMBO_TAG_DT || t == GUMBO_TAG_DD) &&
                             k->parent == i;
        if (item) {
            items++;
            data += (unsigned)(is_data_item(k) &&
                               (t != GUMBO_TAG_TR || k->text_chars <= DATA_ROW_MAX_CHARS));
            j = k->end;
        } else if (t == GUMBO_TAG_TABLE || t == GUMBO_TAG_UL || t == GUMBO_TAG_OL ||
                   t == GUMBO_TAG_DL) {
            j = k->end; /* a list inside a cell, a table inside an item: its own box */
        } else {
            j++;
        }
    }
    return items >= DATA_MIN_ITEMS && data * 3 >= items * 2;
}

/* Marks, inside kept subtree root, each list or table of data and the boxes between it and
 * root (PITH_KEEP_DATA), for cleaning to keep them whatever their shape. Boxes set aside
 * while choosing (hidden, or named as boilerplate) are not looked into. */
static void
mark_data(chooser *c, uint32_t root)
{
    const pith_doc *doc = c->doc;
    for (uint32_t j = root + 1; j < doc->nodes[root].end;) {
        const pith_node *n = &doc->nodes[j];
        if (!is_element_node(n)) {
            j++;
            continue;
        }
        if (c->blocked[j] || (n->hints & (PITH_HINTS_BOILERPLATE | PITH_HINT_HIDDEN))) {
            j = n->end;
            continue;
        }
        GumboTag t = (GumboTag)n->tag;
        if ((t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_DL ||
             t == GUMBO_TAG_TABLE) && is_data_box(doc, j)) {
            mark_path(c, j, root, PITH_KEEP_DATA);
            pith_explain(c->ctx, "content: data <%s> #%u chars %u",
                         gumbo_normalized_tagname(t), j, n->text_chars);
            j = n->end;
            continue;
        }
        j++;
    }
}

/* The bias knob in choosing: the share of the container's score a sibling box must reach to
 * be merged as more of the article (never less than a score of 10). Balanced is readability's
 * 0.2; precision asks half as much again, so only siblings that are nearly as article-like
 * as the container join; recall asks 0.6 of balanced, so a short continuation after an ad
 * break joins too. */
static double
sibling_share(pith_bias bias)
{
    switch (bias) {
    case PITH_BIAS_PRECISION:
        return 0.3;
    case PITH_BIAS_RECALL:
        return 0.12;
    case PITH_BIAS_BALANCED:
        break;
    }
    return 0.2;
}

/* A sibling box is more of the article when lists or tables of data make up at least this
 * share of its text: a recipe's ingredients in a box of their own beside the box of its
 * steps, a product's specifications beside its description. */
#define DATA_SIBLING_SHARE 0.5

/* Whether box i (not set aside) is mostly lists or tables of data, with few links. */
static int
mostly_data(const chooser *c, uint32_t i)
{
    const pith_doc *doc = c->doc;
    const pith_node *n = &doc->nodes[i];
    if (n->text_chars < DATA_MIN_CHARS || pith_link_density(n) > DATA_MAX_LINK_SHARE)
        return 0;
    uint32_t data = 0;
    for (uint32_t j = i + 1; j < n->end;) {
        const pith_node *k = &doc->nodes[j];
        if (!is_element_node(k)) {
            j++;
            continue;
        }
        if (c->blocked[j]) {
            j = k->end;
            continue;
        }
        GumboTag t = (GumboTag)k->tag;
        if ((t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_DL ||
             t == GUMBO_TAG_TABLE) && is_data_box(doc, j)) {
            data += k->text_chars;
            j = k->end;
            continue;
        }
        j++;
    }
    return (double)data >= (double)n->text_chars * DATA_SIBLING_SHARE;
}

/* A sibling that is more than half links is a column of links (a blog roll, an events
 * list) however many of its lines score as paragraphs, not more of the article. */
#define SIBLING_MAX_LINK_SHARE 0.5

/* Merge: siblings of the container that look like more of the article, as multi-part
 * articles split by ads and promos sit in sibling boxes. */
static void
merge_siblings(chooser *c)
{
    const pith_doc *doc = c->doc;
    uint32_t top = c->top, parent = doc->nodes[top].parent;
    if (parent == PITH_NONE || doc->nodes[top].tag == GUMBO_TAG_BODY)
        return;
    double top_score = c->s.score[top];
    double share = sibling_share(c->ctx->opts->bias);
    double threshold = top_score * share > 10.0 ? top_score * share : 10.0;
    uint32_t pend = doc->nodes[parent].end;
    for (uint32_t j = parent + 1; j < pend; j = doc->nodes[j].end) {
        if (j == top)
            continue;
        const pith_node *nd = &doc->nodes[j];
        if (!is_element_node(nd) || c->blocked[j] || nd->text_chars == 0)
            continue;
        int keep = 0;
        double bonus = same_class(doc, j, top) ? top_score * 0.2 : 0.0;
        if (c->s.init[j] && c->s.score[j] + bonus >= threshold &&
            pith_link_density(nd) <= SIBLING_MAX_LINK_SHARE) {
            keep = 1;
        } else if (nd->tag == GUMBO_TAG_P) {
            double ld = pith_link_density(nd);
            if (nd->text_chars > 80 && ld < 0.25)
                keep = 1;
            else if (nd->text_chars > 0 && ld == 0.0 && ends_sentence(doc, j))
                keep = 1;
        } else if (mostly_data(c, j)) {
            keep = 1;
        }
        if (keep) {
            c->sel->keep[j] = 1;
            pith_explain(c->ctx, "content: merged sibling <%s> #%u score %.1f chars %u",
                         gumbo_normalized_tagname((GumboTag)nd->tag), j,
                         c->s.init[j] ? c->s.score[j] : 0.0, nd->text_chars);
        }
    }
}

/* How many levels above the container's parent the boxes of data are looked for: the
 * wrappers of a recipe page's layout (row, column, container, section) put the ingredients
 * three or four levels away from the steps. */
#define DATA_NEAR_LEVELS 4

/* Merge, beyond the siblings: boxes that are mostly data under the container's nearer
 * ancestors, those holding at most as much text again as the container (its wrappers and the
 * section around them, not the page) and no layout table's cells, as a recipe's ingredients
 * sit in the section above the box of its steps. */
static void
merge_data_near(chooser *c)
{
    const pith_doc *doc = c->doc;
    uint32_t top = c->top, a = doc->nodes[top].parent;
    if (a == PITH_NONE)
        return;
    a = doc->nodes[a].parent;
    for (int level = 0; level < DATA_NEAR_LEVELS && a != PITH_NONE && a != doc->body &&
                        doc->nodes[a].tag != GUMBO_TAG_HTML;
         level++, a = doc->nodes[a].parent) {
        GumboTag at = (GumboTag)doc->nodes[a].tag;
        /* a layout table's cells hold the page's columns, not an article's sections */
        if (doc->nodes[a].text_chars > doc->nodes[top].text_chars * 2 || at == GUMBO_TAG_TD ||
            at == GUMBO_TAG_TR || at == GUMBO_TAG_TBODY || at == GUMBO_TAG_TABLE)
            break;
        for (uint32_t j = a + 1; j < doc->nodes[a].end; j = doc->nodes[j].end) {
            const pith_node *nd = &doc->nodes[j];
            if (!is_element_node(nd) || contains(doc, j, top) || c->blocked[j] ||
                c->sel->keep[j] || !mostly_data(c, j))
                continue;
            c->sel->keep[j] = 1;
            pith_explain(c->ctx, "content: merged data box <%s> #%u chars %u under <%s> #%u",
                         gumbo_normalized_tagname((GumboTag)nd->tag), j, nd->text_chars,
                         gumbo_normalized_tagname((GumboTag)doc->nodes[a].tag), a);
        }
    }
}

pith_status
pith_content(pith_ctx *ctx, const pith_doc *doc, const pith_meta *meta, pith_selection *sel)
{
    sel->container = PITH_NONE;
    sel->keep = NULL;
    uint32_t n = doc->n_nodes;
    if (n == 0 || doc->body == PITH_NONE)
        return PITH_OK;
    if (!pith_spend(ctx, (uint64_t)n * 4))
        return ctx->error;
    chooser c = {ctx, doc, meta, sel, {ctx, doc, NULL, NULL, sel->relax}, NULL, NULL, PITH_NONE};
    c.s.score = pith_calloc(ctx, n, sizeof *c.s.score);
    c.s.init = pith_calloc(ctx, n, 1);
    c.blocked = pith_calloc(ctx, n, 1);
    c.ptext = pith_calloc(ctx, n, sizeof *c.ptext);
    sel->keep = pith_calloc(ctx, n, 1);
    if (!c.s.score || !c.s.init || !c.blocked || !sel->keep || !c.ptext)
        return ctx->error;

    block_boxes(&c);
    score_paragraphs(&c);
    c.top = best_scored(&c);
    if (c.top == PITH_NONE) {
        /* a page of a few short lines: the last, loosest attempt takes the whole body */
        if (sel->relax < PITH_RELAX_WEIGHTS || doc->nodes[doc->body].text_chars == 0) {
            pith_explain(ctx, "content: no scored paragraphs (relax %d)", sel->relax);
            /* the next, looser attempt allocates its own: on a flood of empty paragraphs,
             * what this one leaves in the arena would be a second copy per attempt */
            pith_free(ctx, c.s.score);
            pith_free(ctx, c.s.init);
            pith_free(ctx, c.blocked);
            pith_free(ctx, c.ptext);
            return PITH_OK;
        }
        choose(&c, doc->body);
    }
    if (ctx->explain)
        explain_candidates(&c);
    join_near_best(&c);
    climb_wrappers(&c);
    climb_sections(&c);
    uint32_t sem = agree_semantic(&c);
    agree_jsonld(&c, sem);
    descend_to_noscript(&c);
    sel->container = c.top;
    sel->keep[c.top] = 1;
    keep_lead(&c);
    merge_siblings(&c);
    merge_data_near(&c);
    for (uint32_t i = 1; i < n;) {
        if (sel->keep[i] == 1) {
            mark_data(&c, i);
            i = doc->nodes[i].end;
        } else {
            i++;
        }
    }
    pith_free(ctx, c.s.score);
    pith_free(ctx, c.s.init);
    pith_free(ctx, c.blocked);
    pith_free(ctx, c.ptext);
    return PITH_OK;
}
