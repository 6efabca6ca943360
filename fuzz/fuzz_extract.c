/* SPDX-License-Identifier: MIT */
/*
 * The whole pipeline: pith_extract, then pith_render in every format.
 *
 * Input: 4 option bytes, then the page.
 *   [0] max_depth (0: default)      [1] bias, explain, charset hint
 *   [2] url (low 3 bits); no_links, no_images, no_formatting, no_tables, comments (bits 3-7)
 *   [3] high bit: an allocator that fails at call n (low bits)
 * Invariants on PITH_OK and PITH_ERR_NO_ARTICLE: every string UTF-8, every rendering UTF-8,
 * NUL-terminated and at most 64 bytes a byte of input plus 64 KiB, and a second run of the
 * same bytes gives the same status and the same renderings, byte for byte; inline spans
 * inside their block's text and nested; the HTML rendering safe to embed: parsed as a
 * browser parses it, it holds only the allow-list's elements and attributes, and no link or
 * image target with a scheme outside it (checked here apart from the library's own check).
 * On any other status, *out is NULL.
 */
#include "fuzz.h"

static const char *const hints[] = {
    NULL, NULL, NULL, NULL, "utf-8", "windows-1252", "iso-8859-1", "shift_jis",
    "gbk", "utf-16le", "utf-16be", "euc-kr", "koi8-r", "x-user-defined", "bogus-label", "",
};
static const char *const urls[] = {
    NULL,
    "https://example.com/2022/01/07/un-kazakhstan/",
    "https://news.example.org/world/2021-12-31-story.html",
    "http://example.com",
    "not a url",
    "",
    "https://example.com/a/b/../c?x=1#frag",
    "https://例え.jp/記事/2020/02/29/",
};

#define N_FORMATS 4

typedef struct run {
    pith_status st;
    pith_status rst[N_FORMATS];
    char *out[N_FORMATS]; /* malloc'd copies */
    size_t len[N_FORMATS];
} run;

/* Fails the n-th allocation and every one after it: each error path must free what it took. */
typedef struct failing {
    unsigned left;
} failing;

static void *
failing_alloc(void *ctx, size_t size)
{
    failing *f = ctx;
    if (f->left == 0)
        return NULL;
    f->left--;
    return malloc(size);
}

static void
failing_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx, (void)size;
    free(ptr);
}

/* The HTML fragment's allow-list (docs/json-schema.md), written apart from render.c's. */
static int
allowed_element(const char *name)
{
    static const char *const ok[] = {
        "html", "head", "body", /* what any parse of a fragment as a document adds */
        "article", "section", "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "ul", "ol", "li",
        "blockquote", "pre", "table", "tbody", "tr", "th", "td", "figure", "figcaption", "img",
        "a", "strong", "em", "code", "sub", "sup", "time", NULL};
    for (const char *const *w = ok; *w; w++)
        if (strcmp(name, *w) == 0)
            return 1;
    return 0;
}

static int
allowed_attribute(const char *element, const char *attr)
{
    return (strcmp(element, "a") == 0 && strcmp(attr, "href") == 0) ||
           (strcmp(element, "img") == 0 && (strcmp(attr, "src") == 0 || strcmp(attr, "alt") == 0)) ||
           (strcmp(element, "time") == 0 && strcmp(attr, "datetime") == 0);
}

/* A URL's scheme as a browser reads it (C0 controls and spaces around it dropped, tabs and
 * newlines anywhere), lowercased into out; "" when it has none. */
static void
url_scheme(const char *u, char out[32])
{
    size_t n = 0;
    while (*u && (unsigned char)*u <= 0x20)
        u++;
    out[0] = '\0';
    for (; *u; u++) {
        char c = *u;
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c == ':') {
            out[n] = '\0';
            return;
        }
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!(alpha || (n > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
            out[0] = '\0'; /* no scheme: a relative reference */
            return;
        }
        if (n == 31) {
            strcpy(out, "?"); /* too long to be an allowed one: refused below */
            return;
        }
        out[n++] = (char)(alpha ? (c | 0x20) : c);
    }
    out[0] = '\0';
}

static void
check_url(const char *element, const char *url)
{
    char scheme[32];
    url_scheme(url, scheme);
    if (!scheme[0])
        return;
    int ok = !strcmp(scheme, "http") || !strcmp(scheme, "https");
    if (!strcmp(element, "a"))
        ok = ok || !strcmp(scheme, "mailto") || !strcmp(scheme, "ftp") || !strcmp(scheme, "tel");
    if (!strcmp(element, "img") && !strcmp(scheme, "data")) {
        /* data:image/... only */
        const char *p = strchr(url, ':') + 1;
        char media[7];
        size_t n = 0;
        for (; *p && n < 6; p++)
            if (*p != '\t' && *p != '\n' && *p != '\r')
                media[n++] = (char)((*p >= 'A' && *p <= 'Z') ? (*p | 0x20) : *p);
        media[n] = '\0';
        ok = strcmp(media, "image/") == 0;
    }
    FUZZ_CHECK(ok, "HTML rendering: <%s> with a %s: URL", element, scheme);
}

/* The HTML rendering as a browser would parse it: allowed elements and attributes only. */
static void
check_safe_html(const char *html, size_t len)
{
    GumboOutput *o = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
    size_t cap = 256, top = 0;
    const GumboNode **st = malloc(cap * sizeof *st);
    if (!st)
        abort();
    st[top++] = o->root;
    while (top > 0) {
        const GumboNode *n = st[--top];
        FUZZ_CHECK(n->type != GUMBO_NODE_COMMENT, "HTML rendering has a comment");
        if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE)
            continue;
        const char *name = gumbo_normalized_tagname(n->v.element.tag);
        FUZZ_CHECK(n->v.element.tag != GUMBO_TAG_UNKNOWN && allowed_element(name),
                   "HTML rendering has a <%s> element", n->v.element.tag == GUMBO_TAG_UNKNOWN ? "unknown" : name);
        const GumboVector *attrs = &n->v.element.attributes;
        for (unsigned i = 0; i < attrs->length; i++) {
            const GumboAttribute *a = attrs->data[i];
            FUZZ_CHECK(allowed_attribute(name, a->name), "HTML rendering: <%s %s>", name, a->name);
            if (!strcmp(a->name, "href") || !strcmp(a->name, "src"))
                check_url(name, a->value);
        }
        const GumboVector *kids = &n->v.element.children;
        for (unsigned i = 0; i < kids->length; i++) {
            if (top == cap) {
                cap *= 2;
                st = realloc(st, cap * sizeof *st);
                if (!st)
                    abort();
            }
            st[top++] = kids->data[i];
        }
    }
    free(st);
    gumbo_destroy_output(&kGumboDefaultOptions, o);
}

static void
check_result(const pith_result *r)
{
    FUZZ_CHECK_STR(r->title, "title");
    FUZZ_CHECK_STR(r->byline, "byline");
    FUZZ_CHECK_STR(r->date_published, "date_published");
    FUZZ_CHECK_STR(r->date_modified, "date_modified");
    FUZZ_CHECK_STR(r->site_name, "site_name");
    FUZZ_CHECK_STR(r->lang, "lang");
    FUZZ_CHECK_STR(r->canonical_url, "canonical_url");
    FUZZ_CHECK_STR(r->description, "description");
    FUZZ_CHECK_STR(r->image, "image");
    FUZZ_CHECK_STR(r->license, "license");
    FUZZ_CHECK_STR(r->title_source, "title_source");
    FUZZ_CHECK_STR(r->byline_source, "byline_source");
    FUZZ_CHECK_STR(r->date_published_source, "date_published_source");
    FUZZ_CHECK_STR(r->date_modified_source, "date_modified_source");
    FUZZ_CHECK_STR(r->site_name_source, "site_name_source");
    FUZZ_CHECK_STR(r->lang_source, "lang_source");
    FUZZ_CHECK_STR(r->charset, "charset");
    FUZZ_CHECK_STR(r->charset_source, "charset_source");
    FUZZ_CHECK_STR(r->explain, "explain");
    FUZZ_CHECK(r->n_authors == 0 || r->authors, "authors NULL with n_authors %zu", r->n_authors);
    for (size_t i = 0; i < r->n_authors; i++) {
        FUZZ_CHECK(r->authors[i] != NULL, "author %zu is NULL", i);
        FUZZ_CHECK_STR(r->authors[i], "author");
    }
    FUZZ_CHECK(r->n_tags == 0 || r->tags, "tags NULL with n_tags %zu", r->n_tags);
    for (size_t i = 0; i < r->n_tags; i++) {
        FUZZ_CHECK(r->tags[i] != NULL, "tag %zu is NULL", i);
        FUZZ_CHECK_STR(r->tags[i], "tag");
    }
    FUZZ_CHECK(r->n_comments == 0 || r->comments, "comments NULL with n %zu", r->n_comments);
    for (size_t i = 0; i < r->n_comments; i++) {
        FUZZ_CHECK(r->comments[i].text != NULL, "comment %zu without text", i);
        FUZZ_CHECK_STR(r->comments[i].text, "comment text");
        FUZZ_CHECK_STR(r->comments[i].author, "comment author");
        FUZZ_CHECK_STR(r->comments[i].date, "comment date");
    }
    FUZZ_CHECK(r->n_blocks == 0 || r->blocks, "blocks NULL with n_blocks %zu", r->n_blocks);
    for (size_t i = 0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        FUZZ_CHECK(b->type <= PITH_BLOCK_IMAGE, "block %zu has type %d", i, (int)b->type);
        FUZZ_CHECK_STR(b->text, "block text");
        FUZZ_CHECK_STR(b->src, "image src");
        FUZZ_CHECK_STR(b->alt, "image alt");
        FUZZ_CHECK_STR(b->caption, "image caption");
        FUZZ_CHECK((b->type == PITH_BLOCK_IMAGE) == (b->src != NULL), "src on block type %d",
                   (int)b->type);
        FUZZ_CHECK(b->n_inlines == 0 || b->inlines, "inlines NULL, n_inlines %zu", b->n_inlines);
        size_t tlen = b->text ? strlen(b->text) : 0;
        for (size_t k = 0; k < b->n_inlines; k++) {
            const pith_inline *sp = &b->inlines[k];
            FUZZ_CHECK(sp->start < sp->end && sp->end <= tlen, "span %zu-%zu of %zu bytes",
                       sp->start, sp->end, tlen);
            FUZZ_CHECK(fuzz_utf8_valid(b->text + sp->start, sp->end - sp->start),
                       "span cuts a character");
            FUZZ_CHECK((sp->kind == PITH_INLINE_LINK) == (sp->href != NULL), "href on kind %d",
                       (int)sp->kind);
            FUZZ_CHECK_STR(sp->href, "link target");
            /* ordered by start, each nested in or after every span before it */
            for (size_t j = 0; j < k; j++) {
                const pith_inline *o = &b->inlines[j];
                FUZZ_CHECK(o->start <= sp->start, "spans out of order");
                FUZZ_CHECK(sp->start >= o->end || sp->end <= o->end, "spans overlap");
            }
        }
        FUZZ_CHECK(b->n_rows == 0 || b->rows, "rows NULL with n_rows %zu", b->n_rows);
        for (size_t k = 0; k < b->n_rows; k++) {
            const pith_table_row *row = &b->rows[k];
            FUZZ_CHECK(row->n_cells == 0 || row->cells, "cells NULL, n_cells %zu", row->n_cells);
            for (size_t c = 0; c < row->n_cells; c++)
                FUZZ_CHECK_STR(row->cells[c], "table cell");
        }
    }
}

static void
do_run(const char *html, size_t len, const pith_options *o, run *out, int strict)
{
    memset(out, 0, sizeof *out);
    pith_result *r = (pith_result *)(uintptr_t)1; /* must be overwritten */
    out->st = pith_extract(html, len, o, &r);
    FUZZ_CHECK(pith_status_message(out->st) != NULL, "no message for %d", (int)out->st);
    FUZZ_CHECK(pith_status_name(out->st) != NULL, "no name for %d", (int)out->st);
    if (out->st != PITH_OK && out->st != PITH_ERR_NO_ARTICLE) {
        FUZZ_CHECK(r == NULL, "status %s but *out is set", pith_status_name(out->st));
        return;
    }
    FUZZ_CHECK(r != NULL, "status %s but *out is NULL", pith_status_name(out->st));
    check_result(r);
    if (out->st == PITH_ERR_NO_ARTICLE)
        FUZZ_CHECK(r->n_blocks == 0, "no_article with %zu blocks", r->n_blocks);
    for (int f = 0; f < N_FORMATS; f++) {
        char *buf = NULL;
        size_t blen = 0;
        out->rst[f] = pith_render(r, (pith_format)f, &buf, &blen);
        if (out->rst[f] != PITH_OK) {
            FUZZ_CHECK(!strict || out->rst[f] == PITH_ERR_OUTPUT_TOO_LARGE,
                       "render %d failed: %s", f, pith_status_name(out->rst[f]));
            pith_buffer_free(buf);
            continue;
        }
        FUZZ_CHECK(buf != NULL, "render %d gave OK and NULL", f);
        FUZZ_CHECK(buf[blen] == '\0', "render %d is not NUL-terminated at its length", f);
        FUZZ_CHECK(fuzz_utf8_valid(buf, blen), "render %d is not UTF-8", f);
        FUZZ_CHECK(blen <= 64 * len + 65536, "render %d: %zu bytes from %zu", f, blen, len);
        out->out[f] = malloc(blen + 1);
        if (!out->out[f])
            abort();
        memcpy(out->out[f], buf, blen + 1);
        out->len[f] = blen;
        if (f == PITH_FORMAT_HTML)
            check_safe_html(buf, blen);
        pith_buffer_free(buf);
    }
    pith_result_free(r);
}

static void
free_run(run *r)
{
    for (int f = 0; f < N_FORMATS; f++)
        free(r->out[f]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pith_options o;
    fuzz_options(&o);
    failing fail = {0};
    pith_allocator alloc = {failing_alloc, failing_free, &fail};
    int use_failing = 0;
    if (size >= 4) {
        if (data[0] != 0)
            o.max_depth = data[0];
        o.bias = (pith_bias)(data[1] % 3);
        o.explain = (data[1] >> 2) & 1;
        o.charset_hint = hints[(data[1] >> 3) % (sizeof hints / sizeof *hints)];
        o.url = urls[data[2] % (sizeof urls / sizeof *urls)];
        o.no_links = (data[2] >> 3) & 1;
        o.no_images = (data[2] >> 4) & 1;
        o.no_formatting = (data[2] >> 5) & 1;
        o.no_tables = (data[2] >> 6) & 1;
        o.comments = (data[2] >> 7) & 1;
        if (data[3] & 0x80) {
            use_failing = 1;
            fail.left = data[3] & 0x7Fu;
            o.allocator = &alloc;
        }
        data += 4;
        size -= 4;
    }
    const char *html = (const char *)data;

    run a, b;
    do_run(html, size, &o, &a, !use_failing);
    if (use_failing) {
        /* Only the absence of crashes and leaks is checked: the failure point decides the
         * status. */
        free_run(&a);
        return 0;
    }
    do_run(html, size, &o, &b, 1);
    FUZZ_CHECK(a.st == b.st, "status %s then %s", pith_status_name(a.st), pith_status_name(b.st));
    for (int f = 0; f < N_FORMATS; f++) {
        FUZZ_CHECK(a.rst[f] == b.rst[f], "render %d status differs between runs", f);
        FUZZ_CHECK(a.len[f] == b.len[f] && (a.len[f] == 0 || !memcmp(a.out[f], b.out[f], a.len[f])),
                   "render %d differs between two runs of the same input", f);
    }
    free_run(&a);
    free_run(&b);
    return 0;
}
