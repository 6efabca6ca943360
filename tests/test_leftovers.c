/* SPDX-License-Identifier: MIT */
/* Clean (src/clean.c): what sits inside or right after an article without being the article,
 * one kind per test (issue 13): related-links labels and what they introduce, headings left
 * with nothing under them, ... Each page is small enough to read; each test asserts which
 * blocks were kept and dropped, and the reason explain gives. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "stages.h"

/* Prose enough for the box holding it to be the article. */
#define PROSE_1                                                                                    \
    "<p>The harbour council voted on Tuesday to rebuild the old stone pier before the winter "    \
    "storms arrive, after a survey found cracks along most of its length.</p>"
#define PROSE_2                                                                                    \
    "<p>Fishermen who moor their boats along the pier said the repairs were long overdue, and "   \
    "several of them welcomed the decision at the meeting, which ran late.</p>"
#define PROSE_3                                                                                    \
    "<p>Work is expected to begin next month, and the council has set aside funds from its "      \
    "reserve budget, so that no new tax will be needed to pay for it.</p>"
#define PROSE PROSE_1 PROSE_2 PROSE_3

#define PAGE(body) "<html><head><title>Pier</title></head><body>" body "</body></html>"

static int
kept(const stage_run *r, const char *text)
{
    return stage_block(r, text) >= 0;
}

/* A label naming other articles, then their titles as plain short lines (no links, so the
 * link tests keep them): the label and the titles go; the section after them stays. */
START_TEST(related_label_and_the_titles_it_introduces_are_left_out)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE
        "<h2>Weitere Beiträge aus der Kolumne:</h2>"
        "<p>Wie Werte eine Kultur formen</p><p>Der Herzschlag der Transformation</p>"
        "<h2>Where the money comes from</h2>" PROSE_1 "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(kept(&r, "survey found cracks"));
    ck_assert(!kept(&r, "Weitere Beiträge"));
    ck_assert(!kept(&r, "Wie Werte"));
    ck_assert(!kept(&r, "Herzschlag"));
    ck_assert(kept(&r, "Where the money comes from"));
    ck_assert_msg(stage_explained(&r, "Weitere Beitr", "a related-links label"), "explain: %s",
                  r.explain.data);
    ck_assert(stage_explained(&r, "introduced by a related-links label", NULL));
    stage_done(&r);
}
END_TEST

/* The label heads a box of teaser cards, each a linked headline and a summary sentence (which
 * alone the link tests keep): the whole box goes. The label is matched however it is
 * capitalised, non-ASCII letters included. */
START_TEST(related_label_heading_a_box_takes_the_box_with_it)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE
        "<div id=more><h3>DAS KÖNNTE SIE AUCH INTERESSIEREN</h3>"
        "<div><h4><a href=/a>Pannonisch wohnen</a></h4><p>Ästhetisch und authentisch: ein Haus "
        "am See, das seine Besitzer selbst gebaut haben, wird hier vorgestellt.</p></div>"
        "<div><h4><a href=/b>Der Wind in der Weite</a></h4><p>Längst prägen die Windräder die "
        "Landschaft, und die Winzer haben sich an den Anblick gewöhnt, heißt es.</p></div>"
        "</div></div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(kept(&r, "reserve budget"));
    ck_assert(!kept(&r, "INTERESSIEREN"));
    ck_assert(!kept(&r, "Ästhetisch"));
    ck_assert(!kept(&r, "Windräder"));
    ck_assert(stage_explained(&r, "the box a related-links label heads", NULL));
    stage_done(&r);
}
END_TEST

/* "Lesen Sie auch: <a>title</a>" between paragraphs is one teaser: it goes, the paragraph
 * after it stays. A label followed by an unlinked remark is left alone. */
START_TEST(inline_teaser_after_a_label_and_colon_is_left_out)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE_1 PROSE_2
        "<p>Lesen Sie auch: <a href=/x>Neue Fähre für die Insel</a></p>"
        "<p>Related: the council's vote last year</p>" PROSE_3 "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert(!kept(&r, "Lesen Sie auch"));
    ck_assert(kept(&r, "Related: the council"));
    ck_assert(kept(&r, "reserve budget"));
    ck_assert(stage_explained(&r, "Lesen Sie auch", "an inline teaser"));
    stage_done(&r);
}
END_TEST

/* A heading the article ends on, whose content (a link box) was left out, heads nothing
 * kept: it goes. A heading over pictures alone (nothing left out after it) stays. */
START_TEST(heading_the_article_ends_on_goes_when_its_content_was_left_out)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE "<h2>Die Karte zum Abspeichern</h2>"
        "<div class=map><a href=/m1>Hafen</a> <a href=/m2>Pier</a> <a href=/m3>Markt</a></div>"
        "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert(kept(&r, "reserve budget"));
    ck_assert(!kept(&r, "Die Karte"));
    ck_assert(stage_explained(&r, "Die Karte", "the article ends on it"));
    stage_done(&r);

    static const char gallery[] = PAGE(
        "<div id=story>" PROSE "<h2>The pier in pictures</h2><img src=a.jpg><img src=b.jpg>"
        "</div>");
    stage_run_page(&r, gallery, PITH_BIAS_BALANCED);
    ck_assert(kept(&r, "The pier in pictures"));
    stage_done(&r);
}
END_TEST

/* Calls to action in the article's box (newsletter, messenger, feedback prompt, in three
 * languages) go; the article's own short line about a newsletter stays, and --recall keeps
 * the calls. */
START_TEST(calls_to_action_are_left_out)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE_1 "<p>Never miss the latest news by signing up to our newsletter "
        "today!</p>" PROSE_2 "<p>Wir bei WhatsApp: 0160 - 24 24 24 0</p>"
        "<p>The council will post residents a newsletter about the works.</p>" PROSE_3
        "<p>¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.</p>"
        "<p>War der Artikel nützlich?</p></div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(!kept(&r, "Never miss"));
    ck_assert(!kept(&r, "WhatsApp"));
    ck_assert(!kept(&r, "Telegram"));
    ck_assert(!kept(&r, "nützlich"));
    ck_assert(kept(&r, "post residents a newsletter"));
    ck_assert(kept(&r, "reserve budget"));
    ck_assert(stage_explained(&r, "WhatsApp", "a call to action"));
    stage_done(&r);

    stage_run_page(&r, page, PITH_BIAS_RECALL);
    ck_assert(kept(&r, "WhatsApp"));
    stage_done(&r);
}
END_TEST

/* Photo credits go and the captions they end stay: a credit in a box named for it, one after
 * a "Bild:" marker, one in parentheses; a line that is only a credit, a source line, an
 * update line and an ad label go too. A caption that is nothing but a credit ("Name/Getty
 * Images") stays, except under --precision; --recall keeps the credits. */
START_TEST(picture_credits_go_and_captions_stay)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE_1
        "<figure><img src=a.jpg><figcaption>Das Kabinett bei seiner Klausurtagung"
        "<span class=copyright-note>© Bundesregierung/Steffen Kugler</span></figcaption></figure>"
        "<p>Reklama</p>" PROSE_2
        "<figure><img src=b.jpg><figcaption><p>Erdölpumpen im Abendrot. Bild: "
        "<a href=/s>TebNad/Shutterstock.com</a></p></figcaption></figure>"
        "<figure><img src=c.jpg><figcaption>Der Verband fordert Aufklärung. "
        "(Quelle: Fleischmann/Unsplash/DJV)</figcaption></figure>"
        "<figure><img src=d.jpg><figcaption>jethuynh/iStock/Getty Images</figcaption></figure>"
        "<p>(crédito: Minervino Júnior/CB/D.A.Press)</p><p>Quelle: Landesregierung</p>"
        PROSE_3 "<p>Aktualisiert am 17.01.2021.</p><p>Updated guidance followed in May.</p>"
        "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(kept(&r, "Das Kabinett bei seiner Klausurtagung"));
    ck_assert(!kept(&r, "Kugler"));
    ck_assert(kept(&r, "Erdölpumpen im Abendrot."));
    ck_assert(!kept(&r, "Shutterstock"));
    ck_assert(kept(&r, "Der Verband fordert Aufklärung."));
    ck_assert(!kept(&r, "Fleischmann"));
    ck_assert(kept(&r, "jethuynh/iStock/Getty Images"));
    ck_assert(!kept(&r, "Minervino"));
    ck_assert(!kept(&r, "Landesregierung"));
    ck_assert(!kept(&r, "Aktualisiert"));
    ck_assert(kept(&r, "Updated guidance"));
    ck_assert(!kept(&r, "Reklama"));
    ck_assert(stage_explained(&r, "a picture's credit", NULL));
    ck_assert(stage_explained(&r, "trim caption", "Bild: TebNad"));
    stage_done(&r);

    stage_run_page(&r, page, PITH_BIAS_PRECISION);
    ck_assert(!kept(&r, "Getty Images"));
    stage_done(&r);

    stage_run_page(&r, page, PITH_BIAS_RECALL);
    ck_assert(kept(&r, "Kugler"));
    ck_assert(kept(&r, "Bild: TebNad"));
    ck_assert(kept(&r, "Aktualisiert"));
    stage_done(&r);
}
END_TEST

/* After the article: a line that is only a web address, a "Cite this article" label with
 * the citation under it (prose, so it goes up to the next heading), a call to action set as
 * a heading, and a label ending with a colon that announces what never came (a map). The
 * article's own sentence naming a site stays. */
START_TEST(what_follows_the_article_about_the_article_is_left_out)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE
        "<p>Plans are on www.harbour.example for anyone to read.</p>"
        "<p>https://www.harbour.example/pier/plans-2022</p>"
        "<h3>Cite this article</h3><p>Smith, J. (2022). The pier will be rebuilt. Harbour "
        "News, 12 May.</p><h2>Newsletter abonnieren</h2>"
        "<p>Die Karte zum Abspeichern:</p></div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(kept(&r, "Plans are on www.harbour.example"));
    ck_assert(!kept(&r, "https://"));
    ck_assert(!kept(&r, "Cite this"));
    ck_assert(!kept(&r, "Smith, J."));
    ck_assert(!kept(&r, "Newsletter"));
    ck_assert(!kept(&r, "Die Karte"));
    ck_assert(stage_explained(&r, "https://", "only a web address"));
    ck_assert(stage_explained(&r, "Cite this", "a citation or profile label"));
    ck_assert(stage_explained(&r, "Die Karte", "the article ends on it"));
    stage_done(&r);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("leftovers");
    TCase *tc = tcase_create("kinds");
    tcase_add_test(tc, related_label_and_the_titles_it_introduces_are_left_out);
    tcase_add_test(tc, related_label_heading_a_box_takes_the_box_with_it);
    tcase_add_test(tc, inline_teaser_after_a_label_and_colon_is_left_out);
    tcase_add_test(tc, heading_the_article_ends_on_goes_when_its_content_was_left_out);
    tcase_add_test(tc, calls_to_action_are_left_out);
    tcase_add_test(tc, picture_credits_go_and_captions_stay);
    tcase_add_test(tc, what_follows_the_article_about_the_article_is_left_out);
    suite_add_tcase(s, tc);
    return stage_main(s);
}
