# SPDX-License-Identifier: MIT
# doctest.cmake: finds doctest for the tests, or fetches a pinned release where it is missing.
#
# doctest is one header. Where find_package(doctest) finds none (and MLP_FETCH_DOCTEST is on),
# configuring downloads that header from doctest's release v2.4.11, checks its SHA-256 and keeps
# it in the build tree, so the next configure does not fetch it again. Not FetchContent: its
# failed download stops configuring with a page of sub-build errors, where this stops with one
# line saying what to install. The download gives up after 30 s, so a closed network cannot
# hang a configure.
option(MLP_FETCH_DOCTEST "Download doctest (a pinned release, hash-checked) when find_package finds none" ON)
set(MLP_DOCTEST_URL "https://raw.githubusercontent.com/doctest/doctest/v2.4.11/doctest/doctest.h"
    CACHE STRING "Where the doctest header is downloaded from when it is missing")
set(mlp_doctest_sha256 "44faa038e9c3f9728efbda143748d01124ea0a27f4bf78f35a15d8fab2e039fb")  # v2.4.11

# Cross-compiled tests (the web-test preset: emscripten) cannot take the host's doctest through
# find_package: its include folder, /usr/include, holds the host's C library too. The one header
# is copied into the build tree instead, from the file MLP_DOCTEST_HEADER names.
set(MLP_DOCTEST_HEADER "" CACHE FILEPATH "doctest.h to copy and use instead of find_package (cross builds)")
if(MLP_DOCTEST_HEADER)
    file(COPY "${MLP_DOCTEST_HEADER}" DESTINATION "${PROJECT_BINARY_DIR}/_deps/doctest-copy/doctest")
    add_library(mlp_doctest INTERFACE)
    target_include_directories(mlp_doctest SYSTEM INTERFACE "${PROJECT_BINARY_DIR}/_deps/doctest-copy")
    add_library(doctest::doctest ALIAS mlp_doctest)
    return()
endif()

find_package(doctest QUIET)
if(NOT doctest_FOUND AND MLP_FETCH_DOCTEST AND NOT FETCHCONTENT_FULLY_DISCONNECTED)
    set(mlp_doctest_dir "${PROJECT_BINARY_DIR}/_deps/doctest-2.4.11")
    set(mlp_doctest_header "${mlp_doctest_dir}/doctest/doctest.h")
    set(mlp_doctest_hash "")
    if(EXISTS "${mlp_doctest_header}")
        file(SHA256 "${mlp_doctest_header}" mlp_doctest_hash)
    endif()
    if(NOT mlp_doctest_hash STREQUAL mlp_doctest_sha256)
        message(STATUS "doctest not found: downloading ${MLP_DOCTEST_URL}")
        file(DOWNLOAD "${MLP_DOCTEST_URL}" "${mlp_doctest_header}.part"
             TIMEOUT 30 INACTIVITY_TIMEOUT 10 STATUS mlp_doctest_status)
        list(GET mlp_doctest_status 0 mlp_doctest_code)
        if(mlp_doctest_code EQUAL 0)
            file(SHA256 "${mlp_doctest_header}.part" mlp_doctest_hash)
            if(mlp_doctest_hash STREQUAL mlp_doctest_sha256)
                file(RENAME "${mlp_doctest_header}.part" "${mlp_doctest_header}")
            else()
                message(STATUS "doctest download: SHA-256 ${mlp_doctest_hash}, expected ${mlp_doctest_sha256}; not used")
            endif()
        else()
            list(GET mlp_doctest_status 1 mlp_doctest_error)
            message(STATUS "doctest download failed: ${mlp_doctest_error}")
        endif()
        file(REMOVE "${mlp_doctest_header}.part")
    endif()
    if(mlp_doctest_hash STREQUAL mlp_doctest_sha256)
        add_library(mlp_doctest INTERFACE)
        # SYSTEM: the project's warning flags (and -Werror in CI) are for its own code.
        target_include_directories(mlp_doctest SYSTEM INTERFACE "${mlp_doctest_dir}")
        add_library(doctest::doctest ALIAS mlp_doctest)
        set(doctest_FOUND TRUE)
        message(STATUS "doctest: using the downloaded v2.4.11 in ${mlp_doctest_dir}")
    endif()
endif()
if(NOT doctest_FOUND)
    message(FATAL_ERROR
        "doctest was not found; install it (Debian/Ubuntu: 'sudo apt install doctest-dev', "
        "Homebrew: 'brew install doctest', vcpkg: 'vcpkg install doctest'), or configure with "
        "-DMLP_BUILD_TESTS=OFF")
endif()
