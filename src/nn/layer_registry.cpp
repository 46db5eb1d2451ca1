// SPDX-License-Identifier: MIT
// layer_registry.cpp: the table of layer kinds by name, and make_layer.
#include "mlp/nn/layer_registry.hpp"

#include "mlp/core/number_text.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <map>
#include <stdexcept>

#include "../core/registry.hpp"
#include "mlp/core/rng.hpp"
#include "mlp/nn/activation_registry.hpp"
#include "mlp/nn/batch_norm.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/dropout.hpp"
#include "mlp/nn/layer_norm.hpp"

namespace mlp {

namespace {

// "dense:IN,OUT", at most kMaxDenseWeights weights (dense.hpp says why).
struct DenseShape {
    std::size_t in, out;
};
DenseShape dense_shape(std::string_view spec) {
    constexpr double kMaxWeights = static_cast<double>(kMaxDenseWeights);
    const std::vector<double> p = spec_numbers(spec, "make_layer", 2, 2);
    const std::size_t in = spec_count(p[0], "make_layer", "dense IN", kMaxWeights);
    const std::size_t out = spec_count(p[1], "make_layer", "dense OUT", kMaxWeights);
    if (static_cast<double>(in) * static_cast<double>(out) > kMaxWeights) {
        throw std::invalid_argument("make_layer: expected dense IN * OUT <= " + format_number(kMaxWeights) +
                                    " weights, got \"" + excerpt(spec) + "\"");
    }
    return {in, out};
}

std::unique_ptr<Layer> make_dense(std::string_view spec) {
    const DenseShape shape = dense_shape(spec);
    Rng rng(0);  // a fixed seed: a spec names a layer's shape, a loaded file its values
    return std::make_unique<Dense>(shape.in, shape.out, rng);
}

// "dropout:P" or "dropout:P,SEED"
std::unique_ptr<Layer> make_dropout(std::string_view spec) {
    const std::vector<double> p = spec_numbers(spec, "make_layer", 1, 2);
    const double seed = p.size() > 1 ? p[1] : 0.0;
    if (!(seed >= 0.0 && seed <= 4294967295.0) || seed != static_cast<double>(static_cast<std::uint32_t>(seed)))
        throw std::invalid_argument("make_layer: dropout expects a seed from 0 to 2^32 - 1, got \"" +
                                    excerpt(spec) + "\"");
    return std::make_unique<Dropout>(p[0], static_cast<std::uint32_t>(seed));
}

std::unique_ptr<Layer> make_activation_layer(std::string_view spec) { return make_activation(spec); }

// W (IN, OUT) and b (1, OUT)
double dense_values(std::string_view spec) {
    const DenseShape shape = dense_shape(spec);
    return static_cast<double>(shape.in * shape.out + shape.out);
}

struct Kind {
    LayerFactory make;
    LayerValues values;  // may be empty
};

std::map<std::string, Kind>& table() {
    static std::map<std::string, Kind> kinds = [] {
        std::map<std::string, Kind> t{{"dense", {make_dense, dense_values}},
                                      {"dropout", {make_dropout, [](std::string_view) { return 0.0; }}}};
        t.emplace("batch_norm", Kind{make_batch_norm, nullptr});  // "batch_norm:C" or "batch_norm:C,EPS,MOMENTUM"
        t.emplace("layer_norm", Kind{make_layer_norm, nullptr});  // "layer_norm:C" or "layer_norm:C,EPS"
        for (const std::string& name : activation_names()) t.emplace(name, Kind{make_activation_layer, activation_values});
        t.emplace("swish", Kind{make_activation_layer, activation_values});
        return t;
    }();
    return kinds;
}



const Kind& kind_of(std::string_view spec) {
    const std::string name = lower_case(spec.substr(0, std::min(spec.find(':'), std::size_t{60})));
    const auto it = table().find(name);
    if (it == table().end()) unknown_name("make_layer", layer_names(), name);
    return it->second;
}

}  // namespace

std::unique_ptr<Layer> make_layer(std::string_view spec) { return kind_of(spec).make(spec); }

std::optional<double> layer_values(std::string_view spec) {
    const Kind& kind = kind_of(spec);
    if (!kind.values) return std::nullopt;
    return kind.values(spec);
}

std::vector<std::string> layer_names() { return names_of(table()); }

bool register_layer(const std::string& name, LayerFactory factory, LayerValues values) {
    const bool has_factory = static_cast<bool>(factory);
    return add_name("register_layer", table(), name, Kind{std::move(factory), std::move(values)}, has_factory);
}

std::vector<double> spec_numbers(std::string_view spec, const std::string& who, std::size_t min_count,
                                 std::size_t max_count) {
    std::vector<double> values;
    const std::size_t colon = spec.find(':');
    if (colon != std::string_view::npos) {
        std::string_view rest = spec.substr(colon + 1);
        while (true) {
            const std::size_t comma = std::min(rest.find(','), rest.size());
            const std::string_view field = rest.substr(0, comma);
            const std::optional<double> parsed = parse_number(field);
            if (!parsed) {
                throw std::invalid_argument(who + ": expected a number, got \"" + excerpt(field) +
                                            "\" in \"" + excerpt(spec) + "\"");
            }
            values.push_back(*parsed);
            if (comma == rest.size()) break;
            rest = rest.substr(comma + 1);
        }
    }
    if (values.size() < min_count || values.size() > max_count) {
        throw std::invalid_argument(who + ": expected " + std::to_string(min_count) +
                                    (max_count > min_count ? " to " + std::to_string(max_count) : std::string()) +
                                    " number(s) after ':', got " + std::to_string(values.size()) + " in \"" +
                                    excerpt(spec) + "\"");
    }
    return values;
}

std::size_t spec_count(double value, const std::string& who, const std::string& what, double max) {
    if (!(value >= 1.0 && value <= max) || value != static_cast<double>(static_cast<std::size_t>(value))) {
        throw std::invalid_argument(who + ": expected " + what + " as a whole number from 1 to " +
                                    format_number(max) + ", got " + format_number(value));
    }
    return static_cast<std::size_t>(value);
}

}  // namespace mlp
