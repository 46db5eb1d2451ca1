// SPDX-License-Identifier: MIT
// planted_layers.hpp: the layers exercise 11's grader runs a student's gradient checker on. Each
// forward is right; each backward is right unless a planted bug is chosen, and each bug is one a
// student writes (a transpose, a missing term, a sign, a factor, one column, negative inputs only).
#pragma once

#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mlp/mlp.hpp"

namespace exercises::planted {

// y = x W + b   x (N, in), W (in, out), b (1, out) -> y (N, out)
class PlantedAffine : public mlp::Layer {
public:
    enum class Bug { None, TransposedDW, MissingDb, DxSign, DWDoubled, LastColumnDW, NoBackward };
    PlantedAffine(std::size_t in, std::size_t out, std::uint32_t seed, Bug bug) : bug_(bug) {
        mlp::Rng rng(seed);
        W.resize(in, out);
        b.resize(1, out);
        for (std::size_t k = 0; k < W.size(); ++k) W[k] = rng.uniform(-1.0, 1.0);
        for (std::size_t k = 0; k < b.size(); ++k) b[k] = rng.uniform(-1.0, 1.0);
        dW.resize(in, out);
        db.resize(1, out);
    }
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        x_ = x;
        y_.resize(x.rows(), W.cols());
        for (std::size_t n = 0; n < x.rows(); ++n)
            for (std::size_t j = 0; j < W.cols(); ++j) {
                double sum = b(0, j);
                for (std::size_t i = 0; i < W.rows(); ++i) sum += x(n, i) * W(i, j);
                y_(n, j) = sum;
            }
        return y_;
    }
    // dx = dy W^T; dW += x^T dy; db += sum_n dy[n]
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        const std::size_t N = x_.rows(), in = W.rows(), out = W.cols();
        dx_.resize(N, in);
        dx_.fill(0.0);
        if (bug_ == Bug::NoBackward) return dx_;
        for (std::size_t n = 0; n < N; ++n)
            for (std::size_t i = 0; i < in; ++i)
                for (std::size_t j = 0; j < out; ++j)
                    dx_(n, i) += (bug_ == Bug::DxSign ? -1.0 : 1.0) * dy(n, j) * W(i, j);
        for (std::size_t n = 0; n < N; ++n)
            for (std::size_t i = 0; i < in; ++i)
                for (std::size_t j = 0; j < out; ++j) {
                    double g = x_(n, i) * dy(n, j);
                    if (bug_ == Bug::TransposedDW) g = x_(n, j) * dy(n, i);        // square W only
                    if (bug_ == Bug::DWDoubled) g *= 2.0;
                    if (bug_ == Bug::LastColumnDW && j + 1 == out) g = x_(n, i) * dy(n, 0);
                    dW(i, j) += g;
                }
        if (bug_ != Bug::MissingDb)
            for (std::size_t n = 0; n < N; ++n)
                for (std::size_t j = 0; j < out; ++j) db(0, j) += dy(n, j);
        return dx_;
    }
    std::vector<mlp::Param> params() override { return {{"W", &W, &dW}, {"b", &b, &db}}; }
    std::string name() const override { return "Affine"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<PlantedAffine>(*this); }

    mlp::Tensor W, b, dW, db;

private:
    Bug bug_;
    mlp::Tensor x_, y_, dx_;
};

// y = s tanh(x), element by element; s sets the size of every gradient (1e-10, 1, 1e6).
class ScaledTanh : public mlp::Layer {
public:
    enum class Bug { None, Doubled, MirroredDy, Sign };
    ScaledTanh(double s, Bug bug) : s_(s), bug_(bug) {}
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        t_.resize(x.rows(), x.cols());
        y_.resize(x.rows(), x.cols());
        for (std::size_t k = 0; k < x.size(); ++k) {
            t_[k] = std::tanh(x[k]);
            y_[k] = s_ * t_[k];
        }
        return y_;
    }
    // dx = dy s (1 - tanh(x)^2)
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        dx_.resize(dy.rows(), dy.cols());
        for (std::size_t n = 0; n < dy.rows(); ++n)
            for (std::size_t j = 0; j < dy.cols(); ++j) {
                // a mirrored column of dy: invisible when every dy is 1, as for L = sum(y)
                const double g = bug_ == Bug::MirroredDy ? dy(n, dy.cols() - 1 - j) : dy(n, j);
                double slope = s_ * (1.0 - t_(n, j) * t_(n, j));
                if (bug_ == Bug::Doubled) slope *= 2.0;
                if (bug_ == Bug::Sign) slope = -slope;
                dx_(n, j) = g * slope;
            }
        return dx_;
    }
    std::string name() const override { return "ScaledTanh"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<ScaledTanh>(*this); }

private:
    double s_;
    Bug bug_;
    mlp::Tensor t_, y_, dx_;
};

// y = x (x > 0), alpha (e^x - 1) (x <= 0)
class PlantedELU : public mlp::Layer {
public:
    enum class Bug { None, NegativeSlope };
    PlantedELU(double alpha, Bug bug) : alpha_(alpha), bug_(bug) {}
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        x_ = x;
        y_.resize(x.rows(), x.cols());
        for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] > 0.0 ? x[k] : alpha_ * std::expm1(x[k]);
        return y_;
    }
    // dx = dy * 1 (x > 0), dy * alpha e^x (x <= 0)
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        dx_.resize(dy.rows(), dy.cols());
        for (std::size_t k = 0; k < dy.size(); ++k) {
            const double negative_slope = bug_ == Bug::NegativeSlope ? std::exp(x_[k]) : alpha_ * std::exp(x_[k]);
            dx_[k] = dy[k] * (x_[k] > 0.0 ? 1.0 : negative_slope);
        }
        return dx_;
    }
    std::string name() const override { return "ELU"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<PlantedELU>(*this); }

private:
    double alpha_;
    Bug bug_;
    mlp::Tensor x_, y_, dx_;
};

// y = x Phi(x), Phi the standard normal CDF (GELU)
class PlantedGELU : public mlp::Layer {
public:
    enum class Bug { None, TanhFormSlope };
    explicit PlantedGELU(Bug bug) : bug_(bug) {}
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        x_ = x;
        y_.resize(x.rows(), x.cols());
        for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] * 0.5 * std::erfc(-x[k] / std::sqrt(2.0));
        return y_;
    }
    // dx = dy (Phi(x) + x phi(x)); the bug: the slope of GELU's tanh form, right to about 3 digits
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        dx_.resize(dy.rows(), dy.cols());
        const double pi = 3.14159265358979323846;
        for (std::size_t k = 0; k < dy.size(); ++k) {
            const double x = x_[k];
            double slope = 0.5 * std::erfc(-x / std::sqrt(2.0)) + x * std::exp(-0.5 * x * x) / std::sqrt(2.0 * pi);
            if (bug_ == Bug::TanhFormSlope) {
                const double c = std::sqrt(2.0 / pi), u = c * (x + 0.044715 * x * x * x);
                const double t = std::tanh(u);
                slope = 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * c * (1.0 + 3.0 * 0.044715 * x * x);
            }
            dx_[k] = dy[k] * slope;
        }
        return dx_;
    }
    std::string name() const override { return "GELU"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<PlantedGELU>(*this); }

private:
    Bug bug_;
    mlp::Tensor x_, y_, dx_;
};

// y[n][j] = w[j] x[n][j]   x (N, F), w (1, F)
class ElementScale : public mlp::Layer {
public:
    enum class Bug { None, FirstSampleOnly };
    ElementScale(mlp::Tensor weights, Bug bug) : w(std::move(weights)), bug_(bug) { dw.resize(1, w.cols()); }
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        x_ = x;
        y_.resize(x.rows(), x.cols());
        for (std::size_t n = 0; n < x.rows(); ++n)
            for (std::size_t j = 0; j < x.cols(); ++j) y_(n, j) = w(0, j) * x(n, j);
        return y_;
    }
    // dx[n][j] = dy[n][j] w[j];  dw[j] += sum_n dy[n][j] x[n][j]
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        dx_.resize(dy.rows(), dy.cols());
        for (std::size_t n = 0; n < dy.rows(); ++n)
            for (std::size_t j = 0; j < dy.cols(); ++j) {
                dx_(n, j) = dy(n, j) * w(0, j);
                if (bug_ != Bug::FirstSampleOnly || n == 0) dw(0, j) += dy(n, j) * x_(n, j);
            }
        return dx_;
    }
    std::vector<mlp::Param> params() override { return {{"w", &w, &dw}}; }
    std::string name() const override { return "ElementScale"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<ElementScale>(*this); }

    mlp::Tensor w, dw;

private:
    Bug bug_;
    mlp::Tensor x_, y_, dx_;
};

}  // namespace exercises::planted
