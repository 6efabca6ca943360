/* SPDX-License-Identifier: MIT */
/* The metadata stage (src/metadata.c): dates, language, site, canonical URL, licence and
 * the sources of every field, on small hand-written pages run through decode, screen, parse
 * and pith_metadata. Every expected value is read off the input by hand. The JSON-LD reader,
 * the title and the byline have suites of their own. */
#include "datasets.h"
#include "meta_fixture.h"

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
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_JSONLD);
    ck_assert_uint_ne(r.m.title_node, PITH_NONE);
    ck_assert_str_eq(r.m.byline, "Ann Lee, Bo Ek");
    ck_assert_uint_eq(r.m.n_authors, 2);
    ck_assert_str_eq(r.m.byline_source, "json-ld");
    ck_assert_str_eq(r.m.date_published, "2019-01-03T07:00:02+01:00");
    ck_assert_str_eq(r.m.date_published_source, "json-ld");
    ck_assert_str_eq(r.m.date_modified, "2019-01-05");
    ck_assert_str_eq(r.m.site_name, "The Daily");
    ck_assert_str_eq(r.m.site_name_source, "json-ld");
    ck_assert_str_eq(r.m.lang, "en-GB");
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
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_META_OG);
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
    ck_assert_str_eq(r.m.site_name_source, "url");
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

/* lang is a BCP 47 tag in the RFC's case, whatever the page wrote: a language's name is its
 * tag, and a value that is no tag gives way to the next source or to none. */
START_TEST(page_lang_is_a_bcp47_tag)
{
    static const struct {
        const char *attr, *want;
    } cases[] = {
        {"EN-us", "en-US"},
        {"de_de", "de-DE"},
        {"zh-hant-tw", "zh-Hant-TW"},
        {"es-419", "es-419"},
        {"de-DE-formal", "de-DE-formal"},
        {"en-GB-x-Oxford", "en-GB-x-oxford"},
        {"english", "en"},
        {"Deutsch", "de"},
        {"Fran\xc3\xa7" "ais", "fr"},
        {"lang=", NULL},
        {"en-", NULL},
        {"en--us", NULL},
        {"und", NULL},
        {"x-klingon", NULL},
        {"en-a", NULL},
        {"englisch-sprache", NULL},
        {"12", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char html[160];
        snprintf(html, sizeof html, "<html lang='%s'><body><p>t</p></body></html>",
                 cases[k].attr);
        run r;
        run_page(&r, html, NULL, NULL);
        if (cases[k].want) {
            ck_assert_msg(r.m.lang && strcmp(r.m.lang, cases[k].want) == 0, "%s: got %s",
                          cases[k].attr, r.m.lang ? r.m.lang : "NULL");
            ck_assert_str_eq(r.m.lang_source, "html-lang");
        } else {
            ck_assert_msg(!r.m.lang, "%s: got %s", cases[k].attr, r.m.lang);
        }
        done(&r);
    }
    /* the <html> attribute is no tag: the next source speaks */
    run r;
    run_page(&r,
             "<html lang='lang='><head><meta http-equiv='Content-Language' content='nl'></head>"
             "<body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.lang, "nl");
    ck_assert_str_eq(r.m.lang_source, "meta:content-language");
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
    TCase *p = tcase_create("page");
    tcase_add_test(p, page_jsonld_wins);
    tcase_add_test(p, page_meta_sources);
    tcase_add_test(p, page_dates_from_markup);
    tcase_add_test(p, page_dates_from_text);
    tcase_add_test(p, page_future_date_rejected);
    tcase_add_test(p, page_lang_sources);
    tcase_add_test(p, page_lang_is_a_bcp47_tag);
    tcase_add_test(p, page_canonical_and_license_link);
    tcase_add_test(p, page_empty);
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
