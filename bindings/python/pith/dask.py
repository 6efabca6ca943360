# SPDX-License-Identifier: MIT
"""Extracting many shards over a dask.distributed cluster.

    from dask.distributed import Client
    from pith.dask import extract_shards

    client = Client("tcp://scheduler:8786")
    summaries = extract_shards(["s3-mounted/CC-MAIN-...-00000.warc.gz", ...], "out/", client)

Each shard becomes one JSON Lines file in out_dir, written by a worker. The extraction is
pith's C core in both cases:
- a WARC shard (.warc or .warc.gz, or any file starting with a WARC/ record) goes through
  the pith tool, `pith --warc SHARD`, which streams the records with bounded memory and
  prints one line per HTML response or resource record, with "warc_record_id",
  "warc_record_type", "warc_target_uri", "warc_date" and "http_status" in front of the
  usual JSON keys;
- an HTML file, or a directory of them, goes through the Python binding (libpith.so), one
  line per page with "file" first, as `pith -f json` prints a batch.
A record or page that cannot be extracted gives a line with "status" (e.g.
"input_too_large") and "error" instead of failing the shard. Output files are written
under a temporary name and renamed, so a retried task never leaves half a file.

The workers need this package (an installed one carries libpith.so and the pith tool; else
pith_cli=, PITH_CLI or pith on PATH for WARC shards, and libpith.so as pith finds it for HTML
files), and the paths must mean the same files on every worker (a shared file system).
"""
from __future__ import annotations

import concurrent.futures
import gzip
import json
import os
import subprocess
import uuid
from typing import IO, Any, Dict, List, Optional, Sequence, Union

from . import CLI_DONE, PithError, _lib, extract_file

__all__ = ["extract_shards", "extract_shard"]

_WARC_SUFFIXES = (".warc.gz", ".warc")
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_STRIP_SUFFIXES = _WARC_SUFFIXES + (".gz",) + _PAGE_SUFFIXES
Summary = Dict[str, Any]


def _is_warc(path: str) -> bool:
    if path.endswith(_WARC_SUFFIXES):
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(2)
            f.seek(0)
            if head == b"\x1f\x8b":
                with gzip.GzipFile(fileobj=f) as g:
                    return g.read(5) == b"WARC/"
            return f.read(5) == b"WARC/"
    except (OSError, EOFError):
        return False


def output_name(path: str) -> str:
    """shard-00001.warc.gz -> shard-00001.jsonl; pages/ -> pages.jsonl."""
    name = os.path.basename(os.path.normpath(path))
    for suffix in _STRIP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return name + ".jsonl"


def _page_files(path: str) -> List[str]:
    if not os.path.isdir(path):
        return [path]
    found = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames.sort()
        for n in sorted(filenames):
            if n.lower().endswith(_PAGE_SUFFIXES):
                found.append(os.path.join(dirpath, n))
    return found


def _run_cli(cli: str, path: str, out: IO[bytes], jobs: int) -> None:
    cmd = [cli, "--warc", "--quiet", "--no-progress", "--jobs", str(jobs), path]
    r = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
    if r.returncode not in CLI_DONE:
        raise RuntimeError("%s exited %d: %s" % (" ".join(cmd), r.returncode,
                                                 r.stderr.decode("utf-8", "replace")[-2000:]))


def _run_pages(files: List[str], out: IO[bytes]) -> None:
    for p in files:
        line: Dict[str, Any] = {"file": p}
        try:
            line.update(extract_file(p).to_dict())
        except PithError as e:
            line.update(status=e.name, error=e.message)
        except (OSError, ValueError) as e:  # unreadable, or bad gzip data
            line.update(status="input_error", error=str(e))
        out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        out.write(b"\n")


def extract_shard(path: str, out_path: str, pith_cli: Optional[str] = None,
                  jobs: int = 1) -> Summary:
    """Extracts one shard into out_path (JSON Lines); returns a summary dict.

    Runs wherever it is called: extract_shards() calls it on the workers.
    """
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    warc = not os.path.isdir(path) and _is_warc(path)
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = "%s.tmp-%d" % (out_path, os.getpid())
    try:
        with open(tmp, "wb") as out:
            if warc:
                _run_cli(_lib.find_cli(pith_cli), path, out, jobs)
            else:
                _run_pages(_page_files(path), out)
        os.replace(tmp, out_path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    counts: Dict[str, int] = {}
    records = 0
    with open(out_path, "rb") as f:
        for line in f:
            records += 1
            status = json.loads(line).get("status", "?")
            counts[status] = counts.get(status, 0) + 1
    return {"shard": path, "output": out_path, "kind": "warc" if warc else "pages",
            "records": records, "statuses": counts, "pid": os.getpid()}


def extract_shards(paths: Sequence[Union[str, "os.PathLike[str]"]],
                   out_dir: Union[str, "os.PathLike[str]"], client: Any = None, *,
                   pith_cli: Optional[str] = None, jobs: int = 1) -> List[Summary]:
    """Maps extract_shard over paths on a dask.distributed cluster.

    paths: WARC files, HTML files or directories of HTML files; each is one shard and gives
      out_dir/<name>.jsonl (CC-...-00000.warc.gz -> CC-...-00000.jsonl). Two shards with the
      same output name are refused.
    client: a distributed.Client; None uses the current default client if there is one, else
      a local thread pool (pith's C core runs outside the GIL).
    pith_cli: the pith tool on the workers (default: PITH_CLI there, else the package's own
      copy, else pith on PATH).
    jobs: threads per `pith --warc` run; 1 suits one task per worker core.
    Returns one summary dict per shard, in the order of paths.
    """
    shard_paths = [os.fspath(p) for p in paths]
    out_dir = os.fspath(out_dir)
    outs = [os.path.join(out_dir, output_name(p)) for p in shard_paths]
    seen: Dict[str, str] = {}
    for p, o in zip(shard_paths, outs):
        if o in seen:
            raise ValueError("shards %r and %r would both write %s" % (seen[o], p, o))
        seen[o] = p
    os.makedirs(out_dir, exist_ok=True)
    if client is None:
        try:
            from distributed import get_client

            client = get_client()
        except (ImportError, ValueError):
            client = None
    if client is None:
        workers = min(len(shard_paths), os.cpu_count() or 1) or 1
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            return list(pool.map(lambda a: extract_shard(a[0], a[1], pith_cli, jobs),
                                 zip(shard_paths, outs)))
    # Unique per call: a key the scheduler still holds would return the old result unrun.
    token = uuid.uuid4().hex[:12]
    keys = ["pith-%s-%s" % (os.path.basename(o), token) for o in outs]
    futures = client.map(extract_shard, shard_paths, outs, key=keys, pith_cli=pith_cli,
                         jobs=jobs, pure=False)
    summaries: List[Summary] = client.gather(futures)
    return summaries
