// SPDX-License-Identifier: MIT
// test_main.cpp: doctest's main(), shared by every test program.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
