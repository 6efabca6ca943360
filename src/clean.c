/* SPDX-License-Identifier: MIT */
/*
 * Clean: turn the chosen subtrees into blocks, in document order, leaving out what sits inside
 * an article box without being the article: share bars, related lists, promos, forms, bylines
 * and datelines already in the metadata, the title heading, ad labels, link lists.
 *
 * Boxes are judged as readability's conditional cleaning does (link density, images per
 * paragraph, list items per paragraph, class weight), then each finished block is judged on
 * its own (link share, boilerplate phrases), so a promo that slipped through its box's test
 * is still caught.
 */
#include <string.h>

#include "internal.h"

/* Per-node counts the box tests need, filled by one backward pass. */
typedef struct counts {
    uint32_t p, img, li, input, embed, heading_chars, figure;
} counts;

typedef struct open_ctx {
    uint32_t end; /* node index where this element's subtree ends */
    uint32_t node;
    uint16_t tag;
} open_ctx;

/* What the tail rules need to know of each kept block, parallel to the blocks. */
typedef struct block_note {
    uint32_t words;
    uint32_t dropped_before; /* text chars left out between the previous kept block and this */
} block_note;

/* A phrase table ordered by first byte: the phrases beginning with byte c are
 * order[start[c] .. start[c + 1]), so finding any of them in a block is one pass over it,
 * not one strstr per phrase. */
typedef struct phrase_index {
    const char *const *phrases;
    uint8_t order[128];
    uint8_t len[128]; /* strlen of each phrase, in table order */
    uint8_t start[257];
} phrase_index;

/* Boxes of several paragraphs a print copy is looked for among: an article holds a handful
 * (its body, a section or two, a fact box); past these, a later copy goes unnoticed. */
#define KEPT_BOXES 32

typedef struct cleaner {
    pith_ctx *ctx;
    const pith_doc *doc;
    const pith_meta *meta;
    counts *cnt;
    pith_blocks *out;
    pith_buf text; /* the block being gathered */
    uint32_t link_chars, all_chars;
    open_ctx *stack;
    uint32_t top, cap;
    pith_bias bias;
    int seen_long_paragraph;
    int stopped; /* a comment section began: nothing after it is article */
    uint32_t article_chars; /* text of all chosen subtrees */
    uint32_t article_prose; /* of which outside links: what "most of the article" means */
    int names_are_content;  /* the site's class names for its posts say comment or widget */
    const uint8_t *keep;    /* the selection's marks (pith_selection.keep) */
    block_note *notes;      /* one per kept block; notes_cap entries */
    size_t notes_cap;
    uint32_t dropped_chars; /* text left out since the last kept block */
    /* What a related-links label introduces (see related_label): the walk jumps to skip_to
     * (box mode), or leaves out the siblings after intro_after under intro_parent while they
     * look like teasers (sibling mode; intro_parent is PITH_NONE when off). */
    uint32_t skip_to;
    const char *skip_why; /* what the walk jumps over, for explain */
    uint32_t block_tail_link; /* last_link_text of the block being judged */
    uint32_t intro_parent, intro_after;
    int intro_pending; /* the block just judged is such a label: 1 related, 2 closing */
    int intro_closing; /* what the label introduces runs to the next heading */
    uint32_t root;     /* the chosen subtree being walked */
    /* The text node of the link the block's text ends with (only spaces after it), or
     * PITH_NONE: what a hover card after a linked name repeats. */
    uint32_t last_link_text;
    /* First bytes (ASCII-lowercased) of the phrase lists below, one bit per list: every block
     * of an article is tried against them, and most blocks begin with no such byte. */
    uint8_t first_byte[256];
    pith_inliner inl; /* links, formatting, line breaks and images inside the blocks */
    phrase_index cta;    /* call_to_action_phrases */
    phrase_index rights; /* rights_phrases */
    /* The slideshows inside the chosen subtrees (see find_slideshows): the smallest box that
     * holds the counters 1/N, 2/N and 3/N of one N. */
    uint32_t slideshow[4];
    unsigned n_slideshows;
    /* The boxes of several paragraphs walked into so far (see copy_of_kept). */
    uint32_t kept_box[KEPT_BOXES];
    unsigned n_kept_boxes;
} cleaner;

enum { FIRST_BOILER = 1, FIRST_COMMENT = 2, FIRST_LEGAL = 4 };

static unsigned
tag_heading_level(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    default: return 6;
    }
}

static pith_status
fill_counts(pith_ctx *ctx, const pith_doc *doc, counts **out)
{
    uint32_t n = doc->n_nodes;
    counts *c = pith_calloc(ctx, n, sizeof *c);
    if (!c)
        return ctx->error;
    for (uint32_t i = n; i-- > 1;) {
        const pith_node *nd = &doc->nodes[i];
        if (nd->type == GUMBO_NODE_ELEMENT) {
            switch ((GumboTag)nd->tag) {
            case GUMBO_TAG_P: c[i].p++; break;
            case GUMBO_TAG_IMG: c[i].img++; break;
            case GUMBO_TAG_LI: c[i].li++; break;
            case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_SELECT: c[i].input++; break;
            case GUMBO_TAG_EMBED: case GUMBO_TAG_OBJECT:
                c[i].embed++;
                break;
            case GUMBO_TAG_FIGURE: c[i].figure++; break;
            default:
                if (pith_is_heading_tag((GumboTag)nd->tag))
                    c[i].heading_chars += nd->text_chars;
                break;
            }
        }
        uint32_t p = nd->parent;
        if (p == PITH_NONE)
            continue;
        c[p].p += c[i].p;
        c[p].img += c[i].img;
        c[p].li += c[i].li;
        c[p].input += c[i].input;
        c[p].embed += c[i].embed;
        c[p].figure += c[i].figure;
        c[p].heading_chars += c[i].heading_chars;
    }
    *out = c;
    return PITH_OK;
}

static int
has_figure_ancestor(const pith_doc *doc, uint32_t i, uint32_t stop)
{
    for (uint32_t a = doc->nodes[i].parent; a != PITH_NONE && a >= stop; a = doc->nodes[a].parent)
        if (doc->nodes[a].tag == GUMBO_TAG_FIGURE)
            return 1;
    return 0;
}

/* The bias knob for boxes inside the article: the link-density limits of the box tests
 * (readability's 0.2 and 0.5) are multiplied by it. Precision drops a box with 20% less link
 * text; recall keeps one with 30% more, so a paragraph box with a few inline citations
 * (a quarter of its text linked) stays. */
static double
box_link_tolerance(pith_bias bias)
{
    switch (bias) {
    case PITH_BIAS_PRECISION:
        return 0.8;
    case PITH_BIAS_RECALL:
        return 1.3;
    case PITH_BIAS_BALANCED:
        break;
    }
    return 1.0;
}

/* The bias knob for finished blocks: the "mostly link text" limits (a link share of 0.7, or
 * 0.85 for a block of 160 bytes or more, which stays fixed) are multiplied by it. Precision
 * drops a short block that is 56% links; recall keeps one up to seven-eighths links, and up
 * to 200 bytes long before the fixed 0.85 applies. This and box_link_tolerance were tuned
 * apart, which is why recall's factors differ (1.25, 1.3); making them one changes what
 * --recall keeps. */
static double
block_link_tolerance(pith_bias bias)
{
    switch (bias) {
    case PITH_BIAS_PRECISION:
        return 0.8;
    case PITH_BIAS_RECALL:
        return 1.25;
    case PITH_BIAS_BALANCED:
        break;
    }
    return 1.0;
}

/* The two drops that go by class names alone, which a page whose posts are named like
 * boilerplate turns off (see names_are_content). */
static const char reason_boilerplate_class[] = "boilerplate class";
static const char reason_negative_weight[] = "negative class weight";

/* A box whose only boilerplate name is comment/reply: a forum's posts, a live ticker's
 * entries. Share, related, navigation, ad and newsletter names are never article text. */
static int
only_comment_named(const pith_node *n)
{
    return (n->hints & PITH_HINTS_BOILERPLATE) == PITH_HINT_COMMENT;
}
/* A picture's credit is a name or two and an agency ("Bundesregierung/Steffen Kugler",
 * "TebNad/Shutterstock.com"); a box or a caption's tail longer than this is not one. */
#define CREDIT_MAX_CHARS 80u

/* A box holding most of the article is the article, whatever its name or shape: most of its
 * characters, and most of its text outside links too, because a table or list of headlines
 * can be most of a short article's characters while holding none of its prose. */
static int
holds_most_of_article(const cleaner *cl, const pith_node *n)
{
    return n->text_chars * 2 > cl->article_chars &&
           (n->text_chars - n->link_chars) * 2 > cl->article_prose;
}

/* A box with a paragraph and this much text (characters), under a fifth of it links, beside
 * its pictures is text illustrated ("Designed to be redesigned" over three screenshots, a
 * home story's section over its photos), not a gallery: a gallery's captions are shorter. */
#define ILLUSTRATED_TEXT_MIN_CHARS 150u
#define ILLUSTRATED_TEXT_MAX_LINK_SHARE 0.2

static int
illustrated_text(const pith_node *n, uint32_t paragraphs, double link_share)
{
    return paragraphs >= 1 && n->text_chars >= ILLUSTRATED_TEXT_MIN_CHARS &&
           link_share < ILLUSTRATED_TEXT_MAX_LINK_SHARE;
}

/* ---- slideshows ---- */

/* A slideshow numbers its slides: each caption carries a counter "1/50", "2/50", ... in an
 * element of its own. When the captions sit in a box apart from the article's prose (a
 * gallery embedded after the third paragraph, its fifty captions longer than the article),
 * that box is the gallery, not the article, however much of the text it holds. The figures: */
/* slides a slideshow has at least: "1/2" and "2/2" are a fraction and a page count */
#define SLIDESHOW_MIN_SLIDES 4
/* text (non-space characters, outside links) the article has outside the slideshow's box:
 * four or five paragraphs of its own; a photo story whose captions are the article has an
 * intro of a line or two */
#define SLIDESHOW_ARTICLE_MIN_CHARS 600
/* counters looked at: more than a few denominators on one page are no slideshow's */
#define SLIDESHOW_DENOMINATORS 8

/* Parses a counter "k/N" (spaces around the slash allowed, nothing else) from s[0..len): 1
 * and k and N, or 0. */
static int
parse_counter(const char *s, size_t len, unsigned *k, unsigned *n)
{
    while (len && pith_is_html_space((unsigned char)s[len - 1]))
        len--;
    size_t i = 0;
    while (i < len && pith_is_html_space((unsigned char)s[i]))
        i++;
    unsigned v[2] = {0, 0};
    for (int part = 0; part < 2; part++) {
        size_t from = i;
        while (i < len && s[i] >= '0' && s[i] <= '9' && i - from < 4)
            v[part] = v[part] * 10 + (unsigned)(s[i++] - '0');
        if (i == from || (i < len && s[i] >= '0' && s[i] <= '9'))
            return 0;
        while (i < len && s[i] == ' ')
            i++;
        if (part == 0) {
            if (i == len || s[i] != '/')
                return 0;
            i++;
            while (i < len && s[i] == ' ')
                i++;
        }
    }
    *k = v[0];
    *n = v[1];
    return i == len;
}

static uint32_t
lowest_common_box(const pith_doc *doc, uint32_t a, uint32_t b)
{
    while (a != b && a != PITH_NONE && b != PITH_NONE) {
        if (doc->nodes[a].depth >= doc->nodes[b].depth)
            a = doc->nodes[a].parent;
        else
            b = doc->nodes[b].parent;
    }
    return a == b ? a : PITH_NONE;
}

/* Finds, in the chosen subtrees, the counters 1/N, 2/N and 3/N of a slideshow and records
 * the smallest box holding the three. */
static pith_status
find_slideshows(cleaner *cl, const pith_selection *sel)
{
    const pith_doc *doc = cl->doc;
    struct { unsigned n; uint32_t at[3]; } seen[SLIDESHOW_DENOMINATORS];
    unsigned n_seen = 0;
    for (uint32_t r = 1; r < doc->n_nodes;) {
        if (sel->keep[r] != 1) {
            r++;
            continue;
        }
        for (uint32_t j = r + 1; j < doc->nodes[r].end; j++) {
            const pith_node *t = &doc->nodes[j];
            if (t->type != GUMBO_NODE_TEXT || t->text_chars == 0 || t->text_chars > 9 || !t->text)
                continue;
            if (!pith_spend(cl->ctx, 1))
                return cl->ctx->error;
            unsigned k, n;
            if (!parse_counter(t->text, t->text_len, &k, &n) || n < SLIDESHOW_MIN_SLIDES ||
                k < 1 || k > 3)
                continue;
            unsigned d = 0;
            while (d < n_seen && seen[d].n != n)
                d++;
            if (d == n_seen) {
                if (n_seen == SLIDESHOW_DENOMINATORS)
                    continue;
                seen[n_seen].n = n;
                seen[n_seen].at[0] = seen[n_seen].at[1] = seen[n_seen].at[2] = PITH_NONE;
                n_seen++;
            }
            if (seen[d].at[k - 1] == PITH_NONE)
                seen[d].at[k - 1] = j;
        }
        r = doc->nodes[r].end;
    }
    for (unsigned d = 0; d < n_seen; d++) {
        if (seen[d].at[0] == PITH_NONE || seen[d].at[1] == PITH_NONE ||
            seen[d].at[2] == PITH_NONE ||
            cl->n_slideshows == sizeof cl->slideshow / sizeof *cl->slideshow)
            continue;
        uint32_t box = lowest_common_box(doc, lowest_common_box(doc, seen[d].at[0], seen[d].at[1]),
                                         seen[d].at[2]);
        if (box != PITH_NONE) {
            cl->slideshow[cl->n_slideshows++] = box;
            pith_explain(cl->ctx, "slideshow: counters 1/%u, 2/%u, 3/%u in <%s> #%u", seen[d].n,
                         seen[d].n, seen[d].n,
                         gumbo_normalized_tagname((GumboTag)doc->nodes[box].tag), box);
        }
    }
    return PITH_OK;
}

/* Whether box i holds a slideshow and the article has text of its own outside i. */
static int
holds_slideshow_apart(const cleaner *cl, uint32_t i)
{
    const pith_node *n = &cl->doc->nodes[i];
    for (unsigned k = 0; k < cl->n_slideshows; k++) {
        uint32_t s = cl->slideshow[k];
        if (s >= i && s < n->end &&
            cl->article_prose >= (n->text_chars - n->link_chars) + SLIDESHOW_ARTICLE_MIN_CHARS)
            return 1;
    }
    return 0;
}

/* Whether the first text of subtree i is a link's: a linked headline or a link-led line. */
static int
first_text_in_link(const pith_doc *doc, uint32_t i)
{
    for (uint32_t j = i; j < doc->nodes[i].end; j++)
        if (doc->nodes[j].type == GUMBO_NODE_TEXT && doc->nodes[j].text_chars > 0)
            return doc->nodes[j].in_link;
    return 0;
}

/* A box whose links sit in one part (an ingredient list of linked product names) beside a
 * part of prose without links (the steps) is two boxes, each judged on its own, not one
 * link-heavy box: a part of prose has this many characters, under a tenth of them links, and
 * is no teaser's summary (a box between it and the box, or itself, led by a link). */
#define PROSE_PART_MIN_CHARS 150u
#define PROSE_PART_MAX_LINK_SHARE 0.1

static int
holds_prose_part(cleaner *cl, uint32_t i)
{
    const pith_doc *doc = cl->doc;
    if (doc->nodes[i].link_chars < PROSE_PART_MIN_CHARS)
        return 0; /* a headline's link over its summary: a teaser */
    for (uint32_t j = i + 1; j < doc->nodes[i].end; j++) {
        const pith_node *c = &doc->nodes[j];
        if (c->type != GUMBO_NODE_ELEMENT || !pith_is_block_element((GumboTag)c->tag))
            continue;
        if (!pith_spend(cl->ctx, 1))
            return 0;
        if (c->text_chars < PROSE_PART_MIN_CHARS) {
            j = c->end - 1;
            continue;
        }
        if (pith_link_density(c) >= PROSE_PART_MAX_LINK_SHARE)
            continue;
        uint32_t a = j;
        while (a != i && !first_text_in_link(doc, a))
            a = doc->nodes[a].parent;
        if (a == i)
            return 1;
        j = c->end - 1;
    }
    return 0;
}

/* ---- print copies ---- */

/* A page that prints its article twice (a print copy beside the one shown, both visible to
 * a parser) repeats a whole box of paragraphs; an article repeats a sentence (a pull quote)
 * or a line, not a box of this many paragraphs and characters (non-space). */
#define COPY_MIN_PARAGRAPHS 2
#define COPY_MIN_CHARS 400u

static int
copy_sized(const pith_node *n)
{
    return n->paragraphs >= COPY_MIN_PARAGRAPHS && n->text_chars >= COPY_MIN_CHARS;
}

/* The next visible non-space byte of subtree [*j, end) from text offset *k, advancing both;
 * -1 at the end. */
static int
next_text_byte(const pith_doc *doc, uint32_t *j, uint32_t end, uint32_t *k)
{
    for (; *j < end; (*j)++, *k = 0) {
        const pith_node *t = &doc->nodes[*j];
        if (t->type != GUMBO_NODE_TEXT || t->text_chars == 0 || !t->text)
            continue;
        while (*k < t->text_len) {
            unsigned char c = (unsigned char)t->text[(*k)++];
            if (!pith_is_html_space(c))
                return c;
        }
    }
    return -1;
}

/* Whether boxes a and b hold the same text, spaces aside. */
static int
same_text(cleaner *cl, uint32_t a, uint32_t b)
{
    const pith_doc *doc = cl->doc;
    uint32_t ja = a, jb = b, ka = 0, kb = 0;
    if (!pith_spend(cl->ctx, doc->nodes[a].end - a + doc->nodes[b].end - b))
        return 0;
    for (;;) {
        int ca = next_text_byte(doc, &ja, doc->nodes[a].end, &ka);
        int cb = next_text_byte(doc, &jb, doc->nodes[b].end, &kb);
        if (ca != cb)
            return 0;
        if (ca < 0)
            return 1;
    }
}

/* Whether box i repeats a box of several paragraphs walked into before it (not one holding
 * it); else records i as such a box when it is one. */
static int
copy_of_kept(cleaner *cl, uint32_t i)
{
    const pith_doc *doc = cl->doc;
    const pith_node *n = &doc->nodes[i];
    if (!copy_sized(n))
        return 0;
    for (unsigned k = 0; k < cl->n_kept_boxes; k++) {
        const pith_node *o = &doc->nodes[cl->kept_box[k]];
        if (o->end <= i && o->text_chars == n->text_chars && o->words == n->words &&
            same_text(cl, cl->kept_box[k], i))
            return 1;
    }
    if (cl->n_kept_boxes < KEPT_BOXES)
        cl->kept_box[cl->n_kept_boxes++] = i;
    return 0;
}

/* Why a box inside the article is left out, or NULL to keep it. */
static const char *
drop_reason(cleaner *cl, uint32_t i, uint32_t root)
{
    const pith_doc *doc = cl->doc;
    const pith_node *n = &doc->nodes[i];
    GumboTag t = (GumboTag)n->tag;
    if (n->hints & PITH_HINT_HIDDEN)
        return "hidden";
    if (n->hints & PITH_HINT_SKIP_TAG)
        return NULL; /* no text; skipped silently */
    if (cl->n_slideshows > 0 && holds_slideshow_apart(cl, i))
        return "a slideshow's captions (numbered 1/N, 2/N, ...) apart from the article's text";
    /* a box holding most of the article is the article, whatever its name (ASP.NET pages wrap
     * everything in a <form>; some themes put "share" on the content wrapper) */
    if (holds_most_of_article(cl, n) && t != GUMBO_TAG_NOSCRIPT)
        return NULL;
    switch (t) {
    case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
        return "form or landmark";
    case GUMBO_TAG_NOSCRIPT:
        return "noscript inside the article";
    default:
        break;
    }
    if (i == cl->meta->title_node)
        return "the title heading";
    /* inline elements inside sentences (math, highlights) carry words like "menu" in their
     * class names for scripts; boilerplate comes in boxes */
    if ((n->hints & PITH_HINTS_BOILERPLATE) && !(n->hints & PITH_HINT_ARTICLE_BODY) &&
        (pith_is_block_element(t) || t == GUMBO_TAG_FONT ||
         (t == GUMBO_TAG_SPAN && n->text_chars < 40)) &&
        !(cl->names_are_content && only_comment_named(n)))
        return reason_boilerplate_class;
    if ((n->hints & PITH_HINT_BYLINE) && n->text_chars < 400)
        return "byline box";
    /* a box holding the article's lead (its header, a "meta" box around the standfirst):
     * its boxes are judged one by one */
    if (cl->keep[i] == PITH_KEEP_LEAD_BOX)
        return NULL;
    if ((n->hints & PITH_HINT_CREDIT) && n->text_chars <= CREDIT_MAX_CHARS &&
        cl->bias != PITH_BIAS_RECALL)
        return "a picture's credit";
    if (t == GUMBO_TAG_HEADER && n->text_chars < 400)
        return "article header";
    if (n->text_chars == 0)
        return NULL;
    /* readability's conditional cleaning, for boxes that may be promos or link lists */
    int is_list = t == GUMBO_TAG_UL || t == GUMBO_TAG_OL;
    if (!(t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION || t == GUMBO_TAG_TABLE || is_list ||
          t == GUMBO_TAG_HEADER || t == GUMBO_TAG_DL))
        return NULL;
    if (n->hints & PITH_HINT_ARTICLE_BODY)
        return NULL;
    int weight = n->class_weight;
    if (weight < 0 && n->text_chars < cl->article_chars / 2 && !cl->names_are_content)
        return reason_negative_weight;
    /* content marks the article's lists and tables of data and the boxes around them: images
     * beside steps, a servings input, linked product names do not make them promos */
    if (cl->keep[i] == PITH_KEEP_DATA)
        return NULL;
    /* the box tests catch promos and link lists; a box holding most of the article is neither */
    if (n->commas >= 10 || holds_most_of_article(cl, n))
        return NULL;
    const counts *c = &cl->cnt[i];
    double ld = pith_link_density(n);
    /* several real paragraphs: article text; whatever promo sits inside is judged on its own */
    if (c->p >= 4 && n->text_chars > 500 && ld < 0.3)
        return NULL;
    double strict = box_link_tolerance(cl->bias);
    uint32_t p = c->p;
    int figure = c->figure > 0 || has_figure_ancestor(doc, i, root);
    if (c->img > 1 && p * 2 < c->img && !figure && !illustrated_text(n, c->p, ld))
        return "more images than paragraphs";
    if (!is_list && c->li > p + 0 && c->li > 3 && ld > 0.3)
        return "list items outnumber paragraphs";
    if (c->input > p / 3 + 0)
        return "form inputs";
    if (!is_list && n->text_chars < 25 && (c->img == 0 || c->img > 2) && !figure &&
        c->heading_chars * 10 < n->text_chars * 9)
        return "almost no text";
    if (!is_list && weight < 25 && ld > 0.2 * strict && n->text_chars < 1000 &&
        !holds_prose_part(cl, i))
        return "link-heavy box";
    if (weight >= 25 && ld > 0.5 * strict)
        return "link-heavy box";
    if (is_list && ld > 0.5 * strict)
        return "link list";
    if (c->embed > 0 && n->text_chars < 75)
        return "embeds";
    return NULL;
}

static inline int
starts_with_ci(const char *s, const char *prefix)
{
    if (pith_ascii_lower((unsigned char)s[0]) != pith_ascii_lower((unsigned char)prefix[0]))
        return 0;
    size_t n = strlen(prefix);
    return pith_ascii_casecmp_n(s, prefix, n) == 0;
}

static size_t
count_words(const char *s, size_t len)
{
    size_t words = 0, i = 0;
    int in_word = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            /* ASCII, most of the text: pith_is_word_cp's first case, without the decode */
            int w = (c >= '0' && c <= '9') || ((c | 32u) >= 'a' && (c | 32u) <= 'z') || c == '_';
            if (w && !in_word)
                words++;
            in_word = w;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = pith_utf8_next(s + i, len - i, &cp);
        i += k ? k : 1;
        if (cp >= 0x3040 && cp <= 0x9FFF) {
            words++;
            in_word = 0;
            continue;
        }
        int w = pith_is_word_cp(cp);
        if (w && !in_word)
            words++;
        in_word = w;
    }
    return words;
}

/* Lowercases s[0..len) into out (NUL-terminated, at most cap - 1 bytes, whole characters):
 * ASCII, and the Latin-1 and Latin Extended-A capitals of the dev sets' languages (Ä, É, Ó,
 * Ł, Ś, ...), so that one lowercase table entry matches a label however it is capitalised. */
static size_t
fold_lower(const char *s, size_t len, char *out, size_t cap)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    size_t o = 0, i = 0;
    while (i < len && o + 4 < cap) {
        /* 8 ASCII bytes at once (every short block is folded, most of it ASCII): a byte is a
         * capital when adding 0x80 - 'A' sets its high bit and adding 0x7F - 'Z' does not,
         * neither sum carrying out of a byte under 0x80; 0x80 >> 2 is the case bit. The
         * room test is the byte loop's for the 8th byte. */
        if (len - i >= 8 && o + 7 + 4 < cap) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (!(x & high)) {
                uint64_t upper = (x + ones * (0x80 - 'A')) & ~(x + ones * (0x7F - 'Z')) & high;
                x |= upper >> 2;
                memcpy(out + o, &x, 8);
                o += 8;
                i += 8;
                continue;
            }
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[o++] = (char)pith_ascii_lower(c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = pith_utf8_next(s + i, len - i, &cp);
        i += k ? k : 1;
        if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
            cp += 0x20;
        else if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
            cp |= 1u;
        else if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && (cp & 1u))
            cp++;
        o += pith_utf8_encode(cp, out + o);
    }
    out[o] = '\0';
    return o;
}

/* Lines that credit a photo or name a source, in the sets' languages, or say when the page
 * was updated (with 责任编辑, "editor in charge", of Chinese news pages). */
static const char *const credit_prefixes[] = {
    "last update", "last updated", "updated:", "source:", "photo:", "photo by ", "photograph:",
    "image:", "credit:", "quelle:", "foto:", "fotos:", "bild:", "bilder:", "fuente:", "fonte:",
    "kuva:", "lähde:", "źródło:", "(crédito:", "crédito:", "crédits photos", "crédit photo",
    "photo :", "(foto:", "(quelle:", "getty images", "shutterstock", "\xef\xbc\x88\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91",
    "(\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91", "\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91",
    NULL};

/* Whether s[0..len), case-folded, begins with one of the lowercase phrases (the first
 * 100 bytes are looked at: every phrase is shorter). */
static int
starts_with_phrase(const char *s, size_t len, const char *const *phrases)
{
    char low[100 * 3 + 8];
    fold_lower(s, len < 100 ? len : 100, low, sizeof low);
    for (const char *const *w = phrases; *w; w++)
        if (low[0] == (*w)[0] && strncmp(low, *w, strlen(*w)) == 0)
            return 1;
    return 0;
}

/* "Updated at 1:23 p.m.", "Aktualisiert am 17.01.2021", "Published 9:02 a.m. ET Jan. 5,
 * 2024 | Updated 1:23 p.m. ET": a line that begins so and holds a time or a date says when
 * the page was published or changed. Without a digit ("Updated guidance followed") it may be
 * a sentence. Lowercase, in the sets' languages. */
static const char *const update_prefixes[] = {
    "updated", "last updated", "aktualisiert", "zuletzt aktualisiert", "stand:", "mis à jour",
    "mise à jour", "actualizado", "actualización", "atualizado", "atualização",
    "zaktualizowano", "aktualizacja", "päivitetty", "aggiornato", "published", "posted",
    "veröffentlicht", "publié", "publicado", "opublikowano", "pubblicato", "julkaistu", NULL};

/* An update line with a digit is a time and a few words ("Updated at 1:23 p.m."); one with
 * a whole date and the other time may run longer, but holds at most one lowercase word of
 * four letters or more after its first word (a month in French or Spanish): a sentence such
 * as "Published in the journal Nature on 5 March 2024, the study ..." holds more. */
#define UPDATE_LINE_MAX_BYTES 60
#define DATED_UPDATE_LINE_MAX_BYTES 100
#define DATED_UPDATE_LINE_MAX_WORDS 1

static int
few_lowercase_words(const char *s, size_t len)
{
    size_t i = 0, seen = 0;
    while (i < len && s[i] != ' ')
        i++; /* the first word: the prefix */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        int letter = ((c | 32u) >= 'a' && (c | 32u) <= 'z') || c >= 0x80;
        if (!letter) {
            i++;
            continue;
        }
        size_t from = i;
        int lower = c >= 'a' && c <= 'z';
        while (i < len && ((((unsigned char)s[i] | 32u) >= 'a' && ((unsigned char)s[i] | 32u) <= 'z') ||
                           (unsigned char)s[i] >= 0x80))
            i++;
        if (lower && i - from >= 4 && ++seen > DATED_UPDATE_LINE_MAX_WORDS)
            return 0;
    }
    return 1;
}

static int
is_update_line(const char *s, size_t len)
{
    if (len > DATED_UPDATE_LINE_MAX_BYTES)
        return 0;
    int digit = 0;
    for (size_t i = 0; i < len && !digit; i++)
        digit = s[i] >= '0' && s[i] <= '9';
    if (!digit || !starts_with_phrase(s, len, update_prefixes))
        return 0;
    if (len <= UPDATE_LINE_MAX_BYTES)
        return 1;
    pith_date d;
    return few_lowercase_words(s, len) && pith_date_parse_text(s, len, -1, &d, NULL);
}

/* A line naming whom to write to or call: "Write to Jane Roe at jane.roe@example.com", "Tom
 * Poe: 206-464-2067 or tpoe@example.com", "Telefon +49 40 123 456". The article's sentence
 * giving an address is longer than this. */
#define CONTACT_LINE_MAX_BYTES 160

static const char *const phone_prefixes[] = {"tel.", "tel:", "telefon", "telephone", "phone",
                                             "ph:", "fax", "mobil", "téléfono", "teléfono",
                                             "téléphone", "telefone", NULL};

/* Whether s[0..len) holds an e-mail address: a name, '@', a domain with a dot. */
static int
has_email(const char *s, size_t len)
{
    for (const char *at = memchr(s, '@', len); at; at = memchr(at + 1, '@', len - (size_t)(at + 1 - s))) {
        size_t i = (size_t)(at - s);
        if (i == 0 || !pith_is_word_cp((unsigned char)s[i - 1]))
            continue;
        int dot = 0;
        size_t k = i + 1;
        for (; k < len && (pith_is_word_cp((unsigned char)s[k]) || s[k] == '.' || s[k] == '-'); k++)
            if (s[k] == '.' && k + 1 < len && pith_is_word_cp((unsigned char)s[k + 1]))
                dot = 1;
        if (dot)
            return 1;
        if (k + 1 >= len)
            break;
    }
    return 0;
}

static int
is_contact_line(const char *s, size_t len)
{
    if (len > CONTACT_LINE_MAX_BYTES)
        return 0;
    if (has_email(s, len))
        return 1;
    if (len > UPDATE_LINE_MAX_BYTES || !starts_with_phrase(s, len, phone_prefixes))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 1;
    return 0;
}

/* Phrases of site furniture that an article's own short line does not use. */
static const char *const legal_phrases[] = {
    "terms and conditions", "terms of use", "terms of service",
    "privacy policy", "privacy statement", "\xe2\x84\xa2", "cookie policy", "tous droits",
    "alle rechte", "derechos reservados", NULL};

/* What a publisher or a syndication agency appends about the rights to the text, or a press
 * release's disclaimer: "This material may not be published, broadcast, rewritten or
 * redistributed", "This document is subject to copyright", "The opinions expressed ... do not
 * necessarily reflect ...". Lowercase, in the sets' languages; each is a phrase an article's
 * own sentence about the world does not use. */
static const char *const rights_phrases[] = {
    "all rights reserved", "may not be published, broadcast", "may not be reproduced",
    "may not be republished", "may not be redistributed", "document is subject to copyright",
    "material is subject to copyright", "content is subject to copyright",
    "without prior written permission", "without the prior written", "opinions expressed in this",
    "views expressed in this", "opinions expressed here", "views expressed here",
    "alle rechte vorbehalten", "tous droits réservés", "reproduction interdite",
    "todos los derechos reservados", "prohibida su reproducción", "todos os direitos reservados",
    "wszelkie prawa zastrzeżone", "riproduzione riservata", NULL};

/* A rights notice is a paragraph at most; the longest in the dev sets (an agency's "Copyright
 * © 2008 Agence France Presse. All rights reserved. The information contained in ...") has
 * 330 bytes. Longer, it is an article about rights. */
#define RIGHTS_NOTICE_MAX_BYTES 400

/* One pass over s: a phrase is tried only where its first byte is (case-folded), so every
 * short block of a page costs its length, not its length times the phrases. */
static int
has_legal_phrase(const cleaner *cl, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = pith_ascii_lower((unsigned char)s[i]);
        if (!(cl->first_byte[c] & FIRST_LEGAL))
            continue;
        for (const char *const *w = legal_phrases; *w; w++) {
            size_t k = (unsigned char)(*w)[0] == c ? strlen(*w) : 0;
            if (k && k <= len - i && pith_ascii_casecmp_n(s + i, *w, k) == 0)
                return 1;
        }
    }
    return 0;
}

/* Short lines that are furniture in any article box. */
static const char *const boiler_lines[] = {
    "advertisement", "anzeige", "werbung", "reklama", "reklame", "publicité", "publicidad",
    "publicidade", "pubblicità", "mainos", "sponsored", "gesponsert", "share this",
    "share this article", "share this story", "share", "tweet", "read more", "continue reading",
    "related", "related articles", "related stories", "more from", "recommended", "print",
    "email", "comments", "leave a comment", "sign up", "subscribe", "follow us",
    "click here", "skip to content", "back to top", "loading", "loading...", NULL};

static int
is_boiler_line(const cleaner *cl, const char *s, size_t len)
{
    if (len > 40 || !(cl->first_byte[pith_ascii_lower((unsigned char)s[0])] & FIRST_BOILER))
        return 0;
    char low[48];
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < sizeof low; i++)
        low[o++] = (char)pith_ascii_lower((unsigned char)s[i]);
    while (o && (low[o - 1] == ':' || low[o - 1] == ' ' || low[o - 1] == '.'))
        o--;
    low[o] = '\0';
    /* every block of the article passes here: the first letter rules out most lines */
    for (const char *const *w = boiler_lines; *w; w++)
        if (low[0] == (*w)[0] && strcmp(low, *w) == 0)
            return 1;
    return 0;
}

/* A label introducing other articles is a heading or a line of a few words; longer, it is a
 * sentence that happens to begin with "Related" or "Mehr". The longest label in the dev sets
 * ("Das Thema könnte dich auch interessieren:") has 42 bytes. */
#define RELATED_LABEL_MAX_BYTES 64

/* Labels that introduce links to other articles, lowercase, in the dev sets' languages (de,
 * en, fr, es, pt, pl, it, nl, fi). Such a label and what it introduces are not the article
 * wherever they sit, inside the article's box or after it. A label is a short block that is
 * the phrase, or begins with it ("Weitere Artikel zum Thema"); the phrase followed by a colon
 * and a linked title ("Lesen Sie auch: ...") is one inline teaser. Buttons that open the
 * rest of this article ("Read more", "Weiterlesen") are not here: what follows them is the
 * article. */
static const char *const related_labels[] = {
    /* de */
    "auch interessant", "das könnte dich auch interessieren", "das könnte sie auch interessieren",
    "das könnte dich interessieren", "das könnte sie interessieren", "das thema könnte",
    "dazu passend", "passend dazu", "passend zum thema", "mehr zum thema", "mehr dazu",
    "mehr aus", "lesen sie auch", "lesen sie dazu", "lesen sie mehr", "lies auch", "lies mehr",
    "zum weiterlesen", "weitere artikel", "weitere beiträge", "weitere meldungen",
    "weitere nachrichten", "weitere news", "weitere themen", "weitere tipps",
    "ähnliche artikel", "ähnliche beiträge", "ähnliche themen", "verwandte artikel",
    "verwandte themen", "unsere empfehlung", "empfohlene artikel", "meistgelesen",
    "meist gelesen", "kommentierte artikel", "top-themen", "auch lesenswert",
    /* en */
    "related", "read also", "also read", "read next", "more on this", "more from",
    "more stories", "more news", "more articles", "you may also like", "you might also like",
    "you may like", "you might like", "recommended for you", "recommended reading",
    "further reading", "see also", "most read", "most popular", "popular posts",
    "what to read next", "more to explore",
    /* fr */
    "à lire aussi", "a lire aussi", "lire aussi", "à lire également", "sur le même sujet",
    "articles similaires", "articles liés", "audios et vidéos sur le sujet", "vous aimerez aussi",
    "vous aimerez peut-être", "vous pourriez aimer", "les plus lus", "à voir aussi",
    "dans la même rubrique",
    /* es */
    "lea también", "lee también", "leer también", "te puede interesar",
    "también te puede interesar", "le puede interesar", "te podría interesar",
    "noticias relacionadas", "artículos relacionados", "notas relacionadas", "lo más leído",
    "mire:", "vea también", "ver también", "relacionado", "relacionadas",
    /* pt */
    "leia também", "leia mais", "veja também", "notícias relacionadas", "matérias relacionadas",
    "mais lidas", "mais lidos", "você pode gostar",
    /* pl */
    "czytaj też", "czytaj także", "czytaj również", "zobacz też", "zobacz także",
    "zobacz również", "przeczytaj też", "przeczytaj także", "polecamy", "najczęściej czytane",
    "powiązane artykuły", "podobne artykuły",
    /* it, nl, fi */
    "leggi anche", "articoli correlati", "potrebbe interessarti", "ti potrebbe interessare",
    "lees ook", "gerelateerde artikelen", "lue myös", NULL};

typedef enum label_kind {
    LABEL_NONE, LABEL_INTRO, LABEL_INLINE, LABEL_CLOSING, LABEL_PROFILE
} label_kind;

/* Labels, lowercase, of what sites put after an article about the article or themselves:
 * how to cite it, the author's or the company's short profile, whom to contact. What such a
 * label introduces is prose or an address, so it goes up to the next heading, not only while
 * it looks like teasers. */
static const char *const closing_labels[] = {
    "cite this article", "how to cite", "citation:", "zitiervorschlag", "zitierhinweis",
    "citer cet article", "pour citer", "cómo citar", "como citar",
    "about the author", "about the company", "about us", "über den autor", "über die autorin",
    "über das unternehmen", "über uns", "à propos de l'auteur", "sobre el autor",
    "sobre la empresa", "sobre o autor", "o autorze",
    "ansprechpartner", "pressekontakt", "medienkontakt", "kontakt:", "für rückfragen",
    "media contact", "press contact", "contact:", "contact presse", "contacto de prensa",
    "kontakt dla mediów", NULL};

/* "About Acme Corp.", "Über die Muster GmbH": a press release's profile of its company, a
 * heading of a few words naming it (a capital after the phrase). Lowercase. */
static const char *const profile_openers[] = {"about ", "über ", "à propos de ", "à propos d'",
                                              "acerca de ", "sobre ", NULL};
#define PROFILE_LABEL_MAX_WORDS 6

static int
is_profile_label(const char *s, size_t len, const char *low)
{
    for (const char *const *w = profile_openers; *w; w++) {
        size_t k = strlen(*w);
        if (low[0] != (*w)[0] || strncmp(low, *w, k) != 0)
            continue;
        /* the opener folds in place (ASCII, and Ü, À to ü, à), so s[k] follows it */
        unsigned char c = (unsigned char)s[k];
        if (!((c >= 'A' && c <= 'Z') || c >= 0xC3)) /* a capital, or a letter past ASCII */
            return 0; /* "About the harbour": the article's own heading */
        return count_words(s, len) <= PROFILE_LABEL_MAX_WORDS;
    }
    return 0;
}

/* "Lesen Sie auch: <a>title</a>": the title is the link; a label with an unlinked remark
 * after its colon ("Related: the court's earlier ruling") may be the article's own words. */
#define INLINE_TEASER_LINK_SHARE 0.3

/* Whether the block s[0..len) is a related-links label (LABEL_INTRO: it and what it
 * introduces go) or an inline teaser (LABEL_INLINE: the phrase, a colon and a title). */
static label_kind
related_label(const char *s, size_t len)
{
    if (len > RELATED_LABEL_MAX_BYTES)
        return LABEL_NONE;
    char last = s[len - 1];
    if (last == '.' || last == '!' || last == '?')
        return LABEL_NONE; /* a sentence */
    char low[RELATED_LABEL_MAX_BYTES * 3 + 8];
    size_t n = fold_lower(s, len, low, sizeof low);
    for (const char *const *w = closing_labels; *w; w++)
        if (low[0] == (*w)[0] && strncmp(low, *w, strlen(*w)) == 0)
            return LABEL_CLOSING;
    if (is_profile_label(s, len, low))
        return LABEL_PROFILE;
    for (const char *const *w = related_labels; *w; w++) {
        size_t k = strlen(*w);
        if (n < k || low[0] != (*w)[0] || memcmp(low, *w, k) != 0)
            continue;
        const char *rest = low + k;
        unsigned char c = (unsigned char)rest[0];
        /* a whole word: "related", not "relatedness"; bytes past ASCII may be letters */
        if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32u) >= 'a' && (c | 32u) <= 'z'))
            continue;
        if ((*w)[k - 1] == ':')
            rest--; /* the colon is part of the phrase */
        while (*rest == ' ')
            rest++;
        if (*rest == ':') {
            rest++;
            while (*rest == ' ')
                rest++;
            return *rest ? LABEL_INLINE : LABEL_INTRO;
        }
        return LABEL_INTRO;
    }
    return LABEL_NONE;
}

/* Past a related-links label, a sibling is one of the teasers it introduces when it is a
 * list, a linked headline, link-led, a quarter or more links, or a title-length line with no
 * sentence in it; the first sibling that is none of these (a plain heading, prose) is the
 * article again. */
#define INTRO_LINK_SHARE 0.25
#define INTRO_TITLE_MAX_CHARS 100u /* teaser titles in the dev sets run 20-90 characters */

static int
introduced_teaser(const cleaner *cl, uint32_t i)
{
    const pith_node *n = &cl->doc->nodes[i];
    if (n->text_chars == 0)
        return 1;
    GumboTag t = (GumboTag)n->tag;
    double ld = pith_link_density(n);
    if (pith_is_heading_tag(t))
        return ld >= 0.9;
    if (cl->intro_closing)
        return 1;
    return ld >= INTRO_LINK_SHARE || t == GUMBO_TAG_UL || t == GUMBO_TAG_OL ||
           t == GUMBO_TAG_DL || first_text_in_link(cl->doc, i) ||
           (n->text_chars <= INTRO_TITLE_MAX_CHARS && n->sentences == 0);
}

/* The label just flushed (block_chars of text) introduces what follows it: the rest of the
 * box it heads, when that box is a small part of the article, or else the teaser-like
 * siblings after it. */
static void
leave_out_introduced(cleaner *cl, uint32_t block_chars)
{
    const pith_doc *doc = cl->doc;
    uint32_t e = PITH_NONE;
    for (uint32_t k = cl->top; k-- > 0;)
        if (pith_is_block_element((GumboTag)cl->stack[k].tag)) {
            e = cl->stack[k].node;
            break;
        }
    if (e == PITH_NONE || e == cl->root)
        return;
    /* the label is the first line of e, which holds more: e is the box it heads */
    if (doc->nodes[e].text_chars > block_chars + block_chars / 2) {
        if (doc->nodes[e].text_chars * 2 <= cl->article_chars)
            cl->skip_to = doc->nodes[e].end;
        cl->skip_why = "the box a related-links label heads";
        return;
    }
    uint32_t w = e; /* the label with the wrappers that hold nothing else */
    while (doc->nodes[w].parent != cl->root &&
           doc->nodes[doc->nodes[w].parent].text_chars <= doc->nodes[w].text_chars)
        w = doc->nodes[w].parent;
    uint32_t b = doc->nodes[w].parent;
    int first = 1;
    for (uint32_t j = b + 1; j < w && first; j++)
        if (doc->nodes[j].type == GUMBO_NODE_TEXT && doc->nodes[j].text_chars > 0)
            first = 0;
    if (b != cl->root && first && doc->nodes[b].text_chars * 2 <= cl->article_chars) {
        cl->skip_to = doc->nodes[b].end;
        cl->skip_why = "the box a related-links label heads";
        return;
    }
    cl->intro_parent = b;
    cl->intro_after = doc->nodes[w].end;
}

/* Headings that open a comment section. Comments follow the article, so the first such
 * line after some article text ends the article even where the markup gives no hint. */
static const char *const comment_openers[] = {
    "comments", "reader comments", "readers' comments", "readers comments",
    "user comments", "comments are closed", "comments are now closed",
    "comments are now closed for this story", "comments closed", "leave a comment",
    "leave a reply", "post a comment", "add a comment", "add your comment", "add comment",
    "have your say", "join the discussion", "join the conversation", "discussion",
    "responses", "kommentare", "kommentar schreiben", "commentaires", "réagissez",
    "comentarios", "deja un comentario", "commenti", "lascia un commento", "comentários",
    "deixe um comentário", "reacties", "reageer", "komentarze", "комментарии", NULL};

static int
opens_comments(const cleaner *cl, const char *s, size_t len)
{
    if (len > 60)
        return 0;
    char low[64];
    size_t o = 0, i = 0;
    /* "12 comments", "Comments (3)": ignore counts */
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == ' '))
        i++;
    if (i == len || !(cl->first_byte[pith_ascii_lower((unsigned char)s[i])] & FIRST_COMMENT))
        return 0;
    for (; i < len && o + 1 < sizeof low; i++) {
        if (s[i] == '(' || s[i] == ':')
            break;
        low[o++] = (char)pith_ascii_lower((unsigned char)s[i]);
    }
    while (o && (low[o - 1] == ' ' || low[o - 1] == '.' || low[o - 1] == '!'))
        o--;
    low[o] = '\0';
    for (const char *const *w = comment_openers; *w; w++)
        if (low[0] == (*w)[0] && strcmp(low, *w) == 0)
            return 1;
    return 0;
}

static void
mark_first_bytes(cleaner *cl, const char *const *list, uint8_t bit)
{
    for (; *list; list++)
        cl->first_byte[(unsigned char)(*list)[0]] |= bit;
}

/* A call to action or a notice is a line or two; a paragraph longer than this that uses
 * one of the phrases below is the article talking about newsletters or subscriptions. The
 * longest such line in the dev sets (a paywall's "If you're seeing this message but you're
 * already a subscriber, ...") has 128 bytes. */
#define CALL_TO_ACTION_MAX_BYTES 200

/* Phrases, lowercase, of the site talking to its reader in a short block: newsletter,
 * follow-us, messenger, subscription and donation calls, paywall and login prompts, feedback
 * and rating prompts, affiliate and advertising disclaimers. In the dev sets' languages; each
 * phrase is one an article's own short line about the world does not use. */
static const char *const call_to_action_phrases[] = {
    /* en */
    "our newsletter", "the newsletter", "newsletter today", "sign up for our", "sign up here",
    "signing up", "subscribe to", "subscribe now", "subscribe today", "please subscribe",
    "already a subscriber", "subscribers also receive", "follow us on", "join us on",
    "support our journalism", "support independent journalism", "log in to", "sign in to",
    "to view the full story", "was this article helpful", "was this helpful",
    "rate this article", "hear what you think", "advertising disclaimer", "affiliate link",
    "contains references to products", "download our app", "never miss",
    /* de */
    "newsletter abonnieren", "unseren newsletter", "zum newsletter", "newsletter anmelden",
    "folgen sie uns", "folge uns", "folgt uns", "wir bei whatsapp", "auf whatsapp",
    "bei telegram", "whatsapp-kanal", "telegram-kanal", "unterstütze ", "unterstützen sie ",
    "jetzt abonnieren", "jetzt anmelden", "nichts mehr verpassen", "nichts mehr versäumen",
    "keine news mehr", "war der artikel", "war dieser artikel", "noch keine bewertung",
    "artikel bewerten", "müssen sich anmelden", "müssen sich einloggen", "um kommentare zu",
    "exklusive angebote", "fan-shop", "ohne gewähr", "gleich reinschauen", "jetzt bewerben",
    /* fr */
    "notre newsletter", "la newsletter", "abonnez-vous", "inscrivez-vous", "suivez-nous",
    "rejoignez-nous", "cet article vous a",
    /* es */
    "suscríbete", "suscribete", "suscríbase", "síguenos", "siguenos", "únete", "canal de telegram",
    "canal de whatsapp", "nuestro boletín",
    /* pt */
    "nos siga", "siga-nos", "assine", "inscreva-se", "canal no telegram", "canal do telegram",
    /* pl */
    "subskrypcji", "zapisz się", "obserwuj nas", "dołącz do nas",
    /* it, fi */
    "iscriviti", "seguici", "tilaa uutiskirje", "seuraa meitä", NULL};

_Static_assert(sizeof call_to_action_phrases / sizeof *call_to_action_phrases - 1 <= 128,
               "phrase_index holds 128 phrases");

_Static_assert(sizeof rights_phrases / sizeof *rights_phrases - 1 <= 128,
               "phrase_index holds 128 phrases");

static void
index_phrases(phrase_index *ix, const char *const *phrases)
{
    unsigned count[257] = {0};
    size_t n = 0;
    ix->phrases = phrases;
    for (const char *const *w = phrases; *w; w++, n++) {
        count[(unsigned char)(*w)[0] + 1]++;
        ix->len[n] = (uint8_t)strlen(*w);
    }
    for (unsigned c = 1; c < 257; c++)
        count[c] += count[c - 1];
    for (unsigned c = 0; c < 257; c++)
        ix->start[c] = (uint8_t)count[c];
    for (size_t i = 0; i < n; i++)
        ix->order[count[(unsigned char)phrases[i][0]]++] = (uint8_t)i;
}

/* Whether the folded text low[0..n) holds one of ix's phrases at the start of a word (every
 * phrase begins one). */
static int
has_indexed_phrase(const phrase_index *ix, const char *low, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)low[i];
        if (i > 0 && (low[i - 1] != ' ' && low[i - 1] != '(' && low[i - 1] != '-'))
            continue;
        for (unsigned k = ix->start[c]; k < ix->start[c + 1]; k++) {
            size_t m = ix->len[ix->order[k]];
            const char *ph = ix->phrases[ix->order[k]];
            /* the second byte first: most phrases of a bucket differ there, without the call */
            if (m <= n - i && (m < 2 || low[i + 1] == ph[1]) && memcmp(low + i, ph, m) == 0)
                return 1;
        }
    }
    return 0;
}

/* Captions outside <figcaption> sit in boxes named for them. */
static int
in_caption_box(const cleaner *cl)
{
    for (uint32_t k = 0; k < cl->top; k++)
        if (cl->doc->nodes[cl->stack[k].node].hints & PITH_HINT_CAPTION)
            return 1;
    return 0;
}

/* A block that is one web address and nothing else ("https://example.org/page",
 * "www.example.org") names where a link goes; the article's sentences about a site hold
 * other words too. */
static int
is_url_line(const char *s, size_t len)
{
    if (!(starts_with_ci(s, "http://") || starts_with_ci(s, "https://") || starts_with_ci(s, "www.")))
        return 0;
    return memchr(s, ' ', len) == NULL;
}

/* Inside a list or table content marked as data (PITH_KEEP_DATA): an ingredient line whose
 * product name links to a shop is mostly link text, yet no link list's entry; its amount is
 * at least a tenth of it ("100 ml" beside "Fresh whole milk"), which a line that is all
 * link ("Register now") has not. */
#define DATA_LINE_MAX_LINK_SHARE 0.9

static int
in_data_list(const cleaner *cl)
{
    for (uint32_t k = 0; k < cl->top; k++) {
        GumboTag t = (GumboTag)cl->stack[k].tag;
        if (cl->keep[cl->stack[k].node] == PITH_KEEP_DATA &&
            (t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_DL || t == GUMBO_TAG_TABLE))
            return 1;
    }
    return 0;
}

/* Section labels above a headline ("Politics", "Analysis") sit in boxes named for them. */
static int
in_kicker_box(const cleaner *cl)
{
    static const char *const names[] = {"kicker", "eyebrow", "overline", "rubric", "category",
                                        "section-label", "dachzeile", "topline", NULL};
    for (uint32_t k = 0; k < cl->top; k++) {
        const char *cls = pith_attr(cl->doc->nodes[cl->stack[k].node].g, "class");
        if (!cls)
            continue;
        for (const char *const *w = names; *w; w++)
            if (pith_contains_ci(cls, strlen(cls), *w))
                return 1;
    }
    return 0;
}

/* Where a caption's credit begins, lowercase: "... im Abendrot. Bild: TebNad/Shutterstock",
 * "... (Quelle: Fleischmann/Unsplash/DJV)", "...festlegt© Bundesregierung". Agency names
 * count only as a credit's form ("(Reuters", "dpa/"), not as a word of the caption. */
static const char *const credit_markers[] = {
    "foto:", "fotos:", "photo:", "photos:", "bild:", "kuva:", "crédito:", "credit:",
    "credits:", "crédits", "quelle:", "source:", "fuente:", "fonte:", "\xc2\xa9",
    "getty images", "shutterstock", "istock", "picture alliance", "picture-alliance",
    /* not a credit, but a caption's tail all the same: how to enlarge the picture */
    "zum vergrößern", "click to enlarge", "klicken zum vergrößern", "cliquez pour agrandir",
    "(reuters", "reuters/", "(afp", "afp/", "(dpa", "dpa/", "(ap photo", "(epa", "epa/",
    "imago/", "imago images", "(keystone", "keystone/", NULL};

/* A caption's credit at its end is at most this long. */
#define CREDIT_TAIL_MAX_BYTES 100u

/* The length of the caption s[0..len) without the credit at its end (len when it has none;
 * 0 when it is all credit). */
static size_t
without_credit(const char *s, size_t len)
{
    char low[CREDIT_TAIL_MAX_BYTES * 4];
    size_t from = len > CREDIT_TAIL_MAX_BYTES ? len - CREDIT_TAIL_MAX_BYTES : 0;
    while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
        from++; /* a whole character */
    if (fold_lower(s + from, len - from, low, sizeof low) != len - from)
        return len; /* folding changed lengths (bytes not UTF-8): offsets would not match */
    size_t at = len;
    for (const char *const *w = credit_markers; *w; w++) {
        const char *hit = strstr(low, *w);
        if (hit && from + (size_t)(hit - low) < at)
            at = from + (size_t)(hit - low);
    }
    if (at == len)
        return len;
    if (at > 0 && s[at - 1] == '/') {
        /* "Name/Getty Images": the credit begins with the photographer's name, after the
         * caption's last sentence or parenthesis */
        while (at > 0 && !(s[at - 1] == '(' || (at >= 2 && s[at - 1] == ' ' &&
                                                 (s[at - 2] == '.' || s[at - 2] == ':'))))
            at--;
    }
    /* and what joins it to the caption: "(", " | ", " - ", "–" */
    while (at > 0 && (s[at - 1] == ' ' || s[at - 1] == '(' || s[at - 1] == '|' ||
                      s[at - 1] == '-' || s[at - 1] == '/' || s[at - 1] == ','))
        at--;
    if (at >= 3 && memcmp(s + at - 3, "\xe2\x80\x93", 3) == 0)
        at -= 3;
    while (at > 0 && s[at - 1] == ' ')
        at--;
    return at;
}

static void
trim(const char **s, size_t *n)
{
    while (*n && pith_is_html_space((unsigned char)(*s)[0]))
        (*s)++, (*n)--;
    while (*n && pith_is_html_space((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* The words of controls that a script turns into buttons (an image's toggle, a list's
 * expander), lowercase: a block made of nothing else is interface text, not the article's. */
static const char *const interface_words[] = {
    "alle bilder anzeigen", "bild anzeigen", "bild schließen", "bild vergrößern",
    "bilder anzeigen", "mehr anzeigen", "weniger anzeigen", "vergrößern", "schließen",
    "ausklappen", "einklappen", "show image", "hide image", "show more", "show less", "close",
    "zoom", "enlarge", "afficher l'image", "fermer", "agrandir", "mostrar imagen", "cerrar",
    "ampliar", NULL};

/* An interface line is a few controls' words. */
#define INTERFACE_LINE_MAX_BYTES 80

static int
is_interface_line(const char *s, size_t len)
{
    if (len > INTERFACE_LINE_MAX_BYTES)
        return 0;
    char low[INTERFACE_LINE_MAX_BYTES * 3 + 8];
    size_t n = fold_lower(s, len, low, sizeof low), i = 0;
    while (i < n) {
        size_t k = 0;
        for (const char *const *w = interface_words; *w && !k; w++) {
            size_t m = strlen(*w);
            if (m <= n - i && memcmp(low + i, *w, m) == 0 &&
                (i + m == n || low[i + m] == ' ' || low[i + m] == '|'))
                k = m;
        }
        if (!k)
            return 0;
        i += k;
        while (i < n && (low[i] == ' ' || low[i] == '|'))
            i++;
    }
    return 1;
}

/* The link a teaser ends with to open the story, lowercase ("… mehr •••", "[…] Weiterlesen"):
 * the block before it is a cut summary of another page. The article's own "read more" button
 * opens the rest of this page and follows no ellipsis. */
static const char *const read_more_words[] = {
    "mehr", "weiterlesen", "weiter", "more", "read more", "continue reading", "lire la suite",
    "la suite", "leer más", "ver más", "seguir leyendo", "leia mais", "czytaj dalej",
    "czytaj więcej", "leggi tutto", "lue lisää", NULL};

/* A teaser's summary is a sentence or two. */
#define READ_MORE_TEASER_MAX_BYTES 400

/* Whether the block s[0..len), whose last link text is text node k (PITH_NONE: none), is a
 * cut summary ending in an ellipsis and a read-more link. */
static int
is_read_more_teaser(const cleaner *cl, const char *s, size_t len, uint32_t k)
{
    if (k == PITH_NONE || len > READ_MORE_TEASER_MAX_BYTES)
        return 0;
    const pith_node *t = &cl->doc->nodes[k];
    const char *a = t->text;
    size_t an = t->text_len;
    trim(&a, &an);
    /* the link's word, without the arrows and bullets after it */
    char low[64];
    size_t n = fold_lower(a, an < 40 ? an : 40, low, sizeof low);
    while (n && !(low[n - 1] >= 'a' && low[n - 1] <= 'z') &&
           !(n >= 2 && (unsigned char)low[n - 2] == 0xC3)) /* á, é, ... end "leer más" */
        n--;
    low[n] = '\0';
    const char *word = NULL;
    for (const char *const *w = read_more_words; *w && !word; w++)
        if (strcmp(low, *w) == 0)
            word = *w;
    if (!word)
        return 0;
    /* the word in the block's tail, where the link's text is */
    size_t wl = strlen(word), at = len;
    size_t lo = len > an + wl + 8 ? len - an - wl - 8 : 0;
    for (size_t i = len >= wl ? len - wl + 1 : 0; i-- > lo;)
        if (pith_ascii_casecmp_n(s + i, word, wl) == 0) {
            at = i;
            break;
        }
    if (at == len)
        return 0;
    size_t before = at;
    while (before && (s[before - 1] == ' ' || s[before - 1] == '[' || s[before - 1] == ']' ||
                      s[before - 1] == '(' || s[before - 1] == ')'))
        before--;
    return (before >= 3 && memcmp(s + before - 3, "\xe2\x80\xa6", 3) == 0) ||
           (before >= 3 && memcmp(s + before - 3, "...", 3) == 0);
}

/* Whether the block being flushed is one emphasis element (<em>, <i>, <strong>, <b>) that is
 * all the text of its paragraph: "<p><em>Earlier: <a>The pier in winter</a></em></p>", a
 * teaser of another story set between paragraphs, titled "Kicker: headline" with a link. An
 * emphasised credit ("Portrait by <a>Name</a>") or call has no such colon; an editor's note
 * ends with a full stop. */
static int
block_is_one_emphasis(const cleaner *cl)
{
    const pith_doc *doc = cl->doc;
    uint32_t b = PITH_NONE;
    for (uint32_t k = cl->top; k-- > 0 && b == PITH_NONE;)
        if (pith_is_block_element((GumboTag)cl->stack[k].tag))
            b = cl->stack[k].node;
    if (b == PITH_NONE || doc->nodes[b].text_chars != cl->all_chars)
        return 0;
    for (uint32_t j = b + 1; j < doc->nodes[b].end; j = doc->nodes[j].end) {
        const pith_node *c = &doc->nodes[j];
        GumboTag t = (GumboTag)c->tag;
        if (c->type == GUMBO_NODE_ELEMENT && c->text_chars == cl->all_chars)
            return t == GUMBO_TAG_EM || t == GUMBO_TAG_I || t == GUMBO_TAG_STRONG ||
                   t == GUMBO_TAG_B;
        if (c->text_chars > 0)
            return 0;
    }
    return 0;
}

/* An emphasised teaser is a title's length. */
#define EMPHASIS_TEASER_MAX_BYTES 160

/* Why a finished block is left out, or NULL. */
static const char *
block_drop_reason(cleaner *cl, pith_block_type type, const char *s, size_t len, size_t words)
{
    if (type == PITH_BLOCK_PREFORMATTED || type == PITH_BLOCK_TABLE)
        return NULL;
    double link_share = cl->all_chars ? (double)cl->link_chars / (double)cl->all_chars : 0.0;
    if (cl->out->word_count >= 50 && cl->bias != PITH_BIAS_RECALL && link_share < 0.5 &&
        opens_comments(cl, s, len)) {
        cl->stopped = 1;
        return "opens the comment section: the article ends here";
    }
    if (type == PITH_BLOCK_HEADING || type == PITH_BLOCK_PARAGRAPH) {
        label_kind lk = related_label(s, len);
        if (lk == LABEL_INTRO) {
            cl->intro_pending = 1;
            return "a related-links label: it and what it introduces are left out";
        }
        if (lk == LABEL_CLOSING) {
            cl->intro_pending = 2;
            return "a citation, profile or contact label: it and what it introduces are left out";
        }
        /* after the article's text has begun: before it, "About Face" may be its title */
        if (lk == LABEL_PROFILE && cl->seen_long_paragraph) {
            cl->intro_pending = 2;
            return "a company's profile: it and what it introduces are left out";
        }
        if (lk == LABEL_INLINE && link_share >= INLINE_TEASER_LINK_SHARE)
            return "an inline teaser: a related-links label and a linked title";
    }
    if (is_boiler_line(cl, s, len))
        return "boilerplate phrase";
    if (is_url_line(s, len))
        return "a line that is only a web address";
    if (cl->bias != PITH_BIAS_RECALL && is_contact_line(s, len))
        return "a contact line: an e-mail address or a phone number";
    /* the phrase tables below match lowercase text: fold a short block once for them */
    char low[RIGHTS_NOTICE_MAX_BYTES * 3 + 8];
    size_t nlow = len <= RIGHTS_NOTICE_MAX_BYTES ? fold_lower(s, len, low, sizeof low) : 0;
    if (cl->bias != PITH_BIAS_RECALL && len <= CALL_TO_ACTION_MAX_BYTES &&
        has_indexed_phrase(&cl->cta, low, nlow))
        return "a call to action or notice to the reader";
    if ((starts_with_ci(s, "©") || starts_with_ci(s, "copyright") ||
         starts_with_ci(s, "(c) ")) &&
        len < 200)
        return "copyright line";
    /* site furniture is short; an article sentence that mentions terms of service is not */
    if (len < 100 && has_legal_phrase(cl, s, len))
        return "legal notice";
    if (has_indexed_phrase(&cl->rights, low, nlow))
        return "a rights notice or disclaimer";
    if (is_interface_line(s, len))
        return "interface text: the words of buttons";
    if (cl->bias != PITH_BIAS_RECALL) {
        if (is_read_more_teaser(cl, s, len, cl->block_tail_link))
            return "a teaser: a cut summary and a read-more link";
        if (type == PITH_BLOCK_PARAGRAPH && len <= EMPHASIS_TEASER_MAX_BYTES &&
            link_share >= INLINE_TEASER_LINK_SHARE && s[len - 1] != '.' && s[len - 1] != '!' &&
            strstr(s, ": ") && block_is_one_emphasis(cl))
            return "an inline teaser: a title set in emphasis with a link";
    }
    double share = link_share;
    double strict = block_link_tolerance(cl->bias);
    if (type != PITH_BLOCK_HEADING && share > 0.7 * strict &&
        ((double)len < 160.0 * strict || share > 0.85) &&
        !(share < DATA_LINE_MAX_LINK_SHARE && in_data_list(cl)))
        return "mostly link text";
    if (words == 0)
        return "no words";
    if (type == PITH_BLOCK_PARAGRAPH && !cl->seen_long_paragraph && words <= 3 && len < 30 &&
        in_kicker_box(cl))
        return "kicker or label above the text";
    if (type == PITH_BLOCK_CAPTION && cl->bias == PITH_BIAS_PRECISION)
        return "caption (precision bias)";
    if (cl->bias != PITH_BIAS_RECALL &&
        ((len < 100 && starts_with_phrase(s, len, credit_prefixes)) || is_update_line(s, len)))
        return "credit or update line";
    const pith_meta *m = cl->meta;
    if (!cl->seen_long_paragraph && len < 120) {
        if (m->byline && *m->byline && pith_contains_ci(s, len, m->byline))
            return "byline repeated from metadata";
        pith_date d;
        size_t used = 0;
        if (pith_date_parse_text(s, len, -1, &d, &used) && used * 2 >= len)
            return "dateline";
    }
    if (m->title && (type == PITH_BLOCK_HEADING || !cl->seen_long_paragraph) &&
        strlen(m->title) == len && pith_ascii_casecmp_n(s, m->title, len) == 0)
        return "the title";
    return NULL;
}

static pith_block *
new_block(cleaner *cl)
{
    pith_blocks *b = cl->out;
    if (b->n == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 32;
        pith_block *items = pith_realloc(cl->ctx, b->items, ncap * sizeof *items);
        if (!items)
            return NULL;
        b->items = items;
        b->cap = ncap;
    }
    if (b->n == cl->notes_cap) {
        block_note *notes = pith_realloc(cl->ctx, cl->notes, b->cap * sizeof *notes);
        if (!notes)
            return NULL;
        cl->notes = notes;
        cl->notes_cap = b->cap;
    }
    pith_block *blk = &b->items[b->n++];
    memset(blk, 0, sizeof *blk);
    cl->notes[b->n - 1] = (block_note){0, cl->dropped_chars};
    cl->dropped_chars = 0;
    return blk;
}


/* The block type and level the text gathered now belongs to. */
static void
current_kind(const cleaner *cl, pith_block_type *type, unsigned *level, int *ordered)
{
    *type = PITH_BLOCK_PARAGRAPH;
    *level = 0;
    *ordered = 0;
    unsigned lists = 0;
    int in_li = 0;
    for (uint32_t k = 0; k < cl->top; k++) {
        GumboTag t = (GumboTag)cl->stack[k].tag;
        if (t == GUMBO_TAG_UL || t == GUMBO_TAG_OL) {
            lists++;
            *ordered = t == GUMBO_TAG_OL;
        }
    }
    for (uint32_t k = cl->top; k-- > 0;) {
        GumboTag t = (GumboTag)cl->stack[k].tag;
        if (pith_is_heading_tag(t)) {
            *type = PITH_BLOCK_HEADING;
            *level = tag_heading_level(t);
            return;
        }
        if (t == GUMBO_TAG_PRE) {
            *type = PITH_BLOCK_PREFORMATTED;
            return;
        }
        if (t == GUMBO_TAG_FIGCAPTION || t == GUMBO_TAG_CAPTION) {
            *type = PITH_BLOCK_CAPTION;
            return;
        }
        if (t == GUMBO_TAG_LI && !in_li) {
            in_li = 1;
            *type = PITH_BLOCK_LIST_ITEM;
            *level = lists ? lists : 1;
            return;
        }
        if (t == GUMBO_TAG_BLOCKQUOTE) {
            *type = PITH_BLOCK_QUOTE;
            return;
        }
    }
}

static const char *
block_type_name(pith_block_type t)
{
    switch (t) {
    case PITH_BLOCK_HEADING: return "heading";
    case PITH_BLOCK_PARAGRAPH: return "paragraph";
    case PITH_BLOCK_LIST_ITEM: return "list item";
    case PITH_BLOCK_QUOTE: return "quote";
    case PITH_BLOCK_PREFORMATTED: return "preformatted";
    case PITH_BLOCK_TABLE: return "table";
    case PITH_BLOCK_CAPTION: return "caption";
    case PITH_BLOCK_IMAGE: return "image";
    }
    return "block";
}

/* The block the text gathered now makes, or NULL when it is dropped or empty; the caller
 * empties the buffer. */
static pith_block *
finish_block(cleaner *cl)
{
    pith_buf *b = &cl->text;
    cl->block_tail_link = cl->last_link_text;
    cl->last_link_text = PITH_NONE;
    if (b->failed || b->len == 0) {
        b->len = 0;
        cl->link_chars = cl->all_chars = 0;
        return NULL;
    }
    pith_block_type type;
    unsigned level;
    int ordered;
    current_kind(cl, &type, &level, &ordered);
    char *text;
    size_t len;
    if (type == PITH_BLOCK_PREFORMATTED) {
        const char *s = b->data;
        size_t n = b->len;
        if (n && s[0] == '\n')
            s++, n--;
        while (n && pith_is_html_space((unsigned char)s[n - 1]))
            n--;
        size_t lead = 0;
        while (lead < n && pith_is_html_space((unsigned char)s[lead]))
            lead++;
        text = lead == n ? NULL : pith_strndup(cl->ctx, s, n);
        len = n;
    } else {
        text = pith_collapse_ws(cl->ctx, b->data, b->len, &len);
    }
    if (!text || len == 0) {
        cl->link_chars = cl->all_chars = 0;
        return NULL;
    }
    size_t words = count_words(text, len);
    uint32_t block_chars = cl->all_chars;
    cl->intro_pending = 0;
    const char *why = block_drop_reason(cl, type, text, len, words);
    size_t trimmed = len;
    if (!why && (type == PITH_BLOCK_CAPTION || in_caption_box(cl)) &&
        cl->bias != PITH_BIAS_RECALL) {
        trimmed = without_credit(text, len);
        if (trimmed == 0 && cl->bias != PITH_BIAS_PRECISION)
            trimmed = len; /* a caption that is only a credit ("Name/Getty Images") stays:
                            * Readability's truth keeps it, trafilatura's leaves it out */
        if (trimmed == 0)
            why = "a picture's credit";
    }
    if (cl->intro_pending) {
        cl->intro_closing = cl->intro_pending == 2;
        leave_out_introduced(cl, block_chars);
    }
    if (cl->ctx->explain) {
        unsigned link_pct = cl->all_chars ? (unsigned)(cl->link_chars * 100 / cl->all_chars) : 0;
        int shown = (int)pith_utf8_prefix(text, len, 60);
        pith_explain(cl->ctx, "%s %s: %zu chars, %zu words, %u%% link text: \"%.*s%s\"%s%s",
                     why ? "drop" : "keep", block_type_name(type), len, words,
                     link_pct, shown, text, (size_t)shown < len ? "..." : "", why ? ": " : "",
                     why ? why : "");
    }
    cl->link_chars = cl->all_chars = 0;
    if (why) {
        cl->dropped_chars += block_chars;
        return NULL;
    }
    if (trimmed < len) {
        int shown = (int)pith_utf8_prefix(text + trimmed, len - trimmed, 60);
        pith_explain(cl->ctx, "trim caption: its credit \"%.*s\"", shown, text + trimmed);
        text[trimmed] = '\0';
        len = trimmed;
        words = count_words(text, len);
    }
    if (type == PITH_BLOCK_PARAGRAPH && len >= 120)
        cl->seen_long_paragraph = 1;
    pith_block *blk = new_block(cl);
    if (!blk)
        return NULL;
    blk->type = type;
    blk->level = level;
    blk->ordered = ordered;
    blk->text = text;
    cl->out->word_count += words;
    cl->notes[cl->out->n - 1].words = (uint32_t)words;
    return blk;
}

static void
flush_block(cleaner *cl)
{
    pith_buf *b = &cl->text;
    pith_block *blk = finish_block(cl);
    pith_inline_block(&cl->inl, b->data, b->len, blk);
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* A table of data (rows of short cells), as opposed to a layout grid holding the page. */
static int
is_data_table(const pith_doc *doc, uint32_t t)
{
    const pith_node *n = &doc->nodes[t];
    const char *role = pith_attr(n->g, "role");
    if (role && strcmp(role, "presentation") == 0)
        return 0;
    unsigned rows = 0, cells = 0;
    for (uint32_t j = t + 1; j < n->end; j++) {
        const pith_node *c = &doc->nodes[j];
        if (c->type != GUMBO_NODE_ELEMENT)
            continue;
        switch ((GumboTag)c->tag) {
        case GUMBO_TAG_TABLE: case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_UL:
        case GUMBO_TAG_OL: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
        case GUMBO_TAG_H3: case GUMBO_TAG_PRE:
            return 0;
        case GUMBO_TAG_TR: rows++; break;
        case GUMBO_TAG_TD: case GUMBO_TAG_TH:
            cells++;
            if (c->text_chars > 400)
                return 0;
            break;
        default: break;
        }
    }
    return rows >= 2 && cells >= rows * 2 - 1 && cells > rows;
}

static void
emit_table(cleaner *cl, uint32_t t)
{
    const pith_doc *doc = cl->doc;
    const pith_node *tn = &doc->nodes[t];
    /* caption first */
    for (uint32_t j = t + 1; j < tn->end; j++) {
        if (doc->nodes[j].tag == GUMBO_TAG_CAPTION && doc->nodes[j].type == GUMBO_NODE_ELEMENT) {
            size_t len;
            char *cap = pith_node_text(cl->ctx, doc, j, &len);
            if (cap && len) {
                pith_block *b = new_block(cl);
                if (b) {
                    b->type = PITH_BLOCK_CAPTION;
                    b->text = cap;
                    cl->out->word_count += count_words(cap, len);
                }
            }
            break;
        }
    }
    size_t n_rows = 0;
    for (uint32_t j = t + 1; j < tn->end; j++)
        if (doc->nodes[j].tag == GUMBO_TAG_TR && doc->nodes[j].type == GUMBO_NODE_ELEMENT)
            n_rows++;
    pith_table_row *rows = pith_calloc(cl->ctx, n_rows ? n_rows : 1, sizeof *rows);
    if (!rows)
        return;
    pith_buf all;
    pith_buf_init(&all, cl->ctx);
    size_t r = 0;
    for (uint32_t j = t + 1; j < tn->end && r < n_rows; j++) {
        const pith_node *row = &doc->nodes[j];
        if (row->tag != GUMBO_TAG_TR || row->type != GUMBO_NODE_ELEMENT)
            continue;
        size_t nc = 0;
        for (uint32_t k = j + 1; k < row->end; k = doc->nodes[k].end)
            if (doc->nodes[k].tag == GUMBO_TAG_TD || doc->nodes[k].tag == GUMBO_TAG_TH)
                nc++;
        const char **cells = pith_calloc(cl->ctx, nc ? nc : 1, sizeof *cells);
        if (!cells)
            return;
        size_t c = 0;
        int all_th = nc > 0;
        for (uint32_t k = j + 1; k < row->end && c < nc; k = doc->nodes[k].end) {
            GumboTag ct = (GumboTag)doc->nodes[k].tag;
            if (ct != GUMBO_TAG_TD && ct != GUMBO_TAG_TH)
                continue;
            if (ct != GUMBO_TAG_TH)
                all_th = 0;
            size_t len;
            char *s = pith_node_text(cl->ctx, doc, k, &len);
            cells[c++] = s ? s : "";
            if (c > 1)
                pith_buf_putc(&all, '\t');
            if (s)
                pith_buf_append(&all, s, len);
        }
        pith_buf_putc(&all, '\n');
        rows[r].cells = cells;
        rows[r].n_cells = c;
        rows[r].header = all_th;
        r++;
        j = row->end - 1;
    }
    if (all.failed || !all.data)
        return;
    while (all.len && all.data[all.len - 1] == '\n')
        all.data[--all.len] = '\0';
    pith_block *b = new_block(cl);
    if (!b)
        return;
    b->type = PITH_BLOCK_TABLE;
    b->text = all.data;
    b->rows = rows;
    b->n_rows = r;
    cl->out->word_count += count_words(all.data, all.len);
}

static int
push_open(cleaner *cl, uint32_t node, uint32_t end, uint16_t tag)
{
    if (cl->top == cl->cap) {
        uint32_t ncap = cl->cap ? cl->cap * 2 : 64;
        open_ctx *s = pith_realloc(cl->ctx, cl->stack, ncap * sizeof *s);
        if (!s)
            return 0;
        cl->stack = s;
        cl->cap = ncap;
    }
    cl->stack[cl->top++] = (open_ctx){end, node, tag};
    return 1;
}

/* Teaser cards: a run of at least this many sibling boxes of the same tag and class, each a
 * linked headline over a summary of its own. Related-story rails hold three or more; two
 * boxes of the same shape are as often the article's own pair of pictures or sections. */
#define TEASER_RUN_MIN 3
/* A card's headline is a title of a few words (not a user's name above a forum post), and
 * its summary a sentence or two (not a section of the article under a linked heading). */
#define TEASER_TITLE_MIN_WORDS 3u
#define TEASER_TITLE_MAX_CHARS 200u
#define TEASER_SUMMARY_MAX_CHARS 400u

/* The nearest block element holding node j, up to box (box itself when none below it). */
static uint32_t
block_of(const pith_doc *doc, uint32_t j, uint32_t box)
{
    uint32_t a = doc->nodes[j].parent;
    while (a != box && a != PITH_NONE && !pith_is_block_element((GumboTag)doc->nodes[a].tag))
        a = doc->nodes[a].parent;
    return a == PITH_NONE ? box : a;
}

/* Whether the text node j is a headline linking to another page: a few words, in a link
 * whose address is not a place on this page (a section heading's permalink, "#usage"). */
static int
links_away(const pith_doc *doc, uint32_t j)
{
    const pith_node *c = &doc->nodes[j];
    if (c->words < TEASER_TITLE_MIN_WORDS || c->text_chars > TEASER_TITLE_MAX_CHARS)
        return 0;
    for (uint32_t a = c->parent; a != PITH_NONE; a = doc->nodes[a].parent)
        if (doc->nodes[a].tag == GUMBO_TAG_A && doc->nodes[a].type == GUMBO_NODE_ELEMENT) {
            const char *href = pith_attr(doc->nodes[a].g, "href");
            return href && href[0] != '#';
        }
    return 0;
}

/* Whether box i is shaped like a teaser card: its first text is a link to another page (the
 * headline), and a short text outside links (the summary) follows in another block than the
 * headline's. A list item that is a link and a remark in one line ("<a>The survey</a>: the
 * report in full") is the article's own list, not a card. */
static int
card_shaped(cleaner *cl, uint32_t i)
{
    const pith_doc *doc = cl->doc;
    const pith_node *n = &doc->nodes[i];
    GumboTag t = (GumboTag)n->tag;
    if (!(t == GUMBO_TAG_DIV || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_SECTION ||
          t == GUMBO_TAG_LI) ||
        n->link_chars == 0 || n->link_chars >= n->text_chars ||
        n->text_chars - n->link_chars > TEASER_SUMMARY_MAX_CHARS)
        return 0;
    uint32_t title = PITH_NONE;
    for (uint32_t j = i + 1; j < n->end; j++) {
        const pith_node *c = &doc->nodes[j];
        if (c->type != GUMBO_NODE_TEXT || c->text_chars == 0)
            continue;
        if (!pith_spend(cl->ctx, 1))
            return 0;
        if (title == PITH_NONE) {
            if (!c->in_link || !links_away(doc, j))
                return 0;
            title = j;
            continue;
        }
        if (c->in_link)
            continue;
        return block_of(doc, j, i) != block_of(doc, title, i);
    }
    return 0;
}

/* The next element sibling of i within its parent, or PITH_NONE when text with words comes
 * first or the parent ends. */
static uint32_t
next_element_sibling(const pith_doc *doc, uint32_t i)
{
    uint32_t p = doc->nodes[i].parent;
    uint32_t pend = p == PITH_NONE ? doc->n_nodes : doc->nodes[p].end;
    for (uint32_t j = doc->nodes[i].end; j < pend; j = doc->nodes[j].end) {
        const pith_node *c = &doc->nodes[j];
        if (c->type == GUMBO_NODE_ELEMENT)
            return j;
        if (c->text_chars > 0)
            return PITH_NONE;
    }
    return PITH_NONE;
}

static int
same_class(const pith_doc *doc, uint32_t a, uint32_t b)
{
    const char *ca = pith_attr(doc->nodes[a].g, "class");
    const char *cb = pith_attr(doc->nodes[b].g, "class");
    return ca == cb || (ca && cb && strcmp(ca, cb) == 0);
}

/* When box i begins a run of teaser cards, where the run ends (one past its last node);
 * else 0. Only the first card of a run is asked: the walk jumps past the run. */
static uint32_t
teaser_run_end(cleaner *cl, uint32_t i)
{
    const pith_doc *doc = cl->doc;
    if (!card_shaped(cl, i))
        return 0;
    unsigned run = 1;
    uint32_t last = i, chars = doc->nodes[i].text_chars;
    for (uint32_t k = next_element_sibling(doc, i); k != PITH_NONE;
         k = next_element_sibling(doc, k)) {
        if (doc->nodes[k].tag != doc->nodes[i].tag || !same_class(doc, i, k) ||
            !card_shaped(cl, k))
            break;
        run++;
        last = k;
        chars += doc->nodes[k].text_chars;
    }
    if (run < TEASER_RUN_MIN || chars * 2 > cl->article_chars)
        return 0;
    return doc->nodes[last].end;
}

/* A linked name is at least this long ("Jane Roe"); shorter links ("he", "2") repeat by
 * chance. */
#define HOVER_NAME_MIN_BYTES 4

/* Whether element e, met right after a link's text, begins by repeating it: a hover card
 * ("Jane Roe", her role, her latest headlines) that a script shows over the linked name,
 * set inline in the sentence. A sentence does not say a name twice in a row. */
static int
repeats_linked_name(const cleaner *cl, uint32_t e)
{
    const pith_doc *doc = cl->doc;
    const pith_node *name = &doc->nodes[cl->last_link_text];
    const char *a = name->text;
    size_t an = name->text_len;
    trim(&a, &an);
    if (an < HOVER_NAME_MIN_BYTES || doc->nodes[e].text_chars <= name->text_chars ||
        doc->nodes[e].tag == GUMBO_TAG_A)
        return 0; /* a second link to the same place is a link, not a card */
    for (uint32_t j = e + 1; j < doc->nodes[e].end; j++) {
        const pith_node *t = &doc->nodes[j];
        if (t->type != GUMBO_NODE_TEXT || t->text_chars == 0 || !t->text)
            continue;
        const char *b = t->text;
        size_t bn = t->text_len;
        trim(&b, &bn);
        return bn >= an && memcmp(a, b, an) == 0 &&
               (bn == an || !pith_is_word_cp((unsigned char)b[an]));
    }
    return 0;
}

static pith_status
emit_subtree(cleaner *cl, uint32_t root)
{
    const pith_doc *doc = cl->doc;
    uint32_t end = doc->nodes[root].end;
    cl->top = 0;
    cl->root = root;
    cl->skip_to = 0;
    cl->intro_parent = PITH_NONE;
    cl->last_link_text = PITH_NONE;
    uint32_t j = root;
    while (j < end && !cl->stopped) {
        /* close finished elements */
        while (cl->top > 0 && j >= cl->stack[cl->top - 1].end) {
            if (pith_is_block_element((GumboTag)cl->stack[cl->top - 1].tag))
                flush_block(cl);
            pith_inline_close(&cl->inl, cl->stack[cl->top - 1].node, &cl->text);
            cl->top--;
        }
        if (cl->skip_to > j) { /* left out whole: see skip_why */
            for (uint32_t k = j; k < cl->skip_to; k++)
                if (doc->nodes[k].type == GUMBO_NODE_TEXT)
                    cl->dropped_chars += doc->nodes[k].text_chars;
            pith_explain(cl->ctx, "drop #%u-#%u: %s", j, cl->skip_to - 1, cl->skip_why);
            j = cl->skip_to;
            continue;
        }
        if (!pith_spend(cl->ctx, 1))
            return cl->ctx->error;
        const pith_node *n = &doc->nodes[j];
        if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            GumboTag t = (GumboTag)n->tag;
            if (j != root) {
                const char *why = drop_reason(cl, j, root);
                if (!why && copy_of_kept(cl, j))
                    why = "a copy of a box of paragraphs already kept (a print copy)";
                if (!why && cl->last_link_text != PITH_NONE && repeats_linked_name(cl, j))
                    why = "a hover card: it repeats the linked name before it";
                if (!why && cl->bias != PITH_BIAS_RECALL && n->link_chars > 0) {
                    uint32_t run_end = teaser_run_end(cl, j);
                    if (run_end) {
                        flush_block(cl);
                        cl->skip_to = run_end;
                        cl->skip_why = "teaser cards: linked headlines with summaries, "
                                       "in a run of boxes of the same shape";
                        continue;
                    }
                }
                if (!why && cl->intro_parent != PITH_NONE) {
                    if (j >= doc->nodes[cl->intro_parent].end)
                        cl->intro_parent = PITH_NONE;
                    else if (n->parent == cl->intro_parent && j >= cl->intro_after) {
                        if (introduced_teaser(cl, j))
                            why = cl->intro_closing
                                      ? "introduced by a citation, profile or contact label"
                                      : "introduced by a related-links label";
                        else
                            cl->intro_parent = PITH_NONE;
                    }
                }
                if (why || (n->hints & PITH_HINT_SKIP_TAG)) {
                    if (why && n->text_chars > 0) {
                        pith_explain(cl->ctx, "drop <%s> #%u (%u chars): %s",
                                     gumbo_normalized_tagname(t), j, n->text_chars, why);
                        cl->dropped_chars += n->text_chars;
                    }
                    j = n->end;
                    continue;
                }
            }
            if (t == GUMBO_TAG_BR) {
                pith_inline_break(&cl->inl);
                flush_block(cl);
                j++;
                continue;
            }
            if (t == GUMBO_TAG_TABLE && is_data_table(doc, j)) {
                flush_block(cl);
                if (!cl->ctx->opts->no_tables)
                    emit_table(cl, j);
                j = n->end;
                continue;
            }
            if (pith_is_block_element(t))
                flush_block(cl);
            if (!push_open(cl, j, n->end, (uint16_t)t))
                return cl->ctx->error;
            pith_inline_open(&cl->inl, j, &cl->text);
            if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH)
                pith_buf_putc(&cl->text, ' ');
            j++;
            continue;
        }
        if (n->text) {
            pith_buf_append(&cl->text, n->text, n->text_len);
            cl->all_chars += n->text_chars;
            if (n->in_link)
                cl->link_chars += n->text_chars;
            if (n->text_chars > 0)
                cl->last_link_text = n->in_link ? j : PITH_NONE;
        }
        j++;
    }
    while (cl->top > 0) {
        if (pith_is_block_element((GumboTag)cl->stack[cl->top - 1].tag))
            flush_block(cl);
        pith_inline_close(&cl->inl, cl->stack[cl->top - 1].node, &cl->text);
        cl->top--;
    }
    flush_block(cl);
    return cl->text.failed ? (cl->ctx->error ? cl->ctx->error : PITH_ERR_NO_MEMORY) : PITH_OK;
}

/* The share of the article that boxes dropped for their class names alone (comment, reply,
 * or a negative word such as widget, media, meta) must reach, in quarters, before those names
 * are taken for the site's names for its content: a forum whose posts are "comments", a live
 * ticker of "comment" entries, a page builder whose every text box is a "widget". Three
 * quarters, because an article followed by its comments keeps at least a quarter of the
 * container as its own text, and there the comments should still go. */
#define NAMED_CONTENT_QUARTERS 3

/* 1 when the boxes the class-name drops would take out hold most of the chosen text: those
 * names are then how the site calls its content, and dropping them would leave a shell. */
static int
names_are_content(cleaner *cl, const pith_selection *sel)
{
    const pith_doc *doc = cl->doc;
    uint32_t named = 0;
    for (uint32_t r = 1; r < doc->n_nodes;) {
        if (sel->keep[r] != 1) {
            r++;
            continue;
        }
        uint32_t end = doc->nodes[r].end;
        for (uint32_t j = r + 1; j < end;) {
            const pith_node *n = &doc->nodes[j];
            if (n->type != GUMBO_NODE_ELEMENT) {
                j++;
                continue;
            }
            const char *why = drop_reason(cl, j, r);
            if (why == reason_negative_weight ||
                (why == reason_boilerplate_class && only_comment_named(n)))
                named += n->text_chars;
            j = why ? n->end : j + 1;
        }
        r = end;
    }
    return cl->article_chars > 0 &&
           (uint64_t)named * 4 >= (uint64_t)cl->article_chars * NAMED_CONTENT_QUARTERS;
}

/* A label line ("Die Karte zum Abspeichern:", "Weitere Informationen:") is a few words
 * ending with a colon: it introduces what follows, like a heading. A sentence that ends with
 * a colon ("To see it in action, check out the footage below:") has more words. */
#define LABEL_LINE_MAX_WORDS 6

static int
is_label_line(const pith_block *b, const block_note *note)
{
    size_t n = strlen(b->text);
    return b->type == PITH_BLOCK_PARAGRAPH && note->words <= LABEL_LINE_MAX_WORDS &&
           b->text[n - 1] == ':';
}

static void
drop_block_note(cleaner *cl, size_t i, const char *why)
{
    pith_blocks *out = cl->out;
    const char *t = out->items[i].text;
    int shown = (int)pith_utf8_prefix(t, strlen(t), 60);
    pith_explain(cl->ctx, "drop %s: \"%.*s%s\": %s", block_type_name(out->items[i].type), shown,
                 t, t[shown] ? "..." : "", why);
    out->word_count -= cl->notes[i].words;
    memmove(&out->items[i], &out->items[i + 1], (out->n - i - 1) * sizeof *out->items);
    memmove(&cl->notes[i], &cl->notes[i + 1], (out->n - i - 1) * sizeof *cl->notes);
    out->n--;
}

/* A heading or label line the article ends on, with text left out after it, introduced
 * what was left out (related links, a map, a gallery, a comment form). Without text left
 * out after it, it may head pictures (a gallery's captions), which are not blocks, unless
 * it ends with a colon: it announced something, and no text came. */
static void
drop_orphan_headings(cleaner *cl)
{
    pith_blocks *out = cl->out;
    uint32_t after = cl->dropped_chars;
    while (out->n > 1) {
        size_t i = out->n - 1;
        const char *t = out->items[i].text;
        int colon = t[strlen(t) - 1] == ':'; /* announces what follows, and nothing did */
        if (out->items[i].type != PITH_BLOCK_HEADING && !is_label_line(&out->items[i], &cl->notes[i]))
            break;
        if (after == 0 && !colon)
            break;
        after = cl->notes[i].dropped_before + 1; /* the heading itself is left out now */
        drop_block_note(cl, i, "the article ends on it and what followed it was left out");
    }
}

/* The title, settled after cleaning, is looked for among this many first blocks: a kicker
 * or a dateline may come before it. */
#define SETTLED_TITLE_BLOCKS 3

void
pith_clean_drop_title(pith_ctx *ctx, pith_blocks *blocks, const char *title)
{
    if (!title)
        return;
    const char *t = title;
    size_t tn = strlen(title);
    trim(&t, &tn);
    for (size_t i = 0; i < blocks->n && i < SETTLED_TITLE_BLOCKS; i++) {
        pith_block *b = &blocks->items[i];
        if (b->type != PITH_BLOCK_HEADING && b->type != PITH_BLOCK_PARAGRAPH)
            continue;
        const char *s = b->text;
        size_t n = strlen(s);
        trim(&s, &n);
        if (n != tn || memcmp(s, t, n) != 0)
            continue;
        pith_explain(ctx, "drop %s: \"%.*s\": the title, settled after cleaning",
                     block_type_name(b->type), (int)pith_utf8_prefix(s, n, 60), s);
        size_t words = count_words(s, n);
        blocks->word_count -= words <= blocks->word_count ? words : blocks->word_count;
        memmove(b, b + 1, (blocks->n - i - 1) * sizeof *b);
        blocks->n--;
        return;
    }
}

pith_status
pith_clean(pith_ctx *ctx, const pith_doc *doc, const pith_meta *meta, const pith_selection *sel,
           pith_blocks *out)
{
    memset(out, 0, sizeof *out);
    if (!sel->keep || sel->container == PITH_NONE)
        return PITH_OK;
    cleaner cl;
    memset(&cl, 0, sizeof cl);
    cl.ctx = ctx;
    cl.doc = doc;
    cl.meta = meta;
    cl.out = out;
    cl.bias = ctx->opts->bias;
    cl.keep = sel->keep;
    mark_first_bytes(&cl, boiler_lines, FIRST_BOILER);
    mark_first_bytes(&cl, comment_openers, FIRST_COMMENT);
    mark_first_bytes(&cl, legal_phrases, FIRST_LEGAL);
    index_phrases(&cl.cta, call_to_action_phrases);
    index_phrases(&cl.rights, rights_phrases);
    pith_buf_init(&cl.text, ctx);
    pith_buf_append(&cl.text, "", 0);
    pith_inline_init(&cl.inl, ctx, doc, out);
    pith_status st = fill_counts(ctx, doc, &cl.cnt);
    if (st != PITH_OK)
        return st;
    for (uint32_t i = 1; i < doc->n_nodes;) {
        if (sel->keep[i] == 1) {
            cl.article_chars += doc->nodes[i].text_chars;
            cl.article_prose += doc->nodes[i].text_chars - doc->nodes[i].link_chars;
            i = doc->nodes[i].end;
        } else {
            i++;
        }
    }
    st = find_slideshows(&cl, sel);
    if (st != PITH_OK)
        return st;
    cl.names_are_content = names_are_content(&cl, sel);
    for (uint32_t i = 1; i < doc->n_nodes;) {
        if (sel->keep[i] == 1) {
            st = emit_subtree(&cl, i);
            if (st != PITH_OK)
                return st;
            i = doc->nodes[i].end;
        } else {
            i++;
        }
    }
    drop_orphan_headings(&cl);
    pith_free(ctx, cl.cnt);
    pith_free(ctx, cl.notes);
    pith_free(ctx, cl.stack);
    pith_free(ctx, cl.text.data);
    pith_inline_free(&cl.inl);
    return PITH_OK;
}
