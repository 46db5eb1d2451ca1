// SPDX-License-Identifier: MIT
// trainer.cpp: epochs, batches, the five steps of training, and the progress line.
#include "mlp/train/trainer.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "mlp/core/number_text.hpp"
#include "mlp/io/text_file.hpp"
#include "mlp/optim/lr_scheduler.hpp"

namespace mlp {

bool stderr_is_terminal() { return is_terminal(stderr); }

const EpochStats& History::last() const {
    if (epochs.empty()) throw std::logic_error("History::last: no epoch was run");
    return epochs.back();
}

std::size_t History::epochs_to_accuracy(double target) const {
    for (const EpochStats& e : epochs)
        if (e.accuracy >= target) return e.epoch;
    return 0;
}

Trainer::Trainer(Sequential& model, Loss& loss, Optimizer& optimizer, TrainConfig config)
    : model_(model), loss_(loss), optimizer_(optimizer), config_(std::move(config)) {
    run_.rng = Rng(config_.seed);
    if (config_.epochs == 0) throw std::invalid_argument("Trainer: expected epochs > 0, got 0");
    if (config_.stop_at_loss && std::isnan(*config_.stop_at_loss))
        throw std::invalid_argument("Trainer: expected stop_at_loss to be a number, got nan");
    if (config_.stop_at_accuracy && !(*config_.stop_at_accuracy >= 0.0 && *config_.stop_at_accuracy <= 1.0)) {
        throw std::invalid_argument("Trainer: expected stop_at_accuracy in [0, 1] (a fraction, not a percentage), got " +
                                    std::to_string(*config_.stop_at_accuracy));
    }
    // An optimizer may update only some of the model's parameters (the rest frozen), but one
    // that updates none of them was built for another model, or for a copy of this one.
    const std::vector<Param> owned = model_.params();
    const std::vector<Param>& updated = optimizer_.params();
    bool any = updated.empty() || owned.empty();
    for (std::size_t i = 0; !any && i < updated.size(); ++i)
        for (const Param& p : owned) any = any || p.value == updated[i].value;
    if (!any) {
        throw std::invalid_argument("Trainer: the optimizer updates none of the model's parameters (was the "
                                    "optimizer built from another model, or from a copy of this one?)");
    }
    if (config_.patience && *config_.patience == 0)
        throw std::invalid_argument("Trainer: expected patience >= 1 (epochs without improvement before stopping), got 0");
    if (!(config_.min_delta >= 0.0 && std::isfinite(config_.min_delta)))
        throw std::invalid_argument("Trainer: expected min_delta >= 0 and finite, got " + format_number(config_.min_delta));
    if (config_.scheduler && &config_.scheduler->optimizer() != &optimizer_) {
        throw std::invalid_argument("Trainer: expected the scheduler (" + config_.scheduler->name() +
                                    ") to be built on this trainer's optimizer, got one built on another");
    }
}

namespace {

// A NaN or infinity in the data would surface only later, as a non-finite loss blamed on the
// learning rate or on a weight; so the data is checked once, up front, in one pass, and the
// first bad number is named by tensor, row and column. Nothing has been trained when it throws.
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

// evaluate() without the check on its data: validation data is checked once, in fit().
Trainer::Evaluation measure(Layer& model, Loss& loss, const Tensor& x, const Tensor& y) {
    const bool was_training = model.training();
    model.train(false);
    const Tensor& pred = model.forward(x);
    Trainer::Evaluation result{loss.forward(pred, y), loss.accuracy(pred, y)};
    model.train(was_training);
    return result;
}

}  // namespace

History Trainer::fit(const Tensor& x, const Tensor& y) {
    require_finite("Trainer::fit", "x", x);
    require_finite("Trainer::fit", "y", y);
    return run(x, y, nullptr, nullptr);
}

History Trainer::fit(const Tensor& x, const Tensor& y, const Tensor& x_val, const Tensor& y_val) {
    if (x_val.rows() != y_val.rows() || x_val.empty()) {
        throw std::invalid_argument("Trainer::fit: expected validation inputs and targets with the same, non-zero number of rows, got " +
                                    x_val.shape() + " and " + y_val.shape());
    }
    require_finite("Trainer::fit", "x", x);
    require_finite("Trainer::fit", "y", y);
    require_finite("Trainer::fit", "x_val", x_val);
    require_finite("Trainer::fit", "y_val", y_val);
    return run(x, y, &x_val, &y_val);
}

Trainer::Evaluation Trainer::evaluate(const Tensor& x, const Tensor& y) {
    require_finite("Trainer::evaluate", "x", x);
    require_finite("Trainer::evaluate", "y", y);
    return measure(model_, loss_, x, y);
}

namespace {

bool all_finite(const Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k)
        if (!std::isfinite(t[k])) return false;
    return true;
}

// Where did the first NaN or infinity come from? A parameter that is already non-finite (the
// last update blew it up), or else the first layer whose output is non-finite for this batch.
std::string locate_non_finite(Sequential& model, const Loss& loss, const Tensor& x) {
    for (const Param& p : model.params()) {
        for (std::size_t k = 0; k < p.value->size(); ++k) {
            if (!std::isfinite((*p.value)[k])) {
                return "parameter " + p.name + "[" + std::to_string(k / p.value->cols()) + ", " +
                       std::to_string(k % p.value->cols()) + "] is " + std::to_string((*p.value)[k]);
            }
        }
    }
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
}  // namespace

// fit() in outline: each epoch trains on every batch, then validates, steps the schedule and
// decides whether to stop.
History Trainer::run(const Tensor& x, const Tensor& y, const Tensor* x_val, const Tensor* y_val) {
    if (config_.patience && x_val == nullptr) {
        throw std::invalid_argument("Trainer::fit: early stopping (patience " + std::to_string(*config_.patience) +
                                    ") watches the validation loss: expected validation data, fit(x, y, x_val, y_val), got none");
    }
    if (resuming_ && patience_ran_out()) {
        throw std::invalid_argument("Trainer::fit: the checkpoint was saved at epoch " + std::to_string(run_.epoch) +
                                    ", where early stopping ended its run (" + std::to_string(run_.wait) +
                                    " epochs without improvement, patience " + std::to_string(*config_.patience) +
                                    "): nothing is left to train");
    }
    const std::size_t batch = begin_run(x, y);
    resuming_ = false;
    const bool show = config_.progress && stderr_is_terminal();
    auto last_draw = std::chrono::steady_clock::now();

    History history;
    history.epochs.reserve(config_.epochs - run_.epoch);  // one allocation, not one every doubling
    model_.train(true);
    for (std::size_t epoch = run_.epoch + 1; epoch <= config_.epochs; ++epoch) {
        EpochStats stats = train_epoch(x, y, batch);
        stats.epoch = epoch;
        run_.epoch = epoch;  // before on_epoch, so a checkpoint saved there records this epoch
        end_epoch(stats, x_val, y_val);
        history.epochs.push_back(stats);

        history.stop_reason = stop_reason(stats);
        history.stopped_early = !history.stop_reason.empty();
        history.best_epoch = run_.best_epoch;
        const bool last = history.stopped_early || epoch == config_.epochs;
        const auto now = std::chrono::steady_clock::now();
        if (show && (last || now - last_draw > std::chrono::milliseconds(100))) {
            draw_progress(stats, config_.epochs, last);
            last_draw = now;
        }
        if (history.stopped_early) {
            // Keras's restore_best_weights: only when patience ran out, and only the parameters.
            if (patience_ran_out() && run_.best_epoch > 0) {
                const std::vector<Param> params = model_.params();
                for (std::size_t k = 0; k < params.size(); ++k) *params[k].value = run_.best[k];
            }
            break;
        }
    }
    return history;
}

std::size_t Trainer::begin_run(const Tensor& x, const Tensor& y) {
    if (x.rows() == 0 || x.rows() != y.rows()) {
        throw std::invalid_argument("Trainer::fit: expected inputs and targets with the same, non-zero number of rows, got " +
                                    x.shape() + " and " + y.shape());
    }
    const std::size_t N = x.rows();
    // A resumed run keeps the sample order it was saved with: each epoch shuffles the last one.
    if (resuming_ && run_.order.size() != N) {
        throw std::invalid_argument("Trainer::fit: the checkpoint was taken on " + std::to_string(run_.order.size()) +
                                    " samples, got " + std::to_string(N));
    }
    if (!resuming_) {
        RunState fresh;  // not RunState{}: that copy-list-initializes Rng, whose constructor is explicit (clang refuses)
        fresh.rng = run_.rng;  // the shuffling goes on from where the last run left it
        run_ = std::move(fresh);
        run_.order.resize(N);
        for (std::size_t n = 0; n < N; ++n) run_.order[n] = n;
    }
    return (config_.batch_size == 0 || config_.batch_size > N) ? N : config_.batch_size;
}

EpochStats Trainer::train_epoch(const Tensor& x, const Tensor& y, std::size_t batch) {
    const std::size_t N = x.rows();
    // One full batch is the same mean gradient in any order, so it is neither shuffled nor copied.
    const bool full_batch = batch == N;
    if (config_.shuffle && !full_batch) run_.rng.shuffle(run_.order);
    double loss_sum = 0.0, correct = 0.0;
    for (std::size_t begin = 0; begin < N; begin += batch) {
        const std::size_t end = std::min(begin + batch, N);
        if (!full_batch) {
            const std::span<const std::size_t> rows(run_.order.data() + begin, end - begin);
            gather_rows(x, rows, xb_);
            gather_rows(y, rows, yb_);
        }
        batch_ = begin / batch + 1;
        const BatchResult r = train_batch(full_batch ? x : xb_, full_batch ? y : yb_);
        const double rows = static_cast<double>(end - begin);
        loss_sum += r.loss * rows;
        correct += r.accuracy * rows;
    }
    EpochStats stats;
    stats.loss = loss_sum / static_cast<double>(N);
    stats.accuracy = correct / static_cast<double>(N);
    return stats;
}

Trainer::BatchResult Trainer::train_batch(const Tensor& xb, const Tensor& yb) {
    const Tensor& pred = model_.forward(xb);                // 1. forward
    const double loss = loss_.forward(pred, yb);            // 2. loss
    check_finite(loss, xb);                                 //    (stop before a NaN reaches the weights)
    optimizer_.zero_grad();                                 // 3. clear old gradients
    model_.backward(loss_.backward());                      // 4. backprop dL/dpred
    optimizer_.step();                                      // 5. update the parameters
    return {loss, loss_.accuracy(pred, yb)};  // pred is the model's output before this step
}

void Trainer::check_finite(double loss, const Tensor& xb) {
    if (std::isfinite(loss)) return;
    // Stop rather than train on: every later number would be NaN too.
    throw std::runtime_error("Trainer::fit: the loss became " + std::to_string(loss) + " at epoch " +
                             std::to_string(run_.epoch + 1) + ", batch " + std::to_string(batch_) +
                             "; first non-finite: " + locate_non_finite(model_, loss_, xb) +
                             " (a learning rate that is too large, or unscaled inputs, are the usual causes)");
}

void Trainer::end_epoch(EpochStats& stats, const Tensor* x_val, const Tensor* y_val) {
    if (x_val != nullptr) {
        const Evaluation val = measure(model_, loss_, *x_val, *y_val);  // checked once, in fit()
        stats.val_loss = val.loss;
        stats.val_accuracy = val.accuracy;
        if (config_.patience) watch_val_loss(stats);  // before on_epoch: its checkpoint holds the count
    }
    // PyTorch's order: the epoch's optimizer steps, then the schedule's step.
    if (config_.scheduler) config_.scheduler->step(x_val != nullptr ? stats.val_loss : stats.loss);
    if (config_.on_epoch) config_.on_epoch(stats);
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
        const std::vector<Param> params = model_.params();
        run_.best.resize(params.size());
        for (std::size_t k = 0; k < params.size(); ++k) run_.best[k] = *params[k].value;
    } else {
        ++run_.wait;
    }
}

void Trainer::restore(RunState state) {
    run_ = std::move(state);
    resuming_ = run_.epoch > 0;  // a state from before the first epoch is a fresh start
}

EpochStats Trainer::fit_epoch(const Tensor& x, const Tensor& y) {
    require_finite("Trainer::fit_epoch", "x", x);
    require_finite("Trainer::fit_epoch", "y", y);
    resuming_ = run_.order.size() == x.rows();
    const std::size_t batch = begin_run(x, y);
    resuming_ = false;
    model_.train(true);
    EpochStats stats = train_epoch(x, y, batch);
    stats.epoch = ++run_.epoch;
    end_epoch(stats, nullptr, nullptr);
    return stats;
}

}  // namespace mlp
