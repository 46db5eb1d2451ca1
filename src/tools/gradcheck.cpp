// SPDX-License-Identifier: MIT
// gradcheck.cpp: finite-difference gradient checking with a readable verdict.
#include "mlp/tools/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdio>
#include <ostream>
#include <stdexcept>
#include <vector>

#include "mlp/core/rng.hpp"

namespace mlp {

namespace {

// The scalar being differentiated: either sum_k w[k] y[k] (one layer) or a loss.
struct Objective {
    Layer& layer;
    Loss* loss;            // nullptr: use the weights w
    const Tensor* target;  // for the loss
    Tensor w;              // (shape of y) for the layer objective
    std::string state;     // the layer's random state before the analytic forward

    // Every forward starts from the same random state, so a layer that draws random numbers
    // (Dropout's mask, RReLU's slopes) draws exactly what the analytic forward drew: the
    // function being differentiated stays one function while its inputs are perturbed.
    double value(const Tensor& x) {
        layer.set_state(state);
        const Tensor& y = layer.forward(x);
        if (loss != nullptr) return loss->forward(y, *target);
        if (w.empty()) {
            Rng rng(seed);
            w.resize(y.rows(), y.cols());
            for (std::size_t k = 0; k < w.size(); ++k) w[k] = rng.uniform(-1.0, 1.0);
        }
        double sum = 0.0;
        for (std::size_t k = 0; k < y.size(); ++k) sum += w[k] * y[k];
        return sum;
    }
    // dL/dy for the forward just done.
    Tensor dy() { return loss != nullptr ? loss->backward() : w; }

    std::uint32_t seed;
};

std::string where(const std::string& name, const Tensor& t, std::size_t k) {
    return name + "[" + std::to_string(k / t.cols()) + ", " + std::to_string(k % t.cols()) + "]";
}

// One element's two gradients, and how much rounding the numeric one carries: the difference of
// two values near |f| loses about eps |f| of each, so n is uncertain by about eps |f| / h.
struct Element {
    double analytic, numeric, noise;
    std::string where;
};

// Central differences of every element of `value`, beside the analytic gradient `analytic`.
void differentiate(Objective& f, const Tensor& x, Tensor& value, const Tensor& analytic, const std::string& name,
                   const GradcheckOptions& o, std::vector<Element>& out) {
    constexpr double kEps = std::numeric_limits<double>::epsilon();
    for (std::size_t k = 0; k < value.size(); ++k) {
        const double saved = value[k];
        value[k] = saved + o.h;
        const double plus = f.value(x);
        value[k] = saved - o.h;
        const double minus = f.value(x);
        value[k] = saved;  // restored exactly: gradcheck leaves the model as it found it
        out.push_back({analytic[k], (plus - minus) / (2.0 * o.h),
                       10.0 * kEps * (std::abs(plus) + std::abs(minus)) / (2.0 * o.h), where(name, value, k)});
    }
}

// The relative error |a - n| / max(|a| + |n|, floor) of every element; the worst one is reported.
// The floor keeps an element that is truly 0 from counting as a large relative error. It scales
// with the gradients' own size (min_scale times the largest |a| or |n| seen, at most min_scale),
// so a backward off by a factor of 2 fails whether its gradients are near 1 or near 1e-10; and it
// is never below a million times the element's rounding noise (what central differences can
// resolve at the default tolerance, 1e-6), so a right backward of a saturated layer is not failed
// for the numbers' noise. The noise term does not grow as the tolerance shrinks: a tolerance
// tighter than the arithmetic can meet fails, as it should.
void score(const std::vector<Element>& elements, const GradcheckOptions& o, GradcheckResult& r) {
    double scale = 0.0;
    for (const Element& e : elements) scale = std::max({scale, std::abs(e.analytic), std::abs(e.numeric)});
    const double relative_floor = o.min_scale * std::min(1.0, scale);
    for (const Element& e : elements) {
        const double floor = std::max(relative_floor, 1e6 * e.noise);
        const double error = std::abs(e.analytic - e.numeric) /
                             std::max({std::abs(e.analytic) + std::abs(e.numeric), floor,
                                       std::numeric_limits<double>::min()});
        r.largest_gradient = std::max(r.largest_gradient, std::abs(e.analytic));
        ++r.checked;
        if (!(error <= r.worst_error) || r.worst_where.empty()) {  // NaN counts as worst
            r.worst_error = error;
            r.worst_where = e.where;
            r.worst_analytic = e.analytic;
            r.worst_numeric = e.numeric;
        }
    }
}

GradcheckResult run(Objective& f, const Tensor& x_in, const GradcheckOptions& o,
                    const std::string& what) {
    if (x_in.empty()) throw std::invalid_argument("gradcheck: expected a non-empty input, got " + x_in.shape());
    if (!(o.h > 0.0) || !(o.tolerance > 0.0) || !(o.min_scale > 0.0)) {
        throw std::invalid_argument("gradcheck: expected h, tolerance and min_scale > 0");
    }
    Tensor x = x_in;
    GradcheckResult r;
    r.tolerance = o.tolerance;

    // Analytic gradients: one forward and one backward, from zeroed parameter gradients.
    std::vector<Param> params = f.layer.params();
    for (Param& p : params) p.grad->fill(0.0);
    f.state = f.layer.state();
    f.value(x);
    const Tensor dx = f.layer.backward(f.dy());
    std::vector<Tensor> grads;
    for (Param& p : params) grads.push_back(*p.grad);

    std::vector<Element> elements;
    if (o.check_input) differentiate(f, x, x, dx, "input", o, elements);
    for (std::size_t i = 0; i < params.size(); ++i)
        differentiate(f, x, *params[i].value, grads[i], params[i].name, o, elements);
    score(elements, o, r);
    for (std::size_t i = 0; i < params.size(); ++i) *params[i].grad = grads[i];
    f.layer.set_state(f.state);  // the random generators too are left as gradcheck found them

    r.all_zero = r.largest_gradient == 0.0;
    r.passed = !r.all_zero && r.checked > 0 && r.worst_error <= o.tolerance;

    char line[512];
    if (r.checked == 0) {
        r.passed = false;
        std::snprintf(line, sizeof line, "gradcheck %s: NOTHING CHECKED (no input or parameters)", what.c_str());
    } else if (r.all_zero && r.worst_error <= o.tolerance) {
        std::snprintf(line, sizeof line,
                      "gradcheck %s: REFUSED: all %zu analytic gradients are 0, so agreeing with "
                      "the numeric ones proves nothing (move the points away from flat regions, "
                      "e.g. ReLU at x <= 0, or look at backward)",
                      what.c_str(), r.checked);
    } else {
        std::snprintf(line, sizeof line,
                      "gradcheck %s: %s: worst relative error %.3g at %s (analytic %.10g, numeric "
                      "%.10g), tolerance %.1g; %zu elements, largest |gradient| %.3g",
                      what.c_str(), r.passed ? "PASSED" : "FAILED", r.worst_error,
                      r.worst_where.c_str(), r.worst_analytic, r.worst_numeric, o.tolerance,
                      r.checked, r.largest_gradient);
    }
    r.summary = line;
    return r;
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const GradcheckResult& r) { return os << r.summary; }

GradcheckResult gradcheck(Layer& layer, const Tensor& x, GradcheckOptions options) {
    Objective f{layer, nullptr, nullptr, Tensor(), "", options.seed};
    return run(f, x, options, layer.name());
}

GradcheckResult gradcheck(Layer& model, Loss& loss, const Tensor& x, const Tensor& target,
                          GradcheckOptions options) {
    Objective f{model, &loss, &target, Tensor(), "", options.seed};
    return run(f, x, options, model.name() + " with " + loss.name());
}

}  // namespace mlp
