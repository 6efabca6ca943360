# SPDX-License-Identifier: MIT
"""The ctypes binding against libpith.so (PITH_LIBRARY, or as pith finds it)."""
import concurrent.futures
import ctypes
import glob
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

import pith
from conftest import CORPUS, REPO, SCOOP, SCOOP_TITLE, read
from pith import _lib

SCOOP_FIRST = "Amid alarming reports of deadly violence in Kazakhstan"


def test_article_result():
    a = pith.extract(read(SCOOP))
    assert isinstance(a, pith.Article)
    assert a.schema_version == 1
    assert a.status == "ok"
    assert a.title == SCOOP_TITLE
    assert a.date_published.startswith("2022-01-07")
    assert a.blocks and a.word_count > 100
    assert isinstance(a.blocks[0], pith.TextBlock) and a.blocks[0].text.startswith(SCOOP_FIRST)
    assert SCOOP_FIRST in a.text
    assert "Support the news you love" not in a.text


def test_json_format_is_the_article_as_json():
    data = read(SCOOP)
    text = pith.extract(data, format="json")
    assert isinstance(text, str)
    assert json.loads(text) == pith.extract(data).to_dict()


def test_other_formats_are_str():
    md = pith.extract(read(SCOOP), format="markdown")
    assert isinstance(md, str) and md.startswith("# " + SCOOP_TITLE)
    text = pith.extract(read(SCOOP), format="text")
    assert SCOOP_FIRST in text and "<" not in text.split("\n")[0]
    html = pith.extract(read(SCOOP), format="html")
    assert html.lstrip().startswith("<article") and SCOOP_FIRST in html


def test_no_article_is_a_result_not_an_error():
    a = pith.extract(b"<html><head><title>Just a title</title></head><body>"
                     b"<a href='/a'>a</a></body></html>")
    assert a.status == "no_article"
    assert a.title == "Just a title"
    assert a.blocks == []


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
    assert pith.extract(page).title == "caf\u00e9"
    a = pith.extract(page, charset="koi8-r")
    assert a.title == "caf\u0418"
    assert a.charset.lower() == "koi8-r"
    assert a.charset_source == "hint"


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
    assert s.title == ref.title and s.text == ref.text


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
    # url, charset and the rest are keyword-only since 0.1 (the old positional form)
    "extract(b'<p>x</p>', 'https://a.example/')",
    "extract(b'<p>x</p>', None, 'utf-8')",
    "extract_file(5)",
    "extract_file(b'corpus/x.html')",
    "extract_file('/nonexistent/page.html', url=5)",
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
                        max_depth=1, max_input_bytes=2**20).status in ("ok", "no_article")


def test_version():
    assert pith.version() == pith.__version__ == _lib.LIBRARY_VERSION
    assert os.path.exists(pith.library_path) or pith.library_path.startswith("lib")


def test_binding_is_for_the_library_this_tree_builds():
    with open(os.path.join(REPO, "CMakeLists.txt"), encoding="utf-8") as f:
        cmake = re.search(r"project\(pith VERSION ([0-9.]+)", f.read()).group(1)
    assert _lib.LIBRARY_VERSION == cmake


def _cc():
    cc = shutil.which("cc") or shutil.which("gcc")
    assert cc, "no C compiler (Debian: build-essential)"
    return cc


def test_options_mirror_pith_h(tmp_path):
    """Options has pith_options' fields at pith.h's offsets and sizes, and nothing more or
    less: the size the binding passes is then the size of the struct this library knows."""
    names = [f[0] for f in _lib.Options._fields_]
    body = "".join('printf("%s %%zu %%zu\\n", offsetof(pith_options, %s), '
                   'sizeof(((pith_options *)0)->%s));\n' % (n, n, n) for n in names)
    (tmp_path / "layout.c").write_text(
        "#include <stddef.h>\n#include <stdio.h>\n#include \"pith/pith.h\"\n"
        "int main(void) {\nprintf(\"sizeof %%zu 0\\n\", sizeof(pith_options));\n%s"
        "return 0;\n}\n" % body)
    exe = str(tmp_path / "layout")
    subprocess.run([_cc(), "-std=c11", "-I", os.path.join(REPO, "include"),
                    str(tmp_path / "layout.c"), "-o", exe], check=True)
    got = {}
    for line in subprocess.run([exe], capture_output=True, text=True, check=True
                               ).stdout.splitlines():
        name, off, size = line.split()
        got[name] = (int(off), int(size))
    want = {n: (getattr(_lib.Options, n).offset, getattr(_lib.Options, n).size) for n in names}
    want["sizeof"] = (ctypes.sizeof(_lib.Options), 0)
    assert got == want


def test_library_of_another_version_is_refused(tmp_path):
    """0.1.7 shares the minor version (the old check let it through) but not the struct."""
    (tmp_path / "fake.c").write_text(
        'const char *pith_version(void);\nconst char *pith_version(void) { return "0.1.7"; }\n')
    fake = str(tmp_path / "libfake.so")
    subprocess.run([_cc(), "-shared", "-fPIC", str(tmp_path / "fake.c"), "-o", fake],
                   check=True)
    env = dict(os.environ, PITH_LIBRARY=fake)
    r = subprocess.run([sys.executable, "-c", "import pith"], env=env, capture_output=True,
                       text=True, cwd=os.path.dirname(os.path.dirname(pith.__file__)))
    assert r.returncode != 0
    assert "ImportError" in r.stderr
    assert "%s: libpith 0.1.7, but this binding is for libpith %s exactly" % (
        fake, _lib.LIBRARY_VERSION) in r.stderr


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
