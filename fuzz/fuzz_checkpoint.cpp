// SPDX-License-Identifier: MIT
// fuzz_checkpoint.cpp: libFuzzer target for the checkpoint reader (load_checkpoint_from_string),
// on the architecture the seed corpus was saved from (tests/test_checkpoint.cpp's model_for):
// Dense(2, 6), PReLU(6), Dense(6, 1). Each input is offered to two trainers: SGD with momentum
// 0.9, weight decay 1e-4, Nesterov and no schedule (the version 1 seeds and sgd_v2.txt), and
// Adam with amsgrad and ReduceLROnPlateau (adam_plateau.txt), so both the generic optimizer
// state and the schedule state are read. Any input must be resumed or refused with
// mlp::ModelFileError, and a refused one must leave the weights, the optimizer's state and the
// epoch as they were (checked here: anything else aborts, a finding); a resumed run must train
// on. Half the inputs are resumed with the sample count (20), so that check is fuzzed too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <vector>
#include <memory>
#include <string>

#include "mlp/io/model_file.hpp"
#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/optim/adam.hpp"
#include "mlp/optim/reduce_lr_on_plateau.hpp"
#include "mlp/optim/sgd.hpp"
#include "mlp/train/checkpoint.hpp"
#include "mlp/train/trainer.hpp"

namespace {
mlp::Sequential model_for() {
    mlp::Rng rng(3);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 6, rng);
    model.emplace<mlp::PReLU>(6);
    model.emplace<mlp::Dense>(6, 1, rng);
    return model;
}

// Every parameter value and optimizer buffer, with lr and steps: what a refusal must not change.
std::vector<mlp::Tensor> snapshot(mlp::Sequential& model, mlp::Optimizer& optimizer) {
    std::vector<mlp::Tensor> out;
    for (const mlp::Param& p : model.params()) out.push_back(*p.value);
    for (const mlp::StateBuffer& b : optimizer.state()) out.push_back(*b.value);
    out.push_back(mlp::Tensor(1, 2, 0.0));
    out.back()[0] = optimizer.lr();
    out.back()[1] = static_cast<double>(optimizer.steps());
    return out;
}

void resume_and_train(const std::string& text, mlp::Sequential& model, mlp::Optimizer& optimizer,
                      std::shared_ptr<mlp::LRScheduler> scheduler, std::optional<std::size_t> samples) {
    mlp::BCEWithLogitsLoss loss;
    mlp::Trainer trainer(model, loss, optimizer,
                         {.epochs = 5, .batch_size = 7, .seed = 5, .progress = false, .scheduler = std::move(scheduler)});
    const std::vector<mlp::Tensor> before = snapshot(model, optimizer);
    try {
        mlp::load_checkpoint_from_string(trainer, text, "fuzz", samples);
    } catch (const mlp::ModelFileError&) {
        // refused with a message, and nothing changed
        const std::vector<mlp::Tensor> after = snapshot(model, optimizer);
        bool same = after.size() == before.size() && trainer.epochs_done() == 0;
        for (std::size_t k = 0; same && k < after.size(); ++k) same = after[k] == before[k];
        if (!same) std::abort();
        return;
    }
    // 20 samples: the seeds were saved on 20 or 50; another size must be refused, not crash.
    mlp::Tensor x(20, 2, 0.25), y(20, 1, 1.0);
    try {
        trainer.fit(x, y);
    } catch (const std::invalid_argument&) {
        // the checkpoint was taken on another number of samples
    } catch (const std::runtime_error&) {
        // the weights it holds make the loss non-finite: reported, as training should
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::optional<std::size_t> samples = size % 2 == 0 ? std::optional<std::size_t>(20) : std::nullopt;
    {
        mlp::Sequential model = model_for();
        mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9, .weight_decay = 1e-4, .nesterov = true});
        resume_and_train(text, model, sgd, nullptr, samples);
    }
    {
        mlp::Sequential model = model_for();
        mlp::Adam adam(model.params(), {.lr = 0.01, .amsgrad = true});
        resume_and_train(text, model, adam,
                         std::make_shared<mlp::ReduceLROnPlateau>(adam, mlp::ReduceLROnPlateauOptions{.patience = 0}), samples);
    }
    return 0;
}
