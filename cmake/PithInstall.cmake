# SPDX-License-Identifier: MIT
# install + export, included from the top-level CMakeLists.txt when PITH_INSTALL is on.
# Installs: include/pith/pith.h, libpith.so.0.2.0 (+ links) and libpith.a, the pith tool,
# pith-corpus, the man pages (with a man3 alias per function), the bash completion,
# lib/cmake/pith/{pithConfig,pithConfigVersion,pithTargets*}.cmake, pith.pc, the LICENSE.
include(CMakePackageConfigHelpers)

set(PITH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pith)

install(TARGETS pith ${PITH_OTHER} EXPORT pithTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT lib NAMELINK_COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT lib
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/pith/pith.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/pith COMPONENT dev)
# The licence travels with the headers and the CMake package (MIT: the notice must go along).
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/licenses/pith
  COMPONENT dev)
install(FILES ${PROJECT_SOURCE_DIR}/man/pith.3 DESTINATION ${CMAKE_INSTALL_MANDIR}/man3
  COMPONENT dev)
# `man pith_extract` opens pith.3: one ".so" page per function that pith.3's NAME section
# lists, so a function added there gets its alias without touching this file.
file(READ ${PROJECT_SOURCE_DIR}/man/pith.3 PITH_MAN3_TEXT)
string(REGEX MATCH "\n\\.SH NAME\n[^\\]*" PITH_MAN3_NAME "${PITH_MAN3_TEXT}")
string(REGEX MATCHALL "pith_[a-z_]+" PITH_MAN3_FUNCTIONS "${PITH_MAN3_NAME}")
foreach(fn IN LISTS PITH_MAN3_FUNCTIONS)
  file(WRITE ${PROJECT_BINARY_DIR}/man3/${fn}.3 ".so man3/pith.3\n")
  install(FILES ${PROJECT_BINARY_DIR}/man3/${fn}.3 DESTINATION ${CMAKE_INSTALL_MANDIR}/man3
    COMPONENT dev)
endforeach()

# pith::pith is the flavour BUILD_SHARED_LIBS chose; pithConfig.cmake adds pith::pith_static
# or pith::pith_shared for it, so both names always exist.
install(EXPORT pithTargets NAMESPACE pith:: DESTINATION ${PITH_CMAKE_DIR} COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/pithConfig.cmake.in
  ${PROJECT_BINARY_DIR}/pithConfig.cmake INSTALL_DESTINATION ${PITH_CMAKE_DIR})
# 0.x: a minor release may change the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pithConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/pithConfig.cmake ${PROJECT_BINARY_DIR}/pithConfigVersion.cmake
  DESTINATION ${PITH_CMAKE_DIR} COMPONENT dev)

# pith.pc finds its prefix from its own place (${pcfiledir}), so `cmake --install --prefix`
# into any directory gives a working file.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(PITH_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(PITH_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(PITH_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH PITH_PC_UP "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" PITH_PC_UP "${PITH_PC_UP}")
  set(PITH_PC_PREFIX "\${pcfiledir}/${PITH_PC_UP}")
  set(PITH_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(PITH_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/pith.pc.in ${PROJECT_BINARY_DIR}/pith.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/pith.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT dev)

if(PITH_BUILD_CLI)
  install(TARGETS pith_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
  install(FILES ${PROJECT_SOURCE_DIR}/man/pith.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
    COMPONENT cli)
  # The corpus tool (Python 3 standard library only) finds pith on PATH once installed.
  install(PROGRAMS ${PROJECT_SOURCE_DIR}/cli/pith-corpus DESTINATION ${CMAKE_INSTALL_BINDIR}
    COMPONENT cli)
  install(FILES ${PROJECT_SOURCE_DIR}/cli/completion/pith.bash
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME pith COMPONENT cli)
endif()
