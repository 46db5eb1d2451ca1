// SPDX-License-Identifier: MIT
// gradcheck.cpp: `mlp gradcheck`: compare backprop's gradients with central finite differences,
// for a saved model or one described by flags, on a CSV file's rows or on random points.
#include <ostream>

#include "cli.hpp"
#include "common.hpp"
#include "mlp/core/rng.hpp"
#include "mlp/nn/activation_registry.hpp"
#include "mlp/tools/gradcheck.hpp"

namespace mlp::cli {

namespace {

const char* const kName = "gradcheck";
constexpr std::size_t kRandomRows = 8;
// Each parameter costs two forward passes over every row, each pass about one multiply-add per
// parameter and row: parameters^2 x rows in all. 1e9 of them is seconds, not minutes.
constexpr double kMaxCheckWork = 1e9;

std::size_t parameter_count(Sequential& model) {
    std::size_t total = 0;
    for (const Param& p : model.params()) total += p.value->size();
    return total;
}

int run(const Args& args, std::ostream& out, std::ostream&) {
    std::unique_ptr<Loss> loss = loss_from(kName, args);
    if (args.has("model") && (args.has("layers") || args.has("stack")))
        throw UsageError("mlp gradcheck: expected --model or a new model (--layers or --stack), got both");
    Sequential model = args.has("model") ? read_model(args) : model_from(kName, args);
    const std::size_t width = input_width(model);
    if (width == 0 && !args.has("data"))
        throw UsageError("mlp gradcheck: the model has no layer that fixes its input width (no dense layer), so "
                         "random points have no width to take; give --data to check it on a file's rows");
    Dataset data;
    std::string where;
    if (args.has("data")) {
        data = read_data(args);
        check_fits(kName, model, data, args.text("data"));
        where = args.text("data");
    } else {
        // Points drawn from [-2, 2] and labels from {0, 1}, seeded: away from nothing in particular,
        // so a kink (relu at 0) is hit with probability 0.
        Rng rng(static_cast<std::uint32_t>(args.count("seed")));
        data.x = Tensor(kRandomRows, width);
        data.y = Tensor(kRandomRows, 1);
        for (std::size_t k = 0; k < data.x.size(); ++k) data.x[k] = rng.uniform(-2.0, 2.0);
        for (std::size_t n = 0; n < kRandomRows; ++n) data.y(n, 0) = rng.uniform() < 0.5 ? 0.0 : 1.0;
        where = std::to_string(kRandomRows) + " random points";
    }
    const double parameters = static_cast<double>(parameter_count(model));
    const double work = parameters * parameters * static_cast<double>(data.x.rows());
    if (work > kMaxCheckWork)
        throw UsageError("mlp gradcheck: expected a check of at most " + num(kMaxCheckWork) +
                         " multiply-adds (parameters^2 x rows), got " + num(parameters) + " parameters on " +
                         std::to_string(data.x.rows()) + " rows (" + num(work) +
                         "); check a smaller model or fewer rows");
    const Tensor target = targets_for(args, data.y, model.output_width(data.x.cols()));
    GradcheckOptions options;
    options.tolerance = args.number("tolerance");
    require(options.tolerance > 0, kName, "tolerance", "> 0", args.text("tolerance"));
    options.seed = static_cast<std::uint32_t>(args.count("seed"));
    const GradcheckResult r = gradcheck(model, *loss, data.x, target, options);
    out << "mlp gradcheck on " << where << " with " << args.text("loss") << ":\n" << r << "\n";
    return r.passed ? kOk : kCheckFailed;
}

}  // namespace

Command gradcheck_command() {
    return {{kName,
             "check backprop's gradients against finite differences",
             "",
             {{"model", FlagKind::Text, "", "model file to check", false, FileRole::Input},
              {"layers", FlagKind::Counts, "", "or a new model: widths from inputs to outputs, like 2,8,1"},
              stack_flag(),
              {"activation", FlagKind::Text, "tanh", "with --layers: the activation between the layers"},
              {"seed", FlagKind::Count, "1", "seeds the new model's weights and the random points"},
              {"data", FlagKind::Text, "", "CSV file whose rows are checked (default: 8 random points)", false,
               FileRole::Input},
              label_flag(),
              loss_flag(),
              {"tolerance", FlagKind::Number, "1e-6", "largest relative error that passes"}},
             "Exit code 0 when every gradient element agrees within the tolerance; 4 when one does not, or when\n"
             "every gradient is 0 (a check that compares zeros with zeros is refused, not passed).\n",
             "nothing: the report goes to stdout",
             "instant on 8 random points; 2 s for the 1,000 rows of two moons with --data"},
            run};
}

}  // namespace mlp::cli
