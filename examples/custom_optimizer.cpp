// SPDX-License-Identifier: MIT
// custom_optimizer.cpp: write your own optimizer, train XOR with it through the Trainer, save a
// checkpoint half-way and resume from it. The pattern for a course exercise: a class of a dozen
// lines derived from mlp::Optimizer; the Trainer, checkpoints and diagnostics need nothing else.
#include <cmath>
#include <cstdio>
#include <string>

#include "mlp/mlp.hpp"

// Signum (Bernstein et al., 2018): momentum, then a step of fixed size lr in the direction of
// its sign, whatever the gradient's size.
//   b = beta b + (1 - beta) g         b starts at 0
//   p = p - lr sign(b)
class Signum : public mlp::Optimizer {
public:
    Signum(std::vector<mlp::Param> params, double lr, double beta = 0.9)
        : Optimizer(std::move(params), lr, "Signum"), beta_(beta) {}
    std::string name() const override { return "signum"; }
    std::vector<mlp::Setting> settings() const override { return {{"beta", beta_}}; }
    std::vector<std::string> state_names() const override { return {"momentum"}; }  // saved in checkpoints

protected:
    // The rule for one parameter; the base class loops over them and counts the steps.
    void update(std::size_t i, mlp::Tensor& p, const mlp::Tensor& g) override {
        mlp::Tensor& b = buffer(0)[i];  // buffer 0 is "momentum", one tensor per parameter
        if (b.empty()) b = mlp::Tensor(p.rows(), p.cols());
        for (std::size_t k = 0; k < p.size(); ++k) {
            b[k] = beta_ * b[k] + (1.0 - beta_) * g[k];
            p[k] -= lr() * (b[k] > 0.0 ? 1.0 : b[k] < 0.0 ? -1.0 : 0.0);
        }
    }

private:
    double beta_;
};

namespace {
mlp::Sequential xor_network() {
    mlp::Rng rng(2);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 8, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(8, 1, rng);
    return model;
}
}  // namespace

int main() {
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    mlp::BCEWithLogitsLoss loss;
    const std::string path = "custom_optimizer_checkpoint.txt";

    // 1. Train XOR for 300 epochs with Signum, straight through.
    mlp::Sequential straight = xor_network();
    Signum straight_opt(straight.params(), 0.01);
    mlp::Trainer straight_trainer(straight, loss, straight_opt, {.epochs = 300, .progress = false});
    const mlp::History history = straight_trainer.fit(x, y);
    const double accuracy = straight_trainer.evaluate(x, y).accuracy;
    std::printf("XOR with Signum: %.0f%% after %zu epochs (loss %.3g)\n", 100.0 * accuracy, history.epochs.size(),
                history.last().loss);

    // 2. The same run stopped after 150 epochs, saved, and resumed by a fresh trainer.
    {
        mlp::Sequential first = xor_network();
        Signum opt(first.params(), 0.01);
        mlp::Trainer trainer(first, loss, opt, {.epochs = 150, .progress = false});
        trainer.fit(x, y);
        trainer.save_checkpoint(path);  // Signum's beta, steps and momentum buffers go in too
    }
    mlp::Sequential resumed = xor_network();
    Signum opt(resumed.params(), 0.01);
    mlp::Trainer trainer(resumed, loss, opt, {.epochs = 300, .progress = false});
    trainer.resume(path);
    trainer.fit(x, y);
    bool identical = opt.steps() == straight_opt.steps();
    for (std::size_t k = 0; k < resumed.params().size(); ++k)
        identical = identical && *resumed.params()[k].value == *straight.params()[k].value;
    std::printf("stopped at epoch 150, saved to %s, resumed: the weights %s the straight run's, bit for bit\n",
                path.c_str(), identical ? "equal" : "DIFFER FROM");
    return accuracy == 1.0 && identical ? 0 : 1;
}
