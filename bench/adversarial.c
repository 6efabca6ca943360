/* SPDX-License-Identifier: MIT */
/*
 * pith-adversarial: pathological pages from 8 KiB to 32 MiB (doubling), each extracted with
 * the default options in a child process, so that a hang is cut off by RLIMIT_CPU and reported
 * rather than endured, and peak memory is the child's own (wait4's ru_maxrss).
 *
 *   pith-adversarial [--min-size BYTES] [--max-size BYTES] [--max-depth N] [--case NAME]...
 *                    [--timeout S] [--real DIR]...
 *
 * Each case's CPU time per byte is compared with that of real pages of the same size (dataset
 * pages concatenated until the size is reached), the yardstick for "a fixed multiple of its
 * size". Targets: nothing at <= 8 MiB over 2 s CPU or 512 MiB; per-byte CPU within 10x real.
 * --max-depth runs every case with that pith_options.max_depth (the deep-* cases nest to just
 * under it), for the worst case at the deepest depth the library accepts.
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
 * A case is prefix, then lead repeated to just under max_depth (deep-* cases), then unit
 * repeated (with %zu, if present, replaced by the repetition's number so that attributes and
 * names are distinct), then close repeated as often as unit was (for balanced nesting), then
 * suffix; units stop when the next would pass the size. Units are raw bytes of unit_len when
 * that is nonzero (NULs, invalid UTF-8).
 */
typedef struct adv_case {
    const char *name;
    const char *prefix;
    const char *unit;
    size_t unit_len; /* 0: unit is a string, possibly with one %zu */
    const char *close;
    const char *suffix;
    const char *lead; /* NULL, or opened max_depth - LEAD_SLACK times after prefix */
} adv_case;

/* html and body, which gumbo opens itself, and a few levels for what the unit opens: a lead
 * this much shorter than max_depth is kept whole, so the unit runs at the deepest kept level. */
#define LEAD_SLACK 8u

#define DOC "<!DOCTYPE html><html><head><title>t</title></head><body>"
#define END "<p>The end of an adversarial page, with a sentence of text.</p></body></html>"

static const adv_case cases[] = {
    {"nest-div", DOC, "<div>", 0, NULL, END, NULL},
    {"nest-div-closed", DOC, "<div>", 0, "</div>", END, NULL},
    {"nest-b", DOC, "<b>", 0, NULL, END, NULL},
    {"nest-a", DOC, "<a href=x>", 0, NULL, END, NULL},
    {"nest-table", DOC, "<table><tr><td>", 0, NULL, END, NULL},
    {"nest-select", DOC, "<select>", 0, NULL, END, NULL},
    {"nest-select-option", DOC, "<select><option>", 0, NULL, END, NULL},
    {"nest-svg", DOC, "<svg><g>", 0, NULL, END, NULL},
    {"nest-template", DOC, "<template>", 0, NULL, END, NULL},
    {"nest-mixed-inline", DOC, "<i><b><u><s><em><strong>", 0, NULL, END, NULL},
    {"unclosed-formatting", DOC, "<p><b c=%zu>x", 0, NULL, END, NULL},
    {"misnested-a-div", DOC, "<a href=x><div>", 0, NULL, END, NULL},
    {"misnested-b-p", DOC, "<b><p>x</b>y", 0, NULL, END, NULL},
    {"tag-flood-p", DOC, "<p>x", 0, NULL, END, NULL},
    /* End tags that close nothing: gumbo makes an element for </p> and </br>, and searches
     * its stack for the others. */
    {"flood-end-p", DOC, "</p>", 0, NULL, END, NULL},
    {"flood-end-br", DOC, "</br>", 0, NULL, END, NULL},
    {"flood-text-end-p", DOC, "x</p>", 0, NULL, END, NULL},
    {"flood-end-x", DOC, "</x>", 0, NULL, END, NULL},
    /* Tags for which gumbo adds wrappers (tbody, tr) of its own. */
    {"flood-table-td", DOC, "<table><td>x</table>", 0, NULL, END, NULL},
    {"flood-tr-td", DOC "<table>", "</tr><td>x", 0, NULL, "</table>" END, NULL},
    /* Floods of elements that carry attributes some stage reads (the screen drops the rest):
     * each costs gumbo a node, an attribute vector and copies of the name and value, and pith
     * an index node, so they are the most memory per input byte. */
    {"flood-a-href", DOC, "<a href=/x>x</a>", 0, NULL, END, NULL},
    {"flood-a-href-distinct", DOC, "<a href=/x%zu>x</a>", 0, NULL, END, NULL},
    {"flood-a-href-space", DOC, "<a href=/x>x</a> ", 0, NULL, END, NULL},
    {"flood-li-a", DOC "<ul>", "<li><a href=/x>x</a>", 0, NULL, "</ul>" END, NULL},
    {"flood-span-class", DOC, "<span class=c>x</span>", 0, NULL, END, NULL},
    {"flood-p-class-id", DOC, "<p class=c id=p%zu>x", 0, NULL, END, NULL},
    {"flood-img-class", DOC, "<img class=c>", 0, NULL, END, NULL},
    {"flood-td-class", DOC "<table>", "<tr><td class=c>x", 0, NULL, "</table>" END, NULL},
    {"flood-read-attrs", DOC,
     "<a href=x class=c id=i name=n rel=r role=r lang=l dir=d type=t itemprop=p>x</a>", 0,
     NULL, END, NULL},
    {"flood-all-read-attrs", DOC,
     "<b aria-hidden charset class content color datetime dir encoding face href hidden "
     "http-equiv id itemprop itemscope itemtype lang name property pubdate rel role size type "
     "xml:lang style=display:none>x</b> ",
     0, NULL, END, NULL},
    /* Elements with a text and short attributes some stage reads, sized so that 8 MiB holds
     * just under max_nodes of them (16 bytes: 2^19, 33 bytes: 2^18): the most memory 8 MiB can
     * take, elements up to the limit and the rest of the bytes in attributes. */
    {"flood-b-2attrs", DOC, "<b id dir>x</b> ", 0, NULL, END, NULL},
    {"flood-a-href-16", DOC, "<a href=x>x</a> ", 0, NULL, END, NULL},
    {"flood-b-5attrs-33", DOC, "<b id=12 dir rel lang role>x</b> ", 0, NULL, END, NULL},
    {"flood-b-7attrs", DOC, "<b id dir rel lang name role>x</b> ", 0, NULL, END, NULL},
    {"flood-br", DOC, "<br>", 0, NULL, END, NULL},
    {"flood-span", DOC, "<span>x</span>", 0, NULL, END, NULL},
    {"many-attributes", DOC "<div ", "a%zu=x ", 0, NULL, ">text</div>" END, NULL},
    {"many-class-words", DOC "<div class=\"", "article-content-sidebar-%zu ", 0, NULL,
     "\">text</div>" END, NULL},
    {"huge-attr-value", DOC "<div title=\"", "xxxxxxxx", 0, NULL, "\">text</div>" END, NULL},
    {"entity-amp", DOC "<p>", "&amp;", 0, NULL, "</p>" END, NULL},
    {"entity-big-numeric", DOC "<p>", "&#4294967100;", 0, NULL, "</p>" END, NULL},
    {"entity-unterminated", DOC "<p>", "&notin", 0, NULL, "</p>" END, NULL},
    {"huge-comment", DOC "<!--", "comment ", 0, NULL, "-->" END, NULL},
    {"unterminated-comment", DOC "<p>x</p><!--", "comment ", 0, NULL, "", NULL},
    {"huge-script", DOC "<script>", "var a = 1; if (a < 2) { a++; } ", 0, NULL,
     "</script>" END, NULL},
    {"script-escapes", DOC "<script>", "<!--<script>", 0, NULL, "</script>" END, NULL},
    {"huge-style", DOC "<style>", ".a > .b { color: red } ", 0, NULL, "</style>" END, NULL},
    {"nul-bytes", DOC "<p>", "a\0", 2, NULL, "</p>" END, NULL},
    {"invalid-utf8", DOC "<p>", "\xff\xfe\x80\xbf\xc0\xaf\xe0\x80\xaf\xed\xa0\x80", 12, NULL,
     "</p>" END, NULL},
    {"overlong-utf8", DOC "<p>", "\xf8\x88\x80\x80\x80\xfc\x84\x80\x80\x80\x80\xc1\x81", 13,
     NULL, "</p>" END, NULL},
    {"charset-sjis-broken", "<meta charset=\"shift_jis\">" DOC "<p>", "\x81\x81\x82\xff", 4,
     NULL, "</p>" END, NULL},
    {"charset-iso2022jp", "<meta charset=\"iso-2022-jp\">" DOC "<p>", "\x1b$B0!\x1b(Bx\x1b$", 11,
     NULL, "</p>" END, NULL},
    {"charset-gb18030-broken", "<meta charset=\"gb18030\">" DOC "<p>", "\x81\x30\x81\xff\x84",
     5, NULL, "</p>" END, NULL},
    {"charset-utf16-label", "<meta charset=\"utf-16\">" DOC "<p>", "\x00<\x00p\xd8\x00", 7, NULL,
     "</p>" END, NULL},
    {"jsonld-huge-body",
     "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
     "\"headline\":\"h\",\"articleBody\":\"",
     "word and word. ", 0, NULL, "\"}</script></head><body>" END, NULL},
    {"jsonld-many-keys", "<html><head><script type=\"application/ld+json\">{\"@type\":\"Article\",",
     "\"k%zu\":\"v\",", 0, NULL, "\"z\":1}</script></head><body>" END, NULL},
    {"jsonld-deep-arrays", "<html><head><script type=\"application/ld+json\">", "[", 0, "]",
     "</script></head><body>" END, NULL},
    {"jsonld-deep-objects", "<html><head><script type=\"application/ld+json\">",
     "{\"@type\":\"Article\",\"author\":", 0, "}", "</script></head><body>" END, NULL},
    {"jsonld-many-scripts", "<html><head>",
     "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":\"%zu\"}"
     "</script>",
     0, NULL, "</head><body>" END, NULL},
    {"date-like-text", DOC "<p>", "January 7 2022 Mon, 07 Jan 2022 7. Januar ", 0, NULL,
     "</p>" END, NULL},
    {"one-long-word", DOC "<p>", "abcdefgh", 0, NULL, "</p>" END, NULL},
    {"whitespace", DOC "<p>", " \n\t ", 0, NULL, "</p>" END, NULL},
    /* At the deepest kept level, where each token can make gumbo search the whole stack. */
    {"deep-div", DOC, "<p>x", 0, NULL, END, "<div>"},
    {"deep-div-churn", DOC, "</div><div>", 0, NULL, END, "<div>"},
    {"deep-div-li", DOC, "<li>x", 0, NULL, END, "<div>"},
    {"deep-div-end-p", DOC, "</p>", 0, NULL, END, "<div>"},
    {"deep-span-end-x", DOC, "</x>", 0, NULL, END, "<span>"},
    {"deep-span-end-div", DOC, "</div>", 0, NULL, END, "<span>"},
    {"deep-object-end-div", DOC "<div><object>", "</div>", 0, NULL, END, "<span>"},
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
generate(const adv_case *c, size_t size, unsigned max_depth, gbuf *b)
{
    b->n = 0;
    gputs(b, c->prefix);
    for (unsigned d = 0; c->lead && d + LEAD_SLACK < max_depth && b->n < size; d++)
        gputs(b, c->lead);
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

/* The README's claim for any input of 8 MiB or less, child's CPU time and peak RSS (which
 * counts the input, its generation buffer and the binary, ~10 MiB at 8 MiB). */
#define CLAIM_CPU_SECONDS 2.0
#define CLAIM_PEAK_MIB 512.0

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
child(const adv_case *c, const bench_paths *real, size_t size, int fd, unsigned timeout,
      const pith_options *opts)
{
    struct rlimit rl = {timeout, timeout + 1};
    setrlimit(RLIMIT_CPU, &rl);
    gbuf b = {0};
    if (c)
        generate(c, size, opts->max_depth, &b);
    else
        generate_real(real, size, &b);
    report r = {0, 0, 0, 0, b.n};
    double warm[WARM_MAX], spent = 0;
    for (unsigned run = 0;; run++) {
        pith_result *res = NULL;
        double t0 = bench_cpu_now();
        r.status = (int)pith_extract(b.p, b.n, opts, &res);
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
measure(const adv_case *c, const bench_paths *real, size_t size, unsigned timeout,
        const pith_options *opts)
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
        child(c, real, size, fds[1], timeout, opts);
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
    fprintf(stderr, "usage: pith-adversarial [--min-size BYTES] [--max-size BYTES] [--max-depth N] "
                    "[--case NAME]... [--timeout S] [--real DIR]...\n  cases:");
    for (size_t i = 0; i < N_CASES; i++)
        fprintf(stderr, " %s", cases[i].name);
    fprintf(stderr, "\n");
}

int
main(int argc, char **argv)
{
    size_t min_size = 8 * KIB, max_size = 32 * MIB;
    unsigned timeout = 20;
    pith_options opts;
    pith_options_init(&opts, sizeof opts);
    const char *only[64];
    size_t n_only = 0;
    bench_paths real = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--max-size") == 0 && i + 1 < argc) {
            max_size = (size_t)strtoull(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--min-size") == 0 && i + 1 < argc) {
            min_size = (size_t)strtoull(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--max-depth") == 0 && i + 1 < argc) {
            opts.max_depth = (unsigned)strtoul(argv[++i], NULL, 10);
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
    for (size_t s = min_size; s > 0 && s <= max_size && n_sizes < 32; s *= 2)
        sizes[n_sizes++] = s;
    if (n_sizes == 0) {
        fprintf(stderr, "no sizes from --min-size to --max-size\n");
        return 2;
    }
    printf("pith-adversarial: %zu sizes %zu KiB..%zu KiB, default options but max_depth %u, "
           "child per run, RLIMIT_CPU %us, CPU time (not wall), %ld cores online; real pages: "
           "%zu files\n",
           n_sizes, sizes[0] / KIB, sizes[n_sizes - 1] / KIB, opts.max_depth, timeout,
           sysconf(_SC_NPROCESSORS_ONLN), real.n);
    printf("%-24s %9s %-16s %10s %10s %9s %9s %8s\n", "case", "KiB", "status", "cold ms", "warm ms",
           "peak MiB",
           "ns/byte", "x real");
    double real_per_byte[32];
    for (size_t k = 0; k < n_sizes; k++) {
        outcome o = measure(NULL, &real, sizes[k], timeout, &opts);
        real_per_byte[k] = o.ok && o.bytes ? o.cpu / (double)o.bytes : 0;
        printf("%-24s %9zu %-16s %10.2f %10.2f %9.1f %9.2f %8s\n", "(real pages)",
               sizes[k] / KIB, o.ok ? pith_status_name((pith_status)o.status) : o.what,
               o.cold * 1e3, o.cpu * 1e3, o.rss,
               real_per_byte[k] * 1e9, "1.00");
    }
    double worst_ratio = 0, worst_cpu8 = 0, worst_rss8 = 0;
    size_t failures8 = 0;
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
            outcome o = measure(c, &real, sizes[k], timeout, &opts);
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
                failures8 += sizes[k] <= 8 * MIB;
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
    /* The README's claim, checked: a timeout counts against the CPU target. */
    int cpu_met = worst_cpu8 <= CLAIM_CPU_SECONDS && failures8 == 0;
    int rss_met = worst_rss8 <= CLAIM_PEAK_MIB;
    printf("check: CPU <= %.0f s for every case <= 8 MiB: %s\n", CLAIM_CPU_SECONDS,
           cpu_met ? "met" : "NOT MET");
    printf("check: peak RSS <= %.0f MiB for every case <= 8 MiB: %s\n", CLAIM_PEAK_MIB,
           rss_met ? "met" : "NOT MET");
    for (size_t i = 0; i < real.n; i++)
        free(real.v[i]);
    free(real.v);
    return crashes ? 1 : !cpu_met || !rss_met ? 3 : 0;
}
