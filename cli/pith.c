/* SPDX-License-Identifier: MIT */
/*
 * pith: the article of saved web pages, from the command line.
 *
 * One page, or many: files, directories (recursively), a list of paths on stdin, or WARC
 * files. Pages are extracted by -j worker threads and printed in input order, so the output
 * of a run does not depend on the thread count. A page that fails prints an error (a JSON
 * line in JSON mode) and the run goes on.
 *
 * This file uses only pith.h, as any user of the library would.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pith/pith.h"
#include "warc.h"

#define EXIT_ARTICLE 0
#define EXIT_NO_ARTICLE 1
#define EXIT_USAGE 2
#define EXIT_INPUT 3

typedef struct config {
    pith_format format;
    const char *url;
    const char *charset;
    int explain;
    pith_bias bias;
    unsigned threads;
    int from_stdin_list;
    int warc;
    int quiet;
    int progress;
    int summary;
    size_t max_input_bytes;
    unsigned max_depth;
} config;

/* ---- job pipeline: a producer fills slots, workers extract, one printer emits in order ---- */

typedef struct job {
    size_t seq;
    char *name;   /* path or record label, for messages */
    char *data;   /* page bytes when the producer already has them (WARC, stdin) */
    size_t len;
    char *url;     /* per-page URL (WARC), else NULL */
    char *charset; /* per-page charset hint (WARC), else NULL */
    char *prefix;  /* JSON members to put first in the line (WARC fields), else NULL */
    char *error;   /* input error text, when the producer already failed */
    int encoding;  /* data is a WARC payload still gzip/deflate-encoded (PITH_CLI_WARC_*) */
    int lenient;   /* ... from a record marked truncated */
    /* filled by the worker */
    char *out;
    size_t out_len;
    int exit_code;
    int state; /* 0 empty, 1 ready, 2 taken, 3 done */
} job;

typedef struct pipeline {
    const config *cfg;
    job *slots;
    size_t cap;
    size_t next_fill, next_take, next_print;
    int closed;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* stats, under mu */
    size_t n_done, n_ok, n_none, n_err;
    int worst;
    double t0;
    int multi;
} pipeline;

static double
now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
xstrdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) {
        fputs("pith: out of memory\n", stderr);
        exit(EXIT_INPUT);
    }
    memcpy(p, s, n);
    return p;
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return xstrdup("?");
    char *p = malloc((size_t)n + 1);
    if (!p) {
        fputs("pith: out of memory\n", stderr);
        exit(EXIT_INPUT);
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* Appends s to a JSON string literal in a growing buffer. */
static void
json_escape_into(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static int
read_stream(FILE *f, size_t limit, char **data, size_t *len, char **err)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        *err = xstrdup("out of memory");
        return 0;
    }
    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                free(buf);
                *err = xprintf("larger than the input limit of %zu bytes", limit);
                return 0;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                *err = xstrdup("out of memory");
                return 0;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                free(buf);
                *err = xprintf("read error: %s", strerror(errno));
                return 0;
            }
            break;
        }
    }
    if (n > limit) {
        free(buf);
        *err = xprintf("larger than the input limit of %zu bytes", limit);
        return 0;
    }
    *data = buf;
    *len = n;
    return 1;
}

static int
read_file(const char *path, size_t limit, char **data, size_t *len, char **err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = xprintf("cannot open: %s", strerror(errno));
        return 0;
    }
    int ok = read_stream(f, limit, data, len, err);
    fclose(f);
    return ok;
}

/* Renders one error as the output of a job. */
static void
fail_job(const config *cfg, job *j, const char *status, const char *msg)
{
    if (cfg->format == PITH_FORMAT_JSON) {
        char *buf = NULL;
        size_t sz = 0;
        FILE *f = open_memstream(&buf, &sz);
        if (!f)
            return;
        fputc('{', f);
        if (j->prefix)
            fprintf(f, "%s,", j->prefix);
        fputs("\"file\":", f);
        json_escape_into(f, j->name);
        fprintf(f, ",\"status\":\"%s\",\"error\":", status);
        json_escape_into(f, msg);
        fputs("}\n", f);
        fclose(f);
        j->out = buf;
        j->out_len = sz;
    }
    fprintf(stderr, "pith: %s: %s\n", j->name, msg);
    j->exit_code = EXIT_INPUT;
}

static void
run_job(const config *cfg, job *j, int multi)
{
    if (j->error) {
        fail_job(cfg, j, "input_error", j->error);
        return;
    }
    if (!j->data) {
        char *err = NULL;
        if (!read_file(j->name, cfg->max_input_bytes, &j->data, &j->len, &err)) {
            fail_job(cfg, j, "input_error", err);
            free(err);
            return;
        }
    }
    if (j->encoding) {
        char *page = NULL;
        size_t cap = 0, len = 0;
        const char *e = pith_cli_warc_decode_payload(j->data, j->len, j->encoding, j->lenient,
                                                     &page, &cap, &len);
        free(j->data);
        j->data = page ? page : calloc(1, 1); /* an empty payload is an empty page */
        j->len = len;
        if (e || !j->data) {
            if (!e)
                e = "out of memory";
            fail_job(cfg, j, "input_error", e);
            return;
        }
    }
    pith_options o;
    pith_options_init(&o);
    o.url = j->url ? j->url : cfg->url;
    o.charset_hint = j->charset ? j->charset : cfg->charset;
    o.explain = cfg->explain;
    o.bias = cfg->bias;
    o.max_input_bytes = cfg->max_input_bytes;
    if (cfg->max_depth)
        o.max_depth = cfg->max_depth;
    pith_result *r = NULL;
    pith_status st = pith_extract(j->data, j->len, &o, &r);
    free(j->data);
    j->data = NULL;
    if (st != PITH_OK && st != PITH_ERR_NO_ARTICLE) {
        fail_job(cfg, j, pith_status_name(st), pith_status_message(st));
        return;
    }
    char *text = NULL;
    size_t text_len = 0;
    pith_status rst = pith_render(r, cfg->format, st, &text, &text_len);
    if (rst != PITH_OK) {
        pith_result_free(r);
        fail_job(cfg, j, pith_status_name(rst), pith_status_message(rst));
        return;
    }
    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    if (!f) {
        pith_buffer_free(text);
        pith_result_free(r);
        fail_job(cfg, j, "no_memory", "out of memory");
        return;
    }
    if (cfg->format == PITH_FORMAT_JSON) {
        /* one line per page; batch lines say which page they are */
        if (multi || j->prefix) {
            fputc('{', f);
            if (j->prefix)
                fprintf(f, "%s,", j->prefix);
            fputs("\"file\":", f);
            json_escape_into(f, j->name);
            fputc(',', f);
            fwrite(text + 1, 1, text_len - 1, f);
        } else {
            fwrite(text, 1, text_len, f);
        }
    } else {
        if (multi)
            fprintf(f, "==> %s <==\n", j->name);
        fwrite(text, 1, text_len, f);
        if (text_len && text[text_len - 1] != '\n')
            fputc('\n', f);
    }
    if (cfg->explain && cfg->format != PITH_FORMAT_JSON && r->explain)
        fprintf(stderr, "%s", r->explain);
    fclose(f);
    j->out = buf;
    j->out_len = sz;
    if (st == PITH_ERR_NO_ARTICLE) {
        j->exit_code = EXIT_NO_ARTICLE;
        if (!cfg->quiet && cfg->format != PITH_FORMAT_JSON)
            fprintf(stderr, "pith: %s: %s\n", j->name, pith_status_message(st));
    } else {
        j->exit_code = EXIT_ARTICLE;
    }
    pith_buffer_free(text);
    pith_result_free(r);
}

static void
free_job(job *j)
{
    free(j->name);
    free(j->data);
    free(j->url);
    free(j->charset);
    free(j->prefix);
    free(j->error);
    free(j->out);
    memset(j, 0, sizeof *j);
}

static void *
worker_main(void *arg)
{
    pipeline *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next_take == p->next_fill && !p->closed)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->next_take == p->next_fill && p->closed)
            break;
        job *j = &p->slots[p->next_take % p->cap];
        p->next_take++;
        j->state = 2;
        pthread_mutex_unlock(&p->mu);
        run_job(p->cfg, j, p->multi);
        pthread_mutex_lock(&p->mu);
        j->state = 3;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void
print_progress(pipeline *p, int final)
{
    if (!p->cfg->progress)
        return;
    double dt = now_seconds() - p->t0;
    double rate = dt > 0 ? (double)p->n_done / dt : 0.0;
    fprintf(stderr, "\r%zu pages, %.1f pages/s, %zu errors%s", p->n_done, rate, p->n_err,
            final ? "\n" : "");
    fflush(stderr);
}

/* Prints finished jobs in order; called with mu held. */
static void
drain(pipeline *p, int all)
{
    for (;;) {
        if (p->next_print == p->next_fill)
            return;
        job *j = &p->slots[p->next_print % p->cap];
        if (j->state != 3) {
            if (!all)
                return;
            pthread_cond_wait(&p->cv, &p->mu);
            continue;
        }
        if (j->out)
            fwrite(j->out, 1, j->out_len, stdout);
        p->n_done++;
        if (j->exit_code == EXIT_ARTICLE)
            p->n_ok++;
        else if (j->exit_code == EXIT_NO_ARTICLE)
            p->n_none++;
        else
            p->n_err++;
        if (j->exit_code > p->worst)
            p->worst = j->exit_code;
        free_job(j);
        p->next_print++;
        if (p->n_done % 16 == 0)
            print_progress(p, 0);
        pthread_cond_broadcast(&p->cv);
    }
}

/* Hands a job to the workers, waiting for a free slot (printing what is done meanwhile). */
static void
submit(pipeline *p, job *src)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        drain(p, 0);
        if (p->next_fill - p->next_print < p->cap)
            break;
        pthread_cond_wait(&p->cv, &p->mu);
    }
    job *j = &p->slots[p->next_fill % p->cap];
    *j = *src;
    j->seq = p->next_fill;
    j->state = 1;
    p->next_fill++;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void
submit_path(pipeline *p, const char *path)
{
    job j;
    memset(&j, 0, sizeof j);
    j.name = xstrdup(path);
    submit(p, &j);
}

static int
is_page_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return 0;
    return !strcmp(dot, ".html") || !strcmp(dot, ".htm") || !strcmp(dot, ".xhtml") ||
           !strcmp(dot, ".shtml");
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every page file under dir, sorted, depth-first with an explicit stack of directories. */
static void
submit_dir(pipeline *p, const char *root)
{
    size_t cap = 16, top = 0;
    char **stack = malloc(cap * sizeof *stack);
    if (!stack)
        return;
    stack[top++] = xstrdup(root);
    while (top > 0) {
        char *dir = stack[--top];
        DIR *d = opendir(dir);
        if (!d) {
            job j;
            memset(&j, 0, sizeof j);
            j.name = xstrdup(dir);
            j.error = xprintf("cannot open directory: %s", strerror(errno));
            submit(p, &j);
            free(dir);
            continue;
        }
        size_t n = 0, ncap = 64;
        char **names = malloc(ncap * sizeof *names);
        struct dirent *e;
        while (names && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            if (n == ncap) {
                char **nn = realloc(names, ncap * 2 * sizeof *names);
                if (!nn)
                    break;
                names = nn;
                ncap *= 2;
            }
            names[n++] = xprintf("%s/%s", dir, e->d_name);
        }
        closedir(d);
        if (!names) {
            free(dir);
            continue;
        }
        qsort(names, n, sizeof *names, cmp_str);
        /* files now, subdirectories after, in reverse so they pop in order */
        size_t first_sub = top;
        for (size_t i = 0; i < n; i++) {
            struct stat sb;
            if (stat(names[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
                if (top == cap) {
                    char **ns = realloc(stack, cap * 2 * sizeof *stack);
                    if (!ns) {
                        free(names[i]);
                        continue;
                    }
                    stack = ns;
                    cap *= 2;
                }
                stack[top++] = names[i];
            } else {
                if (is_page_name(names[i]))
                    submit_path(p, names[i]);
                free(names[i]);
            }
        }
        for (size_t a = first_sub, b = top; a + 1 < b; a++, b--) {
            char *t = stack[a];
            stack[a] = stack[b - 1];
            stack[b - 1] = t;
        }
        free(names);
        free(dir);
    }
    free(stack);
}

static void
submit_input(pipeline *p, const char *arg)
{
    if (strcmp(arg, "-") == 0) {
        job j;
        memset(&j, 0, sizeof j);
        j.name = xstrdup("-");
        char *err = NULL;
        if (!read_stream(stdin, p->cfg->max_input_bytes, &j.data, &j.len, &err))
            j.error = err;
        submit(p, &j);
        return;
    }
    struct stat sb;
    if (stat(arg, &sb) == 0 && S_ISDIR(sb.st_mode))
        submit_dir(p, arg);
    else
        submit_path(p, arg);
}

/* WARC records become jobs with their URL, charset and record fields. */
static void
warc_record_cb(void *arg, const pith_cli_warc_record *rec)
{
    pipeline *p = arg;
    job j;
    memset(&j, 0, sizeof j);
    j.name = xstrdup(rec->name);
    j.prefix = rec->json_prefix ? xstrdup(rec->json_prefix) : NULL;
    if (rec->error) {
        j.error = xstrdup(rec->error);
    } else {
        j.data = malloc(rec->len ? rec->len : 1);
        if (!j.data) {
            j.error = xstrdup("out of memory");
        } else {
            memcpy(j.data, rec->body, rec->len);
            j.len = rec->len;
            j.encoding = rec->encoding;
            j.lenient = rec->lenient;
        }
        j.url = rec->url ? xstrdup(rec->url) : NULL;
        j.charset = rec->charset ? xstrdup(rec->charset) : NULL;
    }
    submit(p, &j);
}

static void
usage(FILE *f)
{
    fputs("usage: pith [options] [FILE|DIR|-]...\n"
          "Prints the article of each saved web page (stdin when no file is given).\n"
          "\n"
          "  -f, --format FMT   text, markdown (default), json or html\n"
          "  -u, --url URL      the page's address (relative links, dates, site name)\n"
          "  -c, --charset CS   the charset from the transport, e.g. an HTTP header\n"
          "      --explain      say why each block was kept or dropped (stderr; in JSON:\n"
          "                     the \"explain\" member)\n"
          "      --precision    leave out doubtful blocks\n"
          "      --recall       keep doubtful blocks\n"
          "  -j, --jobs N       worker threads (default: number of cores)\n"
          "      --stdin-list   read the paths to process from stdin, one a line\n"
          "      --warc         inputs are WARC files (.warc or .warc.gz; - for stdin);\n"
          "                     prints one JSON line per HTML response record\n"
          "      --max-bytes N  refuse pages larger than N bytes (default 64 MiB)\n"
          "      --max-depth N  flatten markup nested deeper than N (default 256,\n"
          "                     at most 1024)\n"
          "      --progress     progress line on stderr (default when stderr is a terminal\n"
          "                     and there are several inputs)\n"
          "  -q, --quiet        no per-page notes on stderr\n"
          "  -h, --help         this text\n"
          "  -V, --version      the version\n"
          "\n"
          "Directories are searched recursively for .html/.htm/.xhtml/.shtml files.\n"
          "Several inputs in JSON: one object per line, in input order, with \"file\".\n"
          "Exit status: 0 article found, 1 no article (metadata still printed), 2 usage\n"
          "error, 3 input error (unreadable file, a limit hit); with several inputs the\n"
          "highest applies.\n",
          f);
}

static int
parse_format(const char *s, pith_format *out)
{
    if (!strcmp(s, "text") || !strcmp(s, "txt"))
        *out = PITH_FORMAT_TEXT;
    else if (!strcmp(s, "markdown") || !strcmp(s, "md"))
        *out = PITH_FORMAT_MARKDOWN;
    else if (!strcmp(s, "json"))
        *out = PITH_FORMAT_JSON;
    else if (!strcmp(s, "html"))
        *out = PITH_FORMAT_HTML;
    else
        return 0;
    return 1;
}

static int
parse_size(const char *s, size_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0)
        return 0;
    *out = (size_t)v;
    return 1;
}

int
main(int argc, char **argv)
{
    config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.format = PITH_FORMAT_MARKDOWN;
    cfg.max_input_bytes = PITH_DEFAULT_MAX_INPUT_BYTES;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    cfg.threads = ncpu > 0 ? (unsigned)ncpu : 1;
    int progress_flag = -1;
    char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t n_inputs = 0;
    if (!inputs)
        return EXIT_INPUT;
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
#define NEEDS_VALUE()                                                                              \
    do {                                                                                           \
        const char *eq = strchr(a, '=');                                                           \
        if (eq && a[1] == '-') {                                                                   \
            val = eq + 1;                                                                          \
        } else if (i + 1 < argc) {                                                                 \
            val = argv[++i];                                                                       \
        } else {                                                                                   \
            fprintf(stderr, "pith: %s needs a value\n", a);                                        \
            return EXIT_USAGE;                                                                     \
        }                                                                                          \
    } while (0)
#define IS(long_name) (strncmp(a, long_name, strlen(long_name)) == 0 &&                          \
                       (a[strlen(long_name)] == '\0' || a[strlen(long_name)] == '='))
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            inputs[n_inputs++] = argv[i];
        } else if (!strcmp(a, "--")) {
            only_files = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            free(inputs);
            return 0;
        } else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
            printf("pith %s\n", pith_version());
            free(inputs);
            return 0;
        } else if (!strcmp(a, "-f") || IS("--format")) {
            NEEDS_VALUE();
            if (!parse_format(val, &cfg.format)) {
                fprintf(stderr, "pith: unknown format '%s' (text, markdown, json, html)\n", val);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "-u") || IS("--url")) {
            NEEDS_VALUE();
            cfg.url = val;
        } else if (!strcmp(a, "-c") || IS("--charset")) {
            NEEDS_VALUE();
            cfg.charset = val;
        } else if (!strcmp(a, "-j") || IS("--jobs")) {
            NEEDS_VALUE();
            size_t v;
            if (!parse_size(val, &v) || v > 1024) {
                fprintf(stderr, "pith: --jobs wants a number from 1 to 1024, not '%s'\n", val);
                return EXIT_USAGE;
            }
            cfg.threads = (unsigned)v;
        } else if (IS("--max-bytes")) {
            NEEDS_VALUE();
            if (!parse_size(val, &cfg.max_input_bytes)) {
                fprintf(stderr, "pith: --max-bytes wants a positive number, not '%s'\n", val);
                return EXIT_USAGE;
            }
        } else if (IS("--max-depth")) {
            NEEDS_VALUE();
            size_t v;
            if (!parse_size(val, &v) || v > PITH_MAX_DEPTH_CAP) {
                fprintf(stderr, "pith: --max-depth wants a number from 1 to %u\n",
                        PITH_MAX_DEPTH_CAP);
                return EXIT_USAGE;
            }
            cfg.max_depth = (unsigned)v;
        } else if (!strcmp(a, "--explain")) {
            cfg.explain = 1;
        } else if (!strcmp(a, "--precision")) {
            cfg.bias = PITH_BIAS_PRECISION;
        } else if (!strcmp(a, "--recall")) {
            cfg.bias = PITH_BIAS_RECALL;
        } else if (!strcmp(a, "--stdin-list")) {
            cfg.from_stdin_list = 1;
        } else if (!strcmp(a, "--warc")) {
            cfg.warc = 1;
        } else if (!strcmp(a, "--progress")) {
            progress_flag = 1;
        } else if (!strcmp(a, "--no-progress")) {
            progress_flag = 0;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            cfg.quiet = 1;
        } else {
            fprintf(stderr, "pith: unknown option '%s' (see pith --help)\n", a);
            return EXIT_USAGE;
        }
#undef NEEDS_VALUE
#undef IS
    }
    if (cfg.warc)
        cfg.format = PITH_FORMAT_JSON;
    if (n_inputs == 0 && !cfg.from_stdin_list)
        inputs[n_inputs++] = "-";
    int multi = n_inputs > 1 || cfg.from_stdin_list || cfg.warc;
    for (size_t i = 0; i < n_inputs && !multi; i++) {
        struct stat sb;
        if (strcmp(inputs[i], "-") && stat(inputs[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            multi = 1;
    }
    cfg.progress = progress_flag >= 0 ? progress_flag : (multi && isatty(2));

    pipeline p;
    memset(&p, 0, sizeof p);
    p.cfg = &cfg;
    /* Output is in input order, so one slow page holds back the slots behind it; a window of
     * 16 pages a worker lets the others run on past a page that costs as much as ~50 typical
     * ones (measured on a WARC at -j 2: 4 a worker left them idle 3.5% of the time, 16 none). */
    p.cap = (size_t)cfg.threads * 16 + 16;
    p.slots = calloc(p.cap, sizeof *p.slots);
    p.multi = multi;
    p.t0 = now_seconds();
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    pthread_t *workers = calloc(cfg.threads, sizeof *workers);
    if (!p.slots || !workers) {
        fputs("pith: out of memory\n", stderr);
        return EXIT_INPUT;
    }
    for (unsigned t = 0; t < cfg.threads; t++)
        pthread_create(&workers[t], NULL, worker_main, &p);

    if (cfg.warc) {
        for (size_t i = 0; i < n_inputs; i++) {
            char *err = NULL;
            pith_cli_warc_stats ws;
            if (pith_cli_warc_read_flags(inputs[i], PITH_CLI_WARC_DEFER_DECODING, warc_record_cb,
                                         &p, &ws, &err)) {
                if (!cfg.quiet)
                    fprintf(stderr, "pith: %s: %zu WARC records: %zu HTML responses, %zu other "
                                    "responses, %zu requests/metadata/other, %zu errors\n",
                            inputs[i], ws.records, ws.html, ws.not_html, ws.other_types,
                            ws.errors);
            } else {
                job j;
                memset(&j, 0, sizeof j);
                j.name = xstrdup(inputs[i]);
                j.error = err ? err : xstrdup("unreadable WARC file");
                submit(&p, &j);
            }
        }
    } else if (cfg.from_stdin_list) {
        char *line = NULL;
        size_t lcap = 0;
        ssize_t got;
        while ((got = getline(&line, &lcap, stdin)) > 0) {
            while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
                line[--got] = '\0';
            if (got > 0)
                submit_input(&p, line);
        }
        free(line);
        for (size_t i = 0; i < n_inputs; i++)
            submit_input(&p, inputs[i]);
    } else {
        for (size_t i = 0; i < n_inputs; i++)
            submit_input(&p, inputs[i]);
    }

    pthread_mutex_lock(&p.mu);
    p.closed = 1;
    pthread_cond_broadcast(&p.cv);
    drain(&p, 1);
    pthread_mutex_unlock(&p.mu);
    for (unsigned t = 0; t < cfg.threads; t++)
        pthread_join(workers[t], NULL);
    print_progress(&p, 1);
    if (multi && !cfg.quiet) {
        double dt = now_seconds() - p.t0;
        fprintf(stderr, "pith: %zu pages: %zu articles, %zu without article, %zu errors; %.2f s, "
                        "%.1f pages/s\n",
                p.n_done, p.n_ok, p.n_none, p.n_err, dt, dt > 0 ? (double)p.n_done / dt : 0.0);
    }
    fflush(stdout);
    free(workers);
    free(p.slots);
    free(inputs);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    return p.worst;
}
