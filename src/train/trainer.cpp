// trainer.cpp: epochs, batches, the five steps of training, and the progress line.
#include "mlp/train/trainer.hpp"

#include "mlp/nn/sequential.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <stdexcept>

#if defined(_WIN32)
#include <io.h>
#else
#include <unistd.h>
#endif

namespace mlp {

bool stderr_is_terminal() {
#if defined(_WIN32)
    return _isatty(_fileno(stderr)) != 0;
#else
    return isatty(fileno(stderr)) != 0;
#endif
}

const EpochStats& History::last() const {
    if (epochs.empty()) throw std::logic_error("History::last: no epoch was run");
    return epochs.back();
}

std::size_t History::epochs_to_accuracy(double target) const {
    for (const EpochStats& e : epochs)
        if (e.accuracy >= target) return e.epoch;
    return 0;
}

Trainer::Trainer(Layer& model, Loss& loss, SGD& optimizer, TrainConfig config)
    : model_(model), loss_(loss), optimizer_(optimizer), config_(std::move(config)),
      rng_(config_.seed) {
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
        throw std::invalid_argument("Trainer: the optimizer updates none of the model's parameters (was the SGD "
                                    "built from another model, or from a copy of this one?)");
    }
}

History Trainer::fit(const Tensor& x, const Tensor& y) { return run(x, y, nullptr, nullptr); }

History Trainer::fit(const Tensor& x, const Tensor& y, const Tensor& x_val, const Tensor& y_val) {
    if (x_val.rows() != y_val.rows() || x_val.empty()) {
        throw std::invalid_argument("Trainer::fit: expected validation inputs and targets with the same, non-zero number of rows, got " +
                                    x_val.shape() + " and " + y_val.shape());
    }
    return run(x, y, &x_val, &y_val);
}

Trainer::Evaluation Trainer::evaluate(const Tensor& x, const Tensor& y) {
    const bool was_training = model_.training();
    model_.train(false);
    const Tensor& pred = model_.forward(x);
    Evaluation result{loss_.forward(pred, y), loss_.accuracy(pred, y)};
    model_.train(was_training);
    return result;
}

void Trainer::gather(const Tensor& x, const Tensor& y, std::size_t begin, std::size_t end) {
    xb_.resize(end - begin, x.cols());
    yb_.resize(end - begin, y.cols());
    for (std::size_t n = begin; n < end; ++n) {
        const std::size_t src = order_[n];
        for (std::size_t i = 0; i < x.cols(); ++i) xb_(n - begin, i) = x(src, i);
        for (std::size_t j = 0; j < y.cols(); ++j) yb_(n - begin, j) = y(src, j);
    }
}

namespace {

bool all_finite(const Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k)
        if (!std::isfinite(t[k])) return false;
    return true;
}

// Where did the first NaN or infinity come from? A parameter that is already non-finite (the
// last update blew it up), or else the first layer whose output is non-finite for this batch.
std::string locate_non_finite(Layer& model, const Loss& loss, const Tensor& x) {
    for (const Param& p : model.params()) {
        for (std::size_t k = 0; k < p.value->size(); ++k) {
            if (!std::isfinite((*p.value)[k])) {
                return "parameter " + p.name + "[" + std::to_string(k / p.value->cols()) + ", " +
                       std::to_string(k % p.value->cols()) + "] is " + std::to_string((*p.value)[k]);
            }
        }
    }
    if (!all_finite(x)) return "the input batch itself holds a NaN or infinity";
    auto* sequential = dynamic_cast<Sequential*>(&model);
    if (sequential == nullptr) return "the output of " + model.name();
    const Tensor* h = &x;
    for (std::size_t i = 0; i < sequential->size(); ++i) {
        h = &(*sequential)[i].forward(*h);
        if (!all_finite(*h)) return "the output of layer " + std::to_string(i) + " (" + (*sequential)[i].name() + ")";
    }
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

History Trainer::run(const Tensor& x, const Tensor& y, const Tensor* x_val, const Tensor* y_val) {
    if (x.rows() == 0 || x.rows() != y.rows()) {
        throw std::invalid_argument("Trainer::fit: expected inputs and targets with the same, non-zero number of rows, got " +
                                    x.shape() + " and " + y.shape());
    }
    const std::size_t N = x.rows();
    const std::size_t batch = (config_.batch_size == 0 || config_.batch_size > N) ? N : config_.batch_size;
    // One full batch is the same mean gradient in any order, so it is neither shuffled nor copied.
    const bool full_batch = batch == N;
    // A resumed run keeps the sample order it was saved with: each epoch shuffles the last one.
    if (resuming_ && order_.size() != N) {
        throw std::invalid_argument("Trainer::fit: the checkpoint was taken on " + std::to_string(order_.size()) +
                                    " samples, got " + std::to_string(N));
    }
    if (!resuming_) {
        order_.resize(N);
        for (std::size_t n = 0; n < N; ++n) order_[n] = n;
        epoch_ = 0;
    }
    resuming_ = false;

    const bool show = config_.progress && stderr_is_terminal();
    auto last_draw = std::chrono::steady_clock::now();

    History history;
    history.epochs.reserve(config_.epochs - epoch_);  // one allocation, not one every doubling
    model_.train(true);
    for (std::size_t epoch = epoch_ + 1; epoch <= config_.epochs; ++epoch) {
        if (config_.shuffle && !full_batch) rng_.shuffle(order_);
        double loss_sum = 0.0, correct = 0.0;
        for (std::size_t begin = 0; begin < N; begin += batch) {
            const std::size_t end = std::min(begin + batch, N);
            if (!full_batch) gather(x, y, begin, end);
            const Tensor& xb = full_batch ? x : xb_;
            const Tensor& yb = full_batch ? y : yb_;

            const Tensor& pred = model_.forward(xb);                // 1. forward
            const double loss = loss_.forward(pred, yb);            // 2. loss
            if (!std::isfinite(loss)) {
                // Stop rather than train on: every later number would be NaN too.
                throw std::runtime_error("Trainer::fit: the loss became " + std::to_string(loss) +
                                         " at epoch " + std::to_string(epoch) + ", batch " +
                                         std::to_string(begin / batch + 1) + "; first non-finite: " +
                                         locate_non_finite(model_, loss_, xb) +
                                         " (a learning rate that is too large, or unscaled inputs, are the usual causes)");
            }
            const double rows = static_cast<double>(end - begin);
            loss_sum += loss * rows;
            correct += loss_.accuracy(pred, yb) * rows;
            optimizer_.zero_grad();                                 // 3. clear old gradients
            model_.backward(loss_.backward());                      // 4. backprop dL/dpred
            optimizer_.step();                                      // 5. update the parameters
        }

        EpochStats stats;
        stats.epoch = epoch;
        stats.loss = loss_sum / static_cast<double>(N);
        stats.accuracy = correct / static_cast<double>(N);
        if (x_val != nullptr) {
            const Evaluation val = evaluate(*x_val, *y_val);
            stats.val_loss = val.loss;
            stats.val_accuracy = val.accuracy;
        }
        history.epochs.push_back(stats);
        epoch_ = epoch;  // before on_epoch, so a checkpoint saved there records this epoch
        if (config_.on_epoch) config_.on_epoch(stats);

        if (config_.stop_at_loss && stats.loss <= *config_.stop_at_loss) {
            history.stopped_early = true;
            history.stop_reason = "loss <= " + std::to_string(*config_.stop_at_loss);
        } else if (config_.stop_at_accuracy && stats.accuracy >= *config_.stop_at_accuracy) {
            history.stopped_early = true;
            history.stop_reason = "accuracy >= " + std::to_string(*config_.stop_at_accuracy);
        }
        const bool last = history.stopped_early || epoch == config_.epochs;
        if (show) {
            const auto now = std::chrono::steady_clock::now();
            if (last || now - last_draw > std::chrono::milliseconds(100)) {
                draw_progress(stats, config_.epochs, last);
                last_draw = now;
            }
        }
        if (history.stopped_early) break;
    }
    return history;
}

Diagnostics Trainer::diagnose(const Tensor& x, const Tensor& y) {
    return mlp::diagnose(model_, loss_, x, y, optimizer_.options().lr);
}

}  // namespace mlp
