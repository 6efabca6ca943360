/* SPDX-License-Identifier: MIT */
/*
 * pith: the article in a saved web page.
 *
 * One call, pith_extract(), takes the raw bytes of an HTML page in any charset and returns
 * a pith_result: the page's metadata and its main text as an ordered list of blocks.
 * pith_render() turns a result into plain text, Markdown, JSON or clean HTML.
 *
 * Ownership, everywhere in this header:
 * - input pointers (html, url, charset hint, options) are borrowed for the call only;
 * - a pith_result is the caller's from pith_extract() until pith_result_free(); every string
 *   and array reachable from it lives exactly as long as the result;
 * - a rendered buffer is the caller's until pith_buffer_free().
 * All strings are NUL-terminated UTF-8; absent fields are NULL.
 *
 * Every function is reentrant and thread-safe: pith keeps no global mutable state, so any
 * number of threads may extract at once. The same bytes and options always give the same
 * result, byte for byte, on one machine. Across machines, pages in a legacy charset that pith
 * does not decode itself (all but UTF-8, UTF-16, windows-1252 and x-user-defined) are decoded
 * through the C library's iconv, so their text follows the host's iconv tables.
 *
 * Memory: everything pith allocates for a call, the result and renderings comes from
 * pith_options.allocator and counts against max_memory, except what two libraries allocate
 * with malloc because they take no allocator hooks: json-c while it reads a JSON-LD block
 * (pith hands it no block over 1 MiB), and iconv's converter state while a legacy charset is
 * decoded. Both are freed before pith_extract returns (glibc keeps the gconv modules it
 * loads for the life of the process); neither counts against max_memory.
 */
#ifndef PITH_PITH_H
#define PITH_PITH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PITH_VERSION_MAJOR 0
#define PITH_VERSION_MINOR 2
#define PITH_VERSION_PATCH 0
#define PITH_VERSION_STRING "0.2.0"
/* Bumped when a key of the JSON output changes meaning or goes away; new keys do not bump it. */
#define PITH_JSON_SCHEMA_VERSION 1

#if defined(_WIN32) && defined(PITH_SHARED_BUILD)
#define PITH_API __declspec(dllexport)
#elif defined(__GNUC__)
#define PITH_API __attribute__((visibility("default")))
#else
#define PITH_API
#endif

typedef enum pith_status {
    PITH_OK = 0,
    PITH_ERR_INVALID_ARGUMENT, /* a NULL pointer or an option out of range */
    PITH_ERR_NO_MEMORY,        /* the allocator returned NULL */
    PITH_ERR_INPUT_TOO_LARGE,  /* len > max_input_bytes */
    PITH_ERR_TOO_MANY_NODES,   /* the page has more elements than max_nodes */
    PITH_ERR_MEMORY_LIMIT,     /* the call would need more than max_memory bytes */
    PITH_ERR_WORK_LIMIT,       /* the call would take more than max_work steps */
    PITH_ERR_NO_ARTICLE,       /* parsed fine; nothing article-like; the result has metadata */
    PITH_ERR_OUTPUT_TOO_LARGE  /* a rendering would exceed max_output_bytes (0.1.0) */
    /* new codes go last, with the version that added them */
} pith_status;

/* Where pith's memory comes from. free receives the size that was asked for. */
typedef struct pith_allocator {
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr, size_t size);
    void *ctx;
} pith_allocator;

/* What to favour when a block could be article or boilerplate. */
typedef enum pith_bias {
    PITH_BIAS_BALANCED = 0,
    PITH_BIAS_PRECISION, /* leave out doubtful blocks */
    PITH_BIAS_RECALL     /* keep doubtful blocks */
} pith_bias;

/* Defaults; each limit names the input it defends against. */
/* A saved page over 64 MiB is not an article page; bigger inputs are refused, not cut. */
#define PITH_DEFAULT_MAX_INPUT_BYTES ((size_t)64 << 20)
/* Elements gumbo builds (start tags, the tbody and tr it adds, end tags that close nothing): a
 * flood of tiny tags costs far more than its bytes (an element with a text is about 1 KiB of
 * tree and index), and 2^18 of them with short attributes keep an 8 MiB page under 512 MiB.
 * The dataset pages have at most 10,000. */
#define PITH_DEFAULT_MAX_NODES ((size_t)1 << 18)
/* Nesting kept as markup; deeper tags are flattened (text kept) and PITH_FLAG_DEPTH_FLATTENED
 * set, because gumbo's time grows with the square of nesting depth. */
#define PITH_DEFAULT_MAX_DEPTH 256u
/* The largest max_depth accepted (more is PITH_ERR_INVALID_ARGUMENT): gumbo searches its stack
 * for most tags, and at this depth max_nodes tags take it about 1.3 s of CPU. */
#define PITH_MAX_DEPTH_CAP 1024u
/* Attributes kept per tag: gumbo scans a tag's attribute list once per attribute. */
#define PITH_DEFAULT_MAX_ATTRIBUTES 64u
/* Memory for one call (parse tree, index, output), excluding the input itself. */
#define PITH_DEFAULT_MAX_MEMORY ((size_t)1 << 30)
/* Steps of work for one call: about 64 per input byte of a pathological page. */
#define PITH_DEFAULT_MAX_WORK ((uint64_t)1 << 32)
/* A rendering larger than this fails with PITH_ERR_OUTPUT_TOO_LARGE. */
#define PITH_DEFAULT_MAX_OUTPUT_BYTES ((size_t)256 << 20)

/*
 * Options for one call. Fields are only ever appended, so that a program built against an
 * older pith.h keeps working with a newer library: size says how much of the struct the
 * caller knows. Fill it with pith_options_init(&opts, sizeof opts), then change fields.
 */
typedef struct pith_options {
    size_t size; /* sizeof(pith_options) the caller was built with; set by pith_options_init */
    size_t max_input_bytes;
    size_t max_nodes;
    unsigned max_depth;
    unsigned max_attributes;
    size_t max_memory;
    uint64_t max_work;
    size_t max_output_bytes;
    const char *url;          /* the page's address, if known: relative links, dates, site */
    const char *charset_hint; /* charset from the transport (HTTP Content-Type), if known */
    pith_bias bias;
    int explain;                     /* nonzero: fill pith_result.explain */
    const pith_allocator *allocator; /* NULL: malloc and free */
    /* Appended after 0.1.0; each is 0 by default. The inline structure below goes into the
     * result (pith_block.inlines, image blocks, line_break) and so into every format but
     * plain text, whose text never changes with these. */
    int no_links;      /* nonzero: no link spans (pith_inline with PITH_INLINE_LINK) */
    int no_images;     /* nonzero: no PITH_BLOCK_IMAGE blocks */
    int no_formatting; /* nonzero: no emphasis, code, sub/sup spans, and no line_break */
    int no_tables;     /* nonzero: data tables (and their captions) are left out */
    int comments;      /* nonzero: fill pith_result.comments with the page's reader comments */
} pith_options;

/*
 * Fills the first size bytes of opts (pass sizeof *opts) with the PITH_DEFAULT_* values, NULL
 * pointers and zeros, and sets opts->size = size; writes nothing past size bytes. NULL, or a
 * size too small for the size field, does nothing. pith_extract() refuses options whose size
 * is 0 (never initialised), smaller than the 0.1.0 struct, or larger than this library's
 * struct (a header newer than the library), with PITH_ERR_INVALID_ARGUMENT.
 */
PITH_API void pith_options_init(pith_options *opts, size_t size);

typedef enum pith_block_type {
    PITH_BLOCK_HEADING = 0, /* level 1..6 */
    PITH_BLOCK_PARAGRAPH,
    PITH_BLOCK_LIST_ITEM, /* level is the nesting depth, 1 for a top-level item */
    PITH_BLOCK_QUOTE,
    PITH_BLOCK_PREFORMATTED, /* text kept verbatim, newlines included */
    PITH_BLOCK_TABLE,        /* rows and cells; text holds the cells, tab- and newline-separated */
    PITH_BLOCK_CAPTION,      /* figure or table caption */
    PITH_BLOCK_IMAGE         /* an image of the article: src, alt, caption; text is "" (new
                              * after 0.1.0) */
} pith_block_type;

/* What an inline span marks. (0.2.0) */
typedef enum pith_inline_kind {
    PITH_INLINE_LINK = 0, /* <a href>: href is the target */
    PITH_INLINE_STRONG,   /* <strong>, <b> */
    PITH_INLINE_EMPHASIS, /* <em>, <i> */
    PITH_INLINE_CODE,     /* <code>, <kbd>, <samp> */
    PITH_INLINE_SUB,      /* <sub> */
    PITH_INLINE_SUP       /* <sup> */
} pith_inline_kind;

/*
 * Markup over a block's text: the bytes text[start, end) (never empty, never starting or
 * ending with a space, on UTF-8 character boundaries). Spans nest properly (one ends before
 * the next begins, or lies inside it) and are ordered by start, an enclosing span before the
 * spans inside it. (0.2.0)
 */
typedef struct pith_inline {
    pith_inline_kind kind;
    size_t start, end;
    /* links: the target, resolved against options.url or the page's <base> when either is
     * an absolute http(s) URL; only http, https, mailto, ftp, tel or scheme-less targets are
     * kept (a javascript: link keeps its text and is no link). NULL for other kinds. */
    const char *href;
} pith_inline;

typedef struct pith_table_row {
    const char *const *cells;
    size_t n_cells;
    int header; /* nonzero when every cell is a th */
} pith_table_row;

typedef struct pith_block {
    pith_block_type type;
    unsigned level;
    int ordered; /* list items: nonzero inside an <ol> */
    const char *text;
    const pith_table_row *rows; /* tables only, else NULL */
    size_t n_rows;
    /* Appended after 0.1.0 (the struct grew: programs built against 0.1.0 must be rebuilt). */
    const pith_inline *inlines; /* links and inline formatting over text; NULL when none */
    size_t n_inlines;
    /* nonzero: the page started this block on a new line of the block before (a <br> in a
     * poem, an address, verse), not in a new paragraph; the previous block has the same type */
    int line_break;
    /* images: the source (absolute when a base is known; the real one of a lazy image),
     * the alt text and the caption of its figure; NULL when absent. NULL for other types. */
    const char *src;
    const char *alt;
    const char *caption;
} pith_block;

/* A reader comment (options.comments). (0.2.0) */
typedef struct pith_comment {
    const char *author; /* NULL when the page names none */
    const char *date;   /* ISO 8601, as date_published; NULL when the page gives none */
    const char *text;   /* paragraphs separated by a blank line; never NULL */
} pith_comment;

/* What degraded the result; the page was still extracted. */
#define PITH_FLAG_DEPTH_FLATTENED 0x1u      /* markup deeper than max_depth was flattened */
#define PITH_FLAG_INVALID_BYTES_REPLACED 0x2u /* bytes invalid in the charset became U+FFFD */
#define PITH_FLAG_ATTRIBUTES_DROPPED 0x4u   /* attributes past max_attributes were dropped */
#define PITH_FLAG_FORMATTING_CAPPED 0x8u    /* formatting tags past gumbo's safe count were dropped */
#define PITH_FLAG_NUL_REPLACED 0x10u        /* NUL bytes in the input became U+FFFD */

typedef struct pith_result {
    /* metadata */
    const char *title;
    const char *byline; /* the authors joined with ", " */
    const char *const *authors;
    size_t n_authors;
    const char *date_published; /* ISO 8601: 2022-01-07, or 2022-01-07T08:04:00+13:00 */
    const char *date_modified;
    const char *site_name;
    const char *lang;
    const char *canonical_url;
    const char *description;
    const char *image;
    const char *license;
    const char *const *tags;
    size_t n_tags;
    /* where each field came from: "json-ld", "meta:og:title", "title", "h1", "url", ... */
    const char *title_source;
    const char *byline_source;
    const char *date_published_source;
    const char *date_modified_source;
    const char *site_name_source;
    const char *lang_source;
    /* decoding */
    const char *charset;        /* the WHATWG name of the charset used, e.g. "windows-1252" */
    /* "bom"; "hint" (options.charset_hint); "meta" (a <meta> charset); "utf-8-detected" (the
     * bytes are valid UTF-8 and nothing, or only a legacy charset, was declared); "detected"
     * (nothing declared; guessed from the bytes); "default" (windows-1252) */
    const char *charset_source;
    unsigned flags;             /* PITH_FLAG_* */
    /* the article; n_blocks is 0 with PITH_ERR_NO_ARTICLE */
    const pith_block *blocks;
    size_t n_blocks;
    size_t word_count;
    /* when options.explain: why each candidate block was kept or dropped, one per line */
    const char *explain;
    /* when options.comments: the page's reader comments in page order (never part of blocks
     * or word_count); NULL and 0 otherwise or when the page has none. (0.2.0) */
    const pith_comment *comments;
    size_t n_comments;
    int comments_requested; /* nonzero when options.comments was set */
} pith_result;

/*
 * Extracts the article of html[0..len). On PITH_OK and on PITH_ERR_NO_ARTICLE, *out is set
 * to a new result (with metadata, and for PITH_OK the article); on any other status *out is
 * set to NULL. opts may be NULL for the defaults. html may hold any bytes, NULs included.
 */
PITH_API pith_status pith_extract(const char *html, size_t len, const pith_options *opts,
                                  pith_result **out);

/* Releases a result and everything in it. NULL is fine. */
PITH_API void pith_result_free(pith_result *res);

typedef enum pith_format {
    PITH_FORMAT_TEXT = 0, /* blocks separated by blank lines */
    PITH_FORMAT_MARKDOWN,
    PITH_FORMAT_JSON, /* one object, keys in a fixed order; see docs/json-schema.md */
    PITH_FORMAT_HTML  /* a fragment safe to embed: <article> with an allow-list of elements
                       * and attributes (see docs/json-schema.md, "The other formats") */
} pith_format;

/*
 * Renders res as format into a new NUL-terminated buffer: *out (length *out_len without
 * the NUL) is the caller's until pith_buffer_free(). JSON reports the status pith_extract()
 * returned with res (PITH_OK or PITH_ERR_NO_ARTICLE), which the result keeps. Fails with
 * PITH_ERR_OUTPUT_TOO_LARGE past the max_output_bytes the result was extracted with.
 */
PITH_API pith_status pith_render(const pith_result *res, pith_format format, char **out,
                                 size_t *out_len);

/*
 * s[0..len) as a JSON string literal, quotes included, in a new NUL-terminated buffer (*out,
 * *out_len as pith_render's): the escaper of pith_render's JSON, for callers that put members
 * of their own beside it (a file name, a record ID). Bytes that are not UTF-8, and UTF-8 that
 * encodes surrogates or values past U+10FFFF, become U+FFFD, so the literal is valid JSON and
 * valid UTF-8 whatever s holds; NUL and other control bytes are escaped. s may be NULL when
 * len is 0. (0.2.0)
 */
PITH_API pith_status pith_json_string(const char *s, size_t len, char **out, size_t *out_len);

/*
 * A member a caller puts in front of a result's own in its JSON object: the CLI's "file", a
 * WARC record's "warc_record_id". The value is the string value[0..value_len), escaped as
 * pith_json_string() does; when value is NULL, the integer number. This struct never grows:
 * another kind of value would come with a function of its own. (0.2.0)
 */
typedef struct pith_json_member {
    const char *name; /* escaped as the values are */
    const char *value;
    size_t value_len;
    long long number;
} pith_json_member;

/*
 * pith_render(res, PITH_FORMAT_JSON, ...) with lead[0..n_lead) as the first members of the
 * object, in that order, so that one object carries both the caller's members and the
 * result's, each written by the same escaper. PITH_ERR_INVALID_ARGUMENT when a name is NULL,
 * repeats, or is one of the result's own members (a key twice in one object is read
 * differently by different JSON readers), or when n_lead is over 64. (0.2.0)
 */
PITH_API pith_status pith_render_json_members(const pith_result *res,
                                              const pith_json_member *lead, size_t n_lead,
                                              char **out, size_t *out_len);

/* Releases a buffer from pith_render(), pith_render_json_members() or pith_json_string().
 * NULL is fine. */
PITH_API void pith_buffer_free(char *buf);

/* A static English sentence for st; never NULL. */
PITH_API const char *pith_status_message(pith_status st);

/* A short static name for st, as JSON output uses it: "ok", "no_article", ... */
PITH_API const char *pith_status_name(pith_status st);

/* PITH_VERSION_STRING of the library actually linked. */
PITH_API const char *pith_version(void);

#ifdef __cplusplus
}
#endif
#endif /* PITH_PITH_H */
