// SPDX-License-Identifier: MIT
// gradcheck.hpp: compare a layer's backward with central finite differences of its forward.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "mlp/nn/layer.hpp"
#include "mlp/nn/loss.hpp"

namespace mlp {

struct GradcheckOptions {
    double h = 1e-5;           // step of the central difference (f(v + h) - f(v - h)) / 2h
    double tolerance = 1e-6;   // largest relative error that passes (a single layer does ~1e-9)
    // Relative error is |a - n| / max(|a| + |n|, floor). Central differences carry an absolute
    // error near eps |f| / h (rounding), a large *relative* error for a gradient element that is
    // truly 0; below the floor an element counts by absolute size. The floor is min_scale times
    // the largest |gradient| of the check (at most min_scale itself), so it shrinks with tiny
    // gradients and a wrong backward of gradients near 1e-10 still fails; and it is never below
    // a million times the element's own rounding noise (what central differences can resolve).
    double min_scale = 1e-3;
    std::uint32_t seed = 1;    // for the random weights of the layer check (see below)
    bool check_input = true;   // also compare dL/dx
};

struct GradcheckResult {
    bool passed = false;
    bool all_zero = false;          // every analytic gradient was 0: refused, not passed
    double worst_error = 0.0;       // the largest relative error found
    std::string worst_where;        // "dense0.W[1, 2]", "input[0, 1]"
    double worst_analytic = 0.0;    // the two values at that element
    double worst_numeric = 0.0;
    double largest_gradient = 0.0;  // the largest |analytic| seen anywhere
    std::size_t checked = 0;        // how many elements were compared
    double tolerance = 0.0;
    std::string summary;            // one readable line saying all of the above
};

std::ostream& operator<<(std::ostream& os, const GradcheckResult& r);

// Layers that draw random numbers (Dropout, RReLU in training) are checked too: every forward
// starts from the layer's state() taken before the first, so each draws the same mask/slopes.
//
// One layer on its own. It is scored with L = sum_k w[k] y[k] for a fixed random w (seeded),
// so dL/dy = w: random weights, not ones, because for layers like Softmax the plain sum of the
// outputs is constant and every gradient would be 0. Checks dL/dx and every parameter.
GradcheckResult gradcheck(Layer& layer, const Tensor& x, GradcheckOptions options = {});

// A whole model with a loss: L = loss(model(x), target). Checks every parameter and dL/dx.
GradcheckResult gradcheck(Layer& model, Loss& loss, const Tensor& x, const Tensor& target,
                          GradcheckOptions options = {});

}  // namespace mlp
