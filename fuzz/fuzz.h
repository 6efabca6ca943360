/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the fuzz targets. Everything is static: each target is one program, and
 * the same sources also build the plain replay programs that ctest runs (fuzz/replay.c).
 *
 * A broken invariant aborts with a message, so libFuzzer saves the input as a crash and the
 * replay programs fail under ctest.
 */
#ifndef PITH_FUZZ_H
#define PITH_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                                  \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond);       \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

/* Strict UTF-8, written here rather than taken from arena.c so that a bug there cannot hide
 * itself: shortest form only, no surrogates, nothing past U+10FFFF. */
static inline int
fuzz_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            if (c == 0xF4)
                hi = 0x8F; /* past U+10FFFF */
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return 0;
        for (size_t k = 2; k < len; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return 0;
        i += len;
    }
    return 1;
}

/* A NULL-or-valid C string: NUL-terminated (ASan checks the read) and UTF-8. */
#define FUZZ_CHECK_STR(s, what)                                                                \
    do {                                                                                       \
        const char *fuzz_s_ = (s);                                                             \
        if (fuzz_s_)                                                                           \
            FUZZ_CHECK(fuzz_utf8_valid(fuzz_s_, strlen(fuzz_s_)), "%s is not UTF-8", what);    \
    } while (0)

/*
 * Options for fuzzing: the library defaults, with the machine-protecting limits lowered so
 * that one input cannot use up libFuzzer's -rss_limit_mb or -timeout on its own: a limit
 * reached is a status, not a finding.
 */
static inline void
fuzz_options(pith_options *o)
{
    pith_options_init(o, sizeof *o);
    if (o->max_memory > ((size_t)256 << 20))
        o->max_memory = (size_t)256 << 20;
}

#endif /* PITH_FUZZ_H */
