// SPDX-License-Identifier: MIT
// bindings.cpp: the playground as JavaScript sees it (emscripten's embind). The library reports
// a caller's mistake by throwing; each call here catches it and hands the page its message:
// "" (or the JSON) on success, {"error": "..."} or "error: ..." otherwise.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <exception>
#include <string>

#include "json_text.hpp"
#include "playground.hpp"

namespace {

using web::Playground;
using emscripten::val;

// Every entry point goes through one of these three, so no C++ exception (bad_alloc included)
// ever reaches JavaScript.
template <typename F>
std::string guarded(F&& f) {
    try {
        f();
        return "";
    } catch (const std::exception& e) {
        return std::string("error: ") + e.what();
    } catch (...) {
        return "error: an exception of unknown type";
    }
}

template <typename F>
std::string guarded_json(F&& f) {
    try {
        return f();
    } catch (const std::exception& e) {
        return "{\"error\":" + web::json_string(e.what()) + "}";
    } catch (...) {
        return "{\"error\":\"an exception of unknown type\"}";
    }
}

// A copy into a new Float64Array, so the page keeps nothing that points into wasm memory.
val float64_array(const std::vector<double>& v) {
    return val::global("Float64Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

// The numbers as a Float64Array, or the message as a string "error: ..." when the call throws.
template <typename F>
val guarded_array(F&& f) {
    try {
        return float64_array(f());
    } catch (const std::exception& e) {
        return val(std::string("error: ") + e.what());
    } catch (...) {
        return val(std::string("error: an exception of unknown type"));
    }
}

std::string set_data(Playground& p, std::string kind, int n, double noise, double test_fraction, int seed) {
    return guarded([&] { p.set_data(kind, n, noise, test_fraction, seed); });
}
std::string add_point(Playground& p, double x1, double x2, int label) { return guarded([&] { p.add_point(x1, x2, label); }); }
std::string clear_points(Playground& p) { return guarded([&] { p.clear_points(); }); }
std::string load_csv_text(Playground& p, std::string text) { return guarded([&] { p.load_csv_text(text); }); }
std::string csv_text(Playground& p) { return guarded_json([&] { return p.csv_text(); }); }
std::string set_features(Playground& p, std::string names) { return guarded([&] { p.set_features(names); }); }
std::string build(Playground& p, std::string hidden, std::string loss, int seed, std::string init, double dropout) {
    return guarded([&] { p.build(hidden, loss, seed, init, dropout); });
}
std::string set_training(Playground& p, std::string optimizer, double lr, int batch_size, double l2, double l1,
                         double momentum, bool nesterov, std::string schedule, int cosine_epochs) {
    return guarded([&] { p.set_training(optimizer, lr, batch_size, l2, l1, momentum, nesterov, schedule, cosine_epochs); });
}
std::string train(Playground& p, int epochs) { return guarded([&] { p.train(epochs); }); }
std::string step_batch(Playground& p) { return guarded([&] { p.step_batch(); }); }
std::string pytorch_text(Playground& p) { return guarded_json([&] { return p.pytorch_text(); }); }
std::string stats(Playground& p) { return guarded_json([&] { return p.stats_json(); }); }
val points(Playground& p) { return guarded_array([&] { return p.points(); }); }
val bounds(Playground& p) { return guarded_array([&] { return p.bounds(); }); }
val boundary(Playground& p, int res) { return guarded_array([&] { return p.boundary(res); }); }
val hidden_units(Playground& p, int res) { return guarded_array([&] { return p.hidden_units(res); }); }
val feature_maps(Playground& p, int res) { return guarded_array([&] { return p.feature_maps(res); }); }
std::string weights(Playground& p) { return guarded_json([&] { return p.weights_json(); }); }
std::string set_weight(Playground& p, int layer, int i, int j, double value) {
    return guarded([&] { p.set_weight(layer, i, j, value); });
}
std::string hidden(Playground& p) { return guarded_json([&] { return p.hidden_json(); }); }
std::string predict(Playground& p, val flat) {
    return guarded_json([&] { return p.predict_text(emscripten::vecFromJSArray<double>(flat)); });
}
std::string model_text(Playground& p) { return guarded_json([&] { return p.model_text(); }); }
std::string load_model_text(Playground& p, std::string text) { return guarded([&] { p.load_model_text(text); }); }
std::string layers(Playground& p) { return guarded_json([&] { return p.layers_json(); }); }
std::string collapse(Playground& p) { return guarded_json([&] { return p.collapse_json(); }); }
std::string backprop(Playground& p, int sample) { return guarded_json([&] { return p.backprop_json(sample); }); }
std::string diagnostics(Playground& p) { return guarded_json([&] { return p.diagnostics_json(); }); }
std::string lab(Playground& p, std::string activation) { return guarded_json([&] { return p.lab_json(activation); }); }

}  // namespace

EMSCRIPTEN_BINDINGS(mlp_playground) {
    emscripten::class_<Playground>("Playground")
        .constructor<>()
        .function("setData", &set_data)
        .function("addPoint", &add_point)
        .function("clearPoints", &clear_points)
        .function("loadCsvText", &load_csv_text)
        .function("csvText", &csv_text)
        .function("setFeatures", &set_features)
        .function("featureMaps", &feature_maps)
        .function("weights", &weights)
        .function("setWeight", &set_weight)
        .function("build", &build)
        .function("setTraining", &set_training)
        .function("train", &train)
        .function("stepBatch", &step_batch)
        .function("pytorchText", &pytorch_text)
        .function("stats", &stats)
        .function("points", &points)
        .function("bounds", &bounds)
        .function("boundary", &boundary)
        .function("hiddenUnits", &hidden_units)
        .function("hidden", &hidden)
        .function("predict", &predict)
        .function("modelText", &model_text)
        .function("loadModelText", &load_model_text)
        .function("layers", &layers)
        .function("collapse", &collapse)
        .function("backprop", &backprop)
        .function("diagnostics", &diagnostics)
        .function("lab", &lab)
        .class_function("layersAfterDense", &Playground::layers_after_dense_json)
        .class_function("activations", &Playground::activations_json)
        .class_function("losses", &Playground::losses_json)
        .class_function("optimizers", &Playground::optimizers_json)
        .class_function("features", &Playground::features_json)
        .class_function("inits", &Playground::inits_json);
}
