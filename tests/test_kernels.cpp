// SPDX-License-Identifier: MIT
// test_kernels.cpp: the blocked matrix products give the reference loops' numbers.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "mlp/core/kernels.hpp"
#include "mlp/core/rng.hpp"

namespace {

mlp::Tensor random_tensor(std::size_t rows, std::size_t cols, mlp::Rng& rng) {
    mlp::Tensor t(rows, cols);
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = rng.uniform(-1.0, 1.0);
    return t;
}

mlp::Tensor absolute(const mlp::Tensor& t) {
    mlp::Tensor a = t;
    for (std::size_t k = 0; k < a.size(); ++k) a[k] = std::abs(t[k]);
    return a;
}

// Both versions add each C[i][j]'s k terms in the same order, p = 0 .. k-1. They can still
// differ in the last bits: the compiler may fuse a multiply and an add (FMA, one rounding
// instead of two) in one loop and not in the other (GCC does not fuse the reference's dot
// product on AMD Zen, for instance). Each sum is then within k * eps * sum_p |terms| of the exact
// one, so the two are within twice that of each other. Returns the largest difference as a
// fraction of that bound (<= 1: agreement to rounding), or infinity if the shapes differ.
// `magnitude` holds sum_p |terms| (plus |C| before an accumulation) for every element.
double worst_error_ratio(const mlp::Tensor& got, const mlp::Tensor& expected,
                         const mlp::Tensor& magnitude, std::size_t k) {
    if (got.rows() != expected.rows() || got.cols() != expected.cols()) {
        return std::numeric_limits<double>::infinity();
    }
    const double eps = std::numeric_limits<double>::epsilon();
    double worst = 0.0;
    for (std::size_t e = 0; e < got.size(); ++e) {
        const double bound = 2.0 * static_cast<double>(k + 1) * eps * magnitude[e];
        const double diff = std::abs(got[e] - expected[e]);
        if (diff > 0.0) worst = std::max(worst, bound > 0.0 ? diff / bound : std::numeric_limits<double>::infinity());
    }
    return worst;
}

// A product C (n, m) = L (n, k) R (k, m). Shapes chosen to hit every edge of the blocking:
// single rows and columns, primes (tiles of 6 x 8 never fit), an empty side or inner
// dimension, more than one 256-deep block of k, more than one 128-column block of m (one of
// them ending in a partial band of 8), and the first layer of the benchmark's network.
struct Shape {
    std::size_t n, k, m;
};
const std::vector<Shape>& shapes() {
    static const std::vector<Shape> all{
        {1, 1, 1},    {1, 300, 37},  {1, 784, 256}, {37, 300, 1},  {300, 17, 1},   {7, 13, 17},
        {61, 127, 31}, {6, 256, 8},  {5, 257, 9},   {13, 513, 9},  {200, 260, 19}, {97, 3, 41},
        {9, 40, 131},  {23, 301, 263},
        {0, 5, 3},    {5, 0, 3},     {5, 3, 0},     {0, 0, 0},     {64, 784, 256},
    };
    return all;
}

}  // namespace

TEST_CASE("kernels: blocked matmul agrees with the reference loop on awkward shapes") {
    mlp::Rng rng(1);
    for (const Shape& s : shapes()) {
        CAPTURE(s.n);
        CAPTURE(s.k);
        CAPTURE(s.m);
        const mlp::Tensor A = random_tensor(s.n, s.k, rng);
        const mlp::Tensor B = random_tensor(s.k, s.m, rng);
        mlp::Tensor expected, blocked(3, 3, 42.0), named(2, 9, -1.0);  // outputs start wrong
        mlp::reference::matmul(A, B, expected);
        mlp::blocked::matmul(A, B, blocked);
        mlp::matmul(A, B, named);
        mlp::Tensor magnitude;
        mlp::reference::matmul(absolute(A), absolute(B), magnitude);
        CHECK(expected.rows() == s.n);
        CHECK(expected.cols() == s.m);
        CHECK(worst_error_ratio(blocked, expected, magnitude, s.k) <= 1.0);
        CHECK(worst_error_ratio(named, expected, magnitude, s.k) <= 1.0);
    }
}

TEST_CASE("kernels: blocked matmul_at_b_add agrees with the reference loop on awkward shapes") {
    mlp::Rng rng(2);
    for (const Shape& s : shapes()) {
        CAPTURE(s.n);
        CAPTURE(s.k);
        CAPTURE(s.m);
        // C (n, m) += A^T B with A: (k, n), B: (k, m); C starts non-zero, as dW does mid-batch.
        const mlp::Tensor A = random_tensor(s.k, s.n, rng);
        const mlp::Tensor B = random_tensor(s.k, s.m, rng);
        const mlp::Tensor C0 = random_tensor(s.n, s.m, rng);
        mlp::Tensor expected = C0, blocked = C0, named = C0;
        mlp::reference::matmul_at_b_add(A, B, expected);
        mlp::blocked::matmul_at_b_add(A, B, blocked);
        mlp::matmul_at_b_add(A, B, named);
        mlp::Tensor magnitude = absolute(C0);
        mlp::reference::matmul_at_b_add(absolute(A), absolute(B), magnitude);
        CHECK(worst_error_ratio(blocked, expected, magnitude, s.k) <= 1.0);
        CHECK(worst_error_ratio(named, expected, magnitude, s.k) <= 1.0);
        if (s.k > 0 && s.n > 0 && s.m > 0) CHECK(expected != C0);
    }
}

TEST_CASE("kernels: blocked matmul_a_bt agrees with the reference loop on awkward shapes") {
    mlp::Rng rng(3);
    for (const Shape& s : shapes()) {
        CAPTURE(s.n);
        CAPTURE(s.k);
        CAPTURE(s.m);
        // C (n, m) = A B^T with A: (n, k), B: (m, k)
        const mlp::Tensor A = random_tensor(s.n, s.k, rng);
        const mlp::Tensor B = random_tensor(s.m, s.k, rng);
        mlp::Tensor expected, blocked(1, 1, 7.0), named(4, 4, 7.0);
        mlp::reference::matmul_a_bt(A, B, expected);
        mlp::blocked::matmul_a_bt(A, B, blocked);
        mlp::matmul_a_bt(A, B, named);
        mlp::Tensor magnitude;
        mlp::reference::matmul_a_bt(absolute(A), absolute(B), magnitude);
        CHECK(worst_error_ratio(blocked, expected, magnitude, s.k) <= 1.0);
        CHECK(worst_error_ratio(named, expected, magnitude, s.k) <= 1.0);
    }
}

// With small whole numbers every product and partial sum is exact in double, so rounding cannot
// hide a term counted twice or left out: the three kernels must match the reference bit for bit.
TEST_CASE("kernels: on whole numbers the blocked kernels match the reference exactly") {
    mlp::Rng rng(4);
    const auto whole = [&rng](std::size_t rows, std::size_t cols) {
        mlp::Tensor t(rows, cols);
        for (std::size_t e = 0; e < t.size(); ++e) t[e] = static_cast<double>(rng.index(7)) - 3.0;
        return t;
    };
    for (const Shape& s : shapes()) {
        CAPTURE(s.n);
        CAPTURE(s.k);
        CAPTURE(s.m);
        mlp::Tensor expected, got;
        const mlp::Tensor A = whole(s.n, s.k), B = whole(s.k, s.m), Bt = whole(s.m, s.k), At = whole(s.k, s.n);
        mlp::reference::matmul(A, B, expected);
        mlp::blocked::matmul(A, B, got);
        CHECK(got == expected);
        mlp::reference::matmul_a_bt(A, Bt, expected);
        mlp::blocked::matmul_a_bt(A, Bt, got);
        CHECK(got == expected);
        expected = whole(s.n, s.m);
        got = expected;
        mlp::reference::matmul_at_b_add(At, B, expected);
        mlp::blocked::matmul_at_b_add(At, B, got);
        CHECK(got == expected);
    }
}

TEST_CASE("kernels: an empty inner dimension gives zeros, and the products agree with a hand calculation") {
    const mlp::Tensor A(4, 0), B(0, 9);
    mlp::Tensor C(2, 2, 5.0);
    mlp::blocked::matmul(A, B, C);
    CHECK(C == mlp::Tensor(4, 9, 0.0));
    mlp::blocked::matmul_a_bt(mlp::Tensor(3, 0), mlp::Tensor(7, 0), C);
    CHECK(C == mlp::Tensor(3, 7, 0.0));

    // [[1, 2], [3, 4]] [[5, 6], [7, 8]] = [[19, 22], [43, 50]], large enough to be blocked when
    // repeated down a 70 x 2 A and across a 2 x 40 B.
    mlp::Tensor big_A(70, 2), big_B(2, 40);
    for (std::size_t i = 0; i < 70; ++i) {
        big_A(i, 0) = i % 2 == 0 ? 1 : 3;
        big_A(i, 1) = i % 2 == 0 ? 2 : 4;
    }
    for (std::size_t j = 0; j < 40; ++j) {
        big_B(0, j) = j % 2 == 0 ? 5 : 6;
        big_B(1, j) = j % 2 == 0 ? 7 : 8;
    }
    const mlp::Tensor y = mlp::matmul(big_A, big_B);
    CHECK(y(0, 0) == 19);
    CHECK(y(0, 1) == 22);
    CHECK(y(69, 38) == 43);
    CHECK(y(69, 39) == 50);
}

TEST_CASE("kernels: a shape mismatch throws and names the kernel") {
    const mlp::Tensor A(2, 3), B(4, 5);
    mlp::Tensor C;
    CHECK_THROWS_WITH_AS(mlp::matmul(A, B, C), "matmul: expected A.cols == B.rows, got A (2, 3) and B (4, 5)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::blocked::matmul(A, B, C),
                         "blocked::matmul: expected A.cols == B.rows, got A (2, 3) and B (4, 5)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::reference::matmul(A, B, C),
                         "reference::matmul: expected A.cols == B.rows, got A (2, 3) and B (4, 5)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::matmul_a_bt(A, B, C), "matmul_a_bt: expected A.cols == B.cols, got A (2, 3) and B (4, 5)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::blocked::matmul_at_b_add(A, B, C),
                         "blocked::matmul_at_b_add: expected A.rows == B.rows, got A (2, 3) and B (4, 5)",
                         std::invalid_argument);
    mlp::Tensor wrong(2, 2);
    CHECK_THROWS_WITH_AS(mlp::matmul_at_b_add(mlp::Tensor(4, 3), mlp::Tensor(4, 5), wrong),
                         "matmul_at_b_add: expected C of shape (3, 5), got (2, 2)", std::invalid_argument);
}

TEST_CASE("kernels: an output that is also an input gives the same numbers as a separate output") {
    mlp::Rng rng(3);
    for (std::size_t n : {3, 40}) {  // a small product (reference loop) and a blocked one
        const mlp::Tensor A = random_tensor(n, n, rng);
        const mlp::Tensor B = random_tensor(n, n, rng);
        const mlp::Tensor AB = mlp::matmul(A, B);
        mlp::Tensor C = A;
        mlp::matmul(C, B, C);  // C = C B
        CHECK(C == AB);
        C = B;
        mlp::matmul(A, C, C);  // C = A C
        CHECK(C == AB);
        const mlp::Tensor ABt = mlp::matmul_a_bt(A, B);
        C = A;
        mlp::matmul_a_bt(C, B, C);
        CHECK(C == ABt);
        mlp::Tensor D = A;  // D += D^T B, with D both an input and the accumulator
        mlp::Tensor expected = A;
        mlp::matmul_at_b_add(A, B, expected);
        mlp::matmul_at_b_add(D, B, D);
        CHECK(D == expected);
    }
}
