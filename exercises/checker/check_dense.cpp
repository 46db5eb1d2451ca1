// SPDX-License-Identifier: MIT
// check_dense.cpp: exercise 2, Dense's backward.
#include "checker/checker.hpp"

namespace exercises {

namespace {

mlp::Tensor plus(const mlp::Tensor& a, const mlp::Tensor& b) {
    mlp::Tensor s = a;
    for (std::size_t k = 0; k < s.size(); ++k) s[k] += b[k];
    return s;
}
mlp::Tensor times(const mlp::Tensor& a, double c) {
    mlp::Tensor s = a;
    for (std::size_t k = 0; k < s.size(); ++k) s[k] *= c;
    return s;
}

// One backward call's inputs.
struct Call {
    mlp::Tensor x, dy;
};

// The right answer for one call, from mlp::Dense itself (its dW, db start at 0 here).
struct Answer {
    mlp::Tensor dx, dW, db;
};
Answer dense_answer(const mlp::Tensor& W, const Call& c) {
    mlp::Dense layer(W, mlp::Tensor(1, W.cols()));
    layer.forward(c.x);
    Answer a;
    a.dx = layer.backward(c.dy);
    a.dW = layer.dW;
    a.db = layer.db;
    return a;
}

// One case: the student's backward called twice on the same dx, dW, db, as Dense reuses its
// buffers from step to step. dW and db start non-zero, as they do while a gradient is being
// accumulated, so "=" instead of "+=" shows; dx holds the first call's answer during the second,
// so "+=" instead of "=" shows. Adds the lines of the first call that went wrong (or of the
// second when both are right) and returns whether both were right.
bool run_case(Verdict& v, const DenseBackward& student, const mlp::Tensor& W, const Call (&calls)[2],
              const std::string& label) {
    const mlp::Tensor dW_start(W.rows(), W.cols(), 0.5);
    const mlp::Tensor db_start(1, W.cols(), -0.25);
    mlp::Tensor dx, dW = dW_start, db = db_start;
    mlp::Tensor dW_before = dW_start, db_before = db_start, dx_before;
    for (int k = 0; k < 2; ++k) {
        const Call& c = calls[k];
        const Answer right = dense_answer(W, c);
        if (!run_student_code(v, [&] { student(c.x, W, c.dy, dx, dW, db); })) return false;
        const mlp::Tensor dW_ref = plus(dW_before, right.dW), db_ref = plus(db_before, right.db);
        const double N = static_cast<double>(c.x.rows());

        // The tensors the usual mistakes produce.
        std::vector<Mistake> dx_mistakes, dW_mistakes, db_mistakes;
        if (W.rows() == W.cols()) {
            dx_mistakes.push_back({mlp::matmul(c.dy, W), "this is dy W; the gradient goes back through the transpose: "
                                                         "dx = dy W^T (dx(n, i) sums dy(n, j) W(i, j) over the outputs j)."});
            dW_mistakes.push_back({plus(dW_before, mlp::transpose(right.dW)),
                                   "dW is transposed: dW(i, j) pairs input i (a column of x) with output j "
                                   "(a column of dy)."});
        }
        if (k == 1) {
            dx_mistakes.push_back({plus(dx_before, right.dx),
                                   "dx kept the previous call's numbers and added this call's to them: dx is "
                                   "WRITTEN (dx(n, i) = ...), only dW and db are added into. Dense reuses its dx "
                                   "buffer from call to call."});
        }
        dW_mistakes.push_back({right.dW, "dW lost what it held before: backward must ADD into dW (dW += ...); the "
                                         "optimizer's zero_grad() is what clears it."});
        dW_mistakes.push_back({dW_before, "dW did not change: the weight gradient is missing."});
        mlp::Tensor dW_subtracted = dW_before, db_subtracted = db_before;
        for (std::size_t e = 0; e < dW_subtracted.size(); ++e) dW_subtracted[e] -= right.dW[e];
        for (std::size_t e = 0; e < db_subtracted.size(); ++e) db_subtracted[e] -= right.db[e];
        dW_mistakes.push_back({dW_subtracted, "dW went the wrong way: add x^T dy into it (dW += ...), do not "
                                              "subtract (the optimizer does the subtracting)."});
        db_mistakes.push_back({db_subtracted, "db went the wrong way: add the sum of dy into it, do not subtract."});
        dW_mistakes.push_back({plus(dW_before, times(right.dW, 1.0 / N)),
                               "dW is the mean over the samples: it should be the sum (the loss's backward has "
                               "already divided by N)."});
        mlp::Tensor db_first_row = db_before;
        for (std::size_t j = 0; j < W.cols(); ++j) db_first_row(0, j) += c.dy(0, j);
        db_mistakes.push_back({db_before, "db did not change: the bias gradient is missing (each b[j] is added to "
                                          "every sample's output j, so its gradient is the sum of dy over the "
                                          "samples)."});
        db_mistakes.push_back({right.db, "db lost what it held before: backward must ADD into db."});
        db_mistakes.push_back({db_first_row, "db took only the first sample's dy: sum over all N rows."});
        db_mistakes.push_back({plus(db_before, times(right.db, 1.0 / N)),
                               "db is the mean of dy over the samples: it should be the sum (the loss's "
                               "backward has already divided by N)."});

        const std::string call = k == 1 ? "2nd call" : "";
        const std::string tail = label.empty() ? (call.empty() ? "" : " (" + call + ")")
                                               : " (" + label + (call.empty() ? "" : ", " + call) + ")";
        Verdict this_call = v;
        bool ok = check_tensor(this_call, "dx" + tail, dx, right.dx, dx_mistakes);
        ok = check_tensor(this_call, "dW" + tail, dW, dW_ref, dW_mistakes) && ok;
        ok = check_tensor(this_call, "db" + tail, db, db_ref, db_mistakes) && ok;
        if (!ok || k == 1) {
            v = this_call;
            return ok;
        }
        // The student's own dW and db go on into the second call, as they would in training.
        dW_before = dW;
        db_before = db;
        dx_before = dx;
    }
    return true;
}

}  // namespace

Verdict check_dense_backward(const DenseBackward& student) {
    Verdict v;
    v.title = "Exercise 2: Dense backward";
    v.passed = true;
    // N = 3 samples, 4 inputs, 2 outputs: no two sizes equal, so a swapped index reads outside
    // a tensor (and throws here) or gives the wrong shape.
    const mlp::Tensor W = mlp::Tensor::from_rows({{0.2, -0.7}, {0.9, 0.4}, {-0.3, 0.6}, {0.8, -0.1}});
    const Call calls[2] = {
        {mlp::Tensor::from_rows({{0.5, -1.0, 2.0, 0.25}, {1.5, 0.75, -0.5, -2.0}, {-1.25, 0.3, 0.9, 1.1}}),
         mlp::Tensor::from_rows({{0.3, -0.6}, {-0.9, 0.2}, {0.45, 0.7}})},
        {mlp::Tensor::from_rows({{-0.4, 1.2, 0.6, -1.5}, {0.8, -0.35, 1.05, 0.2}, {1.3, 0.55, -0.95, -0.7}}),
         mlp::Tensor::from_rows({{-0.25, 0.85}, {0.6, -0.4}, {-0.15, 0.35}})}};
    run_case(v, student, W, calls, "");
    // A square W too (N = 2, in = out = 3), where a missing transpose gives numbers instead of
    // an index out of range, so its hint can name it.
    const mlp::Tensor Ws = mlp::Tensor::from_rows({{0.2, -0.7, 0.1}, {0.9, 0.4, -0.5}, {-0.3, 0.6, 0.35}});
    const Call square[2] = {{mlp::Tensor::from_rows({{0.5, -1.0, 2.0}, {1.5, 0.75, -0.5}}),
                             mlp::Tensor::from_rows({{0.3, -0.6, 0.15}, {-0.9, 0.2, 0.4}})},
                            {mlp::Tensor::from_rows({{-0.6, 0.25, 1.1}, {0.4, -1.3, 0.7}}),
                             mlp::Tensor::from_rows({{0.55, 0.1, -0.75}, {0.2, -0.45, 0.65}})}};
    run_case(v, student, Ws, square, "3 x 3 W");
    return v;
}

}  // namespace exercises
