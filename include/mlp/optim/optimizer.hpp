// SPDX-License-Identifier: MIT
// optimizer.hpp: the base of every optimizer: the parameters it updates, its learning rate,
// its step count and its per-parameter state as named buffers, so a checkpoint, a diagnostic or
// a schedule works with any optimizer (a student's too) through this one interface.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "mlp/nn/layer.hpp"

namespace mlp {

// One setting of an optimizer (or a schedule), for checkpoints and reports: {"momentum", 0.9}.
// Booleans are 0 or 1.
struct Setting {
    std::string name;
    double value;
};

// One named state buffer of one parameter, for checkpoints: {0, "exp_avg", &m}. The buffer is
// empty until the optimizer first needs it (PyTorch, too, creates state on the first step).
struct StateBuffer {
    std::size_t param;  // index into params()
    std::string name;   // one of state_names()
    Tensor* value;
};

// An optimizer updates params() from their gradients. A derived optimizer says which buffers it
// keeps per parameter (state_names()) and implements update(), the rule for one parameter;
// the loops over parameters, the step count and zero_grad live here, once:
//
//   step():       steps() += 1; for every parameter i: update(i, p_i, dL/dp_i)
//   zero_grad():  every dL/dp_i = 0      (backward adds into gradients)
//
// update() reads steps() as t, the 1-based number of the step being taken (Adam's bias
// correction uses it). Buffer b of parameter i is buffer(b)[i].
class Optimizer {
public:
    // `who` names the optimizer in error messages ("Adam"). Throws unless lr > 0 and finite and
    // every parameter has a value and a gradient of the same shape.
    Optimizer(std::vector<Param> params, double lr, std::string who);
    virtual ~Optimizer() = default;
    Optimizer(const Optimizer&) = delete;
    Optimizer& operator=(const Optimizer&) = delete;

    void step();       // take one step on every parameter
    void zero_grad();  // set every gradient to 0

    double lr() const { return lr_; }
    void set_lr(double lr);  // lr >= 0 and finite (a schedule may reach 0)
    const std::vector<Param>& params() const { return params_; }
    long steps() const { return steps_; }
    void set_steps(long steps);  // steps >= 0 (a checkpoint restores it)

    // The registry name ("adam"), and the settings other than lr ({"beta1", 0.9}, ...): together
    // they are the optimizer's spec in checkpoints. A resumed run must have the same settings.
    virtual std::string name() const = 0;
    virtual std::vector<Setting> settings() const { return {}; }
    // The names of the buffers kept per parameter ({"exp_avg", "exp_avg_sq"}).
    virtual std::vector<std::string> state_names() const { return {}; }
    // The buffers no run can make negative (running sums or means of squared gradients, such as
    // Adam's "exp_avg_sq"): a checkpoint holding a negative value there is refused, since the
    // next step would take its square root.
    virtual std::vector<std::string> non_negative_state() const { return {}; }
    // Every buffer of every parameter, parameter by parameter: what a checkpoint saves.
    std::vector<StateBuffer> state();

protected:
    // The rule for parameter i: change p using its gradient g and its buffers.
    virtual void update(std::size_t i, Tensor& p, const Tensor& g) = 0;
    // Buffer b (an index into state_names()) of every parameter, empty until first used.
    std::vector<Tensor>& buffer(std::size_t b);
    const std::string& who() const { return who_; }
    // Throws "<who>: expected <field> <expected>, got <value>" unless ok (a check on an option).
    void require(bool ok, const std::string& field, const std::string& expected, double value) const;
    // The common case: "<who>: expected <field> >= 0 and finite, got <value>".
    void require_non_negative(const std::string& field, double value) const;

private:
    std::vector<Param> params_;
    double lr_;
    std::string who_;
    long steps_ = 0;
    std::vector<std::vector<Tensor>> buffers_;  // buffers_[b][i], sized on first use
};

// Builds a built-in optimizer by its registry name: "sgd", "adam", "adamw", "rmsprop",
// "adagrad". settings overrides PyTorch's defaults by the names the optimizer's settings()
// reports ({{"momentum", 0.9}, {"weight_decay", 1e-4}}; a switch such as nesterov is 0 or 1).
// Throws std::invalid_argument listing the known names for any other optimizer name, and the
// optimizer's own settings for a setting it does not have.
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, std::vector<Param> params, double lr,
                                          const std::vector<Setting>& settings = {});
// The names make_optimizer knows, in the order above.
std::vector<std::string> optimizer_names();

}  // namespace mlp
