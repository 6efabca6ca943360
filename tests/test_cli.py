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
        assert keys[:6] == ["warc_record_id", "warc_record_type", "warc_target_uri",
                            "warc_date", "http_status", "file"], keys
        assert obj["warc_record_type"] == "response"
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
    assert f"{n_good} HTML responses, 0 HTML resources, 1 other responses and resources" in err, err
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


# ---- archives as other tools write them (issue 19) ----

CASE_PAGES = sorted((ROOT / "corpus").glob("*.html"))[:4]


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    d = tmp_path_factory.mktemp("cases")
    out = {}
    for name in warc_writer.CASES:
        data, expect = warc_writer.case(name, CASE_PAGES)
        path = d / (name + (".arc.gz" if name == "arc-gz" else ".arc" if "arc" in name
                            else ".warc.gz"))
        path.write_bytes(data)
        out[name] = (path, expect)
    return out


def check_case(lines, expect, path):
    assert len(lines) == len(expect), [dict(l).get("error") or dict(l).get("warc_target_uri")
                                       for l in lines]
    for got, want in zip(lines, expect):
        obj = dict(got)
        assert obj["file"].startswith(str(path) + "@")
        if want.get("error"):
            assert obj["status"] == "input_error", obj
            assert obj.get("warc_target_uri") == want["uri"]
            continue
        assert obj["status"] in ("ok", "no_article"), obj
        assert obj.get("warc_record_id") == want["id"]
        assert obj["warc_record_type"] == want["type"]
        assert obj["warc_target_uri"] == want["uri"]
        assert obj["warc_date"] == want["date"]
        assert ("http_status" in obj) == (want["type"] == "response")
        code, out, _ = run(["-f", "json", "-u", want["uri"], want["page"]])
        direct = json.loads(out)
        for key in ("title", "text"):
            assert obj.get(key) == direct.get(key), (want["page"], key)


@pytest.mark.parametrize("name", warc_writer.CASES)
def test_archive_shapes(cases, name):
    """Resource records, revisits, WARC/0.17 and 0.18, a record split across gzip members,
    several records a member, ARC plain and gzip, bad ARC header lines: every page comes out
    once, in order, with its fields, as pith makes of the page alone."""
    path, expect = cases[name]
    code, out, err = run(["--warc", str(path), "-j", "2"])
    check_case(lines_of(out), expect, path)
    n_err = sum(1 for e in expect if e.get("error"))
    assert code == (3 if n_err else 0), err
    assert f"{n_err} errors" in err, err
    assert ("ARC records" if "arc" in name else "WARC records") in err, err


def test_revisits_are_counted(cases):
    path, _ = cases["revisit"]
    _, _, err = run(["--warc", str(path)])
    assert "2 HTML responses, 0 HTML resources, 0 other responses and resources, 1 revisits" \
        in err, err


def test_resources_are_counted(cases):
    path, _ = cases["resource"]
    _, _, err = run(["--warc", str(path)])
    assert "1 HTML responses, 2 HTML resources, 1 other responses and resources" in err, err


@pytest.mark.parametrize("name", ["gz", "plain"] + list(warc_writer.CASES))
def test_one_record_by_its_name(files, cases, name):
    """pith --warc FILE@OFFSET (the "file" member of the output, CDX's offset) gives that
    record's line alone, for every record of every shape: member offsets, offsets into
    members (FILE@M+K), plain offsets, ARC."""
    path = files[name][0] if name in files else cases[name][0]
    lines = [l for l in run(["--warc", str(path), "-j", "2"])[1].decode().splitlines()]
    assert lines
    for line in lines:
        at = json.loads(line)["file"]
        if json.loads(line).get("warc_record_id") is None and "arc" not in name:
            continue  # a lost gzip member or a cut record: nothing to read alone
        code, out, err = run(["--warc", at, "-q"])
        assert out.decode().splitlines() == [line], (at, err)


def test_one_record_not_there(files, tmp_path):
    path = files["gz"][0]
    code, out, err = run(["--warc", f"{path}@3"])  # inside a member
    lines = [dict(l) for l in lines_of(out)]
    assert len(lines) == 1 and lines[0]["status"] == "input_error", lines
    assert code == 3
    code, out, err = run(["--warc", f"{path}@99999999"])  # past the end
    lines = [dict(l) for l in lines_of(out)]
    assert len(lines) == 1 and lines[0]["status"] == "input_error", lines
    odd = tmp_path / "name@12"  # a file whose name has the form is read whole
    odd.write_bytes(path.read_bytes())
    assert len(lines_of(run(["--warc", str(odd), "-q"])[1])) == len(files["gz"][1])


def test_payload_is_the_stored_page(cases):
    """--payload prints the page as stored (de-chunked, decoded): what pith-corpus takes."""
    path, expect = cases["grouped-members"]
    lines = [json.loads(l) for l in run(["--warc", str(path)])[1].decode().splitlines()]
    for line, want in zip(lines, expect):
        code, out, err = run(["--warc", "--payload", line["file"]])
        assert code == 0, err
        assert out == Path(want["page"]).read_bytes()
    code, _, err = run(["--payload", str(path)])
    assert code == 2 and "--payload" in err
