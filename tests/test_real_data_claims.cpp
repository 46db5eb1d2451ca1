// SPDX-License-Identifier: MIT
// test_real_data_claims.cpp: the real-data lessons' claims, on the lessons' own code.
#include <doctest/doctest.h>

#include "../examples/diabetes_experiment.hpp"
#include "../examples/real_data_experiment.hpp"

namespace {

double mean_test_accuracy(const real_data_lesson::Setup& setup, std::uint32_t seeds) {
    const mlp::Dataset data = mlp::read_csv(std::string(MLP_SOURCE_DIR) + "/" + setup.file);
    // The seeds' trainings side by side on every core; summed in seed order, as a plain loop would.
    const auto runs = mlp::run_experiments(seeds, [&](std::size_t i) {
        return real_data_lesson::train(setup, data, static_cast<std::uint32_t>(i + 1));
    });
    double sum = 0.0;
    for (const auto& run : runs) sum += run.test_accuracy;
    return sum / seeds;
}

}  // namespace

TEST_CASE("iris: mean test accuracy over 10 seeds is at least 95%") {
    CHECK(mean_test_accuracy(real_data_lesson::iris(), 10) >= 0.95);
}

TEST_CASE("breast_cancer: mean test accuracy over 5 seeds is at least 95%") {
    CHECK(mean_test_accuracy(real_data_lesson::breast_cancer(), 5) >= 0.95);
}

TEST_CASE("digits: mean test accuracy over 3 seeds is at least 96%") {
    CHECK(mean_test_accuracy(real_data_lesson::digits(), 3) >= 0.96);
}

TEST_CASE("wine: mean test accuracy over 10 seeds is at least 95%") {
    CHECK(mean_test_accuracy(real_data_lesson::wine(), 10) >= 0.95);
}

TEST_CASE("real-data lessons: the predictions behind the report are the ones the accuracy counts") {
    const real_data_lesson::Setup setup = real_data_lesson::wine();
    const mlp::Dataset data = mlp::read_csv(std::string(MLP_SOURCE_DIR) + "/" + setup.file);
    const real_data_lesson::Result r = real_data_lesson::train(setup, data, 1);
    const mlp::ConfusionMatrix m = mlp::confusion_matrix(r.test_truth, r.test_predicted, 3);
    CHECK(m.total() == r.test_rows);
    CHECK(m.accuracy() == doctest::Approx(r.test_accuracy));
}

TEST_CASE("diabetes: the 10-16-1 network's mean test R^2 over 10 seeds is at least 0.40, MAE below 50") {
    const mlp::Dataset d = diabetes_lesson::load(std::string(MLP_SOURCE_DIR) + "/" + diabetes_lesson::kFile);
    const diabetes_lesson::Summary s = diabetes_lesson::run_seeds(d, false);
    CHECK(s.mlp_r2 >= diabetes_lesson::kClaimR2);
    CHECK(s.mlp_mae < 50.0);
    CHECK(s.linear_r2 > 0.3);  // the comparison the lesson prints is with a working baseline
}
