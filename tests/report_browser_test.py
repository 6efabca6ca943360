# SPDX-License-Identifier: MIT
"""The pith-corpus HTML report as a browser shows it: Debian's headless chromium loads a check
report of a small fake run and the test reads the DOM after the report's script ran.

Run: /usr/bin/python3 -m pytest tests/report_browser_test.py (skipped without chromium;
Debian: apt-get install chromium, which ci/install-deps lists).

The fake run (the fake pith of test_corpus_tool.py) has four pages; truth bodies worked out
by hand:
  a  golden "one .. six / seven eight", now "seven NINE": 4 of 5 shingles right, F1 0.8
  b  unchanged, exact: F1 1.0
  c  unchanged, 1 of the truth's 5 shingles and nothing else: P 1, R 0.2, F1 1/3
  d  no truth body (not scored); its new text carries markup that must stay text
"""

import concurrent.futures
import html.parser
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_corpus_tool as tct  # noqa: E402  (the fake pith and dataset helpers)

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium not installed (Debian package chromium; ci/install-deps lists it)")

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--mute-audio"]
CHROMIUM_TIMEOUT_S = 120
INJECTED = '<b id="injected">x</b>'


def chromium(profile, *args):
    """(stdout, stderr) of one headless chromium run with its own profile folder."""
    profile.mkdir(parents=True, exist_ok=True)
    cp = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, "--user-data-dir=%s" % profile, *args],
                        capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_S,
                        check=False)
    assert cp.returncode == 0, "chromium exited %d: %s" % (cp.returncode, cp.stderr[-2000:])
    return cp.stdout, cp.stderr


def dump_dom(profile, url):
    """The DOM after the page's scripts ran, and the console lines the page produced
    (chromium logs every console message and uncaught error as INFO:CONSOLE)."""
    out, err = chromium(profile, "--enable-logging=stderr", "--v=0", "--dump-dom", url)
    console = [ln for ln in err.splitlines() if ":CONSOLE" in ln]
    return out, console


class Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.children, self.parent = tag, attrs, [], parent

    def text(self):
        parts, stack = [], [self]
        while stack:
            n = stack.pop()
            if isinstance(n, str):
                parts.append(n)
            else:
                stack.extend(reversed(n.children))
        return "".join(parts)

    def walk(self):
        stack = [self]
        while stack:
            n = stack.pop()
            if isinstance(n, Node):
                yield n
                stack.extend(reversed(n.children))

    def find_all(self, tag=None, cls=None):
        return [n for n in self.walk() if (tag is None or n.tag == tag) and
                (cls is None or cls in (n.attrs.get("class") or "").split())]

    def by_id(self, ident):
        hits = [n for n in self.walk() if n.attrs.get("id") == ident]
        assert len(hits) <= 1, "duplicate id %s" % ident
        return hits[0] if hits else None


class TreeBuilder(html.parser.HTMLParser):
    """A small tolerant tree of chromium's serialised DOM (well formed, void tags unclosed)."""
    VOID = {"meta", "br", "img", "input", "hr", "link", "col", "area", "base", "embed",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, {k: v or "" for k, v in attrs}, self.cur)
        self.cur.children.append(n)
        if tag not in self.VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(dom):
    b = TreeBuilder()
    b.feed(dom)
    b.close()
    return b.root


def row_names(doc):
    table = doc.by_id("pages")
    body = table.find_all("tbody")[0]
    return [r.find_all("td")[0].text().strip() for r in body.find_all("tr")]


def png_facts(path):
    """(width, height, distinct scanlines) of an 8-bit non-interlaced PNG."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = ihdr
    assert depth == 8 and interlace == 0, ihdr
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = 1 + width * channels
    assert len(raw) == stride * height
    lines = {raw[i * stride:(i + 1) * stride] for i in range(height)}
    return width, height, len(lines)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Builds the check report, then loads it in chromium four ways at once (each run takes
    seconds, mostly start-up): sorted by F1 ascending and descending, a screenshot, and a
    page with a deliberate script error proving the console lines are seen at all."""
    tmp = tmp_path_factory.mktemp("browser")
    fake = tct.write_fake(tmp / "fakepith")
    ds = tct.make_dataset(tmp / "set", {
        "a": (tct.page(["one two three four five six", "seven eight"], title="A"),
              {"title": "A", "body": "one two three four five six seven eight"}),
        "b": (tct.page(["nine ten eleven twelve"], title="B"),
              {"title": "B", "body": "nine ten eleven twelve"}),
        "c": (tct.page(["alpha beta gamma delta"], title="C"),
              {"title": "C", "body": "alpha beta gamma delta epsilon zeta eta theta"}),
        "d": (tct.page(["plain words here"], title="D"), {"title": "D", "body": None}),
    })
    golden = tmp / "golden"
    rc, out, err = tct.run("update", ds, "--golden", golden, "--pith", fake)
    assert rc == 0, out + err
    (ds / "pages" / "a.html").write_text(
        tct.page(["one two three four five six", "seven NINE"], title="A"), encoding="utf-8")
    (ds / "pages" / "d.html").write_text(
        tct.page(["plain words %s here" % INJECTED], title="D"), encoding="utf-8")
    html_path = tmp / "report.html"
    rc, out, err = tct.run("check", ds, "--golden", golden, "--pith", fake, "--html",
                           html_path)
    assert rc == 1 and "changed 2" in out, out + err
    neg = tmp / "negative.html"
    neg.write_text("<!DOCTYPE html><html><body><script>no_such_function();</script>"
                   "</body></html>", encoding="utf-8")
    url = html_path.as_uri()
    png = tmp / "report.png"
    jobs = {
        "asc": lambda: dump_dom(tmp / "p-asc", url + "#sort=f1"),
        "desc": lambda: dump_dom(tmp / "p-desc", url + "#sort=f1:desc"),
        "negative": lambda: dump_dom(tmp / "p-neg", neg.as_uri()),
        "shot": lambda: chromium(tmp / "p-shot", "--hide-scrollbars",
                                 "--screenshot=%s" % png, "--window-size=1280,2000", url),
    }
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(jobs)) as ex:
        futs = {k: ex.submit(fn) for k, fn in jobs.items()}
        res = {k: f.result() for k, f in futs.items()}
    return {"src": html_path.read_text(encoding="utf-8"), "asc": res["asc"],
            "desc": res["desc"], "negative": res["negative"], "png": png}


def test_console_lines_are_seen_at_all(report):
    # Without this, "no console lines" below could mean chromium stopped logging them.
    _, console = report["negative"]
    assert any("Uncaught ReferenceError" in ln and "no_such_function" in ln for ln in console)


def test_report_script_runs_without_errors(report):
    dom, console = report["asc"]
    assert console == [], console
    assert "Uncaught" not in dom


def test_summary_figures(report):
    doc = parse(report["asc"][0])
    summary = doc.by_id("summary")
    assert summary is not None
    dts = [n.text().strip() for n in summary.find_all("dt")]
    dds = [n.text().strip() for n in summary.find_all("dd")]
    fig = dict(zip(dts, dds))
    assert fig["pages"] == "4"
    # P over a, b, c: (0.8 + 1 + 1) / 3; R: (0.8 + 1 + 0.2) / 3; F1 of the two means 0.7778
    assert fig["mean precision"] == "0.9333"
    assert fig["mean recall"] == "0.6667"
    assert fig["F1"] == "0.7778"
    assert fig["failures (F1 < 0.5)"] == "1"          # c
    assert (fig["changed"], fig["new"], fig["missing"], fig["errors"], fig["unchanged"]) == \
        ("2", "0", "0", "0", "2")


def test_histogram_bars(report):
    doc = parse(report["asc"][0])
    hist = doc.by_id("histogram")
    bars = hist.find_all("rect", cls="bar")
    assert len(bars) == 20
    counts = {b.attrs["data-bin"]: b.attrs["data-count"] for b in bars
              if b.attrs["data-count"] != "0"}
    assert counts == {"0.30": "1", "0.80": "1", "0.95": "1"}   # c 1/3, a 0.8, b 1.0
    heights = {b.attrs["data-bin"]: float(b.attrs["height"]) for b in bars}
    assert heights["0.30"] > 0 and heights["0.00"] == 0


def test_changed_pages_show_their_diff_marks(report):
    doc = parse(report["asc"][0])
    assert doc.by_id("page-b") is None and doc.by_id("page-c") is None   # unchanged
    sec = doc.by_id("page-a")
    assert sec is not None and sec.tag == "section"
    old, new = sec.find_all(cls="old"), sec.find_all(cls="new")
    assert len(old) == 1 and len(new) == 1
    assert [d.text() for d in old[0].find_all("del")] == ["eight"]
    assert [i.text() for i in new[0].find_all("ins")] == ["NINE"]
    assert old[0].find_all("ins") == [] and new[0].find_all("del") == []
    assert "seven" in old[0].text() and "seven" in new[0].text()
    assert "F1 vs truth: 1.0000 -> 0.8000" in sec.text()
    # the changed row links to its section
    links = [a.attrs.get("href") for a in doc.by_id("pages").find_all("a")]
    assert sorted(links) == ["#page-a", "#page-d"]


def test_page_markup_stays_text_in_the_browser(report):
    doc = parse(report["asc"][0])
    assert doc.by_id("injected") is None
    sec = doc.by_id("page-d")
    assert INJECTED in sec.find_all(cls="new")[0].text()


def test_sort_hook_sorts_by_f1_both_ways(report):
    asc, desc = parse(report["asc"][0]), parse(report["desc"][0])
    # a page without a score (d) sorts last either way
    assert row_names(asc) == ["c", "a", "b", "d"]
    assert row_names(desc) == ["b", "a", "c", "d"]
    # the sort went through the header's click handler: it marks the header
    f1_asc = [th for th in asc.find_all("th") if th.text().strip() == "F1"]
    f1_desc = [th for th in desc.find_all("th") if th.text().strip() == "F1"]
    assert f1_asc[0].attrs.get("aria-sort") == "ascending"
    assert f1_desc[0].attrs.get("aria-sort") == "descending"
    assert sum("aria-sort" in th.attrs for th in asc.find_all("th")) == 1
    # the file itself is in page order: the order above is the script's doing
    assert row_names(parse(report["src"])) == ["a", "b", "c", "d"]


def test_screenshot_is_a_real_rendering(report):
    png = report["png"]
    assert png.is_file()
    assert png.stat().st_size > 10000
    width, height, distinct = png_facts(png)
    assert (width, height) == (1280, 2000)
    # a blank or single-colour page has a handful of distinct rows; the report has text,
    # a histogram and a table
    assert distinct > 100, distinct
