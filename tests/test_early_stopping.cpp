// SPDX-License-Identifier: MIT
// test_early_stopping.cpp: TrainConfig::patience and min_delta (Keras's EarlyStopping with
// restore_best_weights): the epoch it stops at, the weights it restores, what History reports,
// no effect without patience, the errors, and checkpoints taken mid-patience.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "mlp/io/model_file.hpp"
#include "mlp/core/number_text.hpp"
#include "mlp/nn/activation.hpp"
#include "mlp/nn/batch_norm.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/dropout.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/optim/lr_scheduler.hpp"
#include "mlp/optim/sgd.hpp"
#include "mlp/train/checkpoint.hpp"
#include "mlp/train/trainer.hpp"

using mlp::Tensor;
namespace fs = std::filesystem;

namespace {

// The constructed case: training targets y = 2x, validation targets y = x on the same kind of
// inputs. A model starting near w = 0 walks towards 2, so the validation loss falls while it
// approaches 1 and rises after it passes: a minimum in the middle of the run, then patience.
struct Data {
    Tensor x, y, x_val, y_val;
};
Data make_data(std::uint32_t seed) {
    mlp::Rng rng(seed);
    Data d{Tensor(40, 1), Tensor(40, 1), Tensor(20, 1), Tensor(20, 1)};
    for (std::size_t n = 0; n < 40; ++n) {
        d.x(n, 0) = rng.uniform(-1, 1);
        d.y(n, 0) = 2.0 * d.x(n, 0);
    }
    for (std::size_t n = 0; n < 20; ++n) {
        d.x_val(n, 0) = rng.uniform(-1, 1);
        d.y_val(n, 0) = d.x_val(n, 0);
    }
    return d;
}

// One linear unit, or (rich = true) a network with dropout, so that the model has random state.
mlp::Sequential make_model(std::uint32_t seed, bool rich) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    if (!rich) {
        model.emplace<mlp::Dense>(1, 1, rng);
        *model.params()[0].value = Tensor::from_rows({{0.0}});  // start at w = 0: val loss falls, then rises
        return model;
    }
    model.emplace<mlp::Dense>(1, 8, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dropout>(0.1, seed);
    model.emplace<mlp::Dense>(8, 1, rng);
    return model;
}

std::vector<Tensor> weights(mlp::Layer& model) {
    std::vector<Tensor> out;
    for (const mlp::Param& p : model.params()) out.push_back(*p.value);
    return out;
}

// Keras's rule written out on a list of validation losses: the epoch it stops at (0: never) and
// the best epoch. Better means val_loss < best - min_delta.
struct Expected {
    std::size_t stop = 0, best = 0;
};
Expected expected_stop(const mlp::History& full, std::size_t patience, double min_delta) {
    Expected e;
    double best = 1e300;
    std::size_t wait = 0;
    for (const mlp::EpochStats& s : full.epochs) {
        if (s.val_loss < best - min_delta) {
            best = s.val_loss;
            e.best = s.epoch;
            wait = 0;
        } else if (++wait >= patience) {
            e.stop = s.epoch;
            return e;
        }
    }
    return e;
}

fs::path scratch(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "mlp_test_early_stopping";
    fs::create_directories(dir);
    return dir / name;
}

}  // namespace

TEST_CASE("early stopping: stops `patience` epochs after the best val_loss, over 4 seeds, with and without min_delta") {
    for (std::uint32_t seed = 1; seed <= 4; ++seed) {
        for (const double min_delta : {0.0, 1e-3}) {
            CAPTURE(seed);
            CAPTURE(min_delta);
            const Data d = make_data(seed);
            mlp::MSELoss loss;
            // The whole run, without patience: the validation losses the rule is applied to.
            mlp::Sequential full_model = make_model(seed, false);
            mlp::SGD full_sgd(full_model.params(), {.lr = 0.1});
            const mlp::History full =
                mlp::Trainer(full_model, loss, full_sgd, {.epochs = 60, .progress = false}).fit(d.x, d.y, d.x_val, d.y_val);
            const Expected e = expected_stop(full, 4, min_delta);
            // The case is built so that the minimum is inside the run, not at its ends.
            REQUIRE(e.best > 3);
            REQUIRE(e.stop == e.best + 4);

            mlp::Sequential model = make_model(seed, false);
            mlp::SGD sgd(model.params(), {.lr = 0.1});
            mlp::TrainConfig config{.epochs = 60, .progress = false, .patience = 4, .min_delta = min_delta};
            const mlp::History h = mlp::Trainer(model, loss, sgd, config).fit(d.x, d.y, d.x_val, d.y_val);
            CHECK(h.stopped_early);
            CHECK(h.epochs.size() == e.stop);
            CHECK(h.best_epoch == e.best);
            for (std::size_t k = 0; k < h.epochs.size(); ++k) CHECK(h.epochs[k].val_loss == full.epochs[k].val_loss);
            CHECK(h.stop_reason == "val_loss did not improve by more than " + mlp::format_number(min_delta) +
                                       " for 4 epochs: best " + mlp::format_number(full.epochs[e.best - 1].val_loss) +
                                       " at epoch " + std::to_string(e.best) + ", " +
                                       mlp::format_number(full.epochs[e.stop - 1].val_loss) + " at epoch " +
                                       std::to_string(e.stop) + "; restored the weights of epoch " + std::to_string(e.best));
        }
    }
}

TEST_CASE("early stopping: restores the best epoch's parameters bit for bit, with dropout, batches and a schedule, over 3 seeds") {
    for (std::uint32_t seed = 1; seed <= 3; ++seed) {
        CAPTURE(seed);
        const Data d = make_data(seed);
        mlp::MSELoss loss;
        mlp::Sequential model = make_model(seed, true);
        mlp::SGD sgd(model.params(), {.lr = 0.05, .momentum = 0.9});
        std::vector<std::vector<Tensor>> copies;  // the parameters at the end of every epoch
        mlp::TrainConfig config{.epochs = 200, .batch_size = 8, .seed = seed, .progress = false,
                                .on_epoch = [&](const mlp::EpochStats&) { copies.push_back(weights(model)); },
                                .scheduler = std::make_shared<mlp::StepLR>(sgd, mlp::StepLROptions{.step_size = 20, .gamma = 0.5}),
                                .patience = 5};
        mlp::Trainer trainer(model, loss, sgd, config);
        const mlp::History h = trainer.fit(d.x, d.y, d.x_val, d.y_val);
        REQUIRE(h.stopped_early);
        REQUIRE(h.best_epoch >= 1);
        REQUIRE(h.best_epoch < h.epochs.size());
        CHECK(h.epochs.size() == h.best_epoch + 5);
        CHECK(weights(model) == copies[h.best_epoch - 1]);
        CHECK_FALSE(weights(model) == copies.back());  // something was restored
        // The restored weights are the ones whose validation loss History reports as the best.
        CHECK(trainer.evaluate(d.x_val, d.y_val).loss == h.epochs[h.best_epoch - 1].val_loss);
        for (const mlp::EpochStats& s : h.epochs) CHECK(s.val_loss >= h.epochs[h.best_epoch - 1].val_loss);
    }
}

// Keras's restore_best_weights restores all of model.get_weights(), BatchNorm's moving statistics
// included, as PyTorch's state_dict holds its buffers: the best epoch's model is its parameters
// and its buffers together, in memory and through a checkpoint taken mid-patience.
TEST_CASE("early stopping: restores the best epoch's BatchNorm running statistics too, and resumes them from a checkpoint, over 3 seeds") {
    auto make = [](std::uint32_t seed) {
        mlp::Rng rng(seed);
        mlp::Sequential model;
        model.emplace<mlp::Dense>(1, 8, rng);
        model.emplace<mlp::BatchNorm1d>(8);
        model.emplace<mlp::Tanh>();
        model.emplace<mlp::Dense>(8, 1, rng);
        return model;
    };
    auto state = [](mlp::Sequential& model) {
        std::vector<Tensor> out = weights(model);
        for (const mlp::Buffer& b : model.buffers()) out.push_back(*b.value);
        return out;
    };
    for (std::uint32_t seed = 1; seed <= 3; ++seed) {
        CAPTURE(seed);
        const Data d = make_data(seed);
        mlp::MSELoss loss;
        mlp::Sequential model = make(seed);
        REQUIRE(model.buffers().size() == 2);
        mlp::SGD sgd(model.params(), {.lr = 0.05, .momentum = 0.9});
        std::vector<std::vector<Tensor>> copies;
        mlp::Trainer* self = nullptr;
        mlp::TrainConfig config{.epochs = 300, .batch_size = 8, .seed = seed, .progress = false,
                                .on_epoch = [&](const mlp::EpochStats& s) {
                                    copies.push_back(state(model));
                                    mlp::save_checkpoint(*self, scratch("bn" + std::to_string(s.epoch) + ".txt").string());
                                },
                                .patience = 5};
        mlp::Trainer trainer(model, loss, sgd, config);
        self = &trainer;
        const mlp::History h = trainer.fit(d.x, d.y, d.x_val, d.y_val);
        REQUIRE(h.stopped_early);
        REQUIRE(h.best_epoch >= 1);
        CHECK(copies[h.best_epoch - 1].back() != copies.back().back());  // the running variance moved on
        CHECK(state(model) == copies[h.best_epoch - 1]);
        CHECK(trainer.evaluate(d.x_val, d.y_val).loss == h.epochs[h.best_epoch - 1].val_loss);

        mlp::Sequential resumed = make(seed + 100);
        mlp::SGD resumed_sgd(resumed.params(), {.lr = 0.05, .momentum = 0.9});
        config.on_epoch = nullptr;
        mlp::Trainer again(resumed, loss, resumed_sgd, config);
        mlp::load_checkpoint(again, scratch("bn" + std::to_string(h.best_epoch + 2) + ".txt").string());
        const mlp::History r = again.fit(d.x, d.y, d.x_val, d.y_val);
        CHECK(r.best_epoch == h.best_epoch);
        CHECK(state(resumed) == state(model));
    }
}

TEST_CASE("early stopping: no effect without patience, and a run that never runs out of patience keeps its last weights") {
    const Data d = make_data(1);
    mlp::MSELoss loss;
    mlp::Sequential plain = make_model(1, false);
    mlp::SGD plain_sgd(plain.params(), {.lr = 0.1});
    const mlp::History a = mlp::Trainer(plain, loss, plain_sgd, {.epochs = 60, .progress = false}).fit(d.x, d.y, d.x_val, d.y_val);
    CHECK(a.epochs.size() == 60);  // the validation loss rose for tens of epochs: nothing stopped it
    CHECK_FALSE(a.stopped_early);
    CHECK(a.best_epoch == 0);
    CHECK(a.epochs.back().val_loss > 2 * a.epochs[expected_stop(a, 1, 0.0).best - 1].val_loss);  // it did rise

    mlp::Sequential patient = make_model(1, false);
    mlp::SGD patient_sgd(patient.params(), {.lr = 0.1});
    const mlp::History b = mlp::Trainer(patient, loss, patient_sgd, {.epochs = 60, .progress = false, .patience = 100})
                               .fit(d.x, d.y, d.x_val, d.y_val);
    CHECK_FALSE(b.stopped_early);
    CHECK(b.stop_reason.empty());
    CHECK(b.best_epoch == expected_stop(a, 1, 0.0).best);  // reported, but (as in Keras) not restored
    CHECK(weights(patient) == weights(plain));
}

TEST_CASE("early stopping: misuse is refused with the reason") {
    const Data d = make_data(1);
    mlp::MSELoss loss;
    mlp::Sequential model = make_model(1, false);
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 5, .progress = false, .patience = 3});
    CHECK_THROWS_WITH_AS(trainer.fit(d.x, d.y),
                         "Trainer::fit: early stopping (patience 3) watches the validation loss: expected validation "
                         "data, fit(x, y, x_val, y_val), got none",
                         std::invalid_argument);
    mlp::Sequential untrained = make_model(1, false);
    CHECK(weights(model) == weights(untrained));  // nothing trained
    CHECK_THROWS_WITH_AS(mlp::Trainer(model, loss, sgd, {.patience = 0}),
                         "Trainer: expected patience >= 1 (epochs without improvement before stopping), got 0",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::Trainer(model, loss, sgd, {.patience = 2, .min_delta = -0.5}),
                         "Trainer: expected min_delta >= 0 and finite, got -0.5", std::invalid_argument);
}

TEST_CASE("early stopping: a checkpoint taken mid-patience resumes to the uninterrupted run's end, bit for bit, over 3 seeds") {
    for (std::uint32_t seed = 1; seed <= 3; ++seed) {
        CAPTURE(seed);
        const Data d = make_data(seed);
        mlp::MSELoss loss;
        auto config = [&](mlp::SGD& sgd, std::function<void(const mlp::EpochStats&)> on_epoch) {
            return mlp::TrainConfig{.epochs = 200, .batch_size = 8, .seed = seed, .progress = false, .on_epoch = on_epoch,
                                    .scheduler = std::make_shared<mlp::StepLR>(sgd, mlp::StepLROptions{.step_size = 20, .gamma = 0.5}),
                                    .patience = 5, .min_delta = 1e-6};
        };
        // The uninterrupted run saves a checkpoint every epoch; keep the one two epochs after the best.
        mlp::Sequential straight = make_model(seed, true);
        mlp::SGD straight_sgd(straight.params(), {.lr = 0.05, .momentum = 0.9});
        mlp::Trainer* self = nullptr;
        mlp::Trainer trainer(straight, loss, straight_sgd, config(straight_sgd, [&](const mlp::EpochStats& s) {
            mlp::save_checkpoint(*self, scratch("epoch" + std::to_string(s.epoch) + ".txt").string());
        }));
        self = &trainer;
        const mlp::History h = trainer.fit(d.x, d.y, d.x_val, d.y_val);
        REQUIRE(h.stopped_early);
        const std::size_t mid = h.best_epoch + 2;  // two epochs without improvement, three to go

        mlp::Sequential resumed = make_model(seed + 100, true);
        mlp::SGD sgd(resumed.params(), {.lr = 0.05, .momentum = 0.9});
        mlp::Trainer again(resumed, loss, sgd, config(sgd, nullptr));
        mlp::load_checkpoint(again, scratch("epoch" + std::to_string(mid) + ".txt").string());
        const mlp::History r = again.fit(d.x, d.y, d.x_val, d.y_val);
        CHECK(r.stopped_early);
        CHECK(r.epochs.size() == h.epochs.size() - mid);
        CHECK(r.best_epoch == h.best_epoch);
        CHECK(r.stop_reason == h.stop_reason);
        CHECK(weights(resumed) == weights(straight));

        // The checkpoint of the epoch where patience ran out has nothing left to train.
        mlp::Sequential late = make_model(seed, true);
        mlp::SGD late_sgd(late.params(), {.lr = 0.05, .momentum = 0.9});
        mlp::Trainer ended(late, loss, late_sgd, config(late_sgd, nullptr));
        mlp::load_checkpoint(ended, scratch("epoch" + std::to_string(h.epochs.size()) + ".txt").string());
        CHECK_THROWS_WITH_AS(ended.fit(d.x, d.y, d.x_val, d.y_val),
                             ("Trainer::fit: the checkpoint was saved at epoch " + std::to_string(h.epochs.size()) +
                              ", where early stopping ended its run (5 epochs without improvement, patience 5): nothing "
                              "is left to train").c_str(),
                             std::invalid_argument);
    }
}

TEST_CASE("early stopping: a checkpoint and a trainer that disagree about patience are refused") {
    const Data d = make_data(1);
    mlp::MSELoss loss;
    const fs::path without = scratch("without.txt"), with = scratch("with.txt");
    {
        mlp::Sequential model = make_model(1, false);
        mlp::SGD sgd(model.params(), {.lr = 0.1});
        mlp::Trainer plain(model, loss, sgd, {.epochs = 3, .progress = false});
        plain.fit(d.x, d.y, d.x_val, d.y_val);
        mlp::save_checkpoint(plain, without.string());
        mlp::Trainer patient(model, loss, sgd, {.epochs = 3, .progress = false, .patience = 2});
        patient.fit(d.x, d.y, d.x_val, d.y_val);
        mlp::save_checkpoint(patient, with.string());
    }
    mlp::Sequential model = make_model(1, false);
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    mlp::Trainer patient(model, loss, sgd, {.epochs = 6, .progress = false, .patience = 2});
    CHECK_THROWS_WITH_AS(mlp::load_checkpoint(patient, without.string()),
                         doctest::Contains("the checkpoint has no early-stopping state (best weights, epochs without "
                                           "improvement); this trainer has patience 2"),
                         mlp::ModelFileError);
    mlp::Trainer other(model, loss, sgd, {.epochs = 6, .progress = false, .patience = 3});
    CHECK_THROWS_WITH_AS(mlp::load_checkpoint(other, with.string()),
                         doctest::Contains("the checkpoint's early stopping is early_stopping patience=2 min_delta=0; "
                                           "this trainer's is early_stopping patience=3 min_delta=0"),
                         mlp::ModelFileError);
    mlp::Trainer plain(model, loss, sgd, {.epochs = 6, .progress = false});
    CHECK_THROWS_WITH_AS(mlp::load_checkpoint(plain, with.string()), doctest::Contains("the checkpoint has early stopping; this trainer has no patience"),
                         mlp::ModelFileError);
    mlp::Sequential untrained = make_model(1, false);
    CHECK(weights(model) == weights(untrained));  // nothing changed
    mlp::load_checkpoint(patient, with.string());
    CHECK(patient.epochs_done() == 3);
}
