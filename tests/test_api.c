/* SPDX-License-Identifier: MIT */
/* The public contract: arguments, statuses, ownership, determinism, and the seed page. Uses
 * pith.h only, as users do. */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith/pith.h"

static char *
read_corpus(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus/%s", PITH_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static char *
render(const pith_result *r, pith_format fmt)
{
    char *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(pith_render(r, fmt, &out, &len), PITH_OK);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(strlen(out), len);
    return out;
}

START_TEST(null_arguments)
{
    pith_result *r = (pith_result *)0x1;
    ck_assert_int_eq(pith_extract("x", 1, NULL, NULL), PITH_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(pith_extract(NULL, 5, NULL, &r), PITH_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
    /* NULL with length 0 is an empty page, not an error */
    ck_assert_int_eq(pith_extract(NULL, 0, NULL, &r), PITH_ERR_NO_ARTICLE);
    ck_assert_ptr_nonnull(r);
    pith_result_free(r);
    pith_result_free(NULL);
    pith_buffer_free(NULL);
    pith_options_init(NULL, sizeof(pith_options));
    char *out = (char *)0x1;
    size_t len = 7;
    ck_assert_int_eq(pith_render(NULL, PITH_FORMAT_TEXT, &out, &len),
                     PITH_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
}
END_TEST

START_TEST(invalid_options)
{
    pith_options o;
    pith_result *r = NULL;
    size_t zeroed[] = {0, 1, 2, 3, 4, 5, 6};
    /* valid limits, but never initialised: size 0 */
    memset(&o, 0, sizeof o);
    o.max_input_bytes = o.max_nodes = o.max_memory = o.max_output_bytes = 1u << 20;
    o.max_depth = o.max_attributes = 64;
    o.max_work = 1u << 30;
    ck_assert_int_eq(pith_extract("<p>x</p>", 8, &o, &r), PITH_ERR_INVALID_ARGUMENT);
    o.size = sizeof o;
    ck_assert_int_ne(pith_extract("<p>x</p>", 8, &o, &r), PITH_ERR_INVALID_ARGUMENT);
    pith_result_free(r);
    r = NULL;
    for (size_t k = 0; k < sizeof zeroed / sizeof zeroed[0]; k++) {
        pith_options_init(&o, sizeof o);
        switch (zeroed[k]) {
        case 0: o.max_input_bytes = 0; break;
        case 1: o.max_nodes = 0; break;
        case 2: o.max_depth = 0; break;
        case 3: o.max_attributes = 0; break;
        case 4: o.max_memory = 0; break;
        case 5: o.max_work = 0; break;
        default: o.max_output_bytes = 0; break;
        }
        ck_assert_int_eq(pith_extract("<p>x</p>", 8, &o, &r), PITH_ERR_INVALID_ARGUMENT);
        ck_assert_ptr_null(r);
    }
    pith_options_init(&o, sizeof o);
    o.bias = (pith_bias)7;
    ck_assert_int_eq(pith_extract("<p>x</p>", 8, &o, &r), PITH_ERR_INVALID_ARGUMENT);
}
END_TEST

/* The size field: what lets a field be appended to pith_options without breaking programs
 * built against the older header. */
START_TEST(options_size_is_checked)
{
    const char *page = "<p>A paragraph long enough to be the article of this page, with "
                       "words enough to count.</p>";
    size_t n = strlen(page);
    pith_options o;
    pith_result *r = NULL;
    pith_options_init(&o, sizeof o);
    ck_assert_uint_eq(o.size, sizeof o);
    ck_assert_int_eq(pith_extract(page, n, &o, &r), PITH_OK);
    /* the result keeps its status for the JSON rendering */
    char *json = render(r, PITH_FORMAT_JSON);
    ck_assert_ptr_nonnull(strstr(json, "\"status\":\"ok\""));
    pith_buffer_free(json);
    pith_result_free(r);
    r = NULL;
    /* a header newer than the library: fields this library cannot honour */
    o.size = sizeof o + sizeof(void *);
    ck_assert_int_eq(pith_extract(page, n, &o, &r), PITH_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
    /* smaller than any pith_options ever was (0.1.0's ends with allocator) */
    o.size = offsetof(pith_options, allocator);
    ck_assert_int_eq(pith_extract(page, n, &o, &r), PITH_ERR_INVALID_ARGUMENT);
    o.size = 0;
    ck_assert_int_eq(pith_extract(page, n, &o, &r), PITH_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
}
END_TEST

/* pith_options_init writes exactly the bytes the caller says it has. */
START_TEST(options_init_stays_within_size)
{
    unsigned char buf[sizeof(pith_options) + 32];
    pith_options o;
    /* an older, shorter struct: the fields past size keep their bytes */
    size_t short_size = offsetof(pith_options, max_nodes);
    memset(buf, 0xAB, sizeof buf);
    pith_options_init((pith_options *)(void *)buf, short_size);
    memcpy(&o, buf, sizeof o);
    ck_assert_uint_eq(o.size, short_size);
    ck_assert_uint_eq(o.max_input_bytes, PITH_DEFAULT_MAX_INPUT_BYTES);
    for (size_t i = short_size; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0xAB);
    /* this header's struct: nothing after it */
    memset(buf, 0xAB, sizeof buf);
    pith_options_init((pith_options *)(void *)buf, sizeof o);
    for (size_t i = sizeof o; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0xAB);
    /* a newer header's struct: the unknown tail zeroed, not left as garbage, and refused */
    memset(buf, 0xAB, sizeof buf);
    pith_options_init((pith_options *)(void *)buf, sizeof buf);
    memcpy(&o, buf, sizeof o);
    ck_assert_uint_eq(o.size, sizeof buf);
    ck_assert_uint_eq(o.max_depth, PITH_DEFAULT_MAX_DEPTH);
    for (size_t i = sizeof o; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0);
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract("<p>x</p>", 8, (pith_options *)(void *)buf, &r),
                     PITH_ERR_INVALID_ARGUMENT);
    /* too small for the size field itself: nothing written */
    memset(buf, 0xAB, sizeof buf);
    pith_options_init((pith_options *)(void *)buf, sizeof(size_t) - 1);
    for (size_t i = 0; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0xAB);
}
END_TEST

START_TEST(defaults_are_documented_values)
{
    pith_options o;
    memset(&o, 0xAB, sizeof o);
    pith_options_init(&o, sizeof o);
    ck_assert_uint_eq(o.size, sizeof o);
    ck_assert_uint_eq(o.max_input_bytes, PITH_DEFAULT_MAX_INPUT_BYTES);
    ck_assert_uint_eq(o.max_nodes, PITH_DEFAULT_MAX_NODES);
    ck_assert_uint_eq(o.max_depth, PITH_DEFAULT_MAX_DEPTH);
    ck_assert_uint_eq(o.max_attributes, PITH_DEFAULT_MAX_ATTRIBUTES);
    ck_assert_uint_eq(o.max_memory, PITH_DEFAULT_MAX_MEMORY);
    ck_assert_uint_eq(o.max_work, PITH_DEFAULT_MAX_WORK);
    ck_assert_uint_eq(o.max_output_bytes, PITH_DEFAULT_MAX_OUTPUT_BYTES);
    ck_assert_ptr_null(o.url);
    ck_assert_ptr_null(o.charset_hint);
    ck_assert_ptr_null(o.allocator);
    ck_assert_int_eq(o.bias, PITH_BIAS_BALANCED);
    ck_assert_int_eq(o.explain, 0);
}
END_TEST

START_TEST(every_status_has_text)
{
    for (int st = PITH_OK; st <= PITH_ERR_OUTPUT_TOO_LARGE; st++) {
        const char *m = pith_status_message((pith_status)st);
        const char *n = pith_status_name((pith_status)st);
        ck_assert_ptr_nonnull(m);
        ck_assert_ptr_nonnull(n);
        ck_assert_uint_gt(strlen(m), 0);
        ck_assert_str_ne(n, "unknown");
        for (int other = PITH_OK; other < st; other++)
            ck_assert_str_ne(n, pith_status_name((pith_status)other));
    }
    ck_assert_str_eq(pith_status_name(PITH_ERR_NO_ARTICLE), "no_article");
    ck_assert_str_eq(pith_status_message((pith_status)999), "unknown status");
}
END_TEST

START_TEST(version)
{
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", PITH_VERSION_MAJOR, PITH_VERSION_MINOR,
             PITH_VERSION_PATCH);
    ck_assert_str_eq(pith_version(), want);
    ck_assert_str_eq(pith_version(), PITH_VERSION_STRING);
}
END_TEST

START_TEST(input_limit_at_and_past)
{
    const char *page = "<html><body><p>Short but real text in a paragraph, enough of it "
                       "to count as the article of this tiny page.</p></body></html>";
    size_t n = strlen(page);
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.max_input_bytes = n;
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract(page, n, &o, &r), PITH_OK);
    pith_result_free(r);
    o.max_input_bytes = n - 1;
    ck_assert_int_eq(pith_extract(page, n, &o, &r), PITH_ERR_INPUT_TOO_LARGE);
    ck_assert_ptr_null(r);
}
END_TEST

START_TEST(no_article_keeps_metadata)
{
    const char *page = "<html lang=\"en\"><head><title>Front page - The Daily</title>"
                       "<meta property=\"og:site_name\" content=\"The Daily\">"
                       "<link rel=\"canonical\" href=\"https://daily.example/\"></head>"
                       "<body><nav><a href=/a>A</a> <a href=/b>B</a></nav></body></html>";
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract(page, strlen(page), NULL, &r), PITH_ERR_NO_ARTICLE);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->n_blocks, 0);
    ck_assert_str_eq(r->site_name, "The Daily");
    ck_assert_str_eq(r->lang, "en");
    ck_assert_str_eq(r->canonical_url, "https://daily.example/");
    char *json = render(r, PITH_FORMAT_JSON);
    ck_assert_ptr_nonnull(strstr(json, "\"status\":\"no_article\""));
    ck_assert_ptr_nonnull(strstr(json, "\"site_name\":\"The Daily\""));
    pith_buffer_free(json);
    pith_result_free(r);
}
END_TEST

START_TEST(nul_bytes_and_invalid_utf8_are_flagged)
{
    const char page[] = "<p>Caf\xe9 society: a paragraph long enough to be the article, "
                        "with a NUL here \0 and more words after it, so that the text "
                        "continues past the NUL byte.</p>";
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract(page, sizeof page - 1, NULL, &r), PITH_OK);
    ck_assert(r->flags & PITH_FLAG_NUL_REPLACED);
    ck_assert_ptr_nonnull(strstr(r->blocks[0].text, "continues past the NUL byte"));
    pith_result_free(r);
}
END_TEST

/* The page the project grew from: exactly its article, and nothing else. */
START_TEST(seed_page_is_exactly_its_article)
{
    size_t len;
    char *page = read_corpus("scoop-un-kazakhstan.html", &len);
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract(page, len, NULL, &r), PITH_OK);
    ck_assert_str_eq(r->title, "UN Urges Restraint In Kazakhstan, With Dozens Reportedly Killed");
    ck_assert_ptr_nonnull(r->date_published);
    ck_assert_int_eq(strncmp(r->date_published, "2022-01-07", 10), 0);
    ck_assert(r->byline && strstr(r->byline, "UN News"));
    ck_assert_uint_gt(r->n_blocks, 20);
    ck_assert_int_eq(strncmp(r->blocks[0].text, "Amid alarming reports of deadly violence", 40), 0);
    const char *last = r->blocks[r->n_blocks - 1].text;
    size_t ll = strlen(last);
    const char *end = "during the state of emergency and beyond.";
    ck_assert(ll > strlen(end) && strcmp(last + ll - strlen(end), end) == 0);
    const char *headings[] = {"Dozens of victims", "State of emergency", "Detentions"};
    size_t found = 0, captions = 0;
    for (size_t i = 0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        if (b->type == PITH_BLOCK_HEADING)
            ck_assert_str_eq(b->text, headings[found++]);
        if (b->type == PITH_BLOCK_CAPTION) {
            captions++;
            ck_assert_ptr_nonnull(strstr(b->text, "UN Photo/Kim Haughton"));
        }
    }
    ck_assert_uint_eq(found, 3);
    ck_assert_uint_eq(captions, 1);
    char *text = render(r, PITH_FORMAT_TEXT);
    const char *never[] = {"Scoop Media", "Support the news you love", "World Headlines",
                           "LATEST HEADLINES", "InfoPages", "ScoopPro", "More>>", "Pitcairn",
                           "Become a member", "Press Release: UN News",
                           "Friday, 7 January 2022"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        ck_assert_msg(strstr(text, never[i]) == NULL, "boilerplate in the article: %s", never[i]);
    pith_buffer_free(text);
    pith_result_free(r);
    free(page);
}
END_TEST

START_TEST(output_is_deterministic)
{
    size_t len;
    char *page = read_corpus("lists-table-quote-heat-pumps.html", &len);
    char *first[4] = {NULL, NULL, NULL, NULL};
    for (int round = 0; round < 3; round++) {
        pith_result *r = NULL;
        ck_assert_int_eq(pith_extract(page, len, NULL, &r), PITH_OK);
        for (int f = PITH_FORMAT_TEXT; f <= PITH_FORMAT_HTML; f++) {
            char *out = render(r, (pith_format)f);
            if (round == 0)
                first[f] = out;
            else {
                ck_assert_str_eq(out, first[f]);
                pith_buffer_free(out);
            }
        }
        pith_result_free(r);
    }
    for (int f = 0; f < 4; f++)
        pith_buffer_free(first[f]);
    free(page);
}
END_TEST

START_TEST(blocks_keep_structure)
{
    size_t len;
    char *page = read_corpus("lists-table-quote-heat-pumps.html", &len);
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract(page, len, NULL, &r), PITH_OK);
    int seen[PITH_BLOCK_CAPTION + 1] = {0};
    for (size_t i = 0; i < r->n_blocks; i++) {
        const pith_block *b = &r->blocks[i];
        seen[b->type]++;
        ck_assert_ptr_nonnull(b->text);
        if (b->type == PITH_BLOCK_TABLE) {
            ck_assert_uint_ge(b->n_rows, 2);
            ck_assert_ptr_nonnull(b->rows);
            ck_assert(b->rows[0].header);
        }
        if (b->type == PITH_BLOCK_LIST_ITEM)
            ck_assert_uint_ge(b->level, 1);
    }
    ck_assert_int_gt(seen[PITH_BLOCK_PARAGRAPH], 3);
    ck_assert_int_gt(seen[PITH_BLOCK_LIST_ITEM], 2);
    ck_assert_int_gt(seen[PITH_BLOCK_TABLE], 0);
    ck_assert_int_gt(seen[PITH_BLOCK_QUOTE], 0);
    ck_assert_uint_gt(r->word_count, 100);
    pith_result_free(r);
    free(page);
}
END_TEST

START_TEST(explain_says_why)
{
    size_t len;
    char *page = read_corpus("scoop-un-kazakhstan.html", &len);
    pith_options o;
    pith_options_init(&o, sizeof o);
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract(page, len, &o, &r), PITH_OK);
    ck_assert_ptr_null(r->explain);
    pith_result_free(r);
    o.explain = 1;
    ck_assert_int_eq(pith_extract(page, len, &o, &r), PITH_OK);
    ck_assert_ptr_nonnull(r->explain);
    ck_assert_ptr_nonnull(strstr(r->explain, "content: candidate 1"));
    ck_assert_ptr_nonnull(strstr(r->explain, "keep paragraph"));
    pith_result_free(r);
    free(page);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("api");
    tcase_add_test(tc, null_arguments);
    tcase_add_test(tc, invalid_options);
    tcase_add_test(tc, options_size_is_checked);
    tcase_add_test(tc, options_init_stays_within_size);
    tcase_add_test(tc, defaults_are_documented_values);
    tcase_add_test(tc, every_status_has_text);
    tcase_add_test(tc, version);
    tcase_add_test(tc, input_limit_at_and_past);
    tcase_add_test(tc, no_article_keeps_metadata);
    tcase_add_test(tc, nul_bytes_and_invalid_utf8_are_flagged);
    tcase_add_test(tc, seed_page_is_exactly_its_article);
    tcase_add_test(tc, output_is_deterministic);
    tcase_add_test(tc, blocks_keep_structure);
    tcase_add_test(tc, explain_says_why);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
