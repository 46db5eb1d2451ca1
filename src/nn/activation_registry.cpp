// SPDX-License-Identifier: MIT
// activation_registry.cpp: the table of activations: names, properties, and how to build each.
#include "mlp/nn/activation_registry.hpp"

#include <stdexcept>

#include "../core/registry.hpp"
#include "mlp/core/number_text.hpp"
#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/nn/activations_smooth.hpp"
#include "mlp/nn/activations_softmax.hpp"
#include "mlp/nn/layer_registry.hpp"  // spec_numbers

namespace mlp {

namespace {

using Params = std::vector<double>;
using Factory = std::unique_ptr<Activation> (*)(const Params&);

struct Entry {
    ActivationInfo info;
    std::size_t max_params;  // how many numbers may follow the ':'
    Factory make;
    // How many learned values the activation of these numbers holds (PReLU's slopes), told
    // without building it; nullptr: none.
    double (*values)(const Params&) = nullptr;
};

// p[i] if given, else the default
double param(const Params& p, std::size_t i, double fallback) { return i < p.size() ? p[i] : fallback; }

double prelu_slopes(const Params& p) {
    // The upper bound keeps the cast below defined and a typo ("prelu:1e12") from asking for terabytes.
    constexpr double kMaxSlopes = 1 << 24;
    const double count = param(p, 0, 1.0);
    if (!(count >= 1.0 && count <= kMaxSlopes) || count != static_cast<double>(static_cast<std::size_t>(count))) {
        throw std::invalid_argument("make_activation: prelu expects a whole number of slopes from 1 to " +
                                    format_number(kMaxSlopes) + ", got " + format_number(count));
    }
    return count;
}

std::unique_ptr<Activation> make_prelu(const Params& p) {
    return std::make_unique<PReLU>(static_cast<std::size_t>(prelu_slopes(p)), param(p, 1, 0.25));
}

// Columns: name, parameters, PyTorch, formula, range, zero-centred, monotonic, smooth, bounded,
// saturates, backward uses; then how many parameters, and the factory.
const std::vector<Entry>& entries() {
    static const std::vector<Entry> table{
        {{"identity", "", "nn.Identity", "x", "(-inf, inf)", "yes", "yes", "yes", "no", "no", "nothing"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<Identity>(); }},
        {{"sigmoid", "", "nn.Sigmoid", "1 / (1 + exp(-x))", "(0, 1)", "no", "yes", "yes", "yes", "both", "output"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<Sigmoid>(); }},
        {{"tanh", "", "nn.Tanh", "tanh(x)", "(-1, 1)", "yes", "yes", "yes", "yes", "both", "output"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<Tanh>(); }},
        {{"relu", "", "nn.ReLU", "max(0, x)", "[0, inf)", "no", "yes", "no", "below", "left", "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<ReLU>(); }},
        {{"leaky_relu", "slope = 0.01", "nn.LeakyReLU", "x if x > 0, slope x otherwise", "(-inf, inf)", "no",
          "yes", "no", "no", "no", "input"},
         1, [](const Params& p) -> std::unique_ptr<Activation> { return std::make_unique<LeakyReLU>(param(p, 0, 0.01)); }},
        {{"prelu", "count = 1, init = 0.25", "nn.PReLU", "x if x > 0, a x otherwise, a learned", "(-inf, inf)",
          "no", "yes (a >= 0)", "no", "no", "no", "input"},
         2, make_prelu, prelu_slopes},
        {{"rrelu", "lower = 1/8, upper = 1/3", "nn.RReLU", "x if x > 0, r x otherwise, r ~ U(lower, upper)",
          "(-inf, inf)", "no", "yes", "no", "no", "no", "input (and the drawn r)"},
         2, [](const Params& p) -> std::unique_ptr<Activation> {
             return std::make_unique<RReLU>(param(p, 0, 1.0 / 8.0), param(p, 1, 1.0 / 3.0));
         }},
        {{"elu", "alpha = 1", "nn.ELU", "x if x > 0, alpha (exp(x) - 1) otherwise", "(-alpha, inf)", "near",
          "yes", "C1 when alpha = 1", "below", "left", "input"},
         1, [](const Params& p) -> std::unique_ptr<Activation> { return std::make_unique<ELU>(param(p, 0, 1.0)); }},
        {{"celu", "alpha = 1", "nn.CELU", "x if x > 0, alpha (exp(x / alpha) - 1) otherwise", "(-alpha, inf)",
          "near", "yes", "C1", "below", "left", "input"},
         1, [](const Params& p) -> std::unique_ptr<Activation> { return std::make_unique<CELU>(param(p, 0, 1.0)); }},
        {{"selu", "", "nn.SELU", "scale (x if x > 0, alpha (exp(x) - 1) otherwise)", "(-1.7581, inf)",
          "near (self-normalising)", "yes", "no", "below", "left", "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<SELU>(); }},
        {{"gelu", "none | tanh", "nn.GELU", "x Phi(x)", "[-0.17, inf)", "no", "no", "yes", "below", "left", "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<GELU>(); }},
        {{"silu", "", "nn.SiLU", "x sigmoid(x)", "[-0.28, inf)", "no", "no", "yes", "below", "left", "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<SiLU>(); }},
        {{"mish", "", "nn.Mish", "x tanh(softplus(x))", "[-0.31, inf)", "no", "no", "yes", "below", "left", "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<Mish>(); }},
        {{"softplus", "beta = 1, threshold = 20", "nn.Softplus", "log(1 + exp(beta x)) / beta", "(0, inf)", "no",
          "yes", "yes", "below", "left", "input"},
         2, [](const Params& p) -> std::unique_ptr<Activation> {
             return std::make_unique<Softplus>(param(p, 0, 1.0), param(p, 1, 20.0));
         }},
        {{"softsign", "", "nn.Softsign", "x / (1 + |x|)", "(-1, 1)", "yes", "yes", "C1", "yes", "both (slowly)", "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<Softsign>(); }},
        {{"hardtanh", "min = -1, max = 1", "nn.Hardtanh", "min(max(x, min), max)", "[min, max]", "yes", "yes", "no",
          "yes", "both", "input"},
         2, [](const Params& p) -> std::unique_ptr<Activation> {
             return std::make_unique<Hardtanh>(param(p, 0, -1.0), param(p, 1, 1.0));
         }},
        {{"relu6", "", "nn.ReLU6", "min(max(x, 0), 6)", "[0, 6]", "no", "yes", "no", "yes", "both", "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<ReLU6>(); }},
        {{"hardsigmoid", "", "nn.Hardsigmoid", "min(max(x / 6 + 1/2, 0), 1)", "[0, 1]", "no", "yes", "no", "yes",
          "both", "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<Hardsigmoid>(); }},
        {{"hardswish", "", "nn.Hardswish", "x min(max(x + 3, 0), 6) / 6", "[-0.375, inf)", "no", "no", "no", "below",
          "left", "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<Hardswish>(); }},
        {{"log_sigmoid", "", "nn.LogSigmoid", "log(sigmoid(x))", "(-inf, 0)", "no", "yes", "yes", "above", "right",
          "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<LogSigmoid>(); }},
        {{"tanhshrink", "", "nn.Tanhshrink", "x - tanh(x)", "(-inf, inf)", "yes", "yes", "yes", "no", "no", "input"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<Tanhshrink>(); }},
        {{"softmax", "", "nn.Softmax(dim=1)", "exp(x_j) / sum exp(x)  (per row)", "(0, 1), rows sum to 1", "no",
          "n/a (row-wise)", "yes", "yes", "both", "output"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<Softmax>(); }},
        {{"log_softmax", "", "nn.LogSoftmax(dim=1)", "x_j - log sum exp(x)  (per row)", "(-inf, 0)", "no",
          "n/a (row-wise)", "yes", "above", "right", "output"},
         0, [](const Params&) -> std::unique_ptr<Activation> { return std::make_unique<LogSoftmax>(); }},
    };
    return table;
}

[[noreturn]] void bad_spec(std::string_view spec, const std::string& why) {
    throw std::invalid_argument("make_activation: " + why + " in \"" + excerpt(spec) + "\"");
}

// swish is silu's other name
const Entry& find(std::string_view name) {
    const std::string_view key = name == "swish" ? "silu" : name;
    for (const Entry& e : entries())  // no list built unless the name is unknown: a model file of
        if (e.info.name == key) return e;  // many activations looks names up many times
    unknown_name("make_activation", activation_names(), name);
}

// The entry a spec names and the numbers after its ':' (none for gelu, whose parameter is a word).
const Entry& parse_spec(std::string_view spec, Params& params) {
    const std::string text = lower_case(spec);
    const std::size_t colon = text.find(':');
    const Entry& entry = find(text.substr(0, colon));
    if (entry.info.name != "gelu") params = spec_numbers(spec, "make_activation", 0, entry.max_params);
    return entry;
}

}  // namespace

double activation_values(std::string_view spec) {
    Params params;
    const Entry& entry = parse_spec(spec, params);
    if (entry.values == nullptr) return 0.0;
    try {
        return entry.values(params);
    } catch (const std::invalid_argument& e) {
        bad_spec(spec, std::string("bad parameter (") + e.what() + ")");
    }
}


std::unique_ptr<Activation> make_activation(std::string_view spec) {
    const std::string text = lower_case(spec);
    const std::size_t colon = text.find(':');
    const std::string name = text.substr(0, colon);
    const Entry& entry = find(name);

    const std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
    if (entry.info.name == "gelu") {  // the one activation whose parameter is a word
        if (rest.empty() || rest == "none") return std::make_unique<GELU>();
        if (rest == "tanh") return std::make_unique<GELU>(GELU::Approximate::Tanh);
        bad_spec(spec, "gelu expects 'none' or 'tanh', got \"" + excerpt(rest) + "\"");
    }
    const Params params = spec_numbers(spec, "make_activation", 0, entry.max_params);
    try {
        return entry.make(params);
    } catch (const std::invalid_argument& e) {
        bad_spec(spec, std::string("bad parameter (") + e.what() + ")");
    }
}

std::vector<std::string> activation_names() {
    std::vector<std::string> names;
    for (const Entry& e : entries()) names.push_back(e.info.name);
    return names;
}

const std::vector<ActivationInfo>& activation_infos() {
    static const std::vector<ActivationInfo> infos = [] {
        std::vector<ActivationInfo> out;
        for (const Entry& e : entries()) out.push_back(e.info);
        return out;
    }();
    return infos;
}

const ActivationInfo& activation_info(std::string_view name) {
    return find(lower_case(name)).info;
}

namespace {
// A table cell: '|' would end the cell, so it is escaped ("x / (1 + \|x\|)").
std::string cell(const std::string& text) {
    std::string out;
    for (char ch : text) {
        if (ch == '|') out += '\\';
        out += ch;
    }
    return out;
}
}  // namespace

std::string activation_table_markdown() {
    std::string out =
        "| name | parameters | PyTorch | formula | range | zero-centred | monotonic | smooth | bounded | "
        "saturates | backward uses |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (const ActivationInfo& i : activation_infos()) {
        out += "| `" + i.name + "` | " + cell(i.parameters) + " | " + i.pytorch + " | " + cell(i.formula) + " | " +
               i.range + " | " + i.zero_centred + " | " + i.monotonic + " | " + i.smooth + " | " + i.bounded +
               " | " + i.saturates + " | " + i.backward_uses + " |\n";
    }
    return out;
}

}  // namespace mlp
