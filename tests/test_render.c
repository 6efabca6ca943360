/* SPDX-License-Identifier: MIT */
/* Renderer: results are built by hand inside a pith_result_box, as extract.c would. */
#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- a counting allocator that can fail its n-th call ---- */

typedef struct test_alloc {
    long calls;
    long fail_at; /* -1: never */
    size_t live_bytes, peak_bytes;
    long live_blocks;
    int size_mismatch;
} test_alloc;

static void *
ta_alloc(void *ctx, size_t size)
{
    test_alloc *ta = ctx;
    if (ta->fail_at >= 0 && ta->calls++ == ta->fail_at)
        return NULL;
    /* the size is kept in front to check that free is told the size that was asked for */
    max_align_t *p = malloc(sizeof(max_align_t) + size);
    if (!p)
        return NULL;
    memcpy(p, &size, sizeof size);
    ta->live_bytes += size;
    if (ta->live_bytes > ta->peak_bytes)
        ta->peak_bytes = ta->live_bytes;
    ta->live_blocks++;
    return p + 1;
}

static void
ta_free(void *ctx, void *ptr, size_t size)
{
    test_alloc *ta = ctx;
    if (!ptr)
        return;
    max_align_t *p = (max_align_t *)ptr - 1;
    size_t asked;
    memcpy(&asked, p, sizeof asked);
    if (asked != size)
        ta->size_mismatch = 1;
    ta->live_bytes -= asked;
    ta->live_blocks--;
    free(p);
}

/* ---- building results ---- */

static void
box_init(pith_result_box *box, test_alloc *ta)
{
    memset(box, 0, sizeof *box);
    if (ta) {
        memset(ta, 0, sizeof *ta);
        ta->fail_at = -1;
        box->alloc.alloc = ta_alloc;
        box->alloc.free = ta_free;
        box->alloc.ctx = ta;
    }
    box->alloc_size = sizeof *box;
    box->max_output_bytes = PITH_DEFAULT_MAX_OUTPUT_BYTES;
}

static pith_block
blk(pith_block_type t, unsigned level, int ordered, const char *text)
{
    pith_block b;
    memset(&b, 0, sizeof b);
    b.type = t;
    b.level = level;
    b.ordered = ordered;
    b.text = text;
    return b;
}

static const char *const hdr_cells[] = {"A", "B"};
static const char *const row_cells[] = {"c", "d"};
static const pith_table_row table_rows[] = {{hdr_cells, 2, 1}, {row_cells, 2, 0}};

/* Every block type once, with a title, byline and date. */
static size_t
sample_blocks(pith_block *b)
{
    size_t n = 0;
    b[n++] = blk(PITH_BLOCK_HEADING, 1, 0, "Intro");
    b[n++] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "Hello world.");
    b[n++] = blk(PITH_BLOCK_LIST_ITEM, 1, 0, "a");
    b[n++] = blk(PITH_BLOCK_LIST_ITEM, 2, 0, "b");
    b[n++] = blk(PITH_BLOCK_LIST_ITEM, 1, 1, "one");
    b[n++] = blk(PITH_BLOCK_LIST_ITEM, 1, 1, "two");
    b[n++] = blk(PITH_BLOCK_QUOTE, 0, 0, "Q");
    b[n++] = blk(PITH_BLOCK_PREFORMATTED, 0, 0, "x\n  y\n");
    b[n] = blk(PITH_BLOCK_TABLE, 0, 0, "A\tB\nc\td");
    b[n].rows = table_rows;
    b[n++].n_rows = 2;
    b[n++] = blk(PITH_BLOCK_CAPTION, 0, 0, "Cap");
    return n;
}

/* Renders and returns a malloc'd copy (or NULL on failure, with *st set). */
static char *
render(const pith_result_box *box, pith_format fmt, pith_status *st)
{
    char *out = (char *)"sentinel";
    size_t len = 12345;
    *st = pith_render(&box->pub, fmt, &out, &len);
    if (*st != PITH_OK) {
        ck_assert_ptr_null(out);
        return NULL;
    }
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(strlen(out), len);
    char *copy = strdup(out);
    pith_buffer_free(out);
    return copy;
}

static void
expect_render(const pith_result_box *box, pith_format fmt, const char *want)
{
    pith_status st;
    char *got = render(box, fmt, &st);
    ck_assert_int_eq(st, PITH_OK);
    ck_assert_str_eq(got, want);
    free(got);
}

/* ---- inline structure: links, formatting, line breaks, images, comments ---- */

static pith_inline
span(pith_inline_kind kind, const char *text, const char *part, const char *href)
{
    const char *at = strstr(text, part);
    ck_assert_ptr_nonnull(at);
    pith_inline sp = {kind, (size_t)(at - text), (size_t)(at - text) + strlen(part), href};
    return sp;
}

static const char rich[] = "See the docs [v2] for a*b and run `x` now: H2O and E=mc2.";

/* One paragraph of rich text with a link, strong, emphasis, code, sub and sup in it. */
static void
rich_block(pith_block *b, pith_inline *sp, const char *href)
{
    sp[0] = span(PITH_INLINE_LINK, rich, "the docs [v2]", href);
    sp[1] = span(PITH_INLINE_STRONG, rich, "docs", NULL);
    sp[2] = span(PITH_INLINE_EMPHASIS, rich, "a*b", NULL);
    sp[3] = span(PITH_INLINE_CODE, rich, "run `x`", NULL);
    sp[4] = span(PITH_INLINE_SUB, rich, "2O", NULL);
    sp[4].end = sp[4].start + 1;
    sp[5] = span(PITH_INLINE_SUP, rich, "2.", NULL);
    sp[5].end = sp[5].start + 1;
    *b = blk(PITH_BLOCK_PARAGRAPH, 0, 0, rich);
    b->inlines = sp;
    b->n_inlines = 6;
}

/* A result of one rich_block. */
static void
rich_result(pith_result_box *box, pith_block *b, pith_inline *sp, const char *href)
{
    box_init(box, NULL);
    rich_block(b, sp, href);
    box->pub.blocks = b;
    box->pub.n_blocks = 1;
}

START_TEST(markdown_links_and_formatting)
{
    pith_result_box box;
    pith_block b[1];
    pith_inline sp[6];
    rich_result(&box, b, sp, "https://example.com/a_(b) c?x=[1]");
    /* brackets and parentheses escaped in link text, percent-encoded in the target; code
     * literal inside a fence longer than its backticks */
    expect_render(&box, PITH_FORMAT_MARKDOWN,
                  "See [the **docs** \\[v2\\]](https://example.com/a_%28b%29%20c?x=%5B1%5D) for "
                  "*a\\*b* and `` run `x` `` now: H<sub>2</sub>O and E=mc<sup>2</sup>.\n");
    /* plain text and the JSON text never carry markup */
    expect_render(&box, PITH_FORMAT_TEXT, "See the docs [v2] for a*b and run `x` now: H2O and E=mc2.\n");
}
END_TEST

START_TEST(html_links_and_formatting)
{
    pith_result_box box;
    pith_block b[1];
    pith_inline sp[6];
    rich_result(&box, b, sp, "https://example.com/?a=1&b=\"2\"<'>");
    expect_render(&box, PITH_FORMAT_HTML,
                  "<article>\n<p>See <a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;&lt;&#39;&gt;\">"
                  "the <strong>docs</strong> [v2]</a> for <em>a*b</em> and <code>run `x`</code> now: "
                  "H<sub>2</sub>O and E=mc<sup>2</sup>.</p>\n</article>\n");
}
END_TEST

START_TEST(json_links_images_and_text)
{
    pith_result_box box;
    pith_block b[3];
    pith_inline sp[6];
    box_init(&box, NULL);
    rich_block(&b[0], sp, "https://example.com/d");
    b[1] = blk(PITH_BLOCK_IMAGE, 0, 0, "");
    b[1].src = "https://img.example.com/p.jpg";
    b[1].alt = "A photo";
    b[1].caption = "The caption";
    b[2] = blk(PITH_BLOCK_CAPTION, 0, 0, "The caption");
    box.pub.blocks = b;
    box.pub.n_blocks = 3;
    pith_status st;
    char *got = render(&box, PITH_FORMAT_JSON, &st);
    ck_assert_int_eq(st, PITH_OK);
    ck_assert_ptr_nonnull(strstr(got, "{\"type\":\"paragraph\",\"text\":\"See the docs [v2] for a*b "
                                      "and run `x` now: H2O and E=mc2.\",\"links\":[{\"text\":\"the "
                                      "docs [v2]\",\"href\":\"https://example.com/d\"}]}"));
    ck_assert_ptr_nonnull(strstr(got, "{\"type\":\"image\",\"src\":\"https://img.example.com/p.jpg\","
                                      "\"alt\":\"A photo\",\"caption\":\"The caption\"}"));
    /* the text member is the plain text: no markup, no image */
    ck_assert_ptr_nonnull(strstr(got, "\"text\":\"See the docs [v2] for a*b and run `x` now: H2O and "
                                      "E=mc2.\\n\\nThe caption\\n\""));
    free(got);
    /* the image and its caption are one figure in HTML; Markdown shows the image, then the
     * caption */
    expect_render(&box, PITH_FORMAT_MARKDOWN,
                  "See [the **docs** \\[v2\\]](https://example.com/d) for *a\\*b* and `` run `x` `` "
                  "now: H<sub>2</sub>O and E=mc<sup>2</sup>.\n\n"
                  "![A photo](https://img.example.com/p.jpg)\n\n*The caption*\n");
    got = render(&box, PITH_FORMAT_HTML, &st);
    ck_assert_ptr_nonnull(strstr(got, "<figure><img src=\"https://img.example.com/p.jpg\" alt=\"A "
                                      "photo\"><figcaption>The caption</figcaption></figure>\n"
                                      "</article>\n"));
    free(got);
}
END_TEST

START_TEST(unsafe_targets_are_left_out)
{
    static const char *const bad_links[] = {
        "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "\x01javascript:x",
        "vbscript:msgbox", "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AA",
        "file:///etc/passwd", "livescript:x"};
    for (size_t i = 0; i < sizeof bad_links / sizeof bad_links[0]; i++) {
        pith_result_box box;
        pith_block b[1];
        pith_inline sp[1];
        box_init(&box, NULL);
        b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "click me");
        sp[0] = span(PITH_INLINE_LINK, "click me", "click", bad_links[i]);
        b[0].inlines = sp;
        b[0].n_inlines = 1;
        box.pub.blocks = b;
        box.pub.n_blocks = 1;
        /* the link keeps its text */
        expect_render(&box, PITH_FORMAT_HTML, "<article>\n<p>click me</p>\n</article>\n");
        expect_render(&box, PITH_FORMAT_MARKDOWN, "click me\n");
    }
    static const char *const bad_images[] = {"javascript:alert(1)", "data:text/html,x",
                                             "data:image", "vbscript:x", "da\nta:text/html,x"};
    for (size_t i = 0; i < sizeof bad_images / sizeof bad_images[0]; i++) {
        pith_result_box box;
        pith_block b[1];
        box_init(&box, NULL);
        b[0] = blk(PITH_BLOCK_IMAGE, 0, 0, "");
        b[0].src = bad_images[i];
        box.pub.blocks = b;
        box.pub.n_blocks = 1;
        expect_render(&box, PITH_FORMAT_HTML, "<article>\n</article>\n");
        expect_render(&box, PITH_FORMAT_MARKDOWN, "");
    }
    /* what is allowed: http(s), mailto, relative links; data:image in an image */
    static const char *const good[][2] = {{"https://a.example/x", "0"}, {"mailto:a@b.example", "0"},
                                          {"/relative/path", "0"}, {"#fn1", "0"},
                                          {"data:image/png;base64,AAAA", "1"},
                                          {"HTTP://A.EXAMPLE/", "1"}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(pith_url_safe(good[i][0], good[i][1][0] == '1'), "%s refused", good[i][0]);
}
END_TEST

START_TEST(markdown_escapes_inside_and_around_spans)
{
    static const char text[] = "1. a [b] c_d";
    pith_result_box box;
    pith_block b[1];
    pith_inline sp[1];
    box_init(&box, NULL);
    b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, text);
    sp[0] = span(PITH_INLINE_LINK, text, "[b]", "https://x.example/(y)");
    b[0].inlines = sp;
    b[0].n_inlines = 1;
    box.pub.blocks = b;
    box.pub.n_blocks = 1;
    /* a list marker at the start still escaped; the link's brackets escaped; snake_case kept */
    expect_render(&box, PITH_FORMAT_MARKDOWN, "1\\. a [\\[b\\]](https://x.example/%28y%29) c_d\n");
}
END_TEST

START_TEST(emphasis_inside_a_caption_is_its_text)
{
    static const char text[] = "The offices. Photo: Courier";
    pith_result_box box;
    pith_block b[1];
    pith_inline sp[2];
    box_init(&box, NULL);
    b[0] = blk(PITH_BLOCK_CAPTION, 0, 0, text);
    sp[0] = span(PITH_INLINE_STRONG, text, "offices", NULL);
    sp[1] = span(PITH_INLINE_EMPHASIS, text, "Photo: Courier", NULL);
    b[0].inlines = sp;
    b[0].n_inlines = 2;
    box.pub.blocks = b;
    box.pub.n_blocks = 1;
    /* Markdown writes the caption in emphasis, which an inner one would end early */
    expect_render(&box, PITH_FORMAT_MARKDOWN, "*The **offices**. Photo: Courier*\n");
    expect_render(&box, PITH_FORMAT_HTML, "<article>\n<figure><figcaption>The <strong>offices"
                                          "</strong>. <em>Photo: Courier</em></figcaption></figure>\n"
                                          "</article>\n");
}
END_TEST

START_TEST(broken_spans_are_cut_or_left_out)
{
    static const char text[] = "caf\xC3\xA9 au lait";
    /* out of range, inside a character, overlapping, empty, unknown kind */
    pith_inline sp[] = {{PITH_INLINE_STRONG, 0, 99, NULL},
                        {PITH_INLINE_EMPHASIS, 4, 6, NULL},
                        {PITH_INLINE_STRONG, 0, 7, NULL},
                        {PITH_INLINE_EMPHASIS, 3, 10, NULL},
                        {PITH_INLINE_CODE, 8, 8, NULL},
                        {(pith_inline_kind)77, 8, 10, NULL},
                        {PITH_INLINE_LINK, 8, 10, NULL}};
    pith_result_box box;
    pith_block b[1];
    box_init(&box, NULL);
    b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, text);
    b[0].inlines = sp;
    b[0].n_inlines = sizeof sp / sizeof sp[0];
    box.pub.blocks = b;
    box.pub.n_blocks = 1;
    /* the emphasis overlapping the strong span is cut at its end */
    expect_render(&box, PITH_FORMAT_HTML,
                  "<article>\n<p><strong>caf<em>\xC3\xA9 a</em></strong>u lait</p>\n</article>\n");
    expect_render(&box, PITH_FORMAT_MARKDOWN, "**caf*\xC3\xA9 a***u lait\n");
}
END_TEST

START_TEST(line_breaks_join_lines)
{
    pith_result_box box;
    pith_block b[8];
    box_init(&box, NULL);
    b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "Roses are red,");
    b[1] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "- violets are blue");
    b[1].line_break = 1;
    b[2] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "New stanza.");
    b[3] = blk(PITH_BLOCK_QUOTE, 0, 0, "Quoted line one");
    b[4] = blk(PITH_BLOCK_QUOTE, 0, 0, "line two");
    b[4].line_break = 1;
    b[5] = blk(PITH_BLOCK_LIST_ITEM, 1, 1, "10 Main St");
    b[6] = blk(PITH_BLOCK_LIST_ITEM, 1, 1, "Springfield");
    b[6].line_break = 1;
    b[7] = blk(PITH_BLOCK_HEADING, 2, 0, "A heading");
    b[7].line_break = 1; /* a heading never joins the block before */
    box.pub.blocks = b;
    box.pub.n_blocks = 8;
    expect_render(&box, PITH_FORMAT_MARKDOWN,
                  "Roses are red,\\\n\\- violets are blue\n\nNew stanza.\n\n> Quoted line one\\\n"
                  "> line two\n\n1. 10 Main St\\\n   Springfield\n\n## A heading\n");
    expect_render(&box, PITH_FORMAT_HTML,
                  "<article>\n<p>Roses are red,<br>\n- violets are blue</p>\n<p>New stanza.</p>\n"
                  "<blockquote><p>Quoted line one<br>\nline two</p></blockquote>\n"
                  "<ol>\n<li>10 Main St<br>\nSpringfield</li>\n</ol>\n<h2>A heading</h2>\n"
                  "</article>\n");
    /* plain text (and so JSON's text) is as before: one block a paragraph */
    expect_render(&box, PITH_FORMAT_TEXT,
                  "Roses are red,\n\n- violets are blue\n\nNew stanza.\n\nQuoted line one\n\n"
                  "line two\n\n1. 10 Main St\n\n2. Springfield\n\nA heading\n");
}
END_TEST

START_TEST(comments_after_the_article)
{
    pith_result_box box;
    pith_block b[1];
    pith_comment c[2] = {{"Ann <b>", "2021-11-09", "First para.\n\nSecond *para*."},
                         {NULL, NULL, "Anonymous words."}};
    box_init(&box, NULL);
    b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "Article.");
    box.pub.blocks = b;
    box.pub.n_blocks = 1;
    box.pub.word_count = 1;
    /* not asked for: JSON says null, the other formats nothing */
    pith_status st;
    char *got = render(&box, PITH_FORMAT_JSON, &st);
    ck_assert_ptr_nonnull(strstr(got, "\"comments\":null}\n"));
    free(got);
    box.pub.comments_requested = 1;
    got = render(&box, PITH_FORMAT_JSON, &st);
    ck_assert_ptr_nonnull(strstr(got, "\"word_count\":1,"));
    ck_assert_ptr_nonnull(strstr(got, "\"text\":\"Article.\\n\""));
    ck_assert_ptr_nonnull(strstr(got, "\"comments\":[]}\n"));
    free(got);
    box.pub.comments = c;
    box.pub.n_comments = 2;
    got = render(&box, PITH_FORMAT_JSON, &st);
    ck_assert_ptr_nonnull(strstr(got, "\"text\":\"Article.\\n\""));
    ck_assert_ptr_nonnull(strstr(got, "\"comments\":[{\"author\":\"Ann <b>\",\"date\":\"2021-11-09\","
                                      "\"text\":\"First para.\\n\\nSecond *para*.\"},{\"author\":null,"
                                      "\"date\":null,\"text\":\"Anonymous words.\"}]}\n"));
    free(got);
    expect_render(&box, PITH_FORMAT_TEXT, "Article.\n");
    expect_render(&box, PITH_FORMAT_MARKDOWN,
                  "Article.\n\n## Comments\n\n**Ann \\<b>** \xC2\xB7 2021-11-09\n\nFirst para.\n\n"
                  "Second \\*para\\*.\n\nAnonymous words.\n");
    expect_render(&box, PITH_FORMAT_HTML,
                  "<article>\n<p>Article.</p>\n</article>\n<section>\n<h2>Comments</h2>\n<article>\n"
                  "<p><strong>Ann &lt;b&gt;</strong> \xC2\xB7 <time datetime=\"2021-11-09\">2021-11-09"
                  "</time></p>\n<p>First para.</p>\n<p>Second *para*.</p>\n</article>\n<article>\n"
                  "<p>Anonymous words.</p>\n</article>\n</section>\n");
}
END_TEST

/* ---- the four formats on every block type ---- */

START_TEST(text_all_blocks)
{
    pith_result_box box;
    pith_block b[16];
    box_init(&box, NULL);
    box.pub.title = "T";
    box.pub.blocks = b;
    box.pub.n_blocks = sample_blocks(b);
    expect_render(&box, PITH_FORMAT_TEXT,
                  "Intro\n\nHello world.\n\n- a\n\n  - b\n\n1. one\n\n2. two\n\nQ\n\n"
                  "x\n  y\n\nA\tB\nc\td\n\nCap\n");
}
END_TEST

START_TEST(markdown_all_blocks)
{
    pith_result_box box;
    pith_block b[16];
    box_init(&box, NULL);
    box.pub.title = "T";
    box.pub.byline = "Jane Doe";
    box.pub.date_published = "2022-01-07";
    box.pub.blocks = b;
    box.pub.n_blocks = sample_blocks(b);
    /* the level-1 heading becomes ## under the # title */
    expect_render(&box, PITH_FORMAT_MARKDOWN,
                  "# T\n\n*By Jane Doe \xC2\xB7 2022-01-07*\n\n## Intro\n\nHello world.\n\n"
                  "- a\n  - b\n1. one\n2. two\n\n> Q\n\n```\nx\n  y\n```\n\n"
                  "| A | B |\n| --- | --- |\n| c | d |\n\n*Cap*\n");
}
END_TEST

START_TEST(markdown_metadata_variants)
{
    pith_result_box box;
    box_init(&box, NULL);
    box.pub.byline = "X";
    expect_render(&box, PITH_FORMAT_MARKDOWN, "*By X*\n");
    box.pub.byline = NULL;
    box.pub.date_published = "2022-01-07";
    box.pub.title = "T";
    expect_render(&box, PITH_FORMAT_MARKDOWN, "# T\n\n*2022-01-07*\n");
}
END_TEST

START_TEST(html_all_blocks)
{
    pith_result_box box;
    pith_block b[16];
    box_init(&box, NULL);
    box.pub.title = "T";
    box.pub.byline = "Jane Doe";
    box.pub.blocks = b;
    box.pub.n_blocks = sample_blocks(b);
    expect_render(&box, PITH_FORMAT_HTML,
                  "<article>\n<h1>T</h1>\n<h2>Intro</h2>\n<p>Hello world.</p>\n"
                  "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n"
                  "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"
                  "<blockquote><p>Q</p></blockquote>\n<pre>x\n  y\n</pre>\n"
                  "<table>\n<tr><th>A</th><th>B</th></tr>\n<tr><td>c</td><td>d</td></tr>\n"
                  "</table>\n<figure><figcaption>Cap</figcaption></figure>\n</article>\n");
}
END_TEST

START_TEST(json_exact)
{
    static const char *const authors[] = {"A", "B"};
    pith_result_box box;
    pith_block b[1];
    box_init(&box, NULL);
    box.pub.title = "T";
    box.pub.authors = authors;
    box.pub.n_authors = 2;
    box.pub.date_published = "2022-01-07";
    box.pub.title_source = "h1";
    box.pub.charset = "utf-8";
    box.pub.charset_source = "utf-8-valid";
    box.pub.flags = PITH_FLAG_NUL_REPLACED | PITH_FLAG_DEPTH_FLATTENED;
    box.pub.word_count = 2;
    b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "Hi there");
    box.pub.blocks = b;
    box.pub.n_blocks = 1;
    char want[2048];
    /* the status name belongs to extract.c; only its place is checked here */
    snprintf(want, sizeof want,
             "{\"schema_version\":%d,\"status\":\"%s\",\"title\":\"T\",\"byline\":null,"
             "\"authors\":[\"A\",\"B\"],\"date_published\":\"2022-01-07\","
             "\"date_modified\":null,\"site_name\":null,\"lang\":null,\"canonical_url\":null,"
             "\"description\":null,\"image\":null,\"license\":null,\"tags\":[],"
             "\"sources\":{\"title\":\"h1\",\"byline\":null,\"date_published\":null,"
             "\"date_modified\":null,\"site_name\":null,\"lang\":null},\"charset\":\"utf-8\","
             "\"charset_source\":\"utf-8-valid\",\"flags\":[\"depth_flattened\",\"nul_replaced\"],"
             "\"word_count\":2,\"blocks\":[{\"type\":\"paragraph\",\"text\":\"Hi there\"}],"
             "\"text\":\"Hi there\\n\",\"explain\":null,\"comments\":null}\n",
             PITH_JSON_SCHEMA_VERSION, pith_status_name(PITH_OK));
    expect_render(&box, PITH_FORMAT_JSON, want);
}
END_TEST

static const char *const json_keys[] = {
    "schema_version", "status", "title", "byline", "authors", "date_published", "date_modified",
    "site_name", "lang", "canonical_url", "description", "image", "license", "tags", "sources",
    "charset", "charset_source", "flags", "word_count", "blocks", "text", "explain", "comments"};

static json_object *
parse_json(const char *s)
{
    json_object *o = json_tokener_parse(s);
    ck_assert_msg(o != NULL, "not JSON: %s", s);
    return o;
}

START_TEST(json_all_blocks_parse)
{
    static const char *const tags[] = {"x", "y"};
    pith_result_box box;
    pith_block b[16];
    box_init(&box, NULL);
    box.pub.title = "T";
    box.pub.tags = tags;
    box.pub.n_tags = 2;
    box.pub.explain = "keep p#1\n";
    box.pub.flags = 0x1F;
    box.pub.blocks = b;
    box.pub.n_blocks = sample_blocks(b);
    pith_status st;
    char *got = render(&box, PITH_FORMAT_JSON, &st);
    ck_assert_int_eq(st, PITH_OK);
    ck_assert_uint_eq(strlen(got) - 1, strcspn(got, "\n")); /* one line, then "\n" */
    json_object *o = parse_json(got);

    size_t k = 0;
    struct json_object_iterator it = json_object_iter_begin(o);
    struct json_object_iterator it_end = json_object_iter_end(o);
    while (!json_object_iter_equal(&it, &it_end)) {
        ck_assert_uint_lt(k, sizeof json_keys / sizeof json_keys[0]);
        ck_assert_str_eq(json_object_iter_peek_name(&it), json_keys[k]);
        k++;
        json_object_iter_next(&it);
    }
    ck_assert_uint_eq(k, sizeof json_keys / sizeof json_keys[0]);

    json_object *v, *blocks, *x;
    ck_assert(json_object_object_get_ex(o, "flags", &v));
    ck_assert_int_eq((int)json_object_array_length(v), 5);
    ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(v, 4)), "nul_replaced");
    ck_assert(json_object_object_get_ex(o, "tags", &v));
    ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(v, 1)), "y");
    ck_assert(json_object_object_get_ex(o, "explain", &v));
    ck_assert_str_eq(json_object_get_string(v), "keep p#1\n");
    ck_assert(json_object_object_get_ex(o, "text", &v));
    ck_assert_str_eq(json_object_get_string(v), "Intro\n\nHello world.\n\n- a\n\n  - b\n\n1. one\n\n"
                                                "2. two\n\nQ\n\nx\n  y\n\nA\tB\nc\td\n\nCap\n");

    ck_assert(json_object_object_get_ex(o, "blocks", &blocks));
    ck_assert_int_eq((int)json_object_array_length(blocks), 10);
    json_object *h = json_object_array_get_idx(blocks, 0);
    ck_assert(json_object_object_get_ex(h, "level", &x));
    ck_assert_int_eq(json_object_get_int(x), 1); /* JSON keeps the page's level */
    json_object *li = json_object_array_get_idx(blocks, 4);
    ck_assert(json_object_object_get_ex(li, "type", &x));
    ck_assert_str_eq(json_object_get_string(x), "list_item");
    ck_assert(json_object_object_get_ex(li, "ordered", &x));
    ck_assert(json_object_get_boolean(x));
    json_object *pre = json_object_array_get_idx(blocks, 7);
    ck_assert(json_object_object_get_ex(pre, "text", &x));
    ck_assert_str_eq(json_object_get_string(x), "x\n  y\n");
    json_object *tbl = json_object_array_get_idx(blocks, 8);
    ck_assert(json_object_object_get_ex(tbl, "type", &x));
    ck_assert_str_eq(json_object_get_string(x), "table");
    ck_assert(!json_object_object_get_ex(tbl, "text", &x));
    ck_assert(json_object_object_get_ex(tbl, "rows", &x));
    json_object *r0 = json_object_array_get_idx(x, 0), *r1 = json_object_array_get_idx(x, 1);
    ck_assert(json_object_object_get_ex(r0, "header", &v));
    ck_assert(json_object_get_boolean(v));
    ck_assert(json_object_object_get_ex(r1, "header", &v));
    ck_assert(!json_object_get_boolean(v));
    ck_assert(json_object_object_get_ex(r1, "cells", &v));
    ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(v, 1)), "d");
    json_object_put(o);
    free(got);
}
END_TEST

/* ---- escaping ---- */

static char *
json_escape(const char *s)
{
    pith_options opts;
    memset(&opts, 0, sizeof opts);
    opts.max_memory = (size_t)1 << 24;
    opts.max_work = UINT64_MAX;
    pith_ctx ctx;
    pith_ctx_init(&ctx, &opts);
    pith_buf b;
    pith_buf_init(&b, &ctx);
    pith_buf_json_string(&b, s);
    ck_assert(!b.failed);
    char *copy = strdup(b.data);
    pith_ctx_release(&ctx);
    return copy;
}

START_TEST(json_string_escapes)
{
    char *e = json_escape("a\"b\\c/\n\t\r\b\f\x01\x1f\x7f");
    ck_assert_str_eq(e, "\"a\\\"b\\\\c/\\n\\t\\r\\b\\f\\u0001\\u001f\x7f\"");
    free(e);
    /* U+2028/2029 escaped; other non-ASCII stays raw */
    e = json_escape("\xE2\x80\xA8|\xE2\x80\xA9|\xC3\xA9|\xF0\x9F\x98\x80");
    ck_assert_str_eq(e, "\"\\u2028|\\u2029|\xC3\xA9|\xF0\x9F\x98\x80\"");
    free(e);
    /* invalid bytes: a stray continuation, an overlong form, a surrogate, a cut sequence */
    e = json_escape("a\xFF" "b\xC0\xAF" "c\xED\xA0\x80" "d\xE2\x80");
    ck_assert_str_eq(e, "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD"
                        "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                        "d\xEF\xBF\xBD\xEF\xBF\xBD\"");
    ck_assert(pith_utf8_valid(e, strlen(e)));
    free(e);
    e = json_escape(NULL);
    ck_assert_str_eq(e, "null");
    free(e);
    e = json_escape("");
    ck_assert_str_eq(e, "\"\"");
    free(e);
    /* plain ASCII is passed 8 bytes at a time: each character that needs a look, at every
     * offset of a 24-byte line, is still seen; 0x7F and 0x20 go as they are */
    static const struct { const char *in, *out; } one[] = {
        {"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\n"}, {"\x1f", "\\u001f"},
        {"\x01", "\\u0001"}, {"\x7f", "\x7f"}, {" ", " "}, {"\xC3\xA9", "\xC3\xA9"},
        {"\xE2\x80\xA8", "\\u2028"}, {"\xFF", "\xEF\xBF\xBD"}};
    for (size_t k = 0; k < sizeof one / sizeof one[0]; k++)
        for (size_t at = 0; at < 24; at++) {
            char in[64], want[64];
            snprintf(in, sizeof in, "%.*s%s%.*s", (int)at, "abcdefghijklmnopqrstuvwx", one[k].in,
                     (int)(24 - at), "ABCDEFGHIJKLMNOPQRSTUVWX");
            snprintf(want, sizeof want, "\"%.*s%s%.*s\"", (int)at, "abcdefghijklmnopqrstuvwx",
                     one[k].out, (int)(24 - at), "ABCDEFGHIJKLMNOPQRSTUVWX");
            e = json_escape(in);
            ck_assert_msg(strcmp(e, want) == 0, "%zu at %zu: %s", k, at, e);
            free(e);
        }
}
END_TEST

START_TEST(json_invalid_utf8_stays_valid)
{
    pith_result_box box;
    pith_block b[1];
    box_init(&box, NULL);
    box.pub.title = "x\xFFy\"\x02";
    b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "p\xE2\x80\xA8q\xC3");
    box.pub.blocks = b;
    box.pub.n_blocks = 1;
    pith_status st;
    char *got = render(&box, PITH_FORMAT_JSON, &st);
    ck_assert_int_eq(st, PITH_OK);
    ck_assert(pith_utf8_valid(got, strlen(got)));
    ck_assert_ptr_null(strstr(got, "\xE2\x80\xA8")); /* escaped, not raw */
    json_object *o = parse_json(got), *v;
    ck_assert(json_object_object_get_ex(o, "title", &v));
    ck_assert_str_eq(json_object_get_string(v), "x\xEF\xBF\xBDy\"\x02");
    ck_assert(json_object_object_get_ex(o, "text", &v));
    ck_assert_str_eq(json_object_get_string(v), "p\xE2\x80\xA8q\xEF\xBF\xBD\n");
    json_object_put(o);
    free(got);
    /* the other formats replace invalid bytes too */
    for (int f = PITH_FORMAT_TEXT; f <= PITH_FORMAT_HTML; f++) {
        got = render(&box, (pith_format)f, &st);
        ck_assert_int_eq(st, PITH_OK);
        ck_assert_msg(pith_utf8_valid(got, strlen(got)), "format %d", f);
        free(got);
    }
}
END_TEST

/* A caller's members come first, each escaped like the result's own, and the object stays
 * one object: a name the result already uses, or one given twice, is refused. */
START_TEST(json_lead_members)
{
    pith_result_box box;
    pith_block b[16];
    box_init(&box, NULL);
    box.pub.title = "T";
    box.pub.blocks = b;
    box.pub.n_blocks = sample_blocks(b);
    const pith_json_member lead[] = {
        {"warc_record_id", "<urn:uuid:1>", 12, 0},
        {"http_status", NULL, 0, 200},
        {"file", "a\"b\xFF\x00z", 6, 0},
    };
    char *out = NULL, *plain = NULL;
    size_t len = 0, plain_len = 0;
    ck_assert_int_eq(pith_render_json_members(&box.pub, lead, 3, &out, &len), PITH_OK);
    ck_assert_str_eq(out + len - 2, "}\n");
    json_object *o = parse_json(out);
    struct json_object_iterator it = json_object_iter_begin(o);
    struct json_object_iterator it_end = json_object_iter_end(o);
    static const char *const first[] = {"warc_record_id", "http_status", "file",
                                        "schema_version"};
    for (size_t k = 0; k < 4; k++, json_object_iter_next(&it))
        ck_assert_str_eq(json_object_iter_peek_name(&it), first[k]);
    json_object *v;
    ck_assert(json_object_object_get_ex(o, "http_status", &v));
    ck_assert_int_eq(json_object_get_int(v), 200);
    ck_assert(json_object_object_get_ex(o, "file", &v));
    ck_assert_mem_eq(json_object_get_string(v), "a\"b\xEF\xBF\xBD\0z", 8);
    /* what follows the members is pith_render's object, member for member */
    ck_assert_int_eq(pith_render(&box.pub, PITH_FORMAT_JSON, &plain, &plain_len), PITH_OK);
    const char *rest = strstr(out, "\"schema_version\"");
    ck_assert_ptr_nonnull(rest);
    ck_assert_str_eq(rest, plain + 1);
    pith_buffer_free(plain);

    /* every member the result writes is refused as a caller's name */
    pith_buffer_free(out);
    size_t n_own = 0;
    pith_status st;
    char *r = render(&box, PITH_FORMAT_JSON, &st);
    json_object *ro = parse_json(r);
    it = json_object_iter_begin(ro);
    it_end = json_object_iter_end(ro);
    for (; !json_object_iter_equal(&it, &it_end); json_object_iter_next(&it), n_own++) {
        pith_json_member m = {json_object_iter_peek_name(&it), "x", 1, 0};
        char *bad = (char *)"sentinel";
        ck_assert_int_eq(pith_render_json_members(&box.pub, &m, 1, &bad, &len),
                         PITH_ERR_INVALID_ARGUMENT);
        ck_assert_ptr_null(bad);
    }
    ck_assert_uint_eq(n_own, sizeof json_keys / sizeof json_keys[0]);
    json_object_put(ro);
    free(r);
    const pith_json_member twice[] = {{"file", "a", 1, 0}, {"file", "b", 1, 0}};
    ck_assert_int_eq(pith_render_json_members(&box.pub, twice, 2, &out, &len),
                     PITH_ERR_INVALID_ARGUMENT);
    const pith_json_member unnamed = {NULL, "a", 1, 0};
    ck_assert_int_eq(pith_render_json_members(&box.pub, &unnamed, 1, &plain, &len),
                     PITH_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(pith_render_json_members(&box.pub, NULL, 1, &plain, &len),
                     PITH_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(pith_render_json_members(&box.pub, NULL, 0, &plain, &len), PITH_OK);
    pith_buffer_free(plain);
    json_object_put(o);
}
END_TEST

/* The public escaper is the renderer's: same replacements, and bytes past a NUL count. */
START_TEST(public_json_string)
{
    static const char in[] = "a\"b\\\n\x01\xFF\xC0\xAF\xED\xA0\x80\xE2\x80\xA8\xC3\xA9";
    char *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(pith_json_string(in, sizeof in - 1, &out, &len), PITH_OK);
    char *want = json_escape(in);
    ck_assert_str_eq(out, want);
    ck_assert_uint_eq(len, strlen(want));
    free(want);
    pith_buffer_free(out);
    ck_assert_int_eq(pith_json_string("x\0y", 3, &out, &len), PITH_OK);
    ck_assert_str_eq(out, "\"x\\u0000y\"");
    pith_buffer_free(out);
    ck_assert_int_eq(pith_json_string(NULL, 0, &out, &len), PITH_OK);
    ck_assert_str_eq(out, "\"\"");
    ck_assert_uint_eq(len, 2);
    pith_buffer_free(out);
    ck_assert_int_eq(pith_json_string(NULL, 1, &out, &len), PITH_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(pith_json_string("x", 1, NULL, &len), PITH_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(html_escapes)
{
    pith_result_box box;
    pith_block b[3];
    box_init(&box, NULL);
    box.pub.title = "<T & \"U\">";
    b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "<a href=\"x\">&'</a>");
    b[1] = blk(PITH_BLOCK_PREFORMATTED, 0, 0, "\nif (a < b)\n");
    b[2] = blk(PITH_BLOCK_HEADING, 9, 0, "deep");
    box.pub.blocks = b;
    box.pub.n_blocks = 3;
    expect_render(&box, PITH_FORMAT_HTML,
                  "<article>\n<h1>&lt;T &amp; &quot;U&quot;&gt;</h1>\n"
                  "<p>&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;</p>\n"
                  "<pre>\n\nif (a &lt; b)\n</pre>\n<h6>deep</h6>\n</article>\n");
}
END_TEST

START_TEST(markdown_escapes)
{
    static const char *const cases[][2] = {
        {"# not a heading", "\\# not a heading"},
        {"#hashtag", "#hashtag"},
        {"####### seven", "####### seven"},
        {"- not a list", "\\- not a list"},
        {"-5 degrees", "-5 degrees"},
        {"---", "\\---"},
        {"+ plus", "\\+ plus"},
        {"+5", "+5"},
        {"1. not a list", "1\\. not a list"},
        {"2020) a year", "2020\\) a year"},
        {"1.5 litres", "1.5 litres"},
        {"> no quote", "\\> no quote"},
        {"a *b* _c_ snake_case [x](y) `z` \\ ~s~", "a \\*b\\* \\_c\\_ snake_case \\[x\\](y) \\`z\\` \\\\ \\~s\\~"},
        {"<b> 3 < 4 &amp; R&D & co #1 a|b", "\\<b> 3 < 4 \\&amp; R\\&D & co #1 a|b"},
        {"    indented", "indented"},
    };
    size_t n = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n; i++) {
        pith_result_box box;
        pith_block b[1];
        box_init(&box, NULL);
        b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, cases[i][0]);
        box.pub.blocks = b;
        box.pub.n_blocks = 1;
        char want[256];
        snprintf(want, sizeof want, "%s\n", cases[i][1]);
        expect_render(&box, PITH_FORMAT_MARKDOWN, want);
    }
}
END_TEST

START_TEST(markdown_block_escapes)
{
    static const char *const cells0[] = {"a|b", "*"};
    static const char *const cells1[] = {"c"};
    static const pith_table_row rows[] = {{cells0, 2, 0}, {cells1, 1, 0}};
    pith_result_box box;
    pith_block b[6];
    box_init(&box, NULL);
    b[0] = blk(PITH_BLOCK_HEADING, 1, 0, "C# and F #");
    b[1] = blk(PITH_BLOCK_LIST_ITEM, 1, 0, "- dash");
    b[2] = blk(PITH_BLOCK_QUOTE, 0, 0, "one\n# two");
    b[3] = blk(PITH_BLOCK_PREFORMATTED, 0, 0, "a ``` b `\n");
    b[4] = blk(PITH_BLOCK_TABLE, 0, 0, "a|b\t*\nc");
    b[4].rows = rows;
    b[4].n_rows = 2;
    b[5] = blk(PITH_BLOCK_CAPTION, 0, 0, "_x_");
    box.pub.blocks = b;
    box.pub.n_blocks = 6;
    /* without a title a level-1 heading stays #; a ragged row is padded to the widest */
    expect_render(&box, PITH_FORMAT_MARKDOWN,
                  "# C# and F \\#\n\n- \\- dash\n\n> one\n> \\# two\n\n````\na ``` b `\n````\n\n"
                  "| a\\|b | \\* |\n| --- | --- |\n| c |  |\n\n*\\_x\\_*\n");
    expect_render(&box, PITH_FORMAT_HTML,
                  "<article>\n<h1>C# and F #</h1>\n<ul>\n<li>- dash</li>\n</ul>\n"
                  "<blockquote><p>one\n# two</p></blockquote>\n<pre>a ``` b `\n</pre>\n"
                  "<table>\n<tr><td>a|b</td><td>*</td></tr>\n<tr><td>c</td></tr>\n</table>\n"
                  "<figure><figcaption>_x_</figcaption></figure>\n</article>\n");
    expect_render(&box, PITH_FORMAT_TEXT,
                  "C# and F #\n\n- - dash\n\none\n# two\n\na ``` b `\n\na|b\t*\nc\n\n_x_\n");
}
END_TEST

/* ---- lists ---- */

START_TEST(nested_lists)
{
    pith_result_box box;
    pith_block b[4];
    box_init(&box, NULL);
    b[0] = blk(PITH_BLOCK_LIST_ITEM, 1, 0, "a");
    b[1] = blk(PITH_BLOCK_LIST_ITEM, 3, 0, "c"); /* skips level 2 */
    b[2] = blk(PITH_BLOCK_LIST_ITEM, 1, 0, "d");
    b[3] = blk(PITH_BLOCK_LIST_ITEM, 2, 1, "e");
    box.pub.blocks = b;
    box.pub.n_blocks = 4;
    expect_render(&box, PITH_FORMAT_HTML,
                  "<article>\n<ul>\n<li>a\n<ul>\n<li>\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n"
                  "</li>\n<li>d\n<ol>\n<li>e</li>\n</ol>\n</li>\n</ul>\n</article>\n");
    /* Markdown nests under the nearest open item, never 4 spaces deeper (a code block) */
    expect_render(&box, PITH_FORMAT_MARKDOWN, "- a\n  - c\n- d\n  1. e\n");
    expect_render(&box, PITH_FORMAT_TEXT, "- a\n\n    - c\n\n- d\n\n  1. e\n");
}
END_TEST

START_TEST(ordered_lists_number_and_indent)
{
    pith_result_box box;
    pith_block b[16];
    box_init(&box, NULL);
    size_t n = 0;
    for (int i = 0; i < 10; i++)
        b[n++] = blk(PITH_BLOCK_LIST_ITEM, 1, 1, "i");
    b[n++] = blk(PITH_BLOCK_LIST_ITEM, 2, 0, "sub");
    b[n++] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "p");
    b[n++] = blk(PITH_BLOCK_LIST_ITEM, 1, 1, "again");
    box.pub.blocks = b;
    box.pub.n_blocks = n;
    /* "10. " is four wide, so its sub-list is indented four; a paragraph restarts numbering */
    expect_render(&box, PITH_FORMAT_MARKDOWN,
                  "1. i\n2. i\n3. i\n4. i\n5. i\n6. i\n7. i\n8. i\n9. i\n10. i\n    - sub\n\np\n\n"
                  "1. again\n");
}
END_TEST

START_TEST(deep_list_level_is_capped)
{
    pith_result_box box;
    pith_block b[2];
    box_init(&box, NULL);
    b[0] = blk(PITH_BLOCK_LIST_ITEM, 4000000000u, 0, "deep");
    box.pub.blocks = b;
    box.pub.n_blocks = 1;
    pith_status st;
    char *got = render(&box, PITH_FORMAT_TEXT, &st);
    ck_assert_int_eq(st, PITH_OK);
    /* 31 extra levels of two spaces, then "- deep\n" */
    ck_assert_uint_eq(strlen(got), 62 + 7);
    ck_assert_str_eq(got + 62, "- deep\n");
    free(got);
    got = render(&box, PITH_FORMAT_HTML, &st);
    ck_assert_int_eq(st, PITH_OK);
    size_t opens = 0;
    for (const char *p = got; (p = strstr(p, "<ul>")) != NULL; p++)
        opens++;
    ck_assert_uint_eq(opens, 32);
    free(got);
}
END_TEST

/* ---- edges ---- */

START_TEST(empty_result_each_format)
{
    pith_result_box box;
    pith_block b[2];
    box_init(&box, NULL);
    /* blocks with no text are left out, so this is as empty as no blocks at all */
    b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "");
    b[1] = blk(PITH_BLOCK_QUOTE, 0, 0, NULL);
    for (int with_empty = 0; with_empty < 2; with_empty++) {
        box.pub.blocks = with_empty ? b : NULL;
        box.pub.n_blocks = with_empty ? 2 : 0;
        expect_render(&box, PITH_FORMAT_TEXT, "");
        expect_render(&box, PITH_FORMAT_MARKDOWN, "");
        expect_render(&box, PITH_FORMAT_HTML, "<article>\n</article>\n");
        pith_status st;
        char *got = render(&box, PITH_FORMAT_JSON, &st);
        ck_assert_int_eq(st, PITH_OK);
        json_object *o = parse_json(got), *v;
        ck_assert(json_object_object_get_ex(o, "text", &v));
        ck_assert_str_eq(json_object_get_string(v), "");
        ck_assert(json_object_object_get_ex(o, "title", &v));
        ck_assert(json_object_is_type(v, json_type_null));
        ck_assert(json_object_object_get_ex(o, "blocks", &v));
        ck_assert_int_eq((int)json_object_array_length(v), with_empty ? 2 : 0);
        json_object_put(o);
        free(got);
    }
}
END_TEST

START_TEST(unknown_block_type_is_paragraph)
{
    pith_result_box box;
    pith_block b[1];
    box_init(&box, NULL);
    b[0] = blk((pith_block_type)77, 0, 0, "new");
    box.pub.blocks = b;
    box.pub.n_blocks = 1;
    expect_render(&box, PITH_FORMAT_HTML, "<article>\n<p>new</p>\n</article>\n");
    pith_status st;
    char *got = render(&box, PITH_FORMAT_JSON, &st);
    ck_assert_ptr_nonnull(strstr(got, "\"blocks\":[{\"type\":\"paragraph\",\"text\":\"new\"}]"));
    free(got);
}
END_TEST

START_TEST(output_cap)
{
    pith_result_box box;
    pith_block b[1];
    box_init(&box, NULL);
    b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "abcd");
    box.pub.blocks = b;
    box.pub.n_blocks = 1;
    /* "abcd\n" is 5 bytes: fits at 5, not at 4 */
    box.max_output_bytes = 5;
    expect_render(&box, PITH_FORMAT_TEXT, "abcd\n");
    box.max_output_bytes = 4;
    for (int f = PITH_FORMAT_TEXT; f <= PITH_FORMAT_HTML; f++) {
        char *out = (char *)"x";
        size_t len = 9;
        ck_assert_int_eq(pith_render(&box.pub, (pith_format)f, &out, &len),
                         PITH_ERR_OUTPUT_TOO_LARGE);
        ck_assert_ptr_null(out);
        ck_assert_uint_eq(len, 0);
    }
}
END_TEST

START_TEST(output_cap_stops_early)
{
    enum { N = 200000 };
    pith_block *b = malloc(N * sizeof *b);
    ck_assert_ptr_nonnull(b);
    for (size_t i = 0; i < N; i++)
        b[i] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "some words of text here");
    pith_result_box box;
    test_alloc ta;
    box_init(&box, &ta);
    box.pub.blocks = b;
    box.pub.n_blocks = N;
    box.max_output_bytes = 1000;
    for (int f = PITH_FORMAT_TEXT; f <= PITH_FORMAT_HTML; f++) {
        char *out;
        size_t len;
        ck_assert_int_eq(pith_render(&box.pub, (pith_format)f, &out, &len),
                         PITH_ERR_OUTPUT_TOO_LARGE);
        ck_assert_ptr_null(out);
        ck_assert_uint_eq(ta.live_bytes, 0);
    }
    /* the whole output would be about 5 MB; rendering stopped soon after the cap */
    ck_assert_uint_lt(ta.peak_bytes, (size_t)1 << 20);
    free(b);
}
END_TEST

START_TEST(null_arguments)
{
    pith_result_box box;
    box_init(&box, NULL);
    char *out = (char *)"x";
    size_t len = 3;
    ck_assert_int_eq(pith_render(NULL, PITH_FORMAT_TEXT, &out, &len),
                     PITH_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(pith_render(&box.pub, PITH_FORMAT_TEXT, NULL, &len),
                     PITH_ERR_INVALID_ARGUMENT);
    out = (char *)"x";
    ck_assert_int_eq(pith_render(&box.pub, PITH_FORMAT_TEXT, &out, NULL),
                     PITH_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    out = (char *)"x";
    ck_assert_int_eq(pith_render(&box.pub, (pith_format)99, &out, &len),
                     PITH_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    pith_buffer_free(NULL);
}
END_TEST

START_TEST(failing_allocator)
{
    pith_result_box box;
    pith_block b[16];
    test_alloc ta;
    box_init(&box, &ta);
    box.pub.title = "T";
    box.pub.blocks = b;
    box.pub.n_blocks = sample_blocks(b);
    for (int f = PITH_FORMAT_TEXT; f <= PITH_FORMAT_HTML; f++) {
        int failures = 0;
        for (long n = 0;; n++) {
            ck_assert_int_lt(n, 1000);
            ta.calls = 0;
            ta.fail_at = n;
            char *out = (char *)"x";
            size_t len;
            pith_status st = pith_render(&box.pub, (pith_format)f, &out, &len);
            if (st == PITH_OK) {
                ck_assert_ptr_nonnull(out);
                ck_assert_int_gt(ta.live_blocks, 0);
                pith_buffer_free(out);
                ck_assert_uint_eq(ta.live_bytes, 0);
                break;
            }
            failures++;
            ck_assert_int_eq(st, PITH_ERR_NO_MEMORY);
            ck_assert_ptr_null(out);
            ck_assert_uint_eq(ta.live_bytes, 0);
            ck_assert_int_eq(ta.live_blocks, 0);
        }
        /* at least the arena chunk and the final buffer could fail */
        ck_assert_int_ge(failures, 2);
    }
    ck_assert(!ta.size_mismatch);
}
END_TEST

START_TEST(buffer_uses_result_allocator)
{
    pith_result_box box;
    test_alloc ta;
    pith_block b[1];
    box_init(&box, &ta);
    b[0] = blk(PITH_BLOCK_PARAGRAPH, 0, 0, "x");
    box.pub.blocks = b;
    box.pub.n_blocks = 1;
    char *out;
    size_t len;
    ck_assert_int_eq(pith_render(&box.pub, PITH_FORMAT_TEXT, &out, &len), PITH_OK);
    /* only the buffer outlives the call, and it came from the result's allocator */
    ck_assert_int_eq(ta.live_blocks, 1);
    ck_assert_uint_ge(ta.live_bytes, len + 1);
    ck_assert_uint_eq((uintptr_t)out % _Alignof(max_align_t), 0);
    pith_buffer_free(out);
    ck_assert_int_eq(ta.live_blocks, 0);
    ck_assert(!ta.size_mismatch);
}
END_TEST

START_TEST(deterministic)
{
    pith_result_box box;
    pith_block b[16];
    box_init(&box, NULL);
    box.pub.title = "T";
    box.pub.blocks = b;
    box.pub.n_blocks = sample_blocks(b);
    for (int f = PITH_FORMAT_TEXT; f <= PITH_FORMAT_HTML; f++) {
        pith_status st;
        char *x = render(&box, (pith_format)f, &st);
        char *y = render(&box, (pith_format)f, &st);
        ck_assert_str_eq(x, y);
        free(x);
        free(y);
    }
}
END_TEST

static Suite *
render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("formats");
    tcase_add_test(tc, text_all_blocks);
    tcase_add_test(tc, markdown_all_blocks);
    tcase_add_test(tc, markdown_metadata_variants);
    tcase_add_test(tc, html_all_blocks);
    tcase_add_test(tc, json_exact);
    tcase_add_test(tc, json_all_blocks_parse);
    suite_add_tcase(s, tc);
    tc = tcase_create("escaping");
    tcase_add_test(tc, json_string_escapes);
    tcase_add_test(tc, json_invalid_utf8_stays_valid);
    tcase_add_test(tc, public_json_string);
    tcase_add_test(tc, json_lead_members);
    tcase_add_test(tc, html_escapes);
    tcase_add_test(tc, markdown_escapes);
    tcase_add_test(tc, markdown_block_escapes);
    suite_add_tcase(s, tc);
    tc = tcase_create("inline");
    tcase_add_test(tc, markdown_links_and_formatting);
    tcase_add_test(tc, html_links_and_formatting);
    tcase_add_test(tc, json_links_images_and_text);
    tcase_add_test(tc, unsafe_targets_are_left_out);
    tcase_add_test(tc, markdown_escapes_inside_and_around_spans);
    tcase_add_test(tc, emphasis_inside_a_caption_is_its_text);
    tcase_add_test(tc, broken_spans_are_cut_or_left_out);
    tcase_add_test(tc, line_breaks_join_lines);
    tcase_add_test(tc, comments_after_the_article);
    suite_add_tcase(s, tc);

    tc = tcase_create("lists");
    tcase_add_test(tc, nested_lists);
    tcase_add_test(tc, ordered_lists_number_and_indent);
    tcase_add_test(tc, deep_list_level_is_capped);
    suite_add_tcase(s, tc);
    tc = tcase_create("edges");
    tcase_add_test(tc, empty_result_each_format);
    tcase_add_test(tc, unknown_block_type_is_paragraph);
    tcase_add_test(tc, output_cap);
    tcase_add_test(tc, output_cap_stops_early);
    tcase_add_test(tc, null_arguments);
    tcase_add_test(tc, failing_allocator);
    tcase_add_test(tc, buffer_uses_result_allocator);
    tcase_add_test(tc, deterministic);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(render_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
