// SPDX-License-Identifier: MIT
// test_cli.cpp: the mlp command, in-process (mlp::cli::run_cli, what main() calls): every
// subcommand, every error path and its exit code, and the XOR lesson's point from the shell.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "mlp/data/csv.hpp"
#include "mlp/version.hpp"
#include "mlp/core/number_text.hpp"
#include "mlp/data/idx.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/io/text_file.hpp"
#include "mlp/nn/layer_registry.hpp"

namespace {

// setenv and unsetenv are POSIX; Windows' C library spells them _putenv_s (an empty value removes).
void set_environment(const char* name, const std::string& value) {
#if defined(_WIN32)
    _putenv_s(name, value.c_str());
#else
    if (value.empty())
        ::unsetenv(name);
    else
        ::setenv(name, value.c_str(), 1);
#endif
}

// The system's device that swallows whatever is written to it.
#if defined(_WIN32)
const std::string null_device = "NUL";
#else
const std::string null_device = "/dev/null";
#endif

struct Run {
    int code;
    std::string out, err;
};

Run mlp_run(const std::vector<std::string>& words) {
    std::ostringstream out, err;
    const int code = mlp::cli::run_cli(words, out, err);
    return {code, out.str(), err.str()};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The number after `key` in `text` ("accuracy 0.75" -> 0.75); NaN when absent.
double number_after(const std::string& text, const std::string& key) {
    const std::size_t at = text.find(key);
    if (at == std::string::npos) return std::nan("");
    const std::size_t begin = at + key.size();
    const std::size_t end = text.find_first_of(" \n(", begin);
    return mlp::parse_number(text.substr(begin, end - begin)).value_or(std::nan(""));
}

// A scratch directory for the files the commands write, removed at the end of the test.
struct Scratch {
    std::filesystem::path dir;
    Scratch() {
        dir = std::filesystem::temp_directory_path() /
              ("mlp_test_cli_" + std::to_string(std::hash<std::string>{}(std::to_string(std::rand()) + __TIME__)));
        std::filesystem::create_directories(dir);
    }
    ~Scratch() { std::filesystem::remove_all(dir); }
    std::string operator()(const std::string& name) const { return (dir / name).string(); }
};

const std::vector<std::string> kXor{"train", "--data", "datasets/xor.csv", "--layers", "2,8,8,1"};

std::vector<std::string> with(std::vector<std::string> words, const std::vector<std::string>& more) {
    words.insert(words.end(), more.begin(), more.end());
    return words;
}

// Layers whose forward throws what a real run could meet: memory running out, and an exception
// the command does not expect (a bug). Registered, so --stack can name them.
template <typename Thrown>
class ThrowingLayer : public mlp::Layer {
public:
    explicit ThrowingLayer(std::string name) : name_(std::move(name)) {}
    const mlp::Tensor& forward(const mlp::Tensor&) override { throw Thrown(); }
    const mlp::Tensor& backward(const mlp::Tensor&) override { throw Thrown(); }
    std::string name() const override { return name_; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<ThrowingLayer>(*this); }

private:
    std::string name_;
};
struct BugError : std::exception {
    const char* what() const noexcept override { return "a broken invariant"; }
};
const bool registered_out_of_memory = mlp::register_layer("test_out_of_memory", [](std::string_view) {
    return std::make_unique<ThrowingLayer<std::bad_alloc>>("test_out_of_memory");
});
const bool registered_bug = mlp::register_layer(
    "test_bug", [](std::string_view) { return std::make_unique<ThrowingLayer<BugError>>("test_bug"); });

}  // namespace

TEST_CASE("mlp: the top-level help lists every command and the exit codes") {
    const Run r = mlp_run({"--help"});
    CHECK(r.code == 0);
    for (const mlp::cli::Command& c : mlp::cli::commands()) CHECK(contains(r.out, "  " + c.spec.name + " "));
    CHECK(contains(r.out, "exit codes: 0 done; 1 bad usage"));
    const Run bare = mlp_run({});
    CHECK(bare.code == 1);
    CHECK(contains(bare.err, "usage: mlp COMMAND"));
}

TEST_CASE("mlp: every subcommand has --help, with its flags and defaults") {
    for (const mlp::cli::Command& c : mlp::cli::commands()) {
        const Run r = mlp_run({c.spec.name, "--help"});
        CAPTURE(c.spec.name);
        CHECK(r.code == 0);
        CHECK(contains(r.out, "usage: mlp " + c.spec.name));
        for (const mlp::cli::Flag& f : c.spec.flags) CHECK(contains(r.out, "--" + f.name));
        // What it writes and how long it takes, each said on a line of its own.
        CHECK(contains(r.out, "\nwrites: "));
        CHECK(contains(r.out, "\ntakes:  "));
        CHECK(!contains(r.out, "TAKES_"));
        CHECK(!c.spec.writes.empty());
        CHECK(!c.spec.takes.empty());
    }
    CHECK(contains(mlp_run({"train", "--help"}).out, "--optimizer VALUE   optimizer: sgd, adam, adamw, rmsprop, adagrad (default adam)"));
}

TEST_CASE("mlp --version prints the version and exits 0") {
    const Run r = mlp_run({"--version"});
    CHECK(r.code == 0);
    CHECK(r.out == std::string("mlp ") + mlp::kVersion + "\n");
}

TEST_CASE("mlp train: names are case-insensitive (activation, loss, optimizer, layer specs)") {
    const Run r = mlp_run({"train", "--data", "datasets/xor.csv", "--layers", "2,8,1", "--activation", "Tanh", "--loss",
                           "MSE", "--optimizer", "Adam", "--epochs", "1"});
    CHECK(r.code == 0);
    CHECK(mlp_run({"train", "--data", "datasets/xor.csv", "--stack", "Dense:2,8 ReLU dense:8,1", "--epochs", "1"}).code == 0);
    CHECK(mlp_run({"data", "Moons", "--n", "10"}).code == 0);
}

TEST_CASE("mlp train: the loss is checked against the labels and the outputs before training, with what to change") {
    const Scratch tmp;
    REQUIRE(mlp_run({"data", "blobs", "--classes", "3", "--n", "60", "--out", tmp("three.csv")}).code == 0);
    // Three classes with the default loss and one output: the data does not fit (2), and the hint
    // names the loss that takes class indices and the outputs to give.
    const Run classes = mlp_run({"train", "--data", tmp("three.csv"), "--layers", "2,8,1", "--epochs", "1"});
    CHECK(classes.code == 2);
    CHECK(contains(classes.err, "mlp train: --loss bce-logits cannot use the labels of " + tmp("three.csv")));
    CHECK(contains(classes.err, "The labels hold 3 classes (0 to 2): end the model with 3 outputs"));
    CHECK(contains(classes.err, "--loss cross-entropy"));
    CHECK(classes.out.empty());  // refused before training printed anything
    // Several outputs that are too few for the classes: the same hint.
    const Run two = mlp_run({"train", "--data", tmp("three.csv"), "--layers", "2,8,2", "--epochs", "1"});
    CHECK(two.code == 2);
    CHECK(contains(two.err, "The labels hold 3 classes"));
    // The hint's advice works.
    CHECK(mlp_run({"train", "--data", tmp("three.csv"), "--layers", "2,8,3", "--loss", "cross-entropy", "--epochs", "1"})
              .code == 0);
    // bce reads probabilities; without a sigmoid the outputs are not: a usage error naming --output.
    const Run bce = mlp_run({"train", "--data", "datasets/xor.csv", "--layers", "2,8,1", "--loss", "bce", "--epochs", "1"});
    CHECK(bce.code == 1);
    CHECK(contains(bce.err, "mlp train: --loss bce reads the model's outputs as probabilities"));
    CHECK(contains(bce.err, "--output"));
    CHECK(bce.out.empty());
    CHECK(mlp_run({"train", "--data", "datasets/xor.csv", "--layers", "2,8,1", "--loss", "bce", "--output", "sigmoid",
                   "--epochs", "1"})
              .code == 0);
}

TEST_CASE("mlp train --stack: widths that do not chain are refused before training, naming the layer") {
    const Run r = mlp_run({"train", "--data", "datasets/xor.csv", "--stack", "dense:2,8 relu dense:9,1"});
    CHECK(r.code == 1);
    CHECK(r.err == "mlp train: --stack layer 3 \"dense:9,1\" takes 9 inputs, but layer 1 \"dense:2,8\" gives 8: make the "
                   "two widths agree\n");
    CHECK(r.out.empty());
}

TEST_CASE("mlp train: a CSV whose first row is numbers is refused, never read with a sample lost") {
    const Scratch tmp;
    mlp::write_text_file(tmp("nohead.csv"), "0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
    const Run r = mlp_run({"train", "--data", tmp("nohead.csv"), "--layers", "2,8,1"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, tmp("nohead.csv") + " line 1: expected a header row naming the columns"));
    CHECK(contains(r.err, "add a header line"));
}

TEST_CASE("mlp: an unknown command is refused with the valid ones (exit 1)") {
    const Run r = mlp_run({"trian"});
    CHECK(r.code == 1);
    CHECK(r.err == "mlp: unknown command \"trian\"; valid: train, eval, predict, summary, gradcheck, export-pytorch, lab, data\n");
}

TEST_CASE("mlp train: the XOR lesson's point, over several seeds: no activation stays at or below 75%, tanh reaches 100%") {
    for (const char* seed : {"1", "2", "3", "4", "5"}) {
        CAPTURE(seed);
        const Run linear = mlp_run(with(kXor, {"--activation", "none", "--seed", seed}));
        REQUIRE(linear.code == 0);
        CHECK(number_after(linear.out, "train:      loss ") > 0.5);  // a linear map cannot fit XOR: loss stays near log 2
        CHECK(number_after(linear.out, "accuracy ") <= 0.75);
        const Run tanh = mlp_run(with(kXor, {"--activation", "tanh", "--seed", seed}));
        REQUIRE(tanh.code == 0);
        CHECK(number_after(tanh.out, "accuracy ") == 1.0);
        CHECK(contains(tanh.out, "mlp train: 2,8,8,1 tanh, bce-logits, adam lr 0.01, 200 epochs, batch 32, seed "));
    }
}

TEST_CASE("mlp train, summary, eval, predict, export-pytorch, gradcheck: one model through every command") {
    const Scratch tmp;
    const Run train = mlp_run(with(kXor, {"--activation", "tanh", "--save", tmp("xor.txt"), "--plot", tmp("xor.svg")}));
    REQUIRE(train.code == 0);
    CHECK(contains(train.out, "saved the model to " + tmp("xor.txt")));
    CHECK(contains(mlp::read_text_file(tmp("xor.svg")), "<svg"));

    const Run summary = mlp_run({"summary", "--model", tmp("xor.txt")});
    CHECK(summary.code == 0);
    CHECK(contains(summary.out, "5 layers, 2 inputs"));
    CHECK(contains(summary.out, "specs: dense:2,8 tanh dense:8,8 tanh dense:8,1"));
    CHECK(contains(summary.out, "total parameters"));

    const Run eval = mlp_run({"eval", "--model", tmp("xor.txt"), "--data", "datasets/xor.csv"});
    CHECK(eval.code == 0);
    CHECK(number_after(eval.out, "accuracy ") == 1.0);
    CHECK(number_after(eval.out, "loss ") == doctest::Approx(number_after(train.out, "train:      loss ")));

    const Run predict = mlp_run({"predict", "--model", tmp("xor.txt"), "--data", "datasets/xor.csv"});
    CHECK(predict.code == 0);
    CHECK(predict.out.substr(0, 11) == "class,p0,p1");
    // The four rows in order: XOR's classes 0, 1, 1, 0.
    std::istringstream lines(predict.out);
    std::string line;
    std::getline(lines, line);
    std::string classes;
    while (std::getline(lines, line)) classes += line.substr(0, 1);
    CHECK(classes == "0110");
    const Run one = mlp_run({"predict", "--model", tmp("xor.txt"), "--input", "0,1"});
    CHECK(one.code == 0);
    CHECK(one.out.substr(0, 14) == "class,p0,p1\n1,");

    const Run exported = mlp_run({"export-pytorch", "--model", tmp("xor.txt"), "--out", tmp("xor.py")});
    CHECK(exported.code == 0);
    CHECK(contains(mlp::read_text_file(tmp("xor.py")), "torch"));

    const Run check = mlp_run({"gradcheck", "--model", tmp("xor.txt"), "--data", "datasets/xor.csv"});
    CHECK(check.code == 0);
    CHECK(contains(check.out, "PASSED"));
}

TEST_CASE("mlp train: --val holds out a stratified split and reports it; --loss cross-entropy takes class indices") {
    const Scratch tmp;
    REQUIRE(mlp_run({"data", "blobs", "--n", "90", "--classes", "3", "--noise", "0.5", "--out", tmp("blobs.csv")}).code == 0);
    const Run r = mlp_run({"train", "--data", tmp("blobs.csv"), "--layers", "2,8,3", "--loss", "cross-entropy",
                           "--epochs", "50", "--val", "0.2"});
    CHECK(r.code == 0);
    CHECK(contains(r.out, "72 training samples, 18 validation"));
    CHECK(number_after(r.out, "validation: loss ") >= 0.0);
    // mse with three outputs: one-hot targets; relu and sgd by name
    const Run mse = mlp_run({"train", "--data", tmp("blobs.csv"), "--layers", "2,8,3", "--loss", "mse", "--activation",
                             "leaky_relu:0.2", "--optimizer", "sgd", "--lr", "0.05", "--epochs", "20"});
    CHECK(mse.code == 0);
    CHECK(number_after(mse.out, "accuracy ") >= 0.0);
}

TEST_CASE("mlp train --stack: any layers by their registry specs, dropout included") {
    const Run r = mlp_run({"train", "--data", "datasets/xor.csv", "--stack", "dense:2,8 leaky_relu:0.1 dropout:0.1 Dense:8,1",
                           "--epochs", "5"});
    CHECK(r.code == 0);
    CHECK(contains(r.out, "mlp train: dense:2,8 leaky_relu:0.1 dropout:0.1 Dense:8,1, bce-logits"));
    const Run bad = mlp_run({"train", "--data", "datasets/xor.csv", "--stack", "dens:2,8 relu"});
    CHECK(bad.code == 1);
    CHECK(contains(bad.err, "mlp train: unknown layer \"dens\"; valid: batch_norm, celu, dense, dropout, elu,"));
    const Run wrong = mlp_run({"train", "--data", "datasets/xor.csv", "--stack", "dense:3,1"});
    CHECK(wrong.code == 2);
    CHECK(wrong.err == "mlp train: the model takes 3 inputs, datasets/xor.csv has 2 feature columns\n");
}

TEST_CASE("mlp gradcheck: a model from flags on random points passes; an impossible tolerance fails with exit 4") {
    const Run ok = mlp_run({"gradcheck", "--layers", "3,5,2", "--activation", "gelu", "--loss", "cross-entropy"});
    CHECK(ok.code == 0);
    CHECK(contains(ok.out, "8 random points"));
    const Run fails = mlp_run({"gradcheck", "--layers", "3,5,1", "--tolerance", "1e-300"});
    CHECK(fails.code == 4);
    CHECK(contains(fails.out, "FAILED"));
    CHECK(mlp_run({"gradcheck", "--tolerance", "1e-3"}).code == 1);  // neither --model nor --layers
    const Run stack = mlp_run({"gradcheck", "--stack", "dense:2,4 softplus dense:4,1", "--data", "datasets/xor.csv"});
    CHECK(stack.code == 0);
}

TEST_CASE("mlp data: every kind writes CSV that mlp train reads, seeded") {
    for (const char* kind : {"moons", "xor", "circles", "spirals", "blobs"}) {
        CAPTURE(kind);
        const Run r = mlp_run({"data", kind, "--n", "60", "--seed", "3"});
        REQUIRE(r.code == 0);
        const mlp::Dataset d = mlp::read_csv_from_string(r.out);
        CHECK(d.x.cols() == 2);
        CHECK(d.x.rows() == (std::string(kind) == "xor" ? 4u : 60u));
        CHECK(mlp_run({"data", kind, "--n", "60", "--seed", "3"}).out == r.out);
    }
    CHECK(mlp_run({"data", "moons", "--n", "60", "--seed", "4"}).out != mlp_run({"data", "moons", "--n", "60"}).out);
}

TEST_CASE("mlp lab: a quick lab of two activations prints their measurements") {
    const Run r = mlp_run({"lab", "--quick", "--activations", "relu,tanh"});
    CHECK(r.code == 0);
    CHECK(contains(r.out, "| `relu` |"));
    CHECK(contains(r.out, "| `tanh` |"));
    CHECK(contains(r.out, "The claims are judged only when every activation is measured"));
    const Run bad = mlp_run({"lab", "--activations", "relu,tahn"});
    CHECK(bad.code == 1);
    CHECK(contains(bad.err, "mlp lab: unknown activation \"tahn\"; valid: identity, sigmoid, tanh"));
}

TEST_CASE("mlp lab --quick: every figure printed, verdicts only where the small scale carries them") {
    const Run r = mlp_run({"lab", "--quick"});
    CHECK(r.code == 0);
    CHECK(contains(r.out, "| `relu` |"));
    // Medians over no seeds and one-repeat timings get no verdict; f'(5) needs no sampling.
    CHECK(contains(r.out, "| Sigmoid converges more slowly than tanh |"));
    CHECK(contains(r.out, "| too few runs at --quick for a verdict (medians over fewer seeds) |"));
    CHECK(contains(r.out, "| too few runs at --quick for a verdict (timings over fewer repeats) |"));
    CHECK(contains(r.out, "had too few runs at --quick for a verdict"));
}

TEST_CASE("mlp: bad usage names the bad argument and lists the valid values (exit 1)") {
    struct Case {
        std::vector<std::string> words;
        std::string message;
    };
    const std::vector<Case> cases{
        {with(kXor, {"--optimizer", "adamm"}), "mlp train: unknown optimizer \"adamm\"; valid: sgd, adam, adamw, rmsprop, adagrad\n"},
        {with(kXor, {"--activation", "tanhh"}), "mlp train: unknown activation \"tanhh\"; valid: none, identity, sigmoid, tanh,"},
        {with(kXor, {"--loss", "bce-logit"}), "mlp train: unknown loss \"bce-logit\"; valid: bce, bce-logits, cross-entropy, huber, l1, mse, "
                                                     "multi-margin\n"},
        {with(kXor, {"--lrr", "0.1"}), "mlp train: unknown flag \"--lrr\"; valid: --data, --label, --layers,"},
        {with(kXor, {"--lr", "fast"}), "mlp train: expected --lr a number, got \"fast\"\n"},
        {with(kXor, {"--lr", "0"}), "mlp train: expected --lr > 0, got 0\n"},
        {with(kXor, {"--epochs", "2.5"}), "mlp train: expected --epochs a whole number from 0 to 10000000, got \"2.5\"\n"},
        {with(kXor, {"--epochs", "0"}), "mlp train: expected --epochs >= 1, got 0\n"},
        {with(kXor, {"--val", "1.5"}), "mlp train: expected --val a fraction in (0, 1), got 1.5\n"},
        {with(kXor, {"--seed"}), "mlp train: --seed expects a value\n"},
        {with(kXor, {"--seed", "1", "--seed", "2"}), "mlp train: --seed given twice\n"},
        {with(kXor, {"extra"}), "mlp train: unexpected argument \"extra\"; flags start with --\n"},
        {with(kXor, {"--activation", "leaky_relu:x"}), "mlp: make_activation: expected a number, got \"x\""},
        {{"train", "--data", "datasets/xor.csv", "--layers", "2,0,1"},
         "mlp train: expected --layers comma-separated whole numbers from 1 to 10000000 (like 2,16,1), got \"2,0,1\"\n"},
        {{"train", "--data", "datasets/xor.csv", "--layers", "2"}, "mlp train: expected --layers at least two widths"},
        {{"train", "--layers", "2,1"}, "mlp train: missing --data (CSV file with a header row;"},
        {{"train", "--data", "datasets/xor.csv"}, "mlp train: expected one of --layers and --stack, got neither\n"},
        {{"data"}, "mlp data: missing KIND\n"},
        {{"data", "moon"}, "mlp data: unknown data set \"moon\"; valid: moons, xor, circles, spirals, blobs\n"},
        {{"data", "moons", "--n", "1"}, "mlp data: expected --n at least 2, got 1\n"},
        {{"data", "moons", "--noise", "-1"}, "mlp data: expected --noise >= 0, got -1\n"},
        {{"lab", "--quick=yes"}, "mlp lab: --quick takes no value, got \"--quick=yes\"\n"},
        {{"predict", "--model", "m.txt"}, "mlp predict: expected one of --input and --data, got neither\n"},
        {{"summary"}, "mlp summary: missing --model (model file written by mlp train --save)\n"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.message);
        const Run r = mlp_run(c.words);
        CHECK(r.code == 1);
        CHECK(r.err.substr(0, c.message.size()) == c.message);
        CHECK(r.out.empty());
    }
}

TEST_CASE("mlp: bad input files are exit 2, with the file and the problem named") {
    const Scratch tmp;
    mlp::write_text_file(tmp("bad.csv"), "x1,x2,label\n0,1,1\n0,oops,1\n");
    mlp::write_text_file(tmp("bad_model.txt"), "mlp-model 2\nlayer dense:2,1\nW 2 1\n1\n");
    mlp::write_text_file(tmp("three.csv"), "a,b,c,label\n0,1,2,1\n1,1,1,0\n");
    struct Case {
        std::vector<std::string> words;
        std::string message;
    };
    const std::vector<Case> cases{
        {{"train", "--data", tmp("missing.csv"), "--layers", "2,1"}, "mlp: read_csv: " + tmp("missing.csv")},
        {{"train", "--data", tmp("bad.csv"), "--layers", "2,1"}, "mlp: read_csv: " + tmp("bad.csv") + " line 3, column 2"},
        {{"train", "--data", tmp("three.csv"), "--layers", "2,1"},
         "mlp train: the model takes 2 inputs, " + tmp("three.csv") + " has 3 feature columns\n"},
        {{"train", "--data", "datasets/xor.csv", "--layers", "2,1", "--label", "nope"}, "mlp: read_csv: "},
        {{"eval", "--model", tmp("bad_model.txt"), "--data", "datasets/xor.csv"}, "mlp: "},
        {{"summary", "--model", tmp("no_model.txt")}, "mlp: "},
        {{"data", "xor", "--out", tmp("no/such/dir/xor.csv")},
         "mlp: cannot save \"" + tmp("no/such/dir/xor.csv") + "\": cannot create a temporary file in"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.message);
        const Run r = mlp_run(c.words);
        CHECK(r.code == 2);
        CHECK(r.err.substr(0, c.message.size()) == c.message);
    }
    const Run trained = mlp_run(with(kXor, {"--epochs", "1", "--save", tmp("m.txt")}));
    REQUIRE(trained.code == 0);
    const Run wide = mlp_run({"predict", "--model", tmp("m.txt"), "--input", "1,2,3"});
    CHECK(wide.code == 2);
    CHECK(wide.err == "mlp predict: the model takes 2 inputs, --input has 3\n");
    const Run plot = mlp_run({"train", "--data", tmp("three.csv"), "--layers", "3,1", "--plot", tmp("p.svg")});
    CHECK(plot.code == 2);
    CHECK(contains(plot.err, "--plot draws 2 features"));
}

TEST_CASE("mlp train: a loss that becomes infinite stops training with exit 3 and says where") {
    const Run r = mlp_run({"train", "--data", "datasets/xor.csv", "--layers", "2,8,1", "--activation", "relu", "--loss",
                           "mse", "--optimizer", "sgd", "--lr", "1e200", "--epochs", "50"});
    CHECK(r.code == 3);
    CHECK(contains(r.err, "mlp train: training failed: Trainer::fit: the loss became"));
}

TEST_CASE("parse_args: --flag=value, switches, and checked kinds") {
    const mlp::cli::CommandSpec spec{"t", "test", "", {{"n", mlp::cli::FlagKind::Count, "3", "n"},
                                                       {"x", mlp::cli::FlagKind::Number, "", "x"},
                                                       {"on", mlp::cli::FlagKind::Switch, "", "on"},
                                                       {"w", mlp::cli::FlagKind::Counts, "", "w"}}, "", "", ""};
    const mlp::cli::Args a = mlp::cli::parse_args(spec, {"--x=-2.5", "--on", "--w", "4,5,6"});
    CHECK(a.count("n") == 3);
    CHECK(a.number("x") == -2.5);
    CHECK(a.on("on"));
    CHECK(a.counts("w") == std::vector<std::size_t>{4, 5, 6});
    CHECK_THROWS_WITH_AS(mlp::cli::parse_args(spec, {"--x", "inf"}), "mlp t: expected --x a number, got \"inf\"",
                         mlp::cli::UsageError);
    CHECK_THROWS_WITH_AS(mlp::cli::parse_args(spec, {"--w", "4,,6"}),
                         "mlp t: expected --w comma-separated whole numbers from 1 to 10000000 (like 2,16,1), got \"4,,6\"",
                         mlp::cli::UsageError);
    CHECK(mlp::cli::parse_args(spec, {"--help"}).help);
}

TEST_CASE("mlp: an output that is the same file as an input (or as another output) is refused before any work (exit 1)") {
    Scratch scratch;
    const std::string data = scratch("d.csv");
    mlp::write_text_file(data, mlp::read_text_file("datasets/xor.csv", "test"));
    const std::string original = mlp::read_text_file(data, "test");
    std::filesystem::create_hard_link(data, scratch("hard.csv"));
    std::vector<std::string> spellings{data, scratch("./d.csv"), scratch("hard.csv")};
#if !defined(_WIN32)  // a symbolic link needs a privilege on Windows
    std::filesystem::create_symlink(data, scratch("link.csv"));
    spellings.push_back(scratch("link.csv"));
#endif
    const std::vector<std::string> train{"train", "--data", data, "--layers", "2,4,1", "--epochs", "2"};
    for (const std::string flag : {"--save", "--plot"}) {
        for (const std::string& same : spellings) {
            CAPTURE(flag);
            CAPTURE(same);
            const Run r = mlp_run(with(train, {flag, same}));
            CAPTURE(r.err);
            CHECK(r.code == 1);
            // The message shows a path of more than 60 characters cut to its first 60 and "..."
            // (a temporary folder's path on Windows is that long).
            const std::string quoted = same.size() > 60 ? same.substr(0, 60) + "..." : same;
            CHECK(contains(r.err, "mlp train: " + flag + " \"" + quoted + "\" is the same file as --data"));
            CHECK(contains(r.err, "refusing to overwrite an input"));
            CHECK(r.out.empty());  // refused before training
            CHECK(mlp::read_text_file(data, "test") == original);
        }
    }
    // --save and --plot naming one new file: the model would be lost under the picture.
    const Run both = mlp_run(with(train, {"--save", scratch("m.txt"), "--plot", scratch("./m.txt")}));
    CHECK(both.code == 1);
    CHECK(contains(both.err, "refusing to overwrite one output with another"));
    CHECK_FALSE(std::filesystem::exists(scratch("m.txt")));

    // export-pytorch --out naming its own model.
    REQUIRE(mlp_run(with(train, {"--save", scratch("model.txt")})).code == 0);
    const std::string model = mlp::read_text_file(scratch("model.txt"), "test");
    const Run exported = mlp_run({"export-pytorch", "--model", scratch("model.txt"), "--out", scratch("model.txt")});
    CHECK(exported.code == 1);
    CHECK(contains(exported.err, "--out"));
    CHECK(mlp::read_text_file(scratch("model.txt"), "test") == model);

    // A device is written through, so two outputs may both name /dev/null (NUL on Windows).
    CHECK(mlp_run(with(train, {"--save", null_device, "--plot", null_device})).code == 0);
}

TEST_CASE("mlp: running out of memory is exit 2 and an unexpected exception exit 5, never an abort") {
    const Run memory = mlp_run({"train", "--data", "datasets/xor.csv", "--stack", "dense:2,1 test_out_of_memory"});
    CHECK(memory.code == 2);
    CHECK(contains(memory.err, "mlp: not enough memory"));
    const Run bug = mlp_run({"train", "--data", "datasets/xor.csv", "--stack", "dense:2,1 test_bug"});
    CHECK(bug.code == 5);
    CHECK(contains(bug.err, "mlp: internal error (a bug in mlp; please report it): a broken invariant"));
    CHECK(contains(mlp_run({"--help"}).out, "5 an internal error"));
}

TEST_CASE("mlp: --layers is bounded by make_layer's own largest dense layer, before any data is read") {
    // 4096 x 4096 is the largest product make_layer allows (kMaxDenseWeights, the one constant
    // both use); one more is refused by name, as are the widths that used to train for minutes.
    for (const std::string layers : {"2,10000000,10000000,1", "2,9000000,1", "2,4096,4097"}) {
        CAPTURE(layers);
        const Run r = mlp_run({"train", "--data", "no/such.csv", "--layers", layers, "--save", "m.model"});
        CHECK(r.code == 1);
        CHECK(contains(r.err, "mlp train: expected --layers neighbouring widths whose product is at most 16777216"));
        CHECK(r.out.empty());
    }
    const Run gradcheck_wide = mlp_run({"gradcheck", "--layers", "2,9000000,1"});
    CHECK(gradcheck_wide.code == 1);
}

TEST_CASE("mlp gradcheck: the work of a check is bounded (parameters^2 x rows); a model of activations only asks for --data") {
    const Run wide = mlp_run({"gradcheck", "--layers", "2,10000,1"});
    CHECK(wide.code == 1);
    CHECK(contains(wide.err, "mlp gradcheck: expected a check of at most 1e+09 multiply-adds (parameters^2 x rows), "
                             "got 40001 parameters on 8 rows"));
    CHECK(mlp_run({"gradcheck", "--layers", "2,64,64,1"}).code == 0);  // 4417 parameters: allowed
    const Run activations = mlp_run({"gradcheck", "--stack", "tanh relu"});
    CHECK(activations.code == 1);
    CHECK(contains(activations.err, "no dense layer"));
    CHECK(contains(activations.err, "give --data"));
    CHECK_FALSE(contains(activations.err, "0 outputs"));
}

TEST_CASE("mlp train: a step that overflows the weights is exit 3 and saves nothing, over several seeds") {
    Scratch scratch;
    for (const std::string seed : {"1", "2", "3"}) {
        CAPTURE(seed);
        const Run r = mlp_run({"train", "--data", "datasets/xor.csv", "--layers", "2,1", "--loss", "mse", "--optimizer",
                               "sgd", "--lr", "1e308", "--epochs", "1", "--batch", "0", "--seed", seed, "--save",
                               scratch("m.txt")});
        CHECK(r.code == 3);
        // Either the weights overflowed (fit names the parameter) or, finite, they give outputs whose
        // loss overflows on the whole set (the command measures it): both are a failed training.
        CHECK((contains(r.err, "mlp train: training failed: Trainer::fit: a parameter became non-finite") ||
               contains(r.err, "mlp train: training failed: the loss on the training set is inf")));
        CHECK_FALSE(std::filesystem::exists(scratch("m.txt")));
    }
}

TEST_CASE("mlp predict: a loss that does not fit the model, and outputs that are not finite, are refused (exit 2)") {
    Scratch scratch;
    mlp::write_text_file(scratch("one.txt"), "mlp-model 2\nlayer dense:2,1\nW 2 1\n1\n1\nb 1 1\n0\nend\n");
    const Run ce = mlp_run({"predict", "--model", scratch("one.txt"), "--input", "0,1", "--loss", "cross-entropy"});
    CHECK(ce.code == 2);
    CHECK(contains(ce.err, "mlp predict: --loss cross-entropy reads the outputs as one score per class and needs at "
                           "least 2, the model has 1 output"));
    CHECK(ce.out.empty());
    const Run inf = mlp_run({"predict", "--model", scratch("one.txt"), "--input", "1.7e308,1.7e308"});
    CHECK(inf.code == 2);
    CHECK(contains(inf.err, "mlp predict: the model's output for row 1 is inf, not a finite number"));
    CHECK(mlp_run({"predict", "--model", scratch("one.txt"), "--input", "0,1"}).code == 0);
}

TEST_CASE("mlp: MLP_THREADS is checked at start-up, before any work, on any model") {
    set_environment("MLP_THREADS", "abc");
    const Run r = mlp_run({"train", "--data", "datasets/xor.csv", "--layers", "2,1", "--epochs", "1"});
    set_environment("MLP_THREADS", std::string(5000, '7'));
    const Run huge = mlp_run({"data", "xor"});
    set_environment("MLP_THREADS", "");
    CHECK(r.code == 1);
    CHECK(r.err == "mlp: MLP_THREADS: expected a whole number >= 1, got 'abc'\n");
    CHECK(r.out.empty());
    CHECK(huge.code == 1);
    CHECK(huge.err.size() < 200);  // the value is quoted to 60 characters
}

TEST_CASE("mlp: messages name the flag at fault and quote at most about 60 characters of any input") {
    const Run noise = mlp_run({"data", "moons", "--noise", "1e308"});
    CHECK(noise.code == 1);
    CHECK(contains(noise.err, "mlp data: expected --noise small enough that every point is a finite number, got 1e308"));
    CHECK_FALSE(contains(noise.err, "to_csv"));
    // A 5 MB spec, through --stack and through a model file: a short message either way.
    const std::string spec = "prelu:" + std::string(5u << 20, '1');
    const Run stack = mlp_run({"train", "--data", "datasets/xor.csv", "--stack", spec});
    CHECK(stack.code == 1);
    CHECK(stack.err.size() < 1000);
    Scratch scratch;
    mlp::write_text_file(scratch("long.txt"), "mlp-model 2\nlayer " + spec + "\nend\n");
    const Run model = mlp_run({"summary", "--model", scratch("long.txt")});
    CHECK(model.code == 2);
    CHECK(model.err.size() < 1000);
    const Run activation = mlp_run({"train", "--data", "datasets/xor.csv", "--layers", "2,2,1", "--activation",
                                    "leaky_relu:" + std::string(100000, 'x')});
    CHECK(activation.code == 1);
    CHECK(activation.err.size() < 1000);
}

TEST_CASE("docs/files.md states the limits the code has") {
    const std::string page = mlp::read_text_file("docs/files.md", "test");
    for (const std::string& stated :
         {"`max_text_file_bytes` = " + std::to_string(mlp::max_text_file_bytes),
          "`max_csv_bytes` = " + std::to_string(mlp::max_csv_bytes),
          "`max_csv_label` = " + std::to_string(mlp::max_csv_label),
          "`max_idx_bytes` = " + std::to_string(mlp::max_idx_bytes),
          "`max_model_layers` = " + std::to_string(mlp::max_model_layers),
          "`kMaxDenseWeights` = " + std::to_string(mlp::kMaxDenseWeights),
          "each width 1.." + std::to_string(static_cast<long long>(mlp::cli::kMaxCount))}) {
        CAPTURE(stated);
        CHECK(contains(page, stated));
    }
    // Every exit code the command has is in the page's table.
    for (int code : {mlp::cli::kOk, mlp::cli::kUsage, mlp::cli::kBadInput, mlp::cli::kFailed, mlp::cli::kCheckFailed,
                     mlp::cli::kInternal})
        CHECK(contains(page, "\n| " + std::to_string(code) + " | "));
}
