// Dense matrix products for the spectral-norm projection: C = alpha A B + beta C for float64 and
// float32 matrices given by pointers and strides (so any of them may be row- or column-major, or
// transposed), blocked and packed for the caches, with SIMD micro-kernels chosen at run time
// (AVX-512, AVX2 with FMA, or portable C++) and spread over the thread pool.
//
// These sums are not bit-specified: the order of the additions depends on the blocking and the
// kernels contract to fused multiply-add where the CPU has it. Only the spectral session uses
// them; the bit-exact LinAlg products of cpu_linalg.cc do not.
#pragma once

#include <cstddef>

namespace sg {

// A matrix view: element (i, j) at data[i * rs + j * cs].
template <typename T>
struct MatView {
  T* data;
  ptrdiff_t rs;
  ptrdiff_t cs;
};

template <typename T>
MatView<T> row_major(T* data, size_t cols) {
  return {data, static_cast<ptrdiff_t>(cols), 1};
}

template <typename T>
MatView<T> col_major(T* data, size_t rows) {
  return {data, 1, static_cast<ptrdiff_t>(rows)};
}

// The transpose of a view.
template <typename T>
MatView<T> transposed(MatView<T> v) {
  return {v.data, v.cs, v.rs};
}

// C (m x n) = alpha A (m x k) B (k x n) + beta C. With beta == 0, C is not read (NaN in C does not
// propagate). C must not overlap A or B.
void gemm(size_t m, size_t n, size_t k, double alpha, MatView<const double> A, MatView<const double> B, double beta, MatView<double> C);
void gemm(size_t m, size_t n, size_t k, float alpha, MatView<const float> A, MatView<const float> B, float beta, MatView<float> C);

// C (n x n, full storage) = A^T A for A (m x n): the lower triangle is computed by tiles and
// mirrored, about m n^2 multiply-adds.
void gram_matrix(size_t m, size_t n, MatView<const double> A, MatView<double> C);

// C (n x n, full storage) = A^T B for A, B (m x n) whose product is known to be symmetric (such as
// X^T (S X) for a symmetric S): the lower triangle is computed and mirrored.
void symmetric_product(size_t m, size_t n, MatView<const double> A, MatView<const double> B, MatView<double> C);

// Frees the packing scratch that products on the calling thread keep between calls.
void gemm_release_scratch();

// Which SIMD kernels the products use on this CPU: "avx512", "avx2" or "portable".
const char* gemm_kernel_name();

}  // namespace sg
