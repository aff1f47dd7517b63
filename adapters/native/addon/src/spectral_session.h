// The spectral-norm projection's session on the CPU: core's SpectralSession interface (see
// packages/core/src/linalg/spectral-session.ts) for a matrix held by the addon. The block, the
// Gram operator A = W^T W (formed once it pays: in float64 for the Rayleigh-Ritz steps and in
// float32 for the fast filters and the Lanczos runs) and all the products stay here; only small
// arrays cross to JavaScript.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "storage.h"

namespace sg {

class CpuSpectralSession {
 public:
  // Copies W (m x n, row-major, float32 or float64) to float64; W is not read afterwards.
  CpuSpectralSession(const Storage& W, size_t m, size_t n, uint64_t seed);

  size_t k() const { return k_; }
  // Bytes this session holds, to report to the JavaScript engine.
  size_t bytes() const;

  void set_block(const double* X, size_t k);
  void append_columns(const double* X, size_t count);
  // Chebyshev filter T_d(2 A / edge - 1) (or A^d when edge <= 0), columns normalised afterwards.
  void filter(int degree, double edge, double top, bool fast);
  // Orthonormalises the block and takes an exact Rayleigh-Ritz step; theta gets k values, decreasing.
  void rayleigh_ritz(double* theta);
  // Residual norms of the first `count` Ritz vectors, and the root of the sum of the squares of the others.
  void ritz_residuals(size_t count, double* residual, double* rest) const;
  // ||[w_0 r_from, ...]||_2^2, from above.
  double residual_norm_squared(size_t from, size_t to, const double* weights) const;
  // Lanczos on the complement of the block; returns the steps taken (alpha gets them, beta one fewer).
  size_t complement_lanczos(const double* start, size_t steps, double* alpha, double* beta, bool* invariant);
  // The first `count` Ritz vectors, n x count.
  void basis(size_t count, double* out) const;
  // out (m x n, W's dtype) = W - sum_{i < count} (1 - s / sigma_i) (W v_i) v_i^T.
  void project(size_t count, double maxNorm, Storage& out) const;

 private:
  void apply(const double* X, size_t cols, double* Y, bool fast);
  void form_gram();
  void normalize_columns();
  void orthonormalize();
  double normal();

  size_t m_, n_, k_ = 0;
  DType dtype_;
  uint64_t rng_;
  std::vector<double> W_;        // m x n row-major, float64
  std::vector<double> M_;        // n x n, A = W^T W in float64 (empty until formed)
  std::vector<float> M32_;       // A rounded to float32
  std::vector<float> W32_;       // W in float32, for fast products before A is formed
  size_t multiplied_ = 0;        // columns multiplied through W so far
  std::vector<double> X_, AX_;   // block and A X (n x k)
  bool axValid_ = false;
  bool ritz_ = false;            // X_ holds Ritz vectors, AX_ their products, theta_ their values
  std::vector<double> theta_, residual_;
  // Scratch.
  std::vector<double> s1_, s2_, s3_, lanczos_, w_, c_, small1_, small2_, small3_;
  std::vector<float> f1_, f2_;
};

}  // namespace sg
