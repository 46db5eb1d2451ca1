// check_cross_entropy.cpp: exercise 3, the gradient of softmax cross-entropy.
#include "checker/checker.hpp"

namespace exercises {

mlp::Tensor class_targets(const std::vector<std::size_t>& classes) {
    mlp::Tensor t(classes.size(), 1);
    for (std::size_t n = 0; n < classes.size(); ++n) t(n, 0) = static_cast<double>(classes[n]);
    return t;
}

namespace {

void run_case(Verdict& v, const CrossEntropyBackward& student, const mlp::Tensor& logits,
              const std::vector<std::size_t>& classes, const std::string& name) {
    mlp::CrossEntropyLoss loss;
    loss.forward(logits, class_targets(classes));
    const mlp::Tensor expected = loss.backward();

    mlp::Tensor got;
    if (!run_student_code(v, [&] { student(logits, classes, got); })) return;

    // expected = (softmax - onehot) / N, so the usual mistakes are a few steps away from it.
    const double N = static_cast<double>(logits.rows());
    mlp::Tensor softmax_over_n = expected, no_mean = expected, logits_for_softmax = expected;
    for (std::size_t n = 0; n < logits.rows(); ++n) {
        for (std::size_t c = 0; c < logits.cols(); ++c) {
            const double onehot = c == classes[n] ? 1.0 : 0.0;
            softmax_over_n(n, c) = expected(n, c) + onehot / N;
            no_mean(n, c) = expected(n, c) * N;
            logits_for_softmax(n, c) = (logits(n, c) - onehot) / N;
        }
    }
    check_tensor(v, name, got, expected,
                 {{softmax_over_n, "this is softmax / N: the true class's -1 is missing (dL/dz = softmax - "
                                   "onehot, because -log softmax(z)[c] = -z[c] + logsumexp(z))."},
                  {no_mean, "the loss is the MEAN over the N samples, so each row's gradient is divided by N."},
                  {logits_for_softmax, "you used the logits z where the probabilities softmax(z) belong."}});
}

}  // namespace

Verdict check_cross_entropy_backward(const CrossEntropyBackward& student) {
    Verdict v;
    v.title = "Exercise 3: softmax cross-entropy gradient";
    v.passed = true;
    const mlp::Tensor logits =
        mlp::Tensor::from_rows({{2.0, 1.0, 0.1}, {0.5, 2.5, -1.0}, {-0.3, 0.2, 0.4}, {1.2, -0.8, 3.0}});
    run_case(v, student, logits, {0, 2, 1, 2}, "dlogits");
    // Logits this large overflow exp() unless the row's maximum is subtracted first.
    const mlp::Tensor large = mlp::Tensor::from_rows({{1000.0, 0.0, -1000.0}, {-1000.0, 1000.0, 999.0}});
    run_case(v, student, large, {0, 2}, "dlogits (logits of +-1000)");
    return v;
}

}  // namespace exercises
