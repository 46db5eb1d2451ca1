// SPDX-License-Identifier: MIT
// test_exercises.cpp: what every exercise checker shares: the verdict a student reads, checked
// tensor access (an index out of range is a verdict line, never an abort), and the starters,
// linked in as a student's untouched files, graded NOT YET with a hint. Each checker's own
// tests are in test_exercises_<checker>.cpp.
#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "exercise_test_support.hpp"
#include "student.hpp"

using exercise_tests::hints_at;
using exercise_tests::notes_say;
using exercises::Verdict;

TEST_CASE("exercises: the checkers and the students' code see bounds-checked tensors") {
    mlp::Tensor t(3, 2);
    CHECK_THROWS_WITH_AS(t(0, 2), "Tensor::at: index (0, 2) is outside shape (3, 2)", std::out_of_range);
    CHECK_THROWS_WITH_AS(t(3, 0), "Tensor::at: index (3, 0) is outside shape (3, 2)", std::out_of_range);
    CHECK_THROWS_WITH_AS(t[6], "Tensor::operator[]: index 6 is outside a tensor of 6 elements, shape (3, 2)",
                         std::out_of_range);
    const mlp::Tensor& c = t;
    CHECK_THROWS_AS((void)c(1, 5), std::out_of_range);
    CHECK_NOTHROW(t(2, 1) = 1.0);
    CHECK(t[5] == 1.0);
}

TEST_CASE("exercises: a verdict line names the tensor, its worst relative error, the element and the size") {
    Verdict v;
    v.title = "Exercise 0: example";
    v.passed = true;
    const mlp::Tensor expected = mlp::Tensor::from_rows({{1.0, -2.0}, {0.5, 4.0}});
    const mlp::Tensor wrong = mlp::Tensor::from_rows({{1.0, 2.0}, {0.5, 4.0}});
    CHECK_FALSE(exercises::check_tensor(v, "a tensor with a long name", wrong, expected));
    CHECK(exercises::check_tensor(v, "b", expected, expected));
    const std::string text = v.text();
    CHECK(text.find("Exercise 0: example: NOT YET") == 0);
    CHECK(text.find("a tensor with a long name (2, 2)   WRONG  relative error 1 at (0, 1): got 2, expected -2 "
                    "(its values are up to 4 in size)") != std::string::npos);
    CHECK(text.find("b                         (2, 2)   ok") != std::string::npos);  // the names line up
}

TEST_CASE("exercises: the same hint for a second tensor is said once") {
    Verdict v;
    exercises::add_hint(v, "dW", "check the sign.");
    exercises::add_hint(v, "dW (3 x 3 W)", "check the sign.");
    exercises::add_hint(v, "db", "");
    CHECK(v.hints == std::vector<std::string>{"dW: check the sign."});
}

TEST_CASE("exercises: any exception from a student's code is a verdict") {
    Verdict v;
    v.passed = true;
    CHECK_FALSE(exercises::run_student_code(v, [] { throw 42; }));
    CHECK_FALSE(v.passed);
    CHECK(notes_say(v, "something that is not a std::exception"));
    CHECK(exercises::run_student_code(v, [] {}));
}

TEST_CASE("the starters, as a student first builds them, are graded NOT YET with a hint") {
    const std::unique_ptr<mlp::Layer> tanh = student::make_tanh();
    const std::unique_ptr<mlp::Layer> mine = student::make_my_activation();
    const std::vector<Verdict> verdicts{
        exercises::check_exercise1(*tanh),
        exercises::check_dense_backward(student::dense_backward),
        exercises::check_cross_entropy_backward(student::cross_entropy_backward),
        exercises::check_momentum_step(student::momentum_step),
        exercises::check_new_activation(*mine),
        exercises::check_fold_linear(student::fold_linear),
        exercises::check_xor_model(student::make_xor_model),
        exercises::check_two_layer_backprop(student::two_layer_backprop),
        exercises::check_adam(student::make_adam),
        exercises::check_dropout(student::make_dropout),
        exercises::check_batch_norm(student::make_batch_norm),
        exercises::check_gradient_check(student::check_layer_gradients),
    };
    for (const Verdict& v : verdicts) {
        CAPTURE(v.text());
        CHECK_FALSE(v.passed);
        CHECK_FALSE(v.hints.empty());
    }
    CHECK(hints_at(verdicts[7], "every element is 0"));
}
