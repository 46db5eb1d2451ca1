// SPDX-License-Identifier: MIT
// tensor.hpp: the one tensor type (2-D, row-major, double) and the named kernels layers call.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <span>
#include <vector>

namespace mlp {

// A 2-D matrix of doubles stored row by row: element (r, c) lives at data[r * cols + c].
// A batch of N samples with F features is a (N, F) tensor; a bias is a (1, F) tensor.
class Tensor {
public:
    Tensor() = default;
    Tensor(std::size_t rows, std::size_t cols, double fill = 0.0);

    // Tensor::from_rows({{0, 0}, {0, 1}}) -> (2, 2); every row must have the same length.
    static Tensor from_rows(std::initializer_list<std::initializer_list<double>> rows);
    static Tensor from_rows(const std::vector<std::vector<double>>& rows);

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    std::size_t size() const { return data_.size(); }
    bool empty() const { return data_.empty(); }
    std::string shape() const;  // "(4, 2)"

    // (r, c) is unchecked in release builds; at() checks and throws std::out_of_range.
    // The course exercises compile everything, the library included, with MLP_CHECKED_ACCESS,
    // so that a student's index out of range throws (and becomes a line of the verdict)
    // instead of crashing or silently reading a neighbour. The test, sanitize and exercises
    // presets define it for the whole build (the MLP_CHECKED_ACCESS option); nothing else does.
#ifdef MLP_CHECKED_ACCESS
    double& operator()(std::size_t r, std::size_t c) { return data_[checked(r, c)]; }
    double operator()(std::size_t r, std::size_t c) const { return data_[checked(r, c)]; }
#else
    double& operator()(std::size_t r, std::size_t c) { return data_[r * cols_ + c]; }
    double operator()(std::size_t r, std::size_t c) const { return data_[r * cols_ + c]; }
#endif
    double& at(std::size_t r, std::size_t c);
    double at(std::size_t r, std::size_t c) const;

    // Flat access in storage order, k = r * cols + c: what element-wise layers loop over.
#ifdef MLP_CHECKED_ACCESS
    double& operator[](std::size_t k) { return data_[checked(k)]; }
    double operator[](std::size_t k) const { return data_[checked(k)]; }
#else
    double& operator[](std::size_t k) { return data_[k]; }
    double operator[](std::size_t k) const { return data_[k]; }
#endif
    double* data() { return data_.data(); }
    const double* data() const { return data_.data(); }

    // Give the tensor a new shape, keeping its memory when it is large enough, so layers can
    // reuse one output buffer from step to step without allocating. Contents are unspecified.
    void resize(std::size_t rows, std::size_t cols);
    void fill(double value);

    friend bool operator==(const Tensor& a, const Tensor& b) = default;

private:
    // The index of (r, c), or k, in data_ when it is inside the tensor; else std::out_of_range
    // naming the index and the shape (at(), and MLP_CHECKED_ACCESS's operators). Inline, so a
    // checked access costs a comparison; the message is built out of line, only when it throws.
    std::size_t checked(std::size_t r, std::size_t c) const {
        if (r >= rows_ || c >= cols_) throw_outside(r, c);
        return r * cols_ + c;
    }
    std::size_t checked(std::size_t k) const {
        if (k >= data_.size()) throw_outside(k);
        return k;
    }
    [[noreturn]] void throw_outside(std::size_t r, std::size_t c) const;
    [[noreturn]] void throw_outside(std::size_t k) const;

    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::vector<double> data_;
};

// out[n] = src[rows[n]] for every n: the rows of src in the given order, one row per index.
// out is resized to (rows.size(), src.cols()). Batches (Trainer) and splits (datasets) use it.
void gather_rows(const Tensor& src, std::span<const std::size_t> rows, Tensor& out);

// Prints the shape and then the rows, e.g. "Tensor(2, 2)\n[[0, 1],\n [1, 0]]".
std::ostream& operator<<(std::ostream& os, const Tensor& t);

// ---------------------------------------------------------------------------------------------
// Named kernels. Every layer does its arithmetic through these, so making them fast touches no
// layer. Each writes into an output the caller owns (resized as needed) so that a warmed-up
// training step allocates nothing; the value-returning overloads are for tests and user code.
// Shapes are checked, and a mismatch throws std::invalid_argument naming the kernel.
// The three matrix products are blocked for speed (src/core/blocked.cpp); their plain triple loops are
// mlp::reference::matmul etc. in kernels.hpp, and a test checks that both give the same numbers.
// ---------------------------------------------------------------------------------------------

// C = A B           A: (n, k)  B: (k, m)  ->  C: (n, m)
void matmul(const Tensor& A, const Tensor& B, Tensor& C);
Tensor matmul(const Tensor& A, const Tensor& B);

// C += A^T B        A: (k, n)  B: (k, m)  ->  C: (n, m)   (C must already have that shape)
// This is dW += x^T dy: summing over the batch without forming a transpose.
void matmul_at_b_add(const Tensor& A, const Tensor& B, Tensor& C);

// C = A B^T         A: (n, k)  B: (m, k)  ->  C: (n, m)
// This is dx = dy W^T.
void matmul_a_bt(const Tensor& A, const Tensor& B, Tensor& C);
Tensor matmul_a_bt(const Tensor& A, const Tensor& B);

// A^T               A: (n, m)  ->  (m, n)
Tensor transpose(const Tensor& A);

// y[n][j] += b[0][j]   y: (N, F)  b: (1, F)   adds a bias row to every row.
void add_row(Tensor& y, const Tensor& b);

// s[0][j] += sum_n A[n][j]   A: (N, F)  s: (1, F)   This is db += sum over the batch of dy.
void add_sum_rows(const Tensor& A, Tensor& s);
Tensor sum_rows(const Tensor& A);

}  // namespace mlp
