// SPDX-License-Identifier: MIT
// test_export_pytorch.cpp: a model with every registry activation exports to a Python file that
// PyTorch runs to mlp's outputs within 1e-12 (where /usr/bin/python3 has torch); unknown layer
// kinds are refused by name and write nothing.
#include <doctest/doctest.h>

#include "export_test_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "mlp/mlp.hpp"

namespace {


std::string scratch(const std::string& name) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mlp_test_export";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

// An activation the exporter has never heard of.
class Cube : public mlp::Activation {
public:
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        start_forward(x);
        for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] * x[k] * x[k];
        return y_;
    }
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        start_backward(dy);
        for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k] * 3 * x_[k] * x_[k];
        return dx_;
    }
    std::string name() const override { return "Cube"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<Cube>(*this); }
};

}  // namespace

TEST_CASE("export_pytorch: every registry activation, with non-default parameters, reproduces mlp in PyTorch") {
    // Each activation between two Dense layers, with parameters off their defaults where they have any.
    const std::vector<std::string> specs = {"identity", "sigmoid", "tanh", "relu", "leaky_relu:0.2", "prelu:5,0.1",
                                            "rrelu:0.1,0.3", "elu:0.7", "celu:1.5", "selu", "gelu", "gelu:tanh",
                                            "silu", "mish", "softplus:2,10", "softsign", "hardtanh:-2,1.5", "relu6",
                                            "hardsigmoid", "hardswish", "log_sigmoid", "tanhshrink", "softmax",
                                            "log_softmax", "dropout:0.3", "dense:5,5", "batch_norm:5,0.001,0.3",
                                            "layer_norm:5,0.01"};
    // Every kind the layer registry builds is among them (a new layer must be added here too);
    // an alias ("swish") counts as the kind it builds ("silu").
    for (const std::string& name : mlp::layer_names()) {
        std::string kind = name;
        try {
            const std::string spec = mlp::make_layer(name)->spec();
            kind = spec.substr(0, spec.find(':'));
        } catch (const std::invalid_argument&) {
            // "dense" needs its widths; its name is its kind
        }
        bool found = false;
        for (const std::string& s : specs) found = found || s.substr(0, s.find(':')) == kind;
        CAPTURE(name);
        CHECK(found);
    }
    mlp::Rng rng(7);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(3, 5, rng);
    for (const std::string& spec : specs) {
        model.add(mlp::make_layer(spec));
        model.emplace<mlp::Dense>(5, 5, rng);
    }
    // PReLU's slopes trained away from their init: set them by hand so the export must copy them.
    for (mlp::Param& p : model.params())
        if (p.name.find(".a") != std::string::npos)
            for (std::size_t k = 0; k < p.value->size(); ++k) (*p.value)[k] = 0.05 * static_cast<double>(k + 1);

    const std::string path = scratch("every_activation.py");
    mlp::export_pytorch(model, path);
    const std::string text = file_text(path);
    CHECK(text.find("nn.Linear(3, 5)") != std::string::npos);
    CHECK(text.find("nn.LeakyReLU(negative_slope=0.2)") != std::string::npos);
    CHECK(text.find("nn.GELU(approximate='tanh')") != std::string::npos);
    CHECK(text.find("nn.GELU(approximate='none')") != std::string::npos);
    CHECK(text.find("nn.Dropout(p=0.3)") != std::string::npos);

    check_export_reproduces(path);
}

TEST_CASE("export_pytorch: a wrong weight is caught by the exported file's own check") {
    if (!torch_available()) {
        MESSAGE("skipped: /usr/bin/python3 cannot import torch");
        return;
    }
    mlp::Rng rng(3);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 3, rng);
    model.add(mlp::make_activation("tanh"));
    model.emplace<mlp::Dense>(3, 1, rng);
    std::string text = mlp::pytorch_source(model, mlp::Tensor::from_rows({{0.5, -1.0}, {2.0, 0.25}}));
    // Replace the stored expected outputs' opening with a slightly different first value.
    const std::size_t at = text.find("expected = torch.tensor([[");
    REQUIRE(at != std::string::npos);
    text.insert(at + std::string("expected = torch.tensor([[").size(), "1e-9 + ");
    const std::string path = scratch("tampered.py");
    std::ofstream(path) << text;
    CHECK(std::system(("/usr/bin/python3 " + path + " > /dev/null 2>&1").c_str()) != 0);
}

TEST_CASE("export_pytorch: a layer kind the exporter does not know is refused by name, and no file is written") {
    mlp::Rng rng(1);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 2, rng);
    model.emplace<Cube>();
    const std::string path = scratch("cube.py");
    std::filesystem::remove(path);
    CHECK_THROWS_WITH_AS(mlp::export_pytorch(model, path),
                         doctest::Contains("export_pytorch: layer 1 (Cube) is of kind 'cube', which the exporter cannot map "
                                           "to a torch module; it knows: batch_norm, celu, dense,"),
                         std::invalid_argument);
    CHECK(!std::filesystem::exists(path));
    mlp::Sequential empty;
    CHECK_THROWS_WITH_AS(mlp::export_pytorch(empty, path), "export_pytorch: expected a model with layers, got an empty Sequential",
                         std::invalid_argument);
}
