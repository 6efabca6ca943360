/* SPDX-License-Identifier: MIT */
/* Content (src/content.c): which box of a small hand-written page is the article, and what is
 * kept beside it. Each test names the box it expects (by id) and the reason explain gives. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "stages.h"

/* Three story paragraphs, repeated in the page's JSON-LD articleBody. */
#define STORY_1 "The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms arrive"
#define STORY_2 "Fishermen who moor their boats along the pier said the repairs were long overdue and welcomed it"
#define STORY_3 "Work is expected to begin next month and the council has set aside funds from its reserve budget"
#define STORY_BODY STORY_1 ". " STORY_2 ". " STORY_3 ". " STORY_1 ". " STORY_2 ". " STORY_3 "."

/* Three plain story paragraphs (P1..P3) for the pages below. */
#define P1 "<p>The harbour council voted on Tuesday to rebuild the old stone pier, which has stood since 1890, before the winter storms arrive.</p>"
#define P2 "<p>Fishermen who moor their boats along the pier said the repairs were long overdue, and several of them welcomed the decision at the meeting.</p>"
#define P3 "<p>Work is expected to begin next month, and the council has set aside funds from its reserve budget to pay for the stone and the labour.</p>"
/* A list of things, comma after comma: scores high, says little. */
#define GEAR "<p>Nets, ropes, buoys, hooks, lines, floats, crates, boxes, tarps and oars, all piled up.</p>"

/* Comma-rich paragraphs that outscore the story, with none of its words. */
#define FRUIT(n)                                                                                   \
    "<p>Apples, pears, plums, cherries, grapes, lemons, limes, oranges, melons, figs, dates, "   \
    "kiwis and quinces fill market stall number " #n " today.</p>"

/* The JSON-LD articleBody decides between the best-scored candidates: the story is the third
 * best of many, and the seventh scored box in document order (after the body, the teaser
 * column and its teasers), so a search that stops at the first six boxes it meets never sees
 * it. */
START_TEST(jsonld_body_picks_among_the_best_candidates)
{
    static const char page[] =
        "<html><head><title>Pier</title><script type=\"application/ld+json\">"
        "{\"@type\":\"NewsArticle\",\"headline\":\"Pier\",\"articleBody\":\"" STORY_BODY "\"}"
        "</script></head><body>"
        "<div id=teasers>"
        "<div><p>Teaser headline number one about something else entirely here</p></div>"
        "<div><p>Teaser headline number two about something else entirely here</p></div>"
        "<div><p>Teaser headline number three about something else entirely here</p></div>"
        "<div><p>Teaser headline number four about something else entirely here</p></div>"
        "<div><p>Teaser headline number five about something else entirely here</p></div>"
        "<div><p>Teaser headline number six about something else entirely here</p></div>"
        "</div>"
        "<div id=fruit>" FRUIT(1) FRUIT(2) FRUIT(3) FRUIT(4) FRUIT(5) "</div>"
        "<div id=story><p>" STORY_1 ".</p><p>" STORY_2 ".</p><p>" STORY_3 ".</p></div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    char want[64];
    snprintf(want, sizeof want, "agrees better with #%u", stage_node(&r, "story"));
    ck_assert_msg(stage_explained(&r, "content: JSON-LD articleBody", want),
                  "explain: %s", r.explain.data);
    ck_assert_str_eq(stage_container_id(&r), "story");
    stage_done(&r);
}
END_TEST

/* Boxes whose class names say related links (or comments, share bars, ads) are set aside
 * before scoring: the same box without that name would join the story as a sibling. */
START_TEST(boilerplate_named_box_is_set_aside)
{
    static const char fmt[] = "<html><head><title>T</title></head><body><div id=story>" P1 P2 P3
                              "</div><div id=side class=%s>" GEAR GEAR
                              "</div></body></html>";
    char page[4096];
    stage_run r;
    snprintf(page, sizeof page, fmt, "related-stories");
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(!stage_kept(&r, "side"));
    ck_assert_msg(!stage_explained(&r, "content: candidate", "id=\"side\""), "%s", r.explain.data);
    stage_done(&r);

    snprintf(page, sizeof page, fmt, "extra");
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(stage_kept(&r, "side"));
    stage_done(&r);
}
END_TEST

/* Sections of one article, each scored on its own and about as good as the best, are one
 * article: their common ancestor is chosen. */
START_TEST(near_best_candidates_join_in_their_ancestor)
{
    static const char page[] =
        "<html><head><title>T</title></head><body><div id=wrap>"
        "<div><div id=a>" P1 P2 "</div></div><div><div id=b>" P2 P3 "</div></div>"
        "<div><div id=c>" P3 P1 "</div></div></div></body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    char want[32];
    snprintf(want, sizeof want, "#%u", stage_node(&r, "wrap"));
    ck_assert_msg(stage_explained(&r, "near-best candidates share <div>", want), "%s",
                  r.explain.data);
    ck_assert_str_eq(stage_container_id(&r), "wrap");
    stage_done(&r);
}
END_TEST

/* A second part of the article that scores far lower (plain sentences against a list full of
 * commas) but adds much paragraph text and no links moves the choice up to the box holding
 * both parts. */
START_TEST(climbs_to_the_box_holding_every_part)
{
    static const char page[] =
        "<html><head><title>T</title></head><body><div id=piece>"
        "<div id=part1>" GEAR GEAR GEAR "</div><h2>Next year</h2><div id=part2>"
        "<p>The stone for the new pier will come from the same quarry that supplied the "
        "original builders more than a century ago in the valley.</p>"
        "<p>Engineers expect the foundations to take most of the first year because the seabed "
        "under the old pier has shifted since it was built.</p>"
        "<p>The council says the pier will reopen to walkers first and to boats only once the "
        "new landing stage has been tested in rough weather.</p>"
        "<p>A public meeting in the autumn will show the plans to anyone who wants to see how "
        "the finished pier is meant to look from the beach.</p>"
        "</div></div><div id=foot><a href=/>Home</a></div></body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    /* the first part alone scored best */
    ck_assert_msg(stage_explained(&r, "content: candidate 1 ", "id=\"part1\""), "%s",
                  r.explain.data);
    char want[32];
    snprintf(want, sizeof want, "#%u:", stage_node(&r, "piece"));
    ck_assert_msg(stage_explained(&r, "content: climb to <div>", want), "%s", r.explain.data);
    ck_assert_str_eq(stage_container_id(&r), "piece");
    stage_done(&r);
}
END_TEST

/* An <article> around the scored box, holding little else (a byline line), is the container. */
START_TEST(semantic_container_holding_the_scored_box_wins)
{
    static const char page[] =
        "<html><head><title>T</title></head><body><div id=nav><a href=/>Home</a></div>"
        "<article id=art><div>By Ann Lee, 3 May 2024</div><div id=text>" P1 P2 P3
        "</div></article></body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_msg(stage_explained(&r, "content: candidate 1 ", "id=\"text\""), "%s",
                  r.explain.data);
    ck_assert_msg(stage_explained(&r, "semantic container <article>", "holds the scored container"),
                  "%s", r.explain.data);
    ck_assert_str_eq(stage_container_id(&r), "art");
    stage_done(&r);
}
END_TEST

/* A lone <article> that is a teaser elsewhere on the page, with less text than the scored
 * story, does not take over. */
START_TEST(semantic_container_elsewhere_with_less_text_is_rejected)
{
    static const char page[] =
        "<html><head><title>T</title></head><body><div id=story>" P1 P2 P3 P1
        "</div><div id=side><article id=teaser><p>Ferry times change again this summer as the "
        "operator cuts the number of sailings to the islands.</p><p>Lifeboat crew rescues two "
        "sailors off the point after their yacht loses its mast in a squall.</p><p>More news "
        "from the coast, every day, from our reporters in the harbour towns.</p></article></div></body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_msg(stage_explained(&r, "semantic container <article>", "rejected"), "%s",
                  r.explain.data);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(!stage_kept(&r, "teaser"));
    stage_done(&r);
}
END_TEST

/* The standfirst beside the headline, above the article box, is kept with it; precision
 * leaves it out. */
START_TEST(lead_paragraph_beside_the_title_is_kept)
{
    static const char page[] =
        "<html><head><title>Harbour pier to be rebuilt</title></head><body><div id=hero>"
        "<h1>Harbour pier to be rebuilt</h1><p id=lead>The town will spend its reserve on the "
        "old stone pier after decades of patching it up.</p></div><div id=story>" P1 P2 P3
        "</div></body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(stage_kept(&r, "lead"));
    ck_assert_msg(stage_explained(&r, "lead paragraph outside the container", NULL), "%s",
                  r.explain.data);
    /* the lead comes first in the article */
    ck_assert_int_eq(stage_block(&r, "decades of patching"), 0);
    stage_done(&r);

    stage_run_page(&r, page, PITH_BIAS_PRECISION);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(!stage_kept(&r, "lead"));
    ck_assert_int_lt(stage_block(&r, "decades of patching"), 0);
    stage_done(&r);
}
END_TEST

/* After an ad break, a sibling paragraph of prose joins the article; a sibling of links does
 * not. */
START_TEST(prose_sibling_merges_and_links_do_not)
{
    static const char page[] =
        "<html><head><title>T</title></head><body><div id=main><div id=story>" P1 P2 P3
        "</div><div class=ad>Advertisement</div><p id=more>The council will meet again in June "
        "to choose a builder from the three firms that have bid for the work.</p><p id=links>"
        "<a href=/a>Harbour news</a> <a href=/b>Council news</a> <a href=/c>Town news and "
        "more</a> and more</p></div><div id=side><p>x</p></div></body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    char want[32];
    snprintf(want, sizeof want, "#%u ", stage_node(&r, "more"));
    ck_assert_msg(stage_explained(&r, "merged sibling <p>", want), "%s", r.explain.data);
    ck_assert(stage_kept(&r, "more"));
    ck_assert(!stage_kept(&r, "links"));
    ck_assert_int_ge(stage_block(&r, "choose a builder"), 0);
    ck_assert_int_lt(stage_block(&r, "Harbour news"), 0);
    stage_done(&r);
}
END_TEST

/* A page of a few short lines has no scored paragraph: the strict attempt chooses nothing
 * (the retries in extract.c loosen it). */
START_TEST(short_lines_choose_nothing_when_strict)
{
    static const char page[] = "<html><head><title>T</title></head><body><div>Open 9 to 5</div>"
                               "<div>Closed Sundays</div><div>Call us</div></body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "(none)");
    ck_assert_uint_eq(r.blocks.n, 0);
    ck_assert_msg(stage_explained(&r, "content: no scored paragraphs (relax 0)", NULL), "%s",
                  r.explain.data);
    stage_done(&r);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("content");
    TCase *tc = tcase_create("choice");
    tcase_add_test(tc, jsonld_body_picks_among_the_best_candidates);
    tcase_add_test(tc, boilerplate_named_box_is_set_aside);
    tcase_add_test(tc, near_best_candidates_join_in_their_ancestor);
    tcase_add_test(tc, climbs_to_the_box_holding_every_part);
    tcase_add_test(tc, semantic_container_holding_the_scored_box_wins);
    tcase_add_test(tc, semantic_container_elsewhere_with_less_text_is_rejected);
    tcase_add_test(tc, lead_paragraph_beside_the_title_is_kept);
    tcase_add_test(tc, prose_sibling_merges_and_links_do_not);
    tcase_add_test(tc, short_lines_choose_nothing_when_strict);
    suite_add_tcase(s, tc);
    return stage_main(s);
}
