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

int
main(void)
{
    Suite *s = suite_create("content");
    TCase *tc = tcase_create("choice");
    tcase_add_test(tc, jsonld_body_picks_among_the_best_candidates);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
