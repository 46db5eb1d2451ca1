// SPDX-License-Identifier: MIT
// xor_about.hpp: what `xor --help` and `xor_activations --help` say (lesson_options.hpp prints
// it), kept beside the lessons rather than in them so xor.cpp stays the short claim it is.
#pragma once

#include "lesson_options.hpp"

namespace xor_lesson {

inline const lesson::About kAbout{
    "stacked linear layers cannot learn XOR; put tanh between them and the same 2-8-8-1 stack can. "
    "Five seeds each way through mlp::Trainer, and the linear stack folded into its one affine map.",
    "nothing",
    "full under 0.1 s; --quick changes nothing (five seeds either way)"};

inline const lesson::About kActivationsAbout{
    "the XOR claim over every activation in the library: ten seeds per activation, each verdict "
    "derived from what the runs measured, with its rule, and each miss explained from its numbers.",
    "nothing",
    "full 0.2 s; --quick changes nothing (ten seeds either way)"};

}  // namespace xor_lesson
