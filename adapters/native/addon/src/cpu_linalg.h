// LinAlg on host memory: every sum and product in float64, tensor results rounded once to the
// tensor's dtype. Each output element is summed left to right, as core's referenceLinAlg does,
// so products and updates give its bits; the sum of squares adds per-chunk partial sums in order.
#pragma once

#include <cstddef>

#include "storage.h"

namespace sg {

long long cpu_find_non_finite(const void* data, DType dtype, size_t n);
double cpu_sum_of_squares(const void* data, DType dtype, size_t n);
void cpu_scale(void* dst, const void* src, DType dtype, size_t n, double factor);
void cpu_multiply(const void* W, DType dtype, size_t m, size_t n, const double* X, size_t k, double* out, bool transposed);
void cpu_low_rank_update(void* dst, const void* W, DType dtype, size_t m, size_t n, const double* U, const double* d, const double* V, size_t k);

}  // namespace sg
