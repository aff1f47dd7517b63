// The spectral-norm projection's session in the addon: core's SpectralSession interface (see
// packages/core/src/linalg/spectral-session.ts) for a matrix held by the addon. The block, the
// Gram operator A = W^T W (formed once it pays: in float64 for the Rayleigh-Ritz steps and in
// float32 for the fast filters and the Lanczos runs) and all the products stay on the tensor's
// device; only small arrays cross to JavaScript. One algorithm (spectral_session_impl.h) runs on
// the CPU (spectral_cpu.cc) and on CUDA devices (cuda/cuda_spectral.cu).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "storage.h"

namespace sg {

// The caller checks every argument (napi_spectral.cc: counts in range, arrays of the right
// length) and calls ritz_residuals, residual_norm_squared, complement_lanczos, basis and project
// only while ritz_current(): they read the data of the last Rayleigh-Ritz step, which set_block,
// append_columns and filter make stale.
class SpectralSession {
 public:
  virtual ~SpectralSession() = default;

  virtual size_t k() const = 0;
  // Whether a Rayleigh-Ritz step ran since the block last changed (its Ritz data can be read).
  virtual bool ritz_current() const = 0;
  // How many of the leading Ritz values of that step are > 0 (they decrease; a NaN ends them).
  virtual size_t positive_ritz_values() const = 0;
  // Bytes this session holds (host and device), to report to the JavaScript engine.
  virtual size_t bytes() const = 0;

  virtual void set_block(const double* X, size_t k) = 0;
  virtual void append_columns(const double* X, size_t count) = 0;
  // Chebyshev filter T_d(2 A / edge - 1) (or A^d when edge <= 0), columns normalised afterwards.
  virtual void filter(int degree, double edge, double top, bool fast) = 0;
  // Makes the block orthonormal and takes an exact Rayleigh-Ritz step; theta gets k values, decreasing.
  virtual void rayleigh_ritz(double* theta) = 0;
  // Residual norms of the first `count` Ritz vectors, and the root of the sum of the squares of the others.
  virtual void ritz_residuals(size_t count, double* residual, double* rest) const = 0;
  // ||[w_0 r_from, ...]||_2^2, from above.
  virtual double residual_norm_squared(size_t from, size_t to, const double* weights) = 0;
  // Lanczos on the complement of the block; returns the steps taken (alpha gets them, beta one fewer).
  virtual size_t complement_lanczos(const double* start, size_t steps, double* alpha, double* beta, bool* invariant) = 0;
  // The first `count` Ritz vectors, n x count, into host memory.
  virtual void basis(size_t count, double* out) = 0;
  // out (m x n, W's dtype, on W's device) = W - sum_{i < count} (1 - s / sigma_i) (W v_i) v_i^T.
  virtual void project(size_t count, double maxNorm, Storage& out) = 0;
};

// A session for W (m x n, row-major, float32 or float64) in host memory; W is copied (to float64)
// and not read afterwards.
std::unique_ptr<SpectralSession> make_cpu_spectral_session(const Storage& W, size_t m, size_t n, uint64_t seed);

// Frees the scratch the dense kernels keep between calls on the calling thread.
void release_spectral_scratch();

}  // namespace sg
