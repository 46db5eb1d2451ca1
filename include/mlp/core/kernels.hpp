// SPDX-License-Identifier: MIT
// kernels.hpp: the two ways the matrix products of tensor.hpp are computed: plain loops and blocked.
#pragma once

#include "mlp/core/tensor.hpp"

// mlp::matmul, mlp::matmul_at_b_add and mlp::matmul_a_bt (tensor.hpp, src/core/kernels.cpp)
// send tiny products to the reference loops and the rest to the blocked ones. Both add up every
// C[i][j] in the same order, p = 0, 1, ..., k-1, so they give the same numbers up to the last
// bits of a multiply-add the compiler fuses in one and not the other; tests/test_kernels.cpp
// checks it on awkward shapes. Read the reference to see WHAT is computed, the blocked version
// to see how it is made fast. Shapes and errors are those of tensor.hpp.

// The textbook triple loops.
namespace mlp::reference {

// C = A B           A: (n, k)  B: (k, m)  ->  C: (n, m)       C[i][j] = sum_p A[i][p] B[p][j]
void matmul(const Tensor& A, const Tensor& B, Tensor& C);

// C += A^T B        A: (k, n)  B: (k, m)  ->  C: (n, m)       C[i][j] += sum_p A[p][i] B[p][j]
void matmul_at_b_add(const Tensor& A, const Tensor& B, Tensor& C);

// C = A B^T         A: (n, k)  B: (m, k)  ->  C: (n, m)       C[i][j] = sum_p A[i][p] B[j][p]
void matmul_a_bt(const Tensor& A, const Tensor& B, Tensor& C);

}  // namespace mlp::reference

// The same products with a 6 x 8 (6 x 16 with AVX-512) tile of C kept in registers (src/core/blocked.cpp). A large
// product (at least 2^19 multiply-adds per thread) is cut into bands of C's columns or rows, one
// per thread (threads.hpp); each element is still summed by one thread in the order above, so the
// numbers do not depend on the thread count.
namespace mlp::blocked {

void matmul(const Tensor& A, const Tensor& B, Tensor& C);
void matmul_at_b_add(const Tensor& A, const Tensor& B, Tensor& C);
void matmul_a_bt(const Tensor& A, const Tensor& B, Tensor& C);

}  // namespace mlp::blocked
