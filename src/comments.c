/* SPDX-License-Identifier: MIT */
/*
 * Reader comments, on request (options.comments): apart from the article, never in its
 * blocks or word count.
 *
 * A comment is an element the page marks as one: schema.org's Comment type, the class
 * "comment" (WordPress, Drupal and most themes put it on each comment's <li> or <div>), or
 * an id like "comment-3301". Replies nest inside the comment they answer; each comment's own
 * parts are read without its replies. In each: the author (the hCard name "fn", itemprop
 * author, an author-named box), the date (<time datetime>, then a date-named box's text),
 * and the text (itemprop text, a comment-content box, then the comment's own paragraphs).
 * Every walk is over index ranges, skipping replies by their end index: each node is read
 * for the one comment it belongs to.
 */
#include <string.h>

#include "internal.h"

/* An author's name is a line; a longer "author" box holds more than the name. */
#define AUTHOR_MAX_CHARS 120
/* A date line beyond this is prose that mentions a date. */
#define DATE_TEXT_MAX_CHARS 80

/* Class words of the box holding a comment's text, best first. */
static const char *const text_boxes[] = {"comment-content", "comment_content", "comment-text",
                                         "comment_text", "comment-message", "comment-body",
                                         "comment_body", "commentbody", NULL};
/* Class words of a comment's own metadata and controls, left out of a text read whole. */
static const char *const meta_boxes[] = {"author", "meta", "date", "time", "reply", "avatar",
                                         "vcard", "permalink", "actions", "vote", NULL};

static int
class_has(const char *cls, const char *const *words)
{
    if (!cls)
        return -1;
    size_t n = strlen(cls);
    for (size_t k = 0; words[k]; k++)
        if (pith_contains_ci(cls, n, words[k]))
            return (int)k;
    return -1;
}

/* "comment-3301", "li-comment-12", "comment12": a comment's permalink id. */
static int
comment_id(const char *id)
{
    if (!id)
        return 0;
    const char *p = pith_find_ci(id, strlen(id), "comment");
    if (!p || (p != id && !(p - id == 3 && pith_ascii_casecmp_n(id, "li-", 3) == 0)))
        return 0;
    p += 7;
    if (*p == '-' || *p == '_')
        p++;
    if (*p < '0' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    return *p == '\0';
}

static int
is_comment(const pith_doc *doc, uint32_t i)
{
    const pith_node *n = &doc->nodes[i];
    if (n->type != GUMBO_NODE_ELEMENT || (n->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN)) ||
        n->text_chars == 0)
        return 0;
    const char *type = pith_attr(n->g, "itemtype");
    if (type) {
        size_t k = strlen(type);
        if (k >= 8 && pith_ascii_casecmp_n(type + k - 8, "/Comment", 8) == 0)
            return 1;
    }
    const char *cls = pith_attr(n->g, "class");
    return pith_has_token(cls, "comment") || comment_id(pith_attr(n->g, "id"));
}

typedef struct reader {
    pith_ctx *ctx;
    const pith_doc *doc;
    const uint8_t *item; /* 1 for every comment element */
} reader;

/* The first node in c's own part (replies skipped) for which want() says yes, PITH_NONE. */
static uint32_t
find_own(const reader *r, uint32_t c, int (*want)(const reader *, uint32_t, void *), void *arg)
{
    const pith_doc *doc = r->doc;
    for (uint32_t j = c + 1; j < doc->nodes[c].end;) {
        const pith_node *n = &doc->nodes[j];
        if (r->item[j] || (n->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN))) {
            j = n->end;
            continue;
        }
        if (!pith_spend(r->ctx, 1))
            return PITH_NONE;
        if (n->type == GUMBO_NODE_ELEMENT && want(r, j, arg))
            return j;
        j++;
    }
    return PITH_NONE;
}

/* Text of node i without the replies inside it, and without its metadata boxes when
 * skip_meta: paragraphs (block elements) apart by a blank line, each collapsed. */
static char *
own_text(const reader *r, uint32_t i, int skip_meta)
{
    const pith_doc *doc = r->doc;
    pith_buf out, para;
    pith_buf_init(&out, r->ctx);
    pith_buf_init(&para, r->ctx);
    pith_buf_append(&out, "", 0);
    pith_buf_append(&para, "", 0);
    uint32_t end = doc->nodes[i].end;
    /* ends of the open block elements, innermost last: a paragraph ends where one opens or
     * closes */
    uint32_t *ends = NULL;
    size_t top = 0, cap = 0;
    for (uint32_t j = i + 1; j <= end; j++) {
        const pith_node *n = j < end ? &doc->nodes[j] : NULL;
        int boundary = !n;
        while (top > 0 && ends[top - 1] <= j) {
            top--;
            boundary = 1;
        }
        if (n && n->type == GUMBO_NODE_ELEMENT && pith_is_block_element((GumboTag)n->tag))
            boundary = 1;
        if (boundary && para.len) {
            size_t len;
            char *t = pith_collapse_ws(r->ctx, para.data, para.len, &len);
            if (t && len) {
                if (out.len)
                    pith_buf_puts(&out, "\n\n");
                pith_buf_append(&out, t, len);
            }
            pith_free(r->ctx, t);
            para.len = 0;
            para.data[0] = '\0';
        }
        if (!n || !pith_spend(r->ctx, 1))
            break;
        if (r->item[j] || (n->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN)) ||
            (skip_meta && n->type == GUMBO_NODE_ELEMENT &&
             (n->tag == GUMBO_TAG_FOOTER || n->tag == GUMBO_TAG_HEADER ||
              n->tag == GUMBO_TAG_FORM || class_has(pith_attr(n->g, "class"), meta_boxes) >= 0))) {
            j = n->end - 1;
            continue;
        }
        if (n->text)
            pith_buf_append(&para, n->text, n->text_len);
        if (n->type == GUMBO_NODE_ELEMENT && pith_is_block_element((GumboTag)n->tag) &&
            n->end > j + 1) {
            if (!pith_array_grow(r->ctx, (void **)&ends, &cap, top + 1, sizeof *ends))
                break;
            ends[top++] = n->end;
        }
    }
    pith_free(r->ctx, ends);
    pith_free(r->ctx, para.data);
    if (out.failed || para.failed || out.len == 0) {
        pith_free(r->ctx, out.data);
        return NULL;
    }
    return out.data;
}

static int
want_text_box(const reader *r, uint32_t j, void *arg)
{
    int *rank = arg;
    const GumboNode *g = r->doc->nodes[j].g;
    const char *prop = pith_attr(g, "itemprop");
    if (prop && pith_has_token(prop, "text"))
        return 1;
    int k = class_has(pith_attr(g, "class"), text_boxes);
    return k >= 0 && k <= *rank;
}

static int
want_author(const reader *r, uint32_t j, void *arg)
{
    int pass = *(int *)arg;
    const GumboNode *g = r->doc->nodes[j].g;
    const char *cls = pith_attr(g, "class");
    if (pass == 0) {
        const char *prop = pith_attr(g, "itemprop");
        return pith_has_token(cls, "fn") || (prop && (pith_has_token(prop, "author") ||
                                                      pith_has_token(prop, "creator")));
    }
    static const char *const names[] = {"author", "username", "user-name", "commenter", NULL};
    return class_has(cls, names) >= 0 || r->doc->nodes[j].tag == GUMBO_TAG_CITE;
}

static int
want_time(const reader *r, uint32_t j, void *arg)
{
    (void)arg;
    const pith_node *n = &r->doc->nodes[j];
    if (n->tag == GUMBO_TAG_TIME)
        return 1;
    return (n->hints & PITH_HINT_DATE) && n->text_chars > 0 && n->text_chars < DATE_TEXT_MAX_CHARS;
}

/* A comment's author line, "Name says:" made "Name". */
static char *
author_of(const reader *r, uint32_t c)
{
    for (int pass = 0; pass < 2; pass++) {
        uint32_t a = find_own(r, c, want_author, &pass);
        if (a == PITH_NONE)
            continue;
        char *t = pith_node_text_upto(r->ctx, r->doc, a, AUTHOR_MAX_CHARS);
        if (!t)
            continue;
        size_t n = strlen(t);
        while (n > 0 && (t[n - 1] == ':' || t[n - 1] == ' '))
            n--;
        if (n > 5 && pith_ascii_casecmp_n(t + n - 5, " says", 5) == 0)
            n -= 5;
        t[n] = '\0';
        if (n)
            return t;
    }
    return NULL;
}

static char *
date_of(const reader *r, uint32_t c)
{
    uint32_t t = find_own(r, c, want_time, NULL);
    if (t == PITH_NONE)
        return NULL;
    pith_date d;
    const char *dt = pith_attr(r->doc->nodes[t].g, "datetime");
    int ok = dt && pith_date_parse_machine(dt, strlen(dt), &d);
    if (!ok) {
        char *s = pith_node_text_upto(r->ctx, r->doc, t, DATE_TEXT_MAX_CHARS);
        ok = s && pith_date_parse_text(s, strlen(s), -1, &d, NULL);
    }
    if (!ok || !pith_date_plausible(&d))
        return NULL;
    /* a time without its zone names no instant: the day is what the page says for sure */
    if (d.has_time && !d.has_offset)
        d.has_time = 0;
    char buf[32];
    size_t n = pith_date_format(&d, buf);
    return pith_strndup(r->ctx, buf, n);
}

static char *
text_of(const reader *r, uint32_t c)
{
    int n_ranks = 0;
    while (text_boxes[n_ranks])
        n_ranks++;
    /* the best-named box first: "comment-body" also names the box around the metadata */
    for (int rank = 0; rank < n_ranks; rank++) {
        uint32_t t = find_own(r, c, want_text_box, &rank);
        if (t != PITH_NONE) {
            char *s = own_text(r, t, 0);
            if (s)
                return s;
        }
    }
    return own_text(r, c, 1);
}

static int
add_comment(pith_ctx *ctx, pith_comments *out, const pith_comment *c)
{
    if (!pith_array_grow(ctx, (void **)&out->items, &out->cap, out->n + 1, sizeof *out->items))
        return 0;
    out->items[out->n++] = *c;
    return 1;
}

pith_status
pith_comments_find(pith_ctx *ctx, const pith_doc *doc, pith_comments *out)
{
    memset(out, 0, sizeof *out);
    if (doc->body == PITH_NONE)
        return PITH_OK;
    uint8_t *item = pith_calloc(ctx, doc->n_nodes, 1);
    if (!item)
        return ctx->error;
    uint32_t body_end = doc->nodes[doc->body].end;
    for (uint32_t i = doc->body + 1; i < body_end;) {
        if (!pith_spend(ctx, 1))
            return ctx->error;
        const pith_node *n = &doc->nodes[i];
        if (n->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN)) {
            i = n->end;
            continue;
        }
        item[i] = (uint8_t)is_comment(doc, i);
        i++;
    }
    reader r = {ctx, doc, item};
    for (uint32_t i = doc->body + 1; i < body_end; i++) {
        if (!item[i])
            continue;
        pith_comment c;
        c.text = text_of(&r, i);
        if (ctx->error != PITH_OK)
            return ctx->error;
        if (!c.text)
            continue;
        c.author = author_of(&r, i);
        c.date = date_of(&r, i);
        if (ctx->error != PITH_OK)
            return ctx->error;
        if (!add_comment(ctx, out, &c))
            return ctx->error;
    }
    pith_free(ctx, item);
    return PITH_OK;
}
