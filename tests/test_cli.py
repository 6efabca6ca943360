# SPDX-License-Identifier: MIT
"""The pith tool's WARC batch path, end to end: pith --warc on files written by warc_writer.py.

Run: PITH_BIN=build/pith /usr/bin/python3 -m pytest tests/test_cli.py
(ctest runs it with PITH_BIN set.)
"""

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import warc_writer  # noqa: E402

ROOT = HERE.parent
PITH = os.environ.get("PITH_BIN", str(ROOT / "build" / "pith"))
PAGES = sorted((ROOT / "corpus").glob("*.html"))[:6]

if not Path(PITH).exists():
    pytest.skip(f"no pith binary at {PITH} (set PITH_BIN)", allow_module_level=True)


def run(args, stdin=None):
    p = subprocess.run([PITH] + args, input=stdin, capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def lines_of(out):
    """Every line must be one JSON object; keys kept in order."""
    text = out.decode("utf-8")
    assert text.endswith("\n") or text == ""
    return [json.loads(l, object_pairs_hook=list) for l in text.splitlines()]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("warc")
    out = {}
    for plain in (False, True):
        data, expect = warc_writer.fixture(PAGES, plain=plain)
        path = d / ("fixture.warc" if plain else "fixture.warc.gz")
        path.write_bytes(data)
        out["plain" if plain else "gz"] = (path, expect)
    return out


def check_lines(lines, expect, name):
    assert len(lines) == len(expect), [dict(l).get("status") for l in lines]
    for got, want in zip(lines, expect):
        keys = [k for k, _ in got]
        obj = dict(got)
        if want.get("error"):
            assert obj["status"] == "input_error", obj
            assert obj["error"]
            if want["id"]:
                assert obj["warc_record_id"] == want["id"]
            continue
        # the WARC members come first, in this order, then the usual output
        assert keys[:5] == ["warc_record_id", "warc_target_uri", "warc_date", "http_status",
                            "file"], keys
        assert obj["warc_record_id"] == want["id"]
        assert obj["warc_target_uri"] == want["uri"]
        assert obj["http_status"] == want["status"]
        assert obj["warc_date"].startswith("2024-")
        assert obj["file"].startswith(name + "@")
        assert obj["status"] in ("ok", "no_article")


@pytest.mark.parametrize("shape", ["gz", "plain"])
def test_every_record_once_in_order(files, shape):
    path, expect = files[shape]
    code, out, err = run(["--warc", str(path), "-j", "2"])
    check_lines(lines_of(out), expect, str(path))
    assert code == 3, err  # error records make it an input error run
    n_good = sum(1 for e in expect if not e.get("error"))
    n_bad = len(expect) - n_good
    assert f"{n_good} HTML responses, 1 other responses" in err, err
    assert f"{n_bad} errors" in err, err


@pytest.mark.parametrize("shape", ["gz", "plain"])
def test_thread_count_does_not_change_output(files, shape):
    path, _ = files[shape]
    outs = [run(["--warc", str(path), "-j", j])[1] for j in ("1", "2", "3")]
    assert outs[0] == outs[1] == outs[2]
    assert outs[0]


def test_payload_is_the_page(files):
    """What a record yields is what pith makes of the page itself at that URL."""
    path, expect = files["gz"]
    lines = [dict(l) for l in lines_of(run(["--warc", str(path), "-j", "2"])[1])]
    good = [(l, e) for l, e in zip(lines, expect) if not e.get("error")]
    assert len(good) == len(PAGES)
    for line, want in good:
        hint = ["-c", want["charset"]] if want["charset"] else []
        code, out, _ = run(["-f", "json", "-u", want["uri"]] + hint + [want["page"]])
        direct = json.loads(out)
        for key in ("title", "byline", "date_published", "text", "status"):
            assert line.get(key) == direct.get(key), (want["page"], key)


def test_stdin(files):
    path, expect = files["gz"]
    code, out, _ = run(["--warc", "-", "-j", "2"], stdin=path.read_bytes())
    lines = lines_of(out)
    check_lines(lines, expect, "-")
    assert code == 3


def test_single_gzip_stream_and_clean_exit(tmp_path):
    """A whole file in one gzip stream, no bad records: no error lines, status 0 or 1."""
    data = b"".join(
        warc_writer.warc_record("response", warc_writer.rid(i),
                                warc_writer.http_response(p.read_bytes()),
                                uri=f"https://a.example/{i}")
        for i, p in enumerate(PAGES))
    path = tmp_path / "one.warc.gz"
    path.write_bytes(gzip.compress(data))
    code, out, err = run(["--warc", str(path), "-j", "2"])
    lines = [dict(l) for l in lines_of(out)]
    assert [l["warc_record_id"] for l in lines] == [warc_writer.rid(i) for i in range(len(PAGES))]
    assert all(l["status"] in ("ok", "no_article") for l in lines)
    assert code in (0, 1), err


def test_several_files_in_order(files):
    gz_path, gz_expect = files["gz"]
    plain_path, plain_expect = files["plain"]
    code, out, _ = run(["--warc", str(gz_path), str(plain_path), "-j", "2"])
    lines = lines_of(out)
    assert len(lines) == len(gz_expect) + len(plain_expect)
    check_lines(lines[:len(gz_expect)], gz_expect, str(gz_path))
    check_lines(lines[len(gz_expect):], plain_expect, str(plain_path))


def test_missing_file(tmp_path):
    code, out, err = run(["--warc", str(tmp_path / "nope.warc.gz")])
    lines = [dict(l) for l in lines_of(out)]
    assert len(lines) == 1 and lines[0]["status"] == "input_error"
    assert code == 3


def test_quiet_has_no_summary(files):
    path, _ = files["gz"]
    _, _, err = run(["--warc", str(path), "-q"])
    assert "WARC records" not in err


def peak_rss_kib(args):
    """Runs pith with output thrown away; returns (peak RSS in KiB, exit status)."""
    p = subprocess.Popen([PITH] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    return usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def sanitized():
    """ASan's shadow memory and quarantine make RSS say nothing about pith's own."""
    return b"__asan_init" in Path(PITH).read_bytes()


@pytest.mark.skipif(sanitized(), reason="RSS under ASan is not pith's")
def test_bytes_in_flight_are_bounded(tmp_path):
    """Issue 15, defect 7: a 40 MiB page keeps the one worker busy while the reader goes on
    through twenty 60 MiB records (refused by --max-bytes once their turn comes). The slots
    bounded the count, not the bytes: 1.2 GB held at -j 1. Now the pipeline holds 256 MiB
    (MAX_HELD_BYTES in cli/pith.c): with the reader's record and the extraction of the
    40 MiB page, about 570 MB."""
    path = tmp_path / "flood.warc.gz"
    warc_writer.flood(path, first=40 << 20, size=60 << 20, count=20)
    rss, code = peak_rss_kib(["--warc", str(path), "-j", "1", "--max-bytes", str(41 << 20)])
    assert code == 3  # the refused pages are input errors
    assert rss < 800 << 10, f"peak RSS {rss >> 10} MiB"
