# SPDX-License-Identifier: MIT
"""A tiny WARC/1.0 writer for the tests: one gzip member per record, as Common Crawl ships
them, so readers that stream record by record are exercised."""
import gzip
import uuid


def record(rtype, headers, block):
    head = ["WARC/1.0", "WARC-Type: %s" % rtype]
    head += ["%s: %s" % kv for kv in headers]
    head.append("Content-Length: %d" % len(block))
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"


def response(url, html, content_type="text/html; charset=utf-8", date="2024-01-02T03:04:05Z"):
    """Returns (record id, record bytes) for an HTTP response record."""
    rid = "<urn:uuid:%s>" % uuid.uuid4()
    http = ("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (content_type, len(html))).encode("ascii") + html
    return rid, record("response", [("WARC-Record-ID", rid), ("WARC-Target-URI", url),
                                    ("WARC-Date", date),
                                    ("Content-Type", "application/http; msgtype=response")], http)


def request(url):
    rid = "<urn:uuid:%s>" % uuid.uuid4()
    http = ("GET / HTTP/1.1\r\nHost: %s\r\n\r\n" % url.split("/")[2]).encode("ascii")
    return rid, record("request", [("WARC-Record-ID", rid), ("WARC-Target-URI", url),
                                   ("Content-Type", "application/http; msgtype=request")], http)


def warcinfo():
    rid = "<urn:uuid:%s>" % uuid.uuid4()
    return rid, record("warcinfo", [("WARC-Record-ID", rid),
                                    ("Content-Type", "application/warc-fields")],
                       b"software: pith tests\r\n")


def write(path, records, gzip_per_record=True):
    with open(path, "wb") as f:
        for rec in records:
            f.write(gzip.compress(rec) if gzip_per_record else rec)
