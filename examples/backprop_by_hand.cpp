// SPDX-License-Identifier: MIT
// backprop_by_hand.cpp: one forward pass, one backward pass and one SGD step of a 2-2-2 sigmoid
// network, every number printed and labelled so it can be checked with pencil and paper.
// Every number printed is the library's (by_hand::library_step); tests/test_backprop_by_hand.cpp
// recomputes each one with plain scalar arithmetic. Exits non-zero if the library's numbers are
// not the published ones.
#include <cmath>
#include <cstdio>

#include "backprop_by_hand.hpp"
#include "lesson_options.hpp"

namespace {

// A weight of the worked example and where it lives in the library: W is (in, out), so
// W(i, j) connects input i to unit j.
struct Weight {
    const char* name;   // "w5"
    int layer;          // 1: input -> hidden (W1), 2: hidden -> output (W2)
    std::size_t i, j;   // W(i, j)
};
constexpr Weight kWeights[] = {
    {"w1", 1, 0, 0}, {"w2", 1, 1, 0}, {"w3", 1, 0, 1}, {"w4", 1, 1, 1},
    {"w5", 2, 0, 0}, {"w6", 2, 1, 0}, {"w7", 2, 0, 1}, {"w8", 2, 1, 1},
};

const char* kInput[] = {"i1", "i2"};
const char* kHidden[] = {"h1", "h2"};
const char* kOutput[] = {"o1", "o2"};

}  // namespace

// What --help says.
const lesson::About kAbout{
    "one forward pass, one backward pass and one SGD step of a 2-2-2 sigmoid network, every number printed and labelled to check with pencil and paper.",
    "nothing",
    "instant; --quick changes nothing"};

int main(int argc, char** argv) {
    lesson::Options options;  // the common options are accepted; this lesson reads none of them
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    const by_hand::Setup s;
    const by_hand::Trace r = by_hand::library_step(s);

    std::printf("BACKPROP BY HAND: a 2-2-2 sigmoid network, one sample, squared error, one SGD step\n");
    std::printf("(the classic worked example: M. Mazur, \"A Step by Step Backpropagation Example\", 2015)\n\n");
    std::printf("  inputs  i1 = %.2f, i2 = %.2f        targets t1 = %.2f, t2 = %.2f\n", s.i1, s.i2, s.t1, s.t2);
    std::printf("  hidden  net_h1 = w1*i1 + w2*i2 + b1,  net_h2 = w3*i1 + w4*i2 + b1,  out_h = sigmoid(net_h)\n");
    std::printf("  output  net_o1 = w5*out_h1 + w6*out_h2 + b2,  net_o2 = w7*out_h1 + w8*out_h2 + b2,  out_o = sigmoid(net_o)\n");
    std::printf("  In the library each layer is Dense(W, b) with W of shape (in, out): W(i, j) connects input i\n"
                "  to unit j, so the textbook's weights sit at\n");
    for (const Weight& w : kWeights) {
        const mlp::Tensor& W = w.layer == 1 ? r.W1 : r.W2;
        std::printf("    %s = W%d(%zu, %zu) = %.2f   (%s -> %s)\n", w.name, w.layer, w.i, w.j, W(w.i, w.j),
                    w.layer == 1 ? kInput[w.i] : kHidden[w.i], w.layer == 1 ? kHidden[w.j] : kOutput[w.j]);
    }
    std::printf("    b1 = %.2f and b2 = %.2f are shared by both units of a layer on paper; the library\n"
                "    gives each unit its own bias, so b1 is the row (%.2f, %.2f), and so is b2.\n\n",
                s.b1, s.b2, r.b1(0, 0), r.b1(0, 1));

    std::printf("ABOUT E. The textbook's error is E = 1/2 sum_j (t_j - out_j)^2; the 1/2 is there so that\n"
                "  dE/dout_j = out_j - t_j, with no 2 in front. mlp::MSELoss is PyTorch's mean instead:\n"
                "  L = 1/(N F) sum_n sum_j (out_nj - t_nj)^2 over N samples and F outputs, and\n"
                "  dL/dout = 2 (out - t) / (N F). In general L = 2/(N F) * E (E summed over the samples too),\n"
                "  so every gradient of L is 2/(N F) times the textbook's, and SGD on L with rate lr takes\n"
                "  the textbook's step with rate lr * 2/(N F). Here N = 1 sample and F = 2 outputs:\n"
                "  2/(N F) = 1, so L = E and every number below is the textbook's.\n\n");

    std::printf("FORWARD (what Dense::forward and Sigmoid::forward returned)\n");
    for (std::size_t j = 0; j < 2; ++j) {
        const Weight& a = kWeights[j == 0 ? 0 : 2];
        const Weight& b = kWeights[j == 0 ? 1 : 3];
        std::printf("  net_%s = %s*i1 + %s*i2 + b1 = %.2f*%.2f + %.2f*%.2f + %.2f = %.9f\n", kHidden[j], a.name,
                    b.name, r.W1(0, j), r.x(0, 0), r.W1(1, j), r.x(0, 1), r.b1(0, j), r.net_h(0, j));
    }
    for (std::size_t j = 0; j < 2; ++j)
        std::printf("  out_%s = 1 / (1 + exp(-net_%s)) = %.9f\n", kHidden[j], kHidden[j], r.out_h(0, j));
    for (std::size_t j = 0; j < 2; ++j) {
        const Weight& a = kWeights[j == 0 ? 4 : 6];
        const Weight& b = kWeights[j == 0 ? 5 : 7];
        std::printf("  net_%s = %s*out_h1 + %s*out_h2 + b2 = %.2f*%.9f + %.2f*%.9f + %.2f = %.9f\n", kOutput[j],
                    a.name, b.name, r.W2(0, j), r.out_h(0, 0), r.W2(1, j), r.out_h(0, 1), r.b2(0, j),
                    r.net_o(0, j));
    }
    for (std::size_t j = 0; j < 2; ++j)
        std::printf("  out_%s = 1 / (1 + exp(-net_%s)) = %.9f\n", kOutput[j], kOutput[j], r.out_o(0, j));
    std::printf("  E = 1/2 (t1 - out_o1)^2 + 1/2 (t2 - out_o2)^2\n"
                "    = 1/2 (%.2f - %.9f)^2 + 1/2 (%.2f - %.9f)^2 = %.9f   (MSELoss::forward)\n\n",
                r.t(0, 0), r.out_o(0, 0), r.t(0, 1), r.out_o(0, 1), r.E);

    std::printf("BACKWARD, output layer (each partial by the chain rule)\n");
    for (std::size_t j = 0; j < 2; ++j) {
        const char* o = kOutput[j];
        const double local = r.out_o(0, j) * (1.0 - r.out_o(0, j));
        std::printf("  dE/dout_%s = out_%s - t%zu = %.9f - %.2f = %.9f   (MSELoss::backward)\n", o, o, j + 1,
                    r.out_o(0, j), r.t(0, j), r.dE_dout_o(0, j));
        std::printf("  dout_%s/dnet_%s = out_%s (1 - out_%s) = %.9f\n", o, o, o, o, local);
        std::printf("  delta_%s = dE/dnet_%s = dE/dout_%s * dout_%s/dnet_%s = %.9f * %.9f = %.9f   (Sigmoid::backward)\n",
                    o, o, o, o, o, r.dE_dout_o(0, j), local, r.dE_dnet_o(0, j));
    }
    for (std::size_t k = 4; k < 8; ++k) {
        const Weight& w = kWeights[k];
        const char* o = kOutput[w.j];
        const char* h = kHidden[w.i];
        std::printf("  dE/d%s = dE/dout_%s * dout_%s/dnet_%s * dnet_%s/d%s = %.9f * %.9f * %.9f = %.9f   (dW2(%zu, %zu))\n",
                    w.name, o, o, o, o, w.name, r.dE_dout_o(0, w.j), r.out_o(0, w.j) * (1.0 - r.out_o(0, w.j)),
                    r.out_h(0, w.i), r.dW2(w.i, w.j), w.i, w.j);
        std::printf("         (dnet_%s/d%s = out_%s: the input that %s multiplies)\n", o, w.name, h, w.name);
    }
    for (std::size_t j = 0; j < 2; ++j)
        std::printf("  dE/db2 for %s = delta_%s * dnet_%s/db2 = %.9f * 1 = %.9f   (db2(0, %zu))\n", kOutput[j],
                    kOutput[j], kOutput[j], r.dE_dnet_o(0, j), r.db2(0, j), j);
    std::printf("  (the textbook's shared b2 would get the sum, %.9f)\n\n", r.db2(0, 0) + r.db2(0, 1));

    std::printf("BACKWARD, hidden layer (out_h1 feeds both outputs, so its two paths add up)\n");
    for (std::size_t i = 0; i < 2; ++i) {
        const char* h = kHidden[i];
        const Weight& to_o1 = kWeights[i == 0 ? 4 : 5];
        const Weight& to_o2 = kWeights[i == 0 ? 6 : 7];
        std::printf("  dE/dout_%s = delta_o1 * %s + delta_o2 * %s = %.9f * %.2f + %.9f * %.2f = %.9f   (Dense::backward: dx = dy W^T)\n",
                    h, to_o1.name, to_o2.name, r.dE_dnet_o(0, 0), r.W2(i, 0), r.dE_dnet_o(0, 1), r.W2(i, 1),
                    r.dE_dout_h(0, i));
    }
    for (std::size_t i = 0; i < 2; ++i) {
        const char* h = kHidden[i];
        const double local = r.out_h(0, i) * (1.0 - r.out_h(0, i));
        std::printf("  delta_%s = dE/dout_%s * out_%s (1 - out_%s) = %.9f * %.9f = %.9f   (Sigmoid::backward)\n", h,
                    h, h, h, r.dE_dout_h(0, i), local, r.dE_dnet_h(0, i));
    }
    for (std::size_t k = 0; k < 4; ++k) {
        const Weight& w = kWeights[k];
        const char* h = kHidden[w.j];
        std::printf("  dE/d%s = dE/dout_%s * dout_%s/dnet_%s * dnet_%s/d%s = %.9f * %.9f * %.2f = %.9f   (dW1(%zu, %zu))\n",
                    w.name, h, h, h, h, w.name, r.dE_dout_h(0, w.j), r.out_h(0, w.j) * (1.0 - r.out_h(0, w.j)),
                    r.x(0, w.i), r.dW1(w.i, w.j), w.i, w.j);
    }
    for (std::size_t j = 0; j < 2; ++j)
        std::printf("  dE/db1 for %s = delta_%s = %.9f   (db1(0, %zu))\n", kHidden[j], kHidden[j], r.db1(0, j), j);
    std::printf("\n");

    std::printf("UPDATE (SGD::step with lr = %.1f: w+ = w - lr * dE/dw, every gradient taken before any update)\n", s.lr);
    for (const Weight& w : kWeights) {
        const mlp::Tensor& W = w.layer == 1 ? r.W1 : r.W2;
        const mlp::Tensor& dW = w.layer == 1 ? r.dW1 : r.dW2;
        const mlp::Tensor& W_new = w.layer == 1 ? r.W1_new : r.W2_new;
        std::printf("  %s+ = %.2f - %.1f * %.9f = %.9f\n", w.name, W(w.i, w.j), s.lr, dW(w.i, w.j), W_new(w.i, w.j));
    }
    for (std::size_t j = 0; j < 2; ++j)
        std::printf("  b1 of %s+ = %.2f - %.1f * %.9f = %.9f      b2 of %s+ = %.2f - %.1f * %.9f = %.9f\n",
                    kHidden[j], r.b1(0, j), s.lr, r.db1(0, j), r.b1_new(0, j), kOutput[j], r.b2(0, j), s.lr,
                    r.db2(0, j), r.b2_new(0, j));
    std::printf("  E on the same sample: %.9f before the step, %.9f after it. (The article leaves the\n"
                "  biases alone and reports 0.291027924; the library updates them too, so it goes lower.)\n\n",
                r.E, r.E_after);

    // The numbers the article publishes, to the digits it prints.
    const bool agrees = std::abs(r.E - 0.298371109) < 1e-9 && std::abs(r.dW2(0, 0) - 0.082167041) < 1e-9 &&
                        std::abs(r.W2_new(0, 0) - 0.35891648) < 1e-8 &&
                        std::abs(r.W1_new(0, 0) - 0.149780716) < 1e-9 && r.E_after < r.E;
    if (!agrees) {
        std::printf("MISMATCH: the library's numbers differ from the published worked example.\n");
        return 1;
    }
    std::printf("The library's numbers agree with the published example (E = 0.298371109, dE/dw5 = 0.082167041,\n"
                "w5+ = 0.35891648, w1+ = 0.149780716), and the step lowered the error.\n");
    return 0;
}
