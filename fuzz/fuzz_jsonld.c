/* SPDX-License-Identifier: MIT */
/*
 * pith_jsonld_read on one script body.
 *
 * Invariants when it returns 1: every field is NULL or a NUL-terminated string, UTF-8 when
 * the input was (a JSON \u escape must not turn into a lone surrogate's bytes), and every
 * author and keyword is a string; reading the same bytes again gives the same headline.
 */
#include "fuzz.h"

static void
check_ld(const pith_jsonld *j, int utf8_in)
{
    const char *const fields[] = {j->type,         j->headline, j->date_published,
                                  j->date_modified, j->publisher, j->description,
                                  j->image,        j->article_body, j->section,
                                  j->in_language,  j->url};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        size_t n = fields[i] ? strlen(fields[i]) : 0; /* ASan: must be terminated */
        if (utf8_in && fields[i])
            FUZZ_CHECK(fuzz_utf8_valid(fields[i], n), "field %zu is not UTF-8", i);
    }
    FUZZ_CHECK(j->n_authors == 0 || j->authors, "authors NULL with n_authors %zu", j->n_authors);
    for (size_t i = 0; i < j->n_authors; i++) {
        FUZZ_CHECK(j->authors[i] != NULL, "author %zu is NULL", i);
        if (utf8_in)
            FUZZ_CHECK_STR(j->authors[i], "author");
        else
            (void)strlen(j->authors[i]);
    }
    FUZZ_CHECK(j->n_keywords == 0 || j->keywords, "keywords NULL with n %zu", j->n_keywords);
    for (size_t i = 0; i < j->n_keywords; i++) {
        FUZZ_CHECK(j->keywords[i] != NULL, "keyword %zu is NULL", i);
        if (utf8_in)
            FUZZ_CHECK_STR(j->keywords[i], "keyword");
        else
            (void)strlen(j->keywords[i]);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pith_options o;
    fuzz_options(&o);
    const char *json = (const char *)data;
    int utf8_in = fuzz_utf8_valid(json, size) && memchr(json, 0, size) == NULL;

    pith_ctx ctx;
    pith_ctx_init(&ctx, &o);
    pith_jsonld j;
    memset(&j, 0, sizeof j);
    int got = pith_jsonld_read(&ctx, json, size, &j);
    FUZZ_CHECK(got == 0 || got == 1, "returned %d", got);
    if (got == 1) {
        check_ld(&j, utf8_in);
        pith_ctx ctx2;
        pith_ctx_init(&ctx2, &o);
        pith_jsonld j2;
        memset(&j2, 0, sizeof j2);
        FUZZ_CHECK(pith_jsonld_read(&ctx2, json, size, &j2) == 1, "second read failed");
        FUZZ_CHECK((j.headline == NULL) == (j2.headline == NULL) &&
                       (!j.headline || strcmp(j.headline, j2.headline) == 0),
                   "headline differs between two reads");
        FUZZ_CHECK(j.n_authors == j2.n_authors, "author count differs between two reads");
        pith_ctx_release(&ctx2);
    }
    pith_ctx_release(&ctx);
    return 0;
}
