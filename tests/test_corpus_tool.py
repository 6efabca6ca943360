# SPDX-License-Identifier: MIT
"""Tests of cli/pith-corpus. Run: /usr/bin/python3 -m pytest tests/test_corpus_tool.py

The tool runs against a fake `pith` (a small script written here) so these tests say what the
tool does, whatever state the real extractor is in.
"""

import html.parser
import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "cli" / "pith-corpus"
PYTHON = "/usr/bin/python3"


def load_tool():
    loader = importlib.machinery.SourceFileLoader("pith_corpus", str(TOOL))
    spec = importlib.util.spec_from_loader("pith_corpus", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


pc = load_tool()

# A stand-in for pith: the article is the <p>s inside <article>; title from <title>, byline
# and date from <meta>; no <p> means no article (exit 1). "FAIL-INPUT" in a page: exit 3.
FAKE_PITH = r'''#!/usr/bin/python3
import json, re, sys
DROP_LAST = False
args = sys.argv[1:]
fmt, explain, files, i, url = "text", False, [], 0, None
while i < len(args):
    if args[i] == "--url":
        url = args[i + 1]; i += 2; continue
    if args[i] == "--format":
        fmt = args[i + 1]; i += 2; continue
    if args[i] == "--explain":
        explain = True; i += 1; continue
    files.append(args[i]); i += 1
rc = 0
for f in files:
    src = open(f, encoding="utf-8").read()
    if "FAIL-INPUT" in src:
        sys.stderr.write("pith: %s: cannot read\n" % f); sys.exit(3)
    m = re.search(r"<article>(.*?)</article>", src, re.S)
    title = re.search(r"<title>(.*?)</title>", src, re.S)
    author = re.search(r'<meta name="author" content="([^"]*)"', src)
    date = re.search(r'<meta name="date" content="([^"]*)"', src)
    url_date = re.search(r"/(\d{4})/(\d\d)/(\d\d)/", url or "")
    paras = [p.strip() for p in re.findall(r"<p>(.*?)</p>", m.group(1), re.S)] if m else []
    if DROP_LAST and len(paras) > 1:
        paras = paras[:-1]
    text = "\n\n".join(paras)
    obj = {"schema_version": 1, "status": "ok" if paras else "no_article",
           "title": title.group(1) if title else None,
           "byline": author.group(1) if author else None,
           "authors": [author.group(1)] if author else [],
           "date_published": date.group(1) if date else (
               "-".join(url_date.groups()) if url_date else None), "date_modified": None,
           "site_name": None, "lang": "en", "canonical_url": url, "description": None,
           "image": None, "license": None, "tags": [],
           "sources": {"title": "title" if title else None}, "charset": "utf-8",
           "charset_source": "utf-8-valid", "flags": [], "word_count": len(text.split()),
           "blocks": [{"type": "paragraph", "level": 0, "text": p} for p in paras],
           "text": text,
           "explain": "block 0: keep (score 9.5)\nnav: drop (link density)\n" if explain else None}
    if fmt == "json":
        print(json.dumps(obj, ensure_ascii=False))
    elif fmt == "markdown":
        if paras:
            sys.stdout.write(("# %s\n\n" % obj["title"] if obj["title"] else "") + text + "\n\n")
    else:
        sys.stdout.write(text + "\n" if text else "")
    if not paras:
        rc = 1
sys.exit(rc)
'''


def write_fake(path, drop_last=False):
    src = FAKE_PITH.replace("DROP_LAST = False", "DROP_LAST = %s" % drop_last)
    path.write_text(src, encoding="utf-8")
    path.chmod(0o755)
    return path


def page(paras, title="T", author=None, date=None):
    head = "<title>%s</title>" % title
    if author:
        head += '<meta name="author" content="%s">' % author
    if date:
        head += '<meta name="date" content="%s">' % date
    body = "".join("<p>%s</p>" % p for p in paras)
    return "<html><head>%s</head><body><article>%s</article></body></html>" % (head, body)


@pytest.fixture
def fake(tmp_path):
    return write_fake(tmp_path / "fakepith")


@pytest.fixture
def repo(tmp_path):
    """A repo-shaped folder: corpus/ with two cases, empty tests/golden/."""
    r = tmp_path / "repo"
    (r / "corpus").mkdir(parents=True)
    (r / "tests" / "golden").mkdir(parents=True)
    (r / "corpus" / "alpha.html").write_text(
        page(["Hello wörld, one two.", "Second paragraph here."], title="Alpha"),
        encoding="utf-8")
    (r / "corpus" / "beta.html").write_text("<html><title>Beta</title><p>no article</p></html>",
                                            encoding="utf-8")
    return r


def run(*argv, env=None):
    e = dict(os.environ)
    e.pop("PITH_BIN", None)
    if env:
        e.update(env)
    cp = subprocess.run([PYTHON, str(TOOL), *map(str, argv)], capture_output=True, text=True,
                        env=e, check=False)
    return cp.returncode, cp.stdout, cp.stderr


# ---------------------------------------------------------------------------------------------
# The yardstick, on examples worked out by hand

def test_tokens_are_unicode_word_runs_case_kept():
    assert pc.tokens("Ünïcode naïve café—東京 x_y 42, l'été") == \
        ["Ünïcode", "naïve", "café", "東京", "x_y", "42", "l", "été"]
    assert pc.tokens("") == []
    assert pc.tokens(None) == []
    assert pc.tokens(" -- ... !!") == []


def test_shingles_are_a_multiset_of_four_token_windows():
    s = pc.shingles(["a", "b", "c", "d", "e"])
    assert s == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    # a b a b a b: windows abab, baba, abab
    s = pc.shingles("a b a b a b".split())
    assert s == {("a", "b", "a", "b"): 2, ("b", "a", "b", "a"): 1}
    assert sum(pc.shingles(list("abcd")).values()) == 1


def test_short_and_empty_texts():
    assert pc.shingles(["one", "two"]) == {("one", "two"): 1}
    assert pc.shingles(["x"]) == {("x",): 1}
    assert pc.shingles([]) == {}


def test_page_score_partial_overlap():
    # predicted {abcd, bcde}, true {abcd, bcdx}: TP 1 of 2 each way
    s = pc.score_page("a b c d e", "a b c d x")
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)


def test_page_score_counts_multiset_overlap_not_set_overlap():
    # 6 x's make 3 shingles (x x x x); 5 x's make 2; overlap is min(3, 2) = 2
    s = pc.score_page("x x x x x x", "x x x x x")
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == 1.0
    assert s.f1 == pytest.approx(2 * (2 / 3) / (2 / 3 + 1))


def test_page_score_keeps_case_and_ignores_punctuation():
    assert pc.score_page("The cat sat down", "the cat sat down").f1 == 0.0
    assert pc.score_page("The cat, sat (down)!", "The cat sat down").f1 == 1.0


def test_short_truth_is_one_shingle():
    # the truth "Hello world" is one 2-token shingle; a 4-token prediction never contains it
    s = pc.score_page("Hello world and more", "Hello world")
    assert (s.precision, s.recall) == (0.0, 0.0)
    assert pc.score_page("Hello world", "Hello world").f1 == 1.0


def test_empty_prediction_counts_recall_zero_and_no_precision():
    s = pc.score_page("", "a b c d e")
    assert s.precision is None and s.recall == 0.0 and s.f1 == 0.0
    assert pc.score_page("a b c d", "") is None  # nothing to recall: not scored


def test_averaging_is_f1_of_the_means():
    scores = [pc.PageScore(1.0, 0.5, 2 / 3), pc.PageScore(None, 0.0, 0.0),
              pc.PageScore(0.5, 1.0, 2 / 3)]
    mp, mr, f1 = pc.aggregate(scores)
    assert mp == 0.75          # the empty prediction is left out of the precision mean
    assert mr == 0.5           # but counts in the recall mean
    assert f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)   # 0.6, not the mean of page F1s
    assert pc.aggregate([]) == (0.0, 0.0, 0.0)


def test_metadata_matching_rules():
    truth = {"title": "A  Title\n", "byline": "ANN  Lee", "date": "2020-01-02T00:00:00Z"}
    got = pc.metadata_matches({"title": "A Title", "byline": "ann lee",
                               "date_published": "2020-01-02T10:00+01:00"}, truth)
    assert got == {"title": True, "byline": True, "date": True}
    got = pc.metadata_matches({"title": "a title", "byline": "Ann Lea",
                               "date_published": "2020-01-03"}, truth)
    assert got == {"title": False, "byline": False, "date": False}
    assert pc.metadata_matches({}, {"title": None}) == {"title": None, "byline": None,
                                                        "date": None}


def test_title_question_mark_is_a_lost_character_only():
    # L3S-GN1's annotation tool wrote '?' for characters outside Latin-1
    assert pc.title_equal("Camilla\u2019s \u2018cursed\u2019 ship", "Camilla?s ?cursed? ship")
    assert pc.title_equal("Watersâ\u20ac\u2122 Cry-Baby", "Watersâ?? Cry-Baby")
    assert pc.title_equal("Why? Because", "Why? Because")
    # a Latin-1 character, an ASCII letter or a different length is not a lost character
    assert not pc.title_equal("Caf\u00e9 opens", "Caf? opens")
    assert not pc.title_equal("Camillas cursed ship", "Camilla?s cursed ship")
    assert not pc.title_equal("Camilla\u2019s", "Camilla?s ship")


def test_truth_byline_cleaned_like_pith_is_asked_to():
    assert pc.byline_equal("Nathan Willis", "By Nathan Willis\n        March 25, 2015")
    assert pc.byline_equal("Scott Cunningham", "By\n\t\t\tScott Cunningham")
    assert pc.byline_equal("Sébastien Farcis", "Par Sébastien Farcis")
    assert pc.byline_equal("Karl Kraus", "VON Karl Kraus")
    # the README's list of by-words is the whole list: "Written by" is not forgiven
    assert not pc.byline_equal("Rob Ewaschuk", "Written by Rob Ewaschuk\n  Edited by Betsy Beyer")
    # only a leading by-word goes: names are compared whole
    assert not pc.byline_equal("Lucas Nolan", "by Lucas Nolan22 Dec 2016651")
    assert not pc.byline_equal("Brenda Goodman", "By Brenda  Goodman, MA")
    assert not pc.byline_equal("Bylan Thomas", "Dylan Thomas")
    assert pc.byline_equal("Byron Ives", "Byron Ives")


def test_title_site_part_after_or_before_a_separator_is_forgiven():
    assert pc.title_equal("How to Fix a Faucet", "How to Fix a Faucet | eHow")
    assert pc.title_equal("Alan Turing", "Alan Turing - Wikipedia")
    assert pc.title_equal("Obama wins", "CNN.com \u2013 Obama wins")
    assert pc.title_equal("Obama wins", "Obama wins \u00b7 The Blog")
    # several separated name parts, each short: chapter, author, fandom
    assert pc.title_equal("Conversations", "Conversations - Chapter 1 - Someone | Hero Academia")
    # with a lost character in the headline part
    assert pc.title_equal("Camilla\u2019s ship", "Camilla?s ship | BBC")


def test_title_other_words_after_a_headline_are_not_forgiven():
    assert not pc.title_equal("Obama wins", "Obama wins again")
    # a hyphen inside a word is no separator
    assert not pc.title_equal("Covid", "Covid-19 spreads")
    # a part too long to be a name is another sentence
    assert not pc.title_equal("Obama wins",
                              "Obama wins - and the crowd cheers on a long Tuesday night")
    # the site part must stand beside the whole of pith's title
    assert not pc.title_equal("Obama", "Obama wins | CNN")
    assert not pc.title_equal("", "Obama wins | CNN")


def test_title_headline_followed_by_standfirst_is_forgiven_only_as_l3s_wrote_it():
    assert pc.title_equal("Storm hits the coast",
                          "Storm hits the coast Thousands left without power")
    # the standfirst begins with a capital letter
    assert not pc.title_equal("Storm hits the coast", "Storm hits the coast and moves inland")
    # a headline of fewer than 3 words could be a kicker
    assert not pc.title_equal("Storm hits", "Storm hits Thousands left without power")
    # pith's title must be the start of the reference, joined by a space
    assert not pc.title_equal("Storm hits the coas", "Storm hits the coast Thousands left")


# ---------------------------------------------------------------------------------------------
# Snippet and date truth, on examples worked out by hand

def test_snippets_are_substrings_after_whitespace_folding():
    truth = {"with": ["two  three", "missing one", "five\nsix"],
             "without": ["Menu", "seven eight"]}
    s = pc.score_snippets("one two\n three four five six seven eight", truth)
    assert (s.counts.tp, s.counts.fn, s.counts.fp, s.counts.tn) == (2, 1, 1, 1)
    assert s.missed == ["missing one"] and s.leaked == ["seven eight"]
    # case counts, as in trafilatura's evaluation
    assert pc.score_snippets("menu", {"with": [], "without": ["Menu"]}).counts.fp == 0


def test_a_failed_extraction_finds_nothing():
    truth = {"with": ["a b", "c d"], "without": ["x", "y", "z"]}
    for s in (pc.score_snippets("", truth), pc.score_snippets("a b x", truth, extracted=False)):
        assert (s.counts.tp, s.counts.fn, s.counts.fp, s.counts.tn) == (0, 2, 0, 3)


def test_pooled_figures_are_trafilaturas():
    c = pc.pooled([pc.Counts(tp=3, fn=1, fp=1, tn=3), pc.Counts(tp=1, fn=1, fp=0, tn=2)])
    p, r, a, f = c.figures()
    assert (p, r) == (4 / 5, 4 / 6)
    assert a == 9 / 12
    assert f == 8 / 11          # 2TP / (2TP + FP + FN), not the mean of page figures
    assert pc.Counts().figures() == (0.0, 0.0, 0.0, 0.0)


def test_date_outcomes_are_htmldates():
    assert pc.date_outcome("2020-01-02T10:00:00+01:00", "2020-01-02") == "TP"
    assert pc.date_outcome("2020-01-03", "2020-01-02") == "FP"
    assert pc.date_outcome(None, "2020-01-02") == "FN"
    assert pc.date_outcome("", None) == "TN"
    assert pc.date_outcome("2020-01-03", None) == "FP"


def test_held_aside_third_is_fixed_by_the_id():
    ids = ["page%d" % i for i in range(3000)]
    aside = [i for i in ids if pc.held_aside(i)]
    assert 900 < len(aside) < 1100
    assert aside == [i for i in ids if pc.held_aside(i)]
    assert pc.held_aside("page0") == (__import__("hashlib").sha1(b"page0").digest()[0] % 3 == 0)


# ---------------------------------------------------------------------------------------------
# check / update

def test_check_reports_new_pages_and_fails(repo, fake):
    rc, out, _ = run("check", "--repo", repo, "--pith", fake)
    assert rc == 1
    assert "unchanged 0, changed 0, new 2, missing 0, errors 0" in out
    assert not list((repo / "tests" / "golden").iterdir())


def test_update_writes_goldens_in_pith_key_order(repo, fake):
    rc, out, _ = run("update", "--repo", repo, "--pith", fake)
    assert rc == 0, out
    g = repo / "tests" / "golden"
    assert sorted(p.name for p in g.iterdir()) == ["alpha.json", "alpha.md", "beta.json",
                                                    "beta.md"]
    text = (g / "alpha.json").read_text(encoding="utf-8")
    cp = subprocess.run([str(fake), "--format", "json", str(repo / "corpus" / "alpha.html")],
                        capture_output=True, text=True, check=True)
    want = json.loads(cp.stdout)
    del want["explain"]
    got = json.loads(text)
    assert got == want
    assert list(got) == list(want)                 # pith's key order, not sorted
    assert "explain" not in got
    assert "wörld" in text                         # ensure_ascii=False
    assert text.startswith('{\n "schema_version": 1,\n "status": "ok",')   # indent=1
    # Markdown: exactly one trailing newline (the fake prints two)
    assert (g / "alpha.md").read_text(encoding="utf-8") == \
        "# Alpha\n\nHello wörld, one two.\n\nSecond paragraph here.\n"
    # no article: exit 1 from pith, JSON kept, empty Markdown
    assert json.loads((g / "beta.json").read_text())["status"] == "no_article"
    assert (g / "beta.md").read_text() == ""
    rc, out, _ = run("check", "--repo", repo, "--pith", fake)
    assert rc == 0, out
    assert "unchanged 2, changed 0, new 0, missing 0, errors 0" in out


def test_check_shows_markdown_diff_and_changed_fields(repo, fake):
    run("update", "--repo", repo, "--pith", fake)
    (repo / "corpus" / "alpha.html").write_text(
        page(["Hello wörld, one two.", "Second paragraph changed."], title="Alpha 2"),
        encoding="utf-8")
    before = (repo / "tests" / "golden" / "alpha.md").read_text()
    rc, out, _ = run("check", "--repo", repo, "--pith", fake)
    assert rc == 1
    assert "unchanged 1, changed 1, new 0" in out
    assert "changed: alpha" in out
    assert 'title: "Alpha" -> "Alpha 2"' in out
    assert "sources.title" not in out              # same value: not listed
    assert "-Second paragraph here." in out
    assert "+Second paragraph changed." in out
    assert "--- golden/alpha.md" in out
    assert (repo / "tests" / "golden" / "alpha.md").read_text() == before   # check writes nothing
    rc, out, _ = run("update", "--repo", repo, "--pith", fake)
    assert rc == 0 and "+Second paragraph changed." in out   # update prints the same report
    assert "changed." in (repo / "tests" / "golden" / "alpha.md").read_text()


def test_missing_page_is_reported_and_update_removes_its_goldens(repo, fake):
    run("update", "--repo", repo, "--pith", fake)
    (repo / "corpus" / "beta.html").unlink()
    rc, out, _ = run("check", "--repo", repo, "--pith", fake)
    assert rc == 1 and "missing 1" in out and "missing: beta" in out
    rc, out, _ = run("update", "--repo", repo, "--pith", fake)
    assert rc == 0
    assert not (repo / "tests" / "golden" / "beta.json").exists()
    assert not (repo / "tests" / "golden" / "beta.md").exists()


def test_update_finishes_when_the_reader_goes_away(repo, fake):
    # `update | true`: nobody reads the report, the goldens are still written
    cp = subprocess.run("%s %s update --repo %s --pith %s | true" % (PYTHON, TOOL, repo, fake),
                        shell=True, capture_output=True, text=True, check=False)
    assert "Traceback" not in cp.stderr and "BrokenPipe" not in cp.stderr
    assert (repo / "tests" / "golden" / "alpha.json").exists()
    assert (repo / "tests" / "golden" / "beta.md").exists()


def test_pith_error_is_reported_and_never_written(repo, fake):
    (repo / "corpus" / "gamma.html").write_text("FAIL-INPUT", encoding="utf-8")
    rc, out, _ = run("update", "--repo", repo, "--pith", fake)
    assert rc == 1
    assert "errors 1" in out and "error: gamma: pith exited 3" in out
    assert not (repo / "tests" / "golden" / "gamma.json").exists()


def test_check_other_folder_with_golden_option(tmp_path, fake):
    d = tmp_path / "pages"
    d.mkdir()
    (d / "one.html").write_text(page(["a b c d e"]), encoding="utf-8")
    g = tmp_path / "g"
    rc, out, _ = run("update", d, "--golden", g, "--pith", fake)
    assert rc == 0 and (g / "one.json").exists()
    rc, out, _ = run("check", d, "--golden", g, "--pith", fake)
    assert rc == 0 and "unchanged 1" in out


def test_goldens_of_an_outside_folder_go_beside_it_not_into_the_repo(tmp_path, fake):
    r = tmp_path / "repo"
    r.mkdir()
    d = tmp_path / "pages"
    d.mkdir()
    (d / "one.html").write_text(page(["a b c d e"]), encoding="utf-8")
    rc, out, _ = run("update", d, "--repo", r, "--pith", fake)
    assert rc == 0 and (tmp_path / "pages-golden" / "one.json").exists()
    assert not list(d.glob("*.json")) and not list(r.rglob("*"))
    ds = make_dataset(tmp_path / "set", {"x": (page(["a b"]), {"body": "a b"})})
    rc, out, _ = run("update", ds, "--repo", r, "--pith", fake)
    assert rc == 0 and (ds / "golden" / "x.md").exists() and not list(r.rglob("*"))
    rc, out, _ = run("check", ds, "--repo", r, "--pith", fake)
    assert rc == 0 and "unchanged 1" in out


def test_a_changed_long_field_shows_old_and_new_values(tmp_path, fake):
    d = tmp_path / "pages"
    d.mkdir()
    long_title = "T" * 100
    (d / "one.html").write_text(page(["a b c"], title=long_title), encoding="utf-8")
    run("update", d, "--golden-dir", tmp_path / "g", "--pith", fake)
    (d / "one.html").write_text(page(["a b c"], title="U" * 100), encoding="utf-8")
    rc, out, _ = run("check", d, "--golden-dir", tmp_path / "g", "--pith", fake)
    assert rc == 1
    assert 'title: "%s" -> "%s"' % ("T" * 100, "U" * 100) in out
    (d / "one.html").write_text(page(["a b c"], title="V" * 1000), encoding="utf-8")
    rc, out, _ = run("check", d, "--golden-dir", tmp_path / "g", "--pith", fake)
    assert '-> "%s... (602 more characters)' % ("V" * 399) in out


def test_pith_on_path_when_there_is_no_build(repo, fake, tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    shutil.copy(fake, bindir / "pith")
    rc, out, _ = run("check", "--repo", repo, env={"PATH": "%s:%s" % (bindir, os.environ["PATH"])})
    assert "new 2" in out
    rc, _, err = run("check", "--repo", repo, env={"PATH": "/usr/bin:/bin"})
    assert rc == 2 and "not found" in err


def test_binary_from_env_and_missing_binary(repo, fake):
    rc, out, _ = run("check", "--repo", repo, env={"PITH_BIN": str(fake)})
    assert "new 2" in out
    rc, out, err = run("check", "--repo", repo, "--pith", repo / "nope")
    assert rc == 2 and "not found" in err


def test_results_are_in_stable_order_whatever_the_jobs(tmp_path, fake):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(12):
        (d / ("p%02d.html" % (11 - i))).write_text(page(["word %d here" % i]), encoding="utf-8")
    outs = [run("check", d, "--golden", tmp_path / "g", "--pith", fake, "-j", j)[1]
            for j in (1, 2, 4)]
    assert outs[0] == outs[1] == outs[2]
    names = re.findall(r"new: (p\d\d)", outs[0])
    assert names == sorted(names) and len(names) == 12


# ---------------------------------------------------------------------------------------------
# score

def make_dataset(root, pages):
    """pages: {id: (html, truth dict)}"""
    (root / "pages").mkdir(parents=True)
    (root / "truth").mkdir()
    for pid, (src, truth) in pages.items():
        (root / "pages" / (pid + ".html")).write_text(src, encoding="utf-8")
        (root / "truth" / (pid + ".json")).write_text(json.dumps(dict(id=pid, **truth)),
                                                      encoding="utf-8")
    return root


WORDS = ["w%d" % i for i in range(100)]


@pytest.fixture
def dataset(tmp_path):
    return make_dataset(tmp_path / "myset", {
        # exact text, all metadata right: P = R = 1
        "p1": (page([" ".join(WORDS[:50])], title="One", author="Ann  Lee",
                    date="2020-01-02T10:00"),
               {"title": "One", "byline": "ann lee", "date": "2020-01-02", "body":
                " ".join(WORDS[:50])}),
        # predicted w0..w9 (7 shingles), true w0..w19 (17): TP 7: P 1, R 7/17
        "p2": (page([" ".join(WORDS[:10])], title="Two"),
               {"title": "Two!", "byline": None, "date": None, "body": " ".join(WORDS[:20])}),
        # no prediction: recall 0, no precision
        "p3": ("<title>Three</title>",
               {"title": "Three", "date": "2021-05-05", "body": "some true text here now"}),
        # truth body null: skipped in text scores
        "p4": (page(["whatever text"]), {"title": None, "body": None}),
    })


def test_score_figures_and_no_baseline_note(dataset, fake, tmp_path):
    base = tmp_path / "b.tsv"
    rc, out, _ = run("score", dataset, "--pith", fake, "--baseline", base)
    assert rc == 0
    assert "4 pages scored by body text truth" in out
    assert "3 scored (1 without a truth body)" in out
    # mean P over p1, p2 = 1.0; mean R = (1 + 7/17 + 0) / 3 = 0.470588; F1 = 0.64
    r = (1 + 7 / 17) / 3
    assert "precision 1.0000  recall %.4f  F1 %.4f" % (r, 2 * r / (1 + r)) in out
    assert "title  2/3" in out and "byline 1/1" in out and "date   1/2" in out
    assert "failures (F1 < 0.5): 1" in out     # p3; p2's F1 is 2*(7/17)/(1+7/17) = 0.583
    assert re.search(r"^  p3 ", out, re.M)
    assert "no baseline" in out and "--accept" in out
    assert not base.exists()


def test_accept_writes_a_clean_sorted_tsv(dataset, fake, tmp_path):
    base = tmp_path / "b.tsv"
    rc, out, _ = run("score", dataset, "--pith", fake, "--baseline", base, "--accept")
    assert rc == 0 and base.exists()
    assert base.read_text().splitlines() == [
        "page\tprecision\trecall\tf1\ttitle_ok\tbyline_ok\tdate_ok",
        "p1\t1.0000\t1.0000\t1.0000\t1\t1\t1",
        "p2\t1.0000\t0.4118\t0.5833\t0\t-\t-",
        "p3\t-\t0.0000\t0.0000\t1\t-\t0",
        "p4\t-\t-\t-\t-\t-\t-",
    ]
    rc, out, _ = run("score", dataset, "--pith", fake, "--baseline", base)
    assert rc == 0 and "mean F1 0.6400 -> 0.6400 (+0.0000)" in out


def test_body_set_passes_the_truth_url_unless_no_url(tmp_path, fake):
    ds = make_dataset(tmp_path / "u", {"d": (page(["some words here now"]), {
        "url": "https://example.org/2020/03/04/story", "date": "2020-03-04",
        "body": "some words here now"})})
    base = tmp_path / "b.tsv"
    rc, out, _ = run("score", ds, "--pith", fake, "--baseline", base)
    assert rc == 0 and "date   1/1" in out
    rc, out, _ = run("score", ds, "--pith", fake, "--baseline", base, "--no-url")
    assert rc == 0 and "date   0/1" in out


@pytest.fixture
def snippet_set(tmp_path):
    return make_dataset(tmp_path / "snips", {
        # both must-haves found, one must-not leaked: TP 2, FP 1, TN 1
        "s1": (page(["alpha beta gamma", "Share on Twitter"]),
               {"url": "https://a.example/1", "with": ["alpha beta", "gamma"],
                "without": ["Share on Twitter", "Imprint"], "body": None}),
        # no article: every must-have a false negative, every must-not a true negative
        "s2": ("<title>x</title><p>outside</p>",
               {"url": None, "with": ["outside"], "without": ["Menu"], "body": None}),
    })


def test_snippet_set_scores_pooled_counts(snippet_set, fake, tmp_path):
    base = tmp_path / "b.tsv"
    rc, out, _ = run("score", snippet_set, "--pith", fake, "--baseline", base)
    assert rc == 0, out
    assert "2 pages scored by snippet truth" in out
    # TP 2, FN 1, FP 1, TN 2: P 2/3, R 2/3, accuracy 4/6, F1 4/6
    assert "precision 0.6667  recall 0.6667  accuracy 0.6667  F1 0.6667" in out
    assert "counts: TP 2  FN 1  FP 1  TN 2" in out
    assert "no must-have snippet found: 1; leaking a must-not snippet: 1; no article: 1" in out
    assert "nothing found: s2" in out
    assert re.search(r"^    en +2 pages", out, re.M)
    assert "held-aside third" in out
    rc, out, _ = run("score", snippet_set, "--pith", fake, "--baseline", base, "--accept")
    assert rc == 0
    assert base.read_text().splitlines() == [
        "page\twith_found\twith_total\twithout_found\twithout_total",
        "s1\t2\t2\t1\t2", "s2\t0\t1\t0\t1"]


def test_snippet_gate_fails_on_a_lost_must_have_or_a_new_leak(snippet_set, fake, tmp_path):
    base = tmp_path / "b.tsv"
    run("score", snippet_set, "--pith", fake, "--baseline", base, "--accept")
    (snippet_set / "pages" / "s1.html").write_text(page(["alpha beta", "Share on Twitter"]),
                                                    encoding="utf-8")
    rc, out, _ = run("score", snippet_set, "--pith", fake, "--baseline", base)
    assert rc == 1
    assert "FAIL: s1 must-have 2 -> 1, leaked 1 -> 1" in out
    (snippet_set / "pages" / "s1.html").write_text(
        page(["alpha beta gamma", "Share on Twitter", "Imprint"]), encoding="utf-8")
    rc, out, _ = run("score", snippet_set, "--pith", fake, "--baseline", base)
    assert rc == 1 and "FAIL: s1 must-have 2 -> 2, leaked 1 -> 2" in out
    (snippet_set / "pages" / "s1.html").write_text(page(["alpha beta gamma"]), encoding="utf-8")
    rc, out, _ = run("score", snippet_set, "--pith", fake, "--baseline", base)
    assert rc == 0 and "improved: s1 must-have 2 -> 2, leaked 1 -> 0" in out


def test_snippet_html_report_shows_missed_and_leaked(snippet_set, fake, tmp_path):
    report = tmp_path / "r.html"
    rc, out, _ = run("score", snippet_set, "--pith", fake, "--baseline", tmp_path / "b.tsv",
                     "--html", report)
    assert rc == 0
    src = report.read_text()
    assert "leaked: Share on Twitter" in src and "missed: outside" in src
    assert "block 0: keep (score 9.5)" in src          # the page's explain


@pytest.fixture
def date_set(tmp_path):
    return make_dataset(tmp_path / "dates", {
        "d1": (page(["x y"], date="2020-01-02T10:00"), {"url": "https://a.example/d1",
                                                        "date": "2020-01-02"}),
        "d2": (page(["x y"], date="2019-05-05"), {"url": "https://a.example/d2",
                                                  "date": "2020-01-02"}),
        # no date in the page, one in the URL: found only with --url
        "d3": (page(["x y"]), {"url": "https://a.example/2021/02/03/d3", "date": "2021-02-03"}),
        "d4": (page(["x y"]), {"url": "https://a.example/d4", "date": None}),
    })


def test_date_set_scores_without_url_and_reports_with_it(date_set, fake, tmp_path):
    base = tmp_path / "b.tsv"
    rc, out, _ = run("score", date_set, "--pith", fake, "--baseline", base, "--accept")
    assert rc == 0, out
    assert "4 pages scored by date-only truth" in out
    # TP 1 (d1), FP 1 (d2), FN 1 (d3), TN 1 (d4): P 1/2, R 1/2, accuracy 2/4, F 2/4
    assert ("dates, no URL given (as htmldate's benchmark): precision 0.5000  recall 0.5000  "
            "accuracy 0.5000  F1 0.5000") in out
    # with the URL, d3 is found: TP 2, FP 1, FN 0, TN 1
    assert ("with the truth's URL as --url: precision 0.6667  recall 1.0000  accuracy 0.7500  "
            "F1 0.8000") in out
    assert base.read_text().splitlines() == [
        "page\tdate\toutcome", "d1\t2020-01-02\tTP", "d2\t2019-05-05\tFP", "d3\t-\tFN",
        "d4\t-\tTN"]


def test_date_gate_fails_when_a_right_date_goes_wrong(date_set, fake, tmp_path):
    base = tmp_path / "b.tsv"
    run("score", date_set, "--pith", fake, "--baseline", base, "--accept")
    (date_set / "pages" / "d1.html").write_text(page(["x y"], date="2020-01-03"),
                                                encoding="utf-8")
    (date_set / "pages" / "d2.html").write_text(page(["x y"], date="2020-01-02"),
                                                encoding="utf-8")
    rc, out, _ = run("score", date_set, "--pith", fake, "--baseline", base)
    assert rc == 1
    assert "FAIL: d1: date 2020-01-02 -> 2020-01-03 (TP -> FP)" in out
    assert "improved: d2: date 2019-05-05 -> 2020-01-02" in out


def test_a_baseline_of_another_kind_is_refused(date_set, snippet_set, fake, tmp_path):
    base = tmp_path / "b.tsv"
    run("score", snippet_set, "--pith", fake, "--baseline", base, "--accept")
    rc, _, err = run("score", date_set, "--pith", fake, "--baseline", base)
    assert rc == 2 and "not a baseline of this dataset's kind" in err


def test_default_baseline_is_named_after_the_dataset(dataset, fake, tmp_path):
    r = tmp_path / "fakerepo"
    r.mkdir()
    rc, out, _ = run("score", dataset, "--pith", fake, "--repo", r, "--accept")
    assert rc == 0
    assert (r / "tests" / "baselines" / "myset.tsv").exists()


def test_page_drop_over_005_fails_naming_the_page(dataset, fake, tmp_path):
    base = tmp_path / "b.tsv"
    run("score", dataset, "--pith", fake, "--baseline", base, "--accept")
    # p1 loses its last 10 words: R = 37/47, F1 0.8810 (a drop of 0.119)
    (dataset / "pages" / "p1.html").write_text(page([" ".join(WORDS[:40])], title="One"),
                                               encoding="utf-8")
    rc, out, _ = run("score", dataset, "--pith", fake, "--baseline", base)
    assert rc == 1
    assert "FAIL: p1 F1 1.0000 -> 0.8810" in out
    assert "byline_ok 1 -> 0" in out
    # --accept takes the new figures as the baseline
    rc, out, _ = run("score", dataset, "--pith", fake, "--baseline", base, "--accept")
    assert rc == 0 and "p1\t1.0000\t0.7872\t0.8810" in base.read_text()
    rc, out, _ = run("score", dataset, "--pith", fake, "--baseline", base)
    assert rc == 0


def test_improvement_is_printed_and_passes(dataset, fake, tmp_path):
    base = tmp_path / "b.tsv"
    run("score", dataset, "--pith", fake, "--baseline", base, "--accept")
    (dataset / "pages" / "p2.html").write_text(page([" ".join(WORDS[:20])], title="Two"),
                                               encoding="utf-8")
    rc, out, _ = run("score", dataset, "--pith", fake, "--baseline", base)
    assert rc == 0
    assert "improved: p2 F1 0.5833 -> 1.0000" in out


def test_mean_drop_fails_even_when_no_page_drops_much(tmp_path, fake):
    # three pages of 100 words; each loses its last 4 words: R = 93/97, F1 0.9789 (-0.021)
    pages = {"q%d" % i: (page([" ".join(WORDS)]), {"title": None, "body": " ".join(WORDS)})
             for i in range(3)}
    ds = make_dataset(tmp_path / "m", pages)
    base = tmp_path / "b.tsv"
    run("score", ds, "--pith", fake, "--baseline", base, "--accept")
    for i in range(3):
        (ds / "pages" / ("q%d.html" % i)).write_text(page([" ".join(WORDS[:96])]),
                                                     encoding="utf-8")
    rc, out, _ = run("score", ds, "--pith", fake, "--baseline", base)
    assert rc == 1
    assert "FAIL: mean F1 dropped" in out
    assert "FAIL: q" not in out                     # no single page past 0.05


def test_tiny_mean_drop_is_tolerated(tmp_path, fake):
    words = ["v%d" % i for i in range(1000)]
    ds = make_dataset(tmp_path / "t", {"r": (page([" ".join(words)]),
                                             {"body": " ".join(words)})})
    base = tmp_path / "b.tsv"
    run("score", ds, "--pith", fake, "--baseline", base, "--accept")
    (ds / "pages" / "r.html").write_text(page([" ".join(words[:999])]), encoding="utf-8")
    rc, out, _ = run("score", ds, "--pith", fake, "--baseline", base)
    assert rc == 0, out                              # F1 1 -> 0.9995
    assert "slightly worse: r F1 1.0000 -> 0.9995" in out


def test_compare_baseline_thresholds_directly():
    def table(f1s):
        return {p: {"precision": f, "recall": f, "f1": f, "title_ok": "-", "byline_ok": "-",
                    "date_ok": "-"} for p, f in f1s.items()}
    old = table({"a": 0.9, "b": 0.8})
    failed, lines = pc.compare_baseline(old, table({"a": 0.9, "b": 0.8}))
    assert not failed
    failed, lines = pc.compare_baseline(old, table({"a": 0.85, "b": 0.8}))   # exactly 0.05
    assert any("FAIL: mean" in ln for ln in lines) and failed
    assert not any("FAIL: a" in ln for ln in lines)
    failed, lines = pc.compare_baseline(old, table({"a": 0.8499, "b": 0.8}))
    assert any("FAIL: a F1 0.9000 -> 0.8499" in ln for ln in lines)
    failed, lines = pc.compare_baseline(old, table({"a": 0.8990, "b": 0.8}))  # mean -0.0005
    assert not failed


# ---------------------------------------------------------------------------------------------
# HTML report

class DomCheck(html.parser.HTMLParser):
    """Balanced tags, plus the ids and classes a later browser check relies on."""
    VOID = {"meta", "br", "img", "input", "hr", "link", "col", "area", "base", "embed",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids = [], [], {}
        self.refs, self.scripts_src = [], []
        self.classes_under = {}
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href"):
            if k in a:
                self.refs.append(a[k])
        if tag == "script" and "src" in a:
            self.scripts_src.append(a["src"])
        if "id" in a:
            if a["id"] in self.ids:
                self.errors.append("duplicate id " + a["id"])
            self.ids[a["id"]] = tag
        for s in self.stack:
            if s[1]:
                self.classes_under.setdefault(s[1], set()).update((a.get("class") or "").split())
        if tag not in self.VOID:
            self.stack.append((tag, a.get("id")))

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = tag

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append("unexpected </%s> (open: %s)" % (tag, self.stack[-3:]))
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_dom(path):
    src = Path(path).read_text(encoding="utf-8")
    assert src.startswith("<!DOCTYPE html>")
    d = DomCheck()
    d.feed(src)
    d.close()
    assert d.errors == [] and d.stack == []
    assert d.scripts_src == []
    assert not [r for r in d.refs if re.match(r"\s*(https?:)?//", r)]
    assert "<link" not in src and "@import" not in src and "url(" not in src
    return src, d


def test_check_html_report(tmp_path, fake):
    ds = make_dataset(tmp_path / "hs", {
        "a": (page(["one two three four five six", "seven eight"], title="A"),
              {"title": "A", "body": "one two three four five six seven eight"}),
        "b&<x>": (page(["nine ten eleven twelve"], title="<script>alert(1)</script>"),
                  {"title": "B", "body": "nine ten eleven twelve"}),
    })
    g = tmp_path / "g"
    run("update", ds, "--golden", g, "--pith", fake)
    (ds / "pages" / "a.html").write_text(page(["one two three four five six", "seven NINE"],
                                              title="A"), encoding="utf-8")
    report = tmp_path / "r.html"
    rc, out, _ = run("check", ds, "--golden", g, "--pith", fake, "--html", report)
    assert rc == 1
    src, d = check_dom(report)
    for i in ("summary", "histogram", "pages", "page-a"):
        assert i in d.ids, i
    assert d.ids["pages"] == "table"
    assert "page-b&<x>" not in d.ids                     # unchanged: no section
    assert {"old", "new"} <= d.classes_under["page-a"]
    assert "<del>eight</del>" in src and "<ins>NINE</ins>" in src
    assert "<script>alert(1)" not in src                 # page content is escaped
    assert "b&amp;&lt;x&gt;" in src
    assert "block 0: keep (score 9.5)" in src            # explain of the changed page
    # a now shares 4 of its 5 shingles with the truth (P = R = 0.8), b all: the means are 0.9
    summary = src[src.index('id="summary"'):src.index("</section>", src.index('id="summary"'))]
    assert "<dt>F1</dt><dd>0.9000</dd>" in summary
    assert "<dt>pages</dt><dd>2</dd>" in summary
    assert "<dt>changed</dt><dd>1</dd>" in summary
    bars = re.findall(r'data-bin="([\d.]+)" data-count="(\d+)"', src)
    assert len(bars) == 20
    assert {b: c for b, c in bars if c != "0"} == {"0.80": "1", "0.95": "1"}
    # word counts are whole numbers: page a has 8 words
    assert '<td class="num" data-v="8">8</td>' in src and "8.0000" not in src


def test_score_html_report(dataset, fake, tmp_path):
    report = tmp_path / "s.html"
    base = tmp_path / "b.tsv"
    run("score", dataset, "--pith", fake, "--baseline", base, "--accept")
    (dataset / "pages" / "p1.html").write_text(page([" ".join(WORDS[:40])], title="One"),
                                               encoding="utf-8")
    rc, out, _ = run("score", dataset, "--pith", fake, "--baseline", base, "--html", report)
    assert rc == 1
    src, d = check_dom(report)
    assert {"summary", "histogram", "pages", "page-p1", "page-p3"} <= set(d.ids)
    assert "page-p4" not in d.ids
    assert {"old", "new"} <= d.classes_under["page-p1"]
    m = re.search(r"precision 1\.0000  recall (\S+)  F1 (\S+)", out)
    assert m.group(1) in src and m.group(2) in src
    assert "<dt>baseline F1</dt><dd>0.6400</dd>" in src


# ---------------------------------------------------------------------------------------------
# compare

@pytest.mark.skipif(not shutil.which("git") or not shutil.which("cmake"),
                    reason="compare needs git and cmake")
def test_compare_builds_the_revision_and_diffs(tmp_path):
    r = tmp_path / "gitrepo"
    r.mkdir()
    # The "old" revision's pith drops each article's last paragraph.
    write_fake(r / "fakepith", drop_last=True)
    (r / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.16)\nproject(fake NONE)\n"
        "add_custom_target(pith_cli ALL COMMAND ${CMAKE_COMMAND} -E copy "
        "${CMAKE_SOURCE_DIR}/fakepith ${CMAKE_BINARY_DIR}/pith)\n")
    ds = make_dataset(tmp_path / "cset", {
        "x": (page(["a b c d e", "f g h i"]), {"title": "T", "body": "a b c d e\n\nf g h i"}),
        "y": (page(["one two three four"]), {"title": "T", "body": "one two three four"}),
    })
    git = ["git", "-C", str(r), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "old"], check=True)
    new = write_fake(tmp_path / "newpith")
    report = tmp_path / "c.html"
    rc, out, err = run("compare", "HEAD", ds, "--repo", r, "--pith", new, "--html", report)
    assert rc == 1, err
    assert "differs: cset/x" in out and "differs: cset/y" not in out
    assert "+f g h i" in out
    assert re.search(r"F1 0\.\d{4} -> 1\.0000", out)
    assert "1 pages differ; 1 improved, 0 worsened" in out
    wt = subprocess.run(git + ["worktree", "list"], capture_output=True, text=True).stdout
    assert len(wt.strip().splitlines()) == 1             # the scratch worktree is gone
    src, d = check_dom(report)
    assert "page-cset/x" in d.ids and {"old", "new"} <= d.classes_under["page-cset/x"]
    # the same binary on both sides: nothing differs, exit 0
    rc, out, _ = run("compare", "HEAD", ds, "--repo", r, "--pith", r / "fakepith")
    assert rc == 0 and "0 pages differ" in out


def test_compare_bad_revision_cleans_up(tmp_path, fake):
    if not shutil.which("git"):
        pytest.skip("needs git")
    r = tmp_path / "g2"
    r.mkdir()
    subprocess.run(["git", "-C", str(r), "init", "-q"], check=True)
    d = tmp_path / "d"
    d.mkdir()
    rc, out, err = run("compare", "no-such-rev", d, "--repo", r, "--pith", fake)
    assert rc == 2 and "no-such-rev" in err


# ---------------------------------------------------------------------------------------------
# add

def test_case_names_come_from_the_url():
    assert pc.case_name_from_url("https://www.example.org/news/2024/Big_Story.html") == \
        "example-org-big-story"
    assert pc.case_name_from_url("http://blog.example.com/") == "blog-example-com"
    assert pc.case_name_from_url("not a url") == "page"
    assert len(pc.case_name_from_url("https://e.org/" + "x" * 200)) <= pc.CASE_NAME_MAX


def test_add_copies_a_saved_page_and_never_overwrites(tmp_path, fake):
    d = tmp_path / "corp"
    d.mkdir()
    src = tmp_path / "My Page.html"
    src.write_text(page(["a b c"]), encoding="utf-8")
    rc, out, _ = run("add", src, "--dir", d, "--pith", fake)
    assert rc == 0 and (d / "my-page.html").read_bytes() == src.read_bytes()
    assert "cli/pith-corpus update" in out
    rc, _, err = run("add", src, "--dir", d, "--pith", fake)
    assert rc == 2 and "never overwritten" in err
    rc, _, err = run("add", src, "--dir", d, "--name", "Bad Name", "--pith", fake)
    assert rc == 2 and "case name" in err
    rc, _, err = run("add", tmp_path / "nope.warc@12", "--dir", d, "--pith", fake)
    assert rc == 2 and "neither a file nor a web archive record" in err


# The real pith, for the web archive path: ci/test-corpus-tool sets PITH_REAL_BIN.
REAL_PITH = os.environ.get("PITH_REAL_BIN")


@pytest.mark.skipif(not REAL_PITH, reason="PITH_REAL_BIN (a built pith) not given")
def test_add_takes_web_archive_records_by_their_offset(tmp_path):
    warc = tmp_path / "f.warc.gz"
    subprocess.run([PYTHON, str(ROOT / "tests" / "warc_writer.py"), "fixture", str(warc)],
                   check=True, capture_output=True)
    cp = subprocess.run([REAL_PITH, "--warc", "-f", "json", "--no-progress", str(warc)],
                        capture_output=True, check=False)
    records = [json.loads(ln) for ln in cp.stdout.decode().splitlines()
               if ln.strip() and '"schema_version"' in ln][:2]
    assert len(records) == 2
    d = tmp_path / "corp"
    d.mkdir()
    rc, out, err = run("add", *[r["file"] for r in records], "--dir", d, "--pith", REAL_PITH)
    assert rc == 0, err
    for r in records:
        case = d / (pc.case_name_from_url(r["warc_target_uri"]) + ".html")
        assert case.is_file(), out
        # the page taken out of the archive extracts to what the record did
        got = json.loads(subprocess.run([REAL_PITH, "-f", "json", str(case)],
                                        capture_output=True, check=False).stdout)
        assert got["text"] == r["text"] and got["title"] == r["title"]
    rc, _, err = run("add", records[0]["file"], records[1]["file"], "--dir", d, "--name", "x",
                     "--pith", REAL_PITH)
    assert rc == 2 and "--name names one case" in err
