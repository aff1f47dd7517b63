// The CUDA side of the addon (src/cuda/*.cu, compiled by nvcc when it is found at build time).
// Every function throws std::runtime_error with CUDA's message when a call fails, except that
// running out of device memory in cuda_alloc_zeroed is a SizeError (sizes.h).
#pragma once

#include <string>
#include <vector>

#include "../generated/build_config.h"
#include "step_program.h"
#include "storage.h"

#if SG_WITH_CUDA
namespace sg {

struct CudaDeviceInfo {
  std::string name;
  int major;
  int minor;
  size_t memory;
};

// Number of usable devices; when there is none, `message` receives the driver's reason.
int cuda_device_count(std::string* message);
CudaDeviceInfo cuda_device_info(int device);
// CUDA runtime version the addon was linked against (statically), e.g. 13000.
int cuda_runtime_version();

void* cuda_alloc_zeroed(size_t bytes);
void cuda_free(void* p);
void cuda_upload(void* dst, const void* src, size_t bytes);
void cuda_download(void* dst, const void* src, size_t bytes);
void cuda_copy(void* dst, const void* src, size_t bytes);
void cuda_synchronize();

// One step over every group: one kernel launch while the groups fit in the launch table.
void cuda_step(const StepProgram& p, DType dtype, const std::vector<GroupPointers>& groups, const double* scalars);

long long cuda_find_non_finite(const void* data, DType dtype, size_t n);
double cuda_sum_of_squares(const void* data, DType dtype, size_t n);
void cuda_scale(void* dst, const void* src, DType dtype, size_t n, double factor);
// out = W X (m x k) or, when `transposed`, W^T X (n x k); blocks column-major in float64.
void cuda_multiply(const void* W, DType dtype, size_t m, size_t n, const double* X, size_t k, double* out, bool transposed);
void cuda_low_rank_update(void* dst, const void* W, DType dtype, size_t m, size_t n, const double* U, const double* d, const double* V, size_t k);

}  // namespace sg
#endif
