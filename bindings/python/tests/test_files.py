# SPDX-License-Identifier: MIT
"""pith.extract_file (plain and gzip pages) and pith.iter_warc over the WARC fixture the
tool's own tests use (tests/warc_writer.py), plain and gzip-member-per-record."""
import glob
import gzip
import json
import os
import pathlib
import stat
import subprocess

import pytest

import pith
import warc_writer
import warcgen
from conftest import CORPUS, SCOOP, SCOOP_TITLE, read
from pith import _lib

PAGES = sorted(glob.glob(os.path.join(CORPUS, "*.html")))[:6]


# --- extract_file ----------------------------------------------------------------------

def test_extract_file_is_extract_of_the_bytes():
    ref = pith.extract(read(SCOOP))
    assert pith.extract_file(SCOOP) == ref
    assert pith.extract_file(pathlib.Path(SCOOP)) == ref
    assert ref.title == SCOOP_TITLE
    assert pith.extract_file(SCOOP, format="markdown") == pith.extract(read(SCOOP),
                                                                       format="markdown")
    url = "https://www.scoop.co.nz/stories/WO2201/S00046/un.htm"
    assert pith.extract_file(SCOOP, url=url) == pith.extract(read(SCOOP), url=url)


def test_gzip_pages_are_read_through(tmp_path):
    data = read(SCOOP)
    one = tmp_path / "page.html.gz"
    one.write_bytes(gzip.compress(data))
    # Two members, as concatenated .gz files are: both halves belong to the page.
    two = tmp_path / "page-no-suffix"
    half = len(data) // 2
    two.write_bytes(gzip.compress(data[:half]) + gzip.compress(data[half:]))
    ref = pith.extract(data)
    assert pith.extract_file(one) == ref
    assert pith.extract_file(two) == ref


def test_gzip_members_across_read_chunks(tmp_path):
    """Compressed data larger than one read (pith._READ_CHUNK), members ending mid-chunk."""
    raw = read(SCOOP) + b"<!--" + os.urandom(2 * pith._READ_CHUNK).hex().encode() + b"-->"
    cuts = [0, 12345, len(raw) // 2 + 7, len(raw)]
    packed = b"".join(gzip.compress(raw[a:b]) for a, b in zip(cuts, cuts[1:]))
    assert len(packed) > 2 * pith._READ_CHUNK
    path = tmp_path / "big.html.gz"
    path.write_bytes(packed)
    assert pith.extract_file(path) == pith.extract(raw)
    with pytest.raises(pith.PithError):
        pith.extract_file(path, max_input_bytes=len(raw) - 1)


def test_gzip_bomb_stops_at_the_input_limit(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"x" * 5000 + b"</p>"))
    with pytest.raises(pith.PithError) as info:
        pith.extract_file(bomb, max_input_bytes=1000)
    assert info.value.name == "input_too_large"
    assert pith.extract_file(bomb, max_input_bytes=6000).status in ("ok", "no_article")


def test_plain_file_over_the_limit(tmp_path):
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * 5000 + b"</p>")
    with pytest.raises(pith.PithError) as info:
        pith.extract_file(big, max_input_bytes=1000)
    assert info.value.name == "input_too_large"


def test_bad_gzip_names_the_file(tmp_path):
    z = bytearray(gzip.compress(read(SCOOP)))
    corrupt = tmp_path / "corrupt.html.gz"
    corrupt.write_bytes(bytes(z[:20]) + bytes(b ^ 0xFF for b in z[20:60]) + bytes(z[60:]))
    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(bytes(z[: len(z) // 2]))
    with pytest.raises(ValueError, match="corrupt.html.gz: bad gzip data"):
        pith.extract_file(corrupt)
    with pytest.raises(ValueError, match="cut.html.gz: truncated gzip data"):
        pith.extract_file(cut)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        pith.extract_file(tmp_path / "nope.html")


# --- iter_warc -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def warcs(tmp_path_factory):
    d = tmp_path_factory.mktemp("warc")
    out = {}
    for plain in (False, True):
        data, expect = warc_writer.fixture(PAGES, plain=plain)
        path = d / ("fixture.warc" if plain else "fixture.warc.gz")
        path.write_bytes(data)
        out["plain" if plain else "gz"] = (str(path), expect)
    return out


@pytest.mark.parametrize("shape", ["gz", "plain"])
def test_iter_warc_one_result_per_html_record(warcs, shape):
    path, expect = warcs[shape]
    recs = list(pith.iter_warc(path))
    assert len(recs) == len(expect)
    assert sum(1 for e in expect if e.get("error")) >= 3  # the fixture's broken records
    for rec, want in zip(recs, expect):
        assert isinstance(rec, pith.WarcRecord)
        assert rec.file.startswith(path + "@")
        if want.get("error"):
            assert rec.article is None and rec.status == "input_error" and rec.error
            if want["id"]:
                assert rec.warc_record_id == want["id"]
            continue
        assert rec.error is None and isinstance(rec.article, pith.Article)
        assert rec.status == rec.article.status
        assert (rec.warc_record_id, rec.warc_target_uri, rec.http_status) == \
            (want["id"], want["uri"], want["status"])
        assert rec.warc_date.startswith("2024-")
        # The record's article is what pith makes of the page itself at that URL, with the
        # charset its HTTP header gave (chunked, gzip and deflate payloads decoded).
        assert rec.article == pith.extract_file(want["page"], url=want["uri"],
                                                charset=want["charset"]), want["page"]


@pytest.mark.parametrize("shape", ["gz", "plain"])
def test_iter_warc_is_the_tools_output(warcs, shape):
    """to_dict() gives back each line of `pith --warc` exactly, keys in the tool's order."""
    path, _ = warcs[shape]
    r = subprocess.run([_lib.find_cli(), "--warc", "-q", "--no-progress", path],
                       capture_output=True)
    lines = [json.loads(l) for l in r.stdout.decode("utf-8").splitlines()]
    dicts = [rec.to_dict() for rec in pith.iter_warc(path, jobs=2)]
    assert dicts == lines
    assert [list(d) for d in dicts] == [list(l) for l in lines]


def test_iter_warc_options_reach_the_tool(warcs):
    path, _ = warcs["gz"]
    plain = [r.article for r in pith.iter_warc(path) if r.article]
    explained = [r.article for r in pith.iter_warc(path, explain=True) if r.article]
    assert all(a.explain is None for a in plain)
    assert all(a.explain for a in explained)
    errors = [r for r in pith.iter_warc(path, max_input_bytes=1000)]
    assert any(r.status == "input_too_large" and r.article is None for r in errors)


def test_iter_warc_stopped_early_ends_the_tool(tmp_path, monkeypatch):
    """More output than a pipe holds, so the tool is still running when the caller stops."""
    page = read(SCOOP)
    recs = [warcgen.response("https://example.org/%d" % i, page)[1] for i in range(300)]
    path = str(tmp_path / "many.warc.gz")
    warcgen.write(path, recs)
    started = []
    real = subprocess.Popen

    def spy(*a, **kw):
        p = real(*a, **kw)
        started.append(p)
        return p

    monkeypatch.setattr(pith.subprocess, "Popen", spy)
    it = pith.iter_warc(path)
    assert next(it).article.title == SCOOP_TITLE
    it.close()
    warc_runs = [p for p in started if "--warc" in p.args]
    assert len(warc_runs) == 1 and warc_runs[0].poll() is not None


@pytest.mark.parametrize("shape", ["gz", "plain"])
def test_iter_warc_one_record_by_its_name(warcs, shape):
    """iter_warc("FILE@OFFSET"), the "file" member of a record as CDX indexes give it too,
    yields that record alone, as `pith --warc FILE@OFFSET` does; a PathLike works the same."""
    path, _ = warcs[shape]
    whole = [rec.to_dict() for rec in pith.iter_warc(path)]
    named = [d for d in whole if d.get("warc_record_id")]  # a lost member has no record
    assert len(named) >= len(whole) - 2 and named
    for d in named:
        assert [r.to_dict() for r in pith.iter_warc(d["file"])] == [d]
    assert [r.to_dict() for r in pith.iter_warc(pathlib.Path(named[-1]["file"]))] == \
        [named[-1]]


def test_iter_warc_one_record_reads_from_its_offset(warcs, tmp_path):
    """Only the record at the offset is read: bytes before it that are no archive at all
    (which the whole file reports as an error record) do not matter."""
    path, _ = warcs["gz"]
    whole = [rec.to_dict() for rec in pith.iter_warc(path)]
    last = whole[-2]  # the last whole record (the very last one is cut short)
    assert last["status"] == "ok"
    offset = int(last["file"].rsplit("@", 1)[1])
    spoilt = tmp_path / "spoilt.warc.gz"
    data = pathlib.Path(path).read_bytes()
    spoilt.write_bytes(b"\0" * offset + data[offset:])
    assert pith.iter_warc(str(spoilt)).__next__().status == "input_error"
    got = [r.to_dict() for r in pith.iter_warc("%s@%d" % (spoilt, offset))]
    assert len(got) == 1
    assert got[0]["file"] == "%s@%d" % (spoilt, offset)
    assert {k: v for k, v in got[0].items() if k != "file"} == \
        {k: v for k, v in last.items() if k != "file"}


def test_iter_warc_name_with_at_sign(warcs, tmp_path):
    """As in the tool, a file whose whole name has the FILE@OFFSET form is that file, read
    whole; FILE@OFFSET of a missing FILE, or a name that is neither, is FileNotFoundError
    naming the missing file."""
    path, expect = warcs["gz"]
    odd = tmp_path / "crawl@12"
    odd.write_bytes(pathlib.Path(path).read_bytes())
    assert len(list(pith.iter_warc(str(odd)))) == len(expect)
    with pytest.raises(FileNotFoundError) as e:
        pith.iter_warc(str(tmp_path / "none.warc.gz") + "@12")
    assert e.value.filename == str(tmp_path / "none.warc.gz")
    for name in ("x.warc.gz@", "x.warc.gz@12x", "x.warc.gz@-1", "x.warc.gz@1+",
                 "x.warc.gz@%d" % (1 << 64)):
        with pytest.raises(FileNotFoundError) as e:
            pith.iter_warc(str(tmp_path / name))
        assert e.value.filename == str(tmp_path / name)
    # The last '@' separates the offset, as the tool reads it: "dir@2/a.warc.gz@OFF".
    sub = tmp_path / "dir@2"
    sub.mkdir()
    (sub / "a.warc.gz").write_bytes(pathlib.Path(path).read_bytes())
    first = next(pith.iter_warc(str(sub / "a.warc.gz")))
    assert [r.to_dict() for r in pith.iter_warc(first.file)] == [first.to_dict()]


def test_iter_warc_bad_arguments(tmp_path, warcs):
    path, _ = warcs["gz"]
    with pytest.raises(FileNotFoundError):
        pith.iter_warc(tmp_path / "none.warc.gz")
    with pytest.raises(ValueError):
        pith.iter_warc(path, jobs=0)
    with pytest.raises(TypeError):
        pith.iter_warc(path, jobs="2")
    with pytest.raises(ValueError):
        pith.iter_warc(path, bias="greedy")
    with pytest.raises(RuntimeError, match="cannot run the pith tool"):
        pith.iter_warc(path, pith_cli=str(tmp_path / "no-such-pith"))


def test_tool_of_another_version_is_refused(tmp_path, warcs):
    fake = tmp_path / "pith"
    fake.write_text("#!/bin/sh\necho 'pith 0.1.7'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(RuntimeError, match="says 'pith 0.1.7', but this binding is for pith"):
        pith.iter_warc(warcs["gz"][0], pith_cli=str(fake))
