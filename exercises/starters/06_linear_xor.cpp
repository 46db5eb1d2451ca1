// SPDX-License-Identifier: MIT
// 06_linear_xor.cpp: exercise 6. Why can't a stack of linear layers learn XOR?
//   (a) fold_linear: Dense(W1, b1) followed by Dense(W2, b2) computes
//           (x W1 + b1) W2 + b2
//       Write the ONE layer (W, b) that computes the same for every x.
//       W1 (in, mid), b1 (1, mid), W2 (mid, out), b2 (1, out) -> W (in, out), b (1, out)
//       (mlp::matmul(A, B) and mlp::add_row(y, b) from mlp/core/tensor.hpp may help.)
//   (b) make_xor_model: the network below has three Dense layers and cannot learn XOR. The
//       checker trains it and shows, with mlp::collapse_linear, the single line it is. Change it
//       so that it learns XOR (keep 2 inputs and 1 output), and answer the question in the README.
// Build and grade: cmake --build <build dir> --target exercise6 && <build dir>/exercises/exercise6
#include "student.hpp"

namespace student {

void fold_linear(const mlp::Tensor& W1, const mlp::Tensor& b1, const mlp::Tensor& W2, const mlp::Tensor& b2,
                 mlp::Tensor& W, mlp::Tensor& b) {
    W = mlp::Tensor(W1.rows(), W2.cols());  // TODO(student): the W of the folded layer
    b = mlp::Tensor(b1.rows(), b2.cols());  // TODO(student): the b of the folded layer
}

mlp::Sequential make_xor_model(mlp::Rng& rng) {
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 8, rng);
    model.emplace<mlp::Dense>(8, 8, rng);  // TODO(student): what must go between the layers?
    model.emplace<mlp::Dense>(8, 1, rng);
    return model;
}

}  // namespace student
