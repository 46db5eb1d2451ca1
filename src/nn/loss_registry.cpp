// SPDX-License-Identifier: MIT
// loss_registry.cpp: the table of losses by name. A new loss is one class and one line below.
#include "mlp/nn/loss_registry.hpp"

#include <map>
#include <stdexcept>

#include "mlp/nn/huber_loss.hpp"
#include "mlp/nn/l1_loss.hpp"
#include "mlp/nn/layer.hpp"  // lower_case
#include "mlp/nn/multi_margin_loss.hpp"

namespace mlp {

namespace {

std::map<std::string, LossInfo>& table() {
    static std::map<std::string, LossInfo> kinds = [] {
        std::map<std::string, LossInfo> t;
        const auto add = [&t](LossInfo info) { t.emplace(info.name, std::move(info)); };
        add({"mse", "nn.MSELoss", "values (a probability per class when used to classify)", LossTargets::LikeOutput,
             [] { return std::unique_ptr<Loss>(new MSELoss); }});
        add({"bce", "nn.BCELoss", "probabilities (end the network with sigmoid)", LossTargets::LikeOutput,
             [] { return std::unique_ptr<Loss>(new BCELoss); }});
        add({"bce-logits", "nn.BCEWithLogitsLoss", "logits (the sigmoid is inside the loss)", LossTargets::LikeOutput,
             [] { return std::unique_ptr<Loss>(new BCEWithLogitsLoss); }});
        add({"cross-entropy", "nn.CrossEntropyLoss", "logits, one per class (the softmax is inside the loss)",
             LossTargets::ClassIndex, [] { return std::unique_ptr<Loss>(new CrossEntropyLoss); }});
        add({"multi-margin", "nn.MultiMarginLoss", "scores, one per class (the multiclass SVM's hinge)",
             LossTargets::ClassIndex, [] { return std::unique_ptr<Loss>(new MultiMarginLoss); }});
        add({"huber", "nn.HuberLoss", "values", LossTargets::LikeOutput, [] { return std::unique_ptr<Loss>(new HuberLoss); }});
        add({"l1", "nn.L1Loss", "values", LossTargets::LikeOutput, [] { return std::unique_ptr<Loss>(new L1Loss); }});
        return t;
    }();
    return kinds;
}

std::string known_names() {
    std::string out;
    for (const std::string& name : loss_names()) out += (out.empty() ? "" : ", ") + name;
    return out;
}

}  // namespace

const LossInfo& loss_info(std::string_view name) {
    const auto it = table().find(lower_case(name));
    if (it == table().end()) {
        throw std::invalid_argument("make_loss: unknown loss \"" + std::string(name.substr(0, 80)) +
                                    "\"; known losses: " + known_names());
    }
    return it->second;
}

std::unique_ptr<Loss> make_loss(std::string_view name) { return loss_info(name).make(); }

std::vector<std::string> loss_names() {
    std::vector<std::string> names;
    for (const auto& entry : table()) names.push_back(entry.first);
    return names;  // std::map keeps them sorted
}

bool register_loss(LossInfo info) {
    const std::string name = info.name;
    if (name.empty() || name.find(':') != std::string::npos || name != lower_case(name) || !info.make) {
        throw std::invalid_argument("register_loss: expected a lower-case name without ':' and a factory, got \"" +
                                    name + "\"");
    }
    if (!table().emplace(name, std::move(info)).second)
        throw std::invalid_argument("register_loss: the name \"" + name + "\" is already taken");
    return true;
}

}  // namespace mlp
