// SPDX-License-Identifier: MIT
// diagnostics.cpp: the numbers a teacher looks at before a run goes wrong, on five set-ups of
// the same two-moons network: a healthy one, and four broken in the ways students break them.
// For each it prints mlp::diagnose's report (taken before any training), then trains and
// prints the accuracy, so you can see what the report predicted.
//
// Run: build/demo/examples/diagnostics          (or any preset's build directory)
// It checks itself over 3 seeds: the healthy set-up is not flagged, and each broken one is
// flagged for its own fault. It exits 1 if not.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "lesson_options.hpp"
#include "mlp/mlp.hpp"

namespace {

struct Setup {
    std::string title;
    std::string flagged_by;  // a phrase its warning must contain; "" = no warning expected
    double lr = 0.1;
    bool tanh = false;
    std::function<void(mlp::Sequential&)> break_it = [](mlp::Sequential&) {};
};

void scale_by(mlp::Tensor& t, double factor) {
    for (std::size_t k = 0; k < t.size(); ++k) t[k] *= factor;
}

mlp::Dense& dense(mlp::Sequential& model, std::size_t index) { return dynamic_cast<mlp::Dense&>(model[index]); }

mlp::Sequential make_model(const Setup& s, mlp::Rng& rng) {
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 16, rng);
    s.tanh ? model.add(std::make_unique<mlp::Tanh>()) : model.add(std::make_unique<mlp::ReLU>());
    model.emplace<mlp::Dense>(16, 16, rng);
    s.tanh ? model.add(std::make_unique<mlp::Tanh>()) : model.add(std::make_unique<mlp::ReLU>());
    model.emplace<mlp::Dense>(16, 2, rng);
    s.break_it(model);
    return model;
}

std::vector<Setup> setups() {
    return {
        {"1. Healthy: 2-16-16-2 ReLU, PyTorch's initialisation, lr 0.1", "", 0.1, false},
        {"2. The last layer initialised 30 times too large", "starts confidently wrong", 0.1, false,
         [](mlp::Sequential& m) { scale_by(dense(m, 4).W, 30.0); }},
        {"3. The first layer's biases at -10: every ReLU after it is dead", "units are dead", 0.1, false,
         [](mlp::Sequential& m) { dense(m, 0).b.fill(-10.0); }},
        {"4. Tanh with first-layer weights 20 times too large", "flat tail", 0.1, true,
         [](mlp::Sequential& m) { scale_by(dense(m, 0).W, 20.0); }},
        {"5. Learning rate 100", "learning rate is probably too large", 100.0, false},
    };
}

struct Result {
    mlp::Diagnostics report;
    double accuracy = 0.0;         // after training; -1 when the run diverged
    std::size_t epochs_to_99 = 0;  // the first epoch at 99% training accuracy, 0 if none
};

Result run(const Setup& s, const mlp::Dataset& data, std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model = make_model(s, rng);
    mlp::CrossEntropyLoss loss;
    mlp::SGD sgd(model.params(), {.lr = s.lr, .momentum = 0.9});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 300, .batch_size = 32, .seed = seed, .progress = false});
    Result r;
    r.report = mlp::diagnose(model, loss, data.x, data.y, sgd);
    try {
        r.epochs_to_99 = trainer.fit(data.x, data.y).epochs_to_accuracy(0.99);
        r.accuracy = trainer.evaluate(data.x, data.y).accuracy;
    } catch (const std::runtime_error&) {  // the NaN locator stopped a diverging run
        r.accuracy = -1.0;
    }
    return r;
}

bool mentions(const mlp::Diagnostics& d, const std::string& phrase) {
    for (const std::string& w : d.warnings)
        if (w.find(phrase) != std::string::npos) return true;
    return false;
}

}  // namespace

// What --help says.
const lesson::About kAbout{
    "mlp::diagnose's report on five set-ups of one two-moons network, a healthy one and four broken the ways students break them, then the accuracy each reaches.",
    "nothing",
    "0.4 s; --quick changes nothing (three seeds either way)"};

int main(int argc, char** argv) {
    lesson::Options options;  // the common options are accepted; this lesson reads none of them
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    mlp::Rng data_rng(2024);
    const mlp::Dataset data = mlp::make_moons(200, 0.1, data_rng);
    bool all_hold = true;
    for (const Setup& s : setups()) {
        std::printf("==== %s\n", s.title.c_str());
        int held = 0;
        for (std::uint32_t seed = 1; seed <= 3; ++seed) {
            const Result r = run(s, data, seed);
            if (seed == 1) {
                std::cout << r.report;
                if (r.accuracy < 0.0) {
                    std::printf("After training (300 epochs): stopped, the loss became NaN or infinite\n");
                } else {
                    std::printf("After training (300 epochs): %.1f%% of the points right", 100.0 * r.accuracy);
                    if (r.epochs_to_99 > 0) std::printf(", 99%% first reached at epoch %zu", r.epochs_to_99);
                    std::printf("\n");
                }
            }
            const bool ok = s.flagged_by.empty() ? r.report.warnings.empty() : mentions(r.report, s.flagged_by);
            if (ok) ++held;
        }
        const char* claim = s.flagged_by.empty() ? "nothing flagged" : "flagged";
        std::printf("Check: %s on %d of 3 seeds\n\n", claim, held);
        if (held != 3) all_hold = false;
    }
    std::printf(all_hold ? "Every set-up was diagnosed as expected.\n"
                         : "A set-up was NOT diagnosed as expected (see the checks above).\n");
    return all_hold ? 0 : 1;
}
