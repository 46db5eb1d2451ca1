// SPDX-License-Identifier: MIT
// custom_activation.cpp: write your own activation, check its backward, train XOR with it.
// The pattern for a course exercise: a class of a dozen lines, one gradcheck call, one network.
#include <cmath>
#include <cstdio>

#include "lesson_options.hpp"
#include "mlp/mlp.hpp"

// y = x^2 / 2 + x / 2: a parabola is enough non-linearity for XOR.
class HalfSquare : public mlp::Activation {
public:
    // y = (x^2 + x) / 2
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        start_forward(x);  // caches x in x_, shapes y_
        for (std::size_t k = 0; k < x.size(); ++k) y_[k] = 0.5 * (x[k] * x[k] + x[k]);
        return y_;
    }
    // dx = dy * (x + 1/2)             uses the cached input x_
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        start_backward(dy);  // checks dy's shape, shapes dx_
        for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k] * (x_[k] + 0.5);
        return dx_;
    }
    std::string name() const override { return "HalfSquare"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<HalfSquare>(*this); }
};

// What --help says.
const lesson::About kAbout{
    "an activation of your own in a dozen lines (HalfSquare): its backward checked against finite differences, then XOR trained with it.",
    "nothing",
    "instant; --quick changes nothing"};

int main(int argc, char** argv) {
    lesson::Options options;  // the common options are accepted; this lesson reads none of them
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    // 1. Is the backward right? One call, at a few random points.
    mlp::Rng rng(1);
    mlp::Tensor points(3, 4);
    for (std::size_t k = 0; k < points.size(); ++k) points[k] = rng.uniform(-2.0, 2.0);
    HalfSquare layer;
    const mlp::GradcheckResult check = mlp::gradcheck(layer, points, {.tolerance = 1e-7});
    std::printf("%s\n", check.summary.c_str());

    // 2. Plug it into a network and train XOR.
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 4, rng);
    model.emplace<HalfSquare>();
    model.emplace<mlp::Dense>(4, 1, rng);
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.05, .momentum = 0.9});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 2000, .stop_at_loss = 1e-4, .progress = false});
    const mlp::History history = trainer.fit(x, y);
    const double accuracy = trainer.evaluate(x, y).accuracy;
    std::printf("XOR with HalfSquare: %.0f%% after %zu epochs (loss %.2g)\n", 100.0 * accuracy,
                history.epochs.size(), history.last().loss);
    return check.passed && accuracy == 1.0 ? 0 : 1;
}
