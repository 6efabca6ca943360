# SPDX-License-Identifier: MIT
"""The pith tool end to end: the WARC batch path (pith --warc on files written by
warc_writer.py), list input, directory walks, write errors, JSON validity.

Run: PITH_BIN=build/pith /usr/bin/python3 -m pytest tests/test_cli.py
(ctest runs it with PITH_BIN set, in the sanitizer build too: every run checks that stderr
holds no ASan or UBSan report.)
"""

import gzip
import json
import os
import signal
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
    if "PITH_BIN" in os.environ:  # ctest names the binary: its absence is a failure
        raise FileNotFoundError(f"PITH_BIN={PITH}: no such file")
    pytest.skip(f"no pith binary at {PITH} (set PITH_BIN)", allow_module_level=True)


SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")


def no_sanitizer_report(err):
    for mark in SANITIZER_REPORTS:
        assert mark not in err, err[-3000:]


def run(args, stdin=None, timeout=300, cwd=None):
    p = subprocess.run([PITH] + args, input=stdin, capture_output=True, timeout=timeout,
                       cwd=cwd)
    err = p.stderr.decode("utf-8", "replace")
    no_sanitizer_report(err)
    return p.returncode, p.stdout, err


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


# ---- write errors ----

def run_into(args, stdout, **kw):
    p = subprocess.run([PITH] + args, stdout=stdout, stderr=subprocess.PIPE, timeout=300, **kw)
    err = p.stderr.decode("utf-8", "replace")
    no_sanitizer_report(err)
    return p.returncode, err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", [["PAGE"], ["-f", "json", "PAGE"],
                                  ["-f", "text", "-j", "2", "CORPUS"], ["--version"], ["--help"]])
def test_full_disk_is_a_failure(args):
    args = [{"PAGE": str(PAGES[0]), "CORPUS": str(ROOT / "corpus")}.get(a, a) for a in args]
    with open("/dev/full", "wb") as full:
        code, err = run_into(args, full)
    assert code == 4, err
    assert "cannot write the output: No space left on device" in err, err


def test_closed_pipe_with_sigpipe_ignored():
    """With SIGPIPE ignored a write to a closed pipe fails with EPIPE: the batch must say so
    and exit 4, not go on and exit 0."""
    r, w = os.pipe()
    os.close(r)
    try:
        def ignore_sigpipe():
            signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        code, err = run_into(["-f", "json", "-j", "2", str(ROOT / "corpus")], w,
                             preexec_fn=ignore_sigpipe, restore_signals=False)
    finally:
        os.close(w)
    assert code == 4, err
    assert "cannot write the output: Broken pipe" in err, err


# ---- directory walks ----

def site(tmp_path):
    d = tmp_path / "site"
    (d / "sub").mkdir(parents=True)
    (d / "a.html").write_bytes(PAGES[0].read_bytes())
    (d / "sub" / "b.html").write_bytes(PAGES[1].read_bytes())
    return d


def test_walk_does_not_follow_cycles(tmp_path):
    d = site(tmp_path)
    os.symlink(".", d / "self")  # each link once made every page repeat, two of them
    os.symlink(".", d / "sub" / "again")  # exponentially
    os.symlink("..", d / "sub" / "up")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "c.html").write_bytes(PAGES[2].read_bytes())
    os.symlink(tmp_path / "other", d / "link-to-other")  # outside the tree: followed once
    os.symlink(tmp_path / "other", d / "sub" / "same-other")  # ... and only once
    code, out, err = run(["-f", "json", "-j", "2", str(d)], timeout=60)
    lines = [dict(l) for l in lines_of(out)]
    files = [os.path.relpath(l["file"], d) for l in lines]
    assert files == ["a.html", "link-to-other/c.html", "sub/b.html"], files
    assert all(l["status"] in ("ok", "no_article") for l in lines), lines
    assert code in (0, 1), err


def test_walk_does_not_read_a_fifo(tmp_path):
    d = site(tmp_path)
    os.mkfifo(d / "x.html")  # read as a page, it would block the run for ever
    code, out, err = run(["-f", "json", "-j", "2", str(d)], timeout=60)
    lines = [dict(l) for l in lines_of(out)]
    files = [os.path.relpath(l["file"], d) for l in lines]
    assert files == ["a.html", "x.html", "sub/b.html"], files
    assert lines[1]["status"] == "input_error" and "FIFO" in lines[1]["error"], lines[1]
    assert code == 3, err


# ---- list input ----

def test_dash_in_list_is_an_error_line_not_the_rest_of_the_list(tmp_path):
    a, b = str(PAGES[0]), str(PAGES[1])
    code, out, err = run(["--stdin-list", "-f", "json"],
                         stdin=f"{a}\n-\n{b}\n".encode())
    lines = [dict(l) for l in lines_of(out)]
    assert [l["file"] for l in lines] == [a, "-", b], lines
    assert lines[1]["status"] == "input_error" and "stdin is the list" in lines[1]["error"]
    assert lines[2]["status"] in ("ok", "no_article")
    assert code == 3


def test_dash_argument_with_a_list_is_a_usage_error():
    for opt in ("--stdin-list", "-0"):
        code, out, err = run([opt, "-"], stdin=b"")
        assert code == 2 and out == b"", err


def test_warc_files_from_the_list(files):
    gz_path, gz_expect = files["gz"]
    plain_path, plain_expect = files["plain"]
    code, out, err = run(["--warc", "--stdin-list", "-j", "2"],
                         stdin=f"{gz_path}\n{plain_path}\n".encode())
    lines = lines_of(out)
    assert len(lines) == len(gz_expect) + len(plain_expect), err
    check_lines(lines[:len(gz_expect)], gz_expect, str(gz_path))
    check_lines(lines[len(gz_expect):], plain_expect, str(plain_path))
    assert code == 3  # the fixtures hold error records


def test_nul_separated_list(tmp_path):
    odd = tmp_path / "two\nlines.html"  # find -print0 exists for names like this one
    odd.write_bytes(PAGES[0].read_bytes())
    plain = str(PAGES[1])
    for opt in ("-0", "--null"):
        code, out, err = run([opt, "-f", "json"],
                             stdin=os.fsencode(odd) + b"\0" + plain.encode() + b"\0")
        lines = [dict(l) for l in lines_of(out)]
        assert [l["file"] for l in lines] == [str(odd), plain], err
        assert all(l["status"] in ("ok", "no_article") for l in lines), lines
        assert code in (0, 1), err


def test_nul_in_a_newline_list_is_an_error_line():
    a = str(PAGES[0])
    code, out, _ = run(["--stdin-list", "-f", "json"], stdin=a.encode() + b"\0junk\n" +
                       a.encode() + b"\n")
    lines = [dict(l) for l in lines_of(out)]
    assert lines[0]["status"] == "input_error" and "-0" in lines[0]["error"], lines
    assert lines[1]["file"] == a and lines[1]["status"] in ("ok", "no_article")
    assert code == 3


# ---- JSON validity ----

def test_file_names_that_are_not_utf8_stay_valid_json(tmp_path):
    good = tmp_path / os.fsdecode(b"caf\xe9.html")  # Latin-1 name, not UTF-8
    good.write_bytes(PAGES[0].read_bytes())
    missing = os.fsencode(tmp_path) + b"/gone\xff\x01.html"
    code, out, err = run(["-f", "json", os.fsencode(good).decode("utf-8", "surrogateescape"),
                          missing.decode("utf-8", "surrogateescape")])
    text = out.decode("utf-8")  # raises on a raw \xe9
    lines = [json.loads(l) for l in text.splitlines()]
    assert lines[0]["file"].endswith("caf\ufffd.html"), lines[0]["file"]
    assert lines[0]["status"] in ("ok", "no_article")
    assert lines[1]["file"].endswith("gone\ufffd\x01.html") and lines[1]["status"] == "input_error"
    assert code == 3


# ---- --max-bytes ----

def test_file_over_the_limit_is_refused_by_its_size(tmp_path):
    """A 10 GB file (sparse) is refused from its size: read first, it would take minutes."""
    big = tmp_path / "big.html"
    with open(big, "wb") as f:
        f.truncate(10 ** 10)
    code, out, err = run(["-f", "json", "--max-bytes", "1000000", str(big)], timeout=60)
    line = json.loads(out)
    assert line["status"] == "input_error"
    assert "10000000000 bytes, larger than the input limit of 1000000 bytes" in line["error"]
    assert code == 3


def test_limit_at_and_one_past(tmp_path):
    page = b"<title>t</title><p>" + b"x" * 200 + b"</p>"
    f = tmp_path / "p.html"
    f.write_bytes(page)
    n = len(page)
    assert run(["--max-bytes", str(n), str(f)])[0] in (0, 1)
    code, _, err = run(["--max-bytes", str(n - 1), str(f)])
    assert code == 3 and "larger than the input limit" in err
    # a stream has no size: it is cut off one byte past the limit and refused
    assert run(["--max-bytes", str(n), "-"], stdin=page)[0] in (0, 1)
    code, _, err = run(["--max-bytes", str(n - 1), "-"], stdin=page)
    assert code == 3 and "larger than the input limit" in err


def test_utf16_without_bom_is_read_as_utf16(tmp_path):
    """Read as UTF-8 it came back as its own markup, NULs replaced, with status ok."""
    src = ROOT / "corpus" / "scoop-un-kazakhstan.html"
    f = tmp_path / "u16.html"
    f.write_bytes(src.read_bytes().decode("utf-8").encode("utf-16-le"))  # no BOM
    want = json.loads(run(["-f", "json", str(src)])[1])
    got = json.loads(run(["-f", "json", str(f)])[1])
    assert (got["charset"], got["charset_source"]) == ("UTF-16LE", "detected"), got["charset"]
    for key in ("status", "title", "text"):
        assert got[key] == want[key], key


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_payload_into_a_full_disk(cases):
    path, _ = cases["resource"]
    with open("/dev/full", "wb") as full:
        code, err = run_into(["--warc", "--payload", str(path)], full)
    assert code == 4, err
    assert "cannot write the output: No space left on device" in err, err
