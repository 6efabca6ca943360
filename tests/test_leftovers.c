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
    ck_assert(stage_explained(&r, "Cite this", "a citation, profile or contact label"));
    ck_assert(stage_explained(&r, "Die Karte", "the article ends on it"));
    stage_done(&r);
}
END_TEST

/* A table of linked headlines (a bullet picture and a link a row, so a data table) beside a
 * short article holds most of the box's characters but none of its prose: it is not "most of
 * the article", so the box tests judge it and it goes; the prose stays. */
#define HEADLINE_ROW(n)                                                                            \
    "<tr><td><img src=dot.gif></td><td><a href=/h" #n ">Harbour board names a new chair after a long search " #n           \
    "</a></td></tr>"
START_TEST(headline_table_beside_a_short_article_is_not_the_article)
{
    static const char page[] = PAGE(
        "<div id=story><p><b>Pier to be rebuilt</b></p><table><tr><td><table>"
        HEADLINE_ROW(1) HEADLINE_ROW(2) HEADLINE_ROW(3) HEADLINE_ROW(4) HEADLINE_ROW(5)
        HEADLINE_ROW(6) HEADLINE_ROW(7) HEADLINE_ROW(8) HEADLINE_ROW(9) HEADLINE_ROW(10)
        "</table></td></tr></table>" PROSE_1 PROSE_2 "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(kept(&r, "survey found cracks"));
    ck_assert(kept(&r, "long overdue"));
    ck_assert_msg(!kept(&r, "Harbour board"), "explain: %s", r.explain.data);
    ck_assert(stage_explained(&r, "drop <table>", NULL));
    stage_done(&r);
}
END_TEST

/* After a press release or an agency's story: the agency's rights notice, "this document is
 * subject to copyright", the release's disclaimer, a contact label with the address under it,
 * and the company's profile under "About <Name>" (prose, up to the next heading). The
 * article's own sentence about copyright and its own "About ..." heading before its text
 * stay. */
START_TEST(rights_notices_contacts_and_company_profiles_are_left_out)
{
    static const char page[] = PAGE(
        "<div id=story><h1>Pier to be rebuilt</h1><h2>About Face: the pier's new look</h2>" PROSE_1
        "<p>The architect said the drawings of the pier are subject to copyright and cannot be "
        "shown before the vote.</p>" PROSE_2
        "<p>This material may not be published, broadcast, rewritten or redistributed.</p>"
        "<p>This document is subject to copyright.</p>"
        "<p>The opinions expressed in this release are those of the organization issuing it.</p>"
        "<h3>Media contact:</h3><p>Jane Roe, Harbour Works</p><p>Telefon +49 40 123 456</p>"
        "<h3>About Harbour Works Ltd</h3><p>Harbour Works Ltd builds and repairs piers, quays "
        "and slipways along the north coast, and employs two hundred people.</p>"
        "<h2>The next steps</h2>" PROSE_3 "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(kept(&r, "About Face"));
    ck_assert(kept(&r, "drawings of the pier are subject to copyright"));
    ck_assert(!kept(&r, "may not be published"));
    ck_assert(!kept(&r, "This document"));
    ck_assert(!kept(&r, "opinions expressed"));
    ck_assert(!kept(&r, "Media contact"));
    ck_assert(!kept(&r, "Jane Roe"));
    ck_assert(!kept(&r, "Telefon"));
    ck_assert(!kept(&r, "About Harbour Works"));
    ck_assert(!kept(&r, "employs two hundred"));
    ck_assert(kept(&r, "The next steps"));
    ck_assert(kept(&r, "reserve budget"));
    ck_assert(stage_explained(&r, "This document", "a rights notice"));
    ck_assert(stage_explained(&r, "Media contact", "contact label"));
    ck_assert(stage_explained(&r, "About Harbour Works", "a company's profile"));
    stage_done(&r);
}
END_TEST

/* Contact lines at the end of a story: "Write to <name> at <address>", a reporter's phone
 * and address; the article's sentence naming an address inside a longer paragraph stays. */
START_TEST(contact_lines_are_left_out)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE_1 PROSE_2
        "<p>Residents who want to comment on the plans before the final vote can write to the "
        "council at pier@harbour.example, which will publish every letter it receives on its "
        "website and read the most common questions out at the next public meeting.</p>"
        PROSE_3 "<p>Write to Jane Roe at jane.roe@harbour.example</p>"
        "<p>Tom Poe: 206-464-2067 or tpoe@harbour.example</p></div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(kept(&r, "pier@harbour.example"));
    ck_assert(!kept(&r, "Write to Jane"));
    ck_assert(!kept(&r, "Tom Poe"));
    ck_assert(stage_explained(&r, "Write to Jane", "a contact line"));
    stage_done(&r);

    stage_run_page(&r, page, PITH_BIAS_RECALL);
    ck_assert(kept(&r, "Write to Jane"));
    stage_done(&r);
}
END_TEST

/* "Updated at 1:23 p.m." and a timestamp line naming both times, below the article's lead
 * picture (after its text began, so not a dateline), go; a sentence that begins with
 * "Published" and holds a date, and a live update's entry that begins with its time, stay. */
START_TEST(update_time_lines_are_left_out)
{
    static const char page[] = PAGE(
        "<article id=story>" PROSE_1
        "<p>Published 9:02 a.m. ET Jan. 5, 2024 | Updated 1:23 p.m. ET Jan. 5, 2024</p>"
        "<p>Updated at 1:23 p.m.</p>" PROSE_2
        "<p>Published in the journal Nature on 5 March 2024, the survey was widely cited.</p>"
        "<p>UPDATE, 3:45 p.m.: The council confirmed the vote and said the work would begin in "
        "the spring, weather permitting.</p>" PROSE_3 "</article>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert_msg(!kept(&r, "Published 9:02"), "explain: %s", r.explain.data);
    ck_assert(!kept(&r, "Updated at 1:23"));
    ck_assert(kept(&r, "Published in the journal Nature"));
    ck_assert(kept(&r, "The council confirmed the vote"));
    ck_assert(kept(&r, "reserve budget"));
    ck_assert(stage_explained(&r, "Published 9:02", "update line"));
    stage_done(&r);
}
END_TEST

/* A hover card inside a sentence: after a linked name, a box repeating the name with the
 * person's latest headlines. The card goes; the sentence around it stays whole. */
START_TEST(hover_card_repeating_a_linked_name_is_left_out)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE_1
        "<p>The plan was drawn up by <span class=person><a href=/people/jane-roe>Jane Roe</a>"
        "<span class=card><span class=card-name>Jane Roe</span><span>Harbour engineer</span>"
        "<span>Latest</span><a href=/s1>Storm damages the sea wall at Eastgate</a>"
        "<a href=/s2>Ferry timetable changes from May</a></span></span>, the harbour's chief "
        "engineer, who inspected the pier in March.</p>" PROSE_2 PROSE_3 "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    long b = stage_block(&r, "The plan was drawn up by Jane Roe, the harbour");
    ck_assert_msg(b >= 0, "explain: %s", r.explain.data);
    ck_assert(!kept(&r, "Storm damages"));
    ck_assert(stage_explained(&r, "a hover card", NULL));
    stage_done(&r);
}
END_TEST

/* Teaser cards inside the article: a run of sibling boxes of the same shape, each a linked
 * headline with a summary sentence under it (which alone the link tests keep). The run goes
 * (--recall keeps it); a list of the article's own links with remarks in the same line, and
 * the article's own sections under headings that link to themselves (permalinks), stay. */
#define TEASER_CARD(n, summary)                                                                    \
    "<div class=card><h3><a href=/t" #n ">Headline of another story " #n "</a></h3><p>"        \
    summary "</p></div>"
START_TEST(teaser_cards_inside_the_article_are_left_out)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE_1 PROSE_2
        "<div class=cards>"
        TEASER_CARD(1, "The ferry company has ordered a new boat for the island route, which it "
                       "says will carry twice as many cars and run in all but the worst weather.")
        TEASER_CARD(2, "Eastgate's sea wall was damaged in last week's storm, engineers say, and "
                       "the promenade behind it will stay closed until it has been inspected.")
        TEASER_CARD(3, "A new market hall opens on the quay in time for the summer season, with "
                       "room for forty stalls selling fish, bread and vegetables from nearby farms.")
        "</div>"
        "<ul><li><a href=/r1>The survey</a>: the engineers' report in full</li>"
        "<li><a href=/r2>The budget</a>: what the council set aside</li>"
        "<li><a href=/r3>The vote</a>: how each member voted</li></ul>"
        "<div class=section><h2><a href=#cost>What it will cost</a></h2><p>About two million "
        "pounds, most of it from the reserve, and the rest from a grant that the county "
        "agreed to last year.</p></div>"
        "<div class=section><h2><a href=#when>When the work starts</a></h2><p>In the spring, "
        "once the storms have passed and the divers have checked the foundations under the "
        "water.</p></div>"
        "<div class=section><h2><a href=#who>Who will do it</a></h2><p>A firm from the "
        "county, chosen by tender, which rebuilt the lifeboat slipway at Eastgate two years "
        "ago.</p></div>" PROSE_3 "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert_msg(!kept(&r, "ferry company"), "explain: %s", r.explain.data);
    ck_assert(!kept(&r, "sea wall"));
    ck_assert(!kept(&r, "market hall"));
    ck_assert(kept(&r, "The survey: the engineers"));
    ck_assert_msg(kept(&r, "About two million"), "explain: %s", r.explain.data);
    ck_assert(kept(&r, "chosen by tender"));
    ck_assert(kept(&r, "reserve budget"));
    ck_assert(stage_explained(&r, "teaser cards", NULL));
    stage_done(&r);

    stage_run_page(&r, page, PITH_BIAS_RECALL);
    ck_assert(kept(&r, "ferry company"));
    stage_done(&r);
}
END_TEST

/* Leftovers of German sites' templates: a picture's toggle buttons ("Bild anzeigen Bild
 * schließen"), a caption's "Zum Vergrößern auf das Bild klicken.", a teaser cut with an
 * ellipsis and a "mehr" link, a teaser set in emphasis ("Kicker: <a>headline</a>") and a
 * job-board call. The caption, an emphasised credit without a colon, and the article's
 * own sentence with an ellipsis stay; --recall keeps the teasers. */
START_TEST(template_leftovers_of_german_sites_are_left_out)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE_1
        "<div class=step><span class=toggle-open>Bild anzeigen</span> "
        "<span class=toggle-close>Bild schließen</span></div>"
        "<figure><img src=a.jpg><figcaption>Der Pier im Winter. Zum Vergrößern auf das Bild "
        "klicken.</figcaption></figure>" PROSE_2
        "<p><em>Früher im Blog: <a href=/w>Wie der Hafen gebaut wurde</a></em></p>"
        "<p><em>Portrait by <a href=/p>Jane Roe</a></em></p>"
        "<p>Die Fischer warten noch... und hoffen auf den Frühling.</p>"
        "<p>Auskunft über vergangenes Wetter… <a href=/m>mehr •••</a></p>"
        "<p>Über 20.000 Traumjobs warten auf dich in unserer Jobbörse. Gleich reinschauen!</p>"
        PROSE_3 "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert_msg(!kept(&r, "Bild anzeigen"), "explain: %s", r.explain.data);
    ck_assert(kept(&r, "Der Pier im Winter."));
    ck_assert(!kept(&r, "Vergrößern"));
    ck_assert(!kept(&r, "Früher im Blog"));
    ck_assert(kept(&r, "Portrait by Jane Roe"));
    ck_assert(kept(&r, "warten noch..."));
    ck_assert(!kept(&r, "Auskunft"));
    ck_assert(!kept(&r, "Traumjobs"));
    ck_assert(kept(&r, "reserve budget"));
    ck_assert(stage_explained(&r, "Bild anzeigen", "interface text"));
    ck_assert(stage_explained(&r, "Auskunft", "a read-more link"));
    ck_assert(stage_explained(&r, "Früher im Blog", "set in emphasis"));
    stage_done(&r);

    stage_run_page(&r, page, PITH_BIAS_RECALL);
    ck_assert(kept(&r, "Auskunft"));
    ck_assert(kept(&r, "Früher im Blog"));
    stage_done(&r);
}
END_TEST

/* A slideshow embedded in the article: six slides, each caption numbered "k/6" in an element
 * of its own, in a box apart from the article's paragraphs. Its captions are more text than
 * the article, so only the counters tell it from the article: the box goes, title and all,
 * and the paragraphs after it stay. A photo story whose captions are the article (an intro
 * line, then the slides) keeps them. */
#define SLIDE(k, what)                                                                            \
    "<li><h3><span class=counter>" #k "/6</span> " what "</h3><p>The photograph shows " what     \
    " on the morning after the storm, when the harbour master walked the length of the pier "    \
    "with the engineers and pointed out each crack.</p></li>"
#define SLIDES                                                                                    \
    "<div class=widget><h2>The pier in pictures</h2><ul class=legends>"                         \
    SLIDE(1, "the north end") SLIDE(2, "the lamp posts") SLIDE(3, "the steps to the water")     \
    SLIDE(4, "the fishermen's huts") SLIDE(5, "the old crane") SLIDE(6, "the lifeboat house")   \
    "</ul></div>"
#define PROSE_4                                                                                    \
    "<p>The pier was built in 1871 by the railway company, which used it to land coal for the "  \
    "engine sheds, and it passed to the town when the branch line closed.</p>"
#define PROSE_5                                                                                    \
    "<p>Since then it has been repaired twice, after the floods of 1953 and after a ship struck " \
    "its end in a gale, and both times the town paid for the work alone.</p>"
#define PROSE_6                                                                                    \
    "<p>The council hopes the new pier will last another hundred years, and it has asked the "    \
    "engineers to plan for higher seas and stronger storms than the old one met.</p>"
START_TEST(slideshow_apart_from_the_article_is_left_out)
{
    static const char page[] = PAGE("<div id=story>" PROSE_1 PROSE_2 PROSE_3 SLIDES PROSE_4
                                    PROSE_5 PROSE_6 "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    ck_assert(kept(&r, "survey found cracks"));
    ck_assert_msg(!kept(&r, "the lamp posts"), "explain: %s", r.explain.data);
    ck_assert(!kept(&r, "The photograph shows"));
    ck_assert(!kept(&r, "The pier in pictures"));
    ck_assert(kept(&r, "built in 1871"));
    ck_assert(kept(&r, "struck its end"));
    ck_assert(stage_explained(&r, "slideshow: counters 1/6, 2/6, 3/6", NULL));
    ck_assert(stage_explained(&r, "a slideshow's captions", NULL));
    stage_done(&r);

    static const char story[] = PAGE("<div id=story><p>The storm, in six pictures.</p>" SLIDES
                                     "</div>");
    stage_run_page(&r, story, PITH_BIAS_BALANCED);
    ck_assert_msg(kept(&r, "the lamp posts"), "explain: %s", r.explain.data);
    ck_assert(kept(&r, "The photograph shows the lifeboat house"));
    stage_done(&r);
}
END_TEST

/* A page that prints its article twice: a print copy of the story's paragraphs (in a span,
 * as some templates have it) before the copy shown. The second box of the same paragraphs
 * goes; a paragraph the article repeats on purpose (a pull quote, a refrain) stays twice. */
START_TEST(print_copy_of_the_article_is_left_out)
{
    static const char page[] = PAGE(
        "<div id=story><span id=print-copy>" PROSE_3 PROSE_4 PROSE_5 PROSE_6 "</span>"
        "<div id=shown>" PROSE_3 PROSE_4 PROSE_5 PROSE_6 "</div>" PROSE_1 PROSE_2 PROSE_1 "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    int first = stage_block(&r, "built in 1871");
    ck_assert_int_ge(first, 0);
    for (size_t i = (size_t)first + 1; i < r.blocks.n; i++)
        ck_assert_msg(!strstr(r.blocks.items[i].text, "built in 1871"), "block %zu repeats it", i);
    char want[64];
    snprintf(want, sizeof want, "drop <div> #%u", stage_node(&r, "shown"));
    ck_assert_msg(stage_explained(&r, want, "a print copy"), "explain: %s", r.explain.data);
    int seen = 0;
    for (size_t i = 0; i < r.blocks.n; i++)
        seen += strstr(r.blocks.items[i].text, "survey found cracks") != NULL;
    ck_assert_int_eq(seen, 2);
    stage_done(&r);
}
END_TEST

/* Ruby annotations (furigana) are read above the base text, not inside it: a plain-text
 * copy that keeps them reads every annotated word twice ("子こども"). */
START_TEST(ruby_annotations_are_not_part_of_the_text)
{
    static const char page[] = PAGE(
        "<div id=story>" PROSE_1 "<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもを"
        "<ruby>守<rt>まも</rt></ruby>る法律ができました。</p>" PROSE_2 PROSE_3 "</div>");
    stage_run r;
    stage_run_page(&r, page, PITH_BIAS_BALANCED);
    ck_assert_str_eq(stage_container_id(&r), "story");
    int at = stage_block(&r, "どもを");
    ck_assert_int_ge(at, 0);
    ck_assert_str_eq(r.blocks.items[at].text, "子どもを守る法律ができました。");
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
    tcase_add_test(tc, headline_table_beside_a_short_article_is_not_the_article);
    tcase_add_test(tc, rights_notices_contacts_and_company_profiles_are_left_out);
    tcase_add_test(tc, contact_lines_are_left_out);
    tcase_add_test(tc, update_time_lines_are_left_out);
    tcase_add_test(tc, hover_card_repeating_a_linked_name_is_left_out);
    tcase_add_test(tc, teaser_cards_inside_the_article_are_left_out);
    tcase_add_test(tc, template_leftovers_of_german_sites_are_left_out);
    tcase_add_test(tc, slideshow_apart_from_the_article_is_left_out);
    tcase_add_test(tc, print_copy_of_the_article_is_left_out);
    tcase_add_test(tc, ruby_annotations_are_not_part_of_the_text);
    suite_add_tcase(s, tc);
    return stage_main(s);
}
