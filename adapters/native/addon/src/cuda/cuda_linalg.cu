// LinAlg on the device: float64 accumulation, each product and update summed left to right per
// element (as core's referenceLinAlg), tensor results rounded once to the tensor's dtype.
#include <climits>
#include <vector>

#include "../cuda_api.h"
#include "block_sum.cuh"
#include "cuda_check.h"

namespace sg {
namespace {

constexpr int kThreads = 256;
constexpr int kReduceBlocks = 1024;

unsigned blocks_for(size_t n) { return static_cast<unsigned>((n + kThreads - 1) / kThreads); }

// A device copy of a host float64 block, freed with the object.
class DeviceBlock {
 public:
  DeviceBlock(const double* host, size_t n) {
    cuda_check(cudaMalloc(&p_, (n == 0 ? 1 : n) * sizeof(double)), "cudaMalloc");
    if (host != nullptr && n > 0) cuda_check(cudaMemcpy(p_, host, n * sizeof(double), cudaMemcpyHostToDevice), "cudaMemcpy to the device");
  }
  ~DeviceBlock() { cudaFree(p_); }
  DeviceBlock(const DeviceBlock&) = delete;
  DeviceBlock& operator=(const DeviceBlock&) = delete;
  double* get() const { return p_; }

 private:
  double* p_ = nullptr;
};

template <typename T>
__global__ void find_non_finite_kernel(const T* x, long long n, unsigned long long* first) {
  for (long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x; i < n; i += static_cast<long long>(gridDim.x) * blockDim.x) {
    if (!isfinite(x[i])) atomicMin(first, static_cast<unsigned long long>(i));
  }
}

template <typename T>
__global__ void sum_of_squares_kernel(const T* x, long long n, double* partial) {
  double acc = 0;
  for (long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x; i < n; i += static_cast<long long>(gridDim.x) * blockDim.x) {
    const double v = static_cast<double>(x[i]);
    acc += v * v;
  }
  const double total = block_sum<kThreads>(acc);
  if (threadIdx.x == 0) partial[blockIdx.x] = total;
}

template <typename T>
__global__ void scale_kernel(T* y, const T* x, long long n, double factor) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i < n) y[i] = static_cast<T>(static_cast<double>(x[i]) * factor);
}

// out[l*m + i] = sum_j W[i, j] X[l*n + j]
template <typename T>
__global__ void multiply_kernel(const T* w, long long m, long long n, const double* X, long long k, double* out) {
  const long long o = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (o >= m * k) return;
  const long long i = o % m, l = o / m;
  double s = 0;
  for (long long j = 0; j < n; j++) s += static_cast<double>(w[i * n + j]) * X[l * n + j];
  out[o] = s;
}

// out[l*n + j] = sum_i W[i, j] Y[l*m + i]
template <typename T>
__global__ void multiply_transposed_kernel(const T* w, long long m, long long n, const double* Y, long long k, double* out) {
  const long long o = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (o >= n * k) return;
  const long long j = o % n, l = o / n;
  double s = 0;
  for (long long i = 0; i < m; i++) s += static_cast<double>(w[i * n + j]) * Y[l * m + i];
  out[o] = s;
}

template <typename T>
__global__ void low_rank_update_kernel(T* dst, const T* w, long long m, long long n, const double* U, const double* d, const double* V, long long k) {
  const long long o = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (o >= m * n) return;
  const long long i = o / n, j = o % n;
  double r = static_cast<double>(w[o]);
  for (long long l = 0; l < k; l++) r = r - (U[l * m + i] * d[l]) * V[l * n + j];
  dst[o] = static_cast<T>(r);
}

template <typename T>
long long find_non_finite(const T* x, size_t n) {
  unsigned long long* first = nullptr;
  cuda_check(cudaMalloc(&first, sizeof *first), "cudaMalloc");
  const unsigned long long none = ULLONG_MAX;
  unsigned long long found = none;
  try {
    cuda_check(cudaMemcpy(first, &none, sizeof none, cudaMemcpyHostToDevice), "cudaMemcpy to the device");
    if (n > 0) find_non_finite_kernel<<<kReduceBlocks, kThreads>>>(x, static_cast<long long>(n), first);
    cuda_check_launch("findNonFinite kernel launch");
    cuda_check(cudaMemcpy(&found, first, sizeof found, cudaMemcpyDeviceToHost), "cudaMemcpy from the device");
  } catch (...) {
    cudaFree(first);
    throw;
  }
  cudaFree(first);
  return found == none ? -1 : static_cast<long long>(found);
}

template <typename T>
double sum_of_squares(const T* x, size_t n) {
  DeviceBlock partial(nullptr, kReduceBlocks);
  sum_of_squares_kernel<<<kReduceBlocks, kThreads>>>(x, static_cast<long long>(n), partial.get());
  cuda_check_launch("sumOfSquares kernel launch");
  std::vector<double> host(kReduceBlocks);
  cuda_check(cudaMemcpy(host.data(), partial.get(), kReduceBlocks * sizeof(double), cudaMemcpyDeviceToHost), "cudaMemcpy from the device");
  double sum = 0;
  for (double p : host) sum += p;
  return sum;
}

}  // namespace

long long cuda_find_non_finite(const void* data, DType dtype, size_t n) {
  return dtype == DType::F32 ? find_non_finite(static_cast<const float*>(data), n) : find_non_finite(static_cast<const double*>(data), n);
}

double cuda_sum_of_squares(const void* data, DType dtype, size_t n) {
  return dtype == DType::F32 ? sum_of_squares(static_cast<const float*>(data), n) : sum_of_squares(static_cast<const double*>(data), n);
}

void cuda_scale(void* dst, const void* src, DType dtype, size_t n, double factor) {
  if (n == 0) return;
  if (dtype == DType::F32) scale_kernel<<<blocks_for(n), kThreads>>>(static_cast<float*>(dst), static_cast<const float*>(src), static_cast<long long>(n), factor);
  else scale_kernel<<<blocks_for(n), kThreads>>>(static_cast<double*>(dst), static_cast<const double*>(src), static_cast<long long>(n), factor);
  cuda_check_launch("scale kernel launch");
}

void cuda_multiply(const void* W, DType dtype, size_t m, size_t n, const double* X, size_t k, double* out, bool transposed) {
  const size_t rows_out = transposed ? n : m;
  const size_t count = rows_out * k;
  if (count == 0) return;
  DeviceBlock x(X, (transposed ? m : n) * k);
  DeviceBlock y(nullptr, count);
  const auto mm = static_cast<long long>(m), nn = static_cast<long long>(n), kk = static_cast<long long>(k);
  if (dtype == DType::F32) {
    const auto* w = static_cast<const float*>(W);
    if (transposed) multiply_transposed_kernel<<<blocks_for(count), kThreads>>>(w, mm, nn, x.get(), kk, y.get());
    else multiply_kernel<<<blocks_for(count), kThreads>>>(w, mm, nn, x.get(), kk, y.get());
  } else {
    const auto* w = static_cast<const double*>(W);
    if (transposed) multiply_transposed_kernel<<<blocks_for(count), kThreads>>>(w, mm, nn, x.get(), kk, y.get());
    else multiply_kernel<<<blocks_for(count), kThreads>>>(w, mm, nn, x.get(), kk, y.get());
  }
  cuda_check_launch("multiply kernel launch");
  cuda_check(cudaMemcpy(out, y.get(), count * sizeof(double), cudaMemcpyDeviceToHost), "cudaMemcpy from the device");
}

void cuda_low_rank_update(void* dst, const void* W, DType dtype, size_t m, size_t n, const double* U, const double* d, const double* V, size_t k) {
  const size_t count = m * n;
  if (count == 0) return;
  DeviceBlock u(U, m * k), dd(d, k), v(V, n * k);
  const auto mm = static_cast<long long>(m), nn = static_cast<long long>(n), kk = static_cast<long long>(k);
  if (dtype == DType::F32) {
    low_rank_update_kernel<<<blocks_for(count), kThreads>>>(static_cast<float*>(dst), static_cast<const float*>(W), mm, nn, u.get(), dd.get(), v.get(), kk);
  } else {
    low_rank_update_kernel<<<blocks_for(count), kThreads>>>(static_cast<double*>(dst), static_cast<const double*>(W), mm, nn, u.get(), dd.get(), v.get(), kk);
  }
  cuda_check_launch("lowRankUpdate kernel launch");
  // The blocks are freed when this returns: wait until the kernel has read them.
  cuda_check(cudaDeviceSynchronize(), "lowRankUpdate");
}

}  // namespace sg
