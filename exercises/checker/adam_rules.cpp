// SPDX-License-Identifier: MIT
// adam_rules.cpp: the inputs of exercise 8's checker, mlp::Adam's path and the paths of wrong
// rules, and the XOR run through mlp::Trainer.
#include "checker/adam_rules.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "mlp/data/datasets.hpp"

namespace exercises {

const char* const kAdamParamNames[4] = {"W1", "b1", "W2", "b2"};

namespace {

const std::size_t kShapes[4][2] = {{2, 3}, {1, 3}, {3, 3}, {1, 3}};

}  // namespace

AdamModel::AdamModel() {
    mlp::Rng rng(8);
    for (const auto& shape : kShapes) {
        p.emplace_back(shape[0], shape[1]);
        g.emplace_back(shape[0], shape[1]);
        for (std::size_t k = 0; k < p.back().size(); ++k) p.back()[k] = rng.uniform(-1.0, 1.0);
    }
}

// Each element's gradient is drawn over three decades with a random sign; the first element of
// every parameter is exactly 0 on steps 2, 3 and 8, as a ReLU's dead unit gives: Adam still
// decays its moments and moves p there, and an Adam that skips zero gradients does not.
void AdamModel::set_gradients(int step) {
    mlp::Rng rng(100 + static_cast<std::uint32_t>(step));
    for (mlp::Tensor& grad : g) {
        for (std::size_t k = 0; k < grad.size(); ++k) {
            const double size = std::pow(10.0, rng.uniform(-3.0, 0.0));
            grad[k] = rng.uniform() < 0.5 ? -size : size;
        }
        if (step == 1 || step == 2 || step == 7) grad[0] = 0.0;
    }
}

std::vector<mlp::Param> AdamModel::list() {
    std::vector<mlp::Param> out;
    for (std::size_t i = 0; i < p.size(); ++i) out.push_back({kAdamParamNames[i], &p[i], &g[i]});
    return out;
}

mlp::AdamOptions AdamSettings::options() const {
    return {.lr = lr, .beta1 = beta1, .beta2 = beta2, .eps = eps, .weight_decay = weight_decay, .amsgrad = false};
}

const std::vector<AdamSettings>& adam_settings() {
    static const std::vector<AdamSettings> settings{
        {0.01, 0.9, 0.999, 1e-8, 0.0, "lr 0.01, betas (0.9, 0.999), eps 1e-8"},
        {0.02, 0.8, 0.95, 1e-3, 0.1, "lr 0.02, betas (0.8, 0.95), eps 1e-3, weight_decay 0.1"},
    };
    return settings;
}

std::vector<std::vector<mlp::Tensor>> library_adam_path(const AdamSettings& settings, int steps) {
    AdamModel model;
    mlp::Adam adam(model.list(), settings.options());
    std::vector<std::vector<mlp::Tensor>> path;
    for (int s = 0; s < steps; ++s) {
        model.set_gradients(s);
        if (s == kAdamLrChangeStep) adam.set_lr(settings.lr_at(s));
        std::vector<mlp::Tensor> change = model.p;
        adam.step();
        for (std::size_t i = 0; i < change.size(); ++i)
            for (std::size_t k = 0; k < change[i].size(); ++k) change[i][k] = model.p[i][k] - change[i][k];
        path.push_back(change);
    }
    return path;
}

const std::vector<AdamRuleInfo>& adam_rules() {
    static const std::vector<AdamRuleInfo> rules{
        {AdamRule::NoBiasCorrection, "there is no bias correction: m and v start at 0, so divide them by "
                                     "(1 - beta1^t) and (1 - beta2^t), t = steps()."},
        {AdamRule::TOneAhead, "the bias correction uses t + 1: steps() is already the number of this step, 1 on "
                              "the first."},
        {AdamRule::TPerParameter, "t advances once per parameter: update() is called for every parameter in "
                                  "each step; read t from steps()."},
        {AdamRule::TStuckAtOne, "the bias correction always uses t = 1: use t = steps(), which grows each step."},
        {AdamRule::EpsInsideSqrt, "eps is inside the square root: PyTorch adds it after, sqrt(v_hat) + eps."},
        {AdamRule::EpsBeforeCorrection, "eps is added before v's bias correction: PyTorch's denominator is "
                                        "sqrt(v) / sqrt(1 - beta2^t) + eps."},
        {AdamRule::StaleMoments, "each step uses the m and v of the step before: update m and v with this step's "
                                 "gradient first, then move p."},
        {AdamRule::SwappedBetas, "beta1 and beta2 are swapped: beta1 (0.9) averages g, beta2 (0.999) averages g^2."},
        {AdamRule::LrTwice, "the learning rate is applied twice."},
        {AdamRule::NoSqrt, "the step divides by v_hat, not by its square root sqrt(v_hat)."},
        {AdamRule::DecaySignFlipped, "weight decay has the wrong sign: g = g + weight_decay * p."},
        {AdamRule::DecoupledDecay, "this is AdamW's decoupled decay (p *= 1 - lr weight_decay); Adam adds "
                                   "weight_decay * p to the gradient."},
        {AdamRule::NoWeightDecay, "weight_decay is ignored: add weight_decay * p to the gradient first."},
        {AdamRule::StateByShape, "two parameters of the same shape share their m and v: keep one m and v per "
                                 "parameter, buffer(b)[i]."},
        {AdamRule::CachedLr, "after set_lr() changed the learning rate your steps kept the old one: read the rate "
                             "from lr() at every step, not from the options given to the constructor (a schedule "
                             "changes it with set_lr)."},
        {AdamRule::SkipZeroGradients, "elements whose gradient is exactly 0 are skipped: Adam still decays their m "
                                      "and v and moves p by m_hat / (sqrt(v_hat) + eps), which is not 0 once m "
                                      "has remembered earlier gradients."},
    };
    return rules;
}

std::vector<std::vector<mlp::Tensor>> simulate_adam(AdamRule rule, const AdamSettings& o, int steps) {
    AdamModel model;
    std::vector<mlp::Tensor> m, v;
    for (const mlp::Tensor& p : model.p) {
        m.emplace_back(p.rows(), p.cols());
        v.emplace_back(p.rows(), p.cols());
    }
    std::vector<std::vector<mlp::Tensor>> path;
    long calls = 0;
    for (int s = 0; s < steps; ++s) {
        model.set_gradients(s);
        std::vector<mlp::Tensor> change = model.p;
        for (std::size_t i = 0; i < model.p.size(); ++i) {
            mlp::Tensor& p = model.p[i];
            const mlp::Tensor& grad = model.g[i];
            const std::size_t state = rule == AdamRule::StateByShape && i == 3 ? 1 : i;
            ++calls;
            double t = s + 1.0;
            if (rule == AdamRule::TOneAhead) t = s + 2.0;
            if (rule == AdamRule::TPerParameter) t = static_cast<double>(calls);
            if (rule == AdamRule::TStuckAtOne) t = 1.0;
            const bool swapped = rule == AdamRule::SwappedBetas;
            const double beta1 = swapped ? o.beta2 : o.beta1, beta2 = swapped ? o.beta1 : o.beta2;
            const bool corrected = rule != AdamRule::NoBiasCorrection;
            const double c1 = corrected ? 1.0 - std::pow(beta1, t) : 1.0;
            const double c2 = corrected ? 1.0 - std::pow(beta2, t) : 1.0;
            const double rate = rule == AdamRule::CachedLr ? o.lr : o.lr_at(s);
            const double lr = rule == AdamRule::LrTwice ? rate * rate : rate;
            for (std::size_t k = 0; k < p.size(); ++k) {
                if (rule == AdamRule::SkipZeroGradients && grad[k] == 0.0) continue;
                double g = grad[k];
                if (rule == AdamRule::DecaySignFlipped) g -= o.weight_decay * p[k];
                else if (rule == AdamRule::DecoupledDecay) p[k] *= 1.0 - lr * o.weight_decay;
                else if (rule != AdamRule::NoWeightDecay) g += o.weight_decay * p[k];
                const double m_old = m[state][k], v_old = v[state][k];
                m[state][k] = beta1 * m_old + (1.0 - beta1) * g;
                v[state][k] = beta2 * v_old + (1.0 - beta2) * g * g;
                const bool stale = rule == AdamRule::StaleMoments;
                const double mk = stale ? m_old : m[state][k], vk = stale ? v_old : v[state][k];
                const double m_hat = mk / c1, v_hat = vk / c2;
                double denom = std::sqrt(v_hat) + o.eps;
                if (rule == AdamRule::EpsInsideSqrt) denom = std::sqrt(v_hat + o.eps);
                if (rule == AdamRule::EpsBeforeCorrection) denom = (std::sqrt(vk) + o.eps) / std::sqrt(c2);
                if (rule == AdamRule::NoSqrt) denom = v_hat + o.eps;
                p[k] -= lr * m_hat / denom;
            }
        }
        for (std::size_t i = 0; i < change.size(); ++i)
            for (std::size_t k = 0; k < change[i].size(); ++k) change[i][k] = model.p[i][k] - change[i][k];
        path.push_back(change);
    }
    return path;
}

namespace {

mlp::Sequential xor_network(std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 8, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(8, 1, rng);
    return model;
}

constexpr std::size_t kXorEpochs = 200;
constexpr double kXorLr = 0.05;

}  // namespace

void check_adam_on_xor(Verdict& v, const MakeAdam& student) {
    const mlp::Dataset xor_data = mlp::make_xor();
    const mlp::Tensor& x = xor_data.x;
    const mlp::Tensor& y = xor_data.y;
    mlp::BCEWithLogitsLoss loss;
    const mlp::AdamOptions options{.lr = kXorLr};
    for (std::uint32_t seed : {1u, 2u, 3u}) {
        mlp::Sequential reference = xor_network(seed);
        mlp::Adam adam(reference.params(), options);
        mlp::Trainer(reference, loss, adam, {.epochs = kXorEpochs, .progress = false}).fit(x, y);

        mlp::Sequential model = xor_network(seed);
        double accuracy = 0.0;
        if (!run_student_code(v, [&] {
                std::unique_ptr<mlp::Optimizer> opt = student(model.params(), options);
                mlp::Trainer trainer(model, loss, *opt, {.epochs = kXorEpochs, .progress = false});
                trainer.fit(x, y);
                accuracy = trainer.evaluate(x, y).accuracy;
            }))
            return;
        const std::string run = "XOR seed " + std::to_string(seed) + ", ";
        for (std::size_t k = 0; k < model.params().size(); ++k) {
            if (!check_tensor(v, run + model.params()[k].name, *model.params()[k].value,
                              *reference.params()[k].value, {}, 1e-9))
                return;
        }
        char text[200];
        std::snprintf(text, sizeof text,
                      "XOR through mlp::Trainer, seed %u: accuracy %.0f%% after %zu epochs (lr %g), the weights "
                      "of mlp::Adam's run",
                      seed, 100.0 * accuracy, kXorEpochs, kXorLr);
        v.notes.push_back(text);
        if (accuracy < 1.0) {
            v.passed = false;
            v.hints.push_back("your optimizer matches mlp::Adam step by step but did not learn XOR here: tell the "
                              "project, this should not happen.");
            return;
        }
    }
}

}  // namespace exercises
