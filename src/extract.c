/* SPDX-License-Identifier: MIT */
/*
 * pith_extract(): runs the stages in one per-call arena, then packs what the caller keeps
 * into one allocation, so a result is freed with one call and the arena never outlives the
 * call.
 */
#include <string.h>

#include "internal.h"

/* The smallest pith_options a caller can have been built with: 0.1.0's, which ends with
 * allocator. Fields added later go after it, and a caller that does not know them gets their
 * defaults. */
#define OPTIONS_SIZE_0_1 (offsetof(pith_options, allocator) + sizeof(const pith_allocator *))

void
pith_options_init(pith_options *opts, size_t size)
{
    if (!opts || size < sizeof opts->size)
        return;
    pith_options d;
    memset(&d, 0, sizeof d);
    d.max_input_bytes = PITH_DEFAULT_MAX_INPUT_BYTES;
    d.max_nodes = PITH_DEFAULT_MAX_NODES;
    d.max_depth = PITH_DEFAULT_MAX_DEPTH;
    d.max_attributes = PITH_DEFAULT_MAX_ATTRIBUTES;
    d.max_memory = PITH_DEFAULT_MAX_MEMORY;
    d.max_work = PITH_DEFAULT_MAX_WORK;
    d.max_output_bytes = PITH_DEFAULT_MAX_OUTPUT_BYTES;
    d.bias = PITH_BIAS_BALANCED;
    d.size = size;
    /* a caller built against a newer header has fields this library does not know: they are
     * zeroed, so nothing is left uninitialised, and pith_extract refuses the size */
    if (size > sizeof d)
        memset(opts, 0, size);
    memcpy(opts, &d, size < sizeof d ? size : sizeof d);
}

/* The caller's options as this library's struct: what the caller's size does not cover takes
 * its default. 0 when the size says the options were never initialised or come from a newer
 * header than this library's. */
static int
options_read(const pith_options *in, pith_options *out)
{
    if (in->size < OPTIONS_SIZE_0_1 || in->size > sizeof *out)
        return 0;
    pith_options_init(out, sizeof *out);
    memcpy(out, in, in->size);
    out->size = sizeof *out;
    return 1;
}

/* ---- packing: the same walk measures (base == NULL) and then copies ---- */

typedef struct packer {
    char *base;
    size_t off;
} packer;

static void *
pk_take(packer *pk, size_t size, size_t align)
{
    pk->off = (pk->off + align - 1) & ~(align - 1);
    void *p = pk->base ? pk->base + pk->off : NULL;
    pk->off += size;
    return p;
}

static const char *
pk_str(packer *pk, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = pk_take(pk, n, 1);
    if (p)
        memcpy(p, s, n);
    return p;
}

static const char *const *
pk_strs(packer *pk, char *const *v, size_t n)
{
    if (n == 0)
        return NULL;
    const char **arr = pk_take(pk, n * sizeof *arr, sizeof(void *));
    for (size_t i = 0; i < n; i++) {
        const char *s = pk_str(pk, v[i]);
        if (arr)
            arr[i] = s;
    }
    return arr;
}

static const pith_inline *
pk_inlines(packer *pk, const pith_inline *v, size_t n)
{
    if (n == 0)
        return NULL;
    pith_inline *arr = pk_take(pk, n * sizeof *arr, sizeof(void *));
    for (size_t i = 0; i < n; i++) {
        const char *href = pk_str(pk, v[i].href);
        if (arr) {
            arr[i] = v[i];
            arr[i].href = href;
        }
    }
    return arr;
}

/* The text blocks with the image blocks put in their places. */
static const pith_block *
pk_blocks(packer *pk, const pith_blocks *bl, size_t *count)
{
    *count = 0;
    if (bl->n == 0)
        return NULL;
    pith_block *arr = pk_take(pk, (bl->n + bl->n_images) * sizeof *arr, sizeof(void *));
    size_t img = 0, o = 0;
    for (size_t i = 0; i <= bl->n; i++) {
        for (; img < bl->n_images && bl->images[img].at <= i; img++) {
            const pith_block *src = &bl->images[img].block;
            const char *text = pk_str(pk, src->text);
            const char *url = pk_str(pk, src->src);
            const char *alt = pk_str(pk, src->alt);
            const char *caption = pk_str(pk, src->caption);
            if (arr) {
                arr[o] = *src;
                arr[o].text = text;
                arr[o].src = url;
                arr[o].alt = alt;
                arr[o].caption = caption;
            }
            o++;
        }
        if (i == bl->n)
            break;
        const pith_block *src = &bl->items[i];
        pith_table_row *rows = NULL;
        if (src->n_rows) {
            rows = pk_take(pk, src->n_rows * sizeof *rows, sizeof(void *));
            for (size_t r = 0; r < src->n_rows; r++) {
                const pith_table_row *sr = &src->rows[r];
                const char *const *cells = pk_strs(pk, (char *const *)sr->cells, sr->n_cells);
                if (rows) {
                    rows[r].cells = cells;
                    rows[r].n_cells = sr->n_cells;
                    rows[r].header = sr->header;
                }
            }
        }
        const char *text = pk_str(pk, src->text);
        const pith_inline *inlines = pk_inlines(pk, src->inlines, src->n_inlines);
        if (arr) {
            arr[o] = *src;
            arr[o].text = text;
            arr[o].rows = rows;
            arr[o].inlines = inlines;
        }
        o++;
    }
    *count = o;
    return arr;
}

static const pith_comment *
pk_comments(packer *pk, const pith_comments *c)
{
    if (!c || c->n == 0)
        return NULL;
    pith_comment *arr = pk_take(pk, c->n * sizeof *arr, sizeof(void *));
    for (size_t i = 0; i < c->n; i++) {
        const char *author = pk_str(pk, c->items[i].author);
        const char *date = pk_str(pk, c->items[i].date);
        const char *text = pk_str(pk, c->items[i].text);
        if (arr)
            arr[i] = (pith_comment){author, date, text};
    }
    return arr;
}

typedef struct pack_input {
    const pith_meta *meta;
    const pith_decoded *dec;
    const pith_blocks *blocks;
    const pith_comments *comments; /* NULL unless options.comments */
    const char *explain;
    unsigned flags;
    pith_status status; /* PITH_OK or PITH_ERR_NO_ARTICLE */
} pack_input;

static void
pack(packer *pk, const pack_input *in, pith_result *r)
{
    const pith_meta *m = in->meta;
    pith_result t;
    memset(&t, 0, sizeof t);
    t.title = pk_str(pk, m->title);
    t.byline = pk_str(pk, m->byline);
    t.authors = pk_strs(pk, m->authors, m->n_authors);
    t.n_authors = m->n_authors;
    t.date_published = pk_str(pk, m->date_published);
    t.date_modified = pk_str(pk, m->date_modified);
    t.site_name = pk_str(pk, m->site_name);
    t.lang = pk_str(pk, m->lang);
    t.canonical_url = pk_str(pk, m->canonical_url);
    t.description = pk_str(pk, m->description);
    t.image = pk_str(pk, m->image);
    t.license = pk_str(pk, m->license);
    t.tags = pk_strs(pk, m->tags, m->n_tags);
    t.n_tags = m->n_tags;
    /* sources are static strings */
    t.title_source = pith_title_source_name(m->title_source);
    t.byline_source = m->byline_source;
    t.date_published_source = m->date_published_source;
    t.date_modified_source = m->date_modified_source;
    t.site_name_source = m->site_name_source;
    t.lang_source = m->lang_source;
    t.charset = in->dec->charset;
    t.charset_source = in->dec->source;
    t.flags = in->flags;
    t.blocks = pk_blocks(pk, in->blocks, &t.n_blocks);
    t.word_count = in->blocks->word_count;
    t.explain = pk_str(pk, in->explain);
    t.comments = pk_comments(pk, in->comments);
    t.n_comments = in->comments ? in->comments->n : 0;
    t.comments_requested = in->comments != NULL;
    if (r)
        *r = t;
}

static pith_status
build_result(pith_ctx *ctx, const pack_input *in, pith_result **out)
{
    packer pk = {NULL, sizeof(pith_result_box)};
    pack(&pk, in, NULL);
    size_t size = pk.off;
    if (size > ctx->opts->max_memory)
        return PITH_ERR_MEMORY_LIMIT;
    pith_result_box *box = ctx->alloc.alloc(ctx->alloc.ctx, size);
    if (!box)
        return PITH_ERR_NO_MEMORY;
    memset(box, 0, sizeof *box);
    box->alloc = ctx->alloc;
    box->alloc_size = size;
    box->max_output_bytes = ctx->opts->max_output_bytes;
    box->status = in->status;
    pk.base = (char *)box;
    pk.off = sizeof(pith_result_box);
    pack(&pk, in, &box->pub);
    *out = &box->pub;
    return PITH_OK;
}

static int
options_valid(const pith_options *o)
{
    return o->max_input_bytes > 0 && o->max_nodes > 0 && o->max_depth > 0 &&
           o->max_depth <= PITH_MAX_DEPTH_CAP &&
           o->max_attributes > 0 && o->max_memory > 0 && o->max_work > 0 &&
           o->max_output_bytes > 0 && (unsigned)o->bias <= (unsigned)PITH_BIAS_RECALL;
}

/* A few short lines left over from a page made of links (a home page, a section front) are
 * not an article: the no-article answer is more useful than a weather widget. A short page
 * without links (a note, a test page) still is one. The figures: */
/* under this many words the article is a few short lines: a widget, a caption, a teaser */
#define INDEX_MAX_WORDS 40
/* one paragraph this long (bytes) is prose, not a teaser line or a widget */
#define INDEX_PROSE_PARAGRAPH 100
/* links make up at least 40% of the page's text: a page that is mostly links, where what
 * is left after them is the few lines above */
#define INDEX_LINK_SHARE_TENTHS 4

static int
looks_like_index(const pith_doc *doc, const pith_meta *meta, const pith_selection *sel,
                 const pith_blocks *blocks)
{
    if (blocks->word_count >= INDEX_MAX_WORDS || doc->body == PITH_NONE)
        return 0;
    /* the page's own headline heads the box the lines came from: a short article (a note, a
     * course's teaser page); the leftovers of a front page sit under no heading that names
     * the page */
    uint32_t t = meta->title_node, box = sel->container;
    if (t != PITH_NONE && box != PITH_NONE && t > box && t < doc->nodes[box].end)
        return 0;
    for (size_t i = 0; i < blocks->n; i++)
        if (blocks->items[i].type == PITH_BLOCK_PARAGRAPH &&
            strlen(blocks->items[i].text) >= INDEX_PROSE_PARAGRAPH)
            return 0;
    const pith_node *body = &doc->nodes[doc->body];
    return body->text_chars > 0 &&
           body->link_chars * 10 >= body->text_chars * INDEX_LINK_SHARE_TENTHS;
}

/* The retries: an attempt whose article is implausibly short for its page is run again one
 * PITH_RELAX_* level looser, as readability does. An article is plausible when it has: */
/* this many words, a few real paragraphs, whatever else the page holds */
#define PLAUSIBLE_WORDS 80
/* or at least half the page's words, past this many words of furniture (menus, footer) that
 * even a one-paragraph page carries */
#define PLAUSIBLE_FURNITURE_WORDS 60

static int
plausible(const pith_blocks *blocks, uint32_t page_words)
{
    return blocks->word_count >= PLAUSIBLE_WORDS ||
           (blocks->n > 0 && page_words < blocks->word_count * 2 + PLAUSIBLE_FURNITURE_WORDS);
}

static pith_status
run(pith_ctx *ctx, const char *html, size_t len, pith_result **out)
{
    const pith_options *o = ctx->opts;
    pith_decoded dec;
    pith_screened scr;
    pith_doc doc;
    pith_meta meta;
    pith_selection sel, best_sel = {0};
    pith_blocks blocks;
    pith_status st = pith_decode(ctx, html, len, o->charset_hint, &dec);
    if (st != PITH_OK)
        return st;
    st = pith_screen(ctx, dec.text, dec.len, &scr);
    if (st != PITH_OK)
        return st;
    st = pith_parse(ctx, &scr, &doc);
    if (st != PITH_OK)
        return st;
    /* only gumbo's unread original_* pointers lead into it: 4/3 of the input, back now */
    pith_free(ctx, scr.html);
    scr.html = NULL;
    st = pith_metadata(ctx, &doc, &scr, o->url, &meta);
    if (st != PITH_OK)
        return st;
    /* Retry with looser rules while the article is implausibly short for the page; keep the
     * longest attempt. */
    memset(&blocks, 0, sizeof blocks);
    uint32_t page_words = doc.body != PITH_NONE ? doc.nodes[doc.body].words : 0;
    for (int relax = PITH_RELAX_NONE; relax <= PITH_RELAX_WEIGHTS; relax++) {
        pith_blocks attempt;
        memset(&sel, 0, sizeof sel);
        sel.relax = relax;
        st = pith_content(ctx, &doc, &meta, &sel);
        if (st != PITH_OK)
            return st;
        st = pith_clean(ctx, &doc, &meta, &sel, &attempt);
        if (st != PITH_OK)
            return st;
        if (attempt.word_count > blocks.word_count) {
            blocks = attempt;
            best_sel = sel;
        }
        if (plausible(&blocks, page_words))
            break;
    }
    if (blocks.n > 0 && looks_like_index(&doc, &meta, &best_sel, &blocks)) {
        pith_explain(ctx, "no article: %zu words of short text on a page of links",
                     blocks.word_count);
        blocks.n = 0;
        blocks.n_images = 0;
        blocks.word_count = 0;
    }
    if (blocks.n > 0) {
        const char *title = meta.title;
        st = pith_title_settle(ctx, &doc, &best_sel, &blocks, &meta);
        if (st != PITH_OK)
            return st;
        /* the new title's heading sat in the article, which cleaning kept as its first line */
        if (meta.title != title && blocks.n > 1)
            pith_clean_drop_title(ctx, &blocks, meta.title);
    }
    /* Stages carry on past a failed allocation where they can, but a result missing what
     * they could not allocate would be a silent truncation: the first failure wins. */
    if (ctx->error != PITH_OK)
        return ctx->error;
    if (ctx->explain && ctx->explain->failed)
        return PITH_ERR_NO_MEMORY;
    pith_comments comments;
    memset(&comments, 0, sizeof comments);
    if (o->comments) {
        st = pith_comments_find(ctx, &doc, &comments);
        if (st != PITH_OK)
            return st;
    }
    pack_input in = {&meta, &dec, &blocks, o->comments ? &comments : NULL,
                     ctx->explain ? ctx->explain->data : NULL, dec.flags | scr.flags | ctx->flags,
                     blocks.n == 0 ? PITH_ERR_NO_ARTICLE : PITH_OK};
    st = build_result(ctx, &in, out);
    if (st != PITH_OK)
        return st;
    return in.status;
}

pith_status
pith_extract(const char *html, size_t len, const pith_options *opts, pith_result **out)
{
    if (!out)
        return PITH_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!html && len > 0)
        return PITH_ERR_INVALID_ARGUMENT;
    pith_options local;
    if (!opts)
        pith_options_init(&local, sizeof local);
    else if (!options_read(opts, &local))
        return PITH_ERR_INVALID_ARGUMENT;
    opts = &local;
    if (!options_valid(opts))
        return PITH_ERR_INVALID_ARGUMENT;
    if (len > opts->max_input_bytes)
        return PITH_ERR_INPUT_TOO_LARGE;
    if (!html)
        html = "";
    pith_ctx ctx;
    pith_ctx_init(&ctx, opts);
    pith_buf explain;
    if (opts->explain) {
        pith_buf_init(&explain, &ctx);
        pith_buf_append(&explain, "", 0);
        ctx.explain = &explain;
    }
    pith_status st = run(&ctx, html, len, out);
    pith_ctx_release(&ctx);
    return st;
}

void
pith_result_free(pith_result *res)
{
    if (!res)
        return;
    pith_result_box *box = pith_result_box_of(res);
    pith_allocator a = box->alloc;
    a.free(a.ctx, box, box->alloc_size);
}
