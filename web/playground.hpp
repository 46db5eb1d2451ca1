// SPDX-License-Identifier: MIT
// playground.hpp: what the browser page drives: a data set, a network built from the page's
// choices, its loss and optimizer, and training epoch by epoch, all from the library's own
// classes. Everything crosses to JavaScript as text (JSON, model files) or as flat arrays.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace web {

class Playground {
public:
    Playground();

    // kind: "xor", "moons", "circles", "spirals", "blobs" (classification), "plane", "bumps"
    // (regression: a continuous target over [-1, 1]^2), or "custom" (the points given by
    // add_point or load_csv_text; n is ignored). n points, noise (the generators' noise; for
    // blobs the spread; for plane and bumps, noise / 2 is the target's standard deviation), a
    // share test_fraction held out for testing (stratified by class for classification).
    // XOR is its four corners, n / 4 points each, jittered by noise (noise 0: the lesson's four
    // points, repeated). Rebuilds the network for the new number of classes; regression with a
    // loss that reads classes switches to "mse". Throws on bad input, keeping the old data.
    void set_data(const std::string& kind, int n, double noise, double test_fraction, int seed);
    // Data of one's own: a point of class `label` (0..7) at (x1, x2), and clearing them all.
    // They become the data set on the next set_data("custom", ...).
    void add_point(double x1, double x2, int label);
    void clear_points() { custom_ = mlp::Dataset{mlp::Tensor(0, 2), mlp::Tensor(0, 1)}; }
    // CSV text through the library's own reader (read_csv_from_string: a header, then x1, x2 and
    // a class label per row) into the custom points. Throws the reader's error, or one naming
    // the columns or the size expected, and keeps the old points.
    void load_csv_text(const std::string& text);
    // The current data (training and test points) as CSV text (to_csv's format): x1,x2,label.
    std::string csv_text() const;

    // The network's inputs, computed from each point (x1, x2) here and nowhere else: a comma-
    // separated list of "x1", "x2", "x1sq" (x1^2), "x2sq", "x1x2" (x1 * x2), "sin1" (sin x1),
    // "sin2". Rebuilds the network (its first layer's width is the number of features).
    void set_features(const std::string& names);
    static std::string features_json();  // every feature name, in the order above

    // hidden: "8 tanh|8 none|8 relu batch_norm" (units and activation per hidden layer; "none"
    // puts no activation after that Dense; a third word names a layer from
    // layers_after_dense_json(), built for the width and put between the Dense and the
    // activation). loss: a name from loss_names() ("bce-logits", "cross-entropy", "mse", ...);
    // its registry entry says how many outputs the last Dense has (one per class for a
    // class-index loss, one for two classes otherwise) and whether a sigmoid follows it (a loss
    // that reads probabilities, BCE). init: every Dense's initialisation by its name (to_string
    // of mlp::Init: "pytorch", "xavier_uniform", ..., "zeros"). dropout: with p > 0, a Dropout(p)
    // after each hidden layer (seeded from seed and the layer's place). Builds fresh weights from
    // seed, a fresh optimizer and a fresh Trainer (epoch 0, its shuffling seeded from seed).
    void build(const std::string& hidden, const std::string& loss, int seed, const std::string& init = "pytorch",
               double dropout = 0.0);
    // optimizer: a name from optimizer_names(); l2: the optimizer's weight_decay, in PyTorch's
    // meaning: it applies to EVERY parameter, biases included. For sgd, adam, rmsprop and
    // adagrad it adds l2 * p to each gradient (the gradient of the penalty l2/2 ||p||^2); for
    // adamw it is AdamW's decoupled decay p -= lr * l2 * p, so l2 = 0 turns off AdamW's default
    // 0.01. l1: the penalty l1 * sum |W| over every Dense's weights W (not the biases, as
    // TensorFlow Playground), whose gradient l1 * sign(W) joins dW in each step. momentum and
    // nesterov: the optimizer's settings of those names, for an optimizer that has them (sgd,
    // rmsprop: momentum; sgd: nesterov); ignored by the others. schedule: "none", "step_lr"
    // (halve the lr every 100 epochs), "exponential_lr" (lr * 0.99 every epoch) or
    // "cosine_annealing_lr" (down to 0 over cosine_epochs epochs). Keeps the optimizer's state
    // when only lr, batch size, l1 or l2 change, and the run's epoch count and shuffling always;
    // a schedule starts again from the lr given.
    void set_training(const std::string& optimizer, double lr, int batch_size, double l2, double l1 = 0.0,
                      double momentum = 0.0, bool nesterov = false, const std::string& schedule = "none",
                      int cosine_epochs = 500);

    // Runs `epochs` more epochs through mlp::Trainer::fit_epoch: minibatches over the training set,
    // reshuffled every epoch. Throws the Trainer's std::runtime_error, naming where the first NaN
    // or infinity came from, when the loss goes NaN or infinite (the page shows the message).
    void train(int epochs);
    // One mini-batch step: the next batch of the epoch under way, exactly as fit_epoch takes it
    // (the same shuffled order and arithmetic): the epoch's start is kept, and step k replays
    // the epoch from there, stopping before batch k + 1. After the epoch's last batch the epoch
    // ends as fit_epoch ends it (its count, the schedule). train() first completes an epoch
    // under way; changing the network or the settings mid-epoch leaves the steps taken as they are.
    void step_batch();

    // {"epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy" (NaN, null in JSON,
    // for regression), "task" ("classification" or "regression"), "classes", "loss", "lr",
    // "train_points", "test_points", "parameters", "confusion" (truth down, prediction across,
    // on the test points, or the training points when none are held out; [] for regression),
    // "batch" (batches taken by step_batch in the epoch under way), "batches" (per epoch)}
    std::string stats_json();
    // The points: [x1, x2, label, is_test] per point, flat (the label a class, or the target).
    std::vector<double> points() const;
    // The square the pictures cover: [x1 min, x1 max, x2 min, x2 max] (the data plus a margin;
    // for custom points at least [-1.5, 1.5]^2, so painting does not move the frame).
    std::vector<double> bounds() const { return bounds_; }
    // Over a res x res grid (row 0 at the top, x2 max), flat: class probabilities, C per cell,
    // for classification; the model's output, one per cell, for regression.
    std::vector<double> boundary(int res);
    // Every hidden unit's output over the same grid: unit by unit, res * res values each, in the
    // order of hidden_json()'s layers and units.
    std::vector<double> hidden_units(int res);
    // Every input feature over the same grid, feature by feature: the input units' maps.
    std::vector<double> feature_maps(int res) const;
    // [{"layer": i, "units": n, "name": "..."}] for each hidden layer's output.
    std::string hidden_json() const;
    // The network picture's numbers: {"features": [...], "dense": [{"W": [[...]], "b": [[...]]},
    // ...]}, every Dense layer in order (LAYER in set_weight counts them from 0).
    std::string weights_json();
    // Sets weight W[i][j] of Dense layer `layer` (counted from 0), the optimizer's state kept.
    void set_weight(int layer, int i, int j, double value);
    // Predictions (the model's raw outputs) for points given flat as [x1, x2, ...], as text
    // written by format_number, one row per line: what the browser test compares natively.
    std::string predict_text(const std::vector<double>& flat_points);

    // The model as a model file (save_model's format) and back. Loading checks the file's
    // input width (the number of features) and output width against the data, and keeps the
    // old model on failure.
    std::string model_text() const { return mlp::model_to_string(model_); }
    // The model as a PyTorch script (export_pytorch's text), checked on four training points'
    // features: its inputs are the features chosen, in order.
    std::string pytorch_text();
    void load_model_text(const std::string& text);
    // The layers' specs, in order: ["dense:2,8", "tanh", ...].
    std::string layers_json() const;

    // inspect.cpp: the lesson's views of the same model.
    std::string collapse_json() const;           // the affine map a network without activations is
    std::string backprop_json(int sample);       // one step on one training sample, every number
    std::string diagnostics_json();              // gradient norms, dead and saturated units, chance
    std::string lab_json(const std::string& activation);  // the activation lab's row

    static std::string activations_json();  // "none" then activation_names()
    static std::string losses_json();       // loss_names()
    static std::string optimizers_json();   // optimizer_names()
    static std::string inits_json();        // every mlp::Init's name
    // The names from layer_names() that make_layer builds from a width alone ("batch_norm:8") and
    // that learn and keep the width: what may follow each hidden Dense (batch_norm, layer_norm, prelu).
    static std::string layers_after_dense_json();

private:
    std::size_t outputs() const;                            // the last Dense's width, for this loss
    mlp::Tensor targets(const mlp::Tensor& labels) const;   // what the loss expects
    mlp::Tensor inputs(const mlp::Tensor& points) const;    // the features of (N, 2) points
    mlp::Tensor grid(int res) const;                        // (res * res, 2) points
    void new_optimizer();
    void new_trainer();
    double loss_on(const mlp::Tensor& x, const mlp::Tensor& labels, double* accuracy);

    mlp::Dataset train_, test_;      // the points (N, 2) and their labels
    mlp::Tensor train_x_, test_x_;   // the points' features: the network's inputs
    mlp::Tensor train_t_, test_t_;   // targets in the loss's form
    mlp::Dataset custom_{mlp::Tensor(0, 2), mlp::Tensor(0, 1)};
    bool regression_ = false;
    std::size_t classes_ = 2;
    std::vector<std::string> features_{"x1", "x2"};
    std::vector<double> bounds_{-1, 1, -1, 1};
    mlp::Sequential model_;
    std::vector<bool> shown_;  // shown_[i]: layer i's output is a hidden layer the page draws
    std::unique_ptr<mlp::Loss> loss_;
    std::string loss_name_ = "bce-logits";
    std::unique_ptr<mlp::Loss> penalised_;  // loss_ plus the L1 penalty: what the Trainer minimises
    std::unique_ptr<mlp::Optimizer> optimizer_;
    std::string optimizer_name_ = "sgd";
    double lr_ = 0.03, l2_ = 0.0, l1_ = 0.0, momentum_ = 0.0;
    bool nesterov_ = false;
    std::string schedule_ = "none";
    int cosine_epochs_ = 500;
    std::size_t batch_size_ = 10;
    std::string hidden_ = "4 tanh|2 tanh", init_ = "pytorch";
    double dropout_ = 0.0;
    std::uint32_t seed_ = 1;
    // Built on model_, the loss and optimizer_ whenever one of them or the batch size changes.
    std::unique_ptr<mlp::Trainer> trainer_;

    // step_batch's record of where the epoch under way started: every weight, each layer's
    // random state (Dropout), the optimizer's buffers and step count, the Trainer's run.
    struct EpochStart {
        std::vector<mlp::Tensor> weights;
        std::vector<std::string> layer_states;
        std::vector<mlp::Tensor> optimizer_state;
        long steps = 0;
        mlp::RunState run;
    };
    std::optional<EpochStart> epoch_start_;
    std::size_t batches_done_ = 0;
    std::size_t batches_per_epoch() const;
    void save_epoch_start();
    void restore_epoch_start();
    void forget_steps();  // the steps taken stand as they are; the next epoch starts afresh
};

}  // namespace web
