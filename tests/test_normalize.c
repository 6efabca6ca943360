/* SPDX-License-Identifier: MIT */
/*
 * Unicode NFC (normalize.c): hand-written strings for each part of the algorithm, then pages
 * whose decomposed text must come out composed. `test_normalize --conformance` checks every
 * line of Unicode's NormalizationTest.txt (Debian's unicode-data), and exits 77 without it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct nfc_run {
    pith_options o;
    pith_ctx ctx;
} nfc_run;

static void
run_init(nfc_run *r)
{
    pith_options_init(&r->o, sizeof r->o);
    pith_ctx_init(&r->ctx, &r->o);
}

/* NFC of s, checked to be NUL-terminated at the length it reports. */
static const char *
nfc_n(nfc_run *r, const char *s, size_t n, size_t *len)
{
    const char *out = pith_nfc(&r->ctx, s, n, len);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(r->ctx.error, PITH_OK);
    ck_assert_uint_le(*len, PITH_NFC_MAX_GROWTH * n);
    if (out != s)
        ck_assert_int_eq(out[*len], '\0');
    return out;
}

/* Asserts NFC(in) == want, and that NFC(want) is want itself, returned without a copy. */
static void
expect(const char *in, const char *want)
{
    nfc_run r;
    run_init(&r);
    size_t len;
    const char *out = nfc_n(&r, in, strlen(in), &len);
    ck_assert_msg(len == strlen(want) && memcmp(out, want, len) == 0,
                  "NFC(%.40s) is %.*s, not %.40s", in, (int)(len < 40 ? len : 40), out, want);
    const char *again = nfc_n(&r, want, strlen(want), &len);
    ck_assert_msg(again == want, "%.40s is NFC but was copied", want);
    pith_ctx_release(&r.ctx);
}

/* A string already NFC comes back as the same pointer, not a copy. */
static void
unchanged(const char *s)
{
    nfc_run r;
    run_init(&r);
    size_t len;
    ck_assert_ptr_eq(nfc_n(&r, s, strlen(s), &len), s);
    ck_assert_uint_eq(len, strlen(s));
    pith_ctx_release(&r.ctx);
}

/* ... and text without combining marks (nearly all) costs no allocation either. */
static void
unchanged_free(const char *s)
{
    nfc_run r;
    run_init(&r);
    size_t len, used = r.ctx.mem_used;
    ck_assert_ptr_eq(nfc_n(&r, s, strlen(s), &len), s);
    ck_assert_uint_eq(r.ctx.mem_used, used);
    pith_ctx_release(&r.ctx);
}

START_TEST(nfc_text_is_returned_as_it_is)
{
    unchanged_free("");
    unchanged_free("Plain ASCII, with punctuation: \"quotes\" & <angles>.");
    unchanged_free("Caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e, na\xC3\xAFve \xC3\x85ngstr\xC3\xB6m");
    unchanged_free("\xE2\x80\x9C" "curly\xE2\x80\x9D \xE2\x80\x94 dash \xE2\x82\xAC 5");
    unchanged_free("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE6\x96\x87\xE7\xAB\xA0"); /* 日本語の文章 */
    unchanged_free("\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4");                                   /* 한국어 */
    /* Bengali in NFC: য় as U+09AF U+09BC */
    unchanged("\xE0\xA6\xAF\xE0\xA6\xBC");
    /* a mark in canonical order that composes with nothing: q + U+0323 + U+0307 */
    unchanged("q\xCC\xA3\xCC\x87");
    unchanged_free("\xF0\x9F\x98\x80 emoji"); /* astral, past the tables' last block */
}
END_TEST

START_TEST(composition_exclusions_stay_decomposed)
{
    /* U+09DF BENGALI LETTER YYA: NFC is U+09AF U+09BC, never U+09DF */
    expect("\xE0\xA7\x9F", "\xE0\xA6\xAF\xE0\xA6\xBC");
    expect("\xE0\xA6\x95\xE0\xA7\x9F\xE0\xA6\xBE", "\xE0\xA6\x95\xE0\xA6\xAF\xE0\xA6\xBC\xE0\xA6\xBE");
    /* U+0958 DEVANAGARI LETTER QA: U+0915 U+093C */
    expect("\xE0\xA5\x98", "\xE0\xA4\x95\xE0\xA4\xBC");
    /* U+FB2C HEBREW LETTER SHIN WITH DAGESH AND SHIN DOT: three code points, 3 bytes to 6 */
    expect("\xEF\xAC\xAC", "\xD7\xA9\xD6\xBC\xD7\x81");
    /* singletons: U+212B ANGSTROM SIGN is U+00C5, U+2126 OHM SIGN is U+03A9 */
    expect("\xE2\x84\xAB", "\xC3\x85");
    expect("\xE2\x84\xA6", "\xCE\xA9");
}
END_TEST

START_TEST(decomposed_latin_composes)
{
    expect("Cafe\xCC\x81", "Caf\xC3\xA9");
    expect("a\xCC\x88rger und U\xCC\x88" "bel", "\xC3\xA4rger und \xC3\x9C" "bel");
    /* two marks on one letter, both composing in turn: U+01D5 (Ü with macron) */
    expect("U\xCC\x88\xCC\x84", "\xC7\x95");
    /* the second of two marks of one class is blocked: a + U+0301 + U+0301 */
    expect("a\xCC\x81\xCC\x81", "\xC3\xA1\xCC\x81");
    /* a precomposed letter with a mark that joins it: U+00E4 + U+0304 is U+01DF */
    expect("\xC3\xA4\xCC\x84", "\xC7\x9F");
}
END_TEST

START_TEST(marks_are_reordered_by_combining_class)
{
    /* a + U+0301 (class 230) + U+0323 (class 220): the dot below goes first and composes
     * (U+1EA1); U+1EA1 + U+0301 has no composite, so the acute stays a mark */
    expect("a\xCC\x81\xCC\xA3", "\xE1\xBA\xA1\xCC\x81");
    /* q has no composites: only the order changes */
    expect("q\xCC\x87\xCC\xA3", "q\xCC\xA3\xCC\x87");
    /* a precomposed letter below U+0300 comes apart when a mark of a lower class follows
     * it: U+00E0 + U+0323 is U+1EA1 + U+0300; U+0103 + U+0303 + U+0325 is U+1E01 + U+0306
     * + U+0303 (found by fuzz_decode: the quick check's shortcut below U+0300 hid their
     * decompositions) */
    expect("\xC3\xA0\xCC\xA3", "\xE1\xBA\xA1\xCC\x80");
    expect("\xC4\x83\xCC\x83\xCC\xA5", "\xE1\xB8\x81\xCC\x86\xCC\x83");
}
END_TEST

START_TEST(hangul_composes_from_jamo)
{
    /* U+1100 U+1161 is U+AC00; with U+11A8 it is U+AC01 */
    expect("\xE1\x84\x80\xE1\x85\xA1", "\xEA\xB0\x80");
    expect("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8", "\xEA\xB0\x81");
    /* an LV syllable takes a trailing jamo: U+AC00 U+11A8 is U+AC01 */
    expect("\xEA\xB0\x80\xE1\x86\xA8", "\xEA\xB0\x81");
    /* an LVT syllable takes no second one */
    unchanged("\xEA\xB0\x81\xE1\x86\xA8");
}
END_TEST

START_TEST(invalid_bytes_become_replacement_characters)
{
    /* as pith_utf8_next reads them, and as decode.c replaces them: U+FFFD a byte */
    expect("a\xFF" "b", "a\xEF\xBF\xBD" "b");
    expect("\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD");
    /* U+FFFD is a starter: a mark after it does not reach the letter before */
    expect("e\xC3\xCC\x81", "e\xEF\xBF\xBD\xCC\x81");
    /* a truncated sequence at the end */
    expect("ok\xE0\xA6", "ok\xEF\xBF\xBD\xEF\xBF\xBD");
    unchanged("a\xEF\xBF\xBD" "b"); /* a real U+FFFD is valid */
}
END_TEST

/* The bound the header states, reached: U+1D160 is three 4-byte code points in NFC. */
START_TEST(growth_is_bounded)
{
    nfc_run r;
    run_init(&r);
    const char *in = "\xF0\x9D\x85\xA0\xF0\x9D\x85\xA0";
    size_t len;
    const char *out = nfc_n(&r, in, strlen(in), &len);
    ck_assert_uint_eq(len, PITH_NFC_MAX_GROWTH * strlen(in));
    ck_assert_int_eq(memcmp(out, "\xF0\x9D\x85\x98\xF0\x9D\x85\xA5\xF0\x9D\x85\xAE", 12), 0);
    pith_ctx_release(&r.ctx);
}
END_TEST

/* A letter under tens of thousands of marks, classes 230 and 220 alternating: sorted in
 * linear time (a quadratic sort would take seconds), stably, and the first 220 mark composes. */
START_TEST(long_mark_runs_sort_stably)
{
    enum { MARKS = 40000 };
    char *in = malloc(1 + MARKS * 2 + 1), *want = malloc(3 + MARKS * 2 + 1);
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(want);
    size_t n = 0, w = 0;
    in[n++] = 'a';
    for (int i = 0; i < MARKS; i++) {
        in[n++] = '\xCC';
        in[n++] = i % 2 ? '\xA3' : '\x81'; /* U+0323 (220), U+0301 (230) */
    }
    in[n] = '\0';
    memcpy(want, "\xE1\xBA\xA1", 3); /* a + the first U+0323 */
    w = 3;
    for (int i = 1; i < MARKS / 2; i++)
        memcpy(want + w, "\xCC\xA3", 2), w += 2;
    for (int i = 0; i < MARKS / 2; i++)
        memcpy(want + w, "\xCC\x81", 2), w += 2;
    want[w] = '\0';
    expect(in, want);
    free(in);
    free(want);
}
END_TEST

/* Work is charged: a tiny budget runs out on a long decomposed text, with its status. */
START_TEST(work_limit_is_a_status)
{
    nfc_run r;
    run_init(&r);
    r.o.max_work = 100;
    size_t n = 64 * 1024, len;
    char *in = malloc(n + 1);
    ck_assert_ptr_nonnull(in);
    for (size_t i = 0; i + 3 <= n; i += 3)
        memcpy(in + i, "e\xCC\x81", 3);
    in[n - n % 3] = '\0';
    ck_assert_ptr_null(pith_nfc(&r.ctx, in, strlen(in), &len));
    ck_assert_int_eq(r.ctx.error, PITH_ERR_WORK_LIMIT);
    pith_ctx_release(&r.ctx);
    free(in);
}
END_TEST

/* ---------------------------------------------------------------- through pith_extract */

static char *
extract_json(const char *page)
{
    pith_options o;
    pith_options_init(&o, sizeof o);
    pith_result *res = NULL;
    ck_assert_int_eq(pith_extract(page, strlen(page), &o, &res), PITH_OK);
    char *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(pith_render(res, PITH_FORMAT_JSON, &out, &len), PITH_OK);
    pith_result_free(res);
    return out;
}

#define PARA "<p>A paragraph with words enough to be part of an article, and more words after that.</p>"

START_TEST(extracted_text_and_metadata_are_nfc)
{
    const char *page =
        "<html><head><title>Cafe\xCC\x81 guide</title>"
        "<meta name=\"description\" content=\"Where the cre\xCC\x80me is\">"
        "<meta property=\"og:site_name\" content=\"Gazette de Ze\xCC\x81lande\">"
        "</head><body><article><h1>Cafe\xCC\x81 guide</h1>"
        "<p class=\"byline\">By Jo\xCC\x88rg Mu\xCC\x88ller</p>"
        "<p>The cafe\xCC\x81 on the corner serves a cre\xCC\x80me bru\xCC\x82le\xCC\x81"
        "e that people travel for, and the \xE0\xA7\x9F letter stays as NFC writes it.</p>"
        "<p>Another paragraph, <a href=\"/cafe\xCC\x81\">about the cafe\xCC\x81</a>, with words "
        "enough to count as the article's text.</p>"
        "<p><img src=\"/a.jpg\" alt=\"The cafe\xCC\x81 at noon\"></p>"
        PARA PARA "</article></body></html>";
    char *json = extract_json(page);
    ck_assert_msg(strstr(json, "caf\xC3\xA9 on the corner serves a cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e"),
                  "%s", json);
    ck_assert_ptr_nonnull(strstr(json, "\xE0\xA6\xAF\xE0\xA6\xBC letter"));
    ck_assert_ptr_nonnull(strstr(json, "\"title\":\"Caf\xC3\xA9 guide\""));
    ck_assert_ptr_nonnull(strstr(json, "Where the cr\xC3\xA8me is"));
    ck_assert_ptr_nonnull(strstr(json, "Gazette de Z\xC3\xA9lande"));
    ck_assert_ptr_nonnull(strstr(json, "J\xC3\xB6rg M\xC3\xBCller"));
    ck_assert_ptr_nonnull(strstr(json, "The caf\xC3\xA9 at noon"));
    /* nothing decomposed is left but the link's target, which stays as the page wrote it */
    const char *left = strstr(json, "\xCC\x81");
    ck_assert_ptr_nonnull(left);
    ck_assert_ptr_nonnull(strstr(json, "/cafe\xCC\x81"));
    ck_assert_ptr_null(strstr(left + 1, "\xCC\x81"));
    ck_assert_ptr_null(strstr(json, "\xCC\x80"));
    ck_assert_ptr_null(strstr(json, "\xCC\x88"));
    ck_assert_ptr_null(strstr(json, "\xE0\xA7\x9F"));
    pith_buffer_free(json);
}
END_TEST

/* JSON-LD strings (json-c decodes the \u escapes) are cleaned like the page's own. */
START_TEST(jsonld_strings_are_nfc)
{
    const char *page =
        "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
        "\"headline\": \"Cafe\\u0301 news\", \"author\": {\"name\": \"Jo\\u0308rg Mu\\u0308ller\"}, "
        "\"url\": \"https://example.org/cafe\\u0301\"}</script></head>"
        "<body><article><h1>Caf\xC3\xA9 news</h1>" PARA PARA PARA "</article></body></html>";
    char *json = extract_json(page);
    ck_assert_msg(strstr(json, "\"title\":\"Caf\xC3\xA9 news\""), "%s", json);
    ck_assert_msg(strstr(json, "\"byline\":\"J\xC3\xB6rg M\xC3\xBCller\""), "%s", json);
    ck_assert_ptr_null(strstr(json, "\xCC\x88"));
    pith_buffer_free(json);
}
END_TEST

/* U+0338 composes with '>' (U+226F): normalising the markup would have eaten the end tag.
 * Text nodes are normalised one by one, so a mark that starts a node stays a mark. */
START_TEST(markup_is_not_normalised)
{
    const char *page = "<article><p>The <b>bold</b>\xCC\xB8 word and a paragraph with words enough "
                       "to be an article's text on its own.</p>" PARA PARA "</article>";
    char *json = extract_json(page);
    ck_assert_msg(strstr(json, "The bold\xCC\xB8 word"), "%s", json);
    ck_assert_ptr_null(strstr(json, "\xE2\x89\xAF"));
    pith_buffer_free(json);
}
END_TEST

/* ---------------------------------------------------------------- NormalizationTest.txt */

/* Parses "0061 0301" into UTF-8; 0 on a malformed field. */
static int
field_utf8(const char *f, size_t n, char *out, size_t cap, size_t *len)
{
    *len = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && f[i] == ' ')
            i++;
        if (i == n)
            break;
        char *end;
        unsigned long cp = strtoul(f + i, &end, 16);
        if (end == f + i || *len + 4 >= cap)
            return 0;
        *len += pith_utf8_encode((uint32_t)cp, out + *len);
        i = (size_t)(end - f);
    }
    out[*len] = '\0';
    return 1;
}

/* NFC(c1) = NFC(c2) = NFC(c3) = c2 and NFC(c4) = NFC(c5) = c4, for every line; and every
 * code point not listed in part 1 is its own NFC. */
static int
conformance(void)
{
    const char *plain = "/usr/share/unicode/NormalizationTest.txt";
    const char *packed = "/usr/share/unicode/NormalizationTest.txt.bz2";
    FILE *f = fopen(plain, "r");
    int piped = 0;
    if (!f) {
        FILE *probe = fopen(packed, "r");
        if (!probe) {
            fprintf(stderr, "%s is absent (apt-get install unicode-data): skipped\n", plain);
            return 77;
        }
        fclose(probe);
        f = popen("bzcat /usr/share/unicode/NormalizationTest.txt.bz2", "r");
        piped = 1;
        if (!f) {
            fprintf(stderr, "cannot run bzcat\n");
            return 1;
        }
    }
    static unsigned char listed[0x110000];
    char line[4096];
    int part1 = 0;
    long lines = 0, failures = 0;
    nfc_run r;
    run_init(&r);
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '@') {
            part1 = strncmp(line, "@Part1", 6) == 0;
            continue;
        }
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char col[5][128];
        size_t len[5];
        const char *p = line;
        int ok = 1;
        for (int c = 0; c < 5 && ok; c++) {
            const char *semi = strchr(p, ';');
            ok = semi && field_utf8(p, (size_t)(semi - p), col[c], sizeof col[c], &len[c]);
            p = semi ? semi + 1 : p;
        }
        if (!ok) {
            fprintf(stderr, "malformed line: %s", line);
            failures++;
            continue;
        }
        if (part1)
            listed[strtoul(line, NULL, 16)] = 1;
        lines++;
        for (int c = 0; c < 5; c++) {
            int want = c < 3 ? 1 : 3;
            size_t n;
            const char *out = pith_nfc(&r.ctx, col[c], len[c], &n);
            if (!out || n != len[want] || memcmp(out, col[want], n) != 0) {
                if (failures++ < 20)
                    fprintf(stderr, "NFC(c%d) wrong on line: %s", c + 1, line);
            }
        }
    }
    if (piped ? pclose(f) != 0 : fclose(f) != 0) {
        fprintf(stderr, "reading NormalizationTest.txt failed\n");
        failures++;
    }
    for (uint32_t cp = 0; cp < 0x110000; cp++) {
        if (listed[cp] || (cp >= 0xD800 && cp <= 0xDFFF))
            continue;
        char s[5];
        size_t n = pith_utf8_encode(cp, s), m;
        s[n] = '\0';
        const char *out = pith_nfc(&r.ctx, s, n, &m);
        if (out != s && failures++ < 20)
            fprintf(stderr, "U+%04X is its own NFC but was rewritten\n", (unsigned)cp);
    }
    pith_ctx_release(&r.ctx);
    printf("NormalizationTest.txt: %ld lines, %ld failures\n", lines, failures);
    return lines > 10000 && failures == 0 ? 0 : 1;
}

static Suite *
normalize_suite(void)
{
    Suite *s = suite_create("normalize");
    TCase *tc = tcase_create("nfc");
    tcase_add_test(tc, nfc_text_is_returned_as_it_is);
    tcase_add_test(tc, composition_exclusions_stay_decomposed);
    tcase_add_test(tc, decomposed_latin_composes);
    tcase_add_test(tc, marks_are_reordered_by_combining_class);
    tcase_add_test(tc, hangul_composes_from_jamo);
    tcase_add_test(tc, invalid_bytes_become_replacement_characters);
    tcase_add_test(tc, growth_is_bounded);
    tcase_add_test(tc, long_mark_runs_sort_stably);
    tcase_add_test(tc, work_limit_is_a_status);
    suite_add_tcase(s, tc);
    TCase *ex = tcase_create("extract");
    tcase_add_test(ex, extracted_text_and_metadata_are_nfc);
    tcase_add_test(ex, jsonld_strings_are_nfc);
    tcase_add_test(ex, markup_is_not_normalised);
    suite_add_tcase(s, ex);
    return s;
}

int
main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--conformance") == 0)
        return conformance();
    SRunner *sr = srunner_create(normalize_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
