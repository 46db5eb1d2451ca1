// SPDX-License-Identifier: MIT
// checker.hpp: the graders of the course exercises. Each takes the student's implementation as a
// function or a layer, runs it on fixed inputs, compares every tensor with the library's own
// answer, and returns a Verdict: passed or not, the relative error of each tensor, which element
// is off and how big the numbers should be, and a hint naming the likely mistake. A student's
// exception becomes a sentence in the verdict, never a stack trace.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "checker/gradient_check.hpp"
#include "mlp/mlp.hpp"

namespace exercises {

// How one tensor of the student's compares with the expected one.
struct TensorReport {
    std::string name;             // "dW"
    bool ok = false;
    bool shape_ok = false;
    std::string expected_shape;   // "(4, 2)"
    std::string got_shape;
    double relative_error = 0.0;  // the worst element's |got - expected| / max(|got| + |expected|, floor)
    std::size_t row = 0, col = 0; // where the worst element is
    double got = 0.0, expected = 0.0;
    double magnitude = 0.0;       // the largest |expected| in the tensor: how big the numbers should be
    // "dW  (4, 2)  WRONG  relative error 1 at (2, 1): got 0.5, expected ...", the name padded to
    // `width` characters so that a verdict's lines line up.
    std::string line(int width = 10) const;
};

struct Verdict {
    std::string title;            // "Exercise 2: Dense backward"
    bool passed = false;
    std::vector<TensorReport> tensors;
    std::vector<std::string> notes;   // what was checked besides tensors ("gradcheck passed ...")
    std::vector<std::string> hints;   // the likely mistake, when one is recognised
    std::string text() const;         // the verdict as the student reads it
};

// A relative error below this passes: double-precision code that computes the right formula in
// any order lands near 1e-15.
constexpr double kTolerance = 1e-7;

// Compares got with expected element by element (see TensorReport). Elements far smaller than
// the tensor's largest are measured against floor_fraction (1e-9) of that largest, so rounding
// noise near 0 does not count as an error.
TensorReport compare(const std::string& name, const mlp::Tensor& got, const mlp::Tensor& expected,
                     double tolerance = kTolerance, double floor_fraction = 1e-9);

// A mistake a student typically makes, as the tensor it would produce and what to say if the
// student's tensor equals it.
struct Mistake {
    mlp::Tensor value;
    std::string hint;
};

// Adds the report for `got` to the verdict, and, when it is wrong, the hint of the first known
// mistake it matches, or a general one (all zeros, every sign flipped, off by a constant factor,
// transposed, NaN). Returns whether it was right.
bool check_tensor(Verdict& v, const std::string& name, const mlp::Tensor& got, const mlp::Tensor& expected,
                  const std::vector<Mistake>& mistakes = {}, double tolerance = kTolerance);

// Adds "<name>: <hint>" to the verdict's hints, unless the hint is empty or already given for
// another tensor (the same mistake seen in a second case is said once).
void add_hint(Verdict& v, const std::string& name, const std::string& hint);

// The general hint for a wrong tensor (see check_tensor), or "" when none applies. With
// scale = false it never says "c times the right value": for callers whose mistakes can be a
// constant factor on one input only by coincidence (momentum's first step).
std::string general_hint(const mlp::Tensor& got, const mlp::Tensor& expected, bool scale = true);

// True when a and b have one shape and agree element by element to the tolerance.
bool same(const mlp::Tensor& a, const mlp::Tensor& b, double tolerance = kTolerance);

// Runs the student's code; an exception it throws fails the verdict with an explanation.
// Returns false when it threw.
bool run_student_code(Verdict& v, const std::function<void()>& code);

// Prints the verdict and returns the program's exit status: 0 passed, 1 not yet.
int report(const Verdict& v);

// From here on, a crash (abort, segmentation fault, arithmetic trap) prints "<title>: NOT YET"
// with what happened and exits with status 1, so even a crash is a verdict. The exercise
// programs call it first; a student's index slip in a Tensor throws instead (the exercises are
// compiled with MLP_CHECKED_ACCESS), which run_student_code turns into a verdict line.
void report_crashes_as(const std::string& title);

// ---------------------------------------------------------------------------------------------
// The exercises.
// ---------------------------------------------------------------------------------------------

// 1. An activation's forward and backward, against a reference layer (the exercise uses Tanh):
//    y and dL/dx on a first input, then again on a second input of the same shape (the layer's
//    buffers now hold the first answer, so "+=" for "=" shows), and on a third of another shape.
//    The inputs include +-1000 and +-20, where the reference is stable. `mistakes` gives, for
//    an input x, its dL/dy and the right y, the dx of each mistake the reference's formula
//    invites (none by default).
using ActivationMistakes =
    std::function<std::vector<Mistake>(const mlp::Tensor& x, const mlp::Tensor& y, const mlp::Tensor& dy)>;
Verdict check_activation(mlp::Layer& student, mlp::Layer& reference, const std::string& title,
                         const ActivationMistakes& mistakes = {});
Verdict check_exercise1(mlp::Layer& student);  // the reference is mlp::Tanh

// 2. Dense's backward, as a function of the cached input x, the weights W and dL/dy:
//    dx (N, in) is written, dW (in, out) and db (1, out) are ADDED into (they hold earlier sums).
//    Checked on a (3, 4) x with a (4, 2) W and on a square one, each called twice on the same
//    dx, dW, db (as Dense reuses its buffers).
using DenseBackward = std::function<void(const mlp::Tensor& x, const mlp::Tensor& W, const mlp::Tensor& dy,
                                         mlp::Tensor& dx, mlp::Tensor& dW, mlp::Tensor& db)>;
Verdict check_dense_backward(const DenseBackward& student);

// 3. Softmax cross-entropy's gradient: logits (N, C) and the class of each row; writes
//    dlogits (N, C) = dL/dlogits for L = mean_n [ -log softmax(logits[n])[class[n]] ].
using CrossEntropyBackward = std::function<void(const mlp::Tensor& logits, const std::vector<std::size_t>& classes,
                                                mlp::Tensor& dlogits)>;
Verdict check_cross_entropy_backward(const CrossEntropyBackward& student);
// The (N, 1) targets CrossEntropyLoss takes (class indices as doubles) for these classes.
mlp::Tensor class_targets(const std::vector<std::size_t>& classes);

// 4. One step of SGD with momentum (PyTorch's rule, no dampening) on every parameter, using and
//    updating one velocity tensor per parameter; `velocity` is empty before the first step.
using MomentumStep = std::function<void(std::vector<mlp::Param>& params, std::vector<mlp::Tensor>& velocity,
                                        double lr, double momentum)>;
Verdict check_momentum_step(const MomentumStep& student);

// 5. A new activation of the student's choosing: it must act element by element, have a backward
//    that agrees with finite differences of its own forward, and be clearly curved: the best
//    straight line through it on [-4, 4] must miss it by at least kMinCurvature of its range.
//    Also where formulas right in the middle break: at exactly 0 (a slope divided by x), beyond
//    +-3 (a branch of a piecewise one such as the hard swish) and at +-1000 (e^x overflowed), its
//    outputs and dx must be finite and dx must agree with its forward's slope; at a kink at 0 any
//    slope between the two sides is right. Whether it learns XOR is reported, not required.
constexpr double kMinCurvature = 0.01;
Verdict check_new_activation(mlp::Layer& student);
// The largest distance between f and the least-squares line through it on [-4, 4] (81 points),
// divided by f's range there: 0 for a straight line, NaN when f is not finite at one of the
// points. Sets a and b to the line y = a x + b.
double distance_from_line(mlp::Layer& f, double& a, double& b);

// 6. Why a linear stack cannot learn XOR. (a) fold two Dense layers into the one they equal;
//    (b) a model that does learn XOR (trained like the XOR lesson, 5 seeds, at least 4 must reach
//    100%), with mlp::collapse_linear showing what a linear one folds into.
using FoldLinear = std::function<void(const mlp::Tensor& W1, const mlp::Tensor& b1, const mlp::Tensor& W2,
                                      const mlp::Tensor& b2, mlp::Tensor& W, mlp::Tensor& b)>;
Verdict check_fold_linear(const FoldLinear& student);
using MakeModel = std::function<mlp::Sequential(mlp::Rng& rng)>;
Verdict check_xor_model(const MakeModel& student);

// 7. Backprop through a whole two-layer network by hand:
//      net_h = x W1 + b1, h = sigmoid(net_h), net_o = h W2 + b2, out = sigmoid(net_o),
//      L = mean over the (N, out) elements of (out - t)^2    (mlp::MSELoss)
//    The student returns L and writes dL/dW1, dL/db1, dL/dW2, dL/db2; checked against the
//    library's layers on the worked example (examples/backprop_by_hand.*) and on a 3-4-2 network
//    with 5 samples.
using TwoLayerBackprop = std::function<void(const mlp::Tensor& x, const mlp::Tensor& t, const mlp::Tensor& W1,
                                            const mlp::Tensor& b1, const mlp::Tensor& W2, const mlp::Tensor& b2,
                                            double& loss, mlp::Tensor& dW1, mlp::Tensor& db1, mlp::Tensor& dW2,
                                            mlp::Tensor& db2)>;
Verdict check_two_layer_backprop(const TwoLayerBackprop& student);

// 8. Adam written as an mlp::Optimizer (a class with update() and state_names()), made by the
//    student's function from parameters and options (amsgrad is never asked). Checked step by
//    step against mlp::Adam for kAdamSteps steps with two settings (PyTorch's defaults; betas far
//    apart, a large eps and weight decay), on four parameters of three shapes with gradients drawn
//    anew at every step; then a second optimizer given the first one's state() and steps() after
//    5 steps must take the same next steps; then XOR is trained through mlp::Trainer, 3 seeds, to
//    100% and to mlp::Adam's weights. A hint names a rule only when its whole path matches.
using MakeAdam = std::function<std::unique_ptr<mlp::Optimizer>(std::vector<mlp::Param> params,
                                                               const mlp::AdamOptions& options)>;
Verdict check_adam(const MakeAdam& student);

// 9. Inverted dropout as a Layer, made by the student's function from p and a seed: it draws its
//    mask from an mlp::Rng(seed) as mlp::Dropout does (one uniform() per element, row by row, in
//    training only; an element is dropped when its draw is < p, kept ones are scaled by
//    1 / (1 - p)), so every output can be compared with mlp::Dropout's exactly: forwards and
//    backwards in training on non-square and square inputs (with exact zeros), repeated calls,
//    evaluation mode and back, p = 0 and p = 1, and the forward's output left intact by backward.
using MakeDropout = std::function<std::unique_ptr<mlp::Layer>(double p, std::uint32_t seed)>;
Verdict check_dropout(const MakeDropout& student);

// 10. Batch normalisation as a Layer, made by the student's function from (features, eps,
//     momentum), with params "gamma" and "beta" and buffers "running_mean" and "running_var",
//     each (1, C). Compared call by call with mlp::BatchNorm1d given the same gamma, beta and
//     gradients to add into: y, the running statistics after every step, dx, dgamma and dbeta, in
//     training on several shapes (N >= 2: PyTorch refuses one sample in training), in evaluation
//     (N = 1 too) and back, and with eps 0.5 on a batch with a constant column (variance 0) and a
//     column of values near 1e6 with a spread of about 1.
using MakeBatchNorm = std::function<std::unique_ptr<mlp::Layer>(std::size_t features, double eps, double momentum)>;
Verdict check_batch_norm(const MakeBatchNorm& student);
// 12. The multiclass SVM (hinge) loss as the course defines it, with its gradient:
//      L = (1/N) sum_n sum_{j != y_n} max(0, s[n][j] - s[n][y_n] + 1)
//    returned, and dscores (N, C) = dL/ds WRITTEN. This is C times the library's MultiMarginLoss
//    (PyTorch's divides by C too), and the expected numbers are that loss and its backward times
//    C; at a margin of exactly 0 both take the hinge's flat side (no gradient). The student
//    writes it twice, with loops and vectorised; each is checked on five cases in turn on one
//    dscores buffer (shapes 5 x 3, 5 x 3 with scores of +-1000, 1 x 10, 5 x 10, 5 x 2, with
//    ties), and the two against each other.
using SvmLoss =
    std::function<double(const mlp::Tensor& scores, const std::vector<std::size_t>& classes, mlp::Tensor& dscores)>;
Verdict check_svm_loss(const SvmLoss& loops, const SvmLoss& vectorised);
// 11. A gradient checker of the student's own, called as checker(layer, x, r, h, tolerance): it
//    must compare the layer's backward with central differences of L = sum(r y) (so dL/dy = r) for
//    dL/dx and every parameter, report each tensor's analytic and numeric gradients and max relative
//    error, and say Agree, Disagree or AllZero (see gradient_check.hpp), leaving the layer's
//    parameters bit for bit as it found them. It is run with h = kGradientCheckStep and
//    tolerance = kGradientCheckTolerance on right layers (Agree), on layers with a planted backward
//    bug (Disagree), on layers whose gradients are all exactly 0 (AllZero), and on layers whose
//    gradients are about 1e-10 and 1e6 in size; its numeric gradients are compared with the
//    grader's own central differences, and its errors must fall on the same side of the tolerance
//    as |a - n| / max(|a| + |n|, 1e-3 of the tensor's largest |a| or |n|).
constexpr double kGradientCheckStep = 1e-5;
constexpr double kGradientCheckTolerance = 1e-6;
using GradientChecker = std::function<GradientCheck(mlp::Layer& layer, const mlp::Tensor& x, const mlp::Tensor& r,
                                                    double h, double tolerance)>;
Verdict check_gradient_check(const GradientChecker& student);
// The grader's own checker, by the rule above (the exercise's tests grade it as a student's).
GradientCheck reference_gradient_check(mlp::Layer& layer, const mlp::Tensor& x, const mlp::Tensor& r, double h,
                                       double tolerance);

}  // namespace exercises
