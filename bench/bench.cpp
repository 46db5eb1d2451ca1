// SPDX-License-Identifier: MIT
// bench.cpp: times the workloads of issues 7 and 19 and prints, for each, the median and spread over
// repeated runs and the ratio to its target. Built and run by `cmake --workflow --preset bench`.
//
//   bench [--repeats N] [--quick] [--only xor|moons|mlp|kernels] [--no-peers] [--fashion]
//
// --fashion adds the last target (about two minutes per side): the time to 88.5% test
// accuracy on Fashion-MNIST with examples/fashion_mnist_experiment.hpp's network and schedule,
// against PyTorch fp32 (bench/peer_torch_fashion.py) on the same network and schedule, in the same run.
//
// Where FANN (libfann-dev) and /usr/bin/python3 with torch are present, it then runs the peers
// (bench/peer_fann.c, bench/peer_torch.py) on the same workloads and prints the ratios.
//
// Double precision; one thread except the 784-256-128-10 network, run on 1 and on 2 threads
// (the XOR and two-moons products are too small to be split, whatever MLP_THREADS says). Every workload goes through the public API exactly as a
// student's program would (Trainer::fit, or the named kernels for the matrix products).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"
#include "../examples/fashion_mnist_experiment.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Summary {
    double median = 0.0, min = 0.0, max = 0.0;
};

Summary summarize(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    const double median = n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    return {median, v.front(), v.back()};
}

// ---------------------------------------------------------------------------------------------
// The machine
// ---------------------------------------------------------------------------------------------

// The first "key : value" line of /proc/cpuinfo with this key ("" when there is none).
std::string cpuinfo(const std::string& key) {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, key.size(), key) == 0) {
            const std::size_t colon = line.find(':');
            if (colon != std::string::npos) return line.substr(colon + 2);
        }
    }
    return "";
}

bool has_flag(const std::string& flag) {
    std::string flags = cpuinfo("flags");
    flags += ' ';
    std::string word = flag;
    word += ' ';
    return flags.find(word) == 0 || flags.find(' ' + word) != std::string::npos;
}

// Double-precision FLOPs one core can retire per cycle (the documented rate): FMA pipes x doubles per vector x 2
// (an FMA is a multiply and an add). AMD Zen 2, 3 and 4 have two 256-bit FMA pipes (Zen 4
// runs AVX-512 instructions on them in two halves), so 2 x 4 x 2 = 16. Zen 5 (CPU family 26;
// /proc/cpuinfo says "AMD EPYC", family 26) has two
// 512-bit FMA pipes in its server parts: 2 x 8 x 2 = 32, about 107 GFLOP/s at 3.3 GHz. The
// probe below confirms it: 8-wide chains run twice as fast as 4-wide ones there, which a
// Zen 4 would not do. Without FMA this program's
// vectors are SSE2's two doubles and a multiply and an add issue separately.
int dp_flops_per_cycle() {
    const bool zen5_or_later = cpuinfo("vendor_id") == "AuthenticAMD" && std::atoi(cpuinfo("cpu family").c_str()) >= 26;
    if (has_flag("avx512f") && zen5_or_later) return 32;
    if (has_flag("fma") && has_flag("avx2")) return 16;
    return 4;
}

#if defined(__GNUC__)
// The probe runs at the vector width this build uses for the kernels: 8 doubles with AVX-512,
// else 4 (AVX2, or two SSE2 halves).
#if defined(__AVX512F__)
constexpr int kLanes = 8;
#else
constexpr int kLanes = 4;
#endif
typedef double vd __attribute__((vector_size(kLanes * 8)));
typedef double vd_half __attribute__((vector_size(kLanes * 4)));  // half as wide, for comparison

// Twelve independent chains of vector multiply-adds, enough to keep two FMA pipes with a 4-cycle
// latency busy (8 would do). The loop has its own function with the chains in locals, so they
// stay in registers: the first version kept them across the timer calls, the compiler stored
// them to the stack every iteration, and the probe measured 24.7 of about 57 GFLOP/s.
template <typename V>
[[gnu::noinline]] V fma_chains(long iterations, V m, V c, V a0) {
    V a1 = a0 + 1, a2 = a0 + 2, a3 = a0 + 3, a4 = a0 + 4, a5 = a0 + 5, a6 = a0 + 6, a7 = a0 + 7;
    V a8 = a0 + 8, a9 = a0 + 9, a10 = a0 + 10, a11 = a0 + 11;
    for (long it = 0; it < iterations; ++it) {
        a0 = a0 * m + c; a1 = a1 * m + c; a2 = a2 * m + c; a3 = a3 * m + c;
        a4 = a4 * m + c; a5 = a5 * m + c; a6 = a6 * m + c; a7 = a7 * m + c;
        a8 = a8 * m + c; a9 = a9 * m + c; a10 = a10 * m + c; a11 = a11 * m + c;
    }
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
}

// The fastest double-precision arithmetic this binary can do with `lanes`-wide vectors V, so
// its rate is the measured peak (it includes whatever boost clock the core runs at).
template <typename V, int lanes>
double probe_gflops() {
    volatile double mv = 0.999999, cv = 1e-7, start_value = 1.0;
    V m, c, a0;
    for (int l = 0; l < lanes; ++l) m[l] = mv, c[l] = cv, a0[l] = start_value;
    const long iterations = 20'000'000;
    std::vector<double> rates;
    double sink = 0.0;
    for (int rep = 0; rep < 5; ++rep) {
        const Clock::time_point start = Clock::now();
        const V sum = fma_chains<V>(iterations, m, c, a0);
        rates.push_back(12.0 * lanes * 2 * static_cast<double>(iterations) / seconds_since(start) / 1e9);
        sink += sum[0];
    }
    volatile double keep = sink;
    (void)keep;
    return *std::max_element(rates.begin(), rates.end());
}
double measured_peak_gflops() { return probe_gflops<vd, kLanes>(); }
// The same chains half as wide: about half the rate where the FMA pipes are as wide as vd
// (Zen 5 with AVX-512), about the same where a wide instruction is split in two (Zen 4).
double half_width_gflops() { return probe_gflops<vd_half, kLanes / 2>(); }
constexpr int kProbeLanes = kLanes;
#else
constexpr int kProbeLanes = 0;
double measured_peak_gflops() { return 0.0; }
double half_width_gflops() { return 0.0; }
#endif

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

mlp::Tensor uniform_tensor(std::size_t rows, std::size_t cols, mlp::Rng& rng) {
    mlp::Tensor t(rows, cols);
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = rng.uniform(-1.0, 1.0);
    return t;
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

struct Row {
    std::string workload;
    Summary value;
    std::string unit;
    double target;
    bool lower_is_better;
    std::string note;
};

std::vector<Row> g_rows;

// ratio >= 1 means the target is met, whichever way the target points.
double ratio_to_target(const Row& r) {
    return r.lower_is_better ? r.target / r.value.median : r.value.median / r.target;
}

void report(const Row& r) {
    g_rows.push_back(r);
    const double spread = r.value.median > 0 ? 100.0 * (r.value.max - r.value.min) / r.value.median : 0.0;
    std::printf("  %-44s median %10.4g %-9s  min %10.4g  max %10.4g  spread %5.1f%%   target %s %.4g  x%.2f %s%s%s\n",
                r.workload.c_str(), r.value.median, r.unit.c_str(), r.value.min, r.value.max, spread,
                r.lower_is_better ? "<=" : ">=", r.target, ratio_to_target(r),
                ratio_to_target(r) >= 1.0 ? "met" : "NOT met", r.note.empty() ? "" : "  ", r.note.c_str());
    std::fflush(stdout);
}

void print_markdown() {
    std::printf("\n| workload | median | min .. max | target | ratio to target |\n");
    std::printf("|---|---|---|---|---|\n");
    for (const Row& r : g_rows) {
        std::printf("| %s | %.4g %s | %.4g .. %.4g | %s %.4g | %.2f (%s) |\n", r.workload.c_str(),
                    r.value.median, r.unit.c_str(), r.value.min, r.value.max,
                    r.lower_is_better ? "<=" : ">=", r.target, ratio_to_target(r),
                    ratio_to_target(r) >= 1.0 ? "met" : "not met");
    }
}

// ---------------------------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------------------------

// XOR 2-4-1 (Tanh hidden, linear output, MSE), full batch, SGD lr 0.1 momentum 0.9, through
// Trainer::fit. Each repeat is a fresh network; returns microseconds per epoch.
void bench_xor(int repeats, std::size_t epochs) {
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    std::vector<double> us;
    double accuracy = 0.0;
    for (int rep = 0; rep < repeats; ++rep) {
        mlp::Rng rng(static_cast<std::uint32_t>(rep + 1));
        mlp::Sequential model;
        model.emplace<mlp::Dense>(2, 4, rng);
        model.emplace<mlp::Tanh>();
        model.emplace<mlp::Dense>(4, 1, rng);
        mlp::MSELoss loss;
        mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9});
        mlp::Trainer trainer(model, loss, sgd, {.epochs = epochs, .progress = false});
        const Clock::time_point start = Clock::now();
        trainer.fit(x, y);
        us.push_back(seconds_since(start) / static_cast<double>(epochs) * 1e6);
        accuracy += trainer.evaluate(x, y).accuracy / repeats;
    }
    char note[64];
    std::snprintf(note, sizeof note, "(%zu epochs; mean final accuracy %.0f%%)", epochs, 100 * accuracy);
    // The target: below FANN 2.2's 0.42 us (single precision) on this machine kind.
    report({"XOR 2-4-1 tanh, full batch: time per epoch", summarize(us), "us", 0.35, true, note});
}

// Two moons, 800 training points (noise 0.1), 2-16-16-1 with the given hidden activation,
// BCE with logits, batch 32, shuffled, SGD lr 0.1 momentum 0.9. Returns samples per second.
void bench_moons(int repeats, std::size_t epochs, const std::string& activation) {
    mlp::Rng data_rng(2024);
    const mlp::Dataset train = mlp::make_moons(800, 0.1, data_rng);
    const mlp::Dataset test = mlp::make_moons(200, 0.1, data_rng);
    const mlp::Tensor& x = train.x;
    const mlp::Tensor& y = train.y;
    std::vector<double> rate;
    double worst_test = 1.0;
    for (int rep = 0; rep < repeats; ++rep) {
        mlp::Rng rng(static_cast<std::uint32_t>(rep + 1));
        mlp::Sequential model;
        model.emplace<mlp::Dense>(2, 16, rng);
        if (activation == "relu") model.emplace<mlp::ReLU>(); else model.emplace<mlp::Tanh>();
        model.emplace<mlp::Dense>(16, 16, rng);
        if (activation == "relu") model.emplace<mlp::ReLU>(); else model.emplace<mlp::Tanh>();
        model.emplace<mlp::Dense>(16, 1, rng);
        mlp::BCEWithLogitsLoss loss;
        mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9});
        mlp::Trainer trainer(model, loss, sgd,
                             {.epochs = epochs, .batch_size = 32, .seed = static_cast<std::uint32_t>(rep), .progress = false});
        const Clock::time_point start = Clock::now();
        trainer.fit(x, y);
        rate.push_back(static_cast<double>(x.rows() * epochs) / seconds_since(start));
        worst_test = std::min(worst_test, trainer.evaluate(test.x, test.y).accuracy);
    }
    char note[80];
    std::snprintf(note, sizeof note, "(%zu epochs; worst test accuracy %.1f%%)", epochs, 100 * worst_test);
    report({"two moons 2-16-16-1 " + activation + ", batch 32", summarize(rate), "samples/s", 1e6, false, note});
}

// 784-256-128-10, ReLU, softmax cross-entropy, batch 64, plain SGD, on synthetic data (uniform
// inputs, labels from a fixed random linear teacher), on `threads` threads (mlp::set_threads).
// The first fit is a warm-up. Targets (bench/README.md): one thread at
// least PyTorch fp64 with OpenBLAS (27.0 k samples/s), two at least PyTorch fp32 at its best
// thread count (55.7 k).
void bench_mnist_shape(int repeats, std::size_t samples, std::size_t threads) {
    mlp::set_threads(threads);
    mlp::Rng rng(7);
    const mlp::Tensor x = [&] {
        mlp::Tensor t(samples, 784);
        for (std::size_t k = 0; k < t.size(); ++k) t[k] = rng.uniform();
        return t;
    }();
    const mlp::Tensor teacher = uniform_tensor(784, 10, rng);
    const mlp::Tensor scores = mlp::matmul(x, teacher);
    mlp::Tensor y(samples, 1);
    for (std::size_t n = 0; n < samples; ++n) y(n, 0) = static_cast<double>(mlp::argmax_row(scores, n));

    mlp::Sequential model;
    model.emplace<mlp::Dense>(784, 256, rng);
    model.emplace<mlp::ReLU>();
    model.emplace<mlp::Dense>(256, 128, rng);
    model.emplace<mlp::ReLU>();
    model.emplace<mlp::Dense>(128, 10, rng);
    mlp::CrossEntropyLoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.01});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 1, .batch_size = 64, .progress = false});
    trainer.fit(x, y);  // warm-up: every buffer reaches its size

    std::vector<double> rate, gflops;
    // forward x W, backward x^T dy and dy W^T: three products of in x out per sample per layer
    const double flops_per_sample = 3 * 2.0 * (784 * 256 + 256 * 128 + 128 * 10);
    for (int rep = 0; rep < repeats; ++rep) {
        const Clock::time_point start = Clock::now();
        trainer.fit(x, y);
        const double s = seconds_since(start);
        rate.push_back(static_cast<double>(samples) / s);
        gflops.push_back(flops_per_sample * static_cast<double>(samples) / s / 1e9);
    }
    // For comparison, the five steps alone on one fixed batch (no gathering of shuffled rows, no
    // accuracy): the best of 100 steps, what the arithmetic costs when nothing else intrudes.
    const mlp::Tensor xb = [&] {
        mlp::Tensor t(64, 784);
        for (std::size_t k = 0; k < t.size(); ++k) t[k] = x[k];
        return t;
    }();
    mlp::Tensor yb(64, 1);
    for (std::size_t n = 0; n < 64; ++n) yb(n, 0) = y(n, 0);
    double best_step = 1e9;
    for (int s = 0; s < 100; ++s) {
        const Clock::time_point start = Clock::now();
        const mlp::Tensor& pred = model.forward(xb);
        loss.forward(pred, yb);
        sgd.zero_grad();
        model.backward(loss.backward());
        sgd.step();
        best_step = std::min(best_step, seconds_since(start));
    }

    char note[128];
    std::snprintf(note, sizeof note, "(%zu samples per run; matrix work %.1f GFLOP/s; one step alone: best %.0f us = %.0f samples/s)",
                  samples, summarize(gflops).median, best_step * 1e6, 64 / best_step);
    const std::string label = "784-256-128-10 relu + cross-entropy, batch 64, " + std::to_string(threads) +
                              (threads == 1 ? " thread" : " threads");
    report({label, summarize(rate), "samples/s", threads == 1 ? 27.0e3 : 55.7e3, false, note});
}

// The three named products at the shape of the first layer of the network above
// (batch 64, 784 in, 256 out): 2 * 64 * 784 * 256 FLOPs each.
void bench_kernels(int repeats, double peak) {
    mlp::Rng rng(11);
    const mlp::Tensor x = uniform_tensor(64, 784, rng);
    const mlp::Tensor W = uniform_tensor(784, 256, rng);
    const mlp::Tensor dy = uniform_tensor(64, 256, rng);
    mlp::Tensor y, dx, dW(784, 256);
    const double flops = 2.0 * 64 * 784 * 256;
    const double target = 0.6 * peak / 1e9;
    const char* names[3] = {"matmul        y = x W      64x784x256", "matmul_at_b_add dW += x^T dy",
                            "matmul_a_bt   dx = dy W^T"};
    for (int kernel = 0; kernel < 3; ++kernel) {
        std::vector<double> gflops;
        for (int rep = 0; rep <= repeats; ++rep) {  // rep 0 is a warm-up
            const int calls = 40;
            const Clock::time_point start = Clock::now();
            for (int c = 0; c < calls; ++c) {
                if (kernel == 0) mlp::matmul(x, W, y);
                if (kernel == 1) mlp::matmul_at_b_add(x, dy, dW);
                if (kernel == 2) mlp::matmul_a_bt(dy, W, dx);
            }
            if (rep > 0) gflops.push_back(flops * calls / seconds_since(start) / 1e9);
        }
        report({names[kernel], summarize(gflops), "GFLOP/s", target, false, "(target: 60% of peak)"});
    }
}

// ---------------------------------------------------------------------------------------------
// Peers (optional): FANN and PyTorch on the same workloads, in the same run
// ---------------------------------------------------------------------------------------------

// Runs a peer program and reads the "key value" lines it prints; empty if it cannot run.
std::map<std::string, double> run_peer(const std::string& command) {
    std::map<std::string, double> values;
#if defined(__unix__)
    FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
    if (pipe == nullptr) return values;
    char key[128];
    double value = 0.0;
    while (std::fscanf(pipe, "%127s %lf", key, &value) == 2) values[key] = value;
    pclose(pipe);
#else
    (void)command;
#endif
    return values;
}

// Our median for a workload whose label starts with `prefix` (0 if it was not run).
double our_median(const std::string& prefix) {
    for (const Row& r : g_rows)
        if (r.workload.compare(0, prefix.size(), prefix) == 0) return r.value.median;
    return 0.0;
}

void compare(const char* what, double ours, double theirs, bool lower_is_better, const char* unit) {
    if (ours <= 0.0 || theirs <= 0.0) return;
    const double speedup = lower_is_better ? theirs / ours : ours / theirs;
    std::printf("  %-58s mlp %10.4g  peer %10.4g %-9s  mlp is %.2fx %s\n", what, ours, theirs, unit,
                speedup >= 1.0 ? speedup : 1.0 / speedup, speedup >= 1.0 ? "faster" : "SLOWER");
}

void run_peers() {
    std::printf("\npeers, run now on this machine (mlp in double precision):\n");
#if defined(MLP_PEER_FANN)
    const std::map<std::string, double> fann = run_peer(MLP_PEER_FANN);
    if (fann.count("xor_us_per_epoch")) {
        compare("XOR 2-4-1 full batch, us per epoch, vs FANN 2.2 (float)", our_median("XOR"),
                fann.at("xor_us_per_epoch"), true, "us");
    } else {
        std::printf("  FANN peer did not run\n");
    }
#else
    std::printf("  FANN not found when this was configured (libfann-dev): no FANN peer\n");
#endif
#if defined(MLP_PEER_TORCH)
    if (!std::filesystem::exists("/usr/bin/python3")) {
        std::printf("  /usr/bin/python3 not found: no PyTorch peer\n");
        return;
    }
    std::string command = std::string("/usr/bin/python3 ") + MLP_PEER_TORCH;
    const std::string openblas = MLP_OPENBLAS_DIR;
    const bool with_openblas = std::filesystem::exists(openblas + "/libblas.so.3");
    if (with_openblas) command = "LD_LIBRARY_PATH=" + openblas + " " + command;
    std::printf("  PyTorch with %s\n", with_openblas ? ("OpenBLAS from " + openblas).c_str()
                                                     : "the system's BLAS (no OpenBLAS copy found: see bench/README.md)");
    const std::map<std::string, double> torch = run_peer(command);
    if (torch.empty()) {
        std::printf("  PyTorch peer did not run (is torch installed for /usr/bin/python3?)\n");
        return;
    }
    if (torch.count("xor_us_per_epoch"))
        compare("XOR 2-4-1 full batch, us per epoch, vs PyTorch fp32", our_median("XOR"), torch.at("xor_us_per_epoch"), true, "us");
    if (torch.count("mlp_fp64_1_thread_samples_per_s"))
        compare("784-256-128-10 b64, 1 thread, vs PyTorch fp64 1 thread", our_median("784-256-128-10 relu + cross-entropy, batch 64, 1 "),
                torch.at("mlp_fp64_1_thread_samples_per_s"), false, "samples/s");
    if (torch.count("mlp_fp32_best_samples_per_s"))
        compare("784-256-128-10 b64, 2 threads, vs PyTorch fp32 best of 1, 2", our_median("784-256-128-10 relu + cross-entropy, batch 64, 2 "),
                torch.at("mlp_fp32_best_samples_per_s"), false, "samples/s");
#endif
}

// Fashion-MNIST, the lesson's network and schedule (fashion_mnist::Setup), on mlp::threads()
// threads; then PyTorch fp32 on as many threads. The clock runs from the first step, and
// includes each epoch's test evaluation; the time is the end of the first epoch at >= 88.5%.
void bench_fashion([[maybe_unused]] bool peers) {  // unused without the PyTorch peer
    const std::string dir = fashion_mnist::data_dir();
    fashion_mnist::Data data;
    try {
        data = fashion_mnist::load(dir);
    } catch (const std::exception& e) {
        std::printf("  Fashion-MNIST not run: %s (dataset-fashion-mnist, or MLP_FASHION_MNIST_DIR)\n", e.what());
        return;
    }
    fashion_mnist::standardise(data);
    const fashion_mnist::Setup setup;
    mlp::Rng rng(setup.seed);
    mlp::Sequential model = fashion_mnist::make_model(rng);
    constexpr double kTarget = 0.885;
    double reached = -1.0, best = 0.0;
    std::size_t reached_epoch = 0;
    fashion_mnist::train(model, data, setup, nullptr, [&](const fashion_mnist::EpochReport& r) {
        best = std::max(best, r.test_accuracy);
        if (reached < 0 && r.test_accuracy >= kTarget) reached = r.seconds, reached_epoch = r.epoch;
    });
    char note[160];
    std::snprintf(note, sizeof note, "(%zu threads; epoch %zu of %zu; best test accuracy %.2f%%)", mlp::threads(),
                  reached_epoch, setup.epochs, 100 * best);
    if (reached < 0) {
        std::printf("  Fashion-MNIST: 88.5%% not reached in %zu epochs (best %.2f%%)\n", setup.epochs, 100 * best);
        return;
    }
    double torch_seconds = 0.0;
#if defined(MLP_PEER_TORCH_FASHION)
    if (peers && std::filesystem::exists("/usr/bin/python3")) {
        const std::string openblas = MLP_OPENBLAS_DIR;  // as in run_peers
        const std::string prefix = std::filesystem::exists(openblas + "/libblas.so.3") ? "LD_LIBRARY_PATH=" + openblas + " " : "";
        const std::map<std::string, double> torch = run_peer(prefix + "/usr/bin/python3 " + MLP_PEER_TORCH_FASHION + " " + dir +
                                                             " " + std::to_string(mlp::threads()));
        if (torch.count("fashion_seconds_to_885") && torch.at("fashion_seconds_to_885") > 0)
            torch_seconds = torch.at("fashion_seconds_to_885");
        else
            std::printf("  PyTorch Fashion-MNIST peer did not run or did not reach 88.5%%\n");
    }
#endif
    // The target is PyTorch's own time in this run; without the peer, the row has no target.
    report({"Fashion-MNIST 784-256-128-10: time to 88.5% test accuracy", {reached, reached, reached}, "s",
            torch_seconds > 0 ? torch_seconds : reached, true,
            std::string(note) + (torch_seconds > 0 ? "  target: PyTorch fp32, same run" : "  no PyTorch peer: target = own time")});
}

}  // namespace

int main(int argc, char** argv) {
    int repeats = 7;
    bool quick = false, peers = true, fashion = false;
    std::string only;
    for (int a = 1; a < argc; ++a) {
        if (std::strcmp(argv[a], "--quick") == 0) quick = true;
        else if (std::strcmp(argv[a], "--repeats") == 0 && a + 1 < argc) repeats = std::max(1, std::atoi(argv[++a]));
        else if (std::strcmp(argv[a], "--only") == 0 && a + 1 < argc) only = argv[++a];
        else if (std::strcmp(argv[a], "--no-peers") == 0) peers = false;
        else if (std::strcmp(argv[a], "--fashion") == 0) fashion = true;
        else {
            std::fprintf(stderr, "usage: bench [--repeats N] [--quick] [--only xor|moons|mlp|kernels] [--no-peers] [--fashion]\n");
            return 2;
        }
    }
    const auto wanted = [&only](const char* workload) { return only.empty() || only == workload; };

    const double mhz = std::atof(cpuinfo("cpu MHz").c_str());
    const int per_cycle = dp_flops_per_cycle();
    const double nominal_peak = per_cycle * mhz * 1e6;
    const double measured_peak = measured_peak_gflops() * 1e9;
    const double peak = std::max(nominal_peak, measured_peak);
    std::printf("machine: %s, %s; built %s -march=native\n", cpuinfo("model name").c_str(),
                has_flag("avx512f") ? "AVX-512" : (has_flag("avx2") ? "AVX2 + FMA, no AVX-512" : "no AVX2"),
#if defined(__AVX2__) && defined(__FMA__)
                "with"
#else
                "WITHOUT (the numbers below are not the bench preset's)"
#endif
    );
    const double half_width = half_width_gflops();
    std::printf("double-precision peak of one core: %d FLOP/cycle x %.0f MHz (/proc/cpuinfo, often the base clock) = %.1f GFLOP/s;\n"
                "  measured with 12 independent %d-wide FMA chains (this build's vector width): %.1f GFLOP/s\n"
                "  (%d-wide: %.1f GFLOP/s, so %d-wide instructions run %s);\n"
                "  the larger, %.1f GFLOP/s, is the peak used\n"
                "repeats: %d (median, min and max over them); spread = (max - min) / median\n\n",
                per_cycle, mhz, nominal_peak / 1e9, kProbeLanes, measured_peak / 1e9, kProbeLanes / 2, half_width,
                kProbeLanes, measured_peak > 1.5 * half_width ? "at full width (rule: more than 1.5x the half-width rate)"
                                                              : "in two halves or no faster (rule: at most 1.5x the half-width rate)",
                peak / 1e9, repeats);

    const std::size_t threads = mlp::threads();  // MLP_THREADS, or every core
    if (wanted("xor")) bench_xor(repeats, quick ? 500 : 5000);
    if (wanted("moons")) bench_moons(repeats, quick ? 20 : 200, "relu");
    if (wanted("moons")) bench_moons(repeats, quick ? 20 : 200, "tanh");
    if (wanted("mlp")) bench_mnist_shape(repeats, quick ? 256 : 2048, 1);
    if (wanted("mlp")) bench_mnist_shape(repeats, quick ? 256 : 2048, 2);
    mlp::set_threads(1);  // the kernels' GFLOP/s are per core, against one core's peak
    if (wanted("kernels")) bench_kernels(repeats, peak);
    mlp::set_threads(threads);  // Fashion-MNIST on MLP_THREADS threads (every core by default)
    if (fashion) bench_fashion(peers);
    print_markdown();
    if (peers) run_peers();
    return 0;
}
