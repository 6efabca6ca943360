#!/bin/bash -eu
# SPDX-License-Identifier: MIT
# ClusterFuzzLite runs $SRC/build.sh in $SRC/pith with its $CC, $CFLAGS, $LIB_FUZZING_ENGINE
# and $OUT. pith's own fuzz/build.sh does all of it (targets, dictionary, options, seed
# corpora), so OSS-Fuzz and ClusterFuzzLite build the same fuzzers that ci/ tests.
exec bash "$SRC/pith/fuzz/build.sh"
