// SPDX-License-Identifier: MIT
// test_batch_norm.cpp: BatchNorm1d against PyTorch (values, gradients, running statistics over
// several steps, evaluation), gradcheck in both modes, misuse, and its running statistics kept
// through model files, checkpoints and the PyTorch export.
#include <doctest/doctest.h>

#include "export_test_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "norm_test_support.hpp"
#include "mlp/train/checkpoint.hpp"
#include "mlp/mlp.hpp"

using mlp::Tensor;
using norm_tests::check_close;
using norm_tests::random_tensor;

namespace {

Tensor buffer(mlp::Layer& layer, const std::string& name) {
    for (const mlp::Buffer& b : layer.buffers())
        if (b.name == name) return *b.value;
    FAIL("no buffer " << name);
    return {};
}


std::filesystem::path scratch(const std::string& name) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mlp_test_batch_norm";
    std::filesystem::create_directories(dir);
    return dir / name;
}

// Dense -> BatchNorm -> Tanh -> Dense: the normalisation between a layer and its activation.
mlp::Sequential bn_model(std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 5, rng);
    model.emplace<mlp::BatchNorm1d>(5);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(5, 1, rng);
    return model;
}

// n points in [-1, 1]^2 labelled by the XOR of their quadrant.
void toy_data(Tensor& x, Tensor& y, std::size_t n) {
    x = random_tensor(n, 2, 99, -1.0, 1.0);
    y = Tensor(n, 1);
    for (std::size_t i = 0; i < n; ++i) y(i, 0) = x(i, 0) * x(i, 1) > 0 ? 1.0 : 0.0;
}

}  // namespace

TEST_CASE("BatchNorm1d: values, gradients and running statistics agree with PyTorch over several steps, then in eval") {
    const std::map<std::string, Tensor> torch = norm_tests::torch_fixture();
    for (const std::string spec : {"batch_norm:3", "batch_norm:4,0.001,0.25"}) {
        CAPTURE(spec);
        std::unique_ptr<mlp::Layer> layer = mlp::make_layer(spec);
        CHECK(layer->spec() == spec);
        std::vector<mlp::Param> params = layer->params();
        REQUIRE(params.size() == 2);
        CHECK(params[0].name == "gamma");
        CHECK(params[1].name == "beta");
        *params[0].value = torch.at(spec + ";init;gamma");
        *params[1].value = torch.at(spec + ";init;beta");
        int steps = 0;
        for (const std::string step : {"train1", "train2", "train3", "eval"}) {
            const std::string key = spec + ";" + step + ";";
            if (torch.count(key + "x") == 0) continue;
            CAPTURE(step);
            ++steps;
            layer->train(step != "eval");
            params[0].grad->fill(0.0);
            params[1].grad->fill(0.0);
            const Tensor y = layer->forward(torch.at(key + "x"));
            const Tensor dx = layer->backward(torch.at(key + "w"));
            check_close(y, torch.at(key + "y"), "y");
            check_close(dx, torch.at(key + "dx"), "dx");
            check_close(*params[0].grad, torch.at(key + "dgamma"), "dgamma");
            check_close(*params[1].grad, torch.at(key + "dbeta"), "dbeta");
            check_close(buffer(*layer, "running_mean"), torch.at(key + "running_mean"), "running_mean");
            check_close(buffer(*layer, "running_var"), torch.at(key + "running_var"), "running_var");
        }
        CHECK(steps >= 3);
    }
}

TEST_CASE("BatchNorm1d: backward matches finite differences, in training and in evaluation") {
    for (const bool training : {true, false}) {
        for (const std::uint32_t seed : {1u, 2u, 3u}) {
            CAPTURE(training);
            CAPTURE(seed);
            mlp::BatchNorm1d bn(4);
            bn.gamma = random_tensor(1, 4, seed + 10, 0.5, 2.0);
            bn.beta = random_tensor(1, 4, seed + 20);
            bn.running_mean = random_tensor(1, 4, seed + 30);
            bn.running_var = random_tensor(1, 4, seed + 40, 0.5, 2.0);
            bn.train(training);
            // 3e-7, not 1e-7: in training every output depends on the whole column through its mean
            // and variance, and their rounding leaves about 1e-10 in each central difference, which
            // an element below min_scale (1e-3) is measured against.
            const mlp::GradcheckResult r = mlp::gradcheck(bn, random_tensor(6, 4, seed), {.tolerance = 3e-7});
            CAPTURE(r.summary);
            CHECK(r.passed);
            CHECK_FALSE(r.all_zero);
            CHECK(r.largest_gradient > 0.1);
        }
    }
}

TEST_CASE("BatchNorm1d: a whole model with a loss passes gradcheck in training mode") {
    for (const std::uint32_t seed : {4u, 5u, 6u}) {
        CAPTURE(seed);
        mlp::Sequential model = bn_model(seed);
        mlp::MSELoss loss;
        const mlp::GradcheckResult r =
            mlp::gradcheck(model, loss, random_tensor(8, 2, seed), random_tensor(8, 1, seed + 1), {.tolerance = 1e-6});
        CAPTURE(r.summary);
        CHECK(r.passed);
        CHECK_FALSE(r.all_zero);
    }
}

TEST_CASE("BatchNorm1d: in training each feature comes out with mean beta and spread gamma") {
    mlp::BatchNorm1d bn(3);
    bn.gamma = Tensor::from_rows({{2.0, 0.5, 1.0}});
    bn.beta = Tensor::from_rows({{-1.0, 0.0, 3.0}});
    const Tensor x = random_tensor(50, 3, 7, -5.0, 20.0);
    const Tensor& y = bn.forward(x);
    for (std::size_t j = 0; j < 3; ++j) {
        double mean = 0.0, var = 0.0;
        for (std::size_t n = 0; n < 50; ++n) mean += y(n, j) / 50.0;
        for (std::size_t n = 0; n < 50; ++n) var += (y(n, j) - mean) * (y(n, j) - mean) / 50.0;
        CHECK(mean == doctest::Approx(bn.beta(0, j)).epsilon(1e-12));
        // var / (var + eps) of the batch, not 1: eps is inside the square root
        CHECK(std::sqrt(var) == doctest::Approx(bn.gamma(0, j)).epsilon(1e-5));
    }
}

TEST_CASE("BatchNorm1d: misuse throws a message naming what was expected and what came") {
    mlp::BatchNorm1d bn(3);
    const auto message = [](auto&& f) {
        try {
            f();
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no exception");
    };
    CHECK(message([&] { bn.forward(Tensor(4, 2)); }) == "BatchNorm1d::forward: expected input with 3 columns and at least one row, got (4, 2)");
    CHECK(message([&] { bn.forward(Tensor(1, 3)); }).find("expected at least 2 samples in training") != std::string::npos);
    bn.eval();
    CHECK(message([&] { bn.forward(Tensor(1, 3)); }) == "no exception");  // evaluation takes one sample
    CHECK(message([&] { bn.backward(Tensor(2, 3)); }).find("BatchNorm1d::backward: expected") != std::string::npos);
    CHECK(message([] { mlp::make_layer("batch_norm:3,0.001"); }).find("C or C,EPS,MOMENTUM") != std::string::npos);
    CHECK(message([] { mlp::make_layer("batch_norm:0"); }).find("batch_norm C") != std::string::npos);
    CHECK(message([] { mlp::make_layer("batch_norm"); }).find("expected 1 to 3 number(s)") != std::string::npos);
    CHECK(message([] { mlp::make_layer("batch_norm:3,0,0.1"); }) == "BatchNorm1d: expected eps > 0, got 0");
    CHECK(message([] { mlp::make_layer("batch_norm:3,1e-5,1.5"); }) ==
          "BatchNorm1d: expected momentum in [0, 1], got 1.5");
}

TEST_CASE("BatchNorm1d: Sequential names its buffers like its parameters") {
    mlp::Sequential model = bn_model(1);
    const std::vector<mlp::Buffer> buffers = model.buffers();
    REQUIRE(buffers.size() == 2);
    CHECK(buffers[0].name == "batchnorm1d1.running_mean");
    CHECK(buffers[1].name == "batchnorm1d1.running_var");
    CHECK(model.params()[2].name == "batchnorm1d1.gamma");
    CHECK(model.params()[3].name == "batchnorm1d1.beta");
    CHECK(buffers[0].value == &dynamic_cast<mlp::BatchNorm1d&>(model[1]).running_mean);
}

TEST_CASE("BatchNorm1d: a model saved in training, loaded and switched to eval gives the outputs it gave before saving") {
    Tensor x, y;
    toy_data(x, y, 48);
    for (const std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        mlp::Sequential model = bn_model(seed);
        mlp::BCEWithLogitsLoss loss;
        mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9});
        mlp::Trainer(model, loss, sgd, {.epochs = 3, .batch_size = 8, .seed = seed, .progress = false}).fit(x, y);
        REQUIRE(model.training());
        // The running statistics moved away from their start (0 and 1), so a file without them fails.
        CHECK(buffer(model[1], "running_mean")(0, 0) != 0.0);
        CHECK(buffer(model[1], "running_var")(0, 0) != 1.0);

        const std::string text = mlp::model_to_string(model);
        CHECK(text.find("\nrunning_mean 1 5\n") != std::string::npos);
        CHECK(text.find("\nrunning_var 1 5\n") != std::string::npos);
        model.eval();
        const Tensor before = model.forward(x);

        mlp::Sequential loaded = mlp::load_model_from_string(text);
        loaded.eval();
        CHECK(loaded.forward(x) == before);  // bit for bit

        mlp::Sequential into = bn_model(seed + 100);
        mlp::load_model_into_from_string(text, into);
        into.eval();
        CHECK(into.forward(x) == before);
    }
}

TEST_CASE("BatchNorm1d: a model file without its running statistics is refused, and load_model_into changes nothing") {
    mlp::Sequential model = bn_model(1);
    const std::string text = mlp::model_to_string(model);
    const std::size_t at = text.find("running_var 1 5\n");
    REQUIRE(at != std::string::npos);
    const std::size_t end = text.find('\n', text.find('\n', at) + 1);
    const std::string cut = text.substr(0, at) + text.substr(end + 1);
    mlp::Sequential into = bn_model(7);
    dynamic_cast<mlp::BatchNorm1d&>(into[1]).running_mean.fill(0.5);
    try {
        mlp::load_model_into_from_string(cut, into);
        FAIL("expected the cut file to be refused");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).find("running_var") != std::string::npos);
    }
    CHECK(buffer(into[1], "running_mean") == Tensor(1, 5, 0.5));
}

TEST_CASE("BatchNorm1d: a run interrupted and resumed from a checkpoint ends with the same weights and running statistics") {
    Tensor x, y;
    toy_data(x, y, 48);
    mlp::BCEWithLogitsLoss loss;
    const auto config = [](std::size_t epochs) {
        return mlp::TrainConfig{.epochs = epochs, .batch_size = 8, .shuffle = true, .seed = 5, .progress = false};
    };
    mlp::Sequential straight = bn_model(3);
    mlp::SGD straight_sgd(straight.params(), {.lr = 0.1, .momentum = 0.9});
    mlp::Trainer(straight, loss, straight_sgd, config(6)).fit(x, y);

    const std::string path = scratch("resume.txt").string();
    {
        mlp::Sequential first = bn_model(3);
        mlp::SGD sgd(first.params(), {.lr = 0.1, .momentum = 0.9});
        mlp::Trainer trainer(first, loss, sgd, config(2));
        trainer.fit(x, y);
        mlp::save_checkpoint(trainer, path);
    }
    mlp::Sequential resumed = bn_model(77);
    mlp::SGD sgd(resumed.params(), {.lr = 0.1, .momentum = 0.9});
    mlp::Trainer trainer(resumed, loss, sgd, config(6));
    mlp::load_checkpoint(trainer, path);
    trainer.fit(x, y);
    const auto pa = resumed.params(), pb = straight.params();
    for (std::size_t k = 0; k < pa.size(); ++k) CHECK(*pa[k].value == *pb[k].value);
    const auto ba = resumed.buffers(), bb = straight.buffers();
    REQUIRE(ba.size() == 2);
    for (std::size_t k = 0; k < ba.size(); ++k) {
        CAPTURE(ba[k].name);
        CHECK(*ba[k].value == *bb[k].value);
    }
}

TEST_CASE("BatchNorm1d: export_pytorch maps gamma, beta and the running statistics, and its self-check passes in eval") {
    Tensor x, y;
    toy_data(x, y, 48);
    mlp::Sequential model;
    {
        mlp::Rng rng(4);
        model.emplace<mlp::Dense>(2, 4, rng);
        model.add(mlp::make_layer("batch_norm:4,0.001,0.3"));
        model.emplace<mlp::ReLU>();
        model.add(mlp::make_layer("layer_norm:4"));
        model.emplace<mlp::Dense>(4, 1, rng);
    }
    mlp::BCEWithLogitsLoss loss;
    mlp::Adam adam(model.params(), {.lr = 0.01});
    mlp::Trainer(model, loss, adam, {.epochs = 3, .batch_size = 8, .seed = 2, .progress = false}).fit(x, y);
    const std::string path = scratch("bn_model.py").string();
    mlp::export_pytorch(model, path);
    const std::string text = file_text(path);
    CHECK(text.find("nn.BatchNorm1d(4, eps=0.001, momentum=0.3)") != std::string::npos);
    CHECK(text.find("nn.LayerNorm(4, eps=1e-05)") != std::string::npos);
    CHECK(text.find("model[1].running_mean.copy_(") != std::string::npos);
    CHECK(text.find("model[1].running_var.copy_(") != std::string::npos);
    CHECK(text.find("model[1].weight.copy_(") != std::string::npos);
    CHECK(text.find("model[3].bias.copy_(") != std::string::npos);
    check_export_reproduces(path);
}

namespace {
// A user's layer with a buffer and no parameters: y = x, and it counts the samples it has seen.
class SampleCounter : public mlp::Layer {
public:
    const Tensor& forward(const Tensor& x) override {
        if (training()) seen(0, 0) += static_cast<double>(x.rows());
        y_ = x;
        return y_;
    }
    const Tensor& backward(const Tensor& dy) override {
        dx_ = dy;
        return dx_;
    }
    std::vector<mlp::Buffer> buffers() override { return {{"seen", &seen}}; }
    std::string name() const override { return "SampleCounter"; }
    std::string spec() const override { return "sample_counter"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<SampleCounter>(*this); }

    Tensor seen = Tensor(1, 1);

private:
    Tensor y_, dx_;
};
const bool registered = mlp::register_layer("sample_counter", [](std::string_view) {
    return std::make_unique<SampleCounter>();
});
}  // namespace

TEST_CASE("Layer::buffers: a user's layer with a buffer is saved and loaded through the one virtual") {
    REQUIRE(registered);
    mlp::Sequential model;
    model.add(std::make_unique<SampleCounter>());
    model.forward(Tensor(7, 2));
    model.forward(Tensor(5, 2));
    REQUIRE(model.buffers().size() == 1);
    CHECK(model.buffers()[0].name == "samplecounter0.seen");
    const std::string text = mlp::model_to_string(model);
    CHECK(text.find("layer sample_counter\nseen 1 1\n12\n") != std::string::npos);
    mlp::Sequential loaded = mlp::load_model_from_string(text);
    CHECK(*loaded.buffers()[0].value == Tensor(1, 1, 12.0));
}
