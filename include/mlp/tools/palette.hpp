// SPDX-License-Identifier: MIT
// palette.hpp: the one set of class and series colours every picture uses (SVGs, terminal,
// and the playground, whose web/playground.js copies kClassColours and a test compares them).
#pragma once

#include <cstddef>

namespace mlp {

// Okabe and Ito's palette ("Color Universal Design", 2008): eight colours that stay distinct for
// readers with any of the common colour-vision deficiencies, and in greyscale for the first two.
// Class 0 orange and class 1 blue differ in hue and in lightness, so two-class pictures read
// for everyone; pictures also give the classes different shapes (circle, triangle, ...).
inline constexpr std::size_t kClassColourCount = 8;
inline constexpr const char* kClassColours[kClassColourCount] = {
    "#E69F00",  // class 0: orange
    "#0072B2",  // class 1: blue
    "#D55E00",  // class 2: vermillion
    "#009E73",  // class 3: bluish green
    "#CC79A7",  // class 4: reddish purple
    "#56B4E9",  // class 5: sky blue
    "#F0E442",  // class 6: yellow
    "#000000",  // class 7: black
};

// The colour of class (or series) c; after eight they repeat, and the shapes tell them apart.
inline const char* class_colour(std::size_t c) { return kClassColours[c % kClassColourCount]; }

}  // namespace mlp
