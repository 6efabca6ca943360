/* SPDX-License-Identifier: MIT */
/*
 * The screen: pith's own linear pass over the decoded text before gumbo sees it.
 *
 * Contract. Input: UTF-8 text without NUL bytes. Output (arena, NUL-terminated because gumbo
 * reads one byte past the end when the input ends inside a character reference) is HTML that
 * gumbo 0.10.1 parses to the same visible text as the input once its text runs are put back
 * (pith_text_resolve; "Text runs" in internal.h), except that:
 *  - <script>, <style>, comments (and bogus comments, CDATA), <svg> and <template> subtrees
 *    are cut; bodies of <script type="application/ld+json"> are set aside in out->jsonld;
 *  - numeric character references beyond U+10FFFF (gumbo overflows an int on them and emits
 *    '<', NUL or 0xFE) become &#xFFFD;
 *  - tags past the nesting limit, formatting tags past FORMATTING_CAP, attributes past
 *    max_attributes and attribute values past MAX_VALUE_BYTES are dropped (text kept), with
 *    PITH_FLAG_* set;
 *  - unterminated tags, doctypes and comments at the end of input are cut (gumbo drops them
 *    too, but reads out of bounds on some of them);
 *  - a literal '<' or an incomplete character reference that a cut would glue to what follows
 *    (e.g. "<" + "<!---->" + "div>") is escaped, so no cut creates markup;
 *  - in text, whitespace runs are one character, and a numeric reference to a placeholder
 *    code point (U+F0000..U+FFFFD, U+100000..U+10FFFD) that gumbo would decode itself (in
 *    <title>, <textarea> or <pre>) becomes U+FFFD.
 * Every tag passed on is re-serialized from what the tokenizer read, so gumbo tokenizes
 * exactly the tags the screen modelled.
 *
 * The tokenizer follows the WHATWG tokenizer states for data, tags, attributes, comments,
 * doctypes, RCDATA/RAWTEXT/PLAINTEXT and script data (without the escaped sub-states: script
 * bodies are cut, so a wrong end only moves the cut). Next to it runs a model of gumbo's stack
 * of open elements and list of active formatting elements, close enough to "in body",
 * "in table", "in select" and foreign content that gumbo's real stack is never deeper than
 * the model's plus the formatting cap. Wherever the model is unsure it errs towards believing
 * the stack is deeper (more flattening), never shallower, and towards tokenizing markup
 * rather than passing text through verbatim.
 *
 * Cost: each token costs O(its bytes) plus at most WALK_LIMIT model steps; output is at most
 * a few bytes per token larger than its input.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A stray end tag searches the model stack this far, so a flood of them stays linear. */
#define WALK_LIMIT 512u
/* Gumbo re-creates every open formatting element in each new block (reconstruction), so
 * N unclosed <b c=i> before N paragraphs cost N^2 nodes, and its adoption agency walks the
 * list for each misnested end tag. 24 is more formatting nesting than real pages use. */
#define FORMATTING_CAP 24u
/* Gumbo clones every open formatting element into each new block. Pages that leave a few
 * open (an unclosed <font> around a region) clone about one per block; past this budget the
 * screen closes the open formatting elements, which costs their styling and keeps the text,
 * since "<p><b c=N>x" repeated otherwise clones 24 elements per 14 input bytes. */
#define CLONE_BUDGET_BASE 1024u
#define CLONE_BUDGET_PER_ELEMENT 1u
/* One attribute value (data: URIs) past this is cut: it is never article text. */
#define MAX_VALUE_BYTES ((size_t)64 << 10)
/* Gumbo searches its stack of open elements an entry at a time for most tags it is given (is
 * a <p> in button scope? is this end tag's element open?), so N tags at depth N cost it N^2
 * entries, which is why max_depth exists and why its cap is low. An entry costs gumbo a few
 * nanoseconds, about a quarter of a step (a step elsewhere is about 16 bytes scanned), and
 * each tag handed on is charged the depth it may search, so max_work bounds this too. */
#define STACK_ENTRIES_PER_STEP 4u
/* html and body, which gumbo always opens and the model does not push. */
#define IMPLICIT_LEVELS 2u

#define NO_TAG 0xFFFFu /* marker entry in the formatting list */

/* Properties of gumbo's tags, indexed by GumboTag. */
#define P_VOID 0x1u     /* never pushed */
#define P_SPECIAL 0x2u  /* the HTML "special" category: stops "any other end tag" */
#define P_FMT 0x4u      /* formatting element: active formatting list, adoption agency */
#define P_SCOPE 0x8u    /* boundary of the default scope */
#define P_CLOSEP 0x10u  /* start tag closes an open <p> in button scope */
#define P_MARKER 0x20u  /* pushes a marker on the formatting list */
#define P_BREAKOUT 0x40u /* start tag leaves MathML content */
#define P_IMPLIED 0x80u /* end tag optional: a dropped one is not remembered */
#define P_TABLE 0x100u  /* table structure: table scope applies to its end tag */

#define SP P_SPECIAL
static const uint16_t tag_props[GUMBO_TAG_LAST + 1] = {
    [GUMBO_TAG_HTML] = SP | P_SCOPE,
    [GUMBO_TAG_HEAD] = SP | P_BREAKOUT,
    [GUMBO_TAG_TITLE] = SP,
    [GUMBO_TAG_BASE] = SP | P_VOID,
    [GUMBO_TAG_LINK] = SP | P_VOID,
    [GUMBO_TAG_META] = SP | P_VOID | P_BREAKOUT,
    [GUMBO_TAG_STYLE] = SP,
    [GUMBO_TAG_SCRIPT] = SP,
    [GUMBO_TAG_NOSCRIPT] = SP,
    [GUMBO_TAG_TEMPLATE] = SP | P_SCOPE,
    [GUMBO_TAG_BODY] = SP | P_BREAKOUT,
    [GUMBO_TAG_ARTICLE] = SP | P_CLOSEP,
    [GUMBO_TAG_SECTION] = SP | P_CLOSEP,
    [GUMBO_TAG_NAV] = SP | P_CLOSEP,
    [GUMBO_TAG_ASIDE] = SP | P_CLOSEP,
    [GUMBO_TAG_H1] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_H2] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_H3] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_H4] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_H5] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_H6] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_HGROUP] = SP | P_CLOSEP,
    [GUMBO_TAG_HEADER] = SP | P_CLOSEP,
    [GUMBO_TAG_FOOTER] = SP | P_CLOSEP,
    [GUMBO_TAG_ADDRESS] = SP | P_CLOSEP,
    [GUMBO_TAG_P] = SP | P_CLOSEP | P_BREAKOUT | P_IMPLIED,
    [GUMBO_TAG_HR] = SP | P_VOID | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_PRE] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_BLOCKQUOTE] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_OL] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_UL] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_LI] = SP | P_BREAKOUT | P_IMPLIED,
    [GUMBO_TAG_DL] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_DT] = SP | P_BREAKOUT | P_IMPLIED,
    [GUMBO_TAG_DD] = SP | P_BREAKOUT | P_IMPLIED,
    [GUMBO_TAG_FIGURE] = SP | P_CLOSEP,
    [GUMBO_TAG_FIGCAPTION] = SP | P_CLOSEP,
    [GUMBO_TAG_MAIN] = SP | P_CLOSEP,
    [GUMBO_TAG_DIV] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_A] = P_FMT,
    [GUMBO_TAG_EM] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_STRONG] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_SMALL] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_S] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_CODE] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_VAR] = P_BREAKOUT,
    [GUMBO_TAG_SUB] = P_BREAKOUT,
    [GUMBO_TAG_SUP] = P_BREAKOUT,
    [GUMBO_TAG_I] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_B] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_U] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_RUBY] = P_BREAKOUT,
    [GUMBO_TAG_RT] = P_IMPLIED,
    [GUMBO_TAG_RP] = P_IMPLIED,
    [GUMBO_TAG_RB] = P_IMPLIED,
    [GUMBO_TAG_RTC] = P_IMPLIED,
    [GUMBO_TAG_SPAN] = P_BREAKOUT,
    [GUMBO_TAG_BR] = SP | P_VOID | P_BREAKOUT,
    [GUMBO_TAG_WBR] = SP | P_VOID,
    [GUMBO_TAG_IMAGE] = P_VOID,
    [GUMBO_TAG_IMG] = SP | P_VOID | P_BREAKOUT,
    [GUMBO_TAG_IFRAME] = SP,
    [GUMBO_TAG_EMBED] = SP | P_VOID | P_BREAKOUT,
    [GUMBO_TAG_OBJECT] = SP | P_SCOPE | P_MARKER,
    [GUMBO_TAG_PARAM] = SP | P_VOID,
    [GUMBO_TAG_SOURCE] = SP | P_VOID,
    [GUMBO_TAG_TRACK] = SP | P_VOID,
    [GUMBO_TAG_AREA] = SP | P_VOID,
    [GUMBO_TAG_MI] = P_SCOPE,
    [GUMBO_TAG_MO] = P_SCOPE,
    [GUMBO_TAG_MN] = P_SCOPE,
    [GUMBO_TAG_MS] = P_SCOPE,
    [GUMBO_TAG_MTEXT] = P_SCOPE,
    [GUMBO_TAG_ANNOTATION_XML] = P_SCOPE,
    [GUMBO_TAG_TABLE] = SP | P_SCOPE | P_TABLE | P_BREAKOUT,
    [GUMBO_TAG_CAPTION] = SP | P_SCOPE | P_MARKER | P_TABLE,
    [GUMBO_TAG_COLGROUP] = SP | P_TABLE,
    [GUMBO_TAG_COL] = SP | P_VOID,
    [GUMBO_TAG_TBODY] = SP | P_TABLE,
    [GUMBO_TAG_THEAD] = SP | P_TABLE,
    [GUMBO_TAG_TFOOT] = SP | P_TABLE,
    [GUMBO_TAG_TR] = SP | P_TABLE,
    [GUMBO_TAG_TD] = SP | P_SCOPE | P_MARKER | P_TABLE,
    [GUMBO_TAG_TH] = SP | P_SCOPE | P_MARKER | P_TABLE,
    [GUMBO_TAG_FORM] = SP | P_CLOSEP,
    [GUMBO_TAG_FIELDSET] = SP | P_CLOSEP,
    [GUMBO_TAG_INPUT] = SP | P_VOID,
    [GUMBO_TAG_BUTTON] = SP,
    [GUMBO_TAG_SELECT] = SP,
    [GUMBO_TAG_OPTGROUP] = P_IMPLIED,
    [GUMBO_TAG_OPTION] = P_IMPLIED,
    [GUMBO_TAG_TEXTAREA] = SP,
    [GUMBO_TAG_KEYGEN] = P_VOID,
    [GUMBO_TAG_DETAILS] = SP | P_CLOSEP,
    [GUMBO_TAG_SUMMARY] = SP | P_CLOSEP,
    [GUMBO_TAG_MENU] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_MENUITEM] = SP,
    [GUMBO_TAG_APPLET] = SP | P_SCOPE | P_MARKER,
    [GUMBO_TAG_BGSOUND] = SP | P_VOID,
    [GUMBO_TAG_DIR] = SP | P_CLOSEP,
    [GUMBO_TAG_FRAME] = SP | P_VOID,
    [GUMBO_TAG_FRAMESET] = SP,
    [GUMBO_TAG_NOFRAMES] = SP,
    [GUMBO_TAG_ISINDEX] = SP,
    [GUMBO_TAG_LISTING] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_XMP] = SP | P_CLOSEP,
    [GUMBO_TAG_NOEMBED] = SP,
    [GUMBO_TAG_PLAINTEXT] = SP | P_CLOSEP,
    [GUMBO_TAG_STRIKE] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_BASEFONT] = SP | P_VOID,
    [GUMBO_TAG_BIG] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_CENTER] = SP | P_CLOSEP | P_BREAKOUT,
    [GUMBO_TAG_FONT] = P_FMT,
    [GUMBO_TAG_MARQUEE] = SP | P_SCOPE | P_MARKER,
    [GUMBO_TAG_NOBR] = P_FMT | P_BREAKOUT,
    [GUMBO_TAG_TT] = P_FMT | P_BREAKOUT,
};
#undef SP

/* Model stack entry flags. */
#define E_DROPPED 0x1u /* start tag not passed on: only its end tag is looked for */
#define E_FOREIGN 0x2u /* MathML element */

typedef struct entry {
    uint16_t tag;
    uint16_t flags;
    uint32_t link; /* index + 1 of the nearest kept entry below, 0 if none: walks skip runs
                    * of dropped entries (200,000 nested divs leave that many) */
} entry;

enum raw_kind { RAW_NONE, RAW_RCDATA, RAW_RAWTEXT, RAW_PLAINTEXT };

/* Byte classes for the tokenizer's scanning loops: one load and a test per byte instead of a
 * chain of comparisons (the screen reads every byte of the page). */
#define C_SPACE 0x1u     /* HTML whitespace: tab, LF, FF, CR, space */
#define C_TEXT_END 0x2u  /* '<' and '&' end a run of plain text */
#define C_NAME_END 0x4u  /* whitespace, '/' and '>' end a tag name */
#define C_ATTR_END 0x8u  /* ... and '=' ends an attribute name */
/* A control character gumbo turns into U+FFFD as it reads it, or the first byte of a
 * character that may be one (C1 controls, noncharacters): text runs must do the same. */
#define C_CHECK 0x10u
#define C_WS_ALL (C_SPACE | C_NAME_END | C_ATTR_END)
static const uint8_t byte_class[256] = {
    ['\t'] = C_WS_ALL, ['\n'] = C_WS_ALL, ['\f'] = C_WS_ALL, ['\r'] = C_WS_ALL, [' '] = C_WS_ALL,
    ['<'] = C_TEXT_END, ['&'] = C_TEXT_END, ['/'] = C_NAME_END | C_ATTR_END,
    ['>'] = C_NAME_END | C_ATTR_END, ['='] = C_ATTR_END,
    [0x01] = C_CHECK, [0x02] = C_CHECK, [0x03] = C_CHECK, [0x04] = C_CHECK, [0x05] = C_CHECK,
    [0x06] = C_CHECK, [0x07] = C_CHECK, [0x08] = C_CHECK, [0x0B] = C_CHECK, [0x0E] = C_CHECK,
    [0x0F] = C_CHECK, [0x10] = C_CHECK, [0x11] = C_CHECK, [0x12] = C_CHECK, [0x13] = C_CHECK,
    [0x14] = C_CHECK, [0x15] = C_CHECK, [0x16] = C_CHECK, [0x17] = C_CHECK, [0x18] = C_CHECK,
    [0x19] = C_CHECK, [0x1A] = C_CHECK, [0x1B] = C_CHECK, [0x1C] = C_CHECK, [0x1D] = C_CHECK,
    [0x1E] = C_CHECK, [0x1F] = C_CHECK, [0x7F] = C_CHECK, [0xC2] = C_CHECK, [0xEF] = C_CHECK,
    [0xF0] = C_CHECK, [0xF1] = C_CHECK, [0xF2] = C_CHECK, [0xF3] = C_CHECK, [0xF4] = C_CHECK,
};

static inline int
has_class(char c, unsigned cls)
{
    return (byte_class[(unsigned char)c] & cls) != 0;
}

typedef struct attr_info {
    const char *type; /* value of the first type attribute (raw), for scripts */
    size_t type_len;
    int has_type;
    int font_breakout; /* color, face or size: <font> leaves MathML */
} attr_info;

typedef struct screen {
    pith_ctx *ctx;
    pith_screened *res;
    const char *in;
    size_t len, pos;
    char *out;
    size_t olen, ocap;
    entry *st;
    size_t top, st_cap;
    size_t depth;    /* kept entries in st */
    uint32_t n_dropped[GUMBO_TAG_LAST + 1]; /* dropped entries in st, by tag */
    uint32_t n_kept[GUMBO_TAG_LAST + 1];    /* kept entries, by tag: most searches end here */
    size_t max_keep; /* kept entries allowed */
    uint16_t *afl;   /* active formatting list model: tags and NO_TAG markers */
    size_t afl_n, afl_cap;
    size_t afl_fmt; /* non-marker entries */
    size_t clones;  /* formatting elements gumbo is expected to clone into new blocks */
    /* Tags handed to gumbo that make it build an element or search its stack without closing
     * anything: start tags, the wrappers gumbo adds for them (tbody, tr), end tags that close
     * nothing (</p> and </br> even make an element). Bounded by max_nodes. */
    size_t nodes;
    size_t jsonld_cap;
    int glue;       /* something was cut since the last emitted byte */
    /* text runs (see internal.h): the pending run is texts[run_at, texts_len) */
    int runs_on;
    char *texts;
    size_t texts_len, texts_cap, run_at, runs_cap;
    size_t ref_end; /* output length just after a reference passed to gumbo as written */
    size_t shown_cap;
    int frameset;   /* frameset seen: gumbo ignores most tags, so never pass text raw */
    int saw_text;   /* non-space text went to gumbo outside raw text: it ignores <frameset> */
    pith_status err;
} screen;

static int
hex_val(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int
screen_fail(screen *s, pith_status st)
{
    if (s->err == PITH_OK)
        s->err = st;
    return 0;
}

/* ---- output ---- */

/* Room for n more bytes and one spare in *buf (len used of *cap). */
static int
buffer_reserve(screen *s, char **buf, size_t len, size_t *cap, size_t n)
{
    if (*cap - len > n)
        return 1;
    size_t ncap = *cap + *cap / 2 + n + 256;
    char *p = pith_realloc(s->ctx, *buf, ncap);
    if (!p)
        return screen_fail(s, s->ctx->error);
    *buf = p;
    *cap = ncap;
    return 1;
}

/* Rarely grows: the capacity computed up front covers every escape (see pith_screen), and
 * only a run of a few markup characters ("<") is a placeholder longer than its text. */
static int
screen_reserve(screen *s, size_t n)
{
    return buffer_reserve(s, &s->out, s->olen, &s->ocap, n);
}

/* put and putc1 run a few times per tag: the capacity check stays inline, the rare growth
 * does not. */
static inline void
put(screen *s, const char *p, size_t n)
{
    if (n == 0 || (s->ocap - s->olen <= n && !screen_reserve(s, n)))
        return;
    memcpy(s->out + s->olen, p, n);
    s->olen += n;
}

static inline void
putc1(screen *s, char c)
{
    if (s->ocap - s->olen <= 1 && !screen_reserve(s, 1))
        return;
    s->out[s->olen++] = c;
}

/*
 * Called before text byte c is emitted right after a cut: the output's tail and c must not
 * join into markup or into a character reference the input did not have.
 */
static void
unglue(screen *s, unsigned char c)
{
    s->glue = 0;
    if (s->olen == 0)
        return;
    char *o = s->out;
    size_t n = s->olen;
    if (o[n - 1] == '<') {
        if (pith_is_ascii_alpha(c) || c == '/' || c == '!' || c == '?') {
            s->olen--;
            put(s, "&lt;", 4);
        }
        return;
    }
    /* Tail of the form &, &#, &#x, &#digits or &#xhex? */
    size_t i = n;
    while (i > 0 && hex_val((unsigned char)o[i - 1]) >= 0)
        i--;
    size_t digits_at = i;
    int hex = 0;
    if (i > 0 && (o[i - 1] == 'x' || o[i - 1] == 'X')) {
        hex = 1;
        i--;
    }
    if (i >= 2 && o[i - 1] == '#' && o[i - 2] == '&') {
        int ndigits = 0;
        for (size_t k = digits_at; k < n; k++) {
            if (!hex && (o[k] < '0' || o[k] > '9'))
                return; /* "&#12a": already ended */
            ndigits++;
        }
        if (ndigits > 0) {
            if (hex ? hex_val(c) >= 0 : (c >= '0' && c <= '9'))
                putc1(s, ';');
        } else if (c == '#' || c == 'x' || c == 'X' || hex_val(c) >= 0) {
            /* "&#" + "3000000000;": make the "&" literal */
            size_t tail = n - (i - 2) - 1;
            if (!screen_reserve(s, 4))
                return;
            memmove(o + (i - 2) + 5, o + (i - 2) + 1, tail);
            memcpy(o + (i - 2), "&amp;", 5);
            s->olen += 4;
        }
        return;
    }
    if (digits_at == n && o[n - 1] == '&' && c == '#') {
        s->olen--;
        put(s, "&amp;", 5);
    }
}

/* Text outside <pre> reaches gumbo with each run of ASCII whitespace made one character
 * (a newline if the run had one): gumbo reads text a character at a time, indentation is
 * a fifth of many pages, and no stage can tell the difference. The output is never longer
 * than the text, so it is written in place, and everything up to the next run that needs
 * squeezing (a lone space between words needs nothing) is one copy. */
static void
emit_text(screen *s, const char *p, size_t n)
{
    if (n == 0)
        return;
    if (s->glue)
        unglue(s, (unsigned char)p[0]);
    if (s->n_kept[GUMBO_TAG_PRE] || s->n_kept[GUMBO_TAG_LISTING]) {
        put(s, p, n);
        return;
    }
    if (!screen_reserve(s, n))
        return;
    char *o = s->out + s->olen;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && (!has_class(p[j], C_SPACE) ||
                         (p[j] == ' ' && (j + 1 == n || !has_class(p[j + 1], C_SPACE)))))
            j++;
        memcpy(o, p + i, j - i);
        o += j - i;
        if (j == n)
            break;
        size_t k = j;
        int newline = 0;
        while (k < n && has_class(p[k], C_SPACE))
            newline |= p[k++] == '\n';
        *o++ = newline ? '\n' : p[j];
        i = k;
    }
    s->olen = (size_t)(o - s->out);
}

/* Text runs decode these named references (with their semicolon); any other goes to gumbo
 * as written, which decodes the rest of its table, and the legacy forms without a semicolon,
 * itself. */
const pith_named_ref pith_named_refs[] = {
    {"AElig", 0xC6}, {"Aacute", 0xC1}, {"Acirc", 0xC2}, {"Agrave", 0xC0}, {"Aring", 0xC5},
    {"Atilde", 0xC3}, {"Auml", 0xC4}, {"Ccedil", 0xC7}, {"Dagger", 0x2021}, {"ETH", 0xD0},
    {"Eacute", 0xC9}, {"Ecirc", 0xCA}, {"Egrave", 0xC8}, {"Euml", 0xCB}, {"Iacute", 0xCD},
    {"Icirc", 0xCE}, {"Igrave", 0xCC}, {"Iuml", 0xCF}, {"Ntilde", 0xD1}, {"OElig", 0x152},
    {"Oacute", 0xD3}, {"Ocirc", 0xD4}, {"Ograve", 0xD2}, {"Oslash", 0xD8}, {"Otilde", 0xD5},
    {"Ouml", 0xD6}, {"Prime", 0x2033}, {"Scaron", 0x160}, {"THORN", 0xDE}, {"Uacute", 0xDA},
    {"Ucirc", 0xDB}, {"Ugrave", 0xD9}, {"Uuml", 0xDC}, {"Yacute", 0xDD}, {"Yuml", 0x178},
    {"aacute", 0xE1}, {"acirc", 0xE2}, {"acute", 0xB4}, {"aelig", 0xE6}, {"agrave", 0xE0},
    {"amp", 0x26}, {"apos", 0x27}, {"aring", 0xE5}, {"asymp", 0x2248}, {"atilde", 0xE3},
    {"auml", 0xE4}, {"bdquo", 0x201E}, {"brvbar", 0xA6}, {"bull", 0x2022}, {"ccedil", 0xE7},
    {"cedil", 0xB8}, {"cent", 0xA2}, {"circ", 0x2C6}, {"copy", 0xA9}, {"curren", 0xA4},
    {"dagger", 0x2020}, {"darr", 0x2193}, {"deg", 0xB0}, {"divide", 0xF7}, {"eacute", 0xE9},
    {"ecirc", 0xEA}, {"egrave", 0xE8}, {"emsp", 0x2003}, {"ensp", 0x2002}, {"eth", 0xF0},
    {"euml", 0xEB}, {"euro", 0x20AC}, {"fnof", 0x192}, {"frac12", 0xBD}, {"frac14", 0xBC},
    {"frac34", 0xBE}, {"frasl", 0x2044}, {"ge", 0x2265}, {"gt", 0x3E}, {"harr", 0x2194},
    {"hearts", 0x2665}, {"hellip", 0x2026}, {"iacute", 0xED}, {"icirc", 0xEE}, {"iexcl", 0xA1},
    {"igrave", 0xEC}, {"infin", 0x221E}, {"iquest", 0xBF}, {"iuml", 0xEF}, {"laquo", 0xAB},
    {"larr", 0x2190}, {"ldquo", 0x201C}, {"le", 0x2264}, {"lrm", 0x200E}, {"lsaquo", 0x2039},
    {"lsquo", 0x2018}, {"lt", 0x3C}, {"macr", 0xAF}, {"mdash", 0x2014}, {"micro", 0xB5},
    {"middot", 0xB7}, {"minus", 0x2212}, {"nbsp", 0xA0}, {"ndash", 0x2013}, {"ne", 0x2260},
    {"ntilde", 0xF1}, {"oacute", 0xF3}, {"ocirc", 0xF4}, {"oelig", 0x153}, {"ograve", 0xF2},
    {"ordf", 0xAA}, {"ordm", 0xBA}, {"oslash", 0xF8}, {"otilde", 0xF5}, {"ouml", 0xF6},
    {"para", 0xB6}, {"permil", 0x2030}, {"plusmn", 0xB1}, {"pound", 0xA3}, {"prime", 0x2032},
    {"quot", 0x22}, {"raquo", 0xBB}, {"rarr", 0x2192}, {"rdquo", 0x201D}, {"reg", 0xAE},
    {"rlm", 0x200F}, {"rsaquo", 0x203A}, {"rsquo", 0x2019}, {"sbquo", 0x201A},
    {"scaron", 0x161}, {"sect", 0xA7}, {"shy", 0xAD}, {"sup1", 0xB9}, {"sup2", 0xB2},
    {"sup3", 0xB3}, {"szlig", 0xDF}, {"thinsp", 0x2009}, {"thorn", 0xFE}, {"tilde", 0x2DC},
    {"times", 0xD7}, {"trade", 0x2122}, {"uacute", 0xFA}, {"uarr", 0x2191}, {"ucirc", 0xFB},
    {"ugrave", 0xF9}, {"uml", 0xA8}, {"uuml", 0xFC}, {"yacute", 0xFD}, {"yen", 0xA5},
    {"yuml", 0xFF}, {"zwj", 0x200D}, {"zwnj", 0x200C},
};
const size_t pith_n_named_refs = sizeof pith_named_refs / sizeof pith_named_refs[0];

static int
named_ref_cmp(const void *key, const void *elem)
{
    const pith_span *k = key;
    const char *name = ((const pith_named_ref *)elem)->name;
    size_t n = strlen(name);
    int c = memcmp(k->data, name, k->len < n ? k->len : n);
    return c ? c : (k->len > n) - (k->len < n);
}

/* ---- text runs (see internal.h) ---- */

/* A code point of the placeholders' range: U+F0000..U+FFFFD, U+100000..U+10FFFD. */
static int
is_run_code_point(uint32_t v)
{
    return v >= PITH_RUN_HIGH_BASE && v <= 0x10FFFFu && (v & 0xFFFFu) < PITH_RUN_DIGITS;
}

/* Whether a page holds a character in the placeholders' planes (UTF-8 F3 B0.. or F4): such a
 * page goes to gumbo with its text in place. */
static int
has_run_plane_chars(const char *p, size_t n)
{
    if (memchr(p, 0xF4, n))
        return 1;
    const char *end = p + n;
    for (const char *q = p; q < end && (q = memchr(q, 0xF3, (size_t)(end - q))) != NULL; q++)
        if (q + 1 < end && (unsigned char)q[1] >= 0xB0)
            return 1;
    return 0;
}

/* Text goes to the pending run, except inside <pre> and <listing>, where gumbo keeps the
 * whitespace and drops a first newline. */
static inline int
runs_active(const screen *s)
{
    return s->runs_on && !s->n_kept[GUMBO_TAG_PRE] && !s->n_kept[GUMBO_TAG_LISTING];
}

static int
texts_reserve(screen *s, size_t n)
{
    return buffer_reserve(s, &s->texts, s->texts_len, &s->texts_cap, n);
}

/* The character at p (n bytes left, first byte C_CHECK) and whether gumbo's reader turns it
 * into U+FFFD: controls other than whitespace, C1 controls and noncharacters are. */
static int
gumbo_replaces(const char *p, size_t n, size_t *len)
{
    if ((unsigned char)p[0] < 0x80) {
        *len = 1;
        return 1;
    }
    uint32_t cp;
    *len = pith_utf8_next(p, n, &cp);
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
           (cp & 0xFFFEu) == 0xFFFEu;
}

/* Appends text to the pending run as gumbo would read it: each run of whitespace one
 * character (a newline if it had one), across pieces too, and the characters gumbo replaces
 * replaced. */
static void
run_append(screen *s, const char *p, size_t n)
{
    /* a replaced control grows from one byte to three */
    if (n == 0 || !texts_reserve(s, 3 * n))
        return;
    char *t = s->texts;
    size_t o = s->texts_len, i = 0;
    if (o > s->run_at && has_class(t[o - 1], C_SPACE)) {
        int newline = 0;
        for (; i < n && has_class(p[i], C_SPACE); i++)
            newline |= p[i] == '\n' || p[i] == '\r';
        if (newline)
            t[o - 1] = '\n';
    }
    while (i < n) {
        size_t j = i;
        /* a lone space between words needs nothing: copy through it */
        while (j < n && (!has_class(p[j], C_SPACE | C_CHECK) ||
                         (p[j] == ' ' && (j + 1 == n || !has_class(p[j + 1], C_SPACE)))))
            j++;
        memcpy(t + o, p + i, j - i);
        o += j - i;
        if (j == n)
            break;
        if (has_class(p[j], C_CHECK)) {
            size_t k;
            if (gumbo_replaces(p + j, n - j, &k)) {
                memcpy(t + o, "\xEF\xBF\xBD", 3);
                o += 3;
            } else {
                memcpy(t + o, p + j, k);
                o += k;
            }
            i = j + k;
            continue;
        }
        size_t k = j;
        int newline = 0;
        for (; k < n && has_class(p[k], C_SPACE); k++)
            newline |= p[k] == '\n' || p[k] == '\r';
        t[o++] = newline ? '\n' : p[j];
        i = k;
    }
    s->texts_len = o;
}

/* A character reference's value, which gumbo would not have replaced. */
static void
run_append_cp(screen *s, uint32_t cp)
{
    char b[4];
    size_t n = pith_utf8_encode(cp, b);
    if (cp == ' ') {
        run_append(s, b, 1);
        return;
    }
    if (!texts_reserve(s, n))
        return;
    memcpy(s->texts + s->texts_len, b, n);
    s->texts_len += n;
}

/* Gumbo's form of text that never became a run: references for the two characters that
 * are markup, U+FFFD for one in the placeholders' range. */
static void
put_escaped(screen *s, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '&')
            put(s, "&amp;", 5);
        else if (c == '<')
            put(s, "&lt;", 4);
        else if (c >= 0xF3 && i + 3 < n && (c == 0xF4 || (unsigned char)p[i + 1] >= 0xB0)) {
            put(s, "\xEF\xBF\xBD", 3);
            i += 3;
        } else
            putc1(s, (char)c);
    }
}

/* Ends the pending run. Gumbo gets its outer whitespace as it is and a placeholder for the
 * rest, or the rest itself when that is shorter than a placeholder and plain (no '&', '<',
 * or character of the placeholders' planes, and no reference just before it for the text to
 * extend). */
static void
run_flush(screen *s)
{
    size_t n = s->texts_len - s->run_at;
    if (n == 0)
        return;
    char *r = s->texts + s->run_at;
    uint8_t lead = has_class(r[0], C_SPACE) ? 1 : 0;
    uint8_t trail = n > 1 && has_class(r[n - 1], C_SPACE) ? 1 : 0;
    size_t core = n - lead - trail;
    size_t id = s->res->n_runs;
    int after_ref = s->ref_end != 0 && s->ref_end == s->olen;
    int kept = 0;
    if (lead)
        putc1(s, r[0]);
    if (core > 0) {
        s->saw_text = 1;
        int plain = core < (id < PITH_RUN_DIGITS ? 4u : 8u) && !(after_ref && !lead);
        for (size_t k = lead; plain && k < lead + core; k++)
            plain = r[k] != '&' && r[k] != '<' && (unsigned char)r[k] < 0xF3;
        if (plain) {
            put(s, r + lead, core);
        } else if (id >= PITH_RUN_DIGITS + (size_t)PITH_RUN_DIGITS * PITH_RUN_DIGITS ||
                   s->texts_len >= UINT32_MAX) {
            put_escaped(s, r + lead, core);
        } else {
            if (s->res->n_runs == s->runs_cap) {
                size_t cap = s->runs_cap ? 2 * s->runs_cap : 256;
                pith_text_run *p = pith_realloc(s->ctx, s->res->runs, cap * sizeof *p);
                if (!p) {
                    screen_fail(s, s->ctx->error);
                    return;
                }
                s->res->runs = p;
                s->runs_cap = cap;
            }
            char code[8];
            size_t code_len;
            if (id < PITH_RUN_DIGITS) {
                code_len = pith_utf8_encode(PITH_RUN_LOW_BASE + (uint32_t)id, code);
            } else {
                size_t rest = id - PITH_RUN_DIGITS;
                code_len = pith_utf8_encode(PITH_RUN_HIGH_BASE + (uint32_t)(rest / PITH_RUN_DIGITS),
                                            code);
                code_len += pith_utf8_encode(PITH_RUN_LOW_BASE + (uint32_t)(rest % PITH_RUN_DIGITS),
                                             code + code_len);
            }
            put(s, code, code_len);
            s->res->runs[s->res->n_runs++] =
                (pith_text_run){(uint32_t)s->run_at, (uint32_t)n, lead, trail};
            kept = 1;
        }
    }
    if (trail)
        putc1(s, r[n - 1]);
    if (kept) {
        s->texts[s->texts_len++] = '\0'; /* texts_reserve always leaves a byte spare */
        s->run_at = s->texts_len;
    } else {
        s->texts_len = s->run_at;
    }
    s->glue = 0;
}

/* Text from the page, decoded: to the pending run, or to gumbo as it is. */
static void
text_out(screen *s, const char *p, size_t n)
{
    if (runs_active(s)) {
        run_append(s, p, n);
        return;
    }
    for (size_t i = 0; i < n && !s->saw_text; i++)
        s->saw_text = !has_class(p[i], C_SPACE);
    emit_text(s, p, n);
}

/*
 * Parses a numeric character reference at in[i] ("&#"), as gumbo does. Returns its length
 * (0 when there are no digits: not a reference), whether its value is past U+10FFFF, and
 * the value when it is not.
 */
static size_t
numeric_ref(const char *in, size_t len, size_t i, int *too_big, int *has_semi, uint32_t *value)
{
    size_t j = i + 2;
    int hex = 0;
    if (j < len && (in[j] == 'x' || in[j] == 'X')) {
        hex = 1;
        j++;
    }
    size_t d0 = j;
    uint32_t v = 0;
    int big = 0;
    while (j < len) {
        int d = hex ? hex_val((unsigned char)in[j]) : (in[j] >= '0' && in[j] <= '9' ? in[j] - '0' : -1);
        if (d < 0)
            break;
        if (!big) {
            v = v * (hex ? 16u : 10u) + (uint32_t)d;
            if (v > 0x10FFFFu)
                big = 1;
        }
        j++;
    }
    if (j == d0)
        return 0;
    *has_semi = j < len && in[j] == ';';
    if (*has_semi)
        j++;
    *too_big = big;
    *value = v;
    return j - i;
}

/*
 * Copies in[a, b) as text gumbo decodes references in, rewriting out-of-range numeric
 * references. limit caps the bytes written (attribute values); returns 0 once it is hit.
 */
static int
emit_decoded(screen *s, size_t a, size_t b, size_t limit, int text)
{
    size_t written = 0;
    size_t i = a;
    while (i < b) {
        const char *amp = memchr(s->in + i, '&', b - i);
        size_t run_end = amp ? (size_t)(amp - s->in) : b;
        if (run_end > i) {
            size_t n = run_end - i;
            if (written + n > limit) {
                n = limit - written;
                /* back off to a UTF-8 boundary */
                while (n > 0 && ((unsigned char)s->in[i + n] & 0xC0) == 0x80)
                    n--;
                put(s, s->in + i, n);
                return 0;
            }
            put(s, s->in + i, n);
            written += n;
            i = run_end;
            continue;
        }
        size_t n = 1;
        const char *rep = NULL;
        size_t rep_len = 0;
        if (i + 1 < b && s->in[i + 1] == '#') {
            int big = 0, semi = 0;
            uint32_t v = 0;
            size_t r = numeric_ref(s->in, b, i, &big, &semi, &v);
            if (r > 0) {
                n = r;
                /* gumbo's text must hold no placeholder it did not get as one */
                if (big || (text && s->runs_on && is_run_code_point(v))) {
                    rep = "&#xFFFD;";
                    rep_len = 8;
                }
            }
        }
        size_t w = rep ? rep_len : n;
        if (written + w > limit)
            return 0;
        put(s, rep ? rep : s->in + i, w);
        written += w;
        i += n;
    }
    return 1;
}

/* ---- model of gumbo's stack ---- */

static int
push(screen *s, uint16_t tag, uint16_t flags)
{
    if (s->top == s->st_cap) {
        size_t cap = s->st_cap ? s->st_cap * 2 : 256;
        entry *p = pith_realloc(s->ctx, s->st, cap * sizeof *p);
        if (!p)
            return screen_fail(s, s->ctx->error);
        s->st = p;
        s->st_cap = cap;
    }
    uint32_t link = 0;
    if (s->top > 0)
        link = (s->st[s->top - 1].flags & E_DROPPED) ? s->st[s->top - 1].link : (uint32_t)s->top;
    s->st[s->top++] = (entry){tag, flags, link};
    if (!(flags & E_DROPPED)) {
        s->depth++;
        s->n_kept[tag]++;
    } else
        s->n_dropped[tag]++;
    return 1;
}

static int
afl_push(screen *s, uint16_t tag)
{
    if (s->afl_n == s->afl_cap) {
        size_t cap = s->afl_cap ? s->afl_cap * 2 : 64;
        uint16_t *p = pith_realloc(s->ctx, s->afl, cap * sizeof *p);
        if (!p)
            return screen_fail(s, s->ctx->error);
        s->afl = p;
        s->afl_cap = cap;
    }
    s->afl[s->afl_n++] = tag;
    if (tag != NO_TAG)
        s->afl_fmt++;
    return 1;
}

/* Index in the formatting list of the last `tag` after the last marker, or -1. */
static long
afl_find(const screen *s, uint16_t tag)
{
    for (size_t i = s->afl_n; i > 0; i--) {
        if (s->afl[i - 1] == NO_TAG)
            return -1;
        if (s->afl[i - 1] == tag)
            return (long)(i - 1);
    }
    return -1;
}

static void
afl_remove(screen *s, size_t i)
{
    memmove(s->afl + i, s->afl + i + 1, (s->afl_n - i - 1) * sizeof *s->afl);
    s->afl_n--;
    s->afl_fmt--;
}

static void
afl_clear_to_marker(screen *s)
{
    while (s->afl_n > 0) {
        uint16_t t = s->afl[--s->afl_n];
        if (t == NO_TAG)
            return;
        s->afl_fmt--;
    }
}

static void
pop_entry_effects(screen *s, const entry *e)
{
    if (e->flags & E_DROPPED) {
        s->n_dropped[e->tag]--;
        return;
    }
    s->depth--;
    s->n_kept[e->tag]--;
    if (!(e->flags & E_FOREIGN) && (tag_props[e->tag] & P_MARKER))
        afl_clear_to_marker(s);
}

/* Pops st[i] and everything above it. */
static void
pop_to(screen *s, size_t i)
{
    while (s->top > i) {
        s->top--;
        pop_entry_effects(s, &s->st[s->top]);
    }
}

/* Removes st[i] alone (adoption agency, </form>). */
static void
remove_entry(screen *s, size_t i)
{
    pop_entry_effects(s, &s->st[i]);
    uint32_t removed_link = s->st[i].link;
    memmove(s->st + i, s->st + i + 1, (s->top - i - 1) * sizeof *s->st);
    s->top--;
    for (size_t j = i; j < s->top; j++) {
        if (s->st[j].link == (uint32_t)i + 1)
            s->st[j].link = removed_link;
        else if (s->st[j].link > (uint32_t)i + 1)
            s->st[j].link--;
    }
}

/* index + 1 of the nearest kept entry among st[0, i), 0 if none */
static size_t
kept_from(const screen *s, size_t i)
{
    if (i == 0)
        return 0;
    return (s->st[i - 1].flags & E_DROPPED) ? s->st[i - 1].link : i;
}

#define FOR_KEPT(s, i, from, steps)                                                             \
    for (size_t i = kept_from((s), (from)); i > 0 && (steps) < WALK_LIMIT;                     \
         i = (s)->st[i - 1].link, (steps)++)

/* Index of the top kept entry, or -1. */
static long
top_kept(const screen *s)
{
    size_t i = kept_from(s, s->top);
    return (long)i - 1;
}

static int
top_is(const screen *s, GumboTag t)
{
    long k = top_kept(s);
    return k >= 0 && s->st[k].tag == t && !(s->st[k].flags & E_FOREIGN);
}

enum scope { SCOPE_DEFAULT, SCOPE_BUTTON, SCOPE_LIST, SCOPE_TABLE, SCOPE_SELECT, SCOPE_NONE };

static int
is_boundary(const entry *e, enum scope sc)
{
    uint16_t t = e->tag;
    if (e->flags & E_FOREIGN)
        return sc != SCOPE_TABLE && sc != SCOPE_NONE && sc != SCOPE_SELECT &&
               (tag_props[t] & P_SCOPE);
    switch (sc) {
    case SCOPE_TABLE:
        return t == GUMBO_TAG_HTML || t == GUMBO_TAG_TABLE || t == GUMBO_TAG_TEMPLATE;
    case SCOPE_SELECT:
        return t != GUMBO_TAG_OPTGROUP && t != GUMBO_TAG_OPTION;
    case SCOPE_NONE:
        return 0;
    case SCOPE_BUTTON:
        if (t == GUMBO_TAG_BUTTON)
            return 1;
        break;
    case SCOPE_LIST:
        if (t == GUMBO_TAG_OL || t == GUMBO_TAG_UL)
            return 1;
        break;
    case SCOPE_DEFAULT:
        break;
    }
    return (tag_props[t] & P_SCOPE) != 0;
}

/* Kept HTML entry with tag t (any heading when t is one) in scope, or -1. Unsure: -1. */
static long
find_in_scope(screen *s, uint16_t t, enum scope sc)
{
    uint32_t open = s->n_kept[t];
    for (uint16_t h = GUMBO_TAG_H1; pith_is_heading_tag((GumboTag)(t)) && h <= GUMBO_TAG_H6; h++)
        open += s->n_kept[h];
    if (open == 0)
        return -1;
    size_t steps = 0;
    FOR_KEPT(s, i, s->top, steps) {
        const entry *e = &s->st[i - 1];
        if (!(e->flags & E_FOREIGN) && (e->tag == t || (pith_is_heading_tag((GumboTag)(t)) && pith_is_heading_tag((GumboTag)(e->tag)))))
            return (long)(i - 1);
        if (is_boundary(e, sc))
            return -1;
    }
    pith_spend(s->ctx, steps / 16);
    return -1;
}

static void
close_p(screen *s)
{
    long i = find_in_scope(s, GUMBO_TAG_P, SCOPE_BUTTON);
    if (i >= 0)
        pop_to(s, (size_t)i);
}

/* Gumbo's "any other end tag": nearest same tag unless a special element comes first. */
static void
any_other_end(screen *s, uint16_t t)
{
    if (s->n_kept[t] == 0)
        return;
    size_t steps = 0;
    FOR_KEPT(s, i, s->top, steps) {
        const entry *e = &s->st[i - 1];
        if (e->tag == t && !(e->flags & E_FOREIGN)) {
            pop_to(s, i - 1);
            return;
        }
        if (e->flags & E_FOREIGN ? (tag_props[e->tag] & P_SCOPE) : (tag_props[e->tag] & P_SPECIAL))
            return;
    }
}

/* The adoption agency for </t>, reduced to its effect on the stack's size. */
static void
formatting_end(screen *s, uint16_t t)
{
    long f = afl_find(s, t);
    if (f < 0) {
        any_other_end(s, t);
        return;
    }
    long i = -1;
    size_t steps = 0, specials = 0;
    int in_scope = 1;
    FOR_KEPT(s, k, s->top, steps) {
        const entry *e = &s->st[k - 1];
        if (e->tag == t && !(e->flags & E_FOREIGN)) {
            i = (long)(k - 1);
            break;
        }
        if (is_boundary(e, SCOPE_DEFAULT))
            in_scope = 0;
        if (e->flags & E_FOREIGN ? (tag_props[e->tag] & P_SCOPE) : (tag_props[e->tag] & P_SPECIAL))
            specials++;
    }
    if (i < 0) {
        /* Not open (a block closed it) or too deep to tell: gumbo forgets it or leaves it;
         * forgetting is the cautious choice for the count only if gumbo really did. */
        if (steps < WALK_LIMIT)
            afl_remove(s, (size_t)f);
        return;
    }
    if (!in_scope)
        return;
    if (specials == 0) {
        pop_to(s, (size_t)i);
        afl_remove(s, (size_t)f);
    } else if (specials < 8) {
        /* Gumbo moves the element under each furthest block, then pops it: the blocks stay
         * open and the stack loses at least this one entry. */
        remove_entry(s, (size_t)i);
        afl_remove(s, (size_t)f);
    }
    /* 8 or more blocks: gumbo's outer loop gives up and the element stays everywhere. */
}

/* In gumbo's "in select" mode: the current node is select, option or optgroup, inside a
 * select (an <option> or <optgroup> in body is an ordinary element: what follows nests in
 * it). */
static int
in_select(const screen *s)
{
    long k = top_kept(s);
    if (k < 0 || (s->st[k].flags & E_FOREIGN) || s->n_kept[GUMBO_TAG_SELECT] == 0)
        return 0;
    uint16_t t = s->st[k].tag;
    return t == GUMBO_TAG_SELECT || t == GUMBO_TAG_OPTION || t == GUMBO_TAG_OPTGROUP;
}

static int
in_foreign(const screen *s, uint16_t tag)
{
    long k = top_kept(s);
    if (k < 0 || !(s->st[k].flags & E_FOREIGN))
        return 0;
    uint16_t t = s->st[k].tag;
    if (t == GUMBO_TAG_MI || t == GUMBO_TAG_MO || t == GUMBO_TAG_MN || t == GUMBO_TAG_MS ||
        t == GUMBO_TAG_MTEXT)
        return tag == GUMBO_TAG_MGLYPH || tag == GUMBO_TAG_MALIGNMARK;
    return 1;
}

static int
select_in_table(screen *s)
{
    long sel = find_in_scope(s, GUMBO_TAG_SELECT, SCOPE_SELECT);
    if (sel < 0)
        return 0;
    size_t steps = 0;
    FOR_KEPT(s, i, (size_t)sel, steps)
        if (!(s->st[i - 1].flags & E_FOREIGN) && s->st[i - 1].tag == GUMBO_TAG_TABLE)
            return 1;
    return 0;
}

static void
pop_to_select(screen *s)
{
    long sel = find_in_scope(s, GUMBO_TAG_SELECT, SCOPE_SELECT);
    if (sel >= 0)
        pop_to(s, (size_t)sel);
}

enum verdict { KEEP, KEEP_NO_PUSH, DROP };

/* Pushes n_implied wrapper tags then tag, or drops tag when that would pass the limit. */
static enum verdict
push_start(screen *s, uint16_t tag, uint16_t flags, const uint16_t *implied, size_t n_implied)
{
    if (s->depth + n_implied + 1 > s->max_keep) {
        s->res->flags |= PITH_FLAG_DEPTH_FLATTENED;
        /* A dropped element whose end tag is optional would pile up: not remembered. */
        if (!(tag_props[tag] & P_IMPLIED) || (flags & E_FOREIGN))
            push(s, tag, (uint16_t)(flags | E_DROPPED));
        return DROP;
    }
    for (size_t k = 0; k < n_implied; k++)
        push(s, implied[k], 0);
    s->nodes += n_implied;
    push(s, tag, flags);
    if (!(flags & E_FOREIGN) && (tag_props[tag] & P_MARKER))
        afl_push(s, NO_TAG);
    return KEEP;
}

static enum verdict
model_start(screen *s, uint16_t t, int self_closing, const attr_info *ai, enum raw_kind *raw)
{
    *raw = RAW_NONE;
    uint16_t props = tag_props[t];
    if (in_foreign(s, t)) {
        if (!((props & P_BREAKOUT) || (t == GUMBO_TAG_FONT && ai->font_breakout))) {
            if (self_closing)
                return DROP; /* empty either way; kept out so HTML/MathML doubt cannot nest it */
            return push_start(s, t, E_FOREIGN, NULL, 0);
        }
        /* leave MathML: pop to an HTML element or a text integration point */
        for (;;) {
            long k = top_kept(s);
            if (k < 0 || !(s->st[k].flags & E_FOREIGN) || !in_foreign(s, GUMBO_TAG_UNKNOWN))
                break;
            pop_to(s, (size_t)k);
        }
    }
    if (in_select(s)) {
        switch (t) {
        case GUMBO_TAG_OPTION:
            if (top_is(s, GUMBO_TAG_OPTION))
                pop_to(s, (size_t)top_kept(s));
            return push_start(s, t, 0, NULL, 0);
        case GUMBO_TAG_OPTGROUP:
            if (top_is(s, GUMBO_TAG_OPTION))
                pop_to(s, (size_t)top_kept(s));
            if (top_is(s, GUMBO_TAG_OPTGROUP))
                pop_to(s, (size_t)top_kept(s));
            return push_start(s, t, 0, NULL, 0);
        case GUMBO_TAG_SELECT:
            pop_to_select(s);
            return KEEP_NO_PUSH;
        case GUMBO_TAG_INPUT:
        case GUMBO_TAG_KEYGEN:
        case GUMBO_TAG_TEXTAREA:
            pop_to_select(s);
            break;
        case GUMBO_TAG_CAPTION:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TBODY:
        case GUMBO_TAG_TFOOT:
        case GUMBO_TAG_THEAD:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
            if (!select_in_table(s))
                return KEEP_NO_PUSH;
            pop_to_select(s);
            break;
        default:
            return KEEP_NO_PUSH; /* gumbo ignores it: no push and, above all, no raw text */
        }
    }
    if (t == GUMBO_TAG_HTML || t == GUMBO_TAG_HEAD || t == GUMBO_TAG_BODY)
        return KEEP_NO_PUSH;
    if (props & P_CLOSEP)
        close_p(s);
    if (props & P_VOID)
        return KEEP_NO_PUSH;
    if (s->top > 0 && top_is(s, GUMBO_TAG_COLGROUP) && t != GUMBO_TAG_COLGROUP)
        pop_to(s, (size_t)top_kept(s));
    uint16_t implied[2];
    size_t n_implied = 0;
    switch (t) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_NOBR:
        if (afl_find(s, t) >= 0 || (t == GUMBO_TAG_NOBR && find_in_scope(s, t, SCOPE_DEFAULT) >= 0))
            formatting_end(s, t);
        break;
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: {
        size_t steps = 0;
        if (s->n_kept[GUMBO_TAG_LI] + s->n_kept[GUMBO_TAG_DD] + s->n_kept[GUMBO_TAG_DT] == 0)
            steps = WALK_LIMIT;
        FOR_KEPT(s, i, s->top, steps) {
            const entry *e = &s->st[i - 1];
            uint16_t et = e->tag;
            if (!(e->flags & E_FOREIGN) &&
                (t == GUMBO_TAG_LI ? et == GUMBO_TAG_LI
                                   : (et == GUMBO_TAG_DD || et == GUMBO_TAG_DT))) {
                pop_to(s, i - 1);
                break;
            }
            if ((e->flags & E_FOREIGN) ||
                ((tag_props[et] & P_SPECIAL) && et != GUMBO_TAG_ADDRESS && et != GUMBO_TAG_DIV &&
                 et != GUMBO_TAG_P))
                break;
        }
        close_p(s);
        break;
    }
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: {
        long k = top_kept(s);
        if (k >= 0 && !(s->st[k].flags & E_FOREIGN) && pith_is_heading_tag((GumboTag)(s->st[k].tag)))
            pop_to(s, (size_t)k);
        break;
    }
    case GUMBO_TAG_BUTTON: {
        long k = find_in_scope(s, t, SCOPE_DEFAULT);
        if (k >= 0)
            pop_to(s, (size_t)k);
        break;
    }
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
        if (top_is(s, GUMBO_TAG_OPTION))
            pop_to(s, (size_t)top_kept(s));
        break;
    case GUMBO_TAG_TABLE: {
        long k = top_kept(s);
        if (k >= 0 && !(s->st[k].flags & E_FOREIGN) &&
            (s->st[k].tag == GUMBO_TAG_TABLE || s->st[k].tag == GUMBO_TAG_TBODY ||
             s->st[k].tag == GUMBO_TAG_THEAD || s->st[k].tag == GUMBO_TAG_TFOOT ||
             s->st[k].tag == GUMBO_TAG_TR)) {
            long tb = find_in_scope(s, GUMBO_TAG_TABLE, SCOPE_TABLE);
            if (tb >= 0)
                pop_to(s, (size_t)tb);
        }
        break;
    }
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: {
        long tb = find_in_scope(s, GUMBO_TAG_TABLE, SCOPE_TABLE);
        if (tb < 0)
            return KEEP_NO_PUSH; /* gumbo ignores table parts outside a table */
        int cell = t == GUMBO_TAG_TD || t == GUMBO_TAG_TH;
        int row = t == GUMBO_TAG_TR;
        /* clear back to the table, body or row context */
        for (;;) {
            long k = top_kept(s);
            if (k < 0 || k <= tb)
                break;
            uint16_t kt = s->st[k].tag;
            if (!(s->st[k].flags & E_FOREIGN) &&
                (((cell || row) && (kt == GUMBO_TAG_TBODY || kt == GUMBO_TAG_THEAD ||
                                    kt == GUMBO_TAG_TFOOT)) ||
                 (cell && kt == GUMBO_TAG_TR)))
                break;
            pop_to(s, (size_t)k);
        }
        long k = top_kept(s);
        uint16_t kt = k >= 0 ? s->st[k].tag : GUMBO_TAG_TABLE;
        if ((cell || row) && kt == GUMBO_TAG_TABLE)
            implied[n_implied++] = GUMBO_TAG_TBODY;
        if (cell && kt != GUMBO_TAG_TR)
            implied[n_implied++] = GUMBO_TAG_TR;
        break;
    }
    case GUMBO_TAG_MATH:
        if (self_closing)
            return DROP;
        return push_start(s, t, E_FOREIGN, NULL, 0);
    case GUMBO_TAG_FRAMESET:
        /* after text gumbo's frameset-ok flag is off and it ignores the tag; modelled as
         * taking effect, the tag would have the screen tokenize a <title> gumbo reads raw */
        if (s->saw_text)
            return DROP;
        s->frameset = 1;
        break;
    default:
        break;
    }
    if ((props & P_FMT) && s->afl_fmt >= FORMATTING_CAP) {
        s->res->flags |= PITH_FLAG_FORMATTING_CAPPED;
        push(s, t, E_DROPPED);
        return DROP;
    }
    enum verdict v = push_start(s, t, 0, implied, n_implied);
    if (v == KEEP && (props & P_FMT))
        afl_push(s, t);
    if (v == KEEP && !s->frameset) {
        if (t == GUMBO_TAG_TITLE || t == GUMBO_TAG_TEXTAREA)
            *raw = RAW_RCDATA;
        else if (t == GUMBO_TAG_XMP || t == GUMBO_TAG_IFRAME || t == GUMBO_TAG_NOEMBED ||
                 t == GUMBO_TAG_NOFRAMES)
            *raw = RAW_RAWTEXT;
        else if (t == GUMBO_TAG_PLAINTEXT)
            *raw = RAW_PLAINTEXT;
    }
    return v;
}

static enum verdict
model_end(screen *s, uint16_t t)
{
    /* the end tag of a dropped start tag is dropped too */
    size_t steps = 0;
    int maybe = s->n_dropped[t] > 0;
    for (uint16_t h = GUMBO_TAG_H1; pith_is_heading_tag((GumboTag)(t)) && h <= GUMBO_TAG_H6; h++)
        maybe |= s->n_dropped[h] > 0;
    for (size_t i = s->top; maybe && i > 0 && steps < WALK_LIMIT; i--, steps++) {
        const entry *e = &s->st[i - 1];
        if (e->tag == t || (pith_is_heading_tag((GumboTag)(t)) && pith_is_heading_tag((GumboTag)(e->tag)))) {
            if (e->flags & E_DROPPED) {
                remove_entry(s, i - 1);
                return DROP;
            }
            break;
        }
    }
    pith_spend(s->ctx, steps / 16);
    long k = top_kept(s);
    if (k >= 0 && (s->st[k].flags & E_FOREIGN)) {
        steps = 0;
        FOR_KEPT(s, i, (size_t)k + 1, steps) {
            const entry *e = &s->st[i - 1];
            if (!(e->flags & E_FOREIGN))
                break;
            if (e->tag == t) {
                pop_to(s, i - 1);
                return KEEP;
            }
        }
    }
    if (in_select(s)) {
        switch (t) {
        case GUMBO_TAG_OPTION:
            if (top_is(s, GUMBO_TAG_OPTION))
                pop_to(s, (size_t)top_kept(s));
            return KEEP;
        case GUMBO_TAG_OPTGROUP:
            if (top_is(s, GUMBO_TAG_OPTION) && s->top >= 2 &&
                s->st[top_kept(s) - 1].tag == GUMBO_TAG_OPTGROUP)
                pop_to(s, (size_t)top_kept(s));
            if (top_is(s, GUMBO_TAG_OPTGROUP))
                pop_to(s, (size_t)top_kept(s));
            return KEEP;
        case GUMBO_TAG_SELECT:
            pop_to_select(s);
            return KEEP;
        case GUMBO_TAG_CAPTION:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TBODY:
        case GUMBO_TAG_TFOOT:
        case GUMBO_TAG_THEAD:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
            if (!select_in_table(s) || find_in_scope(s, t, SCOPE_TABLE) < 0)
                return KEEP;
            pop_to_select(s);
            break;
        default:
            return KEEP; /* ignored by gumbo */
        }
    }
    uint16_t props = tag_props[t];
    switch (t) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HEAD:
        return KEEP;
    case GUMBO_TAG_P:
        close_p(s);
        return KEEP;
    case GUMBO_TAG_LI: {
        long i = find_in_scope(s, t, SCOPE_LIST);
        if (i >= 0)
            pop_to(s, (size_t)i);
        return KEEP;
    }
    case GUMBO_TAG_FORM: {
        long i = find_in_scope(s, t, SCOPE_DEFAULT);
        if (i >= 0)
            remove_entry(s, (size_t)i);
        return KEEP;
    }
    default:
        break;
    }
    if (props & P_VOID)
        return KEEP;
    if (props & P_FMT) {
        formatting_end(s, t);
        return KEEP;
    }
    if (props & (P_TABLE | P_SPECIAL)) {
        long i = find_in_scope(s, t, (props & P_TABLE) ? SCOPE_TABLE : SCOPE_DEFAULT);
        if (i >= 0)
            pop_to(s, (size_t)i);
        return KEEP;
    }
    any_other_end(s, t);
    return KEEP;
}

/* ---- tokenizer ---- */

/* The commonest tags by length and first letter; gumbo's hash for the rest. */
static uint16_t
common_tag(const char *l, size_t n)
{
#define IS(lit) (memcmp(l, lit, sizeof lit - 1) == 0)
    switch (n) {
    case 1:
        switch (l[0]) {
        case 'a': return GUMBO_TAG_A;
        case 'p': return GUMBO_TAG_P;
        case 'b': return GUMBO_TAG_B;
        case 'i': return GUMBO_TAG_I;
        default: break;
        }
        break;
    case 2:
        if (l[0] == 'h' && l[1] >= '1' && l[1] <= '6')
            return (uint16_t)(GUMBO_TAG_H1 + (l[1] - '1'));
        if (IS("li")) return GUMBO_TAG_LI;
        if (IS("td")) return GUMBO_TAG_TD;
        if (IS("tr")) return GUMBO_TAG_TR;
        if (IS("br")) return GUMBO_TAG_BR;
        if (IS("ul")) return GUMBO_TAG_UL;
        if (IS("em")) return GUMBO_TAG_EM;
        if (IS("th")) return GUMBO_TAG_TH;
        if (IS("hr")) return GUMBO_TAG_HR;
        if (IS("ol")) return GUMBO_TAG_OL;
        if (IS("dd")) return GUMBO_TAG_DD;
        if (IS("dt")) return GUMBO_TAG_DT;
        if (IS("dl")) return GUMBO_TAG_DL;
        break;
    case 3:
        if (IS("div")) return GUMBO_TAG_DIV;
        if (IS("img")) return GUMBO_TAG_IMG;
        if (IS("nav")) return GUMBO_TAG_NAV;
        if (IS("pre")) return GUMBO_TAG_PRE;
        if (IS("sup")) return GUMBO_TAG_SUP;
        if (IS("sub")) return GUMBO_TAG_SUB;
        break;
    case 4:
        if (IS("span")) return GUMBO_TAG_SPAN;
        if (IS("meta")) return GUMBO_TAG_META;
        if (IS("link")) return GUMBO_TAG_LINK;
        if (IS("font")) return GUMBO_TAG_FONT;
        if (IS("form")) return GUMBO_TAG_FORM;
        if (IS("html")) return GUMBO_TAG_HTML;
        if (IS("head")) return GUMBO_TAG_HEAD;
        if (IS("body")) return GUMBO_TAG_BODY;
        if (IS("main")) return GUMBO_TAG_MAIN;
        if (IS("code")) return GUMBO_TAG_CODE;
        break;
    case 5:
        if (IS("input")) return GUMBO_TAG_INPUT;
        if (IS("table")) return GUMBO_TAG_TABLE;
        if (IS("tbody")) return GUMBO_TAG_TBODY;
        if (IS("title")) return GUMBO_TAG_TITLE;
        if (IS("style")) return GUMBO_TAG_STYLE;
        if (IS("label")) return GUMBO_TAG_LABEL;
        if (IS("small")) return GUMBO_TAG_SMALL;
        if (IS("aside")) return GUMBO_TAG_ASIDE;
        break;
    case 6:
        if (IS("option")) return GUMBO_TAG_OPTION;
        if (IS("script")) return GUMBO_TAG_SCRIPT;
        if (IS("strong")) return GUMBO_TAG_STRONG;
        if (IS("select")) return GUMBO_TAG_SELECT;
        if (IS("iframe")) return GUMBO_TAG_IFRAME;
        if (IS("center")) return GUMBO_TAG_CENTER;
        if (IS("header")) return GUMBO_TAG_HEADER;
        if (IS("footer")) return GUMBO_TAG_FOOTER;
        if (IS("figure")) return GUMBO_TAG_FIGURE;
        if (IS("button")) return GUMBO_TAG_BUTTON;
        break;
    case 7:
        if (IS("article")) return GUMBO_TAG_ARTICLE;
        if (IS("section")) return GUMBO_TAG_SECTION;
        break;
    case 8:
        if (IS("noscript")) return GUMBO_TAG_NOSCRIPT;
        break;
    default:
        break;
    }
#undef IS
    return GUMBO_TAG_LAST;
}

static uint16_t
tag_of(const char *name, size_t n)
{
    char low[32];
    if (n == 0 || n >= sizeof low)
        return GUMBO_TAG_UNKNOWN; /* gumbo's hash reads name[-1] when n == 0 */
    for (size_t i = 0; i < n; i++)
        low[i] = (char)pith_ascii_lower((unsigned char)name[i]);
    uint16_t common = common_tag(low, n);
    if (common != GUMBO_TAG_LAST)
        return common;
    GumboTag t = gumbo_tagn_enum(low, (unsigned)n);
    return (uint16_t)(t <= GUMBO_TAG_LAST ? t : GUMBO_TAG_UNKNOWN);
}

/* Finds "</name" followed by a tag-name delimiter from `from`, case-insensitively. */
static size_t
find_end_tag(const screen *s, size_t from, const char *name, size_t n)
{
    const char *in = s->in;
    size_t len = s->len;
    size_t i = from;
    while (i + 2 + n <= len) {
        const char *lt = memchr(in + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t)(lt - in);
        if (i + 2 + n <= len && in[i + 1] == '/' && pith_ascii_casecmp_n(in + i + 2, name, n) == 0 &&
            (i + 2 + n == len || pith_is_html_space((unsigned char)in[i + 2 + n]) || in[i + 2 + n] == '/' ||
             in[i + 2 + n] == '>'))
            return i;
        i++;
    }
    return len;
}

static int
name_delim_at(const screen *s, size_t i)
{
    return i == s->len || pith_is_html_space((unsigned char)s->in[i]) || s->in[i] == '/' || s->in[i] == '>';
}

/*
 * Where a script body that starts at `from` ends: the tokenizer's script data states,
 * including "<!--" (escaped) and "<!-- <script>" (double escaped), where "</script>" does not
 * end the script until "-->" is seen.
 */
static size_t
find_script_end(const screen *s, size_t from)
{
    const char *in = s->in;
    size_t len = s->len;
    int escaped = 0, dbl = 0;
    for (size_t i = from; i < len; i++) {
        if (!escaped) {
            /* outside "<!--" only a '<' can matter */
            const char *lt = memchr(in + i, '<', len - i);
            if (!lt)
                return len;
            i = (size_t)(lt - in);
        }
        char c = in[i];
        if (c == '-' && escaped && i + 2 < len && in[i + 1] == '-' && in[i + 2] == '>') {
            escaped = dbl = 0;
            i += 2;
            continue;
        }
        if (c != '<')
            continue;
        if (!escaped && i + 3 < len && in[i + 1] == '!' && in[i + 2] == '-' && in[i + 3] == '-') {
            escaped = 1;
            i += 3;
            continue;
        }
        if (i + 8 <= len && in[i + 1] == '/' && pith_ascii_casecmp_n(in + i + 2, "script", 6) == 0 &&
            name_delim_at(s, i + 8)) {
            if (!dbl)
                return i;
            dbl = 0;
            continue;
        }
        if (escaped && !dbl && i + 7 <= len && pith_ascii_casecmp_n(in + i + 1, "script", 6) == 0 &&
            name_delim_at(s, i + 7))
            dbl = 1;
    }
    return len;
}

/* End of the construct that ends at the first `>` from `from` (bogus comment, doctype). */
static size_t
after_gt(const screen *s, size_t from, int *found)
{
    const char *gt = from < s->len ? memchr(s->in + from, '>', s->len - from) : NULL;
    *found = gt != NULL;
    return gt ? (size_t)(gt - s->in) + 1 : s->len;
}

static size_t
comment_end(const screen *s, size_t from)
{
    /* from is just past "<!--" */
    const char *in = s->in;
    size_t len = s->len;
    if (from < len && in[from] == '>')
        return from + 1;
    if (from + 1 < len && in[from] == '-' && in[from + 1] == '>')
        return from + 2;
    for (size_t i = from; i + 2 < len; i++) {
        const char *d = memchr(in + i, '-', len - i);
        if (!d)
            break;
        i = (size_t)(d - in);
        if (i + 2 < len && in[i + 1] == '-' && in[i + 2] == '>')
            return i + 3;
        if (i + 3 < len && in[i + 1] == '-' && in[i + 2] == '!' && in[i + 3] == '>')
            return i + 4;
    }
    return len;
}

static void
cut_to(screen *s, size_t end)
{
    s->pos = end;
    s->glue = 1;
}

static int
add_jsonld(screen *s, size_t a, size_t b)
{
    pith_screened *r = s->res;
    if (r->n_jsonld == s->jsonld_cap) {
        size_t cap = s->jsonld_cap ? s->jsonld_cap * 2 : 4;
        pith_span *p = pith_realloc(s->ctx, r->jsonld, cap * sizeof *p);
        if (!p)
            return screen_fail(s, s->ctx->error);
        r->jsonld = p;
        s->jsonld_cap = cap;
    }
    char *copy = pith_strndup(s->ctx, s->in + a, b - a);
    if (!copy)
        return screen_fail(s, s->ctx->error);
    r->jsonld[r->n_jsonld++] = (pith_span){copy, b - a};
    return 1;
}

static int
is_jsonld_type(const attr_info *ai)
{
    if (!ai->has_type)
        return 0;
    const char *v = ai->type;
    size_t n = ai->type_len;
    while (n > 0 && pith_is_html_space((unsigned char)v[0]))
        v++, n--;
    static const char want[] = "application/ld+json";
    size_t w = sizeof want - 1;
    if (n < w || pith_ascii_casecmp_n(v, want, w) != 0)
        return 0;
    for (size_t i = w; i < n; i++) {
        if (v[i] == ';')
            return 1;
        if (!pith_is_html_space((unsigned char)v[i]))
            return 0;
    }
    return 1;
}

/* ASCII case-insensitive equality with a lower-case literal of n bytes. */
static inline int
lower_eq(const char *s, const char *lit, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (pith_ascii_lower(c) != (unsigned char)lit[i])
            return 0;
    }
    return 1;
}

/* How a style attribute goes on. The index reads a style only to ask whether it hides its
 * element (style_hides in parse.c: "display:none" or "visibility:hidden" in its first 255
 * bytes once spaces, tabs and line breaks are taken out, in any case), so a style that does
 * not is left out and one that does goes on as "display:none" (styles were 2.5% of what gumbo
 * read, most of them widths and colours). A value gumbo would change as it reads it (a
 * reference, a character it replaces) goes on whole, as before. */
enum style_verdict { STYLE_DROP, STYLE_HIDES, STYLE_WHOLE };
#define STYLE_HIDDEN_VALUE "display:none"

static enum style_verdict
style_verdict(const char *v, size_t n)
{
    char buf[256];
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == '&' || has_class(c, C_CHECK))
            return STYLE_WHOLE;
        if (o + 1 < sizeof buf && c != ' ' && c != '\t' && c != '\n' && c != '\r')
            buf[o++] = (char)pith_ascii_lower((unsigned char)c);
    }
    buf[o] = '\0';
    return strstr(buf, "display:none") || strstr(buf, "visibility:hidden") ? STYLE_HIDES
                                                                          : STYLE_DROP;
}

/* Attributes some stage reads, or that change how gumbo builds the tree (type, color, face,
 * size, encoding): aria-hidden, charset, class, color, content, datetime, dir, encoding, face,
 * hidden, href, http-equiv, id, itemprop, itemscope, itemtype, lang, name, property, pubdate,
 * rel, role, size, style, type, xml:lang. Everything else (event handlers, data-*, srcset,
 * sizes, widths) costs gumbo a token and an allocation each and is never read, so it is left
 * out. Some are kept only on the one tag where they count: a name and an http-equiv only on a
 * <meta> (the metadata's keys), a type only on an <input> (gumbo's type=hidden in tables and
 * frameset-ok; a script's type the screen reads itself), and color, face and size only on a
 * <font> (which they take out of MathML), since forms' names and types, fonts' sizes on
 * inputs and stylesheets' types are otherwise about 3% of the bytes gumbo gets. Every
 * attribute of every tag comes here, so the names are found by length and first letter
 * rather than by a search of the list. */
static int
attribute_used(const char *tag, size_t tn, const char *name, size_t n, const char *value,
               size_t vn)
{
    int meta = tn == 4 && lower_eq(tag, "meta", 4), font = tn == 4 && lower_eq(tag, "font", 4);
    char low[16];
    if (n == 0 || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)pith_ascii_lower((unsigned char)name[i]);
#define IS(lit) (sizeof lit - 1 == n && memcmp(low, lit, n) == 0)
    switch (low[0]) {
    case 'a':
        return IS("aria-hidden");
    case 'c':
        return IS("class") || IS("charset") || IS("content") || (font && IS("color"));
    case 'd':
        return IS("datetime") || IS("dir");
    case 'e':
        return IS("encoding");
    case 'f':
        return font && IS("face");
    case 'h':
        return IS("href") || IS("hidden") || (meta && IS("http-equiv"));
    case 'i':
        return IS("id") || IS("itemprop") || IS("itemscope") || IS("itemtype");
    case 'l':
        return IS("lang");
    case 'n':
        return meta && IS("name");
    case 'p':
        return IS("property") || IS("pubdate");
    case 'r':
        return IS("rel") || IS("role");
    case 's':
        if (IS("size"))
            return font;
        return IS("style") && style_verdict(value, vn) != STYLE_DROP;
    case 't':
        /* a title is read only when it holds a machine date: hAtom's
         * <abbr class="published" title="2016-12-23T05:11:00-05:00"> */
        return (IS("type") && tn == 5 && lower_eq(tag, "input", 5)) || (IS("title") && vn >= 10 && value[0] >= '0' && value[0] <= '9');
    case 'x':
        return IS("xml:lang");
    default:
        return 0;
    }
#undef IS
}

/* A link's target matters to no stage (only that it is a link) unless it names a license
 * (creativecommons or license, in any case), or the tag is a <link>/<base>, or it is a place
 * on the page ("#usage": clean tells a section's permalink from a teaser's headline by it):
 * such hrefs keep their value, the others reach gumbo empty, which spares it the URLs that
 * fill a page of links. One pass looks for both words. */
static int
link_target_unread(const char *tag, size_t tn, const char *name, size_t nn, const char *value,
                   size_t vn)
{
    if (nn != 4 || !lower_eq(name, "href", 4))
        return 0;
    if (tn == 4 && (lower_eq(tag, "link", 4) || lower_eq(tag, "base", 4)))
        return 0;
    if (vn > 0 && value[0] == '#')
        return 0;
    /* "license" or "creativecommons" in any case: both hold a c, which memchr finds among
     * the few of a link's target faster than a test at every byte */
    for (int upper = 0; upper < 2; upper++) {
        for (const char *p = value; (p = memchr(p, upper ? 'C' : 'c', (size_t)(value + vn - p)));
             p++) {
            size_t i = (size_t)(p - value);
            if ((i >= 2 && vn - i >= 5 && lower_eq(p - 2, "license", 7)) ||
                (vn - i >= 15 && lower_eq(p, "creativecommons", 15)))
                return 0;
        }
    }
    return 1;
}

/* Tags whose attribute values the output shows: a link's target; an image's sources, alt
 * text and size (a 1x1 image is a tracking pixel). Each unless the options leave them out.
 * A <picture> (whose <source>s an image's source may come from) is marked as one, since
 * gumbo 0.10 predates it and makes it an element of unknown tag. */
enum shown { SHOWN_NONE, SHOWN_LINK, SHOWN_IMAGE, SHOWN_PICTURE };

static enum shown
shown_tag(const screen *s, const char *name, size_t n)
{
    const pith_options *o = s->ctx->opts;
    if (n == 1 && (name[0] | 0x20) == 'a')
        return o->no_links ? SHOWN_NONE : SHOWN_LINK;
    if (!o->no_images && ((n == 3 && lower_eq(name, "img", 3)) ||
                          (n == 6 && lower_eq(name, "source", 6))))
        return SHOWN_IMAGE;
    if (!o->no_images && n == 7 && lower_eq(name, "picture", 7))
        return SHOWN_PICTURE;
    return SHOWN_NONE;
}

static int ref_value_plain(uint32_t v);

/*
 * A shown attribute value (a link's target, an image's sources, alt text and size) is set
 * aside in out->shown, decoded as gumbo decodes attribute values, rather than passed on:
 * gumbo would read it a character at a time and allocate it, for every link and image of
 * the page, where only the article's are read. The stage that reads them finds them by the
 * offset of their tag in the screened HTML (pith_shown_attr). Returns 0, having kept
 * nothing, when the value is to go to gumbo as it is: it holds a reference or character
 * whose decoding the screen leaves to gumbo (a named reference outside pith_named_refs, one
 * without its semicolon that is not "&name=", a control gumbo replaces), it is over
 * MAX_VALUE_BYTES, or offsets would pass 32 bits.
 */
static int
value_aside(screen *s, size_t tag_at, const char *name, size_t v0, size_t v1)
{
    size_t n = v1 - v0;
    if (n > MAX_VALUE_BYTES || tag_at >= UINT32_MAX || s->texts_len + n + 1 >= UINT32_MAX ||
        s->texts_len != s->run_at || !texts_reserve(s, n + 1))
        return 0;
    const char *in = s->in;
    char *t = s->texts + s->run_at;
    size_t o = 0, i = v0;
    /* decoding never lengthens a value: the shortest reference that decodes, "&#32", is as
     * long as the 1 to 4 bytes of any value one of its length can name */
    while (i < v1) {
        size_t j = i;
        while (j < v1 && !has_class(in[j], C_TEXT_END | C_CHECK))
            j++;
        memcpy(t + o, in + i, j - i);
        o += j - i;
        i = j;
        if (i == v1)
            break;
        unsigned char c = (unsigned char)in[i];
        if (has_class((char)c, C_CHECK)) {
            size_t k;
            if (gumbo_replaces(in + i, v1 - i, &k))
                return 0;
            memcpy(t + o, in + i, k);
            o += k, i += k;
            continue;
        }
        if (c != '&') {
            t[o++] = (char)c;
            i++;
            continue;
        }
        if (i + 1 < v1 && in[i + 1] == '#') {
            int big = 0, semi = 0;
            uint32_t v = 0;
            size_t r = numeric_ref(in, v1, i, &big, &semi, &v);
            if (r == 0) {
                t[o++] = '&';
                i++;
                continue;
            }
            if (big || !ref_value_plain(v) || is_run_code_point(v))
                return 0;
            o += pith_utf8_encode(v, t + o);
            i += r;
            continue;
        }
        size_t e = i + 1;
        while (e < v1 && (pith_is_ascii_alpha((unsigned char)in[e]) || (in[e] >= '0' && in[e] <= '9')))
            e++;
        if (e == i + 1 || (e < v1 && in[e] == '=')) {
            /* "&" alone, or "&b=2" in a query: in an attribute never a reference */
            memcpy(t + o, in + i, e - i);
            o += e - i;
            i = e;
            continue;
        }
        if (e == v1 || in[e] != ';')
            return 0;
        pith_span ref_name = {in + i + 1, e - i - 1};
        const pith_named_ref *ref = bsearch(&ref_name, pith_named_refs, pith_n_named_refs,
                                            sizeof pith_named_refs[0], named_ref_cmp);
        if (!ref)
            return 0;
        o += pith_utf8_encode(ref->cp, t + o);
        i = e + 1;
    }
    pith_screened *res = s->res;
    if (res->n_shown == s->shown_cap) {
        size_t cap = s->shown_cap ? 2 * s->shown_cap : 64;
        pith_shown_value *p = pith_realloc(s->ctx, res->shown, cap * sizeof *p);
        if (!p)
            return screen_fail(s, s->ctx->error);
        res->shown = p;
        s->shown_cap = cap;
    }
    res->shown[res->n_shown++] = (pith_shown_value){(uint32_t)tag_at, (uint32_t)s->run_at, name};
    s->texts_len = s->run_at + o;
    s->texts[s->texts_len++] = '\0';
    s->run_at = s->texts_len;
    return 1;
}

/* Whether the tag at tag_at has had a value of this name set aside: its records are last. */
static int
shown_seen(const pith_screened *res, size_t tag_at, const char *name)
{
    for (size_t k = res->n_shown; k > 0 && res->shown[k - 1].tag == tag_at; k--)
        if (res->shown[k - 1].name == name)
            return 1;
    return 0;
}

/* The static name of a shown attribute (its value's key in out->shown), NULL for others. */
static const char *
shown_name(enum shown by_tag, const char *name, size_t n)
{
    static const char *const link[] = {"href", NULL};
    static const char *const image[] = {"src", "srcset", "alt", "width", "height", "data-src",
                                        "data-srcset", "data-lazy-src", "data-original", NULL};
    if (by_tag == SHOWN_NONE || by_tag == SHOWN_PICTURE)
        return NULL;
    for (const char *const *w = by_tag == SHOWN_LINK ? link : image; *w; w++)
        if (strlen(*w) == n && lower_eq(name, *w, n))
            return *w;
    return NULL;
}

/*
 * Parses the tag at s->pos ("<x" or "</x"). Start tags are written to the output as they are
 * read (name, then up to max_attributes attributes, values capped); the caller keeps or
 * rewinds them. Returns 0 at end of input inside the tag.
 */
static int
parse_tag(screen *s, int end_tag, int write, size_t *name_at, size_t *name_len, int *self_closing,
          attr_info *ai)
{
    const char *in = s->in;
    size_t len = s->len;
    size_t i = s->pos + (end_tag ? 2 : 1);
    size_t n0 = i;
    while (i < len && !has_class(in[i], C_NAME_END))
        i++;
    *name_at = n0;
    *name_len = i - n0;
    *self_closing = 0;
    memset(ai, 0, sizeof *ai);
    if (write) {
        putc1(s, '<');
        put(s, in + n0, i - n0);
    }
    unsigned n_attrs = 0;
    int last_unquoted = 0;
    enum shown shown_by_tag = write ? shown_tag(s, in + n0, i - n0) : SHOWN_NONE;
    size_t tag_at = write ? s->olen - (i - n0) - 1 : 0; /* where putc1 wrote the '<' */
    if (shown_by_tag == SHOWN_PICTURE)
        value_aside(s, tag_at, "picture", i, i);
    for (;;) {
        while (i < len && (pith_is_html_space((unsigned char)in[i]) || in[i] == '/')) {
            if (in[i] == '/' && i + 1 < len && in[i + 1] == '>') {
                *self_closing = 1;
                i++;
                break;
            }
            i++;
        }
        if (i >= len)
            return 0;
        if (in[i] == '>') {
            i++;
            break;
        }
        /* attribute name: the first character may be '=' */
        size_t a0 = i++;
        while (i < len && !has_class(in[i], C_ATTR_END))
            i++;
        size_t a1 = i;
        while (i < len && pith_is_html_space((unsigned char)in[i]))
            i++;
        size_t v0 = 0, v1 = 0;
        char quote = 0;
        int has_value = 0;
        if (i < len && in[i] == '=') {
            i++;
            while (i < len && pith_is_html_space((unsigned char)in[i]))
                i++;
            if (i >= len)
                return 0;
            has_value = 1;
            if (in[i] == '"' || in[i] == '\'') {
                quote = in[i];
                const char *q = memchr(in + i + 1, quote, len - i - 1);
                if (!q)
                    return 0;
                v0 = i + 1;
                v1 = (size_t)(q - in);
                i = v1 + 1;
            } else if (in[i] == '>') {
                has_value = 0; /* "a=>": empty value */
            } else {
                v0 = i;
                while (i < len && !pith_is_html_space((unsigned char)in[i]) && in[i] != '>')
                    i++;
                v1 = i;
            }
        }
        if (a1 - a0 == 4 && lower_eq(in + a0, "type", 4) && !ai->has_type) {
            ai->has_type = 1;
            ai->type = in + v0;
            ai->type_len = v1 - v0;
        }
        if ((a1 - a0 == 5 && lower_eq(in + a0, "color", 5)) ||
            (a1 - a0 == 4 && (lower_eq(in + a0, "face", 4) || lower_eq(in + a0, "size", 4))))
            ai->font_breakout = 1;
        if (!write)
            continue;
        const char *shown = shown_name(shown_by_tag, in + a0, a1 - a0);
        if (shown && has_value && shown_by_tag == SHOWN_LINK &&
            !link_target_unread(in + n0, *name_len, in + a0, a1 - a0, in + v0, v1 - v0))
            shown = NULL; /* a licence link's target: the metadata reads it from the parse */
        if (shown && shown_seen(s->res, tag_at, shown))
            continue; /* gumbo too keeps the first of two */
        if (shown && has_value && value_aside(s, tag_at, shown, v0, v1)) {
            /* a link's target is set aside; the href stays, bare, to say it is a link */
            if (shown_by_tag != SHOWN_LINK)
                continue;
            has_value = 0;
        } else if (!shown && !attribute_used(in + n0, *name_len, in + a0, a1 - a0, in + v0,
                                                 v1 - v0)) {
            continue;
        }
        if (n_attrs >= s->ctx->opts->max_attributes) {
            s->res->flags |= PITH_FLAG_ATTRIBUTES_DROPPED;
            continue;
        }
        n_attrs++;
        putc1(s, ' ');
        put(s, in + a0, a1 - a0);
        last_unquoted = 0;
        /* an unread target goes as a bare "href": gumbo gives it the same empty value as
         * href="" and reads three bytes less per link */
        if (has_value && !shown &&
            link_target_unread(in + n0, *name_len, in + a0, a1 - a0, in + v0, v1 - v0))
            continue;
        if (has_value && a1 - a0 == 5 && lower_eq(in + a0, "style", 5) &&
            style_verdict(in + v0, v1 - v0) == STYLE_HIDES) {
            put(s, "=\"" STYLE_HIDDEN_VALUE "\"", sizeof STYLE_HIDDEN_VALUE + 2);
        } else if (has_value) {
            putc1(s, '=');
            if (quote)
                putc1(s, quote);
            else
                last_unquoted = 1;
            /* a shown value as gumbo has it must hold no placeholder */
            if (!emit_decoded(s, v0, v1, MAX_VALUE_BYTES, shown != NULL))
                s->res->flags |= PITH_FLAG_ATTRIBUTES_DROPPED;
            if (quote)
                putc1(s, quote);
            else if (s->olen > 0 && s->out[s->olen - 1] == '=' && v1 > v0)
                putc1(s, '_'); /* value cut to nothing: keep "a=" from eating the next token */
        }
        if (s->err != PITH_OK)
            return 0;
    }
    if (write) {
        if (*self_closing)
            put(s, last_unquoted || n_attrs > 0 ? " />" : "/>", last_unquoted || n_attrs > 0 ? 3 : 2);
        else
            putc1(s, '>');
    }
    s->pos = i;
    return 1;
}

/* Whether tag t, met inside an <svg> left open, is where gumbo leaves foreign content, as the
 * HTML parser does: a start tag of HTML's breakout list (an icon's <svg> never closed before
 * the next paragraph), or an end tag of an HTML-only element open in scope (an icon left
 * unclosed before its box's </div>). Inside the svg's integration points (foreignObject, desc,
 * title) content is HTML and nothing breaks out. */
static int
leaves_svg(screen *s, uint16_t t, int end)
{
    if (t == NO_TAG || t == GUMBO_TAG_UNKNOWN)
        return 0;
    if (!end)
        return (tag_props[t] & P_BREAKOUT) != 0;
    /* names SVG shares with HTML end the svg's own element first (the caller counts the
     * svg's open <a>s) */
    if (t == GUMBO_TAG_TITLE || t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE ||
        t == GUMBO_TAG_FONT)
        return 0;
    return find_in_scope(s, t, SCOPE_DEFAULT) >= 0;
}

/* svg and template subtrees: tokenized to find their end, nothing emitted. An <svg> ends
 * where gumbo ends it (leaves_svg), before that tag, which is then read as markup. */
static void
skip_subtree(screen *s, uint16_t tag)
{
    size_t nest = 1;
    size_t html_inside = 0; /* open foreignObject/desc/title of an svg */
    size_t svg_links = 0;   /* open <a>s of an svg, which its </a>s end */
    while (s->pos < s->len && nest > 0 && s->err == PITH_OK) {
        const char *lt = memchr(s->in + s->pos, '<', s->len - s->pos);
        if (!lt) {
            s->pos = s->len;
            break;
        }
        size_t at = (size_t)(lt - s->in);
        if (!pith_spend(s->ctx, 1 + (at - s->pos) / 16)) {
            screen_fail(s, s->ctx->error);
            return;
        }
        s->pos = at;
        const char *in = s->in;
        size_t len = s->len;
        unsigned char c = at + 1 < len ? (unsigned char)in[at + 1] : 0;
        if (c == '!' && at + 3 < len && in[at + 2] == '-' && in[at + 3] == '-') {
            s->pos = comment_end(s, at + 4);
        } else if (c == '!' || c == '?' ||
                   (c == '/' && !(at + 2 < len && pith_is_ascii_alpha((unsigned char)in[at + 2])))) {
            int found;
            s->pos = after_gt(s, at + 2, &found);
        } else if (pith_is_ascii_alpha(c) || c == '/') {
            int end = c == '/';
            size_t na, nl;
            int sc;
            attr_info ai;
            if (!parse_tag(s, end, 0, &na, &nl, &sc, &ai)) {
                s->pos = len;
                break;
            }
            uint16_t t = tag_of(in + na, nl);
            if (tag == GUMBO_TAG_SVG) {
                int point = t == GUMBO_TAG_TITLE || t == GUMBO_TAG_DESC ||
                            (t == GUMBO_TAG_FOREIGNOBJECT);
                if (point && !sc && !end)
                    html_inside++;
                else if (point && end && html_inside > 0)
                    html_inside--;
                else if (html_inside == 0 && t == GUMBO_TAG_A && !end && !sc)
                    svg_links++;
                else if (html_inside == 0 && t == GUMBO_TAG_A && end && svg_links > 0)
                    svg_links--;
                else if (html_inside == 0 && t != tag && leaves_svg(s, t, end)) {
                    s->pos = at;
                    break;
                }
            }
            if (t == tag && !sc)
                nest += end ? (size_t)-1 : 1u;
            if (!end && (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE) && !sc) {
                size_t e = t == GUMBO_TAG_SCRIPT ? find_script_end(s, s->pos)
                                                 : find_end_tag(s, s->pos, "style", 5);
                if (t == GUMBO_TAG_SCRIPT && is_jsonld_type(&ai))
                    add_jsonld(s, s->pos, e);
                s->pos = e;
            }
        } else {
            s->pos = at + 1;
        }
    }
    s->glue = 1;
}

/* Text of an RCDATA/RAWTEXT element up to its end tag, or the rest for PLAINTEXT. */
static void
raw_text(screen *s, enum raw_kind kind, const char *name, size_t n)
{
    size_t end = kind == RAW_PLAINTEXT ? s->len : find_end_tag(s, s->pos, name, n);
    /* A <title> never closed swallows the whole page as its text: browsers then show a blank
     * page, but the page's author (and every reader of such broken saved pages) meant a title
     * line. End it where the next markup starts. */
    int unclosed_title = 0;
    if (kind == RAW_RCDATA && end == s->len && n == 5 &&
        pith_ascii_casecmp_n(name, "title", 5) == 0) {
        const char *lt = memchr(s->in + s->pos, '<', s->len - s->pos);
        if (lt) {
            end = (size_t)(lt - s->in);
            unclosed_title = 1;
        }
    }
    pith_spend(s->ctx, 1 + (end - s->pos) / 16);
    if (kind == RAW_RCDATA) {
        /* gumbo decodes references here, so "<" can safely become "&lt;" where it could
         * start a tag: if gumbo disagrees about RCDATA it still sees text */
        size_t i = s->pos;
        while (i < end) {
            const char *lt = memchr(s->in + i, '<', end - i);
            size_t stop = lt ? (size_t)(lt - s->in) : end;
            emit_decoded(s, i, stop, (size_t)-1, 1);
            if (!lt)
                break;
            unsigned char c = stop + 1 < s->len ? (unsigned char)s->in[stop + 1] : 0;
            if (pith_is_ascii_alpha(c) || c == '/' || c == '!' || c == '?')
                put(s, "&lt;", 4);
            else
                putc1(s, '<');
            i = stop + 1;
        }
    } else {
        put(s, s->in + s->pos, end - s->pos);
    }
    s->pos = end;
    if (unclosed_title && model_end(s, GUMBO_TAG_TITLE) != DROP)
        put(s, "</title>", 8);
}

/* Ends every formatting element after the last marker with an explicit end tag, so gumbo
 * drops it from its list (or closes it) instead of cloning it again. */
static void
close_open_formatting(screen *s)
{
    size_t i = s->afl_n;
    while (i > 0 && s->afl[i - 1] != NO_TAG) {
        i--;
        uint16_t t = s->afl[i];
        const char *name = gumbo_normalized_tagname((GumboTag)t);
        putc1(s, '<');
        putc1(s, '/');
        put(s, name, strlen(name));
        putc1(s, '>');
        formatting_end(s, t);
        if (i > s->afl_n)
            i = s->afl_n;
    }
    s->res->flags |= PITH_FLAG_FORMATTING_CAPPED;
}

/* A tag goes to gumbo: counted against max_nodes when it builds an element or closes nothing,
 * and its stack search charged as work either way. 0 past a limit. */
static int
pass_tag(screen *s, int counts)
{
    s->nodes += counts != 0;
    if (s->nodes > s->ctx->opts->max_nodes)
        return screen_fail(s, PITH_ERR_TOO_MANY_NODES);
    uint64_t searched = IMPLICIT_LEVELS + s->depth;
    if (!pith_spend(s->ctx, searched / STACK_ENTRIES_PER_STEP))
        return screen_fail(s, s->ctx->error);
    return 1;
}

/*
 * Whether the end tag of t, the model's current element, may be left out because the tag that
 * follows it at once in the input (at s->pos) closes it the same way: gumbo builds the same
 * tree, and the end tag costs it a token and a search of its stack. "</td><td>", "</tr><tr>",
 * "</li><li>", "</p><div>" and the like were 6% of the tags gumbo got. The current element
 * is asked for because "<li>" and "<option>" close only the current one (or one beyond
 * elements that do not matter here), and a "</p>" with no <p> open would make an element;
 * a "<table>" (not in quirks mode) and a "<form>" (not with one open) might not close a <p>.
 * The next tag is never dropped by the model: it opens at the depth of the element closed.
 */
static int
end_tag_implied(const screen *s, uint16_t t)
{
    /* every end tag comes here: the cheap tests first */
    if (t != GUMBO_TAG_TD && t != GUMBO_TAG_TH && t != GUMBO_TAG_TR && t != GUMBO_TAG_LI &&
        t != GUMBO_TAG_DD && t != GUMBO_TAG_DT && t != GUMBO_TAG_OPTION && t != GUMBO_TAG_P)
        return 0;
    size_t i = s->pos;
    const char *in = s->in;
    if (i + 2 >= s->len || in[i] != '<' || !top_is(s, (GumboTag)t))
        return 0;
    int end = in[i + 1] == '/';
    size_t n0 = i + 1 + (size_t)end, n1 = n0;
    while (n1 < s->len && !has_class(in[n1], C_NAME_END))
        n1++;
    if (n1 == n0 || n1 == s->len)
        return 0;
    uint16_t n = tag_of(in + n0, n1 - n0);
    switch (t) {
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
        /* gumbo closes the cell for these */
        return end ? n == GUMBO_TAG_TR || n == GUMBO_TAG_TABLE
                   : n == GUMBO_TAG_TD || n == GUMBO_TAG_TH || n == GUMBO_TAG_TR;
    case GUMBO_TAG_TR:
        return end ? n == GUMBO_TAG_TABLE || n == GUMBO_TAG_TBODY : n == GUMBO_TAG_TR;
    case GUMBO_TAG_LI:
        return !end && n == GUMBO_TAG_LI;
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
        return !end && (n == GUMBO_TAG_DD || n == GUMBO_TAG_DT);
    case GUMBO_TAG_OPTION:
        return in_select(s) && (end ? n == GUMBO_TAG_SELECT
                                    : n == GUMBO_TAG_OPTION || n == GUMBO_TAG_OPTGROUP);
    case GUMBO_TAG_P:
        return !end && (tag_props[n] & P_CLOSEP) && n != GUMBO_TAG_TABLE && n != GUMBO_TAG_FORM;
    default:
        return 0;
    }
}

/* Whether a <link>'s rel may name it canonical or licence, the two links whose target the
 * metadata reads (page.c): in any case, anywhere in the value, or with a reference in it,
 * which is more than the metadata's token test takes. */
static int
link_rel_read(const char *v, size_t n)
{
    if (memchr(v, '&', n))
        return 1;
    for (size_t i = 0; i < n; i++)
        if ((i + 9 <= n && lower_eq(v + i, "canonical", 9)) ||
            (i + 7 <= n && lower_eq(v + i, "license", 7)))
            return 1;
    return 0;
}

/*
 * The target of any other <link> (stylesheets, icons, feeds: 1.5% of what gumbo got) is cut
 * from the tag as parse_tag wrote it at out[at, olen): "<link", then " name", " name=v",
 * " name='v'" or " name=\"v\"" for each attribute, then ">" or " />" (never "/>" after an
 * attribute, so a cut leaves no unquoted value before the slash). Only <link>s come here,
 * which spares the scan of every other tag's attributes.
 */
static void
cut_unread_link_target(screen *s, size_t at)
{
    const char *o = s->out;
    size_t i = at + 5, end = s->olen;
    size_t href0 = 0, href1 = 0, rel0 = 0, rel1 = 0;
    int rel_seen = 0;
    while (i < end && o[i] == ' ') {
        size_t a0 = ++i;
        while (i < end && o[i] != '=' && o[i] != ' ' && o[i] != '>' && o[i] != '/')
            i++;
        size_t a1 = i, v0 = i, v1 = i;
        if (i < end && o[i] == '=') {
            i++;
            if (i < end && (o[i] == '"' || o[i] == '\'')) {
                const char *q = memchr(o + i + 1, o[i], end - i - 1);
                if (!q)
                    return;
                v0 = i + 1;
                v1 = (size_t)(q - o);
                i = v1 + 1;
            } else {
                v0 = i;
                while (i < end && o[i] != ' ' && o[i] != '>')
                    i++;
                v1 = i;
            }
        }
        if (!rel_seen && a1 - a0 == 3 && lower_eq(o + a0, "rel", 3)) {
            rel_seen = 1; /* gumbo too keeps the first */
            rel0 = v0, rel1 = v1;
        } else if (!href1 && a1 - a0 == 4 && lower_eq(o + a0, "href", 4)) {
            href0 = a0 - 1, href1 = i;
        }
    }
    if (!href1 || (rel_seen && link_rel_read(o + rel0, rel1 - rel0)))
        return;
    memmove(s->out + href0, s->out + href1, end - href1);
    s->olen -= href1 - href0;
}

static void
handle_tag(screen *s, int end_tag)
{
    run_flush(s);
    size_t mark = s->olen, shown_mark = s->res->n_shown;
    size_t start = s->pos;
    size_t na, nl;
    int sc;
    attr_info ai;
    if (!parse_tag(s, end_tag, !end_tag, &na, &nl, &sc, &ai)) {
        /* end of input inside the tag: gumbo drops it (and misreads some of them) */
        s->olen = mark;
        s->res->n_shown = shown_mark;
        cut_to(s, s->len);
        return;
    }
    if (!pith_spend(s->ctx, 1 + (s->pos - start) / 16)) {
        screen_fail(s, s->ctx->error);
        return;
    }
    uint16_t t = tag_of(s->in + na, nl);
    if (end_tag) {
        size_t depth_before = s->depth;
        int implied = end_tag_implied(s, t);
        if (model_end(s, t) == DROP) {
            s->glue = 1;
            return;
        }
        if (!pass_tag(s, s->depth >= depth_before))
            return;
        if (implied) {
            s->glue = 1;
            return;
        }
        if (s->glue)
            s->glue = 0;
        putc1(s, '<');
        putc1(s, '/');
        put(s, s->in + na, nl);
        putc1(s, '>');
        return;
    }
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE) {
        s->olen = mark;
        s->res->n_shown = shown_mark;
        size_t e = t == GUMBO_TAG_SCRIPT ? find_script_end(s, s->pos)
                                         : find_end_tag(s, s->pos, "style", 5);
        pith_spend(s->ctx, (e - s->pos) / 16);
        if (t == GUMBO_TAG_SCRIPT && is_jsonld_type(&ai))
            add_jsonld(s, s->pos, e);
        s->pos = e;
        if (e < s->len) {
            /* the end tag itself, attributes and all */
            size_t na2, nl2;
            int sc2;
            attr_info ai2;
            if (!parse_tag(s, 1, 0, &na2, &nl2, &sc2, &ai2))
                s->pos = s->len;
        }
        cut_to(s, s->pos);
        return;
    }
    if ((t == GUMBO_TAG_SVG || t == GUMBO_TAG_TEMPLATE)) {
        s->olen = mark;
        s->res->n_shown = shown_mark;
        if (!sc)
            skip_subtree(s, t);
        cut_to(s, s->pos);
        return;
    }
    enum raw_kind raw;
    enum verdict v = model_start(s, t, sc, &ai, &raw);
    if (v == DROP) {
        s->olen = mark;
        s->res->n_shown = shown_mark;
        s->glue = 1;
        return;
    }
    s->res->n_elements++;
    if (!pass_tag(s, 1))
        return;
    if (t == GUMBO_TAG_LINK)
        cut_unread_link_target(s, mark);
    s->glue = 0;
    if ((tag_props[t] & P_SPECIAL) && s->afl_fmt > 0) {
        s->clones += s->afl_fmt;
        if (s->clones > CLONE_BUDGET_BASE + CLONE_BUDGET_PER_ELEMENT * s->res->n_elements)
            close_open_formatting(s);
    }
    if (raw != RAW_NONE)
        raw_text(s, raw, s->in + na, nl);
}

static void
handle_lt(screen *s)
{
    const char *in = s->in;
    size_t len = s->len, at = s->pos;
    unsigned char c = at + 1 < len ? (unsigned char)in[at + 1] : 0;
    int found;
    if (c == '!') {
        if (at + 3 < len && in[at + 2] == '-' && in[at + 3] == '-') {
            cut_to(s, comment_end(s, at + 4));
        } else if (at + 9 <= len && pith_ascii_casecmp_n(in + at + 2, "doctype", 7) == 0) {
            size_t e = after_gt(s, at + 2, &found);
            if (found) {
                run_flush(s);
                s->glue = 0;
                put(s, in + at, e - at);
                s->pos = e;
            } else {
                cut_to(s, len);
            }
        } else if (at + 9 <= len && memcmp(in + at + 2, "[CDATA[", 7) == 0 &&
                   in_foreign(s, GUMBO_TAG_UNKNOWN)) {
            size_t e = len;
            for (size_t i = at + 9; i + 2 < len; i++)
                if (in[i] == ']' && in[i + 1] == ']' && in[i + 2] == '>') {
                    e = i + 3;
                    break;
                }
            cut_to(s, e);
        } else {
            cut_to(s, after_gt(s, at + 2, &found));
        }
    } else if (c == '?') {
        cut_to(s, after_gt(s, at + 2, &found));
    } else if (c == '/') {
        unsigned char d = at + 2 < len ? (unsigned char)in[at + 2] : 0;
        if (pith_is_ascii_alpha(d))
            handle_tag(s, 1);
        else if (at + 2 >= len) {
            text_out(s, "</", 2);
            s->pos = len;
        } else
            cut_to(s, after_gt(s, at + 2, &found)); /* "</>" and bogus comments */
    } else if (pith_is_ascii_alpha(c)) {
        handle_tag(s, 0);
    } else {
        text_out(s, "<", 1);
        s->pos = at + 1;
    }
}

/* A reference's value gumbo keeps as it is (the others it replaces or reports). */
static int
ref_value_plain(uint32_t v)
{
    return v >= 0x20 && v != 0x7F && !(v >= 0x80 && v <= 0x9F) && !(v >= 0xD800 && v <= 0xDFFF) &&
           !(v >= 0xFDD0 && v <= 0xFDEF) && (v & 0xFFFEu) != 0xFFFEu && v <= 0x10FFFF;
}

/* A reference gumbo is to decode: written as it is, after the pending run. */
static void
ref_to_gumbo(screen *s, const char *p, size_t n)
{
    run_flush(s);
    emit_text(s, p, n);
    s->ref_end = s->olen;
}

static void
handle_amp(screen *s)
{
    const char *in = s->in;
    size_t at = s->pos, len = s->len;
    int runs = runs_active(s);
    if (at + 1 < len && in[at + 1] == '#') {
        int big = 0, semi = 0;
        uint32_t v = 0;
        size_t r = numeric_ref(in, len, at, &big, &semi, &v);
        if (r > 0) {
            s->pos = at + r;
            if (runs && (big || ref_value_plain(v)))
                run_append_cp(s, big ? 0xFFFDu : v);
            else if (runs)
                ref_to_gumbo(s, in + at, r);
            else if (big || (s->runs_on && is_run_code_point(v)))
                emit_text(s, "&#xFFFD;", 8);
            else
                emit_text(s, in + at, r);
            return;
        }
    } else if (runs) {
        /* gumbo matches a name against letters, digits and a ';' only */
        size_t e = at + 1;
        while (e < len && (pith_is_ascii_alpha((unsigned char)in[e]) || (in[e] >= '0' && in[e] <= '9')))
            e++;
        if (e > at + 1) {
            pith_span name = {in + at + 1, e - at - 1};
            const pith_named_ref *ref =
                e < len && in[e] == ';'
                    ? bsearch(&name, pith_named_refs, pith_n_named_refs, sizeof pith_named_refs[0],
                              named_ref_cmp)
                    : NULL;
            if (e < len && in[e] == ';')
                e++;
            s->pos = e;
            if (ref)
                run_append_cp(s, ref->cp);
            else
                ref_to_gumbo(s, in + at, e - at);
            return;
        }
    }
    text_out(s, "&", 1);
    s->pos = at + 1;
}

pith_status
pith_screen(pith_ctx *ctx, const char *html, size_t len, pith_screened *out)
{
    memset(out, 0, sizeof *out);
    screen s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.res = out;
    s.in = html;
    s.len = len;
    unsigned md = ctx->opts->max_depth;
    s.max_keep = md > IMPLICIT_LEVELS ? md - IMPLICIT_LEVELS : 0;
    /* Output grows only where a cut (>= 3 input bytes) forces an escape of at most 4 bytes
     * and by one byte per attribute or self-closing tag (>= 3 bytes each); a third more than
     * the input covers every case, so the buffer is allocated once. */
    s.ocap = len + len / 3 + 64;
    s.out = pith_alloc(ctx, s.ocap);
    if (!s.out)
        return ctx->error;
    s.runs_on = !has_run_plane_chars(html, len);
    while (s.pos < len && s.err == PITH_OK) {
        unsigned char c = (unsigned char)html[s.pos];
        if (c == '<') {
            handle_lt(&s);
        } else if (c == '&') {
            handle_amp(&s);
        } else {
            size_t i = s.pos;
            while (i < len && !has_class(html[i], C_TEXT_END))
                i++;
            if (!pith_spend(ctx, 1 + (i - s.pos) / 16)) {
                screen_fail(&s, ctx->error);
                break;
            }
            text_out(&s, html + s.pos, i - s.pos);
            s.pos = i;
        }
        if (ctx->error != PITH_OK)
            screen_fail(&s, ctx->error);
    }
    if (s.err == PITH_OK)
        run_flush(&s);
    if (s.err != PITH_OK)
        return s.err;
    if (!screen_reserve(&s, 1))
        return s.err;
    s.out[s.olen] = '\0';
    out->html = s.out;
    out->len = s.olen;
    out->texts = s.texts;
    return PITH_OK;
}
