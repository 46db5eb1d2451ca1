// SPDX-License-Identifier: MIT
// kernels.cpp: the matrix products every Dense layer calls, and the plain reference loops that
// the blocked versions (blocked.cpp) agree with.
#include "mlp/core/kernels.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "shape_checks.hpp"

namespace mlp {

namespace {
[[noreturn]] void shape_error(const char* kernel, const std::string& expected, const Tensor& A,
                              const Tensor& B) {
    throw std::invalid_argument(std::string(kernel) + ": expected " + expected + ", got A " +
                                A.shape() + " and B " + B.shape());
}
}  // namespace

namespace detail {

void check_matmul(const char* kernel, const Tensor& A, const Tensor& B) {
    if (A.cols() != B.rows()) shape_error(kernel, "A.cols == B.rows", A, B);
}

void check_matmul_at_b_add(const char* kernel, const Tensor& A, const Tensor& B, const Tensor& C) {
    if (A.rows() != B.rows()) shape_error(kernel, "A.rows == B.rows", A, B);
    if (C.rows() != A.cols() || C.cols() != B.cols()) {
        throw std::invalid_argument(std::string(kernel) + ": expected C of shape (" +
                                    std::to_string(A.cols()) + ", " + std::to_string(B.cols()) +
                                    "), got " + C.shape());
    }
}

void check_matmul_a_bt(const char* kernel, const Tensor& A, const Tensor& B) {
    if (A.cols() != B.cols()) shape_error(kernel, "A.cols == B.cols", A, B);
}

}  // namespace detail

using detail::check_matmul;
using detail::check_matmul_a_bt;
using detail::check_matmul_at_b_add;

// ---------------------------------------------------------------------------------------------
// The named kernels: tiny products go to the plain loop, where copying panels would cost more
// than it saves; the rest to the blocked product.
// ---------------------------------------------------------------------------------------------

namespace {
// n * m * k multiply-adds below which a product takes the plain loops in every build: copying
// panels costs more than it saves for the tiniest products, but the blocked product already
// wins from a few hundred (bench/kernel_threshold.cpp, bench/README.md). The bound is set higher,
// above every product of the lessons' small networks (XOR's 2-8-8-1 on 4 points, two moons'
// 2-16-16-2 in batches of 32), so that a student stepping from Dense::backward in any build lands
// in the loops below; larger networks are far above it.
constexpr std::size_t kSmall = 32768;

// The debug and exercises presets build with MLP_REFERENCE_KERNELS (CMake option of the same
// name): every product then takes the reference loops, whatever its size.
#ifdef MLP_REFERENCE_KERNELS
constexpr bool kReferenceOnly = true;
#else
constexpr bool kReferenceOnly = false;
#endif

using Product = void (*)(const Tensor& A, const Tensor& B, Tensor& C);

// Runs `reference` on small products and `blocked` on the rest. The products write C while they
// read A and B, so an output that is also an input (matmul(A, B, A)) would be overwritten before
// it is read: such a call computes into a copy of C and moves it into place (it allocates; no
// other call does).
void run_product(Product reference, Product blocked, std::size_t multiply_adds, const Tensor& A, const Tensor& B,
                 Tensor& C) {
    if (&C == &A || &C == &B) {
        Tensor result = C;
        run_product(reference, blocked, multiply_adds, A, B, result);
        C = std::move(result);
        return;
    }
    if (kReferenceOnly || multiply_adds < kSmall) reference(A, B, C);
    else blocked(A, B, C);
}
}  // namespace

// C = A B   (n, k) (k, m) -> (n, m)
void matmul(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul("matmul", A, B);
    run_product(reference::matmul, blocked::matmul, A.rows() * B.cols() * A.cols(), A, B, C);
}

Tensor matmul(const Tensor& A, const Tensor& B) {
    Tensor C;
    matmul(A, B, C);
    return C;
}

// C += A^T B   A: (k, n)  B: (k, m)  C: (n, m)
void matmul_at_b_add(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul_at_b_add("matmul_at_b_add", A, B, C);
    run_product(reference::matmul_at_b_add, blocked::matmul_at_b_add, A.cols() * B.cols() * A.rows(), A, B, C);
}

// C = A B^T   A: (n, k)  B: (m, k)  C: (n, m)
void matmul_a_bt(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul_a_bt("matmul_a_bt", A, B);
    run_product(reference::matmul_a_bt, blocked::matmul_a_bt, A.rows() * B.rows() * A.cols(), A, B, C);
}

Tensor matmul_a_bt(const Tensor& A, const Tensor& B) {
    Tensor C;
    matmul_a_bt(A, B, C);
    return C;
}

// ---------------------------------------------------------------------------------------------
// The reference loops
// ---------------------------------------------------------------------------------------------

namespace reference {

// C = A B   (n, k) (k, m) -> (n, m)
// Loop order i-k-j: the innermost loop walks a row of B and a row of C, both contiguous.
void matmul(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul("reference::matmul", A, B);
    const std::size_t n = A.rows(), k = A.cols(), m = B.cols();
    C.resize(n, m);
    C.fill(0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t p = 0; p < k; ++p) {
            const double a = A(i, p);
            for (std::size_t j = 0; j < m; ++j) C(i, j) += a * B(p, j);
        }
}

// C += A^T B   A: (k, n)  B: (k, m)  C: (n, m);   C[i][j] += sum_p A[p][i] B[p][j]
void matmul_at_b_add(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul_at_b_add("reference::matmul_at_b_add", A, B, C);
    for (std::size_t p = 0; p < A.rows(); ++p)
        for (std::size_t i = 0; i < A.cols(); ++i) {
            const double a = A(p, i);
            for (std::size_t j = 0; j < B.cols(); ++j) C(i, j) += a * B(p, j);
        }
}

// C = A B^T   A: (n, k)  B: (m, k)  C: (n, m);   C[i][j] = sum_p A[i][p] B[j][p]
void matmul_a_bt(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul_a_bt("reference::matmul_a_bt", A, B);
    C.resize(A.rows(), B.rows());
    for (std::size_t i = 0; i < A.rows(); ++i)
        for (std::size_t j = 0; j < B.rows(); ++j) {
            double sum = 0.0;
            for (std::size_t p = 0; p < A.cols(); ++p) sum += A(i, p) * B(j, p);
            C(i, j) = sum;
        }
}

}  // namespace reference

}  // namespace mlp
