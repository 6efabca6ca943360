# SPDX-License-Identifier: MIT
# fuzz_warc reads web archives with the CLI's reader (cli/warc.c), which is not part of the
# core and inflates with zlib and libdeflate. For the libFuzzer target (fuzz/CMakeLists.txt)
# and its plain replay under ctest (fuzz/replay/CMakeLists.txt) alike:
#   pith_fuzz_warc_deps()           finds zlib and libdeflate, in the caller's scope (a macro,
#                                   so that their *_STATIC_LIBRARIES stay visible there)
#   pith_fuzz_warc_reader(target)   compiles the reader into target with the fuzz build's
#                                   small buffers (PITH_CLI_WARC_FUZZ_SIZES) and links them
macro(pith_fuzz_warc_deps)
  foreach(dep ZLIB LIBDEFLATE)
    if(NOT TARGET PkgConfig::${dep})
      string(TOLOWER ${dep} mod)
      pkg_check_modules(${dep} REQUIRED IMPORTED_TARGET ${mod})
    endif()
  endforeach()
endmacro()

function(pith_fuzz_warc_reader target)
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cli/warc.c)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cli)
  target_compile_definitions(${target} PRIVATE PITH_CLI_WARC_FUZZ_SIZES)
  target_link_libraries(${target} PRIVATE PkgConfig::ZLIB PkgConfig::LIBDEFLATE)
endfunction()
