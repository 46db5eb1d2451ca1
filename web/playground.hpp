// SPDX-License-Identifier: MIT
// playground.hpp: what the browser page drives: a data set, a network built from the page's
// choices, its loss and optimizer, and training epoch by epoch, all from the library's own
// classes. Everything crosses to JavaScript as text (JSON, model files) or as flat arrays.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace web {

class Playground {
public:
    Playground();

    // kind: "xor", "moons", "circles", "spirals", "blobs". n points, noise (the generators'
    // noise; for blobs the spread), a share test_fraction held out for testing (stratified).
    // XOR is its four corners, n / 4 points each, jittered by noise (noise 0: the lesson's four
    // points, repeated). Rebuilds the network for the new number of classes. Throws on bad input.
    void set_data(const std::string& kind, int n, double noise, double test_fraction, int seed);

    // hidden: "8 tanh|8 none|8 relu batch_norm" (units and activation per hidden layer; "none"
    // puts no activation after that Dense; a third word names a layer from
    // layers_after_dense_json(), built for the width and put between the Dense and the activation). loss: a name from loss_names() ("bce-logits", "cross-entropy", "mse",
    // ...); its registry entry says how many outputs the last Dense has (one per class for a
    // class-index loss, one for two classes otherwise) and whether a sigmoid follows it (a loss
    // that reads probabilities, BCE). Builds fresh weights from seed, a fresh optimizer and a
    // fresh Trainer (epoch 0, its shuffling seeded from seed).
    void build(const std::string& hidden, const std::string& loss, int seed);
    // optimizer: a name from optimizer_names(); l2: the optimizer's weight_decay, in PyTorch's
    // meaning: it applies to EVERY parameter, biases included. For sgd, adam, rmsprop and
    // adagrad it adds l2 * p to each gradient (the gradient of the penalty l2/2 ||p||^2); for
    // adamw it is AdamW's decoupled decay p -= lr * l2 * p, so l2 = 0 turns off AdamW's default
    // 0.01. Keeps the optimizer's state when only lr, batch size or l2 change, and the run's
    // epoch count and shuffling always.
    void set_training(const std::string& optimizer, double lr, int batch_size, double l2);

    // Runs `epochs` more epochs through mlp::Trainer::fit_epoch: minibatches over the training set,
    // reshuffled every epoch. Throws the Trainer's std::runtime_error, naming where the first NaN
    // or infinity came from, when the loss goes NaN or infinite (the page shows the message).
    void train(int epochs);

    // {"epoch","train_loss","test_loss","train_accuracy","test_accuracy","classes","outputs"}
    std::string stats_json();
    // The points: [x1, x2, class, is_test] per point, flat.
    std::vector<double> points() const;
    // The square the pictures cover: [x1 min, x1 max, x2 min, x2 max] (the data plus a margin).
    std::vector<double> bounds() const { return bounds_; }
    // Class probabilities over a res x res grid (row 0 at the top, x2 max), C per cell, flat.
    std::vector<double> boundary(int res);
    // Every hidden unit's output over the same grid: unit by unit, res * res values each, in the
    // order of hidden_json()'s layers and units.
    std::vector<double> hidden_units(int res);
    // [{"layer": i, "units": n, "name": "..."}] for each hidden layer's output.
    std::string hidden_json() const;
    // Predictions (the model's raw outputs) for points given flat as [x1, x2, ...], as text
    // written by format_number, one row per line: what the browser test compares natively.
    std::string predict_text(const std::vector<double>& flat_points);

    // The model as a model file (save_model's format) and back. Loading checks the file's
    // input width (2) and output width against the data, and keeps the old model on failure.
    std::string model_text() const { return mlp::model_to_string(model_); }
    void load_model_text(const std::string& text);
    // The layers' specs, in order: ["dense:2,8", "tanh", ...].
    std::string layers_json() const;

    // inspect.cpp: the lesson's views of the same model.
    std::string collapse_json() const;           // the affine map a network without activations is
    std::string backprop_json(int sample);       // one step on one training sample, every number
    std::string diagnostics_json();              // gradient norms, dead and saturated units
    std::string lab_json(const std::string& activation);  // the activation lab's row

    static std::string activations_json();  // "none" then activation_names()
    static std::string losses_json();       // loss_names()
    static std::string optimizers_json();   // optimizer_names()
    // The names from layer_names() that make_layer builds from a width alone ("batch_norm:8") and
    // that learn and keep the width: what may follow each hidden Dense (batch_norm, layer_norm, prelu).
    static std::string layers_after_dense_json();

private:
    std::size_t outputs() const;                            // the last Dense's width, for this loss
    mlp::Tensor targets(const mlp::Tensor& classes) const;  // what the loss expects
    mlp::Tensor grid(int res) const;                        // (res * res, 2) points
    void new_optimizer();
    void new_trainer();
    double loss_on(const mlp::Dataset& d, double* accuracy);

    mlp::Dataset train_, test_;
    mlp::Tensor train_t_, test_t_;  // targets in the loss's form
    std::size_t classes_ = 2;
    std::vector<double> bounds_{-1, 1, -1, 1};
    mlp::Sequential model_;
    std::vector<bool> shown_;  // shown_[i]: layer i's output is a hidden layer the page draws
    std::unique_ptr<mlp::Loss> loss_;
    std::string loss_name_ = "bce-logits";
    std::unique_ptr<mlp::Optimizer> optimizer_;
    std::string optimizer_name_ = "sgd";
    double lr_ = 0.03, l2_ = 0.0;
    std::size_t batch_size_ = 10;
    std::string hidden_ = "4 tanh|2 tanh";
    std::uint32_t seed_ = 1;
    // Built on model_, loss_ and optimizer_ whenever one of them or the batch size changes.
    std::unique_ptr<mlp::Trainer> trainer_;
};

}  // namespace web
