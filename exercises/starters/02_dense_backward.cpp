// SPDX-License-Identifier: MIT
// 02_dense_backward.cpp: exercise 2. Write the backward of the Dense layer y = x W + b.
//   x (N, in), W (in, out), b (1, out), y (N, out); dy = dL/dy (N, out)
//   dx = dL/dx (N, in)    is WRITTEN (it is this call's answer)
//   dW = dL/dW (in, out)  is ADDED INTO (it may already hold a sum: only zero_grad() clears it)
//   db = dL/db (1, out)   is ADDED INTO
// Work out each from y[n][j] = sum_i x[n][i] W[i][j] + b[j] with the chain rule (see README).
// Build and grade: cmake --build <build dir> --target exercise2 && <build dir>/exercises/exercise2
#include "student.hpp"

namespace student {

void dense_backward(const mlp::Tensor& x, const mlp::Tensor& W, const mlp::Tensor& dy, mlp::Tensor& dx,
                    mlp::Tensor& dW, mlp::Tensor& db) {
    const std::size_t N = x.rows(), in = W.rows(), out = W.cols();

    dx.resize(N, in);
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t i = 0; i < in; ++i) {
            double sum = 0.0;
            for (std::size_t j = 0; j < out; ++j) {
                sum += 0.0 * dy(n, j);  // TODO(student): what does y[n][j] contribute to dL/dx[n][i]?
            }
            dx(n, i) = sum;
        }
    }

    for (std::size_t i = 0; i < in; ++i) {
        for (std::size_t j = 0; j < out; ++j) {
            dW(i, j) += 0.0;  // TODO(student): dL/dW[i][j], summed over the N samples
        }
    }

    for (std::size_t j = 0; j < out; ++j) {
        db(0, j) += 0.0;  // TODO(student): dL/db[j]
    }
}

}  // namespace student
