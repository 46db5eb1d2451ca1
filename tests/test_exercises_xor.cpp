// SPDX-License-Identifier: MIT
// test_exercises_xor.cpp: the checkers of exercise 6: (a) folding two Dense layers into one, and
// (b) a network that learns XOR, where a network that is one affine map is recognised by
// measuring it, whatever its layers are called.
#include <doctest/doctest.h>

#include "exercise_test_support.hpp"
#include "student.hpp"

using exercise_tests::accepted;
using exercise_tests::hints_at;
using exercise_tests::notes_say;
using exercise_tests::refused;
using mlp::Tensor;

namespace {

void fold_library(const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2, Tensor& W, Tensor& b) {
    mlp::Sequential stack;
    stack.emplace<mlp::Dense>(W1, b1);
    stack.emplace<mlp::Dense>(W2, b2);
    const mlp::Sequential one = mlp::collapse_linear(stack);
    W = dynamic_cast<const mlp::Dense&>(one[0]).W;
    b = dynamic_cast<const mlp::Dense&>(one[0]).b;
}
void fold_kernels(const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2, Tensor& W, Tensor& b) {
    W = mlp::matmul(W1, W2);
    b = mlp::matmul(b1, W2);
    mlp::add_row(b, b2);
}
// W(i, k) = sum_j W1(i, j) W2(j, k); b(k) = b2(k) + sum_j b1(j) W2(j, k)
void fold_loops(const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2, Tensor& W, Tensor& b) {
    W = Tensor(W1.rows(), W2.cols());
    b = b2;
    for (std::size_t j = 0; j < W2.rows(); ++j)
        for (std::size_t k = 0; k < W2.cols(); ++k) {
            for (std::size_t i = 0; i < W1.rows(); ++i) W(i, k) += W1(i, j) * W2(j, k);
            b(0, k) += b1(0, j) * W2(j, k);
        }
}
void fold_no_b1(const Tensor& W1, const Tensor&, const Tensor& W2, const Tensor& b2, Tensor& W, Tensor& b) {
    W = mlp::matmul(W1, W2);
    b = b2;
}
void fold_no_b2(const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor&, Tensor& W, Tensor& b) {
    W = mlp::matmul(W1, W2);
    b = mlp::matmul(b1, W2);
}
void fold_wrong_order(const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2, Tensor& W, Tensor& b) {
    W = mlp::matmul(W2, W1);  // (4, 2) x (3, 4): the shapes do not chain
    fold_kernels(W1, b1, W2, b2, W, b);
}
void fold_transposed(const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2, Tensor& W, Tensor& b) {
    fold_kernels(W1, b1, W2, b2, W, b);
    W = mlp::transpose(W);
}
void fold_sum_of_biases(const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2, Tensor& W, Tensor& b) {
    W = mlp::matmul(W1, W2);
    b = b2;
    for (std::size_t k = 0; k < b.cols(); ++k) b(0, k) += b1(0, k);
}

mlp::Sequential with_between(mlp::Rng& rng, std::unique_ptr<mlp::Layer> a, std::unique_ptr<mlp::Layer> c) {
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 8, rng);
    model.add(std::move(a));
    model.emplace<mlp::Dense>(8, 8, rng);
    model.add(std::move(c));
    model.emplace<mlp::Dense>(8, 1, rng);
    return model;
}

}  // namespace

TEST_CASE("exercise 6a: the folded layer in three styles passes; wrong folds are refused") {
    accepted(exercises::check_fold_linear(fold_library));
    accepted(exercises::check_fold_linear(fold_kernels));
    accepted(exercises::check_fold_linear(fold_loops));
    refused(exercises::check_fold_linear(fold_no_b1), "b1 is missing");
    refused(exercises::check_fold_linear(fold_no_b2), "b2 is missing");
    const exercises::Verdict order = exercises::check_fold_linear(fold_wrong_order);
    refused(order, "");
    CHECK(notes_say(order, "your code threw std::invalid_argument"));
    refused(exercises::check_fold_linear(fold_transposed), "shape of the transpose");
    refused(exercises::check_fold_linear(fold_sum_of_biases), "");
}

TEST_CASE("exercise 6b: a network with a non-linearity passes; a linear one is measured as one plane") {
    accepted(exercises::check_xor_model([](mlp::Rng& rng) {
        return with_between(rng, std::make_unique<mlp::Tanh>(), std::make_unique<mlp::Tanh>());
    }));

    const exercises::Verdict linear = exercises::check_xor_model(student::make_xor_model);  // the starter
    refused(linear, "Put a non-linear activation between the layers");
    CHECK(notes_say(linear, "your trained network (seed 1) is ONE affine map"));

    // LeakyReLU(1.0) is the identity: called "not linear" before; now measured.
    const exercises::Verdict leaky_one = exercises::check_xor_model([](mlp::Rng& rng) {
        return with_between(rng, std::make_unique<mlp::LeakyReLU>(1.0), std::make_unique<mlp::LeakyReLU>(1.0));
    });
    refused(leaky_one, "LeakyReLU of slope 1, is linear");
    CHECK(notes_say(leaky_one, "is ONE affine map"));
    CHECK_FALSE(hints_at(leaky_one, "the network is not linear"));

    const exercises::Verdict identity = exercises::check_xor_model([](mlp::Rng& rng) {
        return with_between(rng, std::make_unique<mlp::Identity>(), std::make_unique<mlp::Identity>());
    });
    refused(identity, "Put a non-linear activation between the layers");

    const exercises::Verdict two_outputs = exercises::check_xor_model([](mlp::Rng& rng) {
        mlp::Sequential model;
        model.emplace<mlp::Dense>(2, 2, rng);
        return model;
    });
    refused(two_outputs, "");
    CHECK(notes_say(two_outputs, "expected a network with 1 output, got 2"));
}
