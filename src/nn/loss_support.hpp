// SPDX-License-Identifier: MIT
// loss_support.hpp: what loss.cpp shares with the other losses' files (bce_loss.cpp,
// cross_entropy_loss.cpp): reading outputs as probabilities, and target checks. Not installed.
#pragma once

#include <cstddef>

#include "mlp/nn/loss.hpp"

namespace mlp {

// Throws unless every element of t is in [0, 1], naming `what` and the first bad element.
void check_probabilities(const char* who, const char* what, const Tensor& t);

// How MSE and the two BCEs read one output as a probability: clipped to [0, 1], or its sigmoid.
using ToProbability = double (*)(double);
double clipped(double value);
double logistic(double logit);

// Each output read as a probability q = probability(pred), then as classes:
//   one column  -> p (N, 2): p1 = q, p0 = 1 - q
//   F columns   -> p (N, F): p_c = q_c / sum_c' q_c', uniform if all are 0
void output_probabilities(const char* who, const Tensor& pred, Tensor& p, ToProbability probability);

// Reads target(n, 0) as a class index below C, or throws naming the loss, its method and the row.
std::size_t class_index(const Loss& loss, const char* method, const Tensor& target, std::size_t n, std::size_t C);

}  // namespace mlp
