# SPDX-License-Identifier: MIT
"""pith's PEP 517 build backend: Python's standard library, CMake and a C compiler.

Why not setuptools: pip builds a package in an isolated environment, into which it installs
the [build-system] requires from the package index; offline there is none, so
`requires = ["setuptools"]` fails on a machine that has Debian's setuptools installed.
This backend requires nothing (`requires = []`, found through backend-path), so
`pip install ./bindings/python` works with build isolation on and no network.

What it builds: a wheel tagged py3-none-<platform> (ctypes, so any Python 3, but the
libraries are native code) holding the pith package, libpith.so built by CMake as a shared
library, and the pith tool (static libpith; pith.iter_warc and pith.dask run it). The C
sources come from the checkout around bindings/python, or from csrc/ in an sdist, which
build_sdist fills with what CMake needs.

Environment: CMAKE_BUILD_PARALLEL_LEVEL sets the compile jobs (default: the core count);
PITH_CMAKE_ARGS adds arguments (split on spaces) to both CMake configurations.
"""
import base64
import gzip
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import zipfile

try:
    import tomllib
except ImportError:  # Python < 3.11
    try:
        import tomli as tomllib  # type: ignore[no-redef]
    except ImportError:
        tomllib = None  # type: ignore[assignment]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # bindings/python or sdist
# The files of the Python package; libpith.so and bin/pith are added from the build.
PACKAGE_FILES = ("__init__.py", "_lib.py", "dask.py", "results.py", "py.typed")
# What CMake reads when building the library and the tool, relative to the repository root:
# CMakeLists.txt, the public header, the core's sources and the tool's.
C_TREE = ("CMakeLists.txt", "LICENSE", "include", "src", "cli/pith.c", "cli/warc.c",
          "cli/warc.h")
# Zip and tar entries get this time (1980-01-01, the earliest a zip can hold) unless
# SOURCE_DATE_EPOCH says otherwise, so the same tree gives the same archives.
EPOCH_1980 = 315532800


class BuildError(Exception):
    pass


def _c_root():
    """The directory with pith's CMakeLists.txt: csrc/ in an sdist, else the checkout."""
    for d in (os.path.join(ROOT, "csrc"), os.path.normpath(os.path.join(ROOT, "..", ".."))):
        if os.path.isfile(os.path.join(d, "CMakeLists.txt")) and \
                os.path.isfile(os.path.join(d, "include", "pith", "pith.h")):
            return d
    raise BuildError("pith: no C sources: neither %s/csrc (an sdist) nor the checkout around "
                     "bindings/python has CMakeLists.txt and include/pith/pith.h" % ROOT)


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def _version():
    """pith/_lib.py's LIBRARY_VERSION, which must be CMakeLists.txt's project version: the
    binding mirrors that library's pith_options and refuses any other."""
    m = re.search(r'^LIBRARY_VERSION = "([^"]+)"', _read(os.path.join(ROOT, "pith", "_lib.py")),
                  re.M)
    if not m:
        raise BuildError("pith: no LIBRARY_VERSION in pith/_lib.py")
    version = m.group(1)
    cmake = re.search(r"project\(pith VERSION ([0-9.]+)",
                      _read(os.path.join(_c_root(), "CMakeLists.txt")))
    if not cmake or cmake.group(1) != version:
        raise BuildError("pith: pith/_lib.py is for libpith %s but CMakeLists.txt builds %s"
                         % (version, cmake.group(1) if cmake else "no version"))
    return version


def _project():
    if tomllib is None:
        raise BuildError("pith: building needs Python 3.11 (tomllib) or the tomli module")
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]


def _metadata():
    """(distribution name, version, METADATA text) from pyproject.toml's [project]."""
    p = _project()
    version = _version()
    lines = ["Metadata-Version: 2.1", "Name: " + p["name"], "Version: " + version,
             "Summary: " + p["description"], "License: " + p["license"]["text"],
             "License-File: LICENSE", "Requires-Python: " + p["requires-python"]]
    lines += ["Classifier: " + c for c in p.get("classifiers", [])]
    lines += ["Requires-Dist: " + d for d in p.get("dependencies", [])]
    for extra, deps in sorted(p.get("optional-dependencies", {}).items()):
        lines.append("Provides-Extra: " + extra)
        lines += ['Requires-Dist: %s; extra == "%s"' % (d, extra) for d in deps]
    lines.append("Description-Content-Type: text/markdown")
    text = "\n".join(lines) + "\n\n" + _read(os.path.join(ROOT, p["readme"]))
    return p["name"], version, text


def _licence_path():
    for d in (ROOT, _c_root()):
        if os.path.isfile(os.path.join(d, "LICENSE")):
            return os.path.join(d, "LICENSE")
    raise BuildError("pith: no LICENSE beside the package or in the C sources")


def _epoch():
    return int(os.environ.get("SOURCE_DATE_EPOCH", EPOCH_1980))


def _run(cmd):
    print("pith_build: " + " ".join(cmd), file=sys.stderr, flush=True)
    r = subprocess.run(cmd, stdout=sys.stderr, stderr=sys.stderr)
    if r.returncode != 0:
        raise BuildError("pith: %s exited %d (building pith needs cmake, a C compiler, "
                         "pkg-config and the -dev packages README.md lists: libgumbo-dev, "
                         "libjson-c-dev, zlib1g-dev, libdeflate-dev)"
                         % (" ".join(cmd), r.returncode))


def _cmake_build(src, build_dir, target, shared):
    """Configures src in build_dir for one target and builds it."""
    if not shutil.which("cmake"):
        raise BuildError("pith: building the package needs cmake (Debian: cmake)")
    args = ["cmake", "-S", src, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
            "-DBUILD_SHARED_LIBS=" + ("ON" if shared else "OFF"),
            "-DPITH_BUILD_CLI=" + ("OFF" if shared else "ON"),
            "-DPITH_BUILD_TESTS=OFF", "-DPITH_BUILD_BENCH=OFF", "-DPITH_INSTALL=OFF"]
    args += os.environ.get("PITH_CMAKE_ARGS", "").split()
    _run(args)
    build = ["cmake", "--build", build_dir, "--target", target]
    if not os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL"):
        build += ["--parallel", str(os.cpu_count() or 1)]
    _run(build)


def _build_native(tmp):
    """(path of libpith.so, path of the pith tool), built in tmp."""
    src = _c_root()
    # Two configurations: the library shared (for ctypes), the tool on a static libpith, so
    # the tool runs from wherever the package is installed without an rpath to find the .so.
    _cmake_build(src, os.path.join(tmp, "shared"), "pith", shared=True)
    _cmake_build(src, os.path.join(tmp, "static"), "pith_cli", shared=False)
    lib = os.path.realpath(os.path.join(tmp, "shared", "libpith.so"))
    cli = os.path.join(tmp, "static", "pith")
    for p in (lib, cli):
        if not os.path.isfile(p):
            raise BuildError("pith: the CMake build did not produce %s" % p)
    return lib, cli


def _platform_tag():
    return re.sub(r"[-.]", "_", sysconfig.get_platform())


def _dist_info(name, version):
    return "%s-%s.dist-info" % (name, version)


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (arcname, digest, len(data))


# --- PEP 517 hooks -----------------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    name, version, text = _metadata()
    d = os.path.join(metadata_directory, _dist_info(name, version))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "w", encoding="utf-8") as f:
        f.write(text)
    return os.path.basename(d)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name, version, metadata = _metadata()
    tag = "py3-none-" + _platform_tag()
    info = _dist_info(name, version)
    files = []  # (arcname, bytes, executable)
    for n in PACKAGE_FILES:
        with open(os.path.join(ROOT, "pith", n), "rb") as f:
            files.append(("pith/" + n, f.read(), False))
    tmp = tempfile.mkdtemp(prefix="pith-build-")
    try:
        lib, cli = _build_native(tmp)
        with open(lib, "rb") as f:
            files.append(("pith/libpith.so", f.read(), False))
        with open(cli, "rb") as f:
            files.append(("pith/bin/pith", f.read(), True))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(_licence_path(), "rb") as f:
        files.append((info + "/LICENSE", f.read(), False))
    files.append((info + "/METADATA", metadata.encode("utf-8"), False))
    wheel_meta = ("Wheel-Version: 1.0\nGenerator: pith_build\nRoot-Is-Purelib: false\n"
                  "Tag: %s\n" % tag)
    files.append((info + "/WHEEL", wheel_meta.encode("ascii"), False))
    record = [_record_line(a, d) for a, d, _ in files] + [info + "/RECORD,,"]
    files.append((info + "/RECORD", ("\n".join(record) + "\n").encode("utf-8"), False))

    whl = "%s-%s-%s.whl" % (name, version, tag)
    stamp = _zip_time()
    with zipfile.ZipFile(os.path.join(wheel_directory, whl), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for arcname, data, executable in files:
            zi = zipfile.ZipInfo(arcname, stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = (0o100755 if executable else 0o100644) << 16
            z.writestr(zi, data)
    return whl


def _zip_time():
    t = time.gmtime(max(_epoch(), EPOCH_1980))
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def build_sdist(sdist_directory, config_settings=None):
    name, version, metadata = _metadata()
    base = "%s-%s" % (name, version)
    c_root = _c_root()
    entries = [("PKG-INFO", metadata.encode("utf-8"))]
    for rel in ("pyproject.toml", "README.md", "backend/pith_build.py"):
        with open(os.path.join(ROOT, rel), "rb") as f:
            entries.append((rel, f.read()))
    for n in PACKAGE_FILES:
        with open(os.path.join(ROOT, "pith", n), "rb") as f:
            entries.append(("pith/" + n, f.read()))
    with open(_licence_path(), "rb") as f:
        entries.append(("LICENSE", f.read()))
    for rel in C_TREE:
        path = os.path.join(c_root, rel)
        found = [path] if os.path.isfile(path) else sorted(
            os.path.join(d, n) for d, _, ns in os.walk(path) for n in ns)
        if not found:
            raise BuildError("pith: %s is missing from the C sources" % path)
        for p in found:
            with open(p, "rb") as f:
                entries.append(("csrc/" + os.path.relpath(p, c_root), f.read()))

    out = base + ".tar.gz"
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel, data in sorted(entries):
            ti = tarfile.TarInfo(base + "/" + rel)
            ti.size = len(data)
            ti.mtime = _epoch()
            ti.mode = 0o644
            tar.addfile(ti, io.BytesIO(data))
    with open(os.path.join(sdist_directory, out), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=_epoch()) as g:
            g.write(buf.getvalue())
    return out
