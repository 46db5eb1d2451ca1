// SPDX-License-Identifier: MIT
// predict.cpp: `mlp predict`: a saved model's class and class probabilities for each row of a
// CSV file, or for one point given on the command line, as CSV on stdout.
#include <algorithm>
#include <cmath>
#include <optional>
#include <ostream>

#include "cli.hpp"
#include "common.hpp"
#include "mlp/data/csv.hpp"
#include "mlp/core/number_text.hpp"
#include "mlp/nn/loss_registry.hpp"

namespace mlp::cli {

namespace {

const char* const kName = "predict";

// The rows to predict. From --input "0.5,1": one row. From --data: a file with exactly the model's
// inputs as columns is all features; with one column more, the last column is a label and is
// left out (so the training file itself can be given).
Tensor inputs(const Args& args, std::size_t width) {
    if (args.has("input")) {
        std::vector<double> row;
        const std::string& text = args.text("input");
        std::size_t begin = 0;
        while (true) {
            const std::size_t comma = std::min(text.find(',', begin), text.size());
            const std::optional<double> v = parse_number(text.substr(begin, comma - begin));
            require(v.has_value() && std::isfinite(*v), kName, "input", "comma-separated numbers (like 0.5,1)",
                    "\"" + text.substr(0, 60) + "\"");
            row.push_back(*v);
            if (comma == text.size()) break;
            begin = comma + 1;
        }
        if (width != 0 && row.size() != width)
            throw InputError("mlp predict: the model takes " + std::to_string(width) + " inputs, --input has " +
                             std::to_string(row.size()));
        return Tensor::from_rows({row});
    }
    const std::string& path = args.text("data");
    Dataset data = read_csv(path, CsvTargets{.columns = {}, .class_labels = false});
    if (width != 0 && data.x.cols() + 1 == width) {  // no label column: the last column is a feature too
        Tensor x(data.x.rows(), width);
        for (std::size_t n = 0; n < x.rows(); ++n) {
            for (std::size_t i = 0; i + 1 < width; ++i) x(n, i) = data.x(n, i);
            x(n, width - 1) = data.y(n, 0);
        }
        return x;
    }
    if (width != 0 && data.x.cols() != width)
        throw InputError("mlp predict: the model takes " + std::to_string(width) + " inputs, " + path + " has " +
                         std::to_string(data.x.cols() + 1) + " columns");
    return data.x;
}

int run(const Args& args, std::ostream& out, std::ostream&) {
    std::unique_ptr<Loss> loss = loss_from(kName, args);
    if (args.has("input") == args.has("data"))
        throw UsageError("mlp predict: expected one of --input and --data, got " +
                         std::string(args.has("input") ? "both" : "neither"));
    Sequential model = read_model(args);
    const Tensor x = inputs(args, input_width(model));
    // A loss that takes class indices reads the outputs as one score per class: one output would
    // be one class, every row "class 0 with probability 1" (eval refuses the same through its labels).
    const std::size_t outputs = model.output_width(x.cols());
    if (loss_info(args.text("loss")).targets == LossTargets::ClassIndex && outputs < 2)
        throw InputError("mlp predict: --loss " + args.text("loss") + " reads the outputs as one score per class and needs "
                         "at least 2, the model has " + std::to_string(outputs) +
                         " output; give the loss the model was trained with (bce-logits?)");
    model.train(false);
    const Tensor pred = model.forward(x);
    for (std::size_t k = 0; k < pred.size(); ++k)
        if (!std::isfinite(pred[k]))
            throw InputError("mlp predict: the model's output for row " + std::to_string(k / pred.cols() + 1) + " is " +
                             num(pred[k]) + ", not a finite number; the inputs are far outside what it was trained on, "
                             "or its weights are");
    Tensor p;
    loss->probabilities(pred, p);  // how the loss reads the outputs: (N, C) class probabilities
    out << "class";
    for (std::size_t c = 0; c < p.cols(); ++c) out << ",p" << c;
    out << "\n";
    for (std::size_t n = 0; n < p.rows(); ++n) {
        out << loss->decide(pred, n);
        for (std::size_t c = 0; c < p.cols(); ++c) out << "," << num(p(n, c));
        out << "\n";
    }
    return kOk;
}

}  // namespace

Command predict_command() {
    return {{kName, "a saved model's class and class probabilities, as CSV", "",
             {model_flag(),
              {"data", FlagKind::Text, "", "CSV file of inputs (a last label column, if there is one, is left out)",
               false, FileRole::Input},
              {"input", FlagKind::Text, "", "one point, comma-separated (like 0,1)"},
              loss_flag()},
             "Give --data or --input. Prints class,p0,p1,...: the decision and each class's probability, as\n"
             "--loss (the loss the model was trained with) reads the outputs.\n",
             "nothing: the CSV goes to stdout",
             "instant for a thousand rows"},
            run};
}

}  // namespace mlp::cli
