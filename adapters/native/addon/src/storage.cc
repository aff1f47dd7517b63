#include "storage.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "cuda_api.h"

namespace sg {
namespace {

std::unordered_map<uint64_t, Storage*> registry;
uint64_t next_id = 1;
uint64_t unregistered = 0;
LiveStats stats{0, 0};

constexpr size_t kAlignment = 64;

void* allocate_host(size_t bytes) {
  const size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  void* p = std::aligned_alloc(kAlignment, rounded == 0 ? kAlignment : rounded);
  if (p == nullptr) throw std::runtime_error("out of host memory allocating " + std::to_string(bytes) + " bytes");
  std::memset(p, 0, bytes);
  return p;
}

}  // namespace

Storage* create_storage(Device device, DType dtype, size_t length) {
  const size_t bytes = length * dtype_size(dtype);
  void* data = nullptr;
  if (device == Device::Cpu) {
    data = allocate_host(bytes);
  } else {
#if SG_WITH_CUDA
    data = cuda_alloc_zeroed(bytes);
#else
    throw std::runtime_error("this build of the addon has no CUDA support");
#endif
  }
  auto* s = new Storage{next_id++, device, dtype, length, data};
  registry.emplace(s->id, s);
  stats.count += 1;
  stats.bytes += bytes;
  return s;
}

void orphan_storage(Storage* s) {
  registry.erase(s->id);
  unregistered += 1;
  s->orphaned = true;
}

void release_storage(Storage* s) {
  registry.erase(s->id);
  unregistered += 1;
  if (s->device == Device::Cpu) {
    std::free(s->data);
  } else {
#if SG_WITH_CUDA
    cuda_free(s->data);
#endif
  }
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
