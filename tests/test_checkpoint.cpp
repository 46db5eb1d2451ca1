// SPDX-License-Identifier: MIT
// test_checkpoint.cpp: a run interrupted and resumed ends bit-identical to one that never stopped.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <memory>
#include <tuple>
#include <fstream>
#include <stdexcept>
#include <string>

#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/optim/adagrad.hpp"
#include "mlp/optim/adam.hpp"
#include "mlp/optim/adamw.hpp"
#include "mlp/optim/reduce_lr_on_plateau.hpp"
#include "mlp/optim/rmsprop.hpp"
#include "mlp/optim/lr_scheduler.hpp"
#include "mlp/optim/sgd.hpp"
#include "mlp/train/checkpoint.hpp"
#include "mlp/train/trainer.hpp"

#include "checkpoint_test_support.hpp"

namespace fs = std::filesystem;
using mlp::Tensor;

namespace {

using checkpoint_tests::model_for;
using checkpoint_tests::toy_data;

const mlp::SGDOptions kOptions{.lr = 0.1, .momentum = 0.9, .weight_decay = 1e-4, .nesterov = true};

mlp::TrainConfig config(std::size_t epochs) {
    return {.epochs = epochs, .batch_size = 7, .shuffle = true, .seed = 5, .progress = false};
}

fs::path scratch(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "mlp_test_checkpoint";
    fs::create_directories(dir);
    return dir / name;
}

bool same_weights(mlp::Sequential& a, mlp::Sequential& b) {
    const auto pa = a.params();
    const auto pb = b.params();
    if (pa.size() != pb.size()) return false;
    for (std::size_t k = 0; k < pa.size(); ++k)
        if (!(*pa[k].value == *pb[k].value)) return false;  // every double equal: bit-identical
    return true;
}

}  // namespace

TEST_CASE("checkpoint: N epochs interrupted after k and resumed give bit-identical weights") {
    Tensor x, y;
    toy_data(x, y, 50);  // 50 samples in batches of 7: the last batch is short
    mlp::BCEWithLogitsLoss loss;

    mlp::Sequential straight = model_for(3);
    mlp::SGD straight_sgd(straight.params(), kOptions);
    mlp::Trainer(straight, loss, straight_sgd, config(9)).fit(x, y);

    for (std::size_t k : {1u, 4u, 8u}) {
        CAPTURE(k);
        const fs::path path = scratch("run_k" + std::to_string(k) + ".txt");
        {
            mlp::Sequential first = model_for(3);
            mlp::SGD sgd(first.params(), kOptions);
            mlp::Trainer trainer(first, loss, sgd, config(k));
            trainer.fit(x, y);
            mlp::save_checkpoint(trainer, path.string());
        }  // the first process is gone: nothing of it survives but the file

        mlp::Sequential resumed = model_for(1234);  // different initial weights, overwritten by resume
        mlp::SGD sgd(resumed.params(), {.lr = 0.5, .momentum = 0.9, .weight_decay = 1e-4, .nesterov = true});
        mlp::Trainer trainer(resumed, loss, sgd, config(9));
        mlp::load_checkpoint(trainer, path.string());
        CHECK(trainer.epochs_done() == k);
        CHECK(sgd.options().lr == 0.1);  // the learning rate comes from the checkpoint
        const mlp::History h = trainer.fit(x, y);
        REQUIRE(h.epochs.size() == 9 - k);
        CHECK(h.epochs.front().epoch == k + 1);
        CHECK(sgd.steps() == straight_sgd.steps());
        CHECK(same_weights(resumed, straight));
        CHECK(sgd.momentum_buffers() == straight_sgd.momentum_buffers());
    }
}

TEST_CASE("checkpoint: saved from on_epoch in the middle of a run, and resumed from there") {
    Tensor x, y;
    toy_data(x, y, 30);
    mlp::BCEWithLogitsLoss loss;
    const fs::path path = scratch("on_epoch.txt");

    mlp::Sequential straight = model_for(8);
    mlp::SGD straight_sgd(straight.params(), kOptions);
    mlp::TrainConfig cfg = config(6);
    mlp::Trainer* self = nullptr;
    cfg.on_epoch = [&](const mlp::EpochStats& e) {
        if (e.epoch == 2) mlp::save_checkpoint(*self, path.string());
    };
    mlp::Trainer straight_trainer(straight, loss, straight_sgd, cfg);
    self = &straight_trainer;
    straight_trainer.fit(x, y);

    mlp::Sequential resumed = model_for(8);
    mlp::SGD sgd(resumed.params(), kOptions);
    mlp::Trainer trainer(resumed, loss, sgd, config(6));
    mlp::load_checkpoint(trainer, path.string());
    CHECK(trainer.fit(x, y).epochs.size() == 4);
    CHECK(same_weights(resumed, straight));
}

TEST_CASE("checkpoint: a checkpoint that does not fit is refused by line, and nothing changes") {
    Tensor x, y;
    toy_data(x, y, 20);
    mlp::BCEWithLogitsLoss loss;
    const fs::path path = scratch("refuse.txt");
    {
        mlp::Sequential model = model_for(2);
        mlp::SGD sgd(model.params(), kOptions);
        mlp::Trainer trainer(model, loss, sgd, config(2));
        trainer.fit(x, y);
        mlp::save_checkpoint(trainer, path.string());
    }
    mlp::Sequential model = model_for(4);
    const mlp::Sequential before = model;
    auto unchanged = [&] {
        mlp::Sequential copy = before;
        return same_weights(model, copy);
    };

    SUBCASE("different momentum settings") {
        mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.5});
        mlp::Trainer trainer(model, loss, sgd, config(4));
        CHECK_THROWS_WITH_AS(mlp::load_checkpoint(trainer, path.string()),
                             doctest::Contains("line 5: the checkpoint's optimizer is sgd momentum=0.9 dampening=0 weight_decay=1e-04 nesterov=1; "
                                               "this trainer's is sgd momentum=0.5"),
                             mlp::ModelFileError);
        CHECK(unchanged());
        CHECK(sgd.steps() == 0);
    }
    SUBCASE("a different architecture: the model section's line is the checkpoint's") {
        mlp::Rng rng(1);
        mlp::Sequential other;
        other.emplace<mlp::Dense>(2, 5, rng);
        other.emplace<mlp::PReLU>(5);
        other.emplace<mlp::Dense>(5, 1, rng);
        mlp::SGD sgd(other.params(), kOptions);
        mlp::Trainer trainer(other, loss, sgd, config(4));
        CHECK_THROWS_WITH_AS(mlp::load_checkpoint(trainer, path.string()),
                             doctest::Contains("line 7: expected dense0.W momentum_buffer of shape (2, 5) or \"empty\""),
                             mlp::ModelFileError);
    }
    SUBCASE("without momentum, the model section finds the mismatch, at the checkpoint's line") {
        const fs::path plain = scratch("plain.txt");
        {
            mlp::Sequential saved = model_for(2);
            mlp::SGD sgd(saved.params(), {.lr = 0.1});
            mlp::Trainer trainer(saved, loss, sgd, config(1));
            trainer.fit(x, y);
            mlp::save_checkpoint(trainer, plain.string());
        }
        mlp::Rng rng(1);
        mlp::Sequential other;
        other.emplace<mlp::Dense>(2, 6, rng);
        other.emplace<mlp::PReLU>(1);
        other.emplace<mlp::Dense>(6, 1, rng);
        mlp::SGD sgd(other.params(), {.lr = 0.1});
        mlp::Trainer trainer(other, loss, sgd, config(4));
        // 6 header lines, 5 buffers, "scheduler none", "model", "mlp-model 2", dense0 (1 + 1 + 2 + 1
        // + 1 lines): prelu1 is line 21
        CHECK_THROWS_WITH_AS(mlp::load_checkpoint(trainer, plain.string()),
                             ("load_model_into: " + plain.string() +
                              ": line 21: layer 1 is PReLU(6) in the file but PReLU(1) in the model").c_str(),
                             mlp::ModelFileError);
    }
    SUBCASE("a truncated file") {
        std::ifstream in(path);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const fs::path cut = scratch("cut.txt");
        std::ofstream(cut) << text.substr(0, text.size() - 10);
        mlp::SGD sgd(model.params(), kOptions);
        mlp::Trainer trainer(model, loss, sgd, config(4));
        CHECK_THROWS_WITH_AS(mlp::load_checkpoint(trainer, cut.string()), doctest::Contains(("load_model: " + cut.string() + ": line").c_str()),
                             mlp::ModelFileError);
        CHECK(unchanged());
        CHECK(trainer.epochs_done() == 0);
    }
    SUBCASE("a negative step count is refused before the model is touched") {
        std::ifstream in(path);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::size_t steps_line = text.find("\nsteps ") + 1;
        const std::size_t steps_at = text.rfind(' ', text.find('\n', steps_line)) + 1;
        text.replace(steps_at, text.find('\n', steps_line) - steps_at, "-3");
        const fs::path bad = scratch("negative_steps.txt");
        std::ofstream(bad) << text;
        mlp::SGD sgd(model.params(), kOptions);
        mlp::Trainer trainer(model, loss, sgd, config(4));
        CHECK_THROWS_WITH_AS(mlp::load_checkpoint(trainer, bad.string()), doctest::Contains("line 6: expected steps >= 0, got -3"),
                             mlp::ModelFileError);
        CHECK(unchanged());
    }
    SUBCASE("resumed on a data set of another size") {
        mlp::SGD sgd(model.params(), kOptions);
        mlp::Trainer trainer(model, loss, sgd, config(4));
        mlp::load_checkpoint(trainer, path.string());
        Tensor x2, y2;
        toy_data(x2, y2, 21);
        CHECK_THROWS_WITH_AS(trainer.fit(x2, y2), "Trainer::fit: the checkpoint was taken on 20 samples, got 21; the model and optimizer are as before the load",
                             std::invalid_argument);
    }
    SUBCASE("not a checkpoint at all") {
        mlp::SGD sgd(model.params(), kOptions);
        mlp::Trainer trainer(model, loss, sgd, config(4));
        const fs::path model_file = scratch("model.txt");
        mlp::save_model(model, model_file.string());
        CHECK_THROWS_WITH_AS(mlp::load_checkpoint(trainer, model_file.string()),
                             ("load_checkpoint: " + model_file.string() +
                              ": line 1: expected \"mlp-checkpoint\", got \"mlp-model\"").c_str(),
                             mlp::ModelFileError);
    }
}

TEST_CASE("checkpoint: fit after a finished run starts over, as it always did") {
    Tensor x, y;
    toy_data(x, y, 20);
    mlp::BCEWithLogitsLoss loss;
    mlp::Sequential model = model_for(2);
    mlp::SGD sgd(model.params(), kOptions);
    mlp::Trainer trainer(model, loss, sgd, config(3));
    CHECK(trainer.fit(x, y).epochs.size() == 3);
    CHECK(trainer.epochs_done() == 3);
    CHECK(trainer.fit(x, y).epochs.front().epoch == 1);
}

TEST_CASE("checkpoint: a version 1 file (SGD, before schedules) still loads and resumes bit-identically") {
    // tests/fixtures/checkpoint_v1.txt was written by the version 1 code (commit 1c3c217) for the
    // first test case above: model_for(3), 50 samples, kOptions, interrupted after 4 of 9 epochs.
    Tensor x, y;
    toy_data(x, y, 50);
    mlp::BCEWithLogitsLoss loss;
    mlp::Sequential straight = model_for(3);
    mlp::SGD straight_sgd(straight.params(), kOptions);
    mlp::Trainer(straight, loss, straight_sgd, config(9)).fit(x, y);

    mlp::Sequential resumed = model_for(77);
    mlp::SGD sgd(resumed.params(), {.lr = 0.5, .momentum = 0.9, .weight_decay = 1e-4, .nesterov = true});
    mlp::Trainer trainer(resumed, loss, sgd, config(9));
    mlp::load_checkpoint(trainer, std::string(MLP_SOURCE_DIR) + "/tests/fixtures/checkpoint_v1.txt");
    CHECK(trainer.epochs_done() == 4);
    CHECK(sgd.lr() == 0.1);
    CHECK(!sgd.momentum_buffers()[0].empty());
    trainer.fit(x, y);
    // The fixture was written by a libstdc++ build: its rng line is std::mt19937 as libstdc++
    // wrote it (624 words and an index), which is the layout of mlp::Rng's own state, so it
    // resumes bit-identically in every build (the libcxx preset checks it under libc++).
    CHECK(same_weights(resumed, straight));
    CHECK(sgd.steps() == straight_sgd.steps());

    // A version 1 file for another optimizer, or for a trainer with a schedule, is refused.
    mlp::Sequential other = model_for(3);
    mlp::Adam adam(other.params(), {});
    mlp::Trainer adam_trainer(other, loss, adam, config(9));
    CHECK_THROWS_WITH_AS(mlp::load_checkpoint(adam_trainer, std::string(MLP_SOURCE_DIR) + "/tests/fixtures/checkpoint_v1.txt"),
                         doctest::Contains("line 5: the checkpoint's optimizer is sgd momentum=0.9 dampening=0 "
                                           "weight_decay=1e-04 nesterov=1; this trainer's is adam beta1=0.9"),
                         mlp::ModelFileError);
}

TEST_CASE("checkpoint: every optimizer with a schedule, interrupted and resumed, ends bit-identical") {
    Tensor x, y, x_val, y_val;
    toy_data(x, y, 40);
    toy_data(x_val, y_val, 12);
    mlp::BCEWithLogitsLoss loss;
    using Make = std::function<std::unique_ptr<mlp::Optimizer>(std::vector<mlp::Param>)>;
    using Schedule = std::function<std::shared_ptr<mlp::LRScheduler>(mlp::Optimizer&)>;
    const std::vector<std::tuple<std::string, Make, Schedule>> runs{
        {"sgd + step_lr",
         [](auto p) { return std::make_unique<mlp::SGD>(std::move(p), mlp::SGDOptions{.lr = 0.1, .momentum = 0.9}); },
         [](mlp::Optimizer& o) { return std::make_shared<mlp::StepLR>(o, mlp::StepLROptions{.step_size = 2, .gamma = 0.5}); }},
        {"adam + cosine",
         [](auto p) { return std::make_unique<mlp::Adam>(std::move(p), mlp::AdamOptions{.lr = 0.01, .amsgrad = true}); },
         [](mlp::Optimizer& o) { return std::make_shared<mlp::CosineAnnealingLR>(o, mlp::CosineAnnealingLROptions{.T_max = 3}); }},
        {"adamw + exponential",
         [](auto p) { return std::make_unique<mlp::AdamW>(std::move(p), mlp::AdamWOptions{.lr = 0.01}); },
         [](mlp::Optimizer& o) { return std::make_shared<mlp::ExponentialLR>(o, 0.9); }},
        {"rmsprop + plateau",
         [](auto p) {
             return std::make_unique<mlp::RMSprop>(std::move(p), mlp::RMSpropOptions{.momentum = 0.5, .centered = true});
         },
         [](mlp::Optimizer& o) {
             return std::make_shared<mlp::ReduceLROnPlateau>(o, mlp::ReduceLROnPlateauOptions{.patience = 0, .cooldown = 1});
         }},
        {"adagrad + step_lr",
         [](auto p) { return std::make_unique<mlp::Adagrad>(std::move(p), mlp::AdagradOptions{.lr = 0.1, .lr_decay = 0.01}); },
         [](mlp::Optimizer& o) { return std::make_shared<mlp::StepLR>(o, mlp::StepLROptions{.step_size = 3}); }},
    };
    for (const auto& [name, make, schedule] : runs) {
        const std::string label = name;  // doctest's CAPTURE cannot take a structured binding under Clang 14
        CAPTURE(label);
        mlp::Sequential straight = model_for(5);
        auto straight_opt = make(straight.params());
        mlp::TrainConfig cfg = config(7);
        cfg.scheduler = schedule(*straight_opt);
        mlp::Trainer(straight, loss, *straight_opt, cfg).fit(x, y, x_val, y_val);

        const fs::path path = scratch("every_optimizer.txt");
        {
            mlp::Sequential first = model_for(5);
            auto opt = make(first.params());
            mlp::TrainConfig first_cfg = config(3);
            first_cfg.scheduler = schedule(*opt);
            mlp::Trainer trainer(first, loss, *opt, first_cfg);
            trainer.fit(x, y, x_val, y_val);
            mlp::save_checkpoint(trainer, path.string());
        }
        mlp::Sequential resumed = model_for(6);
        auto opt = make(resumed.params());
        mlp::TrainConfig resumed_cfg = config(7);
        resumed_cfg.scheduler = schedule(*opt);
        mlp::Trainer trainer(resumed, loss, *opt, resumed_cfg);
        mlp::load_checkpoint(trainer, path.string());
        CHECK(resumed_cfg.scheduler->epoch() == 3);
        trainer.fit(x, y, x_val, y_val);
        CHECK(same_weights(resumed, straight));
        CHECK(opt->lr() == straight_opt->lr());
        CHECK(opt->steps() == straight_opt->steps());
        const auto a = opt->state(), b = straight_opt->state();
        REQUIRE(a.size() == b.size());
        for (std::size_t k = 0; k < a.size(); ++k) CHECK(*a[k].value == *b[k].value);
        CHECK(cfg.scheduler->state().back().value == resumed_cfg.scheduler->state().back().value);
    }
}

TEST_CASE("checkpoint: a schedule that does not match is refused, and nothing changes") {
    Tensor x, y;
    toy_data(x, y, 20);
    mlp::BCEWithLogitsLoss loss;
    const fs::path path = scratch("schedule.txt");
    {
        mlp::Sequential model = model_for(2);
        mlp::SGD sgd(model.params(), kOptions);
        mlp::TrainConfig cfg = config(2);
        cfg.scheduler = std::make_shared<mlp::StepLR>(sgd, mlp::StepLROptions{.step_size = 1, .gamma = 0.5});
        mlp::Trainer trainer(model, loss, sgd, cfg);
        trainer.fit(x, y);
        mlp::save_checkpoint(trainer, path.string());
    }
    mlp::Sequential model = model_for(2);
    mlp::SGD sgd(model.params(), kOptions);
    SUBCASE("another gamma") {
        mlp::TrainConfig cfg = config(4);
        cfg.scheduler = std::make_shared<mlp::StepLR>(sgd, mlp::StepLROptions{.step_size = 1, .gamma = 0.1});
        mlp::Trainer trainer(model, loss, sgd, cfg);
        CHECK_THROWS_WITH_AS(mlp::load_checkpoint(trainer, path.string()),
                             doctest::Contains("line 12: the checkpoint's schedule is step_lr step_size=1 gamma=0.5; "
                                               "this trainer's is step_lr step_size=1 gamma=0.1"),
                             mlp::ModelFileError);
        CHECK(cfg.scheduler->epoch() == 0);
        CHECK(sgd.lr() == 0.1);
    }
    SUBCASE("no schedule") {
        mlp::Trainer trainer(model, loss, sgd, config(4));
        CHECK_THROWS_WITH_AS(mlp::load_checkpoint(trainer, path.string()),
                             doctest::Contains("line 12: the checkpoint has a schedule (step_lr); this trainer has none"),
                             mlp::ModelFileError);
    }
    SUBCASE("resumed: the lr and the schedule's epoch come from the file") {
        mlp::TrainConfig cfg = config(4);
        cfg.scheduler = std::make_shared<mlp::StepLR>(sgd, mlp::StepLROptions{.step_size = 1, .gamma = 0.5});
        mlp::Trainer trainer(model, loss, sgd, cfg);
        mlp::load_checkpoint(trainer, path.string());
        CHECK(sgd.lr() == 0.025);  // 0.1 halved after each of 2 epochs
        CHECK(cfg.scheduler->epoch() == 2);
    }
}

TEST_CASE("checkpoint: ReduceLROnPlateau's best loss of +infinity (before its first epoch) round-trips") {
    Tensor x, y;
    toy_data(x, y, 20);
    mlp::BCEWithLogitsLoss loss;
    const fs::path path = scratch("plateau_start.txt");
    mlp::Sequential model = model_for(2);
    mlp::Adam adam(model.params(), {.lr = 0.01});
    mlp::TrainConfig cfg = config(3);
    auto plateau = std::make_shared<mlp::ReduceLROnPlateau>(adam, mlp::ReduceLROnPlateauOptions{.patience = 2});
    cfg.scheduler = plateau;
    mlp::Trainer trainer(model, loss, adam, cfg);
    mlp::save_checkpoint(trainer, path.string());
    std::ifstream in(path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("scheduler_state epoch=0 base_lr=0.01 best=inf num_bad_epochs=0 cooldown_counter=0\n") !=
          std::string::npos);
    mlp::load_checkpoint(trainer, path.string());
    CHECK(std::isinf(plateau->best()));
}
