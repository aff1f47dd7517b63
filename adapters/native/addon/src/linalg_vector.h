// Vector kernels of the spectral session. The build forbids reassociating sums, so reductions
// keep 8 independent partial sums (which the compiler turns into SIMD lanes) and add them at the
// end: the result is a float64 sum in a fixed order, not the left-to-right one.
#pragma once

#include <cstddef>

namespace sg {

// sum_i x_i y_i
inline double dot(const double* x, const double* y, size_t n) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int l = 0; l < 8; l++) s[l] += x[i + l] * y[i + l];
  }
  for (; i < n; i++) s[0] += x[i] * y[i];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

// y += a x
inline void axpy(double a, const double* x, double* y, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] += a * x[i];
}

// x *= a
inline void scal(double a, double* x, size_t n) {
  for (size_t i = 0; i < n; i++) x[i] *= a;
}

}  // namespace sg
