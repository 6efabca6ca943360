# SPDX-License-Identifier: MIT
"""pith: the article in a saved web page, from Python.

    import pith
    art = pith.extract(open("page.html", "rb").read(), url="https://example.org/story")
    print(art["title"], art["date_published"])
    for block in art["blocks"]:
        print(block["type"], block.get("text"))

A thin ctypes layer over libpith.so (no build step, no dependencies). The work happens in
C with the GIL released, so threads extract in parallel.

The library is found via the PITH_LIBRARY environment variable (a path), else
ctypes.util.find_library("pith"), else the usual lib directories and a build/ directory of
the checkout this package sits in.
"""
import ctypes
import json as _json

from . import _lib

__all__ = ["extract", "PithError", "version", "library_path", "FORMATS", "STATUS_OK",
           "STATUS_NO_ARTICLE"]

# pith_format
FORMATS = {"text": 0, "markdown": 1, "json": 2, "html": 3}
# pith_status values the binding treats specially
STATUS_OK = 0
STATUS_NO_ARTICLE = 7
_BIASES = {"balanced": 0, "precision": 1, "recall": 2}

_LIB, library_path = _lib.load()
_v = _LIB.pith_version().decode("ascii")
if tuple(int(p) for p in _v.split(".")[:2]) != _lib.ABI_VERSION:
    raise ImportError("pith: %s is libpith %s; this binding is for %d.%d.x"
                      % (library_path, _v, _lib.ABI_VERSION[0], _lib.ABI_VERSION[1]))
__version__ = _v


def version():
    """The version of the libpith actually loaded, e.g. "0.1.0"."""
    return _v


class PithError(Exception):
    """pith could not extract the page (a limit hit, bad input, out of memory).

    status is the pith_status number, name its short name ("input_too_large", "work_limit",
    ...), message pith's English sentence for it. Pages without an article do not raise.
    """

    def __init__(self, status):
        self.status = int(status)
        self.name = _LIB.pith_status_name(self.status).decode("utf-8")
        self.message = _LIB.pith_status_message(self.status).decode("utf-8")
        super().__init__("%s: %s" % (self.name, self.message))


def extract(html, url=None, charset=None, format="json", *, bias="balanced", explain=False,
            max_input_bytes=None, max_depth=None):
    """Extracts the article of one page.

    html: the page's raw bytes (bytes, bytearray or memoryview), in any charset; pith finds
      the charset itself (BOM, <meta>, UTF-8 check, windows-1252). A str is encoded as UTF-8,
      and charset then defaults to "utf-8".
    url: the page's address, if known: relative links, dates in the URL, the site name.
    charset: the charset from the transport (an HTTP Content-Type), if known.
    format: "json" (default) returns a dict as docs/json-schema.md describes, with
      "schema_version" and "status"; "text", "markdown" and "html" return a str.
    bias: "balanced", "precision" (leave out doubtful blocks) or "recall" (keep them).
    explain: fill "explain" (JSON) with why each candidate block was kept or dropped.
    max_input_bytes, max_depth: the library's limits (default: its PITH_DEFAULT_*), from 1 up.

    An argument of the wrong type raises TypeError, a wrong value (an unknown format, a
    limit below 1, a NUL inside url or charset, a charset that is not ASCII) ValueError.

    A page without an article is not an error: the JSON dict has status "no_article", its
    metadata and no blocks; the other formats give an empty or metadata-only str. Anything
    else that stops extraction (input too large, a work or memory limit, ...) raises
    PithError.
    """
    html, url_b, charset_b = _checked_text_args(html, url, charset)
    fmt = FORMATS.get(_checked_str("format", format))
    if fmt is None:
        raise ValueError("format must be one of %s, not %r" % (", ".join(FORMATS), format))
    if _checked_str("bias", bias) not in _BIASES:
        raise ValueError("bias must be one of %s, not %r" % (", ".join(_BIASES), bias))
    if not isinstance(explain, (bool, int)):
        raise TypeError("explain must be a bool, not %s" % type(explain).__name__)
    opts = _lib.Options()
    _LIB.pith_options_init(ctypes.byref(opts), ctypes.sizeof(opts))
    # url_b and charset_b stay referenced until the call returns: ctypes points into them.
    opts.url = url_b
    opts.charset_hint = charset_b
    opts.bias = _BIASES[bias]
    opts.explain = 1 if explain else 0
    if max_input_bytes is not None:
        opts.max_input_bytes = _checked_limit("max_input_bytes", max_input_bytes, ctypes.c_size_t)
    if max_depth is not None:
        opts.max_depth = _checked_limit("max_depth", max_depth, ctypes.c_uint)

    res = ctypes.c_void_p()
    st = _LIB.pith_extract(html, len(html), ctypes.byref(opts), ctypes.byref(res))
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
            data = ctypes.string_at(out, out_len.value) if out_len.value else b""
        finally:
            _LIB.pith_buffer_free(out)
    finally:
        _LIB.pith_result_free(res)
    text = data.decode("utf-8")
    return _json.loads(text) if fmt == FORMATS["json"] else text


def _checked_str(name, value):
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (name, type(value).__name__))
    return value


def _c_string(name, value, encoding):
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


def _checked_text_args(html, url, charset):
    """(page bytes, url bytes or None, charset bytes or None), or TypeError/ValueError."""
    if isinstance(html, str):
        html = html.encode("utf-8")
        if charset is None:
            charset = "utf-8"
    elif isinstance(html, bytes):
        pass
    else:
        # Only the buffer protocol (bytearray, memoryview, ...): bytes(5) would be five NULs
        # and bytes({}) an empty page, both silently.
        try:
            html = memoryview(html).tobytes()
        except TypeError:
            raise TypeError("html must be bytes, bytearray, memoryview or str, not %s"
                            % type(html).__name__) from None
    return html, _c_string("url", url, "utf-8"), _c_string("charset", charset, "ascii")


def _checked_limit(name, value, ctype):
    """A limit as the C field takes it: ctypes would wrap -1 to the largest value (no limit)
    and a bool is not a count."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an int, not %s" % (name, type(value).__name__))
    top = (1 << (8 * ctypes.sizeof(ctype))) - 1
    if not 1 <= value <= top:
        raise ValueError("%s must be from 1 to %d, not %d" % (name, top, value))
    return value
