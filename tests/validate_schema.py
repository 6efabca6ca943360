#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Validates everything pith prints as JSON against docs/pith.schema.json: every corpus page
(alone, in a batch with its `file` member, with --explain), an error line, and every line of
the WARC fixture and every web archive case written by tests/warc_writer.py (plain and gzip,
resource records, revisits, old versions, gzip framings, ARC). Exits 1 naming each
object that does not match, and the schema's first complaint about it.

    tests/validate_schema.py PITH_BINARY
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema

sys.path.insert(0, str(Path(__file__).resolve().parent))
import warc_writer  # noqa: E402  (CASES: the web archive shapes the reader takes)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "docs" / "pith.schema.json"


def lines_of(pith, *args):
    cp = subprocess.run([pith, *args], capture_output=True, check=False)
    if cp.returncode not in (0, 1, 3):
        raise SystemExit("validate_schema: pith %s exited %d: %s" %
                         (" ".join(args), cp.returncode, cp.stderr.decode()[:500]))
    return [ln for ln in cp.stdout.decode("utf-8").split("\n") if ln]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    pith = argv[1]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    pages = sorted(str(p) for p in (ROOT / "corpus").glob("*.html"))
    runs = [("page %s" % Path(p).name, ["-f", "json", p]) for p in pages]
    runs.append(("batch --explain", ["-f", "json", "--explain", "-j", "2"] + pages))
    runs.append(("batch --comments --url", ["-f", "json", "--comments", "-u",
                                           "https://example.com/a/b.html", "-j", "2"] + pages))
    runs.append(("error line", ["-f", "json", str(ROOT / "corpus"), "/nonexistent.html"]))
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in (("fixture.warc.gz", []), ("fixture.warc", ["--plain"])):
            out = Path(tmp) / name
            subprocess.run(["/usr/bin/python3", str(ROOT / "tests" / "warc_writer.py"), "fixture",
                            str(out), *extra], check=True, capture_output=True)
            runs.append(("warc %s" % name, ["--warc", "-f", "json", str(out)]))
        for case in warc_writer.CASES:
            out = Path(tmp) / case
            subprocess.run(["/usr/bin/python3", str(ROOT / "tests" / "warc_writer.py"),
                            "case:" + case, str(out)], check=True, capture_output=True)
            runs.append(("warc case %s" % case, ["--warc", str(out)]))
        bad = n = 0
        # The schema must be able to fail: a result with a member it does not describe, or
        # without one it requires, is refused.
        first = json.loads(lines_of(pith, "-f", "json", pages[0])[0])
        for broken in (dict(first, undocumented=1),
                       {k: v for k, v in first.items() if k != "text"},
                       dict(first, blocks=[{"type": "heading", "text": "x"}]),
                       dict(first, blocks=[{"type": "image", "src": "x", "alt": None}]),
                       dict(first, comments=[{"author": None, "text": "x"}])):
            if validator.is_valid(broken):
                print("validate_schema: the schema accepts an object it should refuse")
                return 1
        for what, args in runs:
            for i, line in enumerate(lines_of(pith, *args)):
                n += 1
                errors = sorted(validator.iter_errors(json.loads(line)), key=lambda e: e.path)
                if errors:
                    bad += 1
                    e = errors[0]
                    print("validate_schema: %s, line %d: %s at %s" %
                          (what, i + 1, e.message[:300], "/".join(map(str, e.absolute_path))))
    print("validate_schema: %d objects from %d runs, %d not matching %s" %
          (n, len(runs), bad, SCHEMA.relative_to(ROOT)))
    return 1 if bad or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
