// Turning CUDA errors into exceptions with CUDA's own message.
#pragma once

#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

namespace sg {

inline void cuda_check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

// Reports a failed launch (bad configuration, no kernel image for this GPU).
inline void cuda_check_launch(const char* what) { cuda_check(cudaGetLastError(), what); }

}  // namespace sg
