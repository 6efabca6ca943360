/* SPDX-License-Identifier: MIT */
/*
 * The CLI's WARC reader (cli/warc.c): files written here, with zlib, in the three shapes
 * crawlers ship (a gzip member per record, plain, one gzip stream), holding good records,
 * records to skip and broken ones. Every good record must come out once, in order, with its
 * fields; every broken one as one error record, after which reading goes on.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "warc.h"

/* ---- a growing byte buffer ---- */

typedef struct wbuf {
    char *p;
    size_t len, cap;
} wbuf;

static void
wb_add(wbuf *b, const void *s, size_t n)
{
    if (b->cap - b->len < n + 1) {
        size_t nc = b->cap ? b->cap : 4096;
        while (nc - b->len < n + 1)
            nc *= 2;
        b->p = realloc(b->p, nc);
        ck_assert_ptr_nonnull(b->p);
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void wb_printf(wbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
wb_printf(wbuf *b, const char *fmt, ...)
{
    char tmp[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    ck_assert(n >= 0 && (size_t)n < sizeof tmp);
    wb_add(b, tmp, (size_t)n);
}

/* one gzip member */
static void
gzip_into(wbuf *out, const char *s, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t bound = deflateBound(&z, (uLong)n);
    char *tmp = malloc(bound);
    ck_assert_ptr_nonnull(tmp);
    z.next_in = (unsigned char *)(uintptr_t)s;
    z.avail_in = (uInt)n;
    z.next_out = (unsigned char *)tmp;
    z.avail_out = (uInt)bound;
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    wb_add(out, tmp, bound - z.avail_out);
    deflateEnd(&z);
    free(tmp);
}

/* zlib (not gzip) wrapping, as HTTP's "deflate" means */
static void
zlib_into(wbuf *out, const char *s, size_t n)
{
    uLongf bound = compressBound((uLong)n);
    char *tmp = malloc(bound);
    ck_assert_ptr_nonnull(tmp);
    ck_assert_int_eq(compress((Bytef *)tmp, &bound, (const Bytef *)s, (uLong)n), Z_OK);
    wb_add(out, tmp, bound);
    free(tmp);
}

/* ---- records ---- */

typedef struct rec_spec {
    const char *version;     /* "WARC/1.1" when NULL */
    const char *type;
    const char *id;          /* e.g. "<urn:uuid:...>" */
    const char *uri;         /* WARC-Target-URI, or NULL */
    const char *extra;       /* more header lines, each ending in CRLF */
    const char *length;      /* a Content-Length to write instead of the true one */
    long length_delta;       /* added to the true Content-Length */
    const char *block;
    size_t block_len;
} rec_spec;

static void
record_into(wbuf *out, const rec_spec *r)
{
    wb_printf(out, "%s\r\nWARC-Type: %s\r\nWARC-Record-ID: %s\r\n",
              r->version ? r->version : "WARC/1.1", r->type, r->id);
    wb_printf(out, "WARC-Date: 2024-02-2%dT10:00:00Z\r\n", (int)(strlen(r->id) % 10));
    if (r->uri)
        wb_printf(out, "WARC-Target-URI: %s\r\n", r->uri);
    if (!strcmp(r->type, "response") || !strcmp(r->type, "request"))
        wb_printf(out, "Content-Type: application/http; msgtype=%s\r\n", r->type);
    if (r->extra)
        wb_printf(out, "%s", r->extra);
    if (r->length)
        wb_printf(out, "Content-Length: %s\r\n\r\n", r->length);
    else
        wb_printf(out, "Content-Length: %ld\r\n\r\n", (long)r->block_len + r->length_delta);
    wb_add(out, r->block, r->block_len);
    wb_add(out, "\r\n\r\n", 4);
}

static char *
http_response(const char *status, const char *headers, const char *body, size_t body_len,
              size_t *len)
{
    wbuf b = {0};
    wb_printf(&b, "HTTP/1.1 %s\r\n%s\r\n", status, headers);
    wb_add(&b, body, body_len);
    *len = b.len;
    return b.p;
}

/* ---- what the reader hands over ---- */

typedef struct got {
    char *name, *prefix, *body, *url, *charset, *error;
    size_t len;
} got;

typedef struct collector {
    got items[64];
    size_t n;
} collector;

static char *
dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* The record's members as the JSON text they become in front of the result's (NULL when
 * there are none), so that a check reads as the output line does. */
static char *
members_text(const pith_cli_warc_record *rec)
{
    if (rec->n_members == 0)
        return NULL;
    wbuf b = {0};
    for (size_t i = 0; i < rec->n_members; i++) {
        const pith_json_member *m = &rec->members[i];
        wb_printf(&b, "%s\"%s\":", i ? "," : "", m->name);
        if (!m->value) {
            wb_printf(&b, "%lld", m->number);
            continue;
        }
        char *lit = NULL;
        size_t n = 0;
        ck_assert_int_eq(pith_json_string(m->value, m->value_len, &lit, &n), PITH_OK);
        wb_add(&b, lit, n);
        pith_buffer_free(lit);
    }
    return b.p;
}

static void
collect(void *arg, const pith_cli_warc_record *rec)
{
    collector *c = arg;
    ck_assert_uint_lt(c->n, 64);
    got *g = &c->items[c->n++];
    g->name = dup_or_null(rec->name);
    g->prefix = members_text(rec);
    g->url = dup_or_null(rec->url);
    g->charset = dup_or_null(rec->charset);
    g->error = dup_or_null(rec->error);
    g->len = rec->len;
    if (rec->error) {
        ck_assert_ptr_null(rec->body);
    } else {
        ck_assert_ptr_nonnull(rec->body);
        g->body = malloc(rec->len + 1);
        memcpy(g->body, rec->body, rec->len);
        g->body[rec->len] = '\0';
    }
}

static void
collector_free(collector *c)
{
    for (size_t i = 0; i < c->n; i++) {
        got *g = &c->items[i];
        free(g->name), free(g->prefix), free(g->body), free(g->url), free(g->charset),
            free(g->error);
    }
    c->n = 0;
}

static char *
write_temp(const char *data, size_t len)
{
    char tmpl[] = "/tmp/pith-test-warc-XXXXXX";
    int fd = mkstemp(tmpl);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "wb");
    ck_assert_ptr_nonnull(f);
    if (len)
        ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return strdup(tmpl);
}

/* As collect, for a reader that defers payload decoding: decodes here what was left
 * encoded, as the CLI's workers do, and counts it in deferred[0]. */
typedef struct deferring {
    collector c;
    size_t deferred;
} deferring;

static void
collect_decoding(void *arg, const pith_cli_warc_record *rec)
{
    deferring *d = arg;
    if (!rec->encoding) {
        collect(&d->c, rec);
        return;
    }
    d->deferred++;
    char *page = NULL;
    size_t cap = 0, len = 0;
    const char *e = pith_cli_warc_decode_payload(rec->body, rec->len, rec->encoding,
                                                 rec->lenient, &page, &cap, &len);
    pith_cli_warc_record r = *rec;
    if (e) {
        r.error = e;
        r.body = NULL;
        r.len = 0;
        r.url = r.charset = NULL;
    } else {
        r.body = page ? page : "";
        r.len = len;
    }
    r.encoding = 0;
    collect(&d->c, &r);
    free(page);
}

static int
read_warc_flags(const char *data, size_t len, unsigned flags, pith_cli_warc_cb cb, void *arg,
                pith_cli_warc_stats *st)
{
    char *path = write_temp(data, len);
    char *err = NULL;
    int ok = pith_cli_warc_read_flags(path, flags, cb, arg, st, &err);
    ck_assert_msg(ok, "read failed: %s", err ? err : "?");
    free(err);
    unlink(path);
    free(path);
    return ok;
}

static int
read_warc(const char *data, size_t len, collector *c, pith_cli_warc_stats *st)
{
    char *path = write_temp(data, len);
    char *err = NULL;
    int ok = pith_cli_warc_read_stats(path, collect, c, st, &err);
    ck_assert_msg(ok, "read failed: %s", err ? err : "?");
    free(err);
    unlink(path);
    free(path);
    return ok;
}

/* ---- the fixture: every kind of record, in file order ---- */

enum shape { PER_MEMBER, PLAIN, SINGLE_STREAM };

static const char page1[] = "<!DOCTYPE html><html><head><title>One</title></head><body><p>"
                            "First page, café.</p></body></html>";
static const char page2[] = "<html><head><title>Two</title></head><body><p>Caf\xe9 "
                            "latin-1.</p></body></html>";
static const char page3[] = "<html><body><article><p>Third page after a bad length."
                            "</p></article></body></html>";
static const char sniffed[] = "\n  <!doctype html><html><body><p>No content type.</p></body>"
                              "</html>";

/* The expected outcome per record in order: an id for a good record, "!" + id for an error
 * that names its record, "!" alone for an error that cannot (a lost gzip member). */
typedef struct expect {
    const char *id;
    const char *body; /* for good records */
    const char *charset;
    const char *uri;
    int status;
} expect;

static wbuf
build_fixture(enum shape shape, expect *ex, size_t *n_ex, wbuf *members_plain)
{
    wbuf file = {0}, plain = {0};
    size_t ne = 0;
    size_t blen;
    char *b;
    rec_spec recs[32];
    int corrupt[32] = {0};
    size_t nr = 0;
    char *owned[32];
    size_t no = 0;

#define ADD(...) (recs[nr++] = (rec_spec){__VA_ARGS__})
    ADD(.type = "warcinfo", .id = "<urn:uuid:00000000-0000-0000-0000-000000000000>",
        .block = "software: test\r\n", .block_len = 16);
    ADD(.type = "request", .id = "<urn:uuid:00000000-0000-0000-0000-00000000000r>",
        .uri = "https://example.com/one", .block = "GET /one HTTP/1.1\r\nHost: x\r\n\r\n",
        .block_len = 30);

    b = http_response("200 OK", "Content-Type: text/html; charset=utf-8\r\n", page1,
                      strlen(page1), &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:id1>", .uri = "https://example.com/one", .block = b,
        .block_len = blen);
    ex[ne++] = (expect){"<urn:uuid:id1>", page1, "utf-8", "https://example.com/one", 200};

    ADD(.type = "metadata", .id = "<urn:uuid:meta>", .uri = "https://example.com/one",
        .block = "fetchTimeMs: 12\r\n", .block_len = 17);

    b = http_response("200 OK", "Server: x\r\ncontent-type: TEXT/HTML;Charset=\"ISO-8859-1\"\r\n",
                      page2, strlen(page2), &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:id2>", .uri = "https://example.com/two", .block = b,
        .block_len = blen);
    ex[ne++] = (expect){"<urn:uuid:id2>", page2, "ISO-8859-1", "https://example.com/two", 200};

    b = http_response("200 OK", "Content-Type: image/png\r\n", "\x89PNG\r\n", 6, &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:png>", .uri = "https://example.com/a.png",
        .block = b, .block_len = blen);

    {
        static const char *const pieces[] = {"<html><body><p>Chunked page",
                                             ", in three chunks.", "</p></body></html>"};
        wbuf chunked = {0};
        for (size_t k = 0; k < 3; k++) /* sizes in hex, the first with an extension */
            wb_printf(&chunked, "%zx%s\r\n%s\r\n", strlen(pieces[k]), k ? "" : ";ext=1",
                      pieces[k]);
        wb_printf(&chunked, "0\r\nX-Trailer: y\r\n\r\n");
        b = http_response("200 OK",
                          "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                          chunked.p, chunked.len, &blen);
        free(chunked.p);
        owned[no++] = b;
        ADD(.type = "response", .id = "<urn:uuid:id3>", .uri = "https://example.com/chunked",
            .block = b, .block_len = blen);
        ex[ne++] = (expect){"<urn:uuid:id3>",
                            "<html><body><p>Chunked page, in three chunks.</p></body></html>",
                            NULL, "https://example.com/chunked", 200};
    }
    {
        wbuf z = {0};
        gzip_into(&z, page3, strlen(page3));
        b = http_response("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                          z.p, z.len, &blen);
        free(z.p);
        owned[no++] = b;
        ADD(.type = "response", .id = "<urn:uuid:id4>", .uri = "https://example.com/gz",
            .block = b, .block_len = blen);
        ex[ne++] = (expect){"<urn:uuid:id4>", page3, NULL, "https://example.com/gz", 200};
    }

    /* the broken one in the middle: a corrupt gzip member, or (no gzip) a bad length */
    b = http_response("200 OK", "Content-Type: text/html\r\n", page1, strlen(page1), &blen);
    owned[no++] = b;
    if (shape == PER_MEMBER) {
        corrupt[nr] = 1;
        ADD(.type = "response", .id = "<urn:uuid:id5>", .block = b, .block_len = blen);
        ex[ne++] = (expect){"!", NULL, NULL, NULL, 0};
    } else {
        ADD(.type = "response", .id = "<urn:uuid:id5>", .block = b, .block_len = blen,
            .length = "12x");
        ex[ne++] = (expect){"!<urn:uuid:id5>", NULL, NULL, NULL, 0};
    }

    {
        wbuf z = {0};
        zlib_into(&z, page2, strlen(page2));
        b = http_response("200 OK", "Content-Type: text/html\r\nContent-Encoding: deflate\r\n",
                          z.p, z.len, &blen);
        free(z.p);
        owned[no++] = b;
        ADD(.type = "response", .id = "<urn:uuid:id6>", .uri = "https://example.com/deflate",
            .block = b, .block_len = blen);
        ex[ne++] = (expect){"<urn:uuid:id6>", page2, NULL, "https://example.com/deflate", 200};
    }

    b = http_response("200 OK", "Content-Type: text/html\r\n", page1, strlen(page1), &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:id7>", .uri = "https://example.com/short",
        .block = b, .block_len = blen, .length_delta = -10);
    ex[ne++] = (expect){"!<urn:uuid:id7>", NULL, NULL, NULL, 0};

    b = http_response("200 OK", "Content-Type: text/html\r\n", page3, strlen(page3), &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:id8>", .uri = "https://example.com/three",
        .block = b, .block_len = blen);
    ex[ne++] = (expect){"<urn:uuid:id8>", page3, NULL, "https://example.com/three", 200};

    b = http_response("200 OK", "Content-Type: text/html\r\n", page1, strlen(page1), &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:id9>", .uri = "https://example.com/long",
        .block = b, .block_len = blen, .length_delta = 100);
    ex[ne++] = (expect){"!<urn:uuid:id9>", NULL, NULL, NULL, 0};

    b = http_response("200 OK", "Server: x\r\n", sniffed, strlen(sniffed), &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:id10>", .uri = "https://example.com/sniffed",
        .block = b, .block_len = blen);
    ex[ne++] = (expect){"<urn:uuid:id10>", sniffed, NULL, "https://example.com/sniffed", 200};

    b = http_response("200 OK", "Content-Type: text/html\r\nContent-Encoding: br\r\n",
                      "\x1b\x03\x00", 3, &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:id11>", .uri = "https://example.com/br",
        .block = b, .block_len = blen);
    ex[ne++] = (expect){"!<urn:uuid:id11>", NULL, NULL, NULL, 0};

    ADD(.type = "response", .id = "<urn:uuid:id12>", .uri = "https://example.com/nohttp",
        .block = "HTTX/1.1 200 OK\r\n\r\n<html></html>", .block_len = 32);
    ex[ne++] = (expect){"!<urn:uuid:id12>", NULL, NULL, NULL, 0};

    b = http_response("200 OK", "Content-Type: text/html;\r\n charset=windows-1252\r\n", page2,
                      strlen(page2), &blen);
    owned[no++] = b;
    ADD(.version = "WARC/1.0", .type = "response", .id = "<urn:uuid:id13>",
        .uri = "<https://example.com/old>", .extra = "X-Folded: a\r\n  b\r\n", .block = b,
        .block_len = blen);
    ex[ne++] = (expect){"<urn:uuid:id13>", page2, "windows-1252", "https://example.com/old", 200};

    b = http_response("200 OK", "Content-Type: text/html\r\n", page1, strlen(page1), &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:id14>",
        .uri = "https://example.com/q?a=\"b\"&c=\\d\x01\xff\xc3\xa9", .block = b,
        .block_len = blen);
    ex[ne++] = (expect){"<urn:uuid:id14>", page1, NULL,
                        "https://example.com/q?a=\"b\"&c=\\d\x01\xff\xc3\xa9", 200};

    ADD(.type = "revisit", .id = "<urn:uuid:rev>", .uri = "https://example.com/one",
        .block = "HTTP/1.1 304 Not Modified\r\n\r\n", .block_len = 30);

    b = http_response("404 Not Found", "Content-Type: text/html\r\n", page3, strlen(page3),
                      &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:id15>", .uri = "https://example.com/missing",
        .block = b, .block_len = blen);
    ex[ne++] = (expect){"<urn:uuid:id15>", page3, NULL, "https://example.com/missing", 404};

    b = http_response("200 OK", "Content-Type: text/html\r\n", page1, strlen(page1), &blen);
    owned[no++] = b;
    ADD(.type = "response", .id = "<urn:uuid:id16>", .uri = "https://example.com/cut",
        .block = b, .block_len = blen);
    ex[ne++] = (expect){shape == PER_MEMBER ? "!" : "!<urn:uuid:id16>", NULL, NULL, NULL, 0};
#undef ADD

    for (size_t i = 0; i < nr; i++) {
        wbuf one = {0};
        record_into(&one, &recs[i]);
        int last = i + 1 == nr;
        if (shape == PER_MEMBER) {
            wbuf z = {0};
            gzip_into(&z, one.p, one.len);
            if (corrupt[i]) /* scramble the middle of the deflate data */
                for (size_t k = z.len / 3; k < z.len / 3 + 8; k++)
                    z.p[k] = (char)~z.p[k];
            wb_add(&file, z.p, last ? z.len / 2 : z.len);
            free(z.p);
        } else {
            wb_add(&plain, one.p, last ? one.len - 40 : one.len);
        }
        free(one.p);
    }
    if (shape == PLAIN) {
        file = plain;
    } else if (shape == SINGLE_STREAM) {
        gzip_into(&file, plain.p, plain.len);
        if (members_plain)
            *members_plain = plain;
        else
            free(plain.p);
    }
    for (size_t i = 0; i < no; i++)
        free(owned[i]);
    *n_ex = ne;
    return file;
}

static void
check_outcome(const collector *c, const expect *ex, size_t n_ex, const char *path_hint)
{
    (void)path_hint;
    ck_assert_uint_eq(c->n, n_ex);
    for (size_t i = 0; i < n_ex; i++) {
        const got *g = &c->items[i];
        const expect *e = &ex[i];
        ck_assert_ptr_nonnull(g->name);
        ck_assert_msg(strchr(g->name, '@') != NULL, "name %s has no @offset", g->name);
        if (e->id[0] == '!') {
            ck_assert_msg(g->error != NULL, "item %zu: expected an error for %s, got %s", i,
                          e->id, g->prefix ? g->prefix : "(no prefix)");
            if (e->id[1]) {
                char want[128];
                snprintf(want, sizeof want, "\"warc_record_id\":\"%s\"", e->id + 1);
                ck_assert_msg(g->prefix && strstr(g->prefix, want),
                              "item %zu: error prefix %s lacks %s", i,
                              g->prefix ? g->prefix : "(none)", want);
            }
            continue;
        }
        ck_assert_msg(g->error == NULL, "item %zu (%s): unexpected error %s", i, e->id,
                      g->error ? g->error : "");
        char want[160];
        snprintf(want, sizeof want, "\"warc_record_id\":\"%s\",", e->id);
        ck_assert_msg(g->prefix && strncmp(g->prefix, want, strlen(want)) == 0,
                      "item %zu: prefix %s, wanted it to start %s", i,
                      g->prefix ? g->prefix : "(none)", want);
        snprintf(want, sizeof want, ",\"http_status\":%d", e->status);
        size_t pl = strlen(g->prefix), wl = strlen(want);
        ck_assert_msg(pl > wl && strcmp(g->prefix + pl - wl, want) == 0,
                      "item %zu: prefix %s does not end %s", i, g->prefix, want);
        ck_assert_msg(strstr(g->prefix, "\"warc_date\":\"2024-02-2") != NULL, "item %zu: %s",
                      i, g->prefix);
        ck_assert_uint_eq(g->len, strlen(e->body));
        ck_assert_str_eq(g->body, e->body);
        ck_assert_str_eq(g->url, e->uri);
        if (e->charset)
            ck_assert_str_eq(g->charset, e->charset);
        else
            ck_assert_ptr_null(g->charset);
    }
}

static void
run_shape(enum shape shape)
{
    expect ex[32];
    size_t n_ex = 0;
    wbuf file = build_fixture(shape, ex, &n_ex, NULL);
    collector *c = calloc(1, sizeof *c);
    pith_cli_warc_stats st;
    read_warc(file.p, file.len, c, &st);
    check_outcome(c, ex, n_ex, NULL);
    size_t errors = 0, good = 0;
    for (size_t i = 0; i < n_ex; i++) {
        if (ex[i].id[0] == '!')
            errors++;
        else
            good++;
    }
    ck_assert_uint_eq(st.html, good);
    ck_assert_uint_eq(st.errors, errors);
    ck_assert_uint_eq(st.not_html, 1);    /* the PNG */
    ck_assert_uint_eq(st.other_types, 3); /* warcinfo, request, metadata */
    ck_assert_uint_eq(st.revisits, 1);
    ck_assert_uint_eq(st.records, good + errors + 5);
    collector_free(c);
    free(c);
    free(file.p);
}

/* With decoding deferred to the callback (as the CLI's workers do it), every record comes
 * out as it does decoded by the reader: bodies, errors, names and prefixes. */
/* Reads file both ways and checks every record comes out the same; returns how many
 * records carried a gzip Content-Encoding error. */
static size_t
expect_same_deferred(const wbuf *file, size_t min_deferred)
{
    collector *now = calloc(1, sizeof *now);
    deferring *later = calloc(1, sizeof *later);
    read_warc_flags(file->p, file->len, 0, collect, now, NULL);
    read_warc_flags(file->p, file->len, PITH_CLI_WARC_DEFER_DECODING, collect_decoding, later,
                    NULL);
    ck_assert_uint_ge(later->deferred, min_deferred);
    ck_assert_uint_eq(later->c.n, now->n);
    size_t errors = 0;
    for (size_t i = 0; i < now->n; i++) {
        const got *a = &now->items[i], *d = &later->c.items[i];
        ck_assert_str_eq(strrchr(a->name, '@'), strrchr(d->name, '@')); /* temp paths differ */
        ck_assert_pstr_eq(a->prefix, d->prefix);
        ck_assert_pstr_eq(a->error, d->error);
        ck_assert_pstr_eq(a->url, d->url);
        ck_assert_pstr_eq(a->charset, d->charset);
        ck_assert_uint_eq(a->len, d->len);
        if (a->body)
            ck_assert(memcmp(a->body, d->body, a->len) == 0);
        errors += a->error && strstr(a->error, "gzip Content-Encoding") != NULL;
    }
    collector_free(now);
    collector_free(&later->c);
    free(now);
    free(later);
    return errors;
}

/* With decoding deferred to the callback (as the CLI's workers do it), every record comes
 * out as it does decoded by the reader: bodies, errors, names and prefixes. */
START_TEST(deferred_payloads_decode_the_same)
{
    static const enum shape shapes[] = {PER_MEMBER, PLAIN, SINGLE_STREAM};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        expect ex[32];
        size_t n_ex = 0;
        wbuf file = build_fixture(shapes[k], ex, &n_ex, NULL);
        ck_assert_uint_eq(expect_same_deferred(&file, 2), 0); /* its gzip and deflate pages */
        free(file.p);
    }
    /* a gzip payload whose CRC does not match, one cut short, one cut short in a record
     * marked truncated (lenient), and a good one */
    wbuf z = {0}, file = {0};
    gzip_into(&z, page1, strlen(page1));
    size_t blen;
    const char *hdr = "Content-Type: text/html\r\nContent-Encoding: gzip\r\n";
    z.p[z.len - 8] ^= 0x55;
    char *b = http_response("200 OK", hdr, z.p, z.len, &blen);
    z.p[z.len - 8] ^= 0x55;
    record_into(&file, &(rec_spec){.type = "response", .id = "<urn:uuid:badcrc>",
                                   .uri = "http://a/bad", .block = b, .block_len = blen});
    free(b);
    b = http_response("200 OK", hdr, z.p, z.len / 2, &blen);
    record_into(&file, &(rec_spec){.type = "response", .id = "<urn:uuid:cut>",
                                   .uri = "http://a/cut", .block = b, .block_len = blen});
    record_into(&file, &(rec_spec){.type = "response", .id = "<urn:uuid:cut2>",
                                   .uri = "http://a/cut2", .block = b, .block_len = blen,
                                   .extra = "WARC-Truncated: length\r\n"});
    free(b);
    b = http_response("200 OK", hdr, z.p, z.len, &blen);
    record_into(&file, &(rec_spec){.type = "response", .id = "<urn:uuid:good>",
                                   .uri = "http://a/good", .block = b, .block_len = blen});
    free(b);
    free(z.p);
    ck_assert_uint_eq(expect_same_deferred(&file, 4), 2);
    free(file.p);
}
END_TEST

START_TEST(gzip_member_per_record)
{
    run_shape(PER_MEMBER);
}
END_TEST

START_TEST(plain_file)
{
    run_shape(PLAIN);
}
END_TEST

START_TEST(single_gzip_stream)
{
    run_shape(SINGLE_STREAM);
}
END_TEST

/* A single gzip stream cut short: the records before the cut, then one error. */
START_TEST(single_stream_cut_short)
{
    expect ex[32];
    size_t n_ex = 0;
    wbuf file = build_fixture(SINGLE_STREAM, ex, &n_ex, NULL);
    collector *c = calloc(1, sizeof *c);
    read_warc(file.p, file.len - 9, c, NULL); /* the gzip trailer and a byte of data */
    ex[n_ex - 1].id = "!"; /* the gzip error cannot name the record it cut */
    check_outcome(c, ex, n_ex, NULL);
    collector_free(c);
    free(c);
    free(file.p);
}
END_TEST

/* The offsets in names are where each record's gzip member starts, as in a CDX index. */
START_TEST(names_give_member_offsets)
{
    static const char body[] = "<html><body><p>x</p></body></html>";
    size_t blen;
    char *b = http_response("200 OK", "Content-Type: text/html\r\n", body, strlen(body), &blen);
    wbuf file = {0};
    size_t starts[3];
    for (int i = 0; i < 3; i++) {
        wbuf one = {0};
        char id[64];
        snprintf(id, sizeof id, "<urn:uuid:m%d>", i);
        record_into(&one, &(rec_spec){.type = "response", .id = id, .uri = "http://a/",
                                      .block = b, .block_len = blen});
        starts[i] = file.len;
        gzip_into(&file, one.p, one.len);
        free(one.p);
    }
    collector *c = calloc(1, sizeof *c);
    read_warc(file.p, file.len, c, NULL);
    ck_assert_uint_eq(c->n, 3);
    for (int i = 0; i < 3; i++) {
        char want[32];
        snprintf(want, sizeof want, "@%zu", starts[i]);
        const char *at = strrchr(c->items[i].name, '@');
        ck_assert_str_eq(at, want);
    }
    collector_free(c);
    free(c);
    free(file.p);
    free(b);
}
END_TEST

/* Junk and NUL padding between members: the padding is harmless, the junk one error. */
START_TEST(junk_between_members)
{
    static const char body[] = "<html><body><p>x</p></body></html>";
    size_t blen;
    char *b = http_response("200 OK", "Content-Type: text/html\r\n", body, strlen(body), &blen);
    wbuf file = {0};
    for (int i = 0; i < 4; i++) {
        wbuf one = {0};
        char id[64];
        snprintf(id, sizeof id, "<urn:uuid:j%d>", i);
        record_into(&one, &(rec_spec){.type = "response", .id = id, .uri = "http://a/",
                                      .block = b, .block_len = blen});
        gzip_into(&file, one.p, one.len);
        free(one.p);
        if (i == 0)
            wb_add(&file, "\0\0\0\0", 4);
        if (i == 1) /* junk holding the gzip magic and a gzip member of something else */
            wb_add(&file, "junk\x1f\x8b\x08 junk", 12), gzip_into(&file, "not warc", 8);
    }
    collector *c = calloc(1, sizeof *c);
    read_warc(file.p, file.len, c, NULL);
    ck_assert_uint_eq(c->n, 5);
    ck_assert_ptr_null(c->items[0].error);
    ck_assert_ptr_null(c->items[1].error);
    ck_assert_ptr_nonnull(c->items[2].error);
    ck_assert_ptr_null(c->items[3].error);
    ck_assert_ptr_null(c->items[4].error);
    ck_assert_ptr_nonnull(strstr(c->items[4].prefix, "<urn:uuid:j3>"));
    collector_free(c);
    free(c);
    free(file.p);
    free(b);
}
END_TEST

/* A record past the 64 MiB cap is an error and is read past, not held; the next one comes
 * out. Checked at the cap (kept) and one past it (refused), plain and gzip. */
static void
big_record(int gz, size_t payload, int want_error)
{
    const char *hdr = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
    size_t hl = strlen(hdr);
    size_t blen = payload - 0; /* the WARC block: HTTP header + body */
    char *block = malloc(blen);
    ck_assert_ptr_nonnull(block);
    memcpy(block, hdr, hl);
    memcpy(block + hl, "<html><body>", 12);
    memset(block + hl + 12, 'a', blen - hl - 12);
    wbuf plain = {0};
    record_into(&plain, &(rec_spec){.type = "response", .id = "<urn:uuid:big>",
                                    .uri = "http://a/big", .block = block, .block_len = blen});
    free(block);
    size_t first_len = plain.len;
    record_into(&plain, &(rec_spec){.type = "response", .id = "<urn:uuid:after>",
                                    .uri = "http://a/after",
                                    .block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                                             "<p>after</p>",
                                    .block_len = 56});
    wbuf file = {0};
    if (gz) {
        gzip_into(&file, plain.p, first_len);
        gzip_into(&file, plain.p + first_len, plain.len - first_len);
        free(plain.p);
    } else {
        file = plain;
    }
    collector *c = calloc(1, sizeof *c);
    read_warc(file.p, file.len, c, NULL);
    free(file.p);
    ck_assert_uint_eq(c->n, 2);
    if (want_error) {
        ck_assert_ptr_nonnull(c->items[0].error);
        ck_assert_ptr_nonnull(strstr(c->items[0].error, "64 MiB"));
    } else {
        ck_assert_ptr_null(c->items[0].error);
        ck_assert_uint_eq(c->items[0].len, payload - hl);
    }
    ck_assert_ptr_null(c->items[1].error);
    ck_assert_str_eq(c->items[1].body, "<p>after</p>");
    collector_free(c);
    free(c);
}

START_TEST(record_at_cap_plain)
{
    big_record(0, PITH_CLI_WARC_MAX_RECORD, 0);
}
END_TEST

START_TEST(record_past_cap_plain)
{
    big_record(0, PITH_CLI_WARC_MAX_RECORD + 1, 1);
}
END_TEST

START_TEST(record_past_cap_gzip)
{
    big_record(1, PITH_CLI_WARC_MAX_RECORD + 1, 1);
}
END_TEST

/* In a member-per-record file a record is held to its member: a Content-Length lying past
 * the cap skips to the member's end, not over the records after it. */
START_TEST(lying_length_stops_at_member)
{
    static const char body[] = "<html><body><p>x</p></body></html>";
    size_t blen;
    char *b = http_response("200 OK", "Content-Type: text/html\r\n", body, strlen(body), &blen);
    wbuf file = {0};
    for (int i = 0; i < 3; i++) {
        wbuf one = {0};
        char id[64];
        snprintf(id, sizeof id, "<urn:uuid:L%d>", i);
        record_into(&one, &(rec_spec){.type = "response", .id = id, .uri = "http://a/",
                                      .block = b, .block_len = blen,
                                      .length = i == 1 ? "70000000" : NULL});
        gzip_into(&file, one.p, one.len);
        free(one.p);
    }
    collector *c = calloc(1, sizeof *c);
    read_warc(file.p, file.len, c, NULL);
    ck_assert_uint_eq(c->n, 3);
    ck_assert_ptr_null(c->items[0].error);
    ck_assert_ptr_nonnull(c->items[1].error);
    ck_assert_ptr_nonnull(strstr(c->items[1].prefix, "<urn:uuid:L1>"));
    ck_assert_ptr_null(c->items[2].error);
    ck_assert_ptr_nonnull(strstr(c->items[2].prefix, "<urn:uuid:L2>"));
    collector_free(c);
    free(c);
    free(file.p);
    free(b);
}
END_TEST

/* The error of a file holding one response with these HTTP headers and body (malloc'd). */
static char *
one_response_error(const char *headers, const char *body, size_t body_len)
{
    size_t blen;
    char *b = http_response("200 OK", headers, body, body_len, &blen);
    wbuf file = {0};
    record_into(&file, &(rec_spec){.type = "response", .id = "<urn:uuid:one>",
                                   .uri = "http://a/", .block = b, .block_len = blen});
    free(b);
    collector *c = calloc(1, sizeof *c);
    read_warc(file.p, file.len, c, NULL);
    ck_assert_uint_eq(c->n, 1);
    char *e = c->items[0].error ? strdup(c->items[0].error) : NULL;
    collector_free(c);
    free(c);
    free(file.p);
    return e;
}

/* A gzip payload that inflates past the cap is refused rather than held. */
START_TEST(payload_bomb)
{
    size_t n = PITH_CLI_WARC_MAX_RECORD + 1;
    char *zeros = calloc(1, n);
    ck_assert_ptr_nonnull(zeros);
    wbuf z = {0};
    gzip_into(&z, zeros, n);
    free(zeros);
    char *e = one_response_error("Content-Type: text/html\r\nContent-Encoding: gzip\r\n", z.p,
                                 z.len);
    free(z.p);
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_nonnull(strstr(e, "64 MiB"));
    free(e);
}
END_TEST

/* JSON in the prefix stays valid whatever bytes the header holds. */
START_TEST(prefix_is_escaped)
{
    expect ex[32];
    size_t n_ex = 0;
    wbuf file = build_fixture(PLAIN, ex, &n_ex, NULL);
    collector *c = calloc(1, sizeof *c);
    read_warc(file.p, file.len, c, NULL);
    const got *g = NULL;
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].prefix && strstr(c->items[i].prefix, "<urn:uuid:id14>"))
            g = &c->items[i];
    ck_assert_ptr_nonnull(g);
    ck_assert_ptr_nonnull(
        strstr(g->prefix, "\"warc_target_uri\":\"https://example.com/q?a=\\\"b\\\"&c=\\\\d"
                          "\\u0001\xef\xbf\xbd\xc3\xa9\""));
    collector_free(c);
    free(c);
    free(file.p);
}
END_TEST

/* Issue 15, defect 2: the error names a long unsupported Content-Encoding, cut to 40 bytes,
 * with bytes that are not printable ASCII shown as '?'. The message used to be built from a
 * buffer it was overwriting (overlapping memcpy under ASan; "unsupported Content-Encoding:
 * unsupported Content-Encoding: " in a release build). */
START_TEST(long_unsupported_content_encoding)
{
    static const char *const codings[] = {
        "x-compress-with-a-name-longer-than-thirty-bytes-and-then-some",
        "br, zstd; q=0.5 \xff\x01 and a name longer than thirty bytes"};
    static const char *const want[] = {
        "unsupported Content-Encoding: x-compress-with-a-name-longer-than-thirt",
        "unsupported Content-Encoding: br, zstd; q=0.5 ?? and a name longer tha"};
    for (size_t k = 0; k < 2; k++) {
        char hdr[256];
        snprintf(hdr, sizeof hdr, "Content-Type: text/html\r\nContent-Encoding: %s\r\n",
                 codings[k]);
        char *e = one_response_error(hdr, "\x1b\x03\x00", 3);
        ck_assert_pstr_eq(e, want[k]);
        free(e);
    }
}
END_TEST

/* ---- a Content-Length over the cap that lies (issue 15, defect 6) ---- */

static const char small_page[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>small</p>";

/* A response record with a small page; length: a Content-Length to write instead. */
static void
small_record(wbuf *out, const char *id, const char *length)
{
    record_into(out, &(rec_spec){.type = "response", .id = id, .uri = "http://a/",
                                 .block = small_page, .block_len = strlen(small_page),
                                 .length = length});
}

/* A metadata record whose block is n bytes: read past silently, however large. */
static void
filler_record(wbuf *out, size_t n)
{
    char *block = malloc(n);
    ck_assert_ptr_nonnull(block);
    memset(block, 'f', n);
    for (size_t i = 1000; i + 20 < n; i += 1 << 20) /* lines, none of them a WARC header */
        memcpy(block + i, "\r\nfetchTimeMs: 1\r\n", 18);
    record_into(out, &(rec_spec){.type = "metadata", .id = "<urn:uuid:filler>",
                                 .block = block, .block_len = n});
    free(block);
}

/* Reads file (gzip-compressed as one stream when gz) and checks the outcome: ids in order,
 * "!" + id for an error naming its record; offsets[i] the plain offset of each, or 0. */
static void
expect_ids(const wbuf *file, int gz, const char *const *ids, const size_t *offsets, size_t n)
{
    wbuf z = {0};
    if (gz)
        gzip_into(&z, file->p, file->len);
    collector *c = calloc(1, sizeof *c);
    read_warc(gz ? z.p : file->p, gz ? z.len : file->len, c, NULL);
    for (size_t i = 0; i < c->n && i < n; i++) {
        int err = ids[i][0] == '!';
        const char *id = ids[i] + err;
        ck_assert_msg((c->items[i].error != NULL) == err, "item %zu (%s): error %s", i, ids[i],
                      c->items[i].error ? c->items[i].error : "none");
        ck_assert_msg(c->items[i].prefix && strstr(c->items[i].prefix, id), "item %zu: %s, not %s",
                      i, c->items[i].prefix ? c->items[i].prefix : "(no prefix)", id);
        if (!err)
            ck_assert_str_eq(c->items[i].body, "<p>small</p>");
        if (offsets && offsets[i]) {
            char want[48];
            snprintf(want, sizeof want, gz ? "@0+%zu" : "@%zu", offsets[i]);
            ck_assert_str_eq(strrchr(c->items[i].name, '@'), want);
        }
    }
    ck_assert_uint_eq(c->n, n);
    collector_free(c);
    free(c);
    free(z.p);
}

/* A Content-Length over 64 MiB that runs past the end of a plain file: the records it
 * claimed come out, read again from the first WARC/1. line after its start. */
START_TEST(huge_lying_length_past_the_end)
{
    wbuf file = {0};
    size_t at[4];
    at[0] = file.len, small_record(&file, "<urn:uuid:a1>", NULL);
    at[1] = file.len, small_record(&file, "<urn:uuid:a2>", "70000000");
    at[2] = file.len, small_record(&file, "<urn:uuid:a3>", NULL);
    at[3] = file.len, small_record(&file, "<urn:uuid:a4>", NULL);
    static const char *const ids[] = {"<urn:uuid:a1>", "!<urn:uuid:a2>", "<urn:uuid:a3>",
                                      "<urn:uuid:a4>"};
    expect_ids(&file, 0, ids, at, 4);
    free(file.p);
}
END_TEST

/* Records <urn:uuid:T1> to T4, T2 with a Content-Length of 70,000,000 that ends inside the
 * second of two 40 MiB metadata records between T3 and T4. */
static void
lie_over_fillers(wbuf *file, char tag)
{
    char id[32];
    for (int k = 1; k <= 4; k++) {
        snprintf(id, sizeof id, "<urn:uuid:%c%d>", tag, k);
        if (k == 4) {
            filler_record(file, (size_t)40 << 20);
            filler_record(file, (size_t)40 << 20); /* the lie ends in here */
        }
        small_record(file, id, k == 2 ? "70000000" : NULL);
    }
}

/* The same lie ending inside a later record's block, so that the file goes on past it: no
 * CRLF CRLF where it says it ends, and the records in between come out. */
START_TEST(huge_lying_length_inside_a_later_record)
{
    wbuf file = {0};
    lie_over_fillers(&file, 'b');
    static const char *const ids[] = {"<urn:uuid:b1>", "!<urn:uuid:b2>", "<urn:uuid:b3>",
                                      "<urn:uuid:b4>"};
    expect_ids(&file, 0, ids, NULL, 4);
    free(file.p);
}
END_TEST

/* In one gzip stream the lie is undone by inflating again from the stream's start. */
START_TEST(huge_lying_length_in_a_gzip_stream)
{
    wbuf file = {0};
    size_t at[3];
    at[0] = file.len, small_record(&file, "<urn:uuid:c1>", "90000000");
    at[1] = file.len, small_record(&file, "<urn:uuid:c2>", NULL);
    at[2] = file.len, small_record(&file, "<urn:uuid:c3>", NULL);
    static const char *const ids[] = {"!<urn:uuid:c1>", "<urn:uuid:c2>", "<urn:uuid:c3>"};
    expect_ids(&file, 1, ids, at, 3);
    free(file.p);
}
END_TEST

/* From a pipe the covered records cannot be read again: the error says they are lost, and
 * the records after the place the lie claimed come out. */
START_TEST(huge_lying_length_from_a_pipe)
{
    wbuf file = {0};
    lie_over_fillers(&file, 'e');
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) { /* the writer */
        close(fds[0]);
        for (size_t done = 0; done < file.len;) {
            ssize_t w = write(fds[1], file.p + done, file.len - done);
            if (w <= 0)
                _exit(1);
            done += (size_t)w;
        }
        _exit(0);
    }
    close(fds[1]);
    ck_assert_int_eq(dup2(fds[0], 0), 0); /* check runs each test in its own process */
    close(fds[0]);
    collector *c = calloc(1, sizeof *c);
    char *err = NULL;
    ck_assert(pith_cli_warc_read("-", collect, c, &err));
    int status = 0;
    waitpid(pid, &status, 0);
    ck_assert_uint_eq(c->n, 3);
    ck_assert_ptr_null(c->items[0].error);
    ck_assert_pstr_eq(c->items[1].error, "bad Content-Length: the records it covered cannot be "
                                         "read again (the input cannot seek) and are lost");
    ck_assert_ptr_nonnull(strstr(c->items[1].prefix, "<urn:uuid:e2>"));
    ck_assert_ptr_null(c->items[2].error);
    ck_assert_ptr_nonnull(strstr(c->items[2].prefix, "<urn:uuid:e4>"));
    collector_free(c);
    free(c);
    free(file.p);
}
END_TEST

/* A record truly over the cap is one error even when its block holds WARC header lines:
 * those are only looked at when its Content-Length turns out to lie. */
START_TEST(huge_true_record_hides_its_contents)
{
    wbuf inner = {0}, file = {0};
    small_record(&inner, "<urn:uuid:inside>", NULL);
    size_t n = PITH_CLI_WARC_MAX_RECORD + 100;
    char *block = malloc(n);
    ck_assert_ptr_nonnull(block);
    memset(block, 'x', n);
    memcpy(block + 1000, inner.p, inner.len);
    memcpy(block + n - 1 - inner.len, inner.p, inner.len);
    block[n - 1] = '\n';
    record_into(&file, &(rec_spec){.type = "resource", .id = "<urn:uuid:d1>",
                                   .block = block, .block_len = n});
    free(block);
    free(inner.p);
    small_record(&file, "<urn:uuid:d2>", NULL);
    static const char *const ids[] = {"!<urn:uuid:d1>", "<urn:uuid:d2>"};
    expect_ids(&file, 0, ids, NULL, 2);
    free(file.p);
}
END_TEST

/* ---- gzip framing and one record by its name (issue 19) ---- */

/* Members [A B] [C's first part] [C's rest, D]: C crosses a member, A and B share one, D
 * starts inside one. Each record is named by the member it starts in and its distance into
 * that member's data, and reading that name alone gives the record again. */
START_TEST(records_across_and_within_members)
{
    wbuf r[4] = {{0}};
    static const char *const ids[] = {"<urn:uuid:fa>", "<urn:uuid:fb>", "<urn:uuid:fc>",
                                      "<urn:uuid:fd>"};
    for (int k = 0; k < 4; k++)
        small_record(&r[k], ids[k], NULL);
    wbuf plain = {0}, file = {0};
    wb_add(&plain, r[0].p, r[0].len);
    wb_add(&plain, r[1].p, r[1].len);
    size_t m1 = file.len;
    gzip_into(&file, plain.p, plain.len);
    size_t m2 = file.len;
    gzip_into(&file, r[2].p, 30);
    plain.len = 0;
    wb_add(&plain, r[2].p + 30, r[2].len - 30);
    wb_add(&plain, r[3].p, r[3].len);
    size_t m3 = file.len;
    gzip_into(&file, plain.p, plain.len);
    char want[4][48];
    snprintf(want[0], sizeof want[0], "@%zu", m1);
    snprintf(want[1], sizeof want[1], "@%zu+%zu", m1, r[0].len);
    snprintf(want[2], sizeof want[2], "@%zu", m2);
    snprintf(want[3], sizeof want[3], "@%zu+%zu", m3, r[2].len - 30);

    char *path = write_temp(file.p, file.len);
    collector *c = calloc(1, sizeof *c);
    char *err = NULL;
    ck_assert(pith_cli_warc_read(path, collect, c, &err));
    ck_assert_uint_eq(c->n, 4);
    for (int k = 0; k < 4; k++) {
        ck_assert_msg(c->items[k].error == NULL, "%d: %s", k, c->items[k].error);
        ck_assert_ptr_nonnull(strstr(c->items[k].prefix, ids[k]));
        ck_assert_str_eq(strrchr(c->items[k].name, '@'), want[k]);
        ck_assert_str_eq(c->items[k].body, "<p>small</p>");
    }
    for (int k = 0; k < 4; k++) { /* each alone, by its name */
        pith_cli_warc_source src = {.path = path, .one = 1};
        size_t plen;
        ck_assert(pith_cli_warc_parse_at(c->items[k].name, &plen, &src.offset, &src.inner));
        ck_assert_uint_eq(plen, strlen(path));
        collector *one = calloc(1, sizeof *one);
        pith_cli_warc_stats st;
        ck_assert(pith_cli_warc_read_source(&src, 0, collect, one, &st, &err));
        ck_assert_uint_eq(one->n, 1);
        ck_assert_str_eq(one->items[0].name, c->items[k].name);
        ck_assert_str_eq(one->items[0].prefix, c->items[k].prefix);
        ck_assert_str_eq(one->items[0].body, c->items[k].body);
        ck_assert_uint_eq(st.records, 1);
        collector_free(one);
        free(one);
    }
    collector_free(c);
    free(c);
    unlink(path);
    free(path);
    free(plain.p);
    free(file.p);
    for (int k = 0; k < 4; k++)
        free(r[k].p);
}
END_TEST

START_TEST(names_parse)
{
    size_t plen;
    uint64_t off, inner;
    ck_assert(pith_cli_warc_parse_at("a@b.warc.gz@123", &plen, &off, &inner));
    ck_assert_uint_eq(plen, 11);
    ck_assert_uint_eq(off, 123);
    ck_assert_uint_eq(inner, 0);
    ck_assert(pith_cli_warc_parse_at("x.warc.gz@0+4567", &plen, &off, &inner));
    ck_assert_uint_eq(off, 0);
    ck_assert_uint_eq(inner, 4567);
    static const char *const bad[] = {"x.warc", "@12", "x@", "x@12+", "x@+3", "x@1a",
                                      "x@1+2+3", "x@99999999999999999999"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        ck_assert_msg(!pith_cli_warc_parse_at(bad[k], &plen, &off, &inner), "%s", bad[k]);
}
END_TEST

/* A record's Content-Length that lies short, in a member per record file: the member after
 * it starts a record, which is where reading goes on, named by that member. */
START_TEST(record_start_member_ends_a_lying_record)
{
    wbuf a = {0}, b = {0}, file = {0};
    small_record(&a, "<urn:uuid:ga>", "10000");
    small_record(&b, "<urn:uuid:gb>", NULL);
    gzip_into(&file, a.p, a.len);
    size_t mb = file.len;
    gzip_into(&file, b.p, b.len);
    collector *c = calloc(1, sizeof *c);
    read_warc(file.p, file.len, c, NULL);
    ck_assert_uint_eq(c->n, 2);
    ck_assert_ptr_nonnull(c->items[0].error);
    ck_assert_ptr_nonnull(strstr(c->items[0].error, "gzip member"));
    ck_assert_ptr_null(c->items[1].error);
    char want[32];
    snprintf(want, sizeof want, "@%zu", mb);
    ck_assert_str_eq(strrchr(c->items[1].name, '@'), want);
    collector_free(c);
    free(c);
    free(a.p), free(b.p), free(file.p);
}
END_TEST

/* ARC: v1 lines, a URL holding spaces, ARC v2's ten fields, a page fetched without HTTP, a
 * dns: record; plain and a gzip member per record. */
static void
arc_line_into(wbuf *out, const char *head, const char *body)
{
    wb_printf(out, "%s %zu\n", head, strlen(body));
    wb_add(out, body, strlen(body));
    wb_add(out, "\n", 1);
}

START_TEST(arc_records)
{
    static const char *const heads[] = {
        "filedesc://t.arc 0.0.0.0 20080101000000 text/plain",
        "http://a.example/one 192.0.2.1 20080615123456 text/html",
        "http://a.example/two words 192.0.2.1 20080615123457 text/html",
        "http://a.example/three 192.0.2.1 20080615123458 text/html 200 SHA1XYZ - 0 t.arc",
        "ftp://a.example/four.html 192.0.2.1 20080615123459 text/html",
        "dns:a.example 192.0.2.1 20080615123500 text/dns",
    };
    const char *http = "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>arc</p>";
    const char *bodies[] = {"1 0 InternetArchive\nURL IP-address Archive-date Content-type "
                            "Archive-length\n",
                            http, http, http, "<html><p>ftp</p></html>", "a.example. 1 IN A 1"};
    static const char *const uris[] = {"http://a.example/one", "http://a.example/two words",
                                       "http://a.example/three", "ftp://a.example/four.html"};
    static const char *const types[] = {"response", "response", "response", "resource"};
    for (int gz = 0; gz < 2; gz++) {
        wbuf file = {0};
        for (size_t k = 0; k < 6; k++) {
            wbuf one = {0};
            arc_line_into(&one, heads[k], bodies[k]);
            if (gz)
                gzip_into(&file, one.p, one.len);
            else
                wb_add(&file, one.p, one.len);
            free(one.p);
        }
        collector *c = calloc(1, sizeof *c);
        pith_cli_warc_stats st;
        read_warc(file.p, file.len, c, &st);
        ck_assert(st.arc);
        ck_assert_uint_eq(c->n, 4);
        for (int k = 0; k < 4; k++) {
            char want[160];
            ck_assert_msg(c->items[k].error == NULL, "%d: %s", k, c->items[k].error);
            snprintf(want, sizeof want,
                     "\"warc_record_type\":\"%s\",\"warc_target_uri\":\"%s\","
                     "\"warc_date\":\"2008-06-15T12:34:5%dZ\"",
                     types[k], uris[k], 6 + k);
            ck_assert_msg(strncmp(c->items[k].prefix, want, strlen(want)) == 0, "%s",
                          c->items[k].prefix);
            ck_assert_str_eq(c->items[k].url, uris[k]);
        }
        ck_assert_str_eq(c->items[0].body, "<p>arc</p>");
        ck_assert_str_eq(c->items[3].body, "<html><p>ftp</p></html>");
        ck_assert_uint_eq(st.html, 3);
        ck_assert_uint_eq(st.resources, 1);
        ck_assert_uint_eq(st.not_html, 1);    /* dns: */
        ck_assert_uint_eq(st.other_types, 1); /* filedesc: */
        ck_assert_uint_eq(st.records, 6);
        collector_free(c);
        free(c);
        free(file.p);
    }
}
END_TEST

START_TEST(empty_and_missing_files)
{
    collector *c = calloc(1, sizeof *c);
    pith_cli_warc_stats st;
    read_warc("", 0, c, &st);
    ck_assert_uint_eq(c->n, 0);
    ck_assert_uint_eq(st.records, 0);
    char *err = NULL;
    ck_assert_int_eq(pith_cli_warc_read("/nonexistent/x.warc.gz", collect, c, &err), 0);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "cannot open"));
    free(err);
    /* not a WARC at all: one error, no records */
    read_warc("<html><body>hi</body></html>\n", 29, c, NULL);
    ck_assert_uint_eq(c->n, 1);
    ck_assert_ptr_nonnull(c->items[0].error);
    collector_free(c);
    free(c);
}
END_TEST

static Suite *
warc_suite(void)
{
    Suite *s = suite_create("warc");
    TCase *tc = tcase_create("reader");
    tcase_add_test(tc, gzip_member_per_record);
    tcase_add_test(tc, plain_file);
    tcase_add_test(tc, single_gzip_stream);
    tcase_add_test(tc, single_stream_cut_short);
    tcase_add_test(tc, names_give_member_offsets);
    tcase_add_test(tc, junk_between_members);
    tcase_add_test(tc, prefix_is_escaped);
    tcase_add_test(tc, empty_and_missing_files);
    tcase_add_test(tc, long_unsupported_content_encoding);
    tcase_add_test(tc, records_across_and_within_members);
    tcase_add_test(tc, names_parse);
    tcase_add_test(tc, arc_records);
    tcase_add_test(tc, record_start_member_ends_a_lying_record);
    suite_add_tcase(s, tc);
    TCase *big = tcase_create("limits");
    tcase_set_timeout(big, 120);
    tcase_add_test(big, record_at_cap_plain);
    tcase_add_test(big, record_past_cap_plain);
    tcase_add_test(big, record_past_cap_gzip);
    tcase_add_test(big, payload_bomb);
    tcase_add_test(big, deferred_payloads_decode_the_same);
    tcase_add_test(big, lying_length_stops_at_member);
    tcase_add_test(big, huge_lying_length_past_the_end);
    tcase_add_test(big, huge_lying_length_inside_a_later_record);
    tcase_add_test(big, huge_lying_length_in_a_gzip_stream);
    tcase_add_test(big, huge_true_record_hides_its_contents);
    tcase_add_test(big, huge_lying_length_from_a_pipe);
    suite_add_tcase(s, big);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(warc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
