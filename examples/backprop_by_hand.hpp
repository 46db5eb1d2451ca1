// SPDX-License-Identifier: MIT
// backprop_by_hand.hpp: the 2-2-2 sigmoid network of the classic worked example (Matt Mazur,
// "A Step by Step Backpropagation Example", 2015), computed twice: with plain scalar arithmetic,
// exactly as on paper (on_paper), and with the library's layers (library_step). The lesson
// prints the library's numbers; the test checks every one of them against the paper.
#pragma once

#include <cmath>

#include "mlp/mlp.hpp"

namespace by_hand {

// Inputs, targets, weights and biases of the worked example; learning rate 0.5.
struct Setup {
    double i1 = 0.05, i2 = 0.10;
    double t1 = 0.01, t2 = 0.99;
    double w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30, b1 = 0.35;  // input -> hidden
    double w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55, b2 = 0.60;  // hidden -> output
    double lr = 0.5;
};

// Every intermediate, named as on paper.
struct Paper {
    double net_h1, net_h2, out_h1, out_h2, net_o1, net_o2, out_o1, out_o2, E;
    // output layer: dE/dout_o, dout_o/dnet_o, and dE/dw5..w8, dE/db2 (b2 feeds both outputs)
    double dE_dout_o1, dE_dout_o2, dout_o1_dnet_o1, dout_o2_dnet_o2, delta_o1, delta_o2;
    double dE_dw5, dE_dw6, dE_dw7, dE_dw8, dE_db2;
    // hidden layer: dE/dout_h collects both outputs' deltas; dE/dw1..w4, dE/db1
    double dE_dout_h1, dE_dout_h2, dout_h1_dnet_h1, dout_h2_dnet_h2;
    double dE_dw1, dE_dw2, dE_dw3, dE_dw4, dE_db1;
};

inline double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// E = 1/2 ((t1 - out_o1)^2 + (t2 - out_o2)^2), the textbook's error. With one sample and two
// outputs it equals MSELoss (the mean over the 2 elements), so the gradients agree too.
inline Paper on_paper(const Setup& s) {
    Paper p{};
    // forward
    p.net_h1 = s.w1 * s.i1 + s.w2 * s.i2 + s.b1;
    p.net_h2 = s.w3 * s.i1 + s.w4 * s.i2 + s.b1;
    p.out_h1 = sigmoid(p.net_h1);
    p.out_h2 = sigmoid(p.net_h2);
    p.net_o1 = s.w5 * p.out_h1 + s.w6 * p.out_h2 + s.b2;
    p.net_o2 = s.w7 * p.out_h1 + s.w8 * p.out_h2 + s.b2;
    p.out_o1 = sigmoid(p.net_o1);
    p.out_o2 = sigmoid(p.net_o2);
    p.E = 0.5 * ((s.t1 - p.out_o1) * (s.t1 - p.out_o1) + (s.t2 - p.out_o2) * (s.t2 - p.out_o2));
    // backward, output layer: dE/dw5 = dE/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5
    p.dE_dout_o1 = -(s.t1 - p.out_o1);
    p.dE_dout_o2 = -(s.t2 - p.out_o2);
    p.dout_o1_dnet_o1 = p.out_o1 * (1.0 - p.out_o1);
    p.dout_o2_dnet_o2 = p.out_o2 * (1.0 - p.out_o2);
    p.delta_o1 = p.dE_dout_o1 * p.dout_o1_dnet_o1;
    p.delta_o2 = p.dE_dout_o2 * p.dout_o2_dnet_o2;
    p.dE_dw5 = p.delta_o1 * p.out_h1;
    p.dE_dw6 = p.delta_o1 * p.out_h2;
    p.dE_dw7 = p.delta_o2 * p.out_h1;
    p.dE_dw8 = p.delta_o2 * p.out_h2;
    p.dE_db2 = p.delta_o1 + p.delta_o2;
    // backward, hidden layer: out_h1 feeds both outputs, so dE/dout_h1 sums two paths
    p.dE_dout_h1 = p.delta_o1 * s.w5 + p.delta_o2 * s.w7;
    p.dE_dout_h2 = p.delta_o1 * s.w6 + p.delta_o2 * s.w8;
    p.dout_h1_dnet_h1 = p.out_h1 * (1.0 - p.out_h1);
    p.dout_h2_dnet_h2 = p.out_h2 * (1.0 - p.out_h2);
    p.dE_dw1 = p.dE_dout_h1 * p.dout_h1_dnet_h1 * s.i1;
    p.dE_dw2 = p.dE_dout_h1 * p.dout_h1_dnet_h1 * s.i2;
    p.dE_dw3 = p.dE_dout_h2 * p.dout_h2_dnet_h2 * s.i1;
    p.dE_dw4 = p.dE_dout_h2 * p.dout_h2_dnet_h2 * s.i2;
    p.dE_db1 = p.dE_dout_h1 * p.dout_h1_dnet_h1 + p.dE_dout_h2 * p.dout_h2_dnet_h2;
    return p;
}

// The same network from the library's layers. Dense's W is (in, out): W[i][j] connects input i
// to unit j, so h1 = w1 i1 + w2 i2 puts w1 at W(0, 0) and w2 at W(1, 0).
inline mlp::Sequential as_layers(const Setup& s) {
    mlp::Sequential model;
    model.emplace<mlp::Dense>(mlp::Tensor::from_rows({{s.w1, s.w3}, {s.w2, s.w4}}),
                              mlp::Tensor::from_rows({{s.b1, s.b1}}));
    model.emplace<mlp::Sigmoid>();
    model.emplace<mlp::Dense>(mlp::Tensor::from_rows({{s.w5, s.w7}, {s.w6, s.w8}}),
                              mlp::Tensor::from_rows({{s.b2, s.b2}}));
    model.emplace<mlp::Sigmoid>();
    return model;
}

// Every number of one training step as the library's layers computed it, named as on paper.
// Tensors are (1, 2) rows: column 0 is unit 1 (h1, o1), column 1 is unit 2 (h2, o2).
struct Trace {
    mlp::Tensor x, t;                          // the sample (i1, i2) and its targets (t1, t2)
    mlp::Tensor W1, b1, W2, b2;                // the parameters before the step
    // forward: what each layer's forward returned
    mlp::Tensor net_h, out_h, net_o, out_o;
    double E = 0.0;                            // MSELoss: the mean over the 2 outputs
    // backward: what the loss's and each layer's backward returned, last layer first
    mlp::Tensor dE_dout_o;                     // MSELoss::backward
    mlp::Tensor dE_dnet_o;                     // the output Sigmoid's backward: delta_o
    mlp::Tensor dE_dout_h;                     // the output Dense's backward: dL/dx
    mlp::Tensor dE_dnet_h;                     // the hidden Sigmoid's backward: delta_h
    mlp::Tensor dE_dx;                         // the hidden Dense's backward (unused by SGD)
    mlp::Tensor dW1, db1, dW2, db2;            // what the Dense backwards added into dW, db
    // the update: the parameters after sgd.step(), and the loss of the same sample again
    mlp::Tensor W1_new, b1_new, W2_new, b2_new;
    double E_after = 0.0;
};

// One SGD step of the library's network on the one sample, layer by layer: the same calls
// Sequential::forward and Sequential::backward make, with each result kept.
inline Trace library_step(const Setup& s) {
    mlp::Sequential model = as_layers(s);
    auto& hidden = dynamic_cast<mlp::Dense&>(model[0]);
    mlp::Layer& hidden_sigmoid = model[1];
    auto& output = dynamic_cast<mlp::Dense&>(model[2]);
    mlp::Layer& output_sigmoid = model[3];
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = s.lr});

    Trace r;
    r.x = mlp::Tensor::from_rows({{s.i1, s.i2}});
    r.t = mlp::Tensor::from_rows({{s.t1, s.t2}});
    r.W1 = hidden.W;
    r.b1 = hidden.b;
    r.W2 = output.W;
    r.b2 = output.b;

    r.net_h = hidden.forward(r.x);               // net_h = x W1 + b1
    r.out_h = hidden_sigmoid.forward(r.net_h);   // out_h = sigmoid(net_h)
    r.net_o = output.forward(r.out_h);           // net_o = out_h W2 + b2
    r.out_o = output_sigmoid.forward(r.net_o);   // out_o = sigmoid(net_o)
    r.E = loss.forward(r.out_o, r.t);

    sgd.zero_grad();
    r.dE_dout_o = loss.backward();
    r.dE_dnet_o = output_sigmoid.backward(r.dE_dout_o);
    r.dE_dout_h = output.backward(r.dE_dnet_o);
    r.dE_dnet_h = hidden_sigmoid.backward(r.dE_dout_h);
    r.dE_dx = hidden.backward(r.dE_dnet_h);
    r.dW1 = hidden.dW;
    r.db1 = hidden.db;
    r.dW2 = output.dW;
    r.db2 = output.db;

    sgd.step();
    r.W1_new = hidden.W;
    r.b1_new = hidden.b;
    r.W2_new = output.W;
    r.b2_new = output.b;
    r.E_after = loss.forward(model.forward(r.x), r.t);
    return r;
}

}  // namespace by_hand
