// SPDX-License-Identifier: MIT
// check_svm_loss.cpp: exercise 12, the multiclass SVM (hinge) loss and its gradient, written with
// loops and vectorised.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "checker/checker.hpp"

namespace exercises {

namespace {

using Classes = std::vector<std::size_t>;

// One input: scores (N, C), the correct class of each row, and a label for the verdict's lines.
struct Case {
    std::string label;  // "5 x 3"
    mlp::Tensor scores;
    Classes classes;
};

// What one version returned on one case (or that it threw).
struct Answer {
    bool ran = false;
    double loss = 0.0;
    mlp::Tensor dscores;
};

// The course's loss from the library's: MultiMarginLoss (PyTorch's) divides each row's sum by C,
// so L = C * its loss and dL/ds = C * its gradient. At a margin of exactly 0 it takes the hinge's
// flat side (no gradient), as PyTorch does.
void library_answer(const Case& c, double& loss, mlp::Tensor& dscores) {
    const double C = static_cast<double>(c.scores.cols());
    mlp::MultiMarginLoss criterion;
    loss = C * criterion.forward(c.scores, class_targets(c.classes));
    dscores = criterion.backward();
    for (std::size_t k = 0; k < dscores.size(); ++k) dscores[k] *= C;
}

// The hinge loss written with the knobs of the usual slips, to recognise them; the defaults give
// the right answer. z = sign (s[n][j] - s[n][y]) + margin for each wrong class j.
enum class Correct { Count, None, MinusOneIfAny, MinusOneAlways, CountPlusOne, PlusCount };
struct Rule {
    double margin = 1.0;
    double sign = 1.0;          // -1: s_y - s_j, the margin turned round
    bool hinge = true;          // false: max(0, .) left out
    bool ties = false;          // true: z >= 0 counts as violated
    bool with_y = false;        // the j == y term summed too (always max(0, margin))
    bool mean = true;           // false: the 1/N forgotten
    bool by_C = false;          // true: divided by C as well (the library's loss)
    Correct correct = Correct::Count;  // what dscores(n, y) gets
};

void rule_answer(const Case& c, const Rule& r, double& loss, mlp::Tensor& d) {
    const mlp::Tensor& s = c.scores;
    const std::size_t N = s.rows(), C = s.cols();
    double g = r.mean ? 1.0 / static_cast<double>(N) : 1.0;
    if (r.by_C) g /= static_cast<double>(C);
    d = mlp::Tensor(N, C);
    double sum = 0.0;
    for (std::size_t n = 0; n < N; ++n) {
        const std::size_t y = c.classes[n];
        double count = 0.0;
        for (std::size_t j = 0; j < C; ++j) {
            if (j == y) {
                if (r.with_y) sum += std::max(0.0, r.margin);
                continue;
            }
            const double z = r.sign * (s(n, j) - s(n, y)) + r.margin;
            const bool violated = !r.hinge || z > 0.0 || (r.ties && z == 0.0);
            if (!violated) continue;
            sum += z;
            d(n, j) += r.sign * g;
            count += r.sign;
        }
        switch (r.correct) {
        case Correct::Count: d(n, y) = -count * g; break;
        case Correct::None: d(n, y) = 0.0; break;
        case Correct::MinusOneIfAny: d(n, y) = count != 0.0 ? -g : 0.0; break;
        case Correct::MinusOneAlways: d(n, y) = -g; break;
        case Correct::CountPlusOne: d(n, y) = -(count + 1.0) * g; break;
        case Correct::PlusCount: d(n, y) = count * g; break;
        }
    }
    loss = sum * g;
}

std::string row_text(const mlp::Tensor& t, std::size_t n) {
    std::string text = "(";
    for (std::size_t c = 0; c < t.cols(); ++c) {
        char number[32];
        std::snprintf(number, sizeof number, "%s%.6g", c == 0 ? "" : ", ", t(n, c));
        text += number;
    }
    return text + ")";
}

mlp::Tensor scalar(double x) { return mlp::Tensor(1, 1, x); }

const char* const kWithY = "the sum over j included j = y_n, whose margin s_y - s_y + 1 is always 1 (so L is 1 too "
                     "large): skip the correct class.";
const char* const kMean = "the loss is the MEAN over the N samples: divide the sum (and every gradient) by N.";
const char* const kByC = "this is divided by C, as the library's multi-margin loss (PyTorch's MultiMarginLoss) is; "
                   "the course's L is not divided by the number of classes.";
const char* const kFlipped = "the margin is turned round: a wrong class j costs max(0, s_j - s_y + 1), positive when "
                       "its score comes within 1 of the correct class's, not s_y - s_j + 1.";
const char* const kNoHinge = "max(0, .) is missing: a wrong class already beaten by more than 1 (a negative margin) "
                       "costs 0, not a negative amount.";
const char* const kMarginZero = "the margin is 0: the hinge is max(0, s_j - s_y + 1); the +1 asks the correct class to "
                          "win by at least 1, not just to win.";
const char* const kTies = "at a margin of exactly 0 (s_j = s_y - 1) you counted class j as violating: there the hinge "
                    "has a kink, and the library, like PyTorch, takes its flat side (only margin > 0 counts), so "
                    "that class gets no gradient. The loss is the same either way; only the gradient shows it.";
const char* const kEveryClass = "every wrong class got +1/N, violating or not: only a class whose margin is > 0 passes "
                          "a gradient (after max(0, .) every margin is >= 0, so test > 0, not >= 0), and "
                          "dscores(n, y_n) is minus the number of those.";
const char* const kNoCount = "the correct class's gradient is missing: each violating j adds +1/N to dscores(n, j) and "
                       "-1/N to dscores(n, y_n), so dscores(n, y_n) = -(number of violating classes) / N.";
const char* const kMinusOne = "dscores(n, y_n) is -1/N: it is minus the NUMBER of violating classes of row n, divided "
                        "by N (subtract 1/N once per violating j, or count them).";
const char* const kPlusOne = "dscores(n, y_n) counts one violating class too many: the correct class's own entry "
                       "(margin always 1) was counted; leave j = y_n out of the count.";
const char* const kPlusCount = "dscores(n, y_n) has the wrong sign: s_y enters every margin with a minus, so its "
                         "derivative is -(number of violating classes) / N.";
const char* const kAdded = "dscores kept the previous call's numbers and added this call's to them: write it "
                     "(dscores(n, j) = ...), do not add into it.";

// Grades one version's answer on one case: a line for L and one for dscores. Returns whether both
// are right.
bool grade_case(Verdict& v, const std::string& who, const Case& c, const Answer& got, const Answer* previous) {
    double expected_loss = 0.0;
    mlp::Tensor expected;
    library_answer(c, expected_loss, expected);

    struct Known {
        Rule rule;
        const char* hint;
    };
    const std::vector<Known> known{
        {{.with_y = true}, kWithY},
        {{.mean = false}, kMean},
        {{.by_C = true}, kByC},
        {{.sign = -1.0}, kFlipped},
        {{.hinge = false}, kNoHinge},
        {{.margin = 0.0}, kMarginZero},
        {{.ties = true}, kTies},
        {{.correct = Correct::None}, kNoCount},
        {{.correct = Correct::MinusOneIfAny}, kMinusOne},
        {{.correct = Correct::MinusOneAlways}, kMinusOne},
        {{.correct = Correct::CountPlusOne}, kPlusOne},
        {{.hinge = false, .correct = Correct::CountPlusOne}, kNoHinge},  // a mask of >= 0 counting y too
        {{.correct = Correct::PlusCount}, kPlusCount},
    };
    std::vector<Mistake> loss_mistakes, d_mistakes;
    for (const Known& k : known) {
        double loss = 0.0;
        mlp::Tensor d;
        rule_answer(c, k.rule, loss, d);
        loss_mistakes.push_back({scalar(loss), k.hint});
        // Without max(0, .) every wrong class gets +1/N; a mask of margins >= 0 taken after
        // max(0, .) does the same with the loss right, so the gradient's hint names both.
        d_mistakes.push_back({d, k.rule.hinge ? k.hint : kEveryClass});
    }
    if (previous != nullptr && previous->ran && previous->dscores.rows() == expected.rows() &&
        previous->dscores.cols() == expected.cols()) {
        mlp::Tensor added = expected;
        for (std::size_t k = 0; k < added.size(); ++k) added[k] += previous->dscores[k];
        d_mistakes.insert(d_mistakes.begin(), {added, kAdded});
    }

    // The loss is one number: say which known mistake it is, or nothing (a single number is
    // always "some constant times" the right one, so that general hint would say nothing).
    const std::string loss_name = who + ": L (" + c.label + ")";
    const TensorReport lr = compare(loss_name, scalar(got.loss), scalar(expected_loss));
    v.tensors.push_back(lr);
    if (!lr.ok) {
        v.passed = false;
        std::string hint;
        for (const Mistake& m : loss_mistakes)
            if (same(scalar(got.loss), m.value)) {
                hint = m.hint;
                break;
            }
        if (hint.empty()) hint = general_hint(scalar(got.loss), scalar(expected_loss), false);
        // Close, but not to double precision: what a float (about 7 significant digits) leaves
        // of a margin such as 1000.3 - 1000.7 + 1.
        if (hint.empty() && std::isfinite(got.loss) && lr.relative_error < 1e-4) {
            char text[200];
            std::snprintf(text, sizeof text,
                          "L is right to %.1g but not to double precision: is something computed in float? At "
                          "scores near 1000 a float keeps about 7 significant digits.",
                          lr.relative_error);
            hint = text;
        }
        add_hint(v, loss_name, hint);
    }
    const std::string d_name = who + ": dscores (" + c.label + ")";
    const bool d_ok = check_tensor(v, d_name, got.dscores, expected, d_mistakes);
    const TensorReport& dr = v.tensors.back();
    if (!d_ok && dr.shape_ok) {
        v.notes.push_back(d_name + ": row " + std::to_string(dr.row) + " had scores " + row_text(c.scores, dr.row) +
                          " and class " + std::to_string(c.classes[dr.row]));
    }
    return lr.ok && d_ok;
}

std::vector<Case> cases() {
    std::vector<Case> all;
    // Margins on a grid of quarters are exact in any order of operations, so a tie (s_j = s_y - 1,
    // margin exactly 0) is a tie whichever way it is computed, and every other margin is at least
    // 0.25 away from 0. Row 0 has a tie; rows 0 and 2 violate nothing; rows 1 and 4 violate twice.
    all.push_back({"5 x 3",
                   mlp::Tensor::from_rows({{2.5, 1.5, 0.25},
                                           {0.75, 1.0, 0.5},
                                           {-0.5, 3.0, 0.0},
                                           {1.25, -2.0, 0.75},
                                           {0.25, 0.5, -0.5}}),
                   {0, 2, 1, 2, 0}});
    // Scores of +-1000, on the same buffer; margins of about 1 between them, and a tie at -999 /
    // -1000. The fractions are not quarters: a float keeps only about 0.00006 of them at 1000,
    // a relative error of 1e-4 in a margin of 0.6.
    all.push_back({"5 x 3, +-1000",
                   mlp::Tensor::from_rows({{1000.3, 1000.7, -1000.0},
                                           {-999.0, -1000.0, -998.0},
                                           {999.85, -1000.0, 1000.2},
                                           {1000.0, 999.4, 999.9},
                                           {-1000.1, -999.2, -1000.6}}),
                   {1, 0, 2, 1, 0}});
    // One sample, ten classes (the buffer must be resized): three violate, one ties.
    all.push_back({"1 x 10",
                   mlp::Tensor::from_rows({{0.5, -1.0, 2.0, 1.5, 0.0, 3.0, -2.5, 2.5, 1.0, 2.25}}),
                   {7}});
    // Five samples, ten classes: quarters from a formula, with ties and rows of many violations.
    Case wide{"5 x 10", mlp::Tensor(5, 10), {3, 0, 9, 5, 3}};
    for (std::size_t n = 0; n < 5; ++n)
        for (std::size_t j = 0; j < 10; ++j)
            wide.scores(n, j) = static_cast<double>((n * 7 + j * 5) % 11) * 0.25 - 1.25;
    all.push_back(wide);
    // Two classes: at most one violation per row; a tie in row 0.
    all.push_back({"5 x 2",
                   mlp::Tensor::from_rows({{1.0, 0.0}, {0.5, 0.25}, {-1.0, 2.0}, {0.75, 1.5}, {3.0, 2.5}}),
                   {0, 1, 1, 0, 1}});
    return all;
}

// Runs one version on every case in order on one dscores buffer, as a loss reuses its own.
std::vector<Answer> run_version(Verdict& v, const std::string& who, const SvmLoss& student,
                                const std::vector<Case>& all) {
    std::vector<Answer> answers(all.size());
    mlp::Tensor dscores;
    for (std::size_t i = 0; i < all.size(); ++i) {
        double loss = 0.0;
        const std::size_t hints = v.hints.size();
        if (!run_student_code(v, [&] { loss = student(all[i].scores, all[i].classes, dscores); })) {
            // Say which version threw; a hint the other version's throw already gave is said once.
            v.notes.back() = who + ", case " + all[i].label + ": " + v.notes.back();
            for (std::size_t h = 0; h < hints && v.hints.size() > hints; ++h)
                if (v.hints[h] == v.hints.back()) v.hints.pop_back();
            break;
        }
        answers[i] = {true, loss, dscores};
    }
    return answers;
}

// Grades one version's answers, case by case, up to the first wrong one (later cases would
// repeat its mistake). Returns whether every case was right.
bool grade_version(Verdict& v, const std::string& who, const std::vector<Case>& all,
                   const std::vector<Answer>& answers) {
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (!answers[i].ran) return false;  // it threw: run_student_code said so
        if (!grade_case(v, who, all[i], answers[i], i == 0 ? nullptr : &answers[i - 1])) return false;
    }
    return true;
}

}  // namespace

Verdict check_svm_loss(const SvmLoss& loops, const SvmLoss& vectorised) {
    Verdict v;
    v.title = "Exercise 12: multiclass SVM loss";
    v.passed = true;
    const std::vector<Case> all = cases();
    const std::vector<Answer> by_loops = run_version(v, "loops", loops, all);
    const bool loops_ok = grade_version(v, "loops", all, by_loops);
    const std::vector<Answer> by_vectors = run_version(v, "vectorised", vectorised, all);
    const bool vectors_ok = grade_version(v, "vectorised", all, by_vectors);

    // The two versions against each other, on the first case where both ran and they differ.
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Answer& a = by_loops[i];
        const Answer& b = by_vectors[i];
        if (!a.ran || !b.ran) break;
        if (same(scalar(a.loss), scalar(b.loss)) && same(a.dscores, b.dscores)) continue;
        const std::string where = "on case " + all[i].label;
        if (loops_ok) {
            add_hint(v, "vectorised", "it differs from your loop version " + where +
                                          ", which gives the library's answer: print both versions' margins and "
                                          "gradients for that case and compare them step by step.");
        } else if (vectors_ok) {
            add_hint(v, "loops", "it differs from your vectorised version " + where +
                                     ", which gives the library's answer: compare the two step by step.");
        } else {
            v.notes.push_back("your two versions also differ from each other " + where + ".");
        }
        return v;
    }
    if (!loops_ok && !vectors_ok && by_loops.back().ran && by_vectors.back().ran) {
        v.notes.push_back("your two versions agree with each other on every case: the mistake is in the formula "
                          "they share, not in the vectorising.");
    } else if (loops_ok && vectors_ok) {
        v.notes.push_back("your two versions agree with each other and with the library on all " +
                          std::to_string(all.size()) + " cases.");
    }
    return v;
}

}  // namespace exercises
