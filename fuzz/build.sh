#!/bin/bash -eu
# SPDX-License-Identifier: MIT
# OSS-Fuzz / ClusterFuzzLite build: compiles pith and every fuzz target with the service's
# $CC/$CFLAGS (sanitizer and coverage flags), links them with $LIB_FUZZING_ENGINE, and puts
# the binaries, a dictionary, options and a zipped seed corpus per target in $OUT.
# The image needs: cmake pkg-config libgumbo-dev libjson-c-dev zlib1g-dev libdeflate-dev
# (their static archives are linked, so the runner needs none of them). $SRC is the checkout's parent, as the services
# lay it out; the sources are found from this script's own place.
#
# Tried here with: CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link -g"
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out SRC=.. bash fuzz/build.sh
# (ci/test-ossfuzz-build does exactly that).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${SRC:=$(dirname "$ROOT")}"
: "${WORK:=$(mktemp -d)}"
: "${CC:=clang}"
: "${CFLAGS:=}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${OUT:?set OUT to the directory that receives the fuzzers}"
export CC CFLAGS
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

build=$WORK/pith-fuzz-build
cmake -S "$ROOT" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPITH_BUILD_FUZZ=ON \
  -DPITH_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" -DPITH_BUILD_TESTS=OFF -DPITH_BUILD_CLI=OFF \
  -DPITH_BUILD_BENCH=OFF -DPITH_INSTALL=OFF -DPITH_FUZZ_STATIC_DEPS=ON

targets="extract decode screen dates jsonld warc"
for t in $targets; do
  cmake --build "$build" -j "$(nproc)" --target "fuzz_$t"
done

zip_dir() { # $1 zip file, $2 directory: its files, flat
  rm -f "$1"
  if command -v zip >/dev/null 2>&1; then
    (cd "$2" && zip -q -j "$1" ./*)
  else
    python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
out, d = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if os.path.isfile(p) and not name.startswith("."):
            z.write(p, name)
PY
  fi
}

for t in $targets; do
  cp "$build/fuzz_$t" "$OUT/"
  cp "$ROOT/fuzz/pith.dict" "$OUT/fuzz_$t.dict"
  case $t in
    extract | screen) max_len=32768 ;;
    dates) max_len=256 ;;
    warc) max_len=16384 ;;
    *) max_len=8192 ;;
  esac
  printf '[libfuzzer]\nmax_len = %s\n' "$max_len" >"$OUT/fuzz_$t.options"
  seeds=$WORK/seeds-$t
  rm -rf "$seeds" && mkdir -p "$seeds"
  for d in "$ROOT/fuzz/corpus/$t" "$ROOT/fuzz/regressions/$t"; do
    if [ -d "$d" ]; then find "$d" -maxdepth 1 -type f ! -name '.*' -exec cp {} "$seeds/" \; ; fi
  done
  if [ -n "$(ls -A "$seeds")" ]; then zip_dir "$OUT/fuzz_${t}_seed_corpus.zip" "$seeds"; fi
done
