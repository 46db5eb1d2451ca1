// SPDX-License-Identifier: MIT
// playground.cpp: the playground's data, network, loss, optimizer and training loop, all the
// library's own classes; the page (playground.js) only draws what these return.
#include "playground.hpp"
#include "mlp/core/number_text.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "json_text.hpp"

namespace web {

namespace {

// XOR's four corners, n / 4 points each (at least one), each jittered by noise * N(0, 1).
mlp::Dataset xor_points(std::size_t n, double noise, mlp::Rng& rng) {
    const std::size_t per_corner = std::max<std::size_t>(1, n / 4);
    const mlp::Dataset corners = mlp::make_xor();
    std::vector<std::size_t> order(4 * per_corner);
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    mlp::Dataset d{mlp::Tensor(order.size(), 2), mlp::Tensor(order.size(), 1)};
    for (std::size_t n_out = 0; n_out < order.size(); ++n_out) {
        const std::size_t corner = order[n_out] % 4;
        d.x(n_out, 0) = corners.x(corner, 0) + noise * rng.normal();
        d.x(n_out, 1) = corners.x(corner, 1) + noise * rng.normal();
        d.y(n_out, 0) = corners.y(corner, 0);
    }
    return d;
}

// True for a layer that learns (a Dense, a student's linear layer, a norm layer in a loaded
// model): the hidden layers the page draws are what reaches each such layer after the first.
bool learns(mlp::Layer& layer) { return !layer.params().empty(); }

// Looking at the model (losses, the boundary, the units' maps, predictions) is evaluation:
// Dropout keeps every unit and BatchNorm normalises with its running statistics, which a look
// must not move. Training mode comes back when the look ends, thrown or not.
class Looking {
public:
    explicit Looking(mlp::Sequential& model) : model_(model), was_training_(model.training()) { model_.train(false); }
    ~Looking() { model_.train(was_training_); }
    Looking(const Looking&) = delete;
    Looking& operator=(const Looking&) = delete;

private:
    mlp::Sequential& model_;
    bool was_training_;
};

// The layer a hidden group's third word names, built for the group's width: "batch_norm" with
// 8 units is make_layer("batch_norm:8"). The page offers the registered kinds this builds and
// that learn while keeping the width (layers_after_dense_json), so a user's own kind joins too.
std::unique_ptr<mlp::Layer> layer_for_width(const std::string& name, std::size_t units) {
    std::unique_ptr<mlp::Layer> layer = mlp::make_layer(name + ":" + std::to_string(units));
    if (layer->params().empty() || layer->output_width(units) != units)
        throw std::invalid_argument("Playground::build: expected a layer that learns and keeps the width after a "
                                    "Dense (one of " + Playground::layers_after_dense_json() + "), got \"" +
                                    name.substr(0, 60) + "\"");
    return layer;
}

}  // namespace

Playground::Playground() {
    mlp::set_threads(1);  // the page's module is built without threads
    set_data("moons", 200, 0.1, 0.2, 1);
}

void Playground::set_data(const std::string& kind, int n, double noise, double test_fraction, int seed) {
    if (n < 4 || n > 5000) throw std::invalid_argument("Playground::set_data: expected 4 to 5000 points, got " + std::to_string(n));
    if (!(noise >= 0.0 && noise <= 2.0)) throw std::invalid_argument("Playground::set_data: expected noise in [0, 2], got " + mlp::format_number(noise));
    if (!(test_fraction >= 0.0 && test_fraction < 1.0))
        throw std::invalid_argument("Playground::set_data: expected a test fraction in [0, 1), got " + mlp::format_number(test_fraction));
    mlp::Rng rng(static_cast<std::uint32_t>(seed));
    const std::size_t count = static_cast<std::size_t>(n);
    mlp::Dataset all;
    if (kind == "xor") all = xor_points(count, noise, rng);
    else if (kind == "moons") all = mlp::make_moons(count, noise, rng);
    else if (kind == "circles") all = mlp::make_circles(count, noise, rng, 0.5);
    else if (kind == "spirals") all = mlp::make_spirals(count, 2, noise, rng);
    else if (kind == "blobs") all = mlp::make_blobs(count, 3, 1.0 + 5.0 * noise, rng);
    else throw std::invalid_argument("Playground::set_data: expected xor, moons, circles, spirals or blobs, got \"" + kind + "\"");

    if (test_fraction > 0.0) {
        mlp::Split split = mlp::train_test_split(all, test_fraction, rng);
        train_ = std::move(split.train);
        test_ = std::move(split.test);
    } else {
        train_ = all;
        test_ = mlp::Dataset{mlp::Tensor(0, 2), mlp::Tensor(0, 1)};
    }
    classes_ = std::max<std::size_t>(2, mlp::class_count(all.y));
    double lo[2] = {all.x(0, 0), all.x(0, 1)}, hi[2] = {lo[0], lo[1]};
    for (std::size_t r = 0; r < all.x.rows(); ++r)
        for (std::size_t i = 0; i < 2; ++i) {
            lo[i] = std::min(lo[i], all.x(r, i));
            hi[i] = std::max(hi[i], all.x(r, i));
        }
    for (std::size_t i = 0; i < 2; ++i) {
        const double margin = 0.15 * std::max(hi[i] - lo[i], 0.5);
        bounds_[2 * i] = lo[i] - margin;
        bounds_[2 * i + 1] = hi[i] + margin;
    }
    build(hidden_, loss_name_, static_cast<int>(seed_));
}

// The registry says what the loss reads: a class index per row (cross-entropy), or targets
// shaped like the outputs: one output (a 0/1 column) for two classes, one-hot rows for more.
std::size_t Playground::outputs() const {
    if (mlp::loss_info(loss_name_).targets == mlp::LossTargets::ClassIndex) return classes_;
    return classes_ > 2 ? classes_ : 1;
}

mlp::Tensor Playground::targets(const mlp::Tensor& classes) const {
    if (mlp::loss_info(loss_name_).targets == mlp::LossTargets::LikeOutput && outputs() > 1)
        return mlp::one_hot(classes, classes_);
    return classes;  // a class index: a 0/1 column for one output, or cross-entropy's index
}

void Playground::build(const std::string& hidden, const std::string& loss, int seed) {
    std::unique_ptr<mlp::Loss> new_loss = mlp::make_loss(loss);  // throws, naming the known losses
    const mlp::LossInfo& info = mlp::loss_info(loss);
    const std::size_t outputs =
        (info.targets == mlp::LossTargets::ClassIndex || classes_ > 2) ? classes_ : 1;
    mlp::Rng rng(static_cast<std::uint32_t>(seed));
    mlp::Sequential model;
    std::size_t width = 2;
    std::size_t start = 0;
    std::vector<std::size_t> group_ends;
    while (start < hidden.size()) {
        std::size_t end = hidden.find('|', start);
        if (end == std::string::npos) end = hidden.size();
        const std::string item = hidden.substr(start, end - start);
        const std::size_t space = item.find(' ');
        const std::optional<double> units = mlp::parse_number(item.substr(0, space));
        if (space == std::string::npos || !units || *units < 1 || *units > 64 || *units != std::floor(*units))
            throw std::invalid_argument("Playground::build: expected \"<units 1-64> <activation>\", got \"" +
                                        item.substr(0, 60) + "\"");
        std::string activation = item.substr(space + 1), after_dense;
        if (const std::size_t second = activation.find(' '); second != std::string::npos) {
            after_dense = activation.substr(second + 1);
            activation.resize(second);
        }
        model.emplace<mlp::Dense>(width, static_cast<std::size_t>(*units), rng);
        if (!after_dense.empty()) model.add(layer_for_width(after_dense, static_cast<std::size_t>(*units)));
        if (activation != "none") model.add(mlp::make_activation(activation));
        group_ends.push_back(model.size() - 1);  // the group's output is a hidden layer the page draws
        width = static_cast<std::size_t>(*units);
        start = end + 1;
    }
    model.emplace<mlp::Dense>(width, outputs, rng);
    // A loss that reads probabilities (BCE) gets them from a sigmoid after the last layer.
    if (info.outputs.starts_with("probabilities")) model.add(mlp::make_activation("sigmoid"));
    // The same check a model file gets ("8 prelu:5": five slopes for eight units).
    if (const std::string problem = mlp::model_problem(model); !problem.empty())
        throw std::invalid_argument("Playground::build: " + problem);

    model_ = std::move(model);
    shown_.assign(model_.size(), false);
    for (const std::size_t i : group_ends) shown_[i] = true;
    loss_ = std::move(new_loss);
    loss_name_ = info.name;
    hidden_ = hidden;
    seed_ = static_cast<std::uint32_t>(seed);
    train_t_ = targets(train_.y);
    test_t_ = targets(test_.y);
    new_optimizer();
    new_trainer();
}

// L2 is the optimizer's weight_decay, in PyTorch's meaning (on every parameter, biases too).
void Playground::new_optimizer() {
    optimizer_ = mlp::make_optimizer(optimizer_name_, model_.params(), lr_, {{"weight_decay", l2_}});
}

// A fresh run: epoch 0, the shuffling seeded from the network's seed.
void Playground::new_trainer() {
    trainer_ = std::make_unique<mlp::Trainer>(
        model_, *loss_, *optimizer_, mlp::TrainConfig{.batch_size = batch_size_, .seed = seed_ + 1000, .progress = false});
}

void Playground::set_training(const std::string& optimizer, double lr, int batch_size, double l2) {
    if (batch_size < 1) throw std::invalid_argument("Playground::set_training: expected batch size >= 1, got " + std::to_string(batch_size));
    if (!(l2 >= 0.0 && std::isfinite(l2)))
        throw std::invalid_argument("Playground::set_training: expected L2 >= 0 and finite, got " + mlp::format_number(l2));
    if (optimizer != optimizer_name_ || l2 != l2_) {
        // throws before anything changes
        std::unique_ptr<mlp::Optimizer> fresh = mlp::make_optimizer(optimizer, model_.params(), lr, {{"weight_decay", l2}});
        if (optimizer == optimizer_name_) {  // only L2 changed: the same optimizer goes on with its state
            std::vector<mlp::StateBuffer> to = fresh->state();
            const std::vector<mlp::StateBuffer> from = optimizer_->state();
            for (std::size_t k = 0; k < to.size(); ++k) *to[k].value = *from[k].value;
            fresh->set_steps(optimizer_->steps());
        }
        optimizer_ = std::move(fresh);
        optimizer_name_ = optimizer;
    }
    optimizer_->set_lr(lr);
    lr_ = lr;
    batch_size_ = static_cast<std::size_t>(batch_size);
    l2_ = l2;
    // The Trainer holds the optimizer and the batch size: a new one goes on with the run (its
    // epoch count and shuffling) where the old one stopped.
    const mlp::RunState run = trainer_->run_state();
    new_trainer();
    trainer_->restore(run);
}

// Epoch by epoch through the library's Trainer (shuffle, batches, the five lines, the check
// for a non-finite loss), so the page draws between epochs.
void Playground::train(int epochs) {
    for (int e = 0; e < epochs; ++e) trainer_->fit_epoch(train_.x, train_t_);
}

double Playground::loss_on(const mlp::Dataset& d, double* accuracy) {
    const double nan = std::nan("");
    if (d.x.rows() == 0) {
        *accuracy = nan;
        return nan;
    }
    const mlp::Tensor t = targets(d.y);
    const Looking look(model_);
    const mlp::Tensor& pred = model_.forward(d.x);
    *accuracy = loss_->accuracy(pred, t);
    return loss_->forward(pred, t);
}

std::string Playground::stats_json() {
    double train_accuracy = 0, test_accuracy = 0;
    const double train_loss = loss_on(train_, &train_accuracy);
    const double test_loss = loss_on(test_, &test_accuracy);
    return "{\"epoch\":" + std::to_string(trainer_->epochs_done()) + ",\"train_loss\":" + json_number(train_loss) +
           ",\"test_loss\":" + json_number(test_loss) + ",\"train_accuracy\":" + json_number(train_accuracy) +
           ",\"test_accuracy\":" + json_number(test_accuracy) + ",\"classes\":" + std::to_string(classes_) +
           ",\"loss\":" + json_string(loss_name_) + ",\"train_points\":" + std::to_string(train_.x.rows()) +
           ",\"test_points\":" + std::to_string(test_.x.rows()) + ",\"parameters\":" +
           std::to_string(model_.parameter_count()) + "}";
}

std::vector<double> Playground::points() const {
    std::vector<double> out;
    for (const mlp::Dataset* d : {&train_, &test_})
        for (std::size_t n = 0; n < d->x.rows(); ++n)
            out.insert(out.end(), {d->x(n, 0), d->x(n, 1), d->y(n, 0), d == &test_ ? 1.0 : 0.0});
    return out;
}

mlp::Tensor Playground::grid(int res) const {
    if (res < 2 || res > 400) throw std::invalid_argument("Playground::grid: expected 2 to 400 cells a side, got " + std::to_string(res));
    const std::size_t R = static_cast<std::size_t>(res);
    mlp::Tensor g(R * R, 2);
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t c = 0; c < R; ++c) {
            g(r * R + c, 0) = bounds_[0] + (static_cast<double>(c) + 0.5) / static_cast<double>(R) * (bounds_[1] - bounds_[0]);
            g(r * R + c, 1) = bounds_[3] - (static_cast<double>(r) + 0.5) / static_cast<double>(R) * (bounds_[3] - bounds_[2]);
        }
    return g;
}

std::vector<double> Playground::boundary(int res) {
    mlp::Tensor p;
    const Looking look(model_);
    loss_->probabilities(model_.forward(grid(res)), p);
    return std::vector<double>(p.data(), p.data() + p.size());
}

std::vector<double> Playground::hidden_units(int res) {
    std::vector<double> out;
    const mlp::Tensor g = grid(res);
    const std::size_t cells = g.rows();
    std::vector<bool> hidden(model_.size(), false);
    for (std::size_t i = 0; i < model_.size(); ++i) hidden[i] = shown_[i];
    const Looking look(model_);
    model_.forward_each(g, [&](std::size_t i, const mlp::Layer&, const mlp::Tensor& y) {
        if (!hidden[i]) return;
        for (std::size_t j = 0; j < y.cols(); ++j)
            for (std::size_t n = 0; n < cells; ++n) out.push_back(y(n, j));
    });
    return out;
}

std::string Playground::hidden_json() const {
    std::string out = "[";
    std::size_t width = 2;
    for (std::size_t i = 0; i + 1 < model_.size(); ++i) {
        width = model_[i].output_width(width);
        if (!shown_[i]) continue;
        out += std::string(out.size() > 1 ? "," : "") + "{\"layer\":" + std::to_string(i) + ",\"units\":" +
               std::to_string(width) + ",\"name\":" + json_string(model_[i].name()) + "}";
    }
    return out + "]";
}

std::string Playground::predict_text(const std::vector<double>& flat_points) {
    mlp::Tensor x(flat_points.size() / 2, 2);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = flat_points[k];
    const Looking look(model_);
    const mlp::Tensor& y = model_.forward(x);
    std::string out;
    for (std::size_t n = 0; n < y.rows(); ++n) {
        for (std::size_t j = 0; j < y.cols(); ++j) out += (j ? " " : "") + mlp::format_number(y(n, j));
        out += "\n";
    }
    return out;
}

void Playground::load_model_text(const std::string& text) {
    mlp::Sequential loaded = mlp::load_model_from_string(text, "the uploaded model");
        // The input width is the first layer's that fixes one (an activation first takes any width);
    // load_model_from_string has already checked the layers chain (model_problem).
    std::optional<std::size_t> in;
    for (std::size_t i = 0; i < loaded.size() && !in; ++i) in = loaded[i].input_width();
    if ((in && *in != 2) || loaded.output_width(2) != outputs())
        throw std::invalid_argument("Playground::load_model_text: expected a model from 2 inputs to " +
                                    std::to_string(outputs()) + " outputs (this data set and loss), got " +
                                    std::to_string(in.value_or(2)) + " inputs and " +
                                    std::to_string(loaded.output_width(in.value_or(2))) + " outputs");
    model_ = std::move(loaded);
    // A loaded model has no groups: its hidden layers are what reaches each layer that learns.
    shown_.assign(model_.size(), false);
    for (std::size_t i = 0; i + 1 < model_.size(); ++i) shown_[i] = learns(model_[i + 1]);
    new_optimizer();
    new_trainer();
}

std::string Playground::layers_json() const {
    std::string out = "[";
    for (std::size_t i = 0; i < model_.size(); ++i) out += (i ? "," : "") + json_string(model_[i].spec());
    return out + "]";
}

std::string Playground::activations_json() {
    std::string out = "[\"none\"";
    for (const std::string& name : mlp::activation_names()) out += "," + json_string(name);
    return out + "]";
}

std::string Playground::losses_json() {
    std::string out = "[";
    for (const std::string& name : mlp::loss_names()) out += (out.size() > 1 ? "," : "") + json_string(name);
    return out + "]";
}

std::string Playground::layers_after_dense_json() {
    std::string out = "[";
    for (const std::string& name : mlp::layer_names()) {
        try {
            std::unique_ptr<mlp::Layer> layer = mlp::make_layer(name + ":8");
            if (layer->params().empty() || layer->output_width(8) != 8) continue;
        } catch (const std::invalid_argument&) {
            continue;  // not built from a width alone ("dense" needs two, "dropout" reads a probability)
        }
        out += (out.size() > 1 ? "," : "") + json_string(name);
    }
    return out + "]";
}

std::string Playground::optimizers_json() {
    std::string out = "[";
    for (const std::string& name : mlp::optimizer_names()) out += (out.size() > 1 ? "," : "") + json_string(name);
    return out + "]";
}

}  // namespace web
