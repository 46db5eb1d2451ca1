// SPDX-License-Identifier: MIT
// 09_dropout.cpp: exercise 9. Write inverted dropout's forward and backward.
// In training, each element is dropped (set to 0) with probability p and the kept ones are
// scaled by 1 / (1 - p), so the expected output equals the input and evaluation needs nothing:
//   training:    m[k] = 0 if u[k] < p, else 1 / (1 - p)      u[k] = rng_.uniform(), one per element
//                y[k] = m[k] x[k]
//   evaluation:  y = x                                       (training() is false: no draws)
// Draw the uniforms in element order k = 0, 1, ... (row by row), only in training: then your
// layer and mlp::Dropout with the same seed draw the same numbers, and the checker compares every
// output exactly. p = 0 keeps everything; p = 1 drops everything (y = 0).
// backward: dx = dL/dx from dy = dL/dy: work it out from y = m x.
// Build and grade: cmake --build <build dir> --target exercise9 && <build dir>/exercises/exercise9
#include "student.hpp"

namespace student {

class Dropout : public mlp::Layer {
public:
    Dropout(double p, std::uint32_t seed) : p_(p), rng_(seed) {}

    // x: (N, F) -> y: (N, F)
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        y_.resize(x.rows(), x.cols());
        for (std::size_t k = 0; k < x.size(); ++k) {
            y_[k] = 0.0;  // TODO(student): y = m x in training, y = x in evaluation
        }
        return y_;
    }

    // dy = dL/dy: (N, F) -> dx = dL/dx: (N, F), for the last forward's draws
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        dx_.resize(dy.rows(), dy.cols());
        for (std::size_t k = 0; k < dy.size(); ++k) {
            dx_[k] = 0.0;  // TODO(student)
        }
        return dx_;
    }

    double p() const { return p_; }
    std::string name() const override { return "student::Dropout"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<Dropout>(*this); }

private:
    double p_;
    mlp::Rng rng_;
    mlp::Tensor y_;   // (N, F)
    mlp::Tensor dx_;  // (N, F)
};

std::unique_ptr<mlp::Layer> make_dropout(double p, std::uint32_t seed) { return std::make_unique<Dropout>(p, seed); }

}  // namespace student
