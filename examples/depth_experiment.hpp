// SPDX-License-Identifier: MIT
// depth_experiment.hpp: a deep MLP (10 hidden layers) under three activations, four weight
// initialisations and with or without BatchNorm: each layer's activations and gradients at
// initialisation and after training, and whether it trains. Shared by the lesson (depth.cpp) and
// its test (test_depth_claim.cpp), so the sentences the lesson prints are the ones tested.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <cstdint>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace depth_lesson {

// The set-up: two moons (200 points, noise 0.1), 2 -> 10 x 32 hidden -> 1 logit, BCEWithLogits,
// full-batch SGD with momentum. A linear model scores about 88% here, so "trains" asks for more.
constexpr std::size_t kHidden = 10, kWidth = 32, kPoints = 200;
constexpr double kNoise = 0.1, kLr = 0.05, kMomentum = 0.9;
// The rule for "trains": training accuracy at least this after the run's steps, loss finite.
constexpr double kTrainsAt = 0.95;

// The activations by their registry names (make_layer), so the lesson lists no layer classes.
inline const std::vector<std::string> kActivations = {"sigmoid", "tanh", "relu"};

// How every Dense layer's W is drawn (b = 0 in each):
//   small   W ~ N(0, 0.01^2)                 CS231n's "small random numbers"
//   xavier  W ~ N(0, 2 / (in + out))         Glorot & Bengio 2010 (mlp::Init::XavierNormal)
//   he      W ~ N(0, 2 / in)                 He et al. 2015 (mlp::Init::HeNormal)
//   large   W ~ N(0, 1)                      unit normal, ignoring the fan-in
// small and large are LeCun's N(0, 1/in) rescaled by hand: the library needs no extra initialiser.
struct InitChoice {
    std::string name;
    mlp::Init init;
    double stddev;  // 0: use init as is; else rescale LeCunNormal's W to this standard deviation
};
inline const std::vector<InitChoice> kInits = {{"small", mlp::Init::LeCunNormal, 0.01},
                                               {"xavier", mlp::Init::XavierNormal, 0.0},
                                               {"he", mlp::Init::HeNormal, 0.0},
                                               {"large", mlp::Init::LeCunNormal, 1.0}};

// Each hidden layer's picture at one moment, measured on the whole training set in one forward
// and one backward (BatchNorm in training mode, as during a step).
struct Snapshot {
    std::vector<double> mean, spread;  // per hidden layer: the mean and standard deviation of its activations
    std::vector<double> grad;          // per hidden layer: ||dL/dW||, Frobenius norm of its Dense's gradient
    std::vector<std::vector<double>> values;  // per hidden layer: every activation value (for histograms)
    bool finite = true;                       // false when a value or gradient is NaN or infinite
    // How much the gradient shrinks from the last hidden layer back to the first: ||dW_1|| / ||dW_10||.
    double grad_ratio() const { return grad.front() / grad.back(); }
    // How much the activations' spread changes from the first hidden layer to the last.
    double spread_ratio() const { return spread.back() / spread.front(); }
};

struct Run {
    std::string activation, init;
    bool batch_norm = false;
    Snapshot start, end;        // at initialisation, and after the steps
    double accuracy = 0.0;      // training accuracy after the steps (evaluation mode)
    double final_loss = 0.0;
    bool diverged = false;      // the loss became NaN or infinite
    bool trains() const { return !diverged && accuracy >= kTrainsAt; }
};

// The deep model: [Dense -> (BatchNorm1d) -> activation] x kHidden -> Dense(kWidth, 1).
struct DeepModel {
    mlp::Sequential model;
    std::vector<mlp::Dense*> dense;      // the hidden Dense layers, first to last
    std::vector<std::size_t> activation_at;  // the position in model of each hidden activation
};

inline DeepModel build(const std::string& activation, const InitChoice& init, bool batch_norm, std::uint32_t seed) {
    DeepModel m;
    mlp::Rng rng(seed);
    auto add_dense = [&](std::size_t in, std::size_t out) -> mlp::Dense& {
        mlp::Dense& d = m.model.emplace<mlp::Dense>(in, out, rng, init.init);
        // LeCunNormal draws W ~ N(0, 1/in): times stddev * sqrt(in) gives N(0, stddev^2).
        if (init.stddev > 0.0)
            for (std::size_t k = 0; k < d.W.size(); ++k) d.W[k] *= init.stddev * std::sqrt(static_cast<double>(in));
        return d;
    };
    for (std::size_t l = 0; l < kHidden; ++l) {
        m.dense.push_back(&add_dense(l == 0 ? 2 : kWidth, kWidth));
        if (batch_norm) m.model.emplace<mlp::BatchNorm1d>(kWidth);
        m.model.add(mlp::make_layer(activation));
        m.activation_at.push_back(m.model.size() - 1);
    }
    add_dense(kWidth, 1);
    return m;
}

inline double frobenius(const mlp::Tensor& t) {
    double s = 0.0;
    for (std::size_t k = 0; k < t.size(); ++k) s += t[k] * t[k];
    return std::sqrt(s);
}

// One forward and backward on the whole set, recording each hidden layer; leaves the gradients
// in the model (the caller's step uses them).
inline Snapshot measure(DeepModel& m, mlp::Loss& loss, mlp::Optimizer& opt, const mlp::Dataset& data,
                        double& loss_value) {
    Snapshot s;
    s.values.resize(kHidden);
    std::size_t next = 0;
    const mlp::Tensor& pred = m.model.forward_each(data.x, [&](std::size_t i, const mlp::Layer&, const mlp::Tensor& y) {
        if (next < kHidden && i == m.activation_at[next]) s.values[next++].assign(y.data(), y.data() + y.size());
    });
    loss_value = loss.forward(pred, data.y);
    opt.zero_grad();
    m.model.backward(loss.backward());
    for (std::size_t l = 0; l < kHidden; ++l) {
        const std::vector<double>& v = s.values[l];
        double sum = 0.0, sq = 0.0;
        for (const double a : v) sum += a;
        const double mean = sum / static_cast<double>(v.size());
        for (const double a : v) sq += (a - mean) * (a - mean);
        s.mean.push_back(mean);
        s.spread.push_back(std::sqrt(sq / static_cast<double>(v.size())));
        s.grad.push_back(frobenius(m.dense[l]->dW));
        s.finite = s.finite && std::isfinite(mean) && std::isfinite(s.spread.back()) && std::isfinite(s.grad.back());
    }
    s.finite = s.finite && std::isfinite(loss_value);
    return s;
}

// One configuration, trained for `steps` full-batch steps of SGD with momentum.
inline Run train(const std::string& activation, const InitChoice& init, bool batch_norm, std::uint32_t seed,
                 std::size_t steps) {
    mlp::Rng data_rng(seed);
    const mlp::Dataset data = mlp::make_moons(kPoints, kNoise, data_rng);
    DeepModel m = build(activation, init, batch_norm, seed + 100);
    mlp::BCEWithLogitsLoss loss;
    mlp::SGD sgd(m.model.params(), {.lr = kLr, .momentum = kMomentum});
    Run r{activation, init.name, batch_norm, {}, {}, 0.0, 0.0, false};
    double loss_value = 0.0;
    r.start = measure(m, loss, sgd, data, loss_value);
    for (std::size_t t = 0; t < steps && !r.diverged; ++t) {
        // The five textbook lines (measure() did the first four on the first step).
        if (t > 0) {
            const mlp::Tensor& pred = m.model.forward(data.x);  // 1. forward
            loss_value = loss.forward(pred, data.y);            // 2. loss
            sgd.zero_grad();                                    // 3. clear last step's gradients
            m.model.backward(loss.backward());                  // 4. backprop
        }
        if (!std::isfinite(loss_value)) r.diverged = true;
        else sgd.step();                                        // 5. update
    }
    r.end = measure(m, loss, sgd, data, loss_value);
    r.final_loss = loss_value;
    r.diverged = r.diverged || !r.end.finite;
    m.model.train(false);
    if (!r.diverged) r.accuracy = loss.accuracy(m.model.forward(data.x), data.y);
    return r;
}

// Every configuration for one seed: activation-major, then initialisation, then without/with BatchNorm.
inline std::vector<Run> run_all(std::uint32_t seed, std::size_t steps) {
    std::vector<Run> runs;
    for (const std::string& a : kActivations)
        for (const InitChoice& i : kInits)
            for (const bool bn : {false, true}) runs.push_back(train(a, i, bn, seed, steps));
    return runs;
}

inline const Run& find(const std::vector<Run>& runs, const std::string& activation, const std::string& init,
                       bool batch_norm) {
    for (const Run& r : runs)
        if (r.activation == activation && r.init == init && r.batch_norm == batch_norm) return r;
    throw std::invalid_argument("depth_lesson::find: no run " + activation + "/" + init);
}

// What several seeds say about one configuration.
struct Summary {
    std::string activation, init;
    bool batch_norm = false;
    std::size_t trained = 0, seeds = 0;
    double grad_ratio = 0.0;    // median over seeds, at initialisation
    double spread_ratio = 0.0;  // median over seeds, at initialisation
    double first_grad = 0.0;    // median over seeds of ||dW_1|| at initialisation
    bool trains() const { return 2 * trained > seeds; }  // on a majority of the seeds
};

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// per_seed[s] is run_all's result for seed s; the summaries come in run_all's order.
inline std::vector<Summary> summarise(const std::vector<std::vector<Run>>& per_seed) {
    std::vector<Summary> out;
    for (std::size_t k = 0; k < per_seed.front().size(); ++k) {
        const Run& first = per_seed.front()[k];
        Summary s{first.activation, first.init, first.batch_norm, 0, per_seed.size(), 0.0, 0.0, 0.0};
        std::vector<double> g, sp, g1;
        for (const std::vector<Run>& runs : per_seed) {
            s.trained += runs[k].trains() ? 1 : 0;
            g.push_back(runs[k].start.grad_ratio());
            sp.push_back(runs[k].start.spread_ratio());
            g1.push_back(runs[k].start.grad.front());
        }
        s.grad_ratio = median(g);
        s.spread_ratio = median(sp);
        s.first_grad = median(g1);
        out.push_back(s);
    }
    return out;
}

inline const Summary& find(const std::vector<Summary>& all, const std::string& activation, const std::string& init,
                           bool batch_norm) {
    for (const Summary& s : all)
        if (s.activation == activation && s.init == init && s.batch_norm == batch_norm) return s;
    throw std::invalid_argument("depth_lesson::find: no summary " + activation + "/" + init);
}

// The rules every sentence uses:
//   gradients VANISH in a configuration when, at initialisation, ||dW_1|| / ||dW_10|| < 1e-2
//   (median over seeds): the first layer learns a hundred times slower than the last; they
//   EXPLODE when the ratio is above 1e2.
//   gradients are TINY when the first layer's ||dW_1|| < 1e-6 at initialisation: every layer can
//   be equally starved, which the ratio alone does not show.
//   activations KEEP their spread when std(layer 10) / std(layer 1) is within [0.5, 2].
//   a configuration TRAINS when it reaches kTrainsAt training accuracy on a majority of seeds.
constexpr double kVanish = 1e-2, kExplode = 1e2, kTiny = 1e-6;
inline bool vanishes(const Summary& s) { return s.grad_ratio < kVanish; }
inline bool explodes(const Summary& s) { return s.grad_ratio > kExplode; }
inline bool tiny(const Summary& s) { return s.first_grad < kTiny; }
inline bool keeps_spread(const Summary& s) { return s.spread_ratio >= 0.5 && s.spread_ratio <= 2.0; }

inline std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

// The textbook's three claims, each checked against the summaries; every sentence says what was
// measured and whether the claim held.
inline std::vector<std::string> verdicts(const std::vector<Summary>& all) {
    std::vector<std::string> out;
    // 1. Deep sigmoids: vanishing gradients under the initialisations meant for them.
    {
        std::string vanished, not_vanished;
        std::size_t v = 0;
        for (const InitChoice& i : kInits) {
            const Summary& s = find(all, "sigmoid", i.name, false);
            std::string& list = vanishes(s) ? vanished : not_vanished;
            list += (list.empty() ? "" : ", ") + i.name + " (ratio " + fmt("%.1e", s.grad_ratio) + ")";
            v += vanishes(s) ? 1 : 0;
        }
        if (v == kInits.size())
            out.push_back("Deep sigmoids: gradients vanish under every initialisation: " + vanished +
                          ". The textbook's claim holds.");
        else if (v > 0)
            out.push_back("Deep sigmoids: gradients vanish under " + vanished + ", but NOT under " + not_vanished +
                          ". The textbook's claim holds only for those initialisations.");
        else
            out.push_back("Deep sigmoids: gradients do NOT vanish under any initialisation here: " + not_vanished +
                          ". The textbook's claim does not hold on these runs.");
        std::string trains_anyway;
        for (const InitChoice& i : kInits) {
            const Summary& s = find(all, "sigmoid", i.name, false);
            if (s.trains()) trains_anyway += (trains_anyway.empty() ? "" : ", ") + i.name + (vanishes(s) ? " (where they vanish)" : "");
        }
        if (!trains_anyway.empty())
            out.push_back("  Deep sigmoids without BatchNorm still train under: " + trains_anyway + ".");
    }
    // 2. BatchNorm rescues what does not train without it.
    {
        std::size_t failing = 0, rescued = 0, harmed = 0;
        std::string names, harmed_names;
        for (const std::string& a : kActivations)
            for (const InitChoice& i : kInits) {
                const Summary& plain = find(all, a, i.name, false);
                const Summary& bn = find(all, a, i.name, true);
                if (!plain.trains()) {
                    ++failing;
                    if (bn.trains()) {
                        ++rescued;
                        names += (names.empty() ? "" : ", ") + a + "/" + i.name;
                    }
                } else if (!bn.trains()) {
                    ++harmed;
                    harmed_names += (harmed_names.empty() ? "" : ", ") + a + "/" + i.name;
                }
            }
        std::string s = "BatchNorm: " + std::to_string(failing) + " of " +
                        std::to_string(kActivations.size() * kInits.size()) +
                        " configurations do not train without it; with it, " + std::to_string(rescued) + " of them do";
        if (rescued > 0) s += " (" + names + ")";
        s += failing == 0            ? ". Nothing needed rescuing, so the claim is not tested here."
             : rescued == failing    ? ". The textbook's claim holds: BatchNorm rescues every one."
             : rescued > 0           ? ". The claim holds only in part."
                                     : ". The claim does NOT hold on these runs.";
        if (harmed > 0) s += " BatchNorm stops " + harmed_names + " from training.";
        out.push_back(s);
    }
    // The ratio's blind spot: gradients equally tiny in every layer.
    {
        std::string starved;
        for (const Summary& s : all)
            if (tiny(s) && !vanishes(s))
                starved += (starved.empty() ? "" : ", ") + s.activation + "/" + s.init + (s.batch_norm ? "/bn" : "") +
                           " (||dW_1|| " + fmt("%.1e", s.first_grad) + ", ratio " + fmt("%.2g", s.grad_ratio) + ")";
        out.push_back("Gradients tiny in every layer (||dW_1|| < 1e-6) though the ratio does not vanish: " +
                      (starved.empty() ? std::string("none") : starved) + ".");
    }
    // 3. He for ReLU: the spread kept through the layers, and whether that decides training.
    {
        const Summary& he = find(all, "relu", "he", false);
        const Summary& xavier = find(all, "relu", "xavier", false);
        std::string s = "ReLU: activations' spread from layer 1 to layer 10 changes by x" + fmt("%.2g", he.spread_ratio) +
                        " under He and x" + fmt("%.2g", xavier.spread_ratio) + " under Xavier. ";
        if (keeps_spread(he) && !keeps_spread(xavier))
            s += "He keeps the spread and Xavier does not, as the textbook says";
        else if (keeps_spread(he))
            s += "Both keep it, so He's advantage is not visible in the spread";
        else
            s += "He does NOT keep the spread on these runs";
        if (he.trains() && xavier.trains())
            s += "; but both train, so on this task the choice does not decide training.";
        else if (he.trains())
            s += "; He trains and Xavier does not.";
        else if (xavier.trains())
            s += "; yet Xavier trains and He does NOT.";
        else
            s += "; neither trains.";
        out.push_back(s);
    }
    return out;
}

}  // namespace depth_lesson
