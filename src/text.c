/* SPDX-License-Identifier: MIT */
/*
 * UTF-8 and text helpers every stage shares: encoding and decoding one code point, validity,
 * Unicode whitespace and word characters, ASCII case-insensitive comparison and search,
 * whitespace collapsing. Apart from arena.c, which is memory only.
 */
#include <string.h>

#include "internal.h"

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
        unsigned char x = pith_ascii_lower((unsigned char)a[i]);
        unsigned char y = pith_ascii_lower((unsigned char)b[i]);
        if (x != y)
            return x < y ? -1 : 1;
        if (x == 0)
            return 0;
    }
    return 0;
}

const char *
pith_find_ci(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0 || k > n)
        return NULL;
    unsigned char first = pith_ascii_lower((unsigned char)needle[0]);
    for (size_t i = 0; i + k <= n; i++)
        if (pith_ascii_lower((unsigned char)hay[i]) == first &&
            pith_ascii_casecmp_n(hay + i + 1, needle + 1, k - 1) == 0)
            return hay + i;
    return NULL;
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
