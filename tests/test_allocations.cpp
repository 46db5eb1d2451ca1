// SPDX-License-Identifier: MIT
// test_allocations.cpp: once warmed up, a training step allocates nothing; a small model file
// that declares a huge layer is refused before it allocates what it declares.
//
// This program (and only this one) replaces the global operator new and delete with versions
// that count, so a test can ask how many allocations a piece of code made.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

#if defined(_WIN32)
#include <malloc.h>  // _aligned_malloc, _aligned_free: Windows' C library has no std::aligned_alloc
#endif

namespace {
std::atomic<long> g_allocations{0};
std::atomic<std::size_t> g_bytes{0};  // requested, summed over every allocation

void* counted_malloc(std::size_t size) {
    ++g_allocations;
    g_bytes += size;
    return std::malloc(size == 0 ? 1 : size);
}

void* counted_aligned(std::size_t size, std::align_val_t align) {
    ++g_allocations;
    g_bytes += size;
    const std::size_t a = static_cast<std::size_t>(align);
#if defined(_WIN32)
    return _aligned_malloc(size == 0 ? 1 : size, a);
#else
    return std::aligned_alloc(a, (size + a - 1) / a * a);
#endif
}

// What counted_aligned returned goes back to the matching function (plain free on POSIX).
void aligned_release(void* p) {
#if defined(_WIN32)
    _aligned_free(p);
#else
    std::free(p);
#endif
}
}  // namespace

void* operator new(std::size_t size) {
    if (void* p = counted_malloc(size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    if (void* p = counted_malloc(size)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_malloc(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted_malloc(size); }
void* operator new(std::size_t size, std::align_val_t align) {
    if (void* p = counted_aligned(size, align)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) {
    if (void* p = counted_aligned(size, align)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { aligned_release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { aligned_release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { aligned_release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { aligned_release(p); }

namespace {

long allocations() { return g_allocations.load(); }

std::unique_ptr<mlp::Layer> make_activation(const std::string& name) {
    if (name == "tanh") return std::make_unique<mlp::Tanh>();
    if (name == "relu") return std::make_unique<mlp::ReLU>();
    return std::make_unique<mlp::Sigmoid>();
}

std::unique_ptr<mlp::Loss> make_loss(const std::string& name) {
    if (name == "mse") return std::make_unique<mlp::MSELoss>();
    if (name == "bce_with_logits") return std::make_unique<mlp::BCEWithLogitsLoss>();
    return std::make_unique<mlp::CrossEntropyLoss>();
}

// in-40-32-out with the given activation. With 16 rows every product is large enough for the
// blocked kernels; with 2 rows the last layer's (2 x 32 x 3) goes to the plain loops: both run.
mlp::Sequential make_model(const std::string& activation, std::size_t in, std::size_t out) {
    mlp::Rng rng(3);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(in, 40, rng);
    model.add(make_activation(activation));
    model.emplace<mlp::Dense>(40, 32, rng);
    model.add(make_activation(activation));
    model.emplace<mlp::Dense>(32, out, rng);
    return model;
}

// Inputs (rows, in) and targets the loss understands: values in [0, 1] for MSE and BCE, class
// indices 0..classes-1 in one column for cross-entropy.
struct Data {
    mlp::Tensor x, y;
};
Data make_data(const std::string& loss, std::size_t rows, std::size_t in, std::size_t out) {
    mlp::Rng rng(4);
    Data d{mlp::Tensor(rows, in), mlp::Tensor(rows, loss == "cross_entropy" ? 1 : out)};
    for (std::size_t k = 0; k < d.x.size(); ++k) d.x[k] = rng.uniform(-1.0, 1.0);
    for (std::size_t k = 0; k < d.y.size(); ++k)
        d.y[k] = loss == "cross_entropy" ? static_cast<double>(rng.index(out)) : rng.uniform() < 0.5 ? 0.0 : 1.0;
    return d;
}

const std::vector<std::string> kActivations{"tanh", "relu", "sigmoid"};
const std::vector<std::string> kLosses{"mse", "bce_with_logits", "cross_entropy"};

}  // namespace

TEST_CASE("allocations: the counting operator new sees what it should") {
    const long before = allocations();
    auto p = std::make_unique<std::vector<double>>(100);
    CHECK(allocations() - before == 2);  // the vector object and its buffer
}

// The five steps of training, and the accuracy the Trainer reads every batch, after three
// warm-up steps in which every buffer reaches its size and the momentum buffers appear.
TEST_CASE("allocations: a warmed-up training step allocates nothing") {
    const std::size_t in = 12, out = 3;
    for (const std::string& activation : kActivations) {
        for (const std::string& loss_name : kLosses) {
            CAPTURE(activation);
            CAPTURE(loss_name);
            mlp::Sequential model = make_model(activation, in, out);
            std::unique_ptr<mlp::Loss> loss = make_loss(loss_name);
            mlp::SGD sgd(model.params(), {.lr = 0.01, .momentum = 0.9, .weight_decay = 1e-4, .nesterov = true});
            const Data full = make_data(loss_name, 16, in, out);
            const Data last = make_data(loss_name, 2, in, out);  // a smaller last batch of an epoch

            double total = 0.0;
            const auto step = [&](const Data& d) {
                const mlp::Tensor& pred = model.forward(d.x);  // 1. forward
                total += loss->forward(pred, d.y);             // 2. loss
                total += loss->accuracy(pred, d.y);
                sgd.zero_grad();                               // 3. clear old gradients
                model.backward(loss->backward());              // 4. backprop
                sgd.step();                                    // 5. update
            };
            for (int warm = 0; warm < 3; ++warm) step(full);

            const long before = allocations();
            for (int s = 0; s < 10; ++s) step(s % 3 == 2 ? last : full);
            CHECK(allocations() - before == 0);
            CHECK(std::isfinite(total));
        }
    }
}

// The same for every activation the registry knows (PReLU's slopes are parameters too).
TEST_CASE("allocations: a warmed-up step allocates nothing with any activation of the registry") {
    const std::size_t in = 12, out = 3;
    for (const std::string& name : mlp::activation_names()) {
        CAPTURE(name);
        mlp::Rng rng(6);
        mlp::Sequential model;
        model.emplace<mlp::Dense>(in, 40, rng);
        model.add(mlp::make_activation(name));
        model.emplace<mlp::Dense>(40, out, rng);
        mlp::MSELoss loss;
        mlp::SGD sgd(model.params(), {.lr = 0.01, .momentum = 0.9});
        const Data full = make_data("mse", 16, in, out);
        const Data last = make_data("mse", 2, in, out);

        double total = 0.0;
        const auto step = [&](const Data& d) {
            const mlp::Tensor& pred = model.forward(d.x);
            total += loss.forward(pred, d.y) + loss.accuracy(pred, d.y);
            sgd.zero_grad();
            model.backward(loss.backward());
            sgd.step();
        };
        for (int warm = 0; warm < 3; ++warm) step(full);
        const long before = allocations();
        for (int s = 0; s < 10; ++s) step(s % 3 == 2 ? last : full);
        CHECK(allocations() - before == 0);
        CHECK(std::isfinite(total));
    }
}

// A whole fit with mini-batches and shuffling: after the first epoch, an epoch allocates only
// when the History's vector of EpochStats grows (doubling: at most once per epoch and about
// log2(epochs) times in all); the batches themselves allocate nothing.
TEST_CASE("allocations: a Trainer epoch allocates nothing but its History entry") {
    const std::size_t in = 12, out = 3, epochs = 40;
    for (const std::string& loss_name : kLosses) {
        CAPTURE(loss_name);
        mlp::Sequential model = make_model("relu", in, out);
        std::unique_ptr<mlp::Loss> loss = make_loss(loss_name);
        mlp::SGD sgd(model.params(), {.lr = 0.01, .momentum = 0.9});
        const Data d = make_data(loss_name, 50, in, out);  // batches of 16, 16, 16 and 2

        std::vector<long> at_end(epochs + 1, 0);  // allocation count after each epoch
        mlp::Trainer trainer(model, *loss, sgd,
                             {.epochs = epochs, .batch_size = 16, .shuffle = true, .seed = 5, .progress = false,
                              .on_epoch = [&at_end](const mlp::EpochStats& e) { at_end[e.epoch] = allocations(); }});
        const mlp::History history = trainer.fit(d.x, d.y);
        REQUIRE(history.epochs.size() == epochs);

        long after_first = 0;
        for (std::size_t e = 2; e <= epochs; ++e) {
            CAPTURE(e);
            const long during = at_end[e] - at_end[e - 1];
            CHECK(during <= 1);
            after_first += during;
        }
        CHECK(after_first <= 7);  // 40 entries: the vector grows at sizes 2, 3, 5, 9, 17, 33
    }
}

// "activation prelu:16777216" in a 42-byte file once cost 266 MB before it was refused. The
// reader asks each layer's kind how many values its spec holds and checks that against the bytes
// left before building it.
TEST_CASE("allocations: a 42-byte model file declaring 16,777,216 slopes is refused for kilobytes") {
    for (const char* text : {"mlp-model 1\nactivation prelu:16777216\nend\n",
                             "mlp-model 2\nlayer prelu:16777216\nend\n",
                             "mlp-model 2\nlayer dense:4000,4000\nend\n"}) {
        CAPTURE(text);
        const std::size_t before = g_bytes.load();
        CHECK_THROWS_WITH_AS(mlp::load_model_from_string(text, "small.txt"),
                             doctest::Contains("has more parameter values ("), mlp::ModelFileError);
        CHECK(g_bytes.load() - before < 64 * 1024);
    }
    // A file that backs its layer up still loads: the budget is what the file holds, not a cap.
    std::string text = "mlp-model 2\nlayer prelu:3000\na 1 3000\n";
    for (int i = 0; i < 3000; ++i) text += "0.25 ";
    text += "\nend\n";
    CHECK(mlp::load_model_from_string(text).params()[0].value->size() == 3000);
}

// A file of nothing but "layer relu" lines once cost about 150 bytes of memory per 11 bytes of
// file with no bound (a 275 MB file aborted): the budget is the whole file's, in layers and bytes.
TEST_CASE("allocations: a model file of many parameter-free layers is refused at max_model_layers, for a bounded cost") {
    std::string text = "mlp-model 2\n";
    for (std::size_t i = 0; i <= mlp::max_model_layers; ++i) text += "layer relu\n";
    text += "end\n";
    const std::size_t before = g_bytes.load();
    CHECK_THROWS_WITH_AS(mlp::load_model_from_string(text, "relus.txt"),
                         doctest::Contains("line 65538: expected at most 65536 layers in a model file, got more"),
                         mlp::ModelFileError);
    const std::size_t cost = g_bytes.load() - before;
    CAPTURE(cost);
    CHECK(cost < 32 * text.size());  // what 65536 layers cost, whatever the file's length past them
    // A model of a few hundred activations (no values at all) is within the budget and loads.
    std::string deep = "mlp-model 2\nlayer dense:2,2\nW 2 2\n1 0\n0 1\nb 1 2\n0 0\n";
    for (int i = 0; i < 500; ++i) deep += "layer tanh\n";
    deep += "end\n";
    CHECK(mlp::load_model_from_string(deep).size() == 501);
}

// A kind registered without a way to tell its values from the spec is built first and counted
// after: still refused, by the same whole-file rule.
TEST_CASE("allocations: a user layer whose kind cannot tell its size is counted after it is built") {
    static const bool registered = mlp::register_layer("test_wide", [](std::string_view) {
        return std::make_unique<mlp::PReLU>(100000, 0.25);
    });
    CHECK(registered);
    CHECK_THROWS_WITH_AS(mlp::load_model_from_string("mlp-model 2\nlayer test_wide\nend\n", "wide.txt"),
                         doctest::Contains("layer test_wide has more parameter values (100000) than the rest of the file"),
                         mlp::ModelFileError);
}
