/* SPDX-License-Identifier: MIT */
/*
 * Unicode Normalization Form C (UAX #15). The same word reaches pages in several spellings:
 * "ä" as U+00E4 or as a + U+0308 (Mac-authored text), the Bengali YYA as U+09DF (which NFC
 * never keeps) or as U+09AF U+09BC. Whoever compares pith's text with other text (an
 * evaluation's snippets, a search index, a diff) compares bytes, and everyone else's text is
 * NFC: so is pith's, from the moment it enters the model (parse.c's index, page.c's tidy).
 *
 * Nearly all text is NFC already, and cheap to recognise: every code point below U+0300, and
 * every other one that is a starter (canonical combining class 0) with NFC_QC=Yes, is a
 * boundary that nothing before it can reach. Only a segment between two such boundaries that
 * holds a code point NFC_QC=No or Maybe, a combining mark out of canonical order or an invalid
 * byte is rewritten (decomposed, reordered, recomposed); where that changes it, the string is
 * copied with the segment replaced, and a string already NFC is returned as it is.
 *
 * The tables (two-level properties, decompositions, compositions) are generated from the
 * Unicode Character Database by ci/gen-nfc-tables into normalize_data.c; Hangul syllables are
 * decomposed and composed arithmetically, as the standard defines them.
 */
#include "internal.h"

/* The props the tables give each code point (see ci/gen-nfc-tables). */
#define PROPS_CCC 0xFFu          /* canonical combining class */
#define PROPS_QC_SHIFT 8         /* NFC_QC: 0 Yes, 1 Maybe, 2 No */
#define PROPS_QC_MAYBE 1u
#define PROPS_UNSTABLE 0x3FFu    /* a combining class or an NFC_QC other than Yes */
#define PROPS_DECOMPOSES 0x400u  /* has a canonical decomposition in the tables */

/* Hangul syllables, as Unicode's chapter 3.12 defines them. */
#define S_BASE 0xAC00u
#define L_BASE 0x1100u
#define V_BASE 0x1161u
#define T_BASE 0x11A7u
#define L_COUNT 19u
#define V_COUNT 21u
#define T_COUNT 28u
#define N_COUNT (V_COUNT * T_COUNT)
#define S_COUNT (L_COUNT * N_COUNT)

/* A run of combining marks this long is sorted by counting, not by insertion: insertion sort
 * is quadratic, and a page can hold a million marks on one letter ("Zalgo" text). Real
 * sequences are one to four marks long. */
#define INSERTION_SORT_MAX 32

/* Work steps: one, and one per 16 bytes of a segment rewritten, as the screen counts text. */
#define BYTES_PER_STEP 16

/* The table's properties of cp, for every code point. */
static inline unsigned
props_lookup(uint32_t cp)
{
    size_t block = cp >> PITH_NFC_SHIFT;
    if (block >= pith_nfc_n_stage1)
        return 0;
    size_t at = ((size_t)pith_nfc_stage1[block] << PITH_NFC_SHIFT) |
                (cp & ((1u << PITH_NFC_SHIFT) - 1));
    return pith_nfc_props[pith_nfc_stage2[at]];
}

/* What the quick check and the sort need: class and NFC_QC, which below U+0300 are 0 for
 * every code point (the generator checks it), so the scan skips the lookup there. Not the
 * decompositions: a letter below U+0300 (U+00E0) still comes apart in a segment where a
 * mark of a lower class follows it. */
static inline unsigned
props_of(uint32_t cp)
{
    return cp < 0x300 ? 0 : props_lookup(cp);
}

/* The code points of a segment being rewritten, each with its combining class in the top
 * byte (code points need 21 bits), so that sorting by class moves one word. */
typedef struct seg {
    pith_ctx *ctx;
    uint32_t *cp, *tmp;
    size_t n, cap, tmp_cap;
} seg;

#define CCC_OF(item) ((item) >> 24)
#define CP_OF(item) ((item) & 0xFFFFFFu)

static int
grow_to(pith_ctx *ctx, uint32_t **arr, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 1;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    uint32_t *p = pith_realloc(ctx, *arr, c * sizeof *p);
    if (!p)
        return 0;
    *arr = p;
    *cap = c;
    return 1;
}

static int
seg_push(seg *g, uint32_t cp)
{
    if (g->n == g->cap && !grow_to(g->ctx, &g->cp, &g->cap, g->n + 1))
        return 0;
    g->cp[g->n++] = ((uint32_t)(props_of(cp) & PROPS_CCC) << 24) | cp;
    return 1;
}

/* Appends cp's full canonical decomposition. */
static int
decompose(seg *g, uint32_t cp)
{
    if (cp - S_BASE < S_COUNT) {
        uint32_t s = cp - S_BASE;
        if (!seg_push(g, L_BASE + s / N_COUNT) || !seg_push(g, V_BASE + (s % N_COUNT) / T_COUNT))
            return 0;
        return s % T_COUNT == 0 || seg_push(g, T_BASE + s % T_COUNT);
    }
    if (!(props_lookup(cp) & PROPS_DECOMPOSES))
        return seg_push(g, cp);
    size_t lo = 0, hi = pith_nfc_n_decomp;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pith_nfc_decomp_cp[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == pith_nfc_n_decomp || pith_nfc_decomp_cp[lo] != cp)
        return seg_push(g, cp); /* cannot happen with tables from one generator run */
    unsigned at = pith_nfc_decomp_at[lo];
    for (unsigned k = 0; k <= (at & 3u); k++)
        if (!seg_push(g, pith_nfc_decomp_seq[(at >> 2) + k]))
            return 0;
    return 1;
}

/* Stable sort of a[0..n) by combining class. */
static int
sort_marks(seg *g, uint32_t *a, size_t n)
{
    if (n <= INSERTION_SORT_MAX) {
        for (size_t i = 1; i < n; i++) {
            uint32_t x = a[i];
            size_t j = i;
            while (j > 0 && CCC_OF(a[j - 1]) > CCC_OF(x)) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return 1;
    }
    size_t start[257] = {0};
    if (!grow_to(g->ctx, &g->tmp, &g->tmp_cap, n) || !pith_spend(g->ctx, 1 + n / BYTES_PER_STEP))
        return 0;
    for (size_t i = 0; i < n; i++)
        start[CCC_OF(a[i]) + 1]++;
    for (size_t c = 1; c <= 256; c++)
        start[c] += start[c - 1];
    for (size_t i = 0; i < n; i++)
        g->tmp[start[CCC_OF(a[i])]++] = a[i];
    memcpy(a, g->tmp, n * sizeof *a);
    return 1;
}

/* The primary composite of a and b, or 0 when they do not compose. */
static uint32_t
compose(uint32_t a, uint32_t b)
{
    if (a - L_BASE < L_COUNT && b - V_BASE < V_COUNT)
        return S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT;
    if (a - S_BASE < S_COUNT && (a - S_BASE) % T_COUNT == 0 && b - T_BASE - 1 < T_COUNT - 1)
        return a + (b - T_BASE);
    /* only a code point NFC_QC=Maybe is ever the second of a pair */
    if (((props_of(b) >> PROPS_QC_SHIFT) & 3u) != PROPS_QC_MAYBE)
        return 0;
    uint64_t key = ((uint64_t)a << 21) | b;
    size_t lo = 0, hi = pith_nfc_n_comp;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pith_nfc_comp_pair[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < pith_nfc_n_comp && pith_nfc_comp_pair[lo] == key ? pith_nfc_comp_cp[lo] : 0;
}

/* Appends the NFC of s[0..len) to out: decomposed, marks in canonical order, recomposed.
 * An invalid byte is U+FFFD, as pith_utf8_next reads it. */
static int
rewrite(seg *g, const char *s, size_t len, pith_buf *out)
{
    if (!pith_spend(g->ctx, 1 + len / BYTES_PER_STEP))
        return 0;
    g->n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += pith_utf8_next(s + i, len - i, &cp);
        if (!decompose(g, cp))
            return 0;
    }
    uint32_t *a = g->cp;
    size_t n = g->n;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && CCC_OF(a[j]) != 0)
            j++;
        if (j - i > 1 && !sort_marks(g, a + i, j - i))
            return 0;
        i = j + 1;
    }
    /* Canonical composition: each mark joins the last starter unless a mark of the same or a
     * higher class stands between them (blocked); starters join only an adjacent starter. */
    size_t o = 0, starter = SIZE_MAX;
    unsigned last = 256; /* the class of the last code point kept: 0 when that is the starter
                          * itself; 256 before the first starter, which blocks everything */
    for (size_t i = 0; i < n; i++) {
        uint32_t item = a[i];
        unsigned ccc = CCC_OF(item);
        if (starter != SIZE_MAX && (last < ccc || last == 0)) {
            uint32_t c = compose(CP_OF(a[starter]), CP_OF(item));
            if (c) {
                a[starter] = c; /* composites are starters */
                continue;
            }
        }
        if (ccc == 0)
            starter = o;
        last = ccc;
        a[o++] = item;
    }
    for (size_t i = 0; i < o; i++)
        pith_buf_put_utf8(out, CP_OF(a[i]));
    return !out->failed;
}

/* Where the run of ASCII from s[i] ends: eight bytes at a time, since most text is ASCII. */
static inline size_t
ascii_end(const char *s, size_t i, size_t n)
{
    for (uint64_t w; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
    }
    while (i < n && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

/* pith_utf8_next at s[i], with the common well-formed two- and three-byte sequences decoded
 * in line: the quick check reads every code point of every text. */
static inline size_t
read_cp(const char *str, size_t i, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str + i;
    if (s[0] >= 0xC2 && s[0] <= 0xDF && i + 1 < n && (s[1] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    /* E0 A0..BF and ED 80..9F: the shortest forms, and no surrogates */
    if ((s[0] & 0xF0) == 0xE0 && i + 2 < n && s[1] >= (s[0] == 0xE0 ? 0xA0 : 0x80) &&
        s[1] <= (s[0] == 0xED ? 0x9F : 0xBF) && (s[2] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    return pith_utf8_next(str + i, n - i, cp);
}

const char *
pith_nfc(pith_ctx *ctx, const char *s, size_t n, size_t *out_len)
{
    *out_len = n;
    size_t i = ascii_end(s, 0, n);
    if (i == n)
        return s; /* most text nodes, with no call past this line */
    seg g = {ctx, NULL, NULL, 0, 0, 0};
    pith_buf out = {.ctx = ctx}, part = {.ctx = ctx};
    size_t from = i ? i - 1 : 0, copied = 0; /* from: where the segment at i begins */
    unsigned last_ccc = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i = ascii_end(s, i + 1, n);
            from = i - 1;
            last_ccc = 0;
            continue;
        }
        uint32_t cp;
        size_t k = read_cp(s, i, n, &cp);
        unsigned p = props_of(cp);
        int invalid = cp == 0xFFFD && k == 1;
        if (!invalid && !(p & PROPS_UNSTABLE)) {
            from = i;
            last_ccc = 0;
            i += k;
            continue;
        }
        unsigned ccc = p & PROPS_CCC;
        if (!invalid && !((p >> PROPS_QC_SHIFT) & 3u) && ccc >= last_ccc) {
            last_ccc = ccc; /* a mark in order, which nothing composes with */
            i += k;
            continue;
        }
        /* the segment ends where the next stable starter (or invalid byte) begins */
        size_t end = i + k;
        while (end < n && (unsigned char)s[end] >= 0x80) {
            size_t m = read_cp(s, end, n, &cp);
            if ((cp == 0xFFFD && m == 1) || !(props_of(cp) & PROPS_UNSTABLE))
                break;
            end += m;
        }
        part.len = 0;
        if (!rewrite(&g, s + from, end - from, &part))
            goto fail;
        /* NFC_QC=Maybe only says "look": most such segments are NFC already */
        if (part.len != end - from || memcmp(part.data, s + from, part.len) != 0) {
            pith_buf_append(&out, s + copied, from - copied);
            pith_buf_append(&out, part.data, part.len);
            copied = end;
        }
        from = i = end;
        last_ccc = 0;
    }
    if (g.cap) {
        pith_free(ctx, g.cp);
        pith_free(ctx, g.tmp);
        pith_free(ctx, part.data);
    }
    if (copied == 0)
        return s;
    pith_buf_append(&out, s + copied, n - copied);
    if (out.failed)
        goto fail;
    *out_len = out.len;
    return out.data;
fail:
    if (ctx->error == PITH_OK)
        ctx->error = PITH_ERR_NO_MEMORY;
    return NULL;
}
