// SPDX-License-Identifier: MIT
// student.hpp: what each exercise file defines. The starters in exercises/starters/ define all of
// it with a gap marked TODO(student); a student's own directory (-DMLP_EXERCISES_DIR=...) holds
// the same file names with the gaps filled. Read exercises/README.md first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "checker/gradient_check.hpp"
#include "mlp/mlp.hpp"

namespace student {

// 01_activation.cpp: a Tanh layer, y = tanh(x), with its backward.
std::unique_ptr<mlp::Layer> make_tanh();

// 02_dense_backward.cpp: the backward of y = x W + b.
//   x (N, in), W (in, out), dy = dL/dy (N, out)
//   writes dx = dL/dx (N, in); ADDS dL/dW into dW (in, out) and dL/db into db (1, out)
void dense_backward(const mlp::Tensor& x, const mlp::Tensor& W, const mlp::Tensor& dy, mlp::Tensor& dx,
                    mlp::Tensor& dW, mlp::Tensor& db);

// 03_softmax_cross_entropy.cpp: dL/dlogits for L = mean_n [ -log softmax(logits[n])[classes[n]] ]
//   logits (N, C), classes: N class indices in 0..C-1; writes dlogits (N, C)
void cross_entropy_backward(const mlp::Tensor& logits, const std::vector<std::size_t>& classes,
                            mlp::Tensor& dlogits);

// 04_momentum.cpp: one step of SGD with momentum on every parameter (PyTorch's rule). velocity
// holds one tensor per parameter between calls and is empty before the first call.
void momentum_step(std::vector<mlp::Param>& params, std::vector<mlp::Tensor>& velocity, double lr,
                   double momentum);

// 05_new_activation.cpp: an activation of your own choosing.
std::unique_ptr<mlp::Layer> make_my_activation();

// 06_linear_xor.cpp: (a) the one Dense layer (W, b) equal to Dense(W1, b1) followed by
// Dense(W2, b2); (b) a 2-input, 1-output network that can learn XOR.
void fold_linear(const mlp::Tensor& W1, const mlp::Tensor& b1, const mlp::Tensor& W2, const mlp::Tensor& b2,
                 mlp::Tensor& W, mlp::Tensor& b);
mlp::Sequential make_xor_model(mlp::Rng& rng);

// 07_backprop_by_hand.cpp: one forward and backward pass of a two-layer sigmoid network, by hand.
//   x (N, in), t (N, out), W1 (in, H), b1 (1, H), W2 (H, out), b2 (1, out)
//   h = sigmoid(x W1 + b1), o = sigmoid(h W2 + b2), loss = mean of (o - t)^2 over N x out elements
//   sets loss and WRITES dW1, db1, dW2, db2 (shaped like W1, b1, W2, b2)
void two_layer_backprop(const mlp::Tensor& x, const mlp::Tensor& t, const mlp::Tensor& W1, const mlp::Tensor& b1,
                        const mlp::Tensor& W2, const mlp::Tensor& b2, double& loss, mlp::Tensor& dW1,
                        mlp::Tensor& db1, mlp::Tensor& dW2, mlp::Tensor& db2);

// 08_adam.cpp: Adam as an mlp::Optimizer (PyTorch's rule with L2 weight decay; no amsgrad).
std::unique_ptr<mlp::Optimizer> make_adam(std::vector<mlp::Param> params, const mlp::AdamOptions& options);

// 09_dropout.cpp: inverted dropout as a Layer, drawing its mask from mlp::Rng(seed) as mlp::Dropout does.
std::unique_ptr<mlp::Layer> make_dropout(double p, std::uint32_t seed);

// 10_batch_norm.cpp: batch normalisation as a Layer (PyTorch's BatchNorm1d over C features): params
// gamma and beta, buffers running_mean and running_var, each (1, C).
std::unique_ptr<mlp::Layer> make_batch_norm(std::size_t features, double eps, double momentum);
// 12_svm_loss.cpp: the multiclass SVM (hinge) loss and its gradient, twice: with loops, and
// vectorised (whole-tensor steps). scores (N, C), classes: N class indices in 0..C-1;
//   returns L = (1/N) sum_n sum_{j != y_n} max(0, scores[n][j] - scores[n][y_n] + 1)
//   and WRITES dscores (N, C) = dL/dscores
double svm_loss_loops(const mlp::Tensor& scores, const std::vector<std::size_t>& classes, mlp::Tensor& dscores);
double svm_loss_vectorised(const mlp::Tensor& scores, const std::vector<std::size_t>& classes,
                           mlp::Tensor& dscores);
// 11_gradient_check.cpp: a gradient checker. Compares layer's backward with central differences
// (L(v + h) - L(v - h)) / 2h of L = sum_k r[k] y[k] (so dL/dy = r) for dL/dx and every parameter;
// r has the shape of layer.forward(x). Returns each tensor's analytic and numeric gradients and
// max relative error, and Agree, Disagree or AllZero (exercises/checker/gradient_check.hpp).
// Leaves every parameter's value exactly as it found it.
exercises::GradientCheck check_layer_gradients(mlp::Layer& layer, const mlp::Tensor& x, const mlp::Tensor& r,
                                               double h, double tolerance);

}  // namespace student
