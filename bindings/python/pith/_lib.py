# SPDX-License-Identifier: MIT
"""Loading libpith.so and declaring the few functions the binding calls; finding the pith tool.

The binding only ever calls pith_options_init, pith_extract, pith_render (JSON or another
format), pith_result_free, pith_buffer_free, pith_status_name, pith_status_message and
pith_version, so pith_result never has to be mirrored here; pith_options is, because the URL
and charset hint travel in it. Options below is pith_options exactly as libpith
LIBRARY_VERSION defines it, and its size field is ctypes.sizeof(Options): no slack bytes, no
guessing. Any other libpith version is refused before a single field is passed, since a
layout that differs in one field would silently mean other limits.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
from typing import List, Optional, Tuple

# The libpith this binding was written for: Options mirrors its pith.h. The package build
# refuses to build when CMakeLists.txt's project version says otherwise, and
# tests/test_pith.py checks the same in a checkout.
LIBRARY_VERSION = "0.2.0"

# The package's own directory: an installed package carries libpith.so and the pith tool
# here (bindings/python/backend/pith_build.py puts them there).
_HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED_LIBRARY = os.path.join(_HERE, "libpith.so")
BUNDLED_CLI = os.path.join(_HERE, "bin", "pith")
# Running from a checkout: bindings/python/pith/ -> the repository's build directories.
_REPO = os.path.normpath(os.path.join(_HERE, "..", "..", ".."))
_CHECKOUT_BUILDS = ("build", "build-shared")


class Options(ctypes.Structure):
    """pith_options from pith.h (libpith LIBRARY_VERSION), field for field."""

    _fields_ = [
        ("size", ctypes.c_size_t),
        ("max_input_bytes", ctypes.c_size_t),
        ("max_nodes", ctypes.c_size_t),
        ("max_depth", ctypes.c_uint),
        ("max_attributes", ctypes.c_uint),
        ("max_memory", ctypes.c_size_t),
        ("max_work", ctypes.c_uint64),
        ("max_output_bytes", ctypes.c_size_t),
        ("url", ctypes.c_char_p),
        ("charset_hint", ctypes.c_char_p),
        ("bias", ctypes.c_int),
        ("explain", ctypes.c_int),
        ("allocator", ctypes.c_void_p),
        ("no_links", ctypes.c_int),
        ("no_images", ctypes.c_int),
        ("no_formatting", ctypes.c_int),
        ("no_tables", ctypes.c_int),
        ("comments", ctypes.c_int),
    ]


def _candidates() -> Tuple[List[str], bool]:
    env = os.environ.get("PITH_LIBRARY")
    if env:
        # An explicit choice is the only one tried: a silent fallback would hide a typo.
        return [env], True
    # The installed package's own copy first: it was built from the same tree as this file.
    names = [BUNDLED_LIBRARY]
    found = ctypes.util.find_library("pith")
    if found:
        names.append(found)
    # cmake --install does not run ldconfig, so a fresh /usr/local install is not in the
    # loader's cache yet: look in the usual library directories by path.
    multiarch = getattr(sys.implementation, "_multiarch", None)
    for prefix in (sys.prefix, "/usr/local", "/usr"):
        for sub in ("lib", "lib64") + ((os.path.join("lib", multiarch),) if multiarch else ()):
            names.append(os.path.join(prefix, sub, "libpith.so.0"))
    for build in _CHECKOUT_BUILDS:
        names.append(os.path.join(_REPO, build, "libpith.so"))
    names.append("libpith.so.0")
    return names, False


def load() -> Tuple[ctypes.CDLL, str]:
    """Returns (CDLL, path) of the first libpith LIBRARY_VERSION found; raises ImportError
    listing every place tried and why each was not taken."""
    names, explicit = _candidates()
    errors = []
    for name in names:
        if os.path.isabs(name) and not os.path.exists(name):
            errors.append("%s: no such file" % name)
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError as e:
            errors.append("%s: %s" % (name, e))
            continue
        try:
            lib.pith_version.argtypes = []
            lib.pith_version.restype = ctypes.c_char_p
            version = lib.pith_version().decode("ascii", "replace")
        except AttributeError:
            errors.append("%s: not libpith (no pith_version)" % name)
            continue
        if version != LIBRARY_VERSION:
            errors.append("%s: libpith %s, but this binding is for libpith %s exactly "
                          "(pith_options differs between versions)"
                          % (name, version, LIBRARY_VERSION))
            continue
        _declare(lib)
        return lib, name
    how = "PITH_LIBRARY=%s" % names[0] if explicit else "tried"
    raise ImportError("pith: cannot load libpith %s (%s):\n  %s\nInstall the package "
                      "(pip install ./bindings/python builds its own copy), build it with "
                      "-DBUILD_SHARED_LIBS=ON, or set PITH_LIBRARY to its path."
                      % (LIBRARY_VERSION, how, "\n  ".join(errors)))


def _declare(lib: ctypes.CDLL) -> None:
    c = ctypes
    lib.pith_options_init.argtypes = [c.POINTER(Options), c.c_size_t]
    lib.pith_options_init.restype = None
    lib.pith_extract.argtypes = [c.c_char_p, c.c_size_t, c.POINTER(Options),
                                 c.POINTER(c.c_void_p)]
    lib.pith_extract.restype = c.c_int
    lib.pith_result_free.argtypes = [c.c_void_p]
    lib.pith_result_free.restype = None
    # char ** as void **: a c_char_p result would be copied into bytes and its pointer lost.
    lib.pith_render.argtypes = [c.c_void_p, c.c_int, c.POINTER(c.c_void_p),
                                c.POINTER(c.c_size_t)]
    lib.pith_render.restype = c.c_int
    lib.pith_buffer_free.argtypes = [c.c_void_p]
    lib.pith_buffer_free.restype = None
    lib.pith_status_name.argtypes = [c.c_int]
    lib.pith_status_name.restype = c.c_char_p
    lib.pith_status_message.argtypes = [c.c_int]
    lib.pith_status_message.restype = c.c_char_p


def find_cli(explicit: Optional[str] = None) -> str:
    """The pith tool to run: explicit, else PITH_CLI, else the installed package's own copy,
    else a checkout's build directory, else pith on PATH. Raises RuntimeError when there is
    none, or when the one chosen is not pith LIBRARY_VERSION (its JSON is what the result
    classes mirror)."""
    cli = explicit or os.environ.get("PITH_CLI")
    if not cli:
        local = [BUNDLED_CLI] + [os.path.join(_REPO, b, "pith") for b in _CHECKOUT_BUILDS]
        cli = next((p for p in local if os.access(p, os.X_OK)), None) or shutil.which("pith")
    if not cli:
        raise RuntimeError("pith: WARC files need the pith tool, and there is none: install "
                           "this package (it carries one), put pith on PATH, or set PITH_CLI")
    try:
        out = subprocess.run([cli, "--version"], capture_output=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        raise RuntimeError("pith: cannot run the pith tool %s: %s" % (cli, e)) from None
    said = out.decode("utf-8", "replace").strip()
    if said != "pith " + LIBRARY_VERSION:
        raise RuntimeError("pith: %s says %r, but this binding is for pith %s exactly"
                           % (cli, said, LIBRARY_VERSION))
    return cli
