// SPDX-License-Identifier: MIT
// custom_optimizer.cpp: write your own optimizer, train XOR with it through the Trainer, save a
// checkpoint half-way and resume from it. The pattern for a course exercise: a class of a dozen
// lines derived from mlp::Optimizer; the Trainer, checkpoints and diagnostics need nothing else.
#include <cmath>
#include <cstdio>
#include <string>

#include "lesson_options.hpp"
#include "mlp/mlp.hpp"

#include "signum.hpp"  // the optimizer itself: read it first

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

// What --help says.
const lesson::About kAbout{
    "an optimizer of your own derived from mlp::Optimizer trains XOR through the Trainer, saves a checkpoint half-way and resumes from it.",
    "custom_optimizer_checkpoint.txt in --out",
    "instant; --quick changes nothing"};

int main(int argc, char** argv) {
    lesson::Options options;  // --out DIR: where the checkpoint goes; --quick changes nothing (it takes a second)
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    mlp::BCEWithLogitsLoss loss;
    const std::string path = lesson::output_file(options, "custom_optimizer_checkpoint.txt");

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
        mlp::save_checkpoint(trainer, path);  // Signum's beta, steps and momentum buffers go in too
    }
    mlp::Sequential resumed = xor_network();
    Signum opt(resumed.params(), 0.01);
    mlp::Trainer trainer(resumed, loss, opt, {.epochs = 300, .progress = false});
    mlp::load_checkpoint(trainer, path);
    trainer.fit(x, y);
    bool identical = opt.steps() == straight_opt.steps();
    for (std::size_t k = 0; k < resumed.params().size(); ++k)
        identical = identical && *resumed.params()[k].value == *straight.params()[k].value;
    std::printf("stopped at epoch 150, saved to %s, resumed: the weights %s the straight run's, bit for bit\n",
                path.c_str(), identical ? "equal" : "DIFFER FROM");
    return accuracy == 1.0 && identical ? 0 : 1;
}
