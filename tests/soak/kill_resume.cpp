// SPDX-License-Identifier: MIT
// kill_resume.cpp: the kill-and-resume soak test. A training run that saves a
// checkpoint after every epoch is killed with SIGKILL at random moments and resumed each time;
// it must end with weights bit-identical to a run that was never interrupted, and the checkpoint
// on disk must load at every moment: polled while the run is alive, and after every kill.
//
//   kill_resume soak [--kills K] [--seed S] [--dir D]   the test (what ctest runs)
//   kill_resume train DIR                               one training process (the soak starts these)
//
// The run: Dense(2,24) Tanh Dropout(0.2) Dense(24,24) Tanh Dense(24,1), Adam with a StepLR
// schedule, BCE with logits, 400 samples in shuffled batches of 8: every kind of state a
// checkpoint holds (weights, optimizer buffers, step count, schedule, shuffling engine, sample
// order, a layer's own generator). First the run is made once, uninterrupted, taking T; then
// up to K kills (default 20), each after a random delay of 1 ms to T/2 drawn from mlp::Rng(S);
// after the last kill the run is left to finish. At least 3 kills must land mid-run (after the
// first checkpoint, before the last), or the soak tested nothing and fails. POSIX only.
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "mlp/io/model_file.hpp"
#include "mlp/io/text_file.hpp"
#include "mlp/nn/activation.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/dropout.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/optim/adam.hpp"
#include "mlp/optim/lr_scheduler.hpp"
#include "mlp/train/checkpoint.hpp"
#include "mlp/train/trainer.hpp"

namespace fs = std::filesystem;
using mlp::Tensor;

namespace {

constexpr std::size_t kSamples = 400;
constexpr std::size_t kEpochs = 40;

// Everything one training process holds; the same in the soak's checks.
struct Run {
    mlp::Sequential model;
    mlp::BCEWithLogitsLoss loss;
    std::unique_ptr<mlp::Adam> adam;
    std::unique_ptr<mlp::Trainer> trainer;
    Tensor x, y;
    std::string checkpoint;  // saved after every epoch when not empty

    Run() {
        mlp::Rng rng(17);
        model.emplace<mlp::Dense>(2, 24, rng);
        model.emplace<mlp::Tanh>();
        model.emplace<mlp::Dropout>(0.2, 3u);
        model.emplace<mlp::Dense>(24, 24, rng);
        model.emplace<mlp::Tanh>();
        model.emplace<mlp::Dense>(24, 1, rng);
        adam = std::make_unique<mlp::Adam>(model.params(), mlp::AdamOptions{.lr = 0.01});
        mlp::TrainConfig config{.epochs = kEpochs, .batch_size = 8, .seed = 5, .progress = false};
        config.on_epoch = [this](const mlp::EpochStats&) {
            if (!checkpoint.empty()) mlp::save_checkpoint(*trainer, checkpoint);
        };
        config.scheduler = std::make_shared<mlp::StepLR>(*adam, mlp::StepLROptions{.step_size = 10, .gamma = 0.5});
        trainer = std::make_unique<mlp::Trainer>(model, loss, *adam, config);
        x = Tensor(kSamples, 2);
        y = Tensor(kSamples, 1);
        for (std::size_t n = 0; n < kSamples; ++n) {  // XOR of the signs
            x(n, 0) = rng.uniform(-1, 1);
            x(n, 1) = rng.uniform(-1, 1);
            y(n, 0) = x(n, 0) * x(n, 1) > 0 ? 1.0 : 0.0;
        }
    }
};

// One training process: resume from DIR/run.ckpt when it exists, train to the end with a
// checkpoint after every epoch, then write DIR/final.txt (the model file).
int train(const fs::path& dir) {
    Run run;
    run.checkpoint = (dir / "run.ckpt").string();
    if (fs::exists(run.checkpoint)) mlp::load_checkpoint(*run.trainer, run.checkpoint, kSamples);
    run.trainer->fit(run.x, run.y);
    mlp::save_model(run.model, (dir / "final.txt").string());
    return 0;
}

// The checkpoint loads into a fresh run (every check resume makes), or the soak fails.
bool loads(const fs::path& file, std::string& error) {
    try {
        const std::string text = mlp::read_text_file(file.string(), "soak");
        Run fresh;
        mlp::load_checkpoint_from_string(*fresh.trainer, text, file.string(), kSamples);
        return true;
    } catch (const std::exception& e) {
        error = e.what();
        return false;
    }
}

pid_t start(const char* self, const fs::path& dir) {
    const pid_t pid = fork();
    if (pid == 0) {
        execl(self, self, "train", dir.c_str(), static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    if (pid < 0) throw std::runtime_error(std::string("soak: fork failed: ") + std::strerror(errno));
    return pid;
}

int soak(const char* self, int kills, std::uint32_t seed, const fs::path& root) {
    const auto begun = std::chrono::steady_clock::now();
    const fs::path killed_dir = root / "killed", straight_dir = root / "straight";
    fs::remove_all(root);
    fs::create_directories(killed_dir);
    fs::create_directories(straight_dir);

    // The same run, never interrupted, first: its duration T sets the kill delays (1 ms to T/2,
    // so most kills land mid-run on a fast machine and under the sanitizers alike).
    const auto straight_begun = std::chrono::steady_clock::now();
    int straight_status = 0;
    waitpid(start(self, straight_dir), &straight_status, 0);
    if (!WIFEXITED(straight_status) || WEXITSTATUS(straight_status) != 0) {
        std::fprintf(stderr, "soak: FAIL: the uninterrupted run ended with status %d\n", straight_status);
        return 1;
    }
    const double run_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - straight_begun).count();

    mlp::Rng rng(seed);
    std::size_t mid_run = 0;  // kills after the first checkpoint and before the last epoch's
    std::size_t polls = 0, kills_done = 0, exits = 0;
    std::string error, epochs_at_kills;
    for (;;) {
        const pid_t pid = start(self, killed_dir);
        const bool kill_it = static_cast<int>(kills_done) < kills;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<long>(1000.0 * rng.uniform(1.0, run_ms / 2.0 + 1.0)));
        int status = 0;
        pid_t done = 0;
        // While it trains: the checkpoint on disk must load whenever it is looked at.
        while ((done = waitpid(pid, &status, WNOHANG)) == 0) {
            if (kill_it && std::chrono::steady_clock::now() >= deadline) {
                kill(pid, SIGKILL);
                done = waitpid(pid, &status, 0);
                break;
            }
            if (fs::exists(killed_dir / "run.ckpt")) {
                ++polls;
                if (!loads(killed_dir / "run.ckpt", error)) {
                    std::fprintf(stderr, "soak: FAIL: the checkpoint did not load while the run was alive: %s\n", error.c_str());
                    kill(pid, SIGKILL);
                    waitpid(pid, &status, 0);
                    return 1;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(3));
        }
        if (done < 0) throw std::runtime_error(std::string("soak: waitpid failed: ") + std::strerror(errno));
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
            ++kills_done;
            // After each kill the checkpoint (if one was written yet) loads.
            if (fs::exists(killed_dir / "run.ckpt") && !loads(killed_dir / "run.ckpt", error)) {
                std::fprintf(stderr, "soak: FAIL: after kill %zu the checkpoint does not load: %s\n", kills_done, error.c_str());
                return 1;
            }
            std::string epoch = "-";  // the epoch the run will resume after ("-": no checkpoint yet)
            if (fs::exists(killed_dir / "run.ckpt")) {
                const std::string text = mlp::read_text_file((killed_dir / "run.ckpt").string(), "soak");
                const std::size_t at = text.find("\nepoch ") + 7;
                epoch = text.substr(at, text.find('\n', at) - at);
            }
            epochs_at_kills += " " + epoch;
            if (epoch != "-" && epoch != std::to_string(kEpochs)) ++mid_run;
            continue;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::fprintf(stderr, "soak: FAIL: a training process ended with status %d\n", status);
            return 1;
        }
        ++exits;
        break;
    }
    const std::string killed = mlp::read_text_file((killed_dir / "final.txt").string(), "soak");
    const std::string straight = mlp::read_text_file((straight_dir / "final.txt").string(), "soak");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count();
    std::printf("soak: seed %u: %zu kills (SIGKILL), %zu checkpoint loads while running, %.1f s\n", seed, kills_done,
                polls, seconds);
    std::printf("soak: an uninterrupted run takes %.0f ms; checkpointed epochs (of %zu) after each kill:%s\n", run_ms,
                kEpochs, epochs_at_kills.c_str());
    // A soak whose kills all came before the first checkpoint or after the end tests nothing.
    if (kills > 0 && mid_run < static_cast<std::size_t>(std::min(kills, 3))) {
        std::fprintf(stderr, "soak: FAIL: only %zu kills landed mid-run (expected at least %d)\n", mid_run, std::min(kills, 3));
        return 1;
    }
    // Model files write every weight as its shortest round-trip text: equal text, equal bits.
    if (killed != straight) {
        std::fprintf(stderr, "soak: FAIL: the interrupted run's final weights differ from the uninterrupted run's\n");
        return 1;
    }
    std::printf("soak: the interrupted run ends bit-identical to the uninterrupted one\n");
    fs::remove_all(root);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc == 3 && std::string(argv[1]) == "train") return train(argv[2]);
        if (argc >= 2 && std::string(argv[1]) == "soak") {
            int kills = 20;
            std::uint32_t seed = 1;
            fs::path dir = fs::temp_directory_path() / ("mlp_soak_" + std::to_string(getpid()));
            for (int k = 2; k + 1 < argc; k += 2) {
                const std::string flag = argv[k];
                if (flag == "--kills") kills = std::stoi(argv[k + 1]);
                else if (flag == "--seed") seed = static_cast<std::uint32_t>(std::stoul(argv[k + 1]));
                else if (flag == "--dir") dir = argv[k + 1];
                else throw std::invalid_argument("kill_resume: unknown option " + flag);
            }
            return soak(argv[0], kills, seed, dir);
        }
        std::fprintf(stderr, "usage: kill_resume soak [--kills K] [--seed S] [--dir D] | kill_resume train DIR\n");
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kill_resume: %s\n", e.what());
        return 1;
    }
}
