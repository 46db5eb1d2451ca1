// SPDX-License-Identifier: MIT
// 08_adam.cpp: exercise 8. Write Adam as an mlp::Optimizer, the rule torch.optim.Adam computes.
// For every parameter p with gradient g, at step t (1 on the first step):
//   g     = g + weight_decay * p           L2 weight decay, through the gradient
//   m     = beta1 m + (1 - beta1) g        the gradient's running mean; m starts at 0
//   v     = beta2 v + (1 - beta2) g^2      the squared gradient's running mean; v starts at 0
//   m_hat = m / (1 - beta1^t)              bias corrections: undo the pull towards the zeros
//   v_hat = v / (1 - beta2^t)              m and v started from
//   p     = p - lr m_hat / (sqrt(v_hat) + eps)
// Every parameter has its own m and v. The base class (include/mlp/optim/optimizer.hpp) loops
// over the parameters, counts the steps and clears the gradients; examples/signum.hpp is an
// optimizer written this way. (amsgrad is not asked.)
// Build and grade: cmake --build <build dir> --target exercise8 && <build dir>/exercises/exercise8
#include <cmath>

#include "student.hpp"

namespace student {

class Adam : public mlp::Optimizer {
public:
    Adam(std::vector<mlp::Param> params, const mlp::AdamOptions& options)
        : Optimizer(std::move(params), options.lr, "student::Adam"), options_(options) {}

    std::string name() const override { return "student_adam"; }
    std::vector<mlp::Setting> settings() const override {
        return {{"beta1", options_.beta1}, {"beta2", options_.beta2}, {"eps", options_.eps},
                {"weight_decay", options_.weight_decay}};
    }

    // The names of the buffers kept per parameter: buffer(b)[i] is buffer b of parameter i, an
    // empty Tensor until you give it a shape. A checkpoint saves exactly these (and steps()).
    std::vector<std::string> state_names() const override {
        return {};  // TODO(student): one name per buffer, e.g. "exp_avg" for m
    }

protected:
    // The rule for parameter i: move p using its gradient g. Read t from steps() (already 1 on the
    // first step) and the learning rate from lr(); the other settings are in options_.
    void update(std::size_t i, mlp::Tensor& p, const mlp::Tensor& g) override {
        // TODO(student): the moments m and v of parameter i, then the step on every element of p
        (void)i;
        (void)p;
        (void)g;
    }

private:
    mlp::AdamOptions options_;
};

std::unique_ptr<mlp::Optimizer> make_adam(std::vector<mlp::Param> params, const mlp::AdamOptions& options) {
    return std::make_unique<Adam>(std::move(params), options);
}

}  // namespace student
