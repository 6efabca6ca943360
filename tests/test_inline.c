/* SPDX-License-Identifier: MIT */
/* Inline structure (src/inline.c, src/comments.c), through pith.h as users see it: links and
 * their targets, images and their real sources, emphasis, code, sub/sup, line breaks,
 * comments, and the options that turn each off; none of them changes the text. */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith/pith.h"

#define P1 "The harbour council voted on Tuesday to rebuild the old stone pier, which has stood since 1890, before the winter storms arrive."
#define P2 "Fishermen who moor their boats along the pier said the repairs were long overdue, and several of them welcomed the decision at the meeting."
#define P3 "Work is expected to begin next month, and the council has set aside funds from its reserve budget to pay for the stone and the labour."

enum { NO_LINKS = 1, NO_IMAGES = 2, NO_FORMATTING = 4, NO_TABLES = 8, COMMENTS = 16 };

/* The page with body inside <article>, after a title; flags turn options on. */
static pith_result *
extract_with(const char *head, const char *body, const char *url, unsigned flags)
{
    static char page[16384];
    snprintf(page, sizeof page,
             "<html><head><title>Harbour pier to be rebuilt</title>%s</head><body><article>"
             "<h1>Harbour pier to be rebuilt</h1>%s</article></body></html>",
             head, body);
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.url = url;
    o.no_links = (flags & NO_LINKS) != 0;
    o.no_images = (flags & NO_IMAGES) != 0;
    o.no_formatting = (flags & NO_FORMATTING) != 0;
    o.no_tables = (flags & NO_TABLES) != 0;
    o.comments = (flags & COMMENTS) != 0;
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract(page, strlen(page), &o, &r), PITH_OK);
    return r;
}

static pith_result *
extract_body(const char *body)
{
    return extract_with("", body, NULL, 0);
}

/* The first text block holding needle, NULL if none. */
static const pith_block *
block_with(const pith_result *r, const char *needle)
{
    for (size_t i = 0; i < r->n_blocks; i++)
        if (r->blocks[i].text && strstr(r->blocks[i].text, needle))
            return &r->blocks[i];
    return NULL;
}

/* The span of this kind over exactly these words of b, NULL if none. */
static const pith_inline *
span_over(const pith_block *b, pith_inline_kind kind, const char *words)
{
    ck_assert_ptr_nonnull(b);
    for (size_t i = 0; i < b->n_inlines; i++) {
        const pith_inline *sp = &b->inlines[i];
        if (sp->kind == kind && sp->end - sp->start == strlen(words) &&
            memcmp(b->text + sp->start, words, sp->end - sp->start) == 0)
            return sp;
    }
    return NULL;
}

static size_t
count_images(const pith_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_blocks; i++)
        n += r->blocks[i].type == PITH_BLOCK_IMAGE;
    return n;
}

static const pith_block *
image_at(const pith_result *r, size_t k)
{
    for (size_t i = 0; i < r->n_blocks; i++)
        if (r->blocks[i].type == PITH_BLOCK_IMAGE && k-- == 0)
            return &r->blocks[i];
    ck_abort_msg("no image %zu", k);
    return NULL;
}

static char *
render(const pith_result *r, pith_format f)
{
    char *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(pith_render(r, f, &out, &len), PITH_OK);
    char *copy = strdup(out);
    pith_buffer_free(out);
    return copy;
}

START_TEST(links_resolve_against_the_url_and_base)
{
    const char *body = "<p>" P1 " See <a href=\"plans/pier.pdf\">the plans</a>, <a href=\"/minutes?"
                       "d=1&amp;e=2\">the minutes</a>, <a href=\"//cdn.example.org/m.jpg\">a map"
                       "</a> and <a href=\"../up/../x/./y\">a page</a>.</p><p>" P2 "</p>";
    pith_result *r = extract_with("", body, "https://news.example.com/local/2024/pier.html", 0);
    const pith_block *b = block_with(r, "See the plans");
    ck_assert_str_eq(span_over(b, PITH_INLINE_LINK, "the plans")->href,
                     "https://news.example.com/local/2024/plans/pier.pdf");
    ck_assert_str_eq(span_over(b, PITH_INLINE_LINK, "the minutes")->href,
                     "https://news.example.com/minutes?d=1&e=2");
    ck_assert_str_eq(span_over(b, PITH_INLINE_LINK, "a map")->href, "https://cdn.example.org/m.jpg");
    ck_assert_str_eq(span_over(b, PITH_INLINE_LINK, "a page")->href,
                     "https://news.example.com/local/x/y");
    pith_result_free(r);
    /* the page's <base> wins over the URL, and is itself resolved against it */
    r = extract_with("<base href=\"/archive/\">", body, "https://news.example.com/a/b.html", 0);
    b = block_with(r, "See the plans");
    ck_assert_str_eq(span_over(b, PITH_INLINE_LINK, "the plans")->href,
                     "https://news.example.com/archive/plans/pier.pdf");
    pith_result_free(r);
    /* neither: relative targets stay as the page wrote them */
    r = extract_body(body);
    b = block_with(r, "See the plans");
    ck_assert_str_eq(span_over(b, PITH_INLINE_LINK, "the plans")->href, "plans/pier.pdf");
    pith_result_free(r);
}
END_TEST

START_TEST(script_links_keep_only_their_text)
{
    pith_result *r = extract_body("<p>" P1 " <a href=\"javascript:void(0)\">Show more</a>, "
                                  "<a href=\" java&#x09;script:x()\">again</a>, <a href=\"#\">top"
                                  "</a>, <a href=\"vbscript:x\">vb</a> and <a href=\"data:text/html,x\">"
                                  "data</a>.</p><p>" P2 "</p>");
    const pith_block *b = block_with(r, "Show more, again, top, vb and data.");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(b->n_inlines, 0);
    char *html = render(r, PITH_FORMAT_HTML);
    ck_assert_ptr_null(strstr(html, "<a "));
    free(html);
    pith_result_free(r);
}
END_TEST

START_TEST(formatting_spans_follow_the_markup)
{
    pith_result *r = extract_body("<p>" P1 " It is <strong>very</strong> <b><strong>old</strong></b>, "
                                  "<em>listed</em> and <i>  loved  </i>; its code is <code>PIER-1</code>, "
                                  "its depth 10<sup>2</sup> cm, CO<sub>2</sub> free.</p><p>" P2 "</p>");
    const pith_block *b = block_with(r, "It is very old");
    ck_assert_ptr_nonnull(span_over(b, PITH_INLINE_STRONG, "very"));
    /* <b><strong> marks once; a span never starts or ends with a space */
    ck_assert_ptr_nonnull(span_over(b, PITH_INLINE_STRONG, "old"));
    ck_assert_ptr_nonnull(span_over(b, PITH_INLINE_EMPHASIS, "listed"));
    ck_assert_ptr_nonnull(span_over(b, PITH_INLINE_EMPHASIS, "loved"));
    ck_assert_ptr_nonnull(span_over(b, PITH_INLINE_CODE, "PIER-1"));
    ck_assert_ptr_nonnull(span_over(b, PITH_INLINE_SUP, "2"));
    ck_assert_ptr_nonnull(span_over(b, PITH_INLINE_SUB, "2"));
    ck_assert_uint_eq(b->n_inlines, 7);
    pith_result_free(r);
}
END_TEST

START_TEST(a_span_across_paragraphs_is_cut_at_each)
{
    pith_result *r = extract_body("<p>" P1 "</p><b><p>" P2 "</p><p>" P3 "</p></b>");
    const pith_block *b2 = block_with(r, "Fishermen"), *b3 = block_with(r, "Work is");
    ck_assert_ptr_nonnull(span_over(b2, PITH_INLINE_STRONG, P2));
    ck_assert_ptr_nonnull(span_over(b3, PITH_INLINE_STRONG, P3));
    ck_assert_uint_eq(block_with(r, "The harbour")->n_inlines, 0);
    pith_result_free(r);
}
END_TEST

START_TEST(images_take_the_real_source)
{
    const char *body =
        "<p>" P1 "</p>"
        "<figure><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==\" "
        "data-src=\"/img/lazy.jpg\" alt=\"The pier\"><figcaption>The pier in 1890.</figcaption></figure>"
        "<p>" P2 "</p>"
        "<img srcset=\"/img/s.jpg 400w, /img/l.jpg 1600w, /img/m.jpg 800w\" alt=\"Boats\">"
        "<picture><source srcset=\"/img/p.webp 2x, /img/p1.webp 1x\"><img alt=\"Picture\"></picture>"
        "<img src=\"https://t.example.net/collect?id=1\" width=\"1\" height=\"1\">"
        "<img src=\"/img/spacer.gif\" alt=\"\">"
        "<img src=\"javascript:alert(1)\" alt=\"x\">"
        "<p>" P3 "</p>";
    pith_result *r = extract_with("", body, "https://news.example.com/local/pier.html", 0);
    ck_assert_uint_eq(count_images(r), 3);
    const pith_block *img = image_at(r, 0);
    ck_assert_str_eq(img->src, "https://news.example.com/img/lazy.jpg");
    ck_assert_str_eq(img->alt, "The pier");
    ck_assert_str_eq(img->caption, "The pier in 1890.");
    ck_assert_str_eq(img->text, "");
    ck_assert_str_eq(image_at(r, 1)->src, "https://news.example.com/img/l.jpg");
    ck_assert_ptr_null(image_at(r, 1)->caption);
    ck_assert_str_eq(image_at(r, 2)->src, "https://news.example.com/img/p.webp");
    /* in place: the figure's image after the first paragraph, before its caption */
    ck_assert(image_at(r, 0) > block_with(r, "The harbour"));
    ck_assert(image_at(r, 0) < block_with(r, "The pier in 1890."));
    ck_assert(image_at(r, 2) < block_with(r, "Work is"));
    pith_result_free(r);
}
END_TEST

START_TEST(an_image_inside_text_follows_its_paragraph)
{
    pith_result *r = extract_body("<p>" P1 " <img src=\"https://i.example/in.jpg\" alt=\"in\"> more."
                                  "</p><p>" P2 "</p>");
    ck_assert_uint_eq(count_images(r), 1);
    ck_assert(image_at(r, 0) == block_with(r, "The harbour") + 1);
    pith_result_free(r);
    /* an image whose paragraph is dropped goes with it */
    r = extract_body("<p>" P1 "</p><p>Advertisement<img src=\"https://i.example/ad.jpg\"></p>"
                     "<p>" P2 "</p>");
    ck_assert_uint_eq(count_images(r), 0);
    pith_result_free(r);
}
END_TEST

START_TEST(line_breaks_continue_a_block)
{
    pith_result *r = extract_body("<p>" P1 "</p><p>Roses are red,<br>violets are blue,<br><br>"
                                  "sugar is sweet.</p><address>1 Quay St<br>Portree</address>"
                                  "<p>" P2 "</p>");
    const pith_block *b = block_with(r, "violets");
    ck_assert_str_eq(b->text, "violets are blue,");
    ck_assert_int_eq(b->line_break, 1);
    ck_assert_int_eq(block_with(r, "Roses")->line_break, 0);
    /* two <br>s are a paragraph break */
    ck_assert_int_eq(block_with(r, "sugar")->line_break, 0);
    ck_assert_int_eq(block_with(r, "Portree")->line_break, 1);
    /* a new element is a new paragraph */
    ck_assert_int_eq(block_with(r, "Fishermen")->line_break, 0);
    char *md = render(r, PITH_FORMAT_MARKDOWN);
    ck_assert_ptr_nonnull(strstr(md, "Roses are red,\\\nviolets are blue,\n\nsugar is sweet."));
    ck_assert_ptr_nonnull(strstr(md, "1 Quay St\\\nPortree"));
    free(md);
    pith_result_free(r);
}
END_TEST

/* Each option turns its part off, and none of them changes the text or the word count. */
START_TEST(options_turn_each_part_off_and_leave_the_text)
{
    const char *body = "<p>" P1 " <a href=\"https://x.example/\">A <b>link</b></a>.<br>Next line.</p>"
                       "<img src=\"https://i.example/a.jpg\" alt=\"a\"><p>" P2 "</p>"
                       "<table><tr><th>Year of the work</th><th>Cost of the work</th></tr>"
                       "<tr><td>Built in 1890</td><td>Five thousand pounds</td></tr>"
                       "<tr><td>Rebuilt in 2024</td><td>Nine hundred thousand pounds</td></tr>"
                       "</table><p>" P3 "</p>";
    pith_result *all = extract_body(body);
    char *text = render(all, PITH_FORMAT_TEXT);
    ck_assert_uint_eq(count_images(all), 1);
    ck_assert_ptr_nonnull(span_over(block_with(all, "A link"), PITH_INLINE_LINK, "A link"));
    ck_assert_ptr_nonnull(span_over(block_with(all, "A link"), PITH_INLINE_STRONG, "link"));
    ck_assert_int_eq(block_with(all, "Next line.")->line_break, 1);
    static const unsigned each[] = {NO_LINKS, NO_IMAGES, NO_FORMATTING,
                                    NO_LINKS | NO_IMAGES | NO_FORMATTING};
    for (size_t i = 0; i < sizeof each / sizeof each[0]; i++) {
        pith_result *r = extract_with("", body, NULL, each[i]);
        char *t = render(r, PITH_FORMAT_TEXT);
        ck_assert_str_eq(t, text);
        ck_assert_uint_eq(r->word_count, all->word_count);
        const pith_block *b = block_with(r, "A link");
        ck_assert((span_over(b, PITH_INLINE_LINK, "A link") == NULL) == !!(each[i] & NO_LINKS));
        ck_assert((span_over(b, PITH_INLINE_STRONG, "link") == NULL) == !!(each[i] & NO_FORMATTING));
        ck_assert(block_with(r, "Next line.")->line_break == !(each[i] & NO_FORMATTING));
        ck_assert_uint_eq(count_images(r), each[i] & NO_IMAGES ? 0 : 1);
        free(t);
        pith_result_free(r);
    }
    /* --no-tables leaves the table out, and only that */
    pith_result *r = extract_with("", body, NULL, NO_TABLES);
    ck_assert_ptr_nonnull(block_with(all, "Cost"));
    ck_assert_ptr_null(block_with(r, "Cost"));
    ck_assert_ptr_nonnull(block_with(r, "Work is"));
    pith_result_free(r);
    free(text);
    pith_result_free(all);
}
END_TEST

/* A program built against 0.1.0's pith.h knows nothing past allocator: whatever its memory
 * holds after that, the appended options take their defaults. */
START_TEST(options_past_an_older_size_take_their_defaults)
{
    const char *page = "<html><body><article><h1>Harbour pier to be rebuilt</h1><p>" P1
                       " <a href=\"https://x.example/\">A link</a>.</p><img src=\"https://i.example/"
                       "a.jpg\" alt=\"a\"><p>" P2 "</p></article></body></html>";
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.no_links = o.no_images = o.no_formatting = o.no_tables = 1;
    o.comments = 1;
    o.size = offsetof(pith_options, no_links);
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract(page, strlen(page), &o, &r), PITH_OK);
    ck_assert_uint_eq(count_images(r), 1);
    ck_assert_ptr_nonnull(span_over(block_with(r, "A link"), PITH_INLINE_LINK, "A link"));
    ck_assert_int_eq(r->comments_requested, 0);
    pith_result_free(r);
}
END_TEST

/* The corpus page with schema.org comments: on request they come apart from the article. */
static char *
read_page(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/%s", PITH_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return s;
}

START_TEST(comments_come_apart_from_the_article)
{
    static const char *const pages[] = {"comments-schema-org-allotment.html",
                                        "blog-sourdough-long-comments.html"};
    for (size_t p = 0; p < 2; p++) {
        size_t len;
        char *html = read_page(pages[p], &len);
        pith_options o;
        pith_options_init(&o, sizeof o);
        pith_result *off = NULL, *on = NULL;
        ck_assert_int_eq(pith_extract(html, len, &o, &off), PITH_OK);
        o.comments = 1;
        ck_assert_int_eq(pith_extract(html, len, &o, &on), PITH_OK);
        /* off by default; never in the article's text or word count */
        ck_assert_uint_eq(off->n_comments, 0);
        ck_assert_int_eq(off->comments_requested, 0);
        ck_assert_int_eq(on->comments_requested, 1);
        ck_assert_uint_eq(on->word_count, off->word_count);
        char *t_off = render(off, PITH_FORMAT_TEXT), *t_on = render(on, PITH_FORMAT_TEXT);
        ck_assert_str_eq(t_on, t_off);
        ck_assert_uint_ge(on->n_comments, 4);
        for (size_t i = 0; i < on->n_comments; i++)
            ck_assert_ptr_null(strstr(t_on, on->comments[i].text));
        free(t_off);
        free(t_on);
        if (p == 0) {
            /* replies are comments of their own; the page's order; a comment without author
             * or date has neither */
            ck_assert_uint_eq(on->n_comments, 4);
            ck_assert_str_eq(on->comments[0].author, "Derek on plot 14");
            ck_assert_str_eq(on->comments[0].date, "2023-10-04T20:12:00+01:00");
            ck_assert_str_eq(on->comments[0].text,
                             "I voted against the ban but I have to admit the chipper days have been "
                             "a success. The paths have never looked better.\n\nStill miss the smell "
                             "of the smoke, though.");
            ck_assert_str_eq(on->comments[1].author, "Gwen Marsh");
            ck_assert_ptr_nonnull(strstr(on->comments[1].text, "tin of biscuits"));
            ck_assert_ptr_null(on->comments[3].author);
            ck_assert_ptr_null(on->comments[3].date);
        } else {
            /* WordPress: "Name says:", a comment-content box beside the metadata and reply */
            ck_assert_str_eq(on->comments[0].author, "Margaret Ellwood");
            ck_assert_str_eq(on->comments[0].date, "2021-11-09T20:41:12+00:00");
            ck_assert_ptr_null(strstr(on->comments[0].text, "Reply"));
            ck_assert_ptr_null(strstr(on->comments[0].text, "says"));
        }
        char *md = render(on, PITH_FORMAT_MARKDOWN);
        ck_assert_ptr_nonnull(strstr(md, "\n\n## Comments\n\n**"));
        free(md);
        pith_result_free(off);
        pith_result_free(on);
        free(html);
    }
}
END_TEST

START_TEST(hostile_attributes_never_reach_the_html)
{
    size_t len;
    char *html = read_page("hostile-attributes-stripped-council.html", &len);
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract(html, len, NULL, &r), PITH_OK);
    char *out = render(r, PITH_FORMAT_HTML);
    static const char *const never[] = {"onclick", "onerror", "onload", "onmouseover", "style=",
                                        "<script", "<iframe", "<form", "<input", "<object",
                                        "<svg", "href=\"javascript", "src=\"javascript",
                                        "JaVaScRiPt", "vbscript:", "data:text", "target=",
                                        "class=", "alert(1)"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        ck_assert_msg(strstr(out, never[i]) == NULL, "%s in:\n%s", never[i], out);
    /* what is allowed stays: the safe links, the image with its escaped alt, a data:image */
    ck_assert_ptr_nonnull(strstr(out, "<a href=\"https://www.wexbridge.gov.example/planning?ref="
                                      "24%2F0012&amp;view=&quot;full&quot;\">lists planning"));
    ck_assert_ptr_nonnull(strstr(out, "<a href=\"tel:+441632960000\">"));
    ck_assert_ptr_nonnull(strstr(out, "alt=\"&quot;&gt;&lt;script&gt;alert(8)&lt;/script&gt; The "));
    ck_assert_ptr_nonnull(strstr(out, "<img src=\"data:image/png;base64,"));
    ck_assert_ptr_nonnull(strstr(out, "&lt;script&gt;alert(6)&lt;/script&gt; is text"));
    free(out);
    /* Markdown: the page's own Markdown-looking text stays text */
    out = render(r, PITH_FORMAT_MARKDOWN);
    ck_assert_ptr_nonnull(strstr(out, "\\[click me\\](javascript:alert(12))"));
    free(out);
    pith_result_free(r);
    free(html);
}
END_TEST

static Suite *
inline_suite(void)
{
    Suite *s = suite_create("inline");
    TCase *tc = tcase_create("inline");
    tcase_add_test(tc, links_resolve_against_the_url_and_base);
    tcase_add_test(tc, script_links_keep_only_their_text);
    tcase_add_test(tc, formatting_spans_follow_the_markup);
    tcase_add_test(tc, a_span_across_paragraphs_is_cut_at_each);
    tcase_add_test(tc, images_take_the_real_source);
    tcase_add_test(tc, an_image_inside_text_follows_its_paragraph);
    tcase_add_test(tc, line_breaks_continue_a_block);
    tcase_add_test(tc, options_turn_each_part_off_and_leave_the_text);
    tcase_add_test(tc, options_past_an_older_size_take_their_defaults);
    tcase_add_test(tc, comments_come_apart_from_the_article);
    tcase_add_test(tc, hostile_attributes_never_reach_the_html);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(inline_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
