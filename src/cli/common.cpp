// SPDX-License-Identifier: MIT
// common.cpp: data, models, losses and files for the subcommands.
#include "common.hpp"

#include <cmath>
#include <stdexcept>

#include "mlp/core/rng.hpp"
#include "mlp/data/csv.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/io/number_text.hpp"
#include "mlp/io/text_file.hpp"
#include "mlp/nn/activation_registry.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/layer_registry.hpp"
#include "mlp/nn/loss_registry.hpp"

namespace mlp::cli {

Flag data_flag(const std::string& help) { return {"data", FlagKind::Text, "", help, true, FileRole::Input}; }
Flag label_flag() {
    return {"label", FlagKind::Text, "", "the label column: a header name or a 0-based index (default: the last column)"};
}
Flag loss_flag() { return {"loss", FlagKind::Text, "bce-logits", "loss: " + join(loss_names())}; }
Flag model_flag() {
    return {"model", FlagKind::Text, "", "model file written by mlp train --save", true, FileRole::Input};
}

std::string num(double value) {
    if (!std::isfinite(value) || value == 0.0) return format_number(value);
    // Rounded to 6 significant digits first, so "0.00196758", not "0.001967577383573473".
    const double scale = std::pow(10.0, 5 - std::floor(std::log10(std::abs(value))));
    return format_number(std::round(value * scale) / scale);
}

Dataset read_data(const Args& args) {
    const std::string& path = args.text("data");
    if (!args.has("label")) return read_csv(path);
    const std::string& label = args.text("label");
    try {
        return read_csv(path, label);
    } catch (const CsvError&) {
        // Not a header name: a column index, if it is one.
        const std::optional<double> index = parse_number(label);
        if (!index || *index < 0 || *index != std::floor(*index) || *index > 1e6) throw;
        return read_csv(path, static_cast<std::size_t>(*index));
    }
}

std::unique_ptr<Loss> loss_from(const std::string& command, const Args& args) {
    return make_loss(choose(command, "loss", args.text("loss"), loss_names()));
}

Sequential model_from(const std::string& command, const Args& args) {
    if (args.has("stack") == args.has("layers"))
        throw UsageError("mlp " + command + ": expected one of --layers and --stack, got " +
                         (args.has("stack") ? "both" : "neither"));
    Sequential model;
    if (args.has("stack")) {
        // Layer specs separated by spaces, each built by make_layer: every layer by its registry name.
        const std::string& stack = args.text("stack");
        const std::vector<std::string> names = layer_names();
        std::size_t begin = 0;
        while (begin < stack.size()) {
            const std::size_t end = std::min(stack.find(' ', begin), stack.size());
            const std::string spec = lower_case(stack.substr(begin, end - begin));
            if (!spec.empty()) model.add(make_layer(choose(command, "layer", spec, names, true)));
            begin = end + 1;
        }
        require(!model.empty(), command, "stack", "layer specs separated by spaces", "\"" + stack.substr(0, 60) + "\"");
        return model;
    }
    const std::vector<std::size_t> widths = args.counts("layers");
    require(widths.size() >= 2, command, "layers", "at least two widths (inputs and outputs, like 2,8,1)",
            "\"" + args.text("layers").substr(0, 60) + "\"");
    // The library's own bound on a dense layer, checked before anything is built or read.
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
        require(static_cast<double>(widths[l]) * static_cast<double>(widths[l + 1]) <=
                    static_cast<double>(kMaxDenseWeights),
                command, "layers",
                "neighbouring widths whose product is at most " + std::to_string(kMaxDenseWeights) +
                    " (the most weights a dense layer may have)",
                std::to_string(widths[l]) + " x " + std::to_string(widths[l + 1]));
    }
    std::vector<std::string> activations = activation_names();
    activations.insert(activations.begin(), "none");
    const std::string& activation = choose(command, "activation", args.text("activation"), activations, true);
    Rng rng(static_cast<std::uint32_t>(args.count("seed")));
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
        if (l > 0 && activation != "none") model.add(make_activation(activation));
        model.emplace<Dense>(widths[l], widths[l + 1], rng);
    }
    return model;
}

Flag stack_flag() {
    return {"stack", FlagKind::Text, "",
            "or any layers by registry spec, space-separated, like \"dense:2,16 relu dropout:0.2 dense:16,1\""};
}

Sequential read_model(const Args& args) { return load_model(args.text("model")); }

std::size_t input_width(const Sequential& model) {
    for (std::size_t i = 0; i < model.size(); ++i)
        if (const std::optional<std::size_t> in = model[i].input_width()) return *in;
    return 0;
}

void check_fits(const std::string& command, const Sequential& model, const Dataset& data, const std::string& source) {
    const std::size_t in = input_width(model);
    if (in != 0 && in != data.x.cols()) {
        throw InputError("mlp " + command + ": the model takes " + std::to_string(in) + " inputs, " + source +
                         " has " + std::to_string(data.x.cols()) + " feature columns");
    }
}

Tensor targets_for(const Args& args, const Tensor& y, std::size_t outputs) {
    if (loss_info(args.text("loss")).targets == LossTargets::ClassIndex || outputs == 1) return y;
    try {
        return one_hot(y, outputs);
    } catch (const std::invalid_argument& e) {
        throw InputError("mlp: the labels do not fit " + std::to_string(outputs) + " outputs: " + e.what());
    }
}

void write_output(const std::string& path, const std::string& text) {
    try {
        write_file_atomically(path, text, "mlp");
    } catch (const std::runtime_error& e) {
        throw InputError(e.what());
    }
}

}  // namespace mlp::cli
