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

void
pith_buf_put_utf8(pith_buf *b, uint32_t cp)
{
    char s[4];
    pith_buf_append(b, s, pith_utf8_encode(cp, s));
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
