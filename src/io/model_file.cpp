// SPDX-License-Identifier: MIT
// model_file.cpp: writing a Sequential as text, reading it back line by line, atomic saves.
#include "mlp/io/model_file.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "mlp/io/number_text.hpp"
#include "mlp/nn/activation_registry.hpp"
#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/nn/dense.hpp"

namespace mlp {

namespace {
constexpr int kVersion = 1;
const char* const kMagic = "mlp-model";

std::string where(const std::string& source, std::size_t line) {
    return line == 0 ? source : source + ": line " + std::to_string(line);
}
}  // namespace

ModelFileError::ModelFileError(const std::string& who, const std::string& source, std::size_t line,
                               const std::string& problem)
    : std::invalid_argument(who + ": " + where(source, line) + ": " + problem), source_(source), line_(line) {}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

namespace {
// One line of numbers, shortest round-trip form, separated by single spaces.
void write_values(std::string& out, const double* values, std::size_t count) {
    for (std::size_t k = 0; k < count; ++k) {
        if (k > 0) out += ' ';
        out += format_number(values[k]);
    }
    out += '\n';
}

void check_finite(const std::string& layer, const Param& p) {
    for (std::size_t k = 0; k < p.value->size(); ++k) {
        if (!std::isfinite((*p.value)[k])) {
            throw std::invalid_argument("save_model: " + layer + " parameter " + p.name + " holds " +
                                        format_number((*p.value)[k]) + " at element " + std::to_string(k) +
                                        "; a model with NaN or infinite weights is not saved");
        }
    }
}
}  // namespace

std::string model_to_string(const Sequential& model) {
    std::string out = std::string(kMagic) + " " + std::to_string(kVersion) + "\n";
    for (std::size_t i = 0; i < model.size(); ++i) {
        // params() is not const (it hands out pointers for the optimizer); nothing is changed here.
        Layer& layer = const_cast<Layer&>(model[i]);
        const std::string label = "layer " + std::to_string(i) + " (" + layer.name() + ")";
        for (const Param& p : layer.params()) check_finite(label, p);

        if (const auto* dense = dynamic_cast<const Dense*>(&layer)) {
            out += "dense " + std::to_string(dense->in_features()) + " " + std::to_string(dense->out_features()) + "\n";
            for (std::size_t i_row = 0; i_row < dense->W.rows(); ++i_row)
                write_values(out, dense->W.data() + i_row * dense->W.cols(), dense->W.cols());
            write_values(out, dense->b.data(), dense->b.size());
        } else if (const auto* activation = dynamic_cast<const Activation*>(&layer)) {
            const std::string spec = activation->spec();
            // Only what the registry can rebuild is written: a file that cannot be loaded is no save.
            std::unique_ptr<Activation> rebuilt;
            try {
                rebuilt = make_activation(spec);
            } catch (const std::invalid_argument&) {
                throw std::invalid_argument("save_model: " + label + " has spec \"" + spec +
                                            "\", which make_activation cannot rebuild, so it cannot be saved");
            }
            out += "activation " + spec + "\n";
            for (const Param& p : layer.params()) {
                out += p.name + " ";
                write_values(out, p.value->data(), p.value->size());
            }
        } else {
            throw std::invalid_argument("save_model: " + label +
                                        " is neither a Dense nor an activation; model files hold only those");
        }
    }
    out += "end\n";
    return out;
}

void write_file_atomically(const std::string& path, const std::string& text) {
    namespace fs = std::filesystem;
    const std::string tmp = path + ".tmp";
    {
        std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
        if (!file) throw std::runtime_error("save: cannot write \"" + tmp + "\" (beside \"" + path + "\")");
        file.write(text.data(), static_cast<std::streamsize>(text.size()));
        file.flush();
        if (!file) {
            file.close();
            std::error_code ignored;
            fs::remove(tmp, ignored);
            throw std::runtime_error("save: writing \"" + tmp + "\" failed (disk full?); \"" + path + "\" is unchanged");
        }
    }
    // rename() replaces the target in one step: a reader sees the old file or the new one, never half.
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw std::runtime_error("save: cannot rename \"" + tmp + "\" to \"" + path + "\": " + ec.message());
    }
}

void save_model(const Sequential& model, const std::string& path) {
    write_file_atomically(path, model_to_string(model));
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

std::string read_text_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw ModelFileError("load_model", path, 0, "cannot open the file");
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

namespace {

// Hands out the meaningful lines of a text one at a time, split into words, with their numbers.
class LineReader {
public:
    LineReader(std::string_view text, const std::string& source) : text_(text), source_(source) {}

    // The next line that is not blank or a comment; false at the end of the text.
    bool next(std::vector<std::string_view>& words) {
        while (pos_ < text_.size()) {
            std::size_t end = text_.find('\n', pos_);
            if (end == std::string_view::npos) end = text_.size();
            std::string_view line = text_.substr(pos_, end - pos_);
            pos_ = end + 1;
            ++line_;
            words.clear();
            std::size_t k = 0;
            while (k < line.size()) {
                while (k < line.size() && is_space(line[k])) ++k;
                const std::size_t start = k;
                while (k < line.size() && !is_space(line[k])) ++k;
                if (k > start) words.push_back(line.substr(start, k - start));
            }
            if (!words.empty() && words[0][0] != '#') return true;
        }
        words.clear();
        return false;
    }
    // Like next(), but the end of the text is an error: "truncated: expected <what>".
    void expect(std::vector<std::string_view>& words, const std::string& what) {
        if (!next(words)) fail_at(line_ + 1, "the file ends early (truncated?): expected " + what);
    }

    [[noreturn]] void fail(const std::string& problem) const { fail_at(line_, problem); }
    [[noreturn]] void fail_at(std::size_t line, const std::string& problem) const {
        throw ModelFileError("load_model", source_, line, problem);
    }
    std::size_t line() const { return line_; }

    // A finite double, read exactly as format_number wrote it.
    double number(std::string_view word, const std::string& what) const {
        const std::optional<double> value = parse_number(word);
        if (!value) fail("expected a number in " + what + ", got \"" + shown(word) + "\"");
        if (!std::isfinite(*value)) fail("expected a finite number in " + what + ", got \"" + shown(word) + "\"");
        return *value;
    }
    // A whole number >= 1 (a layer width).
    std::size_t width(std::string_view word, const std::string& what) const {
        std::size_t value = 0;
        const auto result = std::from_chars(word.data(), word.data() + word.size(), value);
        if (result.ec != std::errc() || result.ptr != word.data() + word.size() || value == 0)
            fail("expected " + what + " as a whole number >= 1, got \"" + shown(word) + "\"");
        return value;
    }
    // Words quoted in messages are cut short, so a binary blob cannot flood the message.
    static std::string shown(std::string_view word) {
        return word.size() <= 40 ? std::string(word) : std::string(word.substr(0, 40)) + "...";
    }

private:
    static bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

    std::string_view text_;
    const std::string& source_;
    std::size_t pos_ = 0;
    std::size_t line_ = 0;
};

// Reads `count` numbers from the words after the first `skip` into out (appended).
void read_numbers(const LineReader& reader, const std::vector<std::string_view>& words, std::size_t skip,
                  std::size_t count, const std::string& what, std::vector<double>& out) {
    if (words.size() - skip != count) {
        reader.fail("expected " + std::to_string(count) + " numbers in " + what + ", got " +
                    std::to_string(words.size() - skip));
    }
    for (std::size_t k = skip; k < words.size(); ++k) out.push_back(reader.number(words[k], what));
}

Tensor to_tensor(std::size_t rows, std::size_t cols, const std::vector<double>& values) {
    Tensor t(rows, cols);
    for (std::size_t k = 0; k < values.size(); ++k) t[k] = values[k];
    return t;
}

struct Parsed {
    Sequential model;
    std::vector<std::size_t> lines;  // the line where each layer's block starts
};

// dense IN OUT, then IN rows of W with OUT numbers each, then b with OUT numbers.
std::unique_ptr<Layer> read_dense(LineReader& reader, const std::vector<std::string_view>& header,
                                  std::size_t& width) {
    if (header.size() != 3) reader.fail("expected \"dense IN OUT\", got " + std::to_string(header.size()) + " words");
    const std::size_t in = reader.width(header[1], "dense IN");
    const std::size_t out = reader.width(header[2], "dense OUT");
    if (width != 0 && in != width) {
        reader.fail("dense expects " + std::to_string(in) + " inputs, but the layer before it gives " +
                    std::to_string(width) + " (the widths do not chain)");
    }
    std::vector<std::string_view> words;
    std::vector<double> W_values, b_values;
    // Values are read one line at a time and nothing is reserved from IN and OUT, so a header
    // that claims a huge layer costs no memory unless the file really holds that many numbers.
    for (std::size_t i = 0; i < in; ++i) {
        const std::string what = "row " + std::to_string(i + 1) + " of W";
        reader.expect(words, what + " (" + std::to_string(out) + " numbers)");
        read_numbers(reader, words, 0, out, what, W_values);
    }
    reader.expect(words, "b (" + std::to_string(out) + " numbers)");
    read_numbers(reader, words, 0, out, "b", b_values);
    width = out;
    return std::make_unique<Dense>(to_tensor(in, out, W_values), to_tensor(1, out, b_values));
}

// activation SPEC, then one line per learned parameter: NAME and its values.
std::unique_ptr<Layer> read_activation(LineReader& reader, const std::vector<std::string_view>& header,
                                       std::size_t width) {
    if (header.size() != 2) reader.fail("expected \"activation SPEC\" (one word, no spaces), got " +
                                        std::to_string(header.size()) + " words");
    std::unique_ptr<Activation> activation;
    try {
        activation = make_activation(header[1]);
    } catch (const std::invalid_argument& e) {
        reader.fail(e.what());
    }
    if (const auto* prelu = dynamic_cast<const PReLU*>(activation.get())) {
        if (prelu->a.cols() != 1 && width != 0 && prelu->a.cols() != width) {
            reader.fail("prelu has " + std::to_string(prelu->a.cols()) + " slopes, but the layer before it gives " +
                        std::to_string(width) + " features");
        }
    }
    std::vector<std::string_view> words;
    std::vector<double> values;
    for (const Param& p : activation->params()) {
        reader.expect(words, "the values of parameter \"" + p.name + "\"");
        if (words[0] != p.name)
            reader.fail("expected parameter \"" + p.name + "\", got \"" + LineReader::shown(words[0]) + "\"");
        values.clear();
        read_numbers(reader, words, 1, p.value->size(), "parameter " + p.name, values);
        for (std::size_t k = 0; k < values.size(); ++k) (*p.value)[k] = values[k];
    }
    return activation;
}

Parsed parse(std::string_view text, const std::string& source) {
    LineReader reader(text, source);
    std::vector<std::string_view> words;
    if (!reader.next(words)) reader.fail_at(1, "the file is empty; expected \"mlp-model 1\"");
    if (words[0] != kMagic)
        reader.fail("expected \"mlp-model 1\" (this is not an mlp model file), got \"" + LineReader::shown(words[0]) + "\"");
    if (words.size() != 2 || words[1] != std::to_string(kVersion)) {
        reader.fail("this file is format version \"" + (words.size() > 1 ? LineReader::shown(words[1]) : std::string()) +
                    "\"; this build reads version " + std::to_string(kVersion));
    }

    Parsed parsed;
    std::size_t width = 0;  // the width flowing out of the last layer; 0 until a Dense fixes it
    while (true) {
        reader.expect(words, "a layer (\"dense IN OUT\", \"activation SPEC\") or \"end\"");
        const std::size_t line = reader.line();
        if (words[0] == "end") {
            if (words.size() != 1) reader.fail("expected \"end\" alone on its line");
            break;
        }
        if (words[0] == "dense") {
            parsed.model.add(read_dense(reader, words, width));
        } else if (words[0] == "activation") {
            parsed.model.add(read_activation(reader, words, width));
        } else {
            reader.fail("expected a layer (\"dense IN OUT\", \"activation SPEC\") or \"end\", got \"" +
                        LineReader::shown(words[0]) + "\"");
        }
        parsed.lines.push_back(line);
    }
    if (parsed.model.empty()) reader.fail("the model has no layers");
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
        const std::vector<Param> from = parsed.model[i].params();
        const std::vector<Param> to = model[i].params();
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
        const std::vector<Param> from = parsed.model[i].params();
        const std::vector<Param> to = model[i].params();
        for (std::size_t k = 0; k < from.size(); ++k) *to[k].value = *from[k].value;
    }
}

void load_model_into(const std::string& path, Sequential& model) {
    load_model_into_from_string(read_text_file(path), model, path);
}

}  // namespace mlp
