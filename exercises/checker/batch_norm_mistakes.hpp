// SPDX-License-Identifier: MIT
// batch_norm_mistakes.hpp: what the checker of exercise 10 (check_batch_norm.cpp) compares a
// student's tensors with when they are wrong: the tensors the usual slips in batch normalisation
// make of one call's input, each with the hint that names the slip.
#pragma once

#include <vector>

#include "checker/checker.hpp"

namespace exercises {

// One forward and backward call of a BatchNorm layer: what went in, the state before, the right
// answers (mlp::BatchNorm1d's) and what the student's layer held before.
struct BatchNormCall {
    mlp::Tensor x, dy;                        // (N, C)
    mlp::Tensor gamma, beta;                  // (1, C)
    double eps = 0.0, momentum = 0.0;
    bool training = true;
    mlp::Tensor rm_before, rv_before;         // (1, C) the running statistics before the call
    mlp::Tensor right_y, right_dx;            // (N, C)
    mlp::Tensor right_rm, right_rv;           // (1, C) after the call
    mlp::Tensor dgamma_before, dbeta_before;  // (1, C) the student's gradients before the call
    mlp::Tensor dgamma_step, dbeta_step;      // (1, C) what the call must add to them
    mlp::Tensor last_dx;                      // the student's dx of the last call (empty before the first)
};

// For each tensor a call produces, the slips that would make it, first match wins.
struct BatchNormMistakes {
    std::vector<Mistake> y, running_mean, running_var, dx, dgamma, dbeta;
};
BatchNormMistakes batch_norm_mistakes(const BatchNormCall& call);

}  // namespace exercises
