// SPDX-License-Identifier: MIT
// test_checkpoint_trust.cpp: what an adversary tried on checkpoints: a refused resume
// changes nothing, header values out of bounds are refused by line, the global locale does not
// leak into the file, and the random state reads the same in every build.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "mlp/io/model_file.hpp"
#include "mlp/io/text_file.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/optim/lr_scheduler.hpp"
#include "mlp/optim/sgd.hpp"
#include "mlp/train/checkpoint.hpp"
#include "mlp/optim/adam.hpp"
#include "mlp/train/trainer.hpp"

#include "checkpoint_test_support.hpp"
#include "grouping_locale.hpp"

namespace fs = std::filesystem;
using mlp::Tensor;

namespace {

using checkpoint_tests::model_for;
using checkpoint_tests::toy_data;

const mlp::SGDOptions kOptions{.lr = 0.1, .momentum = 0.9};

mlp::TrainConfig config(std::size_t epochs) {
    return {.epochs = epochs, .batch_size = 3, .shuffle = true, .seed = 5, .progress = false};
}

fs::path scratch(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "mlp_test_checkpoint_trust";
    fs::create_directories(dir);
    return dir / name;
}

// Where line `n` (1-based) of the text begins.
std::size_t line_begin(const std::string& text, std::size_t n) {
    std::size_t begin = 0;
    for (std::size_t k = 1; k < n; ++k) begin = text.find('\n', begin) + 1;
    return begin;
}

// The text with its line `n` (1-based) replaced by `line`.
std::string with_line(const std::string& text, std::size_t n, const std::string& line) {
    const std::size_t begin = line_begin(text, n);
    return text.substr(0, begin) + line + text.substr(text.find('\n', begin));
}

std::string line_of(const std::string& text, std::size_t n) {
    const std::size_t begin = line_begin(text, n);
    return text.substr(begin, text.find('\n', begin) - begin);
}

// A checkpoint of model_for(2) with SGD + momentum after `epochs` of `total` epochs on n samples.
std::string checkpoint_text(std::size_t n, std::size_t epochs, std::size_t total, const std::string& name) {
    Tensor x, y;
    toy_data(x, y, n);
    mlp::BCEWithLogitsLoss loss;
    mlp::Sequential model = model_for(2);
    mlp::SGD sgd(model.params(), kOptions);
    mlp::TrainConfig cfg = config(total);
    const fs::path path = scratch(name);
    mlp::Trainer* self = nullptr;
    cfg.on_epoch = [&](const mlp::EpochStats& e) {
        if (e.epoch == epochs) mlp::save_checkpoint(*self, path.string());
    };
    mlp::Trainer trainer(model, loss, sgd, cfg);
    self = &trainer;
    trainer.fit(x, y);
    return mlp::read_text_file(path.string(), "test");
}

// Every parameter and every optimizer buffer, value by value, plus lr and steps.
std::vector<Tensor> snapshot(mlp::Sequential& model, mlp::Optimizer& optimizer) {
    std::vector<Tensor> out;
    for (const mlp::Param& p : model.params()) out.push_back(*p.value);
    for (const mlp::StateBuffer& b : optimizer.state()) out.push_back(*b.value);
    Tensor numbers(1, 2);
    numbers[0] = optimizer.lr();
    numbers[1] = static_cast<double>(optimizer.steps());
    out.push_back(numbers);
    return out;
}

bool same(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (!(a[k] == b[k])) return false;  // every double equal: bit-identical
    return true;
}

}  // namespace

TEST_CASE("checkpoint: one taken on 10 samples, resumed to fit 4, is refused and changes nothing") {
    Tensor x4, y4;
    toy_data(x4, y4, 4, 7);
    mlp::BCEWithLogitsLoss loss;
    const fs::path path = scratch("ten.txt");
    std::ofstream(path) << checkpoint_text(10, 2, 3, "ten_source.txt");

    // Two identical trainers with trained state (momentum buffers, a schedule, an advanced generator);
    // only the first sees the refused resume. Afterwards both must train on identically.
    auto run = [&](bool refused_resume) {
        mlp::Sequential model = model_for(4);
        mlp::SGD sgd(model.params(), kOptions);
        mlp::TrainConfig cfg = config(3);
        cfg.scheduler = std::make_shared<mlp::StepLR>(sgd, mlp::StepLROptions{.step_size = 1, .gamma = 0.5});
        mlp::Trainer trainer(model, loss, sgd, cfg);
        trainer.fit(x4, y4);
        std::vector<Tensor> before = snapshot(model, sgd);
        const std::size_t schedule_epoch = cfg.scheduler->epoch();
        if (refused_resume) {
            CHECK_THROWS_WITH_AS(mlp::load_checkpoint(trainer, path.string(), 4),
                                 doctest::Contains("line 3: the checkpoint was taken on 10 samples (its sample order "
                                                   "has as many numbers); this trainer is to fit 4"),
                                 mlp::ModelFileError);
            CHECK(same(snapshot(model, sgd), before));
            CHECK(cfg.scheduler->epoch() == schedule_epoch);
            CHECK(trainer.epochs_done() == 3);
        }
        trainer.fit(x4, y4);  // the trainer works normally: a finished run starts over
        return snapshot(model, sgd);
    };
    const std::vector<Tensor> refused = run(true);
    const std::vector<Tensor> untouched = run(false);
    CHECK(same(refused, untouched));  // so the generator and the sample order were untouched too
}

TEST_CASE("checkpoint: loaded without a sample count, refused by fit() on 4 samples, changes nothing") {
    Tensor x4, y4;
    toy_data(x4, y4, 4, 7);
    mlp::BCEWithLogitsLoss loss;
    const fs::path path = scratch("ten_no_count.txt");
    std::ofstream(path) << checkpoint_text(10, 2, 3, "ten_no_count_source.txt");
    // As above, two identical trained trainers; the first loads the checkpoint without saying
    // what it will fit, and its fit() refuses: model, optimizer and run must be as before.
    auto run = [&](bool refused_resume) {
        mlp::Sequential model = model_for(4);
        mlp::SGD sgd(model.params(), kOptions);
        mlp::Trainer trainer(model, loss, sgd, config(3));
        trainer.fit(x4, y4);
        const std::vector<Tensor> before = snapshot(model, sgd);
        const double lr = sgd.lr();
        if (refused_resume) {
            mlp::load_checkpoint(trainer, path.string());  // cannot know the count yet: accepted
            CHECK_FALSE(same(snapshot(model, sgd), before));
            CHECK_THROWS_WITH_AS(trainer.fit(x4, y4), doctest::Contains("taken on 10 samples, got 4"), std::invalid_argument);
            CHECK(same(snapshot(model, sgd), before));
            CHECK(sgd.lr() == lr);
            CHECK(trainer.epochs_done() == 3);
        }
        trainer.fit(x4, y4);
        return snapshot(model, sgd);
    };
    const std::vector<Tensor> refused = run(true);
    const std::vector<Tensor> untouched = run(false);
    CHECK(same(refused, untouched));  // the generator and the sample order too
}

TEST_CASE("checkpoint: resume(path, samples) with the right count resumes as resume(path) does") {
    Tensor x, y;
    toy_data(x, y, 10);
    mlp::BCEWithLogitsLoss loss;
    const fs::path path = scratch("ten_ok.txt");
    std::ofstream(path) << checkpoint_text(10, 2, 3, "ten_ok_source.txt");
    mlp::Sequential a = model_for(1), b = model_for(1);
    mlp::SGD sgd_a(a.params(), kOptions), sgd_b(b.params(), kOptions);
    mlp::Trainer ta(a, loss, sgd_a, config(3)), tb(b, loss, sgd_b, config(3));
    mlp::load_checkpoint(ta, path.string(), 10);
    mlp::load_checkpoint(tb, path.string());
    CHECK(ta.epochs_done() == 2);
    CHECK(ta.fit(x, y).epochs.size() == 1);
    tb.fit(x, y);
    CHECK(same(snapshot(a, sgd_a), snapshot(b, sgd_b)));
}

TEST_CASE("checkpoint: header values out of bounds are refused by line, and nothing changes") {
    const std::string text = checkpoint_text(10, 2, 4, "bounds_source.txt");
    REQUIRE(line_of(text, 1) == "mlp-checkpoint 3");
    REQUIRE(line_of(text, 7).rfind("state dense0.W momentum_buffer 2 6 ", 0) == 0);
    REQUIRE(line_of(text, 8).rfind("state dense0.b momentum_buffer 1 6 ", 0) == 0);
    mlp::BCEWithLogitsLoss loss;
    mlp::Sequential model = model_for(4);
    mlp::SGD sgd(model.params(), kOptions);
    mlp::Trainer trainer(model, loss, sgd, config(10));
    const std::vector<Tensor> before = snapshot(model, sgd);
    auto refused = [&](const std::string& bad, const std::string& message) {
        CHECK_THROWS_WITH_AS(mlp::load_checkpoint_from_string(trainer, bad, "bad.txt"), doctest::Contains(message.c_str()),
                             mlp::ModelFileError);
        CHECK(same(snapshot(model, sgd), before));
        CHECK(trainer.epochs_done() == 0);
    };
    SUBCASE("epoch 2^64-1") {
        refused(with_line(text, 2, "epoch 18446744073709551615"),
                "bad.txt: line 2: the checkpoint is at epoch 18446744073709551615 but this trainer runs 10 epochs");
    }
    SUBCASE("epoch beyond the trainer's epochs") {
        refused(with_line(text, 2, "epoch 12"),
                "line 2: the checkpoint is at epoch 12 but this trainer runs 10 epochs (expected an epoch from 0 to 10)");
    }
    SUBCASE("an empty sample order after an epoch") {
        refused(with_line(text, 3, "order"),
                "line 3: expected the sample order after epoch 2 (a permutation of 0 .. N-1), got no numbers");
    }
    SUBCASE("a missing momentum buffer when steps > 0") {
        refused(with_line(text, 8, "state dense0.b momentum_buffer empty"),
                "line 8: expected dense0.b momentum_buffer (steps > 0, and dense0.W has this buffer), got \"empty\"");
    }
    SUBCASE("extra numbers after the random state") {
        refused(with_line(text, 4, line_of(text, 4) + " 7"),
                "line 4: rng: expected a random generator's state (624 numbers below 2^32 and a position from 0 to "
                "624), got more than 625 numbers");
    }
    SUBCASE("a position beyond 624") {
        const std::string rng = line_of(text, 4);
        refused(with_line(text, 4, rng.substr(0, rng.rfind(' ')) + " 625"), "line 4: rng: expected");
    }
    SUBCASE("a word after the version (not \"version 3; this build reads 3\")") {
        refused(with_line(text, 1, "mlp-checkpoint 3 x"),
                "line 1: expected two words on the first line, \"mlp-checkpoint VERSION\", got 3");
    }
    SUBCASE("a version this build does not read") {
        refused(with_line(text, 1, "mlp-checkpoint 4"),
                "line 1: this checkpoint is format version \"4\"; this build reads versions 1, 2 and 3");
    }
    SUBCASE("the same file, unchanged, resumes") {
        mlp::load_checkpoint_from_string(trainer, text, "good.txt", 10);
        CHECK(trainer.epochs_done() == 2);
    }
}

TEST_CASE("checkpoint: a version 1 file with a missing momentum buffer after steps is refused") {
    const std::string text = mlp::read_text_file(std::string(MLP_SOURCE_DIR) + "/tests/fixtures/checkpoint_v1.txt", "test");
    REQUIRE(line_of(text, 7).rfind("buffer dense0.b ", 0) == 0);
    mlp::BCEWithLogitsLoss loss;
    mlp::Sequential model = model_for(4);
    mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9, .weight_decay = 1e-4, .nesterov = true});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 9, .batch_size = 7, .seed = 5, .progress = false});
    CHECK_THROWS_WITH_AS(mlp::load_checkpoint_from_string(trainer, with_line(text, 7, "buffer dense0.b empty"), "v1.txt"),
                         doctest::Contains("line 7: expected the momentum buffer of dense0.b (steps 32 with momentum 0.9), "
                                           "got \"empty\""),
                         mlp::ModelFileError);
    CHECK(sgd.steps() == 0);
}

TEST_CASE("checkpoint: written and read the same under a global locale that groups digits") {
    Tensor x, y;
    toy_data(x, y, 10);
    mlp::BCEWithLogitsLoss loss;
    const fs::path path = scratch("locale.txt");
    mlp::Sequential model = model_for(3);
    mlp::SGD sgd(model.params(), kOptions);
    mlp::Trainer trainer(model, loss, sgd, config(2));
    trainer.fit(x, y);

    {
        const mlp_test::GroupingLocale grouping;
        std::ostringstream probe;  // the locale is in force: a stream would write 2,266,350,226
        probe << 1234567;
        CHECK(probe.str() == "1,234,567");
        mlp::save_checkpoint(trainer, path.string());
    }

    const std::string text = mlp::read_text_file(path.string(), "test");
    const std::string header = text.substr(0, text.find("\nmodel\n"));
    CHECK(header.find(',') == std::string::npos);
    // The only commas are those of layer specs ("layer prelu:6,0.25"), never digit groups.
    std::size_t grouped = 0;
    for (std::size_t begin = 0; begin < text.size(); begin = text.find('\n', begin) + 1) {
        const std::string line = text.substr(begin, text.find('\n', begin) - begin);
        if (line.find(',') != std::string::npos && line.rfind("layer ", 0) != 0) ++grouped;
    }
    CHECK(grouped == 0);
    CHECK(text.find("layer prelu:6,") != std::string::npos);
    mlp::Sequential again = model_for(9);
    mlp::SGD sgd_again(again.params(), kOptions);
    mlp::Trainer resumed(again, loss, sgd_again, config(2));
    mlp::load_checkpoint(resumed, path.string(), 10);
    CHECK(resumed.epochs_done() == 2);
    CHECK(same(snapshot(again, sgd_again), snapshot(model, sgd)));

    // And read back while the grouping locale is in force.
    mlp::Sequential third = model_for(9);
    mlp::SGD sgd_third(third.params(), kOptions);
    mlp::Trainer third_trainer(third, loss, sgd_third, config(2));
    {
        const mlp_test::GroupingLocale grouping;
        mlp::load_checkpoint(third_trainer, path.string(), 10);
    }
    CHECK(same(snapshot(third, sgd_third), snapshot(model, sgd)));
}

// A running mean of squared gradients cannot be negative; a checkpoint that says otherwise would
// turn the weights to NaN at the next step (sqrt of a negative), with the blame on the learning rate.
TEST_CASE("checkpoint: a negative second moment (Adam's exp_avg_sq) is refused, and nothing changes") {
    Tensor x, y;
    toy_data(x, y, 10);
    mlp::BCEWithLogitsLoss loss;
    mlp::Sequential saved_model = model_for(5);
    mlp::Adam saved_adam(saved_model.params(), {.lr = 0.01});
    mlp::Trainer saved(saved_model, loss, saved_adam, config(4));
    saved.fit(x, y);  // 4 epochs, so every buffer is made
    const fs::path path = scratch("adam_negative.txt");
    mlp::save_checkpoint(saved, path.string());
    const std::string text = mlp::read_text_file(path.string(), "test");
    const std::size_t at = text.find("state dense0.W exp_avg_sq 2 6 ");
    REQUIRE(at != std::string::npos);
    std::size_t n = 1;
    for (std::size_t k = 0; k < at; ++k) n += text[k] == '\n' ? 1 : 0;
    const std::string line = line_of(text, n);
    const std::string bad = with_line(text, n, "state dense0.W exp_avg_sq 2 6 -0.5" + line.substr(line.find(' ', 30)));

    mlp::Sequential model = model_for(6);
    mlp::Adam adam(model.params(), {.lr = 0.01});
    mlp::Trainer trainer(model, loss, adam, config(8));
    const std::vector<Tensor> before = snapshot(model, adam);
    const std::string message = "line " + std::to_string(n) +
                                ": expected dense0.W exp_avg_sq >= 0 (a running mean or sum of squares), got -0.5 at element 0";
    CHECK_THROWS_WITH_AS(mlp::load_checkpoint_from_string(trainer, bad, "bad.txt", 10), doctest::Contains(message.c_str()),
                         mlp::ModelFileError);
    CHECK(same(snapshot(model, adam), before));
    CHECK(trainer.epochs_done() == 0);
    mlp::load_checkpoint_from_string(trainer, text, "good.txt", 10);  // the file as saved resumes
    CHECK(trainer.epochs_done() == 4);
}
