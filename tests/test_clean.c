/* SPDX-License-Identifier: MIT */
/* Clean (src/clean.c): which blocks of a chosen article box are kept, which are dropped, and
 * the reason explain gives, on small hand-written pages. The story box is always the chosen
 * container; each test puts one kind of furniture inside it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "stages.h"

#define P1 "The harbour council voted on Tuesday to rebuild the old stone pier, which has stood since 1890, before the winter storms arrive."
#define P2 "Fishermen who moor their boats along the pier said the repairs were long overdue, and several of them welcomed the decision at the meeting."
#define P3 "Work is expected to begin next month, and the council has set aside funds from its reserve budget to pay for the stone and the labour."

/* Runs a page whose article box (id=story) holds the three paragraphs with inside between
 * the second and the third, and after after them. */
static void
run_story_after(stage_run *r, const char *inside, const char *after, pith_bias bias)
{
    static char page[8192];
    snprintf(page, sizeof page,
             "<html><head><title>Harbour pier to be rebuilt</title></head><body>"
             "<div id=story><p>" P1 "</p><p>" P2 "</p>%s<p>" P3 "</p>%s</div></body></html>",
             inside, after);
    stage_run_page(r, page, bias);
    ck_assert_str_eq(stage_container_id(r), "story");
    /* the article itself is always kept */
    ck_assert_int_ge(stage_block(r, "voted on Tuesday"), 0);
    ck_assert_int_ge(stage_block(r, "reserve budget"), 0);
}

static void
run_story(stage_run *r, const char *inside, pith_bias bias)
{
    run_story_after(r, inside, "", bias);
}

/* drop "<tag> #n (...): reason" for the box with this id */
static int
box_dropped(const stage_run *r, const char *id, const char *reason)
{
    char at[32];
    snprintf(at, sizeof at, " #%u (", stage_node(r, id));
    return stage_explained(r, at, reason);
}

START_TEST(share_bar_is_dropped_by_its_class)
{
    stage_run r;
    run_story(&r, "<div id=bar class=share-tools><a href=/t>Twitter</a> <a href=/f>Facebook</a>"
                      " <a href=/m>Email this story to a friend</a></div>", PITH_BIAS_BALANCED);
    ck_assert_msg(box_dropped(&r, "bar", "boilerplate class"), "%s", r.explain.data);
    ck_assert_int_lt(stage_block(&r, "Twitter"), 0);
    stage_done(&r);
}
END_TEST

START_TEST(title_heading_and_byline_box_are_dropped)
{
    stage_run r;
    run_story(&r, "<h1 id=h>Harbour pier to be rebuilt</h1><div id=by class=byline>By Ann Lee</div>",
              PITH_BIAS_BALANCED);
    ck_assert_msg(box_dropped(&r, "h", "the title heading"), "%s", r.explain.data);
    ck_assert_msg(box_dropped(&r, "by", "byline box"), "%s", r.explain.data);
    ck_assert_int_lt(stage_block(&r, "Harbour pier to be rebuilt"), 0);
    ck_assert_int_lt(stage_block(&r, "Ann Lee"), 0);
    stage_done(&r);
}
END_TEST

START_TEST(furniture_lines_are_dropped)
{
    stage_run r;
    run_story(&r, "<p>Advertisement</p><p>\xc2\xa9 2024 The Harbour Gazette</p>", PITH_BIAS_BALANCED);
    ck_assert_msg(stage_explained(&r, "drop paragraph", "\"Advertisement\": boilerplate phrase"),
                  "%s", r.explain.data);
    ck_assert_msg(stage_explained(&r, "drop paragraph", "Gazette\": copyright line"), "%s",
                  r.explain.data);
    ck_assert_int_lt(stage_block(&r, "Advertisement"), 0);
    ck_assert_int_lt(stage_block(&r, "Gazette"), 0);
    stage_done(&r);
}
END_TEST

/* The phrase tables match folded text: capitals anywhere, at any offset from the block's
 * start (the fold takes 8 ASCII bytes at a time), still match. */
START_TEST(rights_notice_found_in_any_case_at_any_offset)
{
    for (int pad = 0; pad < 9; pad++) {
        char inside[160];
        snprintf(inside, sizeof inside, "<p>Photographs %.*s ALL Rights RESERVED by the Gazette</p>",
                 pad, "XXXXXXXXX");
        stage_run r;
        run_story(&r, inside, PITH_BIAS_BALANCED);
        ck_assert_msg(stage_explained(&r, "drop paragraph", "a rights notice or disclaimer"),
                      "pad %d: %s", pad, r.explain.data);
        ck_assert_int_lt(stage_block(&r, "RESERVED"), 0);
        stage_done(&r);
    }
}
END_TEST

START_TEST(related_link_list_is_dropped)
{
    stage_run r;
    run_story(&r,
              "<ul id=rel><li><a href=/a>Another story about the town hall roof</a></li>"
              "<li><a href=/b>Ferry times change again this summer</a></li>"
              "<li><a href=/c>Lifeboat crew rescues two sailors</a></li></ul>",
              PITH_BIAS_BALANCED);
    ck_assert_msg(box_dropped(&r, "rel", "link list"), "%s", r.explain.data);
    ck_assert_int_lt(stage_block(&r, "Lifeboat"), 0);
    stage_done(&r);
}
END_TEST

START_TEST(form_inside_the_article_is_dropped)
{
    stage_run r;
    run_story(&r, "<form id=f><label>Search the site</label><input name=q></form>",
              PITH_BIAS_BALANCED);
    ck_assert_msg(box_dropped(&r, "f", "form or landmark"), "%s", r.explain.data);
    ck_assert_int_lt(stage_block(&r, "Search the site"), 0);
    stage_done(&r);
}
END_TEST

/* Hidden text counts as no text, so the box goes without an explain line of its own. */
START_TEST(hidden_box_is_dropped)
{
    stage_run r;
    run_story(&r, "<div id=pop hidden><p>Subscribe today for unlimited access to every story we "
                  "publish, at home and on the go.</p></div>",
              PITH_BIAS_BALANCED);
    ck_assert_uint_eq(r.doc.nodes[stage_node(&r, "pop")].text_chars, 0);
    ck_assert_int_lt(stage_block(&r, "unlimited access"), 0);
    ck_assert(!stage_explained(&r, "unlimited access", NULL));
    stage_done(&r);
}
END_TEST

/* A comment heading after the article's text ends the article, even with no markup saying
 * so: what follows it is readers' text. */
START_TEST(comment_heading_ends_the_article)
{
    stage_run r;
    run_story_after(&r, "",
                    "<h3>Comments</h3><p>About time too, the pier has been falling apart for "
                    "years and nobody listened to us.</p>",
                    PITH_BIAS_BALANCED);
    ck_assert_msg(stage_explained(&r, "drop heading", "opens the comment section"), "%s",
                  r.explain.data);
    ck_assert_int_lt(stage_block(&r, "About time too"), 0);
    stage_done(&r);
    /* recall keeps what may be article */
    run_story_after(&r, "",
                    "<h3>Comments</h3><p>About time too, the pier has been falling apart for "
                    "years and nobody listened to us.</p>",
                    PITH_BIAS_RECALL);
    ck_assert_int_ge(stage_block(&r, "About time too"), 0);
    stage_done(&r);
}
END_TEST

START_TEST(paragraph_of_link_text_is_dropped)
{
    stage_run r;
    run_story(&r, "<p><a href=/cover>Read all of our coverage of the harbour and its pier</a></p>",
              PITH_BIAS_BALANCED);
    ck_assert_msg(stage_explained(&r, "drop paragraph", "mostly link text"), "%s", r.explain.data);
    ck_assert_int_lt(stage_block(&r, "Read all of our coverage"), 0);
    stage_done(&r);
}
END_TEST

/* The bias knob in cleaning: a photo credit goes unless recall is asked for; a caption stays
 * unless precision is. */
START_TEST(credit_and_caption_follow_the_bias)
{
    static const char figure[] =
        "<figure><img src=a.jpg><figcaption>The old stone pier at low tide, seen from the "
        "harbour wall.</figcaption></figure><p>Photo: Harbour Gazette archive</p>";
    stage_run r;
    run_story(&r, figure, PITH_BIAS_BALANCED);
    ck_assert_msg(stage_explained(&r, "drop paragraph", "credit or update line"), "%s",
                  r.explain.data);
    ck_assert_int_lt(stage_block(&r, "Photo:"), 0);
    long cap = stage_block(&r, "at low tide");
    ck_assert_int_ge(cap, 0);
    ck_assert_int_eq(r.blocks.items[cap].type, PITH_BLOCK_CAPTION);
    stage_done(&r);

    run_story(&r, figure, PITH_BIAS_PRECISION);
    ck_assert_msg(stage_explained(&r, "drop caption", "caption (precision bias)"), "%s",
                  r.explain.data);
    ck_assert_int_lt(stage_block(&r, "at low tide"), 0);
    stage_done(&r);

    run_story(&r, figure, PITH_BIAS_RECALL);
    ck_assert_int_ge(stage_block(&r, "Photo: Harbour Gazette archive"), 0);
    ck_assert_int_ge(stage_block(&r, "at low tide"), 0);
    stage_done(&r);
}
END_TEST

/* A table of short cells is data: one table block with its rows, the header row marked. */
START_TEST(data_table_is_kept_with_rows)
{
    stage_run r;
    run_story(&r, "<table><tr><th>Year</th><th>Cost</th></tr><tr><td>1890</td><td>2,000</td></tr>"
                  "<tr><td>2024</td><td>1,400,000</td></tr></table>",
              PITH_BIAS_BALANCED);
    long t = stage_block(&r, "Year");
    ck_assert_int_ge(t, 0);
    const pith_block *b = &r.blocks.items[t];
    ck_assert_int_eq(b->type, PITH_BLOCK_TABLE);
    ck_assert_uint_eq(b->n_rows, 3);
    ck_assert_int_eq(b->rows[0].header, 1);
    ck_assert_int_eq(b->rows[1].header, 0);
    ck_assert_uint_eq(b->rows[2].n_cells, 2);
    ck_assert_str_eq(b->rows[2].cells[1], "1,400,000");
    /* the table sits between the paragraphs it sat between */
    ck_assert_int_lt(stage_block(&r, "overdue"), t);
    ck_assert_int_gt(stage_block(&r, "reserve budget"), t);
    stage_done(&r);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("clean");
    TCase *tc = tcase_create("blocks");
    tcase_add_test(tc, share_bar_is_dropped_by_its_class);
    tcase_add_test(tc, title_heading_and_byline_box_are_dropped);
    tcase_add_test(tc, furniture_lines_are_dropped);
    tcase_add_test(tc, rights_notice_found_in_any_case_at_any_offset);
    tcase_add_test(tc, related_link_list_is_dropped);
    tcase_add_test(tc, form_inside_the_article_is_dropped);
    tcase_add_test(tc, hidden_box_is_dropped);
    tcase_add_test(tc, comment_heading_ends_the_article);
    tcase_add_test(tc, paragraph_of_link_text_is_dropped);
    tcase_add_test(tc, credit_and_caption_follow_the_bias);
    tcase_add_test(tc, data_table_is_kept_with_rows);
    suite_add_tcase(s, tc);
    return stage_main(s);
}
