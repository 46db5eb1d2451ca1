// fuzz_checkpoint.cpp: libFuzzer target for the checkpoint reader (Trainer::resume_from_string),
// on the architecture the seed corpus was saved from (tests/test_checkpoint.cpp's model_for):
// Dense(2, 6), PReLU(6), Dense(6, 1), SGD with momentum 0.9, weight decay 1e-4, Nesterov.
// Any input must be resumed or refused with mlp::ModelFileError; a resumed run must train on.
#include <cstddef>
#include <cstdint>
#include <string>

#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/train/trainer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    mlp::Rng rng(3);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 6, rng);
    model.emplace<mlp::PReLU>(6);
    model.emplace<mlp::Dense>(6, 1, rng);
    mlp::BCEWithLogitsLoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9, .weight_decay = 1e-4, .nesterov = true});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 3, .batch_size = 7, .seed = 5, .progress = false});
    try {
        trainer.resume_from_string(text, "fuzz");
    } catch (const mlp::ModelFileError&) {
        return 0;  // refused with a message
    }
    // 20 samples: the seeds were saved on 20 or 50; another size must be refused, not crash.
    mlp::Tensor x(20, 2, 0.25), y(20, 1, 1.0);
    try {
        trainer.fit(x, y);
    } catch (const std::invalid_argument&) {
        // the checkpoint was taken on another number of samples
    } catch (const std::runtime_error&) {
        // the weights it holds make the loss non-finite: reported, as training should
    }
    return 0;
}
