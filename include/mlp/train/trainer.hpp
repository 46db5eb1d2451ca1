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

#include "mlp/train/diagnostics.hpp"
#include "mlp/nn/layer.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/core/rng.hpp"
#include "mlp/optim/lr_scheduler.hpp"
#include "mlp/optim/optimizer.hpp"
#include "mlp/optim/sgd.hpp"  // the default choice: programs that include only the trainer use it

namespace mlp {

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
    // a row that do not improve, training stops and the parameters (every Param of
    // model.params(), copied at the end of the best epoch) are put back, bit for bit. Only the
    // parameters: the optimizer's state, the schedule, layers' random generators and the
    // shuffling stay where the last epoch left them. As in Keras, a run that ends at
    // config.epochs without stopping keeps its last weights. Needs validation data
    // (fit(x, y, x_val, y_val)); patience >= 1. Checkpoints hold the best weights and the count,
    // so a run resumed mid-patience ends exactly as the uninterrupted one.
    std::optional<std::size_t> patience = std::nullopt;
    double min_delta = 0.0;                    // >= 0: how much lower than the best counts as better
};

// Runs the five steps of training (train_batch) for every batch of every epoch:
//   pred = model.forward(x); loss = criterion.forward(pred, y); optimizer.zero_grad();
//   model.backward(criterion.backward()); optimizer.step();
// with any optimizer: SGD, Adam, ... or a class of the caller's own derived from Optimizer.
class Trainer {
public:
    Trainer(Layer& model, Loss& loss, Optimizer& optimizer, TrainConfig config = {});

    History fit(const Tensor& x, const Tensor& y);
    History fit(const Tensor& x, const Tensor& y, const Tensor& x_val, const Tensor& y_val);

    // Loss and accuracy of the model on (x, y) in evaluation mode, without training.
    struct Evaluation {
        double loss;
        double accuracy;
    };
    Evaluation evaluate(const Tensor& x, const Tensor& y);

    const TrainConfig& config() const { return config_; }

    // What a teacher checks before training (see diagnostics.hpp): the first loss against its
    // baseline, gradient norms per layer, update-to-weight ratios at the optimizer's learning
    // rate, measured from one real step of the optimizer (then undone), dead ReLU and saturated sigmoid/tanh units. Trains nothing; print it with <<.
    Diagnostics diagnose(const Tensor& x, const Tensor& y);

    // Checkpoints (src/train/checkpoint.cpp). save_checkpoint writes, through a temporary file and a
    // rename, everything a run needs to go on: the model (a Sequential, as a model file), the
    // optimizer (its name, settings, lr, step count and every state buffer, asked of the
    // optimizer through Optimizer's interface), the schedule's state, the epochs done, and the
    // shuffling state (the random engine, in a form the same in every build, and the current
    // sample order). Call it after fit() returns or from config.on_epoch. resume(path, samples)
    // restores all of it into this trainer's model, optimizer and schedule, which must have the
    // same architecture, kind and settings (the learning rate is taken from the file); versions 1
    // and 2 still load. Pass `samples`, the number of rows the next fit() trains on, so that a
    // checkpoint taken on other data is refused here, before anything changes (without it, fit()
    // refuses). The next fit() on the same data then runs the remaining epochs, epochs_done() + 1
    // to config().epochs, and ends with the same weights, bit for bit, as a run that never stopped.
    // A file that does not fit (another architecture, optimizer or schedule, an epoch beyond
    // config().epochs, a malformed line) is refused with a ModelFileError naming its line, and
    // nothing is changed: model, optimizer, schedule, random state and epoch are as before. Layers'
    // random generators (Dropout, RReLU) are saved too (Layer::state), so a run with dropout
    // resumes bit-identically.
    void save_checkpoint(const std::string& path) const;
    void resume(const std::string& path, std::optional<std::size_t> samples = std::nullopt);
    // resume() from the checkpoint's text; `source` names it in error messages (the fuzzer uses it).
    void resume_from_string(const std::string& text, const std::string& source = "<string>",
                            std::optional<std::size_t> samples = std::nullopt);
    // Epochs completed so far in the current (or resumed) run.
    std::size_t epochs_done() const { return epoch_; }

private:
    // What fit() does, one job per function, in the order run() calls them.
    History run(const Tensor& x, const Tensor& y, const Tensor* x_val, const Tensor* y_val);
    // Batch size for N samples; starts the sample order afresh unless resuming.
    std::size_t begin_run(const Tensor& x, const Tensor& y);
    // One pass over the data in batches: the epoch's mean loss and accuracy.
    EpochStats train_epoch(const Tensor& x, const Tensor& y, std::size_t batch);
    // Copies the rows order_[begin, end) of x and y into xb_, yb_.
    void gather(const Tensor& x, const Tensor& y, std::size_t begin, std::size_t end);
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
    bool patience_ran_out() const { return config_.patience && early_.wait >= *config_.patience; }

    Layer& model_;
    Loss& loss_;
    Optimizer& optimizer_;
    TrainConfig config_;
    Rng rng_;
    std::vector<std::size_t> order_;  // sample order for the current epoch
    Tensor xb_, yb_;                  // the current batch
    std::size_t epoch_ = 0;           // epochs completed in the current run
    std::size_t batch_ = 0;           // the batch being trained, 1-based within its epoch
    bool resuming_ = false;           // set by resume(): the next fit() continues after epoch_
    struct EarlyStopping {            // with config_.patience; saved in checkpoints
        double best_val_loss = std::numeric_limits<double>::infinity();
        std::size_t best_epoch = 0;   // 0: no epoch has improved yet
        std::size_t wait = 0;         // epochs in a row without improvement
        std::vector<Tensor> best;     // model_.params()' values at the end of best_epoch
    };
    EarlyStopping early_;
};

// True when the stream behind stderr is an interactive terminal.
bool stderr_is_terminal();

}  // namespace mlp
