// Tensor memory owned by the addon: host or CUDA device, looked up by a numeric id.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sg {

enum class Device : int { Cpu = 0, Cuda = 1 };
enum class DType : int { F32 = 0, F64 = 1 };

inline size_t dtype_size(DType d) { return d == DType::F32 ? 4 : 8; }

struct Storage {
  uint64_t id;
  Device device;
  DType dtype;
  size_t length;
  // The elements (64-byte aligned on the host), or nullptr when `length` is 0: an empty tensor
  // allocates nothing, and every operation on it returns before touching memory.
  void* data;
  // What to free: the host block `data` lies in, or the device pointer itself.
  void* allocation;
  // Async steps in flight that read or write this storage (touched on the JavaScript thread only).
  int pending = 0;
  // Disposed or collected while a step was pending: freed when the last one finishes.
  bool orphaned = false;

  // Cannot overflow: create_storage admits no length whose byte size exceeds kMaxTensorBytes.
  size_t bytes() const { return length * dtype_size(dtype); }
};

// The byte size of `length` elements of `dtype`. Throws SizeError when it exceeds kMaxTensorBytes
// (sizes.h), whatever the memory available.
size_t storage_bytes(DType dtype, size_t length);

// A new zero-filled storage, registered under a fresh id. Throws SizeError when the size cannot
// be represented (storage_bytes), exceeds the machine's physical memory (host) or cannot be
// allocated; std::runtime_error when the device is not available.
Storage* create_storage(Device device, DType dtype, size_t length);

// Unregisters and frees `s`.
void release_storage(Storage* s);

// Unregisters `s` but keeps its memory until `release_storage` (used while a step is pending).
void orphan_storage(Storage* s);

// The registered storage with this id, or nullptr when it was disposed or never existed.
Storage* find_storage(uint64_t id);

// How many times a storage has been unregistered (released or orphaned). Ids are never reused, so
// storages found by id stay valid while this count is unchanged.
uint64_t unregistered_count();

struct LiveStats {
  size_t count;
  size_t bytes;
};

// Storages currently allocated (registered or orphaned) and their bytes.
LiveStats live_stats();

}  // namespace sg
