// backprop_by_hand.cpp: one forward pass, one backward pass and one SGD step of a 2-2-2 sigmoid
// network, every number printed and labelled so it can be checked with pencil and paper.
#include <cstdio>

#include "backprop_by_hand.hpp"

int main() {
    const by_hand::Setup s;
    const by_hand::Paper p = by_hand::on_paper(s);

    std::printf("A 2-2-2 sigmoid network, one sample, squared error (the classic worked example).\n");
    std::printf("inputs i1 = %.2f, i2 = %.2f; targets t1 = %.2f, t2 = %.2f\n", s.i1, s.i2, s.t1, s.t2);
    std::printf("weights w1..w4 = %.2f %.2f %.2f %.2f, b1 = %.2f; w5..w8 = %.2f %.2f %.2f %.2f, b2 = %.2f\n\n",
                s.w1, s.w2, s.w3, s.w4, s.b1, s.w5, s.w6, s.w7, s.w8, s.b2);

    std::printf("FORWARD\n");
    std::printf("  net_h1 = w1*i1 + w2*i2 + b1 = %.9f     out_h1 = sigmoid(net_h1) = %.9f\n", p.net_h1, p.out_h1);
    std::printf("  net_h2 = w3*i1 + w4*i2 + b1 = %.9f     out_h2 = sigmoid(net_h2) = %.9f\n", p.net_h2, p.out_h2);
    std::printf("  net_o1 = w5*out_h1 + w6*out_h2 + b2 = %.9f  out_o1 = %.9f\n", p.net_o1, p.out_o1);
    std::printf("  net_o2 = w7*out_h1 + w8*out_h2 + b2 = %.9f  out_o2 = %.9f\n", p.net_o2, p.out_o2);
    std::printf("  E = 1/2 (t1 - out_o1)^2 + 1/2 (t2 - out_o2)^2 = %.9f\n", p.E);
    std::printf("  (mlp::MSELoss is the mean over the 2 outputs: (1/2) sum, the same E here.)\n\n");

    std::printf("BACKWARD, output layer (chain rule: dE/dw5 = dE/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5)\n");
    std::printf("  dE/dout_o1 = -(t1 - out_o1) = %.9f\n", p.dE_dout_o1);
    std::printf("  dout_o1/dnet_o1 = out_o1 (1 - out_o1) = %.9f\n", p.dout_o1_dnet_o1);
    std::printf("  dnet_o1/dw5 = out_h1 = %.9f\n", p.out_h1);
    std::printf("  dE/dw5 = %.9f * %.9f * %.9f = %.9f\n", p.dE_dout_o1, p.dout_o1_dnet_o1, p.out_h1, p.dE_dw5);
    std::printf("  dE/dw6 = delta_o1 * out_h2 = %.9f\n", p.dE_dw6);
    std::printf("  dE/dw7 = delta_o2 * out_h1 = %.9f   (delta_o2 = dE/dout_o2 * dout_o2/dnet_o2 = %.9f)\n",
                p.dE_dw7, p.delta_o2);
    std::printf("  dE/dw8 = delta_o2 * out_h2 = %.9f\n", p.dE_dw8);
    std::printf("  dE/db2 = delta_o1 + delta_o2 = %.9f\n\n", p.dE_db2);

    std::printf("BACKWARD, hidden layer (out_h1 feeds both outputs, so two paths add up)\n");
    std::printf("  dE/dout_h1 = delta_o1*w5 + delta_o2*w7 = %.9f\n", p.dE_dout_h1);
    std::printf("  dout_h1/dnet_h1 = out_h1 (1 - out_h1) = %.9f\n", p.dout_h1_dnet_h1);
    std::printf("  dE/dw1 = dE/dout_h1 * dout_h1/dnet_h1 * i1 = %.9f\n", p.dE_dw1);
    std::printf("  dE/dw2 = ... * i2 = %.9f    dE/dw3 = %.9f    dE/dw4 = %.9f\n", p.dE_dw2, p.dE_dw3, p.dE_dw4);
    std::printf("  dE/db1 = %.9f\n\n", p.dE_db1);

    std::printf("UPDATE (SGD, lr = %.1f): w <- w - lr * dE/dw\n", s.lr);
    std::printf("  w5 = %.2f - %.1f * %.9f = %.9f\n", s.w5, s.lr, p.dE_dw5, s.w5 - s.lr * p.dE_dw5);
    std::printf("  w1 = %.2f - %.1f * %.9f = %.9f\n\n", s.w1, s.lr, p.dE_dw1, s.w1 - s.lr * p.dE_dw1);

    // The same step with the library's layers: the five lines of training.
    mlp::Sequential model = by_hand::as_layers(s);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = s.lr});
    const mlp::Tensor x = mlp::Tensor::from_rows({{s.i1, s.i2}});
    const mlp::Tensor t = mlp::Tensor::from_rows({{s.t1, s.t2}});
    const double E = loss.forward(model.forward(x), t);
    sgd.zero_grad();
    model.backward(loss.backward());
    const auto& out = dynamic_cast<const mlp::Dense&>(model[2]);
    std::printf("THE LIBRARY, same network: loss %.9f; dense2.dW (rows: from h1, h2; cols: to o1, o2)\n", E);
    std::printf("  [[%.9f, %.9f],\n   [%.9f, %.9f]]   = [[dE/dw5, dE/dw7], [dE/dw6, dE/dw8]]\n", out.dW(0, 0),
                out.dW(0, 1), out.dW(1, 0), out.dW(1, 1));
    sgd.step();
    std::printf("  after sgd.step(): w5 = %.9f, w1 = %.9f (the library also updates the biases)\n", out.W(0, 0),
                dynamic_cast<const mlp::Dense&>(model[0]).W(0, 0));
    return 0;
}
