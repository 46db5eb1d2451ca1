// SPDX-License-Identifier: MIT
// eval.cpp: `mlp eval`: a saved model's loss and accuracy on a CSV file.
#include <ostream>

#include "cli.hpp"
#include "common.hpp"
#include "mlp/optim/sgd.hpp"
#include "mlp/train/trainer.hpp"

namespace mlp::cli {

namespace {

const char* const kName = "eval";

int run(const Args& args, std::ostream& out, std::ostream&) {
    std::unique_ptr<Loss> loss = loss_from(kName, args);
    Sequential model = read_model(args);
    const Dataset data = read_data(args);
    check_fits(kName, model, data, args.text("data"));
    const Tensor y = targets_for(args, data.y, model.output_width(data.x.cols()));
    // Trainer::evaluate is the one place loss and accuracy are measured; an optimizer it never steps.
    SGD unused(model.params(), SGDOptions{.lr = 1.0});
    Trainer trainer(model, *loss, unused);
    const Trainer::Evaluation e = trainer.evaluate(data.x, y);
    out << args.text("data") << " (" << data.x.rows() << " samples): loss " << num(e.loss) << "  accuracy "
        << num(e.accuracy) << "\n";
    return kOk;
}

}  // namespace

Command eval_command() {
    return {{kName, "a saved model's loss and accuracy on a CSV file", "",
             {model_flag(), data_flag(), label_flag(), loss_flag()},
             "--loss must be the loss the model was trained with: it says how the outputs are read.\n",
             "nothing: the loss and accuracy go to stdout",
             "instant for a thousand rows"},
            run};
}

}  // namespace mlp::cli
