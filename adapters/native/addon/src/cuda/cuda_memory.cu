// Devices, memory and copies.
#include <string>

#include "../cuda_api.h"
#include "../sizes.h"
#include "cuda_check.h"

namespace sg {

int cuda_device_count(std::string* message) {
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error so later queries start clean
    *message = cudaGetErrorString(e);
    return 0;
  }
  if (count == 0) *message = "the driver reports no devices";
  return count;
}

CudaDeviceInfo cuda_device_info(int device) {
  cudaDeviceProp p;
  cuda_check(cudaGetDeviceProperties(&p, device), "cudaGetDeviceProperties");
  return {p.name, p.major, p.minor, p.totalGlobalMem};
}

int cuda_runtime_version() { return CUDART_VERSION; }

void* cuda_alloc_zeroed(size_t bytes) {
  void* p = nullptr;
  const cudaError_t allocated = cudaMalloc(&p, bytes == 0 ? 16 : bytes);
  if (allocated == cudaErrorMemoryAllocation) {
    cudaGetLastError();  // not sticky: clear it, or the next launch check would report it
    throw SizeError("out of CUDA device memory allocating " + std::to_string(bytes) + " bytes");
  }
  cuda_check(allocated, "cudaMalloc");
  const cudaError_t e = cudaMemset(p, 0, bytes);
  if (e != cudaSuccess) {
    cudaFree(p);
    cuda_check(e, "cudaMemset");
  }
  return p;
}

void cuda_free(void* p) { cudaFree(p); }

void cuda_upload(void* dst, const void* src, size_t bytes) { cuda_check(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice), "cudaMemcpy to the device"); }

void cuda_download(void* dst, const void* src, size_t bytes) { cuda_check(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy from the device"); }

void cuda_copy(void* dst, const void* src, size_t bytes) { cuda_check(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToDevice), "cudaMemcpy on the device"); }

void cuda_synchronize() { cuda_check(cudaDeviceSynchronize(), "cudaDeviceSynchronize"); }

}  // namespace sg
