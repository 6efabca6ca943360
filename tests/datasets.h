/* SPDX-License-Identifier: MIT */
/*
 * Test cases that read the evaluation pages in ../shared/datasets carry the Check tag
 * "datasets". A suite's ordinary run leaves them out; `test_<suite> --datasets` runs only
 * them, and exits 77 (ctest's SKIP_RETURN_CODE) when a dataset they read is absent, so that a
 * checkout without ../shared reports them skipped rather than passed having tested nothing.
 */
#ifndef PITH_TEST_DATASETS_H
#define PITH_TEST_DATASETS_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PITH_TEST_DATASETS_TAG "datasets"
#define PITH_TEST_SKIP 77

/* The pages folder of one dataset, e.g. "readability": under $PITH_DATASETS_DIR when set (to
 * try another copy, or none), else ../shared/datasets beside the checkout. */
static inline void
pith_test_dataset_pages(char *buf, size_t n, const char *set)
{
    const char *root = getenv("PITH_DATASETS_DIR");
    if (root && *root)
        snprintf(buf, n, "%s/%s/pages", root, set);
    else
        snprintf(buf, n, "%s/../shared/datasets/%s/pages", PITH_SOURCE_DIR, set);
}

/* Runs and frees sr as main's last act: the dataset cases with --datasets (PITH_TEST_SKIP
 * when one of sets, a NULL-terminated list, is absent), every other case without. */
static inline int
pith_test_run(SRunner *sr, int argc, char **argv, const char *const *sets)
{
    int datasets = argc > 1 && strcmp(argv[1], "--datasets") == 0;
    for (; datasets && *sets; sets++) {
        char dir[1024];
        struct stat st;
        pith_test_dataset_pages(dir, sizeof dir, *sets);
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "%s is absent: the dataset cases are skipped\n", dir);
            srunner_free(sr);
            return PITH_TEST_SKIP;
        }
    }
    if (datasets)
        srunner_run_tagged(sr, NULL, NULL, PITH_TEST_DATASETS_TAG, NULL, CK_NORMAL);
    else
        srunner_run_tagged(sr, NULL, NULL, NULL, PITH_TEST_DATASETS_TAG, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* PITH_TEST_DATASETS_H */
