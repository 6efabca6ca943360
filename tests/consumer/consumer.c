/* SPDX-License-Identifier: MIT */
/*
 * A program that uses pith as an outside project would: only <pith/pith.h> (or the
 * amalgamation's "pith.h"). ci/test-consumers builds it every way pith can be consumed.
 *   consumer FILE [EXPECTED_TITLE]  prints the title; fails when it is empty or differs
 *   consumer --json FILE            prints the JSON rendering (to compare builds)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef PITH_CONSUMER_AMALGAMATION
#include "pith.h"
#else
#include <pith/pith.h>
#endif

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

int
main(int argc, char **argv)
{
    int json = argc > 1 && strcmp(argv[1], "--json") == 0;
    if (argc < 2 + json) {
        fputs("usage: consumer [--json] FILE [EXPECTED_TITLE]\n", stderr);
        return 2;
    }
    if (strcmp(pith_version(), PITH_VERSION_STRING) != 0) {
        fprintf(stderr, "consumer: header %s, library %s\n", PITH_VERSION_STRING, pith_version());
        return 1;
    }
    size_t len = 0;
    char *html = slurp(argv[1 + json], &len);
    if (!html) {
        fprintf(stderr, "consumer: cannot read %s\n", argv[1 + json]);
        return 1;
    }
    pith_options o;
    pith_options_init(&o, sizeof o);
    pith_result *r = NULL;
    pith_status st = pith_extract(html, len, &o, &r);
    free(html);
    if (st != PITH_OK && st != PITH_ERR_NO_ARTICLE) {
        fprintf(stderr, "consumer: %s: %s\n", pith_status_name(st), pith_status_message(st));
        return 1;
    }
    int rc = 0;
    if (json) {
        char *out = NULL;
        size_t out_len = 0;
        if (pith_render(r, PITH_FORMAT_JSON, &out, &out_len) == PITH_OK)
            fwrite(out, 1, out_len, stdout);
        else
            rc = 1;
        pith_buffer_free(out);
    } else {
        const char *title = r->title ? r->title : "";
        printf("%s\n", title);
        if (st != PITH_OK || title[0] == '\0' || r->n_blocks == 0) {
            fprintf(stderr, "consumer: no title or no article (%s)\n", pith_status_name(st));
            rc = 1;
        } else if (argc > 2 && strcmp(title, argv[2]) != 0) {
            fprintf(stderr, "consumer: expected the title \"%s\"\n", argv[2]);
            rc = 1;
        }
    }
    pith_result_free(r);
    return rc;
}
