/* SPDX-License-Identifier: MIT */
/* Recall (issue 13): small hand-written pages of the kinds whose article pith used to miss or
 * cut short. Each test names the box it expects as the container (by id) or the blocks it
 * expects kept, and the reason explain gives. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stages.h"

/* A paragraph of plain prose, about 150 characters, numbered so each one can be found. */
#define PARA(tag, n)                                                                             \
    "<p>Paragraph " #n " of the " tag " tells how the river rose over the weekend, how the "     \
    "town's volunteers filled sandbags, and what the mayor said about it.</p>"

/* A menu of links: text that makes the page long without being article. */
#define MENU_ITEM(n) "<li><a href=\"/s" #n "\">Section number " #n " of the site menu here</a></li>"
#define MENU                                                                                     \
    "<ul id=menu>" MENU_ITEM(1) MENU_ITEM(2) MENU_ITEM(3) MENU_ITEM(4) MENU_ITEM(5) MENU_ITEM(6) \
    MENU_ITEM(7) MENU_ITEM(8) MENU_ITEM(9) MENU_ITEM(10) MENU_ITEM(11) MENU_ITEM(12)             \
    MENU_ITEM(13) MENU_ITEM(14) MENU_ITEM(15) MENU_ITEM(16) MENU_ITEM(17) MENU_ITEM(18)          \
    MENU_ITEM(19) MENU_ITEM(20) MENU_ITEM(21) MENU_ITEM(22) MENU_ITEM(23) MENU_ITEM(24) "</ul>"

/* A <main> inside a box whose class says navigation (a theme's layout wrapper) is still the
 * article: the wrapper's name blocks the box, not the page's own statement inside it. */
START_TEST(main_inside_a_navigation_wrapper_is_scored)
{
    static const char page[] =
        "<html><head><title>Flood</title></head><body>" MENU
        "<div class=\"grid left-navigation-wrapper\"><main id=main><div id=story>"
        PARA("story", 1) PARA("story", 2) PARA("story", 3) PARA("story", 4)
        "</div></main></div>"
        "<div id=promo><p>A short promotion for the newsletter that comes every week.</p></div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    uint32_t story = stage_node(&r, "story");
    ck_assert_msg(r.sel.container != PITH_NONE && r.sel.container <= story &&
                      story < r.doc.nodes[r.sel.container].end,
                  "container %s does not hold the story", stage_container_id(&r));
    ck_assert_int_ge(stage_block(&r, "Paragraph 4 of the story"), 0);
    ck_assert_int_lt(stage_block(&r, "promotion for the newsletter"), 0);
    stage_done(&r);
}
END_TEST

/* An interview in parts: the longest part sits five wrappers deep in an accordion, whose
 * panel adds a linked heading, the others are direct children of the article box. The
 * section climb looks through the wrappers that add no article text and takes the box that
 * holds every part. */
START_TEST(section_climb_looks_through_wrappers)
{
    static const char page[] =
        "<html><head><title>Interview</title></head><body>" MENU
        "<div id=detail>"
        "<div id=part1>" PARA("first part", 1) PARA("first part", 2) PARA("first part", 3)
        PARA("first part", 4) "</div>"
        "<div id=accordion><div class=panel>"
        "<div class=panel-heading><a href=\"#part2\">The second part of the interview</a></div>"
        "<div class=collapse><div class=panel-inner>"
        "<div class=row><div id=part2>"
        PARA("second part", 1) PARA("second part", 2) PARA("second part", 3)
        PARA("second part", 4) PARA("second part", 5) PARA("second part", 6)
        "</div></div></div></div></div></div>"
        "</div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    char want[64];
    snprintf(want, sizeof want, "climb to <div> #%u", stage_node(&r, "detail"));
    ck_assert_msg(stage_explained(&r, want, NULL), "explain: %s", r.explain.data);
    ck_assert_str_eq(stage_container_id(&r), "detail");
    ck_assert_int_ge(stage_block(&r, "Paragraph 1 of the first part"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 6 of the second part"), 0);
    stage_done(&r);
}
END_TEST

/* A blog's front page: each post's body is marked entry-content. The climb does not look past
 * the marked body of the best post into the box that holds all of them. */
START_TEST(section_climb_stops_at_a_marked_article_body)
{
    static const char page[] =
        "<html><head><title>Blog</title></head><body>" MENU
        "<div id=content>"
        "<div class=post id=post1><h2>First post</h2><div class=entry-content id=body1>"
        PARA("first post", 1) PARA("first post", 2) PARA("first post", 3) PARA("first post", 4)
        PARA("first post", 5) "</div></div>"
        "<div class=post id=post2><h2>Second post</h2><div class=entry-content id=body2>"
        PARA("second post", 1) PARA("second post", 2) PARA("second post", 3)
        PARA("second post", 4) "</div></div>"
        "</div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "body1");
    ck_assert_int_lt(stage_block(&r, "Paragraph 1 of the second post"), 0);
    stage_done(&r);
}
END_TEST

/* A post of a forum thread, in a box the forum software names "comment". */
#define POST(n)                                                                                  \
    "<div class=\"MtnComment\"><div class=\"MtnCommentText\">Reply " #n ": since the update "   \
    "my phone cannot reach the app store any more, and restarting it did not help, has "         \
    "anyone found a way around it?</div></div>"

/* 1 when some block of the result contains text. */
static int
result_has(const pith_result *res, const char *text)
{
    for (size_t i = 0; i < res->n_blocks; i++)
        if (strstr(res->blocks[i].text, text))
            return 1;
    return 0;
}

/* A forum thread whose posts are all named "comment": the posts are the article, so the
 * comment name does not drop them. The whole pipeline runs, as the strict first attempt sets
 * the comment boxes aside and the looser retry finds them. */
START_TEST(thread_of_posts_named_comment_is_kept)
{
    static const char page[] =
        "<html><head><title>Thread</title></head><body>" MENU
        "<main id=thread>" POST(1) POST(2) POST(3) POST(4) POST(5) POST(6) "</main>"
        "</body></html>";
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.explain = 1;
    pith_result *res = NULL;
    ck_assert_int_eq(pith_extract(page, strlen(page), &o, &res), PITH_OK);
    ck_assert(result_has(res, "Reply 1:"));
    ck_assert(result_has(res, "Reply 6:"));
    ck_assert_msg(!strstr(res->explain, "boilerplate class"), "explain: %s", res->explain);
    pith_result_free(res);
}
END_TEST

/* A page builder that wraps every text box in a "widget" container: the widget name (a
 * negative class weight) does not drop the page's only text. */
START_TEST(page_of_widget_boxes_is_kept)
{
    static const char page[] =
        "<html><head><title>About us</title></head><body>" MENU
        "<div id=page>"
        "<div class=\"elementor-widget-container\" id=w1>" PARA("about page", 1)
        PARA("about page", 2) "</div>"
        "<div class=\"elementor-widget-container\" id=w2>" PARA("about page", 3)
        PARA("about page", 4) "</div>"
        "<div class=\"elementor-widget-container\" id=w3>" PARA("about page", 5) "</div>"
        "</div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_int_ge(stage_block(&r, "Paragraph 1 of the about page"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 5 of the about page"), 0);
    ck_assert(!stage_explained(&r, "negative class weight", NULL));
    stage_done(&r);
}
END_TEST

/* An article followed by its comments in the same box: the article keeps more than a quarter
 * of the box, so the comment names still drop the comments. */
START_TEST(comments_after_an_article_still_go)
{
    static const char page[] =
        "<html><head><title>Flood</title></head><body>" MENU
        "<div id=story>" PARA("story", 1) PARA("story", 2) PARA("story", 3)
        "<div class=comments id=comments>" POST(1) POST(2) POST(3) POST(4) "</div>"
        "</div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_int_ge(stage_block(&r, "Paragraph 3 of the story"), 0);
    ck_assert_int_lt(stage_block(&r, "Reply 1:"), 0);
    ck_assert(stage_explained(&r, "boilerplate class", NULL));
    stage_done(&r);
}
END_TEST

/* The standfirst in the article's <header> (a landmark, set aside as a whole) above the
 * container: kept as the lead, as a <p> and as a long heading; a share bar's text in the same
 * header is not. */
START_TEST(lead_in_the_title_header_is_kept)
{
    static const char page[] =
        "<html><head><title>The river rose over the weekend</title></head><body>" MENU
        "<header id=head><h1>The river rose over the weekend</h1>"
        "<p id=lead>Volunteers filled sandbags through the night as the water reached the old "
        "town's walls, and the mayor asked residents to stay away from the banks.</p>"
        "<h2 id=dek>The council will meet on Monday to decide whether the flood barrier should "
        "be raised before the next storm arrives in the valley.</h2>"
        "<div class=share-bar><p>Share this story with your friends and family on every "
        "network you use today.</p></div>"
        "</header>"
        "<div id=story>" PARA("story", 1) PARA("story", 2) PARA("story", 3) "</div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(stage_kept(&r, "lead"));
    ck_assert(stage_kept(&r, "dek"));
    char want[64];
    snprintf(want, sizeof want, "lead paragraph outside the container #%u",
             stage_node(&r, "lead"));
    ck_assert_msg(stage_explained(&r, want, NULL), "explain: %s", r.explain.data);
    ck_assert_int_ge(stage_block(&r, "Volunteers filled sandbags"), 0);
    ck_assert_int_ge(stage_block(&r, "The council will meet on Monday"), 0);
    ck_assert_int_lt(stage_block(&r, "Share this story"), 0);
    stage_done(&r);
}
END_TEST

/* The article's own <header>, inside the chosen <article>, holds the title, the standfirst
 * after a date line: cleaning used to drop it whole. Marked as holding the lead, it is cleaned
 * box by box: the standfirst stays, the title heading and the date line still go. */
START_TEST(lead_in_the_article_header_is_kept)
{
    static const char page[] =
        "<html><head><title>The river rose over the weekend</title></head><body>" MENU
        "<article id=art><header id=head><h1>The river rose over the weekend</h1>"
        "<p>12 March 2024</p>"
        "<p id=lead>Volunteers filled sandbags through the night as the water reached the old "
        "town's walls, and the mayor asked residents to stay away from the banks.</p>"
        "</header>"
        PARA("story", 1) PARA("story", 2) PARA("story", 3) PARA("story", 4)
        "</article>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "art");
    ck_assert_int_eq(r.sel.keep[stage_node(&r, "head")], PITH_KEEP_LEAD_BOX);
    ck_assert_msg(stage_explained(&r, "in the article's <header>", NULL), "explain: %s",
                  r.explain.data);
    ck_assert_int_ge(stage_block(&r, "Volunteers filled sandbags"), 0);
    ck_assert_int_lt(stage_block(&r, "The river rose over the weekend"), 0);
    ck_assert_int_lt(stage_block(&r, "12 March 2024"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 4 of the story"), 0);
    stage_done(&r);
}
END_TEST

/* A blog engine that renders its posts by script: the post's text is all in a <noscript>
 * inside the post box. The <noscript> is taken as the article instead of being dropped
 * inside it. */
START_TEST(post_inside_noscript_is_the_article)
{
    static const char page[] =
        "<html><head><title>Flood</title></head><body>" MENU
        "<div class=post-body id=post><div id=render></div><noscript id=ns>"
        PARA("post", 1) PARA("post", 2) PARA("post", 3) PARA("post", 4)
        "</noscript></div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "ns");
    ck_assert_msg(stage_explained(&r, "holds the container's text", NULL), "explain: %s",
                  r.explain.data);
    ck_assert_int_ge(stage_block(&r, "Paragraph 1 of the post"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 4 of the post"), 0);
    stage_done(&r);
}
END_TEST

/* A subheading whose id is made of its words joined by underscores ("nav_" + the heading
 * text, as a table of contents links to it) is article text: such an id is not the box's
 * vocabulary, whether its words are joined by dashes or underscores. */
START_TEST(heading_id_made_of_its_words_is_not_vocabulary)
{
    static const char page[] =
        "<html><head><title>Flood</title></head><body>" MENU
        "<div id=story>" PARA("story", 1) PARA("story", 2)
        "<h3 id=nav_how_the_river_rose__1>How the river rose</h3>"
        PARA("story", 3) PARA("story", 4) "</div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert_int_ge(stage_block(&r, "How the river rose"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 4 of the story"), 0);
    stage_done(&r);
}
END_TEST

/* A recipe: an ingredient list whose product names link to a shop (a third of its text is
 * links) and steps with two photos each are the article's data, marked by content and kept
 * by cleaning, which otherwise takes them for a link list and a gallery. A list of linked
 * headlines with a line of summary each, in the same box, still goes. */
START_TEST(recipe_lists_are_kept_as_data)
{
    static const char page[] =
        "<html><head><title>Apple cake</title></head><body>" MENU
        "<div id=recipe>" PARA("recipe", 1) PARA("recipe", 2)
        "<div class=ingredients-box><h2>Ingredients</h2><ul id=ingredients>"
        "<li>250 g <a href=\"/p/flour\">Premium wheat flour</a></li>"
        "<li>100 ml <a href=\"/p/milk\">Fresh whole milk</a></li>"
        "<li>2 eggs, size M</li><li>1 pinch of salt</li>"
        "<li>3 tart apples, peeled and sliced</li><li>1 teaspoon of ground cinnamon</li>"
        "<li>50 g <a href=\"/p/sugar\">Fine white sugar</a></li></ul></div>"
        "<ol id=steps>"
        "<li><img src=a1.jpg><img src=a2.jpg>Mix the flour with the milk until smooth.</li>"
        "<li><img src=b1.jpg><img src=b2.jpg>Beat the eggs with the sugar and the salt.</li>"
        "<li><img src=c1.jpg><img src=c2.jpg>Fold both together and bake for forty minutes.</li>"
        "</ol>" PARA("recipe", 3)
        "<ul id=teasers>"
        "<li><a href=\"/a1\">Another cake that the readers of this site loved</a> Baking</li>"
        "<li><a href=\"/a2\">Ten ways to use the apples from your garden</a> Tips</li>"
        "<li><a href=\"/a3\">Why the oven temperature matters for sponge</a> Guide</li>"
        "</ul></div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "recipe");
    char want[64];
    snprintf(want, sizeof want, "content: data <ul> #%u", stage_node(&r, "ingredients"));
    ck_assert_msg(stage_explained(&r, want, NULL), "explain: %s", r.explain.data);
    ck_assert_int_ge(stage_block(&r, "100 ml Fresh whole milk"), 0);
    ck_assert_int_ge(stage_block(&r, "1 pinch of salt"), 0);
    ck_assert_int_ge(stage_block(&r, "Beat the eggs with the sugar"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 3 of the recipe"), 0);
    ck_assert_int_lt(stage_block(&r, "Ten ways to use the apples"), 0);
    stage_done(&r);
}
END_TEST

/* A recipe in sibling boxes: the steps (the scored container), the ingredients in a table
 * of their own box before them. The ingredient box scores nothing (no paragraphs), but it
 * is mostly a table of data: it is merged as more of the article. A sibling box of linked
 * recipe names is no data (mostly links) and stays out. */
START_TEST(ingredients_in_a_sibling_box_are_merged)
{
    static const char page[] =
        "<html><head><title>Apple cake</title></head><body>" MENU
        "<main><section id=ingredients-box><h2>Ingredients</h2><table id=ingredients>"
        "<tr><td>250 g</td><td>wheat flour</td></tr><tr><td>100 ml</td><td>whole milk</td></tr>"
        "<tr><td>2</td><td>eggs, size M</td></tr><tr><td>1 pinch</td><td>salt</td></tr>"
        "<tr><td>3</td><td>tart apples, peeled and sliced</td></tr>"
        "<tr><td>50 g</td><td>fine white sugar</td></tr>"
        "<tr><td>1 teaspoon</td><td>ground cinnamon</td></tr></table></section>"
        "<section id=steps><h2>Method</h2>" PARA("method", 1) PARA("method", 2) PARA("method", 3)
        "</section>"
        "<section id=more><h2>More cakes</h2><ul>"
        "<li><a href=\"/c1\">Plum cake with crumble</a></li><li><a href=\"/c2\">Lemon drizzle "
        "cake</a></li><li><a href=\"/c3\">Marble cake from grandmother</a></li>"
        "<li><a href=\"/c4\">Carrot cake with walnuts</a></li></ul></section></main>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "steps");
    char want[64];
    snprintf(want, sizeof want, "merged sibling <section> #%u", stage_node(&r, "ingredients-box"));
    ck_assert_msg(stage_explained(&r, want, NULL), "explain: %s", r.explain.data);
    ck_assert_int_ge(stage_block(&r, "whole milk"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 3 of the method"), 0);
    ck_assert_int_lt(stage_block(&r, "Lemon drizzle"), 0);
    stage_done(&r);
}
END_TEST

/* A recipe whose layout wraps the steps in a list view under a label and puts the
 * ingredients in a column of the section above them: the box of ingredients is merged from
 * that section, which holds little more than the steps. A list of data further
 * up the page (the shop's opening hours beside the site's menu) stays out: the box holding
 * it and the recipe is more than twice the recipe. */
START_TEST(ingredients_a_few_levels_above_the_steps_are_merged)
{
    static const char page[] =
        "<html><head><title>Apple cake</title></head><body>"
        "<div id=page>" MENU "<div id=shop><h2>The shop</h2><ul id=hours><li>Monday: 8 to 18 o'clock</li>"
        "<li>Tuesday: 8 to 18 o'clock</li><li>Wednesday: 8 to 13 o'clock</li>"
        "<li>Thursday: 8 to 20 o'clock</li><li>Friday: 8 to 18 o'clock</li></ul></div>"
        "<section id=recipe><div class=container><div class=row><div id=ingredients-col>"
        "<h2>Ingredients</h2><ul id=ingredients><li>250 g wheat flour</li>"
        "<li>100 ml whole milk</li><li>2 eggs, size M</li><li>1 pinch of salt</li>"
        "<li>3 tart apples, peeled and sliced</li><li>50 g fine white sugar</li>"
        "<li>1 teaspoon of ground cinnamon</li></ul></div></div></div>"
        "<section><h3>The recipe step by step:</h3><div id=list-view><div class=container>"
        "<div id=steps>"
        PARA("method", 1) PARA("method", 2) PARA("method", 3)
        "</div></div></div></section></section></div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "list-view");
    char want[80];
    uint32_t column = stage_node(&r, "ingredients-col");
    snprintf(want, sizeof want, "content: merged data box <div> #%u",
             r.doc.nodes[r.doc.nodes[column].parent].parent);
    ck_assert_msg(stage_explained(&r, want, NULL), "explain: %s", r.explain.data);
    ck_assert_int_ge(stage_block(&r, "100 ml whole milk"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 3 of the method"), 0);
    ck_assert_int_lt(stage_block(&r, "Tuesday: 8 to 18"), 0);
    stage_done(&r);
}
END_TEST

/* A recipe's tabs box: one tab of links to the main ingredients' product pages, one of the
 * steps in prose without links. A quarter of the box is links, which made it one link-heavy
 * box; its parts are judged on their own now: the steps stay, the links go. A teaser (a
 * linked headline over a summary without links) is still one link-heavy box, and so is a
 * box of teasers whose lead card has a long summary. */
START_TEST(steps_beside_a_tab_of_links_are_kept)
{
    static const char page[] =
        "<html><head><title>Porridge</title></head><body>" MENU
        "<div id=recipe><h1>Porridge</h1>" PARA("recipe", 1) PARA("recipe", 2)
        PARA("recipe", 3) "<div class=tabs><div id=products><h3>How healthy are the main ingredients?</h3>"
        "<a href=\"/p/oat-drink\">Oat drink made from whole grain</a> "
        "<a href=\"/p/oat-flakes\">Rolled oat flakes, coarse</a> "
        "<a href=\"/p/linseed\">Golden linseed, crushed</a> "
        "<a href=\"/p/apple\">Apples from the region</a> "
        "<a href=\"/p/hazelnut\">Roasted hazelnut kernels</a> "
        "<a href=\"/p/vanilla\">Bourbon vanilla pods from Madagascar</a> "
        "<a href=\"/p/cinnamon\">Ceylon cinnamon, ground</a></div>"
        "<div id=steps-tab><h3>Steps</h3><p>Bring the oat drink to the boil with the flakes, "
        "the vanilla and the cinnamon, then let it swell for five minutes. Roast the nuts in a "
        "dry pan, wash and dice the apples, and serve everything on top of the porridge.</p>"
        "</div></div>"
        "<div class=teaser><h3><a href=\"/r/pancakes\">Fluffy oat pancakes with blueberries "
        "for the weekend</a></h3><p>Made in twenty minutes, these pancakes need no flour and "
        "keep you full until lunch, says our food editor.</p></div>"
        "<div id=more><div class=lead-card><h3><a href=\"/r/bread\">Our best bread</a></h3>"
        "<p>A crust that crackles and a crumb full of holes: the loaf our readers bake most "
        "often, with a starter that takes a week, a night in the fridge and an oven as hot as "
        "it will go, then forty minutes under a lid and ten without.</p></div>"
        "<div class=grid><a href=\"/r/rolls\">Breakfast rolls overnight</a> "
        "<a href=\"/r/rye\">Dark rye with caraway</a> <a href=\"/r/spelt\">Spelt loaf "
        "in a tin</a> <a href=\"/r/focaccia\">Focaccia with rosemary</a> "
        "<a href=\"/r/plait\">Sweet plait for Easter</a> <a href=\"/r/bagels\">Bagels "
        "boiled and baked</a> <a href=\"/r/naan\">Naan from the frying pan</a> "
        "<a href=\"/r/pretzel\">Pretzels with lye</a> <a href=\"/r/soda\">Irish soda "
        "bread</a></div></div>"
        PARA("recipe", 4) "</div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "recipe");
    ck_assert_msg(stage_block(&r, "Roast the nuts in a dry pan") >= 0, "explain: %s",
                  r.explain.data);
    ck_assert_int_lt(stage_block(&r, "Rolled oat flakes"), 0);
    ck_assert_int_lt(stage_block(&r, "these pancakes need no flour"), 0);
    ck_assert_int_lt(stage_block(&r, "a crumb full of holes"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 4 of the recipe"), 0);
    char want[64];
    snprintf(want, sizeof want, "drop <div> #%u", stage_node(&r, "products"));
    ck_assert(stage_explained(&r, want, "link-heavy box"));
    stage_done(&r);
}
END_TEST

/* A column of links beside the story (a blog roll, each line a linked title and a word, and
 * two events) scores as paragraphs, and enough to pass the sibling share, but it is more
 * than half links: no more of the article. A continuation of the story in a sibling box is
 * still merged. */
#define ROLL(n) "<p><a href=\"/b" #n "\">Another post on the town's own blog, number " #n "</a> today</p>"
START_TEST(sibling_column_of_links_is_not_merged)
{
    static const char page[] =
        "<html><head><title>Flood</title></head><body>"
        "<div id=page><div id=story>" PARA("story", 1) PARA("story", 2) PARA("story", 3)
        PARA("story", 4) "</div>"
        "<div id=more>" PARA("continuation", 1) PARA("continuation", 2) "</div>"
        "<div id=roll>" ROLL(1) ROLL(2) ROLL(3) ROLL(4) ROLL(5) ROLL(6) ROLL(7) ROLL(8) ROLL(9)
        ROLL(10) ROLL(11) ROLL(12) ROLL(13) ROLL(14)
        "<p>Choir of the old church, 12 Harbour Road, Eastgate. Carols, mulled wine and mince "
        "pies, from six in the evening.</p>"
        "<p>Craft market in the town hall, Market Square. Pottery, knitwear, honey and "
        "candles, all day Saturday.</p>"
        "</div></div></body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert_int_ge(stage_block(&r, "Paragraph 2 of the continuation"), 0);
    ck_assert_msg(stage_block(&r, "Craft market") < 0, "explain: %s", r.explain.data);
    char want[64];
    snprintf(want, sizeof want, "merged sibling <div> #%u", stage_node(&r, "roll"));
    ck_assert(!stage_explained(&r, want, NULL));
    stage_done(&r);
}
END_TEST

/* A site-wide <title> ("Coast Daily News - Your Home Page") gives way, once the article is
 * known, to the story's own heading inside the chosen box. That heading was kept by cleaning
 * as the article's first line, before the title was settled: it goes now, as a title heading
 * goes, and the story's paragraphs stay. (The whole pipeline: the settling runs in
 * pith_extract, after cleaning.) */
START_TEST(settled_title_heading_leaves_the_body)
{
    static const char page[] =
        "<html><head><title>Coast Daily News - Your Home Page</title></head><body>"
        "<table><tr><td><a href=/a>Home</a> <a href=/b>Sport</a></td></tr><tr><td>"
        "<div class=story><h3>Mayor opens the harbour bridge</h3>"
        "<p>The mayor opened the new harbour bridge on Saturday, three years after the "
        "council approved its construction across the old shipping channel.</p>"
        "<p>Thousands walked across the bridge in the afternoon, and the harbour ferry "
        "that it replaces made its last crossing in the evening to a crowd of well-wishers.</p>"
        "<p>The bridge cost the city less than planned, the mayor said, because the steel "
        "was bought before prices rose last spring, and the work finished a month early.</p>"
        "</div></td></tr></table></body></html>";
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.explain = 1;
    pith_result *res = NULL;
    ck_assert_int_eq(pith_extract(page, strlen(page), &o, &res), PITH_OK);
    ck_assert_str_eq(res->title, "Mayor opens the harbour bridge");
    ck_assert_str_eq(res->title_source, "article-heading");
    for (size_t i = 0; i < res->n_blocks; i++)
        ck_assert_msg(strcmp(res->blocks[i].text, res->title) != 0, "block %zu is the title: %s",
                      i, res->explain);
    ck_assert_ptr_nonnull(strstr(res->explain, "the title, settled after cleaning"));
    ck_assert_int_ge(res->n_blocks, 3);
    ck_assert_ptr_nonnull(strstr(res->blocks[0].text, "The mayor opened"));
    pith_result_free(res);
}
END_TEST

/* The title heading inside the container, the standfirst after it in a box named for the
 * page's metadata ("recipe-meta", which cleaning drops for its negative name) beside a rating
 * widget: the boxes down to the standfirst are cleaned box by box, so it is kept. */
START_TEST(standfirst_in_a_meta_box_after_the_title_is_kept)
{
    static const char page[] =
        "<html><head><title>Apple cake</title></head><body>" MENU
        "<div id=recipe><h1>Apple cake</h1>"
        "<div class=recipe-meta id=meta><div class=rating>4.5 stars (12 votes)</div>"
        "<p id=standfirst>A moist sponge with tart apples and cinnamon, baked in one tin in "
        "under an hour.</p></div>"
        PARA("recipe", 1) PARA("recipe", 2) PARA("recipe", 3) "</div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "recipe");
    char want[64];
    snprintf(want, sizeof want, "content: lead #%u after the title", stage_node(&r, "standfirst"));
    ck_assert_msg(stage_explained(&r, want, NULL), "explain: %s", r.explain.data);
    ck_assert_int_ge(stage_block(&r, "A moist sponge with tart apples"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 3 of the recipe"), 0);
    stage_done(&r);
}
END_TEST

/* A short note: three short lines under the page's own headline, on a page whose menu makes
 * it mostly links. The headline heading the chosen box makes it an article; the same lines
 * under no such heading are still a front page's leftovers. */
START_TEST(short_note_under_its_headline_is_an_article)
{
    static const char with_headline[] =
        "<html><head><title>Variables</title></head><body>" MENU
        "<div id=note><h1>Variables</h1>"
        "<p>How did variables work again? Here is a part of our lessons.</p>"
        "<p>No problem for you? Then have a look at the next lesson.</p></div>"
        "</body></html>";
    static const char without[] =
        "<html><head><title>Lessons for children</title></head><body>" MENU
        "<div id=note><h2>Variables</h2>"
        "<p>How did variables work again? Here is a part of our lessons.</p>"
        "<p>No problem for you? Then have a look at the next lesson.</p></div>"
        "</body></html>";
    pith_result *r = NULL;
    ck_assert_int_eq(pith_extract(with_headline, sizeof with_headline - 1, NULL, &r), PITH_OK);
    ck_assert_uint_eq(r->n_blocks, 2);
    ck_assert_ptr_nonnull(strstr(r->blocks[1].text, "No problem for you?"));
    pith_result_free(r);
    r = NULL;
    ck_assert_int_eq(pith_extract(without, sizeof without - 1, NULL, &r), PITH_ERR_NO_ARTICLE);
    pith_result_free(r);
}
END_TEST

/* A section of the article with a heading, a paragraph of prose and three screenshots is
 * text illustrated, not a gallery: it stays. A strip of three photos with one-word captions
 * in the same article still goes. */
START_TEST(illustrated_section_is_not_a_gallery)
{
    static const char page[] =
        "<html><head><title>Flood</title></head><body>" MENU
        "<div id=story>" PARA("story", 1) PARA("story", 2)
        "<section id=illustrated><h2>Designed to be redesigned</h2>"
        "<img src=1.png><img src=2.png><img src=3.png>"
        "<p>Get fast and easy access to the features you use most in the new menu, and open "
        "the panel to add, move or remove any button you want. Keep your favourite features "
        "one quick click away.</p></section>"
        "<div id=strip><img src=a.jpg><img src=b.jpg><img src=c.jpg><span>Left</span>"
        "<span>Middle</span><span>Right</span></div>"
        PARA("story", 3) "</div>"
        "</body></html>";
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert_int_ge(stage_block(&r, "Get fast and easy access"), 0);
    ck_assert_int_lt(stage_block(&r, "Middle"), 0);
    ck_assert_int_ge(stage_block(&r, "Paragraph 3 of the story"), 0);
    stage_done(&r);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("recall");
    TCase *tc = tcase_create("choice");
    tcase_add_test(tc, main_inside_a_navigation_wrapper_is_scored);
    tcase_add_test(tc, section_climb_looks_through_wrappers);
    tcase_add_test(tc, section_climb_stops_at_a_marked_article_body);
    tcase_add_test(tc, thread_of_posts_named_comment_is_kept);
    tcase_add_test(tc, page_of_widget_boxes_is_kept);
    tcase_add_test(tc, comments_after_an_article_still_go);
    tcase_add_test(tc, lead_in_the_title_header_is_kept);
    tcase_add_test(tc, lead_in_the_article_header_is_kept);
    tcase_add_test(tc, post_inside_noscript_is_the_article);
    tcase_add_test(tc, heading_id_made_of_its_words_is_not_vocabulary);
    tcase_add_test(tc, recipe_lists_are_kept_as_data);
    tcase_add_test(tc, ingredients_in_a_sibling_box_are_merged);
    tcase_add_test(tc, ingredients_a_few_levels_above_the_steps_are_merged);
    tcase_add_test(tc, steps_beside_a_tab_of_links_are_kept);
    tcase_add_test(tc, sibling_column_of_links_is_not_merged);
    tcase_add_test(tc, settled_title_heading_leaves_the_body);
    tcase_add_test(tc, standfirst_in_a_meta_box_after_the_title_is_kept);
    tcase_add_test(tc, short_note_under_its_headline_is_an_article);
    tcase_add_test(tc, illustrated_section_is_not_a_gallery);
    suite_add_tcase(s, tc);
    return stage_main(s);
}
