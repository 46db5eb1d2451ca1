// SPDX-License-Identifier: MIT
// 04_momentum.cpp: exercise 4. Write one step of SGD with momentum, PyTorch's rule:
//   b = g                       on the first step (velocity is empty then)
//   b = momentum * b + g        on every later step
//   p = p - lr * b
// for every parameter p with gradient g (a Param holds pointers to both: *p.value, *p.grad).
// lr may differ from one call to the next (a schedule lowers it): each step uses this call's lr.
// Build and grade: cmake --build <build dir> --target exercise4 && <build dir>/exercises/exercise4
#include "student.hpp"

namespace student {

void momentum_step(std::vector<mlp::Param>& params, std::vector<mlp::Tensor>& velocity, double lr,
                   double momentum) {
    if (velocity.empty()) {
        // First step: one velocity tensor per parameter, shaped like it, starting at 0.
        for (const mlp::Param& param : params) velocity.emplace_back(param.value->rows(), param.value->cols());
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        mlp::Tensor& p = *params[i].value;
        const mlp::Tensor& g = *params[i].grad;
        mlp::Tensor& b = velocity[i];
        for (std::size_t k = 0; k < p.size(); ++k) {
            b[k] = momentum * 0.0 * g[k];  // TODO(student): update the velocity
            p[k] -= lr * 0.0 * b[k];       // TODO(student): move the parameter
        }
    }
}

}  // namespace student
