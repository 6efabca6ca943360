/* SPDX-License-Identifier: MIT */
/* Which publication date pith chooses (issue 20), one kind of page per test, each page small
 * enough to read and written by hand: where a date is found when nothing stands next to the
 * headline, and which of several dates wins. Uses pith.h only, as users do. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith/pith.h"

/* A paragraph of prose, so that the page has an article. */
#define PROSE                                                                                      \
    "<p>The council met on the evening to discuss the plans for the harbour wall, which has "     \
    "stood since the old quay was rebuilt and now needs repair before the winter storms.</p>"

static pith_result *
extract(const char *html, const char *url)
{
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.explain = 1;
    o.url = url;
    pith_result *r = NULL;
    pith_status st = pith_extract(html, strlen(html), &o, &r);
    ck_assert_msg(st == PITH_OK || st == PITH_ERR_NO_ARTICLE, "status %d", (int)st);
    ck_assert_ptr_nonnull(r);
    return r;
}

/* The published day (the first ten characters), or "" when there is none. */
static const char *
day_of(const pith_result *r, char buf[11])
{
    buf[0] = '\0';
    if (r->date_published)
        snprintf(buf, 11, "%s", r->date_published);
    return buf;
}

#define ck_day(r, want)                                                                            \
    do {                                                                                           \
        char b_[11];                                                                               \
        ck_assert_str_eq(day_of((r), b_), (want));                                                 \
    } while (0)

#define ck_explains(r, text)                                                                       \
    ck_assert_msg((r)->explain && strstr((r)->explain, (text)), "explain lacks '%s':\n%s", (text), \
                  (r)->explain ? (r)->explain : "(null)")

/* ---------------------------------------------------------------- where a date is found */

/* A footer line far below the headline, its label after the date. */
START_TEST(footer_line_far_from_the_title)
{
    pith_result *r = extract("<html lang=de><body><h1>Literatur und Typografie</h1>" PROSE PROSE
                             PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE
                             PROSE PROSE PROSE PROSE "<div class=postmeta>Dieser Beitrag wurde am "
                             "<nobr>19. Mai 2010</nobr> um <nobr>23:03</nobr> Uhr gepostet.</div>"
                             "</body></html>",
                             NULL);
    ck_day(r, "2010-05-19");
    ck_assert_str_eq(r->date_published_source, "text");
    ck_explains(r, "nothing near the headline");
    pith_result_free(r);
}
END_TEST

/* A sidebar's "Posted" box far below the headline: the date in an element named for dates
 * beats an earlier date that nothing labels. */
START_TEST(sidebar_date_far_from_the_title)
{
    pith_result *r = extract("<html lang=en-GB><body><h1>Attack on universities</h1>" PROSE
                             PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE
                             PROSE PROSE PROSE PROSE PROSE "<p>Reading list, 03/11/2018</p>"
                             "<aside><span class=post-date>26/10/2018</span></aside>"
                             "</body></html>",
                             NULL);
    ck_day(r, "2018-10-26");
    ck_explains(r, "nothing near the headline; labelled");
    pith_result_free(r);
}
END_TEST

/* A date labelled as the publication's beats the page's first date (a comment's). */
START_TEST(labelled_date_beats_a_comment_date)
{
    pith_result *r = extract("<html lang=de><body><h1>Rinderleber mit Apfel</h1>" PROSE PROSE
                             PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE
                             PROSE PROSE PROSE PROSE
                             "<div class=comments><p>Kommentar von Mareike "
                             "<small>8. Dezember 2010 um 10:56</small></p></div>"
                             "<p class=info>Ver\xc3\xb6" "ffentlicht: 2. Dezember 2010</p>"
                             "</body></html>",
                             NULL);
    ck_day(r, "2010-12-02");
    pith_result_free(r);
    /* with no other date, the comment's date is the page's */
    r = extract("<html lang=de><body><h1>Rinderleber mit Apfel</h1>" PROSE PROSE PROSE PROSE
                PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE
                "<div class=comments><p>Kommentar von Mareike "
                "<small>8. Dezember 2010 um 10:56</small></p></div></body></html>",
                NULL);
    ck_day(r, "2010-12-08");
    ck_explains(r, "in a comment");
    pith_result_free(r);
}
END_TEST

/* A forum post's header and a paragraph that opens with its dateline. */
START_TEST(dateline_opening_a_paragraph)
{
    pith_result *r = extract(
        "<html lang=de><body><h1>Erinnerungskultur</h1><p>Von Claudia Lindner</p>"
        "<p>27.1.2022 - Bei der Erinnerung an die Verfolgten des NS-Regimes in Deutschland "
        "fehlen bis heute viele Namen, und die Initiative will das mit neuen Steinen "
        "\xc3\xa4ndern, die im Fr\xc3\xbchjahr verlegt werden.</p>" PROSE "</body></html>",
        NULL);
    ck_day(r, "2022-01-27");
    pith_result_free(r);
    /* a date inside the sentence is an event's, not the dateline */
    r = extract("<html lang=de><body><h1>Erinnerungskultur</h1>"
                "<p>Die Initiative hat am 27.1.2022 vor dem Rathaus an die Verfolgten des "
                "NS-Regimes erinnert, und sie will im Fr\xc3\xbchjahr neue Steine verlegen, "
                "die an weitere Namen erinnern.</p>" PROSE "</body></html>",
                NULL);
    ck_day(r, "");
    pith_result_free(r);
}
END_TEST

/* A "today" line in the site's banner is not the page's date; the same line in the article's
 * header is. */
START_TEST(banner_today_line_is_not_the_date)
{
    pith_result *r = extract("<html lang=en-GB><body><header class=site-header>"
                             "<div class=site-header__date>Wednesday 8 May 2024</div></header>"
                             "<main><h1>Harbour wall</h1>" PROSE PROSE PROSE PROSE PROSE PROSE
                             PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE
                             "</main></body></html>",
                             NULL);
    ck_day(r, "");
    pith_result_free(r);
}
END_TEST

/* Quoted posts (an embedded tweet) carry their own dates. */
START_TEST(embedded_post_dates_are_not_the_page_date)
{
    pith_result *r = extract(
        "<html lang=en-US><head><meta property='article:published_time' "
        "content='2020-09-28T23:12:35+00:00'></head><body><h1>Cartoon fans fill the seats</h1>"
        "<blockquote class=twitter-tweet><p>Sold out</p>&mdash; A Show "
        "<a href='https://twitter.test/s/1'>September 27, 2020</a></blockquote>" PROSE
        "</body></html>",
        NULL);
    ck_day(r, "2020-09-28");
    pith_result_free(r);
}
END_TEST

/* Dates in the URL path, and in the file name of the page's image when the page has nothing
 * else. */
START_TEST(url_path_and_file_names)
{
    pith_result *r = extract("<html><body><h1>Weekly report</h1>" PROSE "</body></html>",
                             "https://news.test/2020-02/19/c_1125597921.htm");
    ck_day(r, "2020-02-19");
    ck_assert_str_eq(r->date_published_source, "url");
    pith_result_free(r);
    r = extract("<html><head><meta property=og:image "
                "content='https://news.test/fileadmin/reports/2022-01-14/1_snow.jpeg'></head>"
                "<body><h1>Weekly report</h1>" PROSE "</body></html>",
                NULL);
    ck_day(r, "2022-01-14");
    ck_assert_str_eq(r->date_published_source, "file-name");
    pith_result_free(r);
    /* a /2017/09/ URL picks, among the page's dates, one of its month */
    r = extract("<html lang=de><body><h1>Rezension</h1>" PROSE PROSE PROSE PROSE PROSE PROSE
                PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE
                "<ul><li>3. August 2017</li><li>9. September 2017</li></ul></body></html>",
                "https://blog.test/2017/09/rezension.html");
    ck_day(r, "2017-09-09");
    ck_explains(r, "in the URL's month");
    pith_result_free(r);
}
END_TEST

/* Meta names beyond the usual ones, and microdata and microformats in title attributes. */
START_TEST(more_meta_names_and_microdata)
{
    pith_result *r = extract("<html><head><meta property='photosite:uploaded' "
                             "content='2013-02-16T04:36:36-05:00'></head><body><h1>Spring</h1>"
                             "</body></html>",
                             NULL);
    ck_day(r, "2013-02-16");
    ck_assert_str_eq(r->date_published_source, "meta");
    pith_result_free(r);
    r = extract("<html><head><meta name='og:published_time' content='2019-03-04'></head>"
                "<body><h1>Spring</h1></body></html>",
                NULL);
    ck_day(r, "2019-03-04");
    pith_result_free(r);
    /* itemprop whose value is in the title attribute, as Blogger writes it */
    r = extract("<html><body><h1>Rezi</h1><p><abbr itemprop='datePublished' "
                "title='2017-09-09T10:52:00+02:00'>10:52</abbr></p></body></html>",
                NULL);
    ck_assert_str_eq(r->date_published, "2017-09-09T10:52:00+02:00");
    ck_assert_str_eq(r->date_published_source, "itemprop");
    pith_result_free(r);
    /* hAtom: <abbr class=published title=...> */
    r = extract("<html><body><h2 class=date-header>Friday</h2><h3>Python 3.6.0 is out</h3>"
                "<p><abbr class='published' title='2016-12-23T05:11:00-05:00'>5:11 AM</abbr>"
                "</p></body></html>",
                NULL);
    ck_assert_str_eq(r->date_published, "2016-12-23T05:11:00-05:00");
    ck_assert_str_eq(r->date_published_source, "microformat");
    pith_result_free(r);
}
END_TEST

/* JSON-LD the reader does not take for the article (a Recipe), and Java's date format. */
START_TEST(jsonld_dates_of_other_types)
{
    pith_result *r = extract(
        "<html><head><script type='application/ld+json'>{\"@type\":\"Recipe\",\"name\":\"Cake\","
        "\"datePublished\":\"2006-10-10\",\"review\":[{\"@type\":\"Review\","
        "\"datePublished\":\"2020-04-12\"}]}</script></head><body><h1>Cake</h1></body></html>",
        NULL);
    ck_day(r, "2006-10-10");
    ck_assert_str_eq(r->date_published_source, "json-ld");
    pith_result_free(r);
    r = extract("<html><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\","
                "\"headline\":\"Leone\",\"datePublished\":\"Tue Jul 30 09:35:14 CEST 2019\"}"
                "</script></head><body><h1>Leone</h1></body></html>",
                NULL);
    ck_assert_str_eq(r->date_published, "2019-07-30T09:35:14+02:00");
    pith_result_free(r);
}
END_TEST

/* "11/01/2023" in a German page's meta reads day first, but the page shows 1 November: the
 * page's other date decides the order. */
START_TEST(numeric_order_from_the_other_dates)
{
    pith_result *r = extract("<html lang=de><head><meta name=date content='11/01/2023 12:43:42'>"
                             "</head><body><h1>Trinkwasser belastet</h1>" PROSE
                             "<p>Erstellt am: 01.11.2023</p></body></html>",
                             NULL);
    ck_day(r, "2023-11-01");
    ck_explains(r, "as the page's other dates write it");
    pith_result_free(r);
    /* with nothing to say otherwise, the language's order stands */
    r = extract("<html lang=de><head><meta name=date content='11/01/2023 12:43:42'></head>"
                "<body><h1>Trinkwasser belastet</h1>" PROSE "</body></html>",
                NULL);
    ck_day(r, "2023-01-11");
    pith_result_free(r);
}
END_TEST

/* ---------------------------------------------------------------- which date wins */

/* A UTC instant just after midnight is the day before where the paper is: the URL (or a local
 * time without zone) gives the publisher's day. */
START_TEST(local_day_beats_the_utc_day)
{
    static const char page[] =
        "<html lang=en-US><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\","
        "\"headline\":\"Debate\",\"datePublished\":\"2023-11-09T03:28:35+00:00\"}</script>"
        "</head><body><h1>Debate</h1>" PROSE "</body></html>";
    pith_result *r = extract(page, "https://paper.test/2023/11/08/news/debate/");
    ck_day(r, "2023-11-08");
    ck_assert_str_eq(r->date_published_source, "url");
    ck_explains(r, "lost: a UTC time on the day url gives");
    pith_result_free(r);
    /* without the URL, the UTC day stands: a bare date in the text is not enough */
    r = extract(page, NULL);
    ck_day(r, "2023-11-09");
    pith_result_free(r);
    /* a URL two days away is another date, not a zone */
    r = extract(page, "https://paper.test/2023/11/07/news/debate/");
    ck_day(r, "2023-11-09");
    pith_result_free(r);
}
END_TEST

/* JSON-LD's datePublished against what the page shows next to the headline. */
START_TEST(shown_date_beats_jsonld)
{
    pith_result *r = extract(
        "<html lang=de><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\","
        "\"headline\":\"Waffen\",\"datePublished\":\"2023-11-06T18:19:00+01:00\"}</script>"
        "</head><body>"
        "<h1>Waffen</h1><p>Stand: 07.11.2023, 07:30 Uhr</p>" PROSE "</body></html>",
        NULL);
    ck_day(r, "2023-11-07");
    ck_explains(r, "another day than the page shows next to the headline");
    pith_result_free(r);
    /* a shown date that agrees with JSON-LD keeps it, whatever else is shown */
    r = extract("<html lang=de><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\","
                "\"headline\":\"Waffen\",\"datePublished\":\"2023-11-06T18:19:00+01:00\"}"
                "</script></head><body><h1>Waffen</h1><p>06.11.2023</p><p>Mehr: 02.10.2023</p>"
                PROSE "</body></html>",
                NULL);
    ck_day(r, "2023-11-06");
    pith_result_free(r);
}
END_TEST

/* JSON-LD's one date against two <meta> names agreeing on another day. */
START_TEST(backed_meta_beats_lone_jsonld)
{
    pith_result *r = extract(
        "<html><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\","
        "\"headline\":\"Vanlife\",\"datePublished\":\"2022-01-04T07:29:00+00:00\"}</script>"
        "<meta property='article:published_time' content='2022-01-06T08:29:34'>"
        "<meta name=date content='2022-01-06'></head><body><h1>Vanlife</h1>" PROSE
        "</body></html>",
        NULL);
    ck_day(r, "2022-01-06");
    ck_explains(r, "no other source gives its day");
    pith_result_free(r);
    /* a "published" meta on the modified day is backed by nothing that publishes */
    r = extract("<html><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\","
                "\"headline\":\"Vanlife\",\"datePublished\":\"2022-01-04T07:29:00+00:00\"}"
                "</script><meta name=date content='2022-01-06'>"
                "<meta property='article:modified_time' content='2022-01-06T08:29:34'>"
                "</head><body><h1>Vanlife</h1>" PROSE "</body></html>",
                NULL);
    ck_day(r, "2022-01-04");
    pith_result_free(r);
}
END_TEST

/* A <time> of a related post inside the article loses to the date shown under the headline
 * that the URL backs. */
START_TEST(related_time_loses_to_shown_date)
{
    pith_result *r = extract(
        "<html lang=de><body><article><h1>Entl\xc3\xb6ten</h1>"
        "<p>Von Limespacer &middot; <span class=published>22. Oktober 2019</span></p>" PROSE
        "<aside><h4>Mehr</h4><time class='published' datetime='2009-04-11 18:06:36'>2009"
        "</time></aside></article></body></html>",
        "https://lime.test/2019/10/22/entloeten/");
    ck_day(r, "2019-10-22");
    pith_result_free(r);
}
END_TEST

/* An update date is not the publication date, even when it is the page's only date. */
START_TEST(update_only_is_no_publication_date)
{
    pith_result *r = extract("<html lang=en><body><h1>Download</h1>" PROSE PROSE PROSE PROSE
                             PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE
                             PROSE PROSE "<p>Download (last edited 2019-11-10 13:28:18)</p>"
                             "</body></html>",
                             NULL);
    ck_day(r, "");
    pith_result_free(r);
}
END_TEST

/* A listing's newest entry, right under the headline, is not "later than every other date"
 * when it is labelled; a cookie's expiry is. */
START_TEST(labelled_date_survives_the_later_rule)
{
    pith_result *r = extract("<html lang=en><body><h1>Annual report</h1>"
                             "<p class=published>7 April 2020</p>"
                             "<div>ePublished: 3 March 2020</div>" PROSE "</body></html>",
                             NULL);
    ck_day(r, "2020-04-07");
    pith_result_free(r);
}
END_TEST


/* ---------------------------------------------------------------- dateline shapes */

/* A forum post's header with a two-digit year, its time in an element of its own: read as
 * the page writes dates (dots: day first), the year in the 2000s. */
START_TEST(two_digit_year_in_a_post_header)
{
    pith_result *r = extract("<html lang=de><body><h1>Kein App Store mehr mit iOS 13?</h1>"
                             "<div class=post><div class=info><a href=/u/1>maculi</a>"
                             "<span><span>28.09.19</span><span>12:44</span></span></div>" PROSE
                             "</div></body></html>",
                             NULL);
    ck_day(r, "2019-09-28");
    ck_explains(r, "two-digit year");
    pith_result_free(r);
}
END_TEST

/* Slashes in the page's order: en-US writes the month first. A version number beside the
 * headline is no date. */
START_TEST(two_digit_year_in_the_pages_order)
{
    pith_result *r = extract("<html lang=en-US><body><h1>Release notes</h1>"
                             "<p>Version 2.10.12</p><p class=meta>Posted 09/08/19</p>" PROSE
                             "</body></html>",
                             NULL);
    ck_day(r, "2019-09-08");
    pith_result_free(r);
    r = extract("<html lang=de><body><h1>Versionshinweise</h1><p>Version 2.10.12</p>" PROSE
                "</body></html>",
                NULL);
    ck_day(r, "");
    pith_result_free(r);
}
END_TEST

/* A date that a sentence of the article starts with, in a paragraph split by inline markup,
 * is what the article tells, not when it was written: the byline's date further down is. */
START_TEST(date_in_a_sentence_is_not_the_dateline)
{
    pith_result *r = extract(
        "<html lang=fr><body><h1>Deux ans et demi en Macronie</h1><p>Le 6 ao\xc3\xbbt 2018, le "
        "d\xc3\xa9put\xc3\xa9 <strong>a \xc3\xa9t\xc3\xa9 condamn\xc3\xa9 \xc3\xa0 six mois de "
        "prison avec sursis</strong> et trois ans d'in\xc3\xa9ligibilit\xc3\xa9 pour abus de "
        "confiance, a jug\xc3\xa9 le tribunal correctionnel de Paris, qui a suivi les "
        "r\xc3\xa9quisitions du parquet sur presque tous les points.</p><div class=meta>Par "
        "<a href=/a>Lo\xc3\xaf" "c</a> | 30 septembre 2018</div>" PROSE "</body></html>",
        NULL);
    ck_day(r, "2018-09-30");
    pith_result_free(r);
    /* ... but a label in the paragraph says whose date it is */
    r = extract("<html lang=en><body><h1>Harbour wall</h1><p>Published on 3 March 2020 by "
                "<a href=/a>Jane Smith</a>, who has covered the council for the paper since the "
                "old quay was rebuilt and the harbour wall first needed repair.</p>" PROSE
                "</body></html>",
                NULL);
    ck_day(r, "2020-03-03");
    pith_result_free(r);
}
END_TEST

/* A navigation menu under the site's heading names pages, some by a day ("12M - 12. Mai
 * 2012"): not the date of the page. */
START_TEST(menu_item_naming_a_day_is_not_the_date)
{
    pith_result *r = extract(
        "<html lang=de><body><h1 id=site-title>Echte Demokratie Jetzt</h1>"
        "<div role=navigation><ul><li><a href=/w>welt</a></li><li><a href=/12m>12M \xe2\x80\x93"
        " 12. Mai 2012</a></li></ul></div><div class=post><h2>Liebe Menschen Europas</h2>"
        "<div class=entry-meta>Publiziert am <span class=entry-date>13. Januar 2014</span></div>"
        PROSE "</div></body></html>",
        NULL);
    ck_day(r, "2014-01-13");
    pith_result_free(r);
}
END_TEST

/* A front page lists its posts newest first, each dated in an element of the same shape: the
 * newest is the page's date, however long before it the previous post was. */
START_TEST(newest_entry_of_a_listing)
{
    pith_result *r = extract(
        "<html lang=de><body><h1>Neuigkeiten</h1>"
        "<div class=entry><p class=newsdatum>[<a href=/3>Samstag, 19. Juli 2014</a>]</p>"
        "<h2>Landesparteitag</h2>" PROSE "</div>"
        "<div class=entry><p class=newsdatum>[<a href=/2>Donnerstag, 9. Mai 2013</a>]</p>"
        "<h2>Kommunalwahl</h2>" PROSE "</div>"
        "<div class=entry><p class=newsdatum>[<a href=/1>Samstag, 22. Dezember 2012</a>]</p>"
        "<h2>Weihnachten</h2>" PROSE "</div></body></html>",
        NULL);
    ck_day(r, "2014-07-19");
    pith_result_free(r);
    /* a "today" line of its own shape is still later than every other date */
    r = extract("<html lang=de><body><h1>Kommunalwahl</h1>"
                "<div class=today>Montag, 3. Februar 2020</div>"
                "<p class=newsdatum>Donnerstag, 9. Mai 2013</p>" PROSE "</body></html>",
                NULL);
    ck_day(r, "2013-05-09");
    pith_result_free(r);
}
END_TEST

/* A date box shows month, day and year in elements of their own, one above the other. */
START_TEST(date_box_in_parts)
{
    pith_result *r = extract("<html lang=de><body><h1>Mozarts Schulnoten</h1>"
                             "<div class=date><span class=month>Apr</span> <span class=day>04"
                             "</span><span class=year>2013</span></div>" PROSE "</body></html>",
                             NULL);
    ck_day(r, "2013-04-04");
    pith_result_free(r);
}
END_TEST


/* A page with the given date meta and DC.date of 15 October, and "Erschienen am: said" in a
 * box far below the headline. */
static pith_result *
generic_meta_page(const char *meta, const char *said)
{
    char page[8192];
    snprintf(page, sizeof page,
             "<html lang=de><head>%s<meta name=DC.date content=2021-10-15></head><body><h1>Neue "
             "Pr\xc3\xa4sidentin gew\xc3\xa4hlt</h1>%s<div class=box><span>Erschienen am:</span>"
             "<h2>%s</h2></div></body></html>",
             meta,
             PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE
                 PROSE PROSE PROSE,
             said);
    return extract(page, NULL);
}

/* A <meta name=date> (the name says only "date") that no other kind of source backs yields to
 * an earlier day the page says in words is its publication, far from the headline; a later
 * one does not, nor does a meta that article:published_time backs. */
START_TEST(said_publication_beats_a_generic_date_meta)
{
    pith_result *r = generic_meta_page("<meta name=date content=2021-10-15>", "13.10.2021");
    ck_day(r, "2021-10-13");
    ck_explains(r, "lost: an earlier date the page says is its publication");
    pith_result_free(r);
    r = generic_meta_page("<meta name=date content=2021-10-15>", "18.10.2021");
    ck_day(r, "2021-10-15");
    pith_result_free(r);
    r = generic_meta_page("<meta property=article:published_time "
                          "content=2021-10-15T09:00:00+02:00>",
                          "13.10.2021");
    ck_day(r, "2021-10-15");
    pith_result_free(r);
}
END_TEST

/* ---------------------------------------------------------------- relative dates */

/* "vor 3 Stunden" next to the headline, on a page whose only absolute date is its
 * modification time: counted back from that, the day only, the source saying so. Hours
 * count back from its time of day, across midnight too. */
START_TEST(relative_date_from_the_modified_date)
{
    const char *head = "<html lang=de><head><meta property=article:modified_time "
                       "content=2022-01-10T12:00:00+01:00></head><body><h1>Brand in der "
                       "Altstadt</h1><div class=meta>Ver\xc3\xb6" "ffentlicht ";
    char page[2048];
    snprintf(page, sizeof page, "%svor 3 Stunden</div>%s</body></html>", head, PROSE);
    pith_result *r = extract(page, NULL);
    ck_assert_str_eq(r->date_published ? r->date_published : "", "2022-01-10");
    ck_assert_str_eq(r->date_published_source, "relative");
    ck_explains(r, "'Ver\xc3\xb6" "ffentlicht vor 3 Stunden' counted back from "
                   "2022-01-10T12:00:00+01:00, the page's modification date");
    pith_result_free(r);
    snprintf(page, sizeof page, "%svor 14 Stunden</div>%s</body></html>", head, PROSE);
    r = extract(page, NULL);
    ck_day(r, "2022-01-09");
    pith_result_free(r);
    snprintf(page, sizeof page, "%sgestern, 18:30 Uhr</div>%s</body></html>", head, PROSE);
    r = extract(page, NULL);
    ck_day(r, "2022-01-09");
    pith_result_free(r);
}
END_TEST

/* Without a modification date: the newest date the page shows with a time (here a
 * comment's, far below), else the newest machine-readable one (a <time> in a sidebar). */
START_TEST(relative_date_from_other_dates)
{
    pith_result *r = extract("<html lang=en><body><h1>Harbour wall</h1><p>2 days ago</p>" PROSE
                             PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE PROSE
                             PROSE PROSE PROSE PROSE "<div class=comments><div class=comment><b>Ann</b> <span>12 March "
                             "2021, 10:15</span><p>Good news.</p></div></div></body></html>",
                             NULL);
    ck_day(r, "2021-03-10");
    ck_explains(r, "newest shown date with a time");
    pith_result_free(r);
    r = extract("<html lang=fr><body><aside><time datetime=2020-05-04>4 mai</time></aside>"
                "<h1>Le mur du port</h1><p>il y a 2 jours</p>" PROSE "</body></html>",
                NULL);
    ck_day(r, "2020-05-02");
    ck_explains(r, "newest machine-readable date");
    pith_result_free(r);
}
END_TEST

/* Never against the clock: a relative date with nothing to count back from gives no date;
 * and an absolute date beats it. */
START_TEST(relative_date_needs_an_anchor_and_loses_to_a_date)
{
    pith_result *r = extract("<html lang=es><body><h1>El muro del puerto</h1><p>hace 3 horas</p>"
                             PROSE "</body></html>",
                             NULL);
    ck_day(r, "");
    pith_result_free(r);
    r = extract("<html lang=en><head><meta name=date content=2021-06-01>"
                "<meta property=article:modified_time content=2021-06-03T09:00:00Z></head>"
                "<body><h1>Harbour wall</h1><p>5 hours ago</p>" PROSE "</body></html>",
                NULL);
    ck_day(r, "2021-06-01");
    ck_assert_str_eq(r->date_published_source, "meta:date");
    pith_result_free(r);
}
END_TEST

static Suite *
datechoice_suite(void)
{
    Suite *s = suite_create("datechoice");
    TCase *tc = tcase_create("found");
    tcase_add_test(tc, footer_line_far_from_the_title);
    tcase_add_test(tc, sidebar_date_far_from_the_title);
    tcase_add_test(tc, labelled_date_beats_a_comment_date);
    tcase_add_test(tc, dateline_opening_a_paragraph);
    tcase_add_test(tc, banner_today_line_is_not_the_date);
    tcase_add_test(tc, embedded_post_dates_are_not_the_page_date);
    tcase_add_test(tc, url_path_and_file_names);
    tcase_add_test(tc, more_meta_names_and_microdata);
    tcase_add_test(tc, jsonld_dates_of_other_types);
    tcase_add_test(tc, numeric_order_from_the_other_dates);
    suite_add_tcase(s, tc);
    tc = tcase_create("chosen");
    tcase_add_test(tc, local_day_beats_the_utc_day);
    tcase_add_test(tc, shown_date_beats_jsonld);
    tcase_add_test(tc, backed_meta_beats_lone_jsonld);
    tcase_add_test(tc, related_time_loses_to_shown_date);
    tcase_add_test(tc, update_only_is_no_publication_date);
    tcase_add_test(tc, labelled_date_survives_the_later_rule);
    suite_add_tcase(s, tc);
    tc = tcase_create("shapes");
    tcase_add_test(tc, two_digit_year_in_a_post_header);
    tcase_add_test(tc, two_digit_year_in_the_pages_order);
    tcase_add_test(tc, date_in_a_sentence_is_not_the_dateline);
    tcase_add_test(tc, menu_item_naming_a_day_is_not_the_date);
    tcase_add_test(tc, newest_entry_of_a_listing);
    tcase_add_test(tc, date_box_in_parts);
    tcase_add_test(tc, said_publication_beats_a_generic_date_meta);
    suite_add_tcase(s, tc);
    tc = tcase_create("relative");
    tcase_add_test(tc, relative_date_from_the_modified_date);
    tcase_add_test(tc, relative_date_from_other_dates);
    tcase_add_test(tc, relative_date_needs_an_anchor_and_loses_to_a_date);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(datechoice_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
