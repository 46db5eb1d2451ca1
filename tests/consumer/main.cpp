// SPDX-License-Identifier: MIT
// main.cpp: an outside program using mlp: trains XOR with a small tanh network and prints the
// library's version and the final loss; exits non-zero unless the network learned XOR.
#include <iostream>

#include <mlp/mlp.hpp>
#include <mlp/version.hpp>

int main() {
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    mlp::Rng rng(1);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 8, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(8, 1, rng);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9});
    mlp::Trainer(model, loss, sgd, {.epochs = 500}).fit(x, y);
    const double final_loss = loss.forward(model.forward(x), y);
    std::cout << "mlp " << mlp::kVersion << ": XOR loss " << mlp::format_number(final_loss) << "\n";
    return final_loss < 0.01 ? 0 : 1;
}
