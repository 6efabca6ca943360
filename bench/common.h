/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the benchmarks: page lists, file reading, CPU clocks, RSS, statistics.
 * Header-only (static functions) so each bench program stays one translation unit.
 */
#ifndef PITH_BENCH_COMMON_H
#define PITH_BENCH_COMMON_H

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Each program uses some of these; unused ones are not worth a warning. */
#if defined(__GNUC__)
#define BENCH_MAYBE_UNUSED __attribute__((unused))
#else
#define BENCH_MAYBE_UNUSED
#endif

typedef struct bench_paths {
    char **v;
    size_t n, cap;
} bench_paths;

BENCH_MAYBE_UNUSED static void *
bench_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return q;
}

BENCH_MAYBE_UNUSED static char *
bench_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = bench_xrealloc(NULL, n);
    memcpy(p, s, n);
    return p;
}

BENCH_MAYBE_UNUSED static void
bench_paths_push(bench_paths *p, char *s)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->v = bench_xrealloc(p->v, p->cap * sizeof *p->v);
    }
    p->v[p->n++] = s;
}

BENCH_MAYBE_UNUSED static int
bench_has_html_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".html") == 0;
}

BENCH_MAYBE_UNUSED static int
bench_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.html under root (or root itself when it is a file), sorted so runs compare.
 * Directories are walked with an explicit work list: a symlink loop cannot blow the stack. */
BENCH_MAYBE_UNUSED static void
bench_collect(const char *root, bench_paths *out)
{
    struct stat st;
    if (stat(root, &st) != 0) {
        fprintf(stderr, "%s: %s\n", root, strerror(errno));
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        bench_paths_push(out, bench_xstrdup(root));
        return;
    }
    bench_paths todo = {0};
    bench_paths found = {0};
    bench_paths_push(&todo, bench_xstrdup(root));
    size_t visited = 0;
    while (todo.n > 0 && visited++ < 100000) {
        char *dir = todo.v[--todo.n];
        DIR *d = opendir(dir);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.')
                    continue;
                size_t n = strlen(dir) + strlen(e->d_name) + 2;
                char *path = bench_xrealloc(NULL, n);
                snprintf(path, n, "%s/%s", dir, e->d_name);
                if (stat(path, &st) != 0) {
                    free(path);
                } else if (S_ISDIR(st.st_mode)) {
                    bench_paths_push(&todo, path);
                } else if (S_ISREG(st.st_mode) && bench_has_html_suffix(e->d_name)) {
                    bench_paths_push(&found, path);
                } else {
                    free(path);
                }
            }
            closedir(d);
        }
        free(dir);
    }
    for (size_t i = 0; i < todo.n; i++)
        free(todo.v[i]);
    free(todo.v);
    qsort(found.v, found.n, sizeof *found.v, bench_cmp_str);
    for (size_t i = 0; i < found.n; i++)
        bench_paths_push(out, found.v[i]);
    free(found.v);
}

BENCH_MAYBE_UNUSED static char *
bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = bench_xrealloc(NULL, cap);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = bench_xrealloc(buf, cap);
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Thread CPU time: on a shared, noisy machine wall time mostly measures the neighbours. */
BENCH_MAYBE_UNUSED static double
bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

BENCH_MAYBE_UNUSED static double
bench_wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

BENCH_MAYBE_UNUSED static double
bench_peak_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0; /* Linux reports KiB */
}

/* Resident set now (not the peak), from /proc; -1 where /proc is missing. */
BENCH_MAYBE_UNUSED static double
bench_rss_now_mib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    unsigned long size = 0, resident = 0;
    int ok = fscanf(f, "%lu %lu", &size, &resident) == 2;
    fclose(f);
    if (!ok)
        return -1;
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

BENCH_MAYBE_UNUSED static int
bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of v[0..n), sorting v in place. */
BENCH_MAYBE_UNUSED static double
bench_median(double *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Nearest-rank percentile of sorted v[0..n). */
BENCH_MAYBE_UNUSED static double
bench_pct(const double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return v[rank - 1];
}

#endif /* PITH_BENCH_COMMON_H */
