/*
 * Raw page bytes -> UTF-8, deciding the charset the way a browser does (WHATWG Encoding
 * Standard and the HTML "determining the character encoding" steps): byte order mark, then
 * the caller's hint, then a <meta> prescan, then a UTF-8 check, then windows-1252.
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

static int
is_ws(unsigned char c)
{
    return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

static int
is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The WHATWG "get an encoding": trim ASCII whitespace, compare case-insensitively. */
static int
lookup_label(const char *label, size_t len)
{
    const unsigned char *s = (const unsigned char *)label;
    while (len > 0 && is_ws(s[0]))
        s++, len--;
    while (len > 0 && is_ws(s[len - 1]))
        len--;
    if (len == 0 || len >= MAX_LABEL)
        return -1;
    char key[MAX_LABEL];
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c == 0)
            return -1; /* "utf-8\0junk" must not match "utf-8" */
        key[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
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

/* The WHATWG UTF-8 decoder: one U+FFFD per maximal invalid subpart, as browsers do, so that
 * a truncated sequence does not swallow the ASCII byte after it. Counts when out is NULL. */
static size_t
utf8_decode(const unsigned char *s, size_t n, char *out, unsigned *flags)
{
    size_t i = 0, o = 0;
    while (i < n) {
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
    while (p < n && (is_ws(s[p]) || s[p] == '/'))
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
        if (is_ws(c))
            break;
        if (c == '/' || c == '>') {
            *pos = p;
            return 1;
        }
        a->name_len++;
        p++;
    }
    while (p < n && is_ws(s[p]))
        p++;
    if (p >= n)
        return -1;
    if (s[p] != '=') {
        *pos = p;
        return 1;
    }
    p++;
value:
    while (p < n && is_ws(s[p]))
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
    while (p < n && !is_ws(s[p]) && s[p] != '>')
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
        while (p < n && is_ws(v[p]))
            p++;
        if (p >= n || v[p] != '=')
            continue;
        p++;
        while (p < n && is_ws(v[p]))
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
        while (p < n && !is_ws(v[p]) && v[p] != ';')
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
            (is_ws(s[p + 5]) || s[p + 5] == '/')) {
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
        if (q < n && is_alpha(s[q])) {
            size_t name = q;
            while (q < n && !is_ws(s[q]) && s[q] != '>' && s[q] != '/')
                q++;
            /* the head is over: a <meta> past this point is not a declaration browsers use
             * after the 1024-byte prescan either */
            if (span_is(s, name, q - name, end_tag ? "head" : "body"))
                return 0;
            while (q < n && !is_ws(s[q]) && s[q] != '>')
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

/* ---- the decision and the conversion ---- */

/* The ASCII-based legacy charsets: single-byte and CJK multi-byte. */
static int
is_legacy(enc_id id)
{
    enc_kind k = encodings[id].kind;
    return k == KIND_SINGLE || k == KIND_USER_DEFINED || k == KIND_MULTI;
}

/* Values of pith_decoded.source. (pith.h documents "utf-8-valid" for the detected case;
 * the decoder's brief says "utf-8-detected": one of the two has to change.) */
static const char SRC_BOM[] = "bom", SRC_HINT[] = "hint", SRC_META[] = "meta",
                  SRC_UTF8[] = "utf-8-detected", SRC_DEFAULT[] = "default";

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
        } else {
            id = ENC_WIN1252, source = SRC_DEFAULT;
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
        if (source == SRC_DEFAULT && utf8_valid(s, len, &multi))
            id = ENC_UTF8, source = SRC_UTF8;
        out->charset = encodings[id].name;
        out->source = source;
        unsigned flags = 0;
        size_t count;
        pith_status st = PITH_OK;
        switch (encodings[id].kind) {
        case KIND_UTF8:
            count = utf8_decode(s, len, NULL, &flags);
            if (flags == 0) { /* valid and NUL-free: the bytes are the answer */
                out->text = pith_strndup(ctx, (const char *)s, len);
                if (!out->text)
                    return ctx->error;
                out->len = len;
                break;
            }
            if ((st = finish_counted(ctx, out, count)) != PITH_OK)
                return st;
            utf8_decode(s, len, out->text, &flags);
            break;
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
