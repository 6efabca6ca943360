/* SPDX-License-Identifier: MIT */
/*
 * Parse and index. Gumbo parses the screened HTML into the call's arena; then one walk turns
 * its pointer tree into a flat array in document order, where every subtree is a contiguous
 * range [i, end). Later stages loop over that array instead of walking the tree, so they need
 * neither recursion nor stacks, and the class/id vocabulary of each element is read once here
 * rather than once per stage.
 */
#include <string.h>

#include "internal.h"

static const GumboVector *
children_of(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
        return &n->v.element.children;
    if (n->type == GUMBO_NODE_DOCUMENT)
        return &n->v.document.children;
    return NULL;
}

const char *
pith_attr(const GumboNode *node, const char *name)
{
    if (!node || (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE))
        return NULL;
    const GumboVector *attrs = &node->v.element.attributes;
    for (unsigned i = 0; i < attrs->length; i++) {
        const GumboAttribute *a = attrs->data[i];
        if (strcmp(a->name, name) == 0)
            return a->value;
    }
    return NULL;
}

int
pith_is_block_element(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HR: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_FIGURE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_MENU: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
    case GUMBO_TAG_NOSCRIPT:
        return 1;
    default:
        return 0;
    }
}

/* Elements whose content is never article text. */
static int
is_skip_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_MAP: case GUMBO_TAG_APPLET:
    /* Ruby readings (furigana) sit above the base text; inline they repeat each word. */
    case GUMBO_TAG_RT: case GUMBO_TAG_RP:
        return 1;
    default:
        return 0;
    }
}

/* Lower-cases an attribute into buf (truncated) so vocabulary matching is one strstr each. */
static size_t
lower_into(char *buf, size_t cap, size_t at, const char *s)
{
    for (; s && *s && at + 1 < cap; s++) {
        char c = *s;
        buf[at++] = (char)pith_ascii_lower((unsigned char)c);
    }
    buf[at] = '\0';
    return at;
}

/* Ad markers are short and collide with words (header, shadow, load), so "ad" only counts as
 * a whole token or a token's dash-separated part. */
static int
has_ad_token(const char *s)
{
    const char *p = s;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *tok = p;
        while (*p && *p != ' ')
            p++;
        size_t n = (size_t)(p - tok);
        /* split the token on - and _ */
        size_t i = 0;
        while (i < n) {
            size_t j = i;
            while (j < n && tok[j] != '-' && tok[j] != '_')
                j++;
            size_t len = j - i;
            if ((len == 2 && tok[i] == 'a' && tok[i + 1] == 'd') ||
                (len == 3 && memcmp(tok + i, "ads", 3) == 0))
                return 1;
            i = j + 1;
        }
    }
    return 0;
}

static const char *const ad_long_forms[] = {"advert", "sponsor", "adslot", "ad-slot", "adunit",
                                             "ad-unit", "dfp", "doubleclick", "google_ad",
                                             "adsense", "ad-container", "ad-wrapper", NULL};
static const char *const positive_words[] = {"article", "body", "content", "entry", "hentry",
                                             "h-entry", "main", "page", "post", "text", "blog",
                                             "story", NULL};
static const char *const negative_words[] = {
    "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footnote", "gdpr",
    "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
    "sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool", "widget", "menu", "nav",
    "social", "newsletter", "subscribe", "popup", "modal", "taboola", "breadcrumb", NULL};
static const char *const comment_words[] = {"comment", "disqus", "respond", "reply", NULL};
static const char *const share_words[] = {"share", "sharing", "social", "sociable", "addthis",
                                          "follow-us", "followus", NULL};
static const char *const related_words[] = {"related", "recommend", "more-from", "morefrom",
                                            "read-next", "readnext", "trending", "popular",
                                            "most-read", "mostread", "outbrain", "taboola",
                                            "you-may-like", "more-stories", "morestories",
                                            "further-reading", NULL};
static const char *const byline_words[] = {"byline", "author", "writer", "dateline", NULL};
static const char *const caption_words[] = {"caption", "credit", NULL};
static const char *const credit_words[] = {"credit", "copyright", "photographer", "fotograf",
                                           "bildnachweis", "bildquelle", "media-license", NULL};
static const char *const body_words[] = {"articlebody", "article-body", "article__body",
                                         "article_body", "entry-content", "post-content",
                                         "story-body", "post-body", "article-content",
                                         "storycontent", "story-content", "content-body",
                                         "article-text", "articletext", "post-entry",
                                         "entry-body", NULL};
static const char *const nav_words[] = {"nav", "menu", "breadcrumb", "pagination", "pager",
                                        "tagcloud", "tag-cloud", "tag-list", "taglist", "toolbar",
                                        "skip-link", NULL};
static const char *const newsletter_words[] = {"newsletter", "subscribe", "subscription",
                                               "signup", "sign-up", "membership", "paywall",
                                               "donate", "register", NULL};
static const char *const cookie_words[] = {"cookie", "consent", "gdpr", NULL};
static const char *const date_words[] = {"date", "time", "publish", "posted", NULL};
static const char *const title_words[] = {"headline", "title", "heading", NULL};
static const char *const hidden_words[] = {"sr-only", "visually-hidden", "visuallyhidden",
                                           "screen-reader", "a11y-hidden", NULL};

/* The word lists above, one bit each. */
enum {
    V_POSITIVE, V_NEGATIVE, V_COMMENT, V_SHARE, V_RELATED, V_BYLINE, V_CAPTION, V_BODY, V_NAV,
    V_NEWSLETTER, V_COOKIE, V_DATE, V_TITLE, V_HIDDEN, V_AD_LONG, V_CREDIT, V_LISTS
};

static const char *const *const vocab_lists[V_LISTS] = {
    positive_words, negative_words, comment_words, share_words, related_words, byline_words,
    caption_words, body_words, nav_words, newsletter_words, cookie_words, date_words, title_words,
    hidden_words, ad_long_forms, credit_words};

#define N_WORDS(a) (sizeof(a) / sizeof((a)[0]) - 1)
#define VOCAB_WORDS                                                                              \
    (N_WORDS(positive_words) + N_WORDS(negative_words) + N_WORDS(comment_words) +                \
     N_WORDS(share_words) + N_WORDS(related_words) + N_WORDS(byline_words) +                     \
     N_WORDS(caption_words) + N_WORDS(body_words) + N_WORDS(nav_words) +                         \
     N_WORDS(newsletter_words) + N_WORDS(cookie_words) + N_WORDS(date_words) +                   \
     N_WORDS(title_words) + N_WORDS(hidden_words) + N_WORDS(ad_long_forms) +                     \
     N_WORDS(credit_words))

/* Every word of every list, bucketed by its first two bytes, so that finding which lists occur
 * in a class/id string is one pass over the string, with about one candidate word per
 * position, instead of one strstr per word (which was most of the index's time). Built per
 * call from the lists, which stay the one source of truth. Every word is at least three bytes
 * and none holds a space or a NUL. */
#define VOCAB_BUCKETS 512u

static unsigned
vocab_bucket(unsigned char c0, unsigned char c1)
{
    return ((unsigned)c0 * 31u + (unsigned)c1) & (VOCAB_BUCKETS - 1);
}

typedef struct vocab {
    struct vocab_word {
        const char *w;
        uint8_t list;
    } words[VOCAB_WORDS];
    uint16_t start[VOCAB_BUCKETS + 1]; /* bucket h: words[start[h] .. start[h + 1]) */
} vocab;

static void
vocab_init(vocab *v)
{
    uint16_t count[VOCAB_BUCKETS];
    memset(count, 0, sizeof count);
    for (unsigned l = 0; l < V_LISTS; l++)
        for (const char *const *w = vocab_lists[l]; *w; w++)
            count[vocab_bucket((unsigned char)(*w)[0], (unsigned char)(*w)[1])]++;
    v->start[0] = 0;
    for (unsigned h = 0; h < VOCAB_BUCKETS; h++)
        v->start[h + 1] = (uint16_t)(v->start[h] + count[h]);
    uint16_t at[VOCAB_BUCKETS];
    memcpy(at, v->start, sizeof at);
    for (unsigned l = 0; l < V_LISTS; l++)
        for (const char *const *w = vocab_lists[l]; *w; w++)
            v->words[at[vocab_bucket((unsigned char)(*w)[0], (unsigned char)(*w)[1])]++] =
                (struct vocab_word){*w, (uint8_t)l};
}

/* Bit l set when some word of list l occurs in s[0, n) (as strstr would find it), for l in
 * want. s[n] must be a NUL or a space: no word runs past it. */
static unsigned
vocab_match(const vocab *v, const char *s, size_t n, unsigned want)
{
    unsigned found = 0;
    for (size_t i = 0; i + 1 < n && (found & want) != want; i++) {
        unsigned h = vocab_bucket((unsigned char)s[i], (unsigned char)s[i + 1]);
        for (unsigned k = v->start[h]; k < v->start[h + 1]; k++) {
            const struct vocab_word *e = &v->words[k];
            unsigned bit = 1u << e->list;
            if (!(want & bit) || (found & bit))
                continue;
            const char *a = s + i, *b = e->w;
            while (*b && *a == *b)
                a++, b++;
            if (!*b)
                found |= bit;
        }
    }
    return found & want;
}

static int
style_hides(const char *style)
{
    char buf[256];
    size_t o = 0;
    for (const char *p = style; *p && o + 1 < sizeof buf; p++) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        buf[o++] = (char)pith_ascii_lower((unsigned char)c);
    }
    buf[o] = '\0';
    return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

static uint32_t
tag_hints(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
        return PITH_HINT_META_AREA;
    case GUMBO_TAG_NAV:
        return PITH_HINT_META_AREA | PITH_HINT_NAV;
    case GUMBO_TAG_FORM:
        return 0;
    default:
        return is_skip_tag(t) ? PITH_HINT_SKIP_TAG : 0;
    }
}

static void
classify(const vocab *v, const GumboNode *g, pith_node *n)
{
    const GumboElement *e = &g->v.element;
    n->hints = tag_hints(e->tag);
    n->class_weight = 0;
    const char *cls = NULL, *id = NULL, *role = NULL, *itemprop = NULL, *style = NULL;
    int hidden = 0;
    for (unsigned i = 0; i < e->attributes.length; i++) {
        const GumboAttribute *a = e->attributes.data[i];
        const char *nm = a->name;
        /* by first letter: every attribute of every element comes here */
        switch (nm[0]) {
        case 'c':
            if (strcmp(nm, "class") == 0)
                cls = a->value;
            break;
        case 'i':
            if (strcmp(nm, "id") == 0)
                id = a->value;
            else if (strcmp(nm, "itemprop") == 0)
                itemprop = a->value;
            break;
        case 'r':
            if (strcmp(nm, "role") == 0)
                role = a->value;
            else if (strcmp(nm, "rel") == 0 && strcmp(a->value, "author") == 0)
                n->hints |= PITH_HINT_BYLINE;
            break;
        case 's':
            if (strcmp(nm, "style") == 0)
                style = a->value;
            break;
        case 'h':
            if (strcmp(nm, "hidden") == 0)
                hidden = 1;
            break;
        case 'a':
            if (strcmp(nm, "aria-hidden") == 0 && strcmp(a->value, "true") == 0)
                hidden = 1;
            break;
        default:
            break;
        }
    }
    if (hidden || (style && style_hides(style)))
        n->hints |= PITH_HINT_HIDDEN;
    if (itemprop) {
        if (strstr(itemprop, "articleBody"))
            n->hints |= PITH_HINT_ARTICLE_BODY | PITH_HINT_POSITIVE;
        if (strstr(itemprop, "author"))
            n->hints |= PITH_HINT_BYLINE;
        if (strstr(itemprop, "headline"))
            n->hints |= PITH_HINT_TITLE;
        if (strstr(itemprop, "date"))
            n->hints |= PITH_HINT_DATE;
    }
    if (role) {
        if (!strcmp(role, "navigation") || !strcmp(role, "menu") || !strcmp(role, "menubar"))
            n->hints |= PITH_HINT_NAV | PITH_HINT_META_AREA;
        else if (!strcmp(role, "banner") || !strcmp(role, "contentinfo") ||
                 !strcmp(role, "complementary"))
            n->hints |= PITH_HINT_META_AREA;
        else if (!strcmp(role, "main") || !strcmp(role, "article"))
            n->hints |= PITH_HINT_POSITIVE;
    }
    /* ids made from heading text ("sharing-with-a-single-developer", "nav_die_folie__1")
     * say nothing about the box; vocabulary ids are one to three words, joined by dashes or
     * underscores */
    if (id) {
        unsigned joins = 0;
        for (const char *p = id; *p; p++)
            joins += *p == '-' || *p == '_';
        if (joins >= 3)
            id = NULL;
    }
    if (!cls && !id)
        return;
    char buf[320];
    size_t at = 0;
    if (cls)
        at = lower_into(buf, sizeof buf, at, cls);
    size_t cls_end = at;
    if (id && at + 2 < sizeof buf) {
        buf[at++] = ' ';
        at = lower_into(buf, sizeof buf, at, id);
    }
    buf[at] = '\0';
    /* readability's weights: class and id each count, so score both strings separately */
    const unsigned weight_lists = (1u << V_NEGATIVE) | (1u << V_POSITIVE);
    const unsigned all_lists = (1u << V_LISTS) - 1;
    unsigned f, fw[2];
    size_t cls_len = cls ? strlen(cls) : 0, id_len = id ? strlen(id) : 0;
    if (cls_len < 160 && id_len < 160) {
        /* Neither string was cut, in buf or for its weight (one[] below), and no word spans
         * the space between them: the lists found in buf are those found in each part. */
        fw[0] = vocab_match(v, buf, cls_end, all_lists);
        fw[1] = id ? vocab_match(v, buf + cls_end + 1, at - cls_end - 1, all_lists) : 0;
        f = fw[0] | fw[1];
    } else {
        char one[160];
        for (int which = 0; which < 2; which++) {
            const char *str = which == 0 ? cls : id;
            fw[which] = 0;
            if (!str || !*str)
                continue;
            size_t k = lower_into(one, sizeof one, 0, str);
            fw[which] = vocab_match(v, one, k, weight_lists);
        }
        f = vocab_match(v, buf, at, all_lists);
    }
    for (int which = 0; which < 2; which++) {
        if (fw[which] & (1u << V_NEGATIVE))
            n->class_weight -= 25;
        if (fw[which] & (1u << V_POSITIVE))
            n->class_weight += 25;
    }
    static const uint32_t hint_of[V_LISTS] = {
        [V_POSITIVE] = PITH_HINT_POSITIVE,     [V_NEGATIVE] = PITH_HINT_NEGATIVE,
        [V_COMMENT] = PITH_HINT_COMMENT,       [V_SHARE] = PITH_HINT_SHARE,
        [V_RELATED] = PITH_HINT_RELATED,       [V_BYLINE] = PITH_HINT_BYLINE,
        [V_CAPTION] = PITH_HINT_CAPTION,       [V_BODY] = PITH_HINT_ARTICLE_BODY,
        [V_NAV] = PITH_HINT_NAV,               [V_NEWSLETTER] = PITH_HINT_NEWSLETTER,
        [V_COOKIE] = PITH_HINT_COOKIE,         [V_DATE] = PITH_HINT_DATE,
        [V_TITLE] = PITH_HINT_TITLE,           [V_HIDDEN] = PITH_HINT_HIDDEN,
        [V_AD_LONG] = PITH_HINT_AD,            [V_CREDIT] = PITH_HINT_CREDIT};
    for (unsigned l = 0; l < V_LISTS; l++)
        if (f & (1u << l))
            n->hints |= hint_of[l];
    if (!(f & (1u << V_AD_LONG)) && has_ad_token(buf))
        n->hints |= PITH_HINT_AD;
    /* "hidden" as a whole class token; as a substring it matches "overflow-hidden" helpers */
    const char *h = strstr(buf, "hidden");
    if (h && (h == buf || h[-1] == ' ') && (h[6] == '\0' || h[6] == ' '))
        n->hints |= PITH_HINT_HIDDEN;
}

static int
is_cjk(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* What count_text looks for in an ASCII character. */
#define T_SPACE 0x1u /* space, LF, tab, CR, FF: between words */
#define T_WORD 0x2u  /* letters and digits */
#define T_COMMA 0x4u
#define T_STOP 0x8u  /* . ! ? end a sentence when a space or the end follows */
static const uint8_t ascii_text_class[128] = {
    [' '] = T_SPACE, ['\n'] = T_SPACE, ['\t'] = T_SPACE, ['\r'] = T_SPACE, ['\f'] = T_SPACE,
    [','] = T_COMMA, ['.'] = T_STOP, ['!'] = T_STOP, ['?'] = T_STOP,
    ['0'] = T_WORD, ['1'] = T_WORD, ['2'] = T_WORD, ['3'] = T_WORD, ['4'] = T_WORD,
    ['5'] = T_WORD, ['6'] = T_WORD, ['7'] = T_WORD, ['8'] = T_WORD, ['9'] = T_WORD,
    ['a'] = T_WORD, ['b'] = T_WORD, ['c'] = T_WORD, ['d'] = T_WORD, ['e'] = T_WORD,
    ['f'] = T_WORD, ['g'] = T_WORD, ['h'] = T_WORD, ['i'] = T_WORD, ['j'] = T_WORD,
    ['k'] = T_WORD, ['l'] = T_WORD, ['m'] = T_WORD, ['n'] = T_WORD, ['o'] = T_WORD,
    ['p'] = T_WORD, ['q'] = T_WORD, ['r'] = T_WORD, ['s'] = T_WORD, ['t'] = T_WORD,
    ['u'] = T_WORD, ['v'] = T_WORD, ['w'] = T_WORD, ['x'] = T_WORD, ['y'] = T_WORD,
    ['z'] = T_WORD, ['A'] = T_WORD, ['B'] = T_WORD, ['C'] = T_WORD, ['D'] = T_WORD,
    ['E'] = T_WORD, ['F'] = T_WORD, ['G'] = T_WORD, ['H'] = T_WORD, ['I'] = T_WORD,
    ['J'] = T_WORD, ['K'] = T_WORD, ['L'] = T_WORD, ['M'] = T_WORD, ['N'] = T_WORD,
    ['O'] = T_WORD, ['P'] = T_WORD, ['Q'] = T_WORD, ['R'] = T_WORD, ['S'] = T_WORD,
    ['T'] = T_WORD, ['U'] = T_WORD, ['V'] = T_WORD, ['W'] = T_WORD, ['X'] = T_WORD,
    ['Y'] = T_WORD, ['Z'] = T_WORD,
};

/* Text statistics of one text node. A CJK character counts as 3 characters and 1 word:
 * it carries about what three Latin letters do, and CJK text has no spaces between words.
 * 1 when the text holds a code point from U+0300 on (or an invalid byte): text that may not
 * be NFC. */
static int
count_text(pith_node *n)
{
    const char *s = n->text;
    size_t len = n->text_len, i = 0;
    uint32_t chars = 0, words = 0, commas = 0, sentences = 0;
    int in_word = 0, past_latin = 0;
    while (i < len) {
        uint32_t cp;
        size_t k;
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            /* ASCII, most text: the same tests as below, by table */
            unsigned t = ascii_text_class[c];
            i++;
            if (t & T_SPACE) {
                in_word = 0;
                continue;
            }
            chars++;
            if (t & T_COMMA)
                commas++;
            else if ((t & T_STOP) && (i >= len || s[i] == ' ' || s[i] == '\n'))
                sentences++;
            int w = (t & T_WORD) != 0;
            if (w && !in_word)
                words++;
            in_word = w;
            continue;
        }
        k = pith_utf8_next(s + i, len - i, &cp);
        i += k;
        past_latin |= cp >= 0x300;
        if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == '\f' ||
            (cp >= 0x80 && pith_is_space_cp(cp))) {
            in_word = 0;
            continue;
        }
        if (cp >= 0x80 && is_cjk(cp)) {
            chars += 3;
            words++;
            in_word = 0;
            continue;
        }
        chars++;
        if (cp == ',' || cp == 0xFF0C || cp == 0x3001 || cp == 0x060C) {
            commas++;
        } else if (cp == '.' || cp == '!' || cp == '?') {
            if (i >= len || s[i] == ' ' || s[i] == '\n')
                sentences++;
        } else if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F) {
            sentences++;
        }
        int w = cp < 0x80 ? ((cp | 32) - 'a' < 26 || cp - '0' < 10) : pith_is_word_cp(cp);
        if (w && !in_word)
            words++;
        in_word = w;
    }
    n->text_chars = chars;
    n->words = words;
    n->commas = commas;
    n->sentences = sentences;
    return past_latin;
}

struct frame {
    const GumboNode *node;
    uint32_t index;
    unsigned next;
};

static int
grow(pith_ctx *ctx, void **arr, uint32_t *cap, size_t elem, uint32_t first)
{
    uint32_t ncap = *cap ? *cap * 2 : first;
    if (ncap < *cap)
        return 0;
    void *n = pith_realloc(ctx, *arr, (size_t)ncap * elem);
    if (!n)
        return 0;
    *arr = n;
    *cap = ncap;
    return 1;
}

/* The number of nodes in gumbo's tree, so the index is allocated once at its exact size: a
 * doubling array held the old and the new copy at once, up to three times the nodes, which
 * on a flood of 500,000 links was 200 MB of a 560 MB peak. Gumbo's nodes know their parent
 * and their place in it, so the walk needs no stack. */
static size_t
count_nodes(const GumboNode *root)
{
    size_t n = 1;
    const GumboNode *at = root;
    unsigned next = 0; /* the child of `at` to visit next */
    for (;;) {
        const GumboVector *kids = children_of(at);
        if (kids && next < kids->length) {
            at = kids->data[next];
            next = 0;
            n++;
            continue;
        }
        if (at == root)
            return n;
        next = (unsigned)at->index_within_parent + 1;
        at = at->parent;
    }
}

/* The run number of a placeholder at t[0, n) and its length in *len; 0 when t does not
 * start with one of this call's placeholders. */
static int
run_at(const pith_screened *in, const char *t, size_t n, size_t *id, size_t *len)
{
    unsigned char c = (unsigned char)t[0];
    if (n < 4 || (c != 0xF4 && !(c == 0xF3 && (unsigned char)t[1] >= 0xB0)))
        return 0;
    uint32_t cp, lo;
    if (pith_utf8_next(t, n, &cp) != 4)
        return 0;
    if (cp >= PITH_RUN_LOW_BASE && cp - PITH_RUN_LOW_BASE < PITH_RUN_DIGITS) {
        *id = cp - PITH_RUN_LOW_BASE;
        *len = 4;
    } else if (cp >= PITH_RUN_HIGH_BASE && cp - PITH_RUN_HIGH_BASE < PITH_RUN_DIGITS && n >= 8 &&
               pith_utf8_next(t + 4, n - 4, &lo) == 4 && lo >= PITH_RUN_LOW_BASE &&
               lo - PITH_RUN_LOW_BASE < PITH_RUN_DIGITS) {
        *id = PITH_RUN_DIGITS + (size_t)(cp - PITH_RUN_HIGH_BASE) * PITH_RUN_DIGITS +
              (lo - PITH_RUN_LOW_BASE);
        *len = 8;
    } else {
        return 0;
    }
    return *id < in->n_runs;
}

const char *
pith_text_resolve(pith_ctx *ctx, const pith_screened *in, const char *text, size_t len,
                  size_t *out_len)
{
    *out_len = len;
    if (in->n_runs == 0)
        return text;
    /* a placeholder starts with byte F3 or F4: most text has neither */
    size_t first = 0;
    while (first < len && (unsigned char)text[first] < 0xF3)
        first++;
    if (first == len)
        return text;
    size_t id, k;
    if (first <= 1 && run_at(in, text + first, len - first, &id, &k)) {
        const pith_text_run *r = &in->runs[id];
        const char *own = in->texts + r->off;
        if (r->lead == first && first + k + r->trail == len && (!first || text[0] == own[0]) &&
            (!r->trail || text[len - 1] == own[r->len - 1])) {
            *out_len = r->len;
            return own;
        }
    }
    size_t total = 0;
    for (size_t i = 0; i < len;) {
        if (run_at(in, text + i, len - i, &id, &k)) {
            total += in->runs[id].len - in->runs[id].lead - in->runs[id].trail;
            i += k;
        } else {
            total++;
            i++;
        }
    }
    char *out = pith_alloc(ctx, total + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (run_at(in, text + i, len - i, &id, &k)) {
            const pith_text_run *r = &in->runs[id];
            size_t core = r->len - r->lead - r->trail;
            memcpy(out + o, in->texts + r->off + r->lead, core);
            o += core;
            i += k;
        } else {
            size_t j = i + 1;
            while (j < len && (unsigned char)text[j] < 0xF3)
                j++;
            memcpy(out + o, text + i, j - i);
            o += j - i;
            i = j;
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

static pith_status
build_index(pith_ctx *ctx, const pith_screened *in, pith_doc *doc)
{
    uint32_t cap = 0, n = 0, scap = 0, top = 0;
    pith_node *nodes = NULL;
    struct frame *st = NULL;
    vocab voc;
    vocab_init(&voc);
    const GumboNode *root = doc->gumbo->document;
    size_t n_gumbo = count_nodes(root);
    /* a tree too big to index is refused, never truncated */
    if (n_gumbo >= PITH_NONE || !pith_spend(ctx, n_gumbo / 16)) {
        if (ctx->error == PITH_OK)
            ctx->error = PITH_ERR_TOO_MANY_NODES;
        return ctx->error;
    }
    if (!grow(ctx, (void **)&nodes, &cap, sizeof *nodes, (uint32_t)n_gumbo) ||
        !grow(ctx, (void **)&st, &scap, sizeof *st, 1024))
        return ctx->error;
    memset(&nodes[0], 0, sizeof nodes[0]);
    nodes[0].g = root;
    nodes[0].parent = PITH_NONE;
    nodes[0].tag = GUMBO_TAG_UNKNOWN;
    nodes[0].type = GUMBO_NODE_DOCUMENT;
    n = 1;
    st[top++] = (struct frame){root, 0, 0};
    doc->html = doc->head = doc->body = PITH_NONE;
    while (top > 0) {
        struct frame *f = &st[top - 1];
        const GumboVector *kids = children_of(f->node);
        if (!kids || f->next >= kids->length) {
            nodes[f->index].end = n;
            top--;
            continue;
        }
        const GumboNode *child = kids->data[f->next++];
        if (!pith_spend(ctx, 1))
            return ctx->error;
        if (n == cap && !grow(ctx, (void **)&nodes, &cap, sizeof *nodes, 1024))
            return ctx->error;
        uint32_t parent = f->index;
        pith_node *c = &nodes[n];
        memset(c, 0, sizeof *c);
        c->g = child;
        c->parent = parent;
        c->depth = nodes[parent].depth + 1;
        c->type = (uint8_t)child->type;
        c->tag = GUMBO_TAG_UNKNOWN;
        c->in_link = nodes[parent].in_link;
        if (nodes[parent].tag == GUMBO_TAG_A && pith_attr(nodes[parent].g, "href"))
            c->in_link = 1;
        uint32_t idx = n++;
        switch (child->type) {
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
            c->tag = (uint16_t)child->v.element.tag;
            classify(&voc, child, c);
            if (c->tag == GUMBO_TAG_HTML && doc->html == PITH_NONE)
                doc->html = idx;
            else if (c->tag == GUMBO_TAG_HEAD && doc->head == PITH_NONE)
                doc->head = idx;
            else if (c->tag == GUMBO_TAG_BODY && doc->body == PITH_NONE)
                doc->body = idx;
            if (top == scap && !grow(ctx, (void **)&st, &scap, sizeof *st, 1024))
                return ctx->error;
            st[top++] = (struct frame){child, idx, 0};
            break;
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE: {
            size_t len = strlen(child->v.text.text);
            const char *text = child->v.text.text;
            if (child->type == GUMBO_NODE_TEXT &&
                !(text = pith_text_resolve(ctx, in, text, len, &len)))
                return ctx->error;
            c->text = text;
            c->text_len = (uint32_t)len;
            /* Text enters the model here, in NFC: after the parse, never in the markup
             * before it (U+0338 composes with '>', and would change the parse). Text all
             * below U+0300, which the count reads anyway, is NFC already. */
            if (child->type != GUMBO_NODE_WHITESPACE && count_text(c)) {
                const char *nfc = pith_nfc(ctx, text, len, &len);
                if (!nfc)
                    return ctx->error;
                if (nfc != text) {
                    c->text = nfc;
                    c->text_len = (uint32_t)len;
                    count_text(c);
                }
            }
            c->end = idx + 1;
            break;
        }
        default: /* comments: the screen removes them, but gumbo can still make some */
            c->end = idx + 1;
            break;
        }
    }
    pith_free(ctx, st);
    /* Subtree aggregates, children before parents: walk the array backwards. */
    for (uint32_t i = n; i-- > 1;) {
        pith_node *c = &nodes[i];
        if (c->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN)) {
            c->text_chars = c->link_chars = c->words = c->commas = c->sentences = 0;
            c->paragraphs = 0;
            continue;
        }
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA)
            c->link_chars = c->in_link ? c->text_chars : 0;
        if (c->tag == GUMBO_TAG_P)
            c->paragraphs++;
        pith_node *p = &nodes[c->parent];
        p->text_chars += c->text_chars;
        p->link_chars += c->link_chars;
        p->words += c->words;
        p->commas += c->commas;
        p->sentences += c->sentences;
        p->paragraphs += c->paragraphs;
    }
    doc->nodes = nodes;
    doc->n_nodes = n;
    return PITH_OK;
}

pith_status
pith_parse(pith_ctx *ctx, const pith_screened *in, pith_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    doc->screened = in;
    GumboOptions go = kGumboDefaultOptions;
    go.allocator = pith_gumbo_alloc;
    go.deallocator = pith_gumbo_free;
    go.userdata = ctx;
    /* by default gumbo copies the open-element stack into every parse error */
    go.max_errors = 0;
    jmp_buf bail;
    ctx->bail = &bail;
    if (setjmp(bail)) {
        ctx->bail = NULL;
        return ctx->error != PITH_OK ? ctx->error : PITH_ERR_MEMORY_LIMIT;
    }
    GumboOutput *out = gumbo_parse_with_options(&go, in->html, in->len);
    ctx->bail = NULL;
    /* the tree is never destroyed by gumbo: the arena goes away whole */
    doc->gumbo = out;
    return build_index(ctx, in, doc);
}

static int
is_block_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_BR: case GUMBO_TAG_HR: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_FIGURE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_FORM:
        return 1;
    default:
        return 0;
    }
}

char *
pith_node_text(pith_ctx *ctx, const pith_doc *doc, uint32_t i, size_t *len)
{
    pith_buf b;
    pith_buf_init(&b, ctx);
    pith_buf_append(&b, "", 0);
    uint32_t end = doc->nodes[i].end;
    uint32_t j = i;
    while (j < end) {
        const pith_node *n = &doc->nodes[j];
        if (j != i && (n->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN))) {
            j = n->end;
            continue;
        }
        if (n->text)
            pith_buf_append(&b, n->text, n->text_len);
        else if (n->type == GUMBO_NODE_ELEMENT && is_block_tag(n->tag))
            pith_buf_putc(&b, ' ');
        j++;
    }
    if (b.failed) {
        if (len)
            *len = 0;
        return NULL;
    }
    char *out = pith_collapse_ws(ctx, b.data, b.len, len);
    pith_free(ctx, b.data);
    return out;
}
