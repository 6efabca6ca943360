/* SPDX-License-Identifier: MIT */
/*
 * Web archive reading for the CLI: streams WARC (1.0, 1.1, 0.17, 0.18) and ARC v1 files,
 * plain or gzip in any framing, and hands each HTML response or resource record to a
 * callback. Memory stays bounded by the largest record, whatever the file size.
 */
#ifndef PITH_CLI_WARC_H
#define PITH_CLI_WARC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pith/pith.h"

/* A record larger than this (WARC block, or HTTP payload after decoding) becomes an error
 * record and is streamed past: one huge or lying record must not take the machine's memory. */
#ifndef PITH_CLI_WARC_FUZZ_SIZES
#define PITH_CLI_WARC_MAX_RECORD ((size_t)64 << 20)
#else /* fuzz/CMakeLists.txt: small, so that small inputs reach it */
#define PITH_CLI_WARC_MAX_RECORD ((size_t)16 << 10)
#endif

/* warc_record_id, warc_record_type, warc_target_uri, warc_date, http_status */
#define PITH_CLI_WARC_MAX_MEMBERS 5

typedef struct pith_cli_warc_record {
    const char *name; /* for messages: "FILE@OFFSET", or "FILE@OFFSET+INNER" for a record
                         INNER bytes into the gzip member at OFFSET */
    /* The members for the output line, in order, as far as the header was read:
     * warc_record_id, warc_record_type ("response", "resource"), warc_target_uri, warc_date
     * (strings as the header has them, not promised to be UTF-8) and http_status (a number);
     * for pith_render_json_members. */
    const pith_json_member *members;
    size_t n_members;
    const char *body; /* the page: the HTTP payload, de-chunked, or a resource record's
                         block; NULL with error */
    size_t len;
    const char *url;     /* WARC-Target-URI */
    const char *charset; /* charset from the HTTP Content-Type, or NULL */
    const char *error;   /* a corrupt or truncated record: what is wrong; else NULL */
    /* With PITH_CLI_WARC_DEFER_DECODING: PITH_CLI_WARC_GZIP or _DEFLATE when body is still the
     * encoded payload of a response whose Content-Type says HTML, to be decoded with
     * pith_cli_warc_decode_payload (lenient: the record is marked truncated). Else 0. */
    int encoding;
    int lenient;
} pith_cli_warc_record;

#define PITH_CLI_WARC_GZIP 1
#define PITH_CLI_WARC_DEFLATE 2

/* Leaves gzip/deflate payloads of HTML responses to the callback, so that with worker
 * threads the one reading thread does not also inflate every page. */
#define PITH_CLI_WARC_DEFER_DECODING 0x1u

typedef void (*pith_cli_warc_cb)(void *arg, const pith_cli_warc_record *rec);

/* What one file held, for the run's summary. */
typedef struct pith_cli_warc_stats {
    size_t records;     /* records seen, good or bad: the sum of the counts below */
    size_t html;        /* HTML responses handed to the callback */
    size_t resources;   /* HTML resource records (ARC: HTML fetched without HTTP) handed over */
    size_t not_html;    /* responses and resources with another content type */
    size_t revisits;    /* revisit records: the page is in another record */
    size_t other_types; /* request, metadata, warcinfo, conversion, ARC's filedesc, ... */
    size_t errors;      /* error records handed to the callback */
    int arc;            /* the file is ARC, not WARC */
} pith_cli_warc_stats;

/* Reads path ("-" for stdin). Returns 0 with *err (malloc'd) when the file cannot be read at
 * all; errors inside the stream go to the callback as records with error set, and reading
 * goes on at the next record. Non-HTML and non-response records are skipped. */
int pith_cli_warc_read(const char *path, pith_cli_warc_cb cb, void *arg, char **err);

/* The same, also filling *stats (which may be NULL). */
int pith_cli_warc_read_stats(const char *path, pith_cli_warc_cb cb, void *arg,
                             pith_cli_warc_stats *stats, char **err);

/* The same with PITH_CLI_WARC_* flags. A deferred payload that fails to decode was counted
 * in stats->html: the callback's caller reports the error. */
int pith_cli_warc_read_flags(const char *path, unsigned flags, pith_cli_warc_cb cb, void *arg,
                             pith_cli_warc_stats *stats, char **err);

/* What to read: path names the records and messages ("-" is stdin); f, when not NULL, is
 * read instead of opening path (borrowed: left open). With one, only the record named
 * path@offset (plain file: its byte offset; gzip: the offset of a member) or
 * path@offset+inner (inner bytes into that member's data) is read; f must then seek. */
typedef struct pith_cli_warc_source {
    const char *path;
    FILE *f;
    int one;
    uint64_t offset, inner;
} pith_cli_warc_source;

/* pith_cli_warc_read_flags on a source. */
int pith_cli_warc_read_source(const pith_cli_warc_source *src, unsigned flags,
                              pith_cli_warc_cb cb, void *arg, pith_cli_warc_stats *stats,
                              char **err);

/* Whether arg has the form FILE@OFFSET or FILE@OFFSET+INNER (decimal), as records are named;
 * fills the length of FILE in arg and the numbers. */
int pith_cli_warc_parse_at(const char *arg, size_t *path_len, uint64_t *offset,
                           uint64_t *inner);

/* Inflates an HTTP payload (encoding PITH_CLI_WARC_GZIP or _DEFLATE) into *buf (malloc'd,
 * grown as needed, *cap its size), at most PITH_CLI_WARC_MAX_RECORD bytes. Returns NULL, or
 * the error as the reader reports it; *out_len is what was decoded. Thread-safe. */
const char *pith_cli_warc_decode_payload(const char *s, size_t n, int encoding, int lenient,
                                         char **buf, size_t *cap, size_t *out_len);

#endif
