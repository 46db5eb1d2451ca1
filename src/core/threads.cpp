// SPDX-License-Identifier: MIT
// threads.cpp: the thread count (MLP_THREADS, set_threads) and parallel_for's small pool of
// worker threads, built from std::thread, std::mutex and std::condition_variable only.
#include "mlp/core/threads.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace mlp {

// ---------------------------------------------------------------------------------------------
// The thread count
// ---------------------------------------------------------------------------------------------

std::size_t parse_thread_count(const std::string& text) {
    const auto refuse = [&text]() {
        return std::invalid_argument("MLP_THREADS: expected a whole number >= 1, got '" +
                                     (text.size() <= 60 ? text : text.substr(0, 60) + "...") + "'");
    };
    std::size_t begin = text.find_first_not_of(' ');
    std::size_t end = text.find_last_not_of(' ');
    if (begin == std::string::npos) throw refuse();
    std::size_t n = 0;
    for (std::size_t k = begin; k <= end; ++k) {
        if (text[k] < '0' || text[k] > '9') throw refuse();
        n = n * 10 + static_cast<std::size_t>(text[k] - '0');
        if (n > 4096) throw refuse();  // no machine has that many cores: a typo, or an overflow ahead
    }
    if (n == 0) throw refuse();
    return n;
}

namespace {

std::atomic<std::size_t> g_threads{0};  // 0: not decided yet

// A library built for stepping through in a debugger (-O0: the debug and exercises presets, the
// gdb tests' copy) runs on one thread unless told otherwise, so a breakpoint stops the one
// training docs/debugging.md follows, and `next` does not wander between threads.
#if defined(__OPTIMIZE__) || defined(NDEBUG)
constexpr bool kDebuggerBuild = false;
#else
constexpr bool kDebuggerBuild = true;
#endif

std::size_t default_threads() {
    if (const char* env = std::getenv("MLP_THREADS")) return parse_thread_count(env);
    if (kDebuggerBuild) return 1;
    const unsigned cores = std::thread::hardware_concurrency();  // 0 when unknown
    return cores == 0 ? 1 : cores;
}

}  // namespace

std::size_t threads() {
    std::size_t n = g_threads.load();
    if (n == 0) {
        n = default_threads();
        std::size_t unset = 0;
        if (!g_threads.compare_exchange_strong(unset, n)) n = unset;  // another thread decided first
    }
    return n;
}

void set_threads(std::size_t n) {
    if (n == 0) throw std::invalid_argument("set_threads: expected n >= 1, got 0");
    g_threads.store(n);
}

// ---------------------------------------------------------------------------------------------
// The pool
//
// threads() - 1 workers sleep on a condition variable. parallel_for publishes the task and its
// count, bumps the generation and wakes them; then the caller and the workers take indices from
// one atomic counter until none are left, and the caller waits until every worker has finished.
// The workers are made on first use and remade when the thread count changes.
// ---------------------------------------------------------------------------------------------

namespace {

thread_local bool t_inside_task = false;  // true on the workers, and on a caller while it runs tasks

class Pool {
public:
    ~Pool() { resize(0); }

    // Runs task(0 .. count-1) on the caller and the workers; see parallel_for.
    void run(std::size_t count, const std::function<void(std::size_t)>& task) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            task_ = &task;
            count_ = count;
            next_.store(0);
            busy_ = workers_.size();
            error_ = nullptr;
            ++generation_;
        }
        wake_.notify_all();
        work();
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [this] { return busy_ == 0; });
        task_ = nullptr;
        if (error_) std::rethrow_exception(error_);
    }

    // Keep exactly `workers` worker threads (stops and joins the old ones first).
    void resize(std::size_t workers) {
        if (workers == workers_.size()) return;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : workers_) t.join();
        workers_.clear();
        stop_ = false;
        // A new worker waits for the generation after this one: it may start only after the
        // next job has been published, and must not take that job for an old one.
        const std::uint64_t current = generation_;
        for (std::size_t w = 0; w < workers; ++w) workers_.emplace_back([this, current] { worker(current); });
    }

    std::mutex& running() { return running_; }

private:
    void worker(std::uint64_t seen) {
        t_inside_task = true;
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
            lock.unlock();
            work();
            lock.lock();
            if (--busy_ == 0) done_.notify_one();
        }
    }

    // Take the next index until there are none left; remember the exception of the lowest index.
    void work() {
        for (std::size_t i = next_.fetch_add(1); i < count_; i = next_.fetch_add(1)) {
            try {
                (*task_)(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(error_mutex_);
                if (!error_ || i < error_index_) {
                    error_ = std::current_exception();
                    error_index_ = i;
                }
            }
        }
    }

    std::mutex running_;  // held by the one parallel_for using the pool
    std::mutex mutex_;    // guards everything below but next_
    std::condition_variable wake_, done_;
    std::vector<std::thread> workers_;
    bool stop_ = false;
    std::uint64_t generation_ = 0;  // one more for every job: tells a worker there is new work
    const std::function<void(std::size_t)>* task_ = nullptr;
    std::size_t count_ = 0;
    std::atomic<std::size_t> next_{0};
    std::size_t busy_ = 0;  // workers that have not finished the current job
    std::mutex error_mutex_;
    std::exception_ptr error_;
    std::size_t error_index_ = 0;
};

Pool& pool() {
    static Pool instance;
    return instance;
}

// The plain loop, with parallel_for's rule for exceptions.
void run_serially(std::size_t count, const std::function<void(std::size_t)>& task) {
    std::exception_ptr error;
    for (std::size_t i = 0; i < count; ++i) {
        try {
            task(i);
        } catch (...) {
            if (!error) error = std::current_exception();
        }
    }
    if (error) std::rethrow_exception(error);
}

}  // namespace

void parallel_for(std::size_t count, const std::function<void(std::size_t)>& task) {
    const std::size_t n = threads();
    if (n == 1 || count <= 1 || t_inside_task) {
        run_serially(count, task);
        return;
    }
    Pool& p = pool();
    std::unique_lock<std::mutex> job(p.running(), std::try_to_lock);
    if (!job.owns_lock()) {  // another thread of the program is using the pool right now
        run_serially(count, task);
        return;
    }
    p.resize(n - 1);
    t_inside_task = true;
    try {
        p.run(count, task);
    } catch (...) {
        t_inside_task = false;
        throw;
    }
    t_inside_task = false;
}

}  // namespace mlp
