// The spectral session on the CPU: the device policy of spectral_session_impl.h for host memory,
// with the blocked products of linalg_gemm.cc and vector loops spread over the thread pool.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

#include "linalg_eigen.h"
#include "linalg_gemm.h"
#include "linalg_vector.h"
#include "spectral_session_impl.h"
#include "thread_pool.h"

namespace sg {
namespace {

// Below this many multiply-adds a vector loop runs on the calling thread alone.
constexpr size_t kSerialWork = size_t{1} << 15;

// task(first, end) over [0, count) in ranges of perTask, spread over the pool when the loop does
// at least kSerialWork multiply-adds. Each index is handled by one task, in the same order
// whatever the thread, so the results do not depend on the split.
template <typename F>
void for_ranges(size_t count, size_t perTask, size_t work, const F& task) {
  const size_t tasks = (count + perTask - 1) / perTask;
  const auto run = [&](size_t t) { task(t * perTask, std::min(count, (t + 1) * perTask)); };
  if (work < kSerialWork || tasks < 2) {
    for (size_t t = 0; t < tasks; t++) run(t);
  } else {
    ThreadPool::instance().parallel_for(tasks, run);
  }
}

double sum8(const double* s) { return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])); }

struct CpuOps {
  template <typename T>
  using Buffer = std::vector<T>;

  static void load(const Storage& W, double* W64) {
    if (W.dtype == DType::F32) {
      const float* w = static_cast<const float*>(W.data);
      for (size_t i = 0; i < W.length; i++) W64[i] = w[i];
    } else {
      std::memcpy(W64, W.data, W.length * sizeof(double));
    }
  }
  static void store(const double* R, Storage& out, size_t len) {
    if (out.dtype == DType::F32) {
      float* o = static_cast<float*>(out.data);
      for (size_t i = 0; i < len; i++) o[i] = static_cast<float>(R[i]);
    } else {
      std::memcpy(out.data, R, len * sizeof(double));
    }
  }
  static void upload(double* dst, const double* src, size_t n) { std::copy(src, src + n, dst); }
  static void download(double* dst, const double* src, size_t n) { std::copy(src, src + n, dst); }
  static void copy(double* dst, const double* src, size_t n) { std::copy(src, src + n, dst); }
  static void gemm(size_t m, size_t n, size_t k, double alpha, MatView<const double> A, MatView<const double> B, double beta, MatView<double> C) {
    sg::gemm(m, n, k, alpha, A, B, beta, C);
  }
  static void gemm(size_t m, size_t n, size_t k, float alpha, MatView<const float> A, MatView<const float> B, float beta, MatView<float> C) {
    sg::gemm(m, n, k, alpha, A, B, beta, C);
  }
  static void gram_matrix(size_t m, size_t n, const double* W, double* M) {
    sg::gram_matrix(m, n, row_major<const double>(W, n), row_major<double>(M, n));
  }
  static void gram_block(const double* X, size_t n, size_t k, double* G) {
    sg::gram_matrix(n, k, col_major<const double>(X, n), col_major<double>(G, k));
  }
  static void symmetric_block(const double* X, const double* Y, size_t n, size_t k, double* G) {
    sg::symmetric_product(n, k, col_major<const double>(X, n), col_major<const double>(Y, n), col_major<double>(G, k));
  }
  static void to_float(float* dst, const double* src, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = static_cast<float>(src[i]);
  }
  static void to_double(double* dst, const float* src, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
  }
  static void column_norms(const double* X, size_t n, size_t k, double* out) {
    for (size_t j = 0; j < k; j++) out[j] = std::sqrt(sg::dot(X + j * n, X + j * n, n));
  }
  static void scale_columns(double* X, size_t n, size_t k, const double* scales) {
    for (size_t j = 0; j < k; j++) scal(scales[j], X + j * n, n);
  }
  static void three_term(double* out, const double* AY, const double* C, const double* P, size_t len, double a, double s, double b) {
    if (P == nullptr) {
      for (size_t i = 0; i < len; i++) out[i] = a * (s * AY[i] - C[i]);
    } else {
      for (size_t i = 0; i < len; i++) out[i] = a * (s * AY[i] - C[i]) - b * P[i];
    }
  }
  static void residuals(double* R, const double* AV, const double* V, const double* theta, const double* w, size_t n, size_t c) {
    for (size_t j = 0; j < c; j++) {
      for (size_t i = 0; i < n; i++) R[j * n + i] = w[j] * (AV[j * n + i] - theta[j] * V[j * n + i]);
    }
  }
  static void residual_norms(const double* AV, const double* V, const double* theta, size_t n, size_t k, double* out) {
    for (size_t j = 0; j < k; j++) {
      const double* v = V + j * n;
      const double* av = AV + j * n;
      double s[8] = {};
      size_t i = 0;
      for (; i + 8 <= n; i += 8) {
        for (int l = 0; l < 8; l++) {
          const double r = av[i + l] - theta[j] * v[i + l];
          s[l] += r * r;
        }
      }
      for (; i < n; i++) {
        const double r = av[i] - theta[j] * v[i];
        s[0] += r * r;
      }
      out[j] = std::sqrt(sum8(s));
    }
  }
  static void solve_right_lower(double* X, size_t n, size_t k, const double* L, std::vector<double>&) {
    // In place, by blocks of columns: about n k^2 flops, most of them in threaded products.
    solve_right_lower_transposed(X, n, L, k);
  }
  static void gemv(const double* M, size_t rows, size_t cols, const double* x, double* y) {
    for_ranges(rows, 64, rows * cols, [&](size_t r0, size_t r1) {
      for (size_t i = r0; i < r1; i++) y[i] = sg::dot(M + i * cols, x, cols);
    });
  }
  static void gemv(const float* M, size_t rows, size_t cols, const double* x, double* y) {
    std::vector<float> xf(cols);
    for (size_t j = 0; j < cols; j++) xf[j] = static_cast<float>(x[j]);
    const float* xs = xf.data();
    for_ranges(rows, 64, rows * cols, [&](size_t r0, size_t r1) {
      for (size_t i = r0; i < r1; i++) {
        const float* r = M + i * cols;
        float s[16] = {};
        size_t j = 0;
        for (; j + 16 <= cols; j += 16) {
          for (int l = 0; l < 16; l++) s[l] += r[j + l] * xs[j + l];
        }
        for (; j < cols; j++) s[0] += r[j] * xs[j];
        double sum = 0;
        for (int l = 0; l < 16; l++) sum += s[l];
        y[i] = sum;
      }
    });
  }
  static void gemv_transposed(const double* M, size_t rows, size_t cols, const double* x, double* y) {
    std::fill(y, y + cols, 0.0);
    for (size_t i = 0; i < rows; i++) axpy(x[i], M + i * cols, y, cols);
  }
  static void block_dots(const double* X, size_t n, size_t k, const double* q, double* c) {
    for_ranges(k, 16, n * k, [&](size_t j0, size_t j1) {
      for (size_t j = j0; j < j1; j++) c[j] = sg::dot(X + j * n, q, n);
    });
  }
  static void block_combine(const double* X, size_t n, size_t k, const double* c, double alpha, double* q) {
    for_ranges(n, 256, n * k, [&](size_t i0, size_t i1) {
      for (size_t j = 0; j < k; j++) axpy(alpha * c[j], X + j * n + i0, q + i0, i1 - i0);
    });
  }
  static double dot(const double* x, const double* y, size_t n) { return sg::dot(x, y, n); }
  static void scale(double* x, size_t n, double a) { scal(a, x, n); }
};

}  // namespace

std::unique_ptr<SpectralSession> make_cpu_spectral_session(const Storage& W, size_t m, size_t n, uint64_t seed) {
  return std::make_unique<SpectralSessionOf<CpuOps>>(W, m, n, seed);
}

void release_spectral_scratch() {
  gemm_release_scratch();
  eigen_release_scratch();
}

}  // namespace sg
