// check_dense.cpp: exercise 2, Dense's backward.
#include "checker/checker.hpp"

namespace exercises {

namespace {

// One case: the student's dx, dW, db against Dense's own backward. dW and db start non-zero, as
// they do when a gradient is being accumulated, so that "=" instead of "+=" shows.
void run_case(Verdict& v, const DenseBackward& student, const mlp::Tensor& x, const mlp::Tensor& W,
              const mlp::Tensor& dy, const std::string& suffix) {
    const mlp::Tensor dW_before(W.rows(), W.cols(), 0.5);
    const mlp::Tensor db_before(1, W.cols(), -0.25);

    mlp::Dense layer(W, mlp::Tensor(1, W.cols()));
    layer.forward(x);
    const mlp::Tensor dx_ref = layer.backward(dy);  // layer.dW, layer.db started at 0
    mlp::Tensor dW_ref = dW_before, db_ref = db_before;
    for (std::size_t k = 0; k < dW_ref.size(); ++k) dW_ref[k] += layer.dW[k];
    for (std::size_t k = 0; k < db_ref.size(); ++k) db_ref[k] += layer.db[k];

    mlp::Tensor dx, dW = dW_before, db = db_before;
    if (!run_student_code(v, [&] { student(x, W, dy, dx, dW, db); })) return;

    // The mistakes students make most, as the tensors they produce.
    const mlp::Tensor xT_dy = layer.dW;
    mlp::Tensor dW_transposed = dW_before;
    if (W.rows() == W.cols()) {
        const mlp::Tensor t = mlp::transpose(xT_dy);
        for (std::size_t k = 0; k < t.size(); ++k) dW_transposed[k] += t[k];
    }
    mlp::Tensor db_first_row = db_before, db_mean = db_before;
    for (std::size_t j = 0; j < W.cols(); ++j) {
        db_first_row(0, j) += dy(0, j);
        db_mean(0, j) += layer.db(0, j) / static_cast<double>(dy.rows());
    }
    std::vector<Mistake> dx_mistakes;
    if (W.rows() == W.cols()) {
        dx_mistakes.push_back({mlp::matmul(dy, W), "this is dy W; the gradient goes back through the transpose: "
                                                   "dx = dy W^T (dx(n, i) sums dy(n, j) W(i, j) over the outputs j)."});
    }
    check_tensor(v, "dx" + suffix, dx, dx_ref, dx_mistakes);
    check_tensor(v, "dW" + suffix, dW, dW_ref,
                 {{xT_dy, "dW lost the 0.5 it held before: backward must ADD into dW (dW += ...); the "
                          "optimizer's zero_grad() is what clears it."},
                  {dW_before, "dW did not change: the weight gradient is missing."},
                  {dW_transposed, "dW is transposed: dW(i, j) pairs input i (a column of x) with output j "
                                  "(a column of dy)."}});
    check_tensor(v, "db" + suffix, db, db_ref,
                 {{db_before, "db did not change: the bias gradient is missing (each b[j] is added to every "
                              "sample's output j, so its gradient is the sum of dy over the samples)."},
                  {layer.db, "db lost the -0.25 it held before: backward must ADD into db."},
                  {db_first_row, "db took only the first sample's dy: sum over all N rows."},
                  {db_mean, "db is the mean of dy over the samples: it should be the sum (the loss's "
                            "backward has already divided by N)."}});
}

}  // namespace

Verdict check_dense_backward(const DenseBackward& student) {
    Verdict v;
    v.title = "Exercise 2: Dense backward";
    v.passed = true;
    // N = 3 samples, 4 inputs, 2 outputs: no two sizes equal, so a wrong index cannot hide.
    const mlp::Tensor x = mlp::Tensor::from_rows({{0.5, -1.0, 2.0, 0.25}, {1.5, 0.75, -0.5, -2.0}, {-1.25, 0.3, 0.9, 1.1}});
    const mlp::Tensor W = mlp::Tensor::from_rows({{0.2, -0.7}, {0.9, 0.4}, {-0.3, 0.6}, {0.8, -0.1}});
    const mlp::Tensor dy = mlp::Tensor::from_rows({{0.3, -0.6}, {-0.9, 0.2}, {0.45, 0.7}});
    run_case(v, student, x, W, dy, "");
    if (!v.passed) {
        // A square case too, where a missing transpose gives numbers instead of an index out of
        // range, so the hint can name it; only what it says about transposes is passed on.
        const mlp::Tensor xs = mlp::Tensor::from_rows({{0.5, -1.0, 2.0}, {1.5, 0.75, -0.5}});
        const mlp::Tensor Ws = mlp::Tensor::from_rows({{0.2, -0.7, 0.1}, {0.9, 0.4, -0.5}, {-0.3, 0.6, 0.35}});
        const mlp::Tensor dys = mlp::Tensor::from_rows({{0.3, -0.6, 0.15}, {-0.9, 0.2, 0.4}});
        Verdict square;
        run_case(square, student, xs, Ws, dys, "");
        for (const std::string& hint : square.hints)
            if (hint.find("transpose") != std::string::npos) v.hints.push_back(hint + " (seen with a 3 x 3 W)");
    }
    return v;
}

}  // namespace exercises
