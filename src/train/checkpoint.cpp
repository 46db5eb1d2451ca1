// SPDX-License-Identifier: MIT
// checkpoint.cpp: Trainer::save_checkpoint and Trainer::resume: a training run written to a
// text file and read back so that it goes on exactly as if it had never stopped.
//
// The format, version 1 (numbers as in model files: shortest round-trip text):
//   mlp-checkpoint 1
//   epoch 3                          epochs completed
//   order 7 2 0 ...                  the sample order of the last epoch (each epoch reshuffles it)
//   rng 5489 ...                     the shuffling engine, as std::mt19937's operator<< writes it
//   sgd 0.1 0.9 0 0 0 12             lr, momentum, dampening, weight_decay, nesterov, steps
//   buffer dense0.W 2 6 0.01 ...     each momentum buffer: parameter name, rows, cols, values
//   buffer dense0.b empty            (empty until the first step)
//   model                            then the model, as a model file, to the end
//   mlp-model 1
//   ...
//   end
#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "mlp/nn/activation.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/io/number_text.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/train/trainer.hpp"

namespace mlp {

namespace {
const char* const kMagic = "mlp-checkpoint";
const char* const kVersion = "1";

void append_values(std::string& out, const Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k) out += " " + format_number(t[k]);
}
}  // namespace

void Trainer::save_checkpoint(const std::string& path) const {
    const auto* model = dynamic_cast<const Sequential*>(&model_);
    if (model == nullptr) {
        throw std::invalid_argument("Trainer::save_checkpoint: checkpoints need the model to be a Sequential, got " +
                                    model_.name());
    }
    const SGDOptions& o = optimizer_.options();
    std::string out = std::string(kMagic) + " " + kVersion + "\n";
    out += "epoch " + std::to_string(epoch_) + "\n";
    out += "order";
    for (std::size_t n : order_) out += " " + std::to_string(n);
    out += "\n";
    std::ostringstream engine;
    engine << rng_.engine();
    out += "rng " + engine.str() + "\n";
    out += "sgd " + format_number(o.lr) + " " + format_number(o.momentum) + " " + format_number(o.dampening) +
           " " + format_number(o.weight_decay) + " " + (o.nesterov ? "1" : "0") + " " +
           std::to_string(optimizer_.steps()) + "\n";
    const std::vector<Tensor>& buffers = optimizer_.momentum_buffers();
    for (std::size_t i = 0; i < buffers.size(); ++i) {
        out += "buffer " + optimizer_.params()[i].name;
        if (buffers[i].empty()) {
            out += " empty\n";
        } else {
            out += " " + std::to_string(buffers[i].rows()) + " " + std::to_string(buffers[i].cols());
            append_values(out, buffers[i]);
            out += "\n";
        }
    }
    out += "model\n" + model_to_string(*model);
    write_file_atomically(path, out);
}

namespace {

// Reads the checkpoint's header lines (everything before "model") one line at a time.
class HeaderReader {
public:
    HeaderReader(const std::string& text, const std::string& source) : in_(text), source_(source) {}

    // The next line's words; the first must be `key`.
    std::vector<std::string> expect(const std::string& key) {
        std::string line;
        if (!std::getline(in_, line)) fail_at(line_ + 1, "the file ends early (truncated?): expected \"" + key + "\"");
        ++line_;
        offset_ += line.size() + 1;
        std::istringstream words(line);
        std::vector<std::string> out;
        for (std::string w; words >> w;) out.push_back(w);
        if (out.empty() || out[0] != key)
            fail("expected \"" + key + "\", got \"" + (out.empty() ? std::string() : out[0].substr(0, 40)) + "\"");
        return out;
    }
    // True when the next line starts with `key` (without consuming it).
    bool next_is(const std::string& key) {
        const std::streampos at = in_.tellg();
        std::string word;
        in_ >> word;
        in_.clear();
        in_.seekg(at);
        return word == key;
    }
    template <typename T>
    T number(const std::string& word, const std::string& what) const {
        if constexpr (std::is_floating_point_v<T>) {
            const std::optional<double> value = parse_number(word);
            if (!value) fail("expected a number for " + what + ", got \"" + word.substr(0, 40) + "\"");
            if (!std::isfinite(*value)) fail("expected a finite number for " + what + ", got \"" + word + "\"");
            return *value;
        } else {
            T value{};
            const auto result = std::from_chars(word.data(), word.data() + word.size(), value);
            if (result.ec != std::errc() || result.ptr != word.data() + word.size())
                fail("expected a number for " + what + ", got \"" + word.substr(0, 40) + "\"");
            return value;
        }
    }
    [[noreturn]] void fail(const std::string& problem) const { fail_at(line_, problem); }
    [[noreturn]] void fail_at(std::size_t line, const std::string& problem) const {
        throw ModelFileError("Trainer::resume", source_, line, problem);
    }
    std::size_t line() const { return line_; }
    std::size_t offset() const { return offset_; }  // where the unread text starts

private:
    std::istringstream in_;
    const std::string& source_;
    std::size_t line_ = 0;
    std::size_t offset_ = 0;
};

}  // namespace

void Trainer::resume(const std::string& path) { resume_from_string(read_text_file(path), path); }

void Trainer::resume_from_string(const std::string& text, const std::string& path) {
    auto* model = dynamic_cast<Sequential*>(&model_);
    if (model == nullptr) {
        throw std::invalid_argument("Trainer::resume: checkpoints need the model to be a Sequential, got " +
                                    model_.name());
    }
    HeaderReader reader(text, path);

    // Everything is read into locals and checked first; the trainer changes only at the end.
    std::vector<std::string> w = reader.expect(kMagic);
    if (w.size() != 2 || w[1] != kVersion)
        reader.fail("this checkpoint is format version \"" + (w.size() > 1 ? w[1] : "") + "\"; this build reads version 1");

    w = reader.expect("epoch");
    if (w.size() != 2) reader.fail("expected \"epoch N\"");
    const auto epoch = reader.number<std::size_t>(w[1], "epoch");

    w = reader.expect("order");
    std::vector<std::size_t> order(w.size() - 1);
    std::vector<bool> seen(order.size(), false);
    for (std::size_t n = 0; n < order.size(); ++n) {
        order[n] = reader.number<std::size_t>(w[n + 1], "order");
        if (order[n] >= order.size() || seen[order[n]]) reader.fail("the sample order is not a permutation");
        seen[order[n]] = true;
    }

    w = reader.expect("rng");
    Rng rng;
    {
        std::string state;
        for (std::size_t k = 1; k < w.size(); ++k) state += w[k] + " ";
        std::istringstream in(state);
        in >> rng.engine();
        if (!in) reader.fail("expected the random engine's state (std::mt19937, 625 numbers)");
    }

    w = reader.expect("sgd");
    if (w.size() != 7) reader.fail("expected \"sgd LR MOMENTUM DAMPENING WEIGHT_DECAY NESTEROV STEPS\"");
    const double lr = reader.number<double>(w[1], "lr");
    const SGDOptions& now = optimizer_.options();
    const SGDOptions saved{.lr = lr,
                           .momentum = reader.number<double>(w[2], "momentum"),
                           .dampening = reader.number<double>(w[3], "dampening"),
                           .weight_decay = reader.number<double>(w[4], "weight_decay"),
                           .nesterov = w[5] == "1"};
    if (saved.momentum != now.momentum || saved.dampening != now.dampening ||
        saved.weight_decay != now.weight_decay || saved.nesterov != now.nesterov) {
        reader.fail("the checkpoint's optimizer has momentum " + format_number(saved.momentum) + ", dampening " +
                    format_number(saved.dampening) + ", weight_decay " + format_number(saved.weight_decay) +
                    ", nesterov " + w[5] + "; this trainer's has " + format_number(now.momentum) + ", " +
                    format_number(now.dampening) + ", " + format_number(now.weight_decay) + ", " +
                    (now.nesterov ? "1" : "0"));
    }
    if (!(lr > 0.0)) reader.fail("expected lr > 0, got " + w[1]);
    if (w[5] != "0" && w[5] != "1") reader.fail("expected nesterov as 0 or 1, got \"" + w[5].substr(0, 40) + "\"");
    const auto steps = reader.number<long>(w[6], "steps");
    if (steps < 0) reader.fail("expected steps >= 0, got " + w[6]);

    const std::vector<Param>& params = optimizer_.params();
    std::vector<Tensor> buffers(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        w = reader.expect("buffer");
        if (w.size() < 3 || w[1] != params[i].name)
            reader.fail("expected the momentum buffer of parameter " + params[i].name);
        if (w[2] == "empty" && w.size() == 3) continue;
        const Tensor& p = *params[i].value;
        if (w.size() != 4 + p.size() || reader.number<std::size_t>(w[2], "rows") != p.rows() ||
            reader.number<std::size_t>(w[3], "cols") != p.cols())
            reader.fail("expected a buffer of shape " + p.shape() + " for " + params[i].name);
        buffers[i] = Tensor(p.rows(), p.cols());
        for (std::size_t k = 0; k < p.size(); ++k) buffers[i][k] = reader.number<double>(w[4 + k], params[i].name);
    }
    if (reader.next_is("buffer")) reader.fail("the checkpoint has more momentum buffers than the optimizer has parameters");

    reader.expect("model");
    // The model section is a model file. Blank lines in place of the header keep its error
    // messages' line numbers those of the checkpoint. load_model_into changes the model only
    // when the whole section fits it, so it comes last: after it nothing here can fail.
    const std::string model_text = std::string(reader.line(), '\n') + text.substr(std::min(reader.offset(), text.size()));
    load_model_into_from_string(model_text, *model, path);

    optimizer_.set_lr(lr);
    optimizer_.set_steps(steps);
    optimizer_.momentum_buffers() = std::move(buffers);
    rng_ = rng;
    order_ = std::move(order);
    epoch_ = epoch;
    resuming_ = epoch > 0;  // a checkpoint from before the first epoch is a fresh start
}

}  // namespace mlp
