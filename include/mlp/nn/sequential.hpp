// SPDX-License-Identifier: MIT
// sequential.hpp: a chain of layers that is itself a layer.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mlp/nn/layer.hpp"

namespace mlp {

// forward runs the layers first to last; backward runs them last to first, handing each the
// gradient the next one returned: dL/dx of layer i+1 is dL/dy of layer i (the chain rule).
class Sequential : public Layer {
public:
    Sequential() = default;
    Sequential(const Sequential& other);
    Sequential& operator=(const Sequential& other);
    Sequential(Sequential&&) = default;
    Sequential& operator=(Sequential&&) = default;

    Sequential& add(std::unique_ptr<Layer> layer);

    // model.emplace<mlp::Dense>(2, 8, rng) constructs the layer in place and returns it.
    template <typename L, typename... Args>
    L& emplace(Args&&... args) {
        auto layer = std::make_unique<L>(std::forward<Args>(args)...);
        L& ref = *layer;
        add(std::move(layer));
        return ref;
    }

    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    // Every layer's parameters, named "<kind><position>.<name>": "dense0.W", "dense2.b", each
    // with its layer's liveness token (Param::owner), so an optimizer notices a replaced model.
    std::vector<Param> params() override;
    // Every layer's buffers, named as params(): "batchnorm1d1.running_mean".
    std::vector<Buffer> buffers() override;
    // params() then buffers(), as named tensors: the model's weights in Keras's sense
    // (get_weights: BatchNorm's moving statistics too), what early stopping keeps of its best epoch.
    std::vector<Buffer> weights();
    std::string name() const override { return "Sequential"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Sequential>(*this); }
    std::size_t output_width(std::size_t input_width) const override;
    void train(bool on) override;
    // The layers' states, one "<index> <state>" line for each layer that has one ("" if none).
    std::string state() const override;
    void set_state(std::string_view state) override;

    // Runs x through the layers like forward, calling visit(i, layer, y_i) after each layer i
    // with its output: the one walk diagnostics, hidden-unit pictures and NaN reports share.
    // Returns the last output.
    const Tensor& forward_each(const Tensor& x,
                               const std::function<void(std::size_t, const Layer&, const Tensor&)>& visit);

    std::size_t size() const { return layers_.size(); }
    bool empty() const { return layers_.empty(); }
    Layer& operator[](std::size_t i) { return *layers_.at(i); }
    const Layer& operator[](std::size_t i) const { return *layers_.at(i); }

    // A table: each layer, its output width and parameter count, then the total.
    // The input width is taken from the first layer that knows it (a Dense) unless given.
    std::string summary(std::size_t input_width = 0) const;
    std::size_t parameter_count() const;

private:
    std::vector<std::unique_ptr<Layer>> layers_;
};

}  // namespace mlp
