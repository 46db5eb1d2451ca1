// SPDX-License-Identifier: MIT
// test_model_file.cpp: model files round-trip bit-exact, refuse bad files by line, save safely.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "mlp/nn/activation_registry.hpp"
#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/nn/sequential.hpp"

namespace fs = std::filesystem;
using mlp::Tensor;

namespace {

// A model with a Dense before every activation the registry knows (some with non-default
// parameters), PReLU slopes moved away from their initial value as training would.
mlp::Sequential every_layer_model() {
    mlp::Rng rng(7);
    mlp::Sequential model;
    const std::size_t width = 4;
    model.emplace<mlp::Dense>(3, width, rng);
    std::vector<std::string> specs = mlp::activation_names();
    for (const char* extra : {"leaky_relu:0.2", "gelu:tanh", "hardtanh:-2,2", "softplus:2,20", "elu:0.5",
                              "rrelu:0.1,0.3", "prelu:4,0.1"})
        specs.push_back(extra);
    for (const std::string& spec : specs) {
        model.emplace<mlp::Dense>(width, width, rng);
        model.add(mlp::make_activation(spec));
    }
    for (std::size_t i = 0; i < model.size(); ++i) {
        if (auto* prelu = dynamic_cast<mlp::PReLU*>(&model[i]))
            for (std::size_t k = 0; k < prelu->a.size(); ++k) prelu->a[k] = rng.normal(0.0, 0.3);
    }
    model.emplace<mlp::Dense>(width, 2, rng);
    return model;
}

Tensor inputs() {
    mlp::Rng rng(11);
    Tensor x(16, 3);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = rng.normal(0.0, 2.0);
    return x;
}

// The message load_model_from_string gives for `text` (fails the test when it loads).
std::string refusal(const std::string& text) {
    try {
        (void)mlp::load_model_from_string(text, "bad.txt");
    } catch (const mlp::ModelFileError& e) {
        return e.what();
    }
    FAIL("the file was accepted:\n" << text);
    return "";
}

// The example in model_file.hpp (format 2).
const std::string kGood =
    "mlp-model 2\n"
    "layer dense:2,3\n"
    "W 2 3\n"
    "0.5 -0.25 1\n"
    "0.125 2 -3\n"
    "b 1 3\n"
    "0 0 0.1\n"
    "layer prelu:3,0.25\n"
    "a 1 3\n"
    "0.25 0.5 -0.1\n"
    "layer tanh\n"
    "layer dense:3,1\n"
    "W 3 1\n"
    "1\n"
    "2\n"
    "3\n"
    "b 1 1\n"
    "-1\n"
    "end\n";

// A fresh, empty directory under the system's temporary directory.
fs::path scratch_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("mlp_test_model_file_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string contents(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("model file: save, load, predict gives bit-identical outputs for every kind of layer") {
    mlp::Sequential model = every_layer_model();
    model.train(false);  // RReLU draws random slopes in training; evaluation is deterministic
    const Tensor x = inputs();
    const Tensor expected = model.forward(x);

    const fs::path path = scratch_dir("roundtrip") / "model.txt";
    mlp::save_model(model, path.string());
    mlp::Sequential loaded = mlp::load_model(path.string());
    loaded.train(false);
    REQUIRE(loaded.size() == model.size());
    for (std::size_t i = 0; i < model.size(); ++i) CHECK(loaded[i].name() == model[i].name());
    CHECK(loaded.forward(x) == expected);  // operator== on every double: bit-exact
    CHECK(loaded.parameter_count() == model.parameter_count());

    // The text itself is stable: saving the loaded model writes the same file.
    CHECK(mlp::model_to_string(loaded) == contents(path));
    CHECK_FALSE(fs::exists(path.string() + ".tmp"));
}

TEST_CASE("model file: the documented example loads, and PReLU's learned slopes come back") {
    mlp::Sequential model = mlp::load_model_from_string(kGood);
    REQUIRE(model.size() == 4);
    const auto& prelu = dynamic_cast<const mlp::PReLU&>(model[1]);
    CHECK(prelu.a == Tensor::from_rows({{0.25, 0.5, -0.1}}));
    const auto& dense = dynamic_cast<const mlp::Dense&>(model[0]);
    CHECK(dense.W == Tensor::from_rows({{0.5, -0.25, 1}, {0.125, 2, -3}}));
    CHECK(dense.b == Tensor::from_rows({{0, 0, 0.1}}));
    CHECK(mlp::model_to_string(model) == kGood);
}

TEST_CASE("model file: comments, blank lines and Windows line ends are accepted") {
    const std::string text = "# trained by a student\r\nmlp-model 1\r\n\r\ndense 1 1\r\n  2  \r\n3\r\nend\r\n";
    mlp::Sequential model = mlp::load_model_from_string(text);
    CHECK(dynamic_cast<const mlp::Dense&>(model[0]).W(0, 0) == 2.0);
}

TEST_CASE("model file: refuses bad files, naming the file, the line and the problem") {
    CHECK(refusal("") == "load_model: bad.txt: line 1: the file is empty; expected \"mlp-model 2\"");
    CHECK(refusal("\n  \n# a comment\n") ==
          "load_model: bad.txt: line 1: the file holds only blank lines and comments; expected \"mlp-model 2\"");
    CHECK(refusal("P3\n1 1\n") ==
          "load_model: bad.txt: line 1: expected \"mlp-model 2\" (this is not an mlp model file), got \"P3\"");
    CHECK(refusal("mlp-model 3\ndense 1 1\n1\n1\nend\n") ==
          "load_model: bad.txt: line 1: this file is format version \"3\"; this build reads versions 1 and 2");
    // A known version with a word after it is not "version 1; reads version 1".
    CHECK(refusal("mlp-model 1 x\nend\n") ==
          "load_model: bad.txt: line 1: expected two words on the first line, \"mlp-model VERSION\", got 3");
    CHECK(refusal("mlp-model\nend\n") ==
          "load_model: bad.txt: line 1: expected two words on the first line, \"mlp-model VERSION\", got 1");
    // Truncated inside a layer, and before "end".
    CHECK(refusal("mlp-model 1\ndense 2 3\n0.5 -0.25 1\n") ==
          "load_model: bad.txt: line 4: the file ends early (truncated?): expected row 2 of W (3 numbers)");
    CHECK(refusal("mlp-model 1\ndense 1 1\n1\n1\n") ==
          "load_model: bad.txt: line 5: the file ends early (truncated?): expected a layer "
          "(\"dense IN OUT\", \"activation SPEC\") or \"end\"");
    CHECK(refusal("mlp-model 1\ndense 2 3\n0.5 -0.25 1\n0.125 2\n0 0 0.1\nend\n") ==
          "load_model: bad.txt: line 4: expected 3 numbers in row 2 of W, got 2");
    CHECK(refusal("mlp-model 1\ndense 1 2\n1 2\n0 zero\nend\n") ==
          "load_model: bad.txt: line 4: expected a number in b, got \"zero\"");
    CHECK(refusal("mlp-model 1\ndense 1 2\n1 nan\n0 0\nend\n") ==
          "load_model: bad.txt: line 3: expected a finite number in W, got \"nan\"");
    CHECK(refusal("mlp-model 1\ndense 0 2\nend\n") ==
          "load_model: bad.txt: line 2: expected dense IN as a whole number >= 1, got \"0\"");
    CHECK(refusal("mlp-model 1\ndense 1 2\n1 2\n0 0\ndense 3 1\n1\n1\n1\n0\nend\n") ==
          "load_model: bad.txt: line 5: layer 1 (Dense(3, 1)) expects 3 input features, but the layer before "
          "it gives 2 (the widths do not chain)");
    CHECK(refusal("mlp-model 1\nactivation tanh\nend\nactivation relu\n") ==
          "load_model: bad.txt: line 4: expected nothing after \"end\", got \"activation\"");
    CHECK(refusal("mlp-model 1\nend\n") == "load_model: bad.txt: line 2: the model has no layers");
    CHECK(refusal("mlp-model 1\nconv 3 3\nend\n") ==
          "load_model: bad.txt: line 2: expected a layer (\"dense IN OUT\", \"activation SPEC\") or \"end\", "
          "got \"conv\"");

    SUBCASE("an unknown activation, with the registry's own explanation") {
        const std::string message = refusal("mlp-model 1\nactivation swoosh\nend\n");
        CHECK(message.find("load_model: bad.txt: line 2: make_layer: expected one of ") == 0);
        CHECK(message.find("dense, dropout") != std::string::npos);
        CHECK(message.find(", got \"swoosh\"") != std::string::npos);
    }
    SUBCASE("PReLU: slopes that do not fit the width, or that are missing") {
        CHECK(refusal("mlp-model 1\ndense 1 2\n1 2\n0 0\nactivation prelu:3\na 1 1 1\nend\n") ==
              "load_model: bad.txt: line 5: layer 1 (PReLU(3)) expects 3 input features, but the layer before it "
              "gives 2 (the widths do not chain)");
        CHECK(refusal("mlp-model 1\nactivation prelu:2\nend\n") ==
              "load_model: bad.txt: line 3: expected parameter \"a\", got \"end\"");
        CHECK(refusal("mlp-model 1\nactivation prelu:2\na 1\nend\n") ==
              "load_model: bad.txt: line 3: expected 2 numbers in parameter a, got 1");
        CHECK(refusal("mlp-model 1\nactivation prelu:1e30\nend\n").find(
                  "prelu expects a whole number of slopes from 1 to 16777216, got 1e+30") != std::string::npos);
    }
}

TEST_CASE("model file: a huge claimed layer is refused before anything is allocated") {
    CHECK(refusal("mlp-model 1\ndense 4000000000 4000000000\n1\n") ==
          "load_model: bad.txt: line 2: make_layer: expected dense IN as a whole number from 1 to 16777216, got 4e+09");
    CHECK(refusal("mlp-model 2\nlayer dense:4096,8192\n1\n") ==
          "load_model: bad.txt: line 2: make_layer: expected dense IN * OUT <= 16777216 weights, got \"dense:4096,8192\"");
}

TEST_CASE("model file: what cannot be saved is refused before anything is written") {
    mlp::Sequential nan_model;
    nan_model.add(std::make_unique<mlp::Dense>(Tensor::from_rows({{1.0}}), Tensor::from_rows({{0.0}})));
    dynamic_cast<mlp::Dense&>(nan_model[0]).W(0, 0) = std::numeric_limits<double>::quiet_NaN();
    const fs::path path = scratch_dir("refuse_save") / "model.txt";
    CHECK_THROWS_WITH_AS(mlp::save_model(nan_model, path.string()),
                         "save_model: layer 0 (Dense(1, 1)) parameter W holds nan at element 0; a model with "
                         "NaN or infinite weights is not saved",
                         std::invalid_argument);
    CHECK_FALSE(fs::exists(path));

    mlp::Sequential nested;
    nested.add(std::make_unique<mlp::Sequential>());
    CHECK_THROWS_WITH_AS(mlp::save_model(nested, path.string()),
                         doctest::Contains("save_model: layer 0 (Sequential) has spec \"sequential\", which cannot be "
                                           "rebuilt (make_layer: expected one of "),
                         std::invalid_argument);
}

TEST_CASE("model file: a missing file is named") {
    CHECK_THROWS_WITH_AS(mlp::load_model("/nonexistent/dir/model.txt"),
                         "load_model: /nonexistent/dir/model.txt: cannot open the file: No such file or directory", mlp::ModelFileError);
}

TEST_CASE("model file: a failed save leaves the previous file as it was") {
    const fs::path dir = scratch_dir("atomic");
    const fs::path path = dir / "model.txt";
    mlp::Sequential model = mlp::load_model_from_string(kGood);
    mlp::save_model(model, path.string());
    const std::string before = contents(path);
    dynamic_cast<mlp::Dense&>(model[0]).W(0, 0) = 42.0;

    SUBCASE("a stale \"<path>.tmp\" does not block the save: the temporary is uniquely named") {
        fs::create_directory(path.string() + ".tmp");
        mlp::save_model(model, path.string());
        CHECK(contents(path) == mlp::model_to_string(model));
        CHECK(fs::is_directory(path.string() + ".tmp"));
    }
    SUBCASE("the directory is gone: nothing is written, nothing thrown away") {
#if defined(_WIN32)
        // The system's own sentence for ERROR_PATH_NOT_FOUND (3), as the save quotes it.
        std::string missing = std::system_category().message(3);
        while (!missing.empty() && (missing.back() == '\n' || missing.back() == '\r')) missing.pop_back();
#else
        const std::string missing = "No such file or directory";
#endif
        CHECK_THROWS_WITH_AS(mlp::save_model(model, (dir / "gone" / "model.txt").string()),
                             doctest::Contains(missing.c_str()), std::runtime_error);
        CHECK(contents(path) == before);
    }
    SUBCASE("the rename fails (the target is a directory): the temporary file is cleaned up") {
        const fs::path target = dir / "occupied";
        fs::create_directories(target / "inside");
        CHECK_THROWS_WITH_AS(mlp::save_model(model, target.string()), doctest::Contains("is a directory"),
                             std::runtime_error);
        CHECK(fs::is_directory(target / "inside"));
        CHECK_FALSE(fs::exists(target.string() + ".tmp"));
    }
    SUBCASE("a successful save replaces the file whole") {
        mlp::save_model(model, path.string());
        CHECK(contents(path) == mlp::model_to_string(model));
        CHECK_FALSE(fs::exists(path.string() + ".tmp"));
    }
}

TEST_CASE("model file: load_model_into fills the model's own tensors, or leaves it untouched") {
    mlp::Sequential model = mlp::load_model_from_string(kGood);
    auto& dense = dynamic_cast<mlp::Dense&>(model[0]);
    const Tensor* W_address = &dense.W;
    const mlp::Sequential original = model;
    auto unchanged = [&] {
        for (std::size_t i = 0; i < model.size(); ++i) {
            const auto a = model[i].params();
            const auto b = const_cast<mlp::Sequential&>(original)[i].params();
            for (std::size_t k = 0; k < a.size(); ++k)
                if (!(*a[k].value == *b[k].value)) return false;
        }
        return true;
    };

    SUBCASE("success: values copied in place, so an optimizer's pointers stay valid") {
        std::string text = kGood;
        text.replace(text.find("0.5 -0.25 1"), 11, "9 -0.25 1");
        mlp::load_model_into_from_string(text, model);
        CHECK(&dense.W == W_address);
        CHECK(dense.W(0, 0) == 9.0);
    }
    SUBCASE("a corrupt file") {
        std::string text = kGood;
        text.replace(text.find("-1\nend"), 2, "x1");
        CHECK_THROWS_WITH_AS(mlp::load_model_into_from_string(text, model, "m.txt"),
                             "load_model: m.txt: line 18: expected a number in b, got \"x1\"", mlp::ModelFileError);
        CHECK(unchanged());
    }
    SUBCASE("a different architecture, found only after the first layer would have matched") {
        std::string text = kGood;
        text.replace(text.find("layer tanh"), 10, "layer relu");
        CHECK_THROWS_WITH_AS(mlp::load_model_into_from_string(text, model, "m.txt"),
                             "load_model_into: m.txt: line 11: layer 2 is ReLU in the file but Tanh in the model",
                             mlp::ModelFileError);
        CHECK(unchanged());
    }
    SUBCASE("a different number of layers") {
        CHECK_THROWS_WITH_AS(
            mlp::load_model_into_from_string("mlp-model 1\nactivation tanh\nend\n", model, "m.txt"),
            "load_model_into: m.txt: the file holds 1 layers, the model 4", mlp::ModelFileError);
        CHECK(unchanged());
    }
}

TEST_CASE("load_model refuses /dev/zero and a directory with the model-file error, not bad_alloc") {
    if (fs::exists("/dev/zero")) {
        CHECK_THROWS_WITH_AS(mlp::load_model("/dev/zero"),
                             "load_model: /dev/zero: is not a regular file (a device or a pipe?)", mlp::ModelFileError);
    }
    const fs::path dir = fs::temp_directory_path() / "mlp_model_file_dir_test";
    fs::create_directories(dir);
    CHECK_THROWS_WITH_AS(mlp::load_model(dir.string()), doctest::Contains("is a directory, not a file"),
                         mlp::ModelFileError);
    fs::remove_all(dir);
}

TEST_CASE("load_model of a missing file names the OS's reason") {
    CHECK_THROWS_WITH_AS(mlp::load_model("/nonexistent_mlp_dir/model.txt"),
                         doctest::Contains("No such file or directory"), mlp::ModelFileError);
}

TEST_CASE("load_model refuses a file larger than max_text_file_bytes from stat, before reading it") {
    const fs::path path = scratch_dir("huge") / "model.txt";
    {
        std::ofstream(path) << "mlp-model 2\n";
    }
    fs::resize_file(path, mlp::max_text_file_bytes + 1);  // sparse: nothing is written, nothing read
    CHECK_THROWS_WITH_AS(mlp::load_model(path.string()), doctest::Contains("is 1073741825 bytes, more than the 1073741824"),
                         mlp::ModelFileError);
    fs::remove(path);
}
