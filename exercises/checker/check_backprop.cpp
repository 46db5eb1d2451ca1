// SPDX-License-Identifier: MIT
// check_backprop.cpp: exercise 7, backprop through a whole two-layer sigmoid network by hand.
#include <cmath>

#include "checker/checker.hpp"

namespace exercises {

namespace {

struct Network {
    mlp::Tensor x, t, W1, b1, W2, b2;
};

struct Result {
    mlp::Tensor L = mlp::Tensor(1, 1);  // the loss, as a (1, 1) tensor so it is compared like the rest
    mlp::Tensor dW1, db1, dW2, db2;
};

// The right answer, from the library's layers and loss.
Result library_answer(const Network& net) {
    mlp::Dense hidden(net.W1, net.b1), output(net.W2, net.b2);
    mlp::Sigmoid hidden_sigmoid, output_sigmoid;
    mlp::MSELoss loss;
    Result r;
    r.L(0, 0) = loss.forward(output_sigmoid.forward(output.forward(hidden_sigmoid.forward(hidden.forward(net.x)))),
                             net.t);
    hidden.backward(hidden_sigmoid.backward(output.backward(output_sigmoid.backward(loss.backward()))));
    r.dW1 = hidden.dW;
    r.db1 = hidden.db;
    r.dW2 = output.dW;
    r.db2 = output.db;
    return r;
}

// One slip in the derivation, and the numbers it gives.
enum class Slip {
    TextbookE,          // L = 1/2 sum (o - t)^2, dL/do = o - t: the worked example's E, not the mean
    MeanOverSamples,    // dL/do = 2 (o - t) / N: the mean over the samples only, not over the outputs too
    NoOutputSlope,      // delta_o = dL/do: the output sigmoid's derivative forgotten
    NoHiddenSlope,      // delta_h = dL/dh: the hidden sigmoid's derivative forgotten
    NetForH,            // dW2 from net_h instead of h = sigmoid(net_h)
    W2NotTransposed,    // dL/dh(n, j) = sum_k delta_o(n, k) W2(k, j): only possible when W2 is square
};

// The same network by hand, with the slip: plain loops, the names of the exercise.
Result by_hand(const Network& net, Slip slip) {
    const std::size_t N = net.x.rows(), in = net.W1.rows(), H = net.W1.cols(), out = net.W2.cols();
    if (slip == Slip::W2NotTransposed && H != out) return Result{mlp::Tensor(), {}, {}, {}, {}};  // no such numbers
    mlp::Tensor net_h(N, H), h(N, H), net_o(N, out), o(N, out);
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t j = 0; j < H; ++j) {
            net_h(n, j) = net.b1(0, j);
            for (std::size_t i = 0; i < in; ++i) net_h(n, j) += net.x(n, i) * net.W1(i, j);
            h(n, j) = 1.0 / (1.0 + std::exp(-net_h(n, j)));
        }
        for (std::size_t k = 0; k < out; ++k) {
            net_o(n, k) = net.b2(0, k);
            for (std::size_t j = 0; j < H; ++j) net_o(n, k) += h(n, j) * net.W2(j, k);
            o(n, k) = 1.0 / (1.0 + std::exp(-net_o(n, k)));
        }
    }
    Result r;
    const double elements = static_cast<double>(N * out);
    double scale = 2.0 / elements;  // dL/do = 2 (o - t) / (N out)
    if (slip == Slip::TextbookE) scale = 1.0;
    if (slip == Slip::MeanOverSamples) scale = 2.0 / static_cast<double>(N);
    mlp::Tensor delta_o(N, out), delta_h(N, H);
    r.L(0, 0) = 0.0;
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t k = 0; k < out; ++k) {
            const double e = o(n, k) - net.t(n, k);
            r.L(0, 0) += slip == Slip::TextbookE ? 0.5 * e * e : e * e / elements;
            delta_o(n, k) = scale * e * (slip == Slip::NoOutputSlope ? 1.0 : o(n, k) * (1.0 - o(n, k)));
        }
        for (std::size_t j = 0; j < H; ++j) {
            double dh = 0.0;
            for (std::size_t k = 0; k < out; ++k)
                dh += delta_o(n, k) * (slip == Slip::W2NotTransposed ? net.W2(k, j) : net.W2(j, k));
            delta_h(n, j) = dh * (slip == Slip::NoHiddenSlope ? 1.0 : h(n, j) * (1.0 - h(n, j)));
        }
    }
    r.dW1 = mlp::Tensor(in, H);
    r.db1 = mlp::Tensor(1, H);
    r.dW2 = mlp::Tensor(H, out);
    r.db2 = mlp::Tensor(1, out);
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t j = 0; j < H; ++j) {
            for (std::size_t k = 0; k < out; ++k)
                r.dW2(j, k) += (slip == Slip::NetForH ? net_h(n, j) : h(n, j)) * delta_o(n, k);
            for (std::size_t i = 0; i < in; ++i) r.dW1(i, j) += net.x(n, i) * delta_h(n, j);
            r.db1(0, j) += delta_h(n, j);
        }
        for (std::size_t k = 0; k < out; ++k) r.db2(0, k) += delta_o(n, k);
    }
    return r;
}

struct Known {
    Slip slip;
    const char* hint;
};
const Known kSlips[] = {
    {Slip::TextbookE, "this is the worked example's E = 1/2 sum (t - o)^2. The loss here is mlp::MSELoss, the MEAN "
                      "of (o - t)^2 over all N x out elements, so dL/do = 2 (o - t) / (N out) (the two agree only "
                      "for 1 sample and 2 outputs)."},
    {Slip::MeanOverSamples, "the mean is over all N x out elements, not the N samples alone: dL/do = 2 (o - t) / "
                            "(N out)."},
    {Slip::NoOutputSlope, "the output sigmoid's derivative is missing: delta_o = dL/do * o (1 - o)."},
    {Slip::NoHiddenSlope, "the hidden sigmoid's derivative is missing: delta_h = dL/dh * h (1 - h)."},
    {Slip::NetForH, "dW2 pairs delta_o with the hidden layer's OUTPUT h = sigmoid(net_h), the input the second "
                    "layer multiplies, not with net_h."},
    {Slip::W2NotTransposed, "dL/dh(n, j) sums delta_o(n, k) W2(j, k) over the outputs k: W2(j, k) connects hidden "
                            "unit j to output k (this is dx = dy W^T of exercise 2)."},
};

// Compares one call; `previous` (same shapes) is what the buffers held before it, or empty.
bool check_call(Verdict& v, const TwoLayerBackprop& student, const Network& net, const std::string& label,
                Result& got, const Result* previous) {
    double L = 0.0;
    if (!run_student_code(v, [&] { student(net.x, net.t, net.W1, net.b1, net.W2, net.b2, L, got.dW1, got.db1,
                                           got.dW2, got.db2); }))
        return false;
    got.L(0, 0) = L;
    const Result right = library_answer(net);
    std::vector<Result> slipped;
    for (const Known& k : kSlips) slipped.push_back(by_hand(net, k.slip));
    auto mistakes = [&](mlp::Tensor Result::*member) {
        std::vector<Mistake> m;
        if (previous != nullptr) {
            mlp::Tensor added = previous->*member;
            for (std::size_t e = 0; e < added.size(); ++e) added[e] += (right.*member)[e];
            m.push_back({added, "it kept the previous call's numbers and added this call's to them: the "
                                "gradients are WRITTEN here (the function returns this one batch's gradients)."});
        }
        for (std::size_t s = 0; s < slipped.size(); ++s) m.push_back({slipped[s].*member, kSlips[s].hint});
        return m;
    };
    bool ok = check_tensor(v, "L" + label, got.L, right.L, mistakes(&Result::L));
    ok = check_tensor(v, "dW2" + label, got.dW2, right.dW2, mistakes(&Result::dW2)) && ok;
    ok = check_tensor(v, "db2" + label, got.db2, right.db2, mistakes(&Result::db2)) && ok;
    ok = check_tensor(v, "dW1" + label, got.dW1, right.dW1, mistakes(&Result::dW1)) && ok;
    ok = check_tensor(v, "db1" + label, got.db1, right.db1, mistakes(&Result::db1)) && ok;
    return ok;
}

}  // namespace

Verdict check_two_layer_backprop(const TwoLayerBackprop& student) {
    Verdict v;
    v.title = "Exercise 7: backprop through a two-layer network by hand";
    v.passed = true;
    // The worked example (M. Mazur, "A Step by Step Backpropagation Example"): W(i, j) connects
    // input i to unit j, so w1 = W1(0, 0), w2 = W1(1, 0), w3 = W1(0, 1), ...; each unit has its
    // own bias (both 0.35 in the first layer, 0.60 in the second).
    const Network example{mlp::Tensor::from_rows({{0.05, 0.10}}), mlp::Tensor::from_rows({{0.01, 0.99}}),
                          mlp::Tensor::from_rows({{0.15, 0.25}, {0.20, 0.30}}), mlp::Tensor::from_rows({{0.35, 0.35}}),
                          mlp::Tensor::from_rows({{0.40, 0.50}, {0.45, 0.55}}), mlp::Tensor::from_rows({{0.60, 0.60}})};
    Result got;
    if (!check_call(v, student, example, "", got, nullptr)) return v;
    // 5 samples through a 3-4-2 network: no two sizes equal, so a swapped index reads outside a
    // tensor, and the mean's 1/(N out) is no longer 1/2. The buffers come from the call before
    // (other shapes); the call is then repeated on its own buffers.
    const Network wide{
        mlp::Tensor::from_rows({{0.5, -1.0, 2.0}, {1.5, 0.75, -0.5}, {-1.25, 0.3, 0.9}, {0.2, -0.6, -1.4},
                                {1.1, 1.3, 0.4}}),
        mlp::Tensor::from_rows({{0.9, 0.1}, {0.2, 0.7}, {0.6, 0.4}, {0.05, 0.95}, {0.8, 0.3}}),
        mlp::Tensor::from_rows({{0.2, -0.7, 0.1, 0.5}, {0.9, 0.4, -0.5, -0.3}, {-0.3, 0.6, 0.35, 0.8}}),
        mlp::Tensor::from_rows({{0.1, -0.2, 0.3, 0.05}}),
        mlp::Tensor::from_rows({{0.6, -0.4}, {-0.8, 0.7}, {0.3, 0.9}, {-0.5, -0.2}}),
        mlp::Tensor::from_rows({{-0.1, 0.25}})};
    Verdict second = v;
    if (!check_call(second, student, wide, " (5 samples, 3-4-2)", got, nullptr)) return second;
    const Result first = got;
    Verdict third = v;
    if (!check_call(third, student, wide, " (5 samples, 3-4-2, 2nd call)", got, &first)) return third;
    // Saturated units: a hidden unit's net_h is -800 for the first sample and an output's net_o
    // about -760 for the second, where a sigmoid is exactly 0 and its slope o (1 - o) is 0. The
    // slope written e^-z / (1 + e^-z)^2 is inf / inf = NaN there (e^-z overflows past z = -709).
    const Network saturated{
        mlp::Tensor::from_rows({{1.0, 0.5}, {-0.5, 1.0}, {0.25, -1.0}}),
        mlp::Tensor::from_rows({{0.2, 0.9}, {0.6, 0.1}, {0.4, 0.5}}),
        mlp::Tensor::from_rows({{-800.0, 0.4, 0.3}, {0.0, -0.2, 0.6}}),
        mlp::Tensor::from_rows({{0.0, 0.1, -0.1}}),
        mlp::Tensor::from_rows({{-760.0, 0.5}, {0.3, -0.4}, {0.2, 0.7}}),
        mlp::Tensor::from_rows({{0.0, 0.1}})};
    Verdict fourth = third;
    if (!check_call(fourth, student, saturated, " (saturated sigmoids, net down to -800)", got, nullptr)) {
        bool nan = false;
        for (const mlp::Tensor* t : {&got.L, &got.dW1, &got.db1, &got.dW2, &got.db2})
            for (std::size_t k = 0; k < t->size(); ++k) nan = nan || std::isnan((*t)[k]);
        if (nan)
            fourth.hints.push_back("a NaN where a sigmoid saturates (net below about -709, where e^-net overflows): "
                                   "write its slope from the output, o (1 - o), which is exactly 0 there, not as "
                                   "e^-net / (1 + e^-net)^2 = inf / inf.");
        return fourth;
    }
    v = fourth;
    v.notes.push_back("the worked example, 5 samples through a 3-4-2 network, that call again, and saturated "
                      "sigmoids agree");
    return v;
}

}  // namespace exercises
