// The spectral session on a CUDA device: the device policy of spectral_session_impl.h for device
// memory. Products are tiled shared-memory kernels (float64 and float32), vector work is one
// kernel per operation on the default stream; the small k x k eigenproblems run on the host
// (linalg_eigen.cc), so each Rayleigh-Ritz step copies two k x k matrices each way. Compiled
// whenever nvcc is found; it has not run on a GPU here.
#include <algorithm>
#include <utility>
#include <vector>

#include "../spectral_cuda.h"
#include "../spectral_session_impl.h"
#include "block_sum.cuh"
#include "cuda_check.h"

namespace sg {
namespace {

constexpr int kThreads = 256;

unsigned blocks_for(size_t n) { return static_cast<unsigned>(std::max<size_t>(1, (n + kThreads - 1) / kThreads)); }

// A device array that keeps its contents when it grows.
template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept { swap(o); }
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    DeviceBuffer fresh;
    swap(fresh);
    swap(o);
    return *this;
  }
  ~DeviceBuffer() { cudaFree(p_); }

  void resize(size_t n) {
    if (n <= capacity_) {
      size_ = n;
      return;
    }
    T* q = nullptr;
    cuda_check(cudaMalloc(&q, n * sizeof(T)), "cudaMalloc");
    if (size_ > 0) {
      const cudaError_t e = cudaMemcpy(q, p_, size_ * sizeof(T), cudaMemcpyDeviceToDevice);
      if (e != cudaSuccess) {
        cudaFree(q);
        cuda_check(e, "cudaMemcpy on the device");
      }
    }
    cudaFree(p_);
    p_ = q;
    size_ = n;
    capacity_ = n;
  }
  T* data() { return p_; }
  const T* data() const { return p_; }
  size_t size() const { return size_; }
  void swap(DeviceBuffer& o) noexcept {
    std::swap(p_, o.p_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
  }

 private:
  T* p_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// ---- kernels ----

// C = alpha A B + beta C on strided views, 64 x 64 tiles of C per block, 4 x 4 per thread.
template <typename T>
__global__ void gemm_kernel(long long m, long long n, long long k, T alpha, const T* A, long long ars, long long acs, const T* B,
                            long long brs, long long bcs, T beta, T* C, long long crs, long long ccs) {
  constexpr int kTile = 64, kDepth = 16;
  __shared__ T as[kDepth][kTile];
  __shared__ T bs[kDepth][kTile];
  const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  const long long row0 = static_cast<long long>(blockIdx.y) * kTile, col0 = static_cast<long long>(blockIdx.x) * kTile;
  T acc[4][4] = {};
  for (long long p0 = 0; p0 < k; p0 += kDepth) {
    for (int e = threadIdx.x; e < kDepth * kTile; e += blockDim.x) {
      const int p = e / kTile, r = e % kTile;
      const long long gp = p0 + p, gr = row0 + r, gc = col0 + r;
      as[p][r] = (gp < k && gr < m) ? A[gr * ars + gp * acs] : T(0);
      bs[p][r] = (gp < k && gc < n) ? B[gp * brs + gc * bcs] : T(0);
    }
    __syncthreads();
    for (int p = 0; p < kDepth; p++) {
      T a[4], b[4];
      for (int i = 0; i < 4; i++) a[i] = as[p][ty * 4 + i];
      for (int j = 0; j < 4; j++) b[j] = bs[p][tx * 4 + j];
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] += a[i] * b[j];
    }
    __syncthreads();
  }
  for (int i = 0; i < 4; i++) {
    const long long r = row0 + ty * 4 + i;
    if (r >= m) continue;
    for (int j = 0; j < 4; j++) {
      const long long c = col0 + tx * 4 + j;
      if (c >= n) continue;
      T& out = C[r * crs + c * ccs];
      out = (beta == T(0) ? T(0) : beta * out) + alpha * acc[i][j];
    }
  }
}

template <typename S, typename D>
__global__ void convert_kernel(D* dst, const S* src, long long n) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i < n) dst[i] = static_cast<D>(src[i]);
}

// One block per column: out[j] = ||X_j|| (or, with AV, ||AV_j - theta_j X_j||).
__global__ void column_norm_kernel(const double* X, const double* AV, const double* theta, long long n, double* out) {
  const long long j = blockIdx.x;
  double acc = 0;
  for (long long i = threadIdx.x; i < n; i += blockDim.x) {
    const double v = AV == nullptr ? X[j * n + i] : AV[j * n + i] - theta[j] * X[j * n + i];
    acc += v * v;
  }
  const double total = block_sum<kThreads>(acc);
  if (threadIdx.x == 0) out[j] = sqrt(total);
}

__global__ void scale_columns_kernel(double* X, long long n, long long k, const double* scales) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i < n * k) X[i] *= scales[i / n];
}

__global__ void three_term_kernel(double* out, const double* AY, const double* C, const double* P, long long len, double a, double s, double b) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i >= len) return;
  const double v = a * (s * AY[i] - C[i]);
  out[i] = P == nullptr ? v : v - b * P[i];
}

__global__ void residuals_kernel(double* R, const double* AV, const double* V, const double* theta, const double* w, long long n, long long c) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i >= n * c) return;
  const long long j = i / n;
  R[i] = w[j] * (AV[i] - theta[j] * V[i]);
}

// One block per row: y_i = M_i . x (float64 sums).
template <typename T>
__global__ void gemv_kernel(const T* M, long long rows, long long cols, const double* x, double* y) {
  const long long i = blockIdx.x;
  double acc = 0;
  for (long long j = threadIdx.x; j < cols; j += blockDim.x) acc += static_cast<double>(M[i * cols + j]) * x[j];
  const double total = block_sum<kThreads>(acc);
  if (threadIdx.x == 0) y[i] = total;
}

// y_j = sum_i M_ij x_i for the row-major rows x cols M (threads over j).
__global__ void gemv_transposed_kernel(const double* M, long long rows, long long cols, const double* x, double* y) {
  const long long j = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (j >= cols) return;
  double acc = 0;
  for (long long i = 0; i < rows; i++) acc += M[i * cols + j] * x[i];
  y[j] = acc;
}

// q += alpha X c (threads over rows of the column-major n x k X).
__global__ void block_combine_kernel(const double* X, long long n, long long k, const double* c, double alpha, double* q) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i >= n) return;
  double acc = 0;
  for (long long j = 0; j < k; j++) acc += X[j * n + i] * c[j];
  q[i] += alpha * acc;
}

// One block per column: c_j = X_j . q.
__global__ void block_dots_kernel(const double* X, long long n, const double* q, double* c) {
  const long long j = blockIdx.x;
  double acc = 0;
  for (long long i = threadIdx.x; i < n; i += blockDim.x) acc += X[j * n + i] * q[i];
  const double total = block_sum<kThreads>(acc);
  if (threadIdx.x == 0) c[j] = total;
}

__global__ void scale_kernel(double* x, long long n, double a) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i < n) x[i] *= a;
}

// A small host array on the device for one call (theta, weights, scales).
class Small {
 public:
  Small(const double* host, size_t n) {
    buffer_.resize(std::max<size_t>(n, 1));
    if (n > 0) cuda_check(cudaMemcpy(buffer_.data(), host, n * sizeof(double), cudaMemcpyHostToDevice), "cudaMemcpy to the device");
  }
  const double* get() const { return buffer_.data(); }

 private:
  DeviceBuffer<double> buffer_;
};

struct CudaOps {
  template <typename T>
  using Buffer = DeviceBuffer<T>;

  static void load(const Storage& W, double* W64) {
    const auto n = static_cast<long long>(W.length);
    if (W.dtype == DType::F32) convert_kernel<<<blocks_for(W.length), kThreads>>>(W64, static_cast<const float*>(W.data), n);
    else cuda_check(cudaMemcpy(W64, W.data, W.length * sizeof(double), cudaMemcpyDeviceToDevice), "cudaMemcpy on the device");
    cuda_check_launch("spectral load");
  }
  static void store(const double* R, Storage& out, size_t len) {
    if (out.dtype == DType::F32) convert_kernel<<<blocks_for(len), kThreads>>>(static_cast<float*>(out.data), R, static_cast<long long>(len));
    else cuda_check(cudaMemcpy(out.data, R, len * sizeof(double), cudaMemcpyDeviceToDevice), "cudaMemcpy on the device");
    cuda_check_launch("spectral store");
    cuda_check(cudaDeviceSynchronize(), "spectral store");
  }
  static void upload(double* dst, const double* src, size_t n) {
    if (n > 0) cuda_check(cudaMemcpy(dst, src, n * sizeof(double), cudaMemcpyHostToDevice), "cudaMemcpy to the device");
  }
  static void download(double* dst, const double* src, size_t n) {
    if (n > 0) cuda_check(cudaMemcpy(dst, src, n * sizeof(double), cudaMemcpyDeviceToHost), "cudaMemcpy from the device");
  }
  static void copy(double* dst, const double* src, size_t n) {
    if (n > 0) cuda_check(cudaMemcpy(dst, src, n * sizeof(double), cudaMemcpyDeviceToDevice), "cudaMemcpy on the device");
  }
  template <typename T>
  static void gemm_any(size_t m, size_t n, size_t k, T alpha, MatView<const T> A, MatView<const T> B, T beta, MatView<T> C) {
    if (m == 0 || n == 0) return;
    const dim3 grid(static_cast<unsigned>((n + 63) / 64), static_cast<unsigned>((m + 63) / 64));
    gemm_kernel<T><<<grid, kThreads>>>(static_cast<long long>(m), static_cast<long long>(n), static_cast<long long>(k), alpha, A.data, A.rs, A.cs, B.data,
                                       B.rs, B.cs, beta, C.data, C.rs, C.cs);
    cuda_check_launch("spectral gemm");
  }
  static void gemm(size_t m, size_t n, size_t k, double alpha, MatView<const double> A, MatView<const double> B, double beta, MatView<double> C) {
    gemm_any<double>(m, n, k, alpha, A, B, beta, C);
  }
  static void gemm(size_t m, size_t n, size_t k, float alpha, MatView<const float> A, MatView<const float> B, float beta, MatView<float> C) {
    gemm_any<float>(m, n, k, alpha, A, B, beta, C);
  }
  static void gram_matrix(size_t m, size_t n, const double* W, double* M) {
    const MatView<const double> w = row_major<const double>(W, n);
    gemm(n, n, m, 1.0, transposed(w), w, 0.0, row_major<double>(M, n));
  }
  static void gram_block(const double* X, size_t n, size_t k, double* G) {
    const MatView<const double> x = col_major<const double>(X, n);
    gemm(k, k, n, 1.0, transposed(x), x, 0.0, col_major<double>(G, k));
  }
  static void symmetric_block(const double* X, const double* Y, size_t n, size_t k, double* G) {
    gemm(k, k, n, 1.0, transposed(col_major<const double>(X, n)), col_major<const double>(Y, n), 0.0, col_major<double>(G, k));
  }
  static void to_float(float* dst, const double* src, size_t n) {
    convert_kernel<<<blocks_for(n), kThreads>>>(dst, src, static_cast<long long>(n));
    cuda_check_launch("spectral convert");
  }
  static void to_double(double* dst, const float* src, size_t n) {
    convert_kernel<<<blocks_for(n), kThreads>>>(dst, src, static_cast<long long>(n));
    cuda_check_launch("spectral convert");
  }
  static void column_norms(const double* X, size_t n, size_t k, double* out) {
    DeviceBuffer<double> norms;
    norms.resize(std::max<size_t>(k, 1));
    if (k > 0) column_norm_kernel<<<static_cast<unsigned>(k), kThreads>>>(X, nullptr, nullptr, static_cast<long long>(n), norms.data());
    cuda_check_launch("spectral column norms");
    download(out, norms.data(), k);
  }
  static void scale_columns(double* X, size_t n, size_t k, const double* scales) {
    const Small s(scales, k);
    scale_columns_kernel<<<blocks_for(n * k), kThreads>>>(X, static_cast<long long>(n), static_cast<long long>(k), s.get());
    cuda_check_launch("spectral scale columns");
  }
  static void three_term(double* out, const double* AY, const double* C, const double* P, size_t len, double a, double s, double b) {
    three_term_kernel<<<blocks_for(len), kThreads>>>(out, AY, C, P, static_cast<long long>(len), a, s, b);
    cuda_check_launch("spectral filter step");
  }
  static void residuals(double* R, const double* AV, const double* V, const double* theta, const double* w, size_t n, size_t c) {
    const Small t(theta, c), ws(w, c);
    residuals_kernel<<<blocks_for(n * c), kThreads>>>(R, AV, V, t.get(), ws.get(), static_cast<long long>(n), static_cast<long long>(c));
    cuda_check_launch("spectral residuals");
  }
  static void residual_norms(const double* AV, const double* V, const double* theta, size_t n, size_t k, double* out) {
    const Small t(theta, k);
    DeviceBuffer<double> norms;
    norms.resize(std::max<size_t>(k, 1));
    if (k > 0) column_norm_kernel<<<static_cast<unsigned>(k), kThreads>>>(V, AV, t.get(), static_cast<long long>(n), norms.data());
    cuda_check_launch("spectral residual norms");
    download(out, norms.data(), k);
  }
  static void solve_right_lower(double* X, size_t n, size_t k, const double* L, DeviceBuffer<double>& spare) {
    // One product with L^-T, formed on the host.
    std::vector<double> inverse(k * k, 0.0);
    for (size_t j = 0; j < k; j++) inverse[j * k + j] = 1;
    solve_right_lower_transposed(inverse.data(), k, L, k);
    const Small u(inverse.data(), k * k);
    spare.resize(n * k);
    const auto nn = static_cast<ptrdiff_t>(n);
    gemm(n, k, k, 1.0, {X, 1, nn}, {u.get(), 1, static_cast<ptrdiff_t>(k)}, 0.0, {spare.data(), 1, nn});
    copy(X, spare.data(), n * k);
  }
  template <typename T>
  static void gemv(const T* M, size_t rows, size_t cols, const double* x, double* y) {
    if (rows > 0) gemv_kernel<T><<<static_cast<unsigned>(rows), kThreads>>>(M, static_cast<long long>(rows), static_cast<long long>(cols), x, y);
    cuda_check_launch("spectral gemv");
  }
  static void gemv_transposed(const double* M, size_t rows, size_t cols, const double* x, double* y) {
    gemv_transposed_kernel<<<blocks_for(cols), kThreads>>>(M, static_cast<long long>(rows), static_cast<long long>(cols), x, y);
    cuda_check_launch("spectral gemv");
  }
  static void block_dots(const double* X, size_t n, size_t k, const double* q, double* c) {
    if (k > 0) block_dots_kernel<<<static_cast<unsigned>(k), kThreads>>>(X, static_cast<long long>(n), q, c);
    cuda_check_launch("spectral block dots");
  }
  static void block_combine(const double* X, size_t n, size_t k, const double* c, double alpha, double* q) {
    block_combine_kernel<<<blocks_for(n), kThreads>>>(X, static_cast<long long>(n), static_cast<long long>(k), c, alpha, q);
    cuda_check_launch("spectral block combine");
  }
  static double dot(const double* x, const double* y, size_t n) {
    DeviceBuffer<double> out;
    out.resize(1);
    block_dots_kernel<<<1, kThreads>>>(x, static_cast<long long>(n), y, out.data());
    cuda_check_launch("spectral dot");
    double host = 0;
    download(&host, out.data(), 1);
    return host;
  }
  static void scale(double* x, size_t n, double a) {
    scale_kernel<<<blocks_for(n), kThreads>>>(x, static_cast<long long>(n), a);
    cuda_check_launch("spectral scale");
  }
};

}  // namespace

std::unique_ptr<SpectralSession> make_cuda_spectral_session(const Storage& W, size_t m, size_t n, uint64_t seed) {
  return std::make_unique<SpectralSessionOf<CudaOps>>(W, m, n, seed);
}

}  // namespace sg
