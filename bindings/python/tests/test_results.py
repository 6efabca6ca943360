# SPDX-License-Identifier: MIT
"""The result dataclasses against docs/pith.schema.json: the same members in the same order,
None allowed exactly where the schema allows null, the same enums; and every corpus page's
JSON read into them and written back unchanged."""
import dataclasses
import glob
import json
import os
import typing

import jsonschema
import pytest

import pith
from conftest import CORPUS, REPO, read
from pith import results

with open(os.path.join(REPO, "docs", "pith.schema.json"), encoding="utf-8") as _f:
    SCHEMA = json.load(_f)
DEFS = SCHEMA["$defs"]
CLI_MEMBERS = list(DEFS["cli_members"]["properties"])


def resolve(node):
    while "$ref" in node:
        node = DEFS[node["$ref"].split("/")[-1]]
    return node


def schema_nullable(node):
    node = resolve(node)
    if "oneOf" in node:
        return any(schema_nullable(n) for n in node["oneOf"])
    t = node.get("type")
    return (isinstance(t, list) and "null" in t) or t == "null" or None in node.get("enum", [])


def hint_nullable(hint):
    return type(None) in typing.get_args(hint)


def literal_values(hint):
    """The values of a Literal, or of the Literal inside Optional[...]."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is typing.Literal:
        return list(typing.get_args(hint))
    assert len(args) == 1 and typing.get_origin(args[0]) is typing.Literal, hint
    return list(typing.get_args(args[0]))


def check_class(cls, definition, skip=()):
    """cls's fields are definition's properties, in the order of its required list, then the
    optional ones (None when absent), each nullable exactly when the schema says so."""
    props = {k: v for k, v in definition["properties"].items()
             if k not in skip and v is not True}
    required = [k for k in definition["required"] if k not in skip]
    optional = [k for k in props if k not in required]
    names = [f.name for f in dataclasses.fields(cls)]
    assert names == required + optional, cls
    assert set(names) == set(props), cls
    hints = typing.get_type_hints(cls)
    for name in names:
        assert hint_nullable(hints[name]) == (schema_nullable(props[name]) or name in optional), \
            (cls, name)
    return hints


def test_article_is_the_schemas_result():
    result = DEFS["result"]
    hints = check_class(pith.Article, result, skip=CLI_MEMBERS)
    assert literal_values(hints["status"]) == result["properties"]["status"]["enum"]
    charset_sources = result["properties"]["charset_source"]["enum"]
    assert literal_values(hints["charset_source"]) == [v for v in charset_sources if v]
    assert list(typing.get_args(results.Flag)) == result["properties"]["flags"]["items"]["enum"]
    check_class(pith.Sources, result["properties"]["sources"])


@pytest.mark.parametrize("cls,name", [(pith.TextBlock, "text_block"),
                                      (pith.HeadingBlock, "heading_block"),
                                      (pith.ListItemBlock, "list_item_block"),
                                      (pith.TableBlock, "table_block"),
                                      (results.ImageBlock, "image_block")])
def test_blocks_are_the_schemas_blocks(cls, name):
    definition = DEFS[name]
    hints = check_class(cls, definition)
    t = definition["properties"]["type"]
    assert literal_values(hints["type"]) == t.get("enum", [t.get("const")])
    assert [resolve(b)["properties"]["type"] for b in DEFS["block"]["oneOf"]].count(t) == 1


def test_table_row_is_the_schemas_row():
    row = DEFS["table_block"]["properties"]["rows"]["items"]
    check_class(pith.TableRow, row)


def test_links_and_comments_are_the_schemas():
    check_class(results.Link, DEFS["links"]["items"])
    check_class(results.Comment, DEFS["comment"])


def test_warc_record_is_a_tool_line():
    """The tool's members, then status and error (an error line) or the article."""
    names = [f.name for f in dataclasses.fields(pith.WarcRecord)]
    error_line = [k for k in DEFS["error_line"]["properties"]]
    assert set(names) == set(error_line) | {"article"}
    assert tuple(names[:len(CLI_MEMBERS)]) == results._WARC_MEMBERS
    assert set(CLI_MEMBERS) == set(results._WARC_MEMBERS)
    hints = typing.get_type_hints(pith.WarcRecord)
    assert literal_values(hints["status"]) == DEFS["status"]["enum"]


def corpus_pages():
    pages = sorted(glob.glob(os.path.join(CORPUS, "*.html")))
    assert len(pages) >= 30
    return pages


def test_every_corpus_page_round_trips():
    """JSON -> Article -> JSON gives the same object with its keys in pith's order, and it
    fits the schema; extract() without a format is that Article."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    kinds = set()
    for page in corpus_pages():
        data = read(page)
        for explain in (False, True):
            text = pith.extract(data, format="json", explain=explain)
            d = json.loads(text)
            art = pith.Article.from_dict(d)
            back = art.to_dict()
            assert back == d, page
            assert json.dumps(back, ensure_ascii=False, separators=(",", ":")) + "\n" == text, page
            validator.validate(back)
            assert pith.extract(data, explain=explain) == art
            kinds |= {type(b) for b in art.blocks}
    # The corpus has every kind of block, so each class was read and written.
    assert kinds == {pith.TextBlock, pith.HeadingBlock, pith.ListItemBlock, pith.TableBlock,
                     results.ImageBlock}


def test_from_dict_is_strict():
    d = json.loads(pith.extract(b"<title>t</title><p>" + b"word " * 60, format="json"))
    with pytest.raises(TypeError):
        pith.Article.from_dict(dict(d, new_member=1))
    short = dict(d)
    del short["lang"]
    with pytest.raises(TypeError):
        pith.Article.from_dict(short)
    with pytest.raises(TypeError):
        results.block_from_dict({"type": "figure", "text": "x"})
