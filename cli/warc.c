/* SPDX-License-Identifier: MIT */
/*
 * Web archive input for the pith tool: WARC (1.0, 1.1, and the 0.17 and 0.18 drafts older
 * Heritrix wrote) and ARC v1, plain or gzip, told apart by their first bytes.
 *
 * The reader turns the file into one stream of archive bytes: plain files are read as they
 * are, gzip files are inflated member after member as one continuous stream, whatever the
 * framing (a member per record as Common Crawl writes, several records in a member, a record
 * split across members, one member for the whole file). It keeps one growing window of that
 * stream and parses a record at a time out of it, so memory is bounded by the largest record
 * (PITH_CLI_WARC_MAX_RECORD), never by the file.
 *
 * The gzip members that begin in the window are remembered. A record that starts a member is
 * named by the member's file offset, as CDX indexes name it; one inside a member by that
 * member's offset and its distance into the member's data (FILE@M+K), so that either can be
 * read again alone. A member whose data starts a record also ends the record before it: a
 * record that runs into such a member lied about its length.
 *
 * Recovery: a record that cannot be read becomes an error record and reading goes on. A bad
 * gzip member is skipped by looking for the next member whose data starts a record; a record
 * that runs into a member starting a record resumes there; otherwise the reader looks for the
 * next record start at the start of a line, beginning just after the bad record's first
 * byte, so a wrong length costs one record, not the ones it swallowed.
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

#ifndef PITH_CLI_WARC_FUZZ_SIZES
#define RAW_CHUNK ((size_t)1 << 20) /* compressed bytes read at a time */
#define OUT_CHUNK ((size_t)256 << 10) /* stream bytes produced at a time */
/* Real WARC and HTTP headers and ARC header lines are a few KB; a "header" without an end is
 * garbage. */
#define MAX_HEADER ((size_t)1 << 20)
/* Resyncing probes a candidate gzip member with this much input in hand. */
#define PROBE_WINDOW ((size_t)64 << 10)
/* libdeflate inflates a member whole into this much room; larger ones stream through zlib. */
#define FAST_OUT ((size_t)4 << 20)
#else /* the fuzz target's: a few KB of input cross every buffer's boundary */
#define RAW_CHUNK ((size_t)2048)
#define OUT_CHUNK ((size_t)512)
#define MAX_HEADER ((size_t)2048)
#define PROBE_WINDOW ((size_t)256)
#define FAST_OUT ((size_t)8192)
#endif
/* A charset label longer than this is not a label. */
#define MAX_CHARSET 64
/* An error names an unknown Content-Encoding by this many bytes at most, each printable
 * ASCII or '?': enough for any registered coding, and the header is attacker-controlled. */
#define MAX_CODING_SHOWN 40
#define UNSUPPORTED_CE "unsupported Content-Encoding: "
/* Gzip members remembered at once. The window holds a record and a little more, which real
 * files split into one or two members; past this many, a record in a member that was not
 * remembered is named from an earlier member (FILE@M+K still reads it, by a longer way). */
#define MAX_MEMBERS 64
/* Bytes that tell whether a gzip member's data starts a record: "WARC/0.17", or an ARC
 * header's URL scheme ("filedesc:"). */
#define START_PROBE 16

enum { MORE_OK = 1, MORE_EOF = 0, MORE_ERR = -1, MORE_BOUNDARY = -2, MORE_NOMEM = -3 };
enum { FORMAT_UNKNOWN, FORMAT_WARC, FORMAT_ARC };

typedef struct strbuf {
    char *p;
    size_t len, cap;
    int oom;
} strbuf;

typedef struct range {
    size_t off, len; /* in the header block; len 0 and off SIZE_MAX when absent */
} range;

/* A gzip member that began in the window. */
typedef struct member {
    uint64_t stream; /* stream offset of its first byte */
    uint64_t raw;    /* file offset of the member */
    int starts;      /* its data starts a record: 1, 0, or -1 while too little is in hand */
} member;

/* What a record is named by: FILE@raw, or FILE@raw+inner inside a gzip member. */
typedef struct where {
    uint64_t raw, inner;
} where;

typedef struct reader {
    FILE *f;
    const char *path;
    pith_cli_warc_cb cb;
    void *arg;
    pith_cli_warc_stats *stats;
    unsigned flags; /* PITH_CLI_WARC_* */
    int failed;     /* out of memory or a read error: stop */
    int format;     /* FORMAT_*, from the first record */
    int one;        /* FILE@OFFSET: one record, then stop */
    size_t attempts; /* records begun */
    size_t said;     /* records handed over or counted */
    int resource; /* the record handed over is a resource (counted apart) */

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
    int bad_member;       /* the member failed after the bytes last appended: MORE_ERR next */
    int resyncing;        /* after a bad member: look for a good one */
    uint64_t member_raw;  /* file offset of the current member */
    uint64_t err_raw;     /* file offset to name a gzip error by */
    char errbuf[200];
    member members[MAX_MEMBERS]; /* in stream order */
    size_t n_members;
    uint64_t boundary; /* with MORE_BOUNDARY: where the member that ends the record starts */
    int plain_eof;

    /* the stream window: buf[pos, len) is unread */
    char *buf;
    size_t cap, pos, len;
    uint64_t base; /* stream offset of buf[0] */

    /* per record, reused */
    char *payload; /* decoded HTTP payload */
    size_t payload_cap;
    strbuf name, prefix, url, charset, tmp; /* prefix: the record's fields, put_member's */
    pith_json_member fields[PITH_CLI_WARC_MAX_MEMBERS];
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

/* ---- where records start ---- */

/* A version line's start: "WARC/1." (1.0, 1.1), or the drafts "WARC/0.17" and "WARC/0.18".
 * n: bytes in hand. 1 yes, 0 no, -1 too few bytes to tell. */
static int
warc_version_at(const char *p, size_t n)
{
    static const char *const versions[] = {"WARC/1.", "WARC/0.17", "WARC/0.18"};
    int maybe = 0;
    for (size_t k = 0; k < sizeof versions / sizeof *versions; k++) {
        size_t m = strlen(versions[k]), c = n < m ? n : m;
        if (memcmp(p, versions[k], c) == 0) {
            if (c == m)
                return 1;
            maybe = 1;
        }
    }
    return maybe ? -1 : 0;
}

static int
is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* A URL scheme and its colon ("http:", "filedesc:", "dns:"), as ARC header lines start.
 * 1 yes, 0 no, -1 too few bytes to tell. */
static int
scheme_at(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && i < START_PROBE &&
           (is_alpha((unsigned char)p[i]) ||
            (i > 0 && (is_digit((unsigned char)p[i]) || p[i] == '+' || p[i] == '-' ||
                       p[i] == '.'))))
        i++;
    if (i == n && i < START_PROBE)
        return -1;
    return i > 0 && i < n && p[i] == ':';
}

/* Fields an ARC header line may have: v2 has ten, v1 five and a space for each space in its
 * URL, which real URLs do not have by the dozen. */
#define MAX_ARC_FIELDS 64

/* An ARC header line, as ranges into the line. */
typedef struct arc_head {
    range url, ip, date, type, length;
    size_t len; /* of the line, with its '\n' */
} arc_head;

/* Whether the line at s (n bytes in hand; more may come unless at_end) has the shape of an
 * ARC header line: "URL IP-address date content-type length" (v1; a URL holding spaces
 * leaves the last four fields where they are), or ARC v2's ten fields with the length last.
 * The date and length are not checked here: a malformed header is still a header, so that it
 * becomes one error and the records after it are found. 1 yes, 0 no, -1 the line is not all
 * in hand yet. */
static int
arc_head_at(const char *s, size_t n, int at_end, arc_head *h)
{
    size_t lim = n < MAX_HEADER ? n : MAX_HEADER;
    int known = scheme_at(s, lim);
    if (known == 0)
        return 0;
    const char *nl = memchr(s, '\n', lim);
    if (!nl)
        return n < MAX_HEADER && !at_end ? -1 : 0;
    if (known < 0)
        return 0;
    size_t end = (size_t)(nl - s);
    h->len = end + 1;
    if (end > 0 && s[end - 1] == '\r')
        end--;
    range f[MAX_ARC_FIELDS];
    size_t nf = 0, i = 0;
    for (;;) { /* fields between single spaces */
        const char *sp = memchr(s + i, ' ', end - i);
        size_t j = sp ? (size_t)(sp - s) : end;
        if (j == i || nf == MAX_ARC_FIELDS)
            return 0; /* an empty field (two spaces, a space at an end), or no header line */
        f[nf++] = (range){i, j - i};
        if (j == end)
            break;
        i = j + 1;
    }
    if (nf < 5)
        return 0;
    /* v2 has the IP, date and type second to fourth (its fifth field a result code); v1 has
     * them and the length last, after a URL that may hold spaces */
    size_t at = nf == 10 && (f[4].len == 3 || (f[4].len == 1 && s[f[4].off] == '-')) ? 1 : nf - 4;
    h->ip = f[at];
    h->date = f[at + 1];
    h->type = f[at + 2];
    h->length = f[nf - 1];
    h->url = (range){0, f[at - 1].off + f[at - 1].len};
    for (size_t k = h->ip.off; k < h->ip.off + h->ip.len; k++) {
        int c = (unsigned char)s[k]; /* IPv4, IPv6, or "-" */
        if (!is_digit(c) && c != '.' && c != ':' && c != '-' &&
            !(lower(c) >= 'a' && lower(c) <= 'f'))
            return 0;
    }
    return h->date.len <= 20 && h->length.len <= 20;
}

/* Whether a record starts at p in this file's format (either, before the first record). A
 * gzip member's first bytes, and the line starts a scan tries, go through here. 1 yes, 0 no,
 * -1 too few bytes to tell. */
static int
record_at(const reader *r, const char *p, size_t n, int at_end)
{
    int w = r->format != FORMAT_ARC ? warc_version_at(p, n) : 0;
    if (w > 0 || r->format == FORMAT_WARC)
        return w < 0 && at_end ? 0 : w;
    arc_head h;
    int a = arc_head_at(p, n, at_end, &h);
    return a == 0 && w < 0 && !at_end ? -1 : a;
}

/* The first bytes of a gzip member: does its data start a record? Only the scheme of an ARC
 * line is asked for, since the line may go on in later members. */
static int
member_starts_record(const reader *r, const char *p, size_t n, int ended)
{
    int w = r->format != FORMAT_ARC ? warc_version_at(p, n) : 0;
    int a = r->format != FORMAT_WARC ? scheme_at(p, n) : 0;
    if (w > 0 || a > 0)
        return 1;
    return (w < 0 || a < 0) && !ended ? -1 : 0;
}

/* ---- gzip members ---- */

/* Remembers a member that starts where the window ends. */
static void
member_add(reader *r, uint64_t raw, int starts)
{
    r->member_raw = raw;
    if (r->n_members == MAX_MEMBERS)
        return; /* what lies in it is named from an earlier member */
    r->members[r->n_members++] = (member){r->base + r->len, raw, starts};
}

/* Forgets the members that end before stream offset at: all that start before it but the
 * last of those, which names what lies between its start and at. */
static void
members_forget(reader *r, uint64_t at)
{
    size_t k = 0;
    while (k + 1 < r->n_members && r->members[k + 1].stream <= at)
        k++;
    if (k == 0)
        return;
    memmove(r->members, r->members + k, (r->n_members - k) * sizeof *r->members);
    r->n_members -= k;
}

/* Decides, for the members whose first bytes have arrived, whether those start a record. */
static void
members_classify(reader *r)
{
    uint64_t have = r->base + r->len;
    for (size_t k = 0; k < r->n_members; k++) {
        member *m = &r->members[k];
        if (m->starts >= 0)
            continue;
        if (m->stream < r->base) { /* gone from the window unseen: cannot be asked */
            m->starts = 0;
            continue;
        }
        int ended = k + 1 < r->n_members || r->at_boundary;
        uint64_t end = k + 1 < r->n_members ? r->members[k + 1].stream : have;
        m->starts = member_starts_record(r, r->buf + (m->stream - r->base),
                                         (size_t)(end - m->stream), ended);
    }
}

/* The name of what starts at stream offset at. */
static where
where_of(const reader *r, uint64_t at)
{
    if (r->gz)
        for (size_t k = r->n_members; k-- > 0;)
            if (r->members[k].stream <= at)
                return (where){r->members[k].raw, at - r->members[k].stream};
    return (where){at, 0};
}

/* Positions the inflater at the next member after the one that ended, or after a bad one
 * (resyncing: the next member whose data starts a record). 1: started, 2: started and
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
            member_add(r, r->raw_base + r->raw_pos, -1);
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
            if (r->raw_eof)
                return 0;
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
        unsigned char probe[START_PROBE];
        inflateReset(&r->zs);
        r->zs.next_in = p;
        r->zs.avail_in = (uInt)(r->raw_len - r->raw_pos);
        r->zs.next_out = probe;
        r->zs.avail_out = sizeof probe;
        int zr = inflate(&r->zs, Z_NO_FLUSH);
        size_t got = sizeof probe - r->zs.avail_out;
        if ((zr == Z_OK || zr == Z_STREAM_END) &&
            member_starts_record(r, (const char *)probe, got, 1) == 1) {
            if (!room(r, got)) {
                r->failed = ENOMEM;
                return MORE_NOMEM;
            }
            member_add(r, r->raw_base + r->raw_pos, 1);
            memcpy(r->buf + r->len, probe, got);
            r->len += got;
            r->raw_pos = (size_t)(r->zs.next_in - r->raw);
            r->at_boundary = zr == Z_STREAM_END;
            r->resyncing = 0;
            r->fresh = 0;
            return 2;
        }
        r->raw_pos++;
    }
}

/* Inflates the member starting at raw_pos whole, with libdeflate (about twice zlib's speed,
 * and this is the one thread that reads the file), when all of it is in the read window and
 * its output fits in FAST_OUT. 1: appended and at the boundary. 0: left to zlib, which also
 * says what is wrong with a bad or truncated member. */
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

/* Appends more gzip stream bytes to the window, going on into the next member. */
static int
more_gz(reader *r)
{
    if (r->bad_member) { /* its bytes before the error went out with the last call */
        r->bad_member = 0;
        return MORE_ERR;
    }
    for (;;) {
        if (r->at_boundary) {
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
        /* What inflated before the error is handed over first, so that a record that ends
         * there comes out however the output was cut into calls: read from the file's start
         * or alone by its name alike. */
        r->bad_member = produced > 0;
        return produced ? MORE_OK : MORE_ERR;
    }
}

/* Appends more stream bytes to the window. */
static int
more(reader *r)
{
    if (r->failed)
        return MORE_EOF;
    if (r->gz) {
        int m = more_gz(r);
        if (m == MORE_OK)
            members_classify(r);
        return m;
    }
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

/* Ensures n unread bytes for the record that starts at stream offset start. MORE_BOUNDARY,
 * with r->boundary, when a member that starts a record begins inside them: the record cannot
 * run into the next one. */
static int
need(reader *r, uint64_t start, size_t n)
{
    for (;;) {
        uint64_t limit = r->base + r->pos + n, have = r->base + r->len;
        for (size_t k = 0; k < r->n_members; k++) {
            const member *m = &r->members[k];
            if (m->starts == 1 && m->stream > start && m->stream < limit && m->stream <= have) {
                r->boundary = m->stream;
                return MORE_BOUNDARY;
            }
        }
        if (r->len - r->pos >= n)
            return MORE_OK;
        int m = more(r);
        if (m <= 0)
            return m;
    }
}

/* Whether buf[i] starts a line: after a newline, or as a gzip member's first byte. */
static int
at_line_start(const reader *r, size_t i)
{
    if (i > 0 && r->buf[i - 1] == '\n')
        return 1;
    for (size_t k = 0; k < r->n_members; k++)
        if (r->members[k].stream == r->base + i)
            return 1;
    return 0;
}

/* ---- output ---- */

/* The members naming a record, in their output order (put_member's k indexes them). */
enum { M_ID, M_TYPE, M_URI, M_DATE, M_STATUS, M_COUNT };
static const char *const member_names[M_COUNT] = {"warc_record_id", "warc_record_type",
                                                  "warc_target_uri", "warc_date",
                                                  "http_status"};
_Static_assert(M_COUNT == PITH_CLI_WARC_MAX_MEMBERS, "warc.h's member count");

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
        if (k == M_STATUS) {
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
emit_encoded(reader *r, where w, const char *error, const char *body, size_t len,
             const char *url, const char *charset, int encoding, int lenient)
{
    char num[48];
    if (w.inner)
        snprintf(num, sizeof num, "@%llu+%llu", (unsigned long long)w.raw,
                 (unsigned long long)w.inner);
    else
        snprintf(num, sizeof num, "@%llu", (unsigned long long)w.raw);
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
    rec.n_members = read_members(&r->prefix, r->fields);
    rec.members = rec.n_members ? r->fields : NULL;
    rec.error = error;
    if (!error) {
        rec.body = body;
        rec.len = len;
        rec.url = url;
        rec.charset = charset;
        rec.encoding = encoding;
        rec.lenient = lenient;
    }
    r->said++;
    if (r->stats) {
        if (error)
            r->stats->errors++;
        else if (r->resource)
            r->stats->resources++;
        else
            r->stats->html++;
        r->stats->records++;
    }
    r->cb(r->arg, &rec);
}

static void
emit(reader *r, where w, const char *error, const char *body, size_t len, const char *url,
     const char *charset)
{
    emit_encoded(r, w, error, body, len, url, charset, 0, 0);
}

enum { SKIP_NOT_HTML, SKIP_REVISIT, SKIP_OTHER };

/* A record that was read and is not handed over, counted by kind. */
static void
count(reader *r, int kind)
{
    r->said++;
    if (!r->stats)
        return;
    size_t *c = kind == SKIP_NOT_HTML  ? &r->stats->not_html
                : kind == SKIP_REVISIT ? &r->stats->revisits
                                       : &r->stats->other_types;
    (*c)++;
    r->stats->records++;
}

/* A gzip error that lost whatever record was being read. */
static void
emit_gz_error(reader *r)
{
    sb_clear(&r->prefix);
    emit(r, (where){r->err_raw, 0}, r->errbuf, NULL, 0, NULL, NULL);
    r->pos = r->len; /* the bad member's bytes are not a record */
}

static void
prefix_status(reader *r, int status)
{
    long long st = status;
    put_member(&r->prefix, M_STATUS, &st, sizeof st);
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

/* The members naming a WARC record: what its header says, as far as it was read. */
static void
build_prefix(reader *r, const char *hdr, const range *f)
{
    static const unsigned char keys[] = {M_ID, M_TYPE, M_URI, M_DATE};
    const int which[] = {F_ID, F_TYPE, F_URI, F_DATE};
    sb_clear(&r->prefix);
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        range v = f[which[k]];
        if (v.off == SIZE_MAX)
            continue;
        field_text(&r->tmp, hdr, v);
        const char *t = r->tmp.p ? r->tmp.p : "";
        size_t tl = r->tmp.len;
        if (which[k] == F_URI && tl >= 2 && t[0] == '<' && t[tl - 1] == '>')
            t++, tl -= 2; /* WARC/1.0 drafts bracket the URI */
        put_member(&r->prefix, keys[k], t, tl);
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


/* r->url := the target URI, without the brackets WARC/1.0 drafts put around it. */
static void
take_url(reader *r, const char *s, range f)
{
    sb_clear(&r->url);
    if (f.off == SIZE_MAX)
        return;
    field_text(&r->url, s, f);
    if (r->url.len >= 2 && r->url.p[0] == '<' && r->url.p[r->url.len - 1] == '>') {
        memmove(r->url.p, r->url.p + 1, r->url.len - 2);
        r->url.len -= 2;
        r->url.p[r->url.len] = '\0';
    }
}

/* An HTTP response (a WARC response record's block, an ARC record's content): status line,
 * headers, payload. r->prefix holds the record's fields, r->url its URL; lenient: the record
 * says it was truncated. */
static void
handle_http(reader *r, where w, char *block, size_t n, int lenient)
{
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
    if (status < 0) {
        emit(r, w, "bad HTTP response: no status line", NULL, 0, NULL, NULL);
        return;
    }
    prefix_status(r, status);
    size_t hl = header_end(block, n, 0);
    if (hl == 0) {
        emit(r, w, "bad HTTP response: the headers do not end", NULL, 0, NULL, NULL);
        return;
    }
    range h[H_COUNT];
    parse_fields(block, hl, http_names, h, H_COUNT);
    int html = -1; /* unknown until sniffed */
    if (h[H_CTYPE].off != SIZE_MAX && h[H_CTYPE].len > 0) {
        html = media_is_html(block + h[H_CTYPE].off, h[H_CTYPE].len);
        if (!html) {
            count(r, SKIP_NOT_HTML);
            return;
        }
        charset_of(r, block + h[H_CTYPE].off, h[H_CTYPE].len);
    } else {
        sb_clear(&r->charset);
    }
    int encoding = 0; /* still encoded, for the callback to decode */
    char *body = block + hl;
    size_t blen = n - hl;
    if (h[H_TE].off != SIZE_MAX) {
        field_text(&r->tmp, block, h[H_TE]);
        if (r->tmp.p && strstr(r->tmp.p, "chunked")) {
            blen = dechunk(body, blen);
            if (blen == SIZE_MAX) {
                emit(r, w, "bad chunked Transfer-Encoding", NULL, 0, NULL, NULL);
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
                    emit(r, w, e, NULL, 0, NULL, NULL);
                    return;
                }
                body = r->payload;
                blen = dl;
            }
        } else if (cl > 0 && !eq_nocase(ce, cl, "identity")) {
            /* ce lives in r->tmp: the message is built apart from it */
            char msg[sizeof UNSUPPORTED_CE + MAX_CODING_SHOWN];
            size_t ml = sizeof UNSUPPORTED_CE - 1;
            memcpy(msg, UNSUPPORTED_CE, ml);
            for (size_t i = 0; i < cl && i < MAX_CODING_SHOWN; i++)
                msg[ml++] = ce[i] >= 0x20 && ce[i] < 0x7f ? ce[i] : '?';
            msg[ml] = '\0';
            emit(r, w, msg, NULL, 0, NULL, NULL);
            return;
        }
    }
    if (html < 0 && !looks_like_html(body ? body : "", blen)) {
        count(r, SKIP_NOT_HTML);
        return;
    }
    emit_encoded(r, w, NULL, body ? body : "", blen, r->url.len ? r->url.p : NULL,
                 r->charset.len ? r->charset.p : NULL, encoding, lenient);
}

/* A page stored as it is, without HTTP (a WARC resource record, a non-HTTP ARC record):
 * content_type is the record's own, when it has one. */
static void
handle_page(reader *r, where w, const char *content_type, size_t type_len, const char *body,
            size_t n)
{
    if (content_type && type_len > 0) {
        if (!media_is_html(content_type, type_len)) {
            count(r, SKIP_NOT_HTML);
            return;
        }
        charset_of(r, content_type, type_len);
    } else {
        sb_clear(&r->charset);
        if (!looks_like_html(body, n)) {
            count(r, SKIP_NOT_HTML);
            return;
        }
    }
    r->resource = 1;
    emit(r, w, NULL, body, n, r->url.len ? r->url.p : NULL,
         r->charset.len ? r->charset.p : NULL);
    r->resource = 0;
}

/* A WARC record that was read whole: what its type asks for. */
static void
handle_warc(reader *r, where w, const char *hdr, const range *f, char *block, size_t n)
{
    const char *type = f[F_TYPE].off != SIZE_MAX ? hdr + f[F_TYPE].off : "";
    size_t tl = f[F_TYPE].off != SIZE_MAX ? f[F_TYPE].len : 0;
    int response = eq_nocase(type, tl, "response");
    if (!response && !eq_nocase(type, tl, "resource")) {
        count(r, eq_nocase(type, tl, "revisit") ? SKIP_REVISIT : SKIP_OTHER);
        return;
    }
    const char *ctype = f[F_CTYPE].off != SIZE_MAX ? hdr + f[F_CTYPE].off : NULL;
    size_t ctl = ctype ? f[F_CTYPE].len : 0;
    if (response && ctype && !starts_nocase(ctype, ctl, "application/http")) {
        count(r, SKIP_NOT_HTML); /* dns: and other non-HTTP responses */
        return;
    }
    build_prefix(r, hdr, f);
    take_url(r, hdr, f[F_URI]);
    if (response)
        handle_http(r, w, block, n, f[F_TRUNCATED].off != SIZE_MAX);
    else
        handle_page(r, w, ctype, ctl, block, n);
}

/* ---- records ---- */

/* A gzip error lost the record being read; 0 when that was the one record asked for. */
static int
gz_lost(reader *r)
{
    emit_gz_error(r);
    return !r->one;
}


/* The first record start at a line start in buf[i, lim), as record_at sees one. Returns its
 * index; or SIZE_MAX with *resume where to go on once more bytes are in (everything before
 * it was looked at). */
static size_t
find_record(reader *r, size_t i, size_t lim, int at_end, size_t *resume)
{
    if (r->format != FORMAT_ARC) { /* a version line starts with 'W' */
        while (i < lim) {
            const char *p = memchr(r->buf + i, 'W', lim - i);
            if (!p)
                break;
            i = (size_t)(p - r->buf);
            int at = record_at(r, p, r->len - i, at_end);
            if (at < 0) {
                *resume = i;
                return SIZE_MAX;
            }
            if (at > 0 && at_line_start(r, i))
                return i;
            i++;
        }
        *resume = lim;
        return SIZE_MAX;
    }
    while (i < lim) { /* an ARC header is a line: try each line start */
        if (!at_line_start(r, i)) {
            const char *nl = memchr(r->buf + i, '\n', lim - i);
            size_t next = nl ? (size_t)(nl - r->buf) + 1 : lim;
            for (size_t k = 0; k < r->n_members; k++) { /* or a member's first byte */
                uint64_t s = r->members[k].stream;
                if (s > r->base + i && s < r->base + next)
                    next = (size_t)(s - r->base);
            }
            i = next;
            continue;
        }
        int at = record_at(r, r->buf + i, r->len - i, at_end);
        if (at < 0) {
            *resume = i;
            return SIZE_MAX;
        }
        if (at > 0)
            return i;
        i++;
    }
    *resume = lim;
    return SIZE_MAX;
}

/* Moves pos to the next record start at a line start (or a member start), searching from
 * pos + from. 0 at the end of input. */
static int
scan_to_record(reader *r, size_t from)
{
    size_t rel = from; /* the scan point, relative to pos; pos itself is kept one byte back */
    int at_end = 0;
    for (;;) {
        size_t resume, i = r->pos + rel < r->len ? r->pos + rel : r->len;
        size_t k = find_record(r, i, r->len, at_end, &resume);
        if (k != SIZE_MAX) {
            r->pos = k;
            return 1;
        }
        if (at_end) {
            r->pos = r->len;
            return 0;
        }
        if (resume > r->pos + 1)
            r->pos = resume - 1; /* what was scanned can go, but for the line-start test */
        rel = resume - r->pos;
        members_forget(r, r->base + r->pos);
        int m = more(r);
        if (m == MORE_ERR) {
            emit_gz_error(r); /* the next member's first byte counts as a line start */
            if (r->one)
                return 0;
            rel = 0;
            continue;
        }
        if (m == MORE_EOF)
            at_end = 1;
        else if (m < 0) {
            r->pos = r->len;
            return 0;
        }
    }
}

/* Repositions the reader at stream offset target, reading the input again from file offset
 * raw, where the stream offset is stream (plain: all three equal; gzip: the start of a member
 * at or before target). 1: done; 0: the input cannot seek (a pipe); -1: it no longer holds
 * target (the window is then empty at some later offset). */
static int
reread_from(reader *r, uint64_t raw, uint64_t stream, uint64_t target)
{
    if (raw > (uint64_t)INT64_MAX || fseeko(r->f, (off_t)raw, SEEK_SET) != 0)
        return 0;
    clearerr(r->f);
    r->pos = r->len = 0;
    r->base = stream;
    r->n_members = 0;
    if (!r->gz) {
        r->plain_eof = 0;
        return 1;
    }
    r->raw_pos = r->raw_len = 0;
    r->raw_base = raw;
    r->raw_eof = 0;
    r->at_boundary = 1; /* next_member starts the member at raw */
    r->resyncing = 0;
    r->bad_member = 0;
    r->fresh = 0;
    while (r->base + r->len < target) {
        r->pos = r->len;
        members_forget(r, r->base + r->pos);
        if (more(r) != MORE_OK)
            return -1;
    }
    r->pos = (size_t)(target - r->base);
    return 1;
}

/* Reads past a record too large to hold (total: its bytes before its end mark, "\r\n\r\n" for
 * WARC, "\n" for ARC), without holding it, and emits its error record (the prefix already
 * built). A length that lies (the input ends first, no end mark where it says, or a member
 * that starts a record comes first) must not take the records it covered with it: their
 * bytes are gone by then, so the input is read again from the first record start after the
 * record's own. Records inside the block of a true one are never looked at. 0: stop. */
static int
skip_record(reader *r, where w, uint64_t total, const char *mark, size_t mark_len,
            const char *len_name)
{
    char msg[160];
    uint64_t start = r->base + r->pos;
    uint64_t end = start + total;   /* where the end mark must be */
    uint64_t scan = start + 1;      /* the next offset to try as a record start */
    int found = 0, at_end = 0;
    uint64_t again = 0;             /* where to read again from */
    where anchor = {0, 0};          /* ... and its member: file offset, distance into it */
    const char *why, *why_end; /* the message, around len_name */
    for (;;) {
        uint64_t have = r->base + r->len;
        for (size_t k = 0; k < r->n_members; k++) { /* a member that starts a record */
            uint64_t s = r->members[k].stream;
            if (r->members[k].starts == 1 && s > start && s < end + mark_len && s <= have) {
                why = "bad ", why_end = ": the record runs past the end of its gzip member";
                r->pos = (size_t)(s - r->base); /* the next record, if none in between */
                goto lied;
            }
        }
        if (!found && scan < end) {
            size_t resume, lim = (size_t)((end < have ? end : have) - r->base);
            size_t k = find_record(r, (size_t)(scan - r->base), lim, at_end, &resume);
            if (k != SIZE_MAX) {
                found = 1;
                again = r->base + k;
                anchor = where_of(r, again);
            } else {
                scan = r->base + resume;
            }
        }
        if (have >= end + mark_len || (at_end && mark_len == 1 && have == end))
            break; /* an ARC file may end without the last record's newline */
        if (at_end) {
            why = "truncated record: its ", why_end = " runs past the end of the file";
            goto lied;
        }
        /* what was looked at can go, but for the byte before the next start to try */
        uint64_t keep = found ? have : scan - 1;
        if (keep > end)
            keep = end;
        if (keep > r->base + r->pos)
            r->pos = (size_t)(keep - r->base);
        members_forget(r, r->base + r->pos);
        int m = more(r);
        if (m == MORE_NOMEM)
            return 0;
        if (m == MORE_ERR) {
            emit(r, w, "truncated record: a bad gzip member cuts it", NULL, 0, NULL, NULL);
            return gz_lost(r);
        }
        if (m == MORE_EOF)
            at_end = 1;
    }
    r->pos = (size_t)(end - r->base);
    if (r->base + r->len == end || memcmp(r->buf + r->pos, mark, mark_len) == 0) {
        r->pos = r->len < r->pos + mark_len ? r->len : r->pos + mark_len;
        emit(r, w, "record larger than 64 MiB: skipped", NULL, 0, NULL, NULL);
        return 1;
    }
    why = "bad ", why_end = ": the record does not end where it says";
lied:
    snprintf(msg, sizeof msg, "%s%s%s", why, len_name, why_end);
    if (!found) { /* nothing to read again: go on from here */
        emit(r, w, msg, NULL, 0, NULL, NULL);
        return r->one || scan_to_record(r, 0) || 1;
    }
    uint64_t anchor_stream = r->gz ? again - anchor.inner : again;
    int again_ok = reread_from(r, anchor.raw, anchor_stream, again);
    if (again_ok == 0) { /* a pipe: what the lie covered is lost, what follows is not */
        snprintf(msg, sizeof msg,
                 "bad %s: the records it covered cannot be read again (the input cannot seek) "
                 "and are lost", len_name);
        emit(r, w, msg, NULL, 0, NULL, NULL);
        return r->one || scan_to_record(r, 0) || 1;
    }
    emit(r, w, msg, NULL, 0, NULL, NULL);
    return 1;
}

/* An error for the record at w; hdr and f, when given, name it. */
static void
record_error(reader *r, where w, const char *hdr, const range *f, const char *msg)
{
    if (hdr && f)
        build_prefix(r, hdr, f);
    else
        sb_clear(&r->prefix);
    emit(r, w, msg, NULL, 0, NULL, NULL);
}

/* After an error at the record that starts at pos: on to the next record. 0: none. */
static int
resync(reader *r, int m)
{
    if (r->one)
        return 0;
    if (m == MORE_BOUNDARY) {
        r->pos = (size_t)(r->boundary - r->base);
        return 1;
    }
    return scan_to_record(r, 1);
}

/* One WARC record at pos. 0: stop reading. */
static int
read_warc_record(reader *r, uint64_t start, where w)
{
    int m = need(r, start, START_PROBE);
    if (m == MORE_ERR)
        return gz_lost(r);
    if (m == MORE_NOMEM)
        return 0;
    if (warc_version_at(r->buf + r->pos, r->len - r->pos) != 1) {
        record_error(r, w, NULL, NULL, "no WARC record here (no WARC/1.x line)");
        return resync(r, m);
    }
    size_t hl = 0, scanned = 0;
    for (;;) {
        hl = header_end(r->buf + r->pos, r->len - r->pos, scanned);
        if (hl || r->len - r->pos > MAX_HEADER)
            break;
        scanned = r->len - r->pos > 2 ? r->len - r->pos - 2 : 0;
        m = need(r, start, r->len - r->pos + 1);
        if (m <= 0)
            break;
    }
    if (!hl) {
        if (m == MORE_ERR)
            return gz_lost(r);
        if (m == MORE_NOMEM)
            return 0;
        record_error(r, w, NULL, NULL,
                     m == MORE_EOF        ? "truncated record: the file ends in its header"
                     : m == MORE_BOUNDARY ? "truncated record: its gzip member ends in its "
                                            "header, and the next starts a record"
                                          : "WARC header longer than 1 MiB");
        if (m == MORE_EOF) {
            r->pos = r->len;
            return 1;
        }
        return resync(r, m) || !r->one;
    }
    const char *hdr = r->buf + r->pos;
    range f[F_COUNT];
    parse_fields(hdr, hl, warc_names, f, F_COUNT);
    uint64_t clen = 0;
    int bad_len = f[F_LENGTH].off == SIZE_MAX || f[F_LENGTH].len == 0 || f[F_LENGTH].len > 19;
    for (size_t i = 0; !bad_len && i < f[F_LENGTH].len; i++) {
        char c = hdr[f[F_LENGTH].off + i];
        if (c < '0' || c > '9')
            bad_len = 1;
        else
            clen = clen * 10 + (uint64_t)(c - '0');
    }
    if (bad_len) {
        record_error(r, w, hdr, f, "missing or bad Content-Length");
        return resync(r, MORE_OK) || !r->one;
    }
    if (clen > PITH_CLI_WARC_MAX_RECORD) {
        build_prefix(r, hdr, f); /* the header leaves the window */
        return skip_record(r, w, (uint64_t)hl + clen, "\r\n\r\n", 4, "Content-Length");
    }
    size_t total = hl + (size_t)clen;
    m = need(r, start, total + 4);
    hdr = r->buf + r->pos; /* the window may have moved */
    if (m <= 0) {
        if (m == MORE_ERR)
            return gz_lost(r);
        if (m == MORE_NOMEM)
            return 0;
        int block_whole = r->len - r->pos >= total;
        record_error(r, w, hdr, f,
                     m == MORE_BOUNDARY ? "bad Content-Length: the record runs past the end of "
                                          "its gzip member"
                     : block_whole      ? "record does not end with CRLF CRLF"
                                        : "truncated record: Content-Length runs past the end "
                                          "of the file");
        return resync(r, m) || !r->one;
    }
    if (memcmp(r->buf + r->pos + total, "\r\n\r\n", 4) != 0) {
        record_error(r, w, hdr, f, "bad Content-Length: the record does not end where it says");
        return resync(r, m) || !r->one;
    }
    handle_warc(r, w, hdr, f, r->buf + r->pos + hl, (size_t)clen);
    r->pos += total + 4;
    return 1;
}

/* An ARC date, YYYYMMDDhhmmss, as ISO 8601 in out (21 bytes). 0 when it is not one. */
static int
arc_date(const char *s, size_t n, char *out)
{
    if (n != 14)
        return 0;
    unsigned v[6] = {0};
    static const unsigned digits[6] = {4, 2, 2, 2, 2, 2}, lo[6] = {1, 1, 1, 0, 0, 0},
                          hi[6] = {9999, 12, 31, 23, 59, 60};
    for (size_t k = 0, i = 0; k < 6; k++) {
        for (unsigned d = 0; d < digits[k]; d++, i++) {
            if (!is_digit((unsigned char)s[i]))
                return 0;
            v[k] = v[k] * 10 + (unsigned)(s[i] - '0');
        }
        if (v[k] < lo[k] || v[k] > hi[k])
            return 0;
    }
    snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", v[0], v[1], v[2], v[3], v[4], v[5]);
    return 1;
}

/* The members naming an ARC record: its URL and date (when the date reads). */
static void
arc_prefix(reader *r, const char *line, const arc_head *h, const char *type)
{
    char iso[21];
    sb_clear(&r->prefix);
    if (type)
        put_member(&r->prefix, M_TYPE, type, strlen(type));
    put_member(&r->prefix, M_URI, line + h->url.off, h->url.len);
    if (arc_date(line + h->date.off, h->date.len, iso))
        put_member(&r->prefix, M_DATE, iso, 20);
}

/* One ARC record at pos: its header line, then as many bytes as it says and a newline.
 * 0: stop reading. */
static int
read_arc_record(reader *r, uint64_t start, where w)
{
    arc_head h;
    int got, m = MORE_OK, at_end = 0;
    for (;;) {
        got = arc_head_at(r->buf + r->pos, r->len - r->pos, at_end, &h);
        if (got >= 0)
            break;
        m = need(r, start, r->len - r->pos + 1);
        if (m == MORE_EOF)
            at_end = 1;
        else if (m <= 0)
            break;
    }
    if (m == MORE_ERR)
        return gz_lost(r);
    if (m == MORE_NOMEM)
        return 0;
    if (got != 1) {
        record_error(r, w, NULL, NULL, "no ARC record here (no ARC header line)");
        return resync(r, m) || !r->one;
    }
    const char *line = r->buf + r->pos;
    uint64_t clen = 0;
    int bad_len = h.length.len > 19;
    for (size_t i = 0; !bad_len && i < h.length.len; i++) {
        char c = line[h.length.off + i];
        if (c < '0' || c > '9')
            bad_len = 1;
        else
            clen = clen * 10 + (uint64_t)(c - '0');
    }
    if (bad_len) {
        arc_prefix(r, line, &h, NULL);
        emit(r, w,
             line[h.length.off] == '-' ? "bad ARC header line: a negative length"
                                       : "bad ARC header line: the length is not a number",
             NULL, 0, NULL, NULL);
        return resync(r, MORE_OK) || !r->one;
    }
    size_t hl = h.len;
    if (clen > PITH_CLI_WARC_MAX_RECORD) {
        arc_prefix(r, line, &h, NULL);
        return skip_record(r, w, (uint64_t)hl + clen, "\n", 1, "ARC length");
    }
    size_t total = hl + (size_t)clen;
    m = need(r, start, total + 1);
    line = r->buf + r->pos;
    int ended = m == MORE_OK && line[total] == '\n';
    int last = (m == MORE_EOF || (m == MORE_BOUNDARY && r->boundary == start + total)) &&
               r->len - r->pos >= total; /* the file, or the member, ends with the content */
    if (m == MORE_ERR)
        return gz_lost(r);
    if (m == MORE_NOMEM)
        return 0;
    if (!ended && !last) {
        arc_prefix(r, line, &h, NULL);
        emit(r, w,
             m == MORE_EOF ? "truncated record: its ARC length runs past the end of the file"
             : m == MORE_BOUNDARY ? "bad ARC length: the record runs past the end of its gzip "
                                    "member"
                                  : "bad ARC length: the record does not end where it says",
             NULL, 0, NULL, NULL);
        return resync(r, m) || !r->one;
    }
    char iso[21];
    char *content = r->buf + r->pos + hl;
    const char *url = line + h.url.off;
    size_t ul = h.url.len;
    if (!arc_date(line + h.date.off, h.date.len, iso)) {
        arc_prefix(r, line, &h, NULL);
        emit(r, w, "bad ARC header line: the date is not YYYYMMDDhhmmss", NULL, 0, NULL, NULL);
    } else if (starts_nocase(url, ul, "filedesc:")) {
        count(r, SKIP_OTHER); /* the file's own header */
    } else if (clen >= 5 && memcmp(content, "HTTP/", 5) == 0) {
        arc_prefix(r, line, &h, "response");
        sb_clear(&r->url);
        sb_add(&r->url, url, ul);
        handle_http(r, w, content, (size_t)clen, 0);
    } else if (starts_nocase(url, ul, "dns:")) {
        count(r, SKIP_NOT_HTML);
    } else { /* a page fetched without HTTP (ftp:, file:): the ARC line's type says */
        arc_prefix(r, line, &h, "resource");
        sb_clear(&r->url);
        sb_add(&r->url, url, ul);
        handle_page(r, w, line + h.type.off, h.type.len, content, (size_t)clen);
    }
    r->pos += ended ? total + 1 : total;
    return 1;
}

/* WARC or ARC, from the first record's first bytes (FORMAT_UNKNOWN: a gzip error came
 * first). Member boundaries do not stop it: what starts a record depends on the format. */
static int
detect_format(reader *r)
{
    int at_end = 0;
    for (;;) {
        const char *p = r->buf + r->pos;
        size_t n = r->len - r->pos;
        int w = warc_version_at(p, n);
        if (w > 0)
            return FORMAT_WARC;
        arc_head h;
        int a = arc_head_at(p, n, at_end, &h);
        if (a > 0)
            return FORMAT_ARC;
        if ((w == 0 && a == 0) || at_end)
            return FORMAT_WARC; /* neither: the WARC reader says what is wrong */
        int m = more(r);
        if (m == MORE_EOF)
            at_end = 1;
        else if (m == MORE_ERR)
            return FORMAT_UNKNOWN; /* a bad gzip member: the caller says so, and goes on */
        else if (m <= 0)
            return FORMAT_WARC;
    }
}

static void
read_records(reader *r)
{
    while (!r->failed) {
        if (r->one && r->attempts > 0)
            return; /* what comes after the record, even a gzip error, is not asked for */
        /* blank lines between records (the CRLF CRLF ends WARC records, a newline ARC's) */
        int m = MORE_OK;
        for (;;) {
            if (r->pos == r->len) {
                m = more(r);
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
            if (r->one)
                return;
            continue;
        }
        if (m <= 0)
            return;
        r->attempts++;
        uint64_t start = r->base + r->pos;
        members_forget(r, start);
        where w = where_of(r, start);
        if (r->format == FORMAT_UNKNOWN) {
            r->format = detect_format(r);
            if (r->format == FORMAT_UNKNOWN) {
                if (!gz_lost(r))
                    return;
                continue;
            }
            if (r->stats)
                r->stats->arc = r->format == FORMAT_ARC;
            for (size_t k = 0; k < r->n_members; k++) /* asked before the format was known */
                r->members[k].starts = -1;
            members_classify(r);
        }
        if (!(r->format == FORMAT_ARC ? read_arc_record(r, start, w)
                                      : read_warc_record(r, start, w)))
            return;
    }
}

int
pith_cli_warc_read_flags(const char *path, unsigned flags, pith_cli_warc_cb cb, void *arg,
                         pith_cli_warc_stats *stats, char **err)
{
    pith_cli_warc_source src;
    memset(&src, 0, sizeof src);
    src.path = path;
    return pith_cli_warc_read_source(&src, flags, cb, arg, stats, err);
}

/* A message for *err, malloc'd. */
static char *
message(const char *what, int e)
{
    size_t n = strlen(what) + 160;
    char *m = malloc(n);
    if (m)
        snprintf(m, n, "%s: %s", what, strerror(e));
    return m;
}

/* Where reading starts: the file's first byte, or a record's (FILE@OFFSET[+INNER]). 0: cannot
 * get there (*err says). */
static int
start_at(reader *r, const pith_cli_warc_source *src, char **err)
{
    if (src->one) {
        uint64_t off = src->offset;
        if (off > (uint64_t)INT64_MAX || fseeko(r->f, (off_t)off, SEEK_SET) != 0) {
            *err = message("cannot go to the record's offset", errno ? errno : EINVAL);
            return 0;
        }
        r->raw_base = r->base = off;
    }
    while (r->raw_len < 2 && raw_fill(r)) { /* gzip or not is told by the first bytes */
    }
    if (r->failed) {
        *err = message("cannot read", r->failed);
        return 0;
    }
    if (r->raw_len >= 2 && r->raw[0] == 0x1f && r->raw[1] == 0x8b) {
        r->gz = 1;
        r->base = 0; /* stream offsets count from the first member read */
        if (inflateInit2(&r->zs, 15 + 32) != Z_OK) {
            *err = message("cannot read", ENOMEM);
            return 0;
        }
        r->zs_ready = 1;
        r->fast = libdeflate_alloc_decompressor(); /* without it zlib does all */
        r->at_boundary = 1;                        /* next_member starts the first member */
    } else {
        /* plain: what was read so far starts the window */
        if (!room(r, r->raw_len > OUT_CHUNK ? r->raw_len : OUT_CHUNK)) {
            *err = message("cannot read", ENOMEM);
            return 0;
        }
        memcpy(r->buf, r->raw, r->raw_len);
        r->len = r->raw_len;
        r->plain_eof = r->raw_eof;
    }
    if (src->one && src->inner) { /* a record inside a gzip member: inflate up to it */
        uint64_t target = (r->gz ? 0 : src->offset) + src->inner;
        while (r->base + r->len < target) {
            r->pos = r->len; /* what lies before the record can go */
            members_forget(r, r->base + r->pos);
            if (more(r) != MORE_OK) {
                r->pos = r->len; /* the stream ends first: read_source says so */
                return 1;
            }
        }
        r->pos = (size_t)(target - r->base);
    }
    return 1;
}

int
pith_cli_warc_read_source(const pith_cli_warc_source *src, unsigned flags, pith_cli_warc_cb cb,
                          void *arg, pith_cli_warc_stats *stats, char **err)
{
    const char *path = src->path;
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
    r->one = src->one;
    int borrowed = src->f != NULL || strcmp(path, "-") == 0;
    r->f = src->f ? src->f : borrowed ? stdin : fopen(path, "rb");
    if (!r->f) {
        *err = message("cannot open", errno);
        free(r);
        return 0;
    }
    int ok = 0;
    r->raw = malloc(RAW_CHUNK);
    if (!r->raw)
        *err = message("cannot read", ENOMEM);
    else
        ok = start_at(r, src, err);
    if (ok) {
        read_records(r);
        if (r->failed) {
            /* a read error or no memory mid-file: say so as a last record, since the records
             * before it were delivered */
            char msg[160];
            snprintf(msg, sizeof msg, "stopped reading: %s", strerror(r->failed));
            r->failed = 0;
            sb_clear(&r->prefix);
            emit(r, r->gz ? (where){r->raw_base + r->raw_pos, 0} : (where){r->base + r->len, 0},
                 msg, NULL, 0, NULL, NULL);
        } else if (r->one && r->attempts == 0 && r->said == 0) {
            sb_clear(&r->prefix);
            emit(r, (where){src->offset, src->inner}, "no record there: the file ends first",
                 NULL, 0, NULL, NULL);
        }
    }
    if (r->zs_ready)
        inflateEnd(&r->zs);
    if (r->fast)
        libdeflate_free_decompressor(r->fast);
    if (!borrowed)
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

int
pith_cli_warc_parse_at(const char *arg, size_t *path_len, uint64_t *offset, uint64_t *inner)
{
    const char *at = strrchr(arg, '@');
    if (!at || at == arg)
        return 0;
    const char *p = at + 1;
    uint64_t v[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        if (!is_digit((unsigned char)*p))
            return 0;
        for (; is_digit((unsigned char)*p); p++) {
            if (v[k] > (UINT64_MAX - 9) / 10)
                return 0;
            v[k] = v[k] * 10 + (uint64_t)(*p - '0');
        }
        if (*p != '+')
            break;
        p++;
    }
    if (*p)
        return 0;
    *path_len = (size_t)(at - arg);
    *offset = v[0];
    *inner = v[1];
    return 1;
}
