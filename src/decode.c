/* SPDX-License-Identifier: MIT */
/*
 * Raw page bytes -> UTF-8, deciding the charset the way a browser does (WHATWG Encoding
 * Standard and the HTML "determining the character encoding" steps): byte order mark, then
 * the caller's hint, then a <meta> prescan, then a UTF-8 check, then, like Chrome's and
 * Firefox's detectors, a guess from the bytes among the common legacy charsets (see detect),
 * then windows-1252.
 *
 * Every invalid byte becomes U+FFFD and every NUL becomes U+FFFD (gumbo would otherwise see
 * them), each with its flag, so nothing is dropped silently. glibc's iconv does the legacy
 * multi-byte charsets and builds the tables of the single-byte ones; UTF-8, UTF-16,
 * windows-1252, x-user-defined and "replacement" are decoded here, because they must follow
 * WHATWG exactly and must not depend on gconv modules being installed.
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "internal.h"

/* ---- the WHATWG encodings ---- */

typedef enum enc_id {
    ENC_UTF8,
    ENC_IBM866,
    ENC_ISO8859_2,
    ENC_ISO8859_3,
    ENC_ISO8859_4,
    ENC_ISO8859_5,
    ENC_ISO8859_6,
    ENC_ISO8859_7,
    ENC_ISO8859_8,
    ENC_ISO8859_8I,
    ENC_ISO8859_10,
    ENC_ISO8859_13,
    ENC_ISO8859_14,
    ENC_ISO8859_15,
    ENC_ISO8859_16,
    ENC_KOI8R,
    ENC_KOI8U,
    ENC_MACINTOSH,
    ENC_WIN874,
    ENC_WIN1250,
    ENC_WIN1251,
    ENC_WIN1252,
    ENC_WIN1253,
    ENC_WIN1254,
    ENC_WIN1255,
    ENC_WIN1256,
    ENC_WIN1257,
    ENC_WIN1258,
    ENC_XMACCYRILLIC,
    ENC_GBK,
    ENC_GB18030,
    ENC_BIG5,
    ENC_EUCJP,
    ENC_ISO2022JP,
    ENC_SHIFTJIS,
    ENC_EUCKR,
    ENC_REPLACEMENT,
    ENC_UTF16BE,
    ENC_UTF16LE,
    ENC_XUSERDEFINED,
    ENC_COUNT
} enc_id;

typedef enum enc_kind {
    KIND_UTF8,
    KIND_UTF16LE,
    KIND_UTF16BE,
    KIND_SINGLE,       /* one byte, one character: a 128-entry table for 0x80..0xFF */
    KIND_MULTI,        /* legacy CJK: streamed through iconv */
    KIND_USER_DEFINED, /* x-user-defined: 0x80..0xFF -> U+F780..U+F7FF */
    KIND_REPLACEMENT   /* labels browsers refuse to decode (ISO-2022-KR, HZ, ...): one U+FFFD */
} enc_kind;

/* Each WHATWG encoding, with the glibc converters that match it best, most faithful first.
 * Checked with glibc 2.36 (Debian 12); where a name is missing the next one is tried, and
 * when none opens the bytes are decoded as if nothing had been declared (see pith_decode).
 * - windows-125x/874: glibc rejects the bytes 0x80..0x9F these code pages leave undefined;
 *   WHATWG maps them to U+0080..U+009F, so the table builder does (C1 fallback).
 * - windows-1255/1258: glibc composes base + combining mark; converting byte by byte with a
 *   flush after each, as the table builder does, keeps WHATWG's one-to-one mapping.
 * - KOI8-U: WHATWG's table has U+045E/U+040E at 0xAE/0xBE, which is glibc's KOI8-RU.
 * - x-mac-cyrillic: glibc's MAC-CYRILLIC has U+00A4 at 0xFF where WHATWG has the euro sign.
 * - GBK and gb18030: WHATWG decodes both with the gb18030 decoder, which also maps the single
 *   byte 0x80 to the euro sign; glibc rejects it, so that is patched on the way.
 * - Shift_JIS: CP932, i.e. with the NEC/IBM extensions WHATWG's index has.
 * - EUC-JP: EUC-JP-MS knows the NEC row 13 (circled digits) that glibc's EUC-JP rejects.
 * - EUC-KR: WHATWG's EUC-KR is Microsoft's UHC superset, glibc's CP949.
 * - Big5: WHATWG's index includes HKSCS, so BIG5-HKSCS.
 * - ISO-8859-8-I: only the display order differs from ISO-8859-8, not the characters. */
typedef struct enc_info {
    const char *name; /* WHATWG name */
    enc_kind kind;
    unsigned char c1_fallback; /* windows code pages: undefined 0x80..0x9F -> U+0080..U+009F */
    unsigned char shift_state; /* ISO-2022-JP: a flush would reset the escape state */
    const char *iconv[3];
} enc_info;

static const enc_info encodings[ENC_COUNT] = {
    [ENC_UTF8] = {"UTF-8", KIND_UTF8, 0, 0, {NULL}},
    [ENC_IBM866] = {"IBM866", KIND_SINGLE, 0, 0, {"CP866", "IBM866", NULL}},
    [ENC_ISO8859_2] = {"ISO-8859-2", KIND_SINGLE, 0, 0, {"ISO-8859-2", NULL}},
    [ENC_ISO8859_3] = {"ISO-8859-3", KIND_SINGLE, 0, 0, {"ISO-8859-3", NULL}},
    [ENC_ISO8859_4] = {"ISO-8859-4", KIND_SINGLE, 0, 0, {"ISO-8859-4", NULL}},
    [ENC_ISO8859_5] = {"ISO-8859-5", KIND_SINGLE, 0, 0, {"ISO-8859-5", NULL}},
    [ENC_ISO8859_6] = {"ISO-8859-6", KIND_SINGLE, 0, 0, {"ISO-8859-6", NULL}},
    [ENC_ISO8859_7] = {"ISO-8859-7", KIND_SINGLE, 0, 0, {"ISO-8859-7", NULL}},
    [ENC_ISO8859_8] = {"ISO-8859-8", KIND_SINGLE, 0, 0, {"ISO-8859-8", NULL}},
    [ENC_ISO8859_8I] = {"ISO-8859-8-I", KIND_SINGLE, 0, 0, {"ISO-8859-8", NULL}},
    [ENC_ISO8859_10] = {"ISO-8859-10", KIND_SINGLE, 0, 0, {"ISO-8859-10", NULL}},
    [ENC_ISO8859_13] = {"ISO-8859-13", KIND_SINGLE, 0, 0, {"ISO-8859-13", NULL}},
    [ENC_ISO8859_14] = {"ISO-8859-14", KIND_SINGLE, 0, 0, {"ISO-8859-14", NULL}},
    [ENC_ISO8859_15] = {"ISO-8859-15", KIND_SINGLE, 0, 0, {"ISO-8859-15", NULL}},
    [ENC_ISO8859_16] = {"ISO-8859-16", KIND_SINGLE, 0, 0, {"ISO-8859-16", NULL}},
    [ENC_KOI8R] = {"KOI8-R", KIND_SINGLE, 0, 0, {"KOI8-R", NULL}},
    [ENC_KOI8U] = {"KOI8-U", KIND_SINGLE, 0, 0, {"KOI8-RU", "KOI8-U", NULL}},
    [ENC_MACINTOSH] = {"macintosh", KIND_SINGLE, 0, 0, {"MACINTOSH", NULL}},
    [ENC_WIN874] = {"windows-874", KIND_SINGLE, 1, 0, {"CP874", "WINDOWS-874", NULL}},
    [ENC_WIN1250] = {"windows-1250", KIND_SINGLE, 1, 0, {"CP1250", NULL}},
    [ENC_WIN1251] = {"windows-1251", KIND_SINGLE, 1, 0, {"CP1251", NULL}},
    /* built in: the default charset must not depend on gconv modules */
    [ENC_WIN1252] = {"windows-1252", KIND_SINGLE, 1, 0, {NULL}},
    [ENC_WIN1253] = {"windows-1253", KIND_SINGLE, 1, 0, {"CP1253", NULL}},
    [ENC_WIN1254] = {"windows-1254", KIND_SINGLE, 1, 0, {"CP1254", NULL}},
    [ENC_WIN1255] = {"windows-1255", KIND_SINGLE, 1, 0, {"CP1255", NULL}},
    [ENC_WIN1256] = {"windows-1256", KIND_SINGLE, 1, 0, {"CP1256", NULL}},
    [ENC_WIN1257] = {"windows-1257", KIND_SINGLE, 1, 0, {"CP1257", NULL}},
    [ENC_WIN1258] = {"windows-1258", KIND_SINGLE, 1, 0, {"CP1258", NULL}},
    [ENC_XMACCYRILLIC] = {"x-mac-cyrillic", KIND_SINGLE, 0, 0, {"MAC-CYRILLIC", "MAC-UK", NULL}},
    [ENC_GBK] = {"GBK", KIND_MULTI, 0, 0, {"GB18030", "GBK", NULL}},
    [ENC_GB18030] = {"gb18030", KIND_MULTI, 0, 0, {"GB18030", NULL}},
    [ENC_BIG5] = {"Big5", KIND_MULTI, 0, 0, {"BIG5-HKSCS", "BIG5", NULL}},
    [ENC_EUCJP] = {"EUC-JP", KIND_MULTI, 0, 0, {"EUC-JP-MS", "EUC-JP", NULL}},
    [ENC_ISO2022JP] = {"ISO-2022-JP", KIND_MULTI, 0, 1, {"ISO-2022-JP", NULL}},
    [ENC_SHIFTJIS] = {"Shift_JIS", KIND_MULTI, 0, 0, {"CP932", "SHIFT_JIS", NULL}},
    [ENC_EUCKR] = {"EUC-KR", KIND_MULTI, 0, 0, {"CP949", "EUC-KR", NULL}},
    [ENC_REPLACEMENT] = {"replacement", KIND_REPLACEMENT, 0, 0, {NULL}},
    [ENC_UTF16BE] = {"UTF-16BE", KIND_UTF16BE, 0, 0, {NULL}},
    [ENC_UTF16LE] = {"UTF-16LE", KIND_UTF16LE, 0, 0, {NULL}},
    [ENC_XUSERDEFINED] = {"x-user-defined", KIND_USER_DEFINED, 0, 0, {NULL}},
};

/* The WHATWG label table, sorted by label (bytewise) for binary search. */
typedef struct enc_label {
    const char *label; /* lowercase */
    enc_id id;
} enc_label;

static const enc_label labels[] = {
    {"866", ENC_IBM866},
    {"ansi_x3.4-1968", ENC_WIN1252},
    {"arabic", ENC_ISO8859_6},
    {"ascii", ENC_WIN1252},
    {"asmo-708", ENC_ISO8859_6},
    {"big5", ENC_BIG5},
    {"big5-hkscs", ENC_BIG5},
    {"chinese", ENC_GBK},
    {"cn-big5", ENC_BIG5},
    {"cp1250", ENC_WIN1250},
    {"cp1251", ENC_WIN1251},
    {"cp1252", ENC_WIN1252},
    {"cp1253", ENC_WIN1253},
    {"cp1254", ENC_WIN1254},
    {"cp1255", ENC_WIN1255},
    {"cp1256", ENC_WIN1256},
    {"cp1257", ENC_WIN1257},
    {"cp1258", ENC_WIN1258},
    {"cp819", ENC_WIN1252},
    {"cp866", ENC_IBM866},
    {"csbig5", ENC_BIG5},
    {"cseuckr", ENC_EUCKR},
    {"cseucpkdfmtjapanese", ENC_EUCJP},
    {"csgb2312", ENC_GBK},
    {"csibm866", ENC_IBM866},
    {"csiso2022jp", ENC_ISO2022JP},
    {"csiso2022kr", ENC_REPLACEMENT},
    {"csiso58gb231280", ENC_GBK},
    {"csiso88596e", ENC_ISO8859_6},
    {"csiso88596i", ENC_ISO8859_6},
    {"csiso88598e", ENC_ISO8859_8},
    {"csiso88598i", ENC_ISO8859_8I},
    {"csisolatin1", ENC_WIN1252},
    {"csisolatin2", ENC_ISO8859_2},
    {"csisolatin3", ENC_ISO8859_3},
    {"csisolatin4", ENC_ISO8859_4},
    {"csisolatin5", ENC_WIN1254},
    {"csisolatin6", ENC_ISO8859_10},
    {"csisolatin9", ENC_ISO8859_15},
    {"csisolatinarabic", ENC_ISO8859_6},
    {"csisolatincyrillic", ENC_ISO8859_5},
    {"csisolatingreek", ENC_ISO8859_7},
    {"csisolatinhebrew", ENC_ISO8859_8},
    {"cskoi8r", ENC_KOI8R},
    {"csksc56011987", ENC_EUCKR},
    {"csmacintosh", ENC_MACINTOSH},
    {"csshiftjis", ENC_SHIFTJIS},
    {"csunicode", ENC_UTF16LE},
    {"cyrillic", ENC_ISO8859_5},
    {"dos-874", ENC_WIN874},
    {"ecma-114", ENC_ISO8859_6},
    {"ecma-118", ENC_ISO8859_7},
    {"elot_928", ENC_ISO8859_7},
    {"euc-jp", ENC_EUCJP},
    {"euc-kr", ENC_EUCKR},
    {"gb18030", ENC_GB18030},
    {"gb2312", ENC_GBK},
    {"gb_2312", ENC_GBK},
    {"gb_2312-80", ENC_GBK},
    {"gbk", ENC_GBK},
    {"greek", ENC_ISO8859_7},
    {"greek8", ENC_ISO8859_7},
    {"hebrew", ENC_ISO8859_8},
    {"hz-gb-2312", ENC_REPLACEMENT},
    {"ibm819", ENC_WIN1252},
    {"ibm866", ENC_IBM866},
    {"iso-10646-ucs-2", ENC_UTF16LE},
    {"iso-2022-cn", ENC_REPLACEMENT},
    {"iso-2022-cn-ext", ENC_REPLACEMENT},
    {"iso-2022-jp", ENC_ISO2022JP},
    {"iso-2022-kr", ENC_REPLACEMENT},
    {"iso-8859-1", ENC_WIN1252},
    {"iso-8859-10", ENC_ISO8859_10},
    {"iso-8859-11", ENC_WIN874},
    {"iso-8859-13", ENC_ISO8859_13},
    {"iso-8859-14", ENC_ISO8859_14},
    {"iso-8859-15", ENC_ISO8859_15},
    {"iso-8859-16", ENC_ISO8859_16},
    {"iso-8859-2", ENC_ISO8859_2},
    {"iso-8859-3", ENC_ISO8859_3},
    {"iso-8859-4", ENC_ISO8859_4},
    {"iso-8859-5", ENC_ISO8859_5},
    {"iso-8859-6", ENC_ISO8859_6},
    {"iso-8859-6-e", ENC_ISO8859_6},
    {"iso-8859-6-i", ENC_ISO8859_6},
    {"iso-8859-7", ENC_ISO8859_7},
    {"iso-8859-8", ENC_ISO8859_8},
    {"iso-8859-8-e", ENC_ISO8859_8},
    {"iso-8859-8-i", ENC_ISO8859_8I},
    {"iso-8859-9", ENC_WIN1254},
    {"iso-ir-100", ENC_WIN1252},
    {"iso-ir-101", ENC_ISO8859_2},
    {"iso-ir-109", ENC_ISO8859_3},
    {"iso-ir-110", ENC_ISO8859_4},
    {"iso-ir-126", ENC_ISO8859_7},
    {"iso-ir-127", ENC_ISO8859_6},
    {"iso-ir-138", ENC_ISO8859_8},
    {"iso-ir-144", ENC_ISO8859_5},
    {"iso-ir-148", ENC_WIN1254},
    {"iso-ir-149", ENC_EUCKR},
    {"iso-ir-157", ENC_ISO8859_10},
    {"iso-ir-58", ENC_GBK},
    {"iso8859-1", ENC_WIN1252},
    {"iso8859-10", ENC_ISO8859_10},
    {"iso8859-11", ENC_WIN874},
    {"iso8859-13", ENC_ISO8859_13},
    {"iso8859-14", ENC_ISO8859_14},
    {"iso8859-15", ENC_ISO8859_15},
    {"iso8859-2", ENC_ISO8859_2},
    {"iso8859-3", ENC_ISO8859_3},
    {"iso8859-4", ENC_ISO8859_4},
    {"iso8859-5", ENC_ISO8859_5},
    {"iso8859-6", ENC_ISO8859_6},
    {"iso8859-7", ENC_ISO8859_7},
    {"iso8859-8", ENC_ISO8859_8},
    {"iso8859-9", ENC_WIN1254},
    {"iso88591", ENC_WIN1252},
    {"iso885910", ENC_ISO8859_10},
    {"iso885911", ENC_WIN874},
    {"iso885913", ENC_ISO8859_13},
    {"iso885914", ENC_ISO8859_14},
    {"iso885915", ENC_ISO8859_15},
    {"iso88592", ENC_ISO8859_2},
    {"iso88593", ENC_ISO8859_3},
    {"iso88594", ENC_ISO8859_4},
    {"iso88595", ENC_ISO8859_5},
    {"iso88596", ENC_ISO8859_6},
    {"iso88597", ENC_ISO8859_7},
    {"iso88598", ENC_ISO8859_8},
    {"iso88599", ENC_WIN1254},
    {"iso_8859-1", ENC_WIN1252},
    {"iso_8859-15", ENC_ISO8859_15},
    {"iso_8859-1:1987", ENC_WIN1252},
    {"iso_8859-2", ENC_ISO8859_2},
    {"iso_8859-2:1987", ENC_ISO8859_2},
    {"iso_8859-3", ENC_ISO8859_3},
    {"iso_8859-3:1988", ENC_ISO8859_3},
    {"iso_8859-4", ENC_ISO8859_4},
    {"iso_8859-4:1988", ENC_ISO8859_4},
    {"iso_8859-5", ENC_ISO8859_5},
    {"iso_8859-5:1988", ENC_ISO8859_5},
    {"iso_8859-6", ENC_ISO8859_6},
    {"iso_8859-6:1987", ENC_ISO8859_6},
    {"iso_8859-7", ENC_ISO8859_7},
    {"iso_8859-7:1987", ENC_ISO8859_7},
    {"iso_8859-8", ENC_ISO8859_8},
    {"iso_8859-8:1988", ENC_ISO8859_8},
    {"iso_8859-9", ENC_WIN1254},
    {"iso_8859-9:1989", ENC_WIN1254},
    {"koi", ENC_KOI8R},
    {"koi8", ENC_KOI8R},
    {"koi8-r", ENC_KOI8R},
    {"koi8-ru", ENC_KOI8U},
    {"koi8-u", ENC_KOI8U},
    {"koi8_r", ENC_KOI8R},
    {"korean", ENC_EUCKR},
    {"ks_c_5601-1987", ENC_EUCKR},
    {"ks_c_5601-1989", ENC_EUCKR},
    {"ksc5601", ENC_EUCKR},
    {"ksc_5601", ENC_EUCKR},
    {"l1", ENC_WIN1252},
    {"l2", ENC_ISO8859_2},
    {"l3", ENC_ISO8859_3},
    {"l4", ENC_ISO8859_4},
    {"l5", ENC_WIN1254},
    {"l6", ENC_ISO8859_10},
    {"l9", ENC_ISO8859_15},
    {"latin1", ENC_WIN1252},
    {"latin2", ENC_ISO8859_2},
    {"latin3", ENC_ISO8859_3},
    {"latin4", ENC_ISO8859_4},
    {"latin5", ENC_WIN1254},
    {"latin6", ENC_ISO8859_10},
    {"logical", ENC_ISO8859_8I},
    {"mac", ENC_MACINTOSH},
    {"macintosh", ENC_MACINTOSH},
    {"ms932", ENC_SHIFTJIS},
    {"ms_kanji", ENC_SHIFTJIS},
    {"replacement", ENC_REPLACEMENT},
    {"shift-jis", ENC_SHIFTJIS},
    {"shift_jis", ENC_SHIFTJIS},
    {"sjis", ENC_SHIFTJIS},
    {"sun_eu_greek", ENC_ISO8859_7},
    {"tis-620", ENC_WIN874},
    {"ucs-2", ENC_UTF16LE},
    {"unicode", ENC_UTF16LE},
    {"unicode-1-1-utf-8", ENC_UTF8},
    {"unicode11utf8", ENC_UTF8},
    {"unicode20utf8", ENC_UTF8},
    {"unicodefeff", ENC_UTF16LE},
    {"unicodefffe", ENC_UTF16BE},
    {"us-ascii", ENC_WIN1252},
    {"utf-16", ENC_UTF16LE},
    {"utf-16be", ENC_UTF16BE},
    {"utf-16le", ENC_UTF16LE},
    {"utf-8", ENC_UTF8},
    {"utf8", ENC_UTF8},
    {"visual", ENC_ISO8859_8},
    {"windows-1250", ENC_WIN1250},
    {"windows-1251", ENC_WIN1251},
    {"windows-1252", ENC_WIN1252},
    {"windows-1253", ENC_WIN1253},
    {"windows-1254", ENC_WIN1254},
    {"windows-1255", ENC_WIN1255},
    {"windows-1256", ENC_WIN1256},
    {"windows-1257", ENC_WIN1257},
    {"windows-1258", ENC_WIN1258},
    {"windows-31j", ENC_SHIFTJIS},
    {"windows-874", ENC_WIN874},
    {"windows-949", ENC_EUCKR},
    {"x-cp1250", ENC_WIN1250},
    {"x-cp1251", ENC_WIN1251},
    {"x-cp1252", ENC_WIN1252},
    {"x-cp1253", ENC_WIN1253},
    {"x-cp1254", ENC_WIN1254},
    {"x-cp1255", ENC_WIN1255},
    {"x-cp1256", ENC_WIN1256},
    {"x-cp1257", ENC_WIN1257},
    {"x-cp1258", ENC_WIN1258},
    {"x-euc-jp", ENC_EUCJP},
    {"x-gbk", ENC_GBK},
    {"x-mac-cyrillic", ENC_XMACCYRILLIC},
    {"x-mac-roman", ENC_MACINTOSH},
    {"x-mac-ukrainian", ENC_XMACCYRILLIC},
    {"x-sjis", ENC_SHIFTJIS},
    {"x-unicode20utf8", ENC_UTF8},
    {"x-user-defined", ENC_XUSERDEFINED},
    {"x-x-big5", ENC_BIG5},
};

#define N_LABELS (sizeof labels / sizeof labels[0])
#define MAX_LABEL 32 /* longer than any label in the table */

/* The WHATWG "get an encoding": trim ASCII whitespace, compare case-insensitively. */
static int
lookup_label(const char *label, size_t len)
{
    const unsigned char *s = (const unsigned char *)label;
    while (len > 0 && pith_is_html_space(s[0]))
        s++, len--;
    while (len > 0 && pith_is_html_space(s[len - 1]))
        len--;
    if (len == 0 || len >= MAX_LABEL)
        return -1;
    char key[MAX_LABEL];
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c == 0)
            return -1; /* "utf-8\0junk" must not match "utf-8" */
        key[i] = (char)pith_ascii_lower(c);
    }
    key[len] = '\0';
    size_t lo = 0, hi = N_LABELS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, labels[mid].label);
        if (c == 0)
            return (int)labels[mid].id;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

const char *
pith_charset_canonical(const char *label, size_t len)
{
    if (!label)
        return NULL;
    int id = lookup_label(label, len);
    return id < 0 ? NULL : encodings[id].name;
}

/* ---- UTF-8 output ---- */

/* Writes cp at out + o when out is non-NULL (a NULL out only counts); returns the new length. */
static size_t
put_cp(char *out, size_t o, uint32_t cp)
{
    if (cp < 0x80) {
        if (out)
            out[o] = (char)cp;
        return o + 1;
    }
    if (cp < 0x800) {
        if (out) {
            out[o] = (char)(0xC0 | (cp >> 6));
            out[o + 1] = (char)(0x80 | (cp & 0x3F));
        }
        return o + 2;
    }
    if (cp < 0x10000) {
        if (out) {
            out[o] = (char)(0xE0 | (cp >> 12));
            out[o + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o + 2] = (char)(0x80 | (cp & 0x3F));
        }
        return o + 3;
    }
    if (out) {
        out[o] = (char)(0xF0 | (cp >> 18));
        out[o + 1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[o + 2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[o + 3] = (char)(0x80 | (cp & 0x3F));
    }
    return o + 4;
}

#define REPLACEMENT_CP 0xFFFDu

/* ---- UTF-8 input ---- */

/* Eight bytes that are all ASCII and none NUL. */
static int
ascii_word(const unsigned char *s)
{
    uint64_t v;
    memcpy(&v, s, 8);
    return ((v & 0x8080808080808080ull) |
            ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull)) == 0;
}

/* Most of a page, in UTF-8 or a single-byte charset, is ASCII without NULs: copies (or, when
 * out is NULL, counts) such bytes eight at a time from s[*i], advancing *i and *o. */
static void
copy_ascii_run(const unsigned char *s, size_t n, size_t *i, char *out, size_t *o)
{
    while (*i + 8 <= n && ascii_word(s + *i)) {
        if (out)
            memcpy(out + *o, s + *i, 8);
        *i += 8;
        *o += 8;
    }
}

/* The WHATWG UTF-8 decoder: one U+FFFD per maximal invalid subpart, as browsers do, so that
 * a truncated sequence does not swallow the ASCII byte after it. Counts when out is NULL. */
static size_t
utf8_decode(const unsigned char *s, size_t n, char *out, unsigned *flags)
{
    size_t i = 0, o = 0;
    while (i < n) {
        copy_ascii_run(s, n, &i, out, &o);
        if (i >= n)
            break;
        unsigned char b = s[i];
        if (b < 0x80) {
            if (b == 0) {
                o = put_cp(out, o, REPLACEMENT_CP);
                *flags |= PITH_FLAG_NUL_REPLACED;
            } else {
                if (out)
                    out[o] = (char)b;
                o++;
            }
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            if (b == 0xE0)
                lo = 0xA0; /* overlong */
            if (b == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            if (b == 0xF0)
                lo = 0x90; /* overlong */
            if (b == 0xF4)
                hi = 0x8F; /* past U+10FFFF */
        } else {
            o = put_cp(out, o, REPLACEMENT_CP);
            *flags |= PITH_FLAG_INVALID_BYTES_REPLACED;
            i++;
            continue;
        }
        size_t k = 1;
        while (k <= need && i + k < n) {
            unsigned char c = s[i + k];
            if (c < lo || c > hi)
                break;
            lo = 0x80, hi = 0xBF;
            k++;
        }
        if (k <= need) {
            o = put_cp(out, o, REPLACEMENT_CP);
            *flags |= PITH_FLAG_INVALID_BYTES_REPLACED;
            i += k; /* the byte that broke the sequence starts the next one */
            continue;
        }
        if (out)
            memcpy(out + o, s + i, k);
        o += k;
        i += k;
    }
    return o;
}

/* 1 when s is valid UTF-8 (NULs allowed: they are replaced later); *multi tells whether any
 * multi-byte sequence occurs. Stops at the first error. */
static int
utf8_valid(const unsigned char *s, size_t n, int *multi)
{
    *multi = 0;
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            while (i + 8 <= n) {
                uint64_t v;
                memcpy(&v, s + i, 8);
                if (v & 0x8080808080808080ull)
                    break;
                i += 8;
            }
            continue;
        }
        /* the lead byte gives the sequence's length; the decoder judges it */
        unsigned char b = s[i];
        size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (b < 0xC2 || b > 0xF4 || len > n - i)
            return 0;
        unsigned flags = 0;
        utf8_decode(s + i, len, NULL, &flags);
        if (flags & PITH_FLAG_INVALID_BYTES_REPLACED)
            return 0;
        *multi = 1;
        i += len;
    }
    return 1;
}

/* Copies s to out for as long as it is valid UTF-8 without NUL, the common case, where the
 * decoded text is the input; returns how far it got (n when all of it). */
static size_t
utf8_copy_valid(const unsigned char *s, size_t n, char *out)
{
    size_t i = 0;
    while (i < n) {
        while (i + 8 <= n && ascii_word(s + i)) {
            memcpy(out + i, s + i, 8);
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char b = s[i];
        if (b < 0x80) {
            if (b == 0)
                return i;
            out[i++] = (char)b;
            continue;
        }
        size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (b < 0xC2 || b > 0xF4 || len > n - i)
            return i;
        unsigned flags = 0;
        utf8_decode(s + i, len, NULL, &flags);
        if (flags)
            return i;
        memcpy(out + i, s + i, len);
        i += len;
    }
    return n;
}

/* ---- UTF-16 input ---- */

static size_t
utf16_decode(const unsigned char *s, size_t n, int big_endian, char *out, unsigned *flags)
{
    size_t i = 0, o = 0;
    uint32_t lead = 0;
    while (n - i >= 2) {
        uint32_t u = big_endian ? ((uint32_t)s[i] << 8 | s[i + 1])
                                : ((uint32_t)s[i + 1] << 8 | s[i]);
        i += 2;
        if (lead) {
            if (u >= 0xDC00 && u <= 0xDFFF) {
                o = put_cp(out, o, 0x10000 + ((lead - 0xD800) << 10) + (u - 0xDC00));
                lead = 0;
                continue;
            }
            o = put_cp(out, o, REPLACEMENT_CP); /* lone lead surrogate; u is read afresh */
            *flags |= PITH_FLAG_INVALID_BYTES_REPLACED;
            lead = 0;
        }
        if (u >= 0xD800 && u <= 0xDBFF) {
            lead = u;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            o = put_cp(out, o, REPLACEMENT_CP);
            *flags |= PITH_FLAG_INVALID_BYTES_REPLACED;
        } else if (u == 0) {
            o = put_cp(out, o, REPLACEMENT_CP);
            *flags |= PITH_FLAG_NUL_REPLACED;
        } else {
            o = put_cp(out, o, u);
        }
    }
    if (lead || i < n) { /* WHATWG: one error for whatever is left unfinished */
        o = put_cp(out, o, REPLACEMENT_CP);
        *flags |= PITH_FLAG_INVALID_BYTES_REPLACED;
    }
    return o;
}

/* ---- single-byte charsets ---- */

/* UTF-8 for bytes 0x80..0xFF; len 0 marks a byte the charset leaves undefined. Every
 * charset here is ASCII below 0x80. */
typedef struct sb_table {
    unsigned char len[128];
    char seq[128][3];
} sb_table;

/* windows-1252 0x80..0x9F; 0xA0..0xFF are Latin-1. */
static const uint16_t win1252_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static void
table_set(sb_table *t, unsigned b, uint32_t cp)
{
    t->len[b - 0x80] = (unsigned char)put_cp(t->seq[b - 0x80], 0, cp);
}

static iconv_t
open_decoder(const enc_info *e)
{
    for (size_t i = 0; i < sizeof e->iconv / sizeof e->iconv[0] && e->iconv[i]; i++) {
        iconv_t cd = iconv_open("UTF-8", e->iconv[i]);
        if (cd != (iconv_t)-1)
            return cd;
    }
    return (iconv_t)-1;
}

/* 0 when no converter for the charset opens on this machine. */
static int
build_table(enc_id id, sb_table *t)
{
    memset(t, 0, sizeof *t);
    if (id == ENC_WIN1252) {
        for (unsigned b = 0x80; b <= 0xFF; b++)
            table_set(t, b, b < 0xA0 ? win1252_c1[b - 0x80] : b);
        return 1;
    }
    if (id == ENC_XUSERDEFINED) {
        for (unsigned b = 0x80; b <= 0xFF; b++)
            table_set(t, b, 0xF780 + b - 0x80);
        return 1;
    }
    const enc_info *e = &encodings[id];
    iconv_t cd = open_decoder(e);
    if (cd == (iconv_t)-1)
        return 0;
    for (unsigned b = 0x80; b <= 0xFF; b++) {
        char byte = (char)b, tmp[8];
        char *in = &byte, *o = tmp;
        size_t inleft = 1, oleft = sizeof tmp;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        int ok = r != (size_t)-1 && inleft == 0;
        if (ok) /* flush: windows-1255/1258 hold a base letter back for a combining mark */
            ok = iconv(cd, NULL, NULL, &o, &oleft) != (size_t)-1;
        else
            iconv(cd, NULL, NULL, NULL, NULL);
        size_t k = sizeof tmp - oleft;
        if (ok && k >= 1 && k <= 3 && tmp[0] != '\0') {
            memcpy(t->seq[b - 0x80], tmp, k);
            t->len[b - 0x80] = (unsigned char)k;
        } else if (e->c1_fallback && b < 0xA0) {
            table_set(t, b, b);
        }
    }
    iconv_close(cd);
    if (id == ENC_XMACCYRILLIC)
        table_set(t, 0xFF, 0x20AC);
    return 1;
}

static size_t
sb_decode(const sb_table *t, const unsigned char *s, size_t n, char *out, unsigned *flags)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        copy_ascii_run(s, n, &i, out, &o);
        if (i >= n)
            break;
        unsigned char b = s[i];
        if (b == 0) {
            o = put_cp(out, o, REPLACEMENT_CP);
            *flags |= PITH_FLAG_NUL_REPLACED;
        } else if (b < 0x80) {
            if (out)
                out[o] = (char)b;
            o++;
        } else if (t->len[b - 0x80] == 0) {
            o = put_cp(out, o, REPLACEMENT_CP);
            *flags |= PITH_FLAG_INVALID_BYTES_REPLACED;
        } else {
            if (out)
                memcpy(out + o, t->seq[b - 0x80], t->len[b - 0x80]);
            o += t->len[b - 0x80];
        }
    }
    return o;
}

/* ---- multi-byte charsets through iconv ---- */

/* Emits what a stateful converter (BIG5-HKSCS composes pairs) still holds. */
static void
flush(iconv_t cd, char **o, size_t *oleft)
{
    iconv(cd, NULL, NULL, o, oleft);
}

static pith_status
multi_decode(pith_ctx *ctx, enc_id id, iconv_t cd, const unsigned char *s, size_t n,
             pith_decoded *out)
{
    const enc_info *e = &encodings[id];
    /* Output bound, so the buffer is allocated once: an ASCII byte gives one byte, except in
     * ISO-2022-JP where two ASCII bytes after an escape give a 3-byte character; a byte
     * >= 0x80 or a NUL (U+FFFD) gives at most 3 (a 2-byte sequence at most 4: a supplementary
     * character or a base + combining pair in Big5-HKSCS). 16 spare bytes for iconv, which
     * wants room for a whole character before it writes one. */
    size_t special = 0;
    for (size_t i = 0; i < n; i++)
        special += s[i] >= 0x80 || s[i] == 0;
    if (n > (SIZE_MAX - 32) / 3) {
        ctx->error = ctx->error ? ctx->error : PITH_ERR_MEMORY_LIMIT;
        return ctx->error;
    }
    size_t cap = (e->shift_state ? 3 * n : n + 2 * special) + 16;
    char *buf = pith_alloc(ctx, cap + 1);
    if (!buf)
        return ctx->error;
    char *o = buf;
    size_t oleft = cap, pos = 0;
    unsigned flags = 0;
    while (pos < n) {
        /* NULs are cut out before iconv sees them, which would pass them through */
        const unsigned char *nul = memchr(s + pos, 0, n - pos);
        size_t end = nul ? (size_t)(nul - s) : n;
        while (pos < end) {
            char *in = (char *)(uintptr_t)(s + pos);
            size_t inleft = end - pos;
            size_t r = iconv(cd, &in, &inleft, &o, &oleft);
            pos = end - inleft;
            if (r != (size_t)-1)
                break;
            int err = errno;
            if (err == E2BIG || oleft < 4)
                goto overflow;
            if (!e->shift_state)
                flush(cd, &o, &oleft);
            /* WHATWG single bytes glibc rejects: 0x80 is the euro sign in GBK/gb18030 and
             * U+0080 in Shift_JIS */
            if (err == EILSEQ && s[pos] == 0x80 &&
                (id == ENC_GBK || id == ENC_GB18030 || id == ENC_SHIFTJIS)) {
                size_t k = put_cp(o, 0, id == ENC_SHIFTJIS ? 0x80 : 0x20AC);
                o += k;
                oleft -= k;
                pos++;
                continue;
            }
            o += put_cp(o, 0, REPLACEMENT_CP);
            oleft -= 3;
            flags |= PITH_FLAG_INVALID_BYTES_REPLACED;
            /* EILSEQ: skip one byte and resynchronise; EINVAL: a sequence cut short by the
             * end or by a NUL, one U+FFFD for all of it */
            pos = err == EILSEQ ? pos + 1 : end;
        }
        if (!e->shift_state)
            flush(cd, &o, &oleft);
        if (pos < n) {
            if (oleft < 4)
                goto overflow;
            o += put_cp(o, 0, REPLACEMENT_CP);
            oleft -= 3;
            flags |= PITH_FLAG_NUL_REPLACED;
            pos++;
        }
    }
    flush(cd, &o, &oleft);
    *o = '\0';
    out->text = buf;
    out->len = (size_t)(o - buf);
    out->flags |= flags;
    return PITH_OK;
overflow:
    /* The bound above makes this unreachable; if a converter ever breaks it, say so rather
     * than write past the buffer. */
    *o = '\0';
    out->text = buf;
    out->len = (size_t)(o - buf);
    out->flags |= flags | PITH_FLAG_INVALID_BYTES_REPLACED;
    return PITH_OK;
}

/* ---- the <meta> prescan ---- */

/* The WHATWG prescan stops after 1024 bytes. Saved pages often carry kilobytes of inline CSS,
 * scripts and meta tags before their charset declaration (CMS themes, "Save Page As" with
 * inlined styles), and a browser that loaded them originally had the HTTP header instead; so
 * pith reads the whole head, up to </head> or <body>, and at most 64 KiB so that a page
 * without a head costs no more than a bounded scan. */
#define PRESCAN_LIMIT ((size_t)64 << 10)

typedef struct attr_span {
    size_t name, name_len, value, value_len; /* offsets into the scanned bytes */
} attr_span;

static int
span_is(const unsigned char *s, size_t at, size_t len, const char *word)
{
    size_t wl = strlen(word);
    return len == wl && pith_ascii_casecmp_n((const char *)s + at, word, wl) == 0;
}

/* The WHATWG "get an attribute". 1: an attribute; 0: none (at '>'); -1: ran out of bytes,
 * which ends the prescan. Names and values are spans of the input (compared without case
 * later) rather than lowercased copies, so long values cost nothing. */
static int
get_attribute(const unsigned char *s, size_t n, size_t *pos, attr_span *a)
{
    size_t p = *pos;
    while (p < n && (pith_is_html_space(s[p]) || s[p] == '/'))
        p++;
    if (p >= n)
        return -1;
    if (s[p] == '>') {
        *pos = p;
        return 0;
    }
    a->name = p;
    a->name_len = 0;
    a->value = p;
    a->value_len = 0;
    for (;;) {
        if (p >= n)
            return -1;
        unsigned char c = s[p];
        if (c == '=' && a->name_len > 0) {
            p++;
            goto value;
        }
        if (pith_is_html_space(c))
            break;
        if (c == '/' || c == '>') {
            *pos = p;
            return 1;
        }
        a->name_len++;
        p++;
    }
    while (p < n && pith_is_html_space(s[p]))
        p++;
    if (p >= n)
        return -1;
    if (s[p] != '=') {
        *pos = p;
        return 1;
    }
    p++;
value:
    while (p < n && pith_is_html_space(s[p]))
        p++;
    if (p >= n)
        return -1;
    unsigned char q = s[p];
    if (q == '"' || q == '\'') {
        size_t start = ++p;
        while (p < n && s[p] != q)
            p++;
        if (p >= n)
            return -1;
        a->value = start;
        a->value_len = p - start;
        *pos = p + 1;
        return 1;
    }
    if (q == '>') {
        *pos = p;
        return 1;
    }
    size_t start = p;
    while (p < n && !pith_is_html_space(s[p]) && s[p] != '>')
        p++;
    if (p >= n)
        return -1;
    a->value = start;
    a->value_len = p - start;
    *pos = p;
    return 1;
}

/* The WHATWG "extract a character encoding from a meta element" on a content value. */
static int
charset_from_content(const unsigned char *v, size_t n)
{
    size_t p = 0;
    for (;;) {
        size_t i = p;
        while (i + 7 <= n && pith_ascii_casecmp_n((const char *)v + i, "charset", 7) != 0)
            i++;
        if (i + 7 > n)
            return -1;
        p = i + 7;
        while (p < n && pith_is_html_space(v[p]))
            p++;
        if (p >= n || v[p] != '=')
            continue;
        p++;
        while (p < n && pith_is_html_space(v[p]))
            p++;
        if (p >= n)
            return -1;
        if (v[p] == '"' || v[p] == '\'') {
            const unsigned char *close = memchr(v + p + 1, v[p], n - p - 1);
            if (!close)
                return -1;
            return lookup_label((const char *)v + p + 1, (size_t)(close - (v + p + 1)));
        }
        size_t start = p;
        while (p < n && !pith_is_html_space(v[p]) && v[p] != ';')
            p++;
        return lookup_label((const char *)v + start, p - start);
    }
}

/* After "<meta" and a space or slash: the attribute list. 1 with *id when it declares a
 * charset; 0 when not; -1 when the bytes ran out. */
static int
meta_charset(const unsigned char *s, size_t n, size_t *pos, enc_id *id)
{
    int seen_equiv = 0, seen_content = 0, seen_charset = 0, got_pragma = 0;
    int need_pragma = -1; /* null */
    int state = 0;        /* charset: 0 null, 1 found, 2 failure */
    int cs = -1;
    attr_span a;
    int r;
    while ((r = get_attribute(s, n, pos, &a)) == 1) {
        if (span_is(s, a.name, a.name_len, "http-equiv")) {
            if (seen_equiv++)
                continue;
            if (span_is(s, a.value, a.value_len, "content-type"))
                got_pragma = 1;
        } else if (span_is(s, a.name, a.name_len, "content")) {
            if (seen_content++)
                continue;
            if (state == 0) {
                int c = charset_from_content(s + a.value, a.value_len);
                if (c >= 0) {
                    cs = c;
                    state = 1;
                    need_pragma = 1;
                }
            }
        } else if (span_is(s, a.name, a.name_len, "charset")) {
            if (seen_charset++)
                continue;
            cs = lookup_label((const char *)s + a.value, a.value_len);
            state = cs >= 0 ? 1 : 2;
            need_pragma = 0;
        }
    }
    if (r < 0)
        return -1;
    if (need_pragma < 0 || (need_pragma == 1 && !got_pragma) || state != 1)
        return 0;
    /* a page that can declare its charset in ASCII is not UTF-16 */
    if (cs == ENC_UTF16BE || cs == ENC_UTF16LE)
        cs = ENC_UTF8;
    else if (cs == ENC_XUSERDEFINED)
        cs = ENC_WIN1252;
    *id = (enc_id)cs;
    return 1;
}

/* The WHATWG "prescan a byte stream to determine its encoding", over the head (see
 * PRESCAN_LIMIT). 1 with *id when a <meta> declares a known charset. */
static int
prescan(const unsigned char *s, size_t len, enc_id *id)
{
    size_t n = len < PRESCAN_LIMIT ? len : PRESCAN_LIMIT;
    size_t p = 0;
    while (p < n) {
        if (s[p] != '<') {
            const unsigned char *lt = memchr(s + p, '<', n - p);
            if (!lt)
                return 0;
            p = (size_t)(lt - s);
        }
        size_t rest = n - p;
        if (rest >= 4 && memcmp(s + p, "<!--", 4) == 0) {
            /* the "-->" may share its dashes with "<!--": "<!-->" is a whole comment */
            size_t i = p + 2;
            while (i + 3 <= n && memcmp(s + i, "-->", 3) != 0)
                i++;
            if (i + 3 > n)
                return 0;
            p = i + 3;
            continue;
        }
        if (rest >= 6 && pith_ascii_casecmp_n((const char *)s + p + 1, "meta", 4) == 0 &&
            (pith_is_html_space(s[p + 5]) || s[p + 5] == '/')) {
            p += 6;
            int r = meta_charset(s, n, &p, id);
            if (r != 0)
                return r > 0;
            p++;
            continue;
        }
        size_t q = p + 1;
        int end_tag = q < n && s[q] == '/';
        if (end_tag)
            q++;
        if (q < n && pith_is_ascii_alpha(s[q])) {
            size_t name = q;
            while (q < n && !pith_is_html_space(s[q]) && s[q] != '>' && s[q] != '/')
                q++;
            /* the head is over: a <meta> past this point is not a declaration browsers use
             * after the 1024-byte prescan either */
            if (span_is(s, name, q - name, end_tag ? "head" : "body"))
                return 0;
            while (q < n && !pith_is_html_space(s[q]) && s[q] != '>')
                q++;
            if (q >= n)
                return 0;
            attr_span a;
            int r;
            while ((r = get_attribute(s, n, &q, &a)) == 1)
                ;
            if (r < 0)
                return 0;
            p = q + 1;
            continue;
        }
        if (p + 1 < n && (s[p + 1] == '!' || s[p + 1] == '/' || s[p + 1] == '?')) {
            const unsigned char *gt = memchr(s + p + 1, '>', n - p - 1);
            if (!gt)
                return 0;
            p = (size_t)(gt - s) + 1;
            continue;
        }
        p++;
    }
    return 0;
}

/* ---- detection, for pages that declare nothing and are not UTF-8 ---- */

/* Browsers do not stop at windows-1252 here: Chrome (CED) and Firefox (chardetng) guess from
 * the bytes, because undeclared Shift_JIS, GBK, Big5, EUC-KR and Cyrillic pages are common
 * in old archives and read as windows-1252 they are pure mojibake. This is a much smaller
 * guesser of the same kind, deterministic and linear:
 * 1. Structure. Each multi-byte candidate (Shift_JIS, EUC-JP, GBK/gb18030, Big5, EUC-KR)
 *    walks the bytes with its lead/trail ranges; more than 1% of its characters malformed
 *    and it is out. Western text rarely survives this for all of them (a word-final "é" or
 *    "ü" before a space or a comma is a lead byte without a trail), but German "über" is
 *    well-formed GBK, so structure alone proves nothing.
 * 2. Evidence. Among the survivors, the score is the share of non-ASCII characters that are
 *    the language's most frequent ones: kana for Japanese (a third of running text), the
 *    ~400 most frequent Hanzi in GB2312 or Big5 codes for Chinese (about half of text), the
 *    ~180 most frequent Hangul syllables for Korean. Read in the wrong charset the same bytes
 *    hit these small sets a few percent of the time, so the best score wins if it is high
 *    (DETECT_MIN_SHARE) and rests on at least DETECT_MIN_CHARS characters: a Latin page with
 *    a few accented letters never gets there.
 * 3. Cyrillic. windows-1251 and KOI8-R letters fill 0xC0..0xFF, like Latin-1's accented
 *    letters; but Russian words are runs of high bytes while Western words carry one accented
 *    letter among ASCII ones. With clear runs, the case pattern decides: lower case is
 *    0xE0..0xFF in windows-1251 and 0xC0..0xDF in KOI8-R, and running text is mostly lower.
 * 4. The page's <html lang> is a strong prior: a candidate of that language wins with
 *    weaker evidence (DETECT_PRIOR_SHARE). It never forces a charset the bytes reject.
 * Anything unclear stays windows-1252, the browsers' default. Only DETECT_WINDOW bytes from
 * the first non-ASCII byte are read. */
#define DETECT_WINDOW ((size_t)64 << 10)
#define DETECT_MIN_CHARS 8
#define DETECT_MIN_SHARE 0.25
#define DETECT_PRIOR_SHARE 0.08

/* Generated with Python's codecs from a frequency-ordered list of characters (the first 400
 * simplified and traditional Hanzi, ~180 Hangul syllables), as big-endian two-byte codes,
 * sorted for binary search. */
static const uint16_t freq_gbk[400] = {
    0xB0AE, 0xB0B2, 0xB0D1, 0xB0D7, 0xB0EC, 0xB1A3, 0xB1A8, 0xB1B1, 0xB1B8, 0xB1BB,
    0xB1BE, 0xB1C8, 0xB1D8, 0xB1DF, 0xB1E3, 0xB1E4, 0xB1ED, 0xB1F0, 0xB1F8, 0xB2A2,
    0xB2BB, 0xB2BC, 0xB2BD, 0xB2BF, 0xB2C5, 0xB2FA, 0xB3A1, 0xB3A3, 0xB3A4, 0xB3B5,
    0xB3C9, 0xB3CC, 0xB3D6, 0xB3F6, 0xB4A6, 0xB4AB, 0xB4CB, 0xB4CE, 0xB4D3, 0xB4E6,
    0xB4EF, 0xB4F2, 0xB4F3, 0xB4F8, 0xB4FA, 0xB5A5, 0xB5AB, 0xB5B1, 0xB5BC, 0xB5BD,
    0xB5C0, 0xB5C2, 0xB5C3, 0xB5C4, 0xB5C8, 0xB5D8, 0xB5DA, 0xB5E3, 0xB5E7, 0xB5F7,
    0xB6A8, 0xB6AB, 0xB6AF, 0xB6BC, 0xB6C8, 0xB6D3, 0xB6D4, 0xB6E0, 0xB6F8, 0xB6F9,
    0xB6FB, 0xB6FE, 0xB7A2, 0xB7A8, 0xB7B4, 0xB7BD, 0xB7C5, 0xB7C7, 0xB7C9, 0xB7D6,
    0xB7E7, 0xB7F2, 0xB7FE, 0xB8C3, 0xB8C4, 0xB8C9, 0xB8D0, 0xB8DF, 0xB8E6, 0xB8F1,
    0xB8F6, 0xB8F7, 0xB8F8, 0xB8F9, 0xB8FC, 0xB9A4, 0xB9AB, 0xB9B2, 0xB9D8, 0xB9DB,
    0xB9DC, 0xB9E2, 0xB9E6, 0xB9FA, 0xB9FB, 0xB9FD, 0xBAA3, 0xBAC3, 0xBACD, 0xBACE,
    0xBACF, 0xBADC, 0xBAF2, 0xBAF3, 0xBBAF, 0xBBB0, 0xBBB9, 0xBBD8, 0xBBE1, 0xBBEE,
    0xBBF2, 0xBBF7, 0xBBF9, 0xBBFA, 0xBCAB, 0xBCB0, 0xBCB4, 0xBCB8, 0xBCBA, 0xBCC3,
    0xBCC6, 0xBCC7, 0xBCD2, 0xBCD3, 0xBCE4, 0xBCFB, 0xBCFE, 0xBDA8, 0xBDAB, 0xBDBB,
    0xBDCC, 0xBDD0, 0xBDD3, 0xBDE1, 0xBDE2, 0xBDE7, 0xBDF0, 0xBDF1, 0xBDF8, 0xBDFC,
    0xBEAD, 0xBECD, 0xBEDD, 0xBEDF, 0xBEF5, 0xBEF6, 0xBEFC, 0xBFAA, 0xBFB4, 0xBFC6,
    0xBFC9, 0xBFCB, 0xBFD5, 0xBFDA, 0xBFEC, 0xC0AD, 0xC0B4, 0xC0CF, 0xC0E0, 0xC0ED,
    0xC0EF, 0xC0FB, 0xC1A2, 0xC1A6, 0xC1AA, 0xC1AC, 0xC1BD, 0xC1BF, 0xC1CB, 0xC1D6,
    0xC1EC, 0xC1EE, 0xC1F7, 0xC2B7, 0xC2DB, 0xC2DE, 0xC2ED, 0xC3B4, 0xC3BB, 0xC3BF,
    0xC3C0, 0xC3C5, 0xC3C7, 0xC3E6, 0xC3F1, 0xC3F7, 0xC3FB, 0xC3FC, 0xC4BF, 0xC4C7,
    0xC4CF, 0xC4D1, 0xC4D8, 0xC4DA, 0xC4DC, 0xC4E3, 0xC4EA, 0xC5AE, 0xC6B7, 0xC6BD,
    0xC6DA, 0xC6E4, 0xC6F0, 0xC6F8, 0xC7B0, 0xC7BF, 0xC7D0, 0xC7D2, 0xC7D7, 0xC7E5,
    0xC7E9, 0xC7F3, 0xC7F8, 0xC8A1, 0xC8A5, 0xC8A8, 0xC8AB, 0xC8B4, 0xC8B7, 0xC8BB,
    0xC8C3, 0xC8CB, 0xC8CE, 0xC8CF, 0xC8D5, 0xC8E7, 0xC8EB, 0xC8FD, 0xC9AB, 0xC9BD,
    0xC9CF, 0xC9D9, 0xC9E7, 0xC9E8, 0xC9ED, 0xC9F1, 0xC9F9, 0xC9FA, 0xCAA6, 0xCAA7,
    0xCAAE, 0xCAB1, 0xCAB2, 0xCAB5, 0xCAB6, 0xCAB9, 0xCABC, 0xCABD, 0xCABF, 0xCAC0,
    0xCAC2, 0xCAC7, 0xCAD0, 0xCAD5, 0xCAD6, 0xCADC, 0xCAE9, 0xCAF5, 0xCAFD, 0xCBAE,
    0xCBB5, 0xCBB9, 0xCBBC, 0xCBBE, 0xCBC0, 0xCBC4, 0xCBF9, 0xCBFB, 0xCBFC, 0xCBFD,
    0xCCA8, 0xCCAB, 0xCCD8, 0xCCE1, 0xCCE2, 0xCCE5, 0xCCEC, 0xCCF5, 0xCCFD, 0xCDA8,
    0xCDAC, 0xCDB3, 0xCDB7, 0xCDE2, 0xCDEA, 0xCDF2, 0xCDF5, 0xCDF9, 0xCDFB, 0xCEAA,
    0xCEB4, 0xCEBB, 0xCEC4, 0xCECA, 0xCED2, 0xCEDE, 0xCEE5, 0xCEEF, 0xCEF1, 0xCEF7,
    0xCFB5, 0xCFC2, 0xCFC8, 0xCFD6, 0xCFE0, 0xCFEB, 0xCFF1, 0xCFF2, 0xCFF3, 0xD0A1,
    0xD0A6, 0xD0A9, 0xD0C2, 0xD0C4, 0xD0C5, 0xD0CE, 0xD0D0, 0xD0D4, 0xD0ED, 0xD1A7,
    0xD1D4, 0xD1DB, 0xD1F9, 0xD2AA, 0xD2B2, 0xD2B5, 0xD2BB, 0xD2D1, 0xD2D4, 0xD2E2,
    0xD2E5, 0xD2E9, 0xD2F2, 0xD3A2, 0xD3A6, 0xD3B0, 0xD3C3, 0xD3C9, 0xD3D0, 0xD3D6,
    0xD3DA, 0xD3EB, 0xD4AA, 0xD4AD, 0xD4B1, 0xD4B6, 0xD4BA, 0xD4C2, 0xD4CB, 0xD4D9,
    0xD4DA, 0xD4EC, 0xD4F2, 0xD4F5, 0xD5B9, 0xD5BD, 0xD5C5, 0xD5DF, 0xD5E2, 0xD5E6,
    0xD5F9, 0xD5FD, 0xD5FE, 0xD6A4, 0xD6AA, 0xD6AE, 0xD6B1, 0xD6B8, 0xD6BB, 0xD6C1,
    0xD6C6, 0xD6CE, 0xD6D0, 0xD6D6, 0xD6D8, 0xD6F7, 0xD7A1, 0xD7AA, 0xD7BC, 0xD7C5,
    0xD7CA, 0xD7D3, 0xD7D4, 0xD7D6, 0xD7DC, 0xD7DF, 0xD7E9, 0xD7EE, 0xD7F6, 0xD7F7,
};
static const uint16_t freq_big5[400] = {
    0xA440, 0xA446, 0xA447, 0xA448, 0xA44A, 0xA44F, 0xA451, 0xA453, 0xA454, 0xA455,
    0xA457, 0xA45D, 0xA466, 0xA468, 0xA46A, 0xA46B, 0xA46C, 0xA470, 0xA473, 0xA475,
    0xA476, 0xA477, 0xA47E, 0xA4A3, 0xA4A4, 0xA4A7, 0xA4AD, 0xA4B0, 0xA4B5, 0xA4B8,
    0xA4BA, 0xA4BD, 0xA4C0, 0xA4C1, 0xA4C6, 0xA4CE, 0xA4CF, 0xA4D1, 0xA4D2, 0xA4D3,
    0xA4D6, 0xA4DF, 0xA4E2, 0xA4E5, 0xA4E8, 0xA4E9, 0xA4EB, 0xA4F1, 0xA4F4, 0xA4FD,
    0xA540, 0xA542, 0xA544, 0xA548, 0xA54C, 0xA54E, 0xA54F, 0xA558, 0xA55B, 0xA55F,
    0xA568, 0xA569, 0xA571, 0xA573, 0xA575, 0xA578, 0xA57C, 0xA57E, 0xA5A2, 0xA5A6,
    0xA5AB, 0xA5AC, 0xA5AD, 0xA5B2, 0xA5B4, 0xA5BB, 0xA5BC, 0xA5BF, 0xA5C1, 0xA5CD,
    0xA5CE, 0xA5D1, 0xA5D5, 0xA5D8, 0xA5DF, 0xA5E6, 0xA5F3, 0xA5F4, 0xA5FA, 0xA5FD,
    0xA5FE, 0xA640, 0xA641, 0xA650, 0xA655, 0xA656, 0xA657, 0xA658, 0xA65D, 0xA65E,
    0xA661, 0xA662, 0xA668, 0xA66E, 0xA66F, 0xA670, 0xA672, 0xA673, 0xA677, 0xA67E,
    0xA6A1, 0xA6A8, 0xA6AC, 0xA6B3, 0xA6B8, 0xA6B9, 0xA6BA, 0xA6D1, 0xA6D3, 0xA6DB,
    0xA6DC, 0xA6E2, 0xA6E6, 0xA6E8, 0xA6EC, 0xA6ED, 0xA6F3, 0xA6FD, 0xA740, 0xA741,
    0xA74A, 0xA74C, 0xA74F, 0xA751, 0xA759, 0xA769, 0xA7B9, 0xA7CE, 0xA7D6, 0xA7DA,
    0xA7E2, 0xA7EF, 0xA7F3, 0xA842, 0xA843, 0xA844, 0xA84D, 0xA853, 0xA874, 0xA8A3,
    0xA8A5, 0xA8AB, 0xA8AD, 0xA8AE, 0xA8BA, 0xA8C3, 0xA8C6, 0xA8C7, 0xA8CF, 0xA8D3,
    0xA8E0, 0xA8E2, 0xA8E3, 0xA8E4, 0xA8EC, 0xA8EE, 0xA8FA, 0xA8FC, 0xA94D, 0xA94F,
    0xA952, 0xA96C, 0xA977, 0xA9B9, 0xA9CA, 0xA9CE, 0xA9D2, 0xA9D4, 0xA9F1, 0xA9F3,
    0xA9FA, 0xAA41, 0xAA46, 0xAA47, 0xAA4C, 0xAA6B, 0xAA76, 0xAAA7, 0xAAAB, 0xAABA,
    0xAABD, 0xAABE, 0xAAC0, 0xAAC5, 0xAACC, 0xAAED, 0xAAF1, 0xAAF7, 0xAAF8, 0xAAF9,
    0xAB44, 0xAB48, 0xAB4B, 0xAB4F, 0xAB65, 0xAB68, 0xAB6E, 0xAB6F, 0xAB7E, 0xABD7,
    0xABD8, 0xABDC, 0xABE1, 0xABE4, 0xABE7, 0xABF9, 0xABFC, 0xAC46, 0xAC4F, 0xAC79,
    0xACA1, 0xACB0, 0xACC9, 0xACDB, 0xACDD, 0xACEC, 0xACFC, 0xAD5E, 0xAD6E, 0xAD70,
    0xAD78, 0xADAB, 0xADB1, 0xADB7, 0xADB8, 0xADCC, 0xADD3, 0xADD4, 0xADEC, 0xADFB,
    0xAE61, 0xAE69, 0xAE76, 0xAEC9, 0xAED1, 0xAEDA, 0xAEE6, 0xAEF0, 0xAEFC, 0xAF53,
    0xAF75, 0xAFAB, 0xAFBA, 0xAFE0, 0xB04F, 0xB05F, 0xB07C, 0xB0A8, 0xB0AA, 0xB0AE,
    0xB0B5, 0xB0C8, 0xB0CA, 0xB0CF, 0xB0DD, 0xB0EA, 0xB0F2, 0xB14E, 0xB160, 0xB161,
    0xB169, 0xB16A, 0xB16F, 0xB171, 0xB1A1, 0xB1B5, 0xB1D0, 0xB1E6, 0xB1F8, 0xB24D,
    0xB27A, 0xB27B, 0xB2A3, 0xB2B4, 0xB2C4, 0xB2CE, 0xB2D5, 0xB342, 0xB34E, 0xB351,
    0xB357, 0xB35C, 0xB35D, 0xB36F, 0xB371, 0xB373, 0xB379, 0xB3A1, 0xB3A3, 0xB3C6,
    0xB3CC, 0xB3E6, 0xB3F5, 0xB3F8, 0xB44E, 0xB458, 0xB4A3, 0xB4B5, 0xB4C1, 0xB54C,
    0xB54D, 0xB56F, 0xB57B, 0xB5A5, 0xB5B2, 0xB5B9, 0xB5DB, 0xB648, 0xB669, 0xB671,
    0xB67D, 0xB6A1, 0xB6A4, 0xB6C7, 0xB74E, 0xB750, 0xB751, 0xB752, 0xB773, 0xB77C,
    0xB77E, 0xB7A5, 0xB7C7, 0xB7ED, 0xB855, 0xB867, 0xB871, 0xB8CC, 0xB8D1, 0xB8D3,
    0xB8DC, 0xB8EA, 0xB8F4, 0xB942, 0xB944, 0xB946, 0xB94C, 0xB971, 0xB9B3, 0xB9EA,
    0xB9EF, 0xBAB8, 0xBAD8, 0xBADE, 0xBB50, 0xBB7B, 0xBBA1, 0xBBB7, 0xBBE2, 0xBBF2,
    0xBC76, 0xBC77, 0xBCC6, 0xBCCB, 0xBD54, 0xBDD5, 0xBDD7, 0xBEC7, 0xBEC9, 0xBED4,
    0xBEDA, 0xBEF7, 0xBFCB, 0xBFEC, 0xC059, 0xC0B3, 0xC0BB, 0xC0D9, 0xC160, 0xC16E,
    0xC170, 0xC1D9, 0xC249, 0xC2E0, 0xC344, 0xC3B9, 0xC3D1, 0xC3D2, 0xC3E4, 0xC3F6,
    0xC3F8, 0xC3FE, 0xC4B1, 0xC4B3, 0xC576, 0xC5A5, 0xC5DC, 0xC5E9, 0xC5FD, 0xC65B,
};
static const uint16_t freq_euckr[179] = {
    0xB0A1, 0xB0A2, 0xB0A3, 0xB0A8, 0xB0AD, 0xB0B0, 0xB0B3, 0xB0C5, 0xB0C7, 0xB0CD,
    0xB0D4, 0xB0E1, 0xB0E6, 0xB0E8, 0xB0ED, 0xB0F8, 0xB0FA, 0xB0FC, 0xB1B8, 0xB1B9,
    0xB1D7, 0xB1DD, 0xB1E2, 0xB1EE, 0xB2B2, 0xB3AA, 0xB3AF, 0xB3B2, 0xB3BB, 0xB3E2,
    0xB3F5, 0xB4C2, 0xB4CF, 0xB4D9, 0xB4DC, 0xB4DE, 0xB4E7, 0xB4EB, 0xB4F5, 0xB4F8,
    0xB5A5, 0xB5B5, 0xB5BF, 0xB5C7, 0xB5C8, 0xB5CE, 0xB5E5, 0xB5E6, 0xB5E9, 0xB5EE,
    0xB6A7, 0xB6C7, 0xB6F3, 0xB7AF, 0xB7B3, 0xB7CE, 0xB8A3, 0xB8A6, 0xB8AE, 0xB8B6,
    0xB8B8, 0xB8B9, 0xB8BB, 0xB8E7, 0xB8E9, 0xB8ED, 0xB8F0, 0xB8F8, 0xB9AB, 0xB9AE,
    0xB9B0, 0xB9CC, 0xB9CE, 0xB9D9, 0xB9DE, 0xB9DF, 0xB9E6, 0xB9F8, 0xBAB8, 0xBABB,
    0xBACE, 0xBAD0, 0xBAD2, 0xBAF1, 0xBBE7, 0xBBEA, 0xBBEC, 0xBBF3, 0xBBFD, 0xBCAD,
    0xBCB1, 0xBCBA, 0xBCBC, 0xBCD2, 0xBCF6, 0xBDBA, 0xBDC0, 0xBDC3, 0xBDC4, 0xBDC5,
    0xBDC7, 0xBDC9, 0xBEC6, 0xBEC8, 0xBECA, 0xBECB, 0xBEDF, 0xBEE7, 0xBEEE, 0xBEF7,
    0xBEF8, 0xBEFA, 0xBFA1, 0xBFA9, 0xBFAA, 0xBFAC, 0xBFB4, 0xBFB5, 0xBFC0, 0xBFCD,
    0xBFDC, 0xBFE4, 0xBFEB, 0xBFEC, 0xBFEE, 0xBFEF, 0xBFF8, 0xC0A7, 0xC0AF, 0xC0B8,
    0xC0BB, 0xC0BD, 0xC0C7, 0xC0CC, 0xC0CE, 0xC0CF, 0xC0D4, 0xC0D6, 0xC0DA, 0xC0DB,
    0xC0E5, 0xC0E7, 0xC0FA, 0xC0FB, 0xC0FC, 0xC1A1, 0xC1A4, 0xC1A6, 0xC1B6, 0xC1BE,
    0xC1D6, 0xC1DF, 0xC1F6, 0xC1F8, 0xC1FA, 0xC2F7, 0xC3B3, 0xC3BC, 0xC3E2, 0xC4A1,
    0xC5B8, 0xC5CD, 0xC5EB, 0xC6AE, 0xC7A5, 0xC7CF, 0xC7D0, 0xC7D1, 0xC7D2, 0xC7D4,
    0xC7D8, 0xC7DF, 0xC7E0, 0xC7F6, 0xC8AD, 0xC8B0, 0xC8B8, 0xC8C4, 0xC8F7,
};

static int
in_table(const uint16_t *t, size_t n, unsigned code)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid] == code)
            return 1;
        if (t[mid] < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

#define IN_TABLE(t, code) in_table(t, sizeof t / sizeof t[0], code)

typedef enum mb_cand { MB_SJIS, MB_EUCJP, MB_GBK, MB_BIG5, MB_EUCKR, MB_COUNT } mb_cand;

static const enc_id mb_enc[MB_COUNT] = {ENC_SHIFTJIS, ENC_EUCJP, ENC_GBK, ENC_BIG5, ENC_EUCKR};

typedef struct mb_stats {
    size_t chars;  /* non-ASCII characters, malformed ones included */
    size_t errors; /* malformed */
    size_t common; /* among the language's most frequent characters */
    int four_byte; /* gb18030 four-byte sequences seen */
} mb_stats;

static int
in_range(unsigned c, unsigned lo, unsigned hi)
{
    return c >= lo && c <= hi;
}

/* The character at s[0] (>= 0x80) in candidate c: its length, 0 when malformed (one byte is
 * then skipped to resynchronise), or -1 when the window ends inside it. *common tells whether
 * it is frequent in the candidate's language. */
static int
mb_char(mb_cand c, const unsigned char *s, size_t n, int *common, int *four)
{
    unsigned b = s[0], t = n > 1 ? s[1] : 0;
    *common = 0;
    switch (c) {
    case MB_SJIS:
        if (b == 0x80 || in_range(b, 0xA1, 0xDF)) /* U+0080; half-width katakana */
            return 1;
        if (!in_range(b, 0x81, 0x9F) && !in_range(b, 0xE0, 0xFC))
            return 0;
        if (n < 2)
            return -1;
        if (!in_range(t, 0x40, 0x7E) && !in_range(t, 0x80, 0xFC))
            return 0;
        /* hiragana, katakana, 、 。 ー */
        *common = (b == 0x82 && in_range(t, 0x9F, 0xF1)) || (b == 0x83 && t <= 0x96) ||
                  (b == 0x81 && (t == 0x41 || t == 0x42 || t == 0x5B));
        return 2;
    case MB_EUCJP:
        if (b == 0x8E || b == 0x8F || in_range(b, 0xA1, 0xFE)) {
            size_t len = b == 0x8F ? 3 : 2;
            if (n < len)
                return -1;
            if (b == 0x8E)
                return in_range(t, 0xA1, 0xDF) ? 2 : 0;
            if (!in_range(t, 0xA1, 0xFE) || (len == 3 && !in_range(s[2], 0xA1, 0xFE)))
                return 0;
            *common = b == 0xA4 || b == 0xA5 ||
                      (b == 0xA1 && (t == 0xA2 || t == 0xA3 || t == 0xBC));
            return (int)len;
        }
        return 0;
    case MB_GBK:
        if (b == 0x80) /* the euro sign */
            return 1;
        if (b == 0xFF)
            return 0;
        if (n < 2)
            return -1;
        if (in_range(t, 0x30, 0x39)) {
            if (n < 4)
                return -1;
            if (!in_range(s[2], 0x81, 0xFE) || !in_range(s[3], 0x30, 0x39))
                return 0;
            *four = 1;
            return 4;
        }
        if (!in_range(t, 0x40, 0x7E) && !in_range(t, 0x80, 0xFE))
            return 0;
        *common = IN_TABLE(freq_gbk, b << 8 | t);
        return 2;
    case MB_BIG5:
        if (b == 0x80 || b == 0xFF)
            return 0;
        if (n < 2)
            return -1;
        if (!in_range(t, 0x40, 0x7E) && !in_range(t, 0xA1, 0xFE))
            return 0;
        *common = IN_TABLE(freq_big5, b << 8 | t);
        return 2;
    case MB_EUCKR:
        if (b == 0x80 || b == 0xFF)
            return 0;
        if (n < 2)
            return -1;
        /* KS X 1001 is 0xA1..0xFE twice; Microsoft's extra Hangul (UHC) fills the rest of
         * leads 0x81..0xC6 with trails that may be ASCII letters */
        if (!in_range(t, 0xA1, 0xFE) &&
            !(b <= 0xC6 && (in_range(t, 0x41, 0x5A) || in_range(t, 0x61, 0x7A) ||
                            in_range(t, 0x81, 0xA0))))
            return 0;
        *common = IN_TABLE(freq_euckr, b << 8 | t);
        return 2;
    case MB_COUNT:
        break;
    }
    return 0;
}

static void
mb_scan(mb_cand c, const unsigned char *s, size_t n, mb_stats *st)
{
    memset(st, 0, sizeof *st);
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int common;
        int len = mb_char(c, s + i, n - i, &common, &st->four_byte);
        if (len < 0)
            break; /* cut by the window: not evidence either way */
        st->chars++;
        if (len == 0) {
            st->errors++;
            i++;
            continue;
        }
        st->common += (size_t)common;
        i += (size_t)len;
    }
}

typedef enum lang_group { LANG_NONE, LANG_JA, LANG_ZH_HANS, LANG_ZH_HANT, LANG_KO, LANG_CYR } lang_group;

/* The language group of the first <html lang> (or xml:lang) in the first PRESCAN_LIMIT
 * bytes; a cheap scan that reuses the prescan's attribute reader. */
static lang_group
html_lang(const unsigned char *s, size_t len)
{
    size_t n = len < PRESCAN_LIMIT ? len : PRESCAN_LIMIT;
    for (size_t p = 0; p + 6 <= n; p++) {
        const unsigned char *lt = memchr(s + p, '<', n - p);
        if (!lt)
            return LANG_NONE;
        p = (size_t)(lt - s);
        if (p + 6 > n)
            return LANG_NONE;
        if (pith_ascii_casecmp_n((const char *)s + p + 1, "html", 4) != 0 ||
            !(pith_is_html_space(s[p + 5]) || s[p + 5] == '/'))
            continue;
        size_t q = p + 5;
        attr_span a;
        while (get_attribute(s, n, &q, &a) == 1) {
            if (!span_is(s, a.name, a.name_len, "lang") &&
                !span_is(s, a.name, a.name_len, "xml:lang"))
                continue;
            const char *v = (const char *)s + a.value;
            size_t vl = a.value_len;
            /* the primary subtag, then for Chinese the script or region */
            size_t k = 0;
            while (k < vl && v[k] != '-' && v[k] != '_')
                k++;
            if (k == 2 && pith_ascii_casecmp_n(v, "ja", 2) == 0)
                return LANG_JA;
            if (k == 2 && pith_ascii_casecmp_n(v, "ko", 2) == 0)
                return LANG_KO;
            if (k == 2 && pith_ascii_casecmp_n(v, "zh", 2) == 0) {
                const char *rest = v + k;
                size_t rl = vl - k;
                static const char *const hant[] = {"-tw", "-hk", "-mo", "-hant", "_tw", "_hk"};
                for (size_t h = 0; h < sizeof hant / sizeof hant[0]; h++) {
                    size_t hl = strlen(hant[h]);
                    if (rl >= hl && pith_ascii_casecmp_n(rest, hant[h], hl) == 0)
                        return LANG_ZH_HANT;
                }
                return LANG_ZH_HANS;
            }
            static const char *const cyr[] = {"ru", "uk", "bg", "be", "sr", "mk", "kk"};
            for (size_t c = 0; k == 2 && c < sizeof cyr / sizeof cyr[0]; c++)
                if (pith_ascii_casecmp_n(v, cyr[c], 2) == 0)
                    return LANG_CYR;
            return LANG_NONE;
        }
        return LANG_NONE; /* only the first <html> counts */
    }
    return LANG_NONE;
}

static lang_group
mb_lang(mb_cand c)
{
    switch (c) {
    case MB_SJIS:
    case MB_EUCJP:
        return LANG_JA;
    case MB_GBK:
        return LANG_ZH_HANS;
    case MB_BIG5:
        return LANG_ZH_HANT;
    case MB_EUCKR:
        return LANG_KO;
    case MB_COUNT:
        break;
    }
    return LANG_NONE;
}

/* windows-1251 or KOI8-R when the window is clearly Russian-like text, else -1 (step 3). */
static int
cyrillic(const unsigned char *s, size_t n, int prior)
{
    size_t letters = 0, runs = 0, mixed = 0, other_high = 0, low_half = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = s[i];
        if (b < 0x80)
            continue;
        if (b < 0xC0) {
            other_high++;
            continue;
        }
        letters++;
        low_half += b < 0xE0;
        if (i + 1 < n && s[i + 1] >= 0xC0)
            runs++;
        if ((i > 0 && pith_is_ascii_alpha(s[i - 1])) || (i + 1 < n && pith_is_ascii_alpha(s[i + 1])))
            mixed++;
    }
    size_t need = prior ? DETECT_MIN_CHARS : 2 * DETECT_MIN_CHARS;
    if (letters < need || runs * 10 < letters * 6 || mixed * 10 > letters ||
        other_high * 5 > letters)
        return -1;
    size_t high_half = letters - low_half;
    if (high_half >= 2 * low_half)
        return ENC_WIN1251; /* lower case is 0xE0..0xFF */
    if (low_half >= 2 * high_half)
        return ENC_KOI8R;
    return -1;
}

/* The detected charset of s (steps 1-4 above), or -1 for windows-1252. */
static int
detect(pith_ctx *ctx, const unsigned char *s, size_t len, int *failed)
{
    *failed = 0;
    size_t start = 0;
    while (start < len && s[start] < 0x80)
        start++;
    const unsigned char *w = s + start;
    size_t n = len - start < DETECT_WINDOW ? len - start : DETECT_WINDOW;
    /* five candidate walks and a Cyrillic pass over the window, a lang scan over the head */
    if (!pith_spend(ctx, n / 8 + 1)) {
        *failed = 1;
        return -1;
    }
    lang_group prior = html_lang(s, len);
    int best = -1, best_prior = -1;
    double best_share = 0, best_prior_share = 0;
    int four = 0;
    for (int c = 0; c < MB_COUNT; c++) {
        mb_stats st;
        mb_scan((mb_cand)c, w, n, &st);
        if (st.chars - st.errors < DETECT_MIN_CHARS || st.errors * 100 > st.chars)
            continue;
        double share = (double)st.common / (double)st.chars;
        if (share > best_share)
            best = c, best_share = share;
        if (mb_lang((mb_cand)c) == prior && share > best_prior_share)
            best_prior = c, best_prior_share = share;
        if (c == MB_GBK)
            four = st.four_byte;
    }
    int pick = -1;
    if (best_prior >= 0 && best_prior_share >= DETECT_PRIOR_SHARE)
        pick = best_prior;
    else if (best >= 0 && best_share >= DETECT_MIN_SHARE)
        pick = best;
    if (pick >= 0)
        return pick == MB_GBK && four ? ENC_GB18030 : (int)mb_enc[pick];
    return cyrillic(w, n, prior == LANG_CYR);
}

/* ---- the decision and the conversion ---- */

/* The ASCII-based legacy charsets: single-byte and CJK multi-byte. */
static int
is_legacy(enc_id id)
{
    enc_kind k = encodings[id].kind;
    return k == KIND_SINGLE || k == KIND_USER_DEFINED || k == KIND_MULTI;
}

/* UTF-16 saved without a BOM: HTML opens with markup, so its first characters are ASCII, each
 * beside a zero byte, which an ASCII-compatible page never has in such numbers. Read as
 * UTF-8 it would come back as its own markup (the NULs replaced) with status ok. Looked at:
 * this many leading code units; at least UTF16_SNIFF_MIN_UNITS of them (the shortest page
 * worth reading, "<p>x</p>"), and UTF16_SNIFF_PERCENT of them with the zero byte on the same
 * side (non-ASCII characters in a head, a title say, have none). */
#define UTF16_SNIFF_UNITS 512u
#define UTF16_SNIFF_MIN_UNITS 8u
#define UTF16_SNIFF_PERCENT 80u

/* ENC_UTF16LE or ENC_UTF16BE when s looks like BOM-less UTF-16 HTML, else -1. */
static int
utf16_without_bom(const unsigned char *s, size_t len)
{
    size_t units = len / 2 < UTF16_SNIFF_UNITS ? len / 2 : UTF16_SNIFF_UNITS;
    if (units < UTF16_SNIFF_MIN_UNITS)
        return -1;
    size_t le = 0, be = 0;
    for (size_t i = 0; i < units; i++) {
        unsigned char a = s[2 * i], b = s[2 * i + 1];
        le += a != 0 && b == 0;
        be += a == 0 && b != 0;
    }
    if (le * 100 >= units * UTF16_SNIFF_PERCENT)
        return ENC_UTF16LE;
    if (be * 100 >= units * UTF16_SNIFF_PERCENT)
        return ENC_UTF16BE;
    return -1;
}

/* Values of pith_decoded.source. (pith.h documents "utf-8-valid" for the detected case;
 * the decoder's brief says "utf-8-detected": one of the two has to change.) */
static const char SRC_BOM[] = "bom", SRC_HINT[] = "hint", SRC_META[] = "meta",
                  SRC_UTF8[] = "utf-8-detected", SRC_DETECTED[] = "detected",
                  SRC_DEFAULT[] = "default";

static pith_status
finish_counted(pith_ctx *ctx, pith_decoded *out, size_t count)
{
    out->text = pith_alloc(ctx, count + 1);
    if (!out->text)
        return ctx->error;
    out->len = count;
    out->text[count] = '\0';
    return PITH_OK;
}

pith_status
pith_decode(pith_ctx *ctx, const char *bytes, size_t len, const char *hint, pith_decoded *out)
{
    memset(out, 0, sizeof *out);
    /* every pass below is linear and cheap; the prescan reads at most 64 KiB */
    if (!pith_spend(ctx, len / 64 + 1))
        return ctx->error;
    const unsigned char *s = (const unsigned char *)(bytes ? bytes : "");
    if (!bytes)
        len = 0;
    enc_id id;
    const char *source;
    int multi;
    int undeclared = 0; /* no BOM, hint or <meta>: only then may the bytes be guessed */
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        id = ENC_UTF8, source = SRC_BOM, s += 3, len -= 3;
    } else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        id = ENC_UTF16BE, source = SRC_BOM, s += 2, len -= 2;
    } else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        id = ENC_UTF16LE, source = SRC_BOM, s += 2, len -= 2;
    } else {
        int h = hint ? lookup_label(hint, strlen(hint)) : -1;
        if (h >= 0) {
            id = (enc_id)h, source = SRC_HINT;
        } else if (prescan(s, len, &id)) {
            source = SRC_META;
        } else if ((h = utf16_without_bom(s, len)) >= 0) {
            id = (enc_id)h, source = SRC_DETECTED;
        } else {
            id = ENC_WIN1252, source = SRC_DEFAULT;
            undeclared = 1;
        }
        /* Saved pages are often re-encoded to UTF-8 without their <meta> (or the server's
         * header) being updated; valid UTF-8 with multi-byte sequences is almost never a
         * legible single-byte text, so the bytes win over the label. The same holds for the
         * CJK multi-byte charsets: Shift_JIS lead bytes 0x81..0x9F are UTF-8 continuation
         * bytes, and GBK/Big5/EUC text only lines up as UTF-8 by accident for a character or
         * two. Real pages need this (readability's qq.html: UTF-8 under a gb2312 <meta>). */
        if (source != SRC_DEFAULT && is_legacy(id) && utf8_valid(s, len, &multi) && multi)
            id = ENC_UTF8, source = SRC_UTF8;
    }

    for (;;) {
        if (source == SRC_DEFAULT && utf8_valid(s, len, &multi)) {
            id = ENC_UTF8, source = SRC_UTF8;
        } else if (source == SRC_DEFAULT && undeclared) {
            /* once: if the guess has no converter here, the loop comes back as "default" */
            undeclared = 0;
            int failed;
            int d = detect(ctx, s, len, &failed);
            if (failed)
                return ctx->error;
            if (d >= 0)
                id = (enc_id)d, source = SRC_DETECTED;
        }
        out->charset = encodings[id].name;
        out->source = source;
        unsigned flags = 0;
        size_t count;
        pith_status st = PITH_OK;
        switch (encodings[id].kind) {
        case KIND_UTF8: {
            /* valid and NUL-free: the bytes are the answer, checked and copied in one pass */
            char *copy = pith_alloc(ctx, len + 1);
            if (!copy)
                return ctx->error;
            if (utf8_copy_valid(s, len, copy) == len) {
                copy[len] = '\0';
                out->text = copy;
                out->len = len;
                break;
            }
            pith_free(ctx, copy);
            count = utf8_decode(s, len, NULL, &flags);
            if ((st = finish_counted(ctx, out, count)) != PITH_OK)
                return st;
            utf8_decode(s, len, out->text, &flags);
            break;
        }
        case KIND_UTF16LE:
        case KIND_UTF16BE: {
            int be = encodings[id].kind == KIND_UTF16BE;
            count = utf16_decode(s, len, be, NULL, &flags);
            if ((st = finish_counted(ctx, out, count)) != PITH_OK)
                return st;
            utf16_decode(s, len, be, out->text, &flags);
            break;
        }
        case KIND_SINGLE:
        case KIND_USER_DEFINED: {
            sb_table t;
            if (!build_table(id, &t)) {
                /* no converter on this machine: decode as if nothing had been declared */
                source = SRC_DEFAULT;
                id = ENC_WIN1252;
                continue;
            }
            count = sb_decode(&t, s, len, NULL, &flags);
            if ((st = finish_counted(ctx, out, count)) != PITH_OK)
                return st;
            sb_decode(&t, s, len, out->text, &flags);
            break;
        }
        case KIND_MULTI: {
            iconv_t cd = open_decoder(&encodings[id]);
            if (cd == (iconv_t)-1) {
                source = SRC_DEFAULT;
                id = ENC_WIN1252;
                continue;
            }
            st = multi_decode(ctx, id, cd, s, len, out);
            iconv_close(cd);
            if (st != PITH_OK)
                return st;
            flags = out->flags;
            break;
        }
        case KIND_REPLACEMENT:
            /* WHATWG: the whole stream is one decoding error */
            out->text = pith_strndup(ctx, "\xEF\xBF\xBD", len ? 3 : 0);
            if (!out->text)
                return ctx->error;
            out->len = len ? 3 : 0;
            if (len)
                flags |= PITH_FLAG_INVALID_BYTES_REPLACED;
            break;
        }
        out->flags = flags;
        ctx->flags |= flags;
        return PITH_OK;
    }
}
