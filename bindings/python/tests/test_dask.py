# SPDX-License-Identifier: MIT
"""pith.dask.extract_shards on a LocalCluster of two worker processes: generated WARC shards
(through `pith --warc`) and page-file shards (through the binding)."""
import glob
import json
import os
import shutil

import pytest

import warcgen
from conftest import REPO

distributed = pytest.importorskip("distributed")

from pith.dask import extract_shards  # noqa: E402


def find_cli():
    cli = os.environ.get("PITH_CLI")
    if cli:
        assert os.access(cli, os.X_OK), "PITH_CLI=%s is not an executable" % cli
        return cli
    lib = os.environ.get("PITH_LIBRARY")
    for d in ([os.path.dirname(lib)] if lib else []) + [os.path.join(REPO, "build")]:
        if os.access(os.path.join(d, "pith"), os.X_OK):
            return os.path.join(d, "pith")
    return shutil.which("pith")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def corpus_pages():
    return sorted(glob.glob(os.path.join(REPO, "corpus", "*.html")))


def make_shards(tmp_path, n_shards=4, per_shard=9):
    """WARC shards mixing HTML responses with records that must be skipped; returns
    (paths, {shard name: [expected record ids in order]})."""
    pages = corpus_pages()
    paths, expected = [], {}
    k = 0
    for s in range(n_shards):
        recs = [warcgen.warcinfo()[1]]
        ids = []
        for i in range(per_shard):
            page = pages[k % len(pages)]
            k += 1
            url = "https://example.org/%d/%d/%s" % (s, i, os.path.basename(page))
            recs.append(warcgen.request(url)[1])
            with open(page, "rb") as f:
                rid, rec = warcgen.response(url, f.read())
            ids.append(rid)
            recs.append(rec)
            if i % 4 == 0:  # not HTML: no line
                recs.append(warcgen.response(url + ".png", b"\x89PNG\r\n", "image/png")[1])
        path = str(tmp_path / ("CC-TEST-%05d.warc.gz" % s))
        warcgen.write(path, recs)
        paths.append(path)
        expected["CC-TEST-%05d.jsonl" % s] = ids
    return paths, expected


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_warc_shards_every_record_once(tmp_path, client):
    cli = find_cli()
    if not cli:
        pytest.skip("no pith tool: set PITH_CLI")
    paths, expected = make_shards(tmp_path)
    out = tmp_path / "out"
    summaries = extract_shards(paths, out, client, pith_cli=cli)
    assert [s["shard"] for s in summaries] == paths
    assert sorted(os.listdir(out)) == sorted(expected)  # no temporary files left
    all_ids = []
    for name, ids in expected.items():
        lines = read_lines(out / name)
        got = [line["warc_record_id"] for line in lines]
        assert got == ids, name  # each HTML response once, in file order, nothing else
        assert all(line["status"] in ("ok", "no_article") for line in lines)
        assert all(line["warc_target_uri"].startswith("https://example.org/") for line in lines)
        all_ids += got
    assert len(all_ids) == len(set(all_ids)) == 4 * 9
    # The pages' own titles came through: the Scoop page is among them.
    titles = {line["title"] for name in expected for line in read_lines(out / name)}
    assert "UN Urges Restraint In Kazakhstan, With Dozens Reportedly Killed" in titles
    # The work ran in the cluster's worker processes, not here.
    assert len(client.scheduler_info()["workers"]) == 2
    assert all(s["pid"] != os.getpid() for s in summaries)
    assert all(s["kind"] == "warc" and s["records"] == 9 for s in summaries)


def test_page_file_shards(tmp_path, client):
    pages = corpus_pages()
    shard_dirs = []
    for s in range(3):
        d = tmp_path / ("pages-%d" % s)
        (d / "sub").mkdir(parents=True)
        for i, page in enumerate(pages[s::3]):
            dest = d / ("sub" if i % 2 else ".") / os.path.basename(page)
            shutil.copy(page, dest)
        shard_dirs.append(str(d))
    single = tmp_path / "single.html"
    shutil.copy(pages[0], single)
    out = tmp_path / "out"
    summaries = extract_shards(shard_dirs + [str(single)], out, client)
    seen = []
    for s, summary in zip(range(3), summaries):
        lines = read_lines(out / ("pages-%d.jsonl" % s))
        assert summary["records"] == len(lines) == len(pages[s::3])
        seen += [os.path.basename(line["file"]) for line in lines]
        assert all(line["schema_version"] == 1 for line in lines)
    assert sorted(seen) == sorted(os.path.basename(p) for p in pages)
    one = read_lines(out / "single.jsonl")
    assert len(one) == 1 and one[0]["file"] == str(single)


def test_same_output_name_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in "ab":
        (tmp_path / d / "x.html").write_bytes(b"<p>x</p>")
    with pytest.raises(ValueError):
        extract_shards([tmp_path / "a" / "x.html", tmp_path / "b" / "x.html"], tmp_path / "o")


def test_without_client_runs_locally(tmp_path, monkeypatch):
    cli = find_cli()
    if not cli:
        pytest.skip("no pith tool: set PITH_CLI")
    paths, expected = make_shards(tmp_path, n_shards=2, per_shard=3)

    def no_client():
        raise ValueError("No clients found")

    # No distributed client to be found: a local thread pool does the work, in this process.
    monkeypatch.setattr(distributed, "get_client", no_client)
    summaries = extract_shards(paths, tmp_path / "o", pith_cli=cli)
    assert all(s["pid"] == os.getpid() for s in summaries)
    for summary, (name, ids) in zip(summaries, sorted(expected.items())):
        assert [line["warc_record_id"] for line in read_lines(summary["output"])] == ids
