// check_momentum.cpp: exercise 4, SGD with momentum, step by step against mlp::SGD.
#include <cstdio>

#include "checker/checker.hpp"

namespace exercises {

namespace {

struct Params {
    mlp::Tensor W = mlp::Tensor::from_rows({{0.5, -0.25, 1.0}, {-0.75, 0.3, 0.2}});
    mlp::Tensor b = mlp::Tensor::from_rows({{0.1, -0.2, 0.05}});
    mlp::Tensor dW = mlp::Tensor(2, 3);
    mlp::Tensor db = mlp::Tensor(1, 3);
    std::vector<mlp::Param> list() { return {{"W", &W, &dW}, {"b", &b, &db}}; }
};

// The gradient of step k (0-based): it changes size and sign from step to step, so a velocity
// that is not carried over, or not decayed, shows.
void set_gradients(Params& p, int k) {
    const double scale = 1.0 + 0.5 * k, sign = k % 3 == 2 ? -1.0 : 1.0;
    const double gW[6] = {0.4, -0.1, 0.25, 0.05, -0.3, 0.6};
    const double gb[3] = {-0.2, 0.15, 0.35};
    for (std::size_t e = 0; e < 6; ++e) p.dW[e] = sign * scale * gW[e];
    for (std::size_t e = 0; e < 3; ++e) p.db[e] = sign * scale * gb[e] * (k % 2 == 0 ? 1.0 : -0.5);
}

mlp::Tensor difference(const mlp::Tensor& after, const mlp::Tensor& before) {
    mlp::Tensor d = after;
    for (std::size_t k = 0; k < d.size(); ++k) d[k] -= before[k];
    return d;
}

}  // namespace

Verdict check_momentum_step(const MomentumStep& student) {
    Verdict v;
    v.title = "Exercise 4: SGD with momentum";
    v.passed = true;
    const double lr = 0.1, momentum = 0.9;
    constexpr int kSteps = 4;

    Params reference, mine;
    std::vector<mlp::Param> reference_params = reference.list();
    mlp::SGD sgd(reference_params, {.lr = lr, .momentum = momentum});
    std::vector<mlp::Param> my_params = mine.list();
    std::vector<mlp::Tensor> velocity;
    std::vector<mlp::Tensor> ema(2);  // b = mu b + (1 - mu) g: a moving average, a common mix-up

    for (int k = 0; k < kSteps; ++k) {
        set_gradients(reference, k);
        set_gradients(mine, k);
        const Params before = mine;
        const mlp::Tensor W0 = reference.W, b0 = reference.b;
        sgd.step();
        if (!run_student_code(v, [&] { student(my_params, velocity, lr, momentum); })) return v;

        // What the common mistakes would have moved each parameter by at this step.
        const mlp::Tensor* grads[2] = {&mine.dW, &mine.db};
        mlp::Tensor plain_step[2], ema_step[2];
        for (int i = 0; i < 2; ++i) {
            const mlp::Tensor& g = *grads[i];
            if (ema[i].empty()) ema[i] = mlp::Tensor(g.rows(), g.cols());
            plain_step[i] = g;
            ema_step[i] = g;
            for (std::size_t e = 0; e < g.size(); ++e) {
                ema[i][e] = momentum * ema[i][e] + (1.0 - momentum) * g[e];
                plain_step[i][e] = -lr * g[e];
                ema_step[i][e] = -lr * ema[i][e];
            }
        }
        const std::vector<Mistake> mistakes_W{
            {plain_step[0], "this is a plain SGD step, -lr g: the velocity is not carried from step to step "
                            "(b = momentum * b + g, kept in `velocity` between calls)."},
            {ema_step[0], "your velocity is a moving average, b = momentum b + (1 - momentum) g; PyTorch's "
                          "rule adds the whole gradient: b = momentum b + g."}};
        const std::vector<Mistake> mistakes_b{{plain_step[1], mistakes_W[0].hint}, {ema_step[1], mistakes_W[1].hint}};

        char name_W[48], name_b[48];
        std::snprintf(name_W, sizeof name_W, "step %d: W's change", k + 1);
        std::snprintf(name_b, sizeof name_b, "step %d: b's change", k + 1);
        Verdict step = v;
        check_tensor(step, name_W, difference(mine.W, before.W), difference(reference.W, W0), mistakes_W);
        check_tensor(step, name_b, difference(mine.b, before.b), difference(reference.b, b0), mistakes_b);
        if (!step.passed || k == kSteps - 1) return step;  // the first wrong step, or the last one
    }
    return v;
}

}  // namespace exercises
