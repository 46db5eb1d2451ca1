// SPDX-License-Identifier: MIT
// optimizer_registry.cpp: the built-in optimizers by name, for command lines and config files.
// A new optimizer is one file and one entry in the table below (its settings by name).
#include "../core/registry.hpp"
#include "mlp/core/number_text.hpp"
#include "mlp/optim/adagrad.hpp"
#include "mlp/optim/adam.hpp"
#include "mlp/optim/adamw.hpp"
#include "mlp/optim/optimizer.hpp"
#include "mlp/optim/rmsprop.hpp"
#include "mlp/optim/sgd.hpp"

namespace mlp {

namespace {

// The caller's settings, by the names Optimizer::settings() reports. A table line copies each
// one its optimizer has into that optimizer's options: s.set("momentum", o.momentum).
class Given {
public:
    explicit Given(const std::vector<Setting>& settings) : settings_(settings) {}
    const Given& set(const char* name, double& field) const {
        for (const Setting& s : settings_)
            if (s.name == name) field = s.value;
        return *this;
    }
    // A switch (nesterov, amsgrad, centered) is 0 or 1, as settings() reports it.
    const Given& set(const char* name, bool& field) const {
        for (const Setting& s : settings_) {
            if (s.name != name) continue;
            if (s.value != 0.0 && s.value != 1.0)
                throw std::invalid_argument("make_optimizer: expected " + s.name + " 0 or 1, got " + format_number(s.value));
            field = s.value == 1.0;
        }
        return *this;
    }

private:
    const std::vector<Setting>& settings_;
};

using Made = std::unique_ptr<Optimizer>;
struct Entry {
    const char* name;
    Made (*make)(std::vector<Param> params, double lr, const Given& s);
};

// Every setting the caller does not give is PyTorch's default (the options' own defaults).
const std::vector<Entry>& entries() {
    static const std::vector<Entry> table{
        {"sgd", [](std::vector<Param> p, double lr, const Given& s) -> Made {
             SGDOptions o{.lr = lr};
             s.set("momentum", o.momentum).set("dampening", o.dampening).set("weight_decay", o.weight_decay).set("nesterov", o.nesterov);
             return std::make_unique<SGD>(std::move(p), o);
         }},
        {"adam", [](std::vector<Param> p, double lr, const Given& s) -> Made {
             AdamOptions o{.lr = lr};
             s.set("beta1", o.beta1).set("beta2", o.beta2).set("eps", o.eps).set("weight_decay", o.weight_decay).set("amsgrad", o.amsgrad);
             return std::make_unique<Adam>(std::move(p), o);
         }},
        {"adamw", [](std::vector<Param> p, double lr, const Given& s) -> Made {
             AdamWOptions o{.lr = lr};
             s.set("beta1", o.beta1).set("beta2", o.beta2).set("eps", o.eps).set("weight_decay", o.weight_decay).set("amsgrad", o.amsgrad);
             return std::make_unique<AdamW>(std::move(p), o);
         }},
        {"rmsprop", [](std::vector<Param> p, double lr, const Given& s) -> Made {
             RMSpropOptions o{.lr = lr};
             s.set("alpha", o.alpha).set("eps", o.eps).set("weight_decay", o.weight_decay).set("momentum", o.momentum).set("centered", o.centered);
             return std::make_unique<RMSprop>(std::move(p), o);
         }},
        {"adagrad", [](std::vector<Param> p, double lr, const Given& s) -> Made {
             AdagradOptions o{.lr = lr};
             s.set("lr_decay", o.lr_decay).set("weight_decay", o.weight_decay).set("initial_accumulator_value", o.initial_accumulator_value).set("eps", o.eps);
             return std::make_unique<Adagrad>(std::move(p), o);
         }},
    };
    return table;
}
}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, std::vector<Param> params, double lr,
                                          const std::vector<Setting>& settings) {
    const Entry& entry = entries()[find_name("make_optimizer", optimizer_names(), name)];
    for (std::size_t a = 0; a < settings.size(); ++a)
        for (std::size_t b = a + 1; b < settings.size(); ++b)
            if (settings[a].name == settings[b].name)
                throw std::invalid_argument("make_optimizer: expected each setting once, got " + excerpt(settings[a].name) + " twice");
    Made made = entry.make(std::move(params), lr, Given(settings));
    // Ask the optimizer which settings it has: a name it does not report is the caller's mistake;
    // a value it does not report back is a table line above that forgot to pass it on.
    const std::vector<Setting> has = made->settings();
    for (const Setting& s : settings) {
        std::vector<std::string> known;
        for (const Setting& h : has) known.push_back(h.name);
        const std::size_t k = find_name(("make_optimizer: " + name + "'s settings").c_str(), known, s.name);
        if (has[k].value != s.value)
            throw std::logic_error("make_optimizer: the table line for " + name + " does not pass on " + s.name);
    }
    return made;
}

std::vector<std::string> optimizer_names() {
    std::vector<std::string> out;
    for (const Entry& e : entries()) out.push_back(e.name);
    return out;
}

}  // namespace mlp
