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
import tempfile
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
    # "1 other response or resource": counts are singular when they are one
    assert f"{n_good} HTML responses, 0 HTML resources, 1 other response or resource," in err, err
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
    """Runs pith with output thrown away; returns (peak RSS in KiB, exit status). Through
    /usr/bin/time: a child's ru_maxrss starts from the high-water mark of the process it was
    forked from, so pith forked by this test process, grown by a flood file's 60 MiB
    strings, was charged 274 MiB for a gzip bomb that costs it 70."""
    with tempfile.NamedTemporaryFile("r") as rss:
        p = subprocess.run(["/usr/bin/time", "-q", "-f", "%M", "-o", rss.name, PITH] + args,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(rss.read().split()[-1]), p.returncode


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
    assert "2 HTML responses, 0 HTML resources, 0 other responses and resources, 1 revisit," \
        in err, err


def test_resources_are_counted(cases):
    path, _ = cases["resource"]
    _, _, err = run(["--warc", str(path)])
    assert "1 HTML response, 2 HTML resources, 1 other response or resource," in err, err


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


def test_payload_of_a_bad_record_is_no_output(files, tmp_path):
    """--payload's output is pages and nothing else: a record that cannot be read (a corrupt
    member, a lying or cut Content-Length, no record at the offset, a file that cannot be
    opened or read) is said on stderr with exit 3, and stdout stays empty, so that
    `pith --warc --payload FILE@OFFSET > page.html` never saves an error as a page."""
    bad = []
    for shape in ("gz", "plain"):
        path = files[shape][0]
        lines = [json.loads(l) for l in run(["--warc", "-q", str(path)])[1].decode().splitlines()]
        bad += [l["file"] for l in lines if l["status"] == "input_error"]
        bad += [f"{path}@3", f"{path}@99999999"]
    assert len(bad) >= 10, bad
    bad += [str(tmp_path / "gone.warc.gz") + "@12", str(tmp_path) + "@5"]
    for name in bad:
        code, out, err = run(["--warc", "--payload", name])
        assert code == 3 and out == b"", (name, out[:200], err)
        assert name in err, (name, err)
        page = tmp_path / "page.html"
        page.write_bytes(b"old")
        code, _, err = run(["--warc", "--payload", "-o", str(page), name])
        assert code == 3, (name, err)
        assert page.read_bytes() in (b"old", b""), name
    # Among good records, the bad inputs and records leave only the good pages.
    path = files["gz"][0]
    code, pages, err = run(["--warc", "--payload", str(path)])
    code2, out, err = run(["--warc", "--payload", str(tmp_path / "gone.warc"), str(path)])
    assert code == code2 == 3 and out == pages, err
    assert b'"status"' not in out
    code, out, err = run(["--warc", "--payload", "--stdin-list"],
                         stdin=f"-\n{path}\n".encode())
    assert code == 3 and out == pages, err


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


# ---- output files: -o and --output-dir ----

def limited_file_size(limit):
    """preexec_fn: files this process writes stop at limit bytes (writes past it fail with
    EFBIG instead of killing it), as a full disk would stop them."""
    import resource

    def set_limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return set_limit


def test_output_file_holds_what_stdout_would(tmp_path):
    args = ["-f", "json", "-j", "2", str(ROOT / "corpus")]
    want = run(args)[1]
    out = tmp_path / "all.jsonl"
    code, printed, err = run(["-o", str(out)] + args)
    assert code in (0, 1), err
    assert printed == b"" and out.read_bytes() == want
    assert sorted(os.listdir(tmp_path)) == ["all.jsonl"]  # no temporary file left
    code, printed, _ = run(["--output", str(out), "-fjson", str(PAGES[0])])  # a new run
    assert out.read_bytes() == run(["-f", "json", str(PAGES[0])])[1]


def test_output_file_is_whole_or_not_at_all(tmp_path):
    """A write that fails (here: past RLIMIT_FSIZE) leaves the old file as it was and no
    half file: exit 4, and the temporary file is gone."""
    out = tmp_path / "all.jsonl"
    out.write_bytes(b"the previous run\n")
    p = subprocess.run([PITH, "-o", str(out), "-f", "json", str(ROOT / "corpus")],
                       capture_output=True, timeout=300, preexec_fn=limited_file_size(20000))
    err = p.stderr.decode()
    no_sanitizer_report(err)
    assert p.returncode == 4, err
    assert f"cannot write {out}: File too large" in err, err
    assert out.read_bytes() == b"the previous run\n"
    assert sorted(os.listdir(tmp_path)) == ["all.jsonl"]


def test_output_file_in_a_missing_directory_is_an_output_error(tmp_path):
    code, out, err = run(["-o", str(tmp_path / "no" / "such.md"), str(PAGES[0])])
    assert code == 4 and "No such file or directory" in err, err


def mixed_site(tmp_path):
    d = tmp_path / "site"
    (d / "sub" / "deeper").mkdir(parents=True)
    (d / "a.html").write_bytes(PAGES[0].read_bytes())
    (d / "B.HTM").write_bytes(PAGES[1].read_bytes())  # extensions in any case
    (d / "sub" / "c.xhtml").write_bytes(PAGES[2].read_bytes())
    (d / "sub" / "deeper" / "d.html.gz").write_bytes(gzip.compress(PAGES[3].read_bytes()))
    (d / "notes.txt").write_bytes(b"not a page")
    return d


@pytest.mark.parametrize("fmt,ext", [("json", ".json"), ("markdown", ".md"), ("text", ".txt"),
                                     ("html", ".html")])
def test_output_dir_mirrors_the_tree(tmp_path, fmt, ext):
    site = mixed_site(tmp_path)
    out = tmp_path / "out"
    code, printed, err = run(["--output-dir", str(out), "-f", fmt, "-j", "2", str(site),
                              str(PAGES[4])])
    assert code in (0, 1), err
    assert printed == b""
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    want = {"a" + ext: site / "a.html", "B" + ext: site / "B.HTM",
            "sub/c" + ext: site / "sub" / "c.xhtml",
            "sub/deeper/d" + ext: site / "sub" / "deeper" / "d.html.gz",
            PAGES[4].stem + ext: PAGES[4]}
    assert made == sorted(want), made
    for rel, page in want.items():  # each file is what pith prints for that page alone
        assert (out / rel).read_bytes() == run(["-f", fmt, str(page)])[1], rel


def test_output_dir_failures(tmp_path):
    """A page that fails gets no file (stderr says why); two inputs never write one file;
    an output never replaces its own input."""
    site = mixed_site(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.html").write_bytes(PAGES[5].read_bytes())  # same name as site/a.html
    out = tmp_path / "out"
    code, _, err = run(["--output-dir", str(out), "-f", "json", str(site / "a.html"),
                        str(other / "a.html"), str(tmp_path / "missing.html")])
    assert code == 3, err
    assert sorted(os.listdir(out)) == ["a.json"]
    assert (out / "a.json").read_bytes() == run(["-f", "json", str(site / "a.html")])[1]
    assert f"{other}/a.html: its output file {out}/a.json is an earlier input's" in err, err
    assert "missing.html: cannot open" in err
    before = (site / "a.html").read_bytes()
    code, _, err = run(["--output-dir", str(site), "-f", "html", str(site / "a.html")])
    assert code == 3 and "is the input itself" in err, err
    assert (site / "a.html").read_bytes() == before


def test_output_dir_write_failure_leaves_no_half_file(tmp_path):
    site = mixed_site(tmp_path)
    out = tmp_path / "out"
    p = subprocess.run([PITH, "--output-dir", str(out), "-f", "json", str(site)],
                       capture_output=True, timeout=300, preexec_fn=limited_file_size(3000))
    err = p.stderr.decode()
    no_sanitizer_report(err)
    assert p.returncode == 4 and "File too large" in err, err
    assert [f for f in out.rglob("*") if f.is_file()] == []  # neither a half file nor a temp


def test_output_dir_with_stdin_is_a_usage_error(tmp_path):
    code, _, err = run(["--output-dir", str(tmp_path)], stdin=PAGES[0].read_bytes())
    assert code == 2 and "stdin" in err, err
    code, _, err = run(["--output-dir", str(tmp_path), "-o", str(tmp_path / "x"), str(PAGES[0])])
    assert code == 2, err


def test_output_dir_with_warc_one_jsonl_per_file(files, tmp_path):
    gz = tmp_path / "in" / "a.warc.gz"
    plain = tmp_path / "in" / "b.warc"
    gz.parent.mkdir()
    gz.write_bytes(files["gz"][0].read_bytes())
    plain.write_bytes(files["plain"][0].read_bytes())
    out = tmp_path / "out"
    code, printed, err = run(["--warc", "--output-dir", str(out), "-j", "2", str(gz),
                              str(plain), str(tmp_path / "gone.warc.gz")])
    assert code == 3 and printed == b"", err
    assert sorted(os.listdir(out)) == ["a.jsonl", "b.jsonl"]  # none for the missing WARC
    for name, path in (("a.jsonl", gz), ("b.jsonl", plain)):
        assert (out / name).read_bytes() == run(["--warc", str(path)])[1]
    assert "gone.warc.gz: cannot open" in err or "gone.warc.gz" in err, err


def test_output_dir_with_arc_and_one_record(cases, tmp_path):
    """--output-dir names an ARC file's .jsonl as a WARC's, and a record read alone by
    FILE@OFFSET after its file and offset (the line it prints on its own,
    warc_record_type and all)."""
    arc, res = cases["arc-gz"][0], cases["resource"][0]
    first = json.loads(run(["--warc", str(res)])[1].decode().splitlines()[0])
    offset = first["file"].rsplit("@", 1)[1]
    out = tmp_path / "out"
    code, printed, err = run(["--warc", "--output-dir", str(out), str(arc), first["file"]])
    assert code in (0, 1) and printed == b"", err
    assert sorted(os.listdir(out)) == ["arc-gz.jsonl", f"resource@{offset}.jsonl"]
    assert (out / "arc-gz.jsonl").read_bytes() == run(["--warc", str(arc)])[1]
    alone = (out / f"resource@{offset}.jsonl").read_bytes()
    assert alone == run(["--warc", first["file"]])[1]
    assert [json.loads(l) for l in alone.decode().splitlines()] == [first]
    assert first["warc_record_type"] in ("response", "resource"), first


def test_output_dir_one_record_never_takes_its_archives_file(cases, tmp_path):
    """FILE and FILE@OFFSET (and FILE@OFFSET+INNER, a record inside a gzip member) each get
    their own .jsonl, named by the offset as the record's "file" member gives it: in one
    run, and in runs one after the other, neither overwrites nor refuses the other."""
    path = cases["grouped-members"][0]
    whole = run(["--warc", str(path), "-q"])[1]
    names = [json.loads(l)["file"] for l in whole.decode().splitlines()]
    inner = [n for n in names if "+" in n.rsplit("@", 1)[1]]
    picked = [n for n in names if n not in inner][:1] + inner[:1]
    assert len(picked) == 2, names
    out = tmp_path / "out"
    code, printed, err = run(["--warc", "-q", "--output-dir", str(out), str(path)] + picked)
    assert code in (0, 1) and printed == b"", err
    want = {"grouped-members.jsonl": whole}
    for n in picked:
        want["grouped-members@" + n.rsplit("@", 1)[1] + ".jsonl"] = run(["--warc", "-q", n])[1]
    assert sorted(os.listdir(out)) == sorted(want)
    for name, data in want.items():
        assert (out / name).read_bytes() == data, name
    # Apart: the record first, the archive after, then the record again.
    out2 = tmp_path / "out2"
    for args in (picked[:1], [str(path)], picked[:1]):
        code, _, err = run(["--warc", "-q", "--output-dir", str(out2)] + args)
        assert code in (0, 1), err
    assert sorted(os.listdir(out2)) == sorted(list(want)[:2])
    for name in os.listdir(out2):
        assert (out2 / name).read_bytes() == want[name], name
    # Leading zeros name the same record, and its file by the record's own name.
    offset = picked[0].rsplit("@", 1)[1]
    out3 = tmp_path / "out3"
    code, _, err = run(["--warc", "-q", "--output-dir", str(out3), f"{path}@00{offset}"])
    assert os.listdir(out3) == [f"grouped-members@{offset}.jsonl"], err


def test_payload_into_a_file(cases, tmp_path):
    """--payload writes the pages to -o as it would to stdout; --output-dir, which names one
    file per input, is a usage error with it."""
    path, _ = cases["resource"]
    code, want, err = run(["--warc", "--payload", str(path)])
    assert want, err
    out = tmp_path / "pages.html"
    got = run(["--warc", "--payload", "-o", str(out), str(path)])
    assert got[0] == code and got[1] == b"" and out.read_bytes() == want, got[2]
    code, printed, err = run(["--warc", "--payload", "--output-dir", str(tmp_path / "d"),
                              str(path)])
    assert code == 2 and printed == b"" and "--output-dir" in err, err
    assert not (tmp_path / "d").exists()


# ---- gzip pages ----

def test_gzip_pages_read_as_the_page(tmp_path):
    page = PAGES[0].read_bytes()
    want = run(["-f", "json", str(PAGES[0])])[1]
    named = tmp_path / "p.html.gz"
    named.write_bytes(gzip.compress(page))
    unnamed = tmp_path / "p.html"  # gzip without the name: the magic says so
    unnamed.write_bytes(gzip.compress(page[:1000]) + gzip.compress(page[1000:]))  # 2 members
    for path in (named, unnamed):
        code, out, err = run(["-f", "json", str(path)])
        assert code == 0 and out == want, err
    code, out, err = run(["-f", "json", "-"], stdin=gzip.compress(page))
    assert code == 0 and out == want, err


def test_corrupt_gzip_page_is_an_error_line(tmp_path):
    data = bytearray(gzip.compress(PAGES[0].read_bytes()))
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(bytes(data[:10]) + bytes(b ^ 0x5a for b in data[10:200]) + bytes(data[200:]))
    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(bytes(data[:len(data) // 2]))
    junk = tmp_path / "junk.html.gz"
    junk.write_bytes(bytes(data) + b"trailing junk")
    code, out, err = run(["-f", "json", str(bad), str(cut), str(junk), str(PAGES[0])])
    lines = [dict(l) for l in lines_of(out)]
    assert [l["file"] for l in lines] == [str(bad), str(cut), str(junk), str(PAGES[0])]
    for line in lines[:3]:
        assert line["status"] == "input_error" and "corrupt gzip data" in line["error"], line
        assert f"pith: {line['file']}: corrupt gzip data" in err
    assert "cut short" in lines[1]["error"] and "after the end" in lines[2]["error"]
    assert lines[3]["status"] == "ok"
    assert code == 3


def test_gzip_limit_applies_to_the_inflated_size(tmp_path):
    page = b"<title>t</title><p>" + b"x" * 5000 + b"</p>"
    f = tmp_path / "p.html.gz"
    f.write_bytes(gzip.compress(page))
    n = len(page)
    assert run(["--max-bytes", str(n), str(f)])[0] in (0, 1)
    code, _, err = run(["--max-bytes", str(n - 1), str(f)])
    assert code == 3 and f"inflates to more than the input limit of {n - 1} bytes" in err, err


def test_gzip_bomb_is_refused_not_inflated(tmp_path):
    """2 GiB of zeros in about 2 MB: refused once it passes the limit, in a fraction of the
    time inflating it whole would take and without its memory."""
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"\0" * (1 << 24), 9) * 128)  # 128 members of 16 MiB
    assert bomb.stat().st_size < 4 << 20
    code, out, err = run(["-f", "json", "--max-bytes", str(4 << 20), str(bomb)], timeout=60)
    assert code == 3, err
    line = json.loads(out)
    assert "inflates to more than the input limit of 4194304 bytes" in line["error"], line


def test_gzip_bomb_memory_stays_small(tmp_path):
    if sanitized():
        pytest.skip("RSS under ASan is not pith's")
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"\0" * (1 << 24), 9) * 64)  # 1 GiB inflated
    rss, code = peak_rss_kib(["-q", str(bomb)])
    assert code == 3
    # the default limit is 64 MiB: the inflated page is refused at 64 MiB + 1 byte
    assert rss < 160 << 10, f"peak RSS {rss >> 10} MiB"


def sanitized():
    """ASan's shadow memory and quarantine make RSS say nothing about pith's own."""
    return b"__asan_init" in Path(PITH).read_bytes()


# ---- argument parsing ----

def test_getopt_forms():
    want = run(["-f", "json", "-u", "https://a.example/x", str(PAGES[0])])[1]
    for args in (["-fjson", "-uhttps://a.example/x"], ["--form=json", "--ur", "https://a.example/x"],
                 ["--format", "json", "--url=https://a.example/x"]):
        code, out, err = run(args + [str(PAGES[0])])
        assert code == 0 and out == want, (args, err)


@pytest.mark.parametrize("arg,named", [("--pr", "'--pr' is ambiguous"),
                                       ("--bogus", "'--bogus'"), ("-x", "'x'"),
                                       ("--out", "'--out' is ambiguous"),
                                       ("--format", "'--format' requires an argument")])
def test_bad_options_are_usage_errors_naming_them(arg, named):
    code, out, err = run([arg, str(PAGES[0])] if arg != "--format" else [arg])
    assert code == 2 and out == b"", err
    assert named in err and err.startswith("pith: "), err


def test_jobs_zero_is_one_per_core():
    a = run(["-f", "json", "-j", "0", str(ROOT / "corpus")])
    b = run(["-f", "json", "-j", "1", str(ROOT / "corpus")])
    assert a[0] in (0, 1) and a[1] == b[1], a[2]
    assert run(["-j", "1025", str(PAGES[0])])[0] == 2


def test_warc_overriding_format_is_said(files):
    path, _ = files["gz"]
    code, out, err = run(["--warc", "-f", "text", str(path)])
    assert "warning: --warc prints JSON lines: -f is ignored" in err, err
    lines_of(out)  # still JSON
    assert "warning" not in run(["--warc", "-f", "json", str(path)])[2]


def test_unknown_charset_is_said_and_ignored():
    want = run(["-f", "json", str(PAGES[0])])[1]
    code, out, err = run(["-f", "json", "-c", "no-such-charset", str(PAGES[0])])
    assert "warning: -c 'no-such-charset' is not a charset pith knows" in err, err
    assert out == want
    for label in ("latin1", " UTF-8 ", "shift_jis"):  # labels of the WHATWG table
        assert "warning" not in run(["-c", label, str(PAGES[0])])[2], label


# ---- progress and counts ----

def run_on_terminal(args):
    """Runs pith with stderr on a pseudo-terminal; returns (status, what the terminal got)."""
    import pty
    master, slave = pty.openpty()
    p = subprocess.Popen([PITH] + args, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    got = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        got += chunk
    os.close(master)
    p.wait(timeout=300)
    text = got.decode("utf-8", "replace")
    no_sanitizer_report(text)
    return p.returncode, text


def test_progress_on_a_terminal_shows_total_rate_and_eta():
    pages = [str(p) for p in PAGES[:3]]
    code, text = run_on_terminal(["-j", "1"] + pages)
    assert code in (0, 1), text
    assert "\r1/3 pages, " in text and "pages/s" in text and ", ETA 0:0" in text, text
    assert "\r3/3 pages, " in text, text
    code, text = run_on_terminal(["--no-progress", "-j", "1"] + pages)
    assert "pages/s, 0 errors" not in text and "/3 pages" not in text, text
    assert "pith: 3 pages: " in text  # the summary stays


def test_progress_not_on_a_pipe():
    _, _, err = run(["-j", "1"] + [str(p) for p in PAGES[:3]])
    assert "/3 pages" not in err and "\r" not in err, err


def test_counts_are_singular_for_one(tmp_path):
    d = tmp_path / "one"
    d.mkdir()
    (d / "a.html").write_bytes(PAGES[0].read_bytes())
    _, _, err = run([str(d), "-f", "json"])
    assert "pith: 1 page: 1 article, 0 without article, 0 errors;" in err, err


# ---- paths ----

def test_trailing_slash_makes_no_double_slash(tmp_path):
    d = site(tmp_path)
    for arg in (str(d) + "/", str(d) + "//"):
        lines = [dict(l) for l in lines_of(run(["-f", "json", arg])[1])]
        assert [l["file"] for l in lines] == [f"{d}/a.html", f"{d}/sub/b.html"], lines


def test_stdin_list_comes_before_the_arguments():
    """pith.1: the list on stdin is read before the inputs given as arguments."""
    a, b = str(PAGES[0]), str(PAGES[1])
    lines = [dict(l) for l in lines_of(run(["--stdin-list", "-f", "json", b],
                                           stdin=f"{a}\n".encode())[1])]
    assert [l["file"] for l in lines] == [a, b]


# ---- docs that match the code ----

def option_column(text):
    """The options named at the start of usage lines: "  -f, --format FMT   ..."."""
    import re
    opts = set()
    for line in text.splitlines():
        m = re.match(r"^ {2,6}(-[A-Za-z0-9])?(?:, )?(--[a-z][a-z-]*)?", line)
        if m:
            opts.update(o for o in m.groups() if o)
    return opts


def help_options():
    code, out, _ = run(["--help"])
    assert code == 0
    return option_column(out.decode())


def man_options():
    """The options pith.1's OPTIONS section gives a paragraph to (.TP heads, and an option
    its text introduces in bold, as --no-progress under --progress)."""
    import re
    text = (ROOT / "man" / "pith.1").read_text()
    section = text.split(".SH OPTIONS", 1)[1].split("\n.SH ", 1)[0]
    lines = section.splitlines()
    opts = set()
    for i, line in enumerate(lines):
        if i > 0 and lines[i - 1] == ".TP" or line.startswith(".B \\-\\-no"):
            for o in re.findall(r"\\-(\\-[a-z][a-z\\-]*|[A-Za-z0-9])\b", line):
                opts.add("-" + o.replace("\\", ""))
    return opts


def readme_options():
    """The options in the README's block of the tool's usage."""
    text = (ROOT / "README.md").read_text()
    return option_column(text.split("## The command-line tool", 1)[1].split("```", 2)[1])


def test_help_and_man_page_list_the_same_options():
    h, m = help_options(), man_options()
    assert "--no-progress" in h and "-o" in h and "--output-dir" in h
    assert h == m, f"only in --help: {sorted(h - m)}; only in pith.1: {sorted(m - h)}"


def test_readme_lists_the_options_help_does():
    h, r = help_options(), readme_options()
    assert h == r, f"only in --help: {sorted(h - r)}; only in README: {sorted(r - h)}"


def test_walk_reads_any_case_and_gzipped_pages(tmp_path):
    site_dir = mixed_site(tmp_path)
    code, out, err = run(["-f", "json", "-j", "2", str(site_dir)])
    lines = [dict(l) for l in lines_of(out)]
    assert [os.path.relpath(l["file"], site_dir) for l in lines] == \
        ["B.HTM", "a.html", "sub/c.xhtml", "sub/deeper/d.html.gz"], lines
    assert all(l["status"] in ("ok", "no_article") for l in lines), lines
    assert code in (0, 1), err


WGET_WARC = ROOT / "tests" / "warc" / "wget-1.21.3.warc.gz"
WGET_PLAIN = ROOT / "tests" / "warc" / "wget-1.21.3-plain.warc"
WGET_ARTICLE = "http://127.0.0.1:8766/news/pier.html"


def json_lines(out):
    lines_of(out)  # one JSON object per line
    return [json.loads(l) for l in out.decode("utf-8").splitlines()]


def check_wget_article(line):
    assert line["warc_record_type"] == "response" and line["http_status"] == 200
    assert line["status"] == "ok"
    assert line["title"] == "Council votes to rebuild the old stone pier"
    assert line["byline"] == "Ann Lee"
    assert line["date_published"].startswith("2026-11-30T09:15:00")
    assert line["site_name"] == "Harbour Gazette"
    assert [b["text"][:24] for b in line["blocks"]] == [
        "The harbour council vote", "Fishermen who moor their", "Work is expected to begi"]


def test_wget_warc(tmp_path):
    """An archive written by GNU Wget (tests/warc/README.md): every HTML response is read,
    with its HTTP status; the request, metadata and resource records (wget's arguments, as
    text/plain) are counted apart; each record again by its own FILE@OFFSET."""
    code, out, err = run(["--warc", str(WGET_WARC), "-f", "json"])
    assert code == 1, err  # two pages have no article
    lines = json_lines(out)
    by_uri = {l["warc_target_uri"]: l for l in lines}
    assert sorted(by_uri) == sorted("http://127.0.0.1:8766" + p for p in (
        "/", "/robots.txt", "/news/pier.html", "/news/", "/sport/", "/news/ferry.html"))
    check_wget_article(by_uri[WGET_ARTICLE])
    assert by_uri["http://127.0.0.1:8766/"]["status"] == "no_article"
    assert by_uri["http://127.0.0.1:8766/"]["title"] == "Harbour Gazette"
    assert [l["http_status"] for l in lines].count(404) == 3
    assert "15 WARC records: 6 HTML responses" in err and ", 0 errors" in err, err
    for line in lines:
        code, again, err2 = run(["--warc", line["file"], "-f", "json"])
        assert code == (0 if line["status"] == "ok" else 1), err2
        assert json_lines(again) == [line]


def test_wget_plain_warc():
    code, out, err = run(["--warc", str(WGET_PLAIN), "-f", "json"])
    assert code == 0, err
    lines = json_lines(out)
    assert [l["warc_target_uri"] for l in lines] == [WGET_ARTICLE], err
    check_wget_article(lines[0])
    assert "0 errors" in err, err
