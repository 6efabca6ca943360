/* SPDX-License-Identifier: MIT */
/*
 * WARC input for the pith tool.
 *
 * The reader turns the file into one stream of WARC bytes: plain files are read as they are,
 * gzip files are inflated member after member (Common Crawl writes one member per record;
 * a whole-file single stream works the same way). It keeps one growing window of that stream
 * and parses a record at a time out of it, so memory is bounded by the largest record
 * (PITH_CLI_WARC_MAX_RECORD), never by the file.
 *
 * Recovery: a record that cannot be read becomes an error record and reading goes on. A bad
 * gzip member is skipped by looking for the next member whose data starts with "WARC/1.";
 * a record whose member ends before the record does (a lying Content-Length) resumes at the
 * next member; otherwise the reader looks for the next "WARC/1." at the start of a line,
 * beginning just after the bad record's first byte, so a wrong Content-Length costs one
 * record, not the ones it swallowed.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include <zlib.h>

#include "pith/pith.h"
#include "warc.h"

#define RAW_CHUNK ((size_t)1 << 20) /* compressed bytes read at a time */
#define OUT_CHUNK ((size_t)256 << 10) /* stream bytes produced at a time */
/* Real WARC and HTTP headers are a few KB; a "header" without an end is garbage. */
#define MAX_HEADER ((size_t)1 << 20)
/* Resyncing probes a candidate gzip member with this much input in hand. */
#define PROBE_WINDOW ((size_t)64 << 10)
/* A charset label longer than this is not a label. */
#define MAX_CHARSET 64

enum { MORE_OK = 1, MORE_EOF = 0, MORE_ERR = -1, MORE_BOUNDARY = -2, MORE_NOMEM = -3 };

typedef struct strbuf {
    char *p;
    size_t len, cap;
    int oom;
} strbuf;

typedef struct range {
    size_t off, len; /* in the header block; len 0 and off SIZE_MAX when absent */
} range;

typedef struct reader {
    FILE *f;
    const char *path;
    pith_cli_warc_cb cb;
    void *arg;
    pith_cli_warc_stats *stats;
    unsigned flags; /* PITH_CLI_WARC_* */
    int failed; /* out of memory or a read error: stop */

    /* gzip input */
    int gz;
    z_stream zs;
    int zs_ready;
    struct libdeflate_decompressor *fast; /* whole members at once; NULL: zlib only */
    int fresh;            /* the current member has not been inflated from yet */
    unsigned char *raw;
    size_t raw_pos, raw_len;
    uint64_t raw_base; /* file offset of raw[0] */
    int raw_eof;
    int at_boundary;      /* a member ended; the next bytes belong to another */
    int resyncing;        /* after a bad member: look for a good one */
    uint64_t member_raw;  /* file offset of the current member */
    uint64_t member_start; /* stream offset of its first byte */
    uint64_t err_raw;     /* file offset to name a gzip error by */
    char errbuf[200];
    int plain_eof;

    /* the stream window: buf[pos, len) is unread */
    char *buf;
    size_t cap, pos, len;
    uint64_t base; /* stream offset of buf[0] */

    /* per record, reused */
    char *payload; /* decoded HTTP payload */
    size_t payload_cap;
    strbuf name, prefix, url, charset, tmp; /* prefix: the record's members, put_member's */
    pith_json_member members[PITH_CLI_WARC_MAX_MEMBERS];
} reader;

/* ---- small strings ---- */

static void
sb_reserve(strbuf *sb, size_t extra)
{
    if (sb->oom)
        return;
    if (sb->cap - sb->len > extra)
        return;
    size_t nc = sb->cap ? sb->cap : 256;
    while (nc - sb->len <= extra)
        nc *= 2;
    char *np = realloc(sb->p, nc);
    if (!np) {
        sb->oom = 1;
        return;
    }
    sb->p = np;
    sb->cap = nc;
}

static void
sb_add(strbuf *sb, const char *s, size_t n)
{
    sb_reserve(sb, n + 1);
    if (sb->oom)
        return;
    memcpy(sb->p + sb->len, s, n);
    sb->len += n;
    sb->p[sb->len] = '\0';
}

static void
sb_str(strbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

static void
sb_clear(strbuf *sb)
{
    sb->len = 0;
    sb->oom = 0;
    sb_reserve(sb, 1);
    if (sb->p)
        sb->p[0] = '\0';
}

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
eq_nocase(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    if (n != m)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}

static int
starts_nocase(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    return n >= m && eq_nocase(a, m, b);
}

static int
is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* ---- input ---- */

static int
raw_fill(reader *r)
{
    if (r->raw_eof)
        return 0;
    if (r->raw_pos > 0) {
        memmove(r->raw, r->raw + r->raw_pos, r->raw_len - r->raw_pos);
        r->raw_base += r->raw_pos;
        r->raw_len -= r->raw_pos;
        r->raw_pos = 0;
    }
    size_t got = fread(r->raw + r->raw_len, 1, RAW_CHUNK - r->raw_len, r->f);
    if (got == 0) {
        if (ferror(r->f))
            r->failed = errno ? errno : EIO;
        r->raw_eof = 1;
    }
    r->raw_len += got;
    return got > 0;
}

/* Makes room for want more bytes at buf + len, dropping what lies before pos. */
static int
room(reader *r, size_t want)
{
    if (r->cap - r->len >= want)
        return 1;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->base += r->pos;
        r->len -= r->pos;
        r->pos = 0;
        if (r->cap - r->len >= want)
            return 1;
    }
    /* the largest window a record needs; doubling past it would waste up to half */
    const size_t most = MAX_HEADER + PITH_CLI_WARC_MAX_RECORD + 2 * OUT_CHUNK;
    size_t nc = r->cap ? r->cap : 2 * OUT_CHUNK;
    while (nc - r->len < want)
        nc *= 2;
    if (nc > most && most - r->len >= want)
        nc = most;
    char *nb = realloc(r->buf, nc);
    if (!nb)
        return 0;
    r->buf = nb;
    r->cap = nc;
    return 1;
}

/* Positions the inflater at the next member after the one that ended, or after a bad one
 * (resyncing: the next member that inflates to "WARC/1."). 1: started, 2: started and
 * appended its first bytes, 0: end of input, MORE_ERR: not gzip here (errbuf says). */
static int
next_member(reader *r)
{
    if (!r->resyncing) {
        for (;;) { /* NUL padding between members is harmless */
            if (r->raw_pos == r->raw_len && !raw_fill(r))
                return 0;
            if (r->raw[r->raw_pos] != 0)
                break;
            r->raw_pos++;
        }
        if (r->raw_len - r->raw_pos < 2)
            raw_fill(r);
        if (r->raw_len - r->raw_pos >= 2 && r->raw[r->raw_pos] == 0x1f &&
            r->raw[r->raw_pos + 1] == 0x8b) {
            inflateReset(&r->zs);
            r->member_raw = r->raw_base + r->raw_pos;
            r->member_start = r->base + r->len;
            r->at_boundary = 0;
            r->fresh = 1;
            return 1;
        }
        r->err_raw = r->raw_base + r->raw_pos;
        snprintf(r->errbuf, sizeof r->errbuf, "data that is not gzip between gzip members");
        r->resyncing = 1;
        return MORE_ERR;
    }
    for (;;) {
        if (r->raw_len - r->raw_pos < PROBE_WINDOW && !r->raw_eof)
            raw_fill(r);
        if (r->raw_len - r->raw_pos < 3) {
            if (r->raw_eof) {
                r->raw_pos = r->raw_len;
                return 0;
            }
            continue;
        }
        unsigned char *p = memchr(r->raw + r->raw_pos, 0x1f, r->raw_len - r->raw_pos);
        if (!p) {
            r->raw_pos = r->raw_len;
            if (r->raw_eof) {
                r->raw_pos = r->raw_len;
                return 0;
            }
            continue;
        }
        r->raw_pos = (size_t)(p - r->raw);
        if (r->raw_len - r->raw_pos < PROBE_WINDOW && !r->raw_eof) {
            raw_fill(r); /* probe with a full window in hand */
            continue;
        }
        if (r->raw_len - r->raw_pos < 3 || p[1] != 0x8b || p[2] != 8) {
            r->raw_pos++;
            continue;
        }
        unsigned char probe[7];
        inflateReset(&r->zs);
        r->zs.next_in = p;
        r->zs.avail_in = (uInt)(r->raw_len - r->raw_pos);
        r->zs.next_out = probe;
        r->zs.avail_out = sizeof probe;
        int zr = inflate(&r->zs, Z_NO_FLUSH);
        if ((zr == Z_OK || zr == Z_STREAM_END) && r->zs.avail_out == 0 &&
            memcmp(probe, "WARC/1.", 7) == 0) {
            if (!room(r, sizeof probe)) {
                r->failed = ENOMEM;
                return MORE_NOMEM;
            }
            r->member_raw = r->raw_base + r->raw_pos;
            r->member_start = r->base + r->len;
            memcpy(r->buf + r->len, probe, sizeof probe);
            r->len += sizeof probe;
            r->raw_pos = (size_t)(r->zs.next_in - r->raw);
            r->at_boundary = zr == Z_STREAM_END;
            r->resyncing = 0;
            return 2;
        }
        r->raw_pos++;
    }
}

/* Inflates the member starting at raw_pos whole, with libdeflate (about twice zlib's speed,
 * and this is the one thread that reads the file), when all of it is in the read window and
 * its output fits in FAST_OUT. 1: appended and at the boundary. 0: left to zlib, which also
 * says what is wrong with a bad or truncated member. */
#define FAST_OUT ((size_t)4 << 20)
static int
inflate_member_whole(reader *r)
{
    r->fresh = 0;
    if (!r->fast)
        return 0;
    if (r->raw_len - r->raw_pos < RAW_CHUNK / 2)
        raw_fill(r);
    if (!room(r, FAST_OUT))
        return 0;
    size_t in_used = 0, out_used = 0;
    enum libdeflate_result lr = libdeflate_gzip_decompress_ex(
        r->fast, r->raw + r->raw_pos, r->raw_len - r->raw_pos, r->buf + r->len, r->cap - r->len,
        &in_used, &out_used);
    if (lr != LIBDEFLATE_SUCCESS)
        return 0;
    r->raw_pos += in_used;
    r->len += out_used;
    r->at_boundary = 1;
    return 1;
}

/* Appends more stream bytes to the window. cross: may go on into the next gzip member;
 * else stops there with MORE_BOUNDARY, so a record can be held to its member. */
static int
more(reader *r, int cross)
{
    if (r->failed)
        return MORE_EOF;
    if (!r->gz) {
        if (r->plain_eof)
            return MORE_EOF;
        if (!room(r, OUT_CHUNK)) {
            r->failed = ENOMEM;
            return MORE_NOMEM;
        }
        size_t got = fread(r->buf + r->len, 1, OUT_CHUNK, r->f);
        if (got == 0) {
            if (ferror(r->f))
                r->failed = errno ? errno : EIO;
            r->plain_eof = 1;
            return MORE_EOF;
        }
        r->len += got;
        return MORE_OK;
    }
    for (;;) {
        if (r->at_boundary) {
            if (!cross)
                return MORE_BOUNDARY;
            int s = next_member(r);
            if (s == 2)
                return MORE_OK;
            if (s != 1)
                return s;
        }
        if (r->fresh && inflate_member_whole(r))
            return MORE_OK;
        if (r->raw_pos == r->raw_len && !raw_fill(r)) {
            if (r->failed)
                return MORE_EOF;
            r->err_raw = r->member_raw;
            snprintf(r->errbuf, sizeof r->errbuf,
                     "truncated gzip member: the file ends inside it");
            r->at_boundary = 1; /* next_member sees the end of input */
            return MORE_ERR;
        }
        if (!room(r, OUT_CHUNK)) {
            r->failed = ENOMEM;
            return MORE_NOMEM;
        }
        r->zs.next_in = r->raw + r->raw_pos;
        r->zs.avail_in = (uInt)(r->raw_len - r->raw_pos);
        r->zs.next_out = (unsigned char *)r->buf + r->len;
        r->zs.avail_out = (uInt)OUT_CHUNK;
        int zr = inflate(&r->zs, Z_NO_FLUSH);
        size_t produced = OUT_CHUNK - r->zs.avail_out;
        r->raw_pos = (size_t)(r->zs.next_in - r->raw);
        r->len += produced;
        if (zr == Z_STREAM_END) {
            r->at_boundary = 1;
            if (produced)
                return MORE_OK;
            continue;
        }
        if (zr == Z_OK || zr == Z_BUF_ERROR) {
            if (produced)
                return MORE_OK;
            continue; /* wants input */
        }
        if (zr == Z_MEM_ERROR) {
            r->failed = ENOMEM;
            return MORE_NOMEM;
        }
        r->err_raw = r->member_raw;
        snprintf(r->errbuf, sizeof r->errbuf, "bad gzip member: %s",
                 r->zs.msg ? r->zs.msg : "data error");
        r->at_boundary = 1;
        r->resyncing = 1;
        return MORE_ERR;
    }
}

/* ---- output ---- */

/* The members naming a record, in their output order. */
static const char *const member_names[PITH_CLI_WARC_MAX_MEMBERS] = {
    "warc_record_id", "warc_target_uri", "warc_date", "http_status"};
#define HTTP_STATUS_MEMBER 3u

/* One member into r->prefix: its index in member_names, the value's length, the value (a
 * string; for http_status the bytes of a long long). read_members turns them into
 * pith_json_members once the buffer no longer moves. */
static void
put_member(strbuf *sb, unsigned char k, const void *v, size_t n)
{
    sb_add(sb, (const char *)&k, 1);
    sb_add(sb, (const char *)&n, sizeof n);
    sb_add(sb, v, n);
}

static size_t
read_members(const strbuf *sb, pith_json_member *m)
{
    size_t n = 0, at = 0;
    while (at < sb->len && n < PITH_CLI_WARC_MAX_MEMBERS) {
        unsigned char k = (unsigned char)sb->p[at];
        size_t len;
        memcpy(&len, sb->p + at + 1, sizeof len);
        const char *v = sb->p + at + 1 + sizeof len;
        memset(&m[n], 0, sizeof m[n]);
        m[n].name = member_names[k];
        if (k == HTTP_STATUS_MEMBER) {
            memcpy(&m[n].number, v, sizeof m[n].number);
        } else {
            m[n].value = v;
            m[n].value_len = len;
        }
        n++;
        at += 1 + sizeof len + len;
    }
    return n;
}

static void
emit_encoded(reader *r, uint64_t off, const char *error, const char *body, size_t len,
             const char *url, const char *charset, int encoding, int lenient)
{
    char num[32];
    snprintf(num, sizeof num, "@%llu", (unsigned long long)off);
    sb_clear(&r->name);
    sb_str(&r->name, r->path);
    sb_str(&r->name, num);
    if (r->name.oom || r->prefix.oom) {
        r->failed = ENOMEM;
        return;
    }
    pith_cli_warc_record rec;
    memset(&rec, 0, sizeof rec);
    rec.name = r->name.p;
    rec.n_members = read_members(&r->prefix, r->members);
    rec.members = rec.n_members ? r->members : NULL;
    rec.error = error;
    if (!error) {
        rec.body = body;
        rec.len = len;
        rec.url = url;
        rec.charset = charset;
        rec.encoding = encoding;
        rec.lenient = lenient;
    }
    if (r->stats) {
        if (error)
            r->stats->errors++;
        else
            r->stats->html++;
        r->stats->records++;
    }
    r->cb(r->arg, &rec);
}

static void
emit(reader *r, uint64_t off, const char *error, const char *body, size_t len,
     const char *url, const char *charset)
{
    emit_encoded(r, off, error, body, len, url, charset, 0, 0);
}

/* A gzip error that lost whatever record was being read. */
static void
emit_gz_error(reader *r)
{
    sb_clear(&r->prefix);
    emit(r, r->err_raw, r->errbuf, NULL, 0, NULL, NULL);
    r->pos = r->len; /* the bad member's bytes are not a record */
}

/* ---- headers ---- */

/* Where the header block at s ends (just past its blank line), or 0. */
static size_t
header_end(const char *s, size_t n, size_t from)
{
    for (size_t i = from; i < n; i++) {
        const char *nl = memchr(s + i, '\n', n - i);
        if (!nl)
            return 0;
        i = (size_t)(nl - s);
        if (i + 1 < n && s[i + 1] == '\n')
            return i + 2;
        if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

/* Finds the named fields in a header block (lines after the first); folded lines continue
 * the field before them. */
static void
parse_fields(const char *s, size_t n, const char *const *names, range *out, size_t count)
{
    for (size_t k = 0; k < count; k++)
        out[k] = (range){SIZE_MAX, 0};
    const char *nl = memchr(s, '\n', n);
    size_t i = nl ? (size_t)(nl - s) + 1 : n;
    range *last = NULL;
    while (i < n) {
        const char *e = memchr(s + i, '\n', n - i);
        size_t end = e ? (size_t)(e - s) : n;
        size_t vend = end;
        if (vend > i && s[vend - 1] == '\r')
            vend--;
        if (vend == i)
            break; /* the blank line */
        while (vend > i && (s[vend - 1] == ' ' || s[vend - 1] == '\t'))
            vend--;
        if (s[i] == ' ' || s[i] == '\t') {
            if (last && vend > last->off)
                last->len = vend - last->off;
        } else {
            last = NULL;
            const char *colon = memchr(s + i, ':', vend - i);
            if (colon) {
                size_t nend = (size_t)(colon - s);
                while (nend > i && (s[nend - 1] == ' ' || s[nend - 1] == '\t'))
                    nend--;
                size_t v = (size_t)(colon - s) + 1;
                while (v < vend && (s[v] == ' ' || s[v] == '\t'))
                    v++;
                for (size_t k = 0; k < count; k++) {
                    if (out[k].off == SIZE_MAX && eq_nocase(s + i, nend - i, names[k])) {
                        out[k] = (range){v, vend - v};
                        last = &out[k];
                        break;
                    }
                }
            }
        }
        i = end + 1;
    }
}

/* The field's value with folding (CR, LF and the whitespace after them) turned to spaces. */
static void
field_text(strbuf *sb, const char *s, range f)
{
    sb_clear(sb);
    if (f.off == SIZE_MAX)
        return;
    int gap = 0;
    for (size_t i = f.off; i < f.off + f.len; i++) {
        char c = s[i];
        if (c == '\r' || c == '\n') {
            gap = 1;
            continue;
        }
        if (gap && (c == ' ' || c == '\t'))
            continue;
        if (gap) {
            sb_add(sb, " ", 1);
            gap = 0;
        }
        sb_add(sb, &c, 1);
    }
}

enum { F_TYPE, F_ID, F_URI, F_DATE, F_LENGTH, F_CTYPE, F_TRUNCATED, F_COUNT };
static const char *const warc_names[F_COUNT] = {
    "WARC-Type", "WARC-Record-ID", "WARC-Target-URI", "WARC-Date",
    "Content-Length", "Content-Type", "WARC-Truncated"};

enum { H_CTYPE, H_TE, H_CE, H_COUNT };
static const char *const http_names[H_COUNT] = {"Content-Type", "Transfer-Encoding",
                                                "Content-Encoding"};

/* The members naming a record: what the header says, as far as it was read. */
static void
build_prefix(reader *r, const char *hdr, const range *f, int status)
{
    const int which[] = {F_ID, F_URI, F_DATE};
    sb_clear(&r->prefix);
    for (unsigned char k = 0; k < 3; k++) {
        range v = f[which[k]];
        if (v.off == SIZE_MAX)
            continue;
        field_text(&r->tmp, hdr, v);
        const char *t = r->tmp.p ? r->tmp.p : "";
        size_t tl = r->tmp.len;
        if (which[k] == F_URI && tl >= 2 && t[0] == '<' && t[tl - 1] == '>')
            t++, tl -= 2; /* WARC/1.0 drafts bracket the URI */
        put_member(&r->prefix, k, t, tl);
    }
    if (status >= 0) {
        long long st = status;
        put_member(&r->prefix, HTTP_STATUS_MEMBER, &st, sizeof st);
    }
}

/* ---- HTTP payloads ---- */

/* Undoes chunked transfer coding in place. Returns the new length, or SIZE_MAX when the
 * chunks are broken. A body that does not start with a chunk-size line was stored already
 * de-chunked (some crawlers keep the header anyway): kept as it is. Data ending inside a
 * chunk, as in truncated captures, keeps what arrived. */
static size_t
dechunk(char *s, size_t n)
{
    size_t in = 0, out = 0;
    int first = 1;
    for (;;) {
        size_t i = in, size = 0, digits = 0;
        while (i < n && ((s[i] >= '0' && s[i] <= '9') || (lower((unsigned char)s[i]) >= 'a' &&
                                                           lower((unsigned char)s[i]) <= 'f'))) {
            int c = lower((unsigned char)s[i]);
            unsigned d = (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
            if (size > (SIZE_MAX >> 4))
                return SIZE_MAX;
            size = size * 16 + d;
            digits++;
            i++;
        }
        const char *nl = i < n ? memchr(s + i, '\n', n - i) : NULL;
        int ok = digits > 0 && nl != NULL;
        if (ok) { /* only extensions or spaces may follow the size */
            for (size_t k = i; k < (size_t)(nl - s) && ok; k++)
                if (s[k] == ';')
                    break;
                else if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r')
                    ok = 0;
        }
        if (!ok) {
            if (first)
                return n;
            if (in >= n)
                return out; /* ended after a chunk without the last-chunk line */
            return SIZE_MAX;
        }
        first = 0;
        in = (size_t)(nl - s) + 1;
        if (size == 0)
            return out;
        size_t take = size < n - in ? size : n - in;
        memmove(s + out, s + in, take);
        out += take;
        in += take;
        if (take < size)
            return out;
        if (in < n && s[in] == '\r')
            in++;
        if (in < n && s[in] == '\n')
            in++;
    }
}

const char *
pith_cli_warc_decode_payload(const char *s, size_t n, int encoding, int lenient, char **buf,
                             size_t *cap, size_t *out_len)
{
    int gzip = encoding == PITH_CLI_WARC_GZIP;
    *out_len = 0;
    if (n == 0)
        return NULL;
    int bits = 15 + 32;
    if (!gzip) { /* "deflate" is meant as zlib, but servers send raw deflate too */
        unsigned b0 = (unsigned char)s[0], b1 = n > 1 ? (unsigned char)s[1] : 0;
        bits = ((b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0) ? 15 : -15;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, bits) != Z_OK)
        return "out of memory";
    z.next_in = (unsigned char *)(uintptr_t)s;
    z.avail_in = (uInt)n;
    size_t len = 0;
    const char *err = NULL;
    for (;;) {
        if (len == *cap) {
            if (*cap >= PITH_CLI_WARC_MAX_RECORD) {
                err = "payload larger than 64 MiB after decoding";
                break;
            }
            size_t nc = *cap ? *cap * 2 : OUT_CHUNK;
            if (nc > PITH_CLI_WARC_MAX_RECORD)
                nc = PITH_CLI_WARC_MAX_RECORD;
            char *np = realloc(*buf, nc);
            if (!np) {
                err = "out of memory";
                break;
            }
            *buf = np;
            *cap = nc;
        }
        z.next_out = (unsigned char *)*buf + len;
        z.avail_out = (uInt)(*cap - len);
        int zr = inflate(&z, Z_NO_FLUSH);
        len = *cap - z.avail_out;
        if (zr == Z_STREAM_END) {
            /* gzip allows several members; anything else after the end is ignored */
            if (gzip && z.avail_in >= 2 && z.next_in[0] == 0x1f && z.next_in[1] == 0x8b) {
                inflateReset(&z);
                continue;
            }
            break;
        }
        if ((zr == Z_OK || zr == Z_BUF_ERROR) && z.avail_out == 0)
            continue;
        if ((zr == Z_OK || zr == Z_BUF_ERROR) && z.avail_in == 0) {
            if (!lenient)
                err = gzip ? "truncated gzip Content-Encoding" : "truncated deflate Content-Encoding";
            break;
        }
        err = gzip ? "bad gzip Content-Encoding" : "bad deflate Content-Encoding";
        break;
    }
    inflateEnd(&z);
    *out_len = len;
    return err;
}

static int
media_is_html(const char *s, size_t n)
{
    size_t e = 0;
    while (e < n && s[e] != ';' && s[e] != ' ' && s[e] != '\t' && s[e] != ',')
        e++;
    return eq_nocase(s, e, "text/html") || eq_nocase(s, e, "application/xhtml+xml");
}

/* The charset parameter of a Content-Type value, into r->charset (empty when none). */
static void
charset_of(reader *r, const char *s, size_t n)
{
    sb_clear(&r->charset);
    for (size_t i = 0; i + 8 <= n; i++) {
        if (!starts_nocase(s + i, n - i, "charset=") || (i > 0 && s[i - 1] != ';' &&
                                                         s[i - 1] != ' ' && s[i - 1] != '\t'))
            continue;
        size_t v = i + 8, e;
        if (v < n && (s[v] == '"' || s[v] == '\'')) {
            char q = s[v++];
            for (e = v; e < n && s[e] != q; e++) {
            }
        } else {
            for (e = v; e < n && s[e] != ';' && !is_space((unsigned char)s[e]); e++) {
            }
        }
        if (e > v && e - v <= MAX_CHARSET)
            sb_add(&r->charset, s + v, e - v);
        return;
    }
}

/* Pages served without a Content-Type count as HTML when they start like HTML. */
static int
looks_like_html(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    if (i >= n || s[i] != '<')
        return 0;
    size_t end = n - i < 1024 ? n : i + 1024;
    static const char *const tags[] = {"<!doctype html", "<html", "<head", "<body", "<title"};
    for (size_t k = i; k < end; k++) {
        if (s[k] != '<')
            continue;
        for (size_t t = 0; t < sizeof tags / sizeof *tags; t++)
            if (starts_nocase(s + k, end - k, tags[t]))
                return 1;
    }
    return 0;
}

/* One response record's block: HTTP status line, headers, payload. */
static void
handle_response(reader *r, uint64_t off, const char *hdr, const range *f, char *block,
                size_t n)
{
    if (f[F_CTYPE].off != SIZE_MAX && !starts_nocase(hdr + f[F_CTYPE].off, f[F_CTYPE].len,
                                                    "application/http")) {
        if (r->stats) { /* dns: and other non-HTTP responses */
            r->stats->not_html++;
            r->stats->records++;
        }
        return;
    }
    int status = -1;
    if (n >= 10 && memcmp(block, "HTTP/", 5) == 0) {
        size_t i = 5;
        while (i < n && block[i] != ' ' && block[i] != '\n')
            i++;
        if (i + 4 <= n && block[i] == ' ' && block[i + 1] >= '1' && block[i + 1] <= '9' &&
            block[i + 2] >= '0' && block[i + 2] <= '9' && block[i + 3] >= '0' &&
            block[i + 3] <= '9' && (i + 4 == n || !(block[i + 4] >= '0' && block[i + 4] <= '9')))
            status = (block[i + 1] - '0') * 100 + (block[i + 2] - '0') * 10 + (block[i + 3] - '0');
    }
    build_prefix(r, hdr, f, status);
    if (status < 0) {
        emit(r, off, "bad HTTP response: no status line", NULL, 0, NULL, NULL);
        return;
    }
    size_t hl = header_end(block, n, 0);
    if (hl == 0) {
        emit(r, off, "bad HTTP response: the headers do not end", NULL, 0, NULL, NULL);
        return;
    }
    range h[H_COUNT];
    parse_fields(block, hl, http_names, h, H_COUNT);
    int html = -1; /* unknown until sniffed */
    if (h[H_CTYPE].off != SIZE_MAX && h[H_CTYPE].len > 0) {
        html = media_is_html(block + h[H_CTYPE].off, h[H_CTYPE].len);
        if (!html) {
            if (r->stats) {
                r->stats->not_html++;
                r->stats->records++;
            }
            return;
        }
        charset_of(r, block + h[H_CTYPE].off, h[H_CTYPE].len);
    } else {
        sb_clear(&r->charset);
    }
    int lenient = f[F_TRUNCATED].off != SIZE_MAX;
    int encoding = 0; /* still encoded, for the callback to decode */
    char *body = block + hl;
    size_t blen = n - hl;
    if (h[H_TE].off != SIZE_MAX) {
        field_text(&r->tmp, block, h[H_TE]);
        if (r->tmp.p && strstr(r->tmp.p, "chunked")) {
            blen = dechunk(body, blen);
            if (blen == SIZE_MAX) {
                emit(r, off, "bad chunked Transfer-Encoding", NULL, 0, NULL, NULL);
                return;
            }
        }
    }
    if (h[H_CE].off != SIZE_MAX) {
        field_text(&r->tmp, block, h[H_CE]);
        const char *ce = r->tmp.p ? r->tmp.p : "";
        size_t cl = r->tmp.len;
        if (eq_nocase(ce, cl, "gzip") || eq_nocase(ce, cl, "x-gzip") ||
            eq_nocase(ce, cl, "deflate")) {
            int kind = ce[0] != 'd' && ce[0] != 'D' ? PITH_CLI_WARC_GZIP : PITH_CLI_WARC_DEFLATE;
            /* a page known to be HTML needs no look inside: the callback decodes it */
            if ((r->flags & PITH_CLI_WARC_DEFER_DECODING) && html == 1) {
                encoding = kind;
            } else {
                size_t dl = 0;
                const char *e = pith_cli_warc_decode_payload(body, blen, kind, lenient,
                                                             &r->payload, &r->payload_cap, &dl);
                if (e) {
                    emit(r, off, e, NULL, 0, NULL, NULL);
                    return;
                }
                body = r->payload;
                blen = dl;
            }
        } else if (cl > 0 && !eq_nocase(ce, cl, "identity")) {
            sb_clear(&r->tmp);
            sb_str(&r->tmp, "unsupported Content-Encoding: ");
            sb_add(&r->tmp, ce, cl < 40 ? cl : 40);
            emit(r, off, r->tmp.oom ? "unsupported Content-Encoding" : r->tmp.p, NULL, 0,
                 NULL, NULL);
            return;
        }
    }
    if (html < 0 && !looks_like_html(body ? body : "", blen)) {
        if (r->stats) {
            r->stats->not_html++;
            r->stats->records++;
        }
        return;
    }
    sb_clear(&r->url);
    if (f[F_URI].off != SIZE_MAX) {
        field_text(&r->url, hdr, f[F_URI]);
        if (r->url.len >= 2 && r->url.p[0] == '<' && r->url.p[r->url.len - 1] == '>') {
            memmove(r->url.p, r->url.p + 1, r->url.len - 2);
            r->url.len -= 2;
            r->url.p[r->url.len] = '\0';
        }
    }
    emit_encoded(r, off, NULL, body ? body : "", blen, r->url.len ? r->url.p : NULL,
                 r->charset.len ? r->charset.p : NULL, encoding, lenient);
}

/* ---- records ---- */

/* Ensures n unread bytes. */
static int
need(reader *r, size_t n, int cross)
{
    while (r->len - r->pos < n) {
        int m = more(r, cross);
        if (m <= 0)
            return m;
    }
    return MORE_OK;
}

/* Moves pos to the next "WARC/1." at a line start (or a member start), searching from
 * pos + from. 0 at the end of input. */
static int
scan_to_record(reader *r, size_t from)
{
    size_t rel = from; /* the scan point, relative to pos; pos itself is kept one byte back */
    for (;;) {
        size_t i = r->pos + rel;
        while (i + 7 <= r->len) {
            const char *p = memchr(r->buf + i, 'W', r->len - i - 6);
            if (!p) {
                i = r->len - 6;
                break;
            }
            i = (size_t)(p - r->buf);
            if (memcmp(p, "WARC/1.", 7) == 0 &&
                ((i > 0 && r->buf[i - 1] == '\n') || r->base + i == r->member_start)) {
                r->pos = i;
                return 1;
            }
            i++;
        }
        if (i > r->pos + 1)
            r->pos = i - 1; /* what was scanned can go, but for the line-start check */
        rel = i - r->pos;
        int m = more(r, 1);
        if (m == MORE_ERR) {
            emit_gz_error(r); /* the next member's first byte counts as a line start */
            rel = 0;
            continue;
        }
        if (m <= 0) {
            r->pos = r->len;
            return 0;
        }
    }
}

/* Reads past n bytes of a record too large to hold, without holding them. */
static void
skip_bytes(reader *r, uint64_t n, int cross)
{
    for (;;) {
        size_t have = r->len - r->pos;
        if ((uint64_t)have >= n) {
            r->pos += (size_t)n;
            return;
        }
        n -= have;
        r->pos = r->len;
        int m = more(r, cross);
        if (m == MORE_ERR)
            emit_gz_error(r);
        if (m <= 0)
            return;
    }
}

static void
record_error(reader *r, uint64_t off, const char *hdr, const range *f, const char *msg)
{
    if (hdr && f)
        build_prefix(r, hdr, f, -1);
    else
        sb_clear(&r->prefix);
    emit(r, off, msg, NULL, 0, NULL, NULL);
}

static void
read_records(reader *r)
{
    while (!r->failed) {
        /* blank lines between records (the CRLF CRLF ends records) */
        int m = MORE_OK;
        for (;;) {
            if (r->pos == r->len) {
                m = more(r, 1);
                if (m <= 0)
                    break;
            }
            char c = r->buf[r->pos];
            if (c != '\r' && c != '\n')
                break;
            r->pos++;
        }
        if (m == MORE_ERR) {
            emit_gz_error(r);
            continue;
        }
        if (m <= 0)
            return;
        uint64_t abs = r->base + r->pos;
        int at_member = r->gz && abs == r->member_start;
        uint64_t off = at_member ? r->member_raw : abs;
        int cross = !at_member; /* a member-per-record file holds a record to its member */

        m = need(r, 7, cross);
        if (m == MORE_ERR) {
            emit_gz_error(r);
            continue;
        }
        if (m == MORE_NOMEM)
            return;
        if (m <= 0 || memcmp(r->buf + r->pos, "WARC/1.", 7) != 0) {
            record_error(r, off, NULL, NULL, "no WARC record here (no WARC/1.x line)");
            if (m == MORE_BOUNDARY)
                r->pos = r->len;
            else if (!scan_to_record(r, 1))
                return;
            continue;
        }

        size_t hl = 0, scanned = 0;
        for (;;) {
            hl = header_end(r->buf + r->pos, r->len - r->pos, scanned);
            if (hl || r->len - r->pos > MAX_HEADER)
                break;
            scanned = r->len - r->pos > 2 ? r->len - r->pos - 2 : 0;
            m = need(r, r->len - r->pos + 1, cross);
            if (m <= 0)
                break;
        }
        if (!hl) {
            if (m == MORE_ERR) {
                emit_gz_error(r);
                continue;
            }
            if (m == MORE_BOUNDARY || m == MORE_EOF) {
                record_error(r, off, NULL, NULL,
                             m == MORE_EOF ? "truncated record: the file ends in its header"
                                           : "truncated record: its gzip member ends in its "
                                             "header");
                r->pos = r->len;
                continue;
            }
            if (m < 0)
                return;
            record_error(r, off, NULL, NULL, "WARC header longer than 1 MiB");
            if (!scan_to_record(r, 1))
                return;
            continue;
        }
        const char *hdr = r->buf + r->pos;
        range f[F_COUNT];
        parse_fields(hdr, hl, warc_names, f, F_COUNT);
        uint64_t clen = 0;
        int bad_len = f[F_LENGTH].off == SIZE_MAX || f[F_LENGTH].len == 0 ||
                      f[F_LENGTH].len > 19;
        for (size_t i = 0; !bad_len && i < f[F_LENGTH].len; i++) {
            char c = hdr[f[F_LENGTH].off + i];
            if (c < '0' || c > '9')
                bad_len = 1;
            else
                clen = clen * 10 + (uint64_t)(c - '0');
        }
        if (bad_len) {
            record_error(r, off, hdr, f, "missing or bad Content-Length");
            if (!scan_to_record(r, 1))
                return;
            continue;
        }
        if (clen > PITH_CLI_WARC_MAX_RECORD) {
            record_error(r, off, hdr, f, "record larger than 64 MiB: skipped");
            skip_bytes(r, (uint64_t)hl + clen, cross);
            continue;
        }
        size_t total = hl + (size_t)clen;
        m = need(r, total + 4, cross);
        hdr = r->buf + r->pos; /* the window may have moved */
        if (m <= 0) {
            if (m == MORE_ERR) {
                emit_gz_error(r);
                continue;
            }
            if (m == MORE_NOMEM)
                return;
            if (m == MORE_BOUNDARY) {
                record_error(r, off, hdr, f,
                             "bad Content-Length: the record runs past the end of its gzip "
                             "member");
                r->pos = r->len; /* the next member is the next record */
                continue;
            }
            int block_whole = r->len - r->pos >= total;
            record_error(r, off, hdr, f,
                         block_whole ? "record does not end with CRLF CRLF"
                                     : "truncated record: Content-Length runs past the end "
                                       "of the file");
            if (!scan_to_record(r, 1))
                return;
            continue;
        }
        if (memcmp(r->buf + r->pos + total, "\r\n\r\n", 4) != 0) {
            record_error(r, off, hdr, f,
                         "bad Content-Length: the record does not end where it says");
            if (!scan_to_record(r, 1))
                return;
            continue;
        }
        if (f[F_TYPE].off != SIZE_MAX && eq_nocase(hdr + f[F_TYPE].off, f[F_TYPE].len,
                                                   "response")) {
            handle_response(r, off, hdr, f, r->buf + r->pos + hl, (size_t)clen);
        } else if (r->stats) {
            r->stats->other_types++;
            r->stats->records++;
        }
        r->pos += total + 4;
    }
}

int
pith_cli_warc_read_flags(const char *path, unsigned flags, pith_cli_warc_cb cb, void *arg,
                         pith_cli_warc_stats *stats, char **err)
{
    *err = NULL;
    if (stats)
        memset(stats, 0, sizeof *stats);
    reader *r = calloc(1, sizeof *r);
    if (!r) {
        *err = strdup("out of memory");
        return 0;
    }
    r->path = path;
    r->flags = flags;
    r->cb = cb;
    r->arg = arg;
    r->stats = stats;
    int from_stdin = strcmp(path, "-") == 0;
    r->f = from_stdin ? stdin : fopen(path, "rb");
    int ok = 1;
    if (!r->f) {
        size_t n = strlen(path) + 200;
        *err = malloc(n);
        if (*err)
            snprintf(*err, n, "cannot open: %s", strerror(errno));
        free(r);
        return 0;
    }
    r->raw = malloc(RAW_CHUNK);
    if (!r->raw) {
        ok = 0;
        goto done;
    }
    /* gzip or not is told by the first bytes, not by the name */
    while (r->raw_len < 2 && raw_fill(r)) {
    }
    if (r->failed) {
        ok = 0;
        goto done;
    }
    if (r->raw_len >= 2 && r->raw[0] == 0x1f && r->raw[1] == 0x8b) {
        r->gz = 1;
        if (inflateInit2(&r->zs, 15 + 32) != Z_OK) {
            ok = 0;
            goto done;
        }
        r->zs_ready = 1;
        r->fast = libdeflate_alloc_decompressor(); /* without it zlib does all */
        r->fresh = 1;
    } else {
        /* plain: what was read so far starts the window */
        if (!room(r, r->raw_len > OUT_CHUNK ? r->raw_len : OUT_CHUNK)) {
            ok = 0;
            goto done;
        }
        memcpy(r->buf, r->raw, r->raw_len);
        r->len = r->raw_len;
        r->plain_eof = r->raw_eof;
    }
    read_records(r);
    if (r->failed) {
        /* a read error or no memory mid-file: say so as a last record, since the records
         * before it were delivered */
        char msg[160];
        snprintf(msg, sizeof msg, "stopped reading: %s", strerror(r->failed));
        r->failed = 0;
        sb_clear(&r->prefix);
        emit(r, r->gz ? r->raw_base + r->raw_pos : r->base + r->len, msg, NULL, 0, NULL, NULL);
    }
done:
    if (!ok && !*err) {
        size_t n = 200;
        *err = malloc(n);
        if (*err)
            snprintf(*err, n, "cannot read: %s", strerror(r->failed ? r->failed : ENOMEM));
    }
    if (r->zs_ready)
        inflateEnd(&r->zs);
    if (r->fast)
        libdeflate_free_decompressor(r->fast);
    if (!from_stdin)
        fclose(r->f);
    free(r->raw);
    free(r->buf);
    free(r->payload);
    free(r->name.p);
    free(r->prefix.p);
    free(r->url.p);
    free(r->charset.p);
    free(r->tmp.p);
    free(r);
    return ok;
}

int
pith_cli_warc_read_stats(const char *path, pith_cli_warc_cb cb, void *arg,
                         pith_cli_warc_stats *stats, char **err)
{
    return pith_cli_warc_read_flags(path, 0, cb, arg, stats, err);
}

int
pith_cli_warc_read(const char *path, pith_cli_warc_cb cb, void *arg, char **err)
{
    return pith_cli_warc_read_flags(path, 0, cb, arg, NULL, err);
}
