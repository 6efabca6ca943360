/* SPDX-License-Identifier: MIT */
/*
 * The pith tool's web archive reader (cli/warc.c): WARC and ARC records, HTTP headers, chunked
 * and gzip/deflate payloads, gzip framing, one record read by its name. Built with
 * PITH_CLI_WARC_FUZZ_SIZES, whose small buffers (2 KB reads, 16 KB record cap) let inputs of a
 * few KB cross every window, chunk and cap boundary that real files cross at megabytes.
 *
 * Input: one mode byte, then the file as it is before framing.
 *   mode & 3   framing: 0 the bytes as they are; 1 one gzip member for all; 2 a gzip member
 *              per piece, pieces cut at each "~gz~"; 3 as 2, the last member cut in half
 *   mode & 4   payload decoding left to the callback, as the CLI's workers do it
 *   mode & 8   one byte of the framed file flipped, where the two bytes after the mode say
 *   mode & 16  lengths made true: each WARC record's Content-Length is set to the bytes up to
 *              the next "\r\n\r\nWARC/" (or the end), each ARC header line's length to the
 *              bytes up to the next line that starts with "http", "filedesc:" or "dns:"
 *   mode & 32  each good record read again alone, by its name (FILE@OFFSET[+INNER])
 * Before framing, "{{gz:...}}", "{{zl:...}}" and "{{df:...}}" become the gzip, zlib and raw
 * deflate compression of what they enclose, so that Content-Encoding payloads and gzip
 * members are valid streams that mutations of their plain text reach; with mode & 16 their
 * records still have the right lengths.
 *
 * Invariants: every record has a name "fuzz.warc@N" or "fuzz.warc@N+K"; an error record has
 * a message and no page, a good one a page within the cap; the members are the known ones,
 * each once, in their order (strings, and http_status a status code), and they and the
 * messages come out of the JSON escaper as UTF-8 without raw control characters; the per-file counts add up to the records seen;
 * in a plain file the offsets only grow; a second read gives the same records; a good record
 * read alone by its name is the same record (unless the file has more gzip members than the
 * reader remembers at once, when a record may be read differently).
 */
#include <zlib.h>

#include "fuzz.h"
#include "warc.h"

#define MAX_FRAMED ((size_t)1 << 20) /* deflate can grow a 16 KB input only a little */

typedef struct bytes {
    unsigned char *p;
    size_t len, cap;
} bytes;

static void
put(bytes *b, const void *s, size_t n)
{
    if (b->cap - b->len < n) {
        size_t nc = b->cap ? b->cap : 4096;
        while (nc - b->len < n)
            nc *= 2;
        unsigned char *np = realloc(b->p, nc);
        if (!np)
            abort();
        b->p = np;
        b->cap = nc;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
}

/* window_bits: 31 gzip, 15 zlib, -15 raw deflate */
static void
compress_into(bytes *out, const unsigned char *s, size_t n, int window_bits)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        abort();
    size_t bound = deflateBound(&z, (uLong)n) + 32;
    unsigned char *tmp = malloc(bound);
    if (!tmp)
        abort();
    z.next_in = (unsigned char *)(uintptr_t)s;
    z.avail_in = (uInt)n;
    z.next_out = tmp;
    z.avail_out = (uInt)bound;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        abort();
    put(out, tmp, bound - z.avail_out);
    deflateEnd(&z);
    free(tmp);
}

static const unsigned char *
find(const unsigned char *s, size_t n, const char *what)
{
    size_t m = strlen(what);
    for (size_t i = 0; i + m <= n; i++)
        if (s[i] == (unsigned char)what[0] && memcmp(s + i, what, m) == 0)
            return s + i;
    return NULL;
}

/* The "{{gz:...}}" templates, expanded. */
static void
expand(bytes *out, const unsigned char *s, size_t n)
{
    static const struct {
        const char *open;
        int bits;
    } kinds[] = {{"{{gz:", 31}, {"{{zl:", 15}, {"{{df:", -15}};
    size_t i = 0;
    while (i < n) {
        const unsigned char *open = find(s + i, n - i, "{{");
        if (!open) {
            put(out, s + i, n - i);
            return;
        }
        size_t at = (size_t)(open - s);
        put(out, s + i, at - i);
        int bits = 0;
        for (size_t k = 0; k < 3; k++)
            if (n - at >= 5 && memcmp(open, kinds[k].open, 5) == 0)
                bits = kinds[k].bits;
        const unsigned char *close = bits ? find(open + 5, n - at - 5, "}}") : NULL;
        if (!close) {
            put(out, open, 2);
            i = at + 2;
            continue;
        }
        compress_into(out, open + 5, (size_t)(close - open - 5), bits);
        i = (size_t)(close - s) + 2;
    }
}

static int
at_line_start(const unsigned char *s, size_t i)
{
    return i == 0 || s[i - 1] == '\n';
}

/* Where the next line at or after i that starts with one of the prefixes begins, or n. */
static size_t
next_line_with(const unsigned char *s, size_t n, size_t i, const char *const *prefixes)
{
    for (; i < n; i++) {
        if (!at_line_start(s, i))
            continue;
        for (size_t k = 0; prefixes[k]; k++) {
            size_t m = strlen(prefixes[k]);
            if (n - i >= m && memcmp(s + i, prefixes[k], m) == 0)
                return i;
        }
    }
    return n;
}

static void
put_number(bytes *out, size_t v)
{
    char num[24];
    int k = snprintf(num, sizeof num, "%zu", v);
    put(out, num, (size_t)k);
}

/* mode & 16: every length made to fit what follows it. */
static void
fix_lengths(bytes *out, const unsigned char *s, size_t n)
{
    static const char *const warc[] = {"WARC/", NULL};
    static const char *const arc[] = {"http", "filedesc:", "dns:", NULL};
    size_t i = 0;
    while (i < n) {
        size_t w = next_line_with(s, n, i, warc), a = next_line_with(s, n, i, arc);
        size_t at = w < a ? w : a;
        put(out, s + i, at - i);
        if (at == n)
            return;
        const unsigned char *eol = memchr(s + at, '\n', n - at);
        if (at == w) { /* a WARC header: Content-Length up to the next record */
            const unsigned char *end = find(s + at, n - at, "\r\n\r\n");
            if (!end) {
                put(out, s + at, n - at);
                return;
            }
            size_t body = (size_t)(end - s) + 4, stop = body;
            const unsigned char *next = find(s + body, n - body, "\r\n\r\nWARC/");
            stop = next ? (size_t)(next - s) : n;
            const unsigned char *cl = find(s + at, body - at, "\nContent-Length:");
            if (!cl) {
                put(out, s + at, body - at);
            } else {
                size_t v = (size_t)(cl - s) + 16;
                const unsigned char *ve = memchr(s + v, '\r', body - v);
                if (!ve)
                    ve = s + body;
                put(out, s + at, v - at);
                put(out, " ", 1);
                put_number(out, stop - body);
                put(out, ve, (size_t)(s + body - ve));
            }
            put(out, s + body, stop - body);
            i = stop;
        } else { /* an ARC header line: its last field up to the next one */
            size_t le = eol ? (size_t)(eol - s) : n, f = le;
            while (f > at && s[f - 1] != ' ')
                f--;
            size_t body = eol ? le + 1 : n;
            size_t stop = next_line_with(s, n, body, arc);
            size_t len = stop > body && s[stop - 1] == '\n' ? stop - 1 - body : stop - body;
            put(out, s + at, f - at);
            if (f > at)
                put_number(out, len);
            put(out, s + le, body - le);
            put(out, s + body, stop - body);
            i = stop;
        }
    }
}

#define MAX_ALONE 8 /* good records read again alone, at most */
/* The reader remembers 64 gzip members in its window; with more, a record read in the middle
 * of the file may see fewer member boundaries than the same record read alone. */
#define MAX_MEMBERS_TRUSTED 32

typedef struct seen {
    size_t records, errors, good;
    char *names[MAX_ALONE]; /* the first good records' names, and what they gave */
    uint64_t digests[MAX_ALONE];
    size_t n_names;
    uint64_t digest;
    uint64_t last_offset;
    int plain;
    int defer;
} seen;

static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 0x100000001b3ull;
    return (h ^ n) * 0x100000001b3ull;
}

static uint64_t
mix_str(uint64_t h, const char *s)
{
    return s ? mix(h, s, strlen(s) + 1) : mix(h, "", 0);
}

/* UTF-8 with every control character escaped, as JSON text and messages must be. */
static void
check_text(const char *s, const char *what)
{
    if (!s)
        return;
    size_t n = strlen(s);
    FUZZ_CHECK(fuzz_utf8_valid(s, n), "%s is not UTF-8", what);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK((unsigned char)s[i] >= 0x20, "%s holds control byte %u", what,
                   (unsigned)(unsigned char)s[i]);
}

/* "fuzz.warc@N" or "fuzz.warc@N+K"; returns N + K. */
static uint64_t
name_offset(const char *name)
{
    FUZZ_CHECK(name && strncmp(name, "fuzz.warc@", 10) == 0, "name %s", name ? name : "NULL");
    const char *p = name + 10;
    uint64_t n = 0, k = 0;
    FUZZ_CHECK(*p >= '0' && *p <= '9', "no offset in %s", name);
    while (*p >= '0' && *p <= '9')
        n = n * 10 + (uint64_t)(*p++ - '0');
    if (*p == '+') {
        p++;
        FUZZ_CHECK(*p >= '0' && *p <= '9', "no inner offset in %s", name);
        while (*p >= '0' && *p <= '9')
            k = k * 10 + (uint64_t)(*p++ - '0');
    }
    FUZZ_CHECK(*p == '\0', "junk after the offset in %s", name);
    return n + k;
}

/* The record's members checked and written as the JSON text they open the output line with
 * (by the escaper pith_render_json_members uses); malloc'd, "" when there are none. */
static char *
members_json(const pith_cli_warc_record *rec)
{
    static const char *const names[] = {"warc_record_id", "warc_record_type",
                                        "warc_target_uri", "warc_date", "http_status"};
    const size_t n_names = sizeof names / sizeof *names;
    FUZZ_CHECK(rec->n_members <= PITH_CLI_WARC_MAX_MEMBERS && n_names == PITH_CLI_WARC_MAX_MEMBERS,
               "%zu members", rec->n_members);
    FUZZ_CHECK((rec->members != NULL) == (rec->n_members > 0), "members %p, %zu of them",
               (const void *)rec->members, rec->n_members);
    bytes b = {0};
    size_t next = 0; /* the first name the next member may have: each once, in order */
    for (size_t i = 0; i < rec->n_members; i++) {
        const pith_json_member *m = &rec->members[i];
        size_t k = next;
        while (k < n_names && !(m->name && strcmp(m->name, names[k]) == 0))
            k++;
        FUZZ_CHECK(k < n_names, "member %s out of place or unknown", m->name ? m->name : "NULL");
        next = k + 1;
        put(&b, i ? ",\"" : "\"", i ? 2 : 1);
        put(&b, m->name, strlen(m->name));
        put(&b, "\":", 2);
        if (k == n_names - 1) { /* http_status: a number */
            FUZZ_CHECK(m->value == NULL && m->number >= 100 && m->number <= 999,
                       "http_status %lld", m->number);
            char num[24];
            int w = snprintf(num, sizeof num, "%lld", m->number);
            put(&b, num, (size_t)w);
            continue;
        }
        FUZZ_CHECK(m->value != NULL || m->value_len == 0, "%s: no value", m->name);
        char *lit = NULL;
        size_t len = 0;
        FUZZ_CHECK(pith_json_string(m->value ? m->value : "", m->value_len, &lit, &len) ==
                       PITH_OK,
                   "%s does not escape", m->name);
        put(&b, lit, len);
        pith_buffer_free(lit);
    }
    put(&b, "", 1);
    return (char *)b.p;
}

static void
on_record(void *arg, const pith_cli_warc_record *rec)
{
    seen *s = arg;
    s->records++;
    char *json = members_json(rec);
    if (getenv("FUZZ_WARC_SHOW")) /* what a reproducer gives, when looking into one */
        fprintf(stderr, "%s%s: %s %s %zu bytes\n", s->plain ? "" : "  ", rec->name,
                json[0] ? json : "-", rec->error ? rec->error : "ok", rec->len);
    uint64_t off = name_offset(rec->name);
    if (s->plain) {
        FUZZ_CHECK(s->records == 1 || off > s->last_offset, "offset %llu after %llu",
                   (unsigned long long)off, (unsigned long long)s->last_offset);
        s->last_offset = off;
    }
    check_text(json, "the members' JSON");
    uint64_t d = mix_str(0xcbf29ce484222325ull, rec->name); /* this record's digest */
    d = mix_str(d, json);
    free(json);
    if (rec->error) {
        s->errors++;
        FUZZ_CHECK(rec->error[0] != '\0', "empty error");
        check_text(rec->error, "error");
        FUZZ_CHECK(rec->body == NULL && rec->len == 0, "error record with a page");
        s->digest = mix(s->digest, &d, sizeof d);
        s->digest = mix_str(s->digest, rec->error);
        return;
    }
    s->good++;
    FUZZ_CHECK(rec->body != NULL, "good record without a page");
    FUZZ_CHECK(rec->len <= PITH_CLI_WARC_MAX_RECORD, "page of %zu bytes", rec->len);
    FUZZ_CHECK(!rec->charset || strlen(rec->charset) <= 64, "charset of %zu bytes",
               strlen(rec->charset));
    FUZZ_CHECK(rec->encoding == 0 || (s->defer && (rec->encoding == PITH_CLI_WARC_GZIP ||
                                                    rec->encoding == PITH_CLI_WARC_DEFLATE)),
               "encoding %d", rec->encoding);
    d = mix(d, rec->body, rec->len);
    d = mix_str(d, rec->url);
    d = mix_str(d, rec->charset);
    if (rec->encoding) {
        char *page = NULL;
        size_t cap = 0, len = 0;
        const char *e = pith_cli_warc_decode_payload(rec->body, rec->len, rec->encoding,
                                                     rec->lenient, &page, &cap, &len);
        FUZZ_CHECK(len <= PITH_CLI_WARC_MAX_RECORD && len <= cap, "decoded %zu of %zu", len,
                   cap);
        check_text(e, "decoding error");
        d = mix(d, page ? page : "", len);
        free(page);
    }
    s->digest = mix(s->digest, &d, sizeof d);
    if (s->n_names < MAX_ALONE) {
        s->names[s->n_names] = strdup(rec->name);
        if (!s->names[s->n_names])
            abort();
        s->digests[s->n_names++] = d;
    }
}

static void
read_once(const bytes *file, unsigned flags, seen *s, const char *name)
{
    FILE *f = fmemopen(file->p, file->len, "rb");
    if (!f)
        abort();
    pith_cli_warc_source src = {"fuzz.warc", f, 0, 0, 0};
    if (name) {
        size_t plen;
        FUZZ_CHECK(pith_cli_warc_parse_at(name, &plen, &src.offset, &src.inner) && plen == 9,
                   "%s does not parse", name);
        src.one = 1;
    }
    pith_cli_warc_stats st;
    char *err = NULL;
    int ok = pith_cli_warc_read_source(&src, flags, on_record, s, &st, &err);
    fclose(f);
    if (!ok) { /* only a reader that could not start at all */
        FUZZ_CHECK(err != NULL, "failed without a message");
        FUZZ_CHECK(s->records == 0, "failed after %zu records", s->records);
        free(err);
        return;
    }
    FUZZ_CHECK(err == NULL, "message %s on success", err);
    FUZZ_CHECK(st.errors == s->errors, "%zu errors counted, %zu seen", st.errors, s->errors);
    FUZZ_CHECK(st.html + st.resources == s->good, "%zu + %zu pages counted, %zu seen", st.html,
               st.resources, s->good);
    FUZZ_CHECK(st.records == st.html + st.resources + st.not_html + st.revisits +
                                 st.other_types + st.errors,
               "%zu records != %zu + %zu + %zu + %zu + %zu + %zu", st.records, st.html,
               st.resources, st.not_html, st.revisits, st.other_types, st.errors);
}

static void
forget(seen *s)
{
    for (size_t k = 0; k < s->n_names; k++)
        free(s->names[k]);
    s->n_names = 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    data++, size--;
    unsigned flip = 0;
    if (mode & 8) {
        if (size < 2)
            return 0;
        flip = (unsigned)data[0] << 8 | data[1];
        data += 2, size -= 2;
    }
    bytes plain = {0}, file = {0};
    size_t members = 1;
    expand(&plain, data, size);
    if (mode & 16) {
        bytes fixed = {0};
        fix_lengths(&fixed, plain.p, plain.len);
        free(plain.p);
        plain = fixed;
    }
    if (!plain.p && !(plain.p = malloc(1))) /* an empty file still has an address */
        abort();
    switch (mode & 3) {
    case 0:
        put(&file, plain.p, plain.len);
        break;
    case 1:
        compress_into(&file, plain.p, plain.len, 31);
        break;
    default: {
        size_t i = 0, last = 0;
        while (i <= plain.len) {
            members++;
            const unsigned char *cut = find(plain.p + i, plain.len - i, "~gz~");
            size_t end = cut ? (size_t)(cut - plain.p) : plain.len;
            last = file.len;
            compress_into(&file, plain.p + i, end - i, 31);
            i = end + 4;
        }
        if ((mode & 3) == 3)
            file.len = last + (file.len - last) / 2;
        break;
    }
    }
    free(plain.p);
    if ((mode & 8) && file.len)
        file.p[flip % file.len] ^= 0x5a;
    if (file.len > MAX_FRAMED || file.len == 0) { /* fmemopen wants at least a byte */
        free(file.p);
        return 0;
    }
    unsigned flags = (mode & 4) ? PITH_CLI_WARC_DEFER_DECODING : 0;
    seen a, b;
    memset(&a, 0, sizeof a);
    a.plain = (mode & 3) == 0 && !(file.len >= 2 && file.p[0] == 0x1f && file.p[1] == 0x8b);
    a.defer = (mode & 4) != 0;
    a.digest = 0xcbf29ce484222325ull;
    b = a;
    read_once(&file, flags, &a, NULL);
    read_once(&file, flags, &b, NULL);
    FUZZ_CHECK(a.records == b.records && a.digest == b.digest,
               "two reads differ: %zu then %zu records", a.records, b.records);
    if ((mode & 32) && members <= MAX_MEMBERS_TRUSTED) {
        for (size_t k = 0; k < a.n_names; k++) {
            seen one;
            memset(&one, 0, sizeof one);
            one.defer = a.defer;
            read_once(&file, flags, &one, a.names[k]);
            FUZZ_CHECK(one.records == 1 && one.good == 1 && one.digests[0] == a.digests[k],
                       "%s alone gave %zu records, %zu good, %s", a.names[k], one.records,
                       one.good, one.good && one.digests[0] != a.digests[k] ? "another" : "");
            forget(&one);
        }
    }
    forget(&a);
    forget(&b);
    free(file.p);
    return 0;
}
