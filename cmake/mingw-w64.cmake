# SPDX-License-Identifier: MIT
# mingw-w64.cmake: cross-compiles for 64-bit Windows with MinGW-w64 (Debian's
# g++-mingw-w64-x86-64-posix: the "posix" thread model, which std::thread needs) and runs the
# tests under Wine (Debian's wine), through CMAKE_CROSSCOMPILING_EMULATOR. The mingw preset uses it.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(mlp_mingw_prefix x86_64-w64-mingw32)
set(CMAKE_CXX_COMPILER ${mlp_mingw_prefix}-g++-posix)
set(CMAKE_RC_COMPILER ${mlp_mingw_prefix}-windres)

# Libraries and headers come from the MinGW sysroot only, never the host's /usr/include or /usr/lib
# (doctest, a single header, is copied in by cmake/doctest.cmake: MLP_DOCTEST_HEADER).
set(CMAKE_FIND_ROOT_PATH /usr/${mlp_mingw_prefix})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The C++ runtime, libgcc and winpthreads linked in: each .exe runs on its own, under Wine or on a
# Windows machine without MinGW, with no DLL to find.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# Wine runs the 64-bit programs. Debian's /usr/bin/wine is a script that asks for the 32-bit Wine
# when it is missing; the 64-bit loader needs no such help. Its prefix (the simulated C: drive) lives
# in the build folder, created by the first program run (a few seconds); WINEDEBUG=-all keeps Wine's
# own diagnostics out of the tests' output, and the empty DLL overrides stop it offering to install
# Mono and Gecko into the new prefix.
find_program(MLP_WINE NAMES wine64 PATHS /usr/lib/wine /usr/lib64/wine NO_DEFAULT_PATH)
find_program(MLP_WINE NAMES wine64 wine)
if(MLP_WINE)
    set(MLP_WINEPREFIX "${CMAKE_BINARY_DIR}/wine" CACHE PATH "The Wine prefix the tests run in")
    set(CMAKE_CROSSCOMPILING_EMULATOR env WINEDEBUG=-all "WINEPREFIX=${MLP_WINEPREFIX}"
        "WINEDLLOVERRIDES=mscoree,mshtml=" ${MLP_WINE})
endif()
