// SPDX-License-Identifier: MIT
// diagnostics.cpp: one measured forward and backward pass, and the report a teacher reads.
#include "mlp/train/diagnostics.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "mlp/nn/sequential.hpp"
#include "mlp/optim/sgd.hpp"

namespace mlp {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ||t|| = sqrt(sum_k t[k]^2)
double norm(const Tensor& t) {
    double sum = 0.0;
    for (std::size_t k = 0; k < t.size(); ++k) sum += t[k] * t[k];
    return std::sqrt(sum);
}

// Dead units of a layer's output y (N, F): columns in its dead region for every sample.
void measure_dead(const Layer& activation, const Tensor& y, LayerDiagnostics& layer) {
    layer.dead_units = 0;
    for (std::size_t j = 0; j < y.cols(); ++j) {
        bool dead = true;
        for (std::size_t n = 0; n < y.rows() && dead; ++n) dead = activation.is_flat(y(n, j));
        if (dead) ++layer.dead_units;
    }
    layer.dead_fraction = static_cast<double>(layer.dead_units) / static_cast<double>(y.cols());
}

// The fraction of a layer's outputs y that sit in its saturated tails.
void measure_saturated(const Layer& activation, const Tensor& y, LayerDiagnostics& layer) {
    std::size_t saturated = 0;
    for (std::size_t k = 0; k < y.size(); ++k)
        if (activation.is_flat(y[k])) ++saturated;
    layer.saturated_fraction = static_cast<double>(saturated) / static_cast<double>(y.size());
}

std::string percent(double fraction) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f%%", 100.0 * fraction);
    return text;
}

void add_warnings(Diagnostics& d) {
    char line[320];
    if (!std::isfinite(d.initial_loss)) {
        d.warnings.push_back("The first loss is not finite: look for inputs that are NaN or huge.");
    } else if (std::isfinite(d.expected_loss) && d.initial_loss > 1.5 * d.expected_loss + 1e-12) {
        std::snprintf(line, sizeof line,
                      "The first loss, %.4g, is %.1f times the %.4g an untrained network should give: it "
                      "starts confidently wrong. Initialise the last layer smaller (or its weights to "
                      "0), or standardise the inputs.",
                      d.initial_loss, d.initial_loss / d.expected_loss, d.expected_loss);
        d.warnings.push_back(line);
    }
    for (const LayerDiagnostics& layer : d.layers) {
        if (layer.has_params && layer.grad_norm == 0.0) {
            std::snprintf(line, sizeof line,
                          "Layer %zu (%s) gets no gradient at all: nothing after it passes one back "
                          "(dead units, or saturated ones, above it?). It cannot learn.",
                          layer.index, layer.name.c_str());
            d.warnings.push_back(line);
        }
        if (!std::isnan(layer.dead_fraction) && layer.dead_fraction >= 0.5) {
            std::snprintf(line, sizeof line,
                          "Layer %zu (%s): %zu of %zu units are dead (0 for every sample), so the "
                          "weights feeding them never change. Lower the learning rate, start the "
                          "biases at 0 or slightly positive, or try LeakyReLU.",
                          layer.index, layer.name.c_str(), layer.dead_units, layer.units);
            d.warnings.push_back(line);
        }
        if (!std::isnan(layer.saturated_fraction) && layer.saturated_fraction >= 0.25) {
            std::snprintf(line, sizeof line,
                          "Layer %zu (%s): %s of its outputs sit in a flat tail, where the derivative "
                          "is almost 0 and learning stalls. Scale the inputs, or initialise the layer "
                          "before it smaller (Xavier).",
                          layer.index, layer.name.c_str(), percent(layer.saturated_fraction).c_str());
            d.warnings.push_back(line);
        }
    }
    // A large step has two measured causes: gradients inflated by a first loss far above its
    // baseline (the start is confidently wrong; fix that first), or a learning rate too large.
    const bool starts_wrong = std::isfinite(d.initial_loss) && std::isfinite(d.expected_loss) &&
                              d.initial_loss > 1.5 * d.expected_loss + 1e-12;
    for (const ParamDiagnostics& p : d.params) {
        if (std::isnan(p.update_ratio)) continue;
        if (p.update_ratio > 0.1 && starts_wrong) {
            std::snprintf(line, sizeof line,
                          "%s: one step would change it by %.2g of its size (about 1e-3 is usual), "
                          "while the first loss is %.1f times its baseline: the gradients are large "
                          "because the network starts confidently wrong. Fix the start (above) before "
                          "blaming the learning rate.",
                          p.name.c_str(), p.update_ratio, d.initial_loss / d.expected_loss);
            d.warnings.push_back(line);
        } else if (p.update_ratio > 0.1) {
            std::snprintf(line, sizeof line,
                          "%s: one step would change it by %.2g of its size (about 1e-3 is usual), "
                          "and the first loss is near its baseline: the learning rate is probably too large.",
                          p.name.c_str(), p.update_ratio);
            d.warnings.push_back(line);
        } else if (p.update_ratio > 0.0 && p.update_ratio < 1e-6) {
            std::snprintf(line, sizeof line,
                          "%s: one step would change it by only %.2g of its size (about 1e-3 is "
                          "usual): it will barely move; the learning rate may be too small.",
                          p.name.c_str(), p.update_ratio);
            d.warnings.push_back(line);
        }
    }
}


// One real step of the optimizer, undone: ||p_after - p|| / ||p|| for every parameter it
// updates. The gradients must be in place; parameters, state buffers and the step count are
// restored, so the step is as the optimizer would take it next and leaves no trace.
std::vector<double> measure_update_ratios(Optimizer& optimizer, const std::vector<Param>& params) {
    std::vector<Tensor> values;
    for (const Param& p : params) values.push_back(*p.value);
    std::vector<Tensor> state;
    for (const StateBuffer& b : optimizer.state()) state.push_back(*b.value);
    const long steps = optimizer.steps();

    optimizer.step();

    std::vector<double> ratios;
    for (std::size_t i = 0; i < params.size(); ++i) {
        Tensor& p = *params[i].value;
        double moved = 0.0;
        for (std::size_t k = 0; k < p.size(); ++k) moved += (p[k] - values[i][k]) * (p[k] - values[i][k]);
        const double size = norm(values[i]);
        ratios.push_back(size > 0.0 ? std::sqrt(moved) / size : kNaN);
        p = values[i];
    }
    std::size_t k = 0;
    for (const StateBuffer& b : optimizer.state()) *b.value = state[k++];
    optimizer.set_steps(steps);
    return ratios;
}

}  // namespace

Diagnostics diagnose(Sequential& model, Loss& loss, const Tensor& x, const Tensor& y, double lr) {
    if (!(lr > 0.0) || !std::isfinite(lr)) {
        throw std::invalid_argument("diagnose: expected lr > 0 and finite, got " + std::to_string(lr));
    }
    SGD sgd(model.params(), {.lr = lr});  // a plain SGD step at lr
    return diagnose(model, loss, x, y, sgd);
}

Diagnostics diagnose(Sequential& model, Loss& loss, const Tensor& x, const Tensor& y, Optimizer& optimizer) {
    if (x.empty() || x.rows() != y.rows()) {
        throw std::invalid_argument("diagnose: expected inputs and targets with the same, non-zero number of rows, got " +
                                    x.shape() + " and " + y.shape());
    }
    Diagnostics d;
    d.samples = x.rows();
    d.lr = optimizer.lr();
    d.loss_name = loss.name();

    if (model.empty()) throw std::invalid_argument("diagnose: expected a model with layers, got an empty Sequential");

    // Forward once, measuring each layer's output as it goes by.
    const auto measure = [&d](std::size_t i, const Layer& from, const Tensor& y_i) {
        LayerDiagnostics layer;
        layer.index = i;
        layer.name = from.name();
        layer.units = y_i.cols();
        // Each layer says where it is flat; none is recognised by its type.
        if (from.flat_kind() == Layer::FlatKind::Dead) measure_dead(from, y_i, layer);
        if (from.flat_kind() == Layer::FlatKind::Saturated) measure_saturated(from, y_i, layer);
        d.layers.push_back(layer);
    };
    const Tensor* h = &model.forward_each(x, measure);
    d.initial_loss = loss.forward(*h, y);
    const Loss::Baseline baseline = loss.baseline(*h, y);  // the loss says what "knows nothing" scores
    d.expected_loss = baseline.value;
    d.expected_why = baseline.why;

    // Backward once from zeroed gradients, keeping the caller's gradients to put back after.
    std::vector<Param> params = model.params();
    std::vector<Tensor> saved;
    for (Param& p : params) {
        saved.push_back(*p.grad);
        p.grad->fill(0.0);
    }
    model.backward(loss.backward());
    const std::vector<double> ratios = measure_update_ratios(optimizer, optimizer.params());

    for (const Param& p : params) {
        ParamDiagnostics pd;
        pd.name = p.name;
        pd.shape = p.value->shape();
        pd.value_norm = norm(*p.value);
        pd.grad_norm = norm(*p.grad);
        // The optimizer's own step (a parameter it does not update does not move).
        pd.update_ratio = pd.value_norm > 0.0 ? 0.0 : kNaN;
        for (std::size_t i = 0; i < ratios.size(); ++i)
            if (optimizer.params()[i].value == p.value) pd.update_ratio = ratios[i];
        d.params.push_back(pd);
    }
    for (std::size_t i = 0; i < model.size(); ++i) {
        double sum = 0.0;
        for (const Param& p : model[i].params()) {
            const double n = norm(*p.grad);
            sum += n * n;
            d.layers[i].has_params = true;
        }
        d.layers[i].grad_norm = std::sqrt(sum);
    }
    for (std::size_t i = 0; i < params.size(); ++i) *params[i].grad = saved[i];

    add_warnings(d);
    return d;
}

std::string Diagnostics::report() const {
    std::ostringstream os;
    char line[256];
    std::snprintf(line, sizeof line, "Training diagnostics: %zu samples, %s, lr %g\n", samples, loss_name.c_str(), lr);
    os << line;
    std::snprintf(line, sizeof line, "  first loss %.6g; an untrained network should give about %.6g (%s)\n",
                  initial_loss, expected_loss, expected_why.c_str());
    os << line << "\n";

    os << "  layer                       |gradient|  activations\n";
    for (const LayerDiagnostics& layer : layers) {
        std::string activity;
        if (!std::isnan(layer.dead_fraction)) {
            activity = "dead units " + std::to_string(layer.dead_units) + "/" + std::to_string(layer.units) +
                       " (" + percent(layer.dead_fraction) + ")";
        } else if (!std::isnan(layer.saturated_fraction)) {
            activity = "saturated outputs " + percent(layer.saturated_fraction);
        }
        char grad[32] = "";
        if (layer.has_params) std::snprintf(grad, sizeof grad, "%.4g", layer.grad_norm);
        std::snprintf(line, sizeof line, "  %-3zu %-22s %12s  %s\n", layer.index, layer.name.c_str(), grad,
                      activity.c_str());
        os << line;
    }
    os << "\n  parameter        shape           |value|   |gradient|     |step| / |value|  (about 1e-3 is usual)\n";
    for (const ParamDiagnostics& p : params) {
        char ratio[32] = "n/a (value 0)";
        if (!std::isnan(p.update_ratio)) std::snprintf(ratio, sizeof ratio, "%.2e", p.update_ratio);
        std::snprintf(line, sizeof line, "  %-16s %-12s %10.4g %12.4g  %14s\n", p.name.c_str(), p.shape.c_str(),
                      p.value_norm, p.grad_norm, ratio);
        os << line;
    }
    os << "\n";
    if (warnings.empty()) {
        os << "  Nothing to flag.\n";
    } else {
        for (const std::string& w : warnings) os << "  ! " << w << "\n";
    }
    return os.str();
}

std::ostream& operator<<(std::ostream& os, const Diagnostics& d) { return os << d.report(); }

}  // namespace mlp
