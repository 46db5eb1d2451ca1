// SPDX-License-Identifier: MIT
// xor_about.hpp: what `xor --help` says (lesson_options.hpp prints it), kept beside the lesson
// rather than in it so the lesson's own file stays the short claim it is.
#pragma once

#include "lesson_options.hpp"

namespace xor_lesson {

inline const lesson::About kAbout{
    "stacked linear layers cannot learn XOR; add a non-linearity between them and the same stack can. "
    "Ten seeds per activation, each verdict derived from what the runs measured, with its rule.",
    "nothing",
    "full 0.2 s; --quick changes nothing (ten seeds either way)"};

}  // namespace xor_lesson
