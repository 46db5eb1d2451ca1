// SPDX-License-Identifier: MIT
// check_cross_entropy.cpp: exercise 3, the gradient of softmax cross-entropy.
#include <cstdio>

#include "checker/checker.hpp"

namespace exercises {

mlp::Tensor class_targets(const std::vector<std::size_t>& classes) {
    mlp::Tensor t(classes.size(), 1);
    for (std::size_t n = 0; n < classes.size(); ++n) t(n, 0) = static_cast<double>(classes[n]);
    return t;
}

namespace {

std::string row_text(const mlp::Tensor& t, std::size_t n) {
    std::string s = "(";
    for (std::size_t c = 0; c < t.cols(); ++c) {
        char number[32];
        std::snprintf(number, sizeof number, "%s%.6g", c == 0 ? "" : ", ", t(n, c));
        s += number;
    }
    return s + ")";
}

// One call on the buffer `got`, which still holds the previous call's answer (`previous`, empty
// for the first call), as a loss's own buffer would. Returns whether it was right.
bool run_case(Verdict& v, const CrossEntropyBackward& student, const mlp::Tensor& logits,
              const std::vector<std::size_t>& classes, const std::string& name, mlp::Tensor& got,
              const mlp::Tensor& previous) {
    mlp::CrossEntropyLoss loss;
    loss.forward(logits, class_targets(classes));
    const mlp::Tensor expected = loss.backward();

    if (!run_student_code(v, [&] { student(logits, classes, got); })) return false;

    // expected = (softmax - onehot) / N, so the usual mistakes are a few steps away from it.
    const double N = static_cast<double>(logits.rows());
    mlp::Tensor softmax_over_n = expected, no_mean = expected, logits_for_softmax = expected, added = expected;
    mlp::Tensor onehot_plus = expected;
    for (std::size_t n = 0; n < logits.rows(); ++n) {
        for (std::size_t c = 0; c < logits.cols(); ++c) {
            const double onehot = c == classes[n] ? 1.0 : 0.0;
            softmax_over_n(n, c) = expected(n, c) + onehot / N;
            onehot_plus(n, c) = expected(n, c) + 2.0 * onehot / N;
            no_mean(n, c) = expected(n, c) * N;
            logits_for_softmax(n, c) = (logits(n, c) - onehot) / N;
            if (previous.rows() == expected.rows() && previous.cols() == expected.cols())
                added(n, c) += previous(n, c);
        }
    }
    std::vector<Mistake> mistakes{
        {softmax_over_n, "this is softmax / N: the true class's -1 is missing (dL/dz = softmax - "
                         "onehot, because -log softmax(z)[c] = -z[c] + logsumexp(z))."},
        {onehot_plus, "the true class gets softmax + 1: dL/dz = softmax - onehot (the -z[c] term's "
                      "derivative is -1)."},
        {no_mean, "the loss is the MEAN over the N samples, so each row's gradient is divided by N."},
        {logits_for_softmax, "you used the logits z where the probabilities softmax(z) belong."}};
    if (!previous.empty()) {
        mistakes.push_back({added, "dlogits kept the previous call's numbers and added this call's to them: "
                                   "write it (dlogits(n, c) = ...), do not add into it."});
    }
    const bool ok = check_tensor(v, name, got, expected, mistakes);
    const TensorReport& r = v.tensors.back();
    if (!ok && r.shape_ok) {
        v.notes.push_back(name + ": row " + std::to_string(r.row) + " had logits " + row_text(logits, r.row) +
                          " and class " + std::to_string(classes[r.row]));
    }
    return ok;
}

}  // namespace

Verdict check_cross_entropy_backward(const CrossEntropyBackward& student) {
    Verdict v;
    v.title = "Exercise 3: softmax cross-entropy gradient";
    v.passed = true;
    mlp::Tensor dlogits;  // one buffer for all three calls
    const mlp::Tensor logits =
        mlp::Tensor::from_rows({{2.0, 1.0, 0.1}, {0.5, 2.5, -1.0}, {-0.3, 0.2, 0.4}, {1.2, -0.8, 3.0}});
    if (!run_case(v, student, logits, {0, 2, 1, 2}, "dlogits", dlogits, mlp::Tensor())) return v;
    mlp::Tensor previous;
    {
        mlp::CrossEntropyLoss loss;
        loss.forward(logits, class_targets({0, 2, 1, 2}));
        previous = loss.backward();
    }
    // Logits this large overflow exp() unless each row's own maximum is subtracted first; the
    // rows' maxima differ (1000, -3, 1000.5, -799), so one maximum for the whole batch leaves
    // rows where every exp() underflows to 0 and the softmax is 0 / 0.
    const mlp::Tensor large = mlp::Tensor::from_rows(
        {{1000.0, 0.0, -1000.0}, {-5.0, -1000.0, -3.0}, {2.0, 1.5, 1000.5}, {-800.0, -801.0, -799.0}});
    if (!run_case(v, student, large, {0, 2, 1, 0}, "dlogits (logits up to +-1000)", dlogits, previous)) return v;
    // Another shape, 2 samples and 5 classes, on the same buffer: it must be resized.
    const mlp::Tensor wide = mlp::Tensor::from_rows({{0.3, -1.1, 2.2, 0.8, -0.4}, {1.7, 0.05, -0.9, 1.1, 2.6}});
    run_case(v, student, wide, {4, 1}, "dlogits (2 samples, 5 classes)", dlogits, mlp::Tensor());
    return v;
}

}  // namespace exercises
