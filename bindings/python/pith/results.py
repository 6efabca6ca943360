# SPDX-License-Identifier: MIT
"""What pith returns, as dataclasses that mirror docs/pith.schema.json.

Field names and their order are the JSON's: Article is the schema's "result", the blocks its
"text_block", "heading_block", "list_item_block" and "table_block", WarcRecord a line of
`pith --warc` (the schema's "cli_members" with a result or an "error_line").
from_dict() is strict: a key it does not know, or one missing, raises TypeError, so a JSON
that drifted from these classes fails loudly. to_dict() gives the JSON object back, keys in
the order pith prints them.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Dict, List, Literal, Optional, Union

Status = Literal["ok", "no_article"]
# Every status a line of the pith tool can carry: pith_status_name()'s, and input_error for a
# record it could not read or decode.
LineStatus = Literal["ok", "invalid_argument", "no_memory", "input_too_large",
                     "too_many_nodes", "memory_limit", "work_limit", "no_article",
                     "output_too_large", "input_error"]
CharsetSource = Literal["bom", "hint", "meta", "utf-8-detected", "detected", "default"]
Flag = Literal["depth_flattened", "invalid_bytes_replaced", "attributes_dropped",
               "formatting_capped", "nul_replaced"]


# Members pith writes only when they have a value (a block's links): absent, not null.
_OMITTED_WHEN_NONE = ("links",)


def _plain(obj: Any) -> Dict[str, Any]:
    """A dataclass as a dict in field order, nested dataclasses and lists of them too."""
    out: Dict[str, Any] = {}
    for f in fields(obj):
        v = getattr(obj, f.name)
        if v is None and f.name in _OMITTED_WHEN_NONE:
            continue
        if isinstance(v, list):
            v = [_plain(x) if hasattr(x, "__dataclass_fields__") else x for x in v]
        elif hasattr(v, "__dataclass_fields__"):
            v = _plain(v)
        out[f.name] = v
    return out


@dataclass
class Link:
    """A link of a block: the linked words (a substring of its text) and the resolved target."""

    text: str
    href: str


@dataclass
class TextBlock:
    """A paragraph, quote, preformatted block or caption."""

    type: Literal["paragraph", "quote", "preformatted", "caption"]
    text: Optional[str]
    links: Optional[List[Link]] = None  # None: the block has no links


@dataclass
class HeadingBlock:
    type: Literal["heading"]
    level: int  # 1..6
    text: Optional[str]
    links: Optional[List[Link]] = None


@dataclass
class ListItemBlock:
    type: Literal["list_item"]
    level: int  # 1 for a top-level item
    ordered: bool
    text: Optional[str]
    links: Optional[List[Link]] = None


@dataclass
class ImageBlock:
    """An image of the article: its real source (resolved), alt text and figure caption."""

    type: Literal["image"]
    src: str
    alt: Optional[str]
    caption: Optional[str]


@dataclass
class Comment:
    """A reader comment (extract(..., comments=True)): never part of blocks or text."""

    author: Optional[str]
    date: Optional[str]
    text: str


@dataclass
class TableRow:
    header: bool
    cells: List[str]


@dataclass
class TableBlock:
    type: Literal["table"]
    rows: List[TableRow]


Block = Union[TextBlock, HeadingBlock, ListItemBlock, TableBlock, ImageBlock]


def block_from_dict(d: Dict[str, Any]) -> Block:
    t = d.get("type")
    kw = dict(d)
    if "links" in kw:
        kw["links"] = [Link(**x) for x in kw["links"]]
    if t == "heading":
        return HeadingBlock(**kw)
    if t == "list_item":
        return ListItemBlock(**kw)
    if t == "table":
        return TableBlock(type="table", rows=[TableRow(**r) for r in d["rows"]])
    if t == "image":
        return ImageBlock(**kw)
    if t in ("paragraph", "quote", "preformatted", "caption"):
        return TextBlock(**kw)
    raise TypeError("pith: a block of unknown type %r" % (t,))


@dataclass
class Sources:
    """Where each field came from: "json-ld", "meta:<name>", "title", "h1", "url", ..."""

    title: Optional[str]
    byline: Optional[str]
    date_published: Optional[str]
    date_modified: Optional[str]
    site_name: Optional[str]
    lang: Optional[str]


@dataclass
class Article:
    """One page's result (the schema's "result"): its metadata and main text as blocks.

    status is "no_article" for a page that parsed but had nothing article-like: the
    metadata found, no blocks. Dates are ISO 8601 strings ("2024-05-02" or with a time).
    """

    schema_version: int
    status: Status
    title: Optional[str]
    byline: Optional[str]  # the authors joined with ", "
    authors: List[str]
    date_published: Optional[str]
    date_modified: Optional[str]
    site_name: Optional[str]
    lang: Optional[str]
    canonical_url: Optional[str]
    description: Optional[str]
    image: Optional[str]
    license: Optional[str]
    tags: List[str]
    sources: Sources
    charset: Optional[str]  # WHATWG name of the charset used
    charset_source: Optional[CharsetSource]
    flags: List[Flag]
    word_count: int
    blocks: List[Block]
    text: str  # the plain-text rendering of the same result
    explain: Optional[str]  # with explain=True: why each candidate was kept or dropped
    comments: Optional[List[Comment]]  # with comments=True: the reader comments, else None

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "Article":
        kw = dict(d)
        kw["sources"] = Sources(**d["sources"])
        kw["blocks"] = [block_from_dict(b) for b in d["blocks"]]
        if kw.get("comments") is not None:
            kw["comments"] = [Comment(**c) for c in kw["comments"]]
        return cls(**kw)

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object, as pith_render prints it."""
        return _plain(self)


# The members the pith tool puts before a WARC record's result or error, in its order.
_WARC_MEMBERS = ("warc_record_id", "warc_record_type", "warc_target_uri", "warc_date",
                 "http_status", "file")


@dataclass
class WarcRecord:
    """One HTML response or resource record of a web archive (WARC or ARC), as a line of
    `pith --warc` gives it.

    file is "PATH@OFFSET" (the record's gzip member, or its byte offset in a plain file) or
    "PATH@OFFSET+INNER" (INNER bytes into the data of the gzip member at OFFSET).
    warc_record_type is "response" or "resource" (in an error line, what the header said);
    http_status is None for a resource record. The warc_* members and http_status are None
    when the record's header could not be read.
    A record that was extracted has article set and error None (status is then the
    article's); one that could not be read or extracted has article None, and status
    ("input_error", "input_too_large", ...) and error say why.
    """

    warc_record_id: Optional[str]
    warc_record_type: Optional[str]
    warc_target_uri: Optional[str]
    warc_date: Optional[str]
    http_status: Optional[int]
    file: str
    status: LineStatus
    error: Optional[str]
    article: Optional[Article]

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "WarcRecord":
        rest = dict(d)
        head = {k: rest.pop(k, None) for k in _WARC_MEMBERS}
        if "error" in rest:
            return cls(**head, status=rest.pop("status"), error=rest.pop("error"),
                       article=None, **rest)  # anything left is unknown: TypeError
        art = Article.from_dict(rest)
        return cls(**head, status=art.status, error=None, article=art)

    def to_dict(self) -> Dict[str, Any]:
        """The line as the pith tool prints it (absent members left out)."""
        out = {k: getattr(self, k) for k in _WARC_MEMBERS if getattr(self, k) is not None}
        if self.article is not None:
            out.update(self.article.to_dict())
        else:
            out.update(status=self.status, error=self.error)
        return out
