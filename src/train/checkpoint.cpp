// SPDX-License-Identifier: MIT
// checkpoint.cpp: save_checkpoint and load_checkpoint: a training run written to a text file and
// read back so that it goes on exactly as if it had never stopped.
//
// The format, version 3 (numbers as in model files: shortest round-trip text; integers in plain
// decimal; written and read without streams' locales, so a global locale that groups digits
// changes nothing):
//   mlp-checkpoint 3
//   epoch 3                          epochs completed, 0 .. the trainer's epochs
//   order 7 2 0 ...                  the sample order of the last epoch (each epoch reshuffles it),
//                                    a permutation of 0 .. N-1 for the N samples trained on
//   rng 2266350226 ... 624           the shuffling engine (Rng::state()): its 624 words, then the
//                                    index of the next one (0 .. 624), the same in every build
//   optimizer adam lr=0.001 beta1=0.9 ...   Optimizer::name(), lr(), then settings()
//   steps 12                         Optimizer::steps()
//   state dense0.W exp_avg 2 6 0.01 ...     every Optimizer::state() buffer in its order:
//   state dense0.W exp_avg_sq 2 6 ...       parameter, buffer name, rows, cols, values,
//   state dense0.W max_exp_avg_sq empty     or "empty" (not made yet)
//   scheduler step_lr step_size=4 gamma=0.5  LRScheduler::name() and settings(), or "scheduler none"
//   scheduler_state epoch=3 base_lr=0.1      LRScheduler::state() (absent after "scheduler none")
//   layer_state 1 5489 ...           each layer's non-parameter state (Layer::state(), e.g. a
//                                    Dropout's generator): layer index, then its text; optional
//   early_stopping patience=3 min_delta=0 best_epoch=5 best_val_loss=0.12 wait=2
//   best dense0.W 2 6 0.01 ...       with TrainConfig::patience only: early stopping's count and
//                                    the best epoch's weights (Sequential::weights(): the
//                                    parameters, then the buffers; none
//                                    while best_epoch=0), so a run resumed mid-patience ends as
//                                    the uninterrupted one would
//   model                            then the model, as a model file, to the end
//   mlp-model 1
//   ...
//   end
// Everything about the optimizer and the schedule is asked of them through their base classes,
// so a class written by a student is saved and resumed like the built-in ones.
//
// Version 2 is version 3 with the rng line as the standard library wrote std::mt19937: libstdc++
// wrote 625 numbers (the layout above), libc++ 624 (the C++ standard's form: the last 624 words,
// oldest first, read as index 624). Rng::set_state reads both, so version 2 files from either
// library resume bit-identically in every build.
//
// Version 1 (SGD only, no schedule; its rng line as in version 2) is still read: in place of the optimizer and state lines it has
//   sgd 0.1 0.9 0 0 0 12             lr, momentum, dampening, weight_decay, nesterov, steps
//   buffer dense0.W 2 6 0.01 ...     each momentum buffer: parameter name, rows, cols, values
//   buffer dense0.b empty            (empty until the first step)
// which is read as optimizer "sgd" with those settings and "momentum_buffer" state.
#include <algorithm>
#include <functional>
#include <limits>
#include <charconv>
#include <cmath>
#include <locale>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "mlp/nn/activation.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/core/number_text.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/optim/lr_scheduler.hpp"
#include "mlp/train/checkpoint.hpp"

namespace mlp {

namespace {
const char* const kMagic = "mlp-checkpoint";
const char* const kVersion = "3";

void append_values(std::string& out, const Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k) out += " " + format_number(t[k]);
}

// " name=value name=value ..."
std::string key_values(const std::vector<Setting>& settings) {
    std::string out;
    for (const Setting& s : settings) out += " " + s.name + "=" + format_number(s.value);
    return out;
}
}  // namespace

void save_checkpoint(const Trainer& trainer, const std::string& path) {
    const Sequential& model = trainer.model();
    const Optimizer& optimizer_ = trainer.optimizer();
    const TrainConfig& config_ = trainer.config();
    const RunState& run = trainer.run_state();
    std::string out = std::string(kMagic) + " " + kVersion + "\n";
    out += "epoch " + std::to_string(run.epoch) + "\n";
    out += "order";
    for (std::size_t n : run.order) out += " " + std::to_string(n);
    out += "\n";
    out += "rng " + run.rng.state() + "\n";
    out += "optimizer " + optimizer_.name() + key_values({{"lr", optimizer_.lr()}}) +
           key_values(optimizer_.settings()) + "\n";
    out += "steps " + std::to_string(optimizer_.steps()) + "\n";
    for (const StateBuffer& b : trainer.optimizer().state()) {
        out += "state " + optimizer_.params()[b.param].name + " " + b.name;
        if (b.value->empty()) {
            out += " empty\n";
        } else {
            out += " " + std::to_string(b.value->rows()) + " " + std::to_string(b.value->cols());
            append_values(out, *b.value);
            out += "\n";
        }
    }
    const LRScheduler* scheduler = config_.scheduler.get();
    if (scheduler == nullptr) {
        out += "scheduler none\n";
    } else {
        out += "scheduler " + scheduler->name() + key_values(scheduler->settings()) + "\n";
        out += "scheduler_state" + key_values(scheduler->state()) + "\n";
    }
    const std::string states = model.state();  // "<index> <state>" lines
    for (std::size_t begin = 0; begin < states.size();) {
        const std::size_t end = std::min(states.find('\n', begin), states.size());
        out += "layer_state " + states.substr(begin, end - begin) + "\n";
        begin = end + 1;
    }
    if (config_.patience) {
        out += "early_stopping" +
               key_values({{"patience", static_cast<double>(*config_.patience)}, {"min_delta", config_.min_delta},
                           {"best_epoch", static_cast<double>(run.best_epoch)}, {"best_val_loss", run.best_val_loss},
                           {"wait", static_cast<double>(run.wait)}}) + "\n";
        const std::vector<Buffer> weights = trainer.model().weights();
        for (std::size_t k = 0; k < run.best.size(); ++k) {
            out += "best " + weights[k].name + " " + std::to_string(run.best[k].rows()) + " " +
                   std::to_string(run.best[k].cols());
            append_values(out, run.best[k]);
            out += "\n";
        }
    }
    out += "model\n" + model_to_string(model);
    write_file_atomically(path, out);
}

namespace {

// Reads the checkpoint's header lines (everything before "model") one line at a time.
class HeaderReader {
public:
    HeaderReader(const std::string& text, const std::string& source) : in_(text), source_(source) {
        in_.imbue(std::locale::classic());  // words split the same whatever the global locale
    }

    // The next line's words; the first must be `key`.
    std::vector<std::string> expect(const std::string& key) {
        std::string line;
        if (!std::getline(in_, line)) fail_at(line_ + 1, "the file ends early (truncated?): expected \"" + key + "\"");
        ++line_;
        offset_ += line.size() + 1;
        std::istringstream words(line);
        words.imbue(std::locale::classic());
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
        throw ModelFileError("load_checkpoint", source_, line, problem);
    }
    std::size_t line() const { return line_; }
    std::size_t offset() const { return offset_; }  // where the unread text starts

private:
    std::istringstream in_;
    const std::string& source_;
    std::size_t line_ = 0;
    std::size_t offset_ = 0;
};


// The optimizer as a checkpoint holds it, read into locals before anything is changed.
struct OptimizerSection {
    std::string name;
    double lr = 0.0;
    std::vector<Setting> settings;
    long steps = 0;
    std::vector<Tensor> state;  // in the order of Optimizer::state()
};

// "name=value" words from w[first] on; `allow_infinity` for a schedule's best loss (+inf at first).
std::vector<Setting> read_key_values(HeaderReader& reader, const std::vector<std::string>& w, std::size_t first,
                                     bool allow_infinity = false) {
    std::vector<Setting> out;
    for (std::size_t k = first; k < w.size(); ++k) {
        const std::size_t eq = w[k].find('=');
        if (eq == std::string::npos || eq == 0) reader.fail("expected name=value, got \"" + w[k].substr(0, 40) + "\"");
        const std::string name = w[k].substr(0, eq), text = w[k].substr(eq + 1);
        if (allow_infinity && (text == "inf" || text == "-inf")) {
            out.push_back({name, text == "inf" ? std::numeric_limits<double>::infinity()
                                               : -std::numeric_limits<double>::infinity()});
        } else {
            out.push_back({name, reader.number<double>(text, name)});
        }
    }
    return out;
}

std::string describe(const std::string& name, const std::vector<Setting>& settings) {
    std::string out = name;
    for (const Setting& s : settings) out += " " + s.name + "=" + format_number(s.value);
    return out;
}

// A resumed run must go on with the same kind of optimizer (or schedule) and the same settings.
void check_same_kind(const HeaderReader& reader, const std::string& what, const std::string& saved_name,
                     const std::vector<Setting>& saved, const std::string& name, const std::vector<Setting>& now) {
    bool same = saved_name == name && saved.size() == now.size();
    for (std::size_t k = 0; same && k < now.size(); ++k) same = saved[k].name == now[k].name && saved[k].value == now[k].value;
    if (!same) {
        reader.fail("the checkpoint's " + what + " is " + describe(saved_name, saved).substr(0, 200) +
                    "; this trainer's is " + describe(name, now));
    }
}

// One tensor of shape like p from words w[first]..: "empty", or "ROWS COLS v v v ...".
Tensor read_buffer(const HeaderReader& reader, const std::vector<std::string>& w, std::size_t first, const Tensor& p,
                   const std::string& what) {
    if (w.size() == first + 1 && w[first] == "empty") return Tensor();
    if (w.size() != first + 2 + p.size() || reader.number<std::size_t>(w[first], "rows") != p.rows() ||
        reader.number<std::size_t>(w[first + 1], "cols") != p.cols())
        reader.fail("expected " + what + " of shape " + p.shape() + " or \"empty\"");
    Tensor t(p.rows(), p.cols());
    for (std::size_t k = 0; k < p.size(); ++k) t[k] = reader.number<double>(w[first + 2 + k], what);
    return t;
}

// Optimizer::step() updates every parameter, so once steps > 0 a buffer the rule uses has been
// made for every parameter: a buffer name is empty for all of them (a buffer these settings do not
// use, such as Adam's max_exp_avg_sq without amsgrad) or for none. `made` remembers, per buffer
// name (its index in state_names()), whether the first parameter had it.
void check_buffer_made(const HeaderReader& reader, long steps, std::vector<int>& made, std::size_t b,
                       const Tensor& value, const std::string& what, const std::string& first_param) {
    if (steps == 0) return;
    if (made[b] < 0) {
        made[b] = value.empty() ? 0 : 1;
    } else if (made[b] != (value.empty() ? 0 : 1)) {
        reader.fail("expected " + what + (made[b] == 1 ? " (steps > 0, and " + first_param + " has this buffer)"
                                                       : " \"empty\" (as for " + first_param + ")") +
                    ", got " + (value.empty() ? "\"empty\"" : "a buffer"));
    }
}

// Version 2: "optimizer NAME lr=.. settings..", "steps N", one "state" line per state buffer.
OptimizerSection read_optimizer(HeaderReader& reader, Optimizer& optimizer) {
    OptimizerSection out;
    std::vector<std::string> w = reader.expect("optimizer");
    if (w.size() < 3) reader.fail("expected \"optimizer NAME lr=LR SETTING=VALUE ...\"");
    out.name = w[1];
    const std::vector<Setting> lr = read_key_values(reader, w, 2);
    if (lr[0].name != "lr" || !(lr[0].value >= 0.0)) reader.fail("expected lr=LR (>= 0) after the optimizer's name");
    out.lr = lr[0].value;
    out.settings.assign(lr.begin() + 1, lr.end());
    check_same_kind(reader, "optimizer", out.name, out.settings, optimizer.name(), optimizer.settings());

    w = reader.expect("steps");
    if (w.size() != 2) reader.fail("expected \"steps N\"");
    out.steps = reader.number<long>(w[1], "steps");
    if (out.steps < 0) reader.fail("expected steps >= 0, got " + w[1]);

    const std::vector<StateBuffer> buffers = optimizer.state();
    const std::size_t names = optimizer.state_names().size();
    std::vector<int> made(names, -1);
    for (std::size_t k = 0; k < buffers.size(); ++k) {
        const StateBuffer& b = buffers[k];
        const Param& p = optimizer.params()[b.param];
        w = reader.expect("state");
        if (w.size() < 4 || w[1] != p.name || w[2] != b.name)
            reader.fail("expected the state buffer " + b.name + " of parameter " + p.name);
        out.state.push_back(read_buffer(reader, w, 3, *p.value, p.name + " " + b.name));
        // A value no run can make is refused here, before anything changes, rather than turning
        // the weights to NaN at the next step with the blame on the learning rate.
        const std::vector<std::string> non_negative = optimizer.non_negative_state();
        if (std::find(non_negative.begin(), non_negative.end(), b.name) != non_negative.end()) {
            const Tensor& t = out.state.back();
            for (std::size_t e = 0; e < t.size(); ++e)
                if (t[e] < 0.0)
                    reader.fail("expected " + p.name + " " + b.name + " >= 0 (a running mean or sum of squares), got " +
                                format_number(t[e]) + " at element " + std::to_string(e));
        }
        check_buffer_made(reader, out.steps, made, k % names, out.state.back(), p.name + " " + b.name,
                          optimizer.params()[0].name);
    }
    if (reader.next_is("state")) reader.fail("the checkpoint has more state buffers than this trainer's optimizer");
    return out;
}

// Version 1: "sgd LR MOMENTUM DAMPENING WEIGHT_DECAY NESTEROV STEPS" and one "buffer" line per
// parameter, read as SGD's settings and its "momentum_buffer" state.
OptimizerSection read_sgd_v1(HeaderReader& reader, Optimizer& optimizer) {
    OptimizerSection out;
    std::vector<std::string> w = reader.expect("sgd");
    if (w.size() != 7) reader.fail("expected \"sgd LR MOMENTUM DAMPENING WEIGHT_DECAY NESTEROV STEPS\"");
    out.name = "sgd";
    out.lr = reader.number<double>(w[1], "lr");
    if (!(out.lr > 0.0)) reader.fail("expected lr > 0, got " + w[1]);
    if (w[5] != "0" && w[5] != "1") reader.fail("expected nesterov as 0 or 1, got \"" + w[5].substr(0, 40) + "\"");
    out.settings = {{"momentum", reader.number<double>(w[2], "momentum")},
                    {"dampening", reader.number<double>(w[3], "dampening")},
                    {"weight_decay", reader.number<double>(w[4], "weight_decay")},
                    {"nesterov", w[5] == "1" ? 1.0 : 0.0}};
    check_same_kind(reader, "optimizer", out.name, out.settings, optimizer.name(), optimizer.settings());
    out.steps = reader.number<long>(w[6], "steps");
    if (out.steps < 0) reader.fail("expected steps >= 0, got " + w[6]);

    // Buffers by parameter, placed where this optimizer keeps a buffer named momentum_buffer.
    // SGD makes its momentum buffers on the first step when momentum != 0 (and never without).
    const std::vector<Param>& params = optimizer.params();
    const bool with_momentum = out.settings[0].value != 0.0;
    std::vector<Tensor> buffers(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        w = reader.expect("buffer");
        if (w.size() < 3 || w[1] != params[i].name) reader.fail("expected the momentum buffer of parameter " + params[i].name);
        buffers[i] = read_buffer(reader, w, 2, *params[i].value, params[i].name);
        if (out.steps > 0 && with_momentum && buffers[i].empty())
            reader.fail("expected the momentum buffer of " + params[i].name + " (steps " + std::to_string(out.steps) +
                        " with momentum " + format_number(out.settings[0].value) + "), got \"empty\"");
    }
    if (reader.next_is("buffer")) reader.fail("the checkpoint has more momentum buffers than the optimizer has parameters");
    for (const StateBuffer& b : optimizer.state())
        out.state.push_back(b.name == "momentum_buffer" ? buffers[b.param] : Tensor());
    return out;
}

// Version 2: "scheduler none", or "scheduler NAME settings.." and "scheduler_state ..".
std::vector<Setting> read_scheduler(HeaderReader& reader, const LRScheduler* scheduler) {
    std::vector<std::string> w = reader.expect("scheduler");
    if (w.size() < 2) reader.fail("expected \"scheduler NAME SETTING=VALUE ...\" or \"scheduler none\"");
    if (w[1] == "none" && w.size() == 2) {
        if (scheduler != nullptr) reader.fail("the checkpoint has no schedule; this trainer has " + scheduler->name());
        return {};
    }
    const std::vector<Setting> settings = read_key_values(reader, w, 2);
    if (scheduler == nullptr) reader.fail("the checkpoint has a schedule (" + w[1].substr(0, 40) + "); this trainer has none");
    check_same_kind(reader, "schedule", w[1], settings, scheduler->name(), scheduler->settings());

    w = reader.expect("scheduler_state");
    std::vector<Setting> state = read_key_values(reader, w, 1, true);
    const std::vector<Setting> now = scheduler->state();
    bool same = state.size() == now.size();
    for (std::size_t k = 0; same && k < now.size(); ++k) same = state[k].name == now[k].name;
    if (!same) reader.fail("expected the schedule's state as " + describe("scheduler_state", now));
    return state;
}

}  // namespace

namespace {
// Everything load_checkpoint changes, copied, and a function that puts it back and returns the
// trainer's RunState as it was: the model's parameters, buffers and layer states, the
// optimizer's lr, step count and state buffers, and the schedule's state.
std::function<RunState()> snapshot(Trainer& trainer) {
    std::vector<Tensor> params, buffers, state;
    for (const Param& p : trainer.model().params()) params.push_back(*p.value);
    for (const Buffer& b : trainer.model().buffers()) buffers.push_back(*b.value);
    for (const StateBuffer& b : trainer.optimizer().state()) state.push_back(*b.value);
    LRScheduler* scheduler = trainer.config().scheduler.get();
    std::vector<Setting> schedule = scheduler != nullptr ? scheduler->state() : std::vector<Setting>{};
    return [&trainer, params, buffers, state, schedule, layer_states = trainer.model().state(),
            lr = trainer.optimizer().lr(), steps = trainer.optimizer().steps(), run = trainer.run_state()]() {
        const std::vector<Param> p = trainer.model().params();
        for (std::size_t k = 0; k < p.size(); ++k) *p[k].value = params[k];
        const std::vector<Buffer> b = trainer.model().buffers();
        for (std::size_t k = 0; k < b.size(); ++k) *b[k].value = buffers[k];
        trainer.model().set_state(layer_states);
        const std::vector<StateBuffer> o = trainer.optimizer().state();
        for (std::size_t k = 0; k < o.size(); ++k) *o[k].value = state[k];
        trainer.optimizer().set_lr(lr);
        trainer.optimizer().set_steps(steps);
        if (LRScheduler* now = trainer.config().scheduler.get()) now->load_state(schedule);
        return run;
    };
}
}  // namespace

void load_checkpoint(Trainer& trainer, const std::string& path, std::optional<std::size_t> samples) {
    load_checkpoint_from_string(trainer, read_text_file(path), path, samples);
}

void load_checkpoint_from_string(Trainer& trainer, const std::string& text, const std::string& path,
                                 std::optional<std::size_t> samples) {
    Sequential* model = &trainer.model();
    Optimizer& optimizer_ = trainer.optimizer();
    const TrainConfig& config_ = trainer.config();
    HeaderReader reader(text, path);

    // Everything is read into locals and checked first; the trainer changes only at the end.
    std::vector<std::string> w = reader.expect(kMagic);
    if (w.size() != 2) {
        reader.fail("expected two words on the first line, \"" + std::string(kMagic) + " VERSION\", got " +
                    std::to_string(w.size()));
    }
    if (w[1] != "1" && w[1] != "2" && w[1] != kVersion)
        reader.fail("this checkpoint is format version \"" + w[1].substr(0, 40) + "\"; this build reads versions 1, 2 and 3");
    const int version = w[1][0] - '0';

    w = reader.expect("epoch");
    if (w.size() != 2) reader.fail("expected \"epoch N\", got " + std::to_string(w.size() - 1) + " numbers");
    const auto epoch = reader.number<std::size_t>(w[1], "epoch");
    if (epoch > config_.epochs) {
        reader.fail("the checkpoint is at epoch " + w[1].substr(0, 40) + " but this trainer runs " +
                    std::to_string(config_.epochs) + " epochs (expected an epoch from 0 to " +
                    std::to_string(config_.epochs) + ")");
    }

    w = reader.expect("order");
    // Empty only before the first epoch (a checkpoint saved before fit(): a fresh start).
    if (w.size() == 1 && epoch > 0)
        reader.fail("expected the sample order after epoch " + std::to_string(epoch) +
                    " (a permutation of 0 .. N-1), got no numbers");
    if (samples && epoch > 0 && w.size() - 1 != *samples) {
        reader.fail("the checkpoint was taken on " + std::to_string(w.size() - 1) +
                    " samples (its sample order has as many numbers); this trainer is to fit " +
                    std::to_string(*samples));
    }
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
        try {
            rng.set_state(state, "rng");
        } catch (const std::invalid_argument& e) {
            reader.fail(e.what());
        }
    }

    // The optimizer: read as a name, settings, lr, steps and state buffers, whichever version.
    OptimizerSection saved = version == 1 ? read_sgd_v1(reader, optimizer_) : read_optimizer(reader, optimizer_);
    const std::vector<Setting> schedule = version == 1 ? std::vector<Setting>{} : read_scheduler(reader, config_.scheduler.get());
    if (version == 1 && config_.scheduler)
        reader.fail("a version 1 checkpoint has no schedule; this trainer has " + config_.scheduler->name());

    // Layer states, checked on a copy of the model so that a bad one changes nothing.
    std::string states;
    while (reader.next_is("layer_state")) {
        w = reader.expect("layer_state");
        states += (states.empty() ? "" : "\n");
        for (std::size_t k = 1; k < w.size(); ++k) states += (k > 1 ? " " : "") + w[k];
    }
    if (!states.empty()) {
        try {
            Sequential probe(*model);
            probe.set_state(states);
        } catch (const std::invalid_argument& e) {
            reader.fail(e.what());
        }
    }

    // Early stopping's count and best weights: present exactly when this trainer has patience.
    RunState run;
    RunState& early = run;
    if (reader.next_is("early_stopping")) {
        w = reader.expect("early_stopping");
        const std::vector<Setting> es = read_key_values(reader, w, 1, true);
        if (!config_.patience) reader.fail("the checkpoint has early stopping; this trainer has no patience");
        const std::vector<Setting> now = {{"patience", static_cast<double>(*config_.patience)},
                                          {"min_delta", config_.min_delta}};
        if (es.size() != 5 || es[2].name != "best_epoch" || es[3].name != "best_val_loss" || es[4].name != "wait")
            reader.fail("expected \"early_stopping patience=P min_delta=D best_epoch=E best_val_loss=L wait=W\"");
        check_same_kind(reader, "early stopping", "early_stopping", {es[0], es[1]}, "early_stopping", now);
        for (const std::size_t k : {std::size_t{2}, std::size_t{4}})
            if (!(es[k].value >= 0.0 && es[k].value <= static_cast<double>(epoch) && es[k].value == std::floor(es[k].value)))
                reader.fail("expected " + es[k].name + " a whole number from 0 to the epoch, " + std::to_string(epoch));
        early.best_epoch = static_cast<std::size_t>(es[2].value);
        early.best_val_loss = es[3].value;
        early.wait = static_cast<std::size_t>(es[4].value);
        if (early.best_epoch > 0) {
            for (const Buffer& p : model->weights()) {
                w = reader.expect("best");
                if (w.size() < 3 || w[1] != p.name) reader.fail("expected the best epoch's values of " + p.name);
                early.best.push_back(read_buffer(reader, w, 2, *p.value, "best " + p.name));
                if (early.best.back().empty()) reader.fail("expected the best epoch's values of " + p.name + ", got \"empty\"");
            }
        }
        if (reader.next_is("best")) reader.fail("the checkpoint has more best-epoch weights than the model");
    } else if (config_.patience && epoch > 0) {
        reader.fail("the checkpoint has no early-stopping state (best weights, epochs without improvement); this trainer has patience " +
                    std::to_string(*config_.patience));
    }

    reader.expect("model");
    // Without `samples`, fit() is the first to know whether the checkpoint fits the data. What
    // the load changes is copied first, so that a fit() that refuses puts it all back (RunState::undo).
    std::function<RunState()> undo;
    if (!samples && epoch > 0) undo = snapshot(trainer);
    // The schedule checks its numbers as it takes them (load_state changes nothing when it
    // refuses); should the model then not fit, its old state goes back.
    LRScheduler* scheduler = config_.scheduler.get();
    const std::vector<Setting> old_schedule = scheduler != nullptr ? scheduler->state() : std::vector<Setting>{};
    if (scheduler != nullptr) {
        try {
            scheduler->load_state(schedule);
        } catch (const std::invalid_argument& e) {
            reader.fail(e.what());
        }
    }

    // The model section is a model file. Blank lines in place of the header keep its error
    // messages' line numbers those of the checkpoint. load_model_into changes the model only
    // when the whole section fits it, so it comes last: after it nothing here can fail.
    const std::string model_text = std::string(reader.line(), '\n') + text.substr(std::min(reader.offset(), text.size()));
    try {
        load_model_into_from_string(model_text, *model, path);
    } catch (...) {
        if (scheduler != nullptr) scheduler->load_state(old_schedule);
        throw;
    }
    model->set_state(states);  // checked above on a copy: cannot fail now

    optimizer_.set_lr(saved.lr);
    optimizer_.set_steps(saved.steps);
    std::vector<StateBuffer> state = optimizer_.state();
    for (std::size_t k = 0; k < state.size(); ++k) *state[k].value = std::move(saved.state[k]);
    run.rng = rng;
    run.order = std::move(order);
    run.epoch = epoch;
    run.undo = std::move(undo);
    trainer.restore(std::move(run));  // a checkpoint from before the first epoch is a fresh start
}

}  // namespace mlp
