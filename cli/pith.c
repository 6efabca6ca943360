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
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
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
#define EXIT_OUTPUT 4 /* the output could not be written: a full disk, a closed pipe */

typedef struct config {
    pith_format format;
    const char *url;
    const char *charset;
    int explain;
    pith_bias bias;
    unsigned threads;
    int from_stdin_list;
    int list_sep; /* what ends an entry of the stdin list: '\n', or '\0' with -0 */
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
    int walked;    /* found by a directory walk: only a regular file is read */
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
    int write_errno; /* the first failed write to stdout, under mu; 0 while all went out */
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

/* s as a JSON string literal through the library's escaper, the one all of pith's JSON goes
 * through: a file name need not be UTF-8, and bytes that are not become U+FFFD. */
static int
put_json_string(FILE *f, const char *s)
{
    char *lit = NULL;
    size_t n = 0;
    if (pith_json_string(s, strlen(s), &lit, &n) != PITH_OK)
        return 0;
    size_t put = fwrite(lit, 1, n, f);
    pith_buffer_free(lit);
    return put == n;
}

static char *
too_large(size_t limit)
{
    return xprintf("larger than the input limit of %zu bytes", limit);
}

/* Reads f to its end, refusing it once it passes limit: at most limit + 1 bytes are read, so
 * a stream (a pipe, a device) without a size is cut off there, not swallowed. size_hint: the
 * file's size when known, for the first allocation. */
static int
read_stream(FILE *f, size_t limit, size_t size_hint, char **data, size_t *len, char **err)
{
    size_t want = limit == SIZE_MAX ? limit : limit + 1;
    size_t cap = size_hint ? size_hint + 1 : 65536, n = 0;
    if (cap > want)
        cap = want;
    char *buf = malloc(cap);
    if (!buf) {
        *err = xstrdup("out of memory");
        return 0;
    }
    for (;;) {
        if (n == cap) {
            if (cap == want) {
                free(buf);
                *err = too_large(limit);
                return 0;
            }
            size_t ncap = cap > want / 2 ? want : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                *err = xstrdup("out of memory");
                return 0;
            }
            buf = nb;
            cap = ncap;
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
        *err = too_large(limit);
        return 0;
    }
    *data = buf;
    *len = n;
    return 1;
}

static const char *
file_kind(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    return "not a regular file";
}

/* A file over the limit is refused by its size, before a byte is read. regular_only: what a
 * directory walk found, which must not block on a FIFO (opened without waiting for a writer)
 * or read a device. */
static int
read_file(const char *path, size_t limit, int regular_only, char **data, size_t *len,
          char **err)
{
    int fd = open(path, O_RDONLY | O_NOCTTY | (regular_only ? O_NONBLOCK : 0));
    if (fd < 0) {
        *err = xprintf("cannot open: %s", strerror(errno));
        return 0;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        *err = xprintf("cannot stat: %s", strerror(errno));
        close(fd);
        return 0;
    }
    if (S_ISDIR(sb.st_mode) || (regular_only && !S_ISREG(sb.st_mode))) {
        *err = xprintf("%s, not a page file", file_kind(sb.st_mode));
        close(fd);
        return 0;
    }
    size_t size = 0;
    if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
        if ((unsigned long long)sb.st_size > limit) {
            *err = xprintf("%lld bytes, larger than the input limit of %zu bytes",
                           (long long)sb.st_size, limit);
            close(fd);
            return 0;
        }
        size = (size_t)sb.st_size;
    }
    if (regular_only) {
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        *err = xprintf("cannot open: %s", strerror(errno));
        close(fd);
        return 0;
    }
    int ok = read_stream(f, limit, size, data, len, err);
    fclose(f);
    return ok;
}

/* The members a batch line starts with: the WARC record's (already JSON, from the WARC
 * reader's use of the same escaper), then "file". */
static int
put_lead_members(FILE *f, const job *j)
{
    if (j->prefix)
        fprintf(f, "%s,", j->prefix);
    fputs("\"file\":", f);
    return put_json_string(f, j->name);
}

/* Closes a memory stream (open_memstream(buf, sz)) into the job's output; 0 when the stream
 * ran out of memory. buf and sz are only set by the close. */
static int
close_output(job *j, FILE *f, char **buf, size_t *sz, int ok)
{
    if (fclose(f) != 0 || !ok) {
        free(*buf);
        return 0;
    }
    j->out = *buf;
    j->out_len = *sz;
    return 1;
}

/* Renders one error as the output of a job. */
static void
fail_job(const config *cfg, job *j, const char *status, const char *msg)
{
    if (cfg->format == PITH_FORMAT_JSON) {
        char *buf = NULL;
        size_t sz = 0;
        FILE *f = open_memstream(&buf, &sz);
        if (f) {
            fputc('{', f);
            int ok = put_lead_members(f, j);
            fprintf(f, ",\"status\":\"%s\",\"error\":", status);
            ok = ok && put_json_string(f, msg);
            fputs("}\n", f);
            if (!close_output(j, f, &buf, &sz, ok))
                fprintf(stderr, "pith: %s: out of memory for the error line\n", j->name);
        }
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
        if (!read_file(j->name, cfg->max_input_bytes, j->walked, &j->data, &j->len, &err)) {
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
    pith_options_init(&o, sizeof o);
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
    pith_status rst = pith_render(r, cfg->format, &text, &text_len);
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
    int ok = 1;
    if (cfg->format == PITH_FORMAT_JSON) {
        /* One line per page; batch lines say which page they are: the lead members go in
         * front of the library's own, which open its object (pith_render's JSON always
         * starts with "schema_version"). */
        if ((multi || j->prefix) && text_len > 2 && text[0] == '{' && text[1] == '"') {
            fputc('{', f);
            ok = put_lead_members(f, j);
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
    if (!close_output(j, f, &buf, &sz, ok)) {
        pith_buffer_free(text);
        pith_result_free(r);
        fail_job(cfg, j, "no_memory", "out of memory");
        return;
    }
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

/* Notes the first failed write (under mu). The run stops taking input: what it would print
 * is lost anyway, and a batch into a closed pipe must not go on for hours. */
static void
output_failed(pipeline *p)
{
    if (p->write_errno)
        return;
    p->write_errno = errno ? errno : EIO;
    fprintf(stderr, "pith: cannot write the output: %s\n", strerror(p->write_errno));
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
        if (j->out && !p->write_errno && fwrite(j->out, 1, j->out_len, stdout) != j->out_len)
            output_failed(p);
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

/* Hands a job to the workers, waiting for a free slot (printing what is done meanwhile).
 * After a failed write the job is dropped: returns 0, and the producer stops. */
static int
submit(pipeline *p, job *src)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        drain(p, 0);
        if (p->write_errno || p->next_fill - p->next_print < p->cap)
            break;
        pthread_cond_wait(&p->cv, &p->mu);
    }
    if (p->write_errno) {
        pthread_mutex_unlock(&p->mu);
        free_job(src);
        return 0;
    }
    job *j = &p->slots[p->next_fill % p->cap];
    *j = *src;
    j->seq = p->next_fill;
    j->state = 1;
    p->next_fill++;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return 1;
}

static int
output_has_failed(pipeline *p)
{
    pthread_mutex_lock(&p->mu);
    int failed = p->write_errno != 0;
    pthread_mutex_unlock(&p->mu);
    return failed;
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

/* The directories a walk has entered, by device and inode: a symlink back up the tree
 * (ln -s . self) would repeat every page below it, and two such links make the walk
 * exponential. Each directory is entered once, by the first path that reaches it in the
 * walk's sorted order. Open addressing; cap is a power of two, kept at most half full. */
typedef struct dir_id {
    dev_t dev;
    ino_t ino;
    int used;
} dir_id;

typedef struct dir_set {
    dir_id *slots;
    size_t cap, n;
} dir_set;

static size_t
dir_slot(const dir_set *set, dev_t dev, ino_t ino)
{
    uint64_t h = ((uint64_t)ino * 0x9E3779B97F4A7C15u) ^ (uint64_t)dev;
    size_t i = (size_t)(h ^ (h >> 29)) & (set->cap - 1);
    while (set->slots[i].used && (set->slots[i].dev != dev || set->slots[i].ino != ino))
        i = (i + 1) & (set->cap - 1);
    return i;
}

/* 1: newly added; 0: entered before; -1: out of memory. */
static int
dir_set_add(dir_set *set, const struct stat *sb)
{
    if (2 * (set->n + 1) > set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 64;
        dir_id *ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return -1;
        dir_set old = *set;
        set->slots = ns;
        set->cap = ncap;
        for (size_t i = 0; i < old.cap; i++)
            if (old.slots[i].used)
                set->slots[dir_slot(set, old.slots[i].dev, old.slots[i].ino)] = old.slots[i];
        free(old.slots);
    }
    size_t i = dir_slot(set, sb->st_dev, sb->st_ino);
    if (set->slots[i].used)
        return 0;
    set->slots[i] = (dir_id){sb->st_dev, sb->st_ino, 1};
    set->n++;
    return 1;
}

/* An input that fails before it is read: its error line, in its place in the output. */
static int
submit_error(pipeline *p, const char *name, char *error)
{
    job j;
    memset(&j, 0, sizeof j);
    j.name = xstrdup(name);
    j.error = error;
    return submit(p, &j);
}

static int
grow_stack(char ***stack, size_t *cap)
{
    char **ns = realloc(*stack, *cap * 2 * sizeof **stack);
    if (!ns)
        return 0;
    *stack = ns;
    *cap *= 2;
    return 1;
}

/* Every page file under root, sorted, depth-first with an explicit stack of directories.
 * Symlinks are followed, to files and to directories not entered before. Only regular files
 * are read: anything else with a page's name (a FIFO would block the run) is an error line. */
static void
submit_dir(pipeline *p, const char *root, const struct stat *root_sb)
{
    dir_set seen = {NULL, 0, 0};
    size_t cap = 16, top = 0;
    char **stack = malloc(cap * sizeof *stack);
    if (!stack || dir_set_add(&seen, root_sb) < 0) {
        free(stack);
        free(seen.slots);
        submit_error(p, root, xstrdup("out of memory"));
        return;
    }
    stack[top++] = xstrdup(root);
    int stop = 0;
    while (top > 0) {
        char *dir = stack[--top];
        DIR *d = stop ? NULL : opendir(dir);
        if (!d) {
            if (!stop)
                submit_error(p, dir, xprintf("cannot open directory: %s", strerror(errno)));
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
            int known = !stop && stat(names[i], &sb) == 0;
            if (known && S_ISDIR(sb.st_mode)) {
                int added = dir_set_add(&seen, &sb);
                if (added < 0 || (top == cap && !grow_stack(&stack, &cap)))
                    submit_error(p, names[i], xstrdup("out of memory"));
                else if (added > 0)
                    stack[top++] = names[i], names[i] = NULL;
            } else if (!stop && is_page_name(names[i])) {
                if (known && !S_ISREG(sb.st_mode)) {
                    stop = !submit_error(p, names[i],
                                         xprintf("%s, not a page file", file_kind(sb.st_mode)));
                } else {
                    /* a dangling link fails at open, as a named file does */
                    job j;
                    memset(&j, 0, sizeof j);
                    j.name = xstrdup(names[i]);
                    j.walked = 1;
                    stop = !submit(p, &j);
                }
            }
            free(names[i]);
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
    free(seen.slots);
}

/* One input named on the command line or in the list; 0 once the output has failed. */
static int
submit_input(pipeline *p, const char *arg)
{
    if (strcmp(arg, "-") == 0) {
        job j;
        memset(&j, 0, sizeof j);
        j.name = xstrdup("-");
        char *err = NULL;
        if (!read_stream(stdin, p->cfg->max_input_bytes, 0, &j.data, &j.len, &err))
            j.error = err;
        return submit(p, &j);
    }
    struct stat sb;
    if (stat(arg, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        submit_dir(p, arg, &sb);
        return !output_has_failed(p);
    }
    job j;
    memset(&j, 0, sizeof j);
    j.name = xstrdup(arg);
    return submit(p, &j);
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

/* One WARC file ("-": stdin); 0 once the output has failed. */
static int
submit_warc(pipeline *p, const char *path)
{
    char *err = NULL;
    pith_cli_warc_stats ws;
    if (!pith_cli_warc_read_flags(path, PITH_CLI_WARC_DEFER_DECODING, warc_record_cb, p, &ws,
                                  &err))
        return submit_error(p, path, err ? err : xstrdup("unreadable WARC file"));
    if (!p->cfg->quiet)
        fprintf(stderr, "pith: %s: %zu WARC records: %zu HTML responses, %zu other "
                        "responses, %zu requests/metadata/other, %zu errors\n",
                path, ws.records, ws.html, ws.not_html, ws.other_types, ws.errors);
    return !output_has_failed(p);
}

/* The inputs listed on stdin, one a line (or NUL-terminated with -0). An entry that cannot
 * be a path is an error line in its place, and the list goes on: "-" (stdin is the list, so
 * it would read the rest of the list as a page) and, one a line, a name holding a NUL. */
static int
submit_list(pipeline *p)
{
    int sep = p->cfg->list_sep, go_on = 1;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t got;
    while (go_on && (got = getdelim(&line, &lcap, sep, stdin)) > 0) {
        size_t n = (size_t)got;
        if (n > 0 && line[n - 1] == (char)sep)
            line[--n] = '\0';
        while (sep == '\n' && n > 0 && line[n - 1] == '\r')
            line[--n] = '\0';
        if (n == 0)
            continue;
        if (strlen(line) != n)
            go_on = submit_error(p, line, xstrdup("a list line holding a NUL byte (for a "
                                                  "NUL-separated list, use -0)"));
        else if (strcmp(line, "-") == 0)
            go_on = submit_error(p, line, xstrdup("\"-\" in the list on stdin: stdin is the "
                                                  "list itself, not a page"));
        else
            go_on = p->cfg->warc ? submit_warc(p, line) : submit_input(p, line);
    }
    if (go_on && ferror(stdin))
        go_on = submit_error(p, "-", xprintf("reading the list: %s", strerror(errno)));
    free(line);
    return go_on;
}

/* Output is lost unless the last flush and the close succeed too (a full disk shows up only
 * there, when everything fitted in stdio's buffer). */
static int
close_stdout(void)
{
    int failed = fflush(stdout) != 0 || ferror(stdout);
    int e = errno;
    if (fclose(stdout) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    errno = e ? e : EIO;
    return failed ? -1 : 0;
}

/* For --help and --version: 0, or EXIT_OUTPUT with a message. */
static int
finish_plain_output(void)
{
    if (close_stdout() == 0)
        return 0;
    fprintf(stderr, "pith: cannot write the output: %s\n", strerror(errno));
    return EXIT_OUTPUT;
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
          "      --stdin-list   read the paths to process from stdin, one a line (with\n"
          "                     --warc: the WARC files)\n"
          "  -0, --null         the same, each path ending in a NUL (find -print0)\n"
          "      --warc         inputs are WARC files (.warc or .warc.gz; - for stdin);\n"
          "                     prints one JSON line per HTML response record\n"
          "      --max-bytes N  refuse pages larger than N bytes (default 64 MiB)\n"
          "      --max-depth N  flatten markup nested deeper than N (default 256)\n"
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
          "highest applies. 4: the output could not be written (the run stops there).\n",
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
    cfg.list_sep = '\n';
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
            return finish_plain_output();
        } else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
            printf("pith %s\n", pith_version());
            free(inputs);
            return finish_plain_output();
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
            if (!parse_size(val, &v) || v > 100000) {
                fprintf(stderr, "pith: --max-depth wants a number from 1 to 100000\n");
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
        } else if (!strcmp(a, "-0") || !strcmp(a, "--null")) {
            cfg.from_stdin_list = 1;
            cfg.list_sep = '\0';
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
    for (size_t i = 0; i < n_inputs && cfg.from_stdin_list; i++) {
        if (!strcmp(inputs[i], "-")) {
            fputs("pith: - names stdin, which --stdin-list/-0 reads as the list\n", stderr);
            free(inputs);
            return EXIT_USAGE;
        }
    }
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

    int go_on = cfg.from_stdin_list ? submit_list(&p) : 1;
    for (size_t i = 0; go_on && i < n_inputs; i++)
        go_on = cfg.warc ? submit_warc(&p, inputs[i]) : submit_input(&p, inputs[i]);

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
    free(workers);
    free(p.slots);
    free(inputs);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    if (!p.write_errno && close_stdout() != 0)
        output_failed(&p);
    return p.write_errno ? EXIT_OUTPUT : p.worst;
}
