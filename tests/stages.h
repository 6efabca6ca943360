/* SPDX-License-Identifier: MIT */
/*
 * The pipeline up to content and clean on one small hand-written page, for the suites that
 * test what those stages choose (test_content.c, test_clean.c): the chosen container, the
 * subtrees kept beside it, the blocks kept and dropped, and the reason explain gives.
 * Elements are named by their id attribute, so a test says which box it expects by name.
 */
#ifndef PITH_TEST_STAGES_H
#define PITH_TEST_STAGES_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct stage_run {
    pith_options o;
    pith_ctx ctx;
    pith_buf explain;
    pith_doc doc;
    pith_meta meta;
    pith_selection sel;
    pith_blocks blocks;
} stage_run;

/* decode -> screen -> parse -> metadata -> content (strict: relax 0) -> clean, with explain
 * on. The caller calls stage_done. */
static inline void
stage_run_page(stage_run *r, const char *html, pith_bias bias)
{
    pith_options_init(&r->o, sizeof r->o);
    r->o.bias = bias;
    r->o.explain = 1;
    pith_ctx_init(&r->ctx, &r->o);
    pith_buf_init(&r->explain, &r->ctx);
    pith_buf_append(&r->explain, "", 0);
    r->ctx.explain = &r->explain;
    pith_decoded dec;
    ck_assert_int_eq(pith_decode(&r->ctx, html, strlen(html), NULL, &dec), PITH_OK);
    pith_screened scr;
    ck_assert_int_eq(pith_screen(&r->ctx, dec.text, dec.len, &scr), PITH_OK);
    ck_assert_int_eq(pith_parse(&r->ctx, &scr, &r->doc), PITH_OK);
    ck_assert_int_eq(pith_metadata(&r->ctx, &r->doc, &scr, NULL, &r->meta), PITH_OK);
    memset(&r->sel, 0, sizeof r->sel);
    ck_assert_int_eq(pith_content(&r->ctx, &r->doc, &r->meta, &r->sel), PITH_OK);
    ck_assert_int_eq(pith_clean(&r->ctx, &r->doc, &r->meta, &r->sel, &r->blocks), PITH_OK);
    ck_assert_int_eq(r->explain.failed, 0);
}

static inline void
stage_done(stage_run *r)
{
    pith_ctx_release(&r->ctx);
}

/* The element whose id attribute is id; fails the test when there is none. */
static inline uint32_t
stage_node(const stage_run *r, const char *id)
{
    for (uint32_t i = 0; i < r->doc.n_nodes; i++) {
        if (r->doc.nodes[i].type != GUMBO_NODE_ELEMENT)
            continue;
        const char *v = pith_attr(r->doc.nodes[i].g, "id");
        if (v && strcmp(v, id) == 0)
            return i;
    }
    ck_abort_msg("no element with id=\"%s\"", id);
    return PITH_NONE;
}

/* The id of the chosen container, or "" when it has none and "(none)" when nothing was. */
static inline const char *
stage_container_id(const stage_run *r)
{
    if (r->sel.container == PITH_NONE)
        return "(none)";
    const char *v = pith_attr(r->doc.nodes[r->sel.container].g, "id");
    return v ? v : "";
}

/* 1 when the subtree with this id is kept beside (or as) the container. */
static inline int
stage_kept(const stage_run *r, const char *id)
{
    return r->sel.keep && r->sel.keep[stage_node(r, id)] == 1;
}

/* The index of the first block containing text, or -1. */
static inline long
stage_block(const stage_run *r, const char *text)
{
    for (size_t i = 0; i < r->blocks.n; i++)
        if (strstr(r->blocks.items[i].text, text))
            return (long)i;
    return -1;
}

/* 1 when an explain line contains both parts (the second may be NULL). */
static inline int
stage_explained(const stage_run *r, const char *part, const char *and_part)
{
    const char *s = r->explain.data;
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char line[1024];
        size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
        memcpy(line, s, k);
        line[k] = '\0';
        if (strstr(line, part) && (!and_part || strstr(line, and_part)))
            return 1;
        s = nl ? nl + 1 : s + n;
    }
    return 0;
}

/* Runs the suite: main's exit status. */
static inline int
stage_main(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* PITH_TEST_STAGES_H */
