// SPDX-License-Identifier: MIT
// 10_batch_norm.cpp: exercise 10. Write batch normalisation's forward (training and evaluation)
// and backward, as PyTorch's BatchNorm1d computes them.
// Each feature (column j) of a batch x (N, C) is normalised over the N samples, then scaled and
// shifted by the learned gamma[j] and beta[j]:
//   training:    mu[j]  = 1/N sum_n x[n][j]                    the batch's mean                (1, C)
//                var[j] = 1/N sum_n (x[n][j] - mu[j])^2        the batch's (biased) variance   (1, C)
//                running_mean = (1 - momentum) running_mean + momentum mu                      (1, C)
//                running_var  = (1 - momentum) running_var  + momentum var N / (N - 1)         (1, C)
//                (the running variance takes the unbiased estimate; the batch is normalised with
//                the biased one; momentum is the weight of the new batch)
//   evaluation:  mu = running_mean, var = running_var           (no batch statistics, no update)
//   both:        xhat[n][j] = (x[n][j] - mu[j]) / sqrt(var[j] + eps)                           (N, C)
//                y[n][j]    = gamma[j] xhat[n][j] + beta[j]                                     (N, C)
// Training needs N >= 2 (one sample has no variance; PyTorch refuses it); evaluation takes any N.
//
// backward: dy = dL/dy (N, C). ADD dL/dgamma into dgamma and dL/dbeta into dbeta (1, C), as every
// layer does (the optimizer's zero_grad() clears them), and WRITE dx = dL/dx (N, C).
//   dgamma[j] += sum_n dy[n][j] * (what multiplies gamma[j] in y[n][j]?)
//   dbeta[j]  += sum_n dy[n][j] * (what multiplies beta[j]?)
//   dxhat[n][j] = dy[n][j] gamma[j]
// In evaluation mu and var are constants, and dx is dxhat times one factor. In training they are
// not: mu[j] and var[j] are computed from every x[m][j] of column j, so x[n][j] reaches the loss
// along three paths: directly through xhat[n][j], through mu[j], and through var[j] (which itself
// depends on mu[j]). Draw the graph x -> mu -> var -> xhat -> y, find dvar[j] and dmu[j] (each a
// sum over the column), and add the three paths' contributions into dx[n][j]. Collecting the terms
// (use x - mu = xhat sqrt(var + eps)) gives a short formula in xhat, sum_m dxhat[m][j] and
// sum_m dxhat[m][j] xhat[m][j]; either form passes.
// The checker compares every output, running statistic and gradient with mlp::BatchNorm1d's, call
// after call on the same layer (its buffers reused), on several shapes, in evaluation and back, and
// on a batch with a constant column (variance 0: eps matters) and a column of values near 1e6.
// Build and grade: cmake --build <build dir> --target exercise10 && <build dir>/exercises/exercise10
#include "student.hpp"

#include <cmath>

namespace student {

class BatchNorm : public mlp::Layer {
public:
    BatchNorm(std::size_t features, double eps, double momentum)
        : gamma(1, features, 1.0), beta(1, features), dgamma(1, features), dbeta(1, features),
          running_mean(1, features), running_var(1, features, 1.0), eps_(eps), momentum_(momentum) {}

    // x: (N, C) -> y: (N, C)
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        mlp::check_input("student::BatchNorm::forward", x, gamma.cols());
        const std::size_t N = x.rows(), C = x.cols();
        xhat_.resize(N, C);
        inv_std_.resize(1, C);
        y_.resize(N, C);
        for (std::size_t j = 0; j < C; ++j) {
            if (training()) {
                // TODO(student): the batch's mean and biased variance of column j, and the update
                // of running_mean(0, j) and running_var(0, j)
            } else {
                // TODO(student): evaluation's mean and variance of column j
            }
            inv_std_(0, j) = 0.0;  // TODO(student): 1 / sqrt(var + eps)
            for (std::size_t n = 0; n < N; ++n) {
                xhat_(n, j) = 0.0;  // TODO(student)
                y_(n, j) = 0.0;     // TODO(student)
            }
        }
        return y_;
    }

    // dy = dL/dy: (N, C) -> dx = dL/dx: (N, C); adds into dgamma and dbeta (1, C). Uses the last
    // forward's xhat_ and inv_std_ (or whatever else you chose to keep).
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        const std::size_t N = dy.rows(), C = dy.cols();
        dx_.resize(N, C);
        for (std::size_t j = 0; j < C; ++j) {
            // TODO(student): dgamma(0, j) += ...;  dbeta(0, j) += ...
            for (std::size_t n = 0; n < N; ++n) {
                dx_(n, j) = 0.0;  // TODO(student): in evaluation, and in training (three paths)
            }
        }
        return dx_;
    }

    std::vector<mlp::Param> params() override { return {{"gamma", &gamma, &dgamma}, {"beta", &beta, &dbeta}}; }
    std::vector<mlp::Buffer> buffers() override {
        return {{"running_mean", &running_mean}, {"running_var", &running_var}};
    }
    double eps() const { return eps_; }
    double momentum() const { return momentum_; }
    std::string name() const override { return "student::BatchNorm"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<BatchNorm>(*this); }

    mlp::Tensor gamma;         // (1, C) scale, starts at 1
    mlp::Tensor beta;          // (1, C) shift, starts at 0
    mlp::Tensor dgamma;        // (1, C) dL/dgamma, added into by backward
    mlp::Tensor dbeta;         // (1, C) dL/dbeta, added into by backward
    mlp::Tensor running_mean;  // (1, C) starts at 0
    mlp::Tensor running_var;   // (1, C) starts at 1

private:
    double eps_;       // added to the variance under the square root
    double momentum_;  // the weight of the new batch in the running statistics
    mlp::Tensor xhat_;     // (N, C) the last forward's normalised input
    mlp::Tensor inv_std_;  // (1, C) the last forward's 1 / sqrt(var + eps)
    mlp::Tensor y_;        // (N, C)
    mlp::Tensor dx_;       // (N, C)
};

std::unique_ptr<mlp::Layer> make_batch_norm(std::size_t features, double eps, double momentum) {
    return std::make_unique<BatchNorm>(features, eps, momentum);
}

}  // namespace student
