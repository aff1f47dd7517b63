#include "cpu_linalg.h"

#include <cmath>
#include <vector>

#include "thread_pool.h"

namespace sg {
namespace {

constexpr size_t kChunk = 1 << 16;

size_t chunks(size_t n, size_t per) { return (n + per - 1) / per; }

template <typename T>
long long find_non_finite(const T* x, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!std::isfinite(x[i])) return static_cast<long long>(i);
  }
  return -1;
}

template <typename T>
double sum_of_squares(const T* x, size_t n) {
  std::vector<double> partial(chunks(n, kChunk), 0.0);
  ThreadPool::instance().parallel_for(partial.size(), [&](size_t c) {
    const size_t end = (c + 1) * kChunk < n ? (c + 1) * kChunk : n;
    double s = 0;
    for (size_t i = c * kChunk; i < end; i++) s += static_cast<double>(x[i]) * static_cast<double>(x[i]);
    partial[c] = s;
  });
  double sum = 0;
  for (double p : partial) sum += p;
  return sum;
}

template <typename T>
void scale(T* y, const T* x, size_t n, double factor) {
  ThreadPool::instance().parallel_for(chunks(n, kChunk), [&](size_t c) {
    const size_t end = (c + 1) * kChunk < n ? (c + 1) * kChunk : n;
    for (size_t i = c * kChunk; i < end; i++) y[i] = static_cast<T>(static_cast<double>(x[i]) * factor);
  });
}

// out[l*m + i] = sum_j W[i, j] X[l*n + j], each sum left to right over j.
template <typename T>
void multiply(const T* w, size_t m, size_t n, const double* X, size_t k, double* out) {
  const size_t rows = 16;
  ThreadPool::instance().parallel_for(chunks(m, rows), [&](size_t c) {
    const size_t end = (c + 1) * rows < m ? (c + 1) * rows : m;
    for (size_t i = c * rows; i < end; i++) {
      const T* row = w + i * n;
      for (size_t l = 0; l < k; l++) {
        const double* x = X + l * n;
        double s = 0;
        for (size_t j = 0; j < n; j++) s += static_cast<double>(row[j]) * x[j];
        out[l * m + i] = s;
      }
    }
  });
}

// out[l*n + j] = sum_i W[i, j] Y[l*m + i], each sum left to right over i.
template <typename T>
void multiply_transposed(const T* w, size_t m, size_t n, const double* Y, size_t k, double* out) {
  constexpr size_t cols = 64;
  ThreadPool::instance().parallel_for(chunks(n, cols), [&](size_t c) {
    const size_t j0 = c * cols;
    const size_t j1 = j0 + cols < n ? j0 + cols : n;
    for (size_t l = 0; l < k; l++) {
      double acc[cols] = {0};
      const double* y = Y + l * m;
      for (size_t i = 0; i < m; i++) {
        const T* row = w + i * n;
        const double yi = y[i];
        for (size_t j = j0; j < j1; j++) acc[j - j0] += static_cast<double>(row[j]) * yi;
      }
      for (size_t j = j0; j < j1; j++) out[l * n + j] = acc[j - j0];
    }
  });
}

// out[i, j] = W[i, j] - sum_l (U[l*m + i] d[l]) V[l*n + j], subtracting term by term in l order.
template <typename T>
void low_rank_update(T* dst, const T* w, size_t m, size_t n, const double* U, const double* d, const double* V, size_t k) {
  ThreadPool::instance().parallel_for(m, [&](size_t i) {
    std::vector<double> row(n);
    for (size_t j = 0; j < n; j++) row[j] = static_cast<double>(w[i * n + j]);
    for (size_t l = 0; l < k; l++) {
      const double coefficient = U[l * m + i] * d[l];
      const double* v = V + l * n;
      for (size_t j = 0; j < n; j++) row[j] = row[j] - coefficient * v[j];
    }
    for (size_t j = 0; j < n; j++) dst[i * n + j] = static_cast<T>(row[j]);
  });
}

}  // namespace

long long cpu_find_non_finite(const void* data, DType dtype, size_t n) {
  return dtype == DType::F32 ? find_non_finite(static_cast<const float*>(data), n) : find_non_finite(static_cast<const double*>(data), n);
}

double cpu_sum_of_squares(const void* data, DType dtype, size_t n) {
  return dtype == DType::F32 ? sum_of_squares(static_cast<const float*>(data), n) : sum_of_squares(static_cast<const double*>(data), n);
}

void cpu_scale(void* dst, const void* src, DType dtype, size_t n, double factor) {
  if (dtype == DType::F32) scale(static_cast<float*>(dst), static_cast<const float*>(src), n, factor);
  else scale(static_cast<double*>(dst), static_cast<const double*>(src), n, factor);
}

void cpu_multiply(const void* W, DType dtype, size_t m, size_t n, const double* X, size_t k, double* out, bool transposed) {
  if (dtype == DType::F32) {
    const auto* w = static_cast<const float*>(W);
    transposed ? multiply_transposed(w, m, n, X, k, out) : multiply(w, m, n, X, k, out);
  } else {
    const auto* w = static_cast<const double*>(W);
    transposed ? multiply_transposed(w, m, n, X, k, out) : multiply(w, m, n, X, k, out);
  }
}

void cpu_low_rank_update(void* dst, const void* W, DType dtype, size_t m, size_t n, const double* U, const double* d, const double* V, size_t k) {
  if (dtype == DType::F32) low_rank_update(static_cast<float*>(dst), static_cast<const float*>(W), m, n, U, d, V, k);
  else low_rank_update(static_cast<double*>(dst), static_cast<const double*>(W), m, n, U, d, V, k);
}

}  // namespace sg
