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
