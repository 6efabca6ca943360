# SPDX-License-Identifier: MIT
"""The ctypes binding against libpith.so (PITH_LIBRARY, or as pith finds it)."""
import concurrent.futures
import glob
import os
import subprocess
import sys

import pytest

import pith
from conftest import REPO

CORPUS = os.path.join(REPO, "corpus")
SCOOP = os.path.join(CORPUS, "scoop-un-kazakhstan.html")
# From corpus/README.md, checked by hand against the page.
SCOOP_TITLE = "UN Urges Restraint In Kazakhstan, With Dozens Reportedly Killed"
SCOOP_FIRST = "Amid alarming reports of deadly violence in Kazakhstan"


def read(path):
    with open(path, "rb") as f:
        return f.read()


def test_json_result():
    d = pith.extract(read(SCOOP))
    assert isinstance(d, dict)
    assert d["schema_version"] == 1
    assert d["status"] == "ok"
    assert d["title"] == SCOOP_TITLE
    assert d["date_published"].startswith("2022-01-07")
    assert d["blocks"] and d["word_count"] > 100
    assert SCOOP_FIRST in d["text"]
    assert "Support the news you love" not in d["text"]


def test_other_formats_are_str():
    md = pith.extract(read(SCOOP), format="markdown")
    assert isinstance(md, str) and md.startswith("# " + SCOOP_TITLE)
    text = pith.extract(read(SCOOP), format="text")
    assert SCOOP_FIRST in text and "<" not in text.split("\n")[0]
    html = pith.extract(read(SCOOP), format="html")
    assert html.lstrip().startswith("<article") and SCOOP_FIRST in html


def test_no_article_is_a_result_not_an_error():
    d = pith.extract(b"<html><head><title>Just a title</title></head><body>"
                     b"<a href='/a'>a</a></body></html>")
    assert d["status"] == "no_article"
    assert d["title"] == "Just a title"
    assert d["blocks"] == []


def test_error_carries_status_name_message():
    with pytest.raises(pith.PithError) as info:
        pith.extract(b"<p>" + b"x" * 100 + b"</p>", max_input_bytes=10)
    e = info.value
    assert e.status == 3  # PITH_ERR_INPUT_TOO_LARGE
    assert e.name == "input_too_large"
    assert isinstance(e.message, str) and e.message
    assert e.name in str(e)


def test_charset_hint_reaches_the_core():
    page = b"<html><head><title>caf\xe9</title></head><body><p>" + b"word " * 50 + b"</p></body>"
    # 0xE9 is e-acute in windows-1252 (the default) but Cyrillic I in KOI8-R.
    assert pith.extract(page)["title"] == "caf\u00e9"
    d = pith.extract(page, charset="koi8-r")
    assert d["title"] == "caf\u0418"
    assert d["charset"] == "KOI8-R" or d["charset"].lower() == "koi8-r"
    assert d["charset_source"] == "hint"


def test_url_reaches_the_core():
    page = (b"<html><head><title>Notes</title></head><body><article><h1>Notes</h1>"
            b"<p>" + b"Some words of text here. " * 20 + b"</p>"
            b"<p><img src='pic.jpg'> " + b"More words follow on. " * 20 + b"</p>"
            b"</article></body></html>")
    base = pith.extract(page)
    d = pith.extract(page, url="https://example.org/2021/03/04/notes.html")
    assert d != base
    assert "example.org" in repr(d)


def test_str_and_buffer_inputs():
    data = read(SCOOP)
    ref = pith.extract(data)
    assert pith.extract(bytearray(data)) == ref
    assert pith.extract(memoryview(data)) == ref
    s = pith.extract(data.decode("utf-8"))
    assert s["title"] == ref["title"] and s["text"] == ref["text"]


def test_bad_arguments():
    with pytest.raises(ValueError):
        pith.extract(b"<p>x</p>", format="pdf")
    with pytest.raises(ValueError):
        pith.extract(b"<p>x</p>", bias="greedy")


# Each of these once reached libpith as something else: an int as a char * (a segfault), an
# int as a length of NULs, a dict as an empty page, -1 as "no limit".
BAD_TYPES = [
    "extract(b'<p>x</p>', url=5)",
    "extract(b'<p>x</p>', charset=1)",
    "extract(b'<p>x</p>', url=3.5)",
    "extract(b'<p>x</p>', charset=['utf-8'])",
    "extract(5)",
    "extract({})",
    "extract([60, 112, 62])",
    "extract(None)",
    "extract(b'<p>x</p>', format=2)",
    "extract(b'<p>x</p>', bias=None)",
    "extract(b'<p>x</p>', explain='no')",
    "extract(b'<p>x</p>', max_depth='10')",
    "extract(b'<p>x</p>', max_input_bytes=1.5)",
    "extract(b'<p>x</p>', max_depth=True)",
]
BAD_VALUES = [
    "extract(b'<p>x</p>', max_input_bytes=-1)",
    "extract(b'<p>x</p>', max_input_bytes=0)",
    "extract(b'<p>x</p>', max_depth=-5)",
    "extract(b'<p>x</p>', max_depth=2**32)",
    "extract(b'<p>x</p>', max_input_bytes=2**64)",
    "extract(b'<p>x</p>', url='https://a.example/\\0x')",
    "extract(b'<p>x</p>', charset=b'utf-8\\0')",
    "extract(b'<p>x</p>', charset='utf-\u00e9')",
]


def _outcome(call):
    """What the call raises, run in a child: a crash must fail the test, not end pytest."""
    code = ("import pith\ntry:\n    pith.%s\nexcept Exception as e:\n"
            "    print(type(e).__name__, e)\nelse:\n    print('no exception')\n" % call)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=os.path.dirname(os.path.dirname(pith.__file__)))
    assert r.returncode == 0, "%s: exit %d %s" % (call, r.returncode, r.stderr[-500:])
    return r.stdout.strip()


@pytest.mark.parametrize("call", BAD_TYPES)
def test_wrong_type_is_type_error(call):
    out = _outcome(call)
    assert out.startswith("TypeError "), (call, out)


@pytest.mark.parametrize("call", BAD_VALUES)
def test_wrong_value_is_value_error(call):
    out = _outcome(call)
    assert out.split()[0] in ("ValueError", "UnicodeEncodeError"), (call, out)


def test_limits_still_apply():
    with pytest.raises(pith.PithError) as info:
        pith.extract(b"<p>" + b"x" * 100 + b"</p>", max_input_bytes=10)
    assert info.value.name == "input_too_large"
    assert pith.extract(b"<p>x</p>", url=b"https://a.example/", charset=b"utf-8",
                        max_depth=1, max_input_bytes=2**20)["status"] in ("ok", "no_article")


def test_version():
    assert pith.version() == pith.__version__
    assert pith.version().startswith("0.1.")
    assert os.path.exists(pith.library_path) or pith.library_path.startswith("lib")


def pages():
    found = sorted(glob.glob(os.path.join(CORPUS, "*.html")))
    shared = os.path.join(REPO, "..", "shared", "datasets", "readability", "pages")
    found += sorted(glob.glob(os.path.join(shared, "*.html")))[:60]
    return found


def test_threads_match_sequential():
    files = pages()
    assert len(files) >= 30
    datas = [read(f) for f in files]
    seq = [pith.extract(d) for d in datas]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        par = list(pool.map(pith.extract, datas))
        par2 = list(pool.map(pith.extract, reversed(datas)))
    assert par == seq
    assert par2[::-1] == seq


def test_bad_pith_library_is_reported():
    env = dict(os.environ, PITH_LIBRARY="/nonexistent/libpith.so")
    r = subprocess.run([sys.executable, "-c", "import pith"], env=env, capture_output=True,
                       text=True, cwd=os.path.dirname(os.path.dirname(pith.__file__)))
    assert r.returncode != 0
    assert "PITH_LIBRARY=/nonexistent/libpith.so" in r.stderr
