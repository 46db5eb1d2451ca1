// SPDX-License-Identifier: MIT
// custom_layer.cpp: a layer of your own, in a dozen lines, used like a built-in one: built from
// its spec, trained, saved, loaded and gradchecked, with no edit to the library.
#include <cstdio>
#include <string>

#include "lesson_options.hpp"
#include "mlp/mlp.hpp"

// y = x * s, with one learned scale s_j per feature.        x: (N, F)  s: (1, F)
class Scale : public mlp::Layer {
public:
    explicit Scale(std::size_t features) : s(1, features, 1.0), ds(1, features) {}
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        mlp::check_input("Scale::forward", x, s.cols());
        x_ = x;
        y_ = x;
        for (std::size_t n = 0; n < x.rows(); ++n)
            for (std::size_t j = 0; j < x.cols(); ++j) y_(n, j) *= s(0, j);
        return y_;
    }
    // dx = dy * s;  ds_j += sum_n dy[n][j] x[n][j]          uses the cached input x_
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        dx_ = dy;
        for (std::size_t n = 0; n < dy.rows(); ++n)
            for (std::size_t j = 0; j < dy.cols(); ++j) {
                dx_(n, j) *= s(0, j);
                ds(0, j) += dy(n, j) * x_(n, j);
            }
        return dx_;
    }
    std::vector<mlp::Param> params() override { return {{"s", &s, &ds}}; }
    std::string name() const override { return "Scale(" + std::to_string(s.cols()) + ")"; }
    std::string spec() const override { return "scale:" + std::to_string(s.cols()); }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<Scale>(*this); }
    std::optional<std::size_t> input_width() const override { return s.cols(); }

    mlp::Tensor s, ds;

private:
    mlp::Tensor x_, y_, dx_;
};

// One line makes "scale:F" known to make_layer, and so to load_model.
static const bool registered = mlp::register_layer("scale", [](std::string_view spec) -> std::unique_ptr<mlp::Layer> {
    return std::make_unique<Scale>(mlp::spec_count(mlp::spec_numbers(spec, "scale", 1, 1)[0], "scale", "F", 1 << 20));
});

// What --help says.
const lesson::About kAbout{
    "a layer of your own in a dozen lines (Scale), built from its spec, trained, saved, loaded and gradchecked with no edit to the library.",
    "nothing",
    "instant; --quick changes nothing"};

int main(int argc, char** argv) {
    lesson::Options options;  // it writes no file and takes a second: --out and --quick change nothing
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    // 1. Built from specs, like every built-in layer.
    mlp::Sequential model;
    for (const char* spec : {"dense:2,8", "scale:8", "tanh", "dense:8,1"}) model.add(mlp::make_layer(spec));
    std::printf("%s", model.summary().c_str());

    // 2. Its backward agrees with finite differences.
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    mlp::MSELoss loss;
    const mlp::GradcheckResult check = mlp::gradcheck(model, loss, x, y);
    std::printf("%s\n", check.summary.c_str());

    // 3. It trains (XOR), 4. saves and loads, predicting the same numbers bit for bit.
    mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 2000, .stop_at_loss = 1e-3, .progress = false});
    trainer.fit(x, y);
    const double accuracy = trainer.evaluate(x, y).accuracy;
    const std::string text = mlp::model_to_string(model);
    mlp::Sequential loaded = mlp::load_model_from_string(text);
    const bool same = loaded.forward(x) == model.forward(x);
    std::printf("XOR accuracy %.0f%%; the saved model's second layer: \"%s\"; loaded back: %s\n", 100.0 * accuracy,
                loaded[1].spec().c_str(), same ? "same outputs, bit for bit" : "DIFFERENT outputs");
    const bool ok = registered && check.passed && accuracy == 1.0 && same;
    std::printf("%s\n", ok ? "A user layer does everything a built-in one does." : "Something above failed.");
    return ok ? 0 : 1;
}
