/* SPDX-License-Identifier: MIT */
/*
 * pith-bench: what a page costs pith, next to what the same bytes cost gumbo alone.
 *
 *   pith-bench [--reps N] [--per-page] DIR|FILE...   speed: the full job vs gumbo
 *   pith-bench --memory DIR|FILE...                  peak bytes in use per page vs its size,
 *                                                    and what was allocated outside pith's
 *                                                    allocator (json-c, iconv)
 *   pith-bench --soak N DIR|FILE...                  N extractions in one process, RSS as it goes
 *
 * The full job is what a user of the library pays per page: pith_extract, pith_render to
 * JSON, and both frees. The reference is gumbo_parse_with_options on the raw bytes with
 * kGumboDefaultOptions but max_errors = 0 (pith sets the same, so error bookkeeping is not
 * counted against gumbo), gumbo's default malloc, then gumbo_destroy_output. Times are thread
 * CPU time, the median of the repetitions of each page; the two are interleaved so that a
 * noisy neighbour hits both alike.
 */
#include "common.h"

#include <gumbo.h>

#include "pith/pith.h"

#define MIB (1024.0 * 1024.0)

typedef struct counting {
    size_t in_use, peak, live, calls;
} counting;

/*
 * Two libraries pith calls take no allocator, so their memory never reaches
 * pith_options.allocator (pith.h says so): json-c while it reads a JSON-LD block, and iconv's
 * converter state. To report it, --memory replaces malloc, as glibc lets a program do, and
 * counts what is allocated while `outside.on` is set around one extraction; pith's own
 * allocator below goes to glibc directly, so only the other libraries are counted. This is
 * the benchmark's one piece of global state (it runs one page at a time); sanitizer builds,
 * which replace malloc themselves, and other C libraries go without the figure.
 */
#if defined(__GLIBC__) && !defined(PITH_BENCH_NO_MALLOC_COUNT)
#include <malloc.h>
#define OUTSIDE_COUNTED 1
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void __libc_free(void *ptr);

static struct outside_count {
    int on;
    long long in_use, peak; /* net bytes since `on`; a block from before may be freed */
} outside;

static void
outside_add(long long d)
{
    outside.in_use += d;
    if (outside.in_use > outside.peak)
        outside.peak = outside.in_use;
}

void *
malloc(size_t size)
{
    void *p = __libc_malloc(size);
    if (p && outside.on)
        outside_add((long long)malloc_usable_size(p));
    return p;
}

void *
calloc(size_t n, size_t size)
{
    void *p = __libc_calloc(n, size);
    if (p && outside.on)
        outside_add((long long)malloc_usable_size(p));
    return p;
}

void *
realloc(void *ptr, size_t size)
{
    long long before = ptr && outside.on ? (long long)malloc_usable_size(ptr) : 0;
    void *p = __libc_realloc(ptr, size);
    if (outside.on && (p || size == 0))
        outside_add((p ? (long long)malloc_usable_size(p) : 0) - before);
    return p;
}

void
free(void *ptr)
{
    if (ptr && outside.on)
        outside_add(-(long long)malloc_usable_size(ptr));
    __libc_free(ptr);
}
#define PITH_OWN_MALLOC __libc_malloc
#define PITH_OWN_FREE __libc_free
#else
#define OUTSIDE_COUNTED 0
#define PITH_OWN_MALLOC malloc
#define PITH_OWN_FREE free
#endif

static void *
count_alloc(void *ctx, size_t size)
{
    counting *c = ctx;
    void *p = PITH_OWN_MALLOC(size);
    if (p) {
        c->in_use += size;
        if (c->in_use > c->peak)
            c->peak = c->in_use;
        c->live++;
        c->calls++;
    }
    return p;
}

static void
count_free(void *ctx, void *ptr, size_t size)
{
    counting *c = ctx;
    if (!ptr)
        return;
    c->in_use -= size;
    c->live--;
    PITH_OWN_FREE(ptr);
}

/* Gumbo's free does not say how big the block was, so its counting allocator keeps a header. */
static void *
gumbo_count_alloc(void *ctx, size_t size)
{
    counting *c = ctx;
    max_align_t *p = malloc(sizeof(max_align_t) + size);
    if (!p)
        return NULL;
    memcpy(p, &size, sizeof size);
    c->in_use += size;
    if (c->in_use > c->peak)
        c->peak = c->in_use;
    return p + 1;
}

static void
gumbo_count_free(void *ctx, void *ptr)
{
    counting *c = ctx;
    if (!ptr)
        return;
    max_align_t *p = (max_align_t *)ptr - 1;
    size_t size;
    memcpy(&size, p, sizeof size);
    c->in_use -= size;
    free(p);
}

typedef struct job_stats {
    size_t by_status[16];
    size_t out_bytes;
} job_stats;

static pith_status
run_job(const char *html, size_t len, const pith_options *o, size_t *out_len)
{
    pith_result *r = NULL;
    pith_status st = pith_extract(html, len, o, &r);
    if (r) {
        char *out = NULL;
        size_t n = 0;
        if (pith_render(r, PITH_FORMAT_JSON, &out, &n) == PITH_OK && out_len)
            *out_len = n;
        pith_buffer_free(out);
        pith_result_free(r);
    }
    return st;
}

static void
run_reference(const char *html, size_t len)
{
    GumboOptions go = kGumboDefaultOptions;
    go.max_errors = 0;
    GumboOutput *out = gumbo_parse_with_options(&go, html, len);
    gumbo_destroy_output(&go, out);
}

typedef struct series {
    double *v;
    size_t n;
    double total;
} series;

static void
print_series(const char *name, series *s, double bytes)
{
    double *sorted = bench_xrealloc(NULL, (s->n ? s->n : 1) * sizeof(double));
    memcpy(sorted, s->v, s->n * sizeof(double));
    qsort(sorted, s->n, sizeof(double), bench_cmp_double);
    printf("%-16s %9.1f %8.2f %8.3f %8.3f %8.3f %8.3f %9.3f\n", name,
           s->total > 0 ? (double)s->n / s->total : 0, s->total > 0 ? bytes / MIB / s->total : 0,
           bench_pct(sorted, s->n, 50) * 1e3, bench_pct(sorted, s->n, 90) * 1e3,
           bench_pct(sorted, s->n, 99) * 1e3, bench_pct(sorted, s->n, 100) * 1e3, s->total);
    free(sorted);
}

/* profile: one run per page of the full job (1) or of the reference (2), nothing else, so
 * that callgrind's counts are one pass over the pages. */
static int
speed(const bench_paths *pages, unsigned reps, int per_page, int profile)
{
    pith_options o;
    pith_options_init(&o, sizeof o);
    series job = {bench_xrealloc(NULL, pages->n * sizeof(double)), 0, 0};
    series ref = {bench_xrealloc(NULL, pages->n * sizeof(double)), 0, 0};
    double *ratios = bench_xrealloc(NULL, pages->n * sizeof(double));
    double *tj = bench_xrealloc(NULL, reps * sizeof(double));
    double *tr = bench_xrealloc(NULL, reps * sizeof(double));
    job_stats js;
    memset(&js, 0, sizeof js);
    double bytes = 0, wall0 = bench_wall_now();
    if (per_page)
        printf("page\tbytes\tstatus\tfull_ms\tgumbo_ms\tratio\n");
    for (size_t i = 0; i < pages->n; i++) {
        size_t len;
        /* pages are read one at a time, so peak RSS is one page's worth, not the dataset's */
        char *html = bench_read_file(pages->v[i], &len);
        if (!html) {
            fprintf(stderr, "%s: %s\n", pages->v[i], strerror(errno));
            continue;
        }
        if (profile == 2) {
            run_reference(html, len);
        } else if (profile) {
            js.by_status[(unsigned)run_job(html, len, &o, NULL) & 15]++;
        }
        if (profile) {
            free(html);
            continue;
        }
        /* one untimed run of each warms caches and the allocator */
        pith_status st = run_job(html, len, &o, NULL);
        run_reference(html, len);
        size_t out_len = 0;
        for (unsigned r = 0; r < reps; r++) {
            double t0 = bench_cpu_now();
            run_job(html, len, &o, &out_len);
            double t1 = bench_cpu_now();
            run_reference(html, len);
            double t2 = bench_cpu_now();
            tj[r] = t1 - t0;
            tr[r] = t2 - t1;
        }
        double mj = bench_median(tj, reps), mr = bench_median(tr, reps);
        job.v[job.n++] = mj;
        ref.v[ref.n++] = mr;
        job.total += mj;
        ref.total += mr;
        ratios[i] = mr > 0 ? mj / mr : 0;
        bytes += (double)len;
        js.by_status[(unsigned)st < 16 ? (unsigned)st : 15]++;
        js.out_bytes += out_len;
        if (per_page)
            printf("%s\t%zu\t%s\t%.3f\t%.3f\t%.3f\n", pages->v[i], len, pith_status_name(st),
                   mj * 1e3, mr * 1e3, ratios[i]);
        free(html);
    }
    if (profile) {
        printf("pith-bench --profile: %zu pages, ok %zu\n", pages->n, js.by_status[0]);
        free(job.v), free(ref.v), free(ratios), free(tj), free(tr);
        return 0;
    }
    size_t n = job.n;
    printf("pith-bench: %zu pages, %.2f MiB, %u reps (median per page), thread CPU time, "
           "%ld cores online, %.1f s wall\n",
           n, bytes / MIB, reps, sysconf(_SC_NPROCESSORS_ONLN), bench_wall_now() - wall0);
    printf("%-16s %9s %8s %8s %8s %8s %8s %9s\n", "", "pages/s", "MiB/s", "p50 ms", "p90 ms",
           "p99 ms", "max ms", "total s");
    print_series("full job", &job, bytes);
    print_series("gumbo reference", &ref, bytes);
    double med_ratio = bench_median(ratios, n);
    double tot_ratio = ref.total > 0 ? job.total / ref.total : 0;
    printf("ratio full/reference: median per-page %.3f, total time %.3f (target <= 0.6)\n",
           med_ratio, tot_ratio);
    printf("statuses:");
    for (unsigned s = 0; s < 16; s++)
        if (js.by_status[s])
            printf(" %s %zu", pith_status_name((pith_status)s), js.by_status[s]);
    printf("; JSON output %.2f MiB\n", (double)js.out_bytes / MIB);
    printf("peak RSS: %.1f MiB (pages read one at a time)\n", bench_peak_rss_mib());
    free(job.v);
    free(ref.v);
    free(ratios);
    free(tj);
    free(tr);
    return 0;
}

typedef struct mem_row {
    const char *path;
    size_t len, peak, gumbo_peak;
    long long outside_peak; /* bytes json-c and iconv held at once, outside the allocator */
    double vs_target;
} mem_row;

static int
cmp_row(const void *a, const void *b)
{
    double x = ((const mem_row *)a)->vs_target, y = ((const mem_row *)b)->vs_target;
    return x < y ? 1 : x > y ? -1 : 0;
}

static int
memory(const bench_paths *pages, int per_page)
{
    mem_row *rows = bench_xrealloc(NULL, (pages->n ? pages->n : 1) * sizeof *rows);
    size_t n = 0, leaks = 0;
    double worst_per_byte = 0;
    long long worst_outside = 0;
    const char *worst_outside_page = NULL;
    if (per_page)
        printf("page\tbytes\tpith_peak\tgumbo_peak\toutside_peak\tvs_target\n");
    for (size_t i = 0; i < pages->n; i++) {
        size_t len;
        char *html = bench_read_file(pages->v[i], &len);
        if (!html)
            continue;
        counting c = {0, 0, 0, 0};
        pith_allocator a = {count_alloc, count_free, &c};
        pith_options o;
        pith_options_init(&o, sizeof o);
        o.allocator = &a;
#if OUTSIDE_COUNTED
        outside.in_use = outside.peak = 0;
        outside.on = 1;
#endif
        run_job(html, len, &o, NULL);
#if OUTSIDE_COUNTED
        outside.on = 0;
        long long out_peak = outside.peak;
        if (out_peak > worst_outside) {
            worst_outside = out_peak;
            worst_outside_page = pages->v[i];
        }
#else
        long long out_peak = 0;
#endif
        if (c.in_use != 0 || c.live != 0)
            leaks++;
        counting g = {0, 0, 0, 0};
        GumboOptions go = kGumboDefaultOptions;
        go.max_errors = 0;
        go.allocator = gumbo_count_alloc;
        go.deallocator = gumbo_count_free;
        go.userdata = &g;
        gumbo_destroy_output(&go, gumbo_parse_with_options(&go, html, len));
        double target = 12.0 * (double)len + 4 * MIB;
        rows[n] = (mem_row){pages->v[i], len, c.peak, g.peak, out_peak, (double)c.peak / target};
        if (len > 0 && (double)c.peak / (double)len > worst_per_byte)
            worst_per_byte = (double)c.peak / (double)len;
        if (per_page)
            printf("%s\t%zu\t%zu\t%zu\t%lld\t%.3f\n", pages->v[i], len, c.peak, g.peak,
                   out_peak, rows[n].vs_target);
        n++;
        free(html);
    }
    qsort(rows, n, sizeof *rows, cmp_row);
    double sum_p = 0, sum_g = 0, sum_len = 0, sum_out = 0;
    size_t with_outside = 0;
    for (size_t i = 0; i < n; i++) {
        sum_out += (double)rows[i].outside_peak;
        with_outside += rows[i].outside_peak > 0;
        sum_p += (double)rows[i].peak;
        sum_g += (double)rows[i].gumbo_peak;
        sum_len += (double)rows[i].len;
    }
    printf("pith-bench --memory: %zu pages, peak bytes in use during extract+render+frees\n", n);
    printf("mean peak: pith %.2f MiB, gumbo alone %.2f MiB, page %.3f MiB (pith %.1fx page)\n",
           n ? sum_p / (double)n / MIB : 0, n ? sum_g / (double)n / MIB : 0,
           n ? sum_len / (double)n / MIB : 0, sum_len > 0 ? sum_p / sum_len : 0);
    printf("worst peak/page-size: %.1fx; calls leaving memory in use: %zu\n", worst_per_byte,
           leaks);
    if (OUTSIDE_COUNTED)
        printf("outside the allocator (json-c, iconv): %zu pages used it, mean peak %.1f KiB, "
               "worst %.1f KiB (%s); not counted against max_memory\n",
               with_outside, n ? sum_out / (double)n / 1024 : 0, (double)worst_outside / 1024,
               worst_outside_page ? worst_outside_page : "-");
    else
        printf("outside the allocator (json-c, iconv): not measured in this build (sanitizers "
               "or a C library other than glibc replace malloc)\n");
    printf("worst vs target 12x page + 4 MiB: %.3f (<= 1 meets it)\n",
           n ? rows[0].vs_target : 0);
    printf("%-60s %10s %10s %10s %7s %8s\n", "highest against target", "page KiB", "pith KiB",
           "gumbo KiB", "x page", "/target");
    for (size_t i = 0; i < n && i < 8; i++)
        printf("%-60s %10.1f %10.1f %10.1f %7.1f %8.3f\n", rows[i].path,
               (double)rows[i].len / 1024, (double)rows[i].peak / 1024,
               (double)rows[i].gumbo_peak / 1024,
               rows[i].len ? (double)rows[i].peak / (double)rows[i].len : 0, rows[i].vs_target);
    printf("peak RSS: %.1f MiB\n", bench_peak_rss_mib());
    free(rows);
    return leaks ? 1 : 0;
}

static int
soak(const bench_paths *pages, unsigned long count)
{
    size_t n = pages->n;
    char **html = bench_xrealloc(NULL, n * sizeof *html);
    size_t *len = bench_xrealloc(NULL, n * sizeof *len);
    size_t loaded = 0;
    double bytes = 0;
    for (size_t i = 0; i < n; i++) {
        html[loaded] = bench_read_file(pages->v[i], &len[loaded]);
        if (html[loaded])
            bytes += (double)len[loaded++];
    }
    if (loaded == 0) {
        fprintf(stderr, "no pages\n");
        return 2;
    }
    counting c = {0, 0, 0, 0};
    pith_allocator a = {count_alloc, count_free, &c};
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.allocator = &a;
    printf("pith-bench --soak: %lu extractions over %zu pages (%.1f MiB loaded)\n", count,
           loaded, bytes / MIB);
    printf("%12s %10s %12s %14s %10s\n", "extractions", "RSS MiB", "peak MiB", "pith in use B",
           "cpu s");
    double first_rss = -1, max_rss = 0, t0 = bench_cpu_now();
    int bad = 0;
    for (unsigned long k = 1; k <= count; k++) {
        size_t i = (size_t)((k - 1) % loaded);
        run_job(html[i], len[i], &o, NULL);
        if (c.in_use != 0 || c.live != 0)
            bad = 1;
        if (k % 10000 == 0 || k == count) {
            double rss = bench_rss_now_mib();
            if (first_rss < 0)
                first_rss = rss;
            if (rss > max_rss)
                max_rss = rss;
            printf("%12lu %10.1f %12.1f %14zu %10.1f\n", k, rss, bench_peak_rss_mib(), c.in_use,
                   bench_cpu_now() - t0);
            fflush(stdout);
        }
    }
    printf("RSS first report %.1f MiB, highest %.1f MiB, growth %.1f MiB; pith memory left in "
           "use after a call: %s\n",
           first_rss, max_rss, max_rss - first_rss, bad ? "YES (leak)" : "never");
    for (size_t i = 0; i < loaded; i++)
        free(html[i]);
    free(html);
    free(len);
    return bad;
}

static void
usage(void)
{
    fprintf(stderr, "usage: pith-bench [--reps N] [--per-page] DIR|FILE...\n"
                    "       pith-bench --memory [--per-page] DIR|FILE...\n"
                    "       pith-bench --soak N DIR|FILE...\n"
                    "       pith-bench --profile|--profile-reference DIR|FILE...\n"
                    "  every *.html under each DIR is a page (e.g. ../shared/datasets/*/pages)\n");
}

int
main(int argc, char **argv)
{
    unsigned reps = 5;
    unsigned long soak_n = 0;
    int mode_memory = 0, per_page = 0, profile = 0;
    bench_paths pages = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--reps") == 0 && i + 1 < argc) {
            long v = strtol(argv[++i], NULL, 10);
            if (v < 1 || v > 1000) {
                usage();
                return 2;
            }
            reps = (unsigned)v;
        } else if (strcmp(a, "--memory") == 0) {
            mode_memory = 1;
        } else if (strcmp(a, "--profile") == 0) {
            profile = 1;
        } else if (strcmp(a, "--profile-reference") == 0) {
            profile = 2;
        } else if (strcmp(a, "--per-page") == 0) {
            per_page = 1;
        } else if (strcmp(a, "--soak") == 0 && i + 1 < argc) {
            soak_n = strtoul(argv[++i], NULL, 10);
            if (soak_n == 0) {
                usage();
                return 2;
            }
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage();
            return 0;
        } else if (a[0] == '-') {
            usage();
            return 2;
        } else {
            bench_collect(a, &pages);
        }
    }
    if (pages.n == 0) {
        usage();
        return 2;
    }
    int rc;
    if (soak_n)
        rc = soak(&pages, soak_n);
    else if (mode_memory)
        rc = memory(&pages, per_page);
    else
        rc = speed(&pages, reps, per_page, profile);
    for (size_t i = 0; i < pages.n; i++)
        free(pages.v[i]);
    free(pages.v);
    return rc;
}
