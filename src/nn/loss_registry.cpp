// SPDX-License-Identifier: MIT
// loss_registry.cpp: the table of losses by name. A new loss is one class and one line below.
#include "mlp/nn/loss_registry.hpp"

#include <map>

#include "../core/registry.hpp"
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

}  // namespace

const LossInfo& loss_info(std::string_view name) {
    const auto it = table().find(lower_case(name));
    if (it == table().end()) unknown_name("make_loss", loss_names(), name);
    return it->second;
}

std::unique_ptr<Loss> make_loss(std::string_view name) { return loss_info(name).make(); }

std::vector<std::string> loss_names() { return names_of(table()); }

bool register_loss(LossInfo info) {
    const std::string name = info.name;
    const bool has_factory = static_cast<bool>(info.make);
    return add_name("register_loss", table(), name, std::move(info), has_factory);
}

}  // namespace mlp
