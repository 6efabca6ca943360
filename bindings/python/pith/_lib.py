# SPDX-License-Identifier: MIT
"""Loading libpith.so and declaring the few functions the binding calls.

The binding only ever calls pith_options_init, pith_extract, pith_render (JSON or another
format), pith_result_free, pith_buffer_free, pith_status_name, pith_status_message and
pith_version, so pith_result never has to be mirrored here; pith_options is, because the URL
and charset hint travel in it. Its size field tells libpith how much of the struct this
mirror knows, so a newer libpith fills only these fields and gives the rest their defaults.
"""
import ctypes
import ctypes.util
import os
import sys

# The ABI this module mirrors (pith_options' layout): libpith 0.1.x.
ABI_VERSION = (0, 1)


class Options(ctypes.Structure):
    """pith_options from pith.h, field for field."""

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
    ]


def _candidates():
    env = os.environ.get("PITH_LIBRARY")
    if env:
        # An explicit choice is the only one tried: a silent fallback would hide a typo.
        return [env], True
    names = []
    found = ctypes.util.find_library("pith")
    if found:
        names.append(found)
    # cmake --install does not run ldconfig, so a fresh /usr/local install is not in the
    # loader's cache yet: look in the usual library directories by path.
    multiarch = getattr(sys.implementation, "_multiarch", None)
    for prefix in (sys.prefix, "/usr/local", "/usr"):
        for sub in ("lib", "lib64") + ((os.path.join("lib", multiarch),) if multiarch else ()):
            names.append(os.path.join(prefix, sub, "libpith.so.0"))
    # Running from a checkout: bindings/python/pith/ -> the repo's build directories.
    repo = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    for build in ("build", "build-shared"):
        names.append(os.path.join(repo, build, "libpith.so"))
    names.append("libpith.so.0")
    return names, False


def load():
    """Returns (CDLL, path); raises OSError listing every place tried."""
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
        _declare(lib)
        return lib, name
    how = "PITH_LIBRARY=%s" % names[0] if explicit else "tried"
    raise OSError("pith: cannot load libpith.so (%s):\n  %s\nBuild it with "
                  "-DBUILD_SHARED_LIBS=ON, install it (then run ldconfig), or set "
                  "PITH_LIBRARY to its path." % (how, "\n  ".join(errors)))


def _declare(lib):
    c = ctypes
    lib.pith_version.argtypes = []
    lib.pith_version.restype = c.c_char_p
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
