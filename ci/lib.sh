# SPDX-License-Identifier: MIT
# Shared by the ci/ scripts: sourced, not run.
# BUILD_ROOT lets a developer keep CI's build dirs apart from their own (default: build/).
BUILD_ROOT=${BUILD_ROOT:-build}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# Debian's llvm-symbolizer is versioned; sanitizers look for the plain name or this variable.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  for s in llvm-symbolizer llvm-symbolizer-14; do
    if command -v "$s" >/dev/null 2>&1; then
      ASAN_SYMBOLIZER_PATH=$(command -v "$s")
      export ASAN_SYMBOLIZER_PATH
      break
    fi
  done
fi
