// SPDX-License-Identifier: MIT
// exercise_test_support.hpp: what the exercise tests ask of a verdict (tests/test_exercises*.cpp).
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "checker/checker.hpp"

namespace exercise_tests {

// Whether any hint of the verdict contains `text` (hints are what the student is told to fix).
inline bool hints_at(const exercises::Verdict& v, const std::string& text) {
    for (const std::string& hint : v.hints)
        if (hint.find(text) != std::string::npos) return true;
    return false;
}

inline bool notes_say(const exercises::Verdict& v, const std::string& text) {
    for (const std::string& note : v.notes)
        if (note.find(text) != std::string::npos) return true;
    return false;
}

// A wrong solution: refused, with the hint that names its mistake (or, with hint "", refused
// with no claim about the hint).
inline void refused(const exercises::Verdict& v, const std::string& hint) {
    CAPTURE(v.text());
    CHECK_FALSE(v.passed);
    if (!hint.empty()) CHECK(hints_at(v, hint));
}

inline void accepted(const exercises::Verdict& v) {
    CHECK_MESSAGE(v.passed, v.text());
    CHECK(v.hints.empty());
}

}  // namespace exercise_tests
