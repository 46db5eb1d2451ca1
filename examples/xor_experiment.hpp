// xor_experiment.hpp: the XOR experiment shared by the lesson (xor.cpp) and its test, so the
// test checks exactly what the lesson shows.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace xor_lesson {

// The four points of XOR and their labels.
inline mlp::Tensor inputs() { return mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}}); }
inline mlp::Tensor targets() { return mlp::Tensor::from_rows({{0}, {1}, {1}, {0}}); }

// Every stack has the same shape, 2-8-8-1, and the same seeds; only the activation between the
// Dense layers differs. "none" puts nothing there: three linear maps in a row.
inline const std::vector<std::string>& activations() {
    static const std::vector<std::string> names{"none", "sigmoid", "tanh", "relu", "leaky_relu"};
    return names;
}

inline std::unique_ptr<mlp::Layer> make_activation_layer(const std::string& name) {
    if (name == "sigmoid") return std::make_unique<mlp::Sigmoid>();
    if (name == "tanh") return std::make_unique<mlp::Tanh>();
    if (name == "relu") return std::make_unique<mlp::ReLU>();
    if (name == "leaky_relu") return std::make_unique<mlp::LeakyReLU>();
    return nullptr;  // "none"
}

inline mlp::Sequential make_model(const std::string& activation, std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 8, rng);
    if (auto act = make_activation_layer(activation)) model.add(std::move(act));
    model.emplace<mlp::Dense>(8, 8, rng);
    if (auto act = make_activation_layer(activation)) model.add(std::move(act));
    model.emplace<mlp::Dense>(8, 1, rng);
    return model;
}

struct Result {
    std::string activation;
    std::uint32_t seed = 0;
    double loss = 0.0;                // final MSE on the four points
    double accuracy = 0.0;            // output >= 0.5 read as class 1
    std::size_t epochs_to_100 = 0;    // first epoch at 100%, 0 if never
    mlp::Sequential model;
};

constexpr std::size_t kEpochs = 2000;

// Full-batch SGD with momentum on MSE, the same for every stack.
inline Result train(const std::string& activation, std::uint32_t seed) {
    Result r;
    r.activation = activation;
    r.seed = seed;
    r.model = make_model(activation, seed);
    mlp::MSELoss loss;
    mlp::SGD sgd(r.model.params(), {.lr = 0.1, .momentum = 0.9});
    mlp::Trainer trainer(r.model, loss, sgd, {.epochs = kEpochs, .seed = seed, .progress = false});
    const mlp::History history = trainer.fit(inputs(), targets());
    const mlp::Trainer::Evaluation final = trainer.evaluate(inputs(), targets());
    r.loss = final.loss;
    r.accuracy = final.accuracy;
    r.epochs_to_100 = history.epochs_to_accuracy(1.0);
    return r;
}

}  // namespace xor_lesson
