// SPDX-License-Identifier: MIT
// test_layer_registry.cpp: every built-in layer from its spec and back, a user's layer in one
// line, the validation save and load share, model format 2 and the version-1 fixture.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "fixtures.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/nn/activation.hpp"
#include "mlp/nn/activation_registry.hpp"
#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/dropout.hpp"
#include "mlp/nn/layer_registry.hpp"
#include "mlp/nn/sequential.hpp"

using mlp::Tensor;

namespace {
// y = 2 x: a user layer with no settings; its default spec is its name in lower case.
class Twice : public mlp::Layer {
public:
    const Tensor& forward(const Tensor& x) override {
        y_ = x;
        for (std::size_t k = 0; k < y_.size(); ++k) y_[k] *= 2.0;
        return y_;
    }
    const Tensor& backward(const Tensor& dy) override {
        dx_ = dy;
        for (std::size_t k = 0; k < dx_.size(); ++k) dx_[k] *= 2.0;
        return dx_;
    }
    std::string name() const override { return "Twice"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<Twice>(*this); }

private:
    Tensor y_, dx_;
};
const bool twice_registered =
    mlp::register_layer("twice", [](std::string_view) -> std::unique_ptr<mlp::Layer> { return std::make_unique<Twice>(); });
}  // namespace

TEST_CASE("make_layer: every built-in layer is rebuilt from its spec") {
    for (const char* spec : {"dense:2,8", "dropout:0.5", "dropout:0.25,7", "leaky_relu:0.2", "prelu:4,0.25", "tanh",
                             "relu", "gelu:tanh", "rrelu:0.1,0.3", "hardtanh:-2,2", "softmax"}) {
        CAPTURE(spec);
        const std::unique_ptr<mlp::Layer> layer = mlp::make_layer(spec);
        CHECK(layer->spec() == spec);
        CHECK(mlp::make_layer(layer->spec())->name() == layer->name());
    }
    for (const std::string& name : mlp::activation_names()) {
        CAPTURE(name);
        CHECK(mlp::make_layer(name)->spec() == mlp::make_activation(name)->spec());
    }
    CHECK(mlp::make_layer("DENSE:3,1")->name() == "Dense(3, 1)");
    // The same spec always draws the same weights (a fixed seed; a loaded file overwrites them).
    auto a = mlp::make_layer("dense:3,2"), b = mlp::make_layer("dense:3,2");
    CHECK(*a->params()[0].value == *b->params()[0].value);
}

TEST_CASE("make_layer: unknown names and bad parameters throw, listing what is known") {
    CHECK_THROWS_WITH_AS(mlp::make_layer("convolution:3"), doctest::Contains("make_layer: expected one of "),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_layer("convolution:3"), doctest::Contains(", got \"convolution\""),
                         std::invalid_argument);
    try {
        mlp::make_layer("nope");
    } catch (const std::invalid_argument& e) {
        const std::string message = e.what();
        for (const char* known : {"dense", "dropout", "relu", "prelu", "twice"}) CHECK(message.find(known) != std::string::npos);
    }
    CHECK_THROWS_WITH_AS(mlp::make_layer("dense:2"), "make_layer: expected 2 number(s) after ':', got 1 in \"dense:2\"",
                         std::invalid_argument);
    const std::string field = "x" + std::string(99, 'y'), cut = "x" + std::string(59, 'y') + "...";
    CHECK_THROWS_WITH_AS(mlp::make_layer("dense:2," + field),  // a long field is quoted in part, once cut
                         ("make_layer: expected a number, got \"" + cut + "\" in \"dense:2," + field.substr(0, 52) +
                          "...\"").c_str(),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_layer("dense:2,x"), "make_layer: expected a number, got \"x\" in \"dense:2,x\"",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_layer("dense:0,3"),
                         "make_layer: expected dense IN as a whole number from 1 to 16777216, got 0", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_layer("dense:100000,100000"),
                         "make_layer: expected dense IN * OUT <= 16777216 weights, got \"dense:100000,100000\"",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::register_layer("twice", [](std::string_view) { return std::make_unique<Twice>(); }),
                         "register_layer: the name \"twice\" is already taken", std::invalid_argument);
    CHECK_THROWS_AS(mlp::register_layer("Bad:name", [](std::string_view) { return std::make_unique<Twice>(); }),
                    std::invalid_argument);
}

TEST_CASE("layer_names: built-in layers, activations and registered ones, sorted") {
    const std::vector<std::string> names = mlp::layer_names();
    CHECK(twice_registered);
    CHECK(std::is_sorted(names.begin(), names.end()));
    for (const char* name : {"dense", "dropout", "tanh", "prelu", "swish", "twice"})
        CHECK(std::find(names.begin(), names.end(), name) != names.end());
}

TEST_CASE("model format 2: a registered user layer is saved and loaded with no edit to the library") {
    mlp::Rng rng(3);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 3, rng);
    model.emplace<Twice>();
    model.emplace<mlp::Dropout>(0.5, 4);
    model.emplace<mlp::PReLU>(3, 0.1);
    model.emplace<mlp::Dense>(3, 1, rng);
    const std::string text = mlp::model_to_string(model);
    CHECK(text.rfind("mlp-model 2\nlayer dense:2,3\nW 2 3\n", 0) == 0);
    CHECK(text.find("layer twice\nlayer dropout:0.5,4\nlayer prelu:3,0.1\na 1 3\n0.1 0.1 0.1\n") != std::string::npos);
    mlp::Sequential loaded = mlp::load_model_from_string(text);
    CHECK(mlp::model_to_string(loaded) == text);
    model.eval();
    loaded.eval();
    const Tensor x = Tensor::from_rows({{0.3, -1.2}, {2.0, 0.5}});
    CHECK(loaded.forward(x) == model.forward(x));
}

TEST_CASE("model_problem: one validation, asking the layers, used by save and load") {
    mlp::Rng rng(1);
    mlp::Sequential empty;
    CHECK(mlp::model_problem(empty) == "the model has no layers");
    CHECK_THROWS_WITH_AS(mlp::model_to_string(empty), "save_model: the model has no layers", std::invalid_argument);

    mlp::Sequential bad;
    bad.emplace<mlp::Dense>(2, 3, rng);
    bad.emplace<mlp::Tanh>();
    bad.emplace<mlp::PReLU>(4);
    std::size_t index = 0;
    CHECK(mlp::model_problem(bad, &index) ==
          "layer 2 (PReLU(4)) expects 4 input features, but the layer before it gives 3 (the widths do not chain)");
    CHECK(index == 2);
    CHECK_THROWS_WITH_AS(mlp::model_to_string(bad), doctest::Contains("save_model: layer 2 (PReLU(4)) expects 4"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::load_model_from_string("mlp-model 2\nlayer dense:2,3\nW 2 3\n1 2 3\n4 5 6\nb 1 3\n0 0 0\n"
                                                     "layer dense:2,1\nW 2 1\n1\n2\nb 1 1\n0\nend\n",
                                                     "bad.txt"),
                         "load_model: bad.txt: line 8: layer 1 (Dense(2, 1)) expects 2 input features, but the layer "
                         "before it gives 3 (the widths do not chain)",
                         mlp::ModelFileError);
}

TEST_CASE("model format 2: refuses what does not fit the spec, naming the line") {
    const auto refusal = [](const std::string& text) {
        try {
            mlp::load_model_from_string(text, "bad.txt");
        } catch (const mlp::ModelFileError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(refusal("mlp-model 2\nlayer dense:2,1\nW 2 2\n1 2\n3 4\n") ==
          "load_model: bad.txt: line 3: expected W of shape (2, 1) for dense:2,1, got (2, 2)");
    CHECK(refusal("mlp-model 2\nlayer dense:2,1\nb 1 1\n") == "load_model: bad.txt: line 3: expected \"W ROWS COLS\", got \"b\"");
    CHECK(refusal("mlp-model 2\nlayer dense:1,2\nW 1 2\n1 x\n") ==
          "load_model: bad.txt: line 4: expected a number in W, got \"x\"");
    CHECK(refusal("mlp-model 2\nlayer swoosh\nend\n").find("load_model: bad.txt: line 2: make_layer: expected one of ") == 0);
    CHECK(refusal("mlp-model 3\n") == "load_model: bad.txt: line 1: this file is format version \"3\"; this build reads versions 1 and 2");
    CHECK(refusal("mlp-model 2\ndense 2 1\n") ==
          "load_model: bad.txt: line 2: expected a layer (\"layer SPEC\") or \"end\", got \"dense\"");
}

TEST_CASE("model format 1: the fixture of the old format still loads, to the same numbers") {
    const mlp::Sequential model = mlp::load_model(fixtures::path("model_v1.txt"));
    REQUIRE(model.size() == 5);
    CHECK(model[0].spec() == "dense:2,3");
    CHECK(model[1].spec() == "prelu:3,0.25");
    CHECK(model[4].spec() == "sigmoid");
    mlp::Sequential m = model;
    CHECK(*m.params()[0].value == Tensor::from_rows({{0.5, -0.25, 1}, {0.125, 2, -3}}));
    CHECK(*m.params()[2].value == Tensor::from_rows({{0.25, 0.5, -0.1}}));
    // Saved again, it is written in format 2 and reads back to the same model.
    const std::string v2 = mlp::model_to_string(m);
    CHECK(v2.rfind("mlp-model 2\n", 0) == 0);
    mlp::Sequential again = mlp::load_model_from_string(v2);
    const Tensor x = Tensor::from_rows({{1, -1}, {0.5, 2}});
    CHECK(again.forward(x) == m.forward(x));
}
