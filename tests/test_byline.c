/* SPDX-License-Identifier: MIT */
/* The byline (src/byline.c) on small hand-written pages run up to pith_metadata. Every
 * expected value is read off the input by hand. */
#include "meta_fixture.h"

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

/* The page html gives byline BYLINE (NULL: none) and, when N_AUTHORS is not 0, that many
 * authors. */
static void
expect_byline_of(const char *html, const char *byline, size_t n_authors)
{
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

/* The same for the page <meta name=author content='CONTENT'> and nothing else. */
static void
expect_author_meta(const char *content, const char *byline, size_t n_authors)
{
    char html[512];
    snprintf(html, sizeof html,
             "<html><head><meta name=author content='%s'></head><body></body></html>", content);
    expect_byline_of(html, byline, n_authors);
}

/* The same for a byline box under a headline. */
static void
expect_byline_box(const char *box, const char *byline)
{
    char html[512];
    snprintf(html, sizeof html,
             "<html><body><h1>Harbour reopens after the storm</h1><div class=byline>%s</div>"
             "</body></html>",
             box);
    expect_byline_of(html, byline, 0);
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
    expect_byline_box("By Jane Roe (Email)", "Jane Roe");
    expect_author_meta("Jane Roe, MD, Tom Lee", "Jane Roe, Tom Lee", 2);
}
END_TEST

/* Degrees after the name, with a comma or without: "PhD" and "MBBS" end no name, so they go
 * whenever they follow one; "MS" or "Ma" can ("Jack Ma"), so only after a comma, with full
 * stops, or before other credentials. A "Jr." is the name's own. */
START_TEST(page_degree_after_the_name)
{
    expect_author_meta("Jane Roe PhD", "Jane Roe", 1);
    expect_author_meta("Jane Roe MBBS, Tom Lee", "Jane Roe, Tom Lee", 2);
    expect_author_meta("Jane Roe M.A.", "Jane Roe", 1);
    expect_author_meta("Jane Roe MS, RD", "Jane Roe", 1);
    expect_author_meta("Jane Roe, MS, RDN, LDN", "Jane Roe", 1);
    expect_author_meta("Jane Roe, MSc (Nutrition)", "Jane Roe", 1);
    expect_author_meta("Jack Ma", "Jack Ma", 1);
    expect_author_meta("Jane Ms", "Jane Ms", 1);
    expect_author_meta("Tom Lee Jr.", "Tom Lee Jr", 1);
    /* the reviewer after a separator is not the author */
    expect_byline_box("Jane Roe, PhD | Medically reviewed by Tom Lee, MD", "Jane Roe");
    expect_author_meta("Story and photos by Jane Roe", "Jane Roe", 1);
}
END_TEST

/* A web address in the byline, with its scheme or without, bracketed or not, is no name;
 * a byline of nothing else is none. Initials are no address. */
START_TEST(page_web_address_in_the_byline)
{
    expect_author_meta("Jane Roe, janeroe.com", "Jane Roe", 1);
    expect_author_meta("Jane Roe (janeroe.co.uk)", "Jane Roe", 1);
    expect_author_meta("Jane Roe janeroe.com/about", "Jane Roe", 1);
    expect_author_meta("harbourtimes.com", NULL, 0);
    expect_author_meta("J.R.R. Tolkien", "J.R.R. Tolkien", 1);
    expect_byline_box("Door: NU.nl", NULL);
}
END_TEST

/* One author written surname first in a single value ("Jong, Michiel de", "Kooman, F.") is one
 * person; so is each of a list split at semicolons. A place ("Hamburg, Germany") or two
 * names ("Jane Roe, Tom Lee") read the same way are not turned around. */
START_TEST(page_inverted_author)
{
    expect_author_meta("Jong, Michiel de", "Michiel de Jong", 1);
    expect_author_meta("Kooman, F.", "F. Kooman", 1);
    expect_author_meta("Roe, Jane; Lee, Tom", "Jane Roe, Tom Lee", 2);
    expect_author_meta("Kooman, F. and Jane Roe", "F. Kooman, Jane Roe", 2);
    expect_author_meta("Jane Roe, Tom Lee", "Jane Roe, Tom Lee", 2);
    expect_author_meta("Hamburg, Germany", "Hamburg, Germany", 2);
    expect_author_meta("Smith, Jones and Brown", "Smith, Jones, Brown", 3);
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

static Suite *
byline_suite(void)
{
    Suite *s = suite_create("byline");
    TCase *b = tcase_create("byline");
    tcase_add_test(b, page_by_x_and_y);
    tcase_add_test(b, page_byline_cleaning);
    tcase_add_test(b, page_organization_author);
    tcase_add_test(b, page_degree_after_the_name);
    tcase_add_test(b, page_web_address_in_the_byline);
    tcase_add_test(b, page_inverted_author);
    tcase_add_test(b, page_byline_lines);
    tcase_add_test(b, page_byline_brackets_and_addresses);
    tcase_add_test(b, page_repeated_author_metas);
    tcase_add_test(b, page_marked_author_in_box);
    tcase_add_test(b, page_person_named_like_site);
    suite_add_tcase(s, b);
    return s;
}

int
main(void)
{
    return run_suite(byline_suite());
}
