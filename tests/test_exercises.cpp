// test_exercises.cpp: the course exercises' checkers (exercises/checker/) accept a correct answer,
// made of the library's own implementation, and reject the mistakes students make, each with a
// hint that names it. The starters (exercises/starters/), linked in as a student's untouched
// files, are rejected too: their gaps are real gaps.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "checker/checker.hpp"
#include "student.hpp"

namespace {

using exercises::Verdict;

// Whether any hint of the verdict contains `text` (hints are what the student is told to fix).
bool hints_at(const Verdict& v, const std::string& text) {
    for (const std::string& hint : v.hints)
        if (hint.find(text) != std::string::npos) return true;
    return false;
}

bool notes_say(const Verdict& v, const std::string& text) {
    for (const std::string& note : v.notes)
        if (note.find(text) != std::string::npos) return true;
    return false;
}

// ---------------------------------------------------------------------------------------------
// Exercise 1 and 5: activations. The wrong ones derive from the library's layers and change
// only what the mistake changes.
// ---------------------------------------------------------------------------------------------

// backward returns f'(x), the chain rule's dy forgotten.
class TanhWithoutDy : public mlp::Tanh {
public:
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        start_backward(dy);
        for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = 1.0 - y_[k] * y_[k];
        return dx_;
    }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<TanhWithoutDy>(*this); }
};

// 1 - x^2: the derivative written in the output, fed the input.
class TanhSlopeAtX : public mlp::Tanh {
public:
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        start_backward(dy);
        for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k] * (1.0 - x_[k] * x_[k]);
        return dx_;
    }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<TanhSlopeAtX>(*this); }
};

// The sign of the whole backward flipped.
class TanhSignError : public mlp::Tanh {
public:
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        start_backward(dy);
        for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k] * (y_[k] * y_[k] - 1.0);
        return dx_;
    }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<TanhSignError>(*this); }
};

// Softsign x / (1 + |x|) with the derivative of x / (1 + x) (the absolute value forgotten).
class SoftsignWrongSlope : public mlp::Softsign {
public:
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        start_backward(dy);
        for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k] / ((1.0 + x_[k]) * (1.0 + x_[k]));
        return dx_;
    }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<SoftsignWrongSlope>(*this); }
};

// The perceptron's step: curved (not a line), but flat wherever it is defined.
class Step : public mlp::Activation {
public:
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        start_forward(x);
        for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] > 0.0 ? 1.0 : 0.0;
        return y_;
    }
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        start_backward(dy);
        dx_.fill(0.0);
        return dx_;
    }
    std::string name() const override { return "Step"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<Step>(*this); }
};

}  // namespace

TEST_CASE("exercise 1: the checker accepts Tanh and rejects a forgotten dy, 1 - x^2 and a sign error") {
    mlp::Tanh right;
    const Verdict ok = exercises::check_exercise1(right);
    CHECK_MESSAGE(ok.passed, ok.text());
    REQUIRE(ok.tensors.size() == 2);
    CHECK(ok.tensors[1].relative_error < 1e-15);

    TanhWithoutDy no_dy;
    const Verdict v1 = exercises::check_exercise1(no_dy);
    CHECK_FALSE(v1.passed);
    CHECK(hints_at(v1, "multiply it by dy"));

    TanhSlopeAtX at_x;
    const Verdict v2 = exercises::check_exercise1(at_x);
    CHECK_FALSE(v2.passed);
    CHECK(hints_at(v2, "not x"));

    TanhSignError sign;
    const Verdict v3 = exercises::check_exercise1(sign);
    CHECK_FALSE(v3.passed);
    CHECK(hints_at(v3, "opposite sign"));
    // What the student reads: the tensor, the relative error, the element and the magnitude.
    const std::string text = v3.text();
    CHECK(text.find("NOT YET") != std::string::npos);
    CHECK(text.find("dx") != std::string::npos);
    CHECK(text.find("relative error 1 at (") != std::string::npos);
    CHECK(text.find("its values are up to") != std::string::npos);
}

TEST_CASE("exercise 5: any element-wise, curved activation with a true backward passes; the rest are refused") {
    for (const char* name : {"softsign", "silu", "elu", "tanh"}) {
        CAPTURE(name);
        const std::unique_ptr<mlp::Layer> layer = mlp::make_activation(name);
        const Verdict v = exercises::check_new_activation(*layer);
        CHECK_MESSAGE(v.passed, v.text());
        CHECK(notes_say(v, "XOR"));
    }
    SUBCASE("a straight line") {
        mlp::Identity line;
        const Verdict v = exercises::check_new_activation(line);
        CHECK_FALSE(v.passed);
        CHECK(hints_at(v, "collapse_linear"));
    }
    SUBCASE("not element by element") {
        mlp::Softmax softmax;
        const Verdict v = exercises::check_new_activation(softmax);
        CHECK_FALSE(v.passed);
        CHECK(hints_at(v, "y[k] = f(x[k])"));
    }
    SUBCASE("a backward that is not the forward's derivative") {
        SoftsignWrongSlope wrong;
        const Verdict v = exercises::check_new_activation(wrong);
        CHECK_FALSE(v.passed);
        CHECK(v.tensors.back().name == "dx vs finite differences");
        CHECK_FALSE(v.tensors.back().ok);
    }
    SUBCASE("a step function: its zero backward is not compared with zero slopes") {
        Step step;
        const Verdict v = exercises::check_new_activation(step);
        CHECK_FALSE(v.passed);
        CHECK(v.tensors.empty());
        CHECK(hints_at(v, "no gradient flows through a flat function"));
    }
    SUBCASE("the slope alone, dy forgotten") {
        TanhWithoutDy no_dy;
        const Verdict v = exercises::check_new_activation(no_dy);
        CHECK_FALSE(v.passed);
        CHECK(hints_at(v, "multiply it by dy"));
    }
}

// ---------------------------------------------------------------------------------------------
// Exercise 2: Dense backward. The right answer is mlp::Dense's own backward.
// ---------------------------------------------------------------------------------------------

namespace {

void library_dense_backward(const mlp::Tensor& x, const mlp::Tensor& W, const mlp::Tensor& dy, mlp::Tensor& dx,
                            mlp::Tensor& dW, mlp::Tensor& db) {
    mlp::Dense layer(W, mlp::Tensor(1, W.cols()));
    layer.forward(x);
    dx = layer.backward(dy);
    for (std::size_t k = 0; k < dW.size(); ++k) dW[k] += layer.dW[k];
    for (std::size_t k = 0; k < db.size(); ++k) db[k] += layer.db[k];
}

}  // namespace

TEST_CASE("exercise 2: the checker accepts Dense's backward and rejects the usual slips") {
    const Verdict ok = exercises::check_dense_backward(library_dense_backward);
    CHECK_MESSAGE(ok.passed, ok.text());
    CHECK(ok.tensors.size() == 3);

    SUBCASE("forgotten bias gradient") {
        const Verdict v = exercises::check_dense_backward(
            [](const mlp::Tensor& x, const mlp::Tensor& W, const mlp::Tensor& dy, mlp::Tensor& dx, mlp::Tensor& dW,
               mlp::Tensor& db) {
                mlp::Tensor ignored = db;
                library_dense_backward(x, W, dy, dx, dW, ignored);
            });
        CHECK_FALSE(v.passed);
        CHECK(hints_at(v, "bias gradient is missing"));
    }
    SUBCASE("dW assigned instead of accumulated") {
        const Verdict v = exercises::check_dense_backward(
            [](const mlp::Tensor& x, const mlp::Tensor& W, const mlp::Tensor& dy, mlp::Tensor& dx, mlp::Tensor& dW,
               mlp::Tensor& db) {
                dW.fill(0.0);
                library_dense_backward(x, W, dy, dx, dW, db);
            });
        CHECK_FALSE(v.passed);
        CHECK(hints_at(v, "must ADD into dW"));
    }
    SUBCASE("wrong transpose: dx = dy W instead of dy W^T") {
        const Verdict v = exercises::check_dense_backward(
            [](const mlp::Tensor& x, const mlp::Tensor& W, const mlp::Tensor& dy, mlp::Tensor& dx, mlp::Tensor& dW,
               mlp::Tensor& db) {
                mlp::Tensor ignored;
                library_dense_backward(x, W, dy, ignored, dW, db);
                dx = mlp::matmul(dy, W);  // throws on the (3, 2) x (4, 2) case: shapes do not chain
            });
        CHECK_FALSE(v.passed);
        CHECK(notes_say(v, "your code threw"));
        CHECK(hints_at(v, "dx = dy W^T"));  // named from the square case
    }
    SUBCASE("db as the mean over the batch") {
        const Verdict v = exercises::check_dense_backward(
            [](const mlp::Tensor& x, const mlp::Tensor& W, const mlp::Tensor& dy, mlp::Tensor& dx, mlp::Tensor& dW,
               mlp::Tensor& db) {
                mlp::Tensor sum(db.rows(), db.cols());
                library_dense_backward(x, W, dy, dx, dW, sum);
                for (std::size_t k = 0; k < db.size(); ++k) db[k] += sum[k] / static_cast<double>(dy.rows());
            });
        CHECK_FALSE(v.passed);
        CHECK(hints_at(v, "should be the sum"));
    }
    SUBCASE("an index out of range is a verdict, not a crash") {
        const Verdict v = exercises::check_dense_backward(
            [](const mlp::Tensor&, const mlp::Tensor& W, const mlp::Tensor&, mlp::Tensor&, mlp::Tensor&,
               mlp::Tensor&) { (void)W.at(W.rows(), 0); });
        CHECK_FALSE(v.passed);
        CHECK(notes_say(v, "your code threw std::out_of_range"));
        CHECK(hints_at(v, "an index went outside a tensor"));
    }
}

// ---------------------------------------------------------------------------------------------
// Exercise 3: softmax cross-entropy's gradient. The right answer is CrossEntropyLoss's backward.
// ---------------------------------------------------------------------------------------------

namespace {

// (softmax(z) - onehot_weight * onehot) * scale, from the library's own gradient: scale 1/N with
// onehot_weight 1 is the right answer.
void scaled_gradient(const mlp::Tensor& logits, const std::vector<std::size_t>& classes, mlp::Tensor& dlogits,
                     double scale, double onehot_weight) {
    mlp::CrossEntropyLoss loss;
    loss.forward(logits, exercises::class_targets(classes));
    dlogits = loss.backward();
    const double N = static_cast<double>(logits.rows());
    for (std::size_t n = 0; n < logits.rows(); ++n)
        for (std::size_t c = 0; c < logits.cols(); ++c) {
            const double onehot = c == classes[n] ? 1.0 : 0.0;
            dlogits(n, c) = (dlogits(n, c) * N + (1.0 - onehot_weight) * onehot) * scale;
        }
}

}  // namespace

TEST_CASE("exercise 3: the checker accepts CrossEntropyLoss's gradient and rejects the usual slips") {
    const Verdict ok = exercises::check_cross_entropy_backward(
        [](const mlp::Tensor& z, const std::vector<std::size_t>& c, mlp::Tensor& d) {
            scaled_gradient(z, c, d, 1.0 / static_cast<double>(z.rows()), 1.0);
        });
    CHECK_MESSAGE(ok.passed, ok.text());

    const Verdict no_mean = exercises::check_cross_entropy_backward(
        [](const mlp::Tensor& z, const std::vector<std::size_t>& c, mlp::Tensor& d) { scaled_gradient(z, c, d, 1.0, 1.0); });
    CHECK_FALSE(no_mean.passed);
    CHECK(hints_at(no_mean, "MEAN over the N samples"));

    const Verdict no_onehot = exercises::check_cross_entropy_backward(
        [](const mlp::Tensor& z, const std::vector<std::size_t>& c, mlp::Tensor& d) {
            scaled_gradient(z, c, d, 1.0 / static_cast<double>(z.rows()), 0.0);
        });
    CHECK_FALSE(no_onehot.passed);
    CHECK(hints_at(no_onehot, "the true class's -1 is missing"));

    const Verdict sign = exercises::check_cross_entropy_backward(
        [](const mlp::Tensor& z, const std::vector<std::size_t>& c, mlp::Tensor& d) {
            scaled_gradient(z, c, d, -1.0 / static_cast<double>(z.rows()), 1.0);
        });
    CHECK_FALSE(sign.passed);
    CHECK(hints_at(sign, "opposite sign"));
}

// ---------------------------------------------------------------------------------------------
// Exercise 4: SGD with momentum. The right answer is mlp::SGD, its buffers kept in `velocity`.
// ---------------------------------------------------------------------------------------------

namespace {

void library_momentum_step(std::vector<mlp::Param>& params, std::vector<mlp::Tensor>& velocity, double lr,
                           double momentum) {
    mlp::SGD sgd(params, {.lr = lr, .momentum = momentum});
    if (!velocity.empty()) sgd.momentum_buffers() = velocity;
    sgd.step();
    velocity = sgd.momentum_buffers();
}

}  // namespace

TEST_CASE("exercise 4: the checker accepts mlp::SGD's momentum and rejects the usual slips") {
    const Verdict ok = exercises::check_momentum_step(library_momentum_step);
    CHECK_MESSAGE(ok.passed, ok.text());
    CHECK(ok.tensors.back().name == "step 4: b's change");  // all four steps were compared

    SUBCASE("velocity not carried over: plain SGD") {
        const Verdict v = exercises::check_momentum_step(
            [](std::vector<mlp::Param>& params, std::vector<mlp::Tensor>&, double lr, double momentum) {
                std::vector<mlp::Tensor> fresh;
                library_momentum_step(params, fresh, lr, momentum);
            });
        CHECK_FALSE(v.passed);
        CHECK(hints_at(v, "plain SGD step"));
        CHECK(v.tensors.front().name == "step 2: W's change");  // step 1 is the same either way
    }
    SUBCASE("a moving average instead of PyTorch's sum") {
        const Verdict v = exercises::check_momentum_step(
            [](std::vector<mlp::Param>& params, std::vector<mlp::Tensor>& velocity, double lr, double momentum) {
                if (velocity.empty())
                    for (const mlp::Param& p : params) velocity.emplace_back(p.value->rows(), p.value->cols());
                for (std::size_t i = 0; i < params.size(); ++i)
                    for (std::size_t k = 0; k < params[i].value->size(); ++k) {
                        velocity[i][k] = momentum * velocity[i][k] + (1.0 - momentum) * (*params[i].grad)[k];
                        (*params[i].value)[k] -= lr * velocity[i][k];
                    }
            });
        CHECK_FALSE(v.passed);
        CHECK(hints_at(v, "moving average"));
    }
    SUBCASE("a sign error: climbing the gradient") {
        const Verdict v = exercises::check_momentum_step(
            [](std::vector<mlp::Param>& params, std::vector<mlp::Tensor>& velocity, double lr, double momentum) {
                std::vector<mlp::Tensor> before;
                for (const mlp::Param& p : params) before.push_back(*p.value);
                library_momentum_step(params, velocity, lr, momentum);
                for (std::size_t i = 0; i < params.size(); ++i)  // p + lr b instead of p - lr b
                    for (std::size_t k = 0; k < before[i].size(); ++k)
                        (*params[i].value)[k] = 2.0 * before[i][k] - (*params[i].value)[k];
            });
        CHECK_FALSE(v.passed);
        CHECK(hints_at(v, "opposite sign"));
    }
}

// ---------------------------------------------------------------------------------------------
// Exercise 6: collapse_linear, and a model that learns XOR.
// ---------------------------------------------------------------------------------------------

TEST_CASE("exercise 6a: the checker accepts the folded layer and rejects a forgotten bias or wrong order") {
    const Verdict ok = exercises::check_fold_linear([](const mlp::Tensor& W1, const mlp::Tensor& b1, const mlp::Tensor& W2,
                                                       const mlp::Tensor& b2, mlp::Tensor& W, mlp::Tensor& b) {
        mlp::Sequential stack;
        stack.emplace<mlp::Dense>(W1, b1);
        stack.emplace<mlp::Dense>(W2, b2);
        const mlp::Sequential one = mlp::collapse_linear(stack);
        W = dynamic_cast<const mlp::Dense&>(one[0]).W;
        b = dynamic_cast<const mlp::Dense&>(one[0]).b;
    });
    CHECK_MESSAGE(ok.passed, ok.text());

    const Verdict no_b1 = exercises::check_fold_linear(
        [](const mlp::Tensor& W1, const mlp::Tensor&, const mlp::Tensor& W2, const mlp::Tensor& b2, mlp::Tensor& W,
           mlp::Tensor& b) {
            W = mlp::matmul(W1, W2);
            b = b2;
        });
    CHECK_FALSE(no_b1.passed);
    CHECK(hints_at(no_b1, "b1 is missing"));

    const Verdict wrong_order = exercises::check_fold_linear(
        [](const mlp::Tensor& W1, const mlp::Tensor& b1, const mlp::Tensor& W2, const mlp::Tensor& b2, mlp::Tensor& W,
           mlp::Tensor& b) {
            W = mlp::matmul(W2, W1);  // (4, 2) x (3, 4): the shapes do not chain
            b = mlp::matmul(b1, W2);
            mlp::add_row(b, b2);
        });
    CHECK_FALSE(wrong_order.passed);
    CHECK(notes_say(wrong_order, "your code threw std::invalid_argument"));
}

TEST_CASE("exercise 6b: a network with a non-linearity passes; the linear stack is shown as one line") {
    const Verdict ok = exercises::check_xor_model([](mlp::Rng& rng) {
        mlp::Sequential model;
        model.emplace<mlp::Dense>(2, 8, rng);
        model.emplace<mlp::Tanh>();
        model.emplace<mlp::Dense>(8, 8, rng);
        model.emplace<mlp::Tanh>();
        model.emplace<mlp::Dense>(8, 1, rng);
        return model;
    });
    CHECK_MESSAGE(ok.passed, ok.text());

    const Verdict linear = exercises::check_xor_model(student::make_xor_model);  // the starter, untouched
    CHECK_FALSE(linear.passed);
    CHECK(notes_say(linear, "folds your trained network (seed 1) into ONE layer"));
    CHECK(hints_at(linear, "Put an activation between the layers"));

    const Verdict two_outputs = exercises::check_xor_model([](mlp::Rng& rng) {
        mlp::Sequential model;
        model.emplace<mlp::Dense>(2, 2, rng);
        return model;
    });
    CHECK_FALSE(two_outputs.passed);
    CHECK(notes_say(two_outputs, "expected a network with 1 output, got 2"));
}

TEST_CASE("the starters, as a student first builds them, are graded NOT YET with a hint") {
    const std::unique_ptr<mlp::Layer> tanh = student::make_tanh();
    const std::unique_ptr<mlp::Layer> mine = student::make_my_activation();
    const std::vector<Verdict> verdicts{
        exercises::check_exercise1(*tanh),
        exercises::check_dense_backward(student::dense_backward),
        exercises::check_cross_entropy_backward(student::cross_entropy_backward),
        exercises::check_momentum_step(student::momentum_step),
        exercises::check_new_activation(*mine),
        exercises::check_fold_linear(student::fold_linear),
    };
    for (const Verdict& v : verdicts) {
        CAPTURE(v.text());
        CHECK_FALSE(v.passed);
        CHECK_FALSE(v.hints.empty());
    }
}
