/* SPDX-License-Identifier: MIT */
/*
 * pith_decode: raw bytes in any charset -> UTF-8; and pith_nfc, on what it gives and on the
 * raw bytes.
 *
 * Input: 1 byte choosing the transport hint (low 4 bits), then the bytes.
 * Invariants on PITH_OK: the text is UTF-8, NUL-terminated at its length, holds no NUL, is
 * at most 4 bytes a byte of input (3 for U+FFFD, 4 for a Big5 pair that maps to two code
 * points), names a charset that is its own canonical name, and a second decode gives the
 * same bytes. NFC of the decoded text and of the raw bytes (invalid UTF-8 included) is UTF-8,
 * at most PITH_NFC_MAX_GROWTH bytes a byte, NUL-terminated when copied, and its own NFC:
 * normalising it again returns it as it is.
 */
#include <strings.h>

#include "fuzz.h"

static const char *const hints[] = {
    NULL,       "utf-8",     "windows-1252", "shift_jis", "gbk",       "utf-16le",
    "utf-16be", "iso-8859-2", "koi8-r",      "euc-kr",    "big5",      "euc-jp",
    "iso-2022-jp", "x-user-defined", "bogus-label", " Latin1 ",
};

static void
check_decoded(const pith_decoded *d, size_t in_len)
{
    FUZZ_CHECK(d->text != NULL, "text is NULL");
    FUZZ_CHECK(d->text[d->len] == '\0', "not NUL-terminated at len %zu", d->len);
    FUZZ_CHECK(memchr(d->text, 0, d->len) == NULL, "NUL inside the decoded text");
    FUZZ_CHECK(fuzz_utf8_valid(d->text, d->len), "decoded text is not UTF-8");
    FUZZ_CHECK(d->len <= 4 * in_len + 64, "%zu bytes decoded from %zu", d->len, in_len);
    FUZZ_CHECK(d->charset != NULL, "no charset");
    FUZZ_CHECK(d->source != NULL, "no source");
    const char *again = pith_charset_canonical(d->charset, strlen(d->charset));
    /* NULL is tolerated: the label table may not list every name the decoder reports. */
    FUZZ_CHECK(again == NULL || strcasecmp(again, d->charset) == 0,
               "charset %s has the canonical name %s", d->charset, again ? again : "");
}

static void
check_nfc(pith_ctx *ctx, const char *s, size_t n)
{
    size_t len;
    const char *out = pith_nfc(ctx, s, n, &len);
    if (!out) {
        FUZZ_CHECK(ctx->error == PITH_ERR_MEMORY_LIMIT || ctx->error == PITH_ERR_WORK_LIMIT ||
                       ctx->error == PITH_ERR_NO_MEMORY,
                   "NFC failed with %d", (int)ctx->error);
        return;
    }
    FUZZ_CHECK(fuzz_utf8_valid(out, len), "NFC is not UTF-8");
    FUZZ_CHECK(len <= PITH_NFC_MAX_GROWTH * n, "%zu bytes of NFC from %zu", len, n);
    if (out != s)
        FUZZ_CHECK(out[len] == '\0', "NFC not NUL-terminated at len %zu", len);
    else
        FUZZ_CHECK(len == n, "NFC returned its input with length %zu, not %zu", len, n);
    size_t again_len;
    const char *again = pith_nfc(ctx, out, len, &again_len);
    FUZZ_CHECK(again == NULL || again == out, "NFC(NFC(x)) != NFC(x)");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pith_options o;
    fuzz_options(&o);
    const char *hint = NULL;
    if (size > 0) {
        hint = hints[data[0] & 15u];
        data++, size--;
    }
    const char *bytes = (const char *)data;

    /* The bytes as a charset label too: the lookup must stay inside them. */
    const char *label = pith_charset_canonical(bytes, size);
    if (label)
        FUZZ_CHECK(label[0] != '\0', "empty canonical name");

    pith_ctx ctx;
    pith_ctx_init(&ctx, &o);
    pith_decoded d;
    memset(&d, 0, sizeof d);
    pith_status st = pith_decode(&ctx, bytes, size, hint, &d);
    if (st != PITH_OK) {
        FUZZ_CHECK(st == PITH_ERR_MEMORY_LIMIT || st == PITH_ERR_WORK_LIMIT ||
                       st == PITH_ERR_NO_MEMORY,
                   "decode failed with %d", (int)st);
        pith_ctx_release(&ctx);
        return 0;
    }
    check_decoded(&d, size);
    check_nfc(&ctx, d.text, d.len);
    check_nfc(&ctx, bytes, size);

    pith_ctx ctx2;
    pith_ctx_init(&ctx2, &o);
    pith_decoded d2;
    memset(&d2, 0, sizeof d2);
    pith_status st2 = pith_decode(&ctx2, bytes, size, hint, &d2);
    FUZZ_CHECK(st2 == PITH_OK, "second decode failed with %d", (int)st2);
    FUZZ_CHECK(d.len == d2.len && memcmp(d.text, d2.text, d.len) == 0,
               "two decodes of the same bytes differ");
    FUZZ_CHECK(strcmp(d.charset, d2.charset) == 0, "charset %s then %s", d.charset, d2.charset);
    pith_ctx_release(&ctx2);
    pith_ctx_release(&ctx);
    return 0;
}
