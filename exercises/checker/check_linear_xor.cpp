// check_linear_xor.cpp: exercise 6, why a stack of linear layers cannot learn XOR.
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "checker/checker.hpp"

namespace exercises {

Verdict check_fold_linear(const FoldLinear& student) {
    Verdict v;
    v.title = "Exercise 6a: fold two Dense layers into one";
    v.passed = true;
    // 3 inputs -> 4 -> 2 outputs: W1 (3, 4), b1 (1, 4), W2 (4, 2), b2 (1, 2)
    const mlp::Tensor W1 = mlp::Tensor::from_rows({{0.2, -0.5, 0.1, 0.7}, {0.3, 0.8, -0.6, 0.05}, {-0.4, 0.25, 0.9, -0.2}});
    const mlp::Tensor b1 = mlp::Tensor::from_rows({{0.1, -0.3, 0.2, 0.4}});
    const mlp::Tensor W2 = mlp::Tensor::from_rows({{0.6, -0.1}, {-0.2, 0.5}, {0.3, 0.35}, {-0.7, 0.15}});
    const mlp::Tensor b2 = mlp::Tensor::from_rows({{-0.05, 0.25}});

    mlp::Sequential stack;
    stack.emplace<mlp::Dense>(W1, b1);
    stack.emplace<mlp::Dense>(W2, b2);
    const mlp::Sequential folded = mlp::collapse_linear(stack);
    const auto& one = dynamic_cast<const mlp::Dense&>(folded[0]);

    mlp::Tensor W, b;
    if (!run_student_code(v, [&] { student(W1, b1, W2, b2, W, b); })) return v;
    const mlp::Tensor b1W2 = mlp::matmul(b1, W2);
    check_tensor(v, "W", W, one.W);
    check_tensor(v, "b", b, one.b,
                 {{b2, "b1 is missing: b1 also goes through the second layer, so b = b1 W2 + b2."},
                  {b1W2, "b2 is missing: b = b1 W2 + b2."}});
    if (v.passed) {
        // The point of it: one layer computes exactly what the two did.
        const mlp::Tensor x = mlp::Tensor::from_rows({{1.0, -2.0, 0.5}, {0.3, 0.7, -1.1}});
        mlp::Dense single(W, b);
        check_tensor(v, "x W + b vs the two layers", single.forward(x), stack.forward(x));
    }
    return v;
}

Verdict check_xor_model(const MakeModel& student) {
    Verdict v;
    v.title = "Exercise 6b: a network that learns XOR";
    v.passed = true;
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    constexpr std::uint32_t kSeeds = 5;
    int learned = 0;
    mlp::Sequential first;
    for (std::uint32_t seed = 1; seed <= kSeeds; ++seed) {
        mlp::Sequential model;
        const bool ran = run_student_code(v, [&] {
            mlp::Rng rng(seed);
            model = student(rng);
            const mlp::Tensor& out = model.forward(x);
            if (out.cols() != 1) {
                throw std::invalid_argument("make_xor_model: expected a network with 1 output, got " +
                                            std::to_string(out.cols()));
            }
            mlp::MSELoss loss;
            mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9});
            mlp::Trainer trainer(model, loss, sgd, {.epochs = 2000, .seed = seed, .progress = false});
            trainer.fit(x, y);
            if (trainer.evaluate(x, y).accuracy == 1.0) ++learned;
        });
        if (!ran) return v;
        if (seed == 1) first = model;
    }
    v.notes.push_back("trained like the XOR lesson (MSE, SGD lr 0.1 momentum 0.9, 2000 epochs): 100% on " +
                      std::to_string(learned) + " of " + std::to_string(kSeeds) + " seeds (4 needed)");
    v.passed = learned >= 4;

    mlp::Sequential collapsed;
    if (run_student_code(v, [&] { collapsed = mlp::collapse_linear(first); }) && collapsed.size() == 1) {
        if (const auto* dense = dynamic_cast<const mlp::Dense*>(&collapsed[0])) {
            char text[200];
            std::snprintf(text, sizeof text,
                          "mlp::collapse_linear folds your trained network (seed 1) into ONE layer: "
                          "y = %.4f x1 + %.4f x2 + %.4f",
                          dense->W(0, 0), dense->W(1, 0), dense->b(0, 0));
            v.notes.push_back(text);
            v.hints.push_back("however many Dense layers you stack, with nothing non-linear between them they "
                              "are one affine map, and no straight line separates XOR's 1s from its 0s. Put "
                              "an activation between the layers.");
        }
    }
    if (!v.passed && v.hints.empty()) {
        v.hints.push_back("the network is not linear, but it does not learn reliably: try Tanh between the "
                          "layers, or more units.");
    }
    return v;
}

}  // namespace exercises
