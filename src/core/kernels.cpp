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
// n * m * k multiply-adds. Measured: XOR's products (4 x 2 x 4 and smaller) are faster as plain
// loops; two moons' (32 x 16 x 1 and larger, batch 32) are faster blocked, a training step of
// the 2-16-16-1 network 11.9 us with this bound at 4096 and 10.7 us at 256.
constexpr std::size_t kSmall = 256;
bool is_small(std::size_t n, std::size_t m, std::size_t k) { return n * m * k < kSmall; }

// The products write C while they read A and B, so an output that is also an input
// (matmul(A, B, A)) would be overwritten before it is read: such a call computes into a
// temporary and moves it into place (it allocates; every other call does not).
bool aliases(const Tensor& C, const Tensor& A, const Tensor& B) { return &C == &A || &C == &B; }
}  // namespace

// C = A B   (n, k) (k, m) -> (n, m)
void matmul(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul("matmul", A, B);
    if (aliases(C, A, B)) {
        Tensor result;
        matmul(A, B, result);
        C = std::move(result);
        return;
    }
    if (is_small(A.rows(), B.cols(), A.cols())) reference::matmul(A, B, C);
    else blocked::matmul(A, B, C);
}

Tensor matmul(const Tensor& A, const Tensor& B) {
    Tensor C;
    matmul(A, B, C);
    return C;
}

// C += A^T B   A: (k, n)  B: (k, m)  C: (n, m)
void matmul_at_b_add(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul_at_b_add("matmul_at_b_add", A, B, C);
    if (aliases(C, A, B)) {
        Tensor result = C;
        matmul_at_b_add(A, B, result);
        C = std::move(result);
        return;
    }
    if (is_small(A.cols(), B.cols(), A.rows())) reference::matmul_at_b_add(A, B, C);
    else blocked::matmul_at_b_add(A, B, C);
}

// C = A B^T   A: (n, k)  B: (m, k)  C: (n, m)
void matmul_a_bt(const Tensor& A, const Tensor& B, Tensor& C) {
    check_matmul_a_bt("matmul_a_bt", A, B);
    if (aliases(C, A, B)) {
        Tensor result;
        matmul_a_bt(A, B, result);
        C = std::move(result);
        return;
    }
    if (is_small(A.rows(), B.rows(), A.cols())) reference::matmul_a_bt(A, B, C);
    else blocked::matmul_a_bt(A, B, C);
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
