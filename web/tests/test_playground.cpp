// SPDX-License-Identifier: MIT
// test_playground.cpp: the playground's C++ (web/playground.cpp), built natively: a network it
// builds and a model it is given are checked as model files are, by model_problem.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "../playground.hpp"

TEST_CASE("Playground::build: a network whose layers do not chain is refused (\"8 prelu:5\"), as a model file would be") {
    web::Playground p;
    CHECK_THROWS_WITH_AS(p.build("8 prelu:5", "bce-logits", 1),
                         doctest::Contains("Playground::build: layer 1 (PReLU(5)) expects 5 input features"),
                         std::invalid_argument);
    // The playground keeps the network it had, and a valid one still builds.
    CHECK_NOTHROW(p.build("8 prelu:8", "bce-logits", 1));
    CHECK_THROWS_WITH_AS(p.build(std::string(100000, '9') + " relu", "bce-logits", 1),
                         doctest::Contains("expected \"<units 1-64> <activation>\""), std::invalid_argument);
    try {
        p.build(std::string(100000, '9') + " relu", "bce-logits", 1);
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).size() < 300);  // the input is quoted to 60 characters
    }
}

TEST_CASE("Playground::load_model_text: a valid model whose first layer is an activation is accepted") {
    web::Playground p;
    p.build("4 tanh", "bce-logits", 1);
    p.load_model_text("mlp-model 2\nlayer tanh\nlayer dense:2,1\nW 2 1\n1\n-1\nb 1 1\n0\nend\n");
    CHECK(p.layers_json() == "[\"tanh\",\"dense:2,1\"]");
    // A model of the wrong width is still refused, naming both widths.
    CHECK_THROWS_WITH_AS(p.load_model_text("mlp-model 2\nlayer dense:3,1\nW 3 1\n1\n1\n1\nb 1 1\n0\nend\n"),
                         doctest::Contains("expected a model from 2 inputs to 1 outputs (this data set and loss), got 3 "
                                           "inputs and 1 outputs"),
                         std::invalid_argument);
}

// Looking at the model is evaluation: the page draws the boundary and the units' maps every frame,
// and a look in training mode would move BatchNorm's running statistics (and draw Dropout's noise).
TEST_CASE("Playground: looking at a model (stats, boundary, units' maps, predictions) leaves its BatchNorm statistics alone") {
    web::Playground p;
    p.set_data("moons", 100, 0.1, 0.2, 1);
    p.load_model_text("mlp-model 2\nlayer dense:2,3\nW 2 3\n1 2 3\n-1 0.5 2\nb 1 3\n0 0 0\n"
                      "layer batch_norm:3\ngamma 1 3\n1 1 1\nbeta 1 3\n0 0 0\nrunning_mean 1 3\n0.5 -0.5 1\n"
                      "running_var 1 3\n2 3 4\nlayer tanh\nlayer dense:3,1\nW 3 1\n1\n-1\n1\nb 1 1\n0\nend\n");
    const std::string before = p.model_text();
    const std::vector<double> first = p.boundary(8);
    (void)p.stats_json();
    (void)p.hidden_units(8);
    (void)p.predict_text({0.0, 0.0, 1.0, -1.0});
    CHECK(p.boundary(8) == first);
    CHECK(p.model_text() == before);
}

TEST_CASE("Playground::build: a layer after each Dense, by its registry name, built from the width alone") {
    web::Playground p;
    p.build("8 tanh batch_norm|4 relu layer_norm", "bce-logits", 1);
    CHECK(p.layers_json() == "[\"dense:2,8\",\"batch_norm:8\",\"tanh\",\"dense:8,4\",\"layer_norm:4\",\"relu\",\"dense:4,1\"]");
    // The page's hidden layers are still one per group: the activations' outputs.
    CHECK(p.hidden_json() == "[{\"layer\":2,\"units\":8,\"name\":\"Tanh\"},{\"layer\":5,\"units\":4,\"name\":\"ReLU\"}]");
    p.train(3);
    CHECK(p.model_text().find("running_mean") != std::string::npos);
    // The list the page offers: every registered layer the registry builds from a width alone and
    // that learns, keeping the width.
    const std::string names = web::Playground::layers_after_dense_json();
    for (const char* name : {"\"batch_norm\"", "\"layer_norm\""}) CHECK(names.find(name) != std::string::npos);
    CHECK(names.find("\"dense\"") == std::string::npos);
    CHECK(names.find("\"dropout\"") == std::string::npos);
    CHECK_THROWS_WITH_AS(p.build("8 tanh dense", "bce-logits", 1), doctest::Contains("dense"), std::invalid_argument);
}
