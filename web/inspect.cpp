// SPDX-License-Identifier: MIT
// inspect.cpp: the lesson's views of the playground's model: the one affine map a network
// without activations is (collapse_linear), one step of backprop with every number the layers
// computed, the diagnostics report's numbers, and the activation lab's row for an activation.
#include <cmath>
#include <map>

#include "../examples/activation_lab.hpp"
#include "json_text.hpp"
#include "playground.hpp"

namespace web {

namespace {

const mlp::Tensor* find_param(std::vector<mlp::Param>& params, const std::string& name) {
    for (const mlp::Param& p : params)
        if (p.name == name) return p.value;
    return nullptr;
}

}  // namespace

// collapse_linear folds every run of Dense layers with nothing non-linear between them into one.
// "linear" is measured, not assumed: the folded model is one layer, and it predicts what the
// network predicts (max_difference over a grid of the picture's square).
std::string Playground::collapse_json() const {
    mlp::Sequential folded = mlp::collapse_linear(model_);
    std::string out = "{\"layers\":" + std::to_string(folded.size());
    if (folded.size() != 1) return out + ",\"linear\":false}";
    std::vector<mlp::Param> params = folded[0].params();
    const mlp::Tensor* W = find_param(params, "W");
    const mlp::Tensor* b = find_param(params, "b");
    if (!W || !b) return out + ",\"linear\":false}";
    mlp::Sequential original = model_;
    const mlp::Tensor g = inputs(grid(20));
    const mlp::Tensor y = original.forward(g);
    const mlp::Tensor& y_folded = folded.forward(g);
    double max_difference = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) max_difference = std::max(max_difference, std::abs(y[k] - y_folded[k]));
    std::string features;
    for (const std::string& f : features_) features += (features.empty() ? "" : ",") + json_string(f);
    return out + ",\"linear\":true,\"features\":[" + features + "],\"W\":" + json_tensor(*W) + ",\"b\":" + json_tensor(*b) +
           ",\"max_difference\":" + json_number(max_difference) + "}";
}

// One step on training sample `sample`, taken on a copy (the page's model does not move), with
// plain SGD at the page's learning rate so the update is lr * gradient, readable by hand:
//   forward:  y_i = layer_i.forward(y_{i-1}), y_{-1} = x;  L = loss(y_last, t)
//   backward: dy_last = dL/dy_last (the loss's backward), dx_i = layer_i.backward(dy_i),
//             dy_{i-1} = dx_i; each layer adds into its dW, db
//   update:   p = p - lr dp
std::string Playground::backprop_json(int sample) {
    if (sample < 0 || static_cast<std::size_t>(sample) >= train_.x.rows())
        throw std::invalid_argument("Playground::backprop_json: expected a sample in [0, " +
                                    std::to_string(train_.x.rows()) + "), got " + std::to_string(sample));
    const std::size_t s = static_cast<std::size_t>(sample);
    mlp::Sequential model = model_;
    std::unique_ptr<mlp::Loss> loss = mlp::make_loss(loss_name_);
    mlp::Tensor x(1, train_x_.cols()), t(1, train_t_.cols());
    for (std::size_t i = 0; i < x.cols(); ++i) x(0, i) = train_x_(s, i);
    for (std::size_t j = 0; j < t.cols(); ++j) t(0, j) = train_t_(s, j);

    std::vector<mlp::Tensor> y, dx;
    const mlp::Tensor* in = &x;
    for (std::size_t i = 0; i < model.size(); ++i) {
        y.push_back(model[i].forward(*in));
        in = &y.back();
    }
    const double L = loss->forward(y.back(), t);
    mlp::SGD sgd(model.params(), {.lr = lr_});
    sgd.zero_grad();
    const mlp::Tensor dloss = loss->backward();
    dx.resize(model.size());
    const mlp::Tensor* dy = &dloss;
    for (std::size_t i = model.size(); i-- > 0;) {
        dx[i] = model[i].backward(*dy);
        dy = &dx[i];
    }
    std::string layers;
    std::vector<std::vector<mlp::Tensor>> before(model.size());
    for (std::size_t i = 0; i < model.size(); ++i)
        for (const mlp::Param& p : model[i].params()) before[i].push_back(*p.value);
    sgd.step();
    for (std::size_t i = 0; i < model.size(); ++i) {
        std::string params;
        std::size_t k = 0;
        for (const mlp::Param& p : model[i].params()) {
            params += std::string(params.empty() ? "" : ",") + "{\"name\":" + json_string(p.name) + ",\"value\":" +
                      json_tensor(before[i][k++]) + ",\"grad\":" + json_tensor(*p.grad) + ",\"after\":" +
                      json_tensor(*p.value) + "}";
        }
        layers += std::string(i ? "," : "") + "{\"index\":" + std::to_string(i) + ",\"spec\":" +
                  json_string(model[i].spec()) + ",\"y\":" + json_tensor(y[i]) + ",\"dx\":" + json_tensor(dx[i]) +
                  ",\"params\":[" + params + "]}";
    }
    const double L_after = loss->forward(model.forward(x), t);
    return "{\"sample\":" + std::to_string(s) + ",\"x\":" + json_tensor(x) + ",\"target\":" + json_tensor(t) +
           ",\"loss_name\":" + json_string(loss->name()) + ",\"loss\":" + json_number(L) + ",\"dloss\":" +
           json_tensor(dloss) + ",\"lr\":" + json_number(lr_) + ",\"layers\":[" + layers +
           "],\"loss_after\":" + json_number(L_after) + "}";
}

// mlp::diagnose on the whole training set with the page's optimizer (its step is undone).
std::string Playground::diagnostics_json() {
    const mlp::Diagnostics d = mlp::diagnose(model_, *loss_, train_x_, train_t_, *optimizer_);
    std::string layers, params, warnings;
    for (const mlp::LayerDiagnostics& l : d.layers)
        layers += std::string(layers.empty() ? "" : ",") + "{\"index\":" + std::to_string(l.index) + ",\"name\":" +
                  json_string(l.name) + ",\"has_params\":" + (l.has_params ? "true" : "false") + ",\"grad_norm\":" +
                  json_number(l.grad_norm) + ",\"units\":" + std::to_string(l.units) + ",\"dead_units\":" +
                  std::to_string(l.dead_units) + ",\"dead_fraction\":" + json_number(l.dead_fraction) +
                  ",\"saturated_fraction\":" + json_number(l.saturated_fraction) + "}";
    for (const mlp::ParamDiagnostics& p : d.params)
        params += std::string(params.empty() ? "" : ",") + "{\"name\":" + json_string(p.name) + ",\"grad_norm\":" +
                  json_number(p.grad_norm) + ",\"value_norm\":" + json_number(p.value_norm) + ",\"update_ratio\":" +
                  json_number(p.update_ratio) + "}";
    for (const std::string& w : d.warnings) warnings += std::string(warnings.empty() ? "" : ",") + json_string(w);
    // The rule the page states: after at least 20 epochs, a training loss still at or above 90%
    // of the loss's baseline (what it says a network that knows nothing scores) is stuck at
    // chance: the network has learnt nothing the inputs can tell it.
    const std::size_t epochs = trainer_->epochs_done();
    const bool stuck = epochs >= 20 && std::isfinite(d.expected_loss) && d.expected_loss > 0 &&
                       d.initial_loss >= 0.9 * d.expected_loss;
    const std::string chance = "{\"stuck\":" + std::string(stuck ? "true" : "false") + ",\"epochs\":" +
                               std::to_string(epochs) + ",\"min_epochs\":20,\"share\":0.9,\"ratio\":" +
                               json_number(d.initial_loss / d.expected_loss) + "}";
    return "{\"loss\":" + json_number(d.initial_loss) + ",\"chance\":" + chance + ",\"expected_loss\":" + json_number(d.expected_loss) +
           ",\"expected_why\":" + json_string(d.expected_why) + ",\"layers\":[" + layers + "],\"params\":[" + params +
           "],\"warnings\":[" + warnings + "],\"report\":" + json_string(d.report()) + "}";
}

// The activation lab's measurements (examples/activation_lab.hpp, the same functions the lab
// and its test run) at the test's reduced scale, computed here once per activation.
std::string Playground::lab_json(const std::string& activation) {
    static std::map<std::string, std::string> cache;
    if (auto it = cache.find(activation); it != cache.end()) return it->second;
    lab::Scale s = lab::reduced_scale();
    s.cost_repeats = 3;  // the cost column, timed in the browser, steadier than the test needs
    lab::Row r = lab::measure(activation, s);
    std::string out = "{\"name\":" + json_string(r.name);
    const std::pair<const char*, double> fields[] = {
        {"out_min", r.out_min},           {"out_max", r.out_max},
        {"out_mean", r.out_mean},         {"out_var", r.out_var},
        {"sparsity", r.sparsity},         {"grad_at_plus5", r.grad_at_plus5},
        {"grad_at_minus5", r.grad_at_minus5}, {"grad_ratio_init", r.grad_ratio_init},
        {"grad_ratio_trained", r.grad_ratio_trained}, {"dead_at_init", r.dead_at_init},
        {"dead_fraction", r.dead_fraction}, {"deep_mean", r.deep_mean},
        {"deep_var", r.deep_var},         {"deep_var_default", r.deep_var_default},
        {"xor_epochs", r.xor_epochs},     {"moons_epochs", r.moons_epochs},
        {"ns_per_element", r.ns_per_element}};
    for (const auto& f : fields) out += ",\"" + std::string(f.first) + "\":" + json_number(f.second);
    out += ",\"scale\":{\"seeds\":" + std::to_string(s.seeds) + ",\"moons_points\":" + std::to_string(s.moons_points) +
           ",\"moons_epochs\":" + std::to_string(s.moons_epochs) + ",\"deep_layers\":" + std::to_string(s.deep_layers) + "}}";
    return cache[activation] = out;
}

}  // namespace web
