/* SPDX-License-Identifier: MIT */
/* What the metadata suites share (test_metadata.c, test_jsonld.c, test_title.c,
 * test_byline.c): options with every limit far away, and a page run through decode, screen,
 * parse and the metadata stage. Static inline: a suite that uses a part only is warning-free. */
#ifndef PITH_TEST_META_FIXTURE_H
#define PITH_TEST_META_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static inline pith_options
test_options(void)
{
    pith_options o;
    memset(&o, 0, sizeof o);
    o.max_input_bytes = (size_t)64 << 20;
    o.max_nodes = (size_t)1 << 21;
    o.max_depth = 256;
    o.max_attributes = 64;
    o.max_memory = (size_t)1 << 30;
    o.max_work = (uint64_t)1 << 34;
    o.max_output_bytes = (size_t)1 << 28;
    return o;
}

typedef struct run {
    pith_options o;
    pith_ctx ctx;
    pith_meta m;
    pith_status st;
    pith_buf explain;
} run;

/* decode -> screen -> parse -> metadata. jsonld, when given, stands for the script bodies the
 * screen sets aside, so these tests do not depend on how the screen finds them. */
static inline void
run_page(run *r, const char *html, const char *jsonld, const char *url)
{
    r->o = test_options();
    r->o.explain = 1;
    pith_ctx_init(&r->ctx, &r->o);
    pith_buf_init(&r->explain, &r->ctx);
    r->ctx.explain = &r->explain;
    pith_decoded dec;
    r->st = pith_decode(&r->ctx, html, strlen(html), NULL, &dec);
    ck_assert_int_eq(r->st, PITH_OK);
    pith_screened scr;
    r->st = pith_screen(&r->ctx, dec.text, dec.len, &scr);
    ck_assert_int_eq(r->st, PITH_OK);
    pith_span span;
    if (jsonld) {
        span.data = jsonld;
        span.len = strlen(jsonld);
        scr.jsonld = &span;
        scr.n_jsonld = 1;
    }
    pith_doc doc;
    r->st = pith_parse(&r->ctx, &scr, &doc);
    ck_assert_int_eq(r->st, PITH_OK);
    r->st = pith_metadata(&r->ctx, &doc, &scr, url, &r->m);
    ck_assert_int_eq(r->st, PITH_OK);
    if (r->m.title_node != PITH_NONE)
        ck_assert_uint_lt(r->m.title_node, doc.n_nodes);
}

static inline void
done(run *r)
{
    pith_ctx_release(&r->ctx);
}

#define ck_str_or_null(got, want)                                                                  \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (!w_)                                                                                   \
            ck_assert_msg(g_ == NULL, "expected NULL, got '%s'", g_);                              \
        else {                                                                                     \
            ck_assert_msg(g_ != NULL, "expected '%s', got NULL", w_);                              \
            ck_assert_str_eq(g_, w_);                                                              \
        }                                                                                          \
    } while (0)

/* Runs one suite; the exit status ctest reads. */
static inline int
run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* PITH_TEST_META_FIXTURE_H */
