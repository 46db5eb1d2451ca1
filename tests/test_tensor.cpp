// SPDX-License-Identifier: MIT
// test_tensor.cpp: the Tensor type and the plain kernels.
#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>

#include "mlp/core/tensor.hpp"

using mlp::Tensor;

TEST_CASE("Tensor: constructor fills, from_rows keeps row-major order") {
    const Tensor t(2, 3, 1.5);
    CHECK(t.rows() == 2);
    CHECK(t.cols() == 3);
    CHECK(t.size() == 6);
    CHECK(t(1, 2) == 1.5);
    const Tensor u = Tensor::from_rows({{1, 2, 3}, {4, 5, 6}});
    CHECK(u(0, 2) == 3);
    CHECK(u(1, 0) == 4);
    CHECK(u[4] == 5);  // flat index k = r * cols + c
    CHECK(u.shape() == "(2, 3)");
}

TEST_CASE("Tensor: from_rows refuses ragged rows and says which") {
    CHECK_THROWS_WITH_AS(Tensor::from_rows({{1, 2}, {3}}),
                         "Tensor::from_rows: expected every row to have 2 values (as row 0 does), row 1 has 1",
                         std::invalid_argument);
}

TEST_CASE("Tensor: at() checks bounds and names the shape") {
    Tensor t(2, 2);
    t.at(1, 1) = 7;
    CHECK(t(1, 1) == 7);
    CHECK_THROWS_WITH_AS(t.at(2, 0), "Tensor::at: index (2, 0) is outside shape (2, 2)",
                         std::out_of_range);
}

TEST_CASE("Tensor: prints its shape and rows") {
    std::ostringstream os;
    os << Tensor::from_rows({{0, 1}, {1, 0}});
    CHECK(os.str() == "Tensor(2, 2)\n[[0, 1],\n [1, 0]]");
}

TEST_CASE("Tensor: resize keeps the memory when shrinking") {
    Tensor t(10, 10);
    const double* before = t.data();
    t.resize(3, 4);
    CHECK(t.shape() == "(3, 4)");
    CHECK(t.data() == before);
}

TEST_CASE("matmul: a product worked out by hand") {
    const Tensor A = Tensor::from_rows({{1, 2}, {3, 4}, {5, 6}});  // (3, 2)
    const Tensor B = Tensor::from_rows({{1, 0, -1}, {2, 1, 0}});  // (2, 3)
    // row 0: [1*1 + 2*2, 1*0 + 2*1, 1*-1 + 2*0] = [5, 2, -1]
    CHECK(mlp::matmul(A, B) ==
          Tensor::from_rows({{5, 2, -1}, {11, 4, -3}, {17, 6, -5}}));
}

TEST_CASE("matmul: shape mismatch names the kernel and both shapes") {
    CHECK_THROWS_WITH_AS(mlp::matmul(Tensor(2, 3), Tensor(2, 3)),
                         "matmul: expected A.cols == B.rows, got A (2, 3) and B (2, 3)",
                         std::invalid_argument);
    Tensor C(1, 1);
    CHECK_THROWS_WITH_AS(mlp::matmul_at_b_add(Tensor(4, 2), Tensor(4, 3), C),
                         "matmul_at_b_add: expected C of shape (2, 3), got (1, 1)",
                         std::invalid_argument);
    CHECK_THROWS_AS(mlp::matmul_a_bt(Tensor(2, 3), Tensor(2, 4)), std::invalid_argument);
}

TEST_CASE("matmul_at_b_add and matmul_a_bt agree with an explicit transpose") {
    const Tensor A = Tensor::from_rows({{1, -2, 3}, {0.5, 4, -1}});    // (2, 3)
    const Tensor B = Tensor::from_rows({{2, 1}, {-3, 0.25}});          // (2, 2)
    Tensor C(3, 2, 1.0);
    mlp::matmul_at_b_add(A, B, C);  // C = 1 + A^T B
    const Tensor expected = mlp::matmul(mlp::transpose(A), B);
    for (std::size_t k = 0; k < C.size(); ++k) CHECK(C[k] == doctest::Approx(expected[k] + 1.0));

    const Tensor D = Tensor::from_rows({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});  // (3, 3)
    CHECK(mlp::matmul_a_bt(A, D) == mlp::matmul(A, mlp::transpose(D)));
}

TEST_CASE("add_row and sum_rows: bias broadcast and batch sum") {
    Tensor y = Tensor::from_rows({{1, 2}, {3, 4}});
    mlp::add_row(y, Tensor::from_rows({{10, 20}}));
    CHECK(y == Tensor::from_rows({{11, 22}, {13, 24}}));
    CHECK(mlp::sum_rows(y) == Tensor::from_rows({{24, 46}}));
    CHECK_THROWS_WITH_AS(mlp::add_row(y, Tensor(2, 2)),
                         "add_row: expected a bias of shape (1, 2), got (2, 2)", std::invalid_argument);
    Tensor s(1, 3);
    CHECK_THROWS_WITH_AS(mlp::add_sum_rows(y, s),
                         "add_sum_rows: expected a sum of shape (1, 2), got (1, 3)", std::invalid_argument);
}

TEST_CASE("Tensor: a shape whose element count overflows size_t is refused, not wrapped to 0") {
    // 2^32 * 2^32 = 2^64 wraps to 0 in size_t: the shape would claim 2^64 elements over an empty
    // buffer and at(3, 3) would pass its bounds check.
    const std::size_t big = std::size_t{1} << 32;
    CHECK_THROWS_WITH_AS(mlp::Tensor(big, big), doctest::Contains("Tensor: rows * cols overflows"),
                         std::length_error);
    mlp::Tensor t(2, 3, 1.0);
    CHECK_THROWS_WITH_AS(t.resize(big, big), doctest::Contains("Tensor::resize: rows * cols overflows"),
                         std::length_error);
    CHECK(t.shape() == "(2, 3)");  // a refused resize leaves the tensor as it was
    CHECK(t.size() == 6);
}
