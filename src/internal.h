/* SPDX-License-Identifier: MIT */
/*
 * Internal interfaces between pith's stages. Not installed.
 *
 * Every name with external linkage here is pith_-prefixed: vendoring programs and libgumbo
 * share one symbol namespace with pith, and libgumbo exports unprefixed internals.
 *
 * The pipeline, one file a stage:
 *   decode.c   raw bytes -> UTF-8 (BOM, hint, <meta> prescan, UTF-8 check, windows-1252)
 *   screen.c   UTF-8 -> the HTML gumbo sees: script/style/comment/svg bodies cut, JSON-LD set
 *              aside, nesting/attribute/formatting caps, out-of-range char refs fixed
 *   parse.c    gumbo parse into the call's arena, then a flat preorder index of the tree;
 *              which tags are blocks
 *   page.c     what the metadata stages share: the page's <meta> tags and headings, text helpers
 *   jsonld.c   JSON-LD script bodies -> the article object's fields
 *   title.c    the title: chosen with the metadata, settled once the article is known
 *   byline.c   the authors
 *   metadata.c dates, site, lang, canonical, description, image, tags; runs title and byline
 *   dates.c    date strings -> ISO 8601
 *   content.c  choose the article's container, as named phases: blocks, score, climb, agree,
 *              JSON-LD, lead, merge
 *   clean.c    turn the chosen nodes into blocks, dropping boilerplate inside them
 *   title.c    (again) settle the title against the article's prose
 *   status.c   status names and messages, the version (no stage needed to name a status)
 *   render.c   result -> text, Markdown, JSON, HTML
 *   extract.c  pith_extract(): runs the stages and packs the result
 *   arena.c    per-call memory, budgets, the gumbo allocator hooks, string buffers
 *   text.c     UTF-8 and text helpers the stages share
 *   normalize.c Unicode NFC, for the text entering the model (tables: normalize_data.c)
 */
#ifndef PITH_INTERNAL_H
#define PITH_INTERNAL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gumbo.h>

#include "pith/pith.h"

#define PITH_NONE UINT32_MAX

#if defined(__GNUC__)
#define PITH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PITH_PRINTF(f, a)
#endif

/* ---- arena.c: per-call memory and budgets ---- */

struct pith_arena_chunk;
struct pith_big_block;

/* Free lists by size class, so gumbo's grow-and-free buffers reuse memory (arena.c). */
#define PITH_ARENA_CLASSES 28 /* 8 B .. 64 KiB */

typedef struct pith_ctx {
    pith_allocator alloc;
    const pith_options *opts;
    struct pith_arena_chunk *chunks;
    struct pith_big_block *big;
    char *bump, *bump_end;
    void *free_lists[PITH_ARENA_CLASSES];
    size_t mem_used;  /* bytes taken from alloc, charged against opts->max_memory */
    uint64_t work;    /* steps spent, charged against opts->max_work */
    pith_status error; /* first failure; stages return it */
    jmp_buf *bail;     /* set while gumbo runs: its allocator cannot report failure */
    unsigned flags;    /* PITH_FLAG_* gathered by the stages */
    struct pith_buf *explain; /* non-NULL when opts->explain */
} pith_ctx;

void pith_ctx_init(pith_ctx *ctx, const pith_options *opts);
void pith_ctx_release(pith_ctx *ctx); /* frees every arena block */

/* NULL on failure, with ctx->error set (PITH_ERR_NO_MEMORY or PITH_ERR_MEMORY_LIMIT). */
void *pith_alloc(pith_ctx *ctx, size_t size);
void *pith_calloc(pith_ctx *ctx, size_t n, size_t size);
void pith_free(pith_ctx *ctx, void *ptr); /* returns a block to its size class; NULL is fine */
void *pith_realloc(pith_ctx *ctx, void *ptr, size_t size);
char *pith_strndup(pith_ctx *ctx, const char *s, size_t n);

/* Charges steps of work; 0 (with ctx->error = PITH_ERR_WORK_LIMIT) once over budget. */
static inline int
pith_spend(pith_ctx *ctx, uint64_t steps)
{
    ctx->work += steps;
    if (ctx->work > ctx->opts->max_work) {
        if (ctx->error == PITH_OK)
            ctx->error = PITH_ERR_WORK_LIMIT;
        return 0;
    }
    return 1;
}

/* Gumbo's allocator hooks; userdata is the pith_ctx. Past the budget they longjmp(ctx->bail). */
void *pith_gumbo_alloc(void *userdata, size_t size);
void pith_gumbo_free(void *userdata, void *ptr);

/* A growable string in the arena; after a failure appends do nothing and failed is set. */
typedef struct pith_buf {
    pith_ctx *ctx;
    char *data; /* NUL-terminated when non-NULL */
    size_t len, cap;
    int failed;
} pith_buf;

void pith_buf_init(pith_buf *b, pith_ctx *ctx);
/* Grows the buffer first; pith_buf_append's path when the bytes do not fit. */
void pith_buf_append_grow(pith_buf *b, const char *s, size_t n);

/* Rendering and cleaning append a few bytes at a time, millions of times on a big page: the
 * common case, room left, is inline. */
static inline void
pith_buf_append(pith_buf *b, const char *s, size_t n)
{
    if (b->data && !b->failed && b->len + n + 1 <= b->cap) {
        if (n)
            memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = '\0';
    } else {
        pith_buf_append_grow(b, s, n);
    }
}

static inline void
pith_buf_putc(pith_buf *b, char c)
{
    pith_buf_append(b, &c, 1);
}

static inline void
pith_buf_puts(pith_buf *b, const char *s)
{
    pith_buf_append(b, s, strlen(s));
}

void pith_buf_printf(pith_buf *b, const char *fmt, ...) PITH_PRINTF(2, 3);
/* Appends a code point as UTF-8. */
void pith_buf_put_utf8(pith_buf *b, uint32_t cp);

/* ---- text.c: UTF-8 and text helpers ---- */

/* Writes cp as UTF-8 (U+FFFD for a surrogate or a value past U+10FFFF); returns 1 to 4. */
size_t pith_utf8_encode(uint32_t cp, char out[4]);
/* Decodes one UTF-8 sequence at s[0..n); returns its length (>= 1) and *cp, or U+FFFD for
 * an invalid byte (length 1). */
size_t pith_utf8_next(const char *s, size_t n, uint32_t *cp);
int pith_utf8_valid(const char *s, size_t n);
/* The longest prefix of s[0..len), at most max bytes, that ends on a character boundary:
 * for cutting strings in messages without cutting a character. */
size_t pith_utf8_prefix(const char *s, size_t len, size_t max);
int pith_is_space_cp(uint32_t cp); /* Unicode White_Space */
int pith_is_word_cp(uint32_t cp);  /* letters, digits, marks, connector punctuation (approx. \w) */
int pith_ascii_casecmp_n(const char *a, const char *b, size_t n);
/* The first place hay[0..n) holds needle (NUL-terminated), ASCII case-insensitively, or
 * NULL; an empty needle is never found. */
const char *pith_find_ci(const char *hay, size_t n, const char *needle);
static inline int
pith_contains_ci(const char *hay, size_t n, const char *needle)
{
    return pith_find_ci(hay, n, needle) != NULL;
}
/* Collapses runs of Unicode whitespace to one space and trims; returns a new arena string. */
char *pith_collapse_ws(pith_ctx *ctx, const char *s, size_t n, size_t *out_len);

/* ---- normalize.c: Unicode NFC ---- */

/* NFC of s[0..n): s itself when it is NFC already (nearly all text: no copy, no allocation),
 * else a new NUL-terminated arena string. An invalid UTF-8 byte becomes U+FFFD, as
 * pith_utf8_next reads it. *out_len is at most PITH_NFC_MAX_GROWTH * n. NULL when memory or
 * work runs out (ctx->error says which). Not for URLs: they stay as the page wrote them. */
const char *pith_nfc(pith_ctx *ctx, const char *s, size_t n, size_t *out_len);

/* Output bytes per input byte, at most: U+1D160 (4 bytes) is three 4-byte code points in
 * NFC, U+FB2C (3 bytes) three 2-byte ones, and an invalid byte becomes U+FFFD's 3 bytes;
 * composing never lengthens. ci/gen-nfc-tables checks it against every decomposition. */
#define PITH_NFC_MAX_GROWTH 3
/* The two-level tables' block: 2^7 code points, the smallest tables (ci/gen-nfc-tables). */
#define PITH_NFC_SHIFT 7

/* normalize_data.c, generated by ci/gen-nfc-tables (layout in its docstring). */
extern const size_t pith_nfc_n_stage1, pith_nfc_n_decomp, pith_nfc_n_comp;
extern const uint8_t pith_nfc_stage1[], pith_nfc_stage2[];
extern const uint16_t pith_nfc_props[], pith_nfc_decomp_at[];
extern const uint32_t pith_nfc_decomp_cp[], pith_nfc_decomp_seq[], pith_nfc_comp_cp[];
extern const uint64_t pith_nfc_comp_pair[];

/* ---- decode.c ---- */

typedef struct pith_decoded {
    char *text; /* UTF-8, NUL-terminated, in the arena; never contains NUL */
    size_t len;
    const char *charset; /* static WHATWG name */
    const char *source;  /* static: pith_result.charset_source's values */
    unsigned flags;      /* PITH_FLAG_INVALID_BYTES_REPLACED, PITH_FLAG_NUL_REPLACED */
} pith_decoded;

/* hint may be NULL or any label. Fails only on memory or work limits. */
pith_status pith_decode(pith_ctx *ctx, const char *bytes, size_t len, const char *hint,
                        pith_decoded *out);

/* The WHATWG name for a charset label ("latin1" -> "windows-1252"), or NULL if unknown. */
const char *pith_charset_canonical(const char *label, size_t len);

/* ---- screen.c ---- */

typedef struct pith_span {
    const char *data;
    size_t len;
} pith_span;

/*
 * Text runs. Gumbo reads text a character at a time, each one a token through its tree
 * builder, and text is most of what is left of a page once the screen has cut scripts and
 * styles. So the screen keeps each run of text between two tags (after its whitespace is
 * squeezed and its character references decoded) and passes gumbo one placeholder character
 * instead, with the run's outer whitespace around it: a non-space character where there
 * was non-space text, which builds the same tree. The index puts the text back.
 *
 * A placeholder is a private-use character no page of this call contains (the screen turns
 * runs off for a page that has any): run n < PITH_RUN_DIGITS is U+100000 + n; a later run
 * is U+F0000 + high digit, then U+100000 + low digit. The planes' last two code points are
 * noncharacters and never used.
 */
#define PITH_RUN_LOW_BASE 0x100000u
#define PITH_RUN_HIGH_BASE 0xF0000u
#define PITH_RUN_DIGITS 65534u

typedef struct pith_text_run {
    uint32_t off;  /* in pith_screened.texts; the run is NUL-terminated there */
    uint32_t len;  /* bytes, counting the whitespace gumbo was given on either side */
    uint8_t lead;  /* 1 when the run starts with that whitespace character */
    uint8_t trail; /* 1 when it ends with one */
} pith_text_run;

/* A shown attribute value the screen set aside instead of passing it to gumbo (see
 * value_aside in screen.c): a link's target, an image's sources, alt text and size. */
typedef struct pith_shown_value {
    uint32_t tag;     /* offset of its tag's '<' in pith_screened.html: gumbo's start_pos */
    uint32_t off;     /* the value, decoded and NUL-terminated, at texts + off */
    const char *name; /* static: "href", "src", "srcset", "alt", "width", "data-src", ... */
} pith_shown_value;

typedef struct pith_screened {
    char *html; /* what gumbo parses, NUL-terminated, in the arena */
    size_t len;
    const char *texts; /* the text runs' bytes */
    pith_text_run *runs;
    size_t n_runs;
    pith_span *jsonld; /* bodies of <script type="application/ld+json">, in document order */
    size_t n_jsonld;
    pith_shown_value *shown; /* in document order, so ordered by tag */
    size_t n_shown;
    size_t n_elements; /* start tags passed on to gumbo */
    unsigned flags;    /* PITH_FLAG_DEPTH_FLATTENED, _ATTRIBUTES_DROPPED, _FORMATTING_CAPPED */
} pith_screened;

/* The named references pages use most, sorted by name (bytewise) for bsearch. */
typedef struct pith_named_ref {
    const char *name; /* without '&' and ';' */
    uint32_t cp;
} pith_named_ref;
extern const pith_named_ref pith_named_refs[];
extern const size_t pith_n_named_refs;

/* Fails with PITH_ERR_TOO_MANY_NODES past opts->max_nodes, or a memory/work limit. */
pith_status pith_screen(pith_ctx *ctx, const char *html, size_t len, pith_screened *out);

/* ---- parse.c ---- */

/* Class/id/role/itemprop vocabulary, detected once per element when the index is built. */
#define PITH_HINT_POSITIVE 0x1u     /* article, content, entry, post, story, body, text, main */
#define PITH_HINT_NEGATIVE 0x2u     /* sidebar, widget, footer, menu, nav, promo, ... */
#define PITH_HINT_COMMENT 0x4u      /* comment, disqus, respond, reply */
#define PITH_HINT_SHARE 0x8u        /* share, social, sharing, follow */
#define PITH_HINT_RELATED 0x10u     /* related, recommended, more-from, read-next, trending */
#define PITH_HINT_AD 0x20u          /* ad, ads, advert, sponsor, dfp, banner */
#define PITH_HINT_HIDDEN 0x40u      /* hidden attribute, display:none, aria-hidden=true */
#define PITH_HINT_BYLINE 0x80u      /* byline, author, writer, dateline */
#define PITH_HINT_CAPTION 0x100u    /* caption, credit, wp-caption-text */
#define PITH_HINT_ARTICLE_BODY 0x200u /* itemprop=articleBody, article-body, entry-content ... */
#define PITH_HINT_NAV 0x400u        /* nav, menu, breadcrumb, pagination, tags */
#define PITH_HINT_NEWSLETTER 0x800u /* newsletter, subscribe, signup, membership, paywall */
#define PITH_HINT_COOKIE 0x1000u    /* cookie, consent, gdpr */
#define PITH_HINT_SKIP_TAG 0x2000u  /* never text: script, style, nav, form controls, ... */
#define PITH_HINT_META_AREA 0x4000u /* header/footer/aside/nav role landmarks */
#define PITH_HINT_DATE 0x8000u      /* date, time, published, timestamp */
#define PITH_HINT_TITLE 0x10000u    /* headline, title, entry-title */
#define PITH_HINT_CREDIT 0x20000u   /* credit, copyright, photographer: a picture's credit */

typedef struct pith_node {
    const GumboNode *g;
    uint32_t parent; /* PITH_NONE for the document */
    uint32_t end;    /* one past the last descendant: the subtree is [index, end) */
    uint32_t depth;
    uint16_t tag; /* GumboTag; GUMBO_TAG_UNKNOWN for non-elements */
    uint8_t type; /* GumboNodeType */
    uint8_t in_link; /* inside an <a href> */
    uint32_t hints;  /* PITH_HINT_* of this element (not inherited) */
    int32_t class_weight; /* readability-style class/id weight of this element */
    const char *text;     /* text nodes: gumbo's decoded text */
    uint32_t text_len;
    /* subtree aggregates, over visible (non-hidden, non-skip) text */
    uint32_t text_chars;  /* non-space characters */
    uint32_t link_chars;  /* of which inside links */
    uint32_t words;
    uint32_t commas;      /* , ， 、 ، */
    uint32_t sentences;   /* . ! ? 。 ！ ？ followed by space or end */
    uint32_t paragraphs;  /* <p> (and <br><br> runs) below */
} pith_node;

typedef struct pith_doc {
    GumboOutput *gumbo;
    pith_node *nodes; /* document order; nodes[0] is the document */
    uint32_t n_nodes;
    uint32_t html, head, body; /* indices, PITH_NONE when absent */
    const pith_screened *screened; /* what gumbo parsed: the text runs attribute values use */
} pith_doc;

pith_status pith_parse(pith_ctx *ctx, const pith_screened *in, pith_doc *doc);

/* Gumbo's text[0..len) with every placeholder replaced by its run (see "Text runs"): text
 * itself when it has none, a pointer into in->texts when it is one run exactly as the screen
 * passed it, else a new arena string. NULL when memory runs out. */
const char *pith_text_resolve(pith_ctx *ctx, const pith_screened *in, const char *text,
                              size_t len, size_t *out_len);

/* Attribute value of an element node, or NULL. */
const char *pith_attr(const GumboNode *node, const char *name);
/* Tags that end a paragraph (the evaluation's and browsers' notion of a block). */
int pith_is_block_element(GumboTag t);
/* Collapsed visible text of the subtree at i (arena string), "" when none. */
char *pith_node_text(pith_ctx *ctx, const pith_doc *doc, uint32_t i, size_t *len);

/* ---- small shared predicates ---- */

/* ASCII letters: tag names, entity names, charset labels. */
static inline int
pith_is_ascii_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The one ASCII case fold: A-Z to a-z, every other byte (UTF-8 included) unchanged. */
static inline unsigned char
pith_ascii_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* HTML's whitespace: tab, LF, FF, CR, space. The byte test for markup and gathered text;
 * pith_is_space_cp is Unicode's, for collapsing text. */
static inline int
pith_is_html_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static inline int
pith_is_heading_tag(GumboTag t)
{
    return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
           t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

/* Class/id vocabulary of boxes that hold no article text. */
#define PITH_HINTS_BOILERPLATE                                                                    \
    (PITH_HINT_COMMENT | PITH_HINT_SHARE | PITH_HINT_RELATED | PITH_HINT_AD | PITH_HINT_NAV |    \
     PITH_HINT_NEWSLETTER | PITH_HINT_COOKIE)

/* Share of a subtree's text inside links. */
static inline double
pith_link_density(const pith_node *n)
{
    return n->text_chars ? (double)n->link_chars / (double)n->text_chars : 0.0;
}

/* ---- dates.c ---- */

typedef struct pith_date {
    int year, month, day;
    int hour, minute, second; /* valid when has_time */
    int offset_minutes;       /* valid when has_offset */
    int has_time, has_offset;
} pith_date;

/* Machine formats: ISO 8601 / RFC 3339 ("2022-01-07T08:04:00+13:00", "20220107"),
 * RFC 2822 ("Fri, 07 Jan 2022 08:04:00 +1300"). 1 when s is such a date. */
int pith_date_parse_machine(const char *s, size_t n, pith_date *out);
/* Human text in many languages ("Friday, 7 January 2022, 8:04 am", "7. Januar 2022",
 * "2022年1月7日", "07/01/2022"). day_first: 1 d/m/y, 0 m/d/y, -1 guess. 1 on success and
 * *consumed (if non-NULL) tells where the date ended. */
int pith_date_parse_text(const char *s, size_t n, int day_first, pith_date *out,
                         size_t *consumed);
/* "28.09.19", "09/28/19": a numeric date with a two-digit year (1990..2089), dots day first,
 * slashes in day_first's order; *alt (if non-NULL) the other reading of a slashed date that
 * has one, alt->year 0 otherwise. Only for short datelines: see metadata.c. */
int pith_date_parse_short_year(const char *s, size_t n, int day_first, pith_date *out,
                               pith_date *alt, size_t *consumed);
#define PITH_MINUTES_PER_DAY 1440
/* A relative date: how long before the moment the page was written out. */
typedef struct pith_reldate {
    long minutes; /* "3 hours ago" 180, "vor 2 Tagen" 2880, "gestern" 1440 */
    int by_day;   /* days, weeks or a named day: the count is in whole days */
} pith_reldate;
/* "vor 3 Tagen", "2 hours ago", "il y a 2 jours", "hace 3 horas", "3 giorni fa", "yesterday",
 * "gestern, 14:30" (named days other than English ones only when lang, the page's language,
 * is theirs, and only followed by nothing but a time). 1 when s holds one. */
int pith_date_parse_relative(const char *s, size_t n, const char *lang, pith_reldate *out,
                             size_t *consumed);
/* Finds /2022/01/07/ or /2022-01-07 style dates in a URL path. */
int pith_date_from_url(const char *url, pith_date *out);
/* Finds a /2017/09/ year-and-month segment; 1 when found. */
int pith_date_month_from_url(const char *url, int *year, int *month);
/* 1 when d is a real calendar date from 1990 on. */
int pith_date_plausible(const pith_date *d);
/* Writes ISO 8601 (date, or date-time with offset) to out; returns its length. */
size_t pith_date_format(const pith_date *d, char out[32]);

/* ---- metadata: page.c, jsonld.c, title.c, byline.c, metadata.c ----
 *
 * Four problems around one page: the JSON-LD reader (jsonld.c), the title (title.c), the
 * byline (byline.c), and dates, language, tags and the stage that runs them all
 * (metadata.c). Underneath them page.c holds what they share: the page as they read it (its
 * <meta> tags, headings, <title>, site names) and the text helpers that compare candidates.
 * page.c calls none of the four, and jsonld.c only page.c, so no two files call each other.
 */

/* Authors, tags and headings kept per page: a byline of more than 16 names is a list of
 * contributors, and 32 tags a tag cloud, not the article's subjects. */
#define PITH_MAX_AUTHORS 16
#define PITH_MAX_TAGS 32
#define PITH_MAX_HEADINGS 16
/* Text nodes around the title scanned for a byline or a visible date. */
#define PITH_NEAR_AFTER 15
#define PITH_NEAR_BEFORE 5

/* jsonld.c: the JSON-LD reader. Fields of the first Article-like object in one script body;
 * strings are in the arena, entity-decoded and whitespace-collapsed. */
typedef struct pith_jsonld {
    char *type, *headline, *date_published, *date_modified, *publisher, *description;
    char *image, *article_body, *section, *in_language, *url;
    char **authors;
    size_t n_authors;
    char **keywords;
    size_t n_keywords;
} pith_jsonld;

/* 1 when the body held an Article-like object (fields filled), 0 otherwise (or bad JSON). */
int pith_jsonld_read(pith_ctx *ctx, const char *json, size_t len, pith_jsonld *out);

/* What the bodies say besides pith_jsonld. */
typedef struct pith_jsonld_extra {
    char *site; /* a WebSite/Organization name that wrote nothing: the site's name */
    char *name; /* the article's name when it has a headline too (Wikipedia's headline is a
                 * description) */
    /* the authors list, when every author is typed Person: a personal site that publishes
     * under its owner's name ("publisher": the same name) still has that person as author */
    char **persons;
} pith_jsonld_extra;

/* Every JSON-LD body the screen set aside, merged: the best-ranked object (Article-like over
 * WebPage) fills *ld, the others fill its gaps; x->site is the first body's site name. */
void pith_jsonld_read_page(pith_ctx *ctx, const pith_screened *scr, pith_jsonld *ld,
                           pith_jsonld_extra *x);

/* page.c: the page as the metadata stages read it, filled by pith_page_walk. */
typedef struct pith_meta_kv {
    char *key; /* lowercased */
    const char *val;
} pith_meta_kv;

typedef struct pith_page {
    pith_ctx *ctx;
    const pith_doc *doc;
    const char *url;
    pith_meta_kv *metas;
    size_t n_metas;
    pith_jsonld ld; /* see pith_jsonld_read_page */
    pith_jsonld_extra ld_extra;
    /* markup */
    char *title_tag;
    uint32_t h1[PITH_MAX_HEADINGS], h2[PITH_MAX_HEADINGS], h3[PITH_MAX_HEADINGS],
        htitle[PITH_MAX_HEADINGS];
    char *h1_text[PITH_MAX_HEADINGS], *h2_text[PITH_MAX_HEADINGS], *h3_text[PITH_MAX_HEADINGS],
        *htitle_text[PITH_MAX_HEADINGS];
    size_t n_h1, n_h2, n_h3, n_htitle;
    char *canonical, *license_link, *license_cc;
    const char *html_lang;
    /* site names, folded, for "is this the site name" tests */
    const char *site_fold[8];
    size_t n_site;
    const char *host_label; /* see pith_host_label; NULL without a URL */
    int day_first; /* how to read "03/04/2015": 1 day first, 0 month first, -1 unknown */
} pith_page;

/* Reads the <meta> tags, <title>, headings, canonical and licence links, and the <html>
 * language into p (ctx and doc set). */
void pith_page_walk(pith_page *p);
/* The first non-empty content of the <meta> key (lowercase), collapsed; NULL if none. */
char *pith_page_meta(pith_page *p, const char *key);
/* Whether a folded string is one of the page's site names, or its host's name with words
 * such as "News" or "Online" (pith_is_host_name); adding one (unfolded). */
int pith_page_is_site(const pith_page *p, const char *folded);
/* A host's name shorter than this ("tv", "ap") could be any word. */
#define PITH_HOST_LABEL_MIN_CHARS 3
int pith_is_host_name(const char *label, const char *folded);
int pith_words_spell(const char *wf, const char *label, const char **from, const char **to);
void pith_page_add_site(pith_page *p, const char *s);

/* Collapsed, trimmed arena copy; NULL when empty (or out of memory: ctx->error says). */
char *pith_tidy_n(pith_ctx *ctx, const char *s, size_t n);
char *pith_tidy(pith_ctx *ctx, const char *s);
/* Whether the whitespace-separated list attr (NULL is fine) holds token, ignoring case. */
int pith_has_token(const char *attr, const char *token);
/* Word characters only, ASCII lowercased: "Foo’s bar!" and "foo's  bar" fold alike. */
char *pith_fold(pith_ctx *ctx, const char *s);
int pith_fold_eq(const char *a, const char *b); /* both non-empty and equal */
/* Words ASCII-lowercased, each followed by one space and the whole preceded by one, so that
 * a substring search respects word boundaries; *words (if non-NULL) counts them. */
char *pith_fold_words(pith_ctx *ctx, const char *s, size_t *words);
/* Appends s (NULL is ignored) to an arena array of at most max strings. */
void pith_add_string(pith_ctx *ctx, char ***arr, size_t *n, size_t max, char *s);
/* A URL or a path rather than a name: "https://site/people/jane", "www.x", "/people/jane". */
int pith_is_url_like(const char *s);

/* Inline: the walks for titles, bylines and dates call these for every node of the page. */
static inline int
pith_is_element(const pith_doc *doc, uint32_t i)
{
    return doc->nodes[i].type == GUMBO_NODE_ELEMENT || doc->nodes[i].type == GUMBO_NODE_TEMPLATE;
}

/* Attribute of node i when it is an element, else NULL. Most elements have no attribute left
 * after the screen, and the count is one load away. */
static inline const char *
pith_elem_attr(const pith_doc *doc, uint32_t i, const char *name)
{
    return pith_is_element(doc, i) && doc->nodes[i].g->v.element.attributes.length
               ? pith_attr(doc->nodes[i].g, name)
               : NULL;
}
/* Text of the subtree, collapsed; NULL when empty or longer than max bytes (0: no limit). */
char *pith_node_text_upto(pith_ctx *ctx, const pith_doc *doc, uint32_t i, size_t max);
/* Whether an ancestor of i at most steps up is a tag element. */
int pith_inside_tag(const pith_doc *doc, uint32_t i, uint16_t tag, int steps);
/* The next visible text node from *i on (skipping hidden and never-text subtrees, whose end
 * *hid tracks), advancing *i past it; PITH_NONE at the end of the document. */
uint32_t pith_next_visible_text(const pith_doc *doc, uint32_t *i, uint32_t *hid);
/* The first PITH_NEAR_AFTER visible, non-blank text nodes after the subtree at `after` (the
 * title's element), collapsed, one at a time: where bylines and datelines stand. */
typedef struct pith_near_texts {
    uint32_t i, hid, seen;
} pith_near_texts;
void pith_near_texts_start(pith_near_texts *it, const pith_doc *doc, uint32_t after);
/* The next text (arena) and its node in *node; NULL past the last. */
char *pith_near_texts_next(pith_ctx *ctx, const pith_doc *doc, pith_near_texts *it,
                           uint32_t *node);


/* Where the title came from. Logic asks this; the provenance string ("meta:og:title") is
 * pith_title_source_name's, for the result and the explain lines. */
typedef enum pith_title_source {
    PITH_TITLE_NONE = 0,
    PITH_TITLE_JSONLD,            /* the article object's headline or name */
    PITH_TITLE_META_DC,           /* <meta> dc:title */
    PITH_TITLE_META_DCTERM,       /* dcterm:title */
    PITH_TITLE_META_OG,           /* og:title */
    PITH_TITLE_META_DC_HTML,      /* DC.Title */
    PITH_TITLE_META_DCTERMS_HTML, /* DCTERMS.title */
    PITH_TITLE_META_TWITTER,      /* twitter:title */
    PITH_TITLE_META_PARSELY,      /* parsely-title */
    PITH_TITLE_TAG,               /* the <title> */
    PITH_TITLE_H1,
    PITH_TITLE_HEADLINE_CLASS, /* an element with a headline/title class */
    PITH_TITLE_H2,
    PITH_TITLE_BODY_HEADLINE,    /* a heading that the article's prose follows */
    PITH_TITLE_TAG_RUN,          /* the run of the <title> that the body shows as an element */
    PITH_TITLE_ARTICLE_HEADING   /* settled: a heading next to the article, whose words it uses */
} pith_title_source;

/* "json-ld", "meta:og:title", "title", ...; NULL for PITH_TITLE_NONE. Static strings. */
const char *pith_title_source_name(pith_title_source s);

/* metadata.c: the stage. */
typedef struct pith_meta {
    char *title, *byline, *date_published, *date_modified, *site_name, *lang;
    char *canonical_url, *description, *image, *license;
    char **authors;
    size_t n_authors;
    char **tags;
    size_t n_tags;
    pith_title_source title_source;
    const char *byline_source, *date_published_source, *date_modified_source,
        *site_name_source, *lang_source;
    char *jsonld_body; /* JSON-LD articleBody, when given: evidence for the content stage */
    uint32_t title_node; /* the h1/h2 that matches the title, PITH_NONE if none */
    uint32_t guessed_title_at; /* the element a PITH_TITLE_BODY_HEADLINE title came from */
    const char *host_label; /* the name in the page's host (pith_host_label), or NULL */
} pith_meta;

pith_status pith_metadata(pith_ctx *ctx, const pith_doc *doc, const pith_screened *scr,
                          const char *url, pith_meta *out);

/* title.c: the title from JSON-LD, <meta>, the <title> and headings, site names stripped;
 * sets title, title_source and title_node. Needs p's site names. */
void pith_title_choose(pith_page *p, pith_meta *out);

/* byline.c: the authors from JSON-LD, <meta>, author markup and "By" lines after near_from
 * (the title's element, or PITH_NONE); sets authors, byline and byline_source. */
void pith_byline_choose(pith_page *p, pith_meta *out, uint32_t near_from);

/* ---- content.c and clean.c ---- */

/* An image block and where it stands among the text blocks. */
typedef struct pith_placed_image {
    size_t at; /* it goes before items[at]; at == n: after the last */
    pith_block block;
} pith_placed_image;

typedef struct pith_blocks {
    pith_block *items; /* arena; strings in the arena */
    size_t n, cap;
    size_t word_count;
    /* PITH_BLOCK_IMAGE blocks, kept apart so that the stages that judge an article by its
     * blocks (retries, the index test, the title) see its text blocks only, as before images
     * were kept; extract.c puts them in place when it packs the result */
    pith_placed_image *images;
    size_t n_images, cap_images;
} pith_blocks;


/* How loosely content chooses: extract.c retries at the next level while the article is
 * implausibly short for its page, as readability does. */
#define PITH_RELAX_NONE 0
#define PITH_RELAX_UNLIKELY 1 /* no longer skip boxes with boilerplate class names */
#define PITH_RELAX_WEIGHTS 2  /* no longer weigh class names at all; the last level */

/* Marks which nodes are the article: keep[i] = 1 for the roots of kept subtrees. */
#define PITH_KEEP_LEAD_BOX 3
#define PITH_KEEP_DATA 4

typedef struct pith_selection {
    uint8_t *keep; /* n_nodes entries: 0 unknown, 1 keep subtree root, 2 dropped,
                    * PITH_KEEP_LEAD_BOX: a box inside a kept subtree that holds the
                    * article's lead (its <header>, a box named "meta" around the standfirst
                    * after the title), so it is cleaned box by box, not dropped whole;
                    * PITH_KEEP_DATA: inside a kept subtree, a list or table of data
                    * (ingredients, steps, specifications) or a box on the way down to one,
                    * whose shape is not judged as a promo's or a link list's */
    uint32_t container; /* the chosen container, PITH_NONE when no article */
    int relax; /* PITH_RELAX_* */
} pith_selection;

pith_status pith_content(pith_ctx *ctx, const pith_doc *doc, const pith_meta *meta,
                         pith_selection *sel);
pith_status pith_clean(pith_ctx *ctx, const pith_doc *doc, const pith_meta *meta,
                       const pith_selection *sel, pith_blocks *out);
/* Leaves out the block among the article's first few that is the title (a heading or a
 * line of exactly its text): for a title settled after cleaning, whose heading cleaning kept
 * as the article's first lines. */
void pith_clean_drop_title(pith_ctx *ctx, pith_blocks *blocks, const char *title);

/* ---- inline.c: what a block holds besides its text ----
 *
 * While clean.c gathers a block's text, the inliner gathers what sits inside it: links,
 * emphasis, code, sub/sup (pith_inline spans), line breaks, and images. clean.c calls it at
 * four points: an element opens, an element closes, a <br> ends a line, a block is finished.
 * Offsets are bytes of clean.c's raw text buffer until the block is finished, when they are
 * mapped onto the block's collapsed text.
 */

typedef struct pith_raw_inline {
    pith_inline_kind kind;
    size_t start, end; /* raw offsets; end is SIZE_MAX while the element is open */
    const char *href;
    uint32_t node;
} pith_raw_inline;

typedef struct pith_inliner {
    pith_ctx *ctx;
    const pith_doc *doc;
    pith_blocks *out;
    int links, images, formatting; /* what the options keep */
    const char *base; /* absolute base URL, NULL when none; base_known once looked up */
    int base_known;
    pith_raw_inline *spans; /* of the block being gathered, in opening order */
    size_t n_spans, cap_spans;
    size_t *open; /* indices in spans of those still open, innermost last */
    size_t n_open, cap_open;
    pith_placed_image *queued; /* images met after text in the block being gathered */
    size_t n_queued, cap_queued;
    const char *last_src; /* the last image's source: a page's <picture> fallbacks repeat it */
    int after_br;   /* the flush now happening was caused by a <br> */
    int joinable;   /* the last kept block ended with one <br> */
    unsigned brs;   /* <br>s since the last kept block */
} pith_inliner;

void pith_inline_init(pith_inliner *in, pith_ctx *ctx, const pith_doc *doc, pith_blocks *out);
/* Element node opened (after clean.c pushed it); text is clean.c's raw buffer. */
void pith_inline_open(pith_inliner *in, uint32_t node, const pith_buf *text);
/* Element node closed (after clean.c flushed any block it ended). */
void pith_inline_close(pith_inliner *in, uint32_t node, const pith_buf *text);
/* A <br>: the flush that follows ends a line, not a paragraph. */
void pith_inline_break(pith_inliner *in);
/* The block gathered in raw[0..raw_len) is finished: blk is the block made of it, or NULL
 * when it was dropped or held no text. Attaches its spans and line break to blk and places
 * the images met inside it. */
void pith_inline_block(pith_inliner *in, const char *raw, size_t raw_len, pith_block *blk);
void pith_inline_free(pith_inliner *in);
/* Makes room for need elements of elem bytes in the arena array *p of *cap (doubling);
 * 0 when memory runs out (ctx->error says). */
int pith_array_grow(pith_ctx *ctx, void **p, size_t *cap, size_t need, size_t elem);

/* ref resolved against base (an absolute http(s) URL, or NULL), as a new arena string; NULL
 * for a target that is not to be shown as a link or image (javascript:, vbscript:, data:
 * unless image is set and it is data:image/..., other schemes than http, https, mailto, ftp
 * and tel) or that is empty. */
char *pith_url_resolve(pith_ctx *ctx, const char *base, const char *ref, int image);
/* Whether url (a value pith_url_resolve returned) may go into a page's href or src: the
 * renderer's second check, written apart from the resolver. */
int pith_url_safe(const char *url, int image);

/* ---- comments.c: reader comments, with options.comments ---- */

typedef struct pith_comments {
    pith_comment *items; /* strings in the arena */
    size_t n, cap;
} pith_comments;

pith_status pith_comments_find(pith_ctx *ctx, const pith_doc *doc, pith_comments *out);

/* ---- title.c, once the article is known ---- */

/* Settles the title: one taken from the page's markup alone (the <title>, an h1) that reads
 * as a site's and whose words the article does not use, or a heading guessed far below the
 * article's start, gives way to a heading next to the article whose words it does use. A
 * title from the metadata (JSON-LD, <meta>) is the publisher's word and stays. blocks is the
 * chosen article (n > 0), sel the selection it came from. */
pith_status pith_title_settle(pith_ctx *ctx, const pith_doc *doc, const pith_selection *sel,
                              const pith_blocks *blocks, pith_meta *meta);

/* Explain lines; no-ops unless opts->explain. */
void pith_explain(pith_ctx *ctx, const char *fmt, ...) PITH_PRINTF(2, 3);

/* ---- render.c ---- */

/* JSON string escaping shared by the renderer and the explain output. */
void pith_buf_json_string(pith_buf *b, const char *s);

/* What a result carries beyond its public fields: the renderer allocates its buffers with the
 * extraction's allocator and enforces its max_output_bytes. extract.c allocates a result as
 * ONE block of alloc_size bytes from alloc (the box, then the strings and arrays), and
 * pith_result_free releases it with alloc.free(alloc.ctx, box, alloc_size). */
typedef struct pith_result_box {
    pith_allocator alloc; /* resolved: never NULL members (malloc/free when none was given) */
    size_t alloc_size;
    size_t max_output_bytes;
    pith_status status; /* what pith_extract returned with the result, for the JSON rendering */
    pith_result pub;
} pith_result_box;

static inline pith_result_box *
pith_result_box_of(const pith_result *res)
{
    return (pith_result_box *)(void *)((char *)(uintptr_t)res - offsetof(pith_result_box, pub));
}

#endif /* PITH_INTERNAL_H */
