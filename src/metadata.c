/* SPDX-License-Identifier: MIT */
/*
 * Metadata: title, byline, dates, site name, language, canonical URL, description, image,
 * licence and tags, each chosen from several candidates (JSON-LD, <meta>, markup, the URL,
 * visible text near the title). The winning source of each field is recorded, and with
 * --explain the losers are listed, so a wrong pick can be traced to the rule that made it.
 *
 * The document is walked as the flat preorder index built by parse.c: no recursion, and
 * "inside a hidden element" is tracked with one end index because subtrees nest.
 */
#include <json-c/json.h>
#include <string.h>

#include "internal.h"

/* A JSON-LD body over 1 MiB is not metadata but an embedded data dump; json-c allocates
 * outside the arena (malloc) with about 10x overhead, so the bodies it sees are capped
 * one by one and in total to keep its heap use small whatever the page holds. */
#define JSONLD_MAX_BODY ((size_t)1 << 20)
#define JSONLD_MAX_TOTAL ((size_t)4 << 20)
/* json-c's parser and its recursive free are bounded by this nesting depth. */
#define JSONLD_MAX_DEPTH 32
/* Concatenated top-level values in one script body ("{...}{...}"), objects walked per body. */
#define JSONLD_MAX_VALUES 8
#define JSONLD_MAX_OBJECTS 4096
/* Pages with thousands of <meta> tags exist (tag clouds as metas); lookups are linear. */
#define MAX_METAS 1024
#define MAX_AUTHORS 16
#define MAX_TAGS 32
#define MAX_HEADINGS 16
/* Text nodes around the title scanned for a byline or a visible date. */
#define NEAR_AFTER 15
#define NEAR_BEFORE 5

/* ---------------------------------------------------------------- small string helpers */

static int
is_ascii_space(char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

static char
lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Collapsed, trimmed arena copy; NULL when empty (or out of memory: ctx->error says). */
static char *
clean_n(pith_ctx *ctx, const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = 0;
    char *r = pith_collapse_ws(ctx, s, n, &len);
    if (!r || len == 0)
        return NULL;
    return r;
}

static char *
clean(pith_ctx *ctx, const char *s)
{
    return s ? clean_n(ctx, s, strlen(s)) : NULL;
}

static int
eq_ci(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && pith_ascii_casecmp_n(a, b, n) == 0;
}

/* Whether the whitespace-separated list attr holds token (case-insensitive). */
static int
has_token(const char *attr, const char *token)
{
    if (!attr)
        return 0;
    size_t k = strlen(token);
    const char *p = attr;
    while (*p) {
        while (*p && is_ascii_space(*p))
            p++;
        const char *start = p;
        while (*p && !is_ascii_space(*p))
            p++;
        if ((size_t)(p - start) == k && pith_ascii_casecmp_n(start, token, k) == 0)
            return 1;
    }
    return 0;
}

/* pith_is_word_cp for ASCII, without the call: fold and fold_words see every byte. */
static int
is_ascii_word(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z') || c == '_';
}

/* Folded form for comparing candidates: word characters only, ASCII lowercased, so that
 * "Foo’s bar!" and "foo's  bar" compare equal. */
static char *
fold(pith_ctx *ctx, const char *s)
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
                out[o++] = lower_ascii((char)c);
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

static int
fold_eq(const char *a, const char *b)
{
    return a && b && a[0] && strcmp(a, b) == 0;
}

static const char *
skip_utf8_spaces(const char *s)
{
    for (;;) {
        uint32_t cp;
        size_t n = strlen(s);
        if (n == 0)
            return s;
        size_t k = pith_utf8_next(s, n, &cp);
        if (!pith_is_space_cp(cp))
            return s;
        s += k;
    }
}

/* ---------------------------------------------------------------- HTML entities in JSON */

typedef struct entity {
    const char *name;
    uint32_t cp;
} entity;

/* JSON-LD is often written by templates that HTML-escape into the JSON; the common ones. */
static const entity entities[] = {
    {"amp", '&'},        {"lt", '<'},          {"gt", '>'},         {"quot", '"'},
    {"apos", '\''},      {"nbsp", 0xA0},       {"rsquo", 0x2019},   {"lsquo", 0x2018},
    {"rdquo", 0x201D},   {"ldquo", 0x201C},    {"ndash", 0x2013},   {"mdash", 0x2014},
    {"hellip", 0x2026},  {"laquo", 0xAB},      {"raquo", 0xBB},     {"copy", 0xA9},
    {"reg", 0xAE},       {"trade", 0x2122},    {"eacute", 0xE9},    {"egrave", 0xE8},
    {"ecirc", 0xEA},     {"agrave", 0xE0},     {"aacute", 0xE1},    {"acirc", 0xE2},
    {"iacute", 0xED},    {"oacute", 0xF3},     {"ocirc", 0xF4},     {"uacute", 0xFA},
    {"ntilde", 0xF1},    {"ccedil", 0xE7},     {"auml", 0xE4},      {"ouml", 0xF6},
    {"uuml", 0xFC},      {"Auml", 0xC4},       {"Ouml", 0xD6},      {"Uuml", 0xDC},
    {"szlig", 0xDF},     {"Eacute", 0xC9},     {"bull", 0x2022},    {"middot", 0xB7},
};

/* Decodes &name; and &#N; / &#xH; references, then collapses whitespace. */
static char *
decode_entities(pith_ctx *ctx, const char *s, size_t n)
{
    if (!memchr(s, '&', n))
        return clean_n(ctx, s, n);
    pith_buf b;
    pith_buf_init(&b, ctx);
    size_t i = 0;
    while (i < n) {
        if (s[i] != '&') {
            size_t j = i;
            while (j < n && s[j] != '&')
                j++;
            pith_buf_append(&b, s + i, j - i);
            i = j;
            continue;
        }
        size_t j = i + 1;
        while (j < n && j - i < 12 && s[j] != ';' && s[j] != '&' && !is_ascii_space(s[j]))
            j++;
        if (j < n && s[j] == ';' && j > i + 1) {
            const char *name = s + i + 1;
            size_t len = j - i - 1;
            uint32_t cp = 0;
            int ok = 0;
            if (name[0] == '#') {
                int hex = len > 1 && (name[1] == 'x' || name[1] == 'X');
                size_t k = hex ? 2 : 1;
                ok = k < len;
                for (; k < len && ok; k++) {
                    char c = name[k];
                    uint32_t v;
                    if (c >= '0' && c <= '9')
                        v = (uint32_t)(c - '0');
                    else if (hex && lower_ascii(c) >= 'a' && lower_ascii(c) <= 'f')
                        v = (uint32_t)(lower_ascii(c) - 'a' + 10);
                    else {
                        ok = 0;
                        break;
                    }
                    cp = cp * (hex ? 16u : 10u) + v;
                    if (cp > 0x10FFFF)
                        cp = 0xFFFD;
                }
                if (ok && cp == 0)
                    cp = 0xFFFD;
            } else {
                for (size_t e = 0; e < sizeof entities / sizeof entities[0]; e++)
                    if (strlen(entities[e].name) == len && memcmp(entities[e].name, name, len) == 0) {
                        cp = entities[e].cp;
                        ok = 1;
                        break;
                    }
            }
            if (ok) {
                pith_buf_put_utf8(&b, cp);
                i = j + 1;
                continue;
            }
        }
        pith_buf_putc(&b, '&');
        i++;
    }
    if (b.failed || !b.data)
        return NULL;
    char *r = clean_n(ctx, b.data, b.len);
    pith_free(ctx, b.data);
    return r;
}

/* ---------------------------------------------------------------- JSON-LD */

typedef struct jl_obj {
    json_object *o;
    const char *id; /* json-c's string, valid while the tree lives */
} jl_obj;

typedef struct jl_walk {
    pith_ctx *ctx;
    jl_obj *objs;
    size_t n, cap;
} jl_walk;

static json_object *
jget(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &v))
        return v;
    return NULL;
}

static char *
jcopy(pith_ctx *ctx, json_object *v)
{
    if (!v || !json_object_is_type(v, json_type_string))
        return NULL;
    int len = json_object_get_string_len(v);
    if (len <= 0)
        return NULL;
    return decode_entities(ctx, json_object_get_string(v), (size_t)len);
}

/* An object given only as {"@id": ...} is a reference to a node elsewhere in the body. */
static json_object *
resolve(const jl_walk *w, json_object *o)
{
    if (!o || !json_object_is_type(o, json_type_object))
        return o;
    json_object *id = jget(o, "@id");
    if (!id || !json_object_is_type(id, json_type_string) || json_object_object_length(o) > 1)
        return o;
    const char *want = json_object_get_string(id);
    for (size_t i = 0; i < w->n; i++)
        if (w->objs[i].o != o && w->objs[i].id && strcmp(w->objs[i].id, want) == 0)
            return w->objs[i].o;
    return o;
}

/* A string, or the first string of an array, or an object's @value / name. */
static char *
jstr(pith_ctx *ctx, const jl_walk *w, json_object *v)
{
    for (int hops = 0; v && hops < 4; hops++) {
        if (json_object_is_type(v, json_type_string))
            return jcopy(ctx, v);
        if (json_object_is_type(v, json_type_array)) {
            v = json_object_array_length(v) ? json_object_array_get_idx(v, 0) : NULL;
            continue;
        }
        if (json_object_is_type(v, json_type_object)) {
            v = resolve(w, v);
            json_object *x = jget(v, "@value");
            v = x ? x : jget(v, "name");
            continue;
        }
        return NULL;
    }
    return NULL;
}

static const char *const article_types[] = {
    "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "TechArticle", "ScholarlyArticle", "Report", "LiveBlogPosting",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "SatiricalArticle",
    "MedicalScholarlyArticle", "SocialMediaPosting", "DiscussionForumPosting",
};

/* 3 Article-like, 2 WebPage, 1 an organisation or site (a name for the site), 0 other. */
static int
type_rank_str(const char *t)
{
    /* "http://schema.org/NewsArticle", "schema:NewsArticle" */
    const char *slash = strrchr(t, '/');
    if (slash)
        t = slash + 1;
    const char *colon = strrchr(t, ':');
    if (colon)
        t = colon + 1;
    for (size_t i = 0; i < sizeof article_types / sizeof article_types[0]; i++)
        if (strcmp(t, article_types[i]) == 0)
            return 3;
    if (strcmp(t, "WebPage") == 0 || strcmp(t, "ItemPage") == 0)
        return 2;
    if (strcmp(t, "WebSite") == 0 || strcmp(t, "Organization") == 0 ||
        strcmp(t, "NewsMediaOrganization") == 0)
        return 1;
    return 0;
}

static int
type_rank(json_object *o, const char **name)
{
    json_object *t = jget(o, "@type");
    int best = 0;
    *name = NULL;
    if (!t)
        return 0;
    if (json_object_is_type(t, json_type_string)) {
        *name = json_object_get_string(t);
        return type_rank_str(*name);
    }
    if (json_object_is_type(t, json_type_array)) {
        size_t n = json_object_array_length(t);
        for (size_t i = 0; i < n && i < 16; i++) {
            json_object *e = json_object_array_get_idx(t, i);
            if (!json_object_is_type(e, json_type_string))
                continue;
            int r = type_rank_str(json_object_get_string(e));
            if (r > best || !*name) {
                if (r > best)
                    best = r;
                *name = json_object_get_string(e);
            }
        }
    }
    return best;
}

/* Pushes v on the walk stack when it is an object or array (only they hold more objects);
 * 0 when the stack cannot grow. */
static int
push_container(pith_ctx *ctx, json_object ***st, size_t *top, size_t *cap, json_object *v)
{
    if (!v ||
        !(json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array)))
        return 1;
    if (*top == *cap) {
        json_object **ns = pith_realloc(ctx, *st, *cap * 2 * sizeof **st);
        if (!ns)
            return 0;
        *st = ns;
        *cap *= 2;
    }
    (*st)[(*top)++] = v;
    return 1;
}

/* Collects every object of the tree in document order, with an explicit stack. */
static int
jl_collect(jl_walk *w, json_object *root)
{
    pith_ctx *ctx = w->ctx;
    size_t cap = 64, top = 0;
    json_object **st = pith_alloc(ctx, cap * sizeof *st);
    if (!st)
        return 0;
    st[top++] = root;
    while (top > 0 && w->n < JSONLD_MAX_OBJECTS) {
        json_object *o = st[--top];
        if (!pith_spend(ctx, 1))
            return 0;
        size_t base = top;
        if (json_object_is_type(o, json_type_object)) {
            if (w->n == w->cap) {
                size_t nc = w->cap ? w->cap * 2 : 32;
                jl_obj *na = pith_realloc(ctx, w->objs, nc * sizeof *na);
                if (!na)
                    return 0;
                w->objs = na;
                w->cap = nc;
            }
            json_object *id = jget(o, "@id");
            w->objs[w->n].o = o;
            w->objs[w->n].id = (id && json_object_is_type(id, json_type_string) &&
                                json_object_object_length(o) > 1)
                                   ? json_object_get_string(id)
                                   : NULL;
            w->n++;
            struct json_object_iterator it = json_object_iter_begin(o);
            struct json_object_iterator end = json_object_iter_end(o);
            for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
                json_object *v = json_object_iter_peek_value(&it);
                if (!push_container(ctx, &st, &top, &cap, v))
                    return 0;
            }
        } else if (json_object_is_type(o, json_type_array)) {
            size_t n = json_object_array_length(o);
            for (size_t i = 0; i < n; i++) {
                json_object *v = json_object_array_get_idx(o, i);
                if (!push_container(ctx, &st, &top, &cap, v))
                    return 0;
            }
        }
        /* children were pushed in order; reverse them so they pop in document order */
        for (size_t a = base, b = top; a + 1 < b; a++, b--) {
            json_object *t = st[a];
            st[a] = st[b - 1];
            st[b - 1] = t;
        }
    }
    pith_free(ctx, st);
    return 1;
}

static void
add_string(pith_ctx *ctx, char ***arr, size_t *n, size_t max, char *s)
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
static void
jl_authors(pith_ctx *ctx, const jl_walk *w, json_object *v, pith_jsonld *out)
{
    json_object *st[64];
    size_t top = 0;
    st[top++] = v;
    while (top > 0 && out->n_authors < MAX_AUTHORS) {
        json_object *o = st[--top];
        if (!o)
            continue;
        if (json_object_is_type(o, json_type_string)) {
            add_string(ctx, &out->authors, &out->n_authors, MAX_AUTHORS, jcopy(ctx, o));
        } else if (json_object_is_type(o, json_type_array)) {
            size_t n = json_object_array_length(o);
            /* pushed backwards so they pop in order */
            for (size_t i = n; i > 0; i--)
                if (top < sizeof st / sizeof st[0])
                    st[top++] = json_object_array_get_idx(o, i - 1);
        } else if (json_object_is_type(o, json_type_object)) {
            o = resolve(w, o);
            json_object *name = jget(o, "name");
            if (!name)
                name = jget(o, "@value");
            if (name && !json_object_is_type(name, json_type_string)) {
                if (top < sizeof st / sizeof st[0])
                    st[top++] = name;
            } else if (name) {
                add_string(ctx, &out->authors, &out->n_authors, MAX_AUTHORS, jcopy(ctx, name));
            } else {
                char *g = jstr(ctx, w, jget(o, "givenName"));
                char *f = jstr(ctx, w, jget(o, "familyName"));
                if (g || f) {
                    pith_buf b;
                    pith_buf_init(&b, ctx);
                    pith_buf_puts(&b, g ? g : "");
                    pith_buf_puts(&b, g && f ? " " : "");
                    pith_buf_puts(&b, f ? f : "");
                    if (!b.failed)
                        add_string(ctx, &out->authors, &out->n_authors, MAX_AUTHORS, b.data);
                }
            }
        }
    }
}

static char *
jl_image(pith_ctx *ctx, const jl_walk *w, json_object *v)
{
    for (int hops = 0; v && hops < 6; hops++) {
        if (json_object_is_type(v, json_type_string))
            return jcopy(ctx, v);
        if (json_object_is_type(v, json_type_array)) {
            v = json_object_array_length(v) ? json_object_array_get_idx(v, 0) : NULL;
        } else if (json_object_is_type(v, json_type_object)) {
            v = resolve(w, v);
            json_object *u = jget(v, "url");
            v = u ? u : jget(v, "contentUrl");
        } else {
            return NULL;
        }
    }
    return NULL;
}

static void
jl_keywords(pith_ctx *ctx, json_object *v, pith_jsonld *out)
{
    if (!v)
        return;
    if (json_object_is_type(v, json_type_string)) {
        const char *s = json_object_get_string(v);
        while (*s && out->n_keywords < MAX_TAGS) {
            const char *c = strchr(s, ',');
            size_t n = c ? (size_t)(c - s) : strlen(s);
            add_string(ctx, &out->keywords, &out->n_keywords, MAX_TAGS, decode_entities(ctx, s, n));
            s += n + (c ? 1 : 0);
        }
    } else if (json_object_is_type(v, json_type_array)) {
        size_t n = json_object_array_length(v);
        for (size_t i = 0; i < n && out->n_keywords < MAX_TAGS; i++)
            add_string(ctx, &out->keywords, &out->n_keywords, MAX_TAGS,
                       jcopy(ctx, json_object_array_get_idx(v, i)));
    }
}

/* What the reader finds besides pith_jsonld: a WebSite/Organization name (the site), and
 * the article's name when it has a headline too (Wikipedia's headline is a description). */
typedef struct jl_extra {
    char *site, *name;
    /* the authors list, when every author is typed Person: a personal site that publishes
     * under its owner's name ("publisher": the same name) still has that person as author */
    char **persons;
} jl_extra;

/* Fills out from the best object of one parsed tree; returns its rank (0 when none). */
static int
jl_read_tree(pith_ctx *ctx, json_object *root, pith_jsonld *out, jl_extra *x)
{
    jl_walk w = {ctx, NULL, 0, 0};
    if (!jl_collect(&w, root)) {
        pith_free(ctx, w.objs);
        return 0;
    }
    int best = 0;
    json_object *a = NULL;
    const char *tname = NULL;
    for (size_t i = 0; i < w.n; i++) {
        const char *name;
        int r = type_rank(w.objs[i].o, &name);
        if (r >= 2 && r > best) {
            best = r;
            a = w.objs[i].o;
            tname = name;
        }
    }
    if (a) {
        memset(out, 0, sizeof *out);
        out->type = tname ? clean(ctx, tname) : NULL;
        out->headline = jstr(ctx, &w, jget(a, "headline"));
        x->name = jstr(ctx, &w, jget(a, "name"));
        if (!out->headline)
            out->headline = x->name;
        out->date_published = jstr(ctx, &w, jget(a, "datePublished"));
        if (!out->date_published)
            out->date_published = jstr(ctx, &w, jget(a, "dateCreated"));
        out->date_modified = jstr(ctx, &w, jget(a, "dateModified"));
        out->publisher = jstr(ctx, &w, jget(a, "publisher"));
        out->description = jstr(ctx, &w, jget(a, "description"));
        out->image = jl_image(ctx, &w, jget(a, "image"));
        out->article_body = jstr(ctx, &w, jget(a, "articleBody"));
        out->section = jstr(ctx, &w, jget(a, "articleSection"));
        json_object *lang = jget(a, "inLanguage");
        if (lang && json_object_is_type(lang, json_type_object)) {
            json_object *alt = jget(resolve(&w, lang), "alternateName");
            lang = alt ? alt : lang;
        }
        out->in_language = jstr(ctx, &w, lang);
        out->url = jstr(ctx, &w, jget(a, "url"));
        if (!out->url) {
            json_object *m = jget(a, "mainEntityOfPage");
            out->url = m && json_object_is_type(m, json_type_object) ? jstr(ctx, &w, jget(m, "@id"))
                                                                      : jstr(ctx, &w, m);
        }
        json_object *au = jget(a, "author");
        if (!au)
            au = jget(a, "creator");
        if (au) {
            jl_authors(ctx, &w, au, out);
            int all = out->n_authors > 0;
            json_object *one = au;
            size_t na = json_object_is_type(au, json_type_array) ? json_object_array_length(au)
                                                                  : 1;
            for (size_t k = 0; k < na && all; k++) {
                if (json_object_is_type(au, json_type_array))
                    one = json_object_array_get_idx(au, k);
                one = one && json_object_is_type(one, json_type_object) ? resolve(&w, one) : NULL;
                json_object *t = one ? jget(one, "@type") : NULL;
                all = t && json_object_is_type(t, json_type_string) &&
                      strcmp(json_object_get_string(t), "Person") == 0;
            }
            if (all)
                x->persons = out->authors;
        }
        jl_keywords(ctx, jget(a, "keywords"), out);
    }
    /* an Organization that wrote the article ("author": {"@type": "Organization"}) is a
     * byline, not the site */
    for (size_t i = 0; i < w.n && !x->site; i++) {
        const char *name;
        if (type_rank(w.objs[i].o, &name) != 1)
            continue;
        char *s = jstr(ctx, &w, jget(w.objs[i].o, "name"));
        int author = 0;
        for (size_t k = 0; s && a && k < out->n_authors && !author; k++)
            author = strcmp(out->authors[k], s) == 0;
        if (s && !author)
            x->site = s;
    }
    pith_free(ctx, w.objs);
    return best;
}

/* The next '{', or a '[' that opens a JSON array rather than "<![CDATA[". */
static size_t
json_start(const char *s, size_t n, size_t i)
{
    for (; i < n; i++) {
        if (s[i] == '{')
            return i;
        if (s[i] == '[') {
            size_t j = i + 1;
            while (j < n && is_ascii_space(s[j]))
                j++;
            if (j < n && (s[j] == '{' || s[j] == '[' || s[j] == '"' || s[j] == ']'))
                return i;
        }
    }
    return n;
}

/* Parses one script body (several concatenated values allowed); rank of the best object. */
static int
jl_read_body(pith_ctx *ctx, const char *json, size_t len, pith_jsonld *out, jl_extra *x)
{
    memset(out, 0, sizeof *out);
    memset(x, 0, sizeof *x);
    if (!json || len > JSONLD_MAX_BODY || !pith_spend(ctx, 1 + len / 16))
        return 0;
    /* json-c ends a value that trailing whitespace or a comment follows only at a NUL,
     * which the body (a slice of the page) lacks: parse a terminated copy, NUL included. */
    char *copy = pith_strndup(ctx, json, len);
    if (!copy)
        return 0;
    json = copy;
    /* Bodies wrapped in <!-- -->, CDATA or a JS comment: start at the JSON itself. */
    size_t i = json_start(json, len, 0);
    json_tokener *tok = json_tokener_new_ex(JSONLD_MAX_DEPTH);
    if (!tok) {
        pith_free(ctx, copy);
        return 0;
    }
    int best = 0;
    for (int values = 0; values < JSONLD_MAX_VALUES && i < len; values++) {
        json_object *root = json_tokener_parse_ex(tok, json + i, (int)(len - i + 1));
        if (!root) {
            /* "[CDATA[ {...}": try from the next opening bracket */
            json_tokener_reset(tok);
            i = json_start(json, len, i + 1);
            continue;
        }
        size_t used = json_tokener_get_parse_end(tok);
        pith_jsonld one;
        memset(&one, 0, sizeof one);
        jl_extra ox = {x->site, NULL, NULL};
        int r = jl_read_tree(ctx, root, &one, &ox);
        json_object_put(root);
        x->site = ox.site;
        if (r > best) {
            best = r;
            *out = one;
            x->name = ox.name;
            x->persons = ox.persons;
        }
        if (ctx->error != PITH_OK || used == 0)
            break;
        i = json_start(json, len, i + used);
        json_tokener_reset(tok);
    }
    json_tokener_free(tok);
    pith_free(ctx, copy);
    return best;
}

int
pith_jsonld_read(pith_ctx *ctx, const char *json, size_t len, pith_jsonld *out)
{
    jl_extra x;
    return jl_read_body(ctx, json, len, out, &x) >= 2;
}

/* ---------------------------------------------------------------- the page's <meta> tags */

typedef struct meta_kv {
    char *key; /* lowercased */
    const char *val;
} meta_kv;

typedef struct page {
    pith_ctx *ctx;
    const pith_doc *doc;
    const char *url;
    meta_kv *metas;
    size_t n_metas;
    /* JSON-LD, merged: the best-ranked body first, gaps filled from the others */
    pith_jsonld ld;
    int ld_rank;
    char *ld_site, *ld_name;
    char **ld_persons; /* jl_extra.persons of the body p->ld came from */
    /* markup */
    char *title_tag;
    uint32_t h1[MAX_HEADINGS], h2[MAX_HEADINGS], h3[MAX_HEADINGS], htitle[MAX_HEADINGS];
    char *h1_text[MAX_HEADINGS], *h2_text[MAX_HEADINGS], *h3_text[MAX_HEADINGS],
        *htitle_text[MAX_HEADINGS];
    size_t n_h1, n_h2, n_h3, n_htitle;
    /* folded texts of every heading kept above: what a title's parts are checked against */
    char *heading_fold[4 * MAX_HEADINGS];
    size_t n_heading_fold;
    char *canonical, *license_link, *license_cc;
    const char *html_lang;
    /* site names, folded, for "is this the site name" tests */
    const char *site_fold[8];
    size_t n_site;
    int day_first;
} page;

static void
add_meta(page *p, const char *key, size_t klen, const char *val)
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
        k[i] = lower_ascii(k[i]);
    p->metas[p->n_metas].key = k;
    p->metas[p->n_metas].val = val;
    p->n_metas++;
}

/* Keys may list several properties ("og:title dc:title"). */
static void
add_meta_keys(page *p, const char *keys, const char *val)
{
    const char *s = keys;
    while (*s) {
        while (*s && is_ascii_space(*s))
            s++;
        const char *start = s;
        while (*s && !is_ascii_space(*s))
            s++;
        add_meta(p, start, (size_t)(s - start), val);
    }
}

/* The first non-empty content for key, cleaned; NULL if none. */
static char *
meta_get(page *p, const char *key)
{
    for (size_t i = 0; i < p->n_metas; i++)
        if (strcmp(p->metas[i].key, key) == 0) {
            char *v = clean(p->ctx, p->metas[i].val);
            if (v)
                return v;
        }
    return NULL;
}

static int
is_site_name(const page *p, const char *folded)
{
    if (!folded || !folded[0])
        return 0;
    for (size_t i = 0; i < p->n_site; i++)
        if (strcmp(p->site_fold[i], folded) == 0)
            return 1;
    return 0;
}

static void
add_site_fold(page *p, const char *s)
{
    if (!s || p->n_site >= sizeof p->site_fold / sizeof p->site_fold[0])
        return;
    char *f = fold(p->ctx, s);
    if (f && f[0])
        p->site_fold[p->n_site++] = f;
}

/* The host of an absolute URL, without "www.", as an arena string. */
static char *
url_host(pith_ctx *ctx, const char *url)
{
    if (!url)
        return NULL;
    const char *s = strstr(url, "://");
    if (!s)
        return NULL;
    s += 3;
    const char *e = s;
    while (*e && *e != '/' && *e != ':' && *e != '?' && *e != '#')
        e++;
    const char *at = memchr(s, '@', (size_t)(e - s));
    if (at)
        s = at + 1;
    if (e - s > 4 && pith_ascii_casecmp_n(s, "www.", 4) == 0)
        s += 4;
    if (e == s)
        return NULL;
    char *h = pith_strndup(ctx, s, (size_t)(e - s));
    if (h)
        for (char *c = h; *c; c++)
            *c = lower_ascii(*c);
    return h;
}

/* ---------------------------------------------------------------- walking the document */

static int
is_element(const pith_doc *doc, uint32_t i)
{
    return doc->nodes[i].type == GUMBO_NODE_ELEMENT || doc->nodes[i].type == GUMBO_NODE_TEMPLATE;
}

/* The walks for bylines and dates ask every element for an attribute or two; most have
 * none left after the screen, and the count is one load away. */
static const char *
attr(const pith_doc *doc, uint32_t i, const char *name)
{
    return is_element(doc, i) && doc->nodes[i].g->v.element.attributes.length
               ? pith_attr(doc->nodes[i].g, name)
               : NULL;
}

/* Text of the subtree, collapsed; NULL when empty or longer than max bytes. */
static char *
node_text(pith_ctx *ctx, const pith_doc *doc, uint32_t i, size_t max)
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

/* Text of a byline box with "; " where a block or <br> starts a new line: the name line and
 * the role, affiliation or editor lines under it ("Jane Roe<br>Health Editor") stay apart.
 * No mark before the first name, so "By<br>Jane Roe" reads as one line. */
static const char *strip_by(const char *s);

static char *
byline_text(pith_ctx *ctx, const pith_doc *doc, uint32_t i, size_t max)
{
    if (max && doc->nodes[i].text_chars > max)
        return NULL;
    pith_buf b;
    pith_buf_init(&b, ctx);
    pith_buf_append(&b, "", 0);
    int brk = 0;
    for (uint32_t j = i; j < doc->nodes[i].end;) {
        const pith_node *n = &doc->nodes[j];
        if (j != i && (n->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN))) {
            j = n->end;
            continue;
        }
        int blank = 1;
        for (uint32_t k = 0; n->text && k < n->text_len && blank; k++)
            blank = is_ascii_space(n->text[k]);
        if (!blank) {
            if (brk && b.data && strip_by(b.data)[0])
                pith_buf_puts(&b, "; ");
            brk = 0;
            pith_buf_append(&b, n->text, n->text_len);
        } else if (n->text) {
            pith_buf_putc(&b, ' ');
        } else if (j != i && n->type == GUMBO_NODE_ELEMENT &&
                   (n->tag == GUMBO_TAG_BR || pith_is_block_element((GumboTag)n->tag))) {
            brk = 1;
            pith_buf_putc(&b, ' ');
        }
        j++;
    }
    if (b.failed || !b.data)
        return NULL;
    char *t = clean(ctx, b.data);
    if (!t || (max && strlen(t) > max * 4))
        return NULL;
    return t;
}

static int
inside_tag(const pith_doc *doc, uint32_t i, uint16_t tag, int steps)
{
    for (uint32_t p = doc->nodes[i].parent; p != PITH_NONE && steps-- > 0; p = doc->nodes[p].parent)
        if (doc->nodes[p].tag == tag)
            return 1;
    return 0;
}

static void
add_heading(page *p, uint32_t i, uint32_t *idx, char **texts, size_t *n)
{
    if (*n >= MAX_HEADINGS)
        return;
    char *t = node_text(p->ctx, p->doc, i, 400);
    if (!t)
        return;
    idx[*n] = i;
    texts[*n] = t;
    (*n)++;
}

/* Each step of the page walk is cheap; the few text extractions are charged by parse.c. */
static void
walk_page(page *p)
{
    const pith_doc *doc = p->doc;
    pith_ctx *ctx = p->ctx;
    uint32_t hidden_end = 0, nav_end = 0;
    if (doc->html != PITH_NONE && doc->html < doc->n_nodes)
        p->html_lang = attr(doc, doc->html, "lang");
    if (!p->html_lang && doc->html != PITH_NONE && doc->html < doc->n_nodes)
        p->html_lang = attr(doc, doc->html, "xml:lang");
    for (uint32_t i = 0; i < doc->n_nodes; i++) {
        if (!pith_spend(ctx, 1))
            return;
        const pith_node *n = &doc->nodes[i];
        if (!is_element(doc, i))
            continue;
        if (n->hints & PITH_HINT_HIDDEN && n->end > hidden_end)
            hidden_end = n->end;
        if (n->hints & PITH_HINT_NAV && n->end > nav_end)
            nav_end = n->end;
        int hidden = i < hidden_end;
        switch (n->tag) {
        case GUMBO_TAG_META: {
            const char *content = attr(doc, i, "content");
            if (!content)
                break;
            const char *k;
            if ((k = attr(doc, i, "property")))
                add_meta_keys(p, k, content);
            if ((k = attr(doc, i, "name")))
                add_meta_keys(p, k, content);
            if ((k = attr(doc, i, "itemprop")))
                add_meta_keys(p, k, content);
            if ((k = attr(doc, i, "http-equiv")))
                add_meta_keys(p, k, content);
            break;
        }
        case GUMBO_TAG_TITLE:
            if (!p->title_tag && !inside_tag(doc, i, GUMBO_TAG_SVG, 64))
                p->title_tag = node_text(ctx, doc, i, 2000);
            break;
        case GUMBO_TAG_LINK: {
            const char *rel = attr(doc, i, "rel"), *href = attr(doc, i, "href");
            if (!href)
                break;
            if (!p->canonical && has_token(rel, "canonical"))
                p->canonical = clean(ctx, href);
            if (!p->license_link && has_token(rel, "license"))
                p->license_link = clean(ctx, href);
            break;
        }
        case GUMBO_TAG_A: {
            const char *rel = attr(doc, i, "rel"), *href = attr(doc, i, "href");
            if (!href)
                break;
            if (!p->license_link && has_token(rel, "license"))
                p->license_link = clean(ctx, href);
            if (!p->license_cc && (strstr(href, "creativecommons.org/licenses") ||
                                   strstr(href, "creativecommons.org/publicdomain")))
                p->license_cc = clean(ctx, href);
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
                !inside_tag(doc, i, GUMBO_TAG_HEAD, 64))
                add_heading(p, i, p->htitle, p->htitle_text, &p->n_htitle);
            break;
        }
    }
}

/* ---------------------------------------------------------------- title */

typedef struct tcand {
    char *text;     /* as found */
    char *stripped; /* site name removed */
    char *folded, *sfolded;
    const char *source;
    int weight;
} tcand;

static const char *const title_seps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » ",
                                         " · ", " // ", " || ", " ~ ", " / "};

static int
matches_other(page *p, const tcand *c, size_t n, size_t self, const char *s, size_t len)
{
    char *t = pith_strndup(p->ctx, s, len);
    char *f = t ? fold(p->ctx, t) : NULL;
    int hit = 0;
    if (f && f[0])
        for (size_t i = 0; i < n && !hit; i++)
            if (i != self && fold_eq(c[i].folded, f))
                hit = 1;
    /* any heading of the page; a short one ("Home") proves nothing */
    if (f && strlen(f) >= 12)
        for (size_t i = 0; i < p->n_heading_fold && !hit; i++)
            if (fold_eq(p->heading_fold[i], f))
                hit = 1;
    pith_free(p->ctx, f);
    pith_free(p->ctx, t);
    return hit;
}

static char *fold_words(pith_ctx *ctx, const char *s, size_t *words);

static int
part_is_site(page *p, const char *s, size_t len)
{
    char *t = pith_strndup(p->ctx, s, len);
    char *f = t ? fold(p->ctx, t) : NULL;
    int hit = is_site_name(p, f);
    /* "NYTimes.com" for the host nytimes.com: compare without the dot-suffix */
    if (!hit && f && t) {
        const char *dot = strrchr(t, '.');
        if (dot && dot != t) {
            char *u = pith_strndup(p->ctx, t, (size_t)(dot - t));
            char *g = u ? fold(p->ctx, u) : NULL;
            hit = is_site_name(p, g);
        }
    }
    /* a part that calls itself one: "My website", "Ann's Blog", "A Netsports Site" */
    size_t words = 0;
    char *w = !hit && t && len <= 40 ? fold_words(p->ctx, t, &words) : NULL;
    if (w && words >= 2 && words <= 4) {
        static const char *const site_nouns[] = {" website ", " blog ", " homepage ",
                                                 " weblog ", " site "};
        size_t wl = strlen(w);
        for (size_t k = 0; k < sizeof site_nouns / sizeof site_nouns[0] && !hit; k++) {
            size_t nl = strlen(site_nouns[k]);
            hit = wl >= nl && strcmp(w + wl - nl, site_nouns[k]) == 0;
        }
    }
    return hit;
}

/* Removes " | Site" / "Site - " style parts when the site is known or the rest is another
 * candidate; the bare title otherwise stays as the page gave it. */
static char *
strip_site(page *p, tcand *c, size_t n, size_t self)
{
    const char *s = c[self].text;
    size_t len = strlen(s);
    /* "Section - Headline - Paper": the run of parts that is a heading of the page */
    size_t cut_at[16], cut_len[16], nc = 0;
    for (size_t i = 0; i < len && nc < 16; i++)
        for (size_t k = 0; s[i] == ' ' && k < sizeof title_seps / sizeof title_seps[0]; k++) {
            size_t sl = strlen(title_seps[k]);
            if (i + sl <= len && memcmp(s + i, title_seps[k], sl) == 0) {
                cut_at[nc] = i;
                cut_len[nc++] = sl;
                i += sl - 1;
                break;
            }
        }
    for (size_t a = 0; a <= nc && nc > 0; a++)
        for (size_t b = nc + 1; b-- > a + 1;) {
            size_t from = a == 0 ? 0 : cut_at[a - 1] + cut_len[a - 1];
            size_t to = b - 1 == nc ? len : cut_at[b - 1];
            /* a short part matching a subheading is a section, not the title */
            if ((from == 0 && to == len) || to <= from || (to - from) * 3 < len)
                continue;
            if (matches_other(p, c, n, self, s + from, to - from)) {
                char *r = clean_n(p->ctx, s + from, to - from);
                if (r)
                    return r;
            }
        }
    for (int round = 0; round < 3; round++) {
        int cut = 0;
        /* suffix: the last separator first */
        const char *best = NULL;
        size_t best_sep = 0;
        for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0]; k++) {
            size_t sl = strlen(title_seps[k]);
            for (size_t i = len >= sl ? len - sl + 1 : 0; i-- > 0;) {
                if (s[i] == ' ' && memcmp(s + i, title_seps[k], sl) == 0) {
                    if (!best || s + i > best) {
                        best = s + i;
                        best_sep = sl;
                    }
                    break;
                }
            }
        }
        if (best && best > s) {
            size_t left = (size_t)(best - s);
            const char *r = best + best_sep;
            size_t rlen = len - left - best_sep;
            if (part_is_site(p, r, rlen) ||
                (left >= rlen && matches_other(p, c, n, self, s, left))) {
                len = left;
                cut = 1;
            }
        }
        if (!cut) {
            /* prefix: the first separator */
            const char *first = NULL;
            size_t first_sep = 0;
            for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0]; k++) {
                size_t sl = strlen(title_seps[k]);
                const char *f = NULL;
                for (size_t i = 0; i + sl <= len; i++)
                    if (s[i] == ' ' && memcmp(s + i, title_seps[k], sl) == 0) {
                        f = s + i;
                        break;
                    }
                if (f && (!first || f < first)) {
                    first = f;
                    first_sep = sl;
                }
            }
            if (first && first > s) {
                size_t left = (size_t)(first - s);
                const char *r = first + first_sep;
                size_t rlen = len - left - first_sep;
                if (rlen > 0 && (part_is_site(p, s, left) ||
                                 (rlen >= left && matches_other(p, c, n, self, r, rlen)))) {
                    s = r;
                    len = rlen;
                    cut = 1;
                }
            }
        }
        if (!cut)
            break;
    }
    char *r = clean_n(p->ctx, s, len);
    return r ? r : c[self].text;
}

static void
add_tcand(tcand *c, size_t *n, size_t max, char *text, const char *source, int weight)
{
    if (!text || *n >= max)
        return;
    c[*n] = (tcand){text, NULL, NULL, NULL, source, weight};
    (*n)++;
}

static int
headings_match(const char *a, const char *b)
{
    if (!a || !b || !a[0] || !b[0])
        return 0;
    if (strcmp(a, b) == 0)
        return 1;
    size_t la = strlen(a), lb = strlen(b);
    const char *lo = la > lb ? a : b, *sh = la > lb ? b : a;
    size_t ls = la > lb ? lb : la, ll = la > lb ? la : lb;
    /* a heading with a kicker or a title with a tagline: most of it must be shared */
    return ls * 10 >= ll * 7 && strstr(lo, sh) != NULL;
}

/* "X - Wikipedia" begins with X: agreement even when the site suffix was not recognised. */
static int
starts_most(const char *whole, const char *part)
{
    if (!whole || !part || !part[0])
        return 0;
    size_t a = strlen(whole), b = strlen(part);
    return b <= a && b * 2 >= a && strncmp(whole, part, b) == 0;
}

/* Word-folded form: runs of word characters, ASCII-lowercased, each followed by one space and
 * the whole preceded by one, so that a substring search respects word boundaries. */
static char *
fold_words(pith_ctx *ctx, const char *s, size_t *words)
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
                out[o++] = lower_ascii(s[i]);
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

/* Whether the text of the subtree at i can be a run of the word-folded title tf: its first
 * word characters must begin a word of tf. Building the text of every element to learn that
 * was most of the cost of title_in_body. 1 when unsure (hidden text comes first). */
static int
may_start_in(const pith_doc *doc, uint32_t i, const char *tf)
{
    uint32_t end = doc->nodes[i].end;
    for (uint32_t j = i + 1; j < end; j++) {
        const pith_node *n = &doc->nodes[j];
        if (n->hints & (PITH_HINT_SKIP_TAG | PITH_HINT_HIDDEN))
            return 1;
        if (!n->text)
            continue;
        const char *s = n->text;
        size_t len = n->text_len, k = 0;
        uint32_t cp = 0;
        while (k < len) {
            size_t step = pith_utf8_next(s + k, len - k, &cp);
            if (pith_is_word_cp(cp))
                break;
            k += step;
        }
        if (k >= len)
            continue;
        char probe[40];
        size_t o = 0;
        probe[o++] = ' ';
        while (k < len) {
            size_t step = pith_utf8_next(s + k, len - k, &cp);
            if (!pith_is_word_cp(cp) || o + step >= sizeof probe)
                break;
            if (step == 1)
                probe[o++] = lower_ascii(s[k]);
            else {
                memcpy(probe + o, s + k, step);
                o += step;
            }
            k += step;
        }
        probe[o] = '\0';
        return strstr(tf, probe) != NULL;
    }
    return 1;
}

/* The headline as the page shows it: the longest body element whose whole text is a run of
 * whole words of the <title> ("Paper: Section: Headline" holds "Headline"). Site names and
 * short runs (a section word, "News") do not count. */
static uint32_t
title_in_body(page *p, const char *title, char **text_out)
{
    const pith_doc *doc = p->doc;
    pith_ctx *ctx = p->ctx;
    *text_out = NULL;
    if (!title || doc->body == PITH_NONE || doc->body >= doc->n_nodes)
        return PITH_NONE;
    size_t tw = 0;
    char *tf = fold_words(ctx, title, &tw);
    if (!tf || tw < 3)
        return PITH_NONE;
    uint32_t best = PITH_NONE;
    size_t best_words = 0;
    int best_heading = 0;
    uint32_t hidden_end = 0;
    size_t title_len = strlen(title);
    for (uint32_t i = doc->body + 1; i < doc->nodes[doc->body].end; i++) {
        if (!pith_spend(ctx, 1))
            return PITH_NONE;
        const pith_node *n = &doc->nodes[i];
        if (!is_element(doc, i))
            continue;
        if (n->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG)) {
            if (n->end > hidden_end)
                hidden_end = n->end;
            continue;
        }
        /* (fewer than three words cannot be a run that counts, see ew below) */
        if (i < hidden_end || n->text_chars < 8 || n->text_chars > title_len || n->words < 3)
            continue;
        /* a wrapper with the same text as its parent was seen as the parent */
        if (n->parent != doc->body && doc->nodes[n->parent].text_chars == n->text_chars)
            continue;
        if (!pith_spend(ctx, n->end - i))
            return PITH_NONE;
        if (!may_start_in(doc, i, tf))
            continue;
        char *t = node_text(ctx, doc, i, 0);
        size_t ew = 0;
        char *ef = fold_words(ctx, t, &ew);
        int heading = pith_is_heading_tag((GumboTag)n->tag) || (n->hints & PITH_HINT_TITLE) != 0;
        /* linked text (a tag, a category, a related story, the section link printed beside
         * the headline) is not the headline as the page shows it: the unlinked run is */
        if (!heading && n->link_chars > 0)
            continue;
        if (ef && ew >= 3 && strstr(tf, ef) &&
            (ew > best_words || (ew == best_words && heading && !best_heading))) {
            char *f = fold(ctx, t);
            if (!is_site_name(p, f)) {
                best = i;
                best_words = ew;
                best_heading = heading;
                *text_out = t;
            }
        }
    }
    return best;
}

/* Nodes after a headline candidate looked at for the article's first paragraphs. */
#define HEADLINE_FOLLOW_NODES 80

/* The headline of a page whose <title> does not name it (absent, or only the site): a short
 * heading-like element that the article's running text follows. Scored by its markup and by
 * how much unlinked prose comes right after it; 2000s table layouts mark headlines with <b>,
 * <font> or a "title" class as often as with <h1>. */
static uint32_t
body_headline(page *p, char **text_out, int *score_out)
{
    const pith_doc *doc = p->doc;
    pith_ctx *ctx = p->ctx;
    *text_out = NULL;
    *score_out = 0;
    if (doc->body == PITH_NONE || doc->body >= doc->n_nodes)
        return PITH_NONE;
    uint32_t best = PITH_NONE, hidden_end = 0, nav_end = 0;
    int best_score = 0;
    for (uint32_t i = doc->body + 1; i < doc->nodes[doc->body].end; i++) {
        if (!pith_spend(ctx, 1))
            return PITH_NONE;
        const pith_node *n = &doc->nodes[i];
        if (!is_element(doc, i))
            continue;
        if (n->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG)) {
            if (n->end > hidden_end)
                hidden_end = n->end;
            continue;
        }
        if (n->hints & (PITH_HINT_NAV | PITH_HINT_META_AREA | PITH_HINT_NEGATIVE |
                        PITH_HINTS_BOILERPLATE) &&
            n->end > nav_end)
            nav_end = n->end;
        if (i < hidden_end || i < nav_end)
            continue;
        int weight;
        switch (n->tag) {
        case GUMBO_TAG_H1: weight = 30; break;
        case GUMBO_TAG_H2: weight = 24; break;
        case GUMBO_TAG_H3: weight = 16; break;
        case GUMBO_TAG_B: case GUMBO_TAG_STRONG: case GUMBO_TAG_FONT: weight = 8; break;
        default: weight = 0; break;
        }
        if (n->hints & PITH_HINT_TITLE)
            weight += 20;
        if (weight == 0 || n->words < 3 || n->words > 30 || n->text_chars > 250 ||
            n->link_chars * 2 > n->text_chars || n->hints & PITH_HINT_BYLINE)
            continue;
        /* the prose right after it: long unlinked text nodes */
        uint32_t follow = 0, stop = n->end + HEADLINE_FOLLOW_NODES;
        if (stop > doc->n_nodes)
            stop = doc->n_nodes;
        if (!pith_spend(ctx, stop - n->end))
            return PITH_NONE;
        for (uint32_t j = n->end; j < stop; j++) {
            const pith_node *m = &doc->nodes[j];
            if (m->type == GUMBO_NODE_TEXT && !m->in_link && m->text_chars >= 40)
                follow += m->text_chars;
        }
        if (follow < 300)
            continue;
        int score = weight + (int)(follow > 1000 ? 20 : follow / 50);
        if (score > best_score) {
            char *t = node_text(ctx, doc, i, 400);
            size_t tl = t ? strlen(t) : 0;
            /* a sentence with its full stop is the lead paragraph set in bold; a colon
             * introduces what follows */
            if (tl == 0 || t[tl - 1] == '.' || t[tl - 1] == ':')
                continue;
            best_score = score;
            best = i;
            *text_out = t;
        }
    }
    *score_out = best_score;
    return best;
}

/* A <title> that names only the site ("Brandon Sun Online", "News | Paper"): every part
 * of it, split at separators, is a site name. */
static int
title_weak(page *p, const char *t)
{
    if (!t)
        return 1;
    char *f = fold(p->ctx, t);
    return !f || !f[0] || is_site_name(p, f);
}

/* A <title> of a few words that nothing else on the page repeats ("SuperSoccer", "Brandon
 * Sun Online", "Lifestyle & Entertainment") names the site or a section of it on pages with
 * no metadata; a headline of a sentence's length that the article follows replaces it. A
 * headline ends without a full stop (that is a lead paragraph) and is longer than the
 * title it replaces. */
static int
short_title_loses(page *p, const char *title, const char *headline)
{
    size_t tw = 0, hw = 0;
    if (!title || !headline || strlen(title) > 40 || !fold_words(p->ctx, title, &tw) ||
        !fold_words(p->ctx, headline, &hw))
        return 0;
    size_t hl = strlen(headline);
    return tw <= 4 && hw >= 5 && hw > tw && hl > 0 && headline[hl - 1] != '.';
}

static void
choose_title(page *p, pith_meta *out)
{
    pith_ctx *ctx = p->ctx;
    tcand c[16];
    size_t n = 0;
    int hscore = 0;
    const size_t max = sizeof c / sizeof c[0];
    /* Trust order decides; agreement (at most +9) only breaks near-ties, such as the
     * JSON-LD headline against its name, or which h1. */
    add_tcand(c, &n, max, p->ld.headline, "json-ld", 100);
    if (p->ld_name && (!p->ld.headline || strcmp(p->ld_name, p->ld.headline) != 0))
        add_tcand(c, &n, max, p->ld_name, "json-ld", 100);
    add_tcand(c, &n, max, meta_get(p, "dc:title"), "meta:dc:title", 90);
    add_tcand(c, &n, max, meta_get(p, "dcterm:title"), "meta:dcterm:title", 89);
    add_tcand(c, &n, max, meta_get(p, "og:title"), "meta:og:title", 80);
    /* Dublin Core in HTML ("DC.Title", "DCTERMS.title"): CMS templates fill it less
     * carefully than og:title, but it beats the <title> */
    add_tcand(c, &n, max, meta_get(p, "dc.title"), "meta:dc.title", 76);
    add_tcand(c, &n, max, meta_get(p, "dcterms.title"), "meta:dcterms.title", 75);
    add_tcand(c, &n, max, meta_get(p, "twitter:title"), "meta:twitter:title", 70);
    add_tcand(c, &n, max, meta_get(p, "parsely-title"), "meta:parsely-title", 65);
    /* markup or script in the <title> ("BBC SPORTi library-->", "x' + OAS_query + '\">")
     * is a page saved broken: its <title> says nothing */
    if (p->title_tag && !strstr(p->title_tag, "-->") && !strstr(p->title_tag, "');") &&
        !strstr(p->title_tag, "'\">"))
        add_tcand(c, &n, max, p->title_tag, "title", 50);
    size_t first_markup = n;
    /* the h1: the one that agrees with a candidate above, else the first */
    if (p->n_h1) {
        size_t pick = 0;
        int found = 0;
        for (size_t h = 0; h < p->n_h1 && !found; h++) {
            char *hf = fold(ctx, p->h1_text[h]);
            for (size_t k = 0; k < first_markup && !found; k++) {
                char *kf = fold(ctx, c[k].text);
                if (headings_match(hf, kf)) {
                    pick = h;
                    found = 1;
                }
            }
        }
        add_tcand(c, &n, max, p->h1_text[pick], "h1", 40);
    }
    /* other headings only corroborate: class="title" and h2 are as often a widget's */
    for (size_t h = 0; h < p->n_htitle && h < 3; h++)
        add_tcand(c, &n, max, p->htitle_text[h], "headline-class", 0);
    for (size_t h = 0; h < p->n_h2 && h < 2; h++)
        add_tcand(c, &n, max, p->h2_text[h], "h2", 0);
    if (n == 0) {
        char *shown = NULL;
        uint32_t at = body_headline(p, &shown, &hscore);
        if (at != PITH_NONE) {
            out->title = shown;
            out->title_source = "body-headline";
            out->guessed_title_at = at;
            pith_explain(ctx, "meta title: '%s' from a heading the article follows (no <title>)",
                         shown);

        }
        return;
    }
    for (int pass = 0; pass < 4; pass++) {
        char *const *texts = pass == 0 ? p->h1_text
                             : pass == 1 ? p->h2_text
                             : pass == 2 ? p->h3_text
                                         : p->htitle_text;
        size_t cnt = pass == 0 ? p->n_h1 : pass == 1 ? p->n_h2 : pass == 2 ? p->n_h3 : p->n_htitle;
        for (size_t h = 0; h < cnt; h++)
            p->heading_fold[p->n_heading_fold++] = fold(ctx, texts[h]);
    }
    for (size_t i = 0; i < n; i++)
        c[i].folded = fold(ctx, c[i].text);
    for (size_t i = 0; i < n; i++) {
        c[i].stripped = strip_site(p, c, n, i);
        c[i].sfolded = fold(ctx, c[i].stripped);
    }
    int best_score = -1000, best_agree = 0;
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        if (!c[i].sfolded || !c[i].sfolded[0] || is_site_name(p, c[i].sfolded) ||
            c[i].weight == 0)
            continue;
        int agree = 0;
        for (size_t k = 0; k < n; k++)
            if (k != i && strcmp(c[k].source, c[i].source) != 0 &&
                (fold_eq(c[k].sfolded, c[i].sfolded) || fold_eq(c[k].folded, c[i].sfolded) ||
                 starts_most(c[k].folded, c[i].sfolded)))
                agree++;
        int score = c[i].weight + (agree > 9 ? 9 : agree);
        if (score > best_score) {
            best_score = score;
            best = i;
            best_agree = agree;
        }
    }
    if (best_score == -1000) {
        char *shown = NULL;
        uint32_t at = body_headline(p, &shown, &hscore);
        if (at != PITH_NONE) {
            out->title = shown;
            out->title_source = "body-headline";
            out->guessed_title_at = at;
            pith_explain(ctx, "meta title: '%s' from a heading the article follows (every "
                         "other candidate is the site name)", shown);

            return;
        }
        pith_explain(ctx, "meta title: none (every candidate is the site name)");
        return;
    }
    out->title = c[best].stripped;
    out->title_source = c[best].source;
    /* Without a title in the metadata the <title> carries site and section words that no
     * separator rule separates reliably; the headline as the page shows it decides. */
    if (c[best].weight <= 50 && p->title_tag) {
        char *shown = NULL;
        uint32_t at = title_in_body(p, p->title_tag, &shown);
        char *head = NULL;
        uint32_t hat = PITH_NONE;
        /* a short run ("News Update Service" of "The Paper News Update Service") is the
         * site's banner when a sentence-length headline leads the article */
        if (at != PITH_NONE && shown && best_agree == 0 && c[best].weight == 50 &&
            !pith_is_heading_tag((GumboTag)p->doc->nodes[at].tag) &&
            (hat = body_headline(p, &head, &hscore)) != PITH_NONE &&
            short_title_loses(p, shown, head)) {
            out->title = head;
            out->title_source = "body-headline";
            out->guessed_title_at = hat;
            pith_explain(ctx, "meta title: '%s' from a heading the article follows (score %d); "
                         "the <title> '%s' shows only '%s' in the page", head, hscore,
                         p->title_tag, shown);
        } else if (at != PITH_NONE && shown &&
                   !(!fold_eq(c[best].sfolded, c[best].folded) &&
                     fold_eq(fold(ctx, shown), c[best].folded))) {
            /* (the whole <title>, site name included, shown in a banner or a print header
             * does not undo a site name stripped on another candidate's word) */
            out->title = shown;
            out->title_source = "title+body";
            pith_explain(ctx, "meta title: '%s' from the body, a run of the <title> '%s'",
                         shown, p->title_tag);
            if (pith_is_heading_tag((GumboTag)p->doc->nodes[at].tag))
                out->title_node = at;
        } else if ((title_weak(p, c[best].stripped) ||
                    (best_agree == 0 && c[best].weight == 50)) &&
                   (at = body_headline(p, &shown, &hscore)) != PITH_NONE &&
                   (title_weak(p, c[best].stripped) ||
                    short_title_loses(p, c[best].stripped, shown))) {
            out->title = shown;
            out->title_source = "body-headline";
            out->guessed_title_at = at;
            pith_explain(ctx, "meta title: '%s' from a heading the article follows (score %d); "
                         "the <title> '%s' is not in the page", shown, hscore, p->title_tag);

        }
    }
    if (out->title != c[best].stripped) {
        /* explained above */
    } else if (strcmp(c[best].stripped, c[best].text) != 0)
        pith_explain(ctx, "meta title: '%s' from %s, site name stripped from '%s'", out->title,
                     c[best].source, c[best].text);
    else
        pith_explain(ctx, "meta title: '%s' from %s", out->title, c[best].source);
    for (size_t i = 0; i < n; i++)
        if (i != best)
            pith_explain(ctx, "meta title: candidate '%s' from %s (lost%s)", c[i].text,
                         c[i].source,
                         is_site_name(p, c[i].sfolded) ? ": the site name" : "");
    /* the heading that carries the title, for the content stage */
    char *tf = c[best].sfolded;
    for (int pass = 0; pass < 2 && out->title_node == PITH_NONE; pass++) {
        const uint32_t *idx = pass == 0 ? p->h1 : p->h2;
        char *const *texts = pass == 0 ? p->h1_text : p->h2_text;
        size_t cnt = pass == 0 ? p->n_h1 : p->n_h2;
        for (size_t h = 0; h < cnt; h++)
            if (headings_match(fold(ctx, texts[h]), tf)) {
                out->title_node = idx[h];
                break;
            }
    }
}

/* ---------------------------------------------------------------- byline */

static const char *const byline_prefixes[] = {
    "written by", "posted by", "published by", "story by", "words by", "text by", "by:",
    "by", "von", "par", "por", "di", "text:", "texte:", "texto:", "author:", "authors:",
    "autor:", "autor", "auteur:", "words:", "reporter:", "reporting by",
};

static const char *const role_words[] = {
    "staff", "writer", "reporter", "correspondent", "editor", "contributor", "columnist",
    "journalist", "senior", "associate", "producer", "analyst", "news", "health", "special to",
    "bureau", "chief", "photographer", "redakteur", "redaktion", "updated", "published",
    "posted", "min read", "read more", "follow", "twitter", "email", "agency", "reuters",
    "associated press", "last", "sign in", "log in", "login", "subscribe", "share", "comments",
    "taboola", "outbrain", "authority", "sponsored", "promoted", "advertisement", "edited",
    "contact",
};

static int
has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 1;
    return 0;
}

static int
has_letter(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = pith_utf8_next(s + i, n - i, &cp);
        if (pith_is_word_cp(cp) && !(cp >= '0' && cp <= '9') && cp != '_')
            return 1;
        i += k;
    }
    return 0;
}

/* Strips a leading "By" / "Von" / "Text:" ...; returns the rest. */
static const char *
strip_by(const char *s)
{
    for (int again = 0; again < 2; again++) {
        s = skip_utf8_spaces(s);
        int hit = 0;
        for (size_t k = 0; k < sizeof byline_prefixes / sizeof byline_prefixes[0]; k++) {
            const char *pre = byline_prefixes[k];
            size_t pl = strlen(pre);
            if (strlen(s) > pl && pith_ascii_casecmp_n(s, pre, pl) == 0 &&
                (pre[pl - 1] == ':' || is_ascii_space(s[pl]) || s[pl] == ':')) {
                s += pl;
                while (*s == ':' || is_ascii_space(*s))
                    s++;
                hit = 1;
                break;
            }
        }
        if (!hit)
            break;
    }
    return s;
}

/* "By Jane Roe", or "By" alone with the names in the next elements. */
static int
starts_byline(const char *t)
{
    if (strip_by(t) != t)
        return 1;
    for (size_t k = 0; k < sizeof byline_prefixes / sizeof byline_prefixes[0]; k++) {
        const char *pre = byline_prefixes[k];
        size_t pl = strlen(pre);
        if (pre[pl - 1] == ':')
            pl--;
        if (strlen(t) >= pl && pith_ascii_casecmp_n(t, pre, pl) == 0 &&
            (t[pl] == '\0' || (t[pl] == ':' && t[pl + 1] == '\0')))
            return 1;
    }
    return 0;
}

/* Where the first date in s starts (n when none): dates.c says where a date ends, so the
 * start is the last word from which the same date is still found. */
static size_t
date_start(const char *s, size_t n, int day_first)
{
    pith_date d;
    size_t used = 0;
    if (!pith_date_parse_text(s, n, day_first, &d, &used) || !pith_date_plausible(&d))
        return n;
    size_t end = used, start = 0, i = 0;
    for (int words = 0; words < 32 && i < end; words++) {
        while (i < end && !is_ascii_space(s[i]))
            i++;
        while (i < end && is_ascii_space(s[i]))
            i++;
        size_t u2 = 0;
        if (i >= end || !pith_date_parse_text(s + i, n - i, day_first, &d, &u2) || i + u2 != end)
            break;
        start = i;
    }
    return start;
}

/* A role word as a whole word ("News", not "Newsom"). */
static int
is_role(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof role_words / sizeof role_words[0]; k++) {
        size_t wl = strlen(role_words[k]);
        for (const char *f = s; (f = pith_find_ci(f, n - (size_t)(f - s), role_words[k])); f++) {
            int left = f == s || !((f[-1] | 32) >= 'a' && (f[-1] | 32) <= 'z');
            const char *e = f + wl;
            int right = e >= s + n || !((*e | 32) >= 'a' && (*e | 32) <= 'z');
            if (left && right)
                return 1;
            if ((size_t)(f - s) + 1 >= n)
                break;
        }
    }
    return 0;
}

/* Whether s is nothing but role words and fillers ("Senior Staff Writer", "Special to the
 * Post" is not): "UN News" names an author, "News" alone does not. */
static int
only_roles(pith_ctx *ctx, const char *s, size_t n)
{
    static const char *const fillers[] = {"the", "of", "to", "and", "for", "a", "&", "at"};
    char *t = pith_strndup(ctx, s, n);
    if (!t)
        return 1;
    for (size_t k = 0; k < sizeof role_words / sizeof role_words[0]; k++) {
        size_t wl = strlen(role_words[k]);
        for (char *f = t;
             (f = (char *)(uintptr_t)pith_find_ci(f, n - (size_t)(f - t), role_words[k]));) {
            int left = f == t || !((f[-1] | 32) >= 'a' && (f[-1] | 32) <= 'z');
            char *e = f + wl;
            int right = e >= t + n || !((*e | 32) >= 'a' && (*e | 32) <= 'z');
            if (left && right)
                memset(f, ' ', wl);
            f = e;
            if (f >= t + n)
                break;
        }
    }
    int other = 0;
    for (size_t i = 0; i < n && !other;) {
        while (i < n && (is_ascii_space(t[i]) || t[i] == ',' || t[i] == '.'))
            i++;
        size_t j = i;
        while (j < n && !is_ascii_space(t[j]) && t[j] != ',' && t[j] != '.')
            j++;
        if (j > i) {
            int filler = 0;
            for (size_t k = 0; k < sizeof fillers / sizeof fillers[0] && !filler; k++)
                filler = strlen(fillers[k]) == j - i &&
                         pith_ascii_casecmp_n(t + i, fillers[k], j - i) == 0;
            other = !filler;
        }
        i = j;
    }
    pith_free(ctx, t);
    return !other;
}

/* Day names that precede a date in a dateline ("Friday, 7 January 2022"): never a name. */
static const char *const weekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "wed", "thu", "fri", "sat", "sun", "montag", "dienstag", "mittwoch", "donnerstag",
    "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado",
    "domingo",
};

static int
is_weekday(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof weekdays / sizeof weekdays[0]; k++)
        if (strlen(weekdays[k]) == n && pith_ascii_casecmp_n(s, weekdays[k], n) == 0)
            return 1;
    return 0;
}

static const char *const name_joiners[] = {" and ", " & ", " und ", " et ", " y ", " e ",
                                           " and\xc2\xa0", ";", " + ", ", "};

/* Degrees and suffixes after a comma ("Jane Roe, MD, PhD"): they belong to the name before
 * and are no name of their own. */
static const char *const credentials[] = {
    "md", "phd", "ma", "ms", "msc", "mph", "rn", "mba", "dds", "do", "ba", "bsc", "jd", "rd",
    "facp", "cpa", "cfa", "np", "pharmd", "esq", "jr", "sr", "mfa", "edd", "psyd", "lcsw",
};

static int
only_credentials(const char *s, size_t n)
{
    size_t i = 0, seen = 0;
    while (i < n) {
        while (i < n && (is_ascii_space(s[i]) || s[i] == ',' || s[i] == '.'))
            i++;
        char w[8];
        size_t wl = 0;
        while (i < n && !is_ascii_space(s[i]) && s[i] != ',') {
            if (s[i] != '.') {
                if (wl + 1 >= sizeof w)
                    return 0;
                w[wl++] = lower_ascii(s[i]);
            }
            i++;
        }
        if (wl == 0)
            continue;
        w[wl] = '\0';
        int hit = 0;
        for (size_t k = 0; k < sizeof credentials / sizeof credentials[0] && !hit; k++)
            hit = strcmp(w, credentials[k]) == 0;
        if (!hit)
            return 0;
        seen++;
    }
    return seen > 0;
}

/* The first needle in s[0..n) outside parentheses: "Jane Roe (with John Doe and Ann Poe)"
 * is one credit. */
static const char *
find_outside_parens(const char *s, size_t n, const char *needle)
{
    for (const char *f = s; (f = pith_find_ci(f, n - (size_t)(f - s), needle)); f++) {
        int depth = 0;
        for (const char *k = s; k < f; k++)
            depth += *k == '(' ? 1 : *k == ')' && depth > 0 ? -1 : 0;
        if (depth == 0)
            return f;
        if ((size_t)(f - s) + 1 >= n)
            break;
    }
    return NULL;
}

static int
paren_balance(const char *s, size_t n)
{
    int b = 0;
    for (size_t i = 0; i < n; i++)
        b += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
    return b;
}

/* Adds the names in s[0..n) after cleaning; a part that is a role ends the list. */
static void
split_names(page *p, const char *s, size_t n, char ***names, size_t *count, int *roles)
{
    pith_ctx *ctx = p->ctx;
    while (n > 0 && *count < MAX_AUTHORS) {
        size_t cut = n, seplen = 0;
        for (size_t k = 0; k < sizeof name_joiners / sizeof name_joiners[0]; k++) {
            const char *f = find_outside_parens(s, n, name_joiners[k]);
            /* "Mac & i" is one name: a joiner needs a name-sized word after it */
            if (f) {
                const char *r = f + strlen(name_joiners[k]);
                while (r < s + n && is_ascii_space(*r))
                    r++;
                size_t w = 0;
                while (r + w < s + n && !is_ascii_space(r[w]) && r[w] != ',')
                    w++;
                if (w < 2)
                    f = NULL;
            }
            if (f && (size_t)(f - s) < cut) {
                cut = (size_t)(f - s);
                seplen = strlen(name_joiners[k]);
            }
        }
        const char *part = s;
        size_t plen = cut;
        /* trim spaces and punctuation around the name; a bracket only when unpaired,
         * as in "Jane Roe (jroe)" it is part of the credit */
        while (plen > 0 && (is_ascii_space(*part) || *part == ',' || *part == '-' ||
                            *part == ':' || *part == '|' || *part == ';' || *part == ')' ||
                            (*part == '(' && paren_balance(part, plen) > 0)))
            part++, plen--;
        while (plen > 0 && (is_ascii_space(part[plen - 1]) || part[plen - 1] == ',' ||
                            part[plen - 1] == '.' || part[plen - 1] == '-' ||
                            part[plen - 1] == ':' || part[plen - 1] == '|' ||
                            part[plen - 1] == ';' ||
                            part[plen - 1] == '(' ||
                            (part[plen - 1] == ')' && paren_balance(part, plen) < 0)))
            plen--;
        /* "Jane Roe (Email)": a bracketed link label, not part of the name */
        if (plen > 2 && part[plen - 1] == ')') {
            size_t open = plen - 1;
            while (open > 0 && part[open] != '(')
                open--;
            if (part[open] == '(' && open > 0 &&
                only_roles(ctx, part + open + 1, plen - open - 2)) {
                plen = open;
                while (plen > 0 && is_ascii_space(part[plen - 1]))
                    plen--;
            }
        }
        if (plen > 0 && !(*count > 0 && only_credentials(part, plen))) {
            if (is_role(part, plen) && *count > 0) {
                *roles = 1;
                return;
            }
            char *name = clean_n(ctx, part, plen);
            if (name && has_letter(name, strlen(name)) && !has_digit(name, strlen(name)) &&
                !strchr(name, '@') && !strstr(name, "://") && strlen(name) <= 80 &&
                !only_roles(ctx, name, strlen(name)) && !is_weekday(name, strlen(name))) {
                /* a bracketed aside ("(with John Doe and Ann Poe)") is not the name */
                size_t words = 1;
                int depth = 0;
                for (const char *c = name; *c; c++) {
                    depth += *c == '(' ? 1 : *c == ')' && depth > 0 ? -1 : 0;
                    words += *c == ' ' && depth == 0;
                }
                if (words <= 7)
                    add_string(ctx, names, count, MAX_AUTHORS, name);
            }
        }
        if (cut == n)
            break;
        s += cut + seplen;
        n -= cut + seplen;
    }
}

/* Cleans one byline string into names: prefixes, roles, dates, emails and handles go. */
static void
byline_names(page *p, const char *raw, char ***names, size_t *count)
{
    pith_ctx *ctx = p->ctx;
    char *s0 = clean(ctx, raw);
    if (!s0)
        return;
    const char *s = strip_by(s0);
    /* "Story and photos by Jane Roe"; but after "Written by Jane Roe" a later "by" is
     * someone else's credit ("Edited by ...") */
    const char *by = s == s0 ? pith_find_ci(s, strlen(s), " by ") : NULL;
    if (by && by - s < 40)
        s = strip_by(by + 1);
    size_t n = strlen(s);
    /* a pipe, a bullet or a newline-ish separator ends the names */
    static const char *const enders[] = {" | ", "|", " \xe2\x80\xa2 ", " \xc2\xb7 ", " - ",
                                         " \xe2\x80\x94 ", " \xe2\x80\x93 ", " on ", " am ",
                                         " at ", " updated", " published", " posted", " edited by "};
    for (size_t k = 0; k < sizeof enders / sizeof enders[0]; k++) {
        const char *f = pith_find_ci(s, n, enders[k]);
        if (f && f > s)
            n = (size_t)(f - s);
    }
    n = date_start(s, n, p->day_first) < n ? date_start(s, n, p->day_first) : n;
    /* drop "(@handle)", e-mail and web address tokens */
    pith_buf b;
    pith_buf_init(&b, ctx);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && !is_ascii_space(s[j]))
            j++;
        const char *at = memchr(s + i, '@', j - i);
        if (!at && j - i > 3)
            at = pith_find_ci(s + i, j - i, "://");
        if (!at && j - i > 4)
            at = pith_find_ci(s + i, j - i < 5 ? j - i : 5, "www.");
        if (!at)
            pith_buf_append(&b, s + i, j - i);
        else if (j > i && s[j - 1] == ',')
            pith_buf_putc(&b, ',');
        if (j < n)
            pith_buf_putc(&b, ' ');
        i = j + (j < n);
    }
    if (b.failed || !b.data)
        return;
    int roles = 0;
    split_names(p, b.data, b.len, names, count, &roles);
}

static int
lowercase_only(const char *s)
{
    int lower = 0;
    for (; *s; s++) {
        if (*s >= 'A' && *s <= 'Z')
            return 0;
        if ((unsigned char)*s >= 0x80)
            return 0; /* scripts without case */
        lower |= *s >= 'a' && *s <= 'z';
    }
    return lower;
}

typedef struct bcand {
    const char *raw;
    const char *source;
} bcand;

/* A profile link given as the author ("https://site/people/jane"); "Jane Roe
 * (https://jane.example)" is a name with her address. */
static int
is_url_like(const char *s)
{
    const char *c = strstr(s, "://");
    int scheme = c != NULL;
    for (const char *k = s; c && k < c && scheme; k++)
        scheme = (*k | 32) >= 'a' && (*k | 32) <= 'z';
    return scheme || strncmp(s, "www.", 4) == 0 || s[0] == '/';
}

/* A repeated author meta (one per person, as Dublin Core and citation_author are written)
 * as one list: each value is one person, so "Surname, Given" (one word, then one comma) is
 * turned around. One distinct value stays as given; NULL when the key is absent. */
static char *
meta_people(page *p, const char *key)
{
    const char *first_val = NULL;
    int distinct = 0;
    for (size_t i = 0; i < p->n_metas && !distinct; i++)
        if (strcmp(p->metas[i].key, key) == 0) {
            if (!first_val)
                first_val = p->metas[i].val;
            else
                distinct = strcmp(first_val, p->metas[i].val) != 0;
        }
    if (!distinct)
        return meta_get(p, key);
    pith_buf b;
    pith_buf_init(&b, p->ctx);
    size_t used = 0;
    for (size_t i = 0; i < p->n_metas && used < MAX_AUTHORS; i++) {
        if (strcmp(p->metas[i].key, key) != 0)
            continue;
        char *v = clean(p->ctx, p->metas[i].val);
        if (!v || is_url_like(v))
            continue;
        const char *comma = strchr(v, ',');
        if (used++)
            pith_buf_puts(&b, "; ");
        int one_word = comma && comma > v && !memchr(v, ' ', (size_t)(comma - v));
        if (one_word && !strchr(comma + 1, ',') && !strchr(v, ';')) {
            const char *first = skip_utf8_spaces(comma + 1);
            pith_buf_puts(&b, first);
            if (*first)
                pith_buf_putc(&b, ' ');
            pith_buf_append(&b, v, (size_t)(comma - v));
        } else {
            pith_buf_puts(&b, v);
        }
    }
    return b.failed || !b.data ? meta_get(p, key) : b.data;
}

/* The next visible text node from *i on (skipping hidden and never-text subtrees, whose end
 * *hid tracks), advancing *i past it; PITH_NONE at the end of the document. */
static uint32_t
next_visible_text(const pith_doc *doc, uint32_t *i, uint32_t *hid)
{
    for (; *i < doc->n_nodes; (*i)++) {
        const pith_node *nd = &doc->nodes[*i];
        if (is_element(doc, *i)) {
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

static void
choose_byline(page *p, pith_meta *out, uint32_t near_from)
{
    pith_ctx *ctx = p->ctx;
    const pith_doc *doc = p->doc;
    bcand c[48];
    size_t n = 0;
    const size_t max = sizeof c / sizeof c[0];
    /* JSON-LD authors, joined, as one candidate */
    if (p->ld.n_authors) {
        pith_buf b;
        pith_buf_init(&b, ctx);
        for (size_t i = 0; i < p->ld.n_authors; i++) {
            if (i)
                pith_buf_puts(&b, "; ");
            pith_buf_puts(&b, p->ld.authors[i]);
        }
        if (!b.failed && b.data)
            c[n++] = (bcand){b.data, "json-ld"};
    }
    static const struct {
        const char *key, *source;
    } metas[] = {
        {"dc:creator", "meta:dc:creator"},
        {"dcterm:creator", "meta:dcterm:creator"},
        {"author", "meta:author"},
        {"sailthru.author", "meta:sailthru.author"},
        {"parsely-author", "meta:parsely-author"},
        {"dc.creator", "meta:dc.creator"},
        {"dcterms.creator", "meta:dcterms.creator"},
        {"article:author", "meta:article:author"},
        {"og:article:author", "meta:og:article:author"},
        {"citation_author", "meta:citation_author"},
    };
    for (size_t k = 0; k < sizeof metas / sizeof metas[0] && n < max; k++) {
        char *v = meta_people(p, metas[k].key);
        if (v && !is_url_like(v))
            c[n++] = (bcand){v, metas[k].source};
    }
    /* markup: rel=author, itemprop=author, byline classes */
    uint32_t hidden_end = 0;
    size_t seen = 0;
    for (uint32_t i = 0; i < doc->n_nodes && n < max && seen < 64; i++) {
        if (!pith_spend(ctx, 1))
            return;
        const pith_node *nd = &doc->nodes[i];
        if (!is_element(doc, i))
            continue;
        if (nd->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG) && nd->end > hidden_end)
            hidden_end = nd->end;
        if (i < hidden_end || nd->tag == GUMBO_TAG_META || nd->tag == GUMBO_TAG_LINK)
            continue;
        const char *source = NULL;
        char *text = NULL;
        if ((nd->tag == GUMBO_TAG_A) && has_token(attr(doc, i, "rel"), "author")) {
            source = "rel-author";
            text = node_text(ctx, doc, i, 100);
        } else if (has_token(attr(doc, i, "itemprop"), "author") ||
                   has_token(attr(doc, i, "itemprop"), "creator")) {
            source = "itemprop";
            for (uint32_t k = i + 1; k < nd->end && !text; k++)
                if (is_element(doc, k) && has_token(attr(doc, k, "itemprop"), "name")) {
                    const char *cv = attr(doc, k, "content");
                    text = cv ? clean(ctx, cv) : node_text(ctx, doc, k, 100);
                }
            if (!text) {
                const char *cv = attr(doc, i, "content");
                text = cv ? clean(ctx, cv) : byline_text(ctx, doc, i, 100);
            }
        } else if (nd->hints & PITH_HINT_BYLINE) {
            /* a box that marks its author inside ("Site · <span itemprop=author>Jane
             * Roe</span> · 1 day ago"): the marked element says more than the box */
            int marked = 0;
            for (uint32_t k = i + 1; k < nd->end && !marked; k++)
                marked = is_element(doc, k) &&
                         (has_token(attr(doc, k, "itemprop"), "author") ||
                          has_token(attr(doc, k, "itemprop"), "creator") ||
                          (doc->nodes[k].tag == GUMBO_TAG_A &&
                           has_token(attr(doc, k, "rel"), "author")));
            if (marked)
                continue;
            source = "byline-class";
            text = byline_text(ctx, doc, i, 100);
        }
        if (!text)
            continue;
        seen++;
        c[n++] = (bcand){text, source};
        /* descendants repeat the same text */
        if (source && strcmp(source, "byline-class") == 0)
            i = nd->end - 1;
    }
    /* visible "By X" lines near the title */
    if (near_from != PITH_NONE && n < max) {
        uint32_t i = doc->nodes[near_from].end, texts = 0, hid = 0, k;
        while (texts < NEAR_AFTER && n < max &&
               (k = next_visible_text(doc, &i, &hid)) != PITH_NONE) {
            const pith_node *nd = &doc->nodes[k];
            char *t = clean_n(ctx, nd->text, nd->text_len);
            if (!t)
                continue;
            texts++;
            if (!starts_byline(t) || strlen(t) > 200)
                continue;
            /* "By" alone: the names follow in the parent's text */
            uint32_t par = nd->parent;
            char *pt = par != PITH_NONE ? byline_text(ctx, doc, par, 150) : NULL;
            for (int up = 0; up < 3 && pt && strip_by(pt) == pt && par != PITH_NONE; up++) {
                par = doc->nodes[par].parent;
                pt = par != PITH_NONE ? byline_text(ctx, doc, par, 150) : NULL;
            }
            c[n++] = (bcand){pt && starts_byline(pt) ? pt : t, "text"};
        }
    }
    for (size_t i = 0; i < n; i++) {
        char **names = NULL;
        size_t count = 0;
        byline_names(p, c[i].raw, &names, &count);
        /* never the site or the publisher */
        size_t kept = 0;
        for (size_t k = 0; k < count; k++) {
            char *f = fold(ctx, names[k]);
            int dup = 0;
            for (size_t j = 0; j < kept && !dup; j++) {
                char *g = fold(ctx, names[j]);
                dup = fold_eq(f, g);
            }
            int person = strcmp(c[i].source, "json-ld") == 0 && p->ld_persons &&
                         p->ld_persons == p->ld.authors;
            if (!f || !f[0] || (is_site_name(p, f) && !person) || dup)
                continue;
            names[kept++] = names[k];
        }
        /* markup labels ("sign in", "authority control") are lower case; names are not */
        if (strcmp(c[i].source, "json-ld") != 0 && strncmp(c[i].source, "meta:", 5) != 0) {
            size_t k2 = 0;
            for (size_t k = 0; k < kept; k++)
                if (!lowercase_only(names[k]))
                    names[k2++] = names[k];
            kept = k2;
        }
        if (kept == 0) {
            pith_explain(ctx, "meta byline: candidate '%s' from %s (lost: no name left)",
                         c[i].raw, c[i].source);
            continue;
        }
        out->authors = names;
        out->n_authors = kept;
        out->byline_source = c[i].source;
        pith_buf b;
        pith_buf_init(&b, ctx);
        for (size_t k = 0; k < kept; k++) {
            if (k)
                pith_buf_puts(&b, ", ");
            pith_buf_puts(&b, names[k]);
        }
        out->byline = b.failed ? NULL : b.data;
        pith_explain(ctx, "meta byline: '%s' from %s", out->byline ? out->byline : "",
                     c[i].source);
        for (size_t k = i + 1; k < n; k++)
            pith_explain(ctx, "meta byline: candidate '%s' from %s (lost: lower priority)",
                         c[k].raw, c[k].source);
        return;
    }
}

/* ---------------------------------------------------------------- dates */

/* How the date is chosen, in phases:
 * 1. gather: JSON-LD, <meta> names, itemprop and microformat markup, <time>, the URL, and the
 *    visible text right around the headline;
 * 2. settle "11/01/2023" read both ways by the page's other dates;
 * 3. the most trusted publication date that is not later than everything else;
 * 4. a UTC instant whose day the page shows as the day before or after (the publisher's
 *    zone) takes the page's day, and what the page shows next to the headline beats a
 *    machine-written date that says another day;
 * 5. only when all that found nothing: the raw JSON-LD, then the dates of the whole page
 *    (labelled ones first, then one in the URL's month, the first date of the page), then a
 *    date in the file name of the page's image. */

enum { D_PUB = 1, D_MOD = 2, D_OTHER = 4 };

/* Where a visible date stands. */
enum {
    W_SHOWN = 1,     /* next to the headline */
    W_LABELLED = 2,  /* "Published", "Veröffentlicht am" ... or in an element named for dates */
    W_COMMENT = 4,   /* inside a comment */
    W_URL_MONTH = 8  /* in the year and month of a /2017/09/ URL */
};

typedef struct dcand {
    pith_date d;
    pith_date alt; /* the other reading of an ambiguous "11/01/2023"; alt.year 0 when none */
    long day;
    int kind;
    int strong; /* a machine-written source: metadata, not page text */
    int where;  /* W_* */
    const char *source;
} dcand;

/* Candidates kept per page: the machine sources and the text around the headline hold a few
 * dozen at most; the page-wide scan adds up to PAGE_DATE_CANDS more. */
#define MAX_DATE_CANDS 160
/* The page-wide scan (only when nothing else gave a date) reads at most this many text nodes
 * and keeps this many dates: a listing page's first dozens of dates are enough to choose. */
#define PAGE_DATE_TEXTS 6000
#define PAGE_DATE_CANDS 48
/* A dateline is a short line: longer texts are prose, whose dates are someone else's (and
 * searching whole paragraphs for month names in ten languages cost a fifth of an
 * extraction). */
#define DATELINE_MAX_BYTES 160
/* ... except a date that opens a longer text: the longest dateline forms ("Mittwoch, 27.
 * Januar 2022, 10:15 Uhr") take about this many bytes. */
#define DATELINE_LEAD_BYTES 48
/* A text date later than every other date by more than this is a cookie expiry or a
 * "today" widget (days); a machine-written or labelled date gets a year. */
#define LATER_TEXT_DAYS 31
#define LATER_TRUSTED_DAYS 366
/* Time zones run from UTC-12 to UTC+14: the local day of a UTC instant is at most this many
 * minutes from the UTC day's edges. */
#define MAX_ZONE_MINUTES (14 * 60)
/* Ancestors looked at for a date-named class (a few: the date's own box) and a comment box
 * (many: a comment's header sits deep in it). */
#define DATE_CONTEXT_LEVELS 4
#define COMMENT_LEVELS 24

typedef struct dates {
    dcand c[MAX_DATE_CANDS];
    size_t n;
} dates;

static long day_number(const pith_date *d);

/* Minutes since the epoch of day_number, in UTC. */
static long
utc_minute(const pith_date *d)
{
    return day_number(d) * 1440 + d->hour * 60 + d->minute - d->offset_minutes;
}

static long
day_number(const pith_date *d)
{
    /* days from civil (Howard Hinnant) */
    long y = d->year - (d->month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long m = d->month;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d->day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static dcand *
add_date_at(dates *ds, const pith_date *d, const pith_date *alt, int kind, int strong,
            const char *source, int where)
{
    if (ds->n >= MAX_DATE_CANDS || !pith_date_plausible(d))
        return NULL;
    dcand *c = &ds->c[ds->n++];
    *c = (dcand){*d, {0}, day_number(d), kind, strong, where, source};
    if (alt && alt->year && pith_date_plausible(alt))
        c->alt = *alt;
    return c;
}

static void
add_date(dates *ds, const pith_date *d, int kind, int strong, const char *source)
{
    add_date_at(ds, d, NULL, kind, strong, source, 0);
}

/* The other reading of the numeric date that s[0, used) ends with, when it has one:
 * "11/01/2023" is 11 January or 1 November. alt->year stays 0 otherwise. */
static void
other_reading(const char *s, size_t n, const pith_date *d, size_t used, pith_date *alt)
{
    memset(alt, 0, sizeof *alt);
    for (int df = 0; df <= 1; df++) {
        pith_date o;
        size_t u = 0;
        if (pith_date_parse_text(s, n, df, &o, &u) && u == used &&
            (o.day != d->day || o.month != d->month)) {
            *alt = o;
            return;
        }
    }
}

static int
parse_any_alt(const char *s, int day_first, pith_date *d, pith_date *alt)
{
    memset(alt, 0, sizeof *alt);
    if (!s)
        return 0;
    size_t n = strlen(s), used = 0;
    memset(d, 0, sizeof *d);
    if (pith_date_parse_machine(s, n, d))
        return 1;
    memset(d, 0, sizeof *d);
    if (!pith_date_parse_text(s, n, day_first, d, &used))
        return 0;
    other_reading(s, n, d, used, alt);
    return 1;
}

static int
parse_any(const char *s, int day_first, pith_date *d)
{
    pith_date alt;
    return parse_any_alt(s, day_first, d, &alt);
}

static void
add_date_str(dates *ds, const char *s, int day_first, int kind, int strong, const char *source)
{
    pith_date d, alt;
    if (parse_any_alt(s, day_first, &d, &alt))
        add_date_at(ds, &d, &alt, kind, strong, source, 0);
}

static const char *const modified_words[] = {
    "update", "modified", "aktualisiert", "mis \xc3\xa0 jour", "mis a jour", "actualizado",
    "aggiornato", "atualizado", "bijgewerkt", "edited", "revised", "\xe6\x9b\xb4\xe6\x96\xb0",
    "ge\xc3\xa4ndert",
};

/* Words that label a date as the publication's (matched ignoring ASCII case). */
static const char *const published_words[] = {
    "published", "posted", "publication", "released", "ver\xc3\xb6" "ffentlicht",
    "ver&ouml;ffentlicht", "erschienen", "gepostet", "publiziert", "erstellt", "publi\xc3\xa9",
    "publicado", "publicada", "publicaci\xc3\xb3n", "pubblicato", "pubblicazione",
    "gepubliceerd", "opublikowano", "\xd0\xbe\xd0\xbf\xd1\x83\xd0\xb1\xd0\xbb\xd0\xb8\xd0\xba"
    "\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe", "yay\xc4\xb1nlanma", "datum:", "date:",
    "\xe5\x8f\x91\xe5\xb8\x83", /* 发布 */
};

static int
has_any_word(const char *s, size_t n, const char *const *words, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (pith_find_ci(s, n, words[k]))
            return 1;
    return 0;
}

static int
says_modified(const char *s, size_t n)
{
    return has_any_word(s, n, modified_words, sizeof modified_words / sizeof modified_words[0]);
}

static int
says_published(const char *s, size_t n)
{
    return has_any_word(s, n, published_words,
                        sizeof published_words / sizeof published_words[0]);
}

/* Class and id words of elements that hold a date, beyond parse.c's "date", "time",
 * "publish", "posted": German "Datum", Spanish/Italian "fecha", "data" is too common. */
static int
named_for_dates(const pith_doc *doc, uint32_t i)
{
    if (doc->nodes[i].hints & PITH_HINT_DATE)
        return 1;
    const char *c = attr(doc, i, "class");
    return c && (pith_find_ci(c, strlen(c), "datum") || pith_find_ci(c, strlen(c), "fecha"));
}

/* What the ancestors of text node k say about a date in it: a date-named element, a comment
 * box. */
static int
date_context(const pith_doc *doc, uint32_t k)
{
    int where = 0, level = 0;
    for (uint32_t a = doc->nodes[k].parent; a != PITH_NONE && level < COMMENT_LEVELS;
         a = doc->nodes[a].parent, level++) {
        if (doc->nodes[a].hints & PITH_HINT_COMMENT)
            where |= W_COMMENT;
        if (level < DATE_CONTEXT_LEVELS && named_for_dates(doc, a))
            where |= W_LABELLED;
    }
    return where;
}

/* Whether s[0, n) begins with a date: one is found, and not any more once the first word is
 * skipped (pith_date_parse_text says where a date ends, not where it starts). */
static int
opens_with_date(const char *s, size_t n, int day_first)
{
    pith_date d;
    size_t used = 0, i = 0, u2 = 0;
    if (!pith_date_parse_text(s, n, day_first, &d, &used))
        return 0;
    while (i < used && !is_ascii_space(s[i]))
        i++;
    while (i < used && is_ascii_space(s[i]))
        i++;
    return i >= used || !pith_date_parse_text(s + i, n - i, day_first, &d, &u2) ||
           i + u2 != used;
}

/* Finds the dates in one text node's text; prev is the previous text, for an "Updated"
 * label in an element of its own. The words before a date (since the previous one) say
 * whether it is the modification date, or labelled as the publication date. Returns the
 * number of dates added. */
static int
scan_text_dates(page *p, dates *ds, const char *t, const char *prev, int where,
                const char *source)
{
    size_t n = strlen(t), i = 0;
    int added = 0;
    if (n > DATELINE_MAX_BYTES) {
        /* a paragraph that opens with its dateline: "27.1.2022 - Bei der Erinnerung ..." */
        n = DATELINE_LEAD_BYTES;
        if (!opens_with_date(t, n, p->day_first))
            return 0;
    }
    for (int found = 0; i < n && found < (n == DATELINE_LEAD_BYTES ? 1 : 4); found++) {
        pith_date d, alt;
        size_t used = 0;
        if (!pith_date_parse_text(t + i, n - i, p->day_first, &d, &used) || used == 0)
            break;
        size_t end = i + used;
        if (pith_date_plausible(&d)) {
            other_reading(t + i, n - i, &d, used, &alt);
            size_t from = end > i + 80 ? end - 80 : i;
            int mod = says_modified(t + from, end - from);
            int label = says_published(t + from, end - from);
            if (!mod && !label && from == 0 && prev) {
                size_t pl = strlen(prev);
                const char *tail = prev + (pl > 30 ? pl - 30 : 0);
                mod = says_modified(tail, pl > 30 ? 30 : pl);
                label = says_published(tail, pl > 30 ? 30 : pl);
            }
            if (add_date_at(ds, &d, &alt, mod ? D_MOD : D_PUB, 0, source,
                            where | (label ? W_LABELLED : 0)))
                added++;
        }
        i = end;
    }
    return added;
}

static const struct {
    const char *key, *source;
    int kind;
} date_metas[] = {
    {"article:published_time", "meta:article:published_time", D_PUB},
    {"og:article:published_time", "meta:og:article:published_time", D_PUB},
    {"article:published", "meta:article:published", D_PUB},
    {"datepublished", "meta:datePublished", D_PUB},
    {"pubdate", "meta:pubdate", D_PUB},
    {"publishdate", "meta:publishdate", D_PUB},
    {"publish-date", "meta:publish-date", D_PUB},
    {"publication_date", "meta:publication_date", D_PUB},
    {"sailthru.date", "meta:sailthru.date", D_PUB},
    {"parsely-pub-date", "meta:parsely-pub-date", D_PUB},
    {"dc.date.issued", "meta:DC.date.issued", D_PUB},
    {"dcterms.issued", "meta:dcterms.issued", D_PUB},
    {"dcterms.created", "meta:dcterms.created", D_PUB},
    {"dc.date.created", "meta:DC.date.created", D_PUB},
    {"citation_publication_date", "meta:citation_publication_date", D_PUB},
    {"citation_date", "meta:citation_date", D_PUB},
    {"date", "meta:date", D_PUB},
    {"dc.date", "meta:DC.date", D_PUB},
    {"dcterms.date", "meta:dcterms.date", D_PUB},
    /* less common names, after the usual ones */
    {"og:published_time", "meta:og:published_time", D_PUB},
    {"published_time", "meta:published_time", D_PUB},
    {"publish_date", "meta:publish_date", D_PUB},
    {"published-date", "meta:published-date", D_PUB},
    {"date_published", "meta:date_published", D_PUB},
    {"article.published", "meta:article.published", D_PUB},
    {"article_date_original", "meta:article_date_original", D_PUB},
    {"originalpublicationdate", "meta:OriginalPublicationDate", D_PUB},
    {"dc.date.publication", "meta:DC.date.publication", D_PUB},
    {"rnews:datepublished", "meta:rnews:datePublished", D_PUB},
    {"uploaddate", "meta:uploadDate", D_PUB},
    {"video:release_date", "meta:video:release_date", D_PUB},
    {"release_date", "meta:release_date", D_PUB},
    {"created", "meta:created", D_PUB},
    {"article:modified_time", "meta:article:modified_time", D_MOD},
    {"og:article:modified_time", "meta:og:article:modified_time", D_MOD},
    {"og:updated_time", "meta:og:updated_time", D_MOD},
    {"datemodified", "meta:dateModified", D_MOD},
    {"dcterms.modified", "meta:dcterms.modified", D_MOD},
    {"last-modified", "meta:last-modified", D_MOD},
    {"dateupdate", "meta:dateUpdate", D_MOD},
};

/* A meta name that says "uploaded" or "published time" under a site's own prefix
 * ("five_hundred_pixels:uploaded", "mysite:published_time"): after the known names. */
static int
meta_name_publishes(const char *key)
{
    size_t n = strlen(key);
    static const char *const suffixes[] = {":uploaded", ":published_time", ":publish_date",
                                           ":pubdate", ":date_published"};
    int suffix = 0;
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0] && !suffix; k++) {
        size_t l = strlen(suffixes[k]);
        suffix = n > l && memcmp(key + n - l, suffixes[k], l) == 0;
    }
    if (!suffix)
        return 0;
    for (size_t k = 0; k < sizeof date_metas / sizeof date_metas[0]; k++)
        if (strcmp(key, date_metas[k].key) == 0)
            return 0; /* read above, under its own name */
    return 1;
}

static int
date_later(const dcand *a, long than, long margin)
{
    return a->day > than + margin;
}

/* The latest date on the page other than candidate self; LONG_MIN-ish when none. */
static long
latest_other(const dates *ds, size_t self, int *any)
{
    long m = -100000000L;
    *any = 0;
    for (size_t i = 0; i < ds->n; i++)
        if (i != self) {
            *any = 1;
            if (ds->c[i].day > m)
                m = ds->c[i].day;
        }
    return m;
}

static char *
format_date(pith_ctx *ctx, const pith_date *d)
{
    char buf[32];
    size_t n = pith_date_format(d, buf);
    return n ? pith_strndup(ctx, buf, n) : NULL;
}

static void
explain_lost(pith_ctx *ctx, const dcand *c, const char *why)
{
    char buf[32];
    pith_date_format(&c->d, buf);
    pith_explain(ctx, "meta date: candidate %s from %s (lost: %s)", buf, c->source, why);
}

/* <meta> names, JSON-LD as the reader gave it, in order of trust. */
static void
gather_machine_dates(page *p, dates *ds)
{
    int df = p->day_first;
    if (p->ld.date_published)
        add_date_str(ds, p->ld.date_published, df, D_PUB, 1, "json-ld");
    if (p->ld.date_modified)
        add_date_str(ds, p->ld.date_modified, df, D_MOD, 1, "json-ld");
    for (size_t k = 0; k < sizeof date_metas / sizeof date_metas[0]; k++)
        for (size_t i = 0; i < p->n_metas; i++)
            if (strcmp(p->metas[i].key, date_metas[k].key) == 0) {
                add_date_str(ds, p->metas[i].val, df, date_metas[k].kind, 1, date_metas[k].source);
                break;
            }
    for (size_t i = 0; i < p->n_metas; i++)
        if (meta_name_publishes(p->metas[i].key)) {
            add_date_str(ds, p->metas[i].val, df, D_PUB, 1, "meta");
            break;
        }
}

/* Microformat dates kept per page: a listing marks up every entry; the first few are the
 * page's own. */
#define MAX_MICROFORMATS 8

/* hAtom's <abbr class="published" title="2016-12-23T05:11:00-05:00">, and itemprop dates
 * written in a title attribute: machine dates in markup that is not <time>. */
static int
microformat_kind(const pith_doc *doc, uint32_t i)
{
    const char *c = attr(doc, i, "class");
    if (has_token(c, "published") || has_token(c, "dtstart") || has_token(c, "dt-published"))
        return D_PUB;
    if (has_token(c, "updated") || has_token(c, "dt-updated"))
        return D_MOD;
    return 0;
}

/* itemprop dates, <time datetime> (the first near the title, in an article or marked pubdate
 * counts as the publication) and microformats. */
static void
gather_element_dates(page *p, const pith_meta *out, dates *ds)
{
    pith_ctx *ctx = p->ctx;
    const pith_doc *doc = p->doc;
    int df = p->day_first;
    uint32_t title = out->title_node;
    uint32_t first_time_near = PITH_NONE, first_time_pubdate = PITH_NONE,
             first_time_article = PITH_NONE;
    pith_date t_near = {0}, t_pubdate = {0}, t_article = {0};
    uint32_t hidden_end = 0;
    /* microformats go after <time>: they are rarer, and often "updated" */
    pith_date micro[MAX_MICROFORMATS];
    int micro_kind[MAX_MICROFORMATS];
    size_t n_micro = 0;
    for (uint32_t i = 0; i < doc->n_nodes; i++) {
        if (!pith_spend(ctx, 1))
            return;
        const pith_node *nd = &doc->nodes[i];
        if (!is_element(doc, i) || nd->tag == GUMBO_TAG_META)
            continue;
        if (nd->hints & PITH_HINT_HIDDEN && nd->end > hidden_end)
            hidden_end = nd->end;
        const char *ip = attr(doc, i, "itemprop");
        int ipk = has_token(ip, "datePublished") ? D_PUB
                  : has_token(ip, "dateModified") ? D_MOD
                  : has_token(ip, "dateCreated")  ? D_PUB
                                                  : 0;
        const char *dt = attr(doc, i, "datetime");
        if (ipk) {
            const char *v = attr(doc, i, "content");
            if (!v)
                v = dt;
            pith_date d;
            if (!v && (v = attr(doc, i, "title")) && !parse_any(v, df, &d))
                v = NULL;
            char *tx = v ? NULL : node_text(ctx, doc, i, 80);
            add_date_str(ds, v ? v : tx, df, ipk, 1, "itemprop");
        } else if (nd->tag == GUMBO_TAG_TIME && dt) {
            pith_date d;
            if (!parse_any(dt, df, &d) || !pith_date_plausible(&d))
                continue;
            if (attr(doc, i, "pubdate") && first_time_pubdate == PITH_NONE) {
                first_time_pubdate = i;
                t_pubdate = d;
            }
            if (title != PITH_NONE && i >= title && i < title + 400 &&
                first_time_near == PITH_NONE && i >= hidden_end) {
                first_time_near = i;
                t_near = d;
            }
            if (first_time_article == PITH_NONE && i >= hidden_end &&
                (inside_tag(doc, i, GUMBO_TAG_ARTICLE, 64) ||
                 inside_tag(doc, i, GUMBO_TAG_HEADER, 64))) {
                first_time_article = i;
                t_article = d;
            }
            add_date(ds, &d, D_OTHER, 0, "time");
        } else if (n_micro < MAX_MICROFORMATS) {
            /* the value first: few elements have one, and the class words cost more */
            const char *v = dt ? dt : attr(doc, i, "title");
            int mk = v ? microformat_kind(doc, i) : 0;
            if (mk && pith_date_parse_machine(v, strlen(v), &micro[n_micro]))
                micro_kind[n_micro++] = mk;
        }
    }
    /* <time> in trust order: pubdate, near the title, in the article or its header */
    if (first_time_pubdate != PITH_NONE)
        add_date(ds, &t_pubdate, D_PUB, 0, "time");
    else if (first_time_near != PITH_NONE)
        add_date_at(ds, &t_near, NULL, D_PUB, 0, "time", W_SHOWN);
    else if (first_time_article != PITH_NONE)
        add_date(ds, &t_article, D_PUB, 0, "time");
    for (size_t k = 0; k < n_micro; k++)
        add_date(ds, &micro[k], micro_kind[k], 1, "microformat");
}

/* Text in the site's banner or navigation, outside any article and the headline's header:
 * a "today" line, an archive menu. */
static int
in_site_banner(const pith_doc *doc, uint32_t k, uint32_t headline)
{
    int level = 0;
    for (uint32_t a = doc->nodes[k].parent; a != PITH_NONE && level < COMMENT_LEVELS;
         a = doc->nodes[a].parent, level++) {
        const pith_node *nd = &doc->nodes[a];
        if (nd->tag == GUMBO_TAG_ARTICLE || (headline >= a && headline < nd->end))
            return 0;
        /* the tags, not class words: a wrapper named "intro__breadcrumbNavigation" may
         * hold the headline and its date */
        if (nd->tag == GUMBO_TAG_HEADER || nd->tag == GUMBO_TAG_NAV)
            return 1;
    }
    return 0;
}

/* Marks the last added candidates with where their text stands. */
static void
add_context(dates *ds, int added, int where)
{
    for (size_t c = ds->n - (size_t)added; c < ds->n; c++)
        ds->c[c].where |= where;
}

/* The visible text right after the headline, and a few texts before it (a kicker line with
 * the date above the h1). */
static void
gather_near_title_dates(page *p, const pith_meta *out, dates *ds)
{
    pith_ctx *ctx = p->ctx;
    const pith_doc *doc = p->doc;
    uint32_t title = out->title_node;
    uint32_t anchor = title != PITH_NONE ? title : (p->n_h1 ? p->h1[0] : PITH_NONE);
    if (anchor == PITH_NONE)
        return;
    const char *prev = NULL;
    uint32_t texts = 0, hid = 0, i = doc->nodes[anchor].end, k;
    while (texts < NEAR_AFTER && (k = next_visible_text(doc, &i, &hid)) != PITH_NONE) {
        const pith_node *nd = &doc->nodes[k];
        char *t = clean_n(ctx, nd->text, nd->text_len);
        if (!t)
            continue;
        texts++;
        /* a quoted or embedded post (a tweet) carries its own date */
        if (!inside_tag(doc, k, GUMBO_TAG_BLOCKQUOTE, COMMENT_LEVELS))
            add_context(ds, scan_text_dates(p, ds, t, prev, W_SHOWN, "text"),
                        date_context(doc, k));
        prev = t;
    }
    texts = 0;
    for (uint32_t j = anchor; j-- > 0 && texts < NEAR_BEFORE;) {
        const pith_node *nd = &doc->nodes[j];
        if (nd->type != GUMBO_NODE_TEXT || !nd->text)
            continue;
        int hidden = 0;
        int steps = 0;
        for (uint32_t a = nd->parent; a != PITH_NONE && steps < 64;
             a = doc->nodes[a].parent, steps++)
            if (doc->nodes[a].hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG))
                hidden = 1;
        char *t = hidden || in_site_banner(doc, j, anchor)
                      ? NULL
                      : clean_n(ctx, nd->text, nd->text_len);
        if (!t)
            continue;
        texts++;
        add_context(ds, scan_text_dates(p, ds, t, NULL, W_SHOWN, "text"), date_context(doc, j));
    }
}

/* "11/01/2023" read day first (the page's language) is 11 January; when another date on the
 * page says 1 November and none says 11 January, the page writes month first. */
static void
settle_day_order(page *p, dates *ds)
{
    for (size_t i = 0; i < ds->n; i++) {
        dcand *c = &ds->c[i];
        if (!c->alt.year)
            continue;
        long alt_day = day_number(&c->alt);
        int as_read = 0, other = 0;
        for (size_t j = 0; j < ds->n; j++)
            if (j != i && !ds->c[j].alt.year) {
                as_read += ds->c[j].day == c->day;
                other += ds->c[j].day == alt_day;
            }
        if (other > 0 && as_read == 0) {
            char a[32], b[32];
            pith_date_format(&c->d, a);
            pith_date_format(&c->alt, b);
            pith_explain(p->ctx, "meta date: %s from %s read as %s, as the page's other dates "
                                 "write it",
                         a, c->source, b);
            pith_date t = c->d;
            c->d = c->alt;
            c->alt = t;
            c->day = alt_day;
        }
    }
}

/* The most trusted publication date that is not later than every other date by far. */
static size_t
most_trusted(page *p, const dates *ds)
{
    size_t pub = SIZE_MAX;
    for (size_t i = 0; i < ds->n; i++) {
        if (!(ds->c[i].kind & D_PUB))
            continue;
        int any;
        long latest = latest_other(ds, i, &any);
        /* A date later than every other date on the page is a cookie expiry, an event
         * announcement or a "today" widget, unless a machine-written source gave it or the
         * page labels it. */
        long margin = ds->c[i].strong || (ds->c[i].where & W_LABELLED) ? LATER_TRUSTED_DAYS
                                                                        : LATER_TEXT_DAYS;
        if (any && date_later(&ds->c[i], latest, margin)) {
            explain_lost(p->ctx, &ds->c[i], "later than every other date");
            continue;
        }
        if (pub == SIZE_MAX)
            pub = i;
        else
            explain_lost(p->ctx, &ds->c[i], "less trusted");
    }
    return pub;
}

/* Whether the UTC instant u falls, in some real time zone, on the day of c (a date, or a
 * local time without zone). */
static int
local_day_of(const pith_date *u, const dcand *c)
{
    long m = utc_minute(u);
    if (c->d.has_time) {
        long local = c->day * 1440 + c->d.hour * 60 + c->d.minute;
        long off = local - m;
        return off >= -MAX_ZONE_MINUTES && off <= MAX_ZONE_MINUTES && off % 15 == 0;
    }
    return m >= c->day * 1440 - MAX_ZONE_MINUTES && m < (c->day + 1) * 1440 + MAX_ZONE_MINUTES;
}

/* The trusted source gave the instant in UTC, where the page shows the publisher's day. */
static size_t
prefer_local_day(page *p, dates *ds, size_t pub)
{
    const dcand *u = &ds->c[pub];
    if (!u->d.has_time || !u->d.has_offset || u->d.offset_minutes != 0)
        return pub;
    /* the same instant written in the publisher's zone: that one, as written */
    for (size_t i = 0; i < ds->n; i++) {
        const pith_date *l = &ds->c[i].d;
        if (i != pub && (ds->c[i].kind & D_PUB) && l->has_time && l->has_offset &&
            l->offset_minutes != 0 && utc_minute(l) == utc_minute(&u->d) &&
            l->second == u->d.second) {
            pith_explain(p->ctx, "meta date: %s's UTC time given in the zone of %s", u->source,
                         ds->c[i].source);
            ds->c[pub].d = *l;
            ds->c[pub].day = ds->c[i].day;
            return pub;
        }
    }
    /* a day next to the UTC day, from the URL or a local time without zone (a bare date in
     * the text may be the day of the UTC instant as another convention writes it) */
    for (size_t i = 0; i < ds->n; i++) {
        const dcand *c = &ds->c[i];
        if (i == pub || !(c->kind & D_PUB) || (c->d.has_time && c->d.has_offset) ||
            (!c->d.has_time && strcmp(c->source, "url") != 0) ||
            (c->day != u->day - 1 && c->day != u->day + 1) || !local_day_of(&u->d, c))
            continue;
        char a[32];
        pith_date_format(&u->d, a);
        pith_explain(p->ctx, "meta date: candidate %s from %s (lost: a UTC time on the day "
                             "%s gives in the publisher's zone)",
                     a, u->source, c->source);
        return i;
    }
    return pub;
}

/* Other sources that give the day of candidate self as one of the kinds, each source
 * counted once. */
static int
support_of(const dates *ds, size_t self, int kinds)
{
    int n = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const dcand *c = &ds->c[i];
        if (c->day != ds->c[self].day || !(c->kind & kinds) ||
            strcmp(c->source, ds->c[self].source) == 0)
            continue;
        int again = 0;
        for (size_t j = 0; j < i && !again; j++)
            again = ds->c[j].day == c->day && strcmp(ds->c[j].source, c->source) == 0;
        n += !again;
    }
    return n;
}

/* Any kind: a page may show its modification date next to the headline. */
static int
support(const dates *ds, size_t self)
{
    return support_of(ds, self, D_PUB | D_MOD | D_OTHER);
}

/* What the page shows next to its headline is what its readers take for the date: a date
 * only machines read (JSON-LD, a <meta>), or a <time> away from the headline, that no shown
 * date agrees with loses to the shown date that the page's other sources back at least as
 * often. */
/* JSON-LD's date, when no other source gives its day, loses to a machine-written date that
 * another source backs: article:published_time and the page's "date" meta agreeing on
 * another day. */
static size_t
prefer_backed(page *p, const dates *ds, size_t pub)
{
    /* only publication dates back a publication date: a "published" meta on the day of the
     * modified ones is the update's */
    if (strcmp(ds->c[pub].source, "json-ld") != 0 || support_of(ds, pub, D_PUB) > 0)
        return pub;
    for (size_t i = 0; i < ds->n; i++) {
        const dcand *c = &ds->c[i];
        if (i == pub || !(c->kind & D_PUB) || !c->strong || c->day == ds->c[pub].day ||
            support_of(ds, i, D_PUB) == 0)
            continue;
        explain_lost(p->ctx, &ds->c[pub], "no other source gives its day");
        return i;
    }
    return pub;
}

static size_t
prefer_shown(page *p, const dates *ds, size_t pub)
{
    const dcand *m = &ds->c[pub];
    /* itemprop and microformat dates are markup on what the page shows: not overruled */
    if (strcmp(m->source, "url") == 0 || strcmp(m->source, "itemprop") == 0 ||
        strcmp(m->source, "microformat") == 0)
        return pub;
    int shown = m->where & W_SHOWN, days = 0;
    size_t best = SIZE_MAX;
    int best_support = -1;
    long first_day = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const dcand *c = &ds->c[i];
        if (i == pub || !(c->where & W_SHOWN) || !(c->kind & D_PUB) || c->strong)
            continue;
        if (c->day == m->day) {
            if (!shown)
                return pub;
            continue;
        }
        if (days == 0 || (days == 1 && c->day != first_day))
            first_day = days == 0 ? c->day : first_day, days++;
        int s = support(ds, i);
        if (s > best_support)
            best = i, best_support = s;
    }
    /* Between two shown dates, the one more sources back; a page that shows two other days
     * near the headline does not say which is its date, and a tie leaves the trusted one. */
    int need = support(ds, pub) + (shown || days > 1 ? 1 : 0);
    if (best == SIZE_MAX || best_support < need)
        return pub;
    explain_lost(p->ctx, m, shown ? "another date shown near the headline has more sources"
                                  : "another day than the page shows next to the headline");
    return best;
}

/* The first JSON-LD "datePublished" (or "dateCreated", "uploadDate") of any object, when the
 * reader's article object gave none: a Recipe, a HowTo, a VideoObject. */
static void
gather_raw_jsonld_dates(page *p, const pith_screened *scr, dates *ds)
{
    static const char *const keys[] = {"\"datePublished\"", "\"dateCreated\"", "\"uploadDate\""};
    if (!scr)
        return;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        for (size_t s = 0; s < scr->n_jsonld; s++) {
            const pith_span *sp = &scr->jsonld[s];
            const char *at = pith_find_ci(sp->data, sp->len, keys[k]);
            if (!at)
                continue;
            size_t i = (size_t)(at - sp->data) + strlen(keys[k]);
            while (i < sp->len && (is_ascii_space(sp->data[i]) || sp->data[i] == ':'))
                i++;
            if (i >= sp->len || sp->data[i] != '"')
                continue;
            size_t e = ++i;
            while (e < sp->len && e - i < 64 && sp->data[e] != '"')
                e++;
            char *v = pith_strndup(p->ctx, sp->data + i, e - i);
            pith_date d;
            if (v && parse_any(v, p->day_first, &d) && pith_date_plausible(&d)) {
                add_date(ds, &d, D_PUB, 1, "json-ld");
                return;
            }
        }
}

/* Every short visible text of the page, for a page that gave no date near its headline:
 * a footer line "Veröffentlicht am", a sidebar "Posted", a forum post's header, the newest
 * entry of a listing. */
static void
gather_page_dates(page *p, const pith_meta *out, dates *ds)
{
    pith_ctx *ctx = p->ctx;
    const pith_doc *doc = p->doc;
    if (doc->body == PITH_NONE)
        return;
    int uy = 0, um = 0;
    int have_month = pith_date_month_from_url(p->url ? p->url : out->canonical_url, &uy, &um);
    uint32_t headline = out->title_node != PITH_NONE ? out->title_node
                        : p->n_h1                   ? p->h1[0]
                                                    : PITH_NONE;
    uint32_t prev_k = PITH_NONE;
    uint32_t i = doc->body, hid = 0, k, texts = 0;
    size_t first = ds->n;
    while (texts < PAGE_DATE_TEXTS && ds->n - first < PAGE_DATE_CANDS &&
           (k = next_visible_text(doc, &i, &hid)) != PITH_NONE &&
           k < doc->nodes[doc->body].end) {
        const pith_node *nd = &doc->nodes[k];
        texts++;
        if (nd->text_len > DATELINE_MAX_BYTES * 2)
            continue;
        size_t run = 0;
        for (uint32_t b = 0; b < nd->text_len && run < 4; b++)
            run = nd->text[b] >= '0' && nd->text[b] <= '9' ? run + 1 : 0;
        if (run < 4) {
            prev_k = nd->text_len >= 3 ? k : PITH_NONE; /* read only if a date follows */
            continue;
        }
        char *t = clean_n(ctx, nd->text, nd->text_len);
        if (!t || inside_tag(doc, k, GUMBO_TAG_BLOCKQUOTE, COMMENT_LEVELS) ||
            in_site_banner(doc, k, headline))
            continue;
        const char *prev = prev_k != PITH_NONE
                               ? clean_n(ctx, doc->nodes[prev_k].text, doc->nodes[prev_k].text_len)
                               : NULL;
        prev_k = k;
        size_t before = ds->n;
        add_context(ds, scan_text_dates(p, ds, t, prev, 0, "text"), date_context(doc, k));
        for (size_t c = before; c < ds->n && have_month; c++)
            if (ds->c[c].d.year == uy && ds->c[c].d.month == um)
                ds->c[c].where |= W_URL_MONTH;
    }
}

/* A date in the path of the page's image: "/uploads/2022-01-14/photo.jpg". */
static void
gather_file_name_dates(page *p, dates *ds)
{
    static const char *const keys[] = {"og:image", "og:image:url", "twitter:image", "image"};
    pith_date d;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const char *v = meta_get(p, keys[k]);
        if (v && pith_date_from_url(v, &d)) {
            add_date(ds, &d, D_PUB, 0, "file-name");
            return;
        }
    }
    if (p->ld.image && pith_date_from_url(p->ld.image, &d))
        add_date(ds, &d, D_PUB, 0, "file-name");
}

/* The page-wide choice, in order: a labelled date (not in a comment), a date in the URL's
 * month, the first date of the page (outside comments, then in them). An update date stays one:
 * a page that says only when it was updated has no publication date. */
static size_t
choose_page_date(page *p, const dates *ds, size_t from)
{
    static const struct {
        int want, avoid;
        const char *why;
    } tiers[] = {
        {W_LABELLED, W_COMMENT, "labelled"},
        {W_URL_MONTH, 0, "in the URL's month"},
        {0, W_COMMENT, "the page's first date"},
        {0, 0, "the page's first date, in a comment"},
    };
    for (size_t t = 0; t < sizeof tiers / sizeof tiers[0]; t++)
        for (size_t i = 0; i < ds->n; i++) {
            const dcand *c = &ds->c[i];
            if (i < from || !(c->kind & D_PUB))
                continue;
            if ((c->where & tiers[t].want) != tiers[t].want || (c->where & tiers[t].avoid))
                continue;
            pith_explain(p->ctx, "meta date: nothing near the headline; %s", tiers[t].why);
            return i;
        }
    return SIZE_MAX;
}

static void
choose_dates(page *p, const pith_screened *scr, pith_meta *out)
{
    pith_ctx *ctx = p->ctx;
    dates *ds = pith_calloc(ctx, 1, sizeof *ds);
    if (!ds)
        return;
    /* in order of trust */
    gather_machine_dates(p, ds);
    gather_element_dates(p, out, ds);
    if (ctx->error != PITH_OK)
        return;
    pith_date ud;
    memset(&ud, 0, sizeof ud);
    const char *u = p->url ? p->url : out->canonical_url;
    if (u && pith_date_from_url(u, &ud))
        add_date(ds, &ud, D_PUB, 1, "url");
    gather_near_title_dates(p, out, ds);
    settle_day_order(p, ds);

    size_t pub = most_trusted(p, ds);
    if (pub != SIZE_MAX) {
        pub = prefer_local_day(p, ds, pub);
        pub = prefer_backed(p, ds, pub);
        pub = prefer_shown(p, ds, pub);
    } else {
        size_t from = ds->n;
        if (!p->ld.date_published)
            gather_raw_jsonld_dates(p, scr, ds);
        if (ds->n > from) {
            pub = from;
        } else {
            gather_page_dates(p, out, ds);
            if (ctx->error != PITH_OK)
                return;
            settle_day_order(p, ds);
            pub = choose_page_date(p, ds, from);
            if (pub == SIZE_MAX) {
                from = ds->n;
                gather_file_name_dates(p, ds);
                pub = ds->n > from ? from : SIZE_MAX;
            }
        }
    }
    if (pub != SIZE_MAX) {
        out->date_published = format_date(ctx, &ds->c[pub].d);
        out->date_published_source = ds->c[pub].source;
        pith_explain(ctx, "meta date: %s from %s", out->date_published ? out->date_published : "",
                     ds->c[pub].source);
    }
    for (size_t i = 0; i < ds->n; i++) {
        if (!(ds->c[i].kind & D_MOD))
            continue;
        if (pub != SIZE_MAX && ds->c[i].day < ds->c[pub].day)
            continue;
        out->date_modified = format_date(ctx, &ds->c[i].d);
        out->date_modified_source = ds->c[i].source;
        break;
    }
    pith_free(ctx, ds);
}

/* ---------------------------------------------------------------- language */

static char *
norm_lang(pith_ctx *ctx, const char *s)
{
    char *l = clean(ctx, s);
    if (!l)
        return NULL;
    /* "en_US" -> "en-US"; "de-de, en" -> "de-de" */
    for (char *c = l; *c; c++) {
        if (*c == '_')
            *c = '-';
        if (*c == ',' || *c == ';' || *c == ' ') {
            *c = '\0';
            break;
        }
    }
    return l[0] ? l : NULL;
}

static int
day_first_for(const char *lang)
{
    if (!lang || !lang[0])
        return -1;
    if (pith_ascii_casecmp_n(lang, "en", 2) == 0 && (lang[2] == '\0' || lang[2] == '-')) {
        if (lang[2] == '\0')
            return -1;
        const char *r = lang + 3;
        if (eq_ci(r, "us") || eq_ci(r, "ph") || eq_ci(r, "ca"))
            return 0;
        return 1;
    }
    return 1;
}

/* Digits at s[i..] (up to five, so that a year of more than four shows), their value in *v;
 * the count. */
static size_t
read_digits(const char *s, size_t n, size_t i, int *v)
{
    size_t k = 0;
    *v = 0;
    while (i + k < n && k < 5 && s[i + k] >= '0' && s[i + k] <= '9')
        *v = *v * 10 + (s[i + k++] - '0');
    return k;
}

/* Texts read for other dates on the page, and the votes that settle the order. */
#define DAY_ORDER_TEXTS 4096
#define DAY_ORDER_VOTES 16

/* The order of "07/01/2022" when the language does not tell: the page's other numeric dates
 * do when one of their first two numbers is above 12 ("25/12/2021" day first, "12/25/2021"
 * month first). -1 when they do not, or disagree as often as they agree. */
static int
day_first_from_page(page *p)
{
    const pith_doc *doc = p->doc;
    if (doc->body == PITH_NONE)
        return -1;
    int votes = 0, seen = 0;
    size_t texts = 0;
    for (uint32_t i = doc->body; i < doc->nodes[doc->body].end && texts < DAY_ORDER_TEXTS &&
                                 seen < DAY_ORDER_VOTES;
         i++) {
        const pith_node *nd = &doc->nodes[i];
        if (nd->type != GUMBO_NODE_TEXT || !nd->text || nd->text_len < 8)
            continue;
        texts++;
        const char *t = nd->text;
        size_t n = nd->text_len;
        for (const char *slash = memchr(t, '/', n); slash && seen < DAY_ORDER_VOTES;
             slash = memchr(slash + 1, '/', n - (size_t)(slash + 1 - t))) {
            size_t at = (size_t)(slash - t), a0 = at;
            while (a0 > 0 && at - a0 < 2 && t[a0 - 1] >= '0' && t[a0 - 1] <= '9')
                a0--;
            int a, b, y;
            if (a0 == at || (a0 > 0 && t[a0 - 1] >= '0' && t[a0 - 1] <= '9'))
                continue;
            size_t kb = read_digits(t, n, at + 1, &b);
            if (kb < 1 || kb > 2 || at + 1 + kb >= n || t[at + 1 + kb] != '/' ||
                read_digits(t, n, at + 2 + kb, &y) != 4)
                continue;
            read_digits(t, n, a0, &a);
            if (a >= 1 && a <= 31 && b >= 1 && b <= 12 && a > 12)
                votes++, seen++;
            else if (a >= 1 && a <= 12 && b >= 1 && b <= 31 && b > 12)
                votes--, seen++;
        }
    }
    if (votes != 0)
        pith_explain(p->ctx, "meta date: %s first, from %d numeric dates on the page",
                     votes > 0 ? "day" : "month", seen);
    return votes > 0 ? 1 : votes < 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- tags */

static void
add_tag(page *p, pith_meta *out, char *t)
{
    if (!t || out->n_tags >= MAX_TAGS || strlen(t) > 100)
        return;
    char *f = fold(p->ctx, t);
    if (!f || !f[0])
        return;
    for (size_t i = 0; i < out->n_tags; i++)
        if (fold_eq(fold(p->ctx, out->tags[i]), f))
            return;
    add_string(p->ctx, &out->tags, &out->n_tags, MAX_TAGS, t);
}

static void
add_tag_list(page *p, pith_meta *out, const char *s)
{
    while (s && *s && out->n_tags < MAX_TAGS) {
        const char *c = strchr(s, ',');
        size_t n = c ? (size_t)(c - s) : strlen(s);
        add_tag(p, out, clean_n(p->ctx, s, n));
        s += n + (c ? 1 : 0);
    }
}

static void
choose_tags(page *p, pith_meta *out)
{
    const pith_doc *doc = p->doc;
    for (size_t i = 0; i < p->n_metas; i++)
        if (strcmp(p->metas[i].key, "article:tag") == 0)
            add_tag(p, out, clean(p->ctx, p->metas[i].val));
    for (size_t i = 0; i < p->ld.n_keywords; i++)
        add_tag(p, out, p->ld.keywords[i]);
    for (uint32_t i = 0; i < doc->n_nodes && out->n_tags < MAX_TAGS; i++)
        if (doc->nodes[i].tag == GUMBO_TAG_A && is_element(doc, i) &&
            has_token(attr(doc, i, "rel"), "tag"))
            add_tag(p, out, node_text(p->ctx, doc, i, 100));
    add_tag_list(p, out, meta_get(p, "keywords"));
    add_tag_list(p, out, meta_get(p, "news_keywords"));
}

/* ---------------------------------------------------------------- JSON-LD across bodies */

static void
merge_ld(pith_jsonld *into, const pith_jsonld *from)
{
#define FILL(f)                                                                                    \
    if (!into->f)                                                                                  \
    into->f = from->f
    FILL(type);
    FILL(headline);
    FILL(date_published);
    FILL(date_modified);
    FILL(publisher);
    FILL(description);
    FILL(image);
    FILL(article_body);
    FILL(section);
    FILL(in_language);
    FILL(url);
#undef FILL
    if (!into->n_authors) {
        into->authors = from->authors;
        into->n_authors = from->n_authors;
    }
    if (!into->n_keywords) {
        into->keywords = from->keywords;
        into->n_keywords = from->n_keywords;
    }
}

static void
read_all_jsonld(page *p, const pith_screened *scr)
{
    if (!scr)
        return;
    size_t total = 0;
    int best = 0;
    pith_jsonld weaker = {0};
    for (size_t i = 0; i < scr->n_jsonld; i++) {
        const pith_span *sp = &scr->jsonld[i];
        /* the total cap: see JSONLD_MAX_TOTAL */
        if (sp->len > JSONLD_MAX_BODY || total + sp->len > JSONLD_MAX_TOTAL)
            continue;
        total += sp->len;
        pith_jsonld one;
        jl_extra x;
        int r = jl_read_body(p->ctx, sp->data, sp->len, &one, &x);
        if (x.site && !p->ld_site)
            p->ld_site = x.site;
        if (p->ctx->error != PITH_OK)
            return;
        if (r < 2)
            continue;
        if (r > best) {
            if (best)
                merge_ld(&weaker, &p->ld);
            p->ld = one;
            p->ld_name = x.name;
            p->ld_persons = x.persons;
            best = r;
        } else {
            merge_ld(&weaker, &one);
        }
    }
    /* WebPage fields fill what the article object left out, except its name: a page's
     * name is the browser title, not the headline */
    if (best) {
        if (best == 3)
            weaker.headline = NULL;
        merge_ld(&p->ld, &weaker);
    }
    p->ld_rank = best;
}

/* Some sites put the article's title in application-name: then it names no site. */
static int
same_as_title(page *p, const char *s)
{
    char *f = fold(p->ctx, s);
    return fold_eq(f, fold(p->ctx, meta_get(p, "og:title"))) ||
           fold_eq(f, fold(p->ctx, p->title_tag)) ||
           fold_eq(f, fold(p->ctx, p->ld.headline));
}

/* ---------------------------------------------------------------- the stage */

pith_status
pith_metadata(pith_ctx *ctx, const pith_doc *doc, const pith_screened *scr, const char *url,
              pith_meta *out)
{
    memset(out, 0, sizeof *out);
    out->title_node = PITH_NONE;
    out->guessed_title_at = PITH_NONE;
    if (!doc || !doc->nodes || doc->n_nodes == 0)
        return ctx->error;
    page *p = pith_calloc(ctx, 1, sizeof *p);
    if (!p)
        return ctx->error;
    p->ctx = ctx;
    p->doc = doc;
    p->url = url;
    read_all_jsonld(p, scr);
    if (ctx->error != PITH_OK)
        return ctx->error;
    walk_page(p);
    if (ctx->error != PITH_OK)
        return ctx->error;

    /* language first: it tells how to read "03/04/2015" */
    char *lang = NULL;
    const char *lang_source = NULL;
    char *v;
    if ((v = norm_lang(ctx, p->html_lang)))
        lang = v, lang_source = "html-lang";
    else if ((v = norm_lang(ctx, meta_get(p, "content-language"))))
        lang = v, lang_source = "meta:content-language";
    else if ((v = norm_lang(ctx, meta_get(p, "og:locale"))))
        lang = v, lang_source = "meta:og:locale";
    else if ((v = norm_lang(ctx, p->ld.in_language)))
        lang = v, lang_source = "json-ld";
    else if ((v = norm_lang(ctx, meta_get(p, "dc.language"))))
        lang = v, lang_source = "meta:dc.language";
    else if ((v = norm_lang(ctx, meta_get(p, "language"))))
        lang = v, lang_source = "meta:language";
    out->lang = lang;
    out->lang_source = lang_source;
    p->day_first = day_first_for(lang);
    if (p->day_first < 0)
        p->day_first = day_first_from_page(p);

    /* site name */
    char *host = url_host(ctx, url);
    char *og_url = meta_get(p, "og:url");
    if (!host)
        host = url_host(ctx, p->canonical ? p->canonical : og_url);
    char *tw = meta_get(p, "twitter:site");
    if (tw && tw[0] == '@')
        tw = NULL;
    if ((v = meta_get(p, "og:site_name")))
        out->site_name = v, out->site_name_source = "meta:og:site_name";
    else if (p->ld.publisher)
        out->site_name = p->ld.publisher, out->site_name_source = "json-ld";
    else if (p->ld_site)
        out->site_name = p->ld_site, out->site_name_source = "json-ld";
    else if ((v = meta_get(p, "application-name")) && !same_as_title(p, v))
        out->site_name = v, out->site_name_source = "meta:application-name";
    else if (tw && !is_url_like(tw))
        out->site_name = tw, out->site_name_source = "meta:twitter:site";
    else if (host)
        out->site_name = host, out->site_name_source = "url-host";
    add_site_fold(p, out->site_name);
    add_site_fold(p, p->ld.publisher);
    add_site_fold(p, p->ld_site);
    if ((v = meta_get(p, "application-name")) && !same_as_title(p, v))
        add_site_fold(p, v);
    add_site_fold(p, meta_get(p, "og:site_name"));
    if (host) {
        add_site_fold(p, host);
        /* "nytimes" of nytimes.com, as titles write "NYTimes.com" or "NYTimes" */
        const char *dot = strrchr(host, '.');
        if (dot && dot != host) {
            const char *start = host;
            for (const char *c = dot; c-- > host;)
                if (*c == '.') {
                    start = c + 1;
                    break;
                }
            add_site_fold(p, pith_strndup(ctx, start, (size_t)(dot - start)));
        }
    }

    /* canonical first: the date in its path counts when no url was given */
    if (p->canonical)
        out->canonical_url = p->canonical;
    else if (og_url)
        out->canonical_url = og_url;
    else if (url)
        out->canonical_url = clean(ctx, url);

    choose_title(p, out);
    if (ctx->error != PITH_OK)
        return ctx->error;
    uint32_t near = out->title_node != PITH_NONE ? out->title_node
                                                 : (p->n_h1 ? p->h1[0] : PITH_NONE);
    choose_byline(p, out, near);
    if (ctx->error != PITH_OK)
        return ctx->error;
    choose_dates(p, scr, out);
    if (ctx->error != PITH_OK)
        return ctx->error;

    if ((v = meta_get(p, "description")) || (v = meta_get(p, "og:description")) ||
        (v = meta_get(p, "twitter:description")) || (v = p->ld.description))
        out->description = v;
    if ((v = meta_get(p, "og:image")) || (v = meta_get(p, "og:image:url")) ||
        (v = meta_get(p, "og:image:secure_url")) || (v = meta_get(p, "twitter:image")) ||
        (v = meta_get(p, "twitter:image:src")) || (v = p->ld.image))
        out->image = v;
    out->license = p->license_link ? p->license_link : p->license_cc;
    choose_tags(p, out);
    out->jsonld_body = p->ld.article_body;
    return ctx->error;
}

/* ---------------------------------------------------------------- the title, settled */

/* Words that say nothing about a story: a title made of them names a site or a section. */
static const char *const generic_title_words[] = {
    "the", "and", "for", "with", "from", "news", "online", "latest", "home", "page", "site",
    "com", "net", "org", "www", "daily", "times", "sports", "sport", "world", "top", "all",
    NULL};

static int
is_generic_title_word(const char *w, size_t n)
{
    for (size_t k = 0; generic_title_words[k]; k++)
        if (strlen(generic_title_words[k]) == n && memcmp(generic_title_words[k], w, n) == 0)
            return 1;
    return 0;
}

/* Share of a title's telling words (three letters or more, not generic) that the article's
 * prose uses, in per mille; -1 when the title has fewer than two such words. A word counts
 * when an article word starts with it ("stranding" in "strandings"). */
static int
title_support(pith_ctx *ctx, const char *title, const char *article_words,
              const char *site_words)
{
    char *tw = fold_words(ctx, title, NULL);
    if (!tw || !article_words)
        return -1;
    size_t telling = 0, found = 0;
    char probe[64];
    for (const char *s = tw + 1; *s;) {
        const char *e = strchr(s, ' ');
        if (!e)
            break;
        size_t n = (size_t)(e - s);
        probe[0] = ' ';
        if (n + 3 < sizeof probe) {
            memcpy(probe + 1, s, n);
            probe[n + 1] = ' ';
            probe[n + 2] = '\0';
        }
        /* the site's own name ("Reuters" of reuters.com) says nothing about the story */
        if (n >= 3 && n + 3 < sizeof probe && !is_generic_title_word(s, n) &&
            !(site_words && strstr(site_words, probe))) {
            telling++;
            probe[n + 1] = '\0';
            /* "draws" in an article that says "draw" */
            if (strstr(article_words, probe) ||
                (n >= 4 && s[n - 1] == 's' && (probe[n] = '\0', strstr(article_words, probe))))
                found++;
        }
        s = e + 1;
    }
    return telling >= 2 ? (int)(found * 1000 / telling) : -1;
}

/* A title that reads as a site's or a section's: parts joined by a separator, a domain, or a
 * word such as "News" or "Online". A page-specific title without these ("Replace font tags
 * test") is left alone even when the article does not repeat it. */
static int
title_names_site(pith_ctx *ctx, const char *title, const char *site)
{
    for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0]; k++)
        if (strstr(title, title_seps[k]))
            return 1;
    if (strstr(title, " : ") || strstr(title, ": ") || pith_find_ci(title, strlen(title), ".com") ||
        pith_find_ci(title, strlen(title), ".net") || pith_find_ci(title, strlen(title), ".co."))
        return 1;
    char *tw = fold_words(ctx, title, NULL);
    if (!tw)
        return 0;
    for (const char *s = tw + 1; *s;) {
        const char *e = strchr(s, ' ');
        if (!e)
            break;
        if (is_generic_title_word(s, (size_t)(e - s)) && e - s > 3)
            return 1;
        s = e + 1;
    }
    char *sf = site ? fold_words(ctx, site, NULL) : NULL;
    return sf && strlen(sf) > 2 && strstr(tw, sf) != NULL;
}

/* Prose of the article (paragraphs of a dozen words or more, so that a headline kept as
 * the first block does not vouch for itself), word-folded, up to about 8 KiB. */
static char *
article_prose_words(pith_ctx *ctx, const pith_blocks *blocks)
{
    pith_buf b;
    pith_buf_init(&b, ctx);
    /* the first few hundred blocks: a flood of one-word paragraphs costs no more */
    for (size_t i = 0; i < blocks->n && i < 400 && b.len < 8192; i++) {
        const pith_block *blk = &blocks->items[i];
        if (blk->type != PITH_BLOCK_PARAGRAPH && blk->type != PITH_BLOCK_LIST_ITEM &&
            blk->type != PITH_BLOCK_QUOTE)
            continue;
        size_t words = 0;
        if (!blk->text || !fold_words(ctx, blk->text, &words) || words < 12)
            continue;
        pith_buf_append(&b, blk->text, strlen(blk->text));
        pith_buf_append(&b, " ", 1);
    }
    return b.len ? fold_words(ctx, b.data, NULL) : NULL;
}

static int
all_caps(const char *s)
{
    int upper = 0;
    for (; *s; s++) {
        if (*s >= 'a' && *s <= 'z')
            return 0;
        upper += *s >= 'A' && *s <= 'Z';
    }
    return upper > 0;
}

/* Nodes before the article's first kept node searched for its headline, and after it. */
#define SETTLE_BEFORE_NODES 400
#define SETTLE_AFTER_NODES 200
#define SETTLE_ADJACENT_NODES 12

void
pith_metadata_settle_title(pith_ctx *ctx, const pith_doc *doc, const pith_selection *sel,
                           const pith_blocks *blocks, pith_meta *meta)
{
    /* the metadata's own titles (JSON-LD, og:title, Dublin Core) are the publisher's word */
    const char *src = meta->title_source;
    if (!sel || !sel->keep || blocks->n == 0 || doc->body == PITH_NONE)
        return;
    uint32_t first = PITH_NONE;
    for (uint32_t i = doc->body; i < doc->n_nodes; i++)
        if (sel->keep[i] == 1) {
            first = i;
            break;
        }
    if (first == PITH_NONE)
        return;
    /* a heading guessed before the article was known, found well below its start (a
     * comment form's "Post a comment"), is not its headline */
    int misplaced = src && strcmp(src, "body-headline") == 0 &&
                    meta->guessed_title_at != PITH_NONE &&
                    meta->guessed_title_at > first + SETTLE_AFTER_NODES;
    if (!misplaced && meta->title && src && strcmp(src, "title") != 0 &&
        strcmp(src, "title+body") != 0 && strcmp(src, "h1") != 0)
        return;
    /* a <title> the body shows as an element was vouched for by the page; a <title> or h1
     * must read as a site's to lose (a pun such as "Slammer for Rammer" shares no word with
     * its story either) */
    if (!misplaced && ((src && strcmp(src, "title+body") == 0) ||
                       (meta->title && !title_names_site(ctx, meta->title, meta->site_name))))
        return;
    char *prose = article_prose_words(ctx, blocks);
    if (!prose)
        return;
    char *site_words = meta->site_name ? fold_words(ctx, meta->site_name, NULL) : NULL;
    int title_score = meta->title ? title_support(ctx, meta->title, prose, site_words) : -1;
    if (title_score >= 350 && !misplaced)
        return;
    uint32_t lo = first > doc->body + SETTLE_BEFORE_NODES ? first - SETTLE_BEFORE_NODES
                                                          : doc->body + 1;
    uint32_t hi = doc->nodes[doc->body].end;
    if (hi > first + SETTLE_AFTER_NODES)
        hi = first + SETTLE_AFTER_NODES;
    char *site = meta->site_name ? fold(ctx, meta->site_name) : NULL;
    char *lead = blocks->items[0].type == PITH_BLOCK_HEADING ? fold(ctx, blocks->items[0].text)
                                                             : NULL;
    uint32_t best = PITH_NONE, hidden_end = 0;
    int best_score = 0;
    char *best_text = NULL;
    for (uint32_t i = lo; i < hi; i++) {
        if (!pith_spend(ctx, 1))
            return;
        const pith_node *n = &doc->nodes[i];
        if (n->type != GUMBO_NODE_ELEMENT)
            continue;
        if (n->hints & (PITH_HINT_HIDDEN | PITH_HINT_SKIP_TAG | PITH_HINTS_BOILERPLATE)) {
            if (n->end > hidden_end)
                hidden_end = n->end;
            continue;
        }
        if (i < hidden_end)
            continue;
        int weight;
        switch (n->tag) {
        case GUMBO_TAG_H1: weight = 40; break;
        case GUMBO_TAG_H2: weight = 30; break;
        case GUMBO_TAG_H3: case GUMBO_TAG_H4: weight = 20; break;
        case GUMBO_TAG_B: case GUMBO_TAG_STRONG: case GUMBO_TAG_FONT: weight = 10; break;
        default: weight = 0; break;
        }
        if (n->hints & PITH_HINT_TITLE)
            weight += 30;
        if (weight == 0 || n->words < 3 || n->words > 25 || n->text_chars > 200 ||
            n->link_chars * 2 > n->text_chars || (n->hints & PITH_HINT_BYLINE))
            continue;
        if (!pith_spend(ctx, n->end - i))
            return;
        char *t = node_text(ctx, doc, i, 400);
        size_t tl = t ? strlen(t) : 0;
        /* a sentence ending in a full stop is a lead paragraph set in bold, not a headline */
        if (tl == 0 || t[tl - 1] == '.' || t[tl - 1] == ':' ||
            (site && fold_eq(fold(ctx, t), site)))
            continue;
        int support = title_support(ctx, t, prose, NULL);
        /* right above the article, a heading needs less of its words in the prose */
        int adjacent = i < first && first - i <= SETTLE_ADJACENT_NODES;
        if (support < (adjacent ? 250 : 400) || support < title_score + 250)
            continue;
        /* a sentence-like headline over a short label; capitals throughout mark a section */
        int score = support + weight * 4 + (int)(n->words > 12 ? 12 : n->words) * 20 -
                    (all_caps(t) ? 100 : 0);
        /* the article opens with it */
        if (lead && fold_eq(fold(ctx, t), lead))
            score += 300;
        if (score > best_score) {
            best_score = score;
            best = i;
            best_text = t;
        }
    }
    if (best == PITH_NONE)
        return;
    pith_explain(ctx, "meta title: '%s' from a heading before the article, whose prose uses "
                 "its words (the title '%s' from %s: %d per mille)", best_text,
                 meta->title ? meta->title : "", src ? src : "none", title_score);
    meta->title = best_text;
    meta->title_source = "article-heading";
    meta->title_node = best;
}
