// SPDX-License-Identifier: MIT
// model_file.cpp: a Sequential as text (each layer's spec and named tensors) and back.
#include "mlp/io/model_file.hpp"
#include "mlp/core/number_text.hpp"

#include <cmath>
#include <optional>
#include <memory>
#include <vector>

#include "mlp/nn/activation.hpp"
#include "mlp/nn/layer_registry.hpp"


namespace mlp {

namespace {
constexpr int kVersion = 2;
const char* const kMagic = "mlp-model";

// What a file holds of a layer: its parameters, then its buffers (state that is not learned,
// such as BatchNorm's running statistics), each a named tensor. Asked of the layer, so a user's
// layer with buffers is saved like a built-in one.
std::vector<Buffer> saved_tensors(Layer& layer) {
    std::vector<Buffer> out;
    for (const Param& p : layer.params()) out.push_back({p.name, p.value});
    for (const Buffer& b : layer.buffers()) out.push_back(b);
    return out;
}

std::string label(std::size_t i, const Layer& layer) { return "layer " + std::to_string(i) + " (" + layer.name() + ")"; }

// One line of numbers, shortest round-trip form, separated by single spaces.
void write_values(std::string& out, const double* values, std::size_t count) {
    for (std::size_t k = 0; k < count; ++k) {
        if (k > 0) out += ' ';
        out += format_number(values[k]);
    }
    out += '\n';
}

void check_finite(const std::string& layer, const Buffer& p) {
    for (std::size_t k = 0; k < p.value->size(); ++k) {
        if (!std::isfinite((*p.value)[k])) {
            throw std::invalid_argument("save_model: " + layer + " parameter " + p.name + " holds " +
                                        format_number((*p.value)[k]) + " at element " + std::to_string(k) +
                                        "; a model with NaN or infinite weights is not saved");
        }
    }
}

// A file that cannot be loaded is no save: the spec must be one word that make_layer turns
// into a layer with the same parameters (names and shapes).
void check_rebuilds(const std::string& where, Layer& layer) {
    const std::string spec = layer.spec();
    std::unique_ptr<Layer> rebuilt;
    std::string why;
    if (spec.empty() || spec.find_first_of(" \t\r\n#") != std::string::npos) {
        why = "is not one word";
    } else {
        try {
            rebuilt = make_layer(spec);
        } catch (const std::invalid_argument& e) {
            why = std::string("cannot be rebuilt (") + e.what() + ")";
        }
    }
    if (rebuilt) {
        const std::vector<Buffer> want = saved_tensors(layer), got = saved_tensors(*rebuilt);
        bool same = want.size() == got.size();
        for (std::size_t k = 0; same && k < want.size(); ++k)
            same = want[k].name == got[k].name && want[k].value->rows() == got[k].value->rows() &&
                   want[k].value->cols() == got[k].value->cols();
        if (!same) why = "builds a layer with other parameters than it has";
    }
    if (!why.empty()) {
        throw std::invalid_argument("save_model: " + where + " has spec \"" + spec + "\", which " + why +
                                    "; a user layer needs spec() and mlp::register_layer to be saved");
    }
}
}  // namespace

std::string model_problem(Sequential& model, std::size_t* layer) {
    if (model.empty()) {
        if (layer != nullptr) *layer = 0;
        return "the model has no layers";
    }
    std::size_t width = 0;  // the width flowing out of the last layer; 0 until a layer fixes it
    for (std::size_t i = 0; i < model.size(); ++i) {
        const std::optional<std::size_t> in = model[i].input_width();
        if (in && width != 0 && *in != width) {
            if (layer != nullptr) *layer = i;
            return label(i, model[i]) + " expects " + std::to_string(*in) + " input features, but the layer before it gives " +
                   std::to_string(width) + " (the widths do not chain)";
        }
        if (in) width = *in;
        if (width != 0) width = model[i].output_width(width);
    }
    return "";
}

std::string model_to_string(const Sequential& model) {
    // params() is not const (it hands out pointers for the optimizer); nothing is changed here.
    Sequential& m = const_cast<Sequential&>(model);
    if (const std::string problem = model_problem(m); !problem.empty())
        throw std::invalid_argument("save_model: " + problem);
    std::string out = std::string(kMagic) + " " + std::to_string(kVersion) + "\n";
    for (std::size_t i = 0; i < m.size(); ++i) {
        Layer& layer = m[i];
        const std::string where = label(i, layer);
        for (const Buffer& p : saved_tensors(layer)) check_finite(where, p);
        check_rebuilds(where, layer);
        out += "layer " + layer.spec() + "\n";
        for (const Buffer& p : saved_tensors(layer)) {
            const Tensor& t = *p.value;
            out += p.name + " " + std::to_string(t.rows()) + " " + std::to_string(t.cols()) + "\n";
            for (std::size_t r = 0; r < t.rows(); ++r) write_values(out, t.data() + r * t.cols(), t.cols());
        }
    }
    out += "end\n";
    return out;
}

void save_model(const Sequential& model, const std::string& path) {
    write_file_atomically(path, model_to_string(model), "save_model");
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

namespace {

// Fills t row by row, one line of t.cols() numbers per row; the rows are named for messages
// "row 2 of W", or just "b" for a tensor of one row.
void read_rows(LineReader& reader, Tensor& t, const std::string& name) {
    std::vector<std::string_view> words;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        const std::string what = t.rows() == 1 ? name : "row " + std::to_string(r + 1) + " of " + name;
        reader.expect(words, what + " (" + std::to_string(t.cols()) + " numbers)");
        if (words.size() != t.cols()) {
            reader.fail("expected " + std::to_string(t.cols()) + " numbers in " + what + ", got " +
                        std::to_string(words.size()));
        }
        for (std::size_t j = 0; j < t.cols(); ++j) t(r, j) = reader.number(words[j], what);
    }
}

// What one model file may cost in memory, for the whole file, so no file (of NUL-free text within
// max_text_file_bytes) can ask for more than a small multiple of its own size:
//  - each parameter value is written as a number and a separator, two bytes at least, so a layer
//    may hold no more values than half the bytes left after its line (and kFreeValues, so a
//    small truncated file is refused where its numbers end, with that line's problem);
//  - every layer, values or not, is charged kLayerBytes (the object and its empty caches) and
//    16 bytes per value (the value and its gradient); all the layers of a file together may be
//    charged at most kBytesPerFileByte per byte of the file, plus kFreeBytes;
//  - a file holds at most max_model_layers layers, so a file of nothing but "layer relu" lines
//    (11 bytes each, a few hundred bytes of memory each) stops there.
// A layer's values are checked before it is built when its kind can tell them from the spec
// (layer_values); a kind that cannot is built first and counted after.
constexpr double kLayerBytes = 128;
constexpr double kBytesPerFileByte = 16;
constexpr double kFreeBytes = 65536;
constexpr double kFreeValues = 4096;

struct Budget {
    double left;  // bytes of memory the rest of the file may still cost
};

void charge(LineReader& reader, Budget& budget, const std::string& spec, double values) {
    const double rest = static_cast<double>(reader.rest().size());
    if (values > rest / 2 + kFreeValues)
        reader.fail("layer " + LineReader::shown(spec) + " has more parameter values (" +
                    (values < 1e15 ? std::to_string(static_cast<long long>(values)) : format_number(values)) +
                    ") than the rest of the file (" + std::to_string(reader.rest().size()) + " bytes) can hold");
    const double cost = kLayerBytes + 16 * values;
    if (cost > budget.left)
        reader.fail("the layers up to this one would cost more memory than a model file of its size may: at most " +
                    format_number(kBytesPerFileByte) + " bytes per byte of the file (and " +
                    format_number(kFreeBytes) + "); too many layers for the numbers they hold?");
    budget.left -= cost;
}

// The layer `spec` describes, charged to the file's budget before it is built where its kind can
// say how many values it holds, and after otherwise.
std::unique_ptr<Layer> build(LineReader& reader, Budget& budget, const std::string& spec) {
    std::optional<double> told;
    std::unique_ptr<Layer> layer;
    try {
        told = layer_values(spec);
        if (told) charge(reader, budget, spec, *told);
        layer = make_layer(spec);
    } catch (const ModelFileError&) {
        throw;
    } catch (const std::invalid_argument& e) {
        reader.fail(e.what());
    }
    if (!told) {
        double values = 0;
        for (const Param& p : layer->params()) values += static_cast<double>(p.value->size());
        charge(reader, budget, spec, values);
    }
    return layer;
}

// Version 2: "layer SPEC", then per parameter "NAME ROWS COLS" and its rows.
std::unique_ptr<Layer> read_layer(LineReader& reader, Budget& budget, const std::vector<std::string_view>& header) {
    if (header.size() != 2)
        reader.fail("expected \"layer SPEC\" (one word, no spaces), got " + std::to_string(header.size()) + " words");
    std::unique_ptr<Layer> layer = build(reader, budget, std::string(header[1]));
    std::vector<std::string_view> words;
    for (const Buffer& p : saved_tensors(*layer)) {
        const std::string shape = "(" + std::to_string(p.value->rows()) + ", " + std::to_string(p.value->cols()) + ")";
        reader.expect(words, "parameter \"" + p.name + "\"");
        if (words.size() != 3 || words[0] != p.name)
            reader.fail("expected \"" + p.name + " ROWS COLS\", got \"" + LineReader::shown(words[0]) + "\"");
        if (reader.count(words[1], p.name + " ROWS") != p.value->rows() ||
            reader.count(words[2], p.name + " COLS") != p.value->cols())
            reader.fail("expected " + p.name + " of shape " + shape + " for " + std::string(header[1]) + ", got (" +
                        std::string(words[1]) + ", " + std::string(words[2]) + ")");
        read_rows(reader, *p.value, p.name);
    }
    return layer;
}

// Version 1: "dense IN OUT" then IN rows of W and b; "activation SPEC" then one
// "NAME values..." line per parameter.
std::unique_ptr<Layer> read_layer_v1(LineReader& reader, Budget& budget, const std::vector<std::string_view>& header) {
    if (header[0] == "dense") {
        if (header.size() != 3) reader.fail("expected \"dense IN OUT\", got " + std::to_string(header.size()) + " words");
        const std::size_t in = reader.count(header[1], "dense IN"), out = reader.count(header[2], "dense OUT");
        std::unique_ptr<Layer> layer = build(reader, budget, "dense:" + std::to_string(in) + "," + std::to_string(out));
        for (const Param& p : layer->params()) read_rows(reader, *p.value, p.name);
        return layer;
    }
    if (header.size() != 2)
        reader.fail("expected \"activation SPEC\" (one word, no spaces), got " + std::to_string(header.size()) + " words");
    std::unique_ptr<Layer> layer = build(reader, budget, std::string(header[1]));
    std::vector<std::string_view> words;
    for (const Param& p : layer->params()) {
        reader.expect(words, "the values of parameter \"" + p.name + "\"");
        if (words[0] != p.name)
            reader.fail("expected parameter \"" + p.name + "\", got \"" + LineReader::shown(words[0]) + "\"");
        if (words.size() - 1 != p.value->size())
            reader.fail("expected " + std::to_string(p.value->size()) + " numbers in parameter " + p.name + ", got " +
                        std::to_string(words.size() - 1));
        for (std::size_t k = 0; k < p.value->size(); ++k) (*p.value)[k] = reader.number(words[k + 1], "parameter " + p.name);
    }
    return layer;
}

struct Parsed {
    Sequential model;
    std::vector<std::size_t> lines;  // the line where each layer's block starts
};

Parsed parse(std::string_view text, const std::string& source) {
    LineReader reader(text, "load_model", source);
    std::vector<std::string_view> words;
    if (!reader.next(words))
        reader.fail_at(1, text.empty() ? "the file is empty; expected \"mlp-model 2\""
                                       : "the file holds only blank lines and comments; expected \"mlp-model 2\"");
    if (words[0] != kMagic)
        reader.fail("expected \"mlp-model 2\" (this is not an mlp model file), got \"" + LineReader::shown(words[0]) + "\"");
    if (words.size() != 2)
        reader.fail("expected two words on the first line, \"mlp-model VERSION\", got " + std::to_string(words.size()));
    const std::string version(words[1]);
    if (version != "1" && version != "2")
        reader.fail("this file is format version \"" + LineReader::shown(version) + "\"; this build reads versions 1 and 2");
    const bool v1 = version == "1";
    const std::string expected = v1 ? "a layer (\"dense IN OUT\", \"activation SPEC\") or \"end\""
                                    : "a layer (\"layer SPEC\") or \"end\"";

    Parsed parsed;
    Budget budget{kFreeBytes + kBytesPerFileByte * static_cast<double>(text.size())};
    while (true) {
        reader.expect(words, expected);
        const std::size_t line = reader.line();
        if (words[0] == "end") {
            if (words.size() != 1) reader.fail("expected \"end\" alone on its line");
            break;
        }
        if (parsed.model.size() == max_model_layers)
            reader.fail("expected at most " + std::to_string(max_model_layers) + " layers in a model file, got more");
        if (!v1 && words[0] == "layer") {
            parsed.model.add(read_layer(reader, budget, words));
        } else if (v1 && (words[0] == "dense" || words[0] == "activation")) {
            parsed.model.add(read_layer_v1(reader, budget, words));
        } else {
            reader.fail("expected " + expected + ", got \"" + LineReader::shown(words[0]) + "\"");
        }
        parsed.lines.push_back(line);
    }
    std::size_t bad = 0;
    if (const std::string problem = model_problem(parsed.model, &bad); !problem.empty())
        reader.fail_at(parsed.lines.empty() ? reader.line() : parsed.lines[bad], problem);
    if (reader.next(words)) reader.fail("expected nothing after \"end\", got \"" + LineReader::shown(words[0]) + "\"");
    return parsed;
}

}  // namespace

Sequential load_model_from_string(std::string_view text, const std::string& source) {
    return std::move(parse(text, source).model);
}

Sequential load_model(const std::string& path) { return load_model_from_string(read_text_file(path), path); }

void load_model_into_from_string(std::string_view text, Sequential& model, const std::string& source) {
    Parsed parsed = parse(text, source);
    // Check everything before changing anything, so a mismatch leaves `model` as it was.
    if (parsed.model.size() != model.size()) {
        throw ModelFileError("load_model_into", source, 0,
                             "the file holds " + std::to_string(parsed.model.size()) + " layers, the model " +
                                 std::to_string(model.size()));
    }
    for (std::size_t i = 0; i < model.size(); ++i) {
        const std::vector<Buffer> from = saved_tensors(parsed.model[i]);
        const std::vector<Buffer> to = saved_tensors(model[i]);
        bool same = parsed.model[i].name() == model[i].name() && from.size() == to.size();
        for (std::size_t k = 0; same && k < from.size(); ++k)
            same = from[k].value->rows() == to[k].value->rows() && from[k].value->cols() == to[k].value->cols();
        if (!same) {
            throw ModelFileError("load_model_into", source, parsed.lines[i],
                                 "layer " + std::to_string(i) + " is " + parsed.model[i].name() +
                                     " in the file but " + model[i].name() + " in the model");
        }
    }
    for (std::size_t i = 0; i < model.size(); ++i) {
        const std::vector<Buffer> from = saved_tensors(parsed.model[i]);
        const std::vector<Buffer> to = saved_tensors(model[i]);
        for (std::size_t k = 0; k < from.size(); ++k) *to[k].value = *from[k].value;
    }
}

void load_model_into(const std::string& path, Sequential& model) {
    load_model_into_from_string(read_text_file(path), model, path);
}

}  // namespace mlp
