// layer.hpp: the one interface every layer (dense, activation, a whole Sequential) implements.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "mlp/core/tensor.hpp"

namespace mlp {

// A learnable tensor and its gradient, named for reports: {"dense0.W", &W, &dW}.
struct Param {
    std::string name;
    Tensor* value;
    Tensor* grad;
};

// forward(x) caches what backward needs and returns y; backward(dy) takes dL/dy and returns
// dL/dx, and ADDS into every parameter gradient (the optimizer's zero_grad() clears them).
// Both return a reference to a buffer the layer owns: it stays valid until the next call, and
// lets a warmed-up training step run without allocating.
class Layer {
public:
    virtual ~Layer() = default;

    virtual const Tensor& forward(const Tensor& x) = 0;
    virtual const Tensor& backward(const Tensor& dy) = 0;
    virtual std::vector<Param> params() { return {}; }
    // Short display name: "Dense(2, 8)", "ReLU", "LeakyReLU(0.2)".
    virtual std::string name() const = 0;
    // A deep copy (weights and settings; caches may be left empty).
    virtual std::unique_ptr<Layer> clone() const = 0;

    // Width of the output for an input of the given width (activations keep it).
    virtual std::size_t output_width(std::size_t input_width) const { return input_width; }

    // Training or evaluation mode: layers that behave differently (RReLU, dropout) read it.
    virtual void train(bool on) { training_ = on; }
    bool training() const { return training_; }

protected:
    bool training_ = true;
};

// Throws std::invalid_argument("<who>: expected <what>, got <shape>") when x has the wrong
// number of columns or no rows; layers call it at the top of forward() and backward().
// `who` as a C string builds no std::string unless it throws: forward() runs every step.
void check_input(const char* who, const Tensor& x, std::size_t expected_cols);
void check_input(const std::string& who, const Tensor& x, std::size_t expected_cols);
void check_same_shape(const std::string& who, const Tensor& expected, const Tensor& got);

}  // namespace mlp
