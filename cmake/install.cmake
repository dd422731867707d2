# install.cmake - what `cmake --install` puts in place, and the Debian
# package (`cpack -G DEB`). Paths follow GNUInstallDirs.
include(CMakePackageConfigHelpers)

install(TARGETS defimpact_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/defimpact
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")

set(DI_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/defimpact)
install(TARGETS defimpact EXPORT defimpact-static-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT defimpact-static-targets NAMESPACE defimpact::
        DESTINATION ${DI_CMAKE_DIR})
if(DI_BUILD_SHARED_LIB)
  install(TARGETS defimpact_shared EXPORT defimpact-targets
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT defimpact-targets NAMESPACE defimpact:: DESTINATION ${DI_CMAKE_DIR})
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/defimpact-config.cmake.in
  ${PROJECT_BINARY_DIR}/defimpact-config.cmake INSTALL_DESTINATION ${DI_CMAKE_DIR})
# before 1.0 the minor version must match too (the SONAME carries it)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/defimpact-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/defimpact-config.cmake
              ${PROJECT_BINARY_DIR}/defimpact-config-version.cmake
        DESTINATION ${DI_CMAKE_DIR})

# pkg-config: written at install time, so that the prefix is the one installed
# to (`cmake --install build --prefix P`, or /usr in the Debian package); one
# file per destination, so that two installs at once (tests) do not mix them.
install(CODE "
  set(DI_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(CMAKE_INSTALL_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(CMAKE_INSTALL_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  string(MD5 di_pc_tag \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
  set(di_pc \"${PROJECT_BINARY_DIR}/pkgconfig/\${di_pc_tag}/defimpact.pc\")
  configure_file(\"${PROJECT_SOURCE_DIR}/cmake/defimpact.pc.in\" \"\${di_pc}\" @ONLY)
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig\"
       TYPE FILE FILES \"\${di_pc}\")")

# man pages and completions (generated in CMakeLists.txt from docs/man)
install(DIRECTORY ${DI_GEN}/man1 DESTINATION ${CMAKE_INSTALL_MANDIR})
install(FILES ${DI_GEN}/bash/completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME defimpact)
# zsh searches site-functions under /usr/local, vendor-completions under
# /usr on Debian: the function goes to both (a source install, the .deb).
foreach(zdir site-functions vendor-completions)
  install(FILES ${DI_GEN}/zsh/completion DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/${zdir}
          RENAME _defimpact)
endforeach()

# documentation and the example program
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
        FILES_MATCHING PATTERN "*.md" PATTERN "man" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/examples/event_study.c
              ${PROJECT_SOURCE_DIR}/examples/in_memory.c
              ${PROJECT_SOURCE_DIR}/examples/CMakeLists.txt
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# the Python binding (pure Python over the shared library): in Debian's
# dist-packages with the package's /usr prefix
if(DI_BUILD_SHARED_LIB)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/bindings/python/defimpact
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/python3/dist-packages
          FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
endif()

# The Debian package: everything above, under /usr. The Depends are the
# runtime packages of Debian 12 (bookworm) that the shared library links
# (libgsl27 brings libgslcblas0); the tool itself carries static copies of
# GSL, double-conversion, nettle, inih and libcsv (DI_CLI_STATIC_DEPS in
# CMakeLists.txt) and links libm and libc; libxlsxwriter4 is opened when
# a report.xlsx is written (src/lib/report/xlsx_api.h).
set(CPACK_PACKAGE_NAME defimpact)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "defimpact maintainers <defimpact@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_STRIP_FILES ON) # the tool and the shared library, as Debian ships them
# shlibs file and the ldconfig trigger for libdefimpact.so.0.1 in /usr/lib
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6 (>= 2.34), libgsl27, libcsv3, libinih1, libnettle8, libdouble-conversion3, libxlsxwriter4, tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libgsl-dev, libcsv-dev, libinih-dev, nettle-dev, libdouble-conversion-dev, libxlsxwriter-dev, pkg-config")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "event studies of defense stocks against dated news
 defimpact computes abnormal returns, CARs and BHARs with the standard battery
 of significance tests, decomposes reported moves into market, sector and
 stock-specific parts, and writes CSV and text reports. This package holds the
 command-line tool, the C library (shared and static), its headers,
 pkg-config and CMake files, man pages and shell completions.")
set(CPACK_GENERATOR DEB)
include(CPack)
