// SPDX-License-Identifier: MIT
// export_pytorch.cpp: writes a model as a self-checking PyTorch script, layer by layer through
// one table from the layer's kind to the torch module that computes the same function.
#include "mlp/io/export_pytorch.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <system_error>

#include "mlp/core/rng.hpp"
#include "mlp/core/number_text.hpp"
#include "mlp/io/text_file.hpp"

namespace mlp {

namespace {

// A torch module for one kind of layer: its constructor, where {0}, {1}, ... are the layer's
// parameters (from its spec, or from its display name's parentheses), and the values to use
// when the spec leaves a parameter out ("gelu" is "gelu:none").
struct TorchModule {
    std::string constructor;
    std::vector<std::string> defaults;
};

// Data about the registry's names and PyTorch's modules; a new layer kind is one line here.
const std::map<std::string, TorchModule>& torch_modules() {
    static const std::map<std::string, TorchModule> table = {
        {"dense", {"nn.Linear({0}, {1})", {}}},
        {"identity", {"nn.Identity()", {}}},
        {"sigmoid", {"nn.Sigmoid()", {}}},
        {"tanh", {"nn.Tanh()", {}}},
        {"relu", {"nn.ReLU()", {}}},
        {"leaky_relu", {"nn.LeakyReLU(negative_slope={0})", {"0.01"}}},
        {"prelu", {"nn.PReLU(num_parameters={0}, init={1})", {"1", "0.25"}}},
        {"rrelu", {"nn.RReLU(lower={0}, upper={1})", {"0.125", "0.3333333333333333"}}},
        {"elu", {"nn.ELU(alpha={0})", {"1.0"}}},
        {"celu", {"nn.CELU(alpha={0})", {"1.0"}}},
        {"selu", {"nn.SELU()", {}}},
        {"gelu", {"nn.GELU(approximate='{0}')", {"none"}}},
        {"silu", {"nn.SiLU()", {}}},
        {"mish", {"nn.Mish()", {}}},
        {"softplus", {"nn.Softplus(beta={0}, threshold={1})", {"1.0", "20.0"}}},
        {"softsign", {"nn.Softsign()", {}}},
        {"hardtanh", {"nn.Hardtanh(min_val={0}, max_val={1})", {"-1.0", "1.0"}}},
        {"relu6", {"nn.ReLU6()", {}}},
        {"hardsigmoid", {"nn.Hardsigmoid()", {}}},
        {"hardswish", {"nn.Hardswish()", {}}},
        {"log_sigmoid", {"nn.LogSigmoid()", {}}},
        {"tanhshrink", {"nn.Tanhshrink()", {}}},
        {"softmax", {"nn.Softmax(dim=1)", {}}},
        {"log_softmax", {"nn.LogSoftmax(dim=1)", {}}},
        {"dropout", {"nn.Dropout(p={0})", {"0.5"}}},  // the identity in eval(), where the check runs
        {"batch_norm", {"nn.BatchNorm1d({0}, eps={1}, momentum={2})", {"1", "1e-05", "0.1"}}},
        {"layer_norm", {"nn.LayerNorm({0}, eps={1})", {"1", "1e-05"}}},
    };
    return table;
}

// mlp's parameter names -> the torch module's attribute; "W" is stored (in, out) and torch keeps
// (out, in), so it goes in transposed. Everything else goes in flattened to torch's 1-D shape.
struct TorchParam {
    std::string attribute;
    bool transpose;
};
const std::map<std::string, TorchParam>& torch_params() {
    static const std::map<std::string, TorchParam> table = {
        {"W", {"weight", true}},   // Dense
        {"b", {"bias", false}},    // Dense
        {"a", {"weight", false}},  // PReLU's slopes
        {"gamma", {"weight", false}},  // BatchNorm's and LayerNorm's scale (the paper's name)
        {"beta", {"bias", false}},     // ... and shift
    };
    return table;
}

// A layer's kind and parameters: "leaky_relu:0.2" -> ("leaky_relu", {"0.2"});
// "Dense(784, 256)" -> ("dense", {"784", "256"}).
struct Kind {
    std::string name;
    std::vector<std::string> args;
};

std::vector<std::string> split_args(const std::string& text) {
    std::vector<std::string> out;
    std::string cell;
    for (char ch : text) {
        if (ch == ',') {
            out.push_back(cell);
            cell.clear();
        } else if (ch != ' ') {
            cell += ch;
        }
    }
    if (!cell.empty()) out.push_back(cell);
    return out;
}

// Every layer carries its spec (Layer::spec(): "dense:784,256", "leaky_relu:0.2").
Kind kind_of(const Layer& layer) {
    Kind k;
    const std::string spec = layer.spec();
    const std::size_t colon = spec.find(':');
    k.name = spec.substr(0, colon);
    if (colon != std::string::npos) k.args = split_args(spec.substr(colon + 1));
    return k;
}

std::string number(double v, const std::string& where) {
    if (!std::isfinite(v)) throw std::invalid_argument("export_pytorch: expected finite numbers, got " + std::to_string(v) + " in " + where);
    std::string s = format_number(v);  // shortest text that reads back exactly
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
    return s;
}

// A (rows, cols) tensor as a Python list of lists, optionally transposed.
std::string nested_list(const Tensor& t, bool transpose, const std::string& where) {
    const std::size_t R = transpose ? t.cols() : t.rows(), C = transpose ? t.rows() : t.cols();
    std::string out = "[";
    for (std::size_t r = 0; r < R; ++r) {
        out += r > 0 ? ",\n     [" : "[";
        for (std::size_t c = 0; c < C; ++c) out += (c > 0 ? ", " : "") + number(transpose ? t(c, r) : t(r, c), where);
        out += "]";
    }
    return out + "]";
}

std::string flat_list(const Tensor& t, const std::string& where) {
    std::string out = "[";
    for (std::size_t k = 0; k < t.size(); ++k) out += (k > 0 ? ", " : "") + number(t[k], where);
    return out + "]";
}

std::string constructor(const Kind& kind, const TorchModule& module, const std::string& where) {
    std::string out;
    const std::string& pattern = module.constructor;
    for (std::size_t k = 0; k < pattern.size(); ++k) {
        if (pattern[k] != '{') {
            out += pattern[k];
            continue;
        }
        const std::size_t close = pattern.find('}', k);
        const std::size_t index = static_cast<std::size_t>(std::stoul(pattern.substr(k + 1, close - k - 1)));
        if (index < kind.args.size()) out += kind.args[index];
        else if (index < module.defaults.size()) out += module.defaults[index];
        else throw std::invalid_argument("export_pytorch: " + where + " needs parameter " + std::to_string(index) + ", got none");
        k = close;
    }
    return out;
}

std::string known_kinds() {
    std::string out;
    for (const auto& [name, module] : torch_modules()) out += (out.empty() ? "" : ", ") + name;
    return out;
}

}  // namespace

std::vector<std::string> pytorch_exportable_kinds() {
    std::vector<std::string> out;
    for (const auto& [name, module] : torch_modules()) out.push_back(name);
    return out;
}

std::string pytorch_source(Sequential& model, const Tensor& inputs) {
    if (model.empty()) throw std::invalid_argument("export_pytorch: expected a model with layers, got an empty Sequential");
    if (inputs.empty()) throw std::invalid_argument("export_pytorch: expected some inputs to check with, got " + inputs.shape());
    std::string modules, weights;
    for (std::size_t i = 0; i < model.size(); ++i) {
        Layer& layer = model[i];
        const Kind kind = kind_of(layer);
        const std::string where = "layer " + std::to_string(i) + " (" + layer.name() + ")";
        const auto found = torch_modules().find(kind.name);
        if (found == torch_modules().end())
            throw std::invalid_argument("export_pytorch: " + where + " is of kind '" + kind.name +
                                        "', which the exporter cannot map to a torch module; it knows: " + known_kinds());
        modules += "    " + constructor(kind, found->second, where) + ",\n";
        for (const Param& p : layer.params()) {
            const auto param = torch_params().find(p.name);
            if (param == torch_params().end())
                throw std::invalid_argument("export_pytorch: " + where + " has a parameter '" + p.name +
                                            "' the exporter cannot map to a torch attribute (it knows W, b, a, gamma, beta)");
            const std::string what = where + " parameter " + p.name;
            const std::string value = param->second.transpose ? nested_list(*p.value, true, what) : flat_list(*p.value, what);
            weights += "    model[" + std::to_string(i) + "]." + param->second.attribute + ".copy_(torch.tensor(" + value +
                       "))\n";
        }
        // Buffers keep PyTorch's names (running_mean, running_var): each goes to the attribute it names.
        for (const Buffer& b : layer.buffers())
            weights += "    model[" + std::to_string(i) + "]." + b.name + ".copy_(torch.tensor(" +
                       flat_list(*b.value, where + " buffer " + b.name) + "))\n";
    }

    // mlp's own outputs, in evaluation mode (RReLU uses its mean slope, as torch's eval() does).
    const bool was_training = model.training();
    model.train(false);
    const Tensor outputs = model.forward(inputs);
    model.train(was_training);

    std::string py;
    py += "# Written by mlp::export_pytorch: the model rebuilt as torch.nn.Sequential with mlp's trained\n";
    py += "# weights (float64). Run it to check PyTorch computes what mlp did: python3 this_file.py\n";
    py += "import torch\nfrom torch import nn\n\ntorch.set_default_dtype(torch.float64)\n\n";
    py += "model = nn.Sequential(\n" + modules + ")\n";
    py += "# mlp keeps W as (in, out) and computes x W + b; nn.Linear keeps weight as (out, in) and\n";
    py += "# computes x weight^T + bias, so W goes in transposed.\n";
    py += "with torch.no_grad():\n" + (weights.empty() ? std::string("    pass\n") : weights);
    py += "model.eval()\n\n";
    py += "# A few inputs and what mlp's model gave for them.\n";
    py += "inputs = torch.tensor(" + nested_list(inputs, false, "the inputs") + ")\n";
    py += "expected = torch.tensor(" + nested_list(outputs, false, "mlp's outputs") + ")\n\n";
    py += "if __name__ == \"__main__\":\n";
    py += "    with torch.no_grad():\n        got = model(inputs)\n";
    py += "    diff = (got - expected).abs().max().item()\n";
    py += "    assert got.shape == expected.shape, f\"expected outputs of shape {tuple(expected.shape)}, got {tuple(got.shape)}\"\n";
    py += "    assert diff <= 1e-12, f\"PyTorch's outputs differ from mlp's by {diff:.3g} (allowed: 1e-12)\"\n";
    py += "    print(f\"PyTorch reproduces mlp's outputs: largest difference {diff:.3g} (allowed: 1e-12)\")\n";
    return py;
}

void export_pytorch(Sequential& model, const std::string& path, const Tensor& inputs) {
    const std::string text = pytorch_source(model, inputs);  // every check before a file is touched
    write_file_atomically(path, text, "export_pytorch");
}

void export_pytorch(Sequential& model, const std::string& path) {
    if (model.empty()) throw std::invalid_argument("export_pytorch: expected a model with layers, got an empty Sequential");
    std::size_t width = 0;
    // The first layer that fixes its input width (Dense: in; BatchNorm: its features), or else
    // the first parameter's row count.
    for (std::size_t i = 0; i < model.size() && width == 0; ++i) {
        if (const std::optional<std::size_t> in = model[i].input_width()) width = *in;
        const std::vector<Param> ps = model[i].params();
        if (width == 0 && !ps.empty()) width = ps.front().value->rows();
    }
    if (width == 0)
        throw std::invalid_argument("export_pytorch: cannot tell the input width (no layer with parameters); "
                                    "pass the inputs to check with");
    Rng rng(2024);
    Tensor x(4, width);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = rng.uniform(-2.0, 2.0);
    export_pytorch(model, path, x);
}

}  // namespace mlp
