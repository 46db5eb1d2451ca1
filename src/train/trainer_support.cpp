// SPDX-License-Identifier: MIT
// trainer_support.cpp: the trainer's bookkeeping beside the loop in trainer.cpp: checks on its
// inputs, where a NaN came from, the progress line, and early stopping's rule.
#include "trainer_support.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "mlp/core/number_text.hpp"
#include "mlp/io/text_file.hpp"
#include "mlp/optim/lr_scheduler.hpp"

namespace mlp {

bool stderr_is_terminal() { return is_terminal(stderr); }

void check_setup(Sequential& model, const Optimizer& optimizer, const TrainConfig& config) {
    if (config.epochs == 0) throw std::invalid_argument("Trainer: expected epochs > 0, got 0");
    if (config.stop_at_loss && std::isnan(*config.stop_at_loss))
        throw std::invalid_argument("Trainer: expected stop_at_loss to be a number, got nan");
    if (config.stop_at_accuracy && !(*config.stop_at_accuracy >= 0.0 && *config.stop_at_accuracy <= 1.0)) {
        throw std::invalid_argument("Trainer: expected stop_at_accuracy in [0, 1] (a fraction, not a percentage), got " +
                                    std::to_string(*config.stop_at_accuracy));
    }
    // An optimizer may update only some of the model's parameters (the rest frozen), but one
    // that updates none of them was built for another model, or for a copy of this one.
    const std::vector<Param> owned = model.params();
    const std::vector<Param>& updated = optimizer.params();
    bool any = updated.empty() || owned.empty();
    for (std::size_t i = 0; !any && i < updated.size(); ++i)
        for (const Param& p : owned) any = any || p.value == updated[i].value;
    if (!any) {
        throw std::invalid_argument("Trainer: the optimizer updates none of the model's parameters (was the "
                                    "optimizer built from another model, or from a copy of this one?)");
    }
    if (config.patience && *config.patience == 0)
        throw std::invalid_argument("Trainer: expected patience >= 1 (epochs without improvement before stopping), got 0");
    if (!(config.min_delta >= 0.0 && std::isfinite(config.min_delta)))
        throw std::invalid_argument("Trainer: expected min_delta >= 0 and finite, got " + format_number(config.min_delta));
    if (config.scheduler && &config.scheduler->optimizer() != &optimizer) {
        throw std::invalid_argument("Trainer: expected the scheduler (" + config.scheduler->name() +
                                    ") to be built on this trainer's optimizer, got one built on another");
    }
}

// One pass; nothing has been trained when it throws.
void require_finite(const char* who, const char* name, const Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k) {
        if (!std::isfinite(t[k])) {
            throw std::invalid_argument(std::string(who) + ": expected finite numbers in " + name + ", got " +
                                        (std::isnan(t[k]) ? "nan" : t[k] > 0 ? "inf" : "-inf") + " at row " +
                                        std::to_string(k / t.cols()) + ", column " + std::to_string(k % t.cols()) +
                                        " of " + name + " " + t.shape());
        }
    }
}

namespace {
bool all_finite(const Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k)
        if (!std::isfinite(t[k])) return false;
    return true;
}


// "parameter dense0.W[1, 2] is inf" for the first non-finite parameter value; "" when all are finite.
std::string first_non_finite_parameter(const std::vector<Param>& params) {
    for (const Param& p : params) {
        for (std::size_t k = 0; k < p.value->size(); ++k) {
            if (!std::isfinite((*p.value)[k])) {
                return "parameter " + p.name + "[" + std::to_string(k / p.value->cols()) + ", " +
                       std::to_string(k % p.value->cols()) + "] is " + std::to_string((*p.value)[k]);
            }
        }
    }
    return "";
}
}  // namespace

void require_finite_parameters(const std::vector<Param>& params, std::size_t epoch, std::size_t batch) {
    for (const Param& p : params)
        if (!all_finite(*p.value)) {
            throw std::runtime_error("Trainer::fit: a parameter became non-finite in the last step of epoch " +
                                     std::to_string(epoch) + " (batch " + std::to_string(batch) + "): " +
                                     first_non_finite_parameter(params) +
                                     " (a learning rate that is too large, or unscaled inputs, are the usual causes)");
        }
}

// A parameter first (the last update blew it up), then the input, then the layers in order.
std::string locate_non_finite(Sequential& model, const Loss& loss, const Tensor& x) {
    if (std::string parameter = first_non_finite_parameter(model.params()); !parameter.empty()) return parameter;
    if (!all_finite(x)) return "the input batch itself holds a NaN or infinity";
    std::string first_bad;
    const Tensor* h = &model.forward_each(x, [&](std::size_t i, const Layer& layer, const Tensor& y) {
        if (first_bad.empty() && !all_finite(y))
            first_bad = "the output of layer " + std::to_string(i) + " (" + layer.name() + ")";
    });
    if (!first_bad.empty()) return first_bad;
    double largest = 0.0;
    for (std::size_t k = 0; k < h->size(); ++k) largest = std::max(largest, std::abs((*h)[k]));
    std::ostringstream os;
    os << "the loss (" << loss.name() << "): every layer's output is finite, but the largest |output| is "
       << largest;
    return os.str();
}

void draw_progress(const EpochStats& e, std::size_t epochs, bool final_line) {
    std::fprintf(stderr, "\r  epoch %zu/%zu  loss %.6g  accuracy %.1f%%", e.epoch, epochs, e.loss,
                 100.0 * e.accuracy);
    if (!std::isnan(e.val_loss))
        std::fprintf(stderr, "  val loss %.6g  val accuracy %.1f%%", e.val_loss, 100.0 * e.val_accuracy);
    std::fprintf(stderr, final_line ? "\n" : "   ");
    std::fflush(stderr);
}

void Trainer::check_finite(double loss, const Tensor& xb) {
    if (std::isfinite(loss)) return;
    // Stop rather than train on: every later number would be NaN too.
    throw std::runtime_error("Trainer::fit: the loss became " + std::to_string(loss) + " at epoch " +
                             std::to_string(run_.epoch + 1) + ", batch " + std::to_string(batch_) +
                             "; first non-finite: " + locate_non_finite(model_, loss_, xb) +
                             " (a learning rate that is too large, or unscaled inputs, are the usual causes)");
}

std::string Trainer::stop_reason(const EpochStats& stats) const {
    if (config_.stop_at_loss && stats.loss <= *config_.stop_at_loss) return "loss <= " + std::to_string(*config_.stop_at_loss);
    if (config_.stop_at_accuracy && stats.accuracy >= *config_.stop_at_accuracy)
        return "accuracy >= " + std::to_string(*config_.stop_at_accuracy);
    if (patience_ran_out()) {
        std::string reason = "val_loss did not improve by more than " + format_number(config_.min_delta) + " for " +
                             std::to_string(run_.wait) + " epochs: ";
        if (run_.best_epoch == 0) return reason + "no epoch improved (val_loss " + format_number(stats.val_loss) +
                                          " at epoch " + std::to_string(stats.epoch) + "), so the last weights stay";
        return reason + "best " + format_number(run_.best_val_loss) + " at epoch " + std::to_string(run_.best_epoch) +
               ", " + format_number(stats.val_loss) + " at epoch " + std::to_string(stats.epoch) +
               "; restored the weights of epoch " + std::to_string(run_.best_epoch);
    }
    return "";
}

// Keras's rule: better when val_loss < best - min_delta (a NaN is never better).
void Trainer::watch_val_loss(const EpochStats& stats) {
    if (stats.val_loss < run_.best_val_loss - config_.min_delta) {
        run_.best_val_loss = stats.val_loss;
        run_.best_epoch = stats.epoch;
        run_.wait = 0;
        const std::vector<Buffer> weights = model_.weights();
        run_.best.resize(weights.size());
        for (std::size_t k = 0; k < weights.size(); ++k) run_.best[k] = *weights[k].value;
    } else {
        ++run_.wait;
    }
}

}  // namespace mlp
