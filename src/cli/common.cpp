// SPDX-License-Identifier: MIT
// common.cpp: data, models, losses and files for the subcommands.
#include "common.hpp"

#include <cmath>
#include <stdexcept>

#include "mlp/core/rng.hpp"
#include "mlp/data/csv.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/core/number_text.hpp"
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
    // The power of ten by multiplication (exact up to 10^22), since not every C library's pow is
    // exact for whole exponents; a division by it when that keeps it whole.
    const int digits = 5 - static_cast<int>(std::floor(std::log10(std::abs(value))));
    double power = 1.0;
    for (int k = 0; k < (digits < 0 ? -digits : digits); ++k) power *= 10.0;
    if (digits < 0) return format_number(std::round(value / power) * power);
    return format_number(std::round(value * power) / power);
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

std::string loss_name(const std::string& command, const Args& args) {
    return choose(command, "loss", args.text("loss"), loss_names());
}

std::unique_ptr<Loss> loss_from(const std::string& command, const Args& args) {
    return make_loss(choose(command, "loss", args.text("loss"), loss_names()));
}

void check_chain(const std::string& command, const Sequential& model) {
    std::optional<std::size_t> width;  // what the layers so far give; unknown before the first fixed width
    std::size_t giver = 0;             // the layer that fixed it
    for (std::size_t i = 0; i < model.size(); ++i) {
        const std::optional<std::size_t> in = model[i].input_width();
        if (in && width && *in != *width)
            throw UsageError("mlp " + command + ": --stack layer " + std::to_string(i + 1) + " \"" + model[i].spec() +
                             "\" takes " + std::to_string(*in) + " inputs, but layer " + std::to_string(giver + 1) +
                             " \"" + model[giver].spec() + "\" gives " + std::to_string(*width) +
                             ": make the two widths agree");
        if (in || width) {
            const std::size_t out = model[i].output_width(in ? *in : *width);
            if (!width || out != *width) giver = i;
            width = out;
        }
    }
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
        check_chain(command, model);
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

std::string class_hint(const Tensor& y) {
    double top = 0.0;
    for (std::size_t n = 0; n < y.rows(); ++n) {
        if (y(n, 0) < 0 || y(n, 0) != std::floor(y(n, 0))) return "";  // not class labels: values to fit
        top = std::max(top, y(n, 0));
    }
    const std::size_t classes = static_cast<std::size_t>(top) + 1;
    if (classes <= 2) return "";
    // The registry says which loss takes class indices; no loss is named here.
    std::string loss;
    for (const std::string& name : loss_names())
        if (loss.empty() && loss_info(name).targets == LossTargets::ClassIndex) loss = name;
    return " The labels hold " + std::to_string(classes) + " classes (0 to " + std::to_string(classes - 1) +
           "): end the model with " + std::to_string(classes) + " outputs (like --layers 2,16," +
           std::to_string(classes) + ")" + (loss.empty() ? "" : " and use --loss " + loss) + ".";
}

Tensor targets_for(const Args& args, const Tensor& y, std::size_t outputs) {
    if (loss_info(args.text("loss")).targets == LossTargets::ClassIndex || outputs == 1) return y;
    try {
        return one_hot(y, outputs);
    } catch (const std::invalid_argument& e) {
        throw InputError("mlp: the labels do not fit " + std::to_string(outputs) + " outputs: " + e.what() + "." +
                         class_hint(y));
    }
}

void check_loss_fits(const std::string& command, const Args& args, Sequential& model, const Dataset& data,
                     const Tensor& targets, const std::string& source) {
    const std::string name = loss_name(command, args);
    const LossInfo& info = loss_info(name);
    model.train(false);
    const Tensor pred = model.forward(data.x);
    model.train(true);
    try {
        make_loss(name)->forward(pred, targets);
        return;
    } catch (const std::invalid_argument& refused) {
        // Which side did the loss refuse? The same targets against outputs of 0.5 everywhere, a
        // value every loss reads (a probability, a logit, a value): refused again, the labels.
        Tensor neutral(pred.rows(), pred.cols());
        for (std::size_t k = 0; k < neutral.size(); ++k) neutral[k] = 0.5;
        try {
            make_loss(name)->forward(neutral, targets);
        } catch (const std::invalid_argument&) {
            throw InputError("mlp " + command + ": --loss " + name + " cannot use the labels of " + source + ": " +
                             refused.what() + "." + class_hint(data.y));
        }
        std::string reads;
        for (const std::string& other : loss_names()) reads += "\n  " + other + ": " + loss_info(other).outputs;
        throw UsageError("mlp " + command + ": --loss " + name + " reads the model's outputs as " + info.outputs +
                         ", and this model's outputs are not that: " + refused.what() +
                         ".\nChange the last layer (--output NAME adds an activation after it) or the loss. What each "
                         "--loss reads:" + reads);
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
