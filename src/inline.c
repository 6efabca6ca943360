/* SPDX-License-Identifier: MIT */
/*
 * Inline structure: what a reader sees inside a block besides its words. clean.c gathers a
 * block's text into a raw buffer and calls the hooks here as elements open and close, at a
 * <br> and when the block is finished; this file gathers, beside the text:
 *  - spans (pith_inline): links with their targets resolved, strong, emphasis, code, sub,
 *    sup, as raw-buffer offsets mapped onto the block's collapsed text when it is finished;
 *  - line breaks: a block that a single <br> began continues the one before (poems,
 *    addresses); two <br>s in a row are a paragraph break, as readability reads them;
 *  - images, with the real source of a lazy image, alt text and the caption of their
 *    figure; spacers, lazy-load placeholders and tracking pixels left out.
 * None of it changes a block's text or whether a block is kept.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* An image this many pixels wide or high, or less, is a spacer or a tracking pixel. */
#define PIXEL_MAX_SIDE 2
/* A data: source shorter than this is a lazy loader's placeholder (a transparent GIF or PNG
 * is under 100 bytes of base64); a real picture inlined as data: is kilobytes. */
#define DATA_PLACEHOLDER_MAX_BYTES 256u
/* How far up from an image its figure (or captioned box) may be, and how many nodes of it
 * are searched for the caption: a figure wraps its image in a link or a <picture> at most. */
#define FIGURE_MAX_LEVELS 4u
#define FIGURE_MAX_NODES 256u
/* Schemes longer than this are none of the allowed ones. */
#define SCHEME_MAX_BYTES 16u

int
pith_array_grow(pith_ctx *ctx, void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 1;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < need)
        ncap *= 2;
    void *q = pith_realloc(ctx, *p, ncap * elem);
    if (!q)
        return 0;
    *p = q;
    *cap = ncap;
    return 1;
}

/* ---- URLs ---- */

static int
is_scheme_char(unsigned char c)
{
    return pith_is_ascii_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

/* Browsers drop tabs and newlines anywhere in a URL and C0 controls and spaces around it
 * before they read its scheme: "java\tscript:" is javascript:. */
static int
url_ignored(unsigned char c)
{
    return c == '\t' || c == '\n' || c == '\r';
}

int
pith_url_safe(const char *url, int image)
{
    if (!url)
        return 0;
    const unsigned char *u = (const unsigned char *)url;
    while (*u && *u <= 0x20)
        u++;
    char scheme[SCHEME_MAX_BYTES + 1];
    size_t n = 0;
    for (; *u; u++) {
        if (url_ignored(*u))
            continue;
        if (*u == ':')
            break;
        if (!(n == 0 ? pith_is_ascii_alpha(*u) : is_scheme_char(*u)))
            return 1; /* no scheme: a relative reference */
        if (n == SCHEME_MAX_BYTES)
            return 0;
        scheme[n++] = (char)pith_ascii_lower(*u);
    }
    if (!*u)
        return 1;
    if (n == 0)
        return 1; /* ":x" has no scheme: a relative path */
    scheme[n] = '\0';
    if (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0)
        return 1;
    if (image) {
        if (strcmp(scheme, "data") != 0)
            return 0;
        /* data:image/... only, read as the browser reads it: tabs and newlines dropped */
        static const char want[] = "image/";
        size_t k = 0;
        for (u++; *u && k < sizeof want - 1; u++) {
            if (url_ignored(*u))
                continue;
            if (pith_ascii_lower(*u) != (unsigned char)want[k])
                return 0;
            k++;
        }
        return k == sizeof want - 1;
    }
    return strcmp(scheme, "mailto") == 0 || strcmp(scheme, "ftp") == 0 ||
           strcmp(scheme, "tel") == 0;
}

/* The parts of an absolute hierarchical URL: scheme "://" authority, then path, query. */
typedef struct url_parts {
    const char *s;
    size_t scheme_end; /* index of ':' */
    size_t auth_end;   /* end of the authority: where the path begins */
    size_t path_end;   /* where '?' or '#' begins */
    size_t query_end;  /* where '#' begins */
    size_t len;
} url_parts;

static int
split_base(const char *s, url_parts *p)
{
    size_t n = strlen(s), i = 0;
    while (i < n && is_scheme_char((unsigned char)s[i]))
        i++;
    if (i == 0 || i + 2 >= n || s[i] != ':' || s[i + 1] != '/' || s[i + 2] != '/')
        return 0;
    if (!((i == 4 && pith_ascii_casecmp_n(s, "http", 4) == 0) ||
          (i == 5 && pith_ascii_casecmp_n(s, "https", 5) == 0)))
        return 0;
    p->s = s;
    p->len = n;
    p->scheme_end = i;
    size_t a = i + 3;
    while (a < n && s[a] != '/' && s[a] != '?' && s[a] != '#')
        a++;
    p->auth_end = a;
    size_t q = a;
    while (q < n && s[q] != '?' && s[q] != '#')
        q++;
    p->path_end = q;
    size_t f = q;
    while (f < n && s[f] != '#')
        f++;
    p->query_end = f;
    return 1;
}

/* Appends path[0..n) with its "." and ".." segments removed (RFC 3986, 5.2.4). */
static void
put_path(pith_buf *b, const char *path, size_t n)
{
    size_t floor = b->len, i = 0;
    while (i < n) {
        size_t rest = n - i;
        const char *p = path + i;
        if (rest >= 3 && memcmp(p, "../", 3) == 0) {
            i += 3;
        } else if (rest >= 2 && memcmp(p, "./", 2) == 0) {
            i += 2;
        } else if (rest >= 3 && memcmp(p, "/./", 3) == 0) {
            i += 2;
        } else if (rest == 2 && memcmp(p, "/.", 2) == 0) {
            pith_buf_putc(b, '/');
            i = n;
        } else if ((rest >= 4 && memcmp(p, "/../", 4) == 0) ||
                   (rest == 3 && memcmp(p, "/..", 3) == 0)) {
            while (b->len > floor && b->data[b->len - 1] != '/')
                b->len--;
            if (b->len > floor)
                b->len--;
            if (b->data)
                b->data[b->len] = '\0';
            if (rest == 3) {
                pith_buf_putc(b, '/');
                i = n;
            } else {
                i += 3;
            }
        } else if ((rest == 1 && p[0] == '.') || (rest == 2 && memcmp(p, "..", 2) == 0)) {
            i = n;
        } else {
            size_t k = p[0] == '/' ? 1 : 0;
            while (k < rest && p[k] != '/')
                k++;
            pith_buf_append(b, p, k);
            i += k;
        }
    }
}

char *
pith_url_resolve(pith_ctx *ctx, const char *base, const char *ref, int image)
{
    if (!ref)
        return NULL;
    /* what a browser does first: C0 controls and spaces around it, tabs and newlines in it */
    size_t n = strlen(ref), a = 0;
    while (a < n && (unsigned char)ref[a] <= 0x20)
        a++;
    while (n > a && (unsigned char)ref[n - 1] <= 0x20)
        n--;
    pith_buf r;
    pith_buf_init(&r, ctx);
    for (size_t i = a; i < n; i++)
        if (!url_ignored((unsigned char)ref[i]))
            pith_buf_putc(&r, ref[i]);
    if (r.failed || r.len == 0 || (r.len == 1 && r.data[0] == '#'))
        return NULL; /* the page itself, or a link for a script to catch */
    const char *s = r.data;
    size_t len = r.len, k = 0;
    while (k < len && is_scheme_char((unsigned char)s[k]))
        k++;
    int has_scheme = k > 0 && k < len && s[k] == ':' && pith_is_ascii_alpha((unsigned char)s[0]);
    url_parts bp;
    if (has_scheme || !base || !split_base(base, &bp))
        return pith_url_safe(s, image) ? r.data : NULL;
    pith_buf out;
    pith_buf_init(&out, ctx);
    if (len >= 2 && s[0] == '/' && s[1] == '/') {
        pith_buf_append(&out, base, bp.scheme_end + 1);
        pith_buf_append(&out, s, len);
    } else {
        pith_buf_append(&out, base, bp.auth_end);
        size_t pe = 0;
        while (pe < len && s[pe] != '?' && s[pe] != '#')
            pe++;
        if (pe == 0) {
            /* "?q" keeps the base's path, "#f" its query too */
            pith_buf_append(&out, base + bp.auth_end,
                            (s[0] == '#' ? bp.query_end : bp.path_end) - bp.auth_end);
        } else if (s[0] == '/') {
            put_path(&out, s, pe);
        } else {
            /* merge: the base's directory, then the reference */
            size_t dir = bp.path_end;
            while (dir > bp.auth_end && base[dir - 1] != '/')
                dir--;
            pith_buf merged;
            pith_buf_init(&merged, ctx);
            if (dir == bp.auth_end)
                pith_buf_putc(&merged, '/');
            else
                pith_buf_append(&merged, base + bp.auth_end, dir - bp.auth_end);
            pith_buf_append(&merged, s, pe);
            if (merged.data)
                put_path(&out, merged.data, merged.len);
            pith_free(ctx, merged.data);
        }
        pith_buf_append(&out, s + pe, len - pe);
    }
    pith_free(ctx, r.data);
    if (out.failed || !out.data)
        return NULL;
    return pith_url_safe(out.data, image) ? out.data : NULL;
}

/* ---- attribute values ---- */

/* The first value the screen set aside for the tag at offset at (n_shown when none). */
static size_t
shown_first(const pith_screened *scr, size_t at)
{
    size_t lo = 0, hi = scr->n_shown;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (scr->shown[mid].tag < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* An attribute's value: as gumbo has it, or as the screen set it aside (value_aside in
 * screen.c), found by where the element's tag starts in the screened HTML, which gumbo keeps
 * in start_pos (the HTML itself is gone by now). A clone of a formatting element (an <a>
 * gumbo reopens in the next paragraph) keeps its original's position. NULL when absent. */
static const char *
attr_value(pith_inliner *in, uint32_t node, const char *name)
{
    const GumboNode *g = in->doc->nodes[node].g;
    const char *v = pith_attr(g, name);
    const pith_screened *scr = in->doc->screened;
    uint16_t t = in->doc->nodes[node].tag;
    /* elements gumbo makes itself (html, body, tbody) share the position of the tag they
     * were made for: only these have values set aside */
    if ((v && *v) || !scr || scr->n_shown == 0 ||
        (t != GUMBO_TAG_A && t != GUMBO_TAG_IMG && t != GUMBO_TAG_SOURCE))
        return v;
    size_t at = g->v.element.start_pos.offset;
    for (size_t k = shown_first(scr, at); k < scr->n_shown && scr->shown[k].tag == at; k++)
        if (strcmp(scr->shown[k].name, name) == 0)
            return scr->texts + scr->shown[k].off;
    return v;
}

/* The page's base for relative targets: its first <base href>, resolved against the URL the
 * caller gave, or that URL. Looked up once, at the first link or image. */
static const char *
base_url(pith_inliner *in)
{
    if (in->base_known)
        return in->base;
    in->base_known = 1;
    const char *page = in->ctx->opts->url;
    url_parts p;
    if (page && !split_base(page, &p))
        page = NULL;
    in->base = page;
    const pith_doc *doc = in->doc;
    /* pages put <base> in the head, where the HTML standard wants it */
    if (doc->head == PITH_NONE)
        return in->base;
    for (uint32_t i = doc->head + 1; i < doc->nodes[doc->head].end; i++) {
        if (!pith_spend(in->ctx, 1))
            return in->base;
        if (doc->nodes[i].tag != GUMBO_TAG_BASE || doc->nodes[i].type != GUMBO_NODE_ELEMENT)
            continue;
        const char *href = attr_value(in, i, "href");
        if (!href)
            continue;
        char *b = pith_url_resolve(in->ctx, page, href, 0);
        if (b && split_base(b, &p))
            in->base = b;
        break;
    }
    return in->base;
}

/* ---- images ---- */

/* The leading number of a width or height attribute, -1 when there is none. */
static long
pixels(const char *v)
{
    if (!v)
        return -1;
    while (pith_is_html_space((unsigned char)*v))
        v++;
    if (*v < '0' || *v > '9')
        return -1;
    long x = 0;
    for (; *v >= '0' && *v <= '9' && x < 100000; v++)
        x = x * 10 + (*v - '0');
    return x;
}

/* Sources that are no picture: spacers, lazy loaders' placeholders, tracking pixels. */
static const char *const non_picture_words[] = {
    "spacer", "blank.gif", "blank.png", "pixel.gif", "pixel.png", "transparent.gif",
    "transparent.png", "clear.gif", "1x1.", "placeholder", "lazyload", "loading.gif",
    "/pixel?", "/pixel/", "/beacon", "/b/ss/", "facebook.com/tr", "doubleclick.net",
    "google-analytics.com", "scorecardresearch.com", "quantserve.com", NULL};

/* Bytes of a source searched for those words: a spacer's or a tracker's name is in its
 * host or file name, well within this. */
#define NON_PICTURE_SCAN_BYTES 512u

static int
is_non_picture(const char *src)
{
    size_t n = strlen(src);
    if (n >= 5 && pith_ascii_casecmp_n(src, "data:", 5) == 0)
        return n < DATA_PLACEHOLDER_MAX_BYTES;
    /* lowercased once, then each word found by strstr */
    char low[NON_PICTURE_SCAN_BYTES + 1];
    size_t k = n < NON_PICTURE_SCAN_BYTES ? n : NON_PICTURE_SCAN_BYTES;
    for (size_t i = 0; i < k; i++)
        low[i] = (char)pith_ascii_lower((unsigned char)src[i]);
    low[k] = '\0';
    for (const char *const *w = non_picture_words; *w; w++)
        if (strstr(low, *w))
            return 1;
    return 0;
}

/* The widest candidate of a srcset ("a.jpg 800w, b.jpg 1600w"; "a.jpg 1x, b.jpg 2x"), or
 * the first; a new arena string, NULL when none. */
static char *
srcset_pick(pith_ctx *ctx, const char *set)
{
    const char *best = NULL;
    size_t best_len = 0;
    double best_size = -1;
    const char *p = set;
    while (*p) {
        while (*p && (pith_is_html_space((unsigned char)*p) || *p == ','))
            p++;
        if (!*p)
            break;
        const char *u = p;
        while (*p && !pith_is_html_space((unsigned char)*p))
            p++;
        size_t ulen = (size_t)(p - u);
        int ended = 0;
        while (ulen > 0 && u[ulen - 1] == ',') {
            ulen--;
            ended = 1;
        }
        double size = 0;
        if (!ended) {
            while (*p && pith_is_html_space((unsigned char)*p))
                p++;
            const char *d = p;
            while (*p && *p != ',')
                p++;
            double v = 0;
            int digits = 0;
            for (const char *q = d; q < p && *q >= '0' && *q <= '9'; q++, digits++)
                v = v * 10 + (*q - '0');
            const char *unit = d + digits;
            if (digits && unit < p && (*unit == 'w' || *unit == 'x'))
                size = *unit == 'w' ? v : v * 1000; /* 2x beats any width a page lists 1x at */
        }
        if (ulen > 0 && size > best_size) {
            best = u;
            best_len = ulen;
            best_size = size;
        }
    }
    return best ? pith_strndup(ctx, best, best_len) : NULL;
}

/* Gumbo 0.10 predates <picture>: it is an element of unknown tag, which the screen marks
 * (its HTML, where the tag's name is, is gone by now). */
static int
is_picture(pith_inliner *in, uint32_t node)
{
    const pith_node *n = &in->doc->nodes[node];
    const pith_screened *scr = in->doc->screened;
    if (n->type != GUMBO_NODE_ELEMENT || n->tag != GUMBO_TAG_UNKNOWN || !scr)
        return 0;
    size_t at = n->g->v.element.start_pos.offset;
    size_t k = shown_first(scr, at);
    return k < scr->n_shown && scr->shown[k].tag == at &&
           strcmp(scr->shown[k].name, "picture") == 0;
}

/* The image's real source, unresolved: a lazy loader's data-* over a placeholder src, the
 * widest srcset candidate, or a <picture>'s first <source>. */
static const char *
image_source(pith_inliner *in, uint32_t node)
{
    static const char *const lazy[] = {"data-src", "data-lazy-src", "data-original", NULL};
    for (const char *const *w = lazy; *w; w++) {
        const char *v = attr_value(in, node, *w);
        if (v && *v && !is_non_picture(v))
            return v;
    }
    const char *src = attr_value(in, node, "src");
    if (src && *src && !is_non_picture(src))
        return src;
    static const char *const sets[] = {"srcset", "data-srcset", NULL};
    for (const char *const *w = sets; *w; w++) {
        const char *v = attr_value(in, node, *w);
        char *pick = v ? srcset_pick(in->ctx, v) : NULL;
        if (pick && !is_non_picture(pick))
            return pick;
    }
    const pith_doc *doc = in->doc;
    uint32_t parent = doc->nodes[node].parent;
    if (parent == PITH_NONE || !is_picture(in, parent))
        return NULL;
    for (uint32_t k = parent + 1; k < node; k = doc->nodes[k].end) {
        if (doc->nodes[k].tag != GUMBO_TAG_SOURCE)
            continue;
        for (const char *const *w = sets; *w; w++) {
            const char *v = attr_value(in, k, *w);
            char *pick = v ? srcset_pick(in->ctx, v) : NULL;
            if (pick && !is_non_picture(pick))
                return pick;
        }
    }
    return NULL;
}

/* The caption of the figure (or captioned box) around the image, NULL when none. */
static char *
image_caption(pith_inliner *in, uint32_t node)
{
    const pith_doc *doc = in->doc;
    uint32_t a = doc->nodes[node].parent;
    for (unsigned up = 0; up < FIGURE_MAX_LEVELS && a != PITH_NONE; up++, a = doc->nodes[a].parent) {
        const pith_node *f = &doc->nodes[a];
        if (f->tag != GUMBO_TAG_FIGURE && !(f->hints & PITH_HINT_CAPTION))
            continue;
        uint32_t end = f->end;
        if (end - a > FIGURE_MAX_NODES)
            end = a + FIGURE_MAX_NODES;
        for (uint32_t k = a + 1; k < end; k++) {
            const pith_node *c = &doc->nodes[k];
            if (c->type != GUMBO_NODE_ELEMENT || k == node)
                continue;
            if (c->tag == GUMBO_TAG_FIGCAPTION ||
                ((c->hints & PITH_HINT_CAPTION) && !(k < node && node < c->end))) {
                char *t = pith_node_text_upto(in->ctx, doc, k, 0);
                if (t)
                    return t;
            }
        }
        return NULL;
    }
    return NULL;
}

/* Whether s[0..n) is blank as pith_collapse_ws sees ASCII (\v included), which a block's
 * text goes through. */
static int
only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (s[i] < 0x09 || s[i] > 0x0D))
            return 0;
    return 1;
}

static void
place_image(pith_inliner *in, pith_placed_image **list, size_t *n, size_t *cap,
            const pith_block *img)
{
    if (!pith_array_grow(in->ctx, (void **)list, cap, *n + 1, sizeof **list))
        return;
    (*list)[*n].at = in->out->n;
    (*list)[*n].block = *img;
    (*n)++;
}

static void
image(pith_inliner *in, uint32_t node, const pith_buf *text)
{
    long w = pixels(attr_value(in, node, "width"));
    long h = pixels(attr_value(in, node, "height"));
    if ((w >= 0 && w <= PIXEL_MAX_SIDE && h <= PIXEL_MAX_SIDE) ||
        (h >= 0 && h <= PIXEL_MAX_SIDE && w <= PIXEL_MAX_SIDE))
        return;
    const char *raw = image_source(in, node);
    char *src = raw ? pith_url_resolve(in->ctx, base_url(in), raw, 1) : NULL;
    if (!src || (in->last_src && strcmp(src, in->last_src) == 0))
        return;
    in->last_src = src;
    pith_block img;
    memset(&img, 0, sizeof img);
    img.type = PITH_BLOCK_IMAGE;
    img.text = "";
    img.src = src;
    const char *alt = attr_value(in, node, "alt");
    img.alt = alt ? pith_tidy(in->ctx, alt) : NULL;
    img.caption = image_caption(in, node);
    /* before the block being gathered when no text has come yet, else after it */
    if (text->len == 0 || only_space(text->data, text->len))
        place_image(in, &in->out->images, &in->out->n_images, &in->out->cap_images, &img);
    else
        place_image(in, &in->queued, &in->n_queued, &in->cap_queued, &img);
}

/* ---- spans ---- */

void
pith_inline_init(pith_inliner *in, pith_ctx *ctx, const pith_doc *doc, pith_blocks *out)
{
    memset(in, 0, sizeof *in);
    in->ctx = ctx;
    in->doc = doc;
    in->out = out;
    in->links = !ctx->opts->no_links;
    in->images = !ctx->opts->no_images;
    in->formatting = !ctx->opts->no_formatting;
}

void
pith_inline_free(pith_inliner *in)
{
    pith_free(in->ctx, in->spans);
    pith_free(in->ctx, in->open);
    pith_free(in->ctx, in->queued);
}

static int
span_kind(GumboTag t, pith_inline_kind *kind)
{
    switch (t) {
    case GUMBO_TAG_A: *kind = PITH_INLINE_LINK; return 1;
    case GUMBO_TAG_STRONG: case GUMBO_TAG_B: *kind = PITH_INLINE_STRONG; return 1;
    case GUMBO_TAG_EM: case GUMBO_TAG_I: *kind = PITH_INLINE_EMPHASIS; return 1;
    case GUMBO_TAG_CODE: case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP: *kind = PITH_INLINE_CODE; return 1;
    case GUMBO_TAG_SUB: *kind = PITH_INLINE_SUB; return 1;
    case GUMBO_TAG_SUP: *kind = PITH_INLINE_SUP; return 1;
    default: return 0;
    }
}

void
pith_inline_open(pith_inliner *in, uint32_t node, const pith_buf *text)
{
    const pith_node *n = &in->doc->nodes[node];
    if (n->type != GUMBO_NODE_ELEMENT)
        return;
    if (n->tag == GUMBO_TAG_IMG) {
        if (in->images)
            image(in, node, text);
        return;
    }
    pith_inline_kind kind;
    if (!span_kind((GumboTag)n->tag, &kind))
        return;
    if (kind == PITH_INLINE_LINK ? !in->links : !in->formatting)
        return;
    /* <b><strong>: the inner one marks nothing more */
    for (size_t k = 0; k < in->n_open; k++)
        if (in->spans[in->open[k]].kind == kind)
            return;
    const char *href = NULL;
    if (kind == PITH_INLINE_LINK) {
        const char *raw = attr_value(in, node, "href");
        /* a javascript: link keeps its text and is no link */
        if (!raw || !(href = pith_url_resolve(in->ctx, base_url(in), raw, 0)))
            return;
    }
    if (!pith_array_grow(in->ctx, (void **)&in->spans, &in->cap_spans, in->n_spans + 1, sizeof *in->spans) ||
        !pith_array_grow(in->ctx, (void **)&in->open, &in->cap_open, in->n_open + 1, sizeof *in->open))
        return;
    in->open[in->n_open++] = in->n_spans;
    in->spans[in->n_spans++] = (pith_raw_inline){kind, text->len, SIZE_MAX, href, node};
}

void
pith_inline_close(pith_inliner *in, uint32_t node, const pith_buf *text)
{
    if (in->n_open == 0 || in->spans[in->open[in->n_open - 1]].node != node)
        return;
    in->spans[in->open[--in->n_open]].end = text->len;
}

void
pith_inline_break(pith_inliner *in)
{
    in->after_br = 1;
}

/* A span boundary to map: raw offset, and which span and end it belongs to. */
typedef struct boundary {
    size_t raw;
    size_t span; /* index * 2, + 1 for an end */
} boundary;

static int
boundary_cmp(const void *a, const void *b)
{
    const boundary *x = a, *y = b;
    if (x->raw != y->raw)
        return x->raw < y->raw ? -1 : 1;
    return x->span < y->span ? -1 : x->span > y->span;
}

static int
inline_cmp(const void *a, const void *b)
{
    const pith_inline *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1; /* the enclosing span first */
    return 0;
}

/* Where each boundary lands in the block's text: the walk pith_collapse_ws makes (runs of
 * Unicode whitespace one space, none at either end). A start lands on the first character
 * at or after it, an end just after the last character before it, so spans never begin or
 * end with a space. Returns the collapsed length, for the caller to check against it. */
static size_t
map_boundaries(const char *s, size_t n, boundary *bs, size_t nb, size_t *mapped)
{
    size_t o = 0, i = 0, next = 0;
    int pending = 0;
    for (;;) {
        while (next < nb && bs[next].raw <= i) {
            mapped[bs[next].span] = (bs[next].span & 1) ? o : o + (size_t)pending;
            next++;
        }
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        size_t k = 1;
        int space;
        if (c < 0x80) {
            space = c == ' ' || (c >= 0x09 && c <= 0x0D);
        } else {
            uint32_t cp;
            k = pith_utf8_next(s + i, n - i, &cp);
            space = pith_is_space_cp(cp);
        }
        if (space) {
            pending = o > 0;
        } else {
            o += (size_t)pending + k;
            pending = 0;
        }
        i += k;
    }
    return o;
}

/* The spans of the finished block, mapped onto its text, onto blk. */
static void
attach_spans(pith_inliner *in, const char *raw, size_t raw_len, pith_block *blk)
{
    pith_ctx *ctx = in->ctx;
    size_t ns = in->n_spans, text_len = strlen(blk->text);
    boundary *bs = pith_alloc(ctx, 2 * ns * sizeof *bs);
    size_t *mapped = pith_alloc(ctx, 2 * ns * sizeof *mapped);
    pith_inline *out = pith_alloc(ctx, ns * sizeof *out);
    if (!bs || !mapped || !out || !pith_spend(ctx, raw_len / 16 + ns)) {
        pith_free(ctx, bs);
        pith_free(ctx, mapped);
        return;
    }
    for (size_t k = 0; k < ns; k++) {
        size_t end = in->spans[k].end < raw_len ? in->spans[k].end : raw_len;
        bs[2 * k] = (boundary){in->spans[k].start, 2 * k};
        bs[2 * k + 1] = (boundary){end, 2 * k + 1};
    }
    qsort(bs, 2 * ns, sizeof *bs, boundary_cmp);
    size_t len = map_boundaries(raw, raw_len, bs, 2 * ns, mapped);
    size_t n = 0;
    /* the text is the collapsed buffer, or a prefix of it (a caption without its credit) */
    if (len >= text_len) {
        for (size_t k = 0; k < ns; k++) {
            size_t a = mapped[2 * k], b = mapped[2 * k + 1];
            if (a < b && b <= text_len)
                out[n++] = (pith_inline){in->spans[k].kind, a, b, in->spans[k].href};
        }
    }
    pith_free(ctx, bs);
    pith_free(ctx, mapped);
    if (n == 0) {
        pith_free(ctx, out);
        return;
    }
    qsort(out, n, sizeof *out, inline_cmp);
    blk->inlines = out;
    blk->n_inlines = n;
}

/* After a block: the spans still open go on into the next one, from its start. */
static void
carry_open_spans(pith_inliner *in)
{
    for (size_t k = 0; k < in->n_open; k++) {
        pith_raw_inline s = in->spans[in->open[k]];
        s.start = 0;
        in->spans[k] = s;
        in->open[k] = k;
    }
    in->n_spans = in->n_open;
}

void
pith_inline_block(pith_inliner *in, const char *raw, size_t raw_len, pith_block *blk)
{
    int after_br = in->after_br;
    in->after_br = 0;
    if (!blk && (raw_len == 0 || only_space(raw, raw_len))) {
        /* nothing gathered: a second <br> in a row, or a block boundary */
        if (after_br)
            in->brs++;
        else
            in->joinable = 0;
        carry_open_spans(in);
        return;
    }
    if (blk) {
        if (in->n_spans > 0 && blk->type != PITH_BLOCK_PREFORMATTED && blk->text)
            attach_spans(in, raw, raw_len, blk);
        const pith_blocks *out = in->out;
        if (in->formatting && in->joinable && in->brs == 1 && out->n >= 2) {
            const pith_block *prev = &out->items[out->n - 2];
            blk->line_break = prev->type == blk->type && prev->level == blk->level &&
                              prev->ordered == blk->ordered;
        }
        for (size_t k = 0; k < in->n_queued; k++)
            place_image(in, &in->out->images, &in->out->n_images, &in->out->cap_images,
                        &in->queued[k].block);
    }
    in->n_queued = 0;
    in->joinable = blk && after_br;
    in->brs = in->joinable ? 1 : 0;
    carry_open_spans(in);
}
