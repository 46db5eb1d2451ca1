// SPDX-License-Identifier: MIT
// test_exercises_dense.cpp: the checker of exercise 2 (Dense's backward) accepts the library's
// answer and correct solutions in other styles, and refuses a broad set of wrong ones, an index
// out of range included, each with the hint that names its mistake where it claims to know it.
#include <doctest/doctest.h>

#include "exercise_test_support.hpp"

using exercise_tests::accepted;
using exercise_tests::hints_at;
using exercise_tests::notes_say;
using exercise_tests::refused;
using mlp::Tensor;

namespace {

// ---- correct, in four styles ----

void library(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    mlp::Dense layer(W, Tensor(1, W.cols()));
    layer.forward(x);
    dx = layer.backward(dy);
    for (std::size_t k = 0; k < dW.size(); ++k) dW[k] += layer.dW[k];
    for (std::size_t k = 0; k < db.size(); ++k) db[k] += layer.db[k];
}

// dx(n, i) = sum_j dy(n, j) W(i, j); dW(i, j) += sum_n x(n, i) dy(n, j); db(j) += sum_n dy(n, j)
void loops(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    const std::size_t N = x.rows(), in = W.rows(), out = W.cols();
    dx.resize(N, in);
    dx.fill(0.0);
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t j = 0; j < out; ++j) {
            for (std::size_t i = 0; i < in; ++i) {
                dx(n, i) += dy(n, j) * W(i, j);
                dW(i, j) += x(n, i) * dy(n, j);
            }
            db(0, j) += dy(n, j);
        }
}

void kernels(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    mlp::matmul_a_bt(dy, W, dx);
    mlp::matmul_at_b_add(x, dy, dW);
    mlp::add_sum_rows(dy, db);
}

void transposes(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    dx = mlp::matmul(dy, mlp::transpose(W));
    const Tensor g = mlp::matmul(mlp::transpose(x), dy);
    for (std::size_t k = 0; k < g.size(); ++k) dW[k] += g[k];
    const Tensor s = mlp::sum_rows(dy);
    for (std::size_t k = 0; k < s.size(); ++k) db[k] += s[k];
}

// ---- wrong ----

// The index swap: dW(i, j) += x(n, j) * dy(n, i).
void swapped_dW_index(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    Tensor ignored = dW;
    loops(x, W, dy, dx, ignored, db);
    for (std::size_t n = 0; n < x.rows(); ++n)
        for (std::size_t i = 0; i < W.rows(); ++i)
            for (std::size_t j = 0; j < W.cols(); ++j) dW(i, j) += x(n, j) * dy(n, i);
}
// dx added into without clearing: right on a fresh buffer, wrong on a reused one.
void dx_added(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    Tensor fresh;
    loops(x, W, dy, fresh, dW, db);
    if (dx.rows() != fresh.rows() || dx.cols() != fresh.cols()) dx = Tensor(fresh.rows(), fresh.cols());
    for (std::size_t k = 0; k < dx.size(); ++k) dx[k] += fresh[k];
}
void no_db(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    Tensor ignored = db;
    loops(x, W, dy, dx, dW, ignored);
}
void dW_assigned(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    dW.fill(0.0);
    loops(x, W, dy, dx, dW, db);
}
void db_assigned(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    db.fill(0.0);
    loops(x, W, dy, dx, dW, db);
}
void dx_not_transposed(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    Tensor ignored;
    loops(x, W, dy, ignored, dW, db);
    dx = mlp::matmul(dy, W);  // throws on the (3, 2) x (4, 2) case: shapes do not chain
}
void mean_db(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    Tensor sum(db.rows(), db.cols());
    loops(x, W, dy, dx, dW, sum);
    for (std::size_t k = 0; k < db.size(); ++k) db[k] += sum[k] / static_cast<double>(dy.rows());
}
void mean_dW(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    Tensor sum(dW.rows(), dW.cols());
    loops(x, W, dy, dx, sum, db);
    for (std::size_t k = 0; k < dW.size(); ++k) dW[k] += sum[k] / static_cast<double>(dy.rows());
}
void db_first_row(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    Tensor ignored = db;
    loops(x, W, dy, dx, dW, ignored);
    for (std::size_t j = 0; j < W.cols(); ++j) db(0, j) += dy(0, j);
}
void dW_subtracted(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    Tensor g(dW.rows(), dW.cols());
    loops(x, W, dy, dx, g, db);
    for (std::size_t k = 0; k < dW.size(); ++k) dW[k] -= g[k];
}
void dx_twice(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    loops(x, W, dy, dx, dW, db);
    for (std::size_t k = 0; k < dx.size(); ++k) dx[k] *= 2.0;
}
void db_over_columns(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    Tensor ignored = db;
    loops(x, W, dy, dx, dW, ignored);
    for (std::size_t j = 0; j < W.cols(); ++j)
        for (std::size_t k = 0; k < W.cols(); ++k) db(0, j) += dy(j % dy.rows(), k);
}
void out_from_x(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    const std::size_t N = x.rows(), in = W.rows(), out = x.cols();  // out taken from the wrong tensor
    dx.resize(N, in);
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t i = 0; i < in; ++i) {
            double sum = 0.0;
            for (std::size_t j = 0; j < out; ++j) sum += dy(n, j) * W(i, j);
            dx(n, i) = sum;
        }
    loops(x, W, dy, dx, dW, db);
}
void dx_uses_x(const Tensor& x, const Tensor& W, const Tensor& dy, Tensor& dx, Tensor& dW, Tensor& db) {
    loops(x, W, dy, dx, dW, db);
    for (std::size_t k = 0; k < dx.size(); ++k) dx[k] *= x[k];
}

}  // namespace

TEST_CASE("exercise 2: Dense's backward in four correct styles passes") {
    for (const exercises::DenseBackward& f :
         {exercises::DenseBackward(library), exercises::DenseBackward(loops), exercises::DenseBackward(kernels),
          exercises::DenseBackward(transposes)}) {
        const exercises::Verdict v = exercises::check_dense_backward(f);
        accepted(v);
        CHECK(v.tensors.size() == 6);  // dx, dW, db on the (4, 2) and on the 3 x 3 W, second calls
        CHECK(v.tensors[0].name == "dx (2nd call)");
    }
}

TEST_CASE("exercise 2: the issue's index swap is a verdict with the transpose named, not an abort") {
    const exercises::Verdict v = exercises::check_dense_backward(swapped_dW_index);
    refused(v, "an index went outside a tensor");
    CHECK(notes_say(v, "your code threw std::out_of_range: Tensor::at: index"));
    CHECK(hints_at(v, "dW is transposed"));  // seen on the square case
}

TEST_CASE("exercise 2: wrong backwards are refused, each with its hint") {
    refused(exercises::check_dense_backward(dx_added), "dx kept the previous call's numbers");
    refused(exercises::check_dense_backward(no_db), "bias gradient is missing");
    refused(exercises::check_dense_backward(dW_assigned), "must ADD into dW");
    refused(exercises::check_dense_backward(db_assigned), "must ADD into db");
    const exercises::Verdict t = exercises::check_dense_backward(dx_not_transposed);
    refused(t, "dx = dy W^T");
    CHECK(notes_say(t, "your code threw std::invalid_argument"));
    refused(exercises::check_dense_backward(mean_db), "db is the mean of dy");
    refused(exercises::check_dense_backward(mean_dW), "dW is the mean over the samples");
    refused(exercises::check_dense_backward(db_first_row), "only the first sample's dy");
    refused(exercises::check_dense_backward(dW_subtracted), "do not subtract");
    refused(exercises::check_dense_backward(dx_twice), "2 times the right value");
    refused(exercises::check_dense_backward(db_over_columns), "");
    refused(exercises::check_dense_backward(out_from_x), "an index went outside a tensor");
    refused(exercises::check_dense_backward(dx_uses_x), "");
}
