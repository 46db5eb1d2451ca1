// SPDX-License-Identifier: MIT
// playground.cpp: the playground's data, network, loss, optimizer and training loop, all the
// library's own classes; the page (playground.js) only draws what these return.
#include "playground.hpp"
#include "mlp/core/number_text.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <tuple>

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

// The input features, each a function of the point (x1, x2): the one place they are computed.
struct Feature {
    const char* name;
    double (*of)(double x1, double x2);
};
const Feature kFeatures[] = {
    {"x1", [](double x1, double) { return x1; }},
    {"x2", [](double, double x2) { return x2; }},
    {"x1sq", [](double x1, double) { return x1 * x1; }},
    {"x2sq", [](double, double x2) { return x2 * x2; }},
    {"x1x2", [](double x1, double x2) { return x1 * x2; }},
    {"sin1", [](double x1, double) { return std::sin(x1); }},
    {"sin2", [](double, double x2) { return std::sin(x2); }},
};
const Feature& feature(const std::string& name) {
    for (const Feature& f : kFeatures)
        if (name == f.name) return f;
    throw std::invalid_argument("Playground::set_features: expected feature names from " + Playground::features_json() +
                                ", got \"" + name.substr(0, 60) + "\"");
}

// Every initialisation, named by to_string ("xavier_uniform").
const mlp::Init kInits[] = {mlp::Init::PyTorch,  mlp::Init::XavierUniform, mlp::Init::XavierNormal, mlp::Init::HeUniform,
                            mlp::Init::HeNormal, mlp::Init::LeCunNormal,   mlp::Init::Zeros};
mlp::Init init_named(const std::string& name) {
    for (const mlp::Init init : kInits)
        if (mlp::to_string(init) == name) return init;
    throw std::invalid_argument("Playground::build: expected an initialisation from " + Playground::inits_json() +
                                ", got \"" + name.substr(0, 60) + "\"");
}

// Regression targets over [-1, 1]^2: a plane, y = (x1 + x2) / 2, or four Gaussian bumps at
// (+-0.5, +-0.5), positive where x1 x2 > 0 and negative elsewhere (XOR's pattern, smooth), each
// plus (noise / 2) N(0, 1).
mlp::Dataset regression_points(const std::string& kind, std::size_t n, double noise, mlp::Rng& rng) {
    mlp::Dataset d{mlp::Tensor(n, 2), mlp::Tensor(n, 1)};
    for (std::size_t r = 0; r < n; ++r) {
        const double x1 = rng.uniform(-1.0, 1.0), x2 = rng.uniform(-1.0, 1.0);
        double y = 0.0;
        if (kind == "plane") {
            y = 0.5 * (x1 + x2);
        } else {
            for (const double c1 : {-0.5, 0.5})
                for (const double c2 : {-0.5, 0.5})
                    y += (c1 * c2 > 0 ? 1.0 : -1.0) * std::exp(-((x1 - c1) * (x1 - c1) + (x2 - c2) * (x2 - c2)) / (2 * 0.25 * 0.25));
        }
        d.x(r, 0) = x1;
        d.x(r, 1) = x2;
        d.y(r, 0) = y + 0.5 * noise * rng.normal();
    }
    return d;
}

// A seeded split without classes (regression): round(N * f) random rows are held out.
mlp::Split random_split(const mlp::Dataset& all, double test_fraction, mlp::Rng& rng) {
    std::vector<std::size_t> order(all.x.rows());
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    const std::size_t held = static_cast<std::size_t>(std::lround(test_fraction * static_cast<double>(order.size())));
    mlp::Split s{{mlp::Tensor(order.size() - held, 2), mlp::Tensor(order.size() - held, 1)},
                 {mlp::Tensor(held, 2), mlp::Tensor(held, 1)}};
    for (std::size_t k = 0; k < order.size(); ++k) {
        mlp::Dataset& to = k < held ? s.test : s.train;
        const std::size_t row = k < held ? k : k - held;
        for (std::size_t i = 0; i < 2; ++i) to.x(row, i) = all.x(order[k], i);
        to.y(row, 0) = all.y(order[k], 0);
    }
    return s;
}

// The Trainer's loss with L1 on the weights: forward adds l1 * sum |W|, backward puts
// l1 * sign(W) into each dW before the model's backward adds its own part. That order is the
// Trainer's (zero_grad, then model.backward(loss.backward()): trainer.hpp), so dW ends as the
// gradient of the penalised loss. With l1 = 0 it is the plain loss, bit for bit.
// Thrown by PenalisedLoss when its batch budget is spent: step_batch's stop before a batch.
struct BudgetSpent {};

class PenalisedLoss : public mlp::Loss {
public:
    PenalisedLoss(mlp::Loss& loss, std::vector<mlp::Param> weights, double l1)
        : loss_(loss), weights_(std::move(weights)), l1_(l1) {}
    // With a budget of k, the (k + 1)-th forward throws BudgetSpent: in the Trainer's five lines
    // the loss comes before any gradient or update, so the model stops after k whole steps.
    std::optional<std::size_t> budget;
    double forward(const mlp::Tensor& pred, const mlp::Tensor& target) override {
        if (budget && (*budget)-- == 0) throw BudgetSpent{};
        double penalty = 0.0;
        if (l1_ > 0.0)
            for (const mlp::Param& w : weights_)
                for (std::size_t k = 0; k < w.value->size(); ++k) penalty += std::abs((*w.value)[k]);
        return loss_.forward(pred, target) + l1_ * penalty;
    }
    const mlp::Tensor& backward() override {
        if (l1_ > 0.0)
            for (const mlp::Param& w : weights_)
                for (std::size_t k = 0; k < w.value->size(); ++k) {
                    const double v = (*w.value)[k];
                    (*w.grad)[k] += l1_ * static_cast<double>((v > 0) - (v < 0));
                }
        return loss_.backward();
    }
    void probabilities(const mlp::Tensor& pred, mlp::Tensor& p) const override { loss_.probabilities(pred, p); }
    std::string name() const override { return loss_.name(); }
    std::size_t target_class(const mlp::Tensor& target, std::size_t n, std::size_t C) const override {
        return loss_.target_class(target, n, C);
    }

private:
    mlp::Loss& loss_;
    std::vector<mlp::Param> weights_;
    double l1_;
};

}  // namespace

namespace {

// The layers the network picture draws as links and L1 reaches: each layer's parameter named "W"
// (a Dense's weight matrix, or any layer's that names one so), with its "b" when it has one.
struct WeightLayer {
    mlp::Param W;
    std::optional<mlp::Param> b;
};
std::vector<WeightLayer> weight_layers(mlp::Sequential& model) {
    std::vector<WeightLayer> out;
    for (std::size_t i = 0; i < model.size(); ++i) {
        std::optional<mlp::Param> W, b;
        for (const mlp::Param& p : model[i].params()) {
            if (p.name == "W") W = p;
            if (p.name == "b") b = p;
        }
        if (W) out.push_back({*W, b});
    }
    return out;
}

}  // namespace

Playground::Playground() {
    mlp::set_threads(1);  // the page's module is built without threads
    set_data("moons", 200, 0.1, 0.2, 1);
}

void Playground::set_data(const std::string& kind, int n, double noise, double test_fraction, int seed) {
    const bool custom = kind == "custom";
    if (!custom && (n < 4 || n > 5000))
        throw std::invalid_argument("Playground::set_data: expected 4 to 5000 points, got " + std::to_string(n));
    if (!(noise >= 0.0 && noise <= 2.0)) throw std::invalid_argument("Playground::set_data: expected noise in [0, 2], got " + mlp::format_number(noise));
    if (!(test_fraction >= 0.0 && test_fraction < 1.0))
        throw std::invalid_argument("Playground::set_data: expected a test fraction in [0, 1), got " + mlp::format_number(test_fraction));
    mlp::Rng rng(static_cast<std::uint32_t>(seed));
    const std::size_t count = static_cast<std::size_t>(std::max(n, 0));
    const bool regression = kind == "plane" || kind == "bumps";
    mlp::Dataset all;
    if (kind == "xor") all = xor_points(count, noise, rng);
    else if (kind == "moons") all = mlp::make_moons(count, noise, rng);
    else if (kind == "circles") all = mlp::make_circles(count, noise, rng, 0.5);
    else if (kind == "spirals") all = mlp::make_spirals(count, 2, noise, rng);
    else if (kind == "blobs") all = mlp::make_blobs(count, 3, 1.0 + 5.0 * noise, rng);
    else if (regression) all = regression_points(kind, count, noise, rng);
    else if (custom) all = custom_;
    else throw std::invalid_argument("Playground::set_data: expected xor, moons, circles, spirals, blobs, plane, bumps or custom, got \"" +
                                     kind.substr(0, 60) + "\"");

    // A split holds out whole classes' shares, so a data set too small to split is all training.
    const bool split = test_fraction > 0.0 && all.x.rows() >= 4;
    if (split && regression) {
        mlp::Split s = random_split(all, test_fraction, rng);
        train_ = std::move(s.train);
        test_ = std::move(s.test);
    } else if (split) {
        mlp::Split s = mlp::train_test_split(all, test_fraction, rng);
        train_ = std::move(s.train);
        test_ = std::move(s.test);
    } else {
        train_ = all;
        test_ = mlp::Dataset{mlp::Tensor(0, 2), mlp::Tensor(0, 1)};
    }
    regression_ = regression;
    classes_ = regression ? 1 : std::max<std::size_t>(2, all.x.rows() ? mlp::class_count(all.y) : 0);
    // Custom points are drawn in at least [-1.5, 1.5]^2, so adding one does not move the frame.
    double lo[2] = {custom ? -1.5 / 1.15 : HUGE_VAL, custom ? -1.5 / 1.15 : HUGE_VAL};
    double hi[2] = {-lo[0], -lo[1]};
    if (!custom && all.x.rows() == 0) lo[0] = lo[1] = -1, hi[0] = hi[1] = 1;
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
    // Regression needs a loss whose outputs are values (mse, huber, l1: the registry says).
    if (regression && !mlp::loss_info(loss_name_).outputs.starts_with("values")) loss_name_ = "mse";
    build(hidden_, loss_name_, static_cast<int>(seed_), init_, dropout_);
}

void Playground::add_point(double x1, double x2, int label) {
    if (!std::isfinite(x1) || !std::isfinite(x2) || std::abs(x1) > 1e6 || std::abs(x2) > 1e6)
        throw std::invalid_argument("Playground::add_point: expected finite coordinates, got " + mlp::format_number(x1) +
                                    ", " + mlp::format_number(x2));
    if (label < 0 || label > 7) throw std::invalid_argument("Playground::add_point: expected a class 0 to 7, got " + std::to_string(label));
    if (custom_.x.rows() >= 5000) throw std::invalid_argument("Playground::add_point: expected at most 5000 points, got one more");
    mlp::Dataset more{mlp::Tensor(custom_.x.rows() + 1, 2), mlp::Tensor(custom_.x.rows() + 1, 1)};
    for (std::size_t k = 0; k < custom_.x.size(); ++k) more.x[k] = custom_.x[k];
    for (std::size_t k = 0; k < custom_.y.size(); ++k) more.y[k] = custom_.y[k];
    more.x(custom_.x.rows(), 0) = x1;
    more.x(custom_.x.rows(), 1) = x2;
    more.y(custom_.x.rows(), 0) = label;
    custom_ = std::move(more);
}

void Playground::load_csv_text(const std::string& text) {
    mlp::Dataset d = mlp::read_csv_from_string(text, "the uploaded CSV");  // its errors name line and column
    if (d.x.cols() != 2)
        throw std::invalid_argument("Playground::load_csv_text: expected 3 columns (x1, x2 and a class label last), got " +
                                    std::to_string(d.x.cols() + 1));
    if (d.x.rows() > 5000) throw std::invalid_argument("Playground::load_csv_text: expected at most 5000 rows, got " + std::to_string(d.x.rows()));
    if (const std::size_t c = mlp::class_count(d.y); c > 8)
        throw std::invalid_argument("Playground::load_csv_text: expected class labels 0 to 7, got " + std::to_string(c - 1));
    custom_ = std::move(d);
}

std::string Playground::csv_text() const {
    if (regression_) throw std::invalid_argument("Playground::csv_text: the CSV reader reads class labels; this data set's targets are continuous");
    mlp::Dataset all{mlp::Tensor(train_.x.rows() + test_.x.rows(), 2), mlp::Tensor(train_.x.rows() + test_.x.rows(), 1)};
    std::size_t row = 0;
    for (const mlp::Dataset* d : {&train_, &test_})
        for (std::size_t n = 0; n < d->x.rows(); ++n, ++row) {
            all.x(row, 0) = d->x(n, 0);
            all.x(row, 1) = d->x(n, 1);
            all.y(row, 0) = d->y(n, 0);
        }
    return mlp::to_csv(all, {"x1", "x2", "label"});
}

void Playground::set_features(const std::string& names) {
    std::vector<std::string> chosen;
    for (std::size_t start = 0; start <= names.size();) {
        std::size_t end = names.find(',', start);
        if (end == std::string::npos) end = names.size();
        const std::string name = names.substr(start, end - start);
        feature(name);  // throws for an unknown name
        if (std::find(chosen.begin(), chosen.end(), name) != chosen.end())
            throw std::invalid_argument("Playground::set_features: expected each feature once, got \"" + name + "\" twice");
        chosen.push_back(name);
        start = end + 1;
    }
    const std::vector<std::string> old = features_;
    features_ = chosen;
    try {
        build(hidden_, loss_name_, static_cast<int>(seed_), init_, dropout_);
    } catch (...) {
        features_ = old;
        throw;
    }
}

std::string Playground::features_json() {
    std::string out = "[";
    for (const Feature& f : kFeatures) out += (out.size() > 1 ? "," : "") + json_string(f.name);
    return out + "]";
}

mlp::Tensor Playground::inputs(const mlp::Tensor& points) const {
    mlp::Tensor x(points.rows(), features_.size());
    for (std::size_t j = 0; j < features_.size(); ++j) {
        const Feature& f = feature(features_[j]);
        for (std::size_t n = 0; n < points.rows(); ++n) x(n, j) = f.of(points(n, 0), points(n, 1));
    }
    return x;
}

// The registry says what the loss reads: a class index per row (cross-entropy), or targets
// shaped like the outputs: one output (a 0/1 column, or regression's value) for two classes,
// one-hot rows for more.
std::size_t Playground::outputs() const {
    if (!regression_ && mlp::loss_info(loss_name_).targets == mlp::LossTargets::ClassIndex) return classes_;
    return classes_ > 2 ? classes_ : 1;
}

mlp::Tensor Playground::targets(const mlp::Tensor& labels) const {
    if (!regression_ && mlp::loss_info(loss_name_).targets == mlp::LossTargets::LikeOutput && outputs() > 1)
        return mlp::one_hot(labels, classes_);
    return labels;  // a class index (a 0/1 column for one output, or cross-entropy's index), or a value
}

void Playground::build(const std::string& hidden, const std::string& loss, int seed, const std::string& init, double dropout) {
    std::unique_ptr<mlp::Loss> new_loss = mlp::make_loss(loss);  // throws, naming the known losses
    const mlp::LossInfo& info = mlp::loss_info(loss);
    if (regression_ && !info.outputs.starts_with("values"))
        throw std::invalid_argument("Playground::build: expected a loss whose outputs are values for regression (mse, huber, l1), got " +
                                    info.name + " (its outputs are " + info.outputs + ")");
    if (!(dropout >= 0.0 && dropout < 1.0))
        throw std::invalid_argument("Playground::build: expected a dropout probability in [0, 1), got " + mlp::format_number(dropout));
    const mlp::Init initialisation = init_named(init);
    const std::size_t outputs =
        (!regression_ && (info.targets == mlp::LossTargets::ClassIndex || classes_ > 2)) ? classes_ : 1;
    mlp::Rng rng(static_cast<std::uint32_t>(seed));
    mlp::Sequential model;
    std::size_t width = features_.size();
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
        model.emplace<mlp::Dense>(width, static_cast<std::size_t>(*units), rng, initialisation);
        if (!after_dense.empty()) model.add(layer_for_width(after_dense, static_cast<std::size_t>(*units)));
        if (activation != "none") model.add(mlp::make_activation(activation));
        group_ends.push_back(model.size() - 1);  // the group's output is a hidden layer the page draws
        // Dropout after the hidden layer, seeded from the network's seed and the layer's place.
        if (dropout > 0.0)
            model.add(mlp::make_layer("dropout:" + mlp::format_number(dropout) + "," +
                                      std::to_string(static_cast<std::uint32_t>(seed) * 31u + group_ends.size())));
        width = static_cast<std::size_t>(*units);
        start = end + 1;
    }
    model.emplace<mlp::Dense>(width, outputs, rng, initialisation);
    // A loss that reads probabilities (BCE) gets them from a sigmoid after the last layer.
    if (info.outputs.starts_with("probabilities")) model.add(mlp::make_activation("sigmoid"));
    // The same check a model file gets ("8 prelu:5": five slopes for eight units).
    if (const std::string problem = mlp::model_problem(model); !problem.empty())
        throw std::invalid_argument("Playground::build: " + problem);

    model_ = std::move(model);
    forget_steps();
    shown_.assign(model_.size(), false);
    for (const std::size_t i : group_ends) shown_[i] = true;
    loss_ = std::move(new_loss);
    loss_name_ = info.name;
    hidden_ = hidden;
    init_ = init;
    dropout_ = dropout;
    seed_ = static_cast<std::uint32_t>(seed);
    train_x_ = inputs(train_.x);
    test_x_ = inputs(test_.x);
    train_t_ = targets(train_.y);
    test_t_ = targets(test_.y);
    new_optimizer();
    new_trainer();
}

// L2 is the optimizer's weight_decay, in PyTorch's meaning (on every parameter, biases too);
// momentum and nesterov go to an optimizer that has settings of those names.
void Playground::new_optimizer() {
    std::vector<mlp::Setting> settings{{"weight_decay", l2_}};
    const std::unique_ptr<mlp::Optimizer> probe = mlp::make_optimizer(optimizer_name_, model_.params(), 1.0);
    for (const mlp::Setting& s : probe->settings()) {
        if (s.name == "momentum") settings.push_back({"momentum", momentum_});
        if (s.name == "nesterov") settings.push_back({"nesterov", nesterov_ && momentum_ > 0 ? 1.0 : 0.0});
    }
    optimizer_ = mlp::make_optimizer(optimizer_name_, model_.params(), lr_, settings);
}

// A fresh run: epoch 0, the shuffling seeded from the network's seed. The Trainer minimises
// the loss plus the L1 penalty, and steps the schedule once per epoch.
void Playground::new_trainer() {
    std::vector<mlp::Param> weights;
    for (const WeightLayer& w : weight_layers(model_)) weights.push_back(w.W);
    penalised_ = std::make_unique<PenalisedLoss>(*loss_, weights, l1_);
    std::shared_ptr<mlp::LRScheduler> schedule;
    if (schedule_ == "step_lr") schedule = std::make_shared<mlp::StepLR>(*optimizer_, mlp::StepLROptions{.step_size = 100, .gamma = 0.5});
    if (schedule_ == "exponential_lr") schedule = std::make_shared<mlp::ExponentialLR>(*optimizer_, 0.99);
    if (schedule_ == "cosine_annealing_lr")
        schedule = std::make_shared<mlp::CosineAnnealingLR>(*optimizer_, mlp::CosineAnnealingLROptions{.T_max = cosine_epochs_});
    trainer_ = std::make_unique<mlp::Trainer>(model_, *penalised_, *optimizer_,
                                              mlp::TrainConfig{.batch_size = batch_size_, .seed = seed_ + 1000,
                                                               .progress = false, .scheduler = schedule});
}

void Playground::set_training(const std::string& optimizer, double lr, int batch_size, double l2, double l1,
                              double momentum, bool nesterov, const std::string& schedule, int cosine_epochs) {
    if (batch_size < 1) throw std::invalid_argument("Playground::set_training: expected batch size >= 1, got " + std::to_string(batch_size));
    if (!(l2 >= 0.0 && std::isfinite(l2)))
        throw std::invalid_argument("Playground::set_training: expected L2 >= 0 and finite, got " + mlp::format_number(l2));
    if (!(l1 >= 0.0 && std::isfinite(l1)))
        throw std::invalid_argument("Playground::set_training: expected L1 >= 0 and finite, got " + mlp::format_number(l1));
    if (!(momentum >= 0.0 && momentum < 1.0))
        throw std::invalid_argument("Playground::set_training: expected momentum in [0, 1), got " + mlp::format_number(momentum));
    if (schedule != "none" && schedule != "step_lr" && schedule != "exponential_lr" && schedule != "cosine_annealing_lr")
        throw std::invalid_argument("Playground::set_training: expected a schedule none, step_lr, exponential_lr or "
                                    "cosine_annealing_lr, got \"" + schedule.substr(0, 60) + "\"");
    if (cosine_epochs < 1) throw std::invalid_argument("Playground::set_training: expected cosine epochs >= 1, got " + std::to_string(cosine_epochs));
    const bool same_rule = optimizer == optimizer_name_ && momentum == momentum_ && nesterov == nesterov_;
    // Steps taken in the epoch under way replay from its start under the settings: new ones end that.
    if (!same_rule || lr != lr_ || l2 != l2_ || l1 != l1_ || static_cast<std::size_t>(batch_size) != batch_size_ ||
        schedule != schedule_ || cosine_epochs != cosine_epochs_)
        forget_steps();
    if (!same_rule || l2 != l2_) {
        const std::string old_name = optimizer_name_;
        const double old_l2 = l2_, old_momentum = momentum_;
        const bool old_nesterov = nesterov_;
        std::unique_ptr<mlp::Optimizer> previous = std::move(optimizer_);
        std::tie(optimizer_name_, l2_, momentum_, nesterov_, lr_) = std::tie(optimizer, l2, momentum, nesterov, lr);
        try {
            new_optimizer();  // throws before anything is used
        } catch (...) {
            std::tie(optimizer_name_, l2_, momentum_, nesterov_) = std::tie(old_name, old_l2, old_momentum, old_nesterov);
            optimizer_ = std::move(previous);
            throw;
        }
        if (same_rule) {  // only L2 changed: the same optimizer goes on with its state
            std::vector<mlp::StateBuffer> to = optimizer_->state();
            const std::vector<mlp::StateBuffer> from = previous->state();
            for (std::size_t k = 0; k < to.size(); ++k) *to[k].value = *from[k].value;
            optimizer_->set_steps(previous->steps());
        }
    }
    optimizer_->set_lr(lr);
    lr_ = lr;
    batch_size_ = static_cast<std::size_t>(batch_size);
    l1_ = l1;
    schedule_ = schedule;
    cosine_epochs_ = cosine_epochs;
    // The Trainer holds the optimizer and the batch size: a new one goes on with the run (its
    // epoch count and shuffling) where the old one stopped.
    const mlp::RunState run = trainer_->run_state();
    new_trainer();
    trainer_->restore(run);
}

// Epoch by epoch through the library's Trainer (shuffle, batches, the five lines, the check
// for a non-finite loss), so the page draws between epochs.
void Playground::train(int epochs) {
    if (train_x_.rows() == 0) throw std::invalid_argument("Playground::train: no training points yet: click on the picture to add some");
    if (epoch_start_ && epochs > 0) {  // an epoch under way: it is completed (replayed whole from its start)
        restore_epoch_start();
        forget_steps();
    }
    for (int e = 0; e < epochs; ++e) trainer_->fit_epoch(train_x_, train_t_);
}

std::size_t Playground::batches_per_epoch() const {
    const std::size_t N = train_x_.rows(), B = std::min(batch_size_, N);
    return N == 0 ? 0 : (N + B - 1) / B;
}

void Playground::step_batch() {
    if (train_x_.rows() == 0) throw std::invalid_argument("Playground::step_batch: no training points yet: click on the picture to add some");
    if (epoch_start_) restore_epoch_start();
    else save_epoch_start();
    if (++batches_done_ == batches_per_epoch()) {  // the epoch's last batch: the whole epoch, ended as usual
        forget_steps();
        trainer_->fit_epoch(train_x_, train_t_);
        return;
    }
    auto& penalised = static_cast<PenalisedLoss&>(*penalised_);
    penalised.budget = batches_done_;
    try {
        trainer_->fit_epoch(train_x_, train_t_);
    } catch (const BudgetSpent&) {
        // stopped before batch batches_done_ + 1, as intended
    } catch (...) {
        penalised.budget.reset();
        forget_steps();
        throw;
    }
    penalised.budget.reset();
}

void Playground::save_epoch_start() {
    EpochStart s;
    for (const mlp::Buffer& w : model_.weights()) s.weights.push_back(*w.value);
    for (std::size_t i = 0; i < model_.size(); ++i) s.layer_states.push_back(model_[i].state());
    for (const mlp::StateBuffer& b : optimizer_->state()) s.optimizer_state.push_back(*b.value);
    s.steps = optimizer_->steps();
    s.run = trainer_->run_state();
    epoch_start_ = std::move(s);
}

void Playground::restore_epoch_start() {
    const EpochStart& s = *epoch_start_;
    const std::vector<mlp::Buffer> weights = model_.weights();
    for (std::size_t k = 0; k < weights.size(); ++k) *weights[k].value = s.weights[k];
    for (std::size_t i = 0; i < model_.size(); ++i) model_[i].set_state(s.layer_states[i]);
    const std::vector<mlp::StateBuffer> buffers = optimizer_->state();
    for (std::size_t k = 0; k < buffers.size(); ++k) *buffers[k].value = s.optimizer_state[k];
    optimizer_->set_steps(s.steps);
    trainer_->restore(s.run);
}

void Playground::forget_steps() {
    epoch_start_.reset();
    batches_done_ = 0;
}

std::string Playground::pytorch_text() {
    mlp::Tensor inputs(std::min<std::size_t>(4, train_x_.rows()), train_x_.cols());
    for (std::size_t k = 0; k < inputs.size(); ++k) inputs[k] = train_x_[k];
    if (inputs.rows() == 0) throw std::invalid_argument("Playground::pytorch_text: expected training points to check the script on, got none");
    const Looking look(model_);
    return mlp::pytorch_source(model_, inputs);
}

double Playground::loss_on(const mlp::Tensor& x, const mlp::Tensor& labels, double* accuracy) {
    const double nan = std::nan("");
    if (x.rows() == 0) {
        *accuracy = nan;
        return nan;
    }
    const mlp::Tensor t = targets(labels);
    const Looking look(model_);
    const mlp::Tensor& pred = model_.forward(x);
    *accuracy = regression_ ? nan : loss_->accuracy(pred, t);
    return loss_->forward(pred, t);
}

std::string Playground::stats_json() {
    double train_accuracy = 0, test_accuracy = 0;
    const double train_loss = loss_on(train_x_, train_.y, &train_accuracy);
    const double test_loss = loss_on(test_x_, test_.y, &test_accuracy);
    // The confusion matrix of the held-out points (the training points when none are held out).
    std::string confusion = "[]";
    const bool on_test = test_x_.rows() > 0;
    const mlp::Tensor& cx = on_test ? test_x_ : train_x_;
    if (!regression_ && cx.rows() > 0) {
        const Looking look(model_);
        const mlp::Tensor& pred = model_.forward(cx);
        std::vector<std::size_t> predicted(cx.rows());
        for (std::size_t n = 0; n < cx.rows(); ++n) predicted[n] = loss_->decide(pred, n);
        const mlp::ConfusionMatrix m = mlp::confusion_matrix(mlp::class_indices(on_test ? test_.y : train_.y), predicted, classes_);
        confusion = "[";
        for (std::size_t t = 0; t < classes_; ++t) {
            confusion += t ? ",[" : "[";
            for (std::size_t p = 0; p < classes_; ++p) confusion += (p ? "," : "") + std::to_string(m(t, p));
            confusion += "]";
        }
        confusion += "]";
    }
    return "{\"epoch\":" + std::to_string(trainer_->epochs_done()) + ",\"train_loss\":" + json_number(train_loss) +
           ",\"test_loss\":" + json_number(test_loss) + ",\"train_accuracy\":" + json_number(train_accuracy) +
           ",\"test_accuracy\":" + json_number(test_accuracy) + ",\"task\":\"" +
           (regression_ ? "regression" : "classification") + "\",\"classes\":" + std::to_string(classes_) +
           ",\"loss\":" + json_string(loss_name_) + ",\"lr\":" + json_number(optimizer_->lr()) +
           ",\"train_points\":" + std::to_string(train_.x.rows()) + ",\"test_points\":" +
           std::to_string(test_.x.rows()) + ",\"parameters\":" + std::to_string(model_.parameter_count()) +
           ",\"confusion\":" + confusion + ",\"confusion_on\":\"" + (on_test ? "test" : "training") +
           "\",\"batch\":" + std::to_string(batches_done_) + ",\"batches\":" + std::to_string(batches_per_epoch()) + "}";
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
    const Looking look(model_);
    const mlp::Tensor& y = model_.forward(inputs(grid(res)));
    if (regression_) return std::vector<double>(y.data(), y.data() + y.size());
    mlp::Tensor p;
    loss_->probabilities(y, p);
    return std::vector<double>(p.data(), p.data() + p.size());
}

std::vector<double> Playground::hidden_units(int res) {
    std::vector<double> out;
    const mlp::Tensor x = inputs(grid(res));
    const std::size_t cells = x.rows();
    const Looking look(model_);
    model_.forward_each(x, [&](std::size_t i, const mlp::Layer&, const mlp::Tensor& y) {
        if (!shown_[i]) return;
        for (std::size_t j = 0; j < y.cols(); ++j)
            for (std::size_t n = 0; n < cells; ++n) out.push_back(y(n, j));
    });
    return out;
}

std::vector<double> Playground::feature_maps(int res) const {
    const mlp::Tensor x = inputs(grid(res));
    std::vector<double> out;
    for (std::size_t j = 0; j < x.cols(); ++j)
        for (std::size_t n = 0; n < x.rows(); ++n) out.push_back(x(n, j));
    return out;
}

std::string Playground::hidden_json() const {
    std::string out = "[";
    std::size_t width = features_.size();
    for (std::size_t i = 0; i + 1 < model_.size(); ++i) {
        width = model_[i].output_width(width);
        if (!shown_[i]) continue;
        out += std::string(out.size() > 1 ? "," : "") + "{\"layer\":" + std::to_string(i) + ",\"units\":" +
               std::to_string(width) + ",\"name\":" + json_string(model_[i].name()) + "}";
    }
    return out + "]";
}

std::string Playground::weights_json() {
    std::string out = "{\"features\":[";
    for (std::size_t j = 0; j < features_.size(); ++j) out += (j ? "," : "") + json_string(features_[j]);
    out += "],\"dense\":[";
    const std::vector<WeightLayer> layers = weight_layers(model_);
    for (std::size_t l = 0; l < layers.size(); ++l)
        out += std::string(l ? "," : "") + "{\"W\":" + json_tensor(*layers[l].W.value) + ",\"b\":" +
               (layers[l].b ? json_tensor(*layers[l].b->value) : "null") + "}";
    return out + "]}";
}

void Playground::set_weight(int layer, int i, int j, double value) {
    const std::vector<WeightLayer> layers = weight_layers(model_);
    if (layer < 0 || static_cast<std::size_t>(layer) >= layers.size())
        throw std::invalid_argument("Playground::set_weight: expected a layer 0 to " + std::to_string(layers.size() - 1) +
                                    ", got " + std::to_string(layer));
    mlp::Tensor& W = *layers[static_cast<std::size_t>(layer)].W.value;
    if (i < 0 || j < 0 || static_cast<std::size_t>(i) >= W.rows() || static_cast<std::size_t>(j) >= W.cols())
        throw std::invalid_argument("Playground::set_weight: expected a weight within " + W.shape() + ", got (" +
                                    std::to_string(i) + ", " + std::to_string(j) + ")");
    if (!std::isfinite(value)) throw std::invalid_argument("Playground::set_weight: expected a finite number, got " + mlp::format_number(value));
    W(static_cast<std::size_t>(i), static_cast<std::size_t>(j)) = value;
    forget_steps();
}

std::string Playground::predict_text(const std::vector<double>& flat_points) {
    mlp::Tensor points(flat_points.size() / 2, 2);
    for (std::size_t k = 0; k < points.size(); ++k) points[k] = flat_points[k];
    const Looking look(model_);
    const mlp::Tensor& y = model_.forward(inputs(points));
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
    const std::size_t features = features_.size();
    std::optional<std::size_t> in;
    for (std::size_t i = 0; i < loaded.size() && !in; ++i) in = loaded[i].input_width();
    if ((in && *in != features) || loaded.output_width(features) != outputs())
        throw std::invalid_argument("Playground::load_model_text: expected a model from " + std::to_string(features) +
                                    " inputs (the features chosen) to " + std::to_string(outputs()) +
                                    " outputs (this data set and loss), got " + std::to_string(in.value_or(features)) +
                                    " inputs and " + std::to_string(loaded.output_width(in.value_or(features))) + " outputs");
    model_ = std::move(loaded);
    forget_steps();
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

std::string Playground::inits_json() {
    std::string out = "[";
    for (const mlp::Init init : kInits) out += (out.size() > 1 ? "," : "") + json_string(mlp::to_string(init));
    return out + "]";
}

std::string Playground::optimizers_json() {
    std::string out = "[";
    for (const std::string& name : mlp::optimizer_names()) out += (out.size() > 1 ? "," : "") + json_string(name);
    return out + "]";
}

}  // namespace web
