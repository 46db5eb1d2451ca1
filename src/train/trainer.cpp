// SPDX-License-Identifier: MIT
// trainer.cpp: epochs, batches and the five steps of training. Its checks, the progress line
// and early stopping's rule are in trainer_support.cpp.
#include "mlp/train/trainer.hpp"

#include "trainer_support.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "mlp/optim/lr_scheduler.hpp"

namespace mlp {

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
    check_setup(model_, optimizer_, config_);  // trainer_support.cpp: each setting, and that the two belong together
}

namespace {
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
            // Keras's restore_best_weights: only when patience ran out; parameters and buffers.
            if (patience_ran_out() && run_.best_epoch > 0) {
                const std::vector<Buffer> weights = model_.weights();
                for (std::size_t k = 0; k < weights.size(); ++k) *weights[k].value = run_.best[k];
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
        const std::size_t saved_on = run_.order.size();
        if (run_.undo) run_ = run_.undo();  // a refused resume changes nothing
        resuming_ = false;
        throw std::invalid_argument("Trainer::fit: the checkpoint was taken on " + std::to_string(saved_on) +
                                    " samples, got " + std::to_string(N) + "; the model and optimizer are as before the load");
    }
    if (!resuming_) {
        RunState fresh;  // not RunState{}: that copy-list-initializes Rng, whose constructor is explicit (clang refuses)
        fresh.rng = run_.rng;  // the shuffling goes on from where the last run left it
        run_ = std::move(fresh);
        run_.order.resize(N);
        for (std::size_t n = 0; n < N; ++n) run_.order[n] = n;
    }
    run_.undo = nullptr;  // the data fits: the load stands
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
    require_finite_parameters(optimizer_.params(), run_.epoch + 1, batch_);
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
