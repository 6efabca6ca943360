# SPDX-License-Identifier: MIT
"""pith: the article in a saved web page, from Python.

    import pith
    art = pith.extract(open("page.html", "rb").read(), url="https://example.org/story")
    print(art.title, art.date_published)
    for block in art.blocks:
        print(block.type, getattr(block, "text", None))

    art = pith.extract_file("page.html")            # or page.html.gz
    for rec in pith.iter_warc("CC-MAIN-...-00000.warc.gz"):
        print(rec.warc_target_uri, rec.status, rec.article.title if rec.article else rec.error)
    rec, = pith.iter_warc(rec.file)                 # one record again, by its FILE@OFFSET

A thin ctypes layer over libpith.so. The work happens in C with the GIL released, so threads
extract in parallel. Results are the dataclasses of pith.results, which mirror
docs/pith.schema.json.

The library is found via the PITH_LIBRARY environment variable (a path, and then only
there), else the copy an installed package carries beside this file, else
ctypes.util.find_library("pith"), the usual lib directories and a build/ directory of the
checkout this package sits in. Only libpith LIBRARY_VERSION is accepted.
"""
from __future__ import annotations

import ctypes
import errno
import json as _json
import os
import re
import subprocess
import tempfile
import zlib
from typing import IO, Iterator, Literal, Optional, Tuple, Union, overload

from . import _lib
from .results import (Article, Block, Comment, HeadingBlock, ImageBlock, Link, ListItemBlock,
                      Sources, TableBlock, TableRow, TextBlock, WarcRecord)

__all__ = ["extract", "extract_file", "iter_warc", "PithError", "version", "library_path",
           "Article", "Block", "TextBlock", "HeadingBlock", "ListItemBlock", "TableBlock",
           "TableRow", "ImageBlock", "Link", "Comment", "Sources", "WarcRecord", "FORMATS", "STATUS_OK", "STATUS_NO_ARTICLE"]

Format = Literal["text", "markdown", "json", "html"]
Bias = Literal["balanced", "precision", "recall"]
# What a page may be given as: its bytes (any buffer), or a str, sent as UTF-8.
Page = Union[bytes, bytearray, memoryview, str]
# url and charset: a str, or bytes as they came off the wire.
CString = Union[str, bytes, None]
PathLike = Union[str, "os.PathLike[str]"]

# pith_format
FORMATS = {"text": 0, "markdown": 1, "json": 2, "html": 3}
# pith_status values the binding treats specially
STATUS_OK = 0
STATUS_INPUT_TOO_LARGE = 3
STATUS_NO_ARTICLE = 7
_BIASES = {"balanced": 0, "precision": 1, "recall": 2}
# Exit statuses of the pith tool after which every record has had its line: 1 some page
# without an article, 3 some record unreadable or over a limit (its line says so).
CLI_DONE = (0, 1, 3)
_GZIP_MAGIC = b"\x1f\x8b"
# Compressed bytes read and inflated at a time: large enough that the read calls cost
# nothing beside the inflating, small beside the input limit a page is held to.
_READ_CHUNK = 1 << 20
# One record of a web archive, named as the "file" member of pith's output and CDX indexes
# name it: FILE@OFFSET or FILE@OFFSET+INNER (decimal), split at the last '@' as the tool
# splits it (cli/warc.c, pith_cli_warc_parse_at).
_RECORD_NAME = re.compile(r"(.+)@([0-9]+)(?:\+([0-9]+))?\Z", re.DOTALL)
# The tool reads the numbers as uint64_t and takes a larger one for no record name.
_OFFSET_MAX = (1 << 64) - 1

_LIB, library_path = _lib.load()
__version__ = _lib.LIBRARY_VERSION


def version() -> str:
    """The version of the libpith actually loaded, e.g. "0.2.0"."""
    return str(_LIB.pith_version().decode("ascii"))


class PithError(Exception):
    """pith could not extract the page (a limit hit, bad input, out of memory).

    status is the pith_status number, name its short name ("input_too_large", "work_limit",
    ...), message pith's English sentence for it. Pages without an article do not raise.
    """

    def __init__(self, status: int) -> None:
        self.status = int(status)
        self.name: str = _LIB.pith_status_name(self.status).decode("utf-8")
        self.message: str = _LIB.pith_status_message(self.status).decode("utf-8")
        super().__init__("%s: %s" % (self.name, self.message))


@overload
def extract(html: Page, *, url: CString = None, charset: CString = None, format: None = None,
            bias: Bias = "balanced", explain: bool = False,
            max_input_bytes: Optional[int] = None, max_depth: Optional[int] = None) -> Article:
    ...


@overload
def extract(html: Page, *, url: CString = None, charset: CString = None, format: Format,
            bias: Bias = "balanced", explain: bool = False,
            max_input_bytes: Optional[int] = None, max_depth: Optional[int] = None) -> str:
    ...


def extract(html: Page, *, url: CString = None, charset: CString = None,
            format: Optional[Format] = None, bias: Bias = "balanced", explain: bool = False,
            max_input_bytes: Optional[int] = None,
            max_depth: Optional[int] = None) -> Union[Article, str]:
    """Extracts the article of one page.

    html: the page's raw bytes (bytes, bytearray or memoryview), in any charset; pith finds
      the charset itself (BOM, <meta>, UTF-8 check, windows-1252). A str is encoded as UTF-8,
      and charset then defaults to "utf-8".
    url: the page's address, if known: relative links, dates in the URL, the site name.
    charset: the charset from the transport (an HTTP Content-Type), if known.
    format: None (default) returns an Article; "json", "text", "markdown" or "html" return
      that rendering as a str ("json" is the object docs/pith.schema.json describes).
    bias: "balanced", "precision" (leave out doubtful blocks) or "recall" (keep them).
    explain: fill Article.explain with why each candidate block was kept or dropped.
    max_input_bytes, max_depth: the library's limits (default: its PITH_DEFAULT_*), from 1 up.

    An argument of the wrong type raises TypeError, a wrong value (an unknown format, a
    limit below 1, a NUL inside url or charset, a charset that is not ASCII) ValueError.

    A page without an article is not an error: the Article has status "no_article", its
    metadata and no blocks; the other formats give an empty or metadata-only str. Anything
    else that stops extraction (input too large, a work or memory limit, ...) raises
    PithError.
    """
    data, url_b, charset_b = _checked_text_args(html, url, charset)
    fmt = _format_code(format)
    opts = _options(url_b, charset_b, bias, explain, max_input_bytes, max_depth)
    text = _extract(data, opts, fmt)
    return Article.from_dict(_json.loads(text)) if format is None else text


@overload
def extract_file(path: PathLike, *, url: CString = None, charset: CString = None,
                 format: None = None, bias: Bias = "balanced", explain: bool = False,
                 max_input_bytes: Optional[int] = None,
                 max_depth: Optional[int] = None) -> Article:
    ...


@overload
def extract_file(path: PathLike, *, url: CString = None, charset: CString = None,
                 format: Format, bias: Bias = "balanced", explain: bool = False,
                 max_input_bytes: Optional[int] = None, max_depth: Optional[int] = None) -> str:
    ...


def extract_file(path: PathLike, *, url: CString = None, charset: CString = None,
                 format: Optional[Format] = None, bias: Bias = "balanced",
                 explain: bool = False, max_input_bytes: Optional[int] = None,
                 max_depth: Optional[int] = None) -> Union[Article, str]:
    """extract() on the bytes of the file at path; a gzip-compressed file (one that starts
    with the gzip magic, e.g. page.html.gz) is decompressed first, every member of it.

    A file (or its decompressed content) over max_input_bytes raises PithError
    input_too_large as soon as reading passes the limit, never holding more than that; an
    unreadable file OSError; bad or truncated gzip data ValueError naming the file.
    """
    path = os.fspath(path)
    if not isinstance(path, str):
        raise TypeError("path must be a str or os.PathLike[str], not %s"
                        % type(path).__name__)
    # Every argument is checked before the file is touched.
    _format_code(format)
    _options(_c_string("url", url, "utf-8"), _c_string("charset", charset, "ascii"), bias,
             explain, max_input_bytes, max_depth)
    cap = _input_cap(max_input_bytes)
    with open(path, "rb") as f:
        head = f.read(len(_GZIP_MAGIC))
        if head == _GZIP_MAGIC:
            data = _gunzip(f, head, cap, path)
        else:
            data = head + f.read(cap + 1 - len(head))
            if len(data) > cap:
                raise PithError(STATUS_INPUT_TOO_LARGE)
    if format is None:
        return extract(data, url=url, charset=charset, bias=bias, explain=explain,
                       max_input_bytes=max_input_bytes, max_depth=max_depth)
    return extract(data, url=url, charset=charset, format=format, bias=bias, explain=explain,
                   max_input_bytes=max_input_bytes, max_depth=max_depth)


def iter_warc(path: PathLike, *, bias: Bias = "balanced", explain: bool = False,
              max_input_bytes: Optional[int] = None, max_depth: Optional[int] = None,
              jobs: int = 1, pith_cli: Optional[str] = None) -> Iterator[WarcRecord]:
    """One WarcRecord per HTML response or resource record of the web archive (WARC or ARC)
    at path, in file order.

    path may also name one record as FILE@OFFSET (or FILE@OFFSET+INNER): the "file" member
    of a WarcRecord, or a CDX index's file and offset. Then only that record is read, from
    its offset, and yielded (as an error record when there is no readable record there), as
    `pith --warc FILE@OFFSET` does. As in the tool, a file whose whole name has that form
    is that file, read whole; otherwise the part after the last '@' is the offset.

    The file is read by the pith tool's reader (`pith --warc`: pith_cli, else PITH_CLI,
    else the installed package's own copy, else pith on PATH): plain or gzip in any framing;
    response records with an HTTP block whose Content-Type is HTML, de-chunked and
    gzip/deflate-decoded, and resource records of HTML; docs/warc.md says exactly which. Memory stays bounded by one record whatever the file size, and jobs > 1 extracts
    on that many threads, the order unchanged.

    A record that cannot be read or extracted (a corrupt gzip member, a lying
    Content-Length, a limit hit) is yielded too, with article None and status and error
    saying why; reading goes on at the next record. A missing file (for FILE@OFFSET: a
    missing FILE) raises FileNotFoundError at once; a pith tool that fails as a whole
    RuntimeError.
    """
    path = os.fspath(path)
    if not isinstance(path, str):
        raise TypeError("path must be a str or os.PathLike[str], not %s"
                        % type(path).__name__)
    _options(None, None, bias, explain, max_input_bytes, max_depth)  # the same checks
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise TypeError("jobs must be an int, not %s" % type(jobs).__name__)
    if not 1 <= jobs <= 1024:
        raise ValueError("jobs must be from 1 to 1024 (the pith tool's range), not %d" % jobs)
    archive = _archive_of(path)
    if not os.path.exists(archive):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), archive)
    cmd = [_lib.find_cli(pith_cli), "--warc", "--quiet", "--no-progress", "--jobs", str(jobs)]
    if bias != "balanced":
        cmd.append("--" + bias)
    if explain:
        cmd.append("--explain")
    if max_input_bytes is not None:
        cmd += ["--max-bytes", str(max_input_bytes)]
    if max_depth is not None:
        cmd += ["--max-depth", str(max_depth)]
    cmd += ["--", path]
    return _warc_records(cmd)


def _archive_of(path: str) -> str:
    """The file iter_warc reads: path itself when it exists, else FILE of a record named
    FILE@OFFSET[+INNER] (the tool's own rule, so both agree on what path names)."""
    m = _RECORD_NAME.match(path)
    if os.path.exists(path) or not m:
        return path
    if any(int(n) > _OFFSET_MAX for n in m.group(2, 3) if n is not None):
        return path
    return m.group(1)


def _warc_records(cmd: "list[str]") -> Iterator[WarcRecord]:
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=err)
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                yield WarcRecord.from_dict(_json.loads(line))
            rc = proc.wait()
        finally:
            # A caller that stops early (break, an exception) must not leave pith running.
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        if rc not in CLI_DONE:
            raise RuntimeError("%s exited %d: %s" % (" ".join(cmd), rc, _tail(err)))


def _tail(f: IO[bytes], n: int = 2000) -> str:
    f.seek(0)
    return f.read().decode("utf-8", "replace")[-n:].strip()


def _extract(data: bytes, opts: _lib.Options, fmt: int) -> str:
    res = ctypes.c_void_p()
    st = _LIB.pith_extract(data, len(data), ctypes.byref(opts), ctypes.byref(res))
    if st not in (STATUS_OK, STATUS_NO_ARTICLE):
        _LIB.pith_result_free(res)
        raise PithError(st)
    try:
        out = ctypes.c_void_p()
        out_len = ctypes.c_size_t()
        rst = _LIB.pith_render(res, fmt, ctypes.byref(out), ctypes.byref(out_len))
        if rst != STATUS_OK:
            raise PithError(rst)
        try:
            rendered = ctypes.string_at(out, out_len.value) if out_len.value else b""
        finally:
            _LIB.pith_buffer_free(out)
    finally:
        _LIB.pith_result_free(res)
    return rendered.decode("utf-8")


def _format_code(format: object) -> int:
    """The pith_format for format (None: JSON, read into an Article)."""
    if format is None:
        return FORMATS["json"]
    code = FORMATS.get(_checked_str("format", format))
    if code is None:
        raise ValueError("format must be None or one of %s, not %r"
                         % (", ".join(FORMATS), format))
    return code


def _options(url_b: Optional[bytes], charset_b: Optional[bytes], bias: str, explain: bool,
             max_input_bytes: Optional[int], max_depth: Optional[int]) -> _lib.Options:
    """pith_options, initialised by the library at this struct's size, with the checked
    arguments in it. url_b and charset_b must stay referenced until pith_extract returns:
    ctypes points into them."""
    if _checked_str("bias", bias) not in _BIASES:
        raise ValueError("bias must be one of %s, not %r" % (", ".join(_BIASES), bias))
    if not isinstance(explain, (bool, int)):
        raise TypeError("explain must be a bool, not %s" % type(explain).__name__)
    opts = _lib.Options()
    _LIB.pith_options_init(ctypes.byref(opts), ctypes.sizeof(opts))
    opts.url = url_b
    opts.charset_hint = charset_b
    opts.bias = _BIASES[bias]
    opts.explain = 1 if explain else 0
    if max_input_bytes is not None:
        opts.max_input_bytes = _checked_limit("max_input_bytes", max_input_bytes, ctypes.c_size_t)
    if max_depth is not None:
        opts.max_depth = _checked_limit("max_depth", max_depth, ctypes.c_uint)
    return opts


def _input_cap(max_input_bytes: Optional[int]) -> int:
    if max_input_bytes is not None:
        return _checked_limit("max_input_bytes", max_input_bytes, ctypes.c_size_t)
    opts = _lib.Options()
    _LIB.pith_options_init(ctypes.byref(opts), ctypes.sizeof(opts))
    return int(opts.max_input_bytes)


def _gunzip(f: IO[bytes], pending: bytes, cap: int, path: str) -> bytes:
    """Every gzip member of pending and the rest of f, concatenated, at most cap bytes (a
    gzip bomb stops at the same limit a plain page does). The compressed bytes are read
    _READ_CHUNK at a time, so a huge file is never held whole either."""
    out = bytearray()
    d = zlib.decompressobj(wbits=31)  # 31: a gzip header and trailer
    while True:
        if not pending:
            pending = f.read(_READ_CHUNK)
            if not pending:
                break
        if d.eof:  # the member before ended where this one starts
            d = zlib.decompressobj(wbits=31)
        try:
            # len(out) <= cap here, so max_length is at least 1 (0 would mean unbounded).
            out += d.decompress(pending, cap + 1 - len(out))
        except zlib.error as e:
            raise ValueError("%s: bad gzip data: %s" % (path, e)) from None
        if len(out) > cap:
            raise PithError(STATUS_INPUT_TOO_LARGE)
        # Below the cap all of pending was taken: what is left belongs to the next member.
        pending = d.unused_data
    if not d.eof:
        raise ValueError("%s: truncated gzip data" % path)
    return bytes(out)


def _checked_str(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (name, type(value).__name__))
    return value


def _c_string(name: str, value: object, encoding: str) -> Optional[bytes]:
    """None, or value as NUL-free bytes for a char * option. ctypes would take an int as an
    address (and crash) and cut a string at its first NUL, so both are refused here."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.encode(encoding)  # UnicodeEncodeError is a ValueError
    elif not isinstance(value, bytes):
        raise TypeError("%s must be a str, bytes or None, not %s" % (name, type(value).__name__))
    if b"\0" in value:
        raise ValueError("%s contains a NUL character" % name)
    return value


def _checked_text_args(html: object, url: object,
                       charset: object) -> Tuple[bytes, Optional[bytes], Optional[bytes]]:
    """(page bytes, url bytes or None, charset bytes or None), or TypeError/ValueError."""
    if isinstance(html, str):
        data = html.encode("utf-8")
        if charset is None:
            charset = "utf-8"
    elif isinstance(html, bytes):
        data = html
    else:
        # Only the buffer protocol (bytearray, memoryview, ...): bytes(5) would be five NULs
        # and bytes({}) an empty page, both silently.
        try:
            data = memoryview(html).tobytes()  # type: ignore[arg-type]
        except TypeError:
            raise TypeError("html must be bytes, bytearray, memoryview or str, not %s"
                            % type(html).__name__) from None
    return data, _c_string("url", url, "utf-8"), _c_string("charset", charset, "ascii")


def _checked_limit(name: str, value: object, ctype: type) -> int:
    """A limit as the C field takes it: ctypes would wrap -1 to the largest value (no limit)
    and a bool is not a count."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an int, not %s" % (name, type(value).__name__))
    top = (1 << (8 * ctypes.sizeof(ctype))) - 1
    if not 1 <= value <= top:
        raise ValueError("%s must be from 1 to %d, not %d" % (name, top, value))
    return value
