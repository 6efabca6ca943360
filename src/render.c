/* SPDX-License-Identifier: MIT */
/*
 * Result -> plain text, Markdown, JSON or an HTML fragment.
 *
 * Output is built in a private arena (drawn from the result's own allocator and capped in
 * proportion to max_output_bytes), then copied into one block that starts with a hidden
 * header naming that allocator, so pith_buffer_free() needs nothing but the pointer.
 *
 * Every string from the result goes through an escaper that also replaces bytes that are not
 * UTF-8 with U+FFFD: a result is meant to be valid UTF-8, but the output formats (JSON above
 * all) must stay valid even if a stage slips.
 */
#include <stddef.h>
#include <string.h>

#include "internal.h"

/* List nesting beyond this renders at this depth: a page can nest lists hundreds deep, and
 * indentation (or open tags) proportional to the level would multiply the output. */
#define MAX_LIST_DEPTH 32u
/* Markdown fence/backslash decisions look at most this many digits of a leading number. */
#define MAX_ORDERED_DIGITS 9u
/* Arena memory beyond 4x the output cap: the arena's first chunk, so tiny caps still work. */
#define RENDER_MEMORY_SLACK ((size_t)1 << 20)

static const char replacement_char[] = "\xEF\xBF\xBD";

/* The hidden header before every rendered buffer. The union keeps the text that follows it
 * aligned for any use the caller might make of the buffer. */
typedef union buffer_header {
    struct {
        pith_allocator alloc;
        size_t size; /* the whole block, header included: what alloc.free is told */
    } h;
    max_align_t align;
} buffer_header;

/* ---- shared helpers ---- */

static const char *
str_or_empty(const char *s)
{
    return s ? s : "";
}

/* Decodes one character of s[0..n); invalid bytes come back as U+FFFD with length 1. */
static size_t
next_cp(const char *s, size_t n, uint32_t *cp)
{
    if ((unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    return pith_utf8_next(s, n, cp);
}

/* Appends s[0..n) with invalid UTF-8 replaced; runs of valid bytes are copied at once. */
static void
put_valid(pith_buf *b, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = next_cp(s + i, n - i, &cp);
        if (cp == 0xFFFD) {
            pith_buf_append(b, s + run, i - run);
            pith_buf_append(b, replacement_char, 3);
            run = i + k;
        }
        i += k;
    }
    pith_buf_append(b, s + run, n - run);
}

static void
put_spaces(pith_buf *b, size_t n)
{
    static const char spaces[] = "                                ";
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        pith_buf_append(b, spaces, k);
        n -= k;
    }
}

static unsigned
list_level(const pith_block *blk)
{
    unsigned level = blk->level;
    if (level < 1)
        level = 1;
    if (level > MAX_LIST_DEPTH)
        level = MAX_LIST_DEPTH;
    return level;
}

static unsigned
heading_level(const pith_block *blk, int title_printed)
{
    unsigned level = blk->level;
    if (level < 1)
        level = 1;
    if (level > 6)
        level = 6;
    if (title_printed && level < 2)
        level = 2;
    return level;
}

/* Block types outside the enum (a newer producer) render as paragraphs. */
static pith_block_type
block_type(const pith_block *blk)
{
    switch (blk->type) {
    case PITH_BLOCK_HEADING:
    case PITH_BLOCK_PARAGRAPH:
    case PITH_BLOCK_LIST_ITEM:
    case PITH_BLOCK_QUOTE:
    case PITH_BLOCK_PREFORMATTED:
    case PITH_BLOCK_TABLE:
    case PITH_BLOCK_CAPTION:
    case PITH_BLOCK_IMAGE:
        return blk->type;
    }
    return PITH_BLOCK_PARAGRAPH;
}

static int
is_image(const pith_block *blk)
{
    return block_type(blk) == PITH_BLOCK_IMAGE;
}

/* Whether blk goes on the line after prev's, in one paragraph (a <br> in a poem or an
 * address): paragraphs, quotes and list items can hold a line break in Markdown and HTML. */
static int
continues_line(const pith_block *blk, const pith_block *prev)
{
    pith_block_type t = block_type(blk);
    return blk->line_break && prev == blk - 1 && block_type(prev) == t &&
           (t == PITH_BLOCK_PARAGRAPH || t == PITH_BLOCK_QUOTE || t == PITH_BLOCK_LIST_ITEM);
}

static int
is_table_with_rows(const pith_block *blk)
{
    return block_type(blk) == PITH_BLOCK_TABLE && blk->rows && blk->n_rows > 0;
}

/* Blocks with no text to show are left out of every format but JSON; images are shown by
 * Markdown and HTML only. */
static int
block_is_empty(const pith_block *blk)
{
    if (is_table_with_rows(blk))
        return 0;
    if (is_image(blk))
        return 1;
    return !blk->text || blk->text[0] == '\0';
}

/* Inline spans nest at most this deep in the output: the inliner never nests two of one
 * kind, so six kinds make six levels; deeper ones (a result from elsewhere) are left out. */
#define MAX_INLINE_DEPTH 8u

/* What a format does with a block's inline spans: text between them, and each span's opening
 * and closing. The walk checks every span (inside the text, on character boundaries, nested
 * in the span around it, else cut to its end or left out), so a format only writes. */
typedef struct inline_sink inline_sink;
struct inline_sink {
    pith_buf *b;
    void (*text)(inline_sink *k, const char *s, size_t n, size_t from, size_t to);
    void (*open)(inline_sink *k, const pith_inline *sp, const char *s, size_t end);
    void (*close)(inline_sink *k, const pith_inline *sp);
    unsigned mode;    /* Markdown: MD_* of the block */
    int line_start;   /* Markdown: the output is at the start of a line */
    const pith_inline *code; /* Markdown: the code span being written, NULL outside one */
    size_t code_fence;       /* its fence's length in backticks */
    int code_pad;            /* whether a space pads it inside the fence */
    int links;        /* whether links may be shown (a format without them writes their text) */
    unsigned skip;    /* 1 << kind for each kind written as plain text here */
};

static int
char_boundary(const char *s, size_t n, size_t i)
{
    return i == n || ((unsigned char)s[i] & 0xC0) != 0x80;
}

static void
walk_inlines(inline_sink *k, const pith_block *blk)
{
    const char *s = blk->text;
    size_t n = strlen(s), pos = 0, top = 0;
    struct {
        const pith_inline *sp;
        size_t end;
    } st[MAX_INLINE_DEPTH];
    for (size_t i = 0; blk->inlines && i <= blk->n_inlines; i++) {
        const pith_inline *sp = i < blk->n_inlines ? &blk->inlines[i] : NULL;
        size_t start = sp ? sp->start : n;
        /* close the spans that end before this one begins */
        while (top > 0 && st[top - 1].end <= start) {
            k->text(k, s, n, pos, st[top - 1].end);
            pos = st[top - 1].end;
            k->close(k, st[--top].sp);
        }
        if (!sp)
            break;
        size_t end = sp->end;
        if (top > 0 && end > st[top - 1].end)
            end = st[top - 1].end;
        if (start < pos || start >= end || end > n || !char_boundary(s, n, start) ||
            !char_boundary(s, n, end) || top == MAX_INLINE_DEPTH ||
            (sp->kind == PITH_INLINE_LINK && (!k->links || !pith_url_safe(sp->href, 0))) ||
            (unsigned)sp->kind > (unsigned)PITH_INLINE_SUP || (k->skip & (1u << sp->kind)))
            continue;
        k->text(k, s, n, pos, start);
        pos = start;
        k->open(k, sp, s, end);
        st[top].sp = sp;
        st[top++].end = end;
    }
    while (top > 0) {
        k->text(k, s, n, pos, st[top - 1].end);
        pos = st[top - 1].end;
        k->close(k, st[--top].sp);
    }
    k->text(k, s, n, pos, n);
}

/* Numbers ordered list items and remembers which levels have an open item. */
typedef struct list_state {
    unsigned count[MAX_LIST_DEPTH + 1];
    unsigned width[MAX_LIST_DEPTH + 1]; /* marker width of the open item, 0 when none */
    int ordered[MAX_LIST_DEPTH + 1];
} list_state;

/* Advances the state for an item; returns its number (1-based) within its list. */
static unsigned
list_advance(list_state *ls, unsigned level, int ordered)
{
    for (unsigned l = level + 1; l <= MAX_LIST_DEPTH; l++) {
        ls->count[l] = 0;
        ls->width[l] = 0;
    }
    if (ls->count[level] > 0 && ls->ordered[level] != ordered)
        ls->count[level] = 0;
    ls->ordered[level] = ordered;
    return ++ls->count[level];
}

/* Stops the output once it passes the cap, so a huge result does not fill memory first. */
static int
over_cap(const pith_buf *b, size_t cap)
{
    return b->failed || b->len > cap;
}

/* ---- JSON ---- */

/* Whether none of the 8 bytes at p needs a look: all printable ASCII (0x20-0x7F), none '"'
 * or '\\'. The usual tests for a zero byte and a byte under 0x20 in a word, each exact about
 * whether any byte is one; the text of a page is mostly such bytes, and the escaper below
 * tested them one at a time (a tenth of the render). */
static inline int
json_plain8(const char *p)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t x, q, bs;
    memcpy(&x, p, 8);
    q = x ^ (ones * '"');
    bs = x ^ (ones * '\\');
    uint64_t hit = ((x - ones * 0x20) & ~x) | x | ((q - ones) & ~q) | ((bs - ones) & ~bs);
    return (hit & high) == 0;
}

/* The one JSON string escaper: pith_render's, and pith_json_string's for callers' members. */
static void
json_string_n(pith_buf *b, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    pith_buf_putc(b, '"');
    while (i < n) {
        if (n - i >= 8 && json_plain8(s + i)) {
            i += 8;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++; /* printable ASCII, most of the text: part of the run, nothing to decide */
            continue;
        }
        const char *esc = NULL;
        char ubuf[8];
        uint32_t cp;
        size_t k = next_cp(s + i, n - i, &cp);
        switch (cp) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        /* valid JSON, but not valid JavaScript string content before ES2019 */
        case 0x2028: esc = "\\u2028"; break;
        case 0x2029: esc = "\\u2029"; break;
        case 0xFFFD: esc = replacement_char; break;
        default:
            if (cp < 0x20) {
                static const char hex[] = "0123456789abcdef";
                memcpy(ubuf, "\\u00", 4);
                ubuf[4] = hex[c >> 4];
                ubuf[5] = hex[c & 0xF];
                ubuf[6] = '\0';
                esc = ubuf;
            }
            break;
        }
        if (esc) {
            pith_buf_append(b, s + run, i - run);
            pith_buf_puts(b, esc);
            run = i + k;
        }
        i += k;
    }
    pith_buf_append(b, s + run, n - run);
    pith_buf_putc(b, '"');
}

void
pith_buf_json_string(pith_buf *b, const char *s)
{
    if (!s) {
        pith_buf_puts(b, "null");
        return;
    }
    json_string_n(b, s, strlen(s));
}

static void
json_key(pith_buf *b, const char *key, int first)
{
    if (!first)
        pith_buf_putc(b, ',');
    pith_buf_putc(b, '"');
    pith_buf_puts(b, key);
    pith_buf_puts(b, "\":");
}

static void
json_str_field(pith_buf *b, const char *key, const char *val)
{
    json_key(b, key, 0);
    pith_buf_json_string(b, val);
}

static void
json_str_array(pith_buf *b, const char *const *items, size_t n)
{
    pith_buf_putc(b, '[');
    for (size_t i = 0; items && i < n; i++) {
        if (i)
            pith_buf_putc(b, ',');
        pith_buf_json_string(b, items[i]);
    }
    pith_buf_putc(b, ']');
}

static const struct {
    unsigned bit;
    const char *name;
} flag_names[] = {
    {PITH_FLAG_DEPTH_FLATTENED, "depth_flattened"},
    {PITH_FLAG_INVALID_BYTES_REPLACED, "invalid_bytes_replaced"},
    {PITH_FLAG_ATTRIBUTES_DROPPED, "attributes_dropped"},
    {PITH_FLAG_FORMATTING_CAPPED, "formatting_capped"},
    {PITH_FLAG_NUL_REPLACED, "nul_replaced"},
};

/* A block's links: [{"text": the linked words, "href": the target}], left out when none. */
static void
json_links(pith_buf *b, const pith_block *blk)
{
    size_t n = blk->text ? strlen(blk->text) : 0;
    int first = 1;
    for (size_t i = 0; blk->inlines && i < blk->n_inlines; i++) {
        const pith_inline *sp = &blk->inlines[i];
        if (sp->kind != PITH_INLINE_LINK || !sp->href || sp->start >= sp->end || sp->end > n)
            continue;
        pith_buf_puts(b, first ? ",\"links\":[" : ",");
        first = 0;
        pith_buf_puts(b, "{\"text\":");
        json_string_n(b, blk->text + sp->start, sp->end - sp->start);
        json_str_field(b, "href", sp->href);
        pith_buf_putc(b, '}');
    }
    if (!first)
        pith_buf_putc(b, ']');
}

static void
json_block(pith_buf *b, const pith_block *blk)
{
    static const char *const type_names[] = {"heading", "paragraph", "list_item", "quote",
                                              "preformatted", "table", "caption", "image"};
    pith_block_type t = block_type(blk);
    pith_buf_puts(b, "{\"type\":\"");
    pith_buf_puts(b, type_names[t]);
    pith_buf_putc(b, '"');
    if (t == PITH_BLOCK_HEADING || t == PITH_BLOCK_LIST_ITEM) {
        json_key(b, "level", 0);
        pith_buf_printf(b, "%u", blk->level);
    }
    if (t == PITH_BLOCK_LIST_ITEM) {
        json_key(b, "ordered", 0);
        pith_buf_puts(b, blk->ordered ? "true" : "false");
    }
    if (t == PITH_BLOCK_TABLE) {
        json_key(b, "rows", 0);
        pith_buf_putc(b, '[');
        for (size_t r = 0; blk->rows && r < blk->n_rows; r++) {
            const pith_table_row *row = &blk->rows[r];
            if (r)
                pith_buf_putc(b, ',');
            pith_buf_puts(b, row->header ? "{\"header\":true" : "{\"header\":false");
            json_key(b, "cells", 0);
            json_str_array(b, row->cells, row->n_cells);
            pith_buf_putc(b, '}');
        }
        pith_buf_putc(b, ']');
    } else if (t == PITH_BLOCK_IMAGE) {
        json_str_field(b, "src", blk->src);
        json_str_field(b, "alt", blk->alt);
        json_str_field(b, "caption", blk->caption);
    } else {
        json_str_field(b, "text", blk->text);
        json_links(b, blk);
    }
    pith_buf_putc(b, '}');
}

static void render_text(pith_buf *b, const pith_result *res, size_t cap);

/* The members render_json writes, in its order: a caller's member of the same name would
 * make a key appear twice, which JSON readers resolve each their own way. test_render.c
 * checks this list against what render_json writes. */
static const char *const result_keys[] = {
    "schema_version", "status", "title", "byline", "authors", "date_published", "date_modified",
    "site_name", "lang", "canonical_url", "description", "image", "license", "tags", "sources",
    "charset", "charset_source", "flags", "word_count", "blocks", "text", "explain", "comments"};

/* Callers put a handful of members in front (a file name, a WARC record's four fields);
 * the bound keeps the check for repeated names, quadratic in the count, small. */
#define MAX_LEAD_MEMBERS 64u

static int
lead_members_valid(const pith_json_member *lead, size_t n_lead)
{
    if (n_lead > MAX_LEAD_MEMBERS || (n_lead && !lead))
        return 0;
    for (size_t i = 0; i < n_lead; i++) {
        if (!lead[i].name)
            return 0;
        for (size_t k = 0; k < sizeof result_keys / sizeof result_keys[0]; k++)
            if (strcmp(lead[i].name, result_keys[k]) == 0)
                return 0;
        for (size_t k = 0; k < i; k++)
            if (strcmp(lead[i].name, lead[k].name) == 0)
                return 0;
    }
    return 1;
}

static void
render_json(pith_buf *b, const pith_result *res, pith_status status,
            const pith_json_member *lead, size_t n_lead, size_t cap)
{
    pith_buf_putc(b, '{');
    for (size_t i = 0; i < n_lead; i++) {
        pith_buf_json_string(b, lead[i].name);
        pith_buf_putc(b, ':');
        if (lead[i].value)
            json_string_n(b, lead[i].value, lead[i].value_len);
        else
            pith_buf_printf(b, "%lld", lead[i].number);
        pith_buf_putc(b, ',');
    }
    pith_buf_puts(b, "\"schema_version\":");
    pith_buf_printf(b, "%d", PITH_JSON_SCHEMA_VERSION);
    json_str_field(b, "status", pith_status_name(status));
    json_str_field(b, "title", res->title);
    json_str_field(b, "byline", res->byline);
    json_key(b, "authors", 0);
    json_str_array(b, res->authors, res->n_authors);
    json_str_field(b, "date_published", res->date_published);
    json_str_field(b, "date_modified", res->date_modified);
    json_str_field(b, "site_name", res->site_name);
    json_str_field(b, "lang", res->lang);
    json_str_field(b, "canonical_url", res->canonical_url);
    json_str_field(b, "description", res->description);
    json_str_field(b, "image", res->image);
    json_str_field(b, "license", res->license);
    json_key(b, "tags", 0);
    json_str_array(b, res->tags, res->n_tags);
    json_key(b, "sources", 0);
    pith_buf_putc(b, '{');
    json_key(b, "title", 1);
    pith_buf_json_string(b, res->title_source);
    json_str_field(b, "byline", res->byline_source);
    json_str_field(b, "date_published", res->date_published_source);
    json_str_field(b, "date_modified", res->date_modified_source);
    json_str_field(b, "site_name", res->site_name_source);
    json_str_field(b, "lang", res->lang_source);
    pith_buf_putc(b, '}');
    json_str_field(b, "charset", res->charset);
    json_str_field(b, "charset_source", res->charset_source);
    json_key(b, "flags", 0);
    pith_buf_putc(b, '[');
    int first = 1;
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++) {
        if (!(res->flags & flag_names[i].bit))
            continue;
        if (!first)
            pith_buf_putc(b, ',');
        first = 0;
        pith_buf_json_string(b, flag_names[i].name);
    }
    pith_buf_putc(b, ']');
    json_key(b, "word_count", 0);
    pith_buf_printf(b, "%zu", res->word_count);
    json_key(b, "blocks", 0);
    pith_buf_putc(b, '[');
    for (size_t i = 0; res->blocks && i < res->n_blocks; i++) {
        if (i)
            pith_buf_putc(b, ',');
        json_block(b, &res->blocks[i]);
        if (over_cap(b, cap))
            return;
    }
    pith_buf_putc(b, ']');

    pith_buf text;
    pith_buf_init(&text, b->ctx);
    render_text(&text, res, cap);
    if (over_cap(&text, cap)) {
        b->failed = 1;
        pith_free(b->ctx, text.data);
        return;
    }
    json_str_field(b, "text", text.data ? text.data : "");
    pith_free(b->ctx, text.data);
    json_str_field(b, "explain", res->explain);
    json_key(b, "comments", 0);
    if (!res->comments_requested) {
        pith_buf_puts(b, "null");
    } else {
        pith_buf_putc(b, '[');
        for (size_t i = 0; res->comments && i < res->n_comments; i++) {
            const pith_comment *c = &res->comments[i];
            if (i)
                pith_buf_putc(b, ',');
            pith_buf_puts(b, "{\"author\":");
            pith_buf_json_string(b, c->author);
            json_str_field(b, "date", c->date);
            json_str_field(b, "text", str_or_empty(c->text));
            pith_buf_putc(b, '}');
            if (over_cap(b, cap))
                return;
        }
        pith_buf_putc(b, ']');
    }
    pith_buf_puts(b, "}\n");
}

/* ---- plain text ---- */

/* Table cells keep to one line and never contain the tab that separates them. */
static void
text_cell(pith_buf *b, const char *s)
{
    size_t n = strlen(s), run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            put_valid(b, s + run, i - run);
            pith_buf_putc(b, ' ');
            run = i + 1;
        }
    }
    put_valid(b, s + run, n - run);
}

static void
render_text(pith_buf *b, const pith_result *res, size_t cap)
{
    list_state ls;
    memset(&ls, 0, sizeof ls);
    int prev_list = 0, any = 0;
    for (size_t i = 0; res->blocks && i < res->n_blocks; i++) {
        const pith_block *blk = &res->blocks[i];
        if (block_is_empty(blk))
            continue;
        pith_block_type t = block_type(blk);
        if (any)
            pith_buf_puts(b, "\n\n");
        any = 1;
        if (t != PITH_BLOCK_LIST_ITEM && prev_list)
            memset(&ls, 0, sizeof ls);
        prev_list = t == PITH_BLOCK_LIST_ITEM;
        switch (t) {
        case PITH_BLOCK_LIST_ITEM: {
            unsigned level = list_level(blk);
            unsigned num = list_advance(&ls, level, blk->ordered);
            put_spaces(b, 2u * (level - 1));
            if (blk->ordered)
                pith_buf_printf(b, "%u. ", num);
            else
                pith_buf_puts(b, "- ");
            put_valid(b, blk->text, strlen(blk->text));
            break;
        }
        case PITH_BLOCK_TABLE:
            if (!is_table_with_rows(blk)) {
                put_valid(b, blk->text, strlen(blk->text));
                break;
            }
            for (size_t r = 0; r < blk->n_rows; r++) {
                const pith_table_row *row = &blk->rows[r];
                if (r)
                    pith_buf_putc(b, '\n');
                for (size_t c = 0; row->cells && c < row->n_cells; c++) {
                    if (c)
                        pith_buf_putc(b, '\t');
                    text_cell(b, str_or_empty(row->cells[c]));
                }
            }
            break;
        case PITH_BLOCK_PREFORMATTED: {
            /* the blank line between blocks must stay one blank line */
            size_t n = strlen(blk->text);
            while (n > 0 && (blk->text[n - 1] == '\n' || blk->text[n - 1] == '\r'))
                n--;
            put_valid(b, blk->text, n);
            break;
        }
        case PITH_BLOCK_HEADING:
        case PITH_BLOCK_PARAGRAPH:
        case PITH_BLOCK_QUOTE:
        case PITH_BLOCK_CAPTION:
            put_valid(b, blk->text, strlen(blk->text));
            break;
        case PITH_BLOCK_IMAGE: /* never reached: plain text has no images */
            break;
        }
        if (over_cap(b, cap))
            return;
    }
    if (any)
        pith_buf_putc(b, '\n');
}

/* ---- Markdown ---- */

#define MD_TABLE 0x1u   /* escape | and keep to one line */
#define MD_HEADING 0x2u /* keep to one line; a trailing " #" would close the heading */
#define MD_QUOTE 0x4u   /* continue each line with "> " */
#define MD_ONE_LINE 0x8u
#define MD_LINK_TEXT 0x10u /* escape parentheses too: a link's text */

static int
is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_ascii_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
ends_marker(const char *s, size_t i, size_t n)
{
    return i >= n || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
}

/* Escapes what would start a block at the beginning of a line; returns bytes consumed. */
static size_t
md_line_start(pith_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    unsigned char c = (unsigned char)s[0];
    switch (c) {
    case '#':
        while (i < n && i < 7 && s[i] == '#')
            i++;
        if (i <= 6 && ends_marker(s, i, n))
            pith_buf_putc(b, '\\');
        return 0;
    case '-':
    case '+':
    case '=':
        /* list markers, thematic breaks and setext underlines */
        if (ends_marker(s, 1, n) || (c != '+' && n > 1 && s[1] == c))
            pith_buf_putc(b, '\\');
        return 0;
    case '>':
        pith_buf_putc(b, '\\');
        return 0;
    default:
        break;
    }
    if (c >= '0' && c <= '9') {
        while (i < n && i < MAX_ORDERED_DIGITS + 1 && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i <= MAX_ORDERED_DIGITS && i < n && (s[i] == '.' || s[i] == ')') &&
            ends_marker(s, i + 1, n)) {
            pith_buf_append(b, s, i);
            pith_buf_putc(b, '\\');
            return i;
        }
    }
    return 0;
}

/* Appends s[from, to) of s[0..n) with Markdown's special characters escaped where they would
 * change meaning, judged on the whole string (a run of inline markup is written piece by
 * piece); *line_start says whether the output is at the start of a line. */
static void
md_text_range(pith_buf *b, const char *s, size_t n, size_t from, size_t to, unsigned mode,
              int *line_start_io)
{
    size_t trailing_hash = n; /* index of a closing "#" run in a heading, n when none */
    if (mode & MD_HEADING) {
        size_t j = n;
        while (j > 0 && s[j - 1] == '#')
            j--;
        if (j < n && (j == 0 || s[j - 1] == ' ' || s[j - 1] == '\t'))
            trailing_hash = j;
    }
    int line_start = *line_start_io;
    size_t i = from;
    while (i < to) {
        unsigned char c = (unsigned char)s[i];
        if (line_start) {
            /* leading blanks would make an indented code block */
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            line_start = 0;
            if (c != '\n' && c != '\r') {
                size_t k = md_line_start(b, s + i, to - i);
                if (k) {
                    i += k + 1;
                    pith_buf_putc(b, s[i - 1]);
                    continue;
                }
            }
        }
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = pith_utf8_next(s + i, n - i, &cp);
            if (cp == 0xFFFD)
                pith_buf_append(b, replacement_char, 3);
            else
                pith_buf_append(b, s + i, k);
            i += k;
            continue;
        }
        int esc = 0;
        switch (c) {
        case '\n':
        case '\r':
            if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
                i++;
            if (mode & (MD_TABLE | MD_HEADING | MD_ONE_LINE)) {
                pith_buf_putc(b, ' ');
            } else {
                pith_buf_puts(b, (mode & MD_QUOTE) ? "\n> " : "\n");
                line_start = 1;
            }
            i++;
            continue;
        case '\\':
        case '`':
        case '*':
        case '[':
        case ']':
        case '~':
            esc = 1;
            break;
        case '(':
        case ')':
            esc = (mode & MD_LINK_TEXT) != 0;
            break;
        case '_':
            /* snake_case stays as it is: an underscore inside a word never emphasises */
            esc = !(i > 0 && i + 1 < n && is_ascii_alnum((unsigned char)s[i - 1]) &&
                    is_ascii_alnum((unsigned char)s[i + 1]));
            break;
        case '<':
            esc = i + 1 < n && (is_ascii_alpha((unsigned char)s[i + 1]) || s[i + 1] == '/' ||
                                s[i + 1] == '!' || s[i + 1] == '?');
            break;
        case '&':
            esc = i + 1 < n && (is_ascii_alpha((unsigned char)s[i + 1]) || s[i + 1] == '#');
            break;
        case '|':
            esc = (mode & MD_TABLE) != 0;
            break;
        case '#':
            esc = i == trailing_hash;
            break;
        default:
            break;
        }
        if (esc)
            pith_buf_putc(b, '\\');
        pith_buf_putc(b, (char)c);
        i++;
    }
    *line_start_io = line_start;
}

/* Appends s with Markdown's special characters escaped where they would change meaning. */
static void
md_text(pith_buf *b, const char *s, unsigned mode)
{
    int line_start = 1;
    size_t n = strlen(s);
    md_text_range(b, s, n, 0, n, mode, &line_start);
}

static void md_fence(pith_buf *b, size_t len);

/* A link's or image's target in Markdown: what would end or break the destination (spaces,
 * parentheses, brackets, angle brackets, backslashes, controls) percent-encoded; bytes that
 * are not UTF-8 become U+FFFD, encoded. */
static void
md_url(pith_buf *b, const char *u)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(u), i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = next_cp(u + i, n - i, &cp);
        unsigned char c = (unsigned char)u[i];
        if (cp == 0xFFFD) {
            pith_buf_puts(b, "%EF%BF%BD");
        } else if (c <= 0x20 || c == 0x7F || c == '(' || c == ')' || c == '<' || c == '>' ||
                   c == '[' || c == ']' || c == '\\' || c == '"' || c == '`') {
            char e[3] = {'%', hex[c >> 4], hex[c & 0xF]};
            pith_buf_append(b, e, 3);
        } else {
            pith_buf_append(b, u + i, k);
        }
        i += k;
    }
}

static void
md_sink_text(inline_sink *k, const char *s, size_t n, size_t from, size_t to)
{
    if (from >= to)
        return;
    if (!k->code) {
        md_text_range(k->b, s, n, from, to, k->mode, &k->line_start);
        return;
    }
    /* a code span's content is literal: nothing in it is escaped, and a line break inside
     * one is a space */
    for (size_t i = from; i < to;) {
        uint32_t cp;
        size_t c = next_cp(s + i, n - i, &cp);
        if (cp == '\n' || cp == '\r')
            pith_buf_putc(k->b, ' ');
        else if (cp == 0xFFFD)
            pith_buf_append(k->b, replacement_char, 3);
        else
            pith_buf_append(k->b, s + i, c);
        i += c;
    }
}

static const char *const md_marks[] = {"", "**", "*", "", "<sub>", "<sup>"};
static const char *const md_end_marks[] = {"", "**", "*", "", "</sub>", "</sup>"};

static void
md_sink_open(inline_sink *k, const pith_inline *sp, const char *s, size_t end)
{
    if (k->code)
        return; /* nothing inside code is markup */
    k->line_start = 0;
    if (sp->kind == PITH_INLINE_LINK) {
        pith_buf_putc(k->b, '[');
        k->mode |= MD_LINK_TEXT;
        return;
    }
    if (sp->kind != PITH_INLINE_CODE) {
        pith_buf_puts(k->b, md_marks[sp->kind]);
        return;
    }
    /* a fence longer than any run of backticks inside, padded when the code starts or ends
     * with one */
    size_t longest = 0, run = 0;
    for (size_t i = sp->start; i < end; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    k->code = sp;
    k->code_fence = longest + 1;
    k->code_pad = s[sp->start] == '`' || s[end - 1] == '`';
    md_fence(k->b, k->code_fence);
    if (k->code_pad)
        pith_buf_putc(k->b, ' ');
}

static void
md_sink_close(inline_sink *k, const pith_inline *sp)
{
    if (k->code && k->code != sp)
        return;
    if (sp->kind == PITH_INLINE_CODE) {
        if (k->code_pad)
            pith_buf_putc(k->b, ' ');
        md_fence(k->b, k->code_fence);
        k->code = NULL;
    } else if (sp->kind == PITH_INLINE_LINK) {
        k->mode &= ~MD_LINK_TEXT;
        pith_buf_puts(k->b, "](");
        md_url(k->b, sp->href);
        pith_buf_putc(k->b, ')');
    } else {
        pith_buf_puts(k->b, md_end_marks[sp->kind]);
    }
}

/* A block's text with its inline spans, in Markdown. */
static void
md_inline(pith_buf *b, const pith_block *blk, unsigned mode)
{
    inline_sink k;
    memset(&k, 0, sizeof k);
    k.b = b;
    k.text = md_sink_text;
    k.open = md_sink_open;
    k.close = md_sink_close;
    k.mode = mode;
    k.line_start = 1;
    k.links = 1;
    /* a caption is written in emphasis already: "*a *b* c*" would end it early */
    if (block_type(blk) == PITH_BLOCK_CAPTION)
        k.skip = 1u << PITH_INLINE_EMPHASIS;
    walk_inlines(&k, blk);
}

static void
md_fence(pith_buf *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        pith_buf_putc(b, '`');
}

static void
md_pre(pith_buf *b, const char *s)
{
    size_t n = strlen(s), longest = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t fence = longest >= 3 ? longest + 1 : 3;
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    md_fence(b, fence);
    pith_buf_putc(b, '\n');
    put_valid(b, s, n);
    pith_buf_putc(b, '\n');
    md_fence(b, fence);
}

static void
md_table(pith_buf *b, const pith_block *blk)
{
    size_t cols = 0;
    for (size_t r = 0; r < blk->n_rows; r++)
        if (blk->rows[r].cells && blk->rows[r].n_cells > cols)
            cols = blk->rows[r].n_cells;
    if (cols == 0)
        cols = 1;
    /* GFM needs a header row: the first row plays it even when it is not one */
    for (size_t r = 0; r < blk->n_rows; r++) {
        const pith_table_row *row = &blk->rows[r];
        if (r)
            pith_buf_putc(b, '\n');
        pith_buf_putc(b, '|');
        for (size_t c = 0; c < cols; c++) {
            const char *cell = row->cells && c < row->n_cells ? row->cells[c] : NULL;
            pith_buf_putc(b, ' ');
            md_text(b, str_or_empty(cell), MD_TABLE);
            pith_buf_puts(b, " |");
        }
        if (r == 0) {
            pith_buf_puts(b, "\n|");
            for (size_t c = 0; c < cols; c++)
                pith_buf_puts(b, " --- |");
        }
    }
}

/* A comment: "**Author** · date" when the page gives either, then its paragraphs. */
static void
md_comment(pith_buf *b, const pith_comment *c)
{
    int author = c->author && c->author[0], date = c->date && c->date[0];
    if (author || date) {
        pith_buf_puts(b, "\n\n");
        if (author) {
            pith_buf_puts(b, "**");
            md_text(b, c->author, MD_ONE_LINE);
            pith_buf_puts(b, "**");
        }
        if (author && date)
            pith_buf_puts(b, " \xC2\xB7 ");
        if (date)
            md_text(b, c->date, MD_ONE_LINE);
    }
    const char *p = str_or_empty(c->text);
    while (*p) {
        const char *e = strstr(p, "\n\n");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        pith_buf_puts(b, "\n\n");
        int line_start = 1;
        md_text_range(b, p, n, 0, n, MD_ONE_LINE, &line_start);
        p += n;
        while (*p == '\n')
            p++;
    }
}

static void
render_markdown(pith_buf *b, const pith_result *res, size_t cap)
{
    int title = res->title && res->title[0];
    int any = 0;
    if (title) {
        pith_buf_puts(b, "# ");
        md_text(b, res->title, MD_HEADING);
        any = 1;
    }
    int has_byline = res->byline && res->byline[0];
    int has_date = res->date_published && res->date_published[0];
    if (has_byline || has_date) {
        if (any)
            pith_buf_puts(b, "\n\n");
        pith_buf_putc(b, '*');
        if (has_byline) {
            pith_buf_puts(b, "By ");
            md_text(b, res->byline, MD_ONE_LINE);
        }
        if (has_byline && has_date)
            pith_buf_puts(b, " \xC2\xB7 ");
        if (has_date)
            md_text(b, res->date_published, MD_ONE_LINE);
        pith_buf_putc(b, '*');
        any = 1;
    }
    list_state ls;
    memset(&ls, 0, sizeof ls);
    int prev_list = 0;
    const pith_block *prev = NULL; /* the block written last */
    size_t item_indent = 0;        /* where the text of the list item written last starts */
    for (size_t i = 0; res->blocks && i < res->n_blocks; i++) {
        const pith_block *blk = &res->blocks[i];
        if (block_is_empty(blk) && !is_image(blk))
            continue;
        pith_block_type t = block_type(blk);
        if (t == PITH_BLOCK_TABLE && !is_table_with_rows(blk))
            t = PITH_BLOCK_PARAGRAPH;
        if (t == PITH_BLOCK_IMAGE && !pith_url_safe(blk->src, 1))
            continue;
        if (continues_line(blk, prev)) {
            /* a hard line break, then the line: indented as its list item's text, quoted */
            pith_buf_puts(b, "\\\n");
            if (t == PITH_BLOCK_QUOTE)
                pith_buf_puts(b, "> ");
            else if (t == PITH_BLOCK_LIST_ITEM)
                put_spaces(b, item_indent);
            md_inline(b, blk, t == PITH_BLOCK_PARAGRAPH ? 0 : MD_ONE_LINE);
            prev = blk;
            continue;
        }
        /* consecutive items make one tight list */
        if (any)
            pith_buf_puts(b, t == PITH_BLOCK_LIST_ITEM && prev_list ? "\n" : "\n\n");
        any = 1;
        if (t != PITH_BLOCK_LIST_ITEM && prev_list)
            memset(&ls, 0, sizeof ls);
        prev_list = t == PITH_BLOCK_LIST_ITEM;
        prev = blk;
        switch (t) {
        case PITH_BLOCK_HEADING: {
            unsigned level = heading_level(blk, title);
            for (unsigned l = 0; l < level; l++)
                pith_buf_putc(b, '#');
            pith_buf_putc(b, ' ');
            md_inline(b, blk, MD_HEADING);
            break;
        }
        case PITH_BLOCK_LIST_ITEM: {
            unsigned level = list_level(blk);
            unsigned num = list_advance(&ls, level, blk->ordered);
            /* a sub-list is indented to its parent's text, so "10. " needs four spaces */
            size_t indent = 0;
            for (unsigned l = 1; l < level; l++)
                indent += ls.width[l];
            put_spaces(b, indent);
            size_t before = b->len;
            if (blk->ordered)
                pith_buf_printf(b, "%u. ", num);
            else
                pith_buf_puts(b, "- ");
            ls.width[level] = (unsigned)(b->len - before);
            item_indent = indent + ls.width[level];
            md_inline(b, blk, MD_ONE_LINE);
            break;
        }
        case PITH_BLOCK_QUOTE:
            pith_buf_puts(b, "> ");
            md_inline(b, blk, MD_QUOTE);
            break;
        case PITH_BLOCK_PREFORMATTED:
            md_pre(b, blk->text);
            break;
        case PITH_BLOCK_TABLE:
            md_table(b, blk);
            break;
        case PITH_BLOCK_CAPTION:
            pith_buf_putc(b, '*');
            md_inline(b, blk, MD_ONE_LINE);
            pith_buf_putc(b, '*');
            break;
        case PITH_BLOCK_IMAGE:
            pith_buf_puts(b, "![");
            md_text(b, str_or_empty(blk->alt), MD_ONE_LINE | MD_LINK_TEXT);
            pith_buf_puts(b, "](");
            md_url(b, blk->src);
            pith_buf_putc(b, ')');
            break;
        case PITH_BLOCK_PARAGRAPH:
            md_inline(b, blk, 0);
            break;
        }
        if (over_cap(b, cap))
            return;
    }
    if (res->comments_requested && res->n_comments > 0) {
        if (any)
            pith_buf_puts(b, "\n\n");
        any = 1;
        pith_buf_puts(b, "## Comments");
        for (size_t i = 0; res->comments && i < res->n_comments; i++) {
            md_comment(b, &res->comments[i]);
            if (over_cap(b, cap))
                return;
        }
    }
    if (any)
        pith_buf_putc(b, '\n');
}

/* ---- HTML ---- */

/* Text and attribute values alike: the five characters that are markup in either escaped, so
 * an attribute (always written in double quotes) cannot be left, nor a tag begun. */
static void
html_text_n(pith_buf *b, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    while (i < n) {
        const char *esc = NULL;
        uint32_t cp;
        size_t k = next_cp(s + i, n - i, &cp);
        switch (cp) {
        case '&': esc = "&amp;"; break;
        case '<': esc = "&lt;"; break;
        case '>': esc = "&gt;"; break;
        case '"': esc = "&quot;"; break;
        case '\'': esc = "&#39;"; break;
        case 0xFFFD: esc = replacement_char; break;
        default: break;
        }
        if (esc) {
            pith_buf_append(b, s + run, i - run);
            pith_buf_puts(b, esc);
            run = i + k;
        }
        i += k;
    }
    pith_buf_append(b, s + run, n - run);
}

static void
html_text(pith_buf *b, const char *s)
{
    html_text_n(b, s, strlen(s));
}

/* The HTML fragment's allow-list: article, section, h1-h6, p, br, ul, ol, li, blockquote,
 * pre, table, tr, th, td, figure, figcaption, img (src, alt), a (href), strong, em, code,
 * sub, sup, time (datetime). Nothing else is ever written; every attribute value is escaped;
 * an href or src that pith_url_safe refuses is left out with its element (a link keeps its
 * text). fuzz_extract checks this on every input. */
static const char *const html_open_tags[] = {"", "<strong>", "<em>", "<code>", "<sub>", "<sup>"};
static const char *const html_close_tags[] = {"</a>", "</strong>", "</em>", "</code>", "</sub>",
                                              "</sup>"};

static void
html_sink_text(inline_sink *k, const char *s, size_t n, size_t from, size_t to)
{
    (void)n;
    if (from < to)
        html_text_n(k->b, s + from, to - from);
}

static void
html_sink_open(inline_sink *k, const pith_inline *sp, const char *s, size_t end)
{
    (void)s, (void)end;
    if (sp->kind == PITH_INLINE_LINK) {
        pith_buf_puts(k->b, "<a href=\"");
        html_text(k->b, sp->href);
        pith_buf_puts(k->b, "\">");
    } else {
        pith_buf_puts(k->b, html_open_tags[sp->kind]);
    }
}

static void
html_sink_close(inline_sink *k, const pith_inline *sp)
{
    pith_buf_puts(k->b, html_close_tags[sp->kind]);
}

/* A block's text with its inline spans, in HTML. */
static void
html_inline(pith_buf *b, const pith_block *blk)
{
    inline_sink k;
    memset(&k, 0, sizeof k);
    k.b = b;
    k.text = html_sink_text;
    k.open = html_sink_open;
    k.close = html_sink_close;
    k.links = 1;
    walk_inlines(&k, blk);
}

static void
html_wrapped(pith_buf *b, const char *open, const char *text, const char *close)
{
    pith_buf_puts(b, open);
    html_text(b, text);
    pith_buf_puts(b, close);
}

/* Open lists, innermost last; an item stays open until its next sibling or its list ends,
 * so that a deeper item's list nests inside it. */
typedef struct html_lists {
    unsigned depth;
    int ordered[MAX_LIST_DEPTH + 1];
} html_lists;

static void
html_close_list(pith_buf *b, html_lists *hl)
{
    pith_buf_puts(b, hl->ordered[hl->depth] ? "</li>\n</ol>\n" : "</li>\n</ul>\n");
    hl->depth--;
}

static void
html_list_item(pith_buf *b, html_lists *hl, const pith_block *blk)
{
    unsigned level = list_level(blk);
    int ordered = blk->ordered != 0;
    while (hl->depth > level)
        html_close_list(b, hl);
    if (hl->depth == level && hl->ordered[level] != ordered)
        html_close_list(b, hl);
    if (hl->depth == level) {
        pith_buf_puts(b, "</li>\n");
    } else {
        while (hl->depth < level) {
            if (hl->depth > 0 && b->len > 0 && b->data[b->len - 1] != '\n')
                pith_buf_putc(b, '\n');
            hl->depth++;
            hl->ordered[hl->depth] = ordered;
            pith_buf_puts(b, ordered ? "<ol>\n" : "<ul>\n");
            /* a level skipped by the page still needs an item to hold the deeper list */
            if (hl->depth < level)
                pith_buf_puts(b, "<li>");
        }
    }
    pith_buf_puts(b, "<li>");
    html_inline(b, blk);
}

/* An image, with the caption block that follows it when that is its figure's caption;
 * returns whether it took that block. */
static int
html_image(pith_buf *b, const pith_block *blk, const pith_block *next)
{
    pith_buf_puts(b, "<figure><img src=\"");
    html_text(b, blk->src);
    pith_buf_puts(b, "\" alt=\"");
    html_text(b, str_or_empty(blk->alt));
    pith_buf_puts(b, "\">");
    int took = next && block_type(next) == PITH_BLOCK_CAPTION && blk->caption && next->text &&
               strcmp(blk->caption, next->text) == 0;
    if (took) {
        pith_buf_puts(b, "<figcaption>");
        html_inline(b, next);
        pith_buf_puts(b, "</figcaption>");
    }
    pith_buf_puts(b, "</figure>\n");
    return took;
}

static void
html_comments(pith_buf *b, const pith_result *res, size_t cap)
{
    pith_buf_puts(b, "<section>\n<h2>Comments</h2>\n");
    for (size_t i = 0; res->comments && i < res->n_comments; i++) {
        const pith_comment *c = &res->comments[i];
        int author = c->author && c->author[0], date = c->date && c->date[0];
        pith_buf_puts(b, "<article>\n");
        if (author || date) {
            pith_buf_puts(b, "<p>");
            if (author)
                html_wrapped(b, "<strong>", c->author, "</strong>");
            if (author && date)
                pith_buf_puts(b, " \xC2\xB7 ");
            if (date) {
                pith_buf_puts(b, "<time datetime=\"");
                html_text(b, c->date);
                pith_buf_puts(b, "\">");
                html_text(b, c->date);
                pith_buf_puts(b, "</time>");
            }
            pith_buf_puts(b, "</p>\n");
        }
        const char *p = str_or_empty(c->text);
        while (*p) {
            const char *e = strstr(p, "\n\n");
            size_t n = e ? (size_t)(e - p) : strlen(p);
            pith_buf_puts(b, "<p>");
            html_text_n(b, p, n);
            pith_buf_puts(b, "</p>\n");
            p += n;
            while (*p == '\n')
                p++;
        }
        pith_buf_puts(b, "</article>\n");
        if (over_cap(b, cap))
            return;
    }
    pith_buf_puts(b, "</section>\n");
}

static void
render_html(pith_buf *b, const pith_result *res, size_t cap)
{
    int title = res->title && res->title[0];
    pith_buf_puts(b, "<article>\n");
    if (title)
        html_wrapped(b, "<h1>", res->title, "</h1>\n");
    html_lists hl;
    memset(&hl, 0, sizeof hl);
    const pith_block *prev = NULL;
    const char *pending = ""; /* the end tag of the block written last: a line may follow */
    for (size_t i = 0; res->blocks && i < res->n_blocks; i++) {
        const pith_block *blk = &res->blocks[i];
        if (block_is_empty(blk) && !is_image(blk))
            continue;
        pith_block_type t = block_type(blk);
        if (t == PITH_BLOCK_TABLE && !is_table_with_rows(blk))
            t = PITH_BLOCK_PARAGRAPH;
        if (t == PITH_BLOCK_IMAGE && !pith_url_safe(blk->src, 1))
            continue;
        if (continues_line(blk, prev)) {
            pith_buf_puts(b, "<br>\n");
            html_inline(b, blk);
            prev = blk;
            continue;
        }
        pith_buf_puts(b, pending);
        pending = "";
        prev = blk;
        if (t != PITH_BLOCK_LIST_ITEM) {
            while (hl.depth > 0)
                html_close_list(b, &hl);
        }
        switch (t) {
        case PITH_BLOCK_HEADING: {
            unsigned level = heading_level(blk, title);
            pith_buf_printf(b, "<h%u>", level);
            html_inline(b, blk);
            pith_buf_printf(b, "</h%u>\n", level);
            break;
        }
        case PITH_BLOCK_LIST_ITEM:
            html_list_item(b, &hl, blk);
            break;
        case PITH_BLOCK_QUOTE:
            pith_buf_puts(b, "<blockquote><p>");
            html_inline(b, blk);
            pending = "</p></blockquote>\n";
            break;
        case PITH_BLOCK_PREFORMATTED:
            /* an HTML parser drops one newline right after <pre>; keep the page's */
            html_wrapped(b, blk->text[0] == '\n' ? "<pre>\n" : "<pre>", blk->text, "</pre>\n");
            break;
        case PITH_BLOCK_TABLE:
            pith_buf_puts(b, "<table>\n");
            for (size_t r = 0; r < blk->n_rows; r++) {
                const pith_table_row *row = &blk->rows[r];
                const char *open = row->header ? "<th>" : "<td>";
                const char *close = row->header ? "</th>" : "</td>";
                pith_buf_puts(b, "<tr>");
                for (size_t c = 0; row->cells && c < row->n_cells; c++)
                    html_wrapped(b, open, str_or_empty(row->cells[c]), close);
                pith_buf_puts(b, "</tr>\n");
            }
            pith_buf_puts(b, "</table>\n");
            break;
        case PITH_BLOCK_CAPTION:
            pith_buf_puts(b, "<figure><figcaption>");
            html_inline(b, blk);
            pith_buf_puts(b, "</figcaption></figure>\n");
            break;
        case PITH_BLOCK_IMAGE:
            if (html_image(b, blk, i + 1 < res->n_blocks ? &res->blocks[i + 1] : NULL))
                prev = &res->blocks[++i];
            break;
        case PITH_BLOCK_PARAGRAPH:
            pith_buf_puts(b, "<p>");
            html_inline(b, blk);
            pending = "</p>\n";
            break;
        }
        if (over_cap(b, cap))
            return;
    }
    pith_buf_puts(b, pending);
    while (hl.depth > 0)
        html_close_list(b, &hl);
    pith_buf_puts(b, "</article>\n");
    if (res->comments_requested && res->n_comments > 0)
        html_comments(b, res, cap);
}

/* ---- entry points ---- */

static size_t
saturating_memory(size_t cap)
{
    if (cap > (SIZE_MAX - RENDER_MEMORY_SLACK) / 4)
        return SIZE_MAX;
    return cap * 4 + RENDER_MEMORY_SLACK;
}

/* Copies b into one block behind a header naming ctx's allocator, as pith_buffer_free wants. */
static pith_status
finish_buffer(pith_ctx *ctx, const pith_buf *b, size_t cap, char **out, size_t *out_len)
{
    pith_status st = PITH_OK;
    if (ctx->error == PITH_ERR_NO_MEMORY)
        st = PITH_ERR_NO_MEMORY;
    else if (b->failed || b->len > cap)
        /* the arena's budget is a multiple of the cap, so running out of it means the
         * output could not have fitted either */
        st = PITH_ERR_OUTPUT_TOO_LARGE;

    if (st == PITH_OK) {
        size_t total = sizeof(buffer_header) + b->len + 1;
        if (total < b->len) {
            st = PITH_ERR_OUTPUT_TOO_LARGE;
        } else {
            char *block = ctx->alloc.alloc(ctx->alloc.ctx, total);
            if (!block) {
                st = PITH_ERR_NO_MEMORY;
            } else {
                buffer_header hdr;
                memset(&hdr, 0, sizeof hdr);
                hdr.h.alloc = ctx->alloc;
                hdr.h.size = total;
                memcpy(block, &hdr, sizeof hdr);
                char *text = block + sizeof(buffer_header);
                if (b->len)
                    memcpy(text, b->data, b->len);
                text[b->len] = '\0';
                *out = text;
                *out_len = b->len;
            }
        }
    }
    return st;
}

static pith_status
render(const pith_result *res, pith_format format, const pith_json_member *lead, size_t n_lead,
       char **out, size_t *out_len)
{
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!res || !out || !out_len || !lead_members_valid(lead, n_lead))
        return PITH_ERR_INVALID_ARGUMENT;
    if (format != PITH_FORMAT_TEXT && format != PITH_FORMAT_MARKDOWN &&
        format != PITH_FORMAT_JSON && format != PITH_FORMAT_HTML)
        return PITH_ERR_INVALID_ARGUMENT;

    const pith_result_box *box = pith_result_box_of(res);
    size_t cap = box->max_output_bytes;
    pith_options opts;
    memset(&opts, 0, sizeof opts);
    opts.size = sizeof opts;
    opts.max_memory = saturating_memory(cap);
    opts.max_work = UINT64_MAX;
    opts.max_output_bytes = cap;
    opts.allocator = &box->alloc;
    pith_ctx ctx;
    pith_ctx_init(&ctx, &opts);

    pith_buf b;
    pith_buf_init(&b, &ctx);
    switch (format) {
    case PITH_FORMAT_TEXT:
        render_text(&b, res, cap);
        break;
    case PITH_FORMAT_MARKDOWN:
        render_markdown(&b, res, cap);
        break;
    case PITH_FORMAT_JSON:
        render_json(&b, res, box->status, lead, n_lead, cap);
        break;
    case PITH_FORMAT_HTML:
        render_html(&b, res, cap);
        break;
    }

    pith_status st = finish_buffer(&ctx, &b, cap, out, out_len);
    pith_ctx_release(&ctx);
    return st;
}

pith_status
pith_render(const pith_result *res, pith_format format, char **out, size_t *out_len)
{
    return render(res, format, NULL, 0, out, out_len);
}

pith_status
pith_render_json_members(const pith_result *res, const pith_json_member *lead, size_t n_lead,
                         char **out, size_t *out_len)
{
    return render(res, PITH_FORMAT_JSON, lead, n_lead, out, out_len);
}

pith_status
pith_json_string(const char *s, size_t len, char **out, size_t *out_len)
{
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if ((!s && len) || !out || !out_len)
        return PITH_ERR_INVALID_ARGUMENT;
    /* at most 6 bytes out ("\u001f") for each byte in, and the quotes */
    size_t cap = len > (SIZE_MAX - 2) / 6 ? SIZE_MAX : len * 6 + 2;
    pith_options opts;
    memset(&opts, 0, sizeof opts);
    opts.size = sizeof opts;
    opts.max_memory = saturating_memory(cap);
    opts.max_work = UINT64_MAX;
    opts.max_output_bytes = cap;
    pith_ctx ctx;
    pith_ctx_init(&ctx, &opts);
    pith_buf b;
    pith_buf_init(&b, &ctx);
    json_string_n(&b, len ? s : "", len);
    pith_status st = finish_buffer(&ctx, &b, cap, out, out_len);
    pith_ctx_release(&ctx);
    return st;
}

void
pith_buffer_free(char *buf)
{
    if (!buf)
        return;
    char *block = buf - sizeof(buffer_header);
    buffer_header hdr;
    memcpy(&hdr, block, sizeof hdr);
    hdr.h.alloc.free(hdr.h.alloc.ctx, block, hdr.h.size);
}
