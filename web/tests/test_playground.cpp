// SPDX-License-Identifier: MIT
// test_playground.cpp: the playground's C++ (web/playground.cpp), built natively: a network it
// builds and a model it is given are checked as model files are, by model_problem.
#include <doctest/doctest.h>

#include <cmath>
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
                         doctest::Contains("expected a model from 2 inputs (the features chosen) to 1 outputs (this data set and "
                                           "loss), got 3 inputs and 1 outputs"),
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

namespace {

double number(const std::string& json, const std::string& key) {
    const std::size_t at = json.find("\"" + key + "\":");
    REQUIRE(at != std::string::npos);
    return std::strtod(json.c_str() + at + key.size() + 3, nullptr);
}

}  // namespace

// The other half of the XOR lesson: no hidden layer at all learns XOR once it is given x1 * x2,
// and cannot without it (a linear boundary classifies at most 3 of XOR's 4 corners).
TEST_CASE("Playground::set_features: with x1*x2 as an input, a network without hidden layers learns XOR; without it, it cannot") {
    for (const int seed : {1, 2, 3}) {
        web::Playground p;
        p.set_data("xor", 4, 0.0, 0.0, seed);
        p.set_training("sgd", 0.5, 4, 0.0);
        p.build("", "bce-logits", seed);
        p.train(300);
        CHECK(number(p.stats_json(), "train_accuracy") <= 0.75);
        p.set_features("x1,x2,x1x2");
        p.set_training("sgd", 0.5, 4, 0.0);
        CHECK(p.layers_json() == "[\"dense:3,1\"]");
        p.train(300);
        CHECK(number(p.stats_json(), "train_accuracy") == 1.0);
    }
    web::Playground p;
    CHECK_THROWS_WITH_AS(p.set_features("x1,x3"), doctest::Contains("expected feature names from [\"x1\",\"x2\",\"x1sq\""),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(p.set_features("x1,x1"), doctest::Contains("\"x1\" twice"), std::invalid_argument);
    CHECK(p.layers_json().starts_with("[\"dense:2,"));  // the old features are kept
    // The input units' maps are the features themselves over the picture's square.
    p.set_features("x1,sin2");
    const std::vector<double> maps = p.feature_maps(4), b = p.bounds();
    CHECK(maps.size() == 2 * 16);
    CHECK(maps[0] == doctest::Approx(b[0] + (b[1] - b[0]) / 8));                // x1 of the top-left cell
    CHECK(maps[16] == doctest::Approx(std::sin(b[3] - (b[3] - b[2]) / 8)));      // sin(x2) there
}

TEST_CASE("Playground: regression data (plane, bumps) trains with MSE, and a loss that reads classes is replaced by mse") {
    web::Playground p;
    p.set_data("plane", 200, 0.0, 0.2, 1);
    const std::string stats = p.stats_json();
    CHECK(stats.find("\"task\":\"regression\"") != std::string::npos);
    CHECK(stats.find("\"loss\":\"mse\"") != std::string::npos);
    CHECK(stats.find("\"train_accuracy\":null") != std::string::npos);
    p.set_training("sgd", 0.1, 10, 0.0);
    p.train(100);
    CHECK(number(p.stats_json(), "test_loss") < 0.01);
    CHECK(p.boundary(5).size() == 25);  // one output per cell: the heatmap
    CHECK_THROWS_WITH_AS(p.build("4 tanh", "cross-entropy", 1), doctest::Contains("expected a loss whose outputs are values"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(p.csv_text(), doctest::Contains("continuous"), std::invalid_argument);
    p.set_data("bumps", 200, 0.1, 0.2, 1);
    CHECK(number(p.stats_json(), "train_loss") > 0);
}

TEST_CASE("Playground: points of one's own, added, uploaded as CSV through the library's reader, and downloaded") {
    web::Playground p;
    for (int k = 0; k < 20; ++k) p.add_point(k % 2 ? 0.5 : -0.5, 0.05 * k - 0.5, k % 2);
    p.set_data("custom", 0, 0.0, 0.0, 1);
    CHECK(number(p.stats_json(), "train_points") == 20);
    const std::vector<double> b = p.bounds();
    CHECK((b[0] <= -1.5 && b[1] >= 1.5));  // the frame painting happens in
    p.set_training("sgd", 0.3, 4, 0.0);
    p.train(50);
    CHECK(number(p.stats_json(), "train_accuracy") == 1.0);
    const std::string csv = p.csv_text();
    CHECK(csv.starts_with("x1,x2,label\n"));

    CHECK_THROWS_WITH_AS(p.load_csv_text("x1,x2,label\n0,1,1\n0,abc,0\n"),
                         doctest::Contains("the uploaded CSV line 3, column 2: expected a number, got 'abc'"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(p.load_csv_text("a,label\n0,1\n"), doctest::Contains("expected 3 columns"), std::invalid_argument);
    p.set_data("custom", 0, 0.0, 0.0, 1);
    CHECK(number(p.stats_json(), "train_points") == 20);  // a failed upload kept the points
    p.load_csv_text(csv);
    p.set_data("custom", 0, 0.0, 0.2, 1);
    CHECK(number(p.stats_json(), "train_points") + number(p.stats_json(), "test_points") == 20);
    p.clear_points();
    p.set_data("custom", 0, 0.0, 0.2, 1);
    CHECK_THROWS_WITH_AS(p.train(1), doctest::Contains("no training points"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(p.add_point(0, 0, 9), doctest::Contains("expected a class 0 to 7, got 9"), std::invalid_argument);
}

TEST_CASE("Playground: the network picture's weights, one to edit, and Zeros' symmetry") {
    web::Playground p;
    p.set_data("xor", 40, 0.1, 0.0, 1);
    p.build("3 tanh|2 tanh", "bce-logits", 1);
    const std::string w = p.weights_json();
    CHECK(w.starts_with("{\"features\":[\"x1\",\"x2\"],\"dense\":[{\"W\":[["));
    const std::string before = p.predict_text({0.5, 0.5});
    p.set_weight(0, 1, 2, 5.0);
    CHECK(p.weights_json().find("5") != std::string::npos);
    CHECK(p.predict_text({0.5, 0.5}) != before);
    CHECK_THROWS_WITH_AS(p.set_weight(3, 0, 0, 1.0), doctest::Contains("expected a layer 0 to 2, got 3"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(p.set_weight(0, 2, 0, 1.0), doctest::Contains("expected a weight within (2, 3), got (2, 0)"),
                         std::invalid_argument);

    // Zeros: every hidden unit gets the same gradient, so all stay the same unit, bit for bit.
    p.build("4 tanh", "bce-logits", 1, "zeros");
    p.set_training("sgd", 0.3, 10, 0.0);
    p.train(30);
    const std::vector<double> maps = p.hidden_units(6);
    REQUIRE(maps.size() == 4 * 36);
    for (std::size_t u = 1; u < 4; ++u)
        for (std::size_t k = 0; k < 36; ++k) CHECK(maps[u * 36 + k] == maps[k]);
    CHECK_THROWS_WITH_AS(p.build("4 tanh", "bce-logits", 1, "glorot"), doctest::Contains("expected an initialisation from [\"pytorch\""),
                         std::invalid_argument);
}

TEST_CASE("Playground::set_training: L1 shrinks the weights, momentum and a schedule reach the optimizer, dropout is a layer") {
    auto weight_sum = [](web::Playground& p, double l1) {
        p.build("8 tanh", "bce-logits", 2);
        p.set_training("sgd", 0.1, 10, 0.0, l1);
        p.train(100);
        const std::string w = p.weights_json();
        double sum = 0;
        for (std::size_t at = w.find('['); at != std::string::npos; at = w.find_first_of("-0123456789", at + 1)) {
            char* end = nullptr;
            sum += std::abs(std::strtod(w.c_str() + at, &end));
            at = static_cast<std::size_t>(end - w.c_str());
            if (at >= w.size()) break;
        }
        return sum;
    };
    web::Playground p;
    p.set_data("moons", 200, 0.1, 0.0, 1);
    CHECK(weight_sum(p, 0.01) < 0.8 * weight_sum(p, 0.0));

    p.set_training("sgd", 0.1, 10, 0.0, 0.0, 0.9, true, "exponential_lr");
    p.train(10);
    CHECK(number(p.stats_json(), "lr") == doctest::Approx(0.1 * std::pow(0.99, 10)));
    CHECK_THROWS_WITH_AS(p.set_training("sgd", 0.1, 10, 0.0, 0.0, 0.0, false, "sometimes"), doctest::Contains("expected a schedule"),
                         std::invalid_argument);
    // Momentum changes the steps: the same run with and without it ends elsewhere.
    p.build("8 tanh", "bce-logits", 2);
    p.set_training("sgd", 0.1, 10, 0.0, 0.0, 0.9);
    p.train(5);
    const std::string with = p.weights_json();
    p.build("8 tanh", "bce-logits", 2);
    p.set_training("sgd", 0.1, 10, 0.0, 0.0, 0.0);
    p.train(5);
    CHECK(p.weights_json() != with);

    p.build("8 tanh|4 relu", "bce-logits", 2, "pytorch", 0.25);
    CHECK(p.layers_json() == "[\"dense:2,8\",\"tanh\",\"dropout:0.25,63\",\"dense:8,4\",\"relu\",\"dropout:0.25,64\",\"dense:4,1\"]");
    CHECK(p.stats_json() == p.stats_json());  // looks are evaluation: no dropout noise
}

// The chance rule the diagnostics panel states: after 20 epochs, a loss at or above 90% of the
// loss's baseline is stuck at chance. XOR without an activation stays there; Tanh leaves it.
TEST_CASE("Playground::diagnostics_json: a linear stack on XOR is flagged as stuck at chance, Tanh is not") {
    for (const int seed : {1, 2, 3}) {
        web::Playground p;
        p.set_data("xor", 4, 0.0, 0.0, seed);
        p.build("8 none|8 none", "bce-logits", seed);
        p.set_training("sgd", 0.1, 4, 0.0);
        CHECK(p.diagnostics_json().find("\"stuck\":false") != std::string::npos);  // too early to say
        p.train(300);
        CHECK(p.diagnostics_json().find("\"stuck\":true") != std::string::npos);
        p.build("8 tanh|8 tanh", "bce-logits", seed);
        p.set_training("sgd", 0.1, 4, 0.0);
        p.train(1000);
        CHECK(p.diagnostics_json().find("\"stuck\":false") != std::string::npos);
    }
}

// step_batch takes the batches fit_epoch takes, in its order: stepping through a whole epoch
// ends where one epoch of train ends, bit for bit, and a step in between is a real step.
TEST_CASE("Playground::step_batch: an epoch stepped batch by batch is the epoch train takes, bit for bit") {
    for (const double dropout : {0.0, 0.25}) {
        web::Playground a, b;
        for (web::Playground* p : {&a, &b}) {
            p->set_data("moons", 100, 0.1, 0.2, 3);
            p->build("8 tanh|4 relu", "bce-logits", 3, "pytorch", dropout);
            p->set_training("sgd", 0.1, 16, 0.0, 0.001, 0.9);
            p->train(2);
        }
        a.train(1);
        const std::string before = b.weights_json();
        b.step_batch();
        CHECK(b.weights_json() != before);
        CHECK(b.stats_json().find("\"batch\":1,\"batches\":5") != std::string::npos);  // 80 points, 16 a batch
        CHECK(number(b.stats_json(), "epoch") == 2);
        for (int k = 0; k < 4; ++k) b.step_batch();
        CHECK(number(b.stats_json(), "epoch") == 3);
        CHECK(b.weights_json() == a.weights_json());
        CHECK(b.model_text() == a.model_text());
        // train completes an epoch under way: two steps and one epoch are one epoch.
        b.step_batch();
        b.step_batch();
        a.train(1);
        b.train(1);
        CHECK(b.model_text() == a.model_text());
        a.train(3);
        b.train(3);
        CHECK(b.model_text() == a.model_text());
    }
}

TEST_CASE("Playground::pytorch_text: the model as export_pytorch's script, on the chosen features") {
    web::Playground p;
    p.set_data("xor", 40, 0.1, 0.0, 1);
    p.set_features("x1,x2,x1x2");
    p.build("4 tanh", "bce-logits", 1);
    const std::string script = p.pytorch_text();
    CHECK(script.find("nn.Linear(3, 4") != std::string::npos);
    CHECK(script.find("nn.Tanh()") != std::string::npos);
}
