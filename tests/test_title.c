/* SPDX-License-Identifier: MIT */
/* The title (src/title.c): chosen with the metadata on small hand-written pages run up to
 * pith_metadata, then settled against the article through pith_extract. Every expected
 * value is read off the input by hand. */
#include "meta_fixture.h"

/* twitter:title when there is no og:title; <title> when there is neither. */
START_TEST(page_title_fallbacks)
{
    run r;
    run_page(&r,
             "<html><head><title>T tag</title><meta name='twitter:title' content='Tw title'>"
             "</head><body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Tw title");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_META_TWITTER);
    done(&r);
    run_page(&r, "<html><head><title>Only the title tag</title></head><body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Only the title tag");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_TAG);
    ck_assert_uint_eq(r.m.title_node, PITH_NONE);
    done(&r);
    run_page(&r, "<html><body><h1>Only a heading</h1></body></html>", NULL, NULL);
    ck_assert_str_eq(r.m.title, "Only a heading");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_H1);
    done(&r);
}
END_TEST

/* " | Site" goes when the site is known, or when the rest is the h1; "Site - " too. */
START_TEST(page_site_suffix_stripped)
{
    run r;
    run_page(&r,
             "<html><head><title>How to Build a Box | Boxes Daily</title>"
             "<meta property='og:site_name' content='Boxes Daily'></head>"
             "<body><p>no heading</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "How to Build a Box");
    done(&r);
    /* prefix form, matched against the h1 (the site name is unknown) */
    run_page(&r,
             "<html><head><title>Example News - Council votes to rebuild bridge</title></head>"
             "<body><nav><h1>Menu</h1></nav>"
             "<div><h1>Council votes to rebuild bridge</h1><p>t</p></div></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Council votes to rebuild bridge");
    ck_assert_uint_ne(r.m.title_node, PITH_NONE);
    done(&r);
    /* the host name as the suffix: " :: Example" on example.org */
    run_page(&r,
             "<html><head><title>Quiet week ends \xe2\x80\x94 Example</title></head><body></body></html>",
             NULL, "https://www.example.org/a/b");
    ck_assert_str_eq(r.m.title, "Quiet week ends");
    done(&r);
    /* no evidence: a dash in the title stays */
    run_page(&r,
             "<html><head><title>Spider-Man - the review</title></head><body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Spider-Man - the review");
    done(&r);
    /* a part that calls itself a site; "the review" above does not */
    run_page(&r,
             "<html><head><title>Quiet week ends \xe2\x80\x93 My website</title></head>"
             "<body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Quiet week ends");
    done(&r);
    run_page(&r,
             "<html><head><title>Web site of the week - Quiet week ends</title></head>"
             "<body></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Web site of the week - Quiet week ends");
    done(&r);
}
END_TEST

/* og:title that is just the site name loses to the article's heading. */
START_TEST(page_bare_site_name_never_title)
{
    run r;
    run_page(&r,
             "<html><head><title>Gazette</title>"
             "<meta property='og:title' content='Gazette'>"
             "<meta property='og:site_name' content='Gazette'></head>"
             "<body><h1>Harbour reopens after storm</h1></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Harbour reopens after storm");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_H1);
    done(&r);
    run_page(&r,
             "<html><head><title>Gazette</title><meta property='og:site_name' content='Gazette'>"
             "</head><body></body></html>",
             NULL, NULL);
    ck_assert_ptr_null(r.m.title);
    done(&r);
}
END_TEST

START_TEST(page_hidden_h1_ignored)
{
    run r;
    run_page(&r,
             "<html><body><div style='display:none'><h1>Hidden heading</h1></div>"
             "<h1>Visible heading</h1></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Visible heading");
    done(&r);
}
END_TEST

/* Without metadata titles, the headline is the run of the <title> that a body element shows
 * whole, written as the body writes it; no such element leaves the <title> alone. */
START_TEST(page_title_run_in_body)
{
    run r;
    run_page(&r,
             "<html><head><title>Daily Bugle : World : Storm closes the harbour for two days"
             "</title></head><body><table><tr><td class=nav>World</td></tr><tr><td>"
             "<font size=+2><b>Storm  closes the Harbour for two days</b></font></td></tr>"
             "<tr><td><p>Long paragraph.</p></td></tr></table></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the Harbour for two days");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_TAG_RUN);
    done(&r);
    /* the section's link printed beside the headline is not part of it */
    run_page(&r,
             "<html><head><title>Daily Bugle : World : Storm closes the harbour for two days"
             "</title></head><body><p><a href=/world>World</a><br><br>"
             "<font size=4><b>Storm closes the harbour for two days</b></font></p>"
             "<p>Long paragraph.</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    done(&r);
    /* a two-word element ("World") is a section, not the headline */
    run_page(&r,
             "<html><head><title>Daily Bugle : World News Today</title></head><body>"
             "<div>World News</div><p>Text.</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Daily Bugle : World News Today");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_TAG);
    done(&r);
    /* an og:title is trusted as given: the body is not consulted */
    run_page(&r,
             "<html><head><title>Paper - Storm closes the harbour</title>"
             "<meta property='og:title' content='Storm closes the harbour today'></head>"
             "<body><h1>Storm closes the harbour</h1></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour today");
    done(&r);
}
END_TEST

/* A <title> of headline and standfirst, shown as an h1 and a longer h2: the h1 that opens
 * the <title> is the headline, the standfirst is not. */
START_TEST(page_title_run_opening_h1_beats_the_standfirst)
{
    run r;
    run_page(&r,
             "<html><head><title>Storm closes the harbour, Ferries stay in port for two days "
             "as the waves reach six metres - Daily Bugle</title></head><body>"
             "<h1>Storm closes the harbour</h1>"
             "<h2>Ferries stay in port for two days as the waves reach six metres</h2>"
             "<p>Long paragraph.</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_TAG_RUN);
    done(&r);
    /* the h1 is the site's banner, not the opening of the <title>: the longest run wins */
    run_page(&r,
             "<html><head><title>Storm closes the harbour for two days - Daily Bugle Online"
             "</title></head><body><h1>Daily Bugle Online</h1>"
             "<h2>Storm closes the harbour for two days</h2><p>Long paragraph.</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    done(&r);
}
END_TEST

/* A heading's permalink mark ("¶", Sphinx's headerlink) is not part of the title. */
START_TEST(page_title_without_permalink_mark)
{
    run r;
    run_page(&r,
             "<html><body><h1>Evolve: shared mutable history<a class=headerlink "
             "href='#evolve'>\xc2\xb6</a></h1><p>Text.</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Evolve: shared mutable history");
    done(&r);
}
END_TEST

/* Three paragraphs of a harbour story: the prose that the headline tests put under their
 * candidate headings. */
static const char harbour_prose[] =
    "<p>The harbour was closed on Monday after the storm brought waves of six metres to "
    "the coast, the port authority said in a statement on its website.</p>"
    "<p>Ferries to the islands were cancelled and the fishing fleet stayed at anchor "
    "while engineers inspected the breakwater for damage caused overnight.</p>"
    "<p>The authority expects to reopen the harbour on Wednesday morning if the forecast "
    "holds and the inspection finds no structural damage to the outer wall.</p>";

/* No <title> (or only the site's name): the heading that the article's prose follows. */
START_TEST(page_body_headline)
{
    const char *prose = harbour_prose;
    char html[4096];
    run r;
    snprintf(html, sizeof html,
             "<html><body><div><h2>Latest News</h2><b>Sports results for the weekend</b></div>"
             "<h3>Storm closes the harbour for two days</h3>%s</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_BODY_HEADLINE);
    done(&r);
    snprintf(html, sizeof html,
             "<html><head><title>Daily Bugle</title>"
             "<meta property='og:site_name' content='Daily Bugle'></head><body>"
             "<h1>Daily Bugle</h1><div class=headline>Storm closes the harbour for two days</div>"
             "%s</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    done(&r);
    /* a heading no prose follows is not taken for the headline */
    run_page(&r, "<html><body><h2>Storm closes the harbour</h2><p>Short.</p></body></html>",
             NULL, NULL);
    ck_assert_ptr_null(r.m.title);
    done(&r);
}
END_TEST

/* Dublin Core's DC.Title is a title candidate; a tag link that is a run of the <title> is
 * not the headline. */
START_TEST(page_dc_title_and_link_runs)
{
    run r;
    run_page(&r,
             "<html><head><title>draft-roe-boxes-02 - Boxes</title>"
             "<meta name='DC.Title' content='Boxes'></head><body><pre>draft-roe-boxes-02</pre>"
             "</body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Boxes");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_META_DC_HTML);
    done(&r);
    run_page(&r,
             "<html><head><title>A Night at Sea - Chapter 2 - Sailing Stories for Kids and "
             "Their Parents</title></head><body><ul><li><a href='/tags/1'>Sailing Stories for "
             "Kids and Their Parents</a></li></ul><h2>A Night at Sea</h2><p>Text.</p>"
             "</body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "A Night at Sea");
    done(&r);
}
END_TEST

/* A short <title> nothing confirms ("Coast Times Online") on a page without metadata gives
 * way to a sentence-length headline that the article follows; a short title that a heading
 * confirms, or a headline that ends like a sentence, does not. */
START_TEST(page_short_title_gives_way)
{
    const char *prose = harbour_prose;
    char html[4096];
    run r;
    snprintf(html, sizeof html,
             "<html><head><title>Coast Times Online</title></head><body>"
             "<h2>Storm closes the harbour for two days</h2>%s</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_BODY_HEADLINE);
    done(&r);
    snprintf(html, sizeof html,
             "<html><head><title>Harbour report</title></head><body>"
             "<h1>Harbour report</h1><h2>Storm closes the harbour for two days</h2>%s"
             "</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Harbour report");
    done(&r);
    snprintf(html, sizeof html,
             "<html><head><title>Coast Times Online</title></head><body>"
             "<h2>The storm closed the harbour for two days.</h2>%s</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Coast Times Online");
    done(&r);
    /* the <title>'s run in the page is the banner, not a heading: the headline wins */
    snprintf(html, sizeof html,
             "<html><head><title>The Coast Evening News Digest Service</title></head><body>"
             "<center><b>Evening News Digest Service</b></center>"
             "<h2>Storm closes the harbour for two days</h2>%s</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    done(&r);
    /* the run is a heading: it is the headline, and the deck under it is not */
    snprintf(html, sizeof html,
             "<html><head><title>Harbour closed</title></head><body>"
             "<h1>Harbour closed</h1><h2>Storm keeps the ferries in port for two days</h2>%s"
             "</body></html>",
             prose);
    run_page(&r, html, NULL, NULL);
    ck_assert_str_eq(r.m.title, "Harbour closed");
    done(&r);
}
END_TEST


/* An h1 that nothing agrees with, on a page whose <title> is only the site's name (known
 * here from the host), is the section's banner when a sentence-length headline leads the
 * article; a short h1 that the article follows is the headline. */
START_TEST(page_section_h1_gives_way)
{
    const char *prose = harbour_prose;
    char html[4096];
    run r;
    snprintf(html, sizeof html,
             "<html><head><title>Coast Gazette</title></head><body>"
             "<h1>Entertainment</h1><h2>Storm closes the harbour for two days</h2>%s"
             "</body></html>",
             prose);
    run_page(&r, html, NULL, "https://www.coastgazette.com/story.php?id=86457");
    ck_assert_str_eq(r.m.title, "Storm closes the harbour for two days");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_BODY_HEADLINE);
    done(&r);
    snprintf(html, sizeof html,
             "<html><head><title>Coast Gazette</title></head><body>"
             "<h1>Harbour closed</h1>%s</body></html>",
             prose);
    run_page(&r, html, NULL, "https://www.coastgazette.com/story.php?id=86457");
    ck_assert_str_eq(r.m.title, "Harbour closed");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_H1);
    done(&r);
}
END_TEST

/* A site name glued to a headline the page shows, with no separator the list knows: an
 * underscore, or the name twice and a colon. The rest must name the site (its og:site_name,
 * or the first letters of its host's name); a <title> that only begins with a heading stays. */
START_TEST(page_glued_site_name_stripped)
{
    run r;
    run_page(&r,
             "<html><head><title>Ferry strike ends after three days_English_Harbourwire"
             "</title></head><body><div class=headline>Ferry strike ends after three days</div>"
             "<p>t</p></body></html>",
             NULL, "http://news.harbourwirenet.com/english/2007-11/24/c_1.htm");
    ck_assert_str_eq(r.m.title, "Ferry strike ends after three days");
    ck_assert_int_eq(r.m.title_source, PITH_TITLE_TAG);
    done(&r);
    run_page(&r,
             "<html><head><title>Coast CourierCoast Courier : Ferry strike ends after three days"
             "</title><meta property='og:site_name' content='Coast Courier'></head><body>"
             "<h1>Ferry strike ends after three days</h1><p>t</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Ferry strike ends after three days");
    done(&r);
    /* the same page on another host: nothing names the site, the <title> stays */
    run_page(&r,
             "<html><head><title>Ferry strike ends after three days_English_Harbourwire"
             "</title></head><body><div class=headline>Ferry strike ends after three days</div>"
             "<p>t</p></body></html>",
             NULL, "http://www.example.com/a.htm");
    ck_assert_str_eq(r.m.title, "Ferry strike ends after three days_English_Harbourwire");
    done(&r);
}
END_TEST

/* A <title> ending in a path of sections ("Travel-Services-", "News/World") loses it; a
 * hyphenated word at the end is no path. */
START_TEST(page_section_path_stripped)
{
    run r;
    run_page(&r,
             "<html><head><title>Night trains return to the Alps - Travel-Services-</title>"
             "</head><body><p>t</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Night trains return to the Alps");
    done(&r);
    run_page(&r,
             "<html><head><title>Night trains return to the Alps | News/World</title>"
             "</head><body><p>t</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Night trains return to the Alps");
    done(&r);
    run_page(&r,
             "<html><head><title>Night trains return - Covid-19</title></head>"
             "<body><p>t</p></body></html>",
             NULL, NULL);
    ck_assert_str_eq(r.m.title, "Night trains return - Covid-19");
    done(&r);
}
END_TEST

/* The host's name with a word such as "News" or "Network" is the site's name: an h1 that
 * says "Blogger News Network" on bloggernews.net is no title, "The Harbour Times Online" on
 * harbourtimes.co.uk neither; on another host it is. */
START_TEST(page_site_name_from_the_host)
{
    static const char html[] =
        "<html><body><h1>The Harbour Times Online</h1><p>t</p></body></html>";
    run r;
    run_page(&r, html, NULL, "https://www.harbourtimes.co.uk/story/1");
    ck_assert_ptr_null(r.m.title);
    ck_assert_str_eq(r.m.site_name, "harbourtimes.co.uk");
    ck_assert_str_eq(r.m.site_name_source, "url");
    done(&r);
    run_page(&r, html, NULL, "https://www.example.co.uk/story/1");
    ck_assert_str_eq(r.m.title, "The Harbour Times Online");
    done(&r);
    /* "co" of .co.uk is no site's name: "Co-op votes" stays whole */
    run_page(&r, "<html><head><title>Co | Co-op votes to merge</title></head><body></body></html>",
             NULL, "https://www.example.co.uk/story/1");
    ck_assert_str_eq(r.m.title, "Co | Co-op votes to merge");
    done(&r);
}
END_TEST

/* ---------------------------------------------------------------- the title, settled */

/* Once the article is known, a site-wide <title> whose words the article never uses gives way
 * to the heading next to the article whose words it does use; a page-specific <title>
 * stays. These run the whole pipeline (pith_extract), as the settling needs the article. */

/* A <title> that reads as a site's: a separator and generic words, none of them the story's. */
#define SITE_TITLE "Coast Daily News - Your Home Page"

/* A story under its own heading, whose prose uses the heading's words. */
static const char bridge_story[] =
    "<div class=story><h3>Mayor opens the harbour bridge</h3>"
    "<p>The mayor opened the new harbour bridge on Saturday, three years after the "
    "council approved its construction across the old shipping channel.</p>"
    "<p>Thousands walked across the bridge in the afternoon, and the harbour ferry "
    "that it replaces made its last crossing in the evening to a crowd of well-wishers.</p>"
    "<p>The bridge cost the city less than planned, the mayor said, because the steel "
    "was bought before prices rose last spring, and the work finished a month early.</p>"
    "</div>";

/* Prose that uses one telling word of "Ribbon cut on the bridge" ("bridge") of three. */
static const char sparse_prose[] =
    "<p>The new crossing carried its first traffic on Saturday, three years after the "
    "council approved the bridge across the old shipping channel.</p>"
    "<p>Thousands walked across it in the afternoon, and the ferry that it replaces made "
    "its last crossing in the evening to a crowd of well-wishers and a brass band.</p>";

typedef struct extracted {
    char *title;
    int settled; /* title_source is "article-heading": the settling chose it */
} extracted;

static extracted
extract_title_at(const char *html, const char *url)
{
    pith_options o;
    pith_options_init(&o, sizeof o);
    o.url = url;
    pith_result *res = NULL;
    ck_assert_int_eq(pith_extract(html, strlen(html), &o, &res), PITH_OK);
    extracted e = {res->title ? strdup(res->title) : NULL,
                   res->title_source && strcmp(res->title_source, "article-heading") == 0};
    pith_result_free(res);
    return e;
}

static extracted
extract_title(const char *html)
{
    return extract_title_at(html, NULL);
}

START_TEST(settle_site_title_gives_way_to_the_articles_heading)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>" SITE_TITLE "</title></head><body>"
             "<table><tr><td><a href=/a>Home</a> <a href=/b>Sport</a></td></tr>"
             "<tr><td>%s</td></tr></table></body></html>",
             bridge_story);
    extracted e = extract_title(html);
    ck_assert_str_eq(e.title, "Mayor opens the harbour bridge");
    ck_assert(e.settled);
    free(e.title);
}
END_TEST

/* Right above the article a headline gives way with fewer of its words in the prose than
 * further up: the next test has the same heading and prose with a list between. */
START_TEST(settle_heading_right_above_the_article_needs_few_words)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>" SITE_TITLE "</title></head><body>"
             "<p><font size=+2><b>Ribbon cut on the bridge</b></font></p>"
             "<div class=story>%s</div></body></html>",
             sparse_prose);
    extracted e = extract_title(html);
    ck_assert_str_eq(e.title, "Ribbon cut on the bridge");
    ck_assert(e.settled);
    free(e.title);
}
END_TEST

START_TEST(settle_heading_away_from_the_article_needs_more_words)
{
    char html[8192];
    pith_options o;
    pith_options_init(&o, sizeof o);
    pith_ctx ctx;
    pith_ctx_init(&ctx, &o);
    pith_buf list;
    pith_buf_init(&list, &ctx);
    /* a list of forty items: far more than a byline or a dateline between a headline and
     * its story */
    for (int k = 0; k < 40; k++)
        pith_buf_printf(&list, "<li>item %d</li>", k);
    ck_assert(!list.failed);
    snprintf(html, sizeof html,
             "<html><head><title>" SITE_TITLE "</title></head><body>"
             "<p><font size=+2><b>Ribbon cut on the bridge</b></font></p><ul>%s</ul>"
             "<div class=story>%s</div></body></html>",
             list.data, sparse_prose);
    extracted e = extract_title(html);
    ck_assert_str_eq(e.title, SITE_TITLE);
    ck_assert(!e.settled);
    free(e.title);
    pith_ctx_release(&ctx);
}
END_TEST

/* A heading guessed before the article was known (no <title> at all), far below it (a
 * comment form's), gives way to the article's own heading. */
START_TEST(settle_guessed_heading_below_the_article_gives_way)
{
    pith_options o;
    pith_options_init(&o, sizeof o);
    pith_ctx ctx;
    pith_ctx_init(&ctx, &o);
    pith_buf page;
    pith_buf_init(&page, &ctx);
    pith_buf_puts(&page, "<html><body>");
    pith_buf_puts(&page, bridge_story);
    /* a long run of page furniture between the story and the comment form */
    for (int k = 0; k < 150; k++)
        pith_buf_puts(&page, "<div><span>&#183;</span></div>");
    pith_buf_puts(&page, "<h2>Post your comment on this story</h2><div>");
    for (int k = 0; k < 6; k++)
        pith_buf_puts(&page, "Readers wrote in their dozens about the crossing, the "
                             "ferry and the money it took, some of them at length. ");
    pith_buf_puts(&page, "</div></body></html>");
    ck_assert(!page.failed);
    extracted e = extract_title(page.data);
    ck_assert_str_eq(e.title, "Mayor opens the harbour bridge");
    ck_assert(e.settled);
    free(e.title);
    pith_ctx_release(&ctx);
}
END_TEST

/* A "heading" class marks a headline as "headline" and "title" do (Joomla's
 * contentheading, span.heading). */
START_TEST(settle_heading_class_marks_a_headline)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>" SITE_TITLE "</title></head><body>"
             "<table><tr><td class=contentheading>Ribbon cut on the bridge</td></tr>"
             "</table><div class=story>%s</div></body></html>",
             sparse_prose);
    extracted e = extract_title(html);
    ck_assert_str_eq(e.title, "Ribbon cut on the bridge");
    ck_assert(e.settled);
    free(e.title);
}
END_TEST

/* A title of the page's own, not a site's, stays though the article does not use its words. */
START_TEST(settle_page_specific_title_stays)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>How the old font tags are replaced in tests</title></head>"
             "<body>%s</body></html>",
             bridge_story);
    extracted e = extract_title(html);
    ck_assert_str_eq(e.title, "How the old font tags are replaced in tests");
    ck_assert(!e.settled);
    free(e.title);
}
END_TEST

/* A site-like title whose words the article uses stays. */
START_TEST(settle_site_title_the_article_uses_stays)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>Harbour bridge news - Mayor opens it</title></head>"
             "<body>%s</body></html>",
             bridge_story);
    extracted e = extract_title(html);
    ck_assert(!e.settled);
    ck_assert_str_ne(e.title, "Mayor opens the harbour bridge");
    free(e.title);
}
END_TEST


/* bridge_story without its heading: the article's prose alone. */
static const char *
bridge_prose(void)
{
    return bridge_story + strlen("<div class=story><h3>Mayor opens the harbour bridge</h3>");
}

/* The page (with one "%s" where bridge_prose goes) at url gives the title want, chosen by
 * the settling or not. */
static void
expect_title(const char *page, const char *url, const char *want, int settled)
{
    char html[4096];
    const char *at = strstr(page, "%s");
    ck_assert_ptr_nonnull(at);
    ck_assert_int_lt(strlen(page) + strlen(bridge_prose()), sizeof html);
    size_t head = (size_t)(at - page);
    memcpy(html, page, head);
    strcpy(html + head, bridge_prose());
    strcat(html, at + 2);
    extracted e = extract_title_at(html, url);
    ck_assert_str_eq(e.title, want);
    ck_assert_int_eq(e.settled, settled);
    free(e.title);
}

/* The headline as the reader sees it, whatever its tag or class: a line of its own right
 * above the article whose words the article uses, on a page with no title at all (its
 * <title> empty) and under a <title> that names the site. Words inside a sentence, or a box
 * that holds the headline and the byline on two lines, are no such line. */
START_TEST(settle_plain_line_right_above_the_article)
{
    expect_title("<html><head><title> </title></head><body><div class=mxb><div class=sh>"
                 "Mayor opens the harbour bridge</div></div><div class=body>%s</div></body></html>",
                 NULL, "Mayor opens the harbour bridge", 1);
    expect_title("<html><head><title>" SITE_TITLE "</title></head><body><NewsItem><HeadLine>"
                 "Mayor opens the harbour bridge</HeadLine><ByLine>by Ann Lee</ByLine></NewsItem>"
                 "<div class=body>%s</div></body></html>",
                 NULL, "Mayor opens the harbour bridge", 1);
    /* two lines in one box, and words inside a sentence: neither is a headline */
    expect_title("<html><head><title>" SITE_TITLE "</title></head><body>"
                 "<div>Mayor opens the harbour bridge<br>by Ann Lee, staff writer</div>"
                 "<div class=body>%s</div></body></html>",
                 NULL, SITE_TITLE, 0);
    expect_title("<html><head><title>" SITE_TITLE "</title></head><body>"
                 "<div>Readers wrote to us all week long, and on Saturday <span>Mayor opens the "
                 "harbour bridge</span> was the story that everyone in the town wanted to read "
                 "first of all</div><div class=body>%s</div></body></html>",
                 NULL, SITE_TITLE, 0);
}
END_TEST

/* A blog's post title is a link to its own page: right above the article (or marked
 * rel=bookmark) it is the headline, where the site's name in an h1 is not. */
START_TEST(settle_permalink_heading_is_the_headline)
{
    expect_title("<html><head><title></title></head><body>"
                 "<h1><a href=/>Blogger News Network</a></h1>"
                 "<h2 class=posttitle><a href=/1 rel=bookmark>Mayor opens the harbour bridge</a>"
                 "</h2><div class=entry>%s</div></body></html>",
                 "http://www.bloggernews.net/1", "Mayor opens the harbour bridge", 1);
}
END_TEST

/* A site's keyword list for search engines proves nothing by its words: "Harbour" is the
 * site's beat, which every story uses. With the URL given, the site's name ("Coast Courier"
 * of coastcourier.com) is stripped from the front and the keywords are left; the headline
 * above the article wins with the URL as without it. */
START_TEST(settle_keyword_list_title_gives_way)
{
    static const char page[] =
        "<html><head><title>Coast Courier - Harbour News | Harbour Ferry News, Harbour "
        "Bridge Reports, Harbour City Traffic</title></head><body>"
        "<div class=headline>Mayor opens the harbour bridge</div>%s</body></html>";
    expect_title(page, NULL, "Mayor opens the harbour bridge", 1);
    expect_title(page, "http://www.coastcourier.com/story/1", "Mayor opens the harbour bridge", 1);
}
END_TEST

/* A run of the <title> that the page shows but that names a section ("Weekend News Digest"
 * of "Coastcourier.com's Weekend News Digest") gives way to the day's story below it. */
START_TEST(settle_section_run_gives_way)
{
    expect_title("<html><head><title>Coastcourier.com's Weekend News Digest</title></head><body>"
                 "<div><font size=4>Weekend News Digest</font></div>"
                 "<p><b>Mayor opens the harbour bridge</b></p>%s</body></html>",
                 NULL, "Mayor opens the harbour bridge", 1);
}
END_TEST

/* A dateline right above the article is no headline, though the prose uses its words. */
START_TEST(settle_dateline_is_no_headline)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>" SITE_TITLE "</title></head><body>"
             "<p><b>Saturday 4 March 2023</b></p><div class=story>"
             "<p>On Saturday 4 March 2023 the mayor opened the new harbour bridge, three years "
             "after the council approved its construction across the old shipping channel.</p>"
             "<p>Thousands walked across the bridge in the afternoon of that Saturday in March, "
             "and the ferry it replaces made its last crossing in the evening.</p></div>"
             "</body></html>");
    extracted e = extract_title(html);
    ck_assert_str_eq(e.title, SITE_TITLE);
    ck_assert(!e.settled);
    free(e.title);
}
END_TEST

/* An article that begins with the body leaves no room above it: the settling's count of the
 * text above the article has no nodes to count, and must not wrap around to four billion. */
START_TEST(settle_article_at_the_start_of_the_body)
{
    char html[4096];
    snprintf(html, sizeof html, "<html><head><title>" SITE_TITLE "</title></head><body>"
             "The mayor opened the new harbour bridge on Saturday, three years after the council "
             "approved its construction across the old shipping channel, and thousands walked "
             "across it.%s</body></html>",
             bridge_story);
    pith_options o;
    pith_options_init(&o, sizeof o);
    pith_result *res = NULL;
    ck_assert_int_eq(pith_extract(html, strlen(html), &o, &res), PITH_OK);
    pith_result_free(res);
}
END_TEST

static Suite *
title_suite(void)
{
    Suite *s = suite_create("title");
    TCase *c = tcase_create("chosen");
    tcase_add_test(c, page_title_fallbacks);
    tcase_add_test(c, page_site_suffix_stripped);
    tcase_add_test(c, page_bare_site_name_never_title);
    tcase_add_test(c, page_hidden_h1_ignored);
    tcase_add_test(c, page_title_run_in_body);
    tcase_add_test(c, page_title_run_opening_h1_beats_the_standfirst);
    tcase_add_test(c, page_title_without_permalink_mark);
    tcase_add_test(c, page_body_headline);
    tcase_add_test(c, page_dc_title_and_link_runs);
    tcase_add_test(c, page_short_title_gives_way);
    tcase_add_test(c, page_section_h1_gives_way);
    tcase_add_test(c, page_glued_site_name_stripped);
    tcase_add_test(c, page_section_path_stripped);
    tcase_add_test(c, page_site_name_from_the_host);
    suite_add_tcase(s, c);
    TCase *t = tcase_create("settled");
    tcase_add_test(t, settle_site_title_gives_way_to_the_articles_heading);
    tcase_add_test(t, settle_heading_right_above_the_article_needs_few_words);
    tcase_add_test(t, settle_heading_away_from_the_article_needs_more_words);
    tcase_add_test(t, settle_guessed_heading_below_the_article_gives_way);
    tcase_add_test(t, settle_heading_class_marks_a_headline);
    tcase_add_test(t, settle_page_specific_title_stays);
    tcase_add_test(t, settle_site_title_the_article_uses_stays);
    tcase_add_test(t, settle_plain_line_right_above_the_article);
    tcase_add_test(t, settle_permalink_heading_is_the_headline);
    tcase_add_test(t, settle_keyword_list_title_gives_way);
    tcase_add_test(t, settle_section_run_gives_way);
    tcase_add_test(t, settle_dateline_is_no_headline);
    tcase_add_test(t, settle_article_at_the_start_of_the_body);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return run_suite(title_suite());
}
