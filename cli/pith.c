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
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

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
    int no_links, no_images, no_formatting, no_tables, comments;
    unsigned threads;
    int from_stdin_list;
    int list_sep; /* what ends an entry of the stdin list: '\n', or '\0' with -0 */
    int warc;
    int payload; /* --payload: WARC pages as they are, not extracted */
    int quiet;
    int progress;
    int summary;
    size_t max_input_bytes;
    unsigned max_depth;
    const char *output;     /* -o: the one output file, else NULL (stdout) */
    const char *output_dir; /* --output-dir: one file per input (per WARC) under it */
    mode_t file_mode;       /* what a new output file gets: 0666 less the umask */
} config;

/* A file written whole or not at all: the output goes to a hidden temporary file beside it,
 * renamed over path only once every byte is out, so a run that fails or is killed never
 * leaves a half file under the final name. */
typedef struct out_file {
    char *path, *tmp;
    FILE *f;
} out_file;

/* ---- job pipeline: a producer fills slots, workers extract, one printer emits in order ---- */

/* Bytes the pipeline holds at once: pages handed over and not yet extracted, and outputs
 * not yet printed. The slots bound the count, not the size: forty 60 MiB records in a
 * 2.4 MB .warc.gz held 3 GB at -j 2. 256 MiB is four records at the WARC reader's 64 MiB
 * cap, or some 2,500 typical 100 KB pages, so it never holds back a real crawl; a page
 * larger than this goes through alone. */
#define MAX_HELD_BYTES ((size_t)256 << 20)

enum { SINK_KEEP = 1, SINK_DROP = 2 };

typedef struct job {
    size_t seq;
    char *name;   /* path or record label, for messages */
    char *data;   /* page bytes when the producer already has them (WARC, stdin) */
    size_t len;
    char *url;     /* per-page URL (WARC), else NULL */
    char *charset; /* per-page charset hint (WARC), else NULL */
    pith_json_member *members; /* a WARC record's members, first in its line (values owned) */
    size_t n_members;
    char *error;   /* input error text, when the producer already failed */
    int from_warc; /* a WARC record: its payload is what the record says it is */
    int encoding;  /* data is a WARC payload still gzip/deflate-encoded (PITH_CLI_WARC_*) */
    int walked;    /* found by a directory walk: only a regular file is read */
    int lenient;   /* ... from a record marked truncated */
    size_t held;   /* bytes counted against MAX_HELD_BYTES: len, then out_len */
    char *out_path;  /* --output-dir: the file this page's output goes to */
    out_file *sink;  /* --output-dir --warc: the WARC's file, which this record's line joins */
    int closes_sink; /* not a page: the WARC is read; SINK_KEEP puts its file in place,
                        SINK_DROP (the WARC could not be read) discards it */
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
    size_t held; /* bytes of the jobs between next_print and next_fill */
    int closed;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* stats, under mu */
    size_t n_done, n_ok, n_none, n_err;
    int worst;
    double t0, last_progress;
    size_t total; /* pages in the run, once known (total_known) */
    int total_known;
    int multi;
    size_t n_submitted; /* pages handed over so far (not the WARC file markers) */
    FILE *out;       /* where lines go without --output-dir: stdout, or -o's file */
    out_file *warc_sink; /* --output-dir --warc: the file of the WARC being read (producer) */
    int write_errno; /* the first failed write, under mu; 0 while all went out */
    /* --output-dir: the output paths given out so far (producer only), so that two inputs
     * never write one file; open addressing, cap a power of two, at most half full */
    char **out_names;
    size_t out_names_cap, out_names_n;
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

/* ---- output files ---- */

/* Creates the directories above path (mkdir -p of its parent). 0 with errno on failure. */
static int
make_parents(const char *path)
{
    char *dir = xstrdup(path);
    int ok = 1;
    for (char *sl = strchr(dir + 1, '/'); ok && sl; sl = strchr(sl + 1, '/')) {
        *sl = '\0';
        struct stat sb;
        if (mkdir(dir, 0777) != 0) {
            if (errno != EEXIST || stat(dir, &sb) != 0)
                ok = 0;
            else if (!S_ISDIR(sb.st_mode))
                ok = 0, errno = ENOTDIR;
        }
        *sl = '/';
    }
    int e = errno;
    free(dir);
    errno = e;
    return ok;
}

/* Opens the temporary file beside path: ".NAME.pith-XXXXXX", hidden, and never a name a
 * finished output has. 0 with errno on failure. */
static int
out_open(out_file *o, const char *path, mode_t mode, int parents)
{
    memset(o, 0, sizeof *o);
    if (parents && !make_parents(path))
        return 0;
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    o->tmp = xprintf("%.*s.%s.pith-XXXXXX", (int)dir_len, path, path + dir_len);
    int fd = mkstemp(o->tmp);
    if (fd < 0 || fchmod(fd, mode) != 0 || !(o->f = fdopen(fd, "wb"))) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        errno = e;
        return 0;
    }
    o->path = xstrdup(path);
    return 1;
}

/* Drops what was written: the temporary file goes, path is left as it was. */
static void
out_discard(out_file *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}

/* Puts the file in place; 0 with errno when a byte did not reach it (then nothing moves). */
static int
out_commit(out_file *o)
{
    int ok = fflush(o->f) == 0 && !ferror(o->f);
    int e = errno;
    if (fclose(o->f) != 0 && ok)
        ok = 0, e = errno;
    o->f = NULL;
    if (ok && rename(o->tmp, o->path) != 0)
        ok = 0, e = errno;
    if (!ok)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    errno = e ? e : EIO;
    return ok;
}

/* The members a line starts with, in m: the WARC record's, then "file". */
static size_t
lead_members(const job *j, pith_json_member m[PITH_CLI_WARC_MAX_MEMBERS + 1])
{
    size_t n = j->n_members;
    if (n)
        memcpy(m, j->members, n * sizeof *m);
    m[n++] = (pith_json_member){"file", j->name, strlen(j->name), 0};
    return n;
}

/* A member of the CLI's own lines (error lines), written as the library writes members. */
static int
put_member(FILE *f, const pith_json_member *m)
{
    if (!put_json_string(f, m->name) || fputc(':', f) == EOF)
        return 0;
    if (!m->value)
        return fprintf(f, "%lld", m->number) > 0;
    char *lit = NULL;
    size_t n = 0;
    if (pith_json_string(m->value, m->value_len, &lit, &n) != PITH_OK)
        return 0;
    size_t put = fwrite(lit, 1, n, f);
    pith_buffer_free(lit);
    return put == n;
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
    /* With --output-dir a page that fails gets no file: stderr says why. A WARC's error
     * lines are lines of its file, as on stdout. --payload's output is pages, byte for
     * byte (`pith --warc --payload FILE@OFFSET > page.html`): a line there would be saved
     * as a page, so only stderr and the exit status say it. */
    if (cfg->format == PITH_FORMAT_JSON && !j->out_path && !cfg->payload) {
        char *buf = NULL;
        size_t sz = 0;
        FILE *f = open_memstream(&buf, &sz);
        if (f) {
            pith_json_member m[PITH_CLI_WARC_MAX_MEMBERS + 1];
            size_t n = lead_members(j, m);
            int ok = 1;
            for (size_t i = 0; i < n && ok; i++)
                ok = fputc(i ? ',' : '{', f) != EOF && put_member(f, &m[i]);
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

/* The two bytes every gzip member starts with (RFC 1952). */
#define GZIP_ID1 0x1f
#define GZIP_ID2 0x8b
/* What the inflater's output grows by first: a typical saved page. */
#define GUNZIP_FIRST_CHUNK ((size_t)256 << 10)

static int
is_gzip(const char *s, size_t n)
{
    return n >= 2 && (unsigned char)s[0] == GZIP_ID1 && (unsigned char)s[1] == GZIP_ID2;
}

/* Inflates a gzip page (one member or several, as gzip and cat make them) into *out. The
 * limit is the one on pages: inflating stops one byte past it, so a small file that inflates
 * to gigabytes (a gzip bomb) costs limit + 1 bytes and is refused, never inflated whole.
 * Returns NULL or what is wrong. */
static char *
gunzip(const char *s, size_t n, size_t limit, char **out, size_t *out_len)
{
    size_t want = limit == SIZE_MAX ? limit : limit + 1;
    size_t cap = 0, len = 0;
    char *buf = NULL, *err = NULL;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return xstrdup("out of memory");
    z.next_in = (unsigned char *)(uintptr_t)s;
    for (;;) {
        if (len == cap) {
            if (cap == want)
                break; /* one byte past the limit: refused below */
            size_t ncap = cap ? (cap > want / 2 ? want : cap * 2)
                              : (GUNZIP_FIRST_CHUNK < want ? GUNZIP_FIRST_CHUNK : want);
            char *nb = realloc(buf, ncap);
            if (!nb) {
                err = xstrdup("out of memory");
                break;
            }
            buf = nb;
            cap = ncap;
        }
        /* zlib counts in uInt: hand it at most UINT_MAX bytes at a time */
        size_t in_left = n - (size_t)(z.next_in - (const unsigned char *)s);
        z.avail_in = in_left > UINT32_MAX ? UINT32_MAX : (uInt)in_left;
        size_t room = cap - len;
        z.next_out = (unsigned char *)buf + len;
        z.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
        uInt out_before = z.avail_out;
        int zr = inflate(&z, Z_NO_FLUSH);
        len += out_before - z.avail_out;
        in_left = n - (size_t)(z.next_in - (const unsigned char *)s);
        if (zr == Z_STREAM_END) {
            if (in_left == 0)
                break;
            if (in_left >= 2 && is_gzip((const char *)z.next_in, in_left) &&
                inflateReset(&z) == Z_OK)
                continue; /* the next member */
            err = xprintf("corrupt gzip data: %zu bytes after the end of the gzip stream",
                          in_left);
            break;
        }
        if (zr == Z_OK || (zr == Z_BUF_ERROR && len == cap))
            continue;
        if (zr == Z_BUF_ERROR && in_left == 0) {
            err = xstrdup("corrupt gzip data: the gzip stream is cut short");
            break;
        }
        err = zr == Z_MEM_ERROR ? xstrdup("out of memory")
                                : xprintf("corrupt gzip data: %s", z.msg ? z.msg : "bad data");
        break;
    }
    inflateEnd(&z);
    if (!err && len > limit)
        err = xprintf("gzip data that inflates to more than the input limit of %zu bytes",
                      limit);
    if (err) {
        free(buf);
        return err;
    }
    *out = buf ? buf : calloc(1, 1); /* an empty member is an empty page */
    *out_len = len;
    return *out ? NULL : xstrdup("out of memory");
}

static void
run_job(const config *cfg, job *j, int multi)
{
    if (j->closes_sink)
        return;
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
    } else if (!j->from_warc && is_gzip(j->data, j->len)) {
        char *page = NULL;
        size_t len = 0;
        char *e = gunzip(j->data, j->len, cfg->max_input_bytes, &page, &len);
        free(j->data);
        j->data = page;
        j->len = len;
        if (e) {
            fail_job(cfg, j, "input_error", e);
            free(e);
            return;
        }
    }
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.url = j->url ? j->url : cfg->url;
    o.charset_hint = j->charset ? j->charset : cfg->charset;
    o.explain = cfg->explain;
    o.bias = cfg->bias;
    o.no_links = cfg->no_links;
    o.no_images = cfg->no_images;
    o.no_formatting = cfg->no_formatting;
    o.no_tables = cfg->no_tables;
    o.comments = cfg->comments;
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
    /* One line per page; batch lines and WARC records say which page they are, with members
     * of the CLI's own in front of the result's */
    char *text = NULL;
    size_t text_len = 0;
    pith_status rst;
    if (cfg->format == PITH_FORMAT_JSON && (multi || j->from_warc)) {
        pith_json_member m[PITH_CLI_WARC_MAX_MEMBERS + 1];
        rst = pith_render_json_members(r, m, lead_members(j, m), &text, &text_len);
    } else {
        rst = pith_render(r, cfg->format, &text, &text_len);
    }
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
        fwrite(text, 1, text_len, f);
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
    for (size_t i = 0; i < j->n_members; i++)
        free((char *)(uintptr_t)j->members[i].value);
    free(j->members);
    free(j->error);
    free(j->out);
    free(j->out_path);
    if (j->closes_sink) { /* the WARC's file: gone unless emit_job put it in place */
        out_discard(j->sink);
        free(j->sink);
    }
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
        /* with --output-dir each page's file is what pith would print for it alone */
        run_job(p->cfg, j, p->multi && !p->cfg->output_dir);
        pthread_mutex_lock(&p->mu);
        p->held -= j->held; /* the page is gone, its output waits */
        j->held = j->out_len;
        p->held += j->held;
        j->state = 3;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static const char *
plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* How often the progress line is redrawn, in seconds: often enough to look alive, seldom
 * enough that the terminal costs nothing next to the pages. */
#define PROGRESS_INTERVAL_S 0.25

/* Called with mu held. The first page redraws at once, so that a slow run shows its rate
 * and ETA from the start. */
static void
print_progress(pipeline *p, int final)
{
    const config *cfg = p->cfg;
    if (!cfg->progress)
        return;
    double now = now_seconds();
    if (!final && p->n_done != 1 && now - p->last_progress < PROGRESS_INTERVAL_S)
        return;
    p->last_progress = now;
    double dt = now - p->t0;
    double rate = dt > 0 ? (double)p->n_done / dt : 0.0;
    /* a terminal gets one line redrawn in place; a file or pipe (with --progress) a line
     * per update, without control sequences */
    fputs(cfg->progress > 1 ? "\r" : "", stderr);
    if (p->total_known)
        fprintf(stderr, "%zu/%zu %s", p->n_done, p->total, plural(p->total, "page", "pages"));
    else
        fprintf(stderr, "%zu %s", p->n_done, plural(p->n_done, "page", "pages"));
    fprintf(stderr, ", %.1f pages/s, %zu %s", rate, p->n_err, plural(p->n_err, "error", "errors"));
    if (p->total_known && !final && rate > 0 && p->total > p->n_done) {
        unsigned long eta = (unsigned long)((double)(p->total - p->n_done) / rate + 0.5);
        if (eta >= 3600)
            fprintf(stderr, ", ETA %lu:%02lu:%02lu", eta / 3600, eta / 60 % 60, eta % 60);
        else
            fprintf(stderr, ", ETA %lu:%02lu", eta / 60, eta % 60);
    }
    fputs(cfg->progress > 1 ? "\033[K" : "", stderr); /* what a longer line left */
    if (final || cfg->progress == 1)
        fputc('\n', stderr);
    fflush(stderr);
}

/* Notes the first failed write (under mu). The run stops taking input: what it would print
 * is lost anyway, and a batch into a closed pipe must not go on for hours. what: the file,
 * NULL for the output (stdout). */
static void
output_failed(pipeline *p, const char *what)
{
    if (p->write_errno)
        return;
    p->write_errno = errno ? errno : EIO;
    fprintf(stderr, "pith: cannot write %s: %s\n", what ? what : "the output",
            strerror(p->write_errno));
}

/* Puts a finished job's output where it goes: its own file (--output-dir), its WARC's file
 * (--output-dir --warc), or the run's output. Called with mu held, in input order. */
static void
emit_job(pipeline *p, job *j)
{
    if (p->write_errno)
        return;
    if (j->closes_sink) {
        char *path = xstrdup(j->sink->path);
        if (j->closes_sink == SINK_KEEP && !out_commit(j->sink))
            output_failed(p, path);
        free(path);
        return; /* SINK_DROP: free_job discards it */
    }
    if (!j->out)
        return;
    if (j->sink) {
        if (fwrite(j->out, 1, j->out_len, j->sink->f) != j->out_len)
            output_failed(p, j->sink->path);
    } else if (j->out_path) {
        out_file o;
        if (!out_open(&o, j->out_path, p->cfg->file_mode, 1)) {
            output_failed(p, j->out_path);
            return;
        }
        if (fwrite(j->out, 1, j->out_len, o.f) != j->out_len) {
            out_discard(&o);
            output_failed(p, j->out_path);
        } else if (!out_commit(&o)) {
            output_failed(p, j->out_path);
        }
    } else if (!p->cfg->output_dir && fwrite(j->out, 1, j->out_len, p->out) != j->out_len) {
        output_failed(p, p->cfg->output);
    }
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
        emit_job(p, j);
        if (!j->closes_sink) {
            p->n_done++;
            if (j->exit_code == EXIT_ARTICLE)
                p->n_ok++;
            else if (j->exit_code == EXIT_NO_ARTICLE)
                p->n_none++;
            else
                p->n_err++;
            if (j->exit_code > p->worst)
                p->worst = j->exit_code;
            print_progress(p, 0);
        }
        p->held -= j->held;
        free_job(j);
        p->next_print++;
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
        if (p->write_errno ||
            (p->next_fill - p->next_print < p->cap &&
             (p->held + src->len <= MAX_HELD_BYTES || p->next_fill == p->next_print)))
            break;
        pthread_cond_wait(&p->cv, &p->mu);
    }
    if (p->write_errno) {
        pthread_mutex_unlock(&p->mu);
        free_job(src);
        return 0;
    }
    job *j = &p->slots[p->next_fill % p->cap];
    if (!src->closes_sink)
        p->n_submitted++;
    *j = *src;
    j->seq = p->next_fill;
    j->state = 1;
    j->held = j->len;
    p->held += j->held;
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

/* What a directory walk reads, in any case (.HTML as well): pages, and pages gzipped. */
static int
is_page_name(const char *name)
{
    static const char *const exts[] = {".html", ".htm", ".xhtml", ".shtml"};
    size_t n = strlen(name);
    if (n > 3 && strcasecmp(name + n - 3, ".gz") == 0)
        n -= 3;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strncasecmp(name + n - e, exts[i], e) == 0)
            return 1;
    }
    return 0;
}

/* ---- --output-dir: where each input's output goes ---- */

static const char *
format_extension(pith_format f)
{
    switch (f) {
    case PITH_FORMAT_TEXT:
        return ".txt";
    case PITH_FORMAT_MARKDOWN:
        return ".md";
    case PITH_FORMAT_JSON:
        return ".json";
    case PITH_FORMAT_HTML:
        return ".html";
    }
    return ".out";
}

static size_t
name_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return (size_t)(h ^ (h >> 32));
}

/* 1: path is this run's now; 0: an earlier input has it; -1: out of memory. */
static int
claim_output(pipeline *p, const char *path)
{
    if (2 * (p->out_names_n + 1) > p->out_names_cap) {
        size_t ncap = p->out_names_cap ? p->out_names_cap * 2 : 64;
        char **ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < p->out_names_cap; i++) {
            char *name = p->out_names[i];
            if (!name)
                continue;
            size_t k = name_hash(name) & (ncap - 1);
            while (ns[k])
                k = (k + 1) & (ncap - 1);
            ns[k] = name;
        }
        free(p->out_names);
        p->out_names = ns;
        p->out_names_cap = ncap;
    }
    size_t k = name_hash(path) & (p->out_names_cap - 1);
    for (; p->out_names[k]; k = (k + 1) & (p->out_names_cap - 1))
        if (strcmp(p->out_names[k], path) == 0)
            return 0;
    p->out_names[k] = xstrdup(path);
    p->out_names_n++;
    return 1;
}

/* The output file of an input: rel (its path below the directory named on the command
 * line, or its base name) under --output-dir, without ".gz" and its extension, then tag
 * ("" or a record's "@OFFSET[+INNER]"), with the format's extension (.jsonl for a WARC's
 * lines). NULL with *err when it cannot be used. */
static char *
output_path(pipeline *p, const char *input, const char *rel, const char *tag, int warc,
            char **err)
{
    size_t n = strlen(rel);
    if (n > 3 && strcasecmp(rel + n - 3, ".gz") == 0)
        n -= 3;
    size_t base = n;
    while (base > 0 && rel[base - 1] != '/')
        base--;
    for (size_t i = n; i > base + 1; i--) {
        if (rel[i - 1] == '.') { /* a leading dot is a hidden name, not an extension */
            n = i - 1;
            break;
        }
    }
    const char *dir = p->cfg->output_dir;
    size_t dl = strlen(dir);
    char *path = xprintf("%s%s%.*s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", (int)n, rel,
                         tag, warc ? ".jsonl" : format_extension(p->cfg->format));
    struct stat in_sb, out_sb;
    int claimed = claim_output(p, path);
    if (claimed <= 0) {
        *err = claimed < 0 ? xstrdup("out of memory")
                           : xprintf("its output file %s is an earlier input's", path);
    } else if (stat(input, &in_sb) == 0 && stat(path, &out_sb) == 0 &&
               in_sb.st_dev == out_sb.st_dev && in_sb.st_ino == out_sb.st_ino) {
        *err = xprintf("its output file %s is the input itself", path);
    } else {
        return path;
    }
    free(path);
    return NULL;
}

/* Names the page's output file with --output-dir; else does nothing. */
static void
route_page(pipeline *p, job *j, const char *rel)
{
    if (p->cfg->output_dir && !j->error)
        j->out_path = output_path(p, j->name, rel, "", 0, &j->error);
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
    /* "dir/" names its pages "dir/x.html", not "dir//x.html"; "/" stays "/" */
    size_t root_len = strlen(root);
    while (root_len > 1 && root[root_len - 1] == '/')
        root_len--;
    stack[top++] = xprintf("%.*s", (int)root_len, root);
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
            names[n++] = xprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                                 e->d_name);
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
                    route_page(p, &j, names[i] + root_len + (root[root_len - 1] != '/'));
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
    const char *slash = strrchr(arg, '/');
    route_page(p, &j, slash ? slash + 1 : arg);
    return submit(p, &j);
}

/* --payload: the page itself (decoded), from the reading thread, in file order. */
static void
write_payload(pipeline *p, const pith_cli_warc_record *rec)
{
    const char *e = rec->error;
    char *page = NULL;
    size_t cap = 0, len = rec->len;
    if (!e && rec->encoding)
        e = pith_cli_warc_decode_payload(rec->body, rec->len, rec->encoding, rec->lenient, &page,
                                         &cap, &len);
    int wrote = e || !len || output_has_failed(p) ||
                fwrite(page ? page : rec->body, 1, len, p->out) == len;
    int write_error = errno;
    free(page);
    pthread_mutex_lock(&p->mu);
    if (!wrote) {
        errno = write_error;
        output_failed(p, p->cfg->output);
    } else if (e) {
        fprintf(stderr, "pith: %s: %s\n", rec->name, e);
        p->worst = EXIT_INPUT;
    }
    pthread_mutex_unlock(&p->mu);
}

/* WARC records become jobs with their URL, charset and record fields. */
static void
warc_record_cb(void *arg, const pith_cli_warc_record *rec)
{
    pipeline *p = arg;
    if (p->cfg->payload) {
        write_payload(p, rec);
        return;
    }
    job j;
    memset(&j, 0, sizeof j);
    j.name = xstrdup(rec->name);
    j.from_warc = 1;
    j.sink = p->warc_sink;
    j.members = rec->n_members ? calloc(rec->n_members, sizeof *j.members) : NULL;
    for (size_t i = 0; j.members && i < rec->n_members; i++) {
        const pith_json_member *m = &rec->members[i];
        char *v = NULL;
        if (m->value && (v = malloc(m->value_len + 1)) != NULL)
            memcpy(v, m->value, m->value_len);
        if (m->value && !v)
            break; /* out of memory: the record keeps the members copied so far */
        j.members[j.n_members++] = (pith_json_member){m->name, v, m->value_len, m->number};
    }
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

/* --output-dir --warc: the file the WARC's lines go to, open before its first record; 0
 * when it cannot be (an output failure, or with *err an input error). One record read by
 * FILE@OFFSET[+INNER] gets NAME@OFFSET[+INNER].jsonl, the numbers as its "file" member
 * gives them: a run on the whole archive, which writes NAME.jsonl, must not overwrite it
 * nor find its file taken. */
static int
open_warc_sink(pipeline *p, const pith_cli_warc_source *src, char **err)
{
    const char *path = src->path;
    const char *slash = strrchr(path, '/');
    char tag[48] = "";
    if (src->one && src->inner)
        snprintf(tag, sizeof tag, "@%" PRIu64 "+%" PRIu64, src->offset, src->inner);
    else if (src->one)
        snprintf(tag, sizeof tag, "@%" PRIu64, src->offset);
    char *out = output_path(p, path, slash ? slash + 1 : path, tag, 1, err);
    if (!out)
        return 1;
    out_file *o = malloc(sizeof *o);
    if (!o || !out_open(o, out, p->cfg->file_mode, 1)) {
        pthread_mutex_lock(&p->mu);
        output_failed(p, out);
        pthread_mutex_unlock(&p->mu);
        free(o);
        free(out);
        return 0;
    }
    free(out);
    p->warc_sink = o;
    return 1;
}

/* A web archive ("-": stdin), or one record of it named FILE@OFFSET[+INNER] as the "file"
 * member of pith's output and CDX indexes name records (a file whose name has that form
 * wins); 0 once the output has failed. */
static int
submit_warc(pipeline *p, const char *input)
{
    pith_cli_warc_source src;
    memset(&src, 0, sizeof src);
    src.path = input;
    char *path = NULL;
    size_t path_len;
    struct stat sb;
    if (strcmp(input, "-") && stat(input, &sb) != 0 &&
        pith_cli_warc_parse_at(input, &path_len, &src.offset, &src.inner)) {
        path = xstrdup(input);
        path[path_len] = '\0';
        src.path = path;
        src.one = 1;
    }
    char *err = NULL;
    int read = 0;
    pith_cli_warc_stats ws;
    if (p->cfg->output_dir && !open_warc_sink(p, &src, &err)) {
        free(path);
        return 0;
    }
    if (!err)
        read = pith_cli_warc_read_source(&src, PITH_CLI_WARC_DEFER_DECODING, warc_record_cb, p,
                                         &ws, &err);
    free(path);
    if (p->warc_sink) { /* in order after the last record: the file is complete, or dropped */
        job j;
        memset(&j, 0, sizeof j);
        j.name = xstrdup(input);
        j.sink = p->warc_sink;
        j.closes_sink = read ? SINK_KEEP : SINK_DROP;
        p->warc_sink = NULL;
        submit(p, &j);
    }
    if (!read)
        return submit_error(p, input, err ? err : xstrdup("unreadable web archive"));
    if (!p->cfg->quiet)
        fprintf(stderr, "pith: %s: %zu %s %s: %zu HTML %s, %zu HTML %s, %zu other %s, %zu %s, "
                        "%zu requests/metadata/other, %zu %s\n",
                input, ws.records, ws.arc ? "ARC" : "WARC",
                plural(ws.records, "record", "records"), ws.html,
                plural(ws.html, "response", "responses"), ws.resources,
                plural(ws.resources, "resource", "resources"), ws.not_html,
                plural(ws.not_html, "response or resource", "responses and resources"),
                ws.revisits, plural(ws.revisits, "revisit", "revisits"), ws.other_types,
                ws.errors, plural(ws.errors, "error", "errors"));
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
          "      --no-links     Markdown and HTML without links (JSON without \"links\")\n"
          "      --no-images    no images in Markdown, HTML and JSON\n"
          "      --no-formatting  no emphasis, code, sub/sup or line breaks in Markdown\n"
          "                     and HTML\n"
          "      --no-tables    leave tables out\n"
          "      --comments     the page's reader comments after the article (Markdown,\n"
          "                     HTML), or as \"comments\" (JSON); never in its text\n"
          "  -j, --jobs N       worker threads (default, and 0: one per core)\n"
          "  -o, --output FILE  write the output to FILE (in place once complete)\n"
          "      --output-dir DIR  one file per input under DIR, mirroring directories,\n"
          "                     with the format's extension (with --warc: one .jsonl\n"
          "                     per web archive)\n"
          "      --stdin-list   read the paths to process from stdin, one a line, before\n"
          "                     any given as arguments (with --warc: the web archives)\n"
          "  -0, --null         the same, each path ending in a NUL (find -print0)\n"
          "      --warc         inputs are web archives (WARC or ARC, plain or gzip; - for\n"
          "                     stdin; FILE@OFFSET for one record, as \"file\" names it);\n"
          "                     prints one JSON line per HTML response or resource record\n"
          "      --payload      with --warc: print each HTML record's page as it is stored\n"
          "                     (de-chunked, decoded) instead of extracting it\n"
          "      --max-bytes N  refuse pages larger than N bytes, gzipped pages too once\n"
          "                     inflated (default 64 MiB)\n"
          "      --max-depth N  flatten markup nested deeper than N (default 256,\n"
          "                     at most 1024)\n"
          "      --progress     progress line on stderr (default when stderr is a terminal\n"
          "                     and there are several inputs)\n"
          "      --no-progress  no progress line\n"
          "  -q, --quiet        no per-page notes on stderr\n"
          "  -h, --help         this text\n"
          "  -V, --version      the version\n"
          "\n"
          "Directories are searched recursively for .html/.htm/.xhtml/.shtml files, in any\n"
          "case, and the same gzipped (.html.gz); a page starting with the gzip magic is\n"
          "inflated. Several inputs in JSON: one object per line, in input order, with\n"
          "\"file\".\n"
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

/* Whether the library knows cs as a charset: it decodes an empty page with cs as the hint
 * and says where the charset came from, so the CLI asks the label table it would use. */
static int
charset_known(const char *cs)
{
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.charset_hint = cs;
    pith_result *r = NULL;
    pith_extract("", 0, &o, &r);
    int known = r && r->charset_source && strcmp(r->charset_source, "hint") == 0;
    pith_result_free(r);
    return known;
}

/* Long options without a short one. */
enum {
    OPT_EXPLAIN = 256,
    OPT_PRECISION,
    OPT_RECALL,
    OPT_STDIN_LIST,
    OPT_WARC,
    OPT_MAX_BYTES,
    OPT_MAX_DEPTH,
    OPT_PROGRESS,
    OPT_NO_PROGRESS,
    OPT_OUTPUT_DIR,
    OPT_NO_LINKS,
    OPT_NO_IMAGES,
    OPT_NO_FORMATTING,
    OPT_NO_TABLES,
    OPT_COMMENTS,
    OPT_PAYLOAD
};

static const struct option long_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"url", required_argument, NULL, 'u'},
    {"charset", required_argument, NULL, 'c'},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"precision", no_argument, NULL, OPT_PRECISION},
    {"recall", no_argument, NULL, OPT_RECALL},
    {"no-links", no_argument, NULL, OPT_NO_LINKS},
    {"no-images", no_argument, NULL, OPT_NO_IMAGES},
    {"no-formatting", no_argument, NULL, OPT_NO_FORMATTING},
    {"no-tables", no_argument, NULL, OPT_NO_TABLES},
    {"comments", no_argument, NULL, OPT_COMMENTS},
    {"jobs", required_argument, NULL, 'j'},
    {"output", required_argument, NULL, 'o'},
    {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
    {"stdin-list", no_argument, NULL, OPT_STDIN_LIST},
    {"null", no_argument, NULL, '0'},
    {"warc", no_argument, NULL, OPT_WARC},
    {"payload", no_argument, NULL, OPT_PAYLOAD},
    {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* The most worker threads -j takes: far past any machine's cores, short of a typo's. */
#define MAX_JOBS 1024

/* Parses the command line into cfg; the inputs are argv[*first..argc). Returns -1 to go on,
 * else the exit status (after --help, --version or a usage error). */
static int
parse_args(int argc, char **argv, config *cfg, int *progress_flag, int *first)
{
    int format_given = 0;
    int c;
    while ((c = getopt_long(argc, argv, "f:u:c:j:o:0qhV", long_options, NULL)) != -1) {
        size_t v;
        switch (c) {
        case 'f':
            if (!parse_format(optarg, &cfg->format)) {
                fprintf(stderr, "pith: unknown format '%s' (text, markdown, json, html)\n",
                        optarg);
                return EXIT_USAGE;
            }
            format_given = 1;
            break;
        case 'u':
            cfg->url = optarg;
            break;
        case 'c':
            cfg->charset = optarg;
            break;
        case 'j':
            if (strcmp(optarg, "0") == 0) {
                break; /* one per core: the default */
            }
            if (!parse_size(optarg, &v) || v > MAX_JOBS) {
                fprintf(stderr, "pith: --jobs wants a number from 0 (one per core) to %d, not "
                                "'%s'\n", MAX_JOBS, optarg);
                return EXIT_USAGE;
            }
            cfg->threads = (unsigned)v;
            break;
        case 'o':
            cfg->output = optarg;
            break;
        case OPT_OUTPUT_DIR:
            cfg->output_dir = optarg;
            break;
        case OPT_MAX_BYTES:
            if (!parse_size(optarg, &cfg->max_input_bytes)) {
                fprintf(stderr, "pith: --max-bytes wants a positive number, not '%s'\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_MAX_DEPTH:
            if (!parse_size(optarg, &v) || v > PITH_MAX_DEPTH_CAP) {
                fprintf(stderr, "pith: --max-depth wants a number from 1 to %u\n",
                        (unsigned)PITH_MAX_DEPTH_CAP);
                return EXIT_USAGE;
            }
            cfg->max_depth = (unsigned)v;
            break;
        case OPT_NO_LINKS:
            cfg->no_links = 1;
            break;
        case OPT_NO_IMAGES:
            cfg->no_images = 1;
            break;
        case OPT_NO_FORMATTING:
            cfg->no_formatting = 1;
            break;
        case OPT_NO_TABLES:
            cfg->no_tables = 1;
            break;
        case OPT_COMMENTS:
            cfg->comments = 1;
            break;
        case OPT_EXPLAIN:
            cfg->explain = 1;
            break;
        case OPT_PRECISION:
            cfg->bias = PITH_BIAS_PRECISION;
            break;
        case OPT_RECALL:
            cfg->bias = PITH_BIAS_RECALL;
            break;
        case OPT_STDIN_LIST:
            cfg->from_stdin_list = 1;
            break;
        case '0':
            cfg->from_stdin_list = 1;
            cfg->list_sep = '\0';
            break;
        case OPT_WARC:
            cfg->warc = 1;
            break;
        case OPT_PAYLOAD:
            cfg->payload = 1;
            break;
        case OPT_PROGRESS:
            *progress_flag = 1;
            break;
        case OPT_NO_PROGRESS:
            *progress_flag = 0;
            break;
        case 'q':
            cfg->quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return finish_plain_output();
        case 'V':
            printf("pith %s\n", pith_version());
            return finish_plain_output();
        default: /* getopt_long has named the option and what is wrong with it */
            fputs("Try 'pith --help'.\n", stderr);
            return EXIT_USAGE;
        }
    }
    *first = optind;
    if (cfg->output && cfg->output_dir) {
        fputs("pith: -o and --output-dir: one or the other\n", stderr);
        return EXIT_USAGE;
    }
    if (cfg->payload && !cfg->warc) {
        fputs("pith: --payload goes with --warc\n", stderr);
        return EXIT_USAGE;
    }
    if (cfg->payload && cfg->output_dir) {
        fputs("pith: --payload prints the pages as one stream: to stdout or -o, not "
              "--output-dir\n", stderr);
        return EXIT_USAGE;
    }
    if (cfg->warc && format_given && cfg->format != PITH_FORMAT_JSON && !cfg->payload)
        fputs("pith: warning: --warc prints JSON lines: -f is ignored\n", stderr);
    if (cfg->warc)
        cfg->format = PITH_FORMAT_JSON;
    if (cfg->charset && !charset_known(cfg->charset)) {
        fprintf(stderr, "pith: warning: -c '%s' is not a charset pith knows: ignored (the "
                        "page's own declaration, or detection, decides)\n", cfg->charset);
        cfg->charset = NULL;
    }
    return -1;
}

/* The -o file in place, or dropped after a failed write (the run fails, exit 4). */
static void
finish_output_file(pipeline *p, out_file *o)
{
    if (!o->f)
        return;
    if (p->write_errno) {
        out_discard(o);
        return;
    }
    char *path = xstrdup(o->path);
    if (!out_commit(o))
        output_failed(p, path);
    free(path);
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
    mode_t mask = umask(0);
    umask(mask);
    cfg.file_mode = 0666 & ~mask;
    int progress_flag = -1, first = 1;
    argv[0] = (char *)"pith"; /* getopt_long names the tool so in its messages */
    int code = parse_args(argc, argv, &cfg, &progress_flag, &first);
    if (code >= 0)
        return code;
    char *stdin_only[] = {(char *)"-"};
    char **inputs = argv + first;
    size_t n_inputs = (size_t)(argc - first);
    for (size_t i = 0; i < n_inputs && cfg.from_stdin_list; i++) {
        if (!strcmp(inputs[i], "-")) {
            fputs("pith: - names stdin, which --stdin-list/-0 reads as the list\n", stderr);
            return EXIT_USAGE;
        }
    }
    if (n_inputs == 0 && !cfg.from_stdin_list)
        inputs = stdin_only, n_inputs = 1;
    for (size_t i = 0; i < n_inputs && cfg.output_dir; i++) {
        if (!strcmp(inputs[i], "-")) {
            fputs("pith: --output-dir names each output after its input: stdin (-) has no "
                  "name; give files, or use -o\n", stderr);
            return EXIT_USAGE;
        }
    }
    int multi = n_inputs > 1 || cfg.from_stdin_list || cfg.warc;
    int all_files = !cfg.from_stdin_list && !cfg.warc;
    for (size_t i = 0; i < n_inputs; i++) {
        struct stat sb;
        if (strcmp(inputs[i], "-") && stat(inputs[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            multi = 1, all_files = 0;
    }
    int tty = isatty(2);
    /* 2: redrawn in place on a terminal; 1: a line per update elsewhere; 0: none */
    cfg.progress = progress_flag == 0 ? 0 : (progress_flag > 0 || multi) && tty ? 2
                                         : progress_flag > 0;

    out_file out_f;
    memset(&out_f, 0, sizeof out_f);
    if (cfg.output && strcmp(cfg.output, "-") != 0) {
        if (!out_open(&out_f, cfg.output, cfg.file_mode, 0)) {
            fprintf(stderr, "pith: cannot write %s: %s\n", cfg.output, strerror(errno));
            return EXIT_OUTPUT;
        }
    }

    pipeline p;
    memset(&p, 0, sizeof p);
    p.cfg = &cfg;
    /* Output is in input order, so one slow page holds back the slots behind it; a window of
     * 16 pages a worker lets the others run on past a page that costs as much as ~50 typical
     * ones (measured on a WARC at -j 2: 4 a worker left them idle 3.5% of the time, 16 none). */
    p.cap = (size_t)cfg.threads * 16 + 16;
    p.slots = calloc(p.cap, sizeof *p.slots);
    p.multi = multi;
    p.total = n_inputs;
    p.total_known = all_files;
    p.out = out_f.f ? out_f.f : stdout;
    p.t0 = now_seconds();
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    pthread_t *workers = calloc(cfg.threads, sizeof *workers);
    if (!p.slots || !workers) {
        fputs("pith: out of memory\n", stderr);
        out_discard(&out_f);
        return EXIT_INPUT;
    }
    for (unsigned t = 0; t < cfg.threads; t++)
        pthread_create(&workers[t], NULL, worker_main, &p);

    int go_on = cfg.from_stdin_list ? submit_list(&p) : 1;
    for (size_t i = 0; go_on && i < n_inputs; i++)
        go_on = cfg.warc ? submit_warc(&p, inputs[i]) : submit_input(&p, inputs[i]);

    pthread_mutex_lock(&p.mu);
    p.closed = 1;
    p.total = p.n_submitted;
    p.total_known = 1;
    pthread_cond_broadcast(&p.cv);
    drain(&p, 1);
    pthread_mutex_unlock(&p.mu);
    for (unsigned t = 0; t < cfg.threads; t++)
        pthread_join(workers[t], NULL);
    /* one thread from here on */
    finish_output_file(&p, &out_f);
    print_progress(&p, 1);
    if (multi && !cfg.quiet && !cfg.payload) {
        double dt = now_seconds() - p.t0;
        fprintf(stderr, "pith: %zu %s: %zu %s, %zu without article, %zu %s; %.2f s, "
                        "%.1f pages/s\n",
                p.n_done, plural(p.n_done, "page", "pages"), p.n_ok,
                plural(p.n_ok, "article", "articles"), p.n_none, p.n_err,
                plural(p.n_err, "error", "errors"), dt,
                dt > 0 ? (double)p.n_done / dt : 0.0);
    }
    free(workers);
    free(p.slots);
    for (size_t i = 0; i < p.out_names_cap; i++)
        free(p.out_names[i]);
    free(p.out_names);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    if (!p.write_errno && close_stdout() != 0)
        output_failed(&p, NULL);
    return p.write_errno ? EXIT_OUTPUT : p.worst;
}
