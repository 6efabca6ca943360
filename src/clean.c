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
    uint32_t article_chars; /* text of all chosen subtrees: what "most of the article" means */
    /* First bytes (ASCII-lowercased) of the phrase lists below, one bit per list: every block
     * of an article is tried against them, and most blocks begin with no such byte. */
    uint8_t first_byte[256];
    pith_inliner inl; /* links, formatting, line breaks and images inside the blocks */
} cleaner;

enum { FIRST_BOILER = 1, FIRST_COMMENT = 2, FIRST_LEGAL = 4, FIRST_CREDIT = 8 };

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
    /* a box holding most of the article is the article, whatever its name (ASP.NET pages wrap
     * everything in a <form>; some themes put "share" on the content wrapper) */
    if (n->text_chars * 2 > cl->article_chars && t != GUMBO_TAG_NOSCRIPT)
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
         (t == GUMBO_TAG_SPAN && n->text_chars < 40)))
        return "boilerplate class";
    if ((n->hints & PITH_HINT_BYLINE) && n->text_chars < 400)
        return "byline box";
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
    if (weight < 0 && n->text_chars < cl->article_chars / 2)
        return "negative class weight";
    /* the box tests catch promos and link lists; a box holding most of the article is neither */
    if (n->commas >= 10 || n->text_chars * 2 > cl->article_chars)
        return NULL;
    const counts *c = &cl->cnt[i];
    double ld = pith_link_density(n);
    /* several real paragraphs: article text; whatever promo sits inside is judged on its own */
    if (c->p >= 4 && n->text_chars > 500 && ld < 0.3)
        return NULL;
    double strict = box_link_tolerance(cl->bias);
    uint32_t p = c->p;
    int figure = c->figure > 0 || has_figure_ancestor(doc, i, root);
    if (c->img > 1 && p * 2 < c->img && !figure)
        return "more images than paragraphs";
    if (!is_list && c->li > p + 0 && c->li > 3 && ld > 0.3)
        return "list items outnumber paragraphs";
    if (c->input > p / 3 + 0)
        return "form inputs";
    if (!is_list && n->text_chars < 25 && (c->img == 0 || c->img > 2) && !figure &&
        c->heading_chars * 10 < n->text_chars * 9)
        return "almost no text";
    if (!is_list && weight < 25 && ld > 0.2 * strict && n->text_chars < 1000)
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

/* Lines that credit a photo or say when the page was updated (with 责任编辑, "editor in
 * charge", of Chinese news pages). */
static const char *const credit_prefixes[] = {
    "last update", "last updated", "updated:", "source:", "photo:", "photo by ", "photograph:",
    "image:", "credit:", "\xef\xbc\x88\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91",
    "(\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91", "\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91",
    NULL};

/* Phrases of site furniture that an article's own short line does not use. */
static const char *const legal_phrases[] = {
    "all rights reserved", "terms and conditions", "terms of use", "terms of service",
    "privacy policy", "privacy statement", "\xe2\x84\xa2", "cookie policy", "tous droits",
    "alle rechte", "derechos reservados", NULL};

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
    "advertisement", "anzeige", "publicité", "publicidad", "pubblicità", "share this",
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
    if (is_boiler_line(cl, s, len))
        return "boilerplate phrase";
    if ((starts_with_ci(s, "©") || starts_with_ci(s, "copyright") ||
         starts_with_ci(s, "(c) ")) &&
        len < 200)
        return "copyright line";
    /* site furniture is short; an article sentence that mentions terms of service is not */
    if (len < 100 && has_legal_phrase(cl, s, len))
        return "legal notice";
    double share = link_share;
    double strict = block_link_tolerance(cl->bias);
    if (type != PITH_BLOCK_HEADING && share > 0.7 * strict &&
        ((double)len < 160.0 * strict || share > 0.85))
        return "mostly link text";
    if (words == 0)
        return "no words";
    if (type == PITH_BLOCK_PARAGRAPH && !cl->seen_long_paragraph && words <= 3 && len < 30 &&
        in_kicker_box(cl))
        return "kicker or label above the text";
    if (type == PITH_BLOCK_CAPTION && cl->bias == PITH_BIAS_PRECISION)
        return "caption (precision bias)";
    if (len < 100 && cl->bias != PITH_BIAS_RECALL &&
        (cl->first_byte[pith_ascii_lower((unsigned char)s[0])] & FIRST_CREDIT))
        for (const char *const *w = credit_prefixes; *w; w++)
            if (starts_with_ci(s, *w))
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
    return pith_blocks_add(cl->ctx, cl->out);
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
    const char *why = block_drop_reason(cl, type, text, len, words);
    if (cl->ctx->explain) {
        unsigned link_pct = cl->all_chars ? (unsigned)(cl->link_chars * 100 / cl->all_chars) : 0;
        int shown = (int)pith_utf8_prefix(text, len, 60);
        pith_explain(cl->ctx, "%s %s: %zu chars, %zu words, %u%% link text: \"%.*s%s\"%s%s",
                     why ? "drop" : "keep", block_type_name(type), len, words,
                     link_pct, shown, text, (size_t)shown < len ? "..." : "", why ? ": " : "",
                     why ? why : "");
    }
    cl->link_chars = cl->all_chars = 0;
    if (why)
        return NULL;
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

static pith_status
emit_subtree(cleaner *cl, uint32_t root)
{
    const pith_doc *doc = cl->doc;
    uint32_t end = doc->nodes[root].end;
    cl->top = 0;
    uint32_t j = root;
    while (j < end && !cl->stopped) {
        /* close finished elements */
        while (cl->top > 0 && j >= cl->stack[cl->top - 1].end) {
            if (pith_is_block_element((GumboTag)cl->stack[cl->top - 1].tag))
                flush_block(cl);
            pith_inline_close(&cl->inl, cl->stack[cl->top - 1].node, &cl->text);
            cl->top--;
        }
        if (!pith_spend(cl->ctx, 1))
            return cl->ctx->error;
        const pith_node *n = &doc->nodes[j];
        if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            GumboTag t = (GumboTag)n->tag;
            if (j != root) {
                const char *why = drop_reason(cl, j, root);
                if (why || (n->hints & PITH_HINT_SKIP_TAG)) {
                    if (why && n->text_chars > 0)
                        pith_explain(cl->ctx, "drop <%s> #%u (%u chars): %s",
                                     gumbo_normalized_tagname(t), j, n->text_chars, why);
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
    mark_first_bytes(&cl, boiler_lines, FIRST_BOILER);
    mark_first_bytes(&cl, comment_openers, FIRST_COMMENT);
    mark_first_bytes(&cl, legal_phrases, FIRST_LEGAL);
    mark_first_bytes(&cl, credit_prefixes, FIRST_CREDIT);
    pith_buf_init(&cl.text, ctx);
    pith_buf_append(&cl.text, "", 0);
    pith_inline_init(&cl.inl, ctx, doc, out);
    pith_status st = fill_counts(ctx, doc, &cl.cnt);
    if (st != PITH_OK)
        return st;
    for (uint32_t i = 1; i < doc->n_nodes;) {
        if (sel->keep[i] == 1) {
            cl.article_chars += doc->nodes[i].text_chars;
            i = doc->nodes[i].end;
        } else {
            i++;
        }
    }
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
    pith_free(ctx, cl.cnt);
    pith_free(ctx, cl.stack);
    pith_free(ctx, cl.text.data);
    pith_inline_free(&cl.inl);
    return PITH_OK;
}
