/* SPDX-License-Identifier: MIT */
/*
 * Per-call memory. Everything a call allocates (gumbo's tree included) comes from one arena
 * that pith_ctx_release() drops at once: gumbo's own destructor is recursive and overflows
 * the stack on deep trees, so pith never calls it.
 *
 * Small blocks come from bump-allocated chunks and go back to free lists by size class, since
 * gumbo grows buffers by allocate-copy-free and would otherwise leave half its memory behind.
 * Large blocks are taken and returned one by one. Every byte taken from the caller's
 * allocator counts against max_memory.
 *
 * Most of a big page's memory is gumbo's tree: per element a 128-byte node, a 104-byte
 * attribute, and strings and vectors of 1 to 8 bytes. Classes are therefore 8 bytes apart up
 * to 128, and a block's header is 8 bytes: with 16-byte headers and power-of-two classes an
 * element with one attribute and a text took 768 bytes where it asks for 400, and a flood of
 * links passed the README's 512 MiB. Blocks are 8-byte aligned, which is all gumbo and pith
 * store (pointers, size_t, double).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define HEADER_SIZE 8u
#define BIG_CLASS 0xFFu
/* classes 0..15 hold 8..128 bytes in steps of 8, 16..19 hold 160..256 in steps of 32, and
 * 20..27 hold 512 B .. 64 KiB in powers of two */
#define FINE_CLASSES 16u
#define FINE_MAX 128u
#define MID_CLASSES 4u
#define MID_MAX 256u
#define SMALL_MAX ((size_t)64 << 10)
/* Chunks start small and double: most pages need a few hundred KiB, a tiny page should not
 * pay for an mmap'd quarter megabyte, and a big one should not take thousands of chunks. */
#define FIRST_CHUNK_SIZE ((size_t)32 << 10)
#define MAX_CHUNK_SIZE ((size_t)1 << 20)

typedef struct block_header {
    uint32_t cls;  /* size class, or BIG_CLASS */
    uint32_t size; /* usable size of a small block */
} block_header;

struct pith_arena_chunk {
    struct pith_arena_chunk *next;
    size_t size; /* bytes including this header */
};

struct pith_big_block {
    struct pith_big_block *prev, *next;
    size_t size; /* bytes including this header and the block header */
    size_t unused;
};

static void *
default_alloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void
default_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    (void)size;
    free(ptr);
}

void
pith_ctx_init(pith_ctx *ctx, const pith_options *opts)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->opts = opts;
    if (opts->allocator && opts->allocator->alloc && opts->allocator->free) {
        ctx->alloc = *opts->allocator;
    } else {
        ctx->alloc.alloc = default_alloc;
        ctx->alloc.free = default_free;
        ctx->alloc.ctx = NULL;
    }
}

void
pith_ctx_release(pith_ctx *ctx)
{
    struct pith_arena_chunk *c = ctx->chunks;
    while (c) {
        struct pith_arena_chunk *next = c->next;
        ctx->alloc.free(ctx->alloc.ctx, c, c->size);
        c = next;
    }
    struct pith_big_block *b = ctx->big;
    while (b) {
        struct pith_big_block *next = b->next;
        ctx->alloc.free(ctx->alloc.ctx, b, b->size);
        b = next;
    }
    ctx->chunks = NULL;
    ctx->big = NULL;
    ctx->bump = ctx->bump_end = NULL;
    memset(ctx->free_lists, 0, sizeof ctx->free_lists);
}

static void
fail(pith_ctx *ctx, pith_status st)
{
    if (ctx->error == PITH_OK)
        ctx->error = st;
}

/* Takes bytes from the caller's allocator within the memory budget. */
static void *
take(pith_ctx *ctx, size_t size)
{
    if (size > ctx->opts->max_memory || ctx->mem_used > ctx->opts->max_memory - size) {
        fail(ctx, PITH_ERR_MEMORY_LIMIT);
        return NULL;
    }
    void *p = ctx->alloc.alloc(ctx->alloc.ctx, size);
    if (!p) {
        fail(ctx, PITH_ERR_NO_MEMORY);
        return NULL;
    }
    ctx->mem_used += size;
    return p;
}

/* The smallest class whose blocks hold size bytes (1 <= size <= SMALL_MAX). Gumbo allocates
 * once or twice per token, so this is on the hot path: arithmetic and a bit count. */
static unsigned
size_class(size_t size)
{
    if (size <= FINE_MAX)
        return (unsigned)((size - 1) >> 3);
    if (size <= MID_MAX)
        return FINE_CLASSES + (unsigned)((size - FINE_MAX - 1) >> 5);
#if defined(__GNUC__)
    unsigned bits = (unsigned)(sizeof(unsigned long long) * 8) -
                    (unsigned)__builtin_clzll((unsigned long long)(size - 1));
#else
    unsigned bits = 0;
    while (((size_t)1 << bits) < size)
        bits++;
#endif
    return FINE_CLASSES + MID_CLASSES + bits - 9; /* 257..512 bytes: 9 bits */
}

/* Usable bytes of a block of class cls. */
static size_t
class_size(unsigned cls)
{
    if (cls < FINE_CLASSES)
        return ((size_t)cls + 1) << 3;
    if (cls < FINE_CLASSES + MID_CLASSES)
        return FINE_MAX + (((size_t)cls - FINE_CLASSES + 1) << 5);
    return (size_t)1 << (cls - FINE_CLASSES - MID_CLASSES + 9);
}

static void *
alloc_big(pith_ctx *ctx, size_t size)
{
    size_t total = sizeof(struct pith_big_block) + HEADER_SIZE + size;
    if (total < size) {
        fail(ctx, PITH_ERR_MEMORY_LIMIT);
        return NULL;
    }
    struct pith_big_block *b = take(ctx, total);
    if (!b)
        return NULL;
    b->size = total;
    b->prev = NULL;
    b->next = ctx->big;
    if (ctx->big)
        ctx->big->prev = b;
    ctx->big = b;
    block_header *h = (block_header *)(b + 1);
    h->cls = BIG_CLASS;
    h->size = 0; /* b->size has it */
    return (char *)h + HEADER_SIZE;
}

/* A new chunk for a small block of class cls; out of line, so the common path stays short. */
static void *
alloc_from_new_chunk(pith_ctx *ctx, unsigned cls)
{
    size_t cap = class_size(cls);
    size_t need = HEADER_SIZE + cap;
    size_t chunk = ctx->chunks ? ctx->chunks->size * 2 : FIRST_CHUNK_SIZE;
    if (chunk > MAX_CHUNK_SIZE)
        chunk = MAX_CHUNK_SIZE;
    while (chunk < need + sizeof(struct pith_arena_chunk))
        chunk *= 2;
    struct pith_arena_chunk *c = take(ctx, chunk);
    if (!c)
        return NULL;
    c->size = chunk;
    c->next = ctx->chunks;
    ctx->chunks = c;
    /* the chunk header and every block are multiples of 8 bytes: blocks stay 8-byte aligned */
    ctx->bump = (char *)c + sizeof(struct pith_arena_chunk);
    ctx->bump_end = (char *)c + chunk;
    block_header *h = (block_header *)ctx->bump;
    ctx->bump += need;
    h->cls = cls;
    h->size = (uint32_t)cap;
    return (char *)h + HEADER_SIZE;
}

/* Gumbo allocates once or twice per token, so the reuse and bump paths are inlined into
 * both entry points. */
static inline void *
alloc_block(pith_ctx *ctx, size_t size)
{
    if (size == 0)
        size = 1;
    if (size > SMALL_MAX)
        return alloc_big(ctx, size);
    unsigned cls = size_class(size);
    void *reuse = ctx->free_lists[cls];
    if (reuse) {
        memcpy(&ctx->free_lists[cls], reuse, sizeof(void *));
        return reuse;
    }
    size_t cap = class_size(cls);
    size_t need = HEADER_SIZE + cap;
    if ((size_t)(ctx->bump_end - ctx->bump) < need)
        return alloc_from_new_chunk(ctx, cls);
    block_header *h = (block_header *)ctx->bump;
    ctx->bump += need;
    h->cls = cls;
    h->size = (uint32_t)cap;
    return (char *)h + HEADER_SIZE;
}

void *
pith_alloc(pith_ctx *ctx, size_t size)
{
    return alloc_block(ctx, size);
}

void *
pith_calloc(pith_ctx *ctx, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size) {
        fail(ctx, PITH_ERR_MEMORY_LIMIT);
        return NULL;
    }
    void *p = pith_alloc(ctx, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void
pith_free(pith_ctx *ctx, void *ptr)
{
    if (!ptr)
        return;
    block_header *h = (block_header *)((char *)ptr - HEADER_SIZE);
    if (h->cls == BIG_CLASS) {
        struct pith_big_block *b = (struct pith_big_block *)h - 1;
        if (b->prev)
            b->prev->next = b->next;
        else
            ctx->big = b->next;
        if (b->next)
            b->next->prev = b->prev;
        ctx->mem_used -= b->size;
        ctx->alloc.free(ctx->alloc.ctx, b, b->size);
        return;
    }
    memcpy(ptr, &ctx->free_lists[h->cls], sizeof(void *));
    ctx->free_lists[h->cls] = ptr;
}

void *
pith_realloc(pith_ctx *ctx, void *ptr, size_t size)
{
    if (!ptr)
        return pith_alloc(ctx, size);
    block_header *h = (block_header *)((char *)ptr - HEADER_SIZE);
    size_t have = h->cls == BIG_CLASS ? ((struct pith_big_block *)h - 1)->size -
                                            sizeof(struct pith_big_block) - HEADER_SIZE
                                      : h->size;
    if (size <= have)
        return ptr;
    void *n = pith_alloc(ctx, size);
    if (!n)
        return NULL;
    memcpy(n, ptr, have);
    pith_free(ctx, ptr);
    return n;
}

char *
pith_strndup(pith_ctx *ctx, const char *s, size_t n)
{
    char *p = pith_alloc(ctx, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *
pith_gumbo_alloc(void *userdata, size_t size)
{
    pith_ctx *ctx = userdata;
    void *p = alloc_block(ctx, size);
    /* gumbo dereferences what its allocator returns without a check */
    if (!p || !pith_spend(ctx, 1 + size / 64))
        longjmp(*ctx->bail, 1);
    return p;
}

void
pith_gumbo_free(void *userdata, void *ptr)
{
    pith_free(userdata, ptr);
}

/* ---- string buffers ---- */

void
pith_buf_init(pith_buf *b, pith_ctx *ctx)
{
    memset(b, 0, sizeof *b);
    b->ctx = ctx;
}

static int
reserve(pith_buf *b, size_t extra)
{
    if (b->failed)
        return 0;
    if (b->len + extra + 1 <= b->cap && b->data)
        return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = 1;
            return 0;
        }
        cap *= 2;
    }
    char *d = pith_realloc(b->ctx, b->data, cap);
    if (!d) {
        b->failed = 1;
        return 0;
    }
    b->data = d;
    b->cap = cap;
    return 1;
}

void
pith_buf_append_grow(pith_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void buf_vprintf(pith_buf *b, const char *fmt, va_list ap) PITH_PRINTF(2, 0);

static void
buf_vprintf(pith_buf *b, const char *fmt, va_list ap)
{
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n < sizeof small)
        pith_buf_append(b, small, (size_t)n);
    else if (n >= 0 && reserve(b, (size_t)n)) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

void
pith_buf_printf(pith_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

size_t
pith_utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

void
pith_buf_put_utf8(pith_buf *b, uint32_t cp)
{
    char s[4];
    pith_buf_append(b, s, pith_utf8_encode(cp, s));
}

/* ---- text helpers ---- */

size_t
pith_utf8_next(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0) {
        *cp = 0xFFFD;
        return 0;
    }
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (n < len) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

int
pith_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = pith_utf8_next(s + i, n - i, &cp);
        if (cp == 0xFFFD && !(k == 3 && (unsigned char)s[i] == 0xEF &&
                              (unsigned char)s[i + 1] == 0xBF && (unsigned char)s[i + 2] == 0xBD))
            return 0;
        i += k;
    }
    return 1;
}

size_t
pith_utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

int
pith_is_space_cp(uint32_t cp)
{
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return 1;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

int
pith_is_word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               cp == '_';
    if (cp == 0xAA || cp == 0xB5 || cp == 0xBA)
        return 1;
    if (cp < 0xC0)
        return 0;
    if (cp == 0xD7 || cp == 0xF7)
        return 0;
    /* general punctuation, symbols and spaces are not word characters */
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x3003) ||
        (cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
        (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40 && cp != 0xFF3F) ||
        (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) ||
        cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == 0x06D4 || cp == 0x0964 ||
        cp == 0x0965 || (cp >= 0x1F000 && cp <= 0x1FAFF) || cp == 0x00BF || cp == 0x00A1)
        return 0;
    return 1;
}

int
pith_ascii_casecmp_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return x < y ? -1 : 1;
        if (x == 0)
            return 0;
    }
    return 0;
}

int
pith_contains_ci(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0 || k > n)
        return 0;
    unsigned char first = (unsigned char)needle[0];
    if (first >= 'A' && first <= 'Z')
        first = (unsigned char)(first + 32);
    for (size_t i = 0; i + k <= n; i++) {
        unsigned char c = (unsigned char)hay[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c == first && pith_ascii_casecmp_n(hay + i + 1, needle + 1, k - 1) == 0)
            return 1;
    }
    return 0;
}

char *
pith_collapse_ws(pith_ctx *ctx, const char *s, size_t n, size_t *out_len)
{
    char *out = pith_alloc(ctx, n + 1);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    int pending_space = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
                pending_space = o > 0;
                i++;
                continue;
            }
            if (pending_space)
                out[o++] = ' ';
            pending_space = 0;
            out[o++] = (char)c;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = pith_utf8_next(s + i, n - i, &cp);
        if (pith_is_space_cp(cp)) {
            pending_space = o > 0;
            i += k;
            continue;
        }
        if (pending_space)
            out[o++] = ' ';
        pending_space = 0;
        memcpy(out + o, s + i, k);
        o += k;
        i += k;
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    return out;
}

void
pith_explain(pith_ctx *ctx, const char *fmt, ...)
{
    if (!ctx->explain)
        return;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(ctx->explain, fmt, ap);
    va_end(ap);
    pith_buf_putc(ctx->explain, '\n');
}
