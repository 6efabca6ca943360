/* SPDX-License-Identifier: MIT */
/* The JSON-LD reader (src/jsonld.c) on its own: pith_jsonld_read on one script body.
 * Every expected value is read off the input by hand. */
#include "meta_fixture.h"

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

static Suite *
jsonld_suite(void)
{
    Suite *s = suite_create("jsonld");
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
    return s;
}

int
main(void)
{
    return run_suite(jsonld_suite());
}
