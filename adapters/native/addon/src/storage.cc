#include "storage.h"

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

#if defined(_WIN32)
#define NOMINMAX
#include <windows.h>
#else
#include <unistd.h>
#endif

#include "cuda_api.h"
#include "sizes.h"

namespace sg {
namespace {

std::unordered_map<uint64_t, Storage*> registry;
uint64_t next_id = 1;
uint64_t unregistered = 0;
LiveStats stats{0, 0};

constexpr size_t kAlignment = 64;

// Bytes of physical memory, or SIZE_MAX when the system does not say.
size_t physical_memory() {
#if defined(_WIN32)
  MEMORYSTATUSEX status;
  status.dwLength = sizeof status;
  return GlobalMemoryStatusEx(&status) ? static_cast<size_t>(status.ullTotalPhys) : SIZE_MAX;
#else
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGESIZE);
  size_t total = SIZE_MAX;
  if (pages > 0 && page > 0 && !checked_mul(static_cast<size_t>(pages), static_cast<size_t>(page), &total)) total = SIZE_MAX;
  return total;
#endif
}

// `bytes` (> 0) zero-filled bytes, 64-byte aligned; `*allocation` receives the block to free.
// calloc rather than an aligned allocation plus memset: large blocks come zeroed from the system
// untouched (no resident memory until written), and every tensor of one size asks for the same
// block size, so a freed block is reused as it is (aligned allocators split their blocks, and the
// pieces left between live objects fragment the heap).
void* allocate_host(size_t bytes, void** allocation) {
  static const size_t limit = physical_memory();
  if (bytes > limit) {
    throw SizeError(std::to_string(bytes) + " bytes exceed the machine's physical memory (" + std::to_string(limit) + " bytes)");
  }
  void* block = std::calloc(1, bytes + kAlignment - 1);
  if (block == nullptr) throw SizeError("out of host memory allocating " + std::to_string(bytes) + " bytes");
  *allocation = block;
  const uintptr_t at = reinterpret_cast<uintptr_t>(block);
  return reinterpret_cast<void*>((at + kAlignment - 1) / kAlignment * kAlignment);
}

void free_memory(Device device, void* allocation) {
  if (allocation == nullptr) return;
  if (device == Device::Cpu) {
    std::free(allocation);
  } else {
#if SG_WITH_CUDA
    cuda_free(allocation);
#endif
  }
}

}  // namespace

size_t storage_bytes(DType dtype, size_t length) {
  size_t bytes = 0;
  if (!checked_mul(length, dtype_size(dtype), &bytes) || bytes > kMaxTensorBytes) {
    throw SizeError(std::to_string(length) + " elements of " + std::to_string(dtype_size(dtype)) + " bytes exceed the largest tensor, 2^53 - 1 bytes");
  }
  return bytes;
}

Storage* create_storage(Device device, DType dtype, size_t length) {
  const size_t bytes = storage_bytes(dtype, length);
  void* data = nullptr;
  void* allocation = nullptr;
  if (device == Device::Cpu) {
    if (bytes > 0) data = allocate_host(bytes, &allocation);
  } else {
#if SG_WITH_CUDA
    if (bytes > 0) {
      data = allocation = cuda_alloc_zeroed(bytes);
    } else {
      std::string message;
      if (cuda_device_count(&message) == 0) throw std::runtime_error("no CUDA device: " + message);
    }
#else
    throw std::runtime_error("this build of the addon has no CUDA support");
#endif
  }
  std::unique_ptr<Storage> s;
  try {
    s.reset(new Storage{next_id, device, dtype, length, data, allocation});
    registry.emplace(s->id, s.get());
  } catch (...) {
    free_memory(device, allocation);
    throw;
  }
  next_id += 1;
  stats.count += 1;
  stats.bytes += bytes;
  return s.release();
}

void orphan_storage(Storage* s) {
  registry.erase(s->id);
  unregistered += 1;
  s->orphaned = true;
}

void release_storage(Storage* s) {
  registry.erase(s->id);
  unregistered += 1;
  free_memory(s->device, s->allocation);
  stats.count -= 1;
  stats.bytes -= s->bytes();
  delete s;
}

Storage* find_storage(uint64_t id) {
  auto it = registry.find(id);
  return it == registry.end() ? nullptr : it->second;
}

uint64_t unregistered_count() { return unregistered; }

LiveStats live_stats() { return stats; }

}  // namespace sg
