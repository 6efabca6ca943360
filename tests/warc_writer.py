#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes WARC files for pith's tests and benchmarks. Standard library only.

    warc_writer.py fixture OUT [--plain]      the CLI test's file, and OUT.expect.json
    warc_writer.py big OUT --size 1G DIR...   a Common Crawl-like file from the pages in DIRs
    warc_writer.py shards OUTDIR --shards N --size 256M DIR...
    warc_writer.py fuzz-seeds fuzz/corpus/warc   seeds for fuzz/fuzz_warc.c
    warc_writer.py case:NAME OUT              one of CASES (resource records, revisits, WARC/0.17
                                              and 0.18, gzip framings, ARC), and OUT.expect.json

Common Crawl's shape: a gzip member per record, a request and a metadata record around each
response, a warcinfo record first.
"""

import argparse
import gzip
import json
import os
import random
import sys
import uuid
import zlib
from pathlib import Path


def warc_record(wtype, rid, block, uri=None, date="2024-02-20T10:00:00Z", extra=(),
                version="WARC/1.1", length=None):
    """One record: header, block, CRLF CRLF. length: a Content-Length to write instead."""
    lines = [version, f"WARC-Type: {wtype}", f"WARC-Record-ID: {rid}", f"WARC-Date: {date}"]
    if uri is not None:
        lines.append(f"WARC-Target-URI: {uri}")
    if wtype in ("response", "request"):
        lines.append(f"Content-Type: application/http; msgtype={wtype}")
    lines.extend(extra)
    lines.append(f"Content-Length: {len(block) if length is None else length}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape")
    return head + block + b"\r\n\r\n"


def http_response(body, headers=(("Content-Type", "text/html; charset=utf-8"),),
                  status="200 OK"):
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("latin-1") + body


def http_request(uri):
    host = uri.split("/")[2] if "//" in uri else "example.com"
    return f"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: test\r\n\r\n".encode()


def chunked(body, size=1000):
    out = b""
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def gz(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


def rid(n):
    return f"<urn:uuid:{uuid.UUID(int=n)}>"


def fixture(pages, plain=False):
    """The CLI test's file: (bytes, expectations). An expectation is
    {"id", "uri", "status", "page"} for a good record, {"error": True, "id" or None} for one that
    must come out as an error line. Good pages come from `pages` (paths)."""
    recs = []   # (bytes, corrupt, cut)
    expect = []
    n = 1

    def add(data, corrupt=False, cut=False):
        recs.append((data, corrupt, cut))

    add(warc_record("warcinfo", rid(0), b"software: warc_writer.py\r\n"))
    for i, page in enumerate(pages):
        body = Path(page).read_bytes()
        uri = f"https://news{i}.example.org/{Path(page).stem}.html"
        add(warc_record("request", rid(1000 + i), http_request(uri), uri=uri))
        kind = i % 4
        if kind == 0:
            block = http_response(body)
        elif kind == 1:
            block = http_response(chunked(body), (("Content-Type", "text/html"),
                                                  ("Transfer-Encoding", "chunked")))
        elif kind == 2:
            block = http_response(gz(body), (("Content-Type", "text/html"),
                                             ("Content-Encoding", "gzip")))
        else:
            block = http_response(zlib.compress(body), (("Content-Type", "text/html"),
                                                        ("Content-Encoding", "deflate")))
        add(warc_record("response", rid(n), block, uri=uri))
        expect.append({"id": rid(n), "uri": uri, "status": 200, "page": str(page),
                       "charset": "utf-8" if kind == 0 else None})
        n += 1
        add(warc_record("metadata", rid(2000 + i), b"fetchTimeMs: 10\r\n", uri=uri))
        if i == 1:  # a non-HTML response
            add(warc_record("response", rid(3000),
                            http_response(b"\x89PNG\r\n", (("Content-Type", "image/png"),)),
                            uri="https://example.org/a.png"))
        if i == 2:  # the broken one in the middle
            block = http_response(b"<html><body>lost</body></html>")
            if plain:
                add(warc_record("response", rid(n), block, uri="https://example.org/bad",
                                length="x12"))
                expect.append({"error": True, "id": rid(n)})
            else:
                add(warc_record("response", rid(n), block, uri="https://example.org/bad"),
                    corrupt=True)
                expect.append({"error": True, "id": None})
            n += 1
        if i == 3:  # a lying Content-Length
            block = http_response(b"<html><body>long</body></html>")
            add(warc_record("response", rid(n), block, uri="https://example.org/long",
                            length=len(block) + 50))
            expect.append({"error": True, "id": rid(n)})
            n += 1
    # cut short at the end
    block = http_response(b"<html><body>" + b"cut " * 200 + b"</body></html>")
    add(warc_record("response", rid(n), block, uri="https://example.org/cut"), cut=True)
    expect.append({"error": True, "id": None if not plain else rid(n)})

    out = b""
    for data, corrupt, cut in recs:
        if plain:
            out += data[:len(data) // 2] if cut else data
            continue
        z = bytearray(gz(data))
        if corrupt:
            mid = len(z) // 2
            for k in range(mid, mid + 8):
                z[k] ^= 0xFF
        out += bytes(z[:len(z) // 2]) if cut else bytes(z)
    return out, expect


def warc_resource(n, body, content_type="text/html; charset=utf-8", uri=None,
                  version="WARC/1.1"):
    """A resource record, as Webrecorder, Perma.cc and wget write a page: no HTTP header, the
    type in the WARC header."""
    return warc_record("resource", rid(n), body, uri=uri, version=version,
                       extra=(f"Content-Type: {content_type}",))


def arc_record(url, body, date="20080615123456", mime="text/html", ip="192.0.2.7",
               length=None):
    """An ARC v1 record: the header line, the content, a newline."""
    n = len(body) if length is None else length
    return f"{url} {ip} {date} {mime} {n}\n".encode("utf-8", "surrogateescape") + body + b"\n"


def arc_filedesc(name="test.arc", date="20080615120000"):
    """An ARC v1 file's first record: the version block."""
    block = (b"1 0 InternetArchive\n"
             b"URL IP-address Archive-date Content-type Archive-length\n")
    return arc_record(f"filedesc://{name}", block, date=date, mime="text/plain", ip="0.0.0.0")


def case(name, pages):
    """A fixture for one of the shapes web archives come in besides Common Crawl's:
    (bytes, expect). expect lists what pith must print, in order: {"id" (or None), "uri",
    "type", "page", "date"} for a page, {"error": True, "uri" or None} for an error line.
    Pages come from `pages` (paths, at least 4)."""
    bodies = [Path(p).read_bytes() for p in pages]
    uri = [f"https://{name}.example/{Path(p).stem}.html" for p in pages]
    date = "2024-02-20T10:00:00Z"

    def page(k, wtype="response", n=None):
        return {"id": rid(n) if n is not None else None, "uri": uri[k], "type": wtype,
                "page": str(pages[k]), "date": date}

    def http(k):  # the pages say their own charsets
        return http_response(bodies[k], (("Content-Type", "text/html"),))

    def response(n, k, version="WARC/1.1"):
        return warc_record("response", rid(n), http(k), uri=uri[k], version=version)

    info = warc_record("warcinfo", rid(0), b"software: warc_writer.py\r\n")
    if name == "resource":  # wget --warc-file, Webrecorder: the page as a resource record
        recs = [info, warc_resource(1, bodies[0], "text/html", uri=uri[0]),
                warc_resource(2, b"\x89PNG\r\n", "image/png", uri="https://resource.example/a.png"),
                warc_record("metadata", rid(3), b"outlinks: none\r\n", uri=uri[0]),
                response(4, 1),
                warc_resource(5, bodies[2], "application/xhtml+xml", uri=uri[2])]
        expect = [page(0, "resource", 1), page(1, "response", 4), page(2, "resource", 5)]
        return b"".join(gz(r) for r in recs), expect
    if name == "revisit":
        recs = [info, response(1, 0),
                warc_record("revisit", rid(2), b"HTTP/1.1 200 OK\r\n\r\n", uri=uri[0],
                            extra=("WARC-Profile: http://netpreserve.org/warc/1.1/revisit/"
                                   "identical-payload-digest", f"WARC-Refers-To: {rid(1)}")),
                response(3, 1)]
        return b"".join(gz(r) for r in recs), [page(0, "response", 1), page(1, "response", 3)]
    if name == "old-versions":  # older Heritrix: the WARC/0.17 and 0.18 drafts
        recs = [response(1, 0, "WARC/0.17"), response(2, 1, "WARC/0.18"),
                response(3, 2, "WARC/1.0")]
        return b"".join(recs), [page(0, "response", 1), page(1, "response", 2),
                                page(2, "response", 3)]
    if name == "split-members":  # a record's header and block, and the block, in parts
        out = b""
        for n, k in ((1, 0), (2, 1), (3, 2)):
            rec = response(n, k)
            head = rec.index(b"\r\n\r\n") + 4
            cuts = [0, head, head + (len(rec) - head) // 2, len(rec)] if k != 1 else \
                   [0, 10, len(rec) - 2, len(rec)]  # even mid-line and mid-CRLF
            out += b"".join(gz(rec[a:b]) for a, b in zip(cuts, cuts[1:]))
        return out, [page(0, "response", 1), page(1, "response", 2), page(2, "response", 3)]
    if name == "grouped-members":  # several records a member, and one across two members
        r = [info] + [response(n, n - 1) for n in (1, 2, 3, 4)]
        joined = r[3] + r[4]
        mid = len(r[3]) + 40
        members = [r[0] + r[1] + r[2], joined[:mid], joined[mid:]]
        return b"".join(gz(m) for m in members), [page(k, "response", k + 1) for k in range(4)]
    if name in ("arc", "arc-gz", "arc-bad-line"):
        adate = ["20080615123456", "20080615123457", "20080615123458", "20080615123459"]
        recs = [arc_filedesc(),
                arc_record(uri[0], http(0), date=adate[0]),
                arc_record("dns:arc.example", b"arc.example. 300 IN A 192.0.2.7",
                           mime="text/dns"),
                arc_record("https://arc.example/logo.png",
                           http_response(b"\x89PNG\r\n", (("Content-Type", "image/png"),)),
                           mime="image/png")]
        expect = [dict(page(0), date="2008-06-15T12:34:56Z")]
        if name == "arc-bad-line":
            recs += [arc_record("https://arc.example/bad-length", http_response(bodies[1]),
                                length="12x"),
                     arc_record("https://arc.example/negative", http_response(bodies[1]),
                                length="-40"),
                     arc_record("https://arc.example/bad-date", http_response(bodies[1]),
                                date="2008061512345x")]
            expect += [{"error": True, "uri": "https://arc.example/bad-length"},
                       {"error": True, "uri": "https://arc.example/negative"},
                       {"error": True, "uri": "https://arc.example/bad-date"}]
        for k in (1, 2, 3):
            recs.append(arc_record(uri[k], http(k), date=adate[k]))
            expect.append(dict(page(k), date="2008-06-15T12:34:5%d" % (6 + k) + "Z"))
        if name == "arc-gz":
            return b"".join(gz(r) for r in recs), expect
        return b"".join(recs), expect
    raise ValueError(name)


CASES = ("resource", "revisit", "old-versions", "split-members", "grouped-members", "arc",
         "arc-gz", "arc-bad-line")


def flood(out, first, size, count):
    """A file that makes the reader outrun the workers: a first page of `first` bytes, then
    `count` copies of a record whose page is `size` bytes of one word, each gzip member a
    fraction of a percent of its record."""
    def record(n, size):
        body = b"<html><body><p>" + b"a" * size + b"</p></body></html>"
        return gzip.compress(warc_record("response", rid(n), http_response(body),
                                         uri=f"https://flood.example/{n}"), 1, mtime=0)
    with open(out, "wb") as f:
        f.write(record(0, first))
        big = record(1, size)
        for _ in range(count):
            f.write(big)


def fuzz_seeds():
    """Seeds for fuzz/fuzz_warc.c: {name: bytes}, each a mode byte and a file before framing
    (see the target's comment: "~gz~" cuts gzip members, "{{gz:...}}" compresses, mode 16
    makes the lengths true, so these write 0 where the target fixes them; mode 32 reads each
    record again by its name)."""
    page = b"<html><head><title>T</title></head><body><p>Some prose, here.</p></body></html>"

    def rec(wtype, n, block, uri="http://a.example/", version="WARC/1.1", extra=()):
        return warc_record(wtype, rid(n), block, uri=uri, version=version, extra=extra,
                           length=0)

    def resp(n, body, headers=(("Content-Type", "text/html; charset=utf-8"),), **kw):
        return rec("response", n, http_response(body, headers), **kw)

    chunks = b"%x;x=1\r\n" % 20 + page[:20] + b"\r\n%x\r\n" % (len(page) - 20) + page[20:] + \
        b"\r\n0\r\nTrailer: t\r\n\r\n"
    kinds = [
        rec("warcinfo", 0, b"software: warc_writer.py\r\n", uri=None),
        rec("request", 1, http_request("http://a.example/")),
        resp(2, page),
        rec("metadata", 3, b"fetchTimeMs: 12\r\n"),
        resp(4, chunks, (("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"))),
        resp(5, b"{{gz:" + page + b"}}", (("Content-Type", "text/html"),
                                          ("Content-Encoding", "gzip"))),
        resp(6, b"{{zl:" + page + b"}}", (("Content-Type", "text/html"),
                                          ("Content-Encoding", "deflate"))),
        resp(7, b"{{df:" + page + b"}}", (("Content-Encoding", "deflate"),)),
        resp(8, b"\n <!doctype html>" + page, (("Server", "x"),)),
        resp(9, b"\x89PNG\r\n", (("Content-Type", "image/png"),)),
        rec("revisit", 10, b"HTTP/1.1 304 Not Modified\r\n\r\n",
            extra=("WARC-Profile: http://netpreserve.org/warc/1.0/revisit/"
                   "identical-payload-digest",)),
        rec("resource", 11, page, extra=("Content-Type: text/html; charset=windows-1252",)),
        resp(12, page, version="WARC/1.0", uri="<http://old.example/>"),
        resp(13, page, version="WARC/0.18"),
        resp(14, page, version="WARC/0.17", extra=("WARC-Truncated: length",)),
    ]
    warc = b"".join(kinds)
    members = b"~gz~".join(kinds)
    split = b"~gz~".join([kinds[0], kinds[2][:60], kinds[2][60:] + kinds[3] + kinds[4],
                          kinds[5]])
    bad = b"".join([
        resp(20, page, extra=("X-Folded: a\r\n  b",)),
        warc_record("response", rid(21), http_response(page), length=len(page) + 9999),
        warc_record("response", rid(22), http_response(page), length=10),
        warc_record("response", rid(23), http_response(page), length=70000000),
        warc_record("response", rid(24), http_response(page), length="12x"),
        warc_record("response", rid(25), http_response(page, (("Content-Encoding", "br"),))),
        warc_record("response", rid(26), b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                    b"\r\nzz\r\n" + page),
        warc_record("response", rid(27), b"HTTX/1.1 200\r\n\r\n"),
        warc_record("response", rid(28), http_response(page)),
    ])
    arc_head = b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n"
    http = http_response(page)

    def arc_rec(url, date, mime, body, length=None):
        n = len(body) if length is None else length
        return f"{url} 192.0.2.1 {date} {mime} {n}\n".encode() + body + b"\n"

    arc = [arc_rec("filedesc://seed.arc", "20080101000000", "text/plain", arc_head),
           arc_rec("http://a.example/", "20080101000001", "text/html", http),
           arc_rec("dns:a.example", "20080101000002", "text/dns", b"a.example. 1 IN A 192.0.2.1"),
           arc_rec("http://b.example/x y", "20080101000003", "text/html", http),
           arc_rec("http://c.example/", "2008010100000x", "text/html", http),
           arc_rec("http://d.example/", "20080101000004", "text/html", http, length="-5"),
           arc_rec("http://e.example/", "20080101000005", "text/html", http)]
    return {
        "warc-plain": b"\x30" + warc,
        "warc-members": b"\x32" + members,
        "warc-one-stream": b"\x31" + warc,
        "warc-cut-member": b"\x13" + members,
        "warc-deferred": b"\x36" + members,
        "warc-split-members": b"\x32" + split,
        "warc-flipped": b"\x1a\x01\x00" + members,
        "warc-bad-lengths": b"\x00" + bad,
        "warc-bad-lengths-members": b"\x02" + bad.replace(b"\r\n\r\nWARC/", b"\r\n\r\n~gz~WARC/"),
        "arc-plain": b"\x30" + b"".join(arc[:4] + arc[6:]),
        "arc-members": b"\x32" + b"~gz~".join(arc[:4] + arc[6:]),
        "arc-bad-lines": b"\x00" + b"".join(arc),
    }


def parse_size(s):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if s[-1].upper() in mult:
        return int(float(s[:-1]) * mult[s[-1].upper()])
    return int(s)


def page_files(dirs):
    files = []
    for d in dirs:
        files.extend(sorted(p for p in Path(d).rglob("*") if p.suffix in (".html", ".htm")))
    return files


def write_big(out, dirs, size, seed=1, start_id=10**6):
    """Responses from the pages in dirs, round and round, until the compressed file reaches
    size bytes. Each response gets a distinct URL; one in four is chunked, one in four
    gzip-encoded, as in crawls. Returns the number of HTML responses written."""
    files = page_files(dirs)
    if not files:
        sys.exit("no pages in " + " ".join(map(str, dirs)))
    bodies = [f.read_bytes() for f in files]
    rnd = random.Random(seed)
    written = 0
    pages = 0
    n = start_id
    with open(out, "wb") as f:
        f.write(gz(warc_record("warcinfo", rid(n), b"software: warc_writer.py big\r\n")))
        while written < size:
            k = rnd.randrange(len(bodies))
            body = bodies[k]
            uri = f"https://site{rnd.randrange(50000)}.example.com/{n}/{files[k].stem}.html"
            date = f"2024-02-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z"
            v = n % 4
            if v == 1:
                block = http_response(chunked(body, 4096), (("Content-Type", "text/html"),
                                                            ("Transfer-Encoding", "chunked")))
            elif v == 2:
                block = http_response(gz(body), (("Content-Type", "text/html; charset=utf-8"),
                                                 ("Content-Encoding", "gzip")))
            else:
                block = http_response(body)
            for rec in (warc_record("request", rid(n + 1), http_request(uri), uri=uri, date=date),
                        warc_record("response", rid(n), block, uri=uri, date=date),
                        warc_record("metadata", rid(n + 2), b"fetchTimeMs: 120\r\n", uri=uri,
                                    date=date)):
                z = gz(rec)
                f.write(z)
                written += len(z)
            pages += 1
            n += 3
    return pages


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["fixture", "big", "shards", "fuzz-seeds"] +
                    [f"case:{c}" for c in CASES])
    ap.add_argument("out")
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--plain", action="store_true")
    ap.add_argument("--size", default="64M")
    ap.add_argument("--shards", type=int, default=4)
    a = ap.parse_intermixed_args()
    if a.what == "fixture":
        root = Path(__file__).resolve().parent.parent
        pages = sorted((root / "corpus").glob("*.html"))[:6]
        data, expect = fixture(pages, plain=a.plain)
        Path(a.out).write_bytes(data)
        Path(a.out + ".expect.json").write_text(json.dumps(expect, indent=1))
    elif a.what.startswith("case:"):
        root = Path(__file__).resolve().parent.parent
        pages = sorted((root / "corpus").glob("*.html"))[:4]
        data, expect = case(a.what[5:], pages)
        Path(a.out).write_bytes(data)
        Path(a.out + ".expect.json").write_text(json.dumps(expect, indent=1))
    elif a.what == "fuzz-seeds":
        os.makedirs(a.out, exist_ok=True)
        for name, data in fuzz_seeds().items():
            Path(a.out, name).write_bytes(data)
    elif a.what == "big":
        n = write_big(a.out, a.dirs, parse_size(a.size))
        print(f"{a.out}: {n} HTML responses", file=sys.stderr)
    else:
        os.makedirs(a.out, exist_ok=True)
        for s in range(a.shards):
            path = os.path.join(a.out, f"shard-{s:03d}.warc.gz")
            n = write_big(path, a.dirs, parse_size(a.size), seed=s + 1, start_id=10**7 * (s + 1))
            print(f"{path}: {n} HTML responses", file=sys.stderr)


if __name__ == "__main__":
    main()
