/* SPDX-License-Identifier: MIT */
/*
 * Golden tests: every corpus/<case>.html, extracted with the defaults, must render exactly as
 * tests/golden/<case>.md (byte for byte, up to one trailing newline) and tests/golden/<case>.json
 * (the same JSON value, "explain" aside: the golden is pretty-printed by cli/pith-corpus).
 *
 * Goldens are written by one tool only, `cli/pith-corpus update`, which prints the diff it is
 * about to commit; PITH_UPDATE_GOLDEN=1 therefore points there instead of writing anything.
 * PITH_CORPUS_DIR and PITH_GOLDEN_DIR override the folders (to test this test).
 */
#include <check.h>
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pith/pith.h"

/* A failure message holds a diff; Check's default cap (4 KiB) would cut most of them. */
#define MAX_MSG ((size_t)64 << 10)
#define MAX_DIFF ((size_t)48 << 10)

static const char *
dir_from_env(const char *var, const char *fallback)
{
    const char *v = getenv(var);
    return v && *v ? v : fallback;
}

static const char *
corpus_dir(void)
{
    return dir_from_env("PITH_CORPUS_DIR", PITH_SOURCE_DIR "/corpus");
}

static const char *
golden_dir(void)
{
    return dir_from_env("PITH_GOLDEN_DIR", PITH_SOURCE_DIR "/tests/golden");
}

/* Out of memory in a test is not a result worth reporting; it also runs outside a test (main),
 * where ck_assert cannot be used. */
static void *
need(void *p)
{
    if (!p) {
        fputs("test_golden: out of memory\n", stderr);
        exit(EXIT_FAILURE);
    }
    return p;
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The stems of dir/<stem><suffix>, sorted, so loop index i names the same case in every run. */
static size_t
list_stems(const char *dir, const char *suffix, char ***out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0, cap = 0, sl = strlen(suffix);
    char **names = NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= sl || strcmp(e->d_name + len - sl, suffix) != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = need(realloc(names, cap * sizeof *names));
        }
        names[n++] = need(strndup(e->d_name, len - sl));
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, cmp_names);
    *out = names;
    return n;
}

/* The whole file, NUL-terminated; NULL when it cannot be read. */
static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static char *
path_join(const char *dir, const char *name, const char *suffix)
{
    size_t len = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(len);
    ck_assert_ptr_nonnull(p);
    snprintf(p, len, "%s/%s%s", dir, name, suffix);
    return p;
}

/* Writes data to a fresh temp file; the caller unlinks and frees the returned path. */
static char *
write_temp(const char *data, size_t len)
{
    const char *tmp = dir_from_env("TMPDIR", "/tmp");
    char *path = path_join(tmp, "pith-golden-", "XXXXXX");
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "mkstemp in %s failed", tmp);
    FILE *f = fdopen(fd, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

/* `diff -u` of two texts, as a malloc'd string (cut at MAX_DIFF). */
static char *
unified_diff(const char *old, size_t old_len, const char *new_, size_t new_len)
{
    char *a = write_temp(old, old_len);
    char *b = write_temp(new_, new_len);
    /* Temp paths are TMPDIR + a fixed pattern; quoting covers a TMPDIR with spaces. */
    size_t cl = strlen(a) + strlen(b) + 64;
    char *cmd = malloc(cl);
    ck_assert_ptr_nonnull(cmd);
    snprintf(cmd, cl, "diff -u --label golden --label pith '%s' '%s'", a, b);
    char *out = malloc(MAX_DIFF + 32);
    ck_assert_ptr_nonnull(out);
    size_t n = 0;
    FILE *p = popen(cmd, "r");
    if (p) {
        size_t got;
        while (n < MAX_DIFF && (got = fread(out + n, 1, MAX_DIFF - n, p)) > 0)
            n += got;
        char sink[4096];
        while (fread(sink, 1, sizeof sink, p) > 0)
            continue;
        pclose(p);
    }
    out[n] = '\0';
    if (n == MAX_DIFF)
        strcat(out, "\n... (diff cut)\n");
    else if (n == 0)
        strcpy(out, "(diff -u produced nothing)\n");
    unlink(a);
    unlink(b);
    free(a);
    free(b);
    free(cmd);
    return out;
}

/* The rule cli/pith-corpus applies: exactly one trailing newline, none for empty output. */
static size_t
normalised_md_len(const char *s, size_t len)
{
    while (len > 0 && s[len - 1] == '\n')
        len--;
    return len;
}

static int
md_equal(const char *golden, size_t glen, const char *actual, size_t alen)
{
    size_t g = normalised_md_len(golden, glen), a = normalised_md_len(actual, alen);
    if (g != a || memcmp(golden, actual, g) != 0)
        return 0;
    /* The golden itself must be in the tool's form, or the next update would rewrite it. */
    return glen == g + (g ? 1 : 0);
}

static json_object *
parse_json(const char *s, size_t len)
{
    json_tokener *tok = json_tokener_new();
    ck_assert_ptr_nonnull(tok);
    json_object *obj = json_tokener_parse_ex(tok, s, (int)len);
    if (obj && json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(obj);
        obj = NULL;
    }
    json_tokener_free(tok);
    if (obj)
        json_object_object_del(obj, "explain");
    return obj;
}

static const char *
pretty(json_object *obj)
{
    return json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
                                                   JSON_C_TO_STRING_NOSLASHESCAPE);
}

START_TEST(golden_matches)
{
    char **cases = NULL;
    size_t n = list_stems(corpus_dir(), ".html", &cases);
    ck_assert_msg((size_t)_i < n, "corpus shrank while the test ran");
    const char *name = cases[_i];

    char *html_path = path_join(corpus_dir(), name, ".html");
    char *json_path = path_join(golden_dir(), name, ".json");
    char *md_path = path_join(golden_dir(), name, ".md");
    size_t html_len = 0, gjson_len = 0, gmd_len = 0;
    char *html = slurp(html_path, &html_len);
    ck_assert_msg(html != NULL, "%s: cannot read %s", name, html_path);
    char *gjson = slurp(json_path, &gjson_len);
    char *gmd = slurp(md_path, &gmd_len);
    ck_assert_msg(gjson && gmd, "%s: no golden: run cli/pith-corpus update (missing %s)", name,
                  gjson ? md_path : json_path);

    pith_options opts;
    pith_options_init(&opts, sizeof opts);
    pith_result *res = NULL;
    pith_status st = pith_extract(html, html_len, &opts, &res);
    ck_assert_msg(st == PITH_OK || st == PITH_ERR_NO_ARTICLE, "%s: pith_extract: %s", name,
                  pith_status_message(st));
    ck_assert_msg(res != NULL, "%s: pith_extract gave no result", name);

    char *ajson = NULL, *amd = NULL;
    size_t ajson_len = 0, amd_len = 0;
    pith_status rs = pith_render(res, PITH_FORMAT_JSON, &ajson, &ajson_len);
    ck_assert_msg(rs == PITH_OK, "%s: render JSON: %s", name, pith_status_message(rs));
    rs = pith_render(res, PITH_FORMAT_MARKDOWN, &amd, &amd_len);
    ck_assert_msg(rs == PITH_OK, "%s: render Markdown: %s", name, pith_status_message(rs));

    /* Both comparisons run before failing, so one message shows every difference. */
    char *msg = calloc(1, MAX_MSG);
    ck_assert_ptr_nonnull(msg);
    size_t used = 0;
    if (!md_equal(gmd, gmd_len, amd, amd_len)) {
        char *d = unified_diff(gmd, gmd_len, amd, amd_len);
        used += (size_t)snprintf(msg + used, MAX_MSG - used,
                                 "%s: Markdown differs from %s:\n%s", name, md_path, d);
        free(d);
    }

    json_object *want = parse_json(gjson, gjson_len);
    ck_assert_msg(want != NULL, "%s: %s is not valid JSON", name, json_path);
    json_object *got = parse_json(ajson, ajson_len);
    ck_assert_msg(got != NULL, "%s: pith_render JSON is not valid JSON: %.200s", name, ajson);
    if (!json_object_equal(want, got) && used < MAX_MSG) {
        /* Pretty-print both the same way so the diff shows fields, not formatting. */
        char *w = strdup(pretty(want));
        const char *g = pretty(got);
        ck_assert_ptr_nonnull(w);
        char *d = unified_diff(w, strlen(w), g, strlen(g));
        snprintf(msg + used, MAX_MSG - used, "%s%s: JSON differs from %s:\n%s",
                 used ? "\n" : "", name, json_path, d);
        free(d);
        free(w);
    }
    json_object_put(want);
    json_object_put(got);
    if (msg[0])
        ck_abort_msg("%s\n(if the change is intended: cli/pith-corpus update, read the diff, "
                     "commit the goldens)",
                     msg);

    free(msg);
    pith_buffer_free(ajson);
    pith_buffer_free(amd);
    pith_result_free(res);
    free(html);
    free(gjson);
    free(gmd);
    free(html_path);
    free(json_path);
    free(md_path);
    free_names(cases, n);
}
END_TEST

/* A golden whose page is gone tests nothing and hides a deletion; pith-corpus removes it. */
START_TEST(every_golden_has_a_page)
{
    char **goldens = NULL;
    size_t n = list_stems(golden_dir(), ".json", &goldens);
    for (size_t i = 0; i < n; i++) {
        char *page = path_join(corpus_dir(), goldens[i], ".html");
        ck_assert_msg(access(page, F_OK) == 0,
                      "golden %s has no page %s: run cli/pith-corpus update", goldens[i], page);
        free(page);
    }
    free_names(goldens, n);
}
END_TEST

int
main(void)
{
    const char *upd = getenv("PITH_UPDATE_GOLDEN");
    if (upd && strcmp(upd, "1") == 0) {
        fprintf(stderr, "test_golden: goldens are written by the corpus tool, not by this test:\n"
                        "  cli/pith-corpus update        (prints the diff; read it)\n"
                        "  git diff tests/golden         (then commit)\n"
                        "Unset PITH_UPDATE_GOLDEN to run the test.\n");
        return EXIT_FAILURE;
    }
    check_set_max_msg_size(MAX_MSG + 1024);

    char **cases = NULL;
    size_t n = list_stems(corpus_dir(), ".html", &cases);
    free_names(cases, n);
    if (n == 0)
        fprintf(stderr, "test_golden: no cases in %s\n", corpus_dir());

    Suite *s = suite_create("golden");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, golden_matches, 0, (int)n);
    tcase_add_test(tc, every_golden_has_a_page);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
