# SPDX-License-Identifier: MIT
"""`pip install ./bindings/python` as the README gives it, offline, into a fresh venv
(python3 -m venv --system-site-packages), then the installed package used from elsewhere
with no PITH_LIBRARY, PITH_CLI or PYTHONPATH and no pith on PATH: it must carry its own
libpith.so and pith tool. Offline means pip's --no-index and, where `unshare -n` works (root,
or user namespaces), no network device at all. Also the sdist: a wheel built from it, offline.

Each test builds libpith twice with CMake (shared, and static for the tool): about a minute
on 2 busy cores. CMAKE_BUILD_PARALLEL_LEVEL is taken from JOBS (default 2).
"""
import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

import pith
import warc_writer
from conftest import CORPUS, REPO, SCOOP, SCOOP_TITLE
from pith import _lib

BINDING = os.path.join(REPO, "bindings", "python")
sys.path.insert(0, os.path.join(BINDING, "backend"))
import pith_build  # noqa: E402

# What an installed package holds besides its Python files.
NATIVE = ["pith/libpith.so", "pith/bin/pith"]


def clean_env(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PITH_LIBRARY", "PITH_CLI", "PYTHONPATH", "PYTHONHOME")}
    # /usr/local/bin left out: a root install of the tool there must not be what is found.
    env["PATH"] = "/usr/bin:/bin"
    env["CMAKE_BUILD_PARALLEL_LEVEL"] = os.environ.get("JOBS", "2")
    env["PIP_NO_CACHE_DIR"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["HOME"] = str(tmp_path)  # nothing from the user's pip config or caches
    return env


def offline():
    """A prefix that runs a command without a network, when this machine allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def run(cmd, env, cwd):
    r = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    assert r.returncode == 0, "%s exited %d:\n%s\n%s" % (" ".join(cmd), r.returncode,
                                                        r.stdout[-3000:], r.stderr[-3000:])
    return r.stdout


def make_venv(path, env):
    run([sys.executable, "-m", "venv", "--system-site-packages", str(path)], env, str(path.parent))
    return str(path / "bin" / "python")


USE = r"""
import json, sys
import pith
from pith import _lib
page, warc = sys.argv[1], sys.argv[2]
art = pith.extract_file(page)
print(json.dumps({"file": pith.__file__, "library": pith.library_path, "cli": _lib.find_cli(),
                  "title": art.title, "article": art.to_dict(),
                  "warc": [r.to_dict() for r in pith.iter_warc(warc, jobs=2)]}))
"""

# What a user's code type-checks against: the installed package's annotations (py.typed).
TYPED_OK = """
from typing import Iterator, List, Optional
import pith

art: pith.Article = pith.extract(b"<p>x</p>", url="https://example.org/")
title: Optional[str] = art.title
words: int = art.word_count
md: str = pith.extract(b"<p>x</p>", format="markdown")
texts: List[Optional[str]] = [b.text for b in art.blocks if isinstance(b, pith.TextBlock)]
records: Iterator[pith.WarcRecord] = pith.iter_warc("x.warc.gz")
"""
TYPED_WRONG = """
import pith

n: int = pith.extract(b"<p>x</p>").title
s: str = pith.extract(b"<p>x</p>")
pith.extract(b"<p>x</p>", "https://example.org/")
"""


def test_offline_install_into_a_fresh_venv(tmp_path):
    env = clean_env(tmp_path)
    py = make_venv(tmp_path / "venv", env)
    pip = [py, "-m", "pip"]
    before = subprocess.run(["git", "status", "--porcelain", "--ignored", BINDING], cwd=REPO,
                            capture_output=True, text=True).stdout
    # Build isolation stays on: the backend needs nothing pip would have to fetch.
    run(offline() + pip + ["install", "--no-index", BINDING], env, str(tmp_path))
    after = subprocess.run(["git", "status", "--porcelain", "--ignored", BINDING], cwd=REPO,
                           capture_output=True, text=True).stdout
    assert after == before, "the build wrote into the source tree:\n" + after

    data, expect = warc_writer.fixture(sorted(
        os.path.join(CORPUS, n) for n in os.listdir(CORPUS) if n.endswith(".html"))[:6])
    warc = tmp_path / "fixture.warc.gz"
    warc.write_bytes(data)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "use.py").write_text(USE)
    got = json.loads(run([py, "use.py", SCOOP, str(warc)], env, str(elsewhere)))

    site = os.path.dirname(got["file"])
    assert site.startswith(str(tmp_path / "venv")), got["file"]
    assert got["library"] == os.path.join(site, "libpith.so")
    assert got["cli"] == os.path.join(site, "bin", "pith")
    assert got["title"] == SCOOP_TITLE
    # The package's own Release build gives what this checkout's library gives.
    assert got["article"] == pith.extract_file(SCOOP).to_dict()
    assert len(got["warc"]) == len(expect)
    assert [w.get("warc_record_id") for w, e in zip(got["warc"], expect) if not e.get("error")] \
        == [e["id"] for e in expect if not e.get("error")]

    # py.typed: mypy reads the installed annotations (it is in Debian's python3-mypy).
    (elsewhere / "ok.py").write_text(TYPED_OK)
    (elsewhere / "wrong.py").write_text(TYPED_WRONG)
    run([py, "-m", "mypy", "--strict", "--no-incremental", "ok.py"], env, str(elsewhere))
    r = subprocess.run([py, "-m", "mypy", "--strict", "--no-incremental", "wrong.py"], env=env,
                       cwd=str(elsewhere), capture_output=True, text=True)
    assert r.returncode == 1, r.stdout + r.stderr
    assert 'wrong.py:4: error: Incompatible types in assignment (expression has type ' \
           '"Optional[str]", variable has type "int")' in r.stdout, r.stdout
    assert 'wrong.py:5: error: Incompatible types in assignment (expression has type ' \
           '"Article", variable has type "str")' in r.stdout, r.stdout
    assert 'wrong.py:6: error: No overload variant of "extract" matches argument types ' \
           '"bytes", "str"' in r.stdout, r.stdout

    # RECORD lists every file: uninstalling leaves nothing behind.
    run(pip + ["uninstall", "-y", "pith"], env, str(tmp_path))
    assert not os.path.exists(site)


def test_sdist_builds_offline(tmp_path):
    """The sdist carries the C sources CMake needs; pip builds a wheel from it offline."""
    env = clean_env(tmp_path)
    sdist = pith_build.build_sdist(str(tmp_path))
    wheels = tmp_path / "wheels"
    run(offline() + [sys.executable, "-m", "pip", "wheel", "--no-index", "--no-deps",
                     "-w", str(wheels), str(tmp_path / sdist)], env, str(tmp_path))
    (whl,) = os.listdir(wheels)
    assert whl == "pith-%s-py3-none-%s.whl" % (_lib.LIBRARY_VERSION, pith_build._platform_tag())
    with zipfile.ZipFile(wheels / whl) as z:
        names = z.namelist()
        info = "pith-%s.dist-info/" % _lib.LIBRARY_VERSION
        assert sorted(names) == sorted(["pith/" + n for n in pith_build.PACKAGE_FILES] + NATIVE
                                       + [info + n for n in ("LICENSE", "METADATA", "WHEEL",
                                                             "RECORD")])
        meta = z.read(info + "METADATA").decode()
        assert "License: MIT" in meta and "Version: " + _lib.LIBRARY_VERSION in meta
        assert z.getinfo("pith/bin/pith").external_attr >> 16 & 0o111
        z.extractall(tmp_path / "unpacked")
    # The wheel's library is the one this binding accepts.
    r = subprocess.run([sys.executable, "-c", "import pith; print(pith.version())"],
                       env=dict(env, PITH_LIBRARY=str(tmp_path / "unpacked" / NATIVE[0])),
                       cwd=BINDING, capture_output=True, text=True)
    assert r.stdout.strip() == _lib.LIBRARY_VERSION, r.stderr


def test_backend_refuses_a_version_mismatch(tmp_path, monkeypatch):
    """pith/_lib.py and CMakeLists.txt must name the same version, or nothing is built."""
    fake = tmp_path / "csrc"
    (fake / "include" / "pith").mkdir(parents=True)
    (fake / "include" / "pith" / "pith.h").write_text("")
    (fake / "CMakeLists.txt").write_text("project(pith VERSION 0.9.0 LANGUAGES C)\n")
    shutil.copytree(os.path.join(BINDING, "pith"), tmp_path / "pith")
    shutil.copy(os.path.join(BINDING, "pyproject.toml"), tmp_path)
    monkeypatch.setattr(pith_build, "ROOT", str(tmp_path))
    with pytest.raises(pith_build.BuildError, match="is for libpith %s but CMakeLists.txt "
                       "builds 0.9.0" % _lib.LIBRARY_VERSION):
        pith_build.build_wheel(str(tmp_path))
