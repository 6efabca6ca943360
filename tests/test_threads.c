/* SPDX-License-Identifier: MIT */
/*
 * Concurrency: pith keeps no global mutable state, so threads extracting at once must each
 * get exactly what a single thread gets. Every corpus page is extracted and rendered from
 * THREADS threads at once, several times each, and compared byte for byte with a
 * single-threaded run. ci/test-tsan runs this under ThreadSanitizer, which also reports any
 * shared write inside pith even when the outputs happen to agree.
 */
#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pith/pith.h>

#define THREADS 4
#define ROUNDS 3
#define MAX_PAGES 256

typedef struct page {
    char name[256];
    char *html;
    size_t len;
    pith_status st;
    char *json; /* the single-threaded rendering, malloc'd */
    size_t json_len;
    char *text;
    size_t text_len;
} page;

typedef struct corpus {
    page pages[MAX_PAGES];
    size_t n;
} corpus;

static int
by_name(const void *a, const void *b)
{
    return strcmp(((const page *)a)->name, ((const page *)b)->name);
}

static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Extracts and renders one page with fresh options each time, as an independent caller
 * would. Returns 0 on any failure of the library calls. */
static int
run_page(const page *p, pith_status *st, char **json, size_t *json_len, char **text,
         size_t *text_len)
{
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.url = "https://example.org/2024/05/story.html";
    o.explain = 1; /* the explain buffer is one more per-call structure to share by mistake */
    pith_result *r = NULL;
    *st = pith_extract(p->html, p->len, &o, &r);
    if (*st != PITH_OK && *st != PITH_ERR_NO_ARTICLE)
        return r == NULL;
    if (!r)
        return 0;
    int ok = pith_render(r, PITH_FORMAT_JSON, json, json_len) == PITH_OK &&
             pith_render(r, PITH_FORMAT_MARKDOWN, text, text_len) == PITH_OK;
    pith_result_free(r);
    return ok;
}

static void
load_corpus(corpus *c)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/corpus", PITH_SOURCE_DIR);
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *e;
    c->n = 0;
    while ((e = readdir(d)) != NULL && c->n < MAX_PAGES) {
        size_t nl = strlen(e->d_name);
        if (nl < 6 || strcmp(e->d_name + nl - 5, ".html") != 0 || nl >= sizeof c->pages[0].name)
            continue;
        page *p = &c->pages[c->n];
        memset(p, 0, sizeof *p);
        memcpy(p->name, e->d_name, nl + 1);
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        p->html = read_file(path, &p->len);
        ck_assert_msg(p->html != NULL, "cannot read %s", path);
        c->n++;
    }
    closedir(d);
    ck_assert_msg(c->n >= 10, "only %zu corpus pages", c->n);
    qsort(c->pages, c->n, sizeof c->pages[0], by_name);
    for (size_t i = 0; i < c->n; i++) {
        page *p = &c->pages[i];
        char *json = NULL, *text = NULL;
        ck_assert_msg(run_page(p, &p->st, &json, &p->json_len, &text, &p->text_len),
                      "%s: %s", p->name, pith_status_name(p->st));
        ck_assert_msg(p->st == PITH_OK || p->st == PITH_ERR_NO_ARTICLE, "%s: %s", p->name,
                      pith_status_name(p->st));
        /* private copies: the reference must not depend on pith's buffers */
        p->json = malloc(p->json_len + 1);
        p->text = malloc(p->text_len + 1);
        ck_assert(p->json && p->text);
        memcpy(p->json, json, p->json_len + 1);
        memcpy(p->text, text, p->text_len + 1);
        pith_buffer_free(json);
        pith_buffer_free(text);
    }
}

static void
free_corpus(corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->pages[i].html);
        free(c->pages[i].json);
        free(c->pages[i].text);
    }
}

typedef struct worker {
    const corpus *c;
    unsigned id;
    size_t runs, mismatches;
    char first_mismatch[300];
} worker;

/* Check's assertions are not for other threads: workers count and the main thread asserts. */
static void *
work(void *arg)
{
    worker *w = arg;
    const corpus *c = w->c;
    for (unsigned round = 0; round < ROUNDS; round++) {
        for (size_t k = 0; k < c->n; k++) {
            /* each thread starts elsewhere, so different pages overlap in time */
            const page *p = &c->pages[(k + w->id * c->n / THREADS + round) % c->n];
            pith_status st;
            char *json = NULL, *text = NULL;
            size_t json_len = 0, text_len = 0;
            int ok = run_page(p, &st, &json, &json_len, &text, &text_len);
            w->runs++;
            if (!ok || st != p->st || json_len != p->json_len ||
                memcmp(json, p->json, json_len) != 0 || text_len != p->text_len ||
                memcmp(text, p->text, text_len) != 0) {
                if (w->mismatches++ == 0)
                    snprintf(w->first_mismatch, sizeof w->first_mismatch,
                             "%s (thread %u, round %u): %s", p->name, w->id, round,
                             !ok ? "a call failed" : st != p->st ? "status differs"
                                                                : "output differs");
            }
            pith_buffer_free(json);
            pith_buffer_free(text);
        }
    }
    return NULL;
}

START_TEST(threads_match_single_thread)
{
    static corpus c; /* large; only this test touches it */
    load_corpus(&c);
    pthread_t tid[THREADS];
    worker w[THREADS];
    for (unsigned i = 0; i < THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].c = &c;
        w[i].id = i;
        ck_assert_int_eq(pthread_create(&tid[i], NULL, work, &w[i]), 0);
    }
    for (unsigned i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_join(tid[i], NULL), 0);
    for (unsigned i = 0; i < THREADS; i++) {
        ck_assert_uint_eq(w[i].runs, ROUNDS * c.n);
        ck_assert_msg(w[i].mismatches == 0, "%zu mismatches, first: %s", w[i].mismatches,
                      w[i].first_mismatch);
    }
    free_corpus(&c);
}
END_TEST

/* Results made in one thread are freed and rendered in another, as a pool hands them on. */
typedef struct handoff {
    const page *p;
    pith_result *r;
    pith_status st;
    char *json;
    size_t json_len;
} handoff;

static void *
render_elsewhere(void *arg)
{
    handoff *h = arg;
    if (pith_render(h->r, PITH_FORMAT_JSON, &h->json, &h->json_len) != PITH_OK)
        h->json = NULL;
    pith_result_free(h->r);
    h->r = NULL;
    return NULL;
}

START_TEST(results_cross_threads)
{
    static corpus c;
    load_corpus(&c);
    for (size_t i = 0; i < c.n; i += THREADS) {
        pthread_t tid[THREADS];
        handoff h[THREADS];
        size_t m = c.n - i < THREADS ? c.n - i : THREADS;
        for (size_t k = 0; k < m; k++) {
            memset(&h[k], 0, sizeof h[k]);
            h[k].p = &c.pages[i + k];
            pith_options o;
            pith_options_init(&o, sizeof o);
            o.url = "https://example.org/2024/05/story.html";
            o.explain = 1;
            h[k].st = pith_extract(h[k].p->html, h[k].p->len, &o, &h[k].r);
            ck_assert_int_eq(h[k].st, h[k].p->st);
            ck_assert_int_eq(pthread_create(&tid[k], NULL, render_elsewhere, &h[k]), 0);
        }
        for (size_t k = 0; k < m; k++) {
            ck_assert_int_eq(pthread_join(tid[k], NULL), 0);
            ck_assert_msg(h[k].json != NULL, "%s: render failed", h[k].p->name);
            ck_assert_msg(h[k].json_len == h[k].p->json_len &&
                              memcmp(h[k].json, h[k].p->json, h[k].json_len) == 0,
                          "%s: output differs", h[k].p->name);
            pith_buffer_free(h[k].json);
        }
    }
    free_corpus(&c);
}
END_TEST

static Suite *
threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    tcase_add_test(tc, threads_match_single_thread);
    tcase_add_test(tc, results_cross_threads);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(threads_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
