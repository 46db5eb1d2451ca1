// SPDX-License-Identifier: MIT
// sequential.cpp: running a chain of layers forward and backward, naming their parameters.
// Its states and its summary table are in sequential_state.cpp.
#include "mlp/nn/sequential.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace mlp {

Sequential::Sequential(const Sequential& other) : Layer(other) {
    for (const auto& layer : other.layers_) layers_.push_back(layer->clone());
}

Sequential& Sequential::operator=(const Sequential& other) {
    if (this != &other) {
        Sequential copy(other);
        *this = std::move(copy);
    }
    return *this;
}

Sequential& Sequential::add(std::unique_ptr<Layer> layer) {
    if (!layer) throw std::invalid_argument("Sequential::add: expected a layer, got nullptr");
    layer->train(training_);
    layers_.push_back(std::move(layer));
    return *this;
}

// y = layer_{L-1}( ... layer_1(layer_0(x)) )
const Tensor& Sequential::forward(const Tensor& x) {
    if (layers_.empty()) throw std::logic_error("Sequential::forward: the model has no layers");
    const Tensor* h = &x;
    for (auto& layer : layers_) h = &layer->forward(*h);
    return *h;
}

// dh_{i-1} = layer_i.backward(dh_i), from the last layer to the first; returns dL/dx.
const Tensor& Sequential::backward(const Tensor& dy) {
    if (layers_.empty()) throw std::logic_error("Sequential::backward: the model has no layers");
    const Tensor* dh = &dy;
    for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) dh = &(*it)->backward(*dh);
    return *dh;
}

namespace {
// "Dense(2, 8)" -> "dense", "LeakyReLU(0.2)" -> "leakyrelu"
std::string kind_of(const std::string& name) {
    std::string kind;
    for (char ch : name) {
        if (ch == '(') break;
        kind += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return kind;
}
}  // namespace

std::vector<Param> Sequential::params() {
    std::vector<Param> all;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        for (Param p : layers_[i]->params()) {
            p.name = kind_of(layers_[i]->name()) + std::to_string(i) + "." + p.name;
            // Nested Sequentials stamp their own layers; the innermost owner counts.
            if (!p.owner.owner_before(std::weak_ptr<const void>()) &&
                !std::weak_ptr<const void>().owner_before(p.owner))
                p.owner = layers_[i]->liveness();
            all.push_back(p);
        }
    }
    return all;
}

std::vector<Buffer> Sequential::buffers() {
    std::vector<Buffer> all;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        for (Buffer b : layers_[i]->buffers()) {
            b.name = kind_of(layers_[i]->name()) + std::to_string(i) + "." + b.name;
            all.push_back(b);
        }
    }
    return all;
}

std::size_t Sequential::output_width(std::size_t input_width) const {
    for (const auto& layer : layers_) input_width = layer->output_width(input_width);
    return input_width;
}

const Tensor& Sequential::forward_each(
    const Tensor& x, const std::function<void(std::size_t, const Layer&, const Tensor&)>& visit) {
    if (layers_.empty()) throw std::logic_error("Sequential::forward_each: the model has no layers");
    const Tensor* h = &x;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        h = &layers_[i]->forward(*h);
        visit(i, *layers_[i], *h);
    }
    return *h;
}

void Sequential::train(bool on) {
    Layer::train(on);
    for (auto& layer : layers_) layer->train(on);
}

}  // namespace mlp
