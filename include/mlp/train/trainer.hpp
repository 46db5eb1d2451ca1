// SPDX-License-Identifier: MIT
// trainer.hpp: the training loop (epochs of mini-batches) and the history it returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mlp/nn/sequential.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/core/rng.hpp"
#include "mlp/optim/optimizer.hpp"

namespace mlp {

class LRScheduler;  // lr_scheduler.hpp: a schedule the trainer steps once per epoch

// One epoch's numbers. loss and accuracy are averaged over the epoch's batches as they were
// seen (each before its own update step); val_* are NaN when no validation data was given.
struct EpochStats {
    std::size_t epoch = 0;  // 1-based
    double loss = 0.0;
    double accuracy = 0.0;
    double val_loss = std::numeric_limits<double>::quiet_NaN();
    double val_accuracy = std::numeric_limits<double>::quiet_NaN();
};

struct History {
    std::vector<EpochStats> epochs;
    bool stopped_early = false;
    // "", "loss <= 0.01", "accuracy >= 1", or early stopping's reason with the numbers it measured:
    // "val_loss did not improve by more than 0 for 3 epochs: best 0.0412 at epoch 7, 0.0455 at
    // epoch 10; restored the weights of epoch 7"
    std::string stop_reason;
    // With TrainConfig::patience: the epoch (1-based) whose val_loss was the best, by the rule
    // there (0 without patience). When stopped_early by patience, the model holds that epoch's
    // weights and epochs[best_epoch - 1].val_loss is their validation loss; epochs still lists
    // every epoch that ran, the later ones included (as Keras's History does).
    std::size_t best_epoch = 0;

    const EpochStats& last() const;
    // The first epoch (1-based) whose training accuracy reached `target`, or 0 if none did.
    std::size_t epochs_to_accuracy(double target) const;
};

struct TrainConfig {
    std::size_t epochs = 100;
    std::size_t batch_size = 0;                // 0: the whole training set is one batch
    bool shuffle = true;                       // reshuffle every epoch (not for one full batch)
    std::uint32_t seed = 0;                    // seeds the shuffling
    std::optional<double> stop_at_loss = std::nullopt;      // stop once an epoch's loss is <= this
    std::optional<double> stop_at_accuracy = std::nullopt;  // stop once an epoch's accuracy is >= this
    bool progress = true;                      // a progress line, redrawn in place, on stderr
                                               // when it is a terminal; silent otherwise
    std::function<void(const EpochStats&)> on_epoch = nullptr;  // called after every epoch
    // A learning-rate schedule built on the trainer's optimizer, stepped once per epoch after the
    // epoch's optimizer steps and its validation, before on_epoch (so a checkpoint saved there
    // holds the new lr): scheduler->step(val_loss), or the training loss without validation data.
    // Shared, not owned: TrainConfig is copied, and the caller may keep a handle to read it.
    std::shared_ptr<LRScheduler> scheduler = nullptr;
    // Early stopping on validation, Keras's EarlyStopping(monitor="val_loss", patience, min_delta,
    // restore_best_weights=True). An epoch improves when val_loss < best - min_delta (best: the
    // val_loss of the last epoch that improved; +inf before the first); after `patience` epochs in
    // a row that do not improve, training stops and the weights (model.weights(): every
    // parameter and buffer, such as BatchNorm's running statistics, copied at the end of the best
    // epoch) are put back, bit for bit. Only the weights: the optimizer's state, the schedule,
    // layers' random generators and the shuffling stay where the last epoch left them. As in Keras, a run that ends at
    // config.epochs without stopping keeps its last weights. Needs validation data
    // (fit(x, y, x_val, y_val)); patience >= 1.
    std::optional<std::size_t> patience = std::nullopt;
    double min_delta = 0.0;                    // >= 0: how much lower than the best counts as better
};

// Where a run stands between two epochs, beyond the model's weights and the optimizer's state:
// what fit() needs to go on as if it had never stopped, and so what a checkpoint saves
// (checkpoint.hpp). Early stopping's fields are used only with TrainConfig::patience.
struct RunState {
    std::size_t epoch = 0;              // epochs completed
    std::vector<std::size_t> order;     // the last epoch's sample order (each epoch reshuffles it)
    Rng rng;                            // the shuffling engine
    double best_val_loss = std::numeric_limits<double>::infinity();
    std::size_t best_epoch = 0;         // 0: no epoch has improved yet
    std::size_t wait = 0;               // epochs in a row without improvement
    std::vector<Tensor> best;           // model.weights()' values at the end of best_epoch
    // Set by load_checkpoint when it could not check the sample count: puts back what the load
    // changed and returns the state before it, should fit() refuse the data.
    std::function<RunState()> undo;
};

// Runs the five steps of training (train_batch) for every batch of every epoch:
//   pred = model.forward(x); loss = criterion.forward(pred, y); optimizer.zero_grad();
//   model.backward(criterion.backward()); optimizer.step();
// with any optimizer: SGD, Adam, ... or a class of the caller's own derived from Optimizer.
class Trainer {
public:
    Trainer(Sequential& model, Loss& loss, Optimizer& optimizer, TrainConfig config = {});

    History fit(const Tensor& x, const Tensor& y);
    History fit(const Tensor& x, const Tensor& y, const Tensor& x_val, const Tensor& y_val);
    // One more epoch on (x, y), going on from the last call (its shuffling and epoch count), for
    // a caller that draws between epochs; new data (another number of rows) starts afresh.
    EpochStats fit_epoch(const Tensor& x, const Tensor& y);

    // Loss and accuracy of the model on (x, y) in evaluation mode, without training.
    struct Evaluation {
        double loss;
        double accuracy;
    };
    Evaluation evaluate(const Tensor& x, const Tensor& y);

    Sequential& model() const { return model_; }
    Optimizer& optimizer() const { return optimizer_; }
    const TrainConfig& config() const { return config_; }
    std::size_t epochs_done() const { return run_.epoch; }
    // The run's position, and a way to put one back: the next fit() then trains epochs
    // state.epoch + 1 .. config().epochs (checkpoint.hpp's load_checkpoint uses the pair).
    const RunState& run_state() const { return run_; }
    void restore(RunState state);

private:
    // What fit() does, one job per function, in the order run() calls them.
    History run(const Tensor& x, const Tensor& y, const Tensor* x_val, const Tensor* y_val);
    // Batch size for N samples; starts the sample order afresh unless resuming.
    std::size_t begin_run(const Tensor& x, const Tensor& y);
    // One pass over the data in batches: the epoch's mean loss and accuracy.
    EpochStats train_epoch(const Tensor& x, const Tensor& y, std::size_t batch);
    struct BatchResult {
        double loss;
        double accuracy;
    };
    // The textbook's five lines, for one batch.
    BatchResult train_batch(const Tensor& xb, const Tensor& yb);
    // Throws, naming where the first NaN or infinity came from, unless the loss is finite.
    void check_finite(double loss, const Tensor& xb);
    // Validation, the schedule's step and on_epoch, once the epoch's batches are done.
    void end_epoch(EpochStats& stats, const Tensor* x_val, const Tensor* y_val);
    // "loss <= 0.01", "accuracy >= 1", early stopping's reason, or "" to go on.
    std::string stop_reason(const EpochStats& stats) const;
    // Early stopping's bookkeeping after an epoch's validation: an improvement resets the count
    // and copies the parameters; anything else counts one more epoch without improvement.
    void watch_val_loss(const EpochStats& stats);
    bool patience_ran_out() const { return config_.patience && run_.wait >= *config_.patience; }

    Sequential& model_;
    Loss& loss_;
    Optimizer& optimizer_;
    TrainConfig config_;
    RunState run_;
    Tensor xb_, yb_;                  // the current batch
    std::size_t batch_ = 0;           // the batch being trained, 1-based within its epoch
    bool resuming_ = false;           // set by restore(): the next fit() continues after run_.epoch
};

// True when the stream behind stderr is an interactive terminal.
bool stderr_is_terminal();

}  // namespace mlp
