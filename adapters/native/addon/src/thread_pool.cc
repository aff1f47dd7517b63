#include "thread_pool.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace sg {
namespace {

// Tells the processor that this is a spin loop (it saves power and yields the core's other
// hardware thread).
inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Spins until ready() or for ThreadPool::kSpin; whether ready() held. After the first
// ThreadPool::kBusySpin it yields the processor between checks, so that a spinning thread gives
// way to any other thread that wants the core.
template <typename Ready>
bool spin_until(const Ready& ready) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    for (int i = 0; i < 64; i++) {
      if (ready()) return true;
      relax();
    }
    const auto spent = std::chrono::steady_clock::now() - start;
    if (spent >= ThreadPool::kSpin) return ready();
    if (spent >= ThreadPool::kBusySpin) std::this_thread::yield();
  }
}

}  // namespace

ThreadPool& ThreadPool::instance() {
  static ThreadPool pool(std::thread::hardware_concurrency() > 1 ? std::thread::hardware_concurrency() - 1 : 0);
  return pool;
}

ThreadPool::ThreadPool(size_t workers) {
  for (size_t i = 0; i < workers; i++) workers_.emplace_back([this] { work(); });
}

ThreadPool::~ThreadPool() {
  stop_.store(true);
  {
    // A worker between its check of stop_ and its wait holds m_: it waits before this notifies.
    std::lock_guard<std::mutex> lock(m_);
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::drain() {
  for (size_t i = next_.fetch_add(1); i < n_; i = next_.fetch_add(1)) {
    try {
      (*fn_)(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(m_);
      if (!error_) error_ = std::current_exception();
      next_.store(n_);
    }
  }
}

// Each handshake pairs a sequentially consistent store with a load of the other side's flag
// (sleepers_ against generation_, inside_ against closed_, callerAsleep_ against inside_): of two
// threads, at least one sees what the other did, so no thread sleeps through the change it waits
// for and no worker enters a loop that its caller has already left.
void ThreadPool::work() {
  uint64_t seen = 0;
  const auto ready = [&] { return stop_.load() || generation_.load() != seen; };
  for (;;) {
    if (!spin_until(ready)) {
      std::unique_lock<std::mutex> lock(m_);
      sleepers_.fetch_add(1);
      wake_.wait(lock, ready);
      sleepers_.fetch_sub(1);
    }
    if (stop_.load()) return;
    seen = generation_.load();
    inside_.fetch_add(1);
    // Join the loop only while it is still open (and still the current one).
    if (closed_.load() != seen && generation_.load() == seen) drain();
    if (inside_.fetch_sub(1) == 1 && callerAsleep_.load()) {
      std::lock_guard<std::mutex> lock(m_);
      done_.notify_one();
    }
  }
}

void ThreadPool::parallel_for(size_t n, const std::function<void(size_t)>& fn) {
  if (n == 0) return;
  std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
  if (!busy.owns_lock() || workers_.empty() || n == 1) {
    for (size_t i = 0; i < n; i++) fn(i);
    return;
  }
  fn_ = &fn;
  n_ = n;
  next_.store(0);
  const uint64_t generation = generation_.fetch_add(1) + 1;
  if (sleepers_.load() > 0) {
    std::lock_guard<std::mutex> lock(m_);
    wake_.notify_all();
  }
  drain();
  closed_.store(generation);
  const auto finished = [&] { return inside_.load() == 0; };
  if (!spin_until(finished)) {
    std::unique_lock<std::mutex> lock(m_);
    callerAsleep_.store(true);
    done_.wait(lock, finished);
    callerAsleep_.store(false);
  }
  fn_ = nullptr;
  std::exception_ptr error;
  {
    std::lock_guard<std::mutex> lock(m_);
    std::swap(error, error_);
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace sg
