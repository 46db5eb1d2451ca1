// SPDX-License-Identifier: MIT
// fuzz_model_file.cpp: libFuzzer target for the model-file reader (load_model_from_string).
// Any input must either load or be refused with mlp::ModelFileError; anything else (another
// exception, a crash, a sanitizer report, a hang) is a bug. A file that loads must also
// survive a round trip: written again and read again, it gives the same text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include "mlp/io/model_file.hpp"
#include "mlp/core/tensor.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    mlp::Sequential model;
    try {
        model = mlp::load_model_from_string(text, "fuzz");
    } catch (const mlp::ModelFileError&) {
        return 0;  // refused with a message: what a bad file should get
    }
    const std::string saved = mlp::model_to_string(model);
    const std::string again = mlp::model_to_string(mlp::load_model_from_string(saved, "fuzz-resaved"));
    if (saved != again) {
        std::fprintf(stderr, "round trip changed the text:\n%s\n---\n%s\n", saved.c_str(), again.c_str());
        std::abort();
    }
    // Run the loaded network once on a small input of the width its first layer expects.
    std::size_t width = 1;
    for (const mlp::Param& p : model.params()) {
        width = p.value->rows() > 1 ? p.value->rows() : p.value->cols();  // Dense W (in, out) or PReLU a (1, F)
        break;
    }
    try {
        model.train(false);
        (void)model.forward(mlp::Tensor(2, width, 0.5));
    } catch (const std::invalid_argument&) {
        // e.g. a PReLU with 3 slopes as the first layer, given a guessed width: a caller mistake
    }
    return 0;
}
