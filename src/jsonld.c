/* SPDX-License-Identifier: MIT */
/*
 * The JSON-LD reader: the fields of a page's Article-like object (NewsArticle, BlogPosting,
 * ...) from its <script type="application/ld+json"> bodies, which the screen set aside.
 *
 * Contract. Input: script bodies as the page gives them, which may be wrapped in <!-- -->,
 * CDATA or a JS comment, hold several concatenated values, be a @graph of objects that refer
 * to each other by @id, or HTML-escape their strings. Output: arena strings, entity-decoded
 * and whitespace-collapsed, or NULL. Bad JSON is no error: that body reads as nothing.
 * json-c parses; it allocates outside the arena, so the bytes it sees are capped, and every
 * walk of its tree keeps its own stack.
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
        return pith_tidy_n(ctx, s, n);
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
        while (j < n && j - i < 12 && s[j] != ';' && s[j] != '&' && !pith_is_html_space((unsigned char)s[j]))
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
                    else if (hex && pith_ascii_lower((unsigned char)c) >= 'a' &&
                             pith_ascii_lower((unsigned char)c) <= 'f')
                        v = (uint32_t)(pith_ascii_lower((unsigned char)c) - 'a' + 10);
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
    char *r = pith_tidy_n(ctx, b.data, b.len);
    pith_free(ctx, b.data);
    return r;
}

/* ---------------------------------------------------------------- one script body */

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

/* The first string found from v within max_hops: v itself, an array's first element, or an
 * object's key (else its fallback key), references followed. */
static char *
jfollow(pith_ctx *ctx, const jl_walk *w, json_object *v, int max_hops, const char *key,
        const char *fallback)
{
    for (int hops = 0; v && hops < max_hops; hops++) {
        if (json_object_is_type(v, json_type_string))
            return jcopy(ctx, v);
        if (json_object_is_type(v, json_type_array)) {
            v = json_object_array_length(v) ? json_object_array_get_idx(v, 0) : NULL;
        } else if (json_object_is_type(v, json_type_object)) {
            v = resolve(w, v);
            json_object *x = jget(v, key);
            v = x ? x : jget(v, fallback);
        } else {
            return NULL;
        }
    }
    return NULL;
}

/* A string, or the first string of an array, or an object's @value / name. */
static char *
jstr(pith_ctx *ctx, const jl_walk *w, json_object *v)
{
    return jfollow(ctx, w, v, 4, "@value", "name");
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

/* author: "Name", {"name": ...}, {"@id": ref}, arrays of these, nested. */
static void
jl_authors(pith_ctx *ctx, const jl_walk *w, json_object *v, pith_jsonld *out)
{
    json_object *st[64];
    size_t top = 0;
    st[top++] = v;
    while (top > 0 && out->n_authors < PITH_MAX_AUTHORS) {
        json_object *o = st[--top];
        if (!o)
            continue;
        if (json_object_is_type(o, json_type_string)) {
            pith_add_string(ctx, &out->authors, &out->n_authors, PITH_MAX_AUTHORS, jcopy(ctx, o));
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
                pith_add_string(ctx, &out->authors, &out->n_authors, PITH_MAX_AUTHORS,
                                jcopy(ctx, name));
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
                        pith_add_string(ctx, &out->authors, &out->n_authors,
                                        PITH_MAX_AUTHORS, b.data);
                }
            }
        }
    }
}

static char *
jl_image(pith_ctx *ctx, const jl_walk *w, json_object *v)
{
    return jfollow(ctx, w, v, 6, "url", "contentUrl");
}

static void
jl_keywords(pith_ctx *ctx, json_object *v, pith_jsonld *out)
{
    if (!v)
        return;
    if (json_object_is_type(v, json_type_string)) {
        const char *s = json_object_get_string(v);
        while (*s && out->n_keywords < PITH_MAX_TAGS) {
            const char *c = strchr(s, ',');
            size_t n = c ? (size_t)(c - s) : strlen(s);
            pith_add_string(ctx, &out->keywords, &out->n_keywords, PITH_MAX_TAGS,
                            decode_entities(ctx, s, n));
            s += n + (c ? 1 : 0);
        }
    } else if (json_object_is_type(v, json_type_array)) {
        size_t n = json_object_array_length(v);
        for (size_t i = 0; i < n && out->n_keywords < PITH_MAX_TAGS; i++)
            pith_add_string(ctx, &out->keywords, &out->n_keywords, PITH_MAX_TAGS,
                       jcopy(ctx, json_object_array_get_idx(v, i)));
    }
}

/* Fills out from the best object of one parsed tree; returns its rank (0 when none). */
static int
jl_read_tree(pith_ctx *ctx, json_object *root, pith_jsonld *out, pith_jsonld_extra *x)
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
        out->type = tname ? pith_tidy(ctx, tname) : NULL;
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
            while (j < n && pith_is_html_space((unsigned char)s[j]))
                j++;
            if (j < n && (s[j] == '{' || s[j] == '[' || s[j] == '"' || s[j] == ']'))
                return i;
        }
    }
    return n;
}

/* Parses one script body (several concatenated values allowed); rank of the best object. */
static int
jl_read_body(pith_ctx *ctx, const char *json, size_t len, pith_jsonld *out, pith_jsonld_extra *x)
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
        pith_jsonld_extra ox = {x->site, NULL, NULL};
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
    pith_jsonld_extra x;
    return jl_read_body(ctx, json, len, out, &x) >= 2;
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

void
pith_jsonld_read_page(pith_ctx *ctx, const pith_screened *scr, pith_jsonld *ld,
                      pith_jsonld_extra *xp)
{
    memset(ld, 0, sizeof *ld);
    memset(xp, 0, sizeof *xp);
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
        pith_jsonld_extra x;
        int r = jl_read_body(ctx, sp->data, sp->len, &one, &x);
        if (x.site && !xp->site)
            xp->site = x.site;
        if (ctx->error != PITH_OK)
            return;
        if (r < 2)
            continue;
        if (r > best) {
            if (best)
                merge_ld(&weaker, ld);
            *ld = one;
            xp->name = x.name;
            xp->persons = x.persons;
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
        merge_ld(ld, &weaker);
    }
}
