// SPDX-License-Identifier: MIT
// 12_svm_loss.cpp: exercise 12. Write the multiclass SVM (hinge) loss and its gradient twice:
// with loops over samples and classes, and vectorised.
//   scores s (N, C); classes[n] = y_n is the correct class of row n
//   L = (1/N) sum_n sum_{j != y_n} max(0, s[n][j] - s[n][y_n] + 1)
//   returns L; dscores (N, C) = dL/ds, WRITTEN (the buffer holds the previous call's answer)
// A wrong class j costs something when its score comes within 1 of the correct class's (its
// margin s_j - s_y + 1 is > 0). Differentiate one such term: which two scores does it touch?
// At a margin of exactly 0 (s_j = s_y - 1) the hinge has a kink; take its flat side there, as
// the library and PyTorch do: only a margin > 0 counts, so that class gets no gradient.
//
// This is the course's L (CS231n's). The library's make_loss("multi-margin"), PyTorch's
// nn.MultiMarginLoss, divides each row's sum by the number of classes C as well, so
// L = C * multi-margin, and dL/ds = C times its gradient: the checker's expected numbers are the
// library's loss and backward, times C.
// Build and grade: cmake --build <build dir> --target exercise12 && <build dir>/exercises/exercise12
#include <algorithm>

#include "student.hpp"

namespace student {

// The loop version: one term at a time, as the formula reads.
double svm_loss_loops(const mlp::Tensor& scores, const std::vector<std::size_t>& classes, mlp::Tensor& dscores) {
    const std::size_t N = scores.rows(), C = scores.cols();
    dscores.resize(N, C);
    dscores.fill(0.0);
    double loss = 0.0;
    for (std::size_t n = 0; n < N; ++n) {
        const std::size_t y = classes[n];
        for (std::size_t j = 0; j < C; ++j) {
            if (j == y) continue;  // the correct class is not compared with itself
            const double margin = scores(n, j) - scores(n, y) + 1.0;
            // TODO(student): when margin > 0, add it to the loss and add its derivative to
            // dscores(n, j) and to dscores(n, y).
            loss += 0.0 * margin;
        }
    }
    return loss;  // TODO(student): L is a mean over the N samples (and so is each gradient)
}

// The vectorised version. C++ has no numpy, and mlp::Tensor has no element-wise operators, so
// here "vectorised" means: the whole batch in a few whole-tensor steps, each a named tensor you
// can print in the debugger, each one flat loop over every element k (or a library kernel such as
// matmul), and no branch deciding, term by term, whether to add to the loss or to the gradient:
//   sy       (N, 1)  sy[n] = s[n][y_n]                       each row's correct score
//   margins  (N, C)  max(0, s - sy + 1), then 0 at (n, y_n)   element k is in row k / C
//   L        = (sum of every element of margins) / N
//   mask     (N, C)  1 where margins > 0, else 0              which classes pass a gradient
//   count    (N, 1)  mask's row sums = mask times a (C, 1) column of ones
//   dscores  (N, C)  mask / N, then dscores[n][y_n] = -count[n] / N
// The grader checks that this version and the loop version both give the library's answer.
double svm_loss_vectorised(const mlp::Tensor& scores, const std::vector<std::size_t>& classes,
                           mlp::Tensor& dscores) {
    const std::size_t N = scores.rows(), C = scores.cols();
    const double inv_N = 1.0 / static_cast<double>(N);

    mlp::Tensor sy(N, 1);
    for (std::size_t n = 0; n < N; ++n) sy(n, 0) = scores(n, classes[n]);

    mlp::Tensor margins(N, C);
    for (std::size_t k = 0; k < margins.size(); ++k)
        margins[k] = std::max(0.0, 0.0 * (scores[k] - sy(k / C, 0)));  // TODO(student): the margin
    for (std::size_t n = 0; n < N; ++n) margins(n, classes[n]) = 0.0;  // its own margin is always 1

    mlp::Tensor mask(N, C);
    for (std::size_t k = 0; k < mask.size(); ++k) mask[k] = 0.0 * margins[k];  // TODO(student): 1 where > 0

    const mlp::Tensor count = mlp::matmul(mask, mlp::Tensor(C, 1, 1.0));  // (N, C) (C, 1) -> (N, 1)

    dscores.resize(N, C);
    for (std::size_t k = 0; k < dscores.size(); ++k) dscores[k] = mask[k] * inv_N;
    for (std::size_t n = 0; n < N; ++n) dscores(n, classes[n]) = 0.0 * count(n, 0);  // TODO(student)

    double sum = 0.0;
    for (std::size_t k = 0; k < margins.size(); ++k) sum += margins[k];
    return sum * inv_N;
}

}  // namespace student
