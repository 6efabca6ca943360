/* SPDX-License-Identifier: MIT */
/* Metadata (src/metadata.c): the JSON-LD reader on its own, then the whole pipeline up to
 * pith_metadata on small hand-written pages. Every expected value is read off the input by
 * hand. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datasets.h"
#include "internal.h"

static pith_options
test_options(void)
{
    pith_options o;
    memset(&o, 0, sizeof o);
    o.max_input_bytes = (size_t)64 << 20;
    o.max_nodes = (size_t)1 << 21;
    o.max_depth = 256;
    o.max_attributes = 64;
    o.max_memory = (size_t)1 << 30;
    o.max_work = (uint64_t)1 << 34;
    o.max_output_bytes = (size_t)1 << 28;
    return o;
}

/* ---------------------------------------------------------------- pith_jsonld_read */

typedef struct jl_fixture {
    pith_options o;
    pith_ctx ctx;
    pith_jsonld ld;
    int ok;
} jl_fixture;

static void
jl_run(jl_fixture *f, const char *json)
{
    f->o = test_options();
    pith_ctx_init(&f->ctx, &f->o);
    f->ok = pith_jsonld_read(&f->ctx, json, strlen(json), &f->ld);
}

START_TEST(jsonld_news_article)
{
    jl_fixture f;
    jl_run(&f, "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
               "\"headline\":\"  Storm   hits coast \",\"datePublished\":\"2019-01-03T07:00:02Z\","
               "\"dateModified\":\"2019-01-04\",\"author\":{\"@type\":\"Person\",\"name\":\"Ann Lee\"},"
               "\"publisher\":{\"@type\":\"Organization\",\"name\":\"The Daily\"},"
               "\"description\":\"What happened\",\"image\":\"https://x.test/a.jpg\","
               "\"articleBody\":\"Body text.\",\"articleSection\":\"World\",\"inLanguage\":\"en-GB\","
               "\"keywords\":\"storm, coast ,weather\"}");
    ck_assert_int_eq(f.ok, 1);
    ck_assert_str_eq(f.ld.type, "NewsArticle");
    ck_assert_str_eq(f.ld.headline, "Storm hits coast");
    ck_assert_str_eq(f.ld.date_published, "2019-01-03T07:00:02Z");
    ck_assert_str_eq(f.ld.date_modified, "2019-01-04");
    ck_assert_uint_eq(f.ld.n_authors, 1);
    ck_assert_str_eq(f.ld.authors[0], "Ann Lee");
    ck_assert_str_eq(f.ld.publisher, "The Daily");
    ck_assert_str_eq(f.ld.description, "What happened");
    ck_assert_str_eq(f.ld.image, "https://x.test/a.jpg");
    ck_assert_str_eq(f.ld.article_body, "Body text.");
    ck_assert_str_eq(f.ld.section, "World");
    ck_assert_str_eq(f.ld.in_language, "en-GB");
    ck_assert_uint_eq(f.ld.n_keywords, 3);
    ck_assert_str_eq(f.ld.keywords[0], "storm");
    ck_assert_str_eq(f.ld.keywords[1], "coast");
    ck_assert_str_eq(f.ld.keywords[2], "weather");
    pith_ctx_release(&f.ctx);
}
END_TEST

/* Yoast-style: @graph with WebPage first, the Article later, author and publisher by @id. */
START_TEST(jsonld_graph_with_references)
{
    jl_fixture f;
    jl_run(&f, "{\"@context\":\"https://schema.org\",\"@graph\":["
               "{\"@type\":\"WebPage\",\"@id\":\"https://s.test/p#webpage\",\"name\":\"P - Site\"},"
               "{\"@type\":\"Organization\",\"@id\":\"https://s.test/#org\",\"name\":\"Site Org\"},"
               "{\"@type\":[\"Article\",\"BlogPosting\"],\"headline\":\"Real headline\","
               "\"author\":{\"@id\":\"https://s.test/#/person/1\"},"
               "\"publisher\":{\"@id\":\"https://s.test/#org\"},"
               "\"image\":{\"@type\":\"ImageObject\",\"url\":\"https://s.test/i.png\"},"
               "\"keywords\":[\"one\",\"two\"]},"
               "{\"@type\":\"Person\",\"@id\":\"https://s.test/#/person/1\",\"name\":\"Bo Ek\"}]}");
    ck_assert_int_eq(f.ok, 1);
    ck_assert_str_eq(f.ld.headline, "Real headline");
    ck_assert_uint_eq(f.ld.n_authors, 1);
    ck_assert_str_eq(f.ld.authors[0], "Bo Ek");
    ck_assert_str_eq(f.ld.publisher, "Site Org");
    ck_assert_str_eq(f.ld.image, "https://s.test/i.png");
    ck_assert_uint_eq(f.ld.n_keywords, 2);
    ck_assert_str_eq(f.ld.keywords[1], "two");
    pith_ctx_release(&f.ctx);
}
END_TEST

START_TEST(jsonld_top_level_array_and_author_forms)
{
    jl_fixture f;
    jl_run(&f, "[{\"@type\":\"BreadcrumbList\",\"name\":\"crumbs\"},"
               "{\"@type\":\"ReportageNewsArticle\",\"headline\":\"H\","
               "\"author\":[\"Ann One\",{\"@type\":\"Person\",\"name\":\"Bob Two\"},"
               "[{\"name\":{\"@value\":\"Cy Three\"}}],{\"givenName\":\"Di\",\"familyName\":\"Four\"}],"
               "\"image\":[{\"@type\":\"ImageObject\",\"contentUrl\":\"https://i.test/1.jpg\"},"
               "\"https://i.test/2.jpg\"]}]");
    ck_assert_int_eq(f.ok, 1);
    ck_assert_str_eq(f.ld.type, "ReportageNewsArticle");
    ck_assert_uint_eq(f.ld.n_authors, 4);
    ck_assert_str_eq(f.ld.authors[0], "Ann One");
    ck_assert_str_eq(f.ld.authors[1], "Bob Two");
    ck_assert_str_eq(f.ld.authors[2], "Cy Three");
    ck_assert_str_eq(f.ld.authors[3], "Di Four");
    ck_assert_str_eq(f.ld.image, "https://i.test/1.jpg");
    pith_ctx_release(&f.ctx);
}
END_TEST

/* An Article nested inside a WebPage's mainEntity beats the page itself. */
START_TEST(jsonld_nested_article_beats_webpage)
{
    jl_fixture f;
    jl_run(&f, "{\"@type\":\"WebPage\",\"name\":\"Page name\",\"mainEntity\":"
               "{\"@type\":\"OpinionNewsArticle\",\"headline\":\"Nested\"}}");
    ck_assert_int_eq(f.ok, 1);
    ck_assert_str_eq(f.ld.headline, "Nested");
    pith_ctx_release(&f.ctx);

    jl_run(&f, "{\"@type\":\"WebPage\",\"name\":\"Only a page\"}");
    ck_assert_int_eq(f.ok, 1);
    ck_assert_str_eq(f.ld.type, "WebPage");
    ck_assert_str_eq(f.ld.headline, "Only a page");
    pith_ctx_release(&f.ctx);

    jl_run(&f, "{\"@type\":\"http://schema.org/TechArticle\",\"headline\":\"IRI type\"}");
    ck_assert_int_eq(f.ok, 1);
    ck_assert_str_eq(f.ld.headline, "IRI type");
    pith_ctx_release(&f.ctx);
}
END_TEST

START_TEST(jsonld_entities_decoded)
{
    jl_fixture f;
    jl_run(&f, "{\"@type\":\"Article\",\"headline\":\"Tom &amp; Jerry&#8217;s &#x201C;day&#x201D; "
               "&hellip; &bogus; &#;\"}");
    ck_assert_int_eq(f.ok, 1);
    ck_assert_str_eq(f.ld.headline,
                     "Tom & Jerry\xe2\x80\x99s \xe2\x80\x9c"
                     "day\xe2\x80\x9d \xe2\x80\xa6 &bogus; &#;");
    pith_ctx_release(&f.ctx);
}
END_TEST

START_TEST(jsonld_rejects)
{
    jl_fixture f;
    /* not article-like */
    jl_run(&f, "{\"@type\":\"Organization\",\"name\":\"Org\"}");
    ck_assert_int_eq(f.ok, 0);
    pith_ctx_release(&f.ctx);
    /* broken JSON */
    jl_run(&f, "{\"@type\":\"Article\",\"headline\":");
    ck_assert_int_eq(f.ok, 0);
    pith_ctx_release(&f.ctx);
    jl_run(&f, "");
    ck_assert_int_eq(f.ok, 0);
    pith_ctx_release(&f.ctx);
    jl_run(&f, "not json at all");
    ck_assert_int_eq(f.ok, 0);
    pith_ctx_release(&f.ctx);
}
END_TEST

/* Nesting past the tokener's depth limit fails cleanly instead of recursing without bound. */
START_TEST(jsonld_depth_limit)
{
    size_t depth = 100000;
    char *s = malloc(depth * 2 + 64);
    ck_assert_ptr_nonnull(s);
    size_t n = 0;
    n += (size_t)sprintf(s, "{\"@type\":\"Article\",\"x\":");
    for (size_t i = 0; i < depth; i++)
        s[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        s[n++] = ']';
    s[n++] = '}';
    s[n] = '\0';
    jl_fixture f;
    jl_run(&f, s);
    ck_assert_int_eq(f.ok, 0);
    pith_ctx_release(&f.ctx);
    /* 30 levels is within the limit and still read */
    n = (size_t)sprintf(s, "{\"@type\":\"Article\",\"headline\":\"deep ok\",\"x\":");
    for (size_t i = 0; i < 29; i++)
        s[n++] = '[';
    for (size_t i = 0; i < 29; i++)
        s[n++] = ']';
    s[n++] = '}';
    s[n] = '\0';
    jl_run(&f, s);
    ck_assert_int_eq(f.ok, 1);
    ck_assert_str_eq(f.ld.headline, "deep ok");
    pith_ctx_release(&f.ctx);
    free(s);
}
END_TEST

START_TEST(jsonld_size_limit)
{
    /* just over 1 MiB: refused without parsing */
    size_t big = ((size_t)1 << 20) + 16;
    char *s = malloc(big + 1);
    ck_assert_ptr_nonnull(s);
    const char *head = "{\"@type\":\"Article\",\"headline\":\"x\",\"pad\":\"";
    size_t hl = strlen(head);
    memcpy(s, head, hl);
    memset(s + hl, 'a', big - hl - 2);
    memcpy(s + big - 2, "\"}", 2);
    s[big] = '\0';
    jl_fixture f;
    jl_run(&f, s);
    ck_assert_int_eq(f.ok, 0);
    pith_ctx_release(&f.ctx);
    /* the same shape under the cap is read */
    size_t small = (size_t)1 << 19;
    memcpy(s + small - 2, "\"}", 2);
    s[small] = '\0';
    jl_run(&f, s);
    ck_assert_int_eq(f.ok, 1);
    ck_assert_str_eq(f.ld.headline, "x");
    pith_ctx_release(&f.ctx);
    free(s);
}
END_TEST

/* Wrappers templates leave around the JSON, and two values in one script. */
START_TEST(jsonld_wrapped_and_concatenated)
{
    jl_fixture f;
    jl_run(&f, "//<![CDATA[\n{\"@type\":\"WebSite\",\"name\":\"S\"}\n"
               "{\"@type\":\"BlogPosting\",\"headline\":\"Second value\"}\n//]]>");
    ck_assert_int_eq(f.ok, 1);
    ck_assert_str_eq(f.ld.headline, "Second value");
    pith_ctx_release(&f.ctx);
}
END_TEST

/* The reader fails cleanly at every memory budget (no leak under ASan, no crash). */
START_TEST(jsonld_memory_limit)
{
    const char *json = "{\"@graph\":[{\"@type\":\"NewsArticle\",\"headline\":\"A headline\","
                       "\"author\":[{\"name\":\"X Y\"},{\"name\":\"Z W\"}],\"keywords\":\"a,b,c\"}]}";
    int succeeded = 0;
    for (size_t limit = 0; limit <= ((size_t)1 << 20) && !succeeded; limit += 4096) {
        pith_options o = test_options();
        o.max_memory = limit;
        pith_ctx ctx;
        pith_ctx_init(&ctx, &o);
        pith_jsonld ld;
        int ok = pith_jsonld_read(&ctx, json, strlen(json), &ld);
        if (ok && ctx.error == PITH_OK) {
            ck_assert_str_eq(ld.headline, "A headline");
            succeeded = 1;
        }
        pith_ctx_release(&ctx);
    }
    ck_assert_int_eq(succeeded, 1);
}
END_TEST

/* ---------------------------------------------------------------- the pipeline */

typedef struct run {
    pith_options o;
    pith_ctx ctx;
    pith_meta m;
    pith_status st;
    pith_buf explain;
} run;

/* decode -> screen -> parse -> metadata. jsonld, when given, stands for the script bodies the
 * screen sets aside, so these tests do not depend on how the screen finds them. */
static void
run_page(run *r, const char *html, const char *jsonld, const char *url)
{
    r->o = test_options();
    r->o.explain = 1;
    pith_ctx_init(&r->ctx, &r->o);
    pith_buf_init(&r->explain, &r->ctx);
    r->ctx.explain = &r->explain;
    pith_decoded dec;
    r->st = pith_decode(&r->ctx, html, strlen(html), NULL, &dec);
    ck_assert_int_eq(r->st, PITH_OK);
    pith_screened scr;
    r->st = pith_screen(&r->ctx, dec.text, dec.len, &scr);
    ck_assert_int_eq(r->st, PITH_OK);
    pith_span span;
    if (jsonld) {
        span.data = jsonld;
        span.len = strlen(jsonld);
        scr.jsonld = &span;
        scr.n_jsonld = 1;
    }
    pith_doc doc;
    r->st = pith_parse(&r->ctx, &scr, &doc);
    ck_assert_int_eq(r->st, PITH_OK);
    r->st = pith_metadata(&r->ctx, &doc, &scr, url, &r->m);
    ck_assert_int_eq(r->st, PITH_OK);
    if (r->m.title_node != PITH_NONE)
        ck_assert_uint_lt(r->m.title_node, doc.n_nodes);
}

static void
done(run *r)
{
    pith_ctx_release(&r->ctx);
}

#define ck_str_or_null(got, want)                                                                  \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (!w_)                                                                                   \
            ck_assert_msg(g_ == NULL, "expected NULL, got '%s'", g_);                              \
        else {                                                                                     \
            ck_assert_msg(g_ != NULL, "expected '%s', got NULL", w_);                              \
            ck_assert_str_eq(g_, w_);                                                              \
        }                                                                                          \
    } while (0)

START_TEST(page_jsonld_wins)
{
    run r;
    run_page(&r,
             "<html lang=en-gb><head><title>Storm hits coast | The Daily</title>"
             "<meta property=og:title content='Storm hits coast'>"
             "<meta name=author content='Someone Else'>"
             "<meta property='article:published_time' content='2019-01-02T10:00:00Z'>"
             "</head><body><h1>Storm hits coast</h1><p>Text.</p></body></html>",
             "{\"@type\":\"NewsArticle\",\"headline\":\"Storm hits coast\","
             "\"datePublished\":\"2019-01-03T07:00:02+01:00\",\"dateModified\":\"2019-01-05\","
             "\"author\":[{\"name\":\"Ann Lee\"},{\"name\":\"Bo Ek\"}],"
             "\"publisher\":{\"name\":\"The Daily\"},\"articleBody\":\"Full body.\"}",
             NULL);
    ck_assert_str_eq(r.m.title, "Storm hits coast");
    ck_assert_str_eq(r.m.title_source, "json-ld");
    ck_assert_uint_ne(r.m.title_node, PITH_NONE);
    ck_assert_str_eq(r.m.byline, "Ann Lee, Bo Ek");
    ck_assert_uint_eq(r.m.n_authors, 2);
    ck_assert_str_eq(r.m.byline_source, "json-ld");
    ck_assert_str_eq(r.m.date_published, "2019-01-03T07:00:02+01:00");
    ck_assert_str_eq(r.m.date_published_source, "json-ld");
    ck_assert_str_eq(r.m.date_modified, "2019-01-05");
    ck_assert_str_eq(r.m.site_name, "The Daily");
    ck_assert_str_eq(r.m.site_name_source, "json-ld");
    ck_assert_str_eq(r.m.lang, "en-gb");
    ck_assert_str_eq(r.m.lang_source, "html-lang");
    ck_assert_str_eq(r.m.jsonld_body, "Full body.");
    /* the losers are explained */
    ck_assert_ptr_nonnull(r.explain.data);
    ck_assert_ptr_nonnull(strstr(r.explain.data, "meta title: candidate"));
    ck_assert_ptr_nonnull(strstr(r.explain.data, "Someone Else"));
    done(&r);
}
END_TEST

START_TEST(page_meta_sources)
{
    run r;
    run_page(&r,
             "<html><head><title>Plain title</title>"
             "<meta property='og:title' content='The OG title'>"
             "<meta name='twitter:title' content='The Twitter title'>"
             "<meta property='og:site_name' content='Site One'>"
             "<meta property='og:locale' content='pt_BR'>"
             "<meta name='description' content='  A   description '>"
             "<meta property='og:image' content='https://img.test/og.png'>"
             "<meta name='twitter:image' content='https://img.test/tw.png'>"
             "<meta property='article:tag' content='Alpha'><meta property='article:tag' content='beta'>"
             "<meta name='keywords' content='alpha, Gamma'>"
             "<meta property='og:url' content='https://site.test/og'>"
             "<link rel='license' href='https://creativecommons.org/licenses/by/4.0/'>"
             "<meta name='sailthru.author' content='Cara Dunn'>"
             "<meta property='article:modified_time' content='2016-02-03'>"
             "<meta name='parsely-pub-date' content='2016-02-01T09:00:00Z'>"
             "</head><body><p>x</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "The OG title");
    ck_assert_str_eq(r.m.title_source, "meta:og:title");
    ck_assert_str_eq(r.m.site_name, "Site One");
    ck_assert_str_eq(r.m.site_name_source, "meta:og:site_name");
    ck_assert_str_eq(r.m.lang, "pt-BR");
    ck_assert_str_eq(r.m.lang_source, "meta:og:locale");
    ck_assert_str_eq(r.m.description, "A description");
    ck_assert_str_eq(r.m.image, "https://img.test/og.png");
    ck_assert_uint_eq(r.m.n_tags, 3);
    ck_assert_str_eq(r.m.tags[0], "Alpha");
    ck_assert_str_eq(r.m.tags[1], "beta");
    ck_assert_str_eq(r.m.tags[2], "Gamma");
    ck_assert_str_eq(r.m.canonical_url, "https://site.test/og");
    ck_assert_str_eq(r.m.license, "https://creativecommons.org/licenses/by/4.0/");
    ck_assert_str_eq(r.m.byline, "Cara Dunn");
    ck_assert_str_eq(r.m.byline_source, "meta:sailthru.author");
    ck_assert_str_eq(r.m.date_published, "2016-02-01T09:00:00+00:00");
    ck_assert_str_eq(r.m.date_published_source, "meta:parsely-pub-date");
    ck_assert_str_eq(r.m.date_modified, "2016-02-03");
    ck_assert_str_eq(r.m.date_modified_source, "meta:article:modified_time");
    done(&r);
}
END_TEST

/* twitter:title when there is no og:title; <title> when there is neither. */
START_TEST(page_title_fallbacks)
{
    run r;
    run_page(&r,
             "<html><head><title>T tag</title><meta name='twitter:title' content='Tw title'>"
             "</head><body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Tw title");
    ck_assert_str_eq(r.m.title_source, "meta:twitter:title");
    done(&r);
    run_page(&r, "<html><head><title>Only the title tag</title></head><body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Only the title tag");
    ck_assert_str_eq(r.m.title_source, "title");
    ck_assert_uint_eq(r.m.title_node, PITH_NONE);
    done(&r);
    run_page(&r, "<html><body><h1>Only a heading</h1></body></html>", NULL, NULL);
    ck_assert_str_eq(r.m.title, "Only a heading");
    ck_assert_str_eq(r.m.title_source, "h1");
    done(&r);
}
END_TEST

/* " | Site" goes when the site is known, or when the rest is the h1; "Site - " too. */
START_TEST(page_site_suffix_stripped)
{
    run r;
    run_page(&r,
             "<html><head><title>How to Build a Box | Boxes Daily</title>"
             "<meta property='og:site_name' content='Boxes Daily'></head>"
             "<body><p>no heading</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "How to Build a Box");
    done(&r);
    /* prefix form, matched against the h1 (the site name is unknown) */
    run_page(&r,
             "<html><head><title>Example News - Council votes to rebuild bridge</title></head>"
             "<body><nav><h1>Menu</h1></nav>"
             "<div><h1>Council votes to rebuild bridge</h1><p>t</p></div></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Council votes to rebuild bridge");
    ck_assert_uint_ne(r.m.title_node, PITH_NONE);
    done(&r);
    /* the host name as the suffix: " :: Example" on example.org */
    run_page(&r,
             "<html><head><title>Quiet week ends \xe2\x80\x94 Example</title></head><body></body></html>",
             NULL, "https://www.example.org/a/b");
    ck_assert_str_eq(r.m.title, "Quiet week ends");
    done(&r);
    /* no evidence: a dash in the title stays */
    run_page(&r,
             "<html><head><title>Spider-Man - the review</title></head><body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Spider-Man - the review");
    done(&r);
    /* a part that calls itself a site; "the review" above does not */
    run_page(&r,
             "<html><head><title>Quiet week ends \xe2\x80\x93 My website</title></head>"
             "<body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Quiet week ends");
    done(&r);
    run_page(&r,
             "<html><head><title>Web site of the week - Quiet week ends</title></head>"
             "<body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Web site of the week - Quiet week ends");
    done(&r);
}
END_TEST

/* og:title that is just the site name loses to the article's heading. */
START_TEST(page_bare_site_name_never_title)
{
    run r;
    run_page(&r,
             "<html><head><title>Gazette</title>"
             "<meta property='og:title' content='Gazette'>"
             "<meta property='og:site_name' content='Gazette'></head>"
             "<body><h1>Harbour reopens after storm</h1></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Harbour reopens after storm");
    ck_assert_str_eq(r.m.title_source, "h1");
    done(&r);
    run_page(&r,
             "<html><head><title>Gazette</title><meta property='og:site_name' content='Gazette'>"
             "</head><body></body></html>",
             NULL, NULL);
    ck_assert_ptr_null(r.m.title);
    done(&r);
}
END_TEST

START_TEST(page_hidden_h1_ignored)
{
    run r;
    run_page(&r,
             "<html><body><div style='display:none'><h1>Hidden heading</h1></div>"
             "<h1>Visible heading</h1></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Visible heading");
    done(&r);
}
END_TEST

START_TEST(page_by_x_and_y)
{
    run r;
    run_page(&r,
             "<html><head><title>Rates rise</title></head><body><article><h1>Rates rise</h1>"
             "<p>By Jane Roe and John Doe</p><p>Body text of the article.</p></article></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Jane Roe, John Doe");
    ck_assert_uint_eq(r.m.n_authors, 2);
    ck_assert_str_eq(r.m.authors[1], "John Doe");
    ck_assert_str_eq(r.m.byline_source, "text");
    done(&r);
    /* "Von X und Y" split over elements */
    run_page(&r,
             "<html><body><h1>Titel</h1><div><span>Von </span><a href=/a>Anna Berg</a> und "
             "<a href=/b>Carl Dorn</a></div></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Anna Berg, Carl Dorn");
    done(&r);
}
END_TEST

START_TEST(page_byline_cleaning)
{
    run r;
    /* class=byline with a role after the comma, a handle and a date */
    run_page(&r,
             "<html lang=en-US><body><h1>Headline here</h1>"
             "<div class='byline'>By Mary Major, Staff Writer @mmajor March 3, 2015</div>"
             "</body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Mary Major");
    ck_assert_str_eq(r.m.byline_source, "byline-class");
    done(&r);
    /* X, Y & Z with an e-mail; duplicates folded */
    run_page(&r,
             "<html><head><meta name='author' content='Ann A, bob b &amp; Cy C, Ann A "
             "ann@example.com'></head><body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Ann A, bob b, Cy C");
    done(&r);
    /* itemprop=author with an itemprop=name child; article:author URL skipped */
    run_page(&r,
             "<html><head><meta property='article:author' content='https://fb.test/someone'>"
             "</head><body><h1>T</h1><span itemprop='author' itemscope>"
             "<span>Written by</span> <span itemprop='name'>Dee Fox</span></span></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Dee Fox");
    ck_assert_str_eq(r.m.byline_source, "itemprop");
    done(&r);
    /* rel=author link text; the site name is never the author */
    run_page(&r,
             "<html><head><meta name='author' content='The Gazette'>"
             "<meta property='og:site_name' content='The Gazette'></head>"
             "<body><a rel='author' href='/u/e'>Eve Gray</a></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Eve Gray");
    ck_assert_str_eq(r.m.byline_source, "rel-author");
    done(&r);
}
END_TEST

START_TEST(page_dates_from_markup)
{
    run r;
    /* itemprop on an element, datetime attribute */
    run_page(&r,
             "<html><body><h1>T</h1><span itemprop='datePublished' datetime='2014-05-06'>May 6"
             "</span><meta itemprop='dateModified' content='2014-05-08'></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.date_published, "2014-05-06");
    ck_assert_str_eq(r.m.date_published_source, "itemprop");
    ck_assert_str_eq(r.m.date_modified, "2014-05-08");
    done(&r);
    /* <time> near the title beats an earlier one in the sidebar */
    run_page(&r,
             "<html><body><aside><time datetime='2013-01-01'>old</time></aside>"
             "<h1>T</h1><p><time datetime='2013-07-09T10:11:12-04:00'>July 9</time></p>"
             "</body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.date_published, "2013-07-09T10:11:12-04:00");
    ck_assert_str_eq(r.m.date_published_source, "time");
    done(&r);
    /* the URL path */
    run_page(&r, "<html><body><h1>T</h1></body></html>", NULL,
             "https://news.test/2012/11/30/some-story");
    ck_assert_str_eq(r.m.date_published, "2012-11-30");
    ck_assert_str_eq(r.m.date_published_source, "url");
    ck_assert_str_eq(r.m.site_name, "news.test");
    ck_assert_str_eq(r.m.site_name_source, "url-host");
    ck_assert_str_eq(r.m.canonical_url, "https://news.test/2012/11/30/some-story");
    done(&r);
    /* JSON-LD gives the instant in UTC (the next day there), og the publisher's zone: the
     * trusted source's instant, written as the page's zone writes it */
    static const char utc_ld[] =
        "{\"@type\":\"NewsArticle\",\"headline\":\"T\","
        "\"datePublished\":\"2017-02-24T01:18:13+00:00\"}";
    run_page(&r,
             "<html><head><meta property='article:published_time' "
             "content='2017-02-23T17:18:13-08:00'></head><body><h1>T</h1></body></html>",
             utc_ld, NULL);
    ck_assert_str_eq(r.m.date_published, "2017-02-23T17:18:13-08:00");
    ck_assert_str_eq(r.m.date_published_source, "json-ld");
    done(&r);
    /* a different instant is another claim, and the trusted one stands */
    run_page(&r,
             "<html><head><meta property='article:published_time' "
             "content='2017-02-23T17:19:13-08:00'></head><body><h1>T</h1></body></html>",
             utc_ld, NULL);
    ck_assert_str_eq(r.m.date_published, "2017-02-24T01:18:13+00:00");
    done(&r);
}
END_TEST

START_TEST(page_dates_from_text)
{
    run r;
    /* "Updated" makes the second date the modified one */
    run_page(&r,
             "<html lang=en-US><body><h1>Floods</h1>"
             "<p>April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm</p>"
             "<p>Text.</p></body></html>",
             NULL, NULL);
    ck_assert_ptr_nonnull(r.m.date_published);
    ck_assert_int_eq(strncmp(r.m.date_published, "2019-04-28", 10), 0);
    ck_assert_str_eq(r.m.date_published_source, "text");
    ck_assert_ptr_nonnull(r.m.date_modified);
    ck_assert_int_eq(strncmp(r.m.date_modified, "2019-04-29", 10), 0);
    done(&r);
    /* only an "aktualisiert" date: not the published one */
    run_page(&r,
             "<html lang=de><body><h1>Titel</h1><p>Zuletzt aktualisiert: 7. Januar 2022</p>"
             "</body></html>",
             NULL, NULL);
    ck_assert_ptr_null(r.m.date_published);
    ck_assert_ptr_nonnull(r.m.date_modified);
    ck_assert_int_eq(strncmp(r.m.date_modified, "2022-01-07", 10), 0);
    done(&r);
    /* day first from the language: 03/04/2015 is 3 April in en-GB, March 4 in en-US */
    run_page(&r, "<html lang=en-GB><body><h1>T</h1><p>Posted 03/04/2015</p></body></html>",
             NULL, NULL);
    ck_str_or_null(r.m.date_published, "2015-04-03");
    done(&r);
    run_page(&r, "<html lang=en-US><body><h1>T</h1><p>Posted 03/04/2015</p></body></html>",
             NULL, NULL);
    ck_str_or_null(r.m.date_published, "2015-03-04");
    done(&r);
    /* no language: the page's other numeric dates tell, when one of them could only be read
     * one way (02/13 is month first, 25/03 day first) */
    run_page(&r,
             "<html><body><h1>T</h1><p>Posted 03/04/2015</p><ul><li>Older: 02/13/2015</li>"
             "<li>Older: 02/28/2015</li></ul></body></html>",
             NULL, NULL);
    ck_str_or_null(r.m.date_published, "2015-03-04");
    done(&r);
    run_page(&r,
             "<html><body><h1>T</h1><p>Posted 03/04/2015</p><ul><li>Older: 25/03/2015</li>"
             "</ul></body></html>",
             NULL, NULL);
    ck_str_or_null(r.m.date_published, "2015-04-03");
    done(&r);
    /* the language, when it speaks, wins over any number of the page's dates */
    run_page(&r,
             "<html lang=en-US><body><h1>T</h1><p>Posted 03/04/2015</p>"
             "<p>See 13/12/2014 and 25/12/2014</p></body></html>",
             NULL, NULL);
    ck_str_or_null(r.m.date_published, "2015-03-04");
    done(&r);
    /* a CJK date just after the title */
    run_page(&r,
             "<html lang=zh-CN><body><h1>\xe6\xa0\x87\xe9\xa2\x98</h1>"
             "<div>2016\xe5\xb9\xb4" "3\xe6\x9c\x88" "5\xe6\x97\xa5 \xe6\x9d\xa5\xe6\xba\x90</div>"
             "</body></html>",
             NULL, NULL);
    ck_str_or_null(r.m.date_published, "2016-03-05");
    done(&r);
}
END_TEST

/* A far-future date in text (a cookie notice) loses to the page's other dates. */
START_TEST(page_future_date_rejected)
{
    run r;
    run_page(&r,
             "<html lang=en><body><aside><time datetime='2015-03-01'>1 March</time></aside>"
             "<h1>Budget passes</h1>"
             "<p>This cookie expires on 31 December 2037.</p>"
             "<p>Filed 2 March 2015 in Politics</p></body></html>",
             NULL, NULL);
    ck_str_or_null(r.m.date_published, "2015-03-02");
    ck_assert_ptr_nonnull(strstr(r.explain.data, "later than every other date"));
    done(&r);
}
END_TEST

START_TEST(page_lang_sources)
{
    run r;
    run_page(&r,
             "<html><head><meta http-equiv='Content-Language' content='fr_CA'></head>"
             "<body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.lang, "fr-CA");
    ck_assert_str_eq(r.m.lang_source, "meta:content-language");
    done(&r);
    run_page(&r, "<html><body></body></html>", "{\"@type\":\"Article\",\"inLanguage\":\"es\"}",
             NULL);
    ck_assert_str_eq(r.m.lang, "es");
    ck_assert_str_eq(r.m.lang_source, "json-ld");
    done(&r);
}
END_TEST

START_TEST(page_canonical_and_license_link)
{
    run r;
    run_page(&r,
             "<html><head><link rel='canonical' href='https://c.test/a'>"
             "<meta property='og:url' content='https://c.test/og'></head>"
             "<body><footer><a href='https://creativecommons.org/licenses/by-sa/3.0/'>CC</a>"
             "</footer><a rel='tag' href='/t/x'>Xylophones</a></body></html>",
             NULL, "https://other.test/x");
    ck_assert_str_eq(r.m.canonical_url, "https://c.test/a");
    ck_assert_str_eq(r.m.license, "https://creativecommons.org/licenses/by-sa/3.0/");
    ck_assert_uint_eq(r.m.n_tags, 1);
    ck_assert_str_eq(r.m.tags[0], "Xylophones");
    done(&r);
}
END_TEST

/* Degenerate inputs: an empty page and a page of nothing but tags. */
START_TEST(page_empty)
{
    run r;
    run_page(&r, "", NULL, NULL);
    ck_assert_ptr_null(r.m.title);
    ck_assert_ptr_null(r.m.byline);
    ck_assert_ptr_null(r.m.date_published);
    ck_assert_uint_eq(r.m.title_node, PITH_NONE);
    done(&r);
    run_page(&r, "<html><head><title> </title></head><body><h1></h1></body></html>", NULL, NULL);
    ck_assert_ptr_null(r.m.title);
    done(&r);
}
END_TEST

/* Without metadata titles, the headline is the run of the <title> that a body element shows
 * whole, written as the body writes it; no such element leaves the <title> alone. */
START_TEST(page_title_run_in_body)
{
    run r;
    run_page(&r,
             "<html><head><title>Daily Bugle : World : Storm closes the harbour for two days"
             "</title></head><body><table><tr><td class=nav>World</td></tr><tr><td>"
             "<font size=+2><b>Storm  closes the Harbour for two days</b></font></td></tr>"
             "<tr><td><p>Long paragraph.</p></td></tr></table></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the Harbour for two days");
    ck_assert_str_eq(r.m.title_source, "title+body");
    done(&r);
    /* the section's link printed beside the headline is not part of it */
    run_page(&r,
             "<html><head><title>Daily Bugle : World : Storm closes the harbour for two days"
             "</title></head><body><p><a href=/world>World</a><br><br>"
             "<font size=4><b>Storm closes the harbour for two days</b></font></p>"
             "<p>Long paragraph.</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    done(&r);
    /* a two-word element ("World") is a section, not the headline */
    run_page(&r,
             "<html><head><title>Daily Bugle : World News Today</title></head><body>"
             "<div>World News</div><p>Text.</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Daily Bugle : World News Today");
    ck_assert_str_eq(r.m.title_source, "title");
    done(&r);
    /* an og:title is trusted as given: the body is not consulted */
    run_page(&r,
             "<html><head><title>Paper - Storm closes the harbour</title>"
             "<meta property='og:title' content='Storm closes the harbour today'></head>"
             "<body><h1>Storm closes the harbour</h1></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour today");
    done(&r);
}
END_TEST

/* Three paragraphs of a harbour story: the prose that the headline tests put under their
 * candidate headings. */
static const char harbour_prose[] =
    "<p>The harbour was closed on Monday after the storm brought waves of six metres to "
    "the coast, the port authority said in a statement on its website.</p>"
    "<p>Ferries to the islands were cancelled and the fishing fleet stayed at anchor "
    "while engineers inspected the breakwater for damage caused overnight.</p>"
    "<p>The authority expects to reopen the harbour on Wednesday morning if the forecast "
    "holds and the inspection finds no structural damage to the outer wall.</p>";

/* No <title> (or only the site's name): the heading that the article's prose follows. */
START_TEST(page_body_headline)
{
    const char *prose = harbour_prose;
    char html[4096];
    run r;
    snprintf(html, sizeof html,
             "<html><body><div><h2>Latest News</h2><b>Sports results for the weekend</b></div>"
             "<h3>Storm closes the harbour for two days</h3>%s</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    ck_assert_str_eq(r.m.title_source, "body-headline");
    done(&r);
    snprintf(html, sizeof html,
             "<html><head><title>Daily Bugle</title>"
             "<meta property='og:site_name' content='Daily Bugle'></head><body>"
             "<h1>Daily Bugle</h1><div class=headline>Storm closes the harbour for two days</div>"
             "%s</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    done(&r);
    /* a heading no prose follows is not taken for the headline */
    run_page(&r, "<html><body><h2>Storm closes the harbour</h2><p>Short.</p></body></html>",
             NULL, NULL);
    ck_assert_ptr_null(r.m.title);
    done(&r);
}
END_TEST

/* An Organization as author is the byline, not the site; role words with a real name stay. */
START_TEST(page_organization_author)
{
    run r;
    run_page(&r,
             "<html><head><meta property='og:site_name' content='Scoop'></head><body>"
             "<h1>UN urges restraint in the region</h1><div class=byline>"
             "<time>Friday, 7 January 2022, 8:04 am</time> Press Release: UN News</div>"
             "</body></html>",
             "{\"@type\":\"NewsArticle\",\"headline\":\"UN urges restraint in the region\","
             "\"author\":{\"@type\":\"Organization\",\"name\":\"UN News\"},"
             "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Scoop Media\"}}",
             NULL);
    ck_assert_str_eq(r.m.byline, "UN News");
    ck_assert_str_eq(r.m.byline_source, "json-ld");
    ck_assert_str_eq(r.m.site_name, "Scoop");
    done(&r);
    /* the dateline's day name is never taken for a name; a bare role is no byline */
    run_page(&r,
             "<html><body><h1>UN urges restraint in the region</h1><div class=byline>"
             "Friday, 7 January 2022, 8:04 am</div><span class=author>Staff Writer</span>"
             "</body></html>",
             NULL, NULL);
    ck_assert_ptr_null(r.m.byline);
    done(&r);
}
END_TEST

/* A byline box's lines stay apart: a role or affiliation line under the name is no part of
 * it, and "Written by A / Edited by B" credits A. */
START_TEST(page_byline_lines)
{
    run r;
    run_page(&r,
             "<html><body><h1>Harbour reopens after the storm</h1>"
             "<div class=author-box>By <a href='/p/jr'>Jane Roe</a><br>Coastal Health News</div>"
             "</body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Jane Roe");
    ck_assert_uint_eq(r.m.n_authors, 1);
    done(&r);
    run_page(&r,
             "<html><body><h1>Harbour reopens after the storm</h1>"
             "<div class=byline><a href='/p/jr'>Jane Roe</a><div>Weather Editor</div></div>"
             "</body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Jane Roe");
    done(&r);
    run_page(&r,
             "<html><body><h1>Harbour reopens after the storm</h1>"
             "<p class=byline>Written by Ann Poe<br>Edited by Tom Lee</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Ann Poe");
    done(&r);
    /* two names on two lines are two authors; "By" on its own line starts no name line */
    run_page(&r,
             "<html><body><h1>Harbour reopens after the storm</h1>"
             "<div class=byline><div>By</div><div>Ann Poe</div><div>Tom Lee</div></div>"
             "</body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Ann Poe, Tom Lee");
    ck_assert_uint_eq(r.m.n_authors, 2);
    done(&r);
}
END_TEST

/* The page <meta name=author content='CONTENT'> and nothing else gives byline BYLINE (NULL:
 * none) and, when N_AUTHORS is not 0, that many authors. */
static void
expect_author_meta(const char *content, const char *byline, size_t n_authors)
{
    char html[512];
    snprintf(html, sizeof html,
             "<html><head><meta name=author content='%s'></head><body></body></html>", content);
    run r;
    run_page(&r, html, NULL, NULL);
    if (byline)
        ck_assert_str_eq(r.m.byline, byline);
    else
        ck_assert_ptr_null(r.m.byline);
    if (n_authors)
        ck_assert_uint_eq(r.m.n_authors, n_authors);
    done(&r);
}

/* Brackets: an aside in brackets is part of the credit and is not split at its "and";
 * a bracketed link label ("(Email)") and a web address go; degrees after a comma are no
 * second author. */
START_TEST(page_byline_brackets_and_addresses)
{
    expect_author_meta("Jane Roe (with Tom Lee and Ann Poe)", "Jane Roe (with Tom Lee and Ann Poe)",
                       1);
    expect_author_meta("Jane Roe (jroe)", "Jane Roe (jroe)", 0);
    expect_author_meta("Jane Roe (https://roe.example/jane/)", "Jane Roe", 0);
    /* a profile address alone is no name */
    expect_author_meta("https://roe.example/jane/", NULL, 0);
    run r;
    run_page(&r,
             "<html><body><h1>Harbour reopens after the storm</h1>"
             "<span class=byline>By Jane Roe (Email)</span></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Jane Roe");
    done(&r);
    expect_author_meta("Jane Roe, MD, Tom Lee", "Jane Roe, Tom Lee", 2);
}
END_TEST

/* One author meta per person: all of them, "Surname, Given" turned around; a single meta
 * with a comma is still a list of names. */
START_TEST(page_repeated_author_metas)
{
    run r;
    run_page(&r,
             "<html><head><meta name='DC.Creator' content='Roe, Jane'>"
             "<meta name='DC.Creator' content='Lee, Tom van'></head><body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Jane Roe, Tom van Lee");
    ck_assert_uint_eq(r.m.n_authors, 2);
    done(&r);
    run_page(&r,
             "<html><head><meta name=author content='Jane Roe, Tom Lee'>"
             "<meta name=author content='Jane Roe, Tom Lee'></head><body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Jane Roe, Tom Lee");
    done(&r);
}
END_TEST

/* A box with the author marked inside it: the marked name, not the box's other words. */
START_TEST(page_marked_author_in_box)
{
    run r;
    run_page(&r,
             "<html><body><h1>Harbour reopens after the storm</h1><div class=author-info>"
             "<span>Coast Times</span> <span itemprop=author><span itemprop=name>Jane Roe"
             "</span></span> <time>3 days ago</time></div></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.byline, "Jane Roe");
    ck_assert_str_eq(r.m.byline_source, "itemprop");
    done(&r);
}
END_TEST

/* A personal site named after its owner: the JSON-LD Person is the author although the
 * site has the same name; an Organization of the site's name still is not. */
START_TEST(page_person_named_like_site)
{
    run r;
    run_page(&r, "<html><head></head><body></body></html>",
             "{\"@type\":\"BlogPosting\",\"headline\":\"Counting rows fast\","
             "\"author\":{\"@type\":\"Person\",\"name\":\"Jane Roe\"},"
             "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Jane Roe\"}}",
             "https://janeroe.example/counting");
    ck_assert_str_eq(r.m.byline, "Jane Roe");
    done(&r);
    run_page(&r, "<html><head><meta property='og:site_name' content='Coast Times'></head>"
                 "<body></body></html>",
             "{\"@type\":\"NewsArticle\",\"headline\":\"Harbour reopens\","
             "\"author\":{\"@type\":\"Organization\",\"name\":\"Coast Times\"}}",
             NULL);
    ck_assert_ptr_null(r.m.byline);
    done(&r);
}
END_TEST

/* Dublin Core's DC.Title is a title candidate; a tag link that is a run of the <title> is
 * not the headline. */
START_TEST(page_dc_title_and_link_runs)
{
    run r;
    run_page(&r,
             "<html><head><title>draft-roe-boxes-02 - Boxes</title>"
             "<meta name='DC.Title' content='Boxes'></head><body><pre>draft-roe-boxes-02</pre>"
             "</body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Boxes");
    ck_assert_str_eq(r.m.title_source, "meta:dc.title");
    done(&r);
    run_page(&r,
             "<html><head><title>A Night at Sea - Chapter 2 - Sailing Stories for Kids and "
             "Their Parents</title></head><body><ul><li><a href='/tags/1'>Sailing Stories for "
             "Kids and Their Parents</a></li></ul><h2>A Night at Sea</h2><p>Text.</p>"
             "</body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "A Night at Sea");
    done(&r);
}
END_TEST

/* A short <title> nothing confirms ("Coast Times Online") on a page without metadata gives
 * way to a sentence-length headline that the article follows; a short title that a heading
 * confirms, or a headline that ends like a sentence, does not. */
START_TEST(page_short_title_gives_way)
{
    const char *prose = harbour_prose;
    char html[4096];
    run r;
    snprintf(html, sizeof html,
             "<html><head><title>Coast Times Online</title></head><body>"
             "<h2>Storm closes the harbour for two days</h2>%s</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    ck_assert_str_eq(r.m.title_source, "body-headline");
    done(&r);
    snprintf(html, sizeof html,
             "<html><head><title>Harbour report</title></head><body>"
             "<h1>Harbour report</h1><h2>Storm closes the harbour for two days</h2>%s"
             "</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Harbour report");
    done(&r);
    snprintf(html, sizeof html,
             "<html><head><title>Coast Times Online</title></head><body>"
             "<h2>The storm closed the harbour for two days.</h2>%s</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Coast Times Online");
    done(&r);
    /* the <title>'s run in the page is the banner, not a heading: the headline wins */
    snprintf(html, sizeof html,
             "<html><head><title>The Coast Evening News Digest Service</title></head><body>"
             "<center><b>Evening News Digest Service</b></center>"
             "<h2>Storm closes the harbour for two days</h2>%s</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    done(&r);
    /* the run is a heading: it is the headline, and the deck under it is not */
    snprintf(html, sizeof html,
             "<html><head><title>Harbour closed</title></head><body>"
             "<h1>Harbour closed</h1><h2>Storm keeps the ferries in port for two days</h2>%s"
             "</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Harbour closed");
    done(&r);
}
END_TEST

/* Once the article is known: a site-wide <title> whose words the article never uses gives way
 * to the heading next to the article that it does use; a page-specific <title> stays. */
static char *
extracted_title(const char *html, const char **source)
{
    pith_options o;
    pith_options_init(&o, sizeof o);
    pith_result *res = NULL;
    ck_assert_int_eq(pith_extract(html, strlen(html), &o, &res), PITH_OK);
    char *t = res->title ? strdup(res->title) : NULL;
    *source = res->title_source ? (strcmp(res->title_source, "article-heading") == 0
                                       ? "article-heading"
                                       : "other")
                                : "none";
    pith_result_free(res);
    return t;
}

START_TEST(page_title_settled_by_article)
{
    static const char prose[] =
        "<div class=story><h3>Mayor opens the harbour bridge</h3>"
        "<p>The mayor opened the new harbour bridge on Saturday, three years after the "
        "council approved its construction across the old shipping channel.</p>"
        "<p>Thousands walked across the bridge in the afternoon, and the harbour ferry "
        "that it replaces made its last crossing in the evening to a crowd of well-wishers.</p>"
        "<p>The bridge cost the city less than planned, the mayor said, because the steel "
        "was bought before prices rose last spring, and the work finished a month early.</p>"
        "</div>";
    char html[4096];
    const char *source;
    snprintf(html, sizeof html,
             "<html><head><title>Coast Daily News - Your Home Page</title></head><body>"
             "<table><tr><td><a href=/a>Home</a> <a href=/b>Sport</a></td></tr>"
             "<tr><td>%s</td></tr></table></body></html>",
             prose);
    char *t = extracted_title(html, &source);
    ck_assert_str_eq(t, "Mayor opens the harbour bridge");
    ck_assert_str_eq(source, "article-heading");
    free(t);
    /* right above the article a headline needs fewer of its words in the prose (one of
     * three here: "bridge"); further up it needs more */
    static const char sparse[] =
        "<p>The new crossing carried its first traffic on Saturday, three years after the "
        "council approved the bridge across the old shipping channel.</p>"
        "<p>Thousands walked across it in the afternoon, and the ferry that it replaces made "
        "its last crossing in the evening to a crowd of well-wishers and a brass band.</p>";
    snprintf(html, sizeof html,
             "<html><head><title>Coast Daily News - Your Home Page</title></head><body>"
             "<p><font size=+2><b>Ribbon cut on the bridge</b></font></p>"
             "<div class=story>%s</div></body></html>",
             sparse);
    t = extracted_title(html, &source);
    ck_assert_str_eq(t, "Ribbon cut on the bridge");
    free(t);
    snprintf(html, sizeof html,
             "<html><head><title>Coast Daily News - Your Home Page</title></head><body>"
             "<p><font size=+2><b>Ribbon cut on the bridge</b></font></p>"
             "<ul><li>one</li><li>two</li><li>three</li><li>four</li><li>five</li>"
             "<li>six</li><li>seven</li></ul>"
             "<div class=story>%s</div></body></html>",
             sparse);
    t = extracted_title(html, &source);
    ck_assert_str_eq(t, "Coast Daily News - Your Home Page");
    free(t);
    /* a heading guessed before the article was known, far below it (a comment form), gives
     * way even when no <title> reads as a site's */
    {
        pith_buf page;
        pith_options bo;
        pith_options_init(&bo, sizeof bo);
        pith_ctx bctx;
        pith_ctx_init(&bctx, &bo);
        pith_buf_init(&page, &bctx);
        pith_buf_puts(&page, "<html><body>");
        pith_buf_puts(&page, prose);
        for (int k = 0; k < 150; k++)
            pith_buf_puts(&page, "<div><span>&#183;</span></div>");
        pith_buf_puts(&page, "<h2>Post your comment on this story</h2>"
                             "<div>");
        for (int k = 0; k < 6; k++)
            pith_buf_puts(&page, "Readers wrote in their dozens about the crossing, the "
                                 "ferry and the money it took, some of them at length. ");
        pith_buf_puts(&page, "</div></body></html>");
        ck_assert(!page.failed);
        t = extracted_title(page.data, &source);
        ck_assert_str_eq(t, "Mayor opens the harbour bridge");
        ck_assert_str_eq(source, "article-heading");
        free(t);
        pith_ctx_release(&bctx);
    }
    /* a "heading" class marks a headline as "headline" and "title" do (Joomla's
     * contentheading, span.heading) */
    snprintf(html, sizeof html,
             "<html><head><title>Coast Daily News - Your Home Page</title></head><body>"
             "<table><tr><td class=contentheading>Ribbon cut on the bridge</td></tr>"
             "</table><div class=story>%s</div></body></html>",
             sparse);
    t = extracted_title(html, &source);
    ck_assert_str_eq(t, "Ribbon cut on the bridge");
    free(t);
    /* a title of the page's own, not a site's: left alone */
    snprintf(html, sizeof html,
             "<html><head><title>How the old font tags are replaced in tests</title></head>"
             "<body>%s</body></html>",
             prose);
    t = extracted_title(html, &source);
    ck_assert_str_eq(t, "How the old font tags are replaced in tests");
    free(t);
    /* a site title whose words the article uses: left alone */
    snprintf(html, sizeof html,
             "<html><head><title>Harbour bridge news - Mayor opens it</title></head>"
             "<body>%s</body></html>",
             prose);
    t = extracted_title(html, &source);
    ck_assert_str_ne(source, "article-heading");
    free(t);
}
END_TEST

/* ---------------------------------------------------------------- real pages (--datasets) */

static const char *const real_sets[] = {"readability", NULL};

START_TEST(real_pages_run)
{
    char dir[1024];
    pith_test_dataset_pages(dir, sizeof dir, real_sets[0]);
    const char *names[] = {"nytimes-1.html", "guardian-1.html", "medium-1.html"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        FILE *fp = fopen(path, "rb");
        ck_assert_msg(fp != NULL, "cannot open %s", path);
        fseek(fp, 0, SEEK_END);
        long sz = ftell(fp);
        fseek(fp, 0, SEEK_SET);
        char *buf = malloc((size_t)sz + 1);
        ck_assert_ptr_nonnull(buf);
        size_t got = fread(buf, 1, (size_t)sz, fp);
        fclose(fp);
        buf[got] = '\0';
        run r;
        run_page(&r, buf, NULL, NULL);
        ck_assert_ptr_nonnull(r.m.title);
        done(&r);
        free(buf);
    }
}
END_TEST

static Suite *
metadata_suite(void)
{
    Suite *s = suite_create("metadata");
    TCase *j = tcase_create("jsonld");
    tcase_add_test(j, jsonld_news_article);
    tcase_add_test(j, jsonld_graph_with_references);
    tcase_add_test(j, jsonld_top_level_array_and_author_forms);
    tcase_add_test(j, jsonld_nested_article_beats_webpage);
    tcase_add_test(j, jsonld_entities_decoded);
    tcase_add_test(j, jsonld_rejects);
    tcase_add_test(j, jsonld_depth_limit);
    tcase_add_test(j, jsonld_size_limit);
    tcase_add_test(j, jsonld_wrapped_and_concatenated);
    tcase_add_test(j, jsonld_memory_limit);
    suite_add_tcase(s, j);
    TCase *p = tcase_create("page");
    tcase_add_test(p, page_jsonld_wins);
    tcase_add_test(p, page_meta_sources);
    tcase_add_test(p, page_title_fallbacks);
    tcase_add_test(p, page_site_suffix_stripped);
    tcase_add_test(p, page_bare_site_name_never_title);
    tcase_add_test(p, page_hidden_h1_ignored);
    tcase_add_test(p, page_by_x_and_y);
    tcase_add_test(p, page_byline_cleaning);
    tcase_add_test(p, page_dates_from_markup);
    tcase_add_test(p, page_dates_from_text);
    tcase_add_test(p, page_future_date_rejected);
    tcase_add_test(p, page_lang_sources);
    tcase_add_test(p, page_canonical_and_license_link);
    tcase_add_test(p, page_empty);
    tcase_add_test(p, page_title_run_in_body);
    tcase_add_test(p, page_body_headline);
    tcase_add_test(p, page_organization_author);
    tcase_add_test(p, page_byline_lines);
    tcase_add_test(p, page_byline_brackets_and_addresses);
    tcase_add_test(p, page_repeated_author_metas);
    tcase_add_test(p, page_marked_author_in_box);
    tcase_add_test(p, page_person_named_like_site);
    tcase_add_test(p, page_dc_title_and_link_runs);
    tcase_add_test(p, page_short_title_gives_way);
    tcase_add_test(p, page_title_settled_by_article);
    suite_add_tcase(s, p);
    TCase *ds = tcase_create("datasets");
    tcase_set_tags(ds, PITH_TEST_DATASETS_TAG);
    tcase_add_test(ds, real_pages_run);
    suite_add_tcase(s, ds);
    return s;
}

int
main(int argc, char **argv)
{
    return pith_test_run(srunner_create(metadata_suite()), argc, argv, real_sets);
}
