// A persistent pool of worker threads, as many as the machine has hardware threads, that runs
// parallel loops together with the calling thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sg {

class ThreadPool {
 public:
  // The process-wide pool, started on first use.
  static ThreadPool& instance();

  // Threads that take part in a loop: the workers plus the caller.
  size_t width() const { return workers_.size() + 1; }

  // Calls fn(i) for every i in [0, n), spread over the pool and the calling thread, and returns
  // when all calls have finished. When another loop already occupies the pool (an async step on a
  // worker thread), the caller runs its loop alone rather than wait. When a call throws, the calls
  // not yet started are skipped and the first exception is rethrown here, on the calling thread
  // (an exception must never escape a worker thread: that would end the process).
  void parallel_for(size_t n, const std::function<void(size_t)>& fn);

  ~ThreadPool();

 private:
  explicit ThreadPool(size_t workers);
  void work();
  void drain();

  std::vector<std::thread> workers_;
  std::mutex busy_;  // held by the loop in progress
  std::mutex m_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(size_t)>* fn_ = nullptr;
  size_t n_ = 0;
  std::atomic<size_t> next_{0};
  size_t active_ = 0;  // workers still inside the current loop
  std::exception_ptr error_;  // the first exception a call of the current loop threw
  uint64_t generation_ = 0;
  bool stop_ = false;
};

}  // namespace sg
