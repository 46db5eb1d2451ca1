// SPDX-License-Identifier: MIT
// export_pytorch.cpp: `mlp export-pytorch`: a saved model as a Python file that rebuilds it in
// PyTorch and checks that it computes the same outputs.
#include <ostream>

#include "cli.hpp"
#include "common.hpp"
#include "mlp/io/export_pytorch.hpp"

namespace mlp::cli {

namespace {

const char* const kName = "export-pytorch";

int run(const Args& args, std::ostream& out, std::ostream&) {
    Sequential model = read_model(args);
    try {
        export_pytorch(model, args.text("out"));
    } catch (const std::invalid_argument& e) {  // a layer PyTorch has no module for: the model does not fit
        throw InputError(std::string("mlp export-pytorch: ") + e.what());
    } catch (const std::runtime_error& e) {  // the file cannot be written
        throw InputError(std::string("mlp export-pytorch: ") + e.what());
    }
    out << "wrote " << args.text("out") << "; run it with python3 " << args.text("out")
        << " to check PyTorch computes the same outputs\n";
    return kOk;
}

}  // namespace

Command export_pytorch_command() {
    return {{kName, "a saved model as a PyTorch program that checks itself", "",
             {model_flag(), {"out", FlagKind::Text, "", "the Python file to write", true, FileRole::Output}},
             "Layers PyTorch has no module for are refused (exit code 2), and no file is written.\n",
             "the Python file --out names",
             "instant"},
            run};
}

}  // namespace mlp::cli
