// SPDX-License-Identifier: MIT
// 01_activation.cpp: exercise 1. Write the forward and the backward of Tanh.
//   forward:  y = tanh(x), element by element
//   backward: dx = dy * dtanh/dx; write the derivative in terms of the output y (see README)
// Build and grade: cmake --build <build dir> --target exercise1 && <build dir>/exercises/exercise1
#include <cmath>

#include "student.hpp"

namespace student {

class Tanh : public mlp::Activation {
public:
    // x: (N, F) -> y: (N, F)
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        start_forward(x);  // checks x, keeps a copy in x_, shapes y_ like x
        for (std::size_t k = 0; k < x.size(); ++k) {
            y_[k] = 0.0;  // TODO(student): y = tanh(x)
        }
        return y_;
    }

    // dy = dL/dy: (N, F) -> dx = dL/dx: (N, F). The last forward's input is in x_, its output in y_.
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        start_backward(dy);  // checks dy's shape, shapes dx_ like it
        for (std::size_t k = 0; k < dy.size(); ++k) {
            dx_[k] = 0.0;  // TODO(student): dx = dy * (the derivative of tanh at this element)
        }
        return dx_;
    }

    std::string name() const override { return "student::Tanh"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<Tanh>(*this); }
};

std::unique_ptr<mlp::Layer> make_tanh() { return std::make_unique<Tanh>(); }

}  // namespace student
