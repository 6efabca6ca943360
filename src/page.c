/* SPDX-License-Identifier: MIT */
/*
 * The page as the metadata stages read it (jsonld.c, title.c, byline.c, metadata.c): one
 * walk over the flat index collects the <meta> tags, the <title>, the visible headings, the
 * canonical and licence links and the <html> language; and the text helpers with which
 * those stages clean and compare candidates. This file calls none of them.
 */
#include <string.h>

#include "internal.h"

/* Pages with thousands of <meta> tags exist (tag clouds as metas); lookups are linear. */
#define MAX_METAS 1024

/* ---------------------------------------------------------------- text helpers */

/* Collapsed, trimmed arena copy, in NFC unless it is a URL (a URL stays as the page wrote
 * it); NULL when empty (or out of memory: ctx->error says). Every metadata string is taken
 * through here. */
char *
pith_tidy_n(pith_ctx *ctx, const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = 0;
    char *r = pith_collapse_ws(ctx, s, n, &len);
    if (!r || len == 0)
        return NULL;
    size_t nfc_len;
    const char *nfc = pith_nfc(ctx, r, len, &nfc_len);
    if (nfc != r && (!nfc || !pith_is_url_like(r))) {
        pith_free(ctx, r);
        r = (char *)(uintptr_t)nfc; /* a new arena string, or NULL */
    }
    return r;
}

char *
pith_tidy(pith_ctx *ctx, const char *s)
{
    return s ? pith_tidy_n(ctx, s, strlen(s)) : NULL;
}

/* The next whitespace-separated token of *s, its length in *len (0 at the end); *s moves
 * past it. */
static const char *
next_token(const char **s, size_t *len)
{
    const char *p = *s;
    while (*p && pith_is_html_space((unsigned char)*p))
        p++;
    const char *start = p;
    while (*p && !pith_is_html_space((unsigned char)*p))
        p++;
    *s = p;
    *len = (size_t)(p - start);
    return start;
}

/* Whether the whitespace-separated list attr holds token (case-insensitive). */
int
pith_has_token(const char *attr, const char *token)
{
    if (!attr)
        return 0;
    size_t k = strlen(token), len;
    const char *p = attr;
    while (*p) {
        const char *start = next_token(&p, &len);
        if (len == k && pith_ascii_casecmp_n(start, token, k) == 0)
            return 1;
    }
    return 0;
}

/* pith_is_word_cp for ASCII, without the call: fold and pith_fold_words see every byte. */
static int
is_ascii_word(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z') || c == '_';
}

/* Folded form for comparing candidates: word characters only, ASCII lowercased, so that
 * "Foo’s bar!" and "foo's  bar" compare equal. */
char *
pith_fold(pith_ctx *ctx, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = pith_alloc(ctx, n + 1);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (is_ascii_word(c))
                out[o++] = (char)pith_ascii_lower(c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = pith_utf8_next(s + i, n - i, &cp);
        if (pith_is_word_cp(cp)) {
            memcpy(out + o, s + i, k);
            o += k;
        }
        i += k;
    }
    out[o] = '\0';
    return out;
}

int
pith_fold_eq(const char *a, const char *b)
{
    return a && b && a[0] && strcmp(a, b) == 0;
}

/* Word-folded form: runs of word characters, ASCII-lowercased, each followed by one space and
 * the whole preceded by one, so that a substring search respects word boundaries. */
char *
pith_fold_words(pith_ctx *ctx, const char *s, size_t *words)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = pith_alloc(ctx, 2 * n + 2);
    if (!out)
        return NULL;
    size_t o = 0, i = 0, w = 0;
    int in_word = 0;
    out[o++] = ' ';
    while (i < n) {
        uint32_t cp;
        unsigned char c = (unsigned char)s[i];
        size_t k = 1;
        if (c < 0x80)
            cp = c;
        else
            k = pith_utf8_next(s + i, n - i, &cp);
        /* an apostrophe inside a word ("Sir Ed's") does not split it */
        int apos = (cp == '\'' || cp == 0x2019) && in_word && i + k < n;
        if (c < 0x80 ? is_ascii_word(c) : pith_is_word_cp(cp)) {
            if (k == 1)
                out[o++] = (char)pith_ascii_lower((unsigned char)s[i]);
            else {
                memcpy(out + o, s + i, k);
                o += k;
            }
            in_word = 1;
        } else if (in_word && !apos) {
            out[o++] = ' ';
            in_word = 0;
            w++;
        }
        i += k;
    }
    if (in_word) {
        out[o++] = ' ';
        w++;
    }
    out[o] = '\0';
    if (words)
        *words = w;
    return out;
}

void
pith_add_string(pith_ctx *ctx, char ***arr, size_t *n, size_t max, char *s)
{
    if (!s || *n >= max)
        return;
    if (*n == 0 || (*n & (*n - 1)) == 0) {
        size_t cap = *n ? *n * 2 : 4;
        char **na = pith_realloc(ctx, *arr, cap * sizeof *na);
        if (!na)
            return;
        *arr = na;
    }
    (*arr)[(*n)++] = s;
}

/* author: "Name", {"name": ...}, {"@id": ref}, arrays of these, nested. */

/* A profile link given as the author ("https://site/people/jane"); "Jane Roe
 * (https://jane.example)" is a name with her address. */
int
pith_is_url_like(const char *s)
{
    const char *c = strstr(s, "://");
    int scheme = c != NULL;
    for (const char *k = s; c && k < c && scheme; k++)
        scheme = (*k | 32) >= 'a' && (*k | 32) <= 'z';
    return scheme || strncmp(s, "www.", 4) == 0 || s[0] == '/';
}

/* ---------------------------------------------------------------- the page's <meta> tags */

static void
add_meta(pith_page *p, const char *key, size_t klen, const char *val)
{
    if (p->n_metas >= MAX_METAS || klen == 0)
        return;
    if (!p->metas) {
        p->metas = pith_alloc(p->ctx, MAX_METAS * sizeof *p->metas);
        if (!p->metas)
            return;
    }
    char *k = pith_strndup(p->ctx, key, klen);
    if (!k)
        return;
    for (size_t i = 0; i < klen; i++)
        k[i] = (char)pith_ascii_lower((unsigned char)k[i]);
    p->metas[p->n_metas].key = k;
    p->metas[p->n_metas].val = val;
    p->n_metas++;
}

/* Keys may list several properties ("og:title dc:title"). */
static void
add_meta_keys(pith_page *p, const char *keys, const char *val)
{
    const char *s = keys;
    size_t len;
    while (*s) {
        const char *start = next_token(&s, &len);
        add_meta(p, start, len, val);
    }
}

/* The first non-empty content for key, cleaned; NULL if none. */
char *
pith_page_meta(pith_page *p, const char *key)
{
    for (size_t i = 0; i < p->n_metas; i++)
        if (strcmp(p->metas[i].key, key) == 0) {
            char *v = pith_tidy(p->ctx, p->metas[i].val);
            if (v)
                return v;
        }
    return NULL;
}

/* Words that a site's name adds to the name in its host ("Blogger News Network" of
 * bloggernews.net, "MTV News" of mtv.com, "The Star Online"): folded, longest first where
 * one begins another, so that a greedy reading takes the whole word. */
static const char *const site_name_words[] = {
    "the", "news", "network", "online", "daily", "weekly", "magazine", "media", "group",
    "tv", "radio", "blog", "com", "net", "org", "co", "uk", "web", "channel", "digital",
    "sports", "sport", "interactive", "newspaper", "com", NULL};

/* Whether folded names the host whose name is label: "the" perhaps, the label, then only
 * site_name_words. A label of fewer letters ("tv") names nothing for certain. */
int
pith_is_host_name(const char *label, const char *folded)
{
    size_t ll = label ? strlen(label) : 0;
    if (ll < PITH_HOST_LABEL_MIN_CHARS || !folded)
        return 0;
    if (strncmp(folded, "the", 3) == 0 && strncmp(folded + 3, label, ll) == 0)
        folded += 3;
    if (strncmp(folded, label, ll) != 0)
        return 0;
    for (const char *r = folded + ll; *r;) {
        size_t best = 0;
        for (size_t k = 0; site_name_words[k]; k++) {
            size_t n = strlen(site_name_words[k]);
            if (n > best && strncmp(r, site_name_words[k], n) == 0)
                best = n;
        }
        if (best == 0)
            return 0;
        r += best;
    }
    return 1;
}

/* The run of whole words of wf (word-folded: " a b c ") that spell label when run together
 * ("times and star" spells "timesandstar"): its first byte and one past its last word in
 * *from and *to; 0 when there is none. */
int
pith_words_spell(const char *wf, const char *label, const char **from, const char **to)
{
    size_t ll = label ? strlen(label) : 0;
    if (!wf || ll < PITH_HOST_LABEL_MIN_CHARS)
        return 0;
    for (const char *s = wf; *s; s++) {
        if (*s != ' ' || !s[1])
            continue;
        const char *w = s + 1;
        size_t got = 0;
        while (*w && got < ll) {
            const char *e = strchr(w, ' ');
            if (!e)
                break;
            size_t n = (size_t)(e - w);
            if (got + n > ll || strncmp(label + got, w, n) != 0)
                break;
            got += n;
            w = e + 1;
        }
        if (got == ll) {
            *from = s + 1;
            *to = w;
            return 1;
        }
    }
    return 0;
}

int
pith_page_is_site(const pith_page *p, const char *folded)
{
    if (!folded || !folded[0])
        return 0;
    for (size_t i = 0; i < p->n_site; i++)
        if (strcmp(p->site_fold[i], folded) == 0)
            return 1;
    return pith_is_host_name(p->host_label, folded);
}

void
pith_page_add_site(pith_page *p, const char *s)
{
    if (!s || p->n_site >= sizeof p->site_fold / sizeof p->site_fold[0])
        return;
    char *f = pith_fold(p->ctx, s);
    if (f && f[0])
        p->site_fold[p->n_site++] = f;
}

/* ---------------------------------------------------------------- walking the document */

/* Text of the subtree, collapsed; NULL when empty or longer than max bytes. */
char *
pith_node_text_upto(pith_ctx *ctx, const pith_doc *doc, uint32_t i, size_t max)
{
    /* text_chars counts non-space characters; bytes can be 4x that */
    if (max && doc->nodes[i].text_chars > max)
        return NULL;
    size_t len = 0;
    char *t = pith_node_text(ctx, doc, i, &len);
    if (!t || len == 0 || (max && len > max * 4))
        return NULL;
    return t;
}

int
pith_inside_tag(const pith_doc *doc, uint32_t i, uint16_t tag, int steps)
{
    for (uint32_t p = doc->nodes[i].parent; p != PITH_NONE && steps-- > 0; p = doc->nodes[p].parent)
        if (doc->nodes[p].tag == tag)
            return 1;
    return 0;
}

/* The next visible text node from *i on (skipping hidden and never-text subtrees, whose end
 * *hid tracks), advancing *i past it; PITH_NONE at the end of the document. */
uint32_t
pith_next_visible_text(const pith_doc *doc, uint32_t *i, uint32_t *hid)
{
    for (; *i < doc->n_nodes; (*i)++) {
        const pith_node *nd = &doc->nodes[*i];
        if (pith_is_element(doc, *i)) {
            if (nd->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG) && nd->end > *hid)
                *hid = nd->end;
            continue;
        }
        if (nd->type != GUMBO_NODE_TEXT || *i < *hid || !nd->text)
            continue;
        return (*i)++;
    }
    return PITH_NONE;
}

void
pith_near_texts_start(pith_near_texts *it, const pith_doc *doc, uint32_t after)
{
    it->i = doc->nodes[after].end;
    it->hid = 0;
    it->seen = 0;
}

char *
pith_near_texts_next(pith_ctx *ctx, const pith_doc *doc, pith_near_texts *it, uint32_t *node)
{
    uint32_t k;
    while (it->seen < PITH_NEAR_AFTER &&
           (k = pith_next_visible_text(doc, &it->i, &it->hid)) != PITH_NONE) {
        const pith_node *nd = &doc->nodes[k];
        char *t = pith_tidy_n(ctx, nd->text, nd->text_len);
        if (!t)
            continue;
        it->seen++;
        *node = k;
        return t;
    }
    return NULL;
}

static void
add_heading(pith_page *p, uint32_t i, uint32_t *idx, char **texts, size_t *n)
{
    if (*n >= PITH_MAX_HEADINGS)
        return;
    char *t = pith_node_text_upto(p->ctx, p->doc, i, 400);
    if (!t)
        return;
    idx[*n] = i;
    texts[*n] = t;
    (*n)++;
}

/* Each step of the page walk is cheap; the few text extractions are charged by parse.c. */
void
pith_page_walk(pith_page *p)
{
    const pith_doc *doc = p->doc;
    pith_ctx *ctx = p->ctx;
    uint32_t hidden_end = 0, nav_end = 0;
    if (doc->html != PITH_NONE && doc->html < doc->n_nodes)
        p->html_lang = pith_elem_attr(doc, doc->html, "lang");
    if (!p->html_lang && doc->html != PITH_NONE && doc->html < doc->n_nodes)
        p->html_lang = pith_elem_attr(doc, doc->html, "xml:lang");
    for (uint32_t i = 0; i < doc->n_nodes; i++) {
        if (!pith_spend(ctx, 1))
            return;
        const pith_node *n = &doc->nodes[i];
        if (!pith_is_element(doc, i))
            continue;
        if (n->hints & PITH_HINT_HIDDEN && n->end > hidden_end)
            hidden_end = n->end;
        if (n->hints & PITH_HINT_NAV && n->end > nav_end)
            nav_end = n->end;
        int hidden = i < hidden_end;
        switch (n->tag) {
        case GUMBO_TAG_META: {
            const char *content = pith_elem_attr(doc, i, "content");
            if (!content)
                break;
            const char *k;
            if ((k = pith_elem_attr(doc, i, "property")))
                add_meta_keys(p, k, content);
            if ((k = pith_elem_attr(doc, i, "name")))
                add_meta_keys(p, k, content);
            if ((k = pith_elem_attr(doc, i, "itemprop")))
                add_meta_keys(p, k, content);
            if ((k = pith_elem_attr(doc, i, "http-equiv")))
                add_meta_keys(p, k, content);
            break;
        }
        case GUMBO_TAG_TITLE:
            if (!p->title_tag && !pith_inside_tag(doc, i, GUMBO_TAG_SVG, 64))
                p->title_tag = pith_node_text_upto(ctx, doc, i, 2000);
            break;
        case GUMBO_TAG_LINK: {
            const char *rel = pith_elem_attr(doc, i, "rel"), *href = pith_elem_attr(doc, i, "href");
            if (!href)
                break;
            if (!p->canonical && pith_has_token(rel, "canonical"))
                p->canonical = pith_tidy(ctx, href);
            if (!p->license_link && pith_has_token(rel, "license"))
                p->license_link = pith_tidy(ctx, href);
            break;
        }
        case GUMBO_TAG_A: {
            const char *rel = pith_elem_attr(doc, i, "rel"), *href = pith_elem_attr(doc, i, "href");
            if (!href)
                break;
            if (!p->license_link && pith_has_token(rel, "license"))
                p->license_link = pith_tidy(ctx, href);
            if (!p->license_cc && (strstr(href, "creativecommons.org/licenses") ||
                                   strstr(href, "creativecommons.org/publicdomain")))
                p->license_cc = pith_tidy(ctx, href);
            break;
        }
        case GUMBO_TAG_H1:
            if (!hidden && i >= nav_end)
                add_heading(p, i, p->h1, p->h1_text, &p->n_h1);
            break;
        case GUMBO_TAG_H2:
            if (!hidden && i >= nav_end)
                add_heading(p, i, p->h2, p->h2_text, &p->n_h2);
            break;
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
            if (!hidden && i >= nav_end)
                add_heading(p, i, p->h3, p->h3_text, &p->n_h3);
            break;
        default:
            if ((n->hints & PITH_HINT_TITLE) && !hidden && i >= nav_end &&
                n->parent != PITH_NONE && !(n->hints & PITH_HINT_META_AREA) &&
                !pith_inside_tag(doc, i, GUMBO_TAG_HEAD, 64))
                add_heading(p, i, p->htitle, p->htitle_text, &p->n_htitle);
            break;
        }
    }
}
