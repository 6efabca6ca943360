# SPDX-License-Identifier: MIT
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CORPUS = os.path.join(REPO, "corpus")
SCOOP = os.path.join(CORPUS, "scoop-un-kazakhstan.html")
# From corpus/README.md, checked by hand against the page.
SCOOP_TITLE = "UN Urges Restraint In Kazakhstan, With Dozens Reportedly Killed"
# The package under test is this checkout's, installed or not.
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
# tests/warc_writer.py: the WARC fixture the CLI's tests use.
sys.path.append(os.path.join(REPO, "tests"))


def read(path):
    with open(path, "rb") as f:
        return f.read()
