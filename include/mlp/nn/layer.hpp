// SPDX-License-Identifier: MIT
// layer.hpp: the one interface every layer (dense, activation, a whole Sequential) implements.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mlp/core/tensor.hpp"

namespace mlp {

// A learnable tensor and its gradient, named for reports: {"dense0.W", &W, &dW}.
// `owner` is the liveness token of the layer that holds the tensors (Sequential::params() fills
// it in): it expires when that layer is destroyed, e.g. by `model = load_model(path)`, so an
// optimizer holding the pointers can refuse them (check_params_alive) instead of writing freed memory.
struct Param {
    std::string name;
    Tensor* value;
    Tensor* grad;
    std::weak_ptr<const void> owner = {};
};

// A tensor a layer keeps that is state but not learned (PyTorch's buffers: BatchNorm's running
// mean and variance): no optimizer touches it, yet a saved model needs it, so model files,
// checkpoints and export_pytorch save and load it by name through Layer::buffers().
struct Buffer {
    std::string name;
    Tensor* value;
};

// Throws std::invalid_argument("<who>: parameter dense0.W belongs to a layer that no longer
// exists ...", who::method naming the caller) when a parameter's owner has been destroyed. Optimizers call it before they
// touch the tensors; a Param without an owner (built by hand) is taken as alive.
void check_params_alive(const std::vector<Param>& params, const std::string& who, const char* method);

// forward(x) caches what backward needs and returns y; backward(dy) takes dL/dy and returns
// dL/dx, and ADDS into every parameter gradient (the optimizer's zero_grad() clears them).
// Both return a reference to a buffer the layer owns: it stays valid until the next call, and
// lets a warmed-up training step run without allocating.
class Layer {
public:
    virtual ~Layer() = default;

    // Each virtual below is one thing the rest of the library asks a layer, never its kind.
    // The textbook's two: y from x, and dL/dx from dL/dy (see above).
    virtual const Tensor& forward(const Tensor& x) = 0;
    virtual const Tensor& backward(const Tensor& dy) = 0;
    // What an optimizer updates and a model file saves: the learnable tensors and their gradients.
    virtual std::vector<Param> params() { return {}; }
    // What a model file saves besides them: state that is learnt without gradients (Buffer).
    virtual std::vector<Buffer> buffers() { return {}; }
    // Short display name: "Dense(2, 8)", "ReLU", "LeakyReLU(0.2)".
    virtual std::string name() const = 0;
    // The text mlp::make_layer() rebuilds this layer from (same kind, settings and parameter
    // shapes; the values are loaded after): "dense:2,8", "leaky_relu:0.2", "dropout:0.5",
    // "prelu:4,0.25". Model files store it. The default, for a user layer without settings,
    // is name() in lower case.
    virtual std::string spec() const;
    // A deep copy (weights and settings; caches may be left empty).
    virtual std::unique_ptr<Layer> clone() const = 0;

    // Width of the output for an input of the given width (activations keep it).
    virtual std::size_t output_width(std::size_t input_width) const { return input_width; }
    // The input width this layer requires, if it fixes one (Dense: in; PReLU with one slope
    // per feature: the number of slopes); nullopt when any width will do.
    virtual std::optional<std::size_t> input_width() const { return std::nullopt; }

    // State that is not a parameter but that a resumed run needs to go on bit-identically: a
    // random generator (Dropout, RReLU). One line of text, no newline; "" when there is none.
    // set_state(state()) restores it exactly; gradcheck uses the pair to replay a forward's
    // random draws while it perturbs the inputs.
    virtual std::string state() const { return ""; }
    virtual void set_state(std::string_view state);

    // Where this layer passes (almost) no gradient back, asked by diagnostics (never by kind):
    // flat_kind() says what its flat region means, is_flat(y) whether output y lies in it.
    //   Dead       ReLU: y == 0, slope 0; a unit at 0 for every sample never learns again
    //   Saturated  Sigmoid: y < 0.01 or y > 0.99; Tanh: |y| > 0.99; the slope is under 4% of its peak
    //   None       no flat region (the default)
    enum class FlatKind { None, Dead, Saturated };
    virtual FlatKind flat_kind() const { return FlatKind::None; }
    virtual bool is_flat(double /*y*/) const { return false; }

    // Training or evaluation mode: layers that behave differently (RReLU, dropout) read it.
    virtual void train(bool on) { training_ = on; }
    void eval() { train(false); }  // PyTorch's word for train(false)
    bool training() const { return training_; }

    // The liveness token handed to this layer's Params (see Param::owner). A copy gets its own.
    std::weak_ptr<const void> liveness() const { return alive_; }

    Layer() = default;
    Layer(const Layer& other) : training_(other.training_) {}
    Layer& operator=(const Layer& other) {
        training_ = other.training_;
        return *this;
    }

protected:
    bool training_ = true;

private:
    std::shared_ptr<const int> alive_ = std::make_shared<const int>(0);
};

// ASCII lower case ("LeakyReLU" -> "leakyrelu"): specs and registry names are case-insensitive.
std::string lower_case(std::string_view text);

// Throws std::invalid_argument("<who>: expected <what>, got <shape>") when x has the wrong
// number of columns or no rows; layers call it at the top of forward() and backward().
// `who` as a C string builds no std::string unless it throws: forward() runs every step.
void check_input(const char* who, const Tensor& x, std::size_t expected_cols);
void check_input(const std::string& who, const Tensor& x, std::size_t expected_cols);
void check_same_shape(const std::string& who, const Tensor& expected, const Tensor& got);

}  // namespace mlp
