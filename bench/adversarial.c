/* SPDX-License-Identifier: MIT */
/*
 * pith-adversarial: pathological pages from 8 KiB to 32 MiB (doubling), each extracted with
 * the default options in a child process, so that a hang is cut off by RLIMIT_CPU and reported
 * rather than endured, and peak memory is the child's own (wait4's ru_maxrss).
 *
 *   pith-adversarial [--max-size BYTES] [--case NAME]... [--timeout S] [--real DIR]...
 *
 * Each case's CPU time per byte is compared with that of real pages of the same size (dataset
 * pages concatenated until the size is reached), the yardstick for "a fixed multiple of its
 * size". Targets: nothing at <= 8 MiB over 2 s CPU or 512 MiB; per-byte CPU within 10x real.
 */
#include "common.h"

#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "pith/pith.h"

#define KIB ((size_t)1024)
#define MIB ((size_t)1024 * 1024)

typedef struct gbuf {
    char *p;
    size_t n, cap;
} gbuf;

static void
gput(gbuf *b, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        b->p = bench_xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void
gputs(gbuf *b, const char *s)
{
    gput(b, s, strlen(s));
}

/*
 * A case is prefix, then unit repeated (with %zu, if present, replaced by the repetition's
 * number so that attributes and names are distinct), then close repeated as often as unit was
 * (for balanced nesting), then suffix; units stop when the next would pass the size. Units
 * are raw bytes of unit_len when that is nonzero (NULs, invalid UTF-8).
 */
typedef struct adv_case {
    const char *name;
    const char *prefix;
    const char *unit;
    size_t unit_len; /* 0: unit is a string, possibly with one %zu */
    const char *close;
    const char *suffix;
} adv_case;

#define DOC "<!DOCTYPE html><html><head><title>t</title></head><body>"
#define END "<p>The end of an adversarial page, with a sentence of text.</p></body></html>"

static const adv_case cases[] = {
    {"nest-div", DOC, "<div>", 0, NULL, END},
    {"nest-div-closed", DOC, "<div>", 0, "</div>", END},
    {"nest-b", DOC, "<b>", 0, NULL, END},
    {"nest-a", DOC, "<a href=x>", 0, NULL, END},
    {"nest-table", DOC, "<table><tr><td>", 0, NULL, END},
    {"nest-select", DOC, "<select>", 0, NULL, END},
    {"nest-select-option", DOC, "<select><option>", 0, NULL, END},
    {"nest-svg", DOC, "<svg><g>", 0, NULL, END},
    {"nest-template", DOC, "<template>", 0, NULL, END},
    {"nest-mixed-inline", DOC, "<i><b><u><s><em><strong>", 0, NULL, END},
    {"unclosed-formatting", DOC, "<p><b c=%zu>x", 0, NULL, END},
    {"misnested-a-div", DOC, "<a href=x><div>", 0, NULL, END},
    {"misnested-b-p", DOC, "<b><p>x</b>y", 0, NULL, END},
    {"tag-flood-p", DOC, "<p>x", 0, NULL, END},
    {"many-attributes", DOC "<div ", "a%zu=x ", 0, NULL, ">text</div>" END},
    {"many-class-words", DOC "<div class=\"", "article-content-sidebar-%zu ", 0, NULL,
     "\">text</div>" END},
    {"huge-attr-value", DOC "<div title=\"", "xxxxxxxx", 0, NULL, "\">text</div>" END},
    {"entity-amp", DOC "<p>", "&amp;", 0, NULL, "</p>" END},
    {"entity-big-numeric", DOC "<p>", "&#4294967100;", 0, NULL, "</p>" END},
    {"entity-unterminated", DOC "<p>", "&notin", 0, NULL, "</p>" END},
    {"huge-comment", DOC "<!--", "comment ", 0, NULL, "-->" END},
    {"unterminated-comment", DOC "<p>x</p><!--", "comment ", 0, NULL, ""},
    {"huge-script", DOC "<script>", "var a = 1; if (a < 2) { a++; } ", 0, NULL,
     "</script>" END},
    {"script-escapes", DOC "<script>", "<!--<script>", 0, NULL, "</script>" END},
    {"huge-style", DOC "<style>", ".a > .b { color: red } ", 0, NULL, "</style>" END},
    {"nul-bytes", DOC "<p>", "a\0", 2, NULL, "</p>" END},
    {"invalid-utf8", DOC "<p>", "\xff\xfe\x80\xbf\xc0\xaf\xe0\x80\xaf\xed\xa0\x80", 12, NULL,
     "</p>" END},
    {"overlong-utf8", DOC "<p>", "\xf8\x88\x80\x80\x80\xfc\x84\x80\x80\x80\x80\xc1\x81", 13,
     NULL, "</p>" END},
    {"charset-sjis-broken", "<meta charset=\"shift_jis\">" DOC "<p>", "\x81\x81\x82\xff", 4,
     NULL, "</p>" END},
    {"charset-iso2022jp", "<meta charset=\"iso-2022-jp\">" DOC "<p>", "\x1b$B0!\x1b(Bx\x1b$", 11,
     NULL, "</p>" END},
    {"charset-gb18030-broken", "<meta charset=\"gb18030\">" DOC "<p>", "\x81\x30\x81\xff\x84",
     5, NULL, "</p>" END},
    {"charset-utf16-label", "<meta charset=\"utf-16\">" DOC "<p>", "\x00<\x00p\xd8\x00", 7, NULL,
     "</p>" END},
    {"jsonld-huge-body",
     "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
     "\"headline\":\"h\",\"articleBody\":\"",
     "word and word. ", 0, NULL, "\"}</script></head><body>" END},
    {"jsonld-many-keys", "<html><head><script type=\"application/ld+json\">{\"@type\":\"Article\",",
     "\"k%zu\":\"v\",", 0, NULL, "\"z\":1}</script></head><body>" END},
    {"jsonld-deep-arrays", "<html><head><script type=\"application/ld+json\">", "[", 0, "]",
     "</script></head><body>" END},
    {"jsonld-deep-objects", "<html><head><script type=\"application/ld+json\">",
     "{\"@type\":\"Article\",\"author\":", 0, "}", "</script></head><body>" END},
    {"jsonld-many-scripts", "<html><head>",
     "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":\"%zu\"}"
     "</script>",
     0, NULL, "</head><body>" END},
    {"date-like-text", DOC "<p>", "January 7 2022 Mon, 07 Jan 2022 7. Januar ", 0, NULL,
     "</p>" END},
    {"one-long-word", DOC "<p>", "abcdefgh", 0, NULL, "</p>" END},
    {"whitespace", DOC "<p>", " \n\t ", 0, NULL, "</p>" END},
};
#define N_CASES (sizeof cases / sizeof cases[0])

static size_t
fmt_unit(const adv_case *c, size_t i, char *out, size_t cap)
{
    if (c->unit_len) {
        memcpy(out, c->unit, c->unit_len);
        return c->unit_len;
    }
    const char *pct = strstr(c->unit, "%zu");
    if (!pct) {
        size_t n = strlen(c->unit);
        memcpy(out, c->unit, n);
        return n;
    }
    size_t head = (size_t)(pct - c->unit);
    memcpy(out, c->unit, head);
    int k = snprintf(out + head, cap - head, "%zu%s", i, pct + 3);
    return head + (size_t)k;
}

static void
generate(const adv_case *c, size_t size, gbuf *b)
{
    b->n = 0;
    gputs(b, c->prefix);
    size_t suffix = strlen(c->suffix), close = c->close ? strlen(c->close) : 0;
    char unit[512];
    size_t count = 0;
    for (size_t i = 0;; i++) {
        size_t n = fmt_unit(c, i, unit, sizeof unit);
        if (b->n + n + close * (count + 1) + suffix > size)
            break;
        gput(b, unit, n);
        count++;
    }
    for (size_t i = 0; i < count; i++)
        gput(b, c->close, close);
    gput(b, c->suffix, suffix);
}

/* Real pages, concatenated (cycling) to exactly size bytes. */
static void
generate_real(const bench_paths *real, size_t size, gbuf *b)
{
    b->n = 0;
    for (size_t i = 0; b->n < size && real->n > 0; i = (i + 1) % real->n) {
        size_t len;
        char *page = bench_read_file(real->v[i], &len);
        if (!page)
            continue;
        gput(b, page, len < size - b->n ? len : size - b->n);
        free(page);
    }
}

typedef struct outcome {
    int ok;        /* the child reported */
    int status;    /* pith_status */
    double cpu;    /* seconds per extraction (median of the warm repetitions) */
    double cold;   /* seconds of the first extraction in the fresh child */
    double rss;    /* MiB, child's peak */
    unsigned reps;
    size_t bytes;
    char what[48]; /* when !ok: timeout, killed, exit code */
} outcome;

typedef struct report {
    int status;
    unsigned reps;
    double cpu;  /* median of the warm runs */
    double cold; /* the first run, in a fresh process */
    size_t bytes;
} report;

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Warm runs after the first, cold one: at least 3, and up to 50 while under 0.3 s. */
#define WARM_MIN 3
#define WARM_MAX 50
#define WARM_SECONDS 0.3
/* A first run this slow is reported as it is: repeating it would only risk RLIMIT_CPU. */
#define COLD_ONLY_SECONDS 2.0

/* In the child: build the page and extract it once cold, then repeatedly warm. CPU per byte
 * is the median of the warm runs: the mean of a few runs of a slow case carried its cold first
 * run (fresh arena pages) and any preemption, and moved the ratio to real pages by a third
 * between identical runs. The cold run is what a one-shot extraction pays, so the 2 s check
 * uses it. */
static void
child(const adv_case *c, const bench_paths *real, size_t size, int fd, unsigned timeout)
{
    struct rlimit rl = {timeout, timeout + 1};
    setrlimit(RLIMIT_CPU, &rl);
    gbuf b = {0};
    if (c)
        generate(c, size, &b);
    else
        generate_real(real, size, &b);
    report r = {0, 0, 0, 0, b.n};
    double warm[WARM_MAX], spent = 0;
    for (unsigned run = 0;; run++) {
        pith_result *res = NULL;
        double t0 = bench_cpu_now();
        r.status = (int)pith_extract(b.p, b.n, NULL, &res);
        pith_result_free(res);
        double t = bench_cpu_now() - t0;
        if (run == 0) {
            r.cold = t;
            if (t >= COLD_ONLY_SECONDS)
                break;
            continue;
        }
        warm[r.reps++] = t;
        spent += t;
        if (r.reps >= WARM_MAX || (r.reps >= WARM_MIN && spent >= WARM_SECONDS))
            break;
    }
    if (r.reps == 0) {
        r.cpu = r.cold;
    } else {
        qsort(warm, r.reps, sizeof warm[0], cmp_double);
        r.cpu = r.reps % 2 ? warm[r.reps / 2] : (warm[r.reps / 2 - 1] + warm[r.reps / 2]) / 2;
    }
    if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
        _exit(3);
    _exit(0);
}

static outcome
measure(const adv_case *c, const bench_paths *real, size_t size, unsigned timeout)
{
    outcome o;
    memset(&o, 0, sizeof o);
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(o.what, sizeof o.what, "pipe failed");
        return o;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        child(c, real, size, fds[1], timeout);
    }
    close(fds[1]);
    report r;
    ssize_t got = pid > 0 ? read(fds[0], &r, sizeof r) : -1;
    close(fds[0]);
    int wst = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    if (pid > 0)
        wait4(pid, &wst, 0, &ru);
    o.rss = (double)ru.ru_maxrss / 1024.0;
    if (got == (ssize_t)sizeof r && WIFEXITED(wst) && WEXITSTATUS(wst) == 0) {
        o.ok = 1;
        o.status = r.status;
        o.cpu = r.cpu;
        o.cold = r.cold;
        o.reps = r.reps;
        o.bytes = r.bytes;
    } else if (WIFSIGNALED(wst) && (WTERMSIG(wst) == SIGXCPU || WTERMSIG(wst) == SIGKILL)) {
        o.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
        o.cold = o.cpu;
        snprintf(o.what, sizeof o.what, "TIMEOUT (>%us CPU)", timeout);
    } else if (WIFSIGNALED(wst)) {
        snprintf(o.what, sizeof o.what, "CRASH signal %d", WTERMSIG(wst));
    } else {
        snprintf(o.what, sizeof o.what, "exit %d", WEXITSTATUS(wst));
    }
    return o;
}

static void
usage(void)
{
    fprintf(stderr, "usage: pith-adversarial [--max-size BYTES] [--case NAME]... [--timeout S] "
                    "[--real DIR]...\n  cases:");
    for (size_t i = 0; i < N_CASES; i++)
        fprintf(stderr, " %s", cases[i].name);
    fprintf(stderr, "\n");
}

int
main(int argc, char **argv)
{
    size_t max_size = 32 * MIB;
    unsigned timeout = 20;
    const char *only[64];
    size_t n_only = 0;
    bench_paths real = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--max-size") == 0 && i + 1 < argc) {
            max_size = (size_t)strtoull(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
            timeout = (unsigned)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--case") == 0 && i + 1 < argc && n_only < 64) {
            only[n_only++] = argv[++i];
        } else if (strcmp(argv[i], "--real") == 0 && i + 1 < argc) {
            bench_collect(argv[++i], &real);
        } else {
            usage();
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    if (real.n == 0) {
        /* the datasets' pages/ folders (their truth/ folders hold annotated copies) */
        bench_paths all = {0};
        bench_collect(PITH_SOURCE_DIR "/../shared/datasets", &all);
        for (size_t i = 0; i < all.n; i++) {
            if (strstr(all.v[i], "/pages/"))
                bench_paths_push(&real, all.v[i]);
            else
                free(all.v[i]);
        }
        free(all.v);
        if (real.n == 0)
            bench_collect(PITH_SOURCE_DIR "/corpus", &real);
    }
    if (real.n == 0 || timeout == 0) {
        fprintf(stderr, "no real pages to compare with (--real DIR)\n");
        return 2;
    }
    size_t sizes[32], n_sizes = 0;
    for (size_t s = 8 * KIB; s <= max_size && n_sizes < 32; s *= 2)
        sizes[n_sizes++] = s;
    printf("pith-adversarial: %zu sizes 8 KiB..%zu KiB, default options, child per run, "
           "RLIMIT_CPU %us, %ld cores online; real pages: %zu files\n",
           n_sizes, sizes[n_sizes - 1] / KIB, timeout, sysconf(_SC_NPROCESSORS_ONLN), real.n);
    printf("%-24s %9s %-16s %10s %10s %9s %9s %8s\n", "case", "KiB", "status", "cold ms", "warm ms",
           "peak MiB",
           "ns/byte", "x real");
    double real_per_byte[32];
    for (size_t k = 0; k < n_sizes; k++) {
        outcome o = measure(NULL, &real, sizes[k], timeout);
        real_per_byte[k] = o.ok && o.bytes ? o.cpu / (double)o.bytes : 0;
        printf("%-24s %9zu %-16s %10.2f %10.2f %9.1f %9.2f %8s\n", "(real pages)",
               sizes[k] / KIB, o.ok ? pith_status_name((pith_status)o.status) : o.what,
               o.cold * 1e3, o.cpu * 1e3, o.rss,
               real_per_byte[k] * 1e9, "1.00");
    }
    double worst_ratio = 0, worst_cpu8 = 0, worst_rss8 = 0;
    const char *worst_ratio_case = "", *worst_cpu_case = "", *worst_rss_case = "";
    size_t worst_ratio_size = 0, failures = 0, crashes = 0;
    for (size_t ci = 0; ci < N_CASES; ci++) {
        const adv_case *c = &cases[ci];
        if (n_only) {
            size_t j = 0;
            while (j < n_only && strcmp(only[j], c->name) != 0)
                j++;
            if (j == n_only)
                continue;
        }
        for (size_t k = 0; k < n_sizes; k++) {
            outcome o = measure(c, &real, sizes[k], timeout);
            double per_byte = o.bytes ? o.cpu / (double)o.bytes : o.cpu / (double)sizes[k];
            double ratio = real_per_byte[k] > 0 ? per_byte / real_per_byte[k] : 0;
            char rs[16];
            snprintf(rs, sizeof rs, "%.2f", ratio);
            printf("%-24s %9zu %-16s %10.2f %10.2f %9.1f %9.2f %8s\n", c->name, sizes[k] / KIB,
                   o.ok ? pith_status_name((pith_status)o.status) : o.what, o.cold * 1e3,
                   o.cpu * 1e3, o.rss,
                   per_byte * 1e9, o.ok ? rs : "-");
            if (!o.ok) {
                failures++;
                if (strncmp(o.what, "CRASH", 5) == 0)
                    crashes++;
                break; /* larger sizes of a case that timed out would only time out too */
            }
            if (ratio > worst_ratio) {
                worst_ratio = ratio;
                worst_ratio_case = c->name;
                worst_ratio_size = sizes[k];
            }
            if (sizes[k] <= 8 * MIB && o.cold > worst_cpu8) {
                worst_cpu8 = o.cold;
                worst_cpu_case = c->name;
            }
            if (sizes[k] <= 8 * MIB && o.rss > worst_rss8) {
                worst_rss8 = o.rss;
                worst_rss_case = c->name;
            }
        }
        fflush(stdout);
    }
    printf("summary: worst CPU at <= 8 MiB %.2f s cold (%s; target <= 2 s), worst peak RSS at <= 8 MiB "
           "%.1f MiB (%s; target <= 512 MiB)\n",
           worst_cpu8, worst_cpu_case, worst_rss8, worst_rss_case);
    printf("summary: worst CPU per byte (warm median) %.2fx real pages (%s at %zu KiB; target <= 10x); "
           "timeouts/failures %zu, crashes %zu\n",
           worst_ratio, worst_ratio_case, worst_ratio_size / KIB, failures, crashes);
    for (size_t i = 0; i < real.n; i++)
        free(real.v[i]);
    free(real.v);
    return crashes ? 1 : 0;
}
