/* SPDX-License-Identifier: MIT */
/* Tests for src/decode.c: the charset decision (BOM, hint, <meta> prescan, UTF-8 detection,
 * windows-1252), the WHATWG label table, and the conversion with U+FFFD replacement.
 * Expected bytes were worked out by hand from the charset tables (and cross-checked with
 * the iconv(1) tool), not copied from pith's output. */
#include <check.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct fixture {
    pith_options opts;
    pith_ctx ctx;
    pith_decoded out;
    pith_status st;
} fixture;

static void
setup_opts(pith_options *o)
{
    pith_options_init(o, sizeof *o);
    /* these tests are about decoding, not the work budget, which has its own tests */
    o->max_work = (uint64_t)1 << 40;
}

/* Decodes bytes with hint into f; the caller calls done(f). */
static void
run(fixture *f, const char *bytes, size_t len, const char *hint)
{
    setup_opts(&f->opts);
    pith_ctx_init(&f->ctx, &f->opts);
    f->st = pith_decode(&f->ctx, bytes, len, hint, &f->out);
}

static void
done(fixture *f)
{
    pith_ctx_release(&f->ctx);
}

static void
hexdump(const char *s, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o + 4 < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%02X ", (unsigned char)s[i]);
}

/* Asserts the decoded text equals want[0..wlen), with charset and source. */
static void
expect(const fixture *f, const char *want, size_t wlen, const char *charset, const char *source)
{
    char got_hex[256], want_hex[256];
    ck_assert_int_eq(f->st, PITH_OK);
    ck_assert_ptr_nonnull(f->out.text);
    hexdump(f->out.text, f->out.len, got_hex, sizeof got_hex);
    hexdump(want, wlen, want_hex, sizeof want_hex);
    ck_assert_msg(f->out.len == wlen && memcmp(f->out.text, want, wlen) == 0,
                  "decoded [%s], want [%s]", got_hex, want_hex);
    ck_assert_int_eq(f->out.text[f->out.len], '\0');
    ck_assert_uint_eq(strlen(f->out.text), f->out.len);
    if (charset)
        ck_assert_str_eq(f->out.charset, charset);
    if (source)
        ck_assert_str_eq(f->out.source, source);
}

#define S(lit) lit, sizeof lit - 1
#define FFFD "\xEF\xBF\xBD"

/* Decodes a literal and checks text, charset, source and flags in one line. */
#define CHECK(in, hint, want, charset, source, want_flags)                                         \
    do {                                                                                   \
        fixture f_;                                                                        \
        run(&f_, S(in), hint);                                                             \
        expect(&f_, S(want), charset, source);                                             \
        ck_assert_uint_eq(f_.out.flags, (want_flags));                                          \
        done(&f_);                                                                         \
    } while (0)

/* ---- byte order marks ---- */

START_TEST(bom_utf8)
{
    CHECK("\xEF\xBB\xBF" "caf\xC3\xA9", NULL, "caf\xC3\xA9", "UTF-8", "bom", 0);
}
END_TEST

START_TEST(bom_utf16le)
{
    CHECK("\xFF\xFE" "A\0\xE9\0=\xD8\0\xDE", NULL, "A\xC3\xA9\xF0\x9F\x98\x80", "UTF-16LE", "bom",
          0);
}
END_TEST

START_TEST(bom_utf16be)
{
    CHECK("\xFE\xFF" "\0A\0\xE9\x65\xE5", NULL, "A\xC3\xA9\xE6\x97\xA5", "UTF-16BE", "bom", 0);
}
END_TEST

START_TEST(bom_beats_hint_and_meta)
{
    CHECK("\xEF\xBB\xBF<meta charset=koi8-r>\xD0\x9F", "windows-1251",
          "<meta charset=koi8-r>\xD0\x9F", "UTF-8", "bom", 0);
}
END_TEST

START_TEST(utf16_errors)
{
    /* lone trail surrogate, lone lead before a BMP unit, U+0000, odd byte at the end */
    CHECK("\xFF\xFE" "\x00\xDC" "A\0" "\x00\xD8" "B\0" "\0\0" "C", NULL,
          FFFD "A" FFFD "B" FFFD FFFD, "UTF-16LE", "bom",
          PITH_FLAG_INVALID_BYTES_REPLACED | PITH_FLAG_NUL_REPLACED);
}
END_TEST

/* UTF-16 without a BOM once came back as its own markup, the NULs replaced, status ok. */
START_TEST(utf16_without_bom_detected)
{
    CHECK("<\0p\0>\0c\0a\0f\0\xE9\0<\0/\0p\0>\0", NULL, "<p>caf\xC3\xA9</p>", "UTF-16LE",
          "detected", 0);
    CHECK("\0<\0p\0>\0c\0a\0f\0\xE9\0<\0/\0p\0>", NULL, "<p>caf\xC3\xA9</p>", "UTF-16BE",
          "detected", 0);
    /* a title of CJK characters (no zero bytes) after the markup still leaves most units
     * ASCII */
    CHECK("<\0t\0i\0t\0l\0e\0>\0\xE5\x65\x2C\x67<\0/\0t\0i\0t\0l\0e\0>\0", NULL,
          "<title>\xE6\x97\xA5\xE6\x9C\xAC</title>", "UTF-16LE", "detected", 0);
    /* a few NULs in an ASCII page are NULs, not UTF-16; a hint still wins */
    CHECK("<p>a\0b\0c</p>", NULL, "<p>a" FFFD "b" FFFD "c</p>", "UTF-8", "utf-8-detected",
          PITH_FLAG_NUL_REPLACED);
    CHECK("<\0p\0>\0x\0<\0/\0p\0>\0", "utf-8", "<" FFFD "p" FFFD ">" FFFD "x" FFFD "<" FFFD
          "/" FFFD "p" FFFD ">" FFFD, "UTF-8", "hint", PITH_FLAG_NUL_REPLACED);
}
END_TEST

/* ---- hint ---- */

START_TEST(hint_beats_meta)
{
    CHECK("<meta charset=koi8-r>\xF0", "windows-1251", "<meta charset=koi8-r>\xD1\x80",
          "windows-1251", "hint", 0);
}
END_TEST

START_TEST(hint_trimmed_case_insensitive)
{
    CHECK("\x93\xFA", " \tSHIFT_JIS\r\n", "\xE6\x97\xA5", "Shift_JIS", "hint", 0);
}
END_TEST

START_TEST(unknown_hint_ignored)
{
    CHECK("<meta charset=koi8-r>\xF0", "no-such-charset", "<meta charset=koi8-r>\xD0\x9F",
          "KOI8-R", "meta", 0);
    CHECK("caf\xE9", "", "caf\xC3\xA9", "windows-1252", "default", 0);
}
END_TEST

START_TEST(hint_utf16_is_honoured)
{
    /* only a <meta> saying UTF-16 is overridden; the transport may say it */
    CHECK("A\0B\0", "utf-16le", "AB", "UTF-16LE", "hint", 0);
}
END_TEST

START_TEST(hint_latin1_is_windows_1252)
{
    CHECK("\x80\xE9\x9F", "latin1", "\xE2\x82\xAC\xC3\xA9\xC5\xB8", "windows-1252", "hint", 0);
    CHECK("\x80", "ISO-8859-1", "\xE2\x82\xAC", "windows-1252", "hint", 0);
    CHECK("\x93", "us-ascii", "\xE2\x80\x9C", "windows-1252", "hint", 0);
}
END_TEST

START_TEST(hint_replacement)
{
    CHECK("\x1B$)Cabc", "iso-2022-kr", FFFD, "replacement", "hint",
          PITH_FLAG_INVALID_BYTES_REPLACED);
    CHECK("", "hz-gb-2312", "", "replacement", "hint", 0);
}
END_TEST

START_TEST(hint_x_user_defined)
{
    CHECK("a\x80\xFF", "x-user-defined", "a\xEF\x9E\x80\xEF\x9F\xBF", "x-user-defined", "hint",
          0);
}
END_TEST

/* ---- <meta> prescan ---- */

START_TEST(meta_charset)
{
    CHECK("<html><head><meta charset=\"KOI8-R\"><title>\xF0</title>",
          NULL, "<html><head><meta charset=\"KOI8-R\"><title>\xD0\x9F</title>", "KOI8-R", "meta",
          0);
    CHECK("<META CHARSET='iso-8859-2'/>\xA3", NULL, "<META CHARSET='iso-8859-2'/>\xC5\x81",
          "ISO-8859-2", "meta", 0);
    CHECK("<meta/charset=windows-1250>\xB9", NULL, "<meta/charset=windows-1250>\xC4\x85",
          "windows-1250", "meta", 0);
}
END_TEST

START_TEST(meta_http_equiv)
{
    CHECK("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\xF0",
          NULL,
          "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\xD1\x80",
          "windows-1251", "meta", 0);
    /* content before http-equiv, quoted label inside content, spaces around '=' */
    CHECK("<meta content='text/html;charset = \"koi8-r\"' http-equiv=content-type>\xF0", NULL,
          "<meta content='text/html;charset = \"koi8-r\"' http-equiv=content-type>\xD0\x9F",
          "KOI8-R", "meta", 0);
}
END_TEST

START_TEST(meta_content_needs_pragma)
{
    /* content=charset without http-equiv=content-type is not a declaration */
    CHECK("<meta name=x content=\"text/html; charset=koi8-r\">\xF0", NULL,
          "<meta name=x content=\"text/html; charset=koi8-r\">\xC3\xB0", "windows-1252",
          "default", 0);
}
END_TEST

START_TEST(meta_in_comment_ignored)
{
    CHECK("<!-- <meta charset=koi8-r> -->\xF0", NULL, "<!-- <meta charset=koi8-r> -->\xC3\xB0",
          "windows-1252", "default", 0);
    /* "<!-->" is a whole comment, so the meta after it counts */
    CHECK("<!--><meta charset=koi8-r>\xF0", NULL, "<!--><meta charset=koi8-r>\xD0\x9F", "KOI8-R",
          "meta", 0);
}
END_TEST

START_TEST(meta_inside_attribute_ignored)
{
    CHECK("<title x=\"<meta charset=koi8-r>\">\xF0", NULL,
          "<title x=\"<meta charset=koi8-r>\">\xC3\xB0", "windows-1252", "default", 0);
    CHECK("<?xml <meta charset=koi8-r>\xF0", NULL, "<?xml <meta charset=koi8-r>\xC3\xB0",
          "windows-1252", "default", 0);
}
END_TEST

START_TEST(meta_first_wins_and_unknown_skipped)
{
    CHECK("<meta charset=bogus><meta charset=koi8-r><meta charset=iso-8859-2>\xF0", NULL,
          "<meta charset=bogus><meta charset=koi8-r><meta charset=iso-8859-2>\xD0\x9F", "KOI8-R",
          "meta", 0);
}
END_TEST

START_TEST(meta_utf16_means_utf8)
{
    CHECK("<meta charset=utf-16>caf\xC3\xA9", NULL, "<meta charset=utf-16>caf\xC3\xA9", "UTF-8",
          "meta", 0);
    /* and x-user-defined means windows-1252 */
    CHECK("<meta charset=x-user-defined>\x80", NULL, "<meta charset=x-user-defined>\xE2\x82\xAC",
          "windows-1252", "meta", 0);
}
END_TEST

START_TEST(meta_after_head_or_body_ignored)
{
    CHECK("<head></head><meta charset=koi8-r>\xF0", NULL,
          "<head></head><meta charset=koi8-r>\xC3\xB0", "windows-1252", "default", 0);
    CHECK("<body><meta charset=koi8-r>\xF0", NULL, "<body><meta charset=koi8-r>\xC3\xB0",
          "windows-1252", "default", 0);
    /* <bodyx> and </header> are not the end of the head */
    CHECK("<header></header><meta charset=koi8-r>\xF0", NULL,
          "<header></header><meta charset=koi8-r>\xD0\x9F", "KOI8-R", "meta", 0);
}
END_TEST

/* Builds <head><style>pad</style><meta charset=koi8-r></head>\xF0 with pad bytes of CSS. */
static char *
padded_page(size_t pad, size_t *len)
{
    const char *a = "<html><head><style>", *b = "</style><meta charset=koi8-r></head>\xF0";
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + pad + lb);
    memcpy(p, a, la);
    memset(p + la, 'x', pad);
    memcpy(p + la + pad, b, lb);
    *len = la + pad + lb;
    return p;
}

START_TEST(meta_past_1024_found)
{
    size_t len;
    char *page = padded_page(5000, &len);
    fixture f;
    run(&f, page, len, NULL);
    ck_assert_int_eq(f.st, PITH_OK);
    ck_assert_str_eq(f.out.charset, "KOI8-R");
    ck_assert_str_eq(f.out.source, "meta");
    ck_assert_str_eq(f.out.text + f.out.len - 2, "\xD0\x9F");
    done(&f);
    free(page);
}
END_TEST

START_TEST(meta_past_64k_ignored)
{
    size_t len;
    char *page = padded_page((size_t)64 << 10, &len);
    fixture f;
    run(&f, page, len, NULL);
    ck_assert_int_eq(f.st, PITH_OK);
    ck_assert_str_eq(f.out.charset, "windows-1252");
    ck_assert_str_eq(f.out.source, "default");
    ck_assert_str_eq(f.out.text + f.out.len - 2, "\xC3\xB0");
    done(&f);
    free(page);
}
END_TEST

START_TEST(meta_truncated_tag_ignored)
{
    CHECK("<meta charset=\"koi8-r", NULL, "<meta charset=\"koi8-r", "UTF-8", "utf-8-detected", 0);
}
END_TEST

/* ---- detection and default ---- */

START_TEST(utf8_detected)
{
    CHECK("<p>na\xC3\xAFve \xE2\x80\x94 \xF0\x9F\x98\x80</p>", NULL,
          "<p>na\xC3\xAFve \xE2\x80\x94 \xF0\x9F\x98\x80</p>", "UTF-8", "utf-8-detected", 0);
    CHECK("plain ascii", NULL, "plain ascii", "UTF-8", "utf-8-detected", 0);
}
END_TEST

START_TEST(windows_1252_default)
{
    /* 0x81 is undefined in CP1252 but WHATWG maps it to U+0081 */
    CHECK("\x80\x81\x8D\x8F\x90\x9D\xE9", NULL,
          "\xE2\x82\xAC\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D\xC3\xA9", "windows-1252",
          "default", 0);
}
END_TEST

START_TEST(stale_meta_on_utf8)
{
    CHECK("<meta charset=iso-8859-1><p>caf\xC3\xA9</p>", NULL,
          "<meta charset=iso-8859-1><p>caf\xC3\xA9</p>", "UTF-8", "utf-8-detected", 0);
    CHECK("caf\xC3\xA9", "windows-1251", "caf\xC3\xA9", "UTF-8", "utf-8-detected", 0);
    /* ASCII-only bytes keep the declared charset */
    CHECK("<meta charset=iso-8859-1>cafe", NULL, "<meta charset=iso-8859-1>cafe",
          "windows-1252", "meta", 0);
    /* the CJK multi-byte labels go stale the same way (read as GBK, the bytes of e-acute
     * would be U+8305, the classic mojibake) */
    CHECK("caf\xC3\xA9", "gbk", "caf\xC3\xA9", "UTF-8", "utf-8-detected", 0);
    CHECK("<meta http-equiv=Content-Type content='text/html; charset=gb2312'>\xE4\xB8\xAD", NULL,
          "<meta http-equiv=Content-Type content='text/html; charset=gb2312'>\xE4\xB8\xAD",
          "UTF-8", "utf-8-detected", 0);
    CHECK("\xE2\x80\x99", "big5", "\xE2\x80\x99", "UTF-8", "utf-8-detected", 0);
    /* but real GBK, Shift_JIS, Big5 and windows-1251 text is not valid UTF-8 */
    CHECK("\xD6\xD0\xCE\xC4", "gbk", "\xE4\xB8\xAD\xE6\x96\x87", "GBK", "hint", 0);
    CHECK("\xCF\xF0\xE8\xE2\xE5\xF2", "windows-1251",
          "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", "windows-1251", "hint", 0);
    /* nor is the replacement encoding overridden: it exists to stop such guessing */
    CHECK("\xC3\xA9", "iso-2022-kr", FFFD, "replacement", "hint",
          PITH_FLAG_INVALID_BYTES_REPLACED);
}
END_TEST

/* ---- legacy charsets ---- */

START_TEST(iso_8859_2)
{
    CHECK("\xA3\xB9\xE6", "iso-8859-2", "\xC5\x81\xC5\xA1\xC4\x87", "ISO-8859-2", "hint", 0);
}
END_TEST

START_TEST(shift_jis)
{
    CHECK("\x93\xFA\x96\x7B\x8C\xEA", "sjis", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",
          "Shift_JIS", "hint", 0);
    /* half-width katakana; NEC row 13 circled digit; 0x80 is U+0080 in WHATWG */
    CHECK("\xB1\x87\x40\x80", "shift_jis", "\xEF\xBD\xB1\xE2\x91\xA0\xC2\x80", "Shift_JIS",
          "hint", 0);
    CHECK("<meta http-equiv=content-type content='text/html; charset=Shift_JIS'>\x93\xFA", NULL,
          "<meta http-equiv=content-type content='text/html; charset=Shift_JIS'>\xE6\x97\xA5",
          "Shift_JIS", "meta", 0);
}
END_TEST

START_TEST(gbk_and_gb18030)
{
    CHECK("\xD6\xD0\xCE\xC4", "gb2312", "\xE4\xB8\xAD\xE6\x96\x87", "GBK", "hint", 0);
    /* four-byte gb18030 U+0080 and the WHATWG single-byte euro sign */
    CHECK("\x81\x30\x81\x30\x80", "gb18030", "\xC2\x80\xE2\x82\xAC", "gb18030", "hint", 0);
    CHECK("\x80", "x-gbk", "\xE2\x82\xAC", "GBK", "hint", 0);
}
END_TEST

START_TEST(euc_kr)
{
    CHECK("\xC7\xD1\xB1\xB9", "ks_c_5601-1987", "\xED\x95\x9C\xEA\xB5\xAD", "EUC-KR", "hint", 0);
    /* UHC extension (Hangul U+B620, 0x8C63), which plain EUC-KR lacks */
    CHECK("\x8C\x63", "euc-kr", "\xEB\x98\xA0", "EUC-KR", "hint", 0);
}
END_TEST

START_TEST(big5)
{
    CHECK("\xA4\xA4\xA4\xE5", "big5", "\xE4\xB8\xAD\xE6\x96\x87", "Big5", "hint", 0);
    /* HKSCS 0x8862 decodes to two code points, U+00CA U+0304 */
    CHECK("\x88\x62" "A", "big5", "\xC3\x8A\xCC\x84" "A", "Big5", "hint", 0);
}
END_TEST

START_TEST(euc_jp_and_iso_2022_jp)
{
    CHECK("\xC6\xFC\xCB\xDC", "euc-jp", "\xE6\x97\xA5\xE6\x9C\xAC", "EUC-JP", "hint", 0);
    CHECK("a\x1B$BF|K\\\x1B(Bb", "iso-2022-jp", "a\xE6\x97\xA5\xE6\x9C\xAC" "b", "ISO-2022-JP",
          "hint", 0);
}
END_TEST

START_TEST(single_byte_tables)
{
    CHECK("\xF0\xD2\xC9\xD7\xC5\xD4", "koi8", "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82",
          "KOI8-R", "hint", 0);
    /* WHATWG KOI8-U has U+045E at 0xAE */
    CHECK("\xAE", "koi8-u", "\xD1\x9E", "KOI8-U", "hint", 0);
    /* WHATWG x-mac-cyrillic has the euro sign at 0xFF */
    CHECK("\xFF\x80", "x-mac-ukrainian", "\xE2\x82\xAC\xD0\x90", "x-mac-cyrillic", "hint", 0);
    /* windows code pages map their unused C1 bytes to C1 controls */
    CHECK("\x81\xB9", "cp1250", "\xC2\x81\xC4\x85", "windows-1250", "hint", 0);
    CHECK("\xDB\xE3", "windows-874", FFFD "\xE0\xB9\x83", "windows-874", "hint",
          PITH_FLAG_INVALID_BYTES_REPLACED);
    /* windows-1255: a letter then a point stay two code points */
    CHECK("\xE0\xC8", "windows-1255", "\xD7\x90\xD6\xB8", "windows-1255", "hint", 0);
    CHECK("\xE9", "iso-8859-9", "\xC3\xA9", "windows-1254", "hint", 0);
    CHECK("\xE0", "logical", "\xD7\x90", "ISO-8859-8-I", "hint", 0);
    CHECK("\x8E", "866", "\xD0\x9E", "IBM866", "hint", 0);
    /* ISO-8859-3 leaves 0xA5 undefined */
    CHECK("\xA5", "latin3", FFFD, "ISO-8859-3", "hint", PITH_FLAG_INVALID_BYTES_REPLACED);
}
END_TEST

/* The built-in windows-1252 table agrees with glibc's CP1252 except on the five bytes glibc
 * leaves undefined (WHATWG: U+0081, U+008D, U+008F, U+0090, U+009D). */
START_TEST(windows_1252_matches_glibc)
{
    iconv_t cd = iconv_open("UTF-8", "CP1252");
    if (cd == (iconv_t)-1) {
        fprintf(stderr, "skip: no CP1252 converter\n");
        return;
    }
    for (unsigned b = 0x80; b <= 0xFF; b++) {
        char in = (char)b, want[8];
        char *ip = &in, *op = want;
        size_t il = 1, ol = sizeof want;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        fixture f;
        run(&f, &in, 1, "windows-1252");
        ck_assert_int_eq(f.st, PITH_OK);
        if (r == (size_t)-1) {
            ck_assert_msg(b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D,
                          "glibc rejects 0x%02X", b);
            char c1[2] = {(char)0xC2, (char)b};
            ck_assert_uint_eq(f.out.len, 2);
            ck_assert_mem_eq(f.out.text, c1, 2);
        } else {
            size_t k = sizeof want - ol;
            ck_assert_msg(f.out.len == k && memcmp(f.out.text, want, k) == 0, "byte 0x%02X", b);
        }
        done(&f);
    }
    iconv_close(cd);
}
END_TEST

/* ---- replacement ---- */

START_TEST(invalid_utf8_replaced)
{
    CHECK("a\xFF" "b", "utf-8", "a" FFFD "b", "UTF-8", "hint", PITH_FLAG_INVALID_BYTES_REPLACED);
    /* one U+FFFD per maximal subpart: the 'A' after a cut sequence survives */
    CHECK("\xE2\x82" "A", "utf-8", FFFD "A", "UTF-8", "hint", PITH_FLAG_INVALID_BYTES_REPLACED);
    /* overlong and surrogate forms are errors byte by byte */
    CHECK("\xC0\xAF\xED\xA0\x80", "utf-8", FFFD FFFD FFFD FFFD FFFD, "UTF-8", "hint",
          PITH_FLAG_INVALID_BYTES_REPLACED);
    /* a literal U+FFFD in the input is valid and not flagged */
    CHECK(FFFD, "utf-8", FFFD, "UTF-8", "hint", 0);
}
END_TEST

START_TEST(truncated_multibyte_at_end)
{
    CHECK("ab\xE6\x97", "utf-8", "ab" FFFD, "UTF-8", "hint", PITH_FLAG_INVALID_BYTES_REPLACED);
    CHECK("ab\xF0\x9F\x98", "utf-8", "ab" FFFD, "UTF-8", "hint",
          PITH_FLAG_INVALID_BYTES_REPLACED);
    /* undeclared, it is not valid UTF-8, so windows-1252 */
    CHECK("ab\xE6\x97", NULL, "ab\xC3\xA6\xE2\x80\x94", "windows-1252", "default", 0);
    CHECK("\x93\xFA\x93", "shift_jis", "\xE6\x97\xA5" FFFD, "Shift_JIS", "hint",
          PITH_FLAG_INVALID_BYTES_REPLACED);
    CHECK("\xD6\xD0\x81\x30", "gb18030", "\xE4\xB8\xAD" FFFD, "gb18030", "hint",
          PITH_FLAG_INVALID_BYTES_REPLACED);
}
END_TEST

START_TEST(invalid_multibyte_replaced)
{
    /* a lead byte with an ASCII trail: the lead becomes U+FFFD, the trail is kept */
    CHECK("\x81 x", "shift_jis", FFFD " x", "Shift_JIS", "hint",
          PITH_FLAG_INVALID_BYTES_REPLACED);
    CHECK("\xFF\xA4\xA4", "big5", FFFD "\xE4\xB8\xAD", "Big5", "hint",
          PITH_FLAG_INVALID_BYTES_REPLACED);
}
END_TEST

START_TEST(nul_replaced)
{
    CHECK("a\0b", NULL, "a" FFFD "b", "UTF-8", "utf-8-detected", PITH_FLAG_NUL_REPLACED);
    CHECK("a\0\xE9", NULL, "a" FFFD "\xC3\xA9", "windows-1252", "default",
          PITH_FLAG_NUL_REPLACED);
    CHECK("\x93\xFA\0\x96\x7B", "shift_jis", "\xE6\x97\xA5" FFFD "\xE6\x9C\xAC", "Shift_JIS",
          "hint", PITH_FLAG_NUL_REPLACED);
    /* a lead byte cut short by a NUL: both become U+FFFD */
    CHECK("\x93\0", "shift_jis", FFFD FFFD, "Shift_JIS", "hint",
          PITH_FLAG_NUL_REPLACED | PITH_FLAG_INVALID_BYTES_REPLACED);
    CHECK("\0", "x-user-defined", FFFD, "x-user-defined", "hint", PITH_FLAG_NUL_REPLACED);
}
END_TEST

START_TEST(empty_input)
{
    CHECK("", NULL, "", "UTF-8", "utf-8-detected", 0);
    CHECK("", "shift_jis", "", "Shift_JIS", "hint", 0);
    CHECK("", "utf-16le", "", "UTF-16LE", "hint", 0);
    CHECK("\xEF\xBB\xBF", NULL, "", "UTF-8", "bom", 0);
}
END_TEST

START_TEST(flags_reach_ctx)
{
    fixture f;
    run(&f, S("a\0\xFF"), "utf-8");
    ck_assert_int_eq(f.st, PITH_OK);
    ck_assert_uint_eq(f.ctx.flags & (PITH_FLAG_NUL_REPLACED | PITH_FLAG_INVALID_BYTES_REPLACED),
                      PITH_FLAG_NUL_REPLACED | PITH_FLAG_INVALID_BYTES_REPLACED);
    done(&f);
}
END_TEST

/* ---- invariants on arbitrary bytes ---- */

static int
valid_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (u[i] == 0)
            return 0;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 : 2;
        if (u[i] < 0xC2 || u[i] > 0xF4 || len > n - i)
            return 0;
        uint32_t cp = u[i] & (0x7Fu >> len);
        for (size_t k = 1; k < len; k++) {
            if ((u[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (u[i + k] & 0x3Fu);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

static const char *const fuzz_hints[] = {
    NULL, "utf-8", "windows-1252", "shift_jis", "gbk", "gb18030", "big5", "euc-kr", "euc-jp",
    "iso-2022-jp", "utf-16le", "utf-16be", "koi8-u", "windows-1255", "x-user-defined",
    "iso-8859-3", "replacement",
};

START_TEST(random_bytes_give_valid_utf8)
{
    uint64_t x = 0x9E3779B97F4A7C15u + (uint64_t)_i;
    char buf[4096];
    for (int round = 0; round < 40; round++) {
        size_t n = (size_t)(x % sizeof buf);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* skew towards high bytes and NULs, where the decoders branch */
            unsigned v = (unsigned)(x >> 24) & 0xFF;
            buf[i] = (char)(round % 3 == 0 && v < 16 ? 0 : v);
        }
        fixture f;
        run(&f, buf, n, fuzz_hints[_i]);
        ck_assert_int_eq(f.st, PITH_OK);
        ck_assert_msg(valid_utf8(f.out.text, f.out.len), "hint %s round %d",
                      fuzz_hints[_i] ? fuzz_hints[_i] : "none", round);
        ck_assert_int_eq(f.out.text[f.out.len], '\0');
        /* nothing dropped silently: bytes that changed meaning set a flag, ASCII survives */
        if (n > 0 && f.out.len == 0)
            ck_abort_msg("output empty for %zu bytes", n);
        done(&f);
    }
}
END_TEST

/* ---- guessing undeclared legacy charsets ---- */

/* Realistic paragraphs, written for these tests, in UTF-8; each test encodes one with glibc's
 * iconv, decodes the bytes without any declaration and expects the original text back. */
static const char ja_text[] =
    "<html><head><title>\xE5\xB0\x8F\xE3\x81\x95\xE3\x81\xAA\xE9\x85\x92\xE8\x94\xB5</title>"
    "</head><body><p>"
    "一月の終わり、雪深い山あいの町にある小さな酒蔵を訪ねました。"
    "蔵の中はひんやりとしていて、米を蒸す湯気と麹の甘い香りが漂っています。"
    "杜氏さんは毎朝四時に起きて、仕込みの具合を確かめるそうです。</p></body></html>";
static const char zh_hans_text[] =
    "<html><body><p>清明前后，山区的茶园迎来了一年中最忙碌的时节。"
    "天刚亮，茶农们就背着竹篓上山采摘新茶，他们说今年的雨水比往年多，"
    "茶叶长得好，价格也比去年高一些。</p></body></html>";
static const char zh_hant_text[] =
    "<html><body><p>經營超過五十年的夜市，過去以蚵仔煎和烤香腸聞名，"
    "近年來卻出現不少由年輕人接手的攤位。他們說，現在的客人習慣用手機付款，"
    "也會在網路上先看評價再決定要不要來。</p></body></html>";
static const char ko_text[] =
    "<html><body><p>서울시는 내년부터 한강 공원에 자전거 도로를 새로 만들고 "
    "시민들이 더 안전하게 이용할 수 있도록 하겠다고 밝혔다. "
    "시는 이번 사업을 위해 예산을 늘리고 주민 의견을 듣는 자리도 마련할 계획이다.</p>"
    "</body></html>";
static const char ru_text[] =
    "<html><body><p>В городе открылась новая библиотека. Читатели смогут взять книги "
    "домой, поработать в тихом зале и послушать лекции о местной истории. "
    "Директор сказал, что в следующем году здесь появится детский клуб.</p></body></html>";
/* Western text where every candidate's structure check matters: word-final accents, umlauts
 * inside words (well-formed GBK and Big5 pairs), euro sign, curly quotes, guillemets. */
static const char fr_text[] =
    "<html lang=\"fr\"><body><p>« Ce métier, il faut l’aimer pour se lever à trois heures », "
    "explique Hélène. Le pain coûte désormais 1,20 € et la boulangerie a été rénovée l’été "
    "dernier ; les clients fidèles n’ont pas protesté…</p></body></html>";
static const char de_text[] =
    "<html><body><p>Der Bürgermeister erklärte, dass die Arbeiten an der Brücke über den "
    "Fluss früher als geplant abgeschlossen würden. Die Gebühren für Anwohner erhöhen sich "
    "nicht; „Wir schätzen die Geduld der Bürger“, sagte er. Größere Störungen gäbe es "
    "nur nachts.</p></body></html>";
static const char es_text[] =
    "<html><body><p>La campaña de recogida de la aceituna arranca estos días en Jaén con la "
    "peor previsión en más de diez años. «En el campo siempre hay que tener esperanza», "
    "dice un agricultor de Úbeda.</p></body></html>";

/* text in charset (glibc name); NULL when this machine has no converter for it */
static char *
encode(const char *utf8, const char *charset, size_t *len)
{
    iconv_t cd = iconv_open(charset, "UTF-8");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t n = strlen(utf8), cap = 4 * n + 16;
    char *out = malloc(cap), *o = out;
    char *in = (char *)(uintptr_t)utf8;
    size_t il = n, ol = cap;
    size_t r = iconv(cd, &in, &il, &o, &ol);
    iconv_close(cd);
    ck_assert_msg(r != (size_t)-1 && il == 0, "iconv to %s failed", charset);
    *len = cap - ol;
    return out;
}

/* Encodes text, decodes it undeclared, and expects the text back with charset and source. */
static void
roundtrip(const char *text, const char *iconv_name, const char *charset, const char *source)
{
    size_t n;
    char *bytes = encode(text, iconv_name, &n);
    if (!bytes) {
        fprintf(stderr, "skip: no %s converter\n", iconv_name);
        return;
    }
    fixture f;
    run(&f, bytes, n, NULL);
    expect(&f, text, strlen(text), charset, source);
    ck_assert_uint_eq(f.out.flags, 0);
    done(&f);
    free(bytes);
}

/* Decodes iconv_name bytes of text undeclared and expects charset/source, not the text. */
static void
expect_charset(const char *text, const char *iconv_name, const char *charset,
               const char *source)
{
    size_t n;
    char *bytes = encode(text, iconv_name, &n);
    if (!bytes)
        return;
    fixture f;
    run(&f, bytes, n, NULL);
    ck_assert_int_eq(f.st, PITH_OK);
    ck_assert_msg(strcmp(f.out.charset, charset) == 0 && strcmp(f.out.source, source) == 0,
                  "%s bytes: got %s/%s, want %s/%s", iconv_name, f.out.charset, f.out.source,
                  charset, source);
    done(&f);
    free(bytes);
}

START_TEST(detect_japanese)
{
    roundtrip(ja_text, "CP932", "Shift_JIS", "detected");
    roundtrip(ja_text, "EUC-JP", "EUC-JP", "detected");
}
END_TEST

START_TEST(detect_chinese)
{
    roundtrip(zh_hans_text, "GBK", "GBK", "detected");
    roundtrip(zh_hant_text, "BIG5", "Big5", "detected");
    /* a character GBK lacks takes a gb18030 four-byte sequence: ß is 81 30 89 38 */
    static const char mixed[] = "<p>清明前后，山区的茶园迎来了一年中最忙碌的时节。Straße</p>";
    size_t n;
    char *bytes = encode(mixed, "GB18030", &n);
    int four = 0;
    for (size_t i = 0; i + 4 <= n; i++)
        four |= memcmp(bytes + i, "\x81\x30\x89\x38", 4) == 0;
    ck_assert(four);
    fixture f;
    run(&f, bytes, n, NULL);
    expect(&f, S(mixed), "gb18030", "detected");
    done(&f);
    free(bytes);
}
END_TEST

START_TEST(detect_korean)
{
    roundtrip(ko_text, "CP949", "EUC-KR", "detected");
}
END_TEST

START_TEST(detect_cyrillic)
{
    roundtrip(ru_text, "CP1251", "windows-1251", "detected");
    roundtrip(ru_text, "KOI8-R", "KOI8-R", "detected");
}
END_TEST

/* Western European text stays windows-1252 (source "default"), long or short, and is never
 * read as CJK or Cyrillic. */
START_TEST(detect_latin_stays_windows_1252)
{
    static const char *const texts[] = {fr_text, de_text, es_text};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        roundtrip(texts[i], "CP1252", "windows-1252", "default");
    /* short texts with a few accents are the risky case */
    CHECK("Caf\xE9 cr\xE8me \xE0 1,20 \x80", NULL, "Caf\xC3\xA9 cr\xC3\xA8me \xC3\xA0 1,20 \xE2\x82\xAC",
          "windows-1252", "default", 0);
    CHECK("\xDC" "ber Gr\xF6\xDF" "e und Br\xFC" "cken", NULL,
          "\xC3\x9C" "ber Gr\xC3\xB6\xC3\x9F" "e und Br\xC3\xBC" "cken", "windows-1252", "default",
          0);
    /* upper-case accented words are runs of 0xC0..0xDF bytes, like KOI8-R lower case */
    CHECK("<p>\xC9T\xC9 \xC0 L'\xC9" "COLE, \xC9L\xC8VES \xC9MUS</p>", NULL,
          "<p>\xC3\x89T\xC3\x89 \xC3\x80 L'\xC3\x89" "COLE, \xC3\x89L\xC3\x88VES \xC3\x89MUS</p>",
          "windows-1252", "default", 0);
}
END_TEST

START_TEST(detect_too_little_evidence)
{
    /* five Shift_JIS kana: below the minimum of eight characters */
    CHECK("<p>\x82\xB1\x82\xF1\x82\xC9\x82\xBF\x82\xCD</p>", NULL,
          "<p>\xE2\x80\x9A\xC2\xB1\xE2\x80\x9A\xC3\xB1\xE2\x80\x9A\xC3\x89\xE2\x80\x9A\xC2\xBF"
          "\xE2\x80\x9A\xC3\x8D</p>",
          "windows-1252", "default", 0);
    /* ten of them are enough */
    CHECK("<p>\x82\xB1\x82\xF1\x82\xC9\x82\xBF\x82\xCD\x82\xB1\x82\xF1\x82\xC9\x82\xBF\x82\xCD"
          "</p>",
          NULL,
          "<p>こんにちはこんにちは</p>", "Shift_JIS", "detected", 0);
}
END_TEST

/* Random high bytes and a mixture of charsets are no charset: windows-1252. */
START_TEST(detect_garbage_stays_windows_1252)
{
    uint64_t x = 0x2545F4914F6CDD1Du;
    char buf[2048];
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < sizeof buf; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            unsigned v = (unsigned)(x >> 24) & 0xFF;
            buf[i] = (char)(round % 2 ? (v | 0x80) : v == 0 ? 'a' : v);
        }
        fixture f;
        run(&f, buf, sizeof buf, NULL);
        ck_assert_str_eq(f.out.charset, "windows-1252");
        ck_assert_str_eq(f.out.source, "default");
        done(&f);
    }
    /* French windows-1252 followed by Japanese Shift_JIS: the accents break every
     * multi-byte candidate and the kana are no Cyrillic */
    size_t n1, n2;
    char *a = encode(fr_text, "CP1252", &n1), *b = encode(ja_text, "CP932", &n2);
    char *both = malloc(n1 + n2);
    memcpy(both, a, n1);
    memcpy(both + n1, b, n2);
    fixture f;
    run(&f, both, n1 + n2, NULL);
    ck_assert_str_eq(f.out.charset, "windows-1252");
    ck_assert_str_eq(f.out.source, "default");
    done(&f);
    free(a), free(b), free(both);
}
END_TEST

/* <html lang> settles weak evidence but never forces a charset the bytes reject. */
START_TEST(detect_lang_prior)
{
    /* kanji-heavy Japanese: three kana and punctuation among 21 characters (14%) are not
     * enough by themselves */
    static const char kanji[] = "<p>東京都議会議員選挙の結果発表、投票率は低下</p>";
    expect_charset(kanji, "CP932", "windows-1252", "default");
    static const char kanji_ja[] = "<html lang=\"ja-JP\"><p>東京都議会議員選挙の結果発表、投票率は低下</p>";
    roundtrip(kanji_ja, "CP932", "Shift_JIS", "detected");
    /* street food names: few frequent Hanzi (2 of 13), and GBK's and EUC-KR's structure
     * accept the bytes too; zh-Hant-TW settles it */
    static const char food[] = "<p>蚵仔煎、烤香腸與肉圓的攤販</p>";
    expect_charset(food, "BIG5", "windows-1252", "default");
    static const char hant[] = "<html xml:lang='zh-Hant-TW'><p>蚵仔煎、烤香腸與肉圓的攤販</p>";
    roundtrip(hant, "BIG5", "Big5", "detected");
    /* a few Cyrillic words: too few letters without the prior, enough with lang=ru */
    static const char ru[] = "<p>Новая библиотека</p>";
    expect_charset(ru, "CP1251", "windows-1252", "default");
    static const char ru_lang[] = "<html lang=ru><p>Новая библиотека</p>";
    roundtrip(ru_lang, "CP1251", "windows-1251", "detected");
    /* lang=ja on French bytes: no candidate survives, so windows-1252 */
    static const char fr[] = "<html lang=ja><p>Le pain coûte désormais 1,20 € et la "
                             "boulangerie a été rénovée l’été dernier; à bientôt, Hélène.</p>";
    roundtrip(fr, "CP1252", "windows-1252", "default");
}
END_TEST

/* The guess is the last resort: BOM, hint, <meta> and valid UTF-8 all come first. */
START_TEST(detect_never_overrides)
{
    size_t n;
    char *sjis = encode(ja_text, "CP932", &n);
    fixture f;
    run(&f, sjis, n, "windows-1252");
    ck_assert_str_eq(f.out.charset, "windows-1252");
    ck_assert_str_eq(f.out.source, "hint");
    done(&f);
    run(&f, sjis, n, "euc-kr");
    ck_assert_str_eq(f.out.charset, "EUC-KR");
    ck_assert_str_eq(f.out.source, "hint");
    done(&f);
    static const char meta[] = "<meta charset=windows-1252>";
    char *m = malloc(sizeof meta - 1 + n);
    memcpy(m, meta, sizeof meta - 1);
    memcpy(m + sizeof meta - 1, sjis, n);
    run(&f, m, sizeof meta - 1 + n, NULL);
    ck_assert_str_eq(f.out.charset, "windows-1252");
    ck_assert_str_eq(f.out.source, "meta");
    done(&f);
    free(m);
    free(sjis);
    /* Japanese in UTF-8 is UTF-8 */
    run(&f, ja_text, strlen(ja_text), NULL);
    expect(&f, ja_text, strlen(ja_text), "UTF-8", "utf-8-detected");
    done(&f);
}
END_TEST

/* Only 64 KiB from the first non-ASCII byte are read: a long ASCII head does not hide the
 * text, and the decoder still converts the whole page. */
START_TEST(detect_window)
{
    size_t n;
    char *sjis = encode(ja_text, "CP932", &n);
    size_t pad = (size_t)200 << 10;
    char *big = malloc(pad + n);
    memset(big, ' ', pad);
    memcpy(big + pad, sjis, n);
    fixture f;
    run(&f, big, pad + n, NULL);
    ck_assert_str_eq(f.out.charset, "Shift_JIS");
    ck_assert_str_eq(f.out.source, "detected");
    ck_assert_uint_eq(f.out.len, pad + strlen(ja_text));
    ck_assert_mem_eq(f.out.text + pad, ja_text, strlen(ja_text));
    done(&f);
    free(big);
    free(sjis);
}
END_TEST

static char *
slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, fp);
    fclose(fp);
    return buf;
}

/* The corpus pages that declare nothing decode to their UTF-8 sources (corpus/README.md);
 * the declared twins keep their <meta>. */
START_TEST(detect_corpus_pages)
{
    static const struct {
        const char *page, *charset, *source;
    } cases[] = {
        {"sjis-undeclared-japanese-sake", "Shift_JIS", "detected"},
        {"gb-undeclared-chinese-tea", "GBK", "detected"},
        {"cp1252-undeclared-french-bakery", "windows-1252", "default"},
        {"sjis-declared-japanese-railway", "Shift_JIS", "meta"},
        {"gb-declared-chinese-metro", "GBK", "meta"},
        {"cp1252-declared-cafe-prices", "windows-1252", "meta"},
        {"latin2-declared-polish-library", "ISO-8859-2", "meta"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[512];
        size_t n, wn;
        snprintf(path, sizeof path, "%s/corpus/%s.html", PITH_SOURCE_DIR, cases[i].page);
        char *page = slurp(path, &n);
        ck_assert_msg(page != NULL, "cannot read %s", path);
        snprintf(path, sizeof path, "%s/corpus/src/%s.utf8.html", PITH_SOURCE_DIR,
                 cases[i].page);
        char *want = slurp(path, &wn);
        ck_assert_msg(want != NULL, "cannot read %s", path);
        fixture f;
        run(&f, page, n, NULL);
        ck_assert_msg(strcmp(f.out.charset, cases[i].charset) == 0 &&
                          strcmp(f.out.source, cases[i].source) == 0,
                      "%s: %s/%s", cases[i].page, f.out.charset, f.out.source);
        ck_assert_msg(f.out.len == wn && memcmp(f.out.text, want, wn) == 0,
                      "%s: decoded text differs from the UTF-8 source", cases[i].page);
        ck_assert_uint_eq(f.out.flags, 0);
        done(&f);
        free(page);
        free(want);
    }
}
END_TEST

START_TEST(detect_work_limit)
{
    /* the detector charges its passes: a budget that covers the conversion alone fails */
    size_t n;
    char *sjis = encode(ja_text, "CP932", &n);
    fixture f;
    setup_opts(&f.opts);
    f.opts.max_work = n / 64 + 1;
    pith_ctx_init(&f.ctx, &f.opts);
    ck_assert_int_eq(pith_decode(&f.ctx, sjis, n, NULL, &f.out), PITH_ERR_WORK_LIMIT);
    pith_ctx_release(&f.ctx);
    free(sjis);
}
END_TEST

/* ---- limits ---- */

START_TEST(work_limit)
{
    fixture f;
    setup_opts(&f.opts);
    f.opts.max_work = 3;
    pith_ctx_init(&f.ctx, &f.opts);
    char big[1024];
    memset(big, 'a', sizeof big);
    ck_assert_int_eq(pith_decode(&f.ctx, big, sizeof big, NULL, &f.out), PITH_ERR_WORK_LIMIT);
    pith_ctx_release(&f.ctx);
}
END_TEST

START_TEST(memory_limit)
{
    static const char *const hints[] = {NULL, "utf-8", "shift_jis", "koi8-r", "utf-16le"};
    for (size_t h = 0; h < sizeof hints / sizeof hints[0]; h++) {
        fixture f;
        setup_opts(&f.opts);
        f.opts.max_memory = 1000;
        pith_ctx_init(&f.ctx, &f.opts);
        char big[4096];
        memset(big, 'a', sizeof big);
        big[7] = '\xE9';
        pith_status st = pith_decode(&f.ctx, big, sizeof big, hints[h], &f.out);
        ck_assert_int_eq(st, PITH_ERR_MEMORY_LIMIT);
        pith_ctx_release(&f.ctx);
    }
}
END_TEST

/* ---- labels ---- */

/* Every label of the WHATWG Encoding Standard's table. */
static const char *const all_labels[] = {
    "866",
    "ansi_x3.4-1968",
    "arabic",
    "ascii",
    "asmo-708",
    "big5",
    "big5-hkscs",
    "chinese",
    "cn-big5",
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "cp819",
    "cp866",
    "csbig5",
    "cseuckr",
    "cseucpkdfmtjapanese",
    "csgb2312",
    "csibm866",
    "csiso2022jp",
    "csiso2022kr",
    "csiso58gb231280",
    "csiso88596e",
    "csiso88596i",
    "csiso88598e",
    "csiso88598i",
    "csisolatin1",
    "csisolatin2",
    "csisolatin3",
    "csisolatin4",
    "csisolatin5",
    "csisolatin6",
    "csisolatin9",
    "csisolatinarabic",
    "csisolatincyrillic",
    "csisolatingreek",
    "csisolatinhebrew",
    "cskoi8r",
    "csksc56011987",
    "csmacintosh",
    "csshiftjis",
    "csunicode",
    "cyrillic",
    "dos-874",
    "ecma-114",
    "ecma-118",
    "elot_928",
    "euc-jp",
    "euc-kr",
    "gb18030",
    "gb2312",
    "gb_2312",
    "gb_2312-80",
    "gbk",
    "greek",
    "greek8",
    "hebrew",
    "hz-gb-2312",
    "ibm819",
    "ibm866",
    "iso-10646-ucs-2",
    "iso-2022-cn",
    "iso-2022-cn-ext",
    "iso-2022-jp",
    "iso-2022-kr",
    "iso-8859-1",
    "iso-8859-10",
    "iso-8859-11",
    "iso-8859-13",
    "iso-8859-14",
    "iso-8859-15",
    "iso-8859-16",
    "iso-8859-2",
    "iso-8859-3",
    "iso-8859-4",
    "iso-8859-5",
    "iso-8859-6",
    "iso-8859-6-e",
    "iso-8859-6-i",
    "iso-8859-7",
    "iso-8859-8",
    "iso-8859-8-e",
    "iso-8859-8-i",
    "iso-8859-9",
    "iso-ir-100",
    "iso-ir-101",
    "iso-ir-109",
    "iso-ir-110",
    "iso-ir-126",
    "iso-ir-127",
    "iso-ir-138",
    "iso-ir-144",
    "iso-ir-148",
    "iso-ir-149",
    "iso-ir-157",
    "iso-ir-58",
    "iso8859-1",
    "iso8859-10",
    "iso8859-11",
    "iso8859-13",
    "iso8859-14",
    "iso8859-15",
    "iso8859-2",
    "iso8859-3",
    "iso8859-4",
    "iso8859-5",
    "iso8859-6",
    "iso8859-7",
    "iso8859-8",
    "iso8859-9",
    "iso88591",
    "iso885910",
    "iso885911",
    "iso885913",
    "iso885914",
    "iso885915",
    "iso88592",
    "iso88593",
    "iso88594",
    "iso88595",
    "iso88596",
    "iso88597",
    "iso88598",
    "iso88599",
    "iso_8859-1",
    "iso_8859-15",
    "iso_8859-1:1987",
    "iso_8859-2",
    "iso_8859-2:1987",
    "iso_8859-3",
    "iso_8859-3:1988",
    "iso_8859-4",
    "iso_8859-4:1988",
    "iso_8859-5",
    "iso_8859-5:1988",
    "iso_8859-6",
    "iso_8859-6:1987",
    "iso_8859-7",
    "iso_8859-7:1987",
    "iso_8859-8",
    "iso_8859-8:1988",
    "iso_8859-9",
    "iso_8859-9:1989",
    "koi",
    "koi8",
    "koi8-r",
    "koi8-ru",
    "koi8-u",
    "koi8_r",
    "korean",
    "ks_c_5601-1987",
    "ks_c_5601-1989",
    "ksc5601",
    "ksc_5601",
    "l1",
    "l2",
    "l3",
    "l4",
    "l5",
    "l6",
    "l9",
    "latin1",
    "latin2",
    "latin3",
    "latin4",
    "latin5",
    "latin6",
    "logical",
    "mac",
    "macintosh",
    "ms932",
    "ms_kanji",
    "replacement",
    "shift-jis",
    "shift_jis",
    "sjis",
    "sun_eu_greek",
    "tis-620",
    "ucs-2",
    "unicode",
    "unicode-1-1-utf-8",
    "unicode11utf8",
    "unicode20utf8",
    "unicodefeff",
    "unicodefffe",
    "us-ascii",
    "utf-16",
    "utf-16be",
    "utf-16le",
    "utf-8",
    "utf8",
    "visual",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "windows-31j",
    "windows-874",
    "windows-949",
    "x-cp1250",
    "x-cp1251",
    "x-cp1252",
    "x-cp1253",
    "x-cp1254",
    "x-cp1255",
    "x-cp1256",
    "x-cp1257",
    "x-cp1258",
    "x-euc-jp",
    "x-gbk",
    "x-mac-cyrillic",
    "x-mac-roman",
    "x-mac-ukrainian",
    "x-sjis",
    "x-unicode20utf8",
    "x-user-defined",
    "x-x-big5",
};

START_TEST(every_label_resolves)
{
    size_t n = sizeof all_labels / sizeof all_labels[0];
    ck_assert_uint_eq(n, 228);
    for (size_t i = 0; i < n; i++) {
        const char *l = all_labels[i];
        ck_assert_msg(pith_charset_canonical(l, strlen(l)) != NULL, "label %s", l);
        char up[64];
        size_t k = strlen(l);
        for (size_t j = 0; j <= k; j++)
            up[j] = (char)(l[j] >= 'a' && l[j] <= 'z' ? l[j] - 32 : l[j]);
        ck_assert_str_eq(pith_charset_canonical(up, k), pith_charset_canonical(l, k));
    }
}
END_TEST

START_TEST(canonical_samples)
{
    static const char *const pairs[][2] = {
        {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"}, {"latin1", "windows-1252"},
        {"ISO-8859-1", "windows-1252"}, {"ascii", "windows-1252"}, {"US-ASCII", "windows-1252"},
        {"iso-8859-9", "windows-1254"}, {"latin5", "windows-1254"}, {"gb2312", "GBK"},
        {"x-gbk", "GBK"}, {"chinese", "GBK"}, {"GB18030", "gb18030"}, {"sjis", "Shift_JIS"},
        {"ms932", "Shift_JIS"}, {"windows-31j", "Shift_JIS"}, {"x-sjis", "Shift_JIS"},
        {"euc-kr", "EUC-KR"}, {"windows-949", "EUC-KR"}, {"big5-hkscs", "Big5"},
        {"koi8-r", "KOI8-R"}, {"koi8-ru", "KOI8-U"}, {"iso-2022-jp", "ISO-2022-JP"},
        {"x-euc-jp", "EUC-JP"}, {"utf-16", "UTF-16LE"}, {"unicodefffe", "UTF-16BE"},
        {"iso-2022-kr", "replacement"}, {"hz-gb-2312", "replacement"},
        {"x-mac-cyrillic", "x-mac-cyrillic"}, {"mac", "macintosh"}, {"tis-620", "windows-874"},
        {"iso-8859-11", "windows-874"}, {"visual", "ISO-8859-8"}, {"logical", "ISO-8859-8-I"},
        {"l9", "ISO-8859-15"}, {"iso-8859-16", "ISO-8859-16"}, {"x-user-defined", "x-user-defined"},
        {"ansi_x3.4-1968", "windows-1252"}, {"iso_8859-1:1987", "windows-1252"},
        {"866", "IBM866"}, {"cseucpkdfmtjapanese", "EUC-JP"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *got = pith_charset_canonical(pairs[i][0], strlen(pairs[i][0]));
        ck_assert_msg(got && strcmp(got, pairs[i][1]) == 0, "%s -> %s, want %s", pairs[i][0],
                      got ? got : "NULL", pairs[i][1]);
    }
    ck_assert_str_eq(pith_charset_canonical(S(" \t\n\f\rUtF-8 \r\n")), "UTF-8");
    /* not labels: near misses, inner spaces, NUL, empty, overlong */
    static const char *const bad[] = {"utf-88", "utf 8", "latin-1", "iso-8859-12", "x-user",
                                      "", "   ", "windows-1252windows-1252windows-1252"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(pith_charset_canonical(bad[i], strlen(bad[i])) == NULL, "%s", bad[i]);
    ck_assert_ptr_null(pith_charset_canonical(S("utf-8\0x")));
    ck_assert_ptr_null(pith_charset_canonical(NULL, 0));
    /* only len bytes are read */
    ck_assert_str_eq(pith_charset_canonical("koi8-rXYZ", 6), "KOI8-R");
}
END_TEST

static Suite *
decode_suite(void)
{
    Suite *s = suite_create("decode");
    TCase *t = tcase_create("bom");
    tcase_add_test(t, bom_utf8);
    tcase_add_test(t, bom_utf16le);
    tcase_add_test(t, bom_utf16be);
    tcase_add_test(t, bom_beats_hint_and_meta);
    tcase_add_test(t, utf16_errors);
    tcase_add_test(t, utf16_without_bom_detected);
    suite_add_tcase(s, t);

    t = tcase_create("hint");
    tcase_add_test(t, hint_beats_meta);
    tcase_add_test(t, hint_trimmed_case_insensitive);
    tcase_add_test(t, unknown_hint_ignored);
    tcase_add_test(t, hint_utf16_is_honoured);
    tcase_add_test(t, hint_latin1_is_windows_1252);
    tcase_add_test(t, hint_replacement);
    tcase_add_test(t, hint_x_user_defined);
    suite_add_tcase(s, t);

    t = tcase_create("meta");
    tcase_add_test(t, meta_charset);
    tcase_add_test(t, meta_http_equiv);
    tcase_add_test(t, meta_content_needs_pragma);
    tcase_add_test(t, meta_in_comment_ignored);
    tcase_add_test(t, meta_inside_attribute_ignored);
    tcase_add_test(t, meta_first_wins_and_unknown_skipped);
    tcase_add_test(t, meta_utf16_means_utf8);
    tcase_add_test(t, meta_after_head_or_body_ignored);
    tcase_add_test(t, meta_past_1024_found);
    tcase_add_test(t, meta_past_64k_ignored);
    tcase_add_test(t, meta_truncated_tag_ignored);
    suite_add_tcase(s, t);

    t = tcase_create("detect");
    tcase_add_test(t, utf8_detected);
    tcase_add_test(t, windows_1252_default);
    tcase_add_test(t, stale_meta_on_utf8);
    suite_add_tcase(s, t);

    t = tcase_create("guess");
    tcase_add_test(t, detect_japanese);
    tcase_add_test(t, detect_chinese);
    tcase_add_test(t, detect_korean);
    tcase_add_test(t, detect_cyrillic);
    tcase_add_test(t, detect_latin_stays_windows_1252);
    tcase_add_test(t, detect_too_little_evidence);
    tcase_add_test(t, detect_garbage_stays_windows_1252);
    tcase_add_test(t, detect_lang_prior);
    tcase_add_test(t, detect_never_overrides);
    tcase_add_test(t, detect_window);
    tcase_add_test(t, detect_corpus_pages);
    tcase_add_test(t, detect_work_limit);
    suite_add_tcase(s, t);

    t = tcase_create("charsets");
    tcase_add_test(t, iso_8859_2);
    tcase_add_test(t, shift_jis);
    tcase_add_test(t, gbk_and_gb18030);
    tcase_add_test(t, euc_kr);
    tcase_add_test(t, big5);
    tcase_add_test(t, euc_jp_and_iso_2022_jp);
    tcase_add_test(t, single_byte_tables);
    tcase_add_test(t, windows_1252_matches_glibc);
    suite_add_tcase(s, t);

    t = tcase_create("replacement");
    tcase_add_test(t, invalid_utf8_replaced);
    tcase_add_test(t, truncated_multibyte_at_end);
    tcase_add_test(t, invalid_multibyte_replaced);
    tcase_add_test(t, nul_replaced);
    tcase_add_test(t, empty_input);
    tcase_add_test(t, flags_reach_ctx);
    tcase_add_loop_test(t, random_bytes_give_valid_utf8, 0,
                        (int)(sizeof fuzz_hints / sizeof fuzz_hints[0]));
    suite_add_tcase(s, t);

    t = tcase_create("limits");
    tcase_add_test(t, work_limit);
    tcase_add_test(t, memory_limit);
    suite_add_tcase(s, t);

    t = tcase_create("labels");
    tcase_add_test(t, every_label_resolves);
    tcase_add_test(t, canonical_samples);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(decode_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
