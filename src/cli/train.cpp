// SPDX-License-Identifier: MIT
// train.cpp: `mlp train`: build a network from flags, train it on a CSV file, report what it
// measured, and save the model (and a picture of its decision boundary).
#include <cmath>
#include <ostream>

#include "cli.hpp"
#include "common.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/nn/activation_registry.hpp"
#include "mlp/nn/layer_registry.hpp"
#include "mlp/nn/loss_registry.hpp"
#include "mlp/optim/optimizer.hpp"
#include "mlp/tools/plot.hpp"
#include "mlp/train/trainer.hpp"

namespace mlp::cli {

namespace {

const char* const kName = "train";

// "loss 0.0012 accuracy 1 (100%)"
std::string measured(double loss, double accuracy) {
    return "loss " + num(loss) + "  accuracy " + num(accuracy) + " (" + num(std::round(accuracy * 1000.0) / 10.0) + "%)";
}

int run(const Args& args, std::ostream& out, std::ostream& err) {
    std::unique_ptr<Loss> loss = loss_from(kName, args);
    const std::string& optimizer_name = choose(kName, "optimizer", args.text("optimizer"), optimizer_names());
    const double lr = args.number("lr");
    require(lr > 0, kName, "lr", "> 0", args.text("lr"));
    require(args.count("epochs") >= 1, kName, "epochs", ">= 1", args.text("epochs"));
    Sequential model = model_from(kName, args);
    if (args.has("output")) {
        std::vector<std::string> activations = activation_names();
        activations.insert(activations.begin(), "none");
        const std::string& output = choose(kName, "output activation", args.text("output"), activations, true);
        if (output != "none") model.add(make_activation(output));
    }

    Dataset data = read_data(args);
    const std::string& source = args.text("data");
    check_fits(kName, model, data, source);
    Dataset train = data, val;
    if (args.has("val")) {
        const double fraction = args.number("val");
        require(fraction > 0 && fraction < 1, kName, "val", "a fraction in (0, 1)", args.text("val"));
        Rng split_rng(static_cast<std::uint32_t>(args.count("seed")));
        Split split = train_test_split(data, fraction, split_rng);
        train = std::move(split.train);
        val = std::move(split.test);
        if (val.x.rows() == 0 || train.x.rows() == 0)
            throw InputError("mlp train: --val " + args.text("val") + " leaves an empty split of the " +
                             std::to_string(data.x.rows()) + " samples in " + source);
    }
    const std::size_t outputs = model.output_width(data.x.cols());
    const Tensor y_train = targets_for(args, train.y, outputs);
    const Tensor y_val = val.x.rows() > 0 ? targets_for(args, val.y, outputs) : Tensor();
    check_loss_fits(kName, args, model, data, targets_for(args, data.y, outputs), source);

    std::unique_ptr<Optimizer> optimizer = make_optimizer(optimizer_name, model.params(), lr);
    TrainConfig config;
    config.epochs = args.count("epochs");
    config.batch_size = args.count("batch");
    config.seed = static_cast<std::uint32_t>(args.count("seed"));
    config.progress = true;  // the library draws it only when stderr is a terminal
    Trainer trainer(model, *loss, *optimizer, config);

    const std::string shape = args.has("stack") ? args.text("stack") : args.text("layers") + " " + args.text("activation");
    out << "mlp train: " << shape << ", " << args.text("loss") << ", "
        << optimizer_name << " lr " << num(lr) << ", " << config.epochs << " epochs, batch " << config.batch_size
        << ", seed " << config.seed << "; " << source << ": " << train.x.rows() << " training samples"
        << (val.x.rows() > 0 ? ", " + std::to_string(val.x.rows()) + " validation" : std::string()) << ", "
        << data.x.cols() << " features\n";
    try {
        if (val.x.rows() > 0) trainer.fit(train.x, y_train, val.x, y_val);
        else trainer.fit(train.x, y_train);
    } catch (const std::runtime_error& e) {
        err << "mlp train: training failed: " << e.what() << "\n";
        return kFailed;
    } catch (const std::invalid_argument& e) {
        // A refusal the checks above could not foresee (outputs that left the loss's range once training moved them).
        throw UsageError("mlp train: training on " + source + " stopped: " + e.what() + "; --loss " +
                         args.text("loss") + " reads the outputs as " + loss_info(args.text("loss")).outputs +
                         ": check --output and --loss");
    }
    // Measured after training, in evaluation mode, on all of each split.
    const Trainer::Evaluation on_train = trainer.evaluate(train.x, y_train);
    out << "train:      " << measured(on_train.loss, on_train.accuracy) << "\n";
    // fit checks the loss before every step and the parameters after each epoch; finite weights
    // can still give outputs whose loss overflows on the whole training set.
    if (!std::isfinite(on_train.loss)) {
        err << "mlp train: training failed: the loss on the training set is " << num(on_train.loss)
            << " after training; nothing is saved\n";
        return kFailed;
    }
    if (val.x.rows() > 0) {
        const Trainer::Evaluation on_val = trainer.evaluate(val.x, y_val);
        out << "validation: " << measured(on_val.loss, on_val.accuracy) << "\n";
    }
    if (args.has("save")) {
        save_model(model, args.text("save"));
        out << "saved the model to " << args.text("save") << "\n";
    }
    if (args.has("plot")) {
        if (data.x.cols() != 2)
            throw InputError("mlp train: --plot draws 2 features, " + source + " has " + std::to_string(data.x.cols()));
        write_output(args.text("plot"), svg_decision_boundary(model, *loss, train, val,
                                                              source + ": " + shape));
        out << "drew the decision boundary to " << args.text("plot") << "\n";
    }
    return kOk;
}

}  // namespace

Command train_command() {
    return {{kName,
             "train a network on a CSV file and report its loss and accuracy",
             "",
             {data_flag(),
              label_flag(),
              {"layers", FlagKind::Counts, "", "widths from inputs to outputs, like 2,16,16,1 (Dense layers)"},
              stack_flag(),
              {"activation", FlagKind::Text, "tanh", "with --layers: the activation between them, none or a name listed below"},
              {"output", FlagKind::Text, "", "activation after the last layer (e.g. sigmoid for --loss bce); default none"},
              loss_flag(),
              {"optimizer", FlagKind::Text, "adam", "optimizer: " + join(optimizer_names())},
              {"lr", FlagKind::Number, "0.01", "learning rate"},
              {"epochs", FlagKind::Count, "200", "passes over the training data"},
              {"batch", FlagKind::Count, "32", "samples per step; 0: the whole training set"},
              {"seed", FlagKind::Count, "1", "seeds the weights, the shuffling and the --val split"},
              {"val", FlagKind::Number, "", "hold out this fraction (stratified) for validation"},
              {"save", FlagKind::Text, "", "write the trained model to this file", false, FileRole::Output},
              {"plot", FlagKind::Text, "", "draw the decision boundary to this SVG file (2 features)", false,
               FileRole::Output}},
             "Give --layers (with --activation) or --stack.\nactivations: none, " + join(activation_names()) +
                 " (parameters after ':', like leaky_relu:0.2)\n"
                 "layers for --stack: " + join(layer_names()) + "\n"
                 "Accuracy is measured after training on all of each split, as the loss reads the outputs.\n"
                 "A loss or a parameter that becomes NaN or infinite stops training with exit code 3, and nothing is\n"
                 "saved.\n",
             "the model --save names and the SVG --plot names, if given",
             "0.15 s for two moons (1,000 rows, 2,16,16,1, the default 200 epochs); it grows with rows x epochs x weights"},
            run};
}

}  // namespace mlp::cli
