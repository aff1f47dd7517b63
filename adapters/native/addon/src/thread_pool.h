// A persistent pool of worker threads, as many as the machine has hardware threads, that runs
// parallel loops together with the calling thread.
//
// Waking a sleeping thread costs tens of microseconds on some machines (about 55 us on a 2-core
// virtual machine, and milliseconds when its processor was idle long enough to be descheduled),
// as much as a product of a 256 x 100 block takes, and a projection runs hundreds of loops. So a
// worker that finishes a loop spins for the next one for up to kSpin (yielding the processor
// after kBusySpin, so that it gives way to any other thread that wants the core) before it
// sleeps, and a loop never waits for a worker that has not joined it: the caller takes every
// index the workers leave, closes the loop, and waits only for the workers inside it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
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

  // How long a thread spins for the next loop, or for the end of one, before it sleeps, and for
  // how much of that it keeps the processor without yielding it.
  static constexpr std::chrono::microseconds kSpin{2000};
  static constexpr std::chrono::microseconds kBusySpin{50};

 private:
  explicit ThreadPool(size_t workers);
  void work();
  void drain();

  std::vector<std::thread> workers_;
  std::mutex busy_;  // held by the loop in progress
  std::mutex m_;     // guards error_ and the sleeping side of the flags below
  std::condition_variable wake_;
  std::condition_variable done_;
  // The loop in progress, published to the workers by the increment of generation_ and valid
  // for a worker that joined it (entered inside_ before the loop was closed).
  const std::function<void(size_t)>* fn_ = nullptr;
  size_t n_ = 0;
  std::atomic<size_t> next_{0};
  std::atomic<uint64_t> generation_{0};
  std::atomic<uint64_t> closed_{0};        // the generation of the last loop closed to newcomers
  std::atomic<size_t> inside_{0};          // workers inside a loop
  std::atomic<size_t> sleepers_{0};        // workers asleep on wake_
  std::atomic<bool> callerAsleep_{false};  // the caller asleep on done_
  std::atomic<bool> stop_{false};
  std::exception_ptr error_;  // the first exception a call of the current loop threw
};

}  // namespace sg
