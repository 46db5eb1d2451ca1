// SPDX-License-Identifier: MIT
// tensor.cpp: the Tensor type and the plain-loop kernels (transpose, bias rows, batch sums).
#include "mlp/core/tensor.hpp"

#include <limits>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace mlp {

namespace {
// rows * cols, refused when it does not fit in a size_t: a wrapped product (2^32 * 2^32 = 0)
// would give a shape that claims more elements than the buffer holds.
std::size_t element_count(const char* who, std::size_t rows, std::size_t cols) {
    if (cols != 0 && rows > std::numeric_limits<std::size_t>::max() / cols) {
        throw std::length_error(std::string(who) + ": rows * cols overflows: expected a shape whose element count fits in size_t, got (" +
                                std::to_string(rows) + ", " + std::to_string(cols) + ")");
    }
    return rows * cols;
}
}  // namespace

Tensor::Tensor(std::size_t rows, std::size_t cols, double fill)
    : rows_(rows), cols_(cols), data_(element_count("Tensor", rows, cols), fill) {}

Tensor Tensor::from_rows(std::initializer_list<std::initializer_list<double>> rows) {
    std::vector<std::vector<double>> copy;
    for (const auto& row : rows) copy.emplace_back(row);
    return from_rows(copy);
}

Tensor Tensor::from_rows(const std::vector<std::vector<double>>& rows) {
    const std::size_t cols = rows.empty() ? 0 : rows.front().size();
    Tensor t(rows.size(), cols);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() != cols) {
            throw std::invalid_argument("Tensor::from_rows: expected every row to have " +
                                        std::to_string(cols) + " values (as row 0 does), row " +
                                        std::to_string(r) + " has " +
                                        std::to_string(rows[r].size()));
        }
        for (std::size_t c = 0; c < cols; ++c) t(r, c) = rows[r][c];
    }
    return t;
}

std::string Tensor::shape() const {
    std::ostringstream os;
    os << "(" << rows_ << ", " << cols_ << ")";
    return os.str();
}

double& Tensor::at(std::size_t r, std::size_t c) { return data_[checked(r, c)]; }

double Tensor::at(std::size_t r, std::size_t c) const { return data_[checked(r, c)]; }

void Tensor::throw_outside(std::size_t r, std::size_t c) const {
    throw std::out_of_range("Tensor::at: index (" + std::to_string(r) + ", " + std::to_string(c) +
                            ") is outside shape " + shape());
}

void Tensor::throw_outside(std::size_t k) const {
    throw std::out_of_range("Tensor::operator[]: index " + std::to_string(k) + " is outside a tensor of " +
                            std::to_string(data_.size()) + " elements, shape " + shape());
}

void Tensor::resize(std::size_t rows, std::size_t cols) {
    if (rows == rows_ && cols == cols_) return;  // the usual case in training: the shape of the last step
    data_.resize(element_count("Tensor::resize", rows, cols));  // keeps capacity once big enough
    rows_ = rows;
    cols_ = cols;
}

void Tensor::fill(double value) {
    for (double& v : data_) v = value;
}

std::ostream& operator<<(std::ostream& os, const Tensor& t) {
    os << "Tensor" << t.shape() << "\n[";
    for (std::size_t r = 0; r < t.rows(); ++r) {
        os << (r == 0 ? "[" : " [");
        for (std::size_t c = 0; c < t.cols(); ++c) os << (c == 0 ? "" : ", ") << t(r, c);
        os << "]" << (r + 1 < t.rows() ? ",\n" : "");
    }
    return os << "]";
}

// ---------------------------------------------------------------------------------------------
// Kernels
// ---------------------------------------------------------------------------------------------

// matmul, matmul_at_b_add and matmul_a_bt live in kernels.cpp, beside their reference loops.

Tensor transpose(const Tensor& A) {
    Tensor T(A.cols(), A.rows());
    for (std::size_t r = 0; r < A.rows(); ++r)
        for (std::size_t c = 0; c < A.cols(); ++c) T(c, r) = A(r, c);
    return T;
}

void add_row(Tensor& y, const Tensor& b) {
    if (b.rows() != 1 || b.cols() != y.cols()) {
        throw std::invalid_argument("add_row: expected a bias of shape (1, " +
                                    std::to_string(y.cols()) + "), got " + b.shape());
    }
    for (std::size_t n = 0; n < y.rows(); ++n)
        for (std::size_t j = 0; j < y.cols(); ++j) y(n, j) += b(0, j);
}

void add_sum_rows(const Tensor& A, Tensor& s) {
    if (s.rows() != 1 || s.cols() != A.cols()) {
        throw std::invalid_argument("add_sum_rows: expected a sum of shape (1, " +
                                    std::to_string(A.cols()) + "), got " + s.shape());
    }
    for (std::size_t n = 0; n < A.rows(); ++n)
        for (std::size_t j = 0; j < A.cols(); ++j) s(0, j) += A(n, j);
}

Tensor sum_rows(const Tensor& A) {
    Tensor s(1, A.cols());
    add_sum_rows(A, s);
    return s;
}

void gather_rows(const Tensor& src, std::span<const std::size_t> rows, Tensor& out) {
    out.resize(rows.size(), src.cols());
    for (std::size_t n = 0; n < rows.size(); ++n) {
        if (rows[n] >= src.rows()) {
            throw std::invalid_argument("gather_rows: expected row indices below " + std::to_string(src.rows()) +
                                        ", got " + std::to_string(rows[n]) + " at position " + std::to_string(n));
        }
        for (std::size_t i = 0; i < src.cols(); ++i) out(n, i) = src(rows[n], i);
    }
}

}  // namespace mlp
