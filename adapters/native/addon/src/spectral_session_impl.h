// The algorithm of the spectral session, written once over a device policy `Ops` that keeps
// arrays where the tensor lives (host memory for the CPU, device memory for CUDA) and provides
// the dense kernels on them. Small matrices (k x k and smaller) always live on the host, where
// linalg_eigen.cc factors and diagonalises them.
//
// Ops provides, with every pointer on its device unless said otherwise:
//   template <typename T> using Buffer   resizable array: resize(n) keeps the first min(n, size())
//                                         entries, data(), size()
//   load(W, W64) / store(R, out, len)    the tensor to float64, and float64 to a tensor's dtype
//   upload(dst, host, n) / download(host, src, n) / copy(dst, src, n)
//   gemm(m, n, k, alpha, A, B, beta, C)  for double and float MatViews
//   gram_matrix(m, n, W, M)              M (n x n, row-major) = W^T W for W (m x n, row-major)
//   gram_block(X, n, k, G)               G (k x k, column-major) = X^T X for X (n x k, column-major)
//   symmetric_block(X, Y, n, k, G)       G = X^T Y when it is known to be symmetric
//   to_float(dst, src, n) / to_double(dst, src, n)
//   column_norms(X, n, k, host) / scale_columns(X, n, k, host scales)
//   three_term(out, AY, C, P, len, a, s, b)   out = a (s AY - C) - b P (P may be null)
//   residuals(R, AV, V, host theta, host w, n, c)   R_j = w_j (AV_j - theta_j V_j)
//   residual_norms(AV, V, host theta, n, k, host out)
//   solve_right_lower(X, n, k, host L, spare)   X (n x k) <- X L^-T for the lower triangular
//                                         L (k x k, column-major, on the host); spare is workspace
//   gemv(M, rows, cols, x, y) for double and float row-major M; gemv_transposed(M, rows, cols, x, y)
//   block_dots(X, n, k, q, c) (c = X^T q) / block_combine(X, n, k, c, alpha, q) (q += alpha X c)
//   dot(x, y, n) -> host double / scale(x, n, a)
#pragma once

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "linalg_eigen.h"
#include "linalg_gemm.h"
#include "spectral_session.h"

namespace sg {

template <typename Ops>
class SpectralSessionOf final : public SpectralSession {
  template <typename T>
  using Buffer = typename Ops::template Buffer<T>;

 public:
  SpectralSessionOf(const Storage& W, size_t m, size_t n, uint64_t seed)
      : m_(m), n_(n), rng_(seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL) {
    W_.resize(m * n);
    Ops::load(W, W_.data());
  }

  size_t k() const override { return k_; }

  bool ritz_current() const override { return ritzValid_; }

  size_t positive_ritz_values() const override {
    size_t p = 0;
    while (p < theta_.size() && theta_[p] > 0) p++;
    return p;
  }

  size_t bytes() const override {
    return (W_.size() + M_.size() + X_.size() + AX_.size() + s1_.size() + s2_.size() + s3_.size() + lanczos_.size()) * sizeof(double) +
           (M32_.size() + W32_.size() + f1_.size() + f2_.size()) * sizeof(float) +
           (small1_.capacity() + small2_.capacity()) * sizeof(double);
  }

  void set_block(const double* X, size_t k) override {
    X_.resize(n_ * k);
    Ops::upload(X_.data(), X, n_ * k);
    k_ = k;
    axValid_ = false;
    ritzValid_ = false;
  }

  void append_columns(const double* X, size_t count) override {
    X_.resize(n_ * (k_ + count));
    Ops::upload(X_.data() + n_ * k_, X, n_ * count);
    k_ += count;
    axValid_ = false;
    ritzValid_ = false;
  }

  void filter(int degree, double edge, double top, bool fast) override {
    const size_t len = n_ * k_;
    if (len == 0) {
      axValid_ = false;
      ritzValid_ = false;
      return;
    }
    s1_.resize(len);
    s2_.resize(len);
    // The block changes from here on (and stays changed should a step below throw).
    const bool haveAX = axValid_;
    axValid_ = false;
    ritzValid_ = false;
    if (haveAX) Ops::copy(s1_.data(), AX_.data(), len);
    else apply(X_.data(), k_, s1_.data(), fast);
    if (!(edge > 0)) {
      for (int j = 1; j < degree; j++) {
        normalize(s1_.data(), false);
        apply(s1_.data(), k_, s2_.data(), fast);
        std::swap(s1_, s2_);
      }
      normalize(s1_.data(), false);
      std::swap(X_, s1_);
    } else {
      // Zhou and Saad's scaled three-term recurrence (as core's chebyshevRecurrence).
      const double t = 2 * top / edge - 1;
      const double scaleA = 2 / edge;
      double rho = 1 / t;
      Ops::three_term(s1_.data(), s1_.data(), X_.data(), nullptr, len, rho, scaleA, 0);
      Buffer<double>* previous = &X_;
      Buffer<double>* current = &s1_;
      Buffer<double>* spare = &s2_;
      for (int j = 1; j < degree; j++) {
        apply(current->data(), k_, spare->data(), fast);
        const double next = 1 / (2 * t - rho);
        Ops::three_term(spare->data(), spare->data(), current->data(), previous->data(), len, 2 * next, scaleA, rho * next);
        Buffer<double>* old = previous;
        previous = current;
        current = spare;
        spare = old;
        rho = next;
      }
      normalize(current->data(), false);
      if (current != &X_) std::swap(X_, *current);
    }
    X_.resize(len);
  }

  void rayleigh_ritz(double* theta) override {
    const size_t n = n_, k = k_;
    if (k == 0) {
      // No columns, no Ritz values (and no pass over the n rows, which may be many for an empty W).
      theta_.clear();
      residual_.clear();
      axValid_ = true;
      ritzValid_ = true;
      return;
    }
    const auto kk = static_cast<ptrdiff_t>(k);
    const auto nn = static_cast<ptrdiff_t>(n);
    small1_.resize(k * k);
    small2_.resize(k * k);
    double* G = small1_.data();
    double* Q = small2_.data();
    // The block changes from here on; its Ritz data are valid once the step is complete.
    axValid_ = false;
    ritzValid_ = false;
    // Orthonormal columns by Cholesky QR twice (Yamamoto et al., ETNA 44, 2015): unit columns,
    // B = X^T X = L L^T, X <- X L^-T, and once more, since one pass leaves an orthogonality error
    // of about u cond(X)^2 and a filtered block is ill-conditioned by design. The second pass
    // stops after its Gram matrix when that is already within rounding of I (as a warm step's
    // block usually is after one pass): its solve would change nothing that matters. A Gram
    // matrix that does not factor sends the block to the slower but unconditional
    // orthonormalisation.
    normalize(X_.data(), true);
    for (int pass = 0; pass < 2; pass++) {
      small_product(X_.data(), X_.data(), G);
      if (pass == 1 && orthonormal_to_rounding(G, k)) break;
      if (cholesky_lower(G, k) >= 0) {
        orthonormalize();
        break;
      }
      right_solve(G);
    }
    AX_.resize(n * k);
    apply(X_.data(), k, AX_.data(), false);
    // T = X^T A X (symmetric: its lower triangle); its eigenvectors Q rotate the block into Ritz vectors.
    small_product(X_.data(), AX_.data(), G, true);
    theta_.resize(k);
    symmetric_eigen(G, k, theta_.data(), Q);
    // V = X Q, A V = (A X) Q.
    qd_.resize(k * k);
    Ops::upload(qd_.data(), Q, k * k);
    s1_.resize(n * k);
    s2_.resize(n * k);
    Ops::gemm(n, k, k, 1.0, {X_.data(), 1, nn}, {qd_.data(), 1, kk}, 0.0, {s1_.data(), 1, nn});
    Ops::gemm(n, k, k, 1.0, {AX_.data(), 1, nn}, {qd_.data(), 1, kk}, 0.0, {s2_.data(), 1, nn});
    std::swap(X_, s1_);
    std::swap(AX_, s2_);
    residual_.resize(k);
    Ops::residual_norms(AX_.data(), X_.data(), theta_.data(), n, k, residual_.data());
    std::copy(theta_.begin(), theta_.end(), theta);
    axValid_ = true;
    ritzValid_ = true;
  }

  void ritz_residuals(size_t count, double* residual, double* rest) const override {
    std::copy(residual_.begin(), residual_.begin() + count, residual);
    double sum = 0;
    for (size_t j = count; j < k_; j++) sum += residual_[j] * residual_[j];
    *rest = std::sqrt(sum);
  }

  double residual_norm_squared(size_t from, size_t to, const double* weights) override {
    const size_t c = to - from, n = n_;
    if (c == 0) return 0;
    s3_.resize(std::max(s3_.size(), n * c));
    Ops::residuals(s3_.data(), AX_.data() + from * n, X_.data() + from * n, theta_.data() + from, weights, n, c);
    std::vector<double> G(c * c);
    const auto nn = static_cast<ptrdiff_t>(n);
    gd_.resize(c * c);
    Ops::gemm(c, c, n, 1.0, {s3_.data(), nn, 1}, {s3_.data(), 1, nn}, 0.0, {gd_.data(), 1, static_cast<ptrdiff_t>(c)});
    Ops::download(G.data(), gd_.data(), c * c);
    return std::max(0.0, symmetric_largest_eigenvalue(G.data(), c));
  }

  size_t complement_lanczos(const double* start, size_t steps, double* alpha, double* beta, bool* invariant) override {
    const size_t n = n_, k = k_;
    *invariant = true;
    if (steps == 0 || k >= n) return 0;
    // A Krylov space in the complement has at most n - k dimensions: that many steps span it all.
    const bool whole = steps >= n - k;
    steps = std::min(steps, n - k);
    lanczos_.resize(n * (steps + 1));
    w_.resize(n);
    c_.resize(std::max(k, steps + 1));
    double* q = lanczos_.data();
    Ops::upload(q, start, n);
    project_out(q);
    project_out(q);
    double size = std::sqrt(Ops::dot(q, q, n));
    if (!(size > 0)) return 0;
    Ops::scale(q, n, 1 / size);
    double scale = 0;
    double* w = w_.data();
    for (size_t j = 0; j < steps; j++) {
      const double* current = lanczos_.data() + j * n;
      // w = P A P q_j: q_j is orthogonal to the block already; one pass removes what A adds along
      // it, and another follows the reorthogonalisation against the Lanczos vectors.
      apply(current, 1, w, true);
      project_out(w);
      const double a = Ops::dot(current, w, n);
      alpha[j] = a;
      for (int pass = 0; pass < 2; pass++) {
        Ops::block_dots(lanczos_.data(), n, j + 1, w, c_.data());
        Ops::block_combine(lanczos_.data(), n, j + 1, c_.data(), -1, w);
      }
      project_out(w);
      size = std::sqrt(Ops::dot(w, w, n));
      scale = std::max({scale, std::fabs(a), size});
      if (j + 1 == steps) {
        *invariant = whole;
        return steps;
      }
      if (!(size > 0x1p-40 * scale)) return j + 1;
      beta[j] = size;
      double* next = lanczos_.data() + (j + 1) * n;
      Ops::copy(next, w, n);
      Ops::scale(next, n, 1 / size);
    }
    *invariant = false;
    return steps;
  }

  void basis(size_t count, double* out) override { Ops::download(out, X_.data(), n_ * count); }

  void project(size_t count, double maxNorm, Storage& out) override {
    const size_t m = m_, n = n_;
    Buffer<double> R;
    R.resize(m * n);
    Ops::copy(R.data(), W_.data(), m * n);
    if (count > 0) {
      Buffer<double> Z;
      Z.resize(m * count);
      const auto nn = static_cast<ptrdiff_t>(n);
      const auto mm = static_cast<ptrdiff_t>(m);
      Ops::gemm(m, count, n, 1.0, row_major<const double>(W_.data(), n), {X_.data(), 1, nn}, 0.0, {Z.data(), 1, mm});
      std::vector<double> factors(count);
      for (size_t j = 0; j < count; j++) {
        const double sigma = std::sqrt(theta_[j]);
        factors[j] = (sigma - maxNorm) / sigma;
      }
      Ops::scale_columns(Z.data(), m, count, factors.data());
      // R = W - Z V^T, V^T (count x n) at X_[c * n + j].
      Ops::gemm(m, n, count, -1.0, {Z.data(), 1, mm}, {X_.data(), nn, 1}, 1.0, row_major<double>(R.data(), n));
    }
    Ops::store(R.data(), out, m * n);
  }

 private:
  // Y = A X for `cols` columns (through A once formed, else through W), exactly or in float32.
  void apply(const double* X, size_t cols, double* Y, bool fast) {
    // Forming A costs m n^2; products through W cost 4 m n per column: form it once the columns
    // multiplied (now or so far) make it pay.
    if (M_.size() == 0 && (4 * cols >= n_ || 2 * (multiplied_ + cols) >= n_)) form_gram();
    const auto nn = static_cast<ptrdiff_t>(n_);
    const auto mm = static_cast<ptrdiff_t>(m_);
    if (cols == 1) {
      if (M_.size() != 0) {
        if (fast) Ops::gemv(M32_.data(), n_, n_, X, Y);
        else Ops::gemv(M_.data(), n_, n_, X, Y);
        return;
      }
      multiplied_ += 1;
      s3_.resize(std::max(s3_.size(), m_));
      Ops::gemv(W_.data(), m_, n_, X, s3_.data());
      Ops::gemv_transposed(W_.data(), m_, n_, s3_.data(), Y);
      return;
    }
    if (M_.size() != 0) {
      if (fast) {
        f1_.resize(n_ * cols);
        f2_.resize(n_ * cols);
        Ops::to_float(f1_.data(), X, n_ * cols);
        Ops::gemm(n_, cols, n_, 1.0f, row_major<const float>(M32_.data(), n_), {f1_.data(), 1, nn}, 0.0f, {f2_.data(), 1, nn});
        Ops::to_double(Y, f2_.data(), n_ * cols);
      } else {
        Ops::gemm(n_, cols, n_, 1.0, row_major<const double>(M_.data(), n_), {X, 1, nn}, 0.0, {Y, 1, nn});
      }
      return;
    }
    multiplied_ += cols;
    if (fast) {
      if (W32_.size() == 0) {
        W32_.resize(m_ * n_);
        Ops::to_float(W32_.data(), W_.data(), m_ * n_);
      }
      f1_.resize(std::max(n_, m_) * cols);
      f2_.resize(m_ * cols);
      Ops::to_float(f1_.data(), X, n_ * cols);
      Ops::gemm(m_, cols, n_, 1.0f, row_major<const float>(W32_.data(), n_), {f1_.data(), 1, nn}, 0.0f, {f2_.data(), 1, mm});
      Ops::gemm(n_, cols, m_, 1.0f, transposed(row_major<const float>(W32_.data(), n_)), {f2_.data(), 1, mm}, 0.0f, {f1_.data(), 1, nn});
      Ops::to_double(Y, f1_.data(), n_ * cols);
    } else {
      s3_.resize(std::max(s3_.size(), m_ * cols));
      Ops::gemm(m_, cols, n_, 1.0, row_major<const double>(W_.data(), n_), {X, 1, nn}, 0.0, {s3_.data(), 1, mm});
      Ops::gemm(n_, cols, m_, 1.0, transposed(row_major<const double>(W_.data(), n_)), {s3_.data(), 1, mm}, 0.0, {Y, 1, nn});
    }
  }

  void form_gram() {
    M_.resize(n_ * n_);
    Ops::gram_matrix(m_, n_, W_.data(), M_.data());
    M32_.resize(n_ * n_);
    Ops::to_float(M32_.data(), M_.data(), n_ * n_);
    W32_ = Buffer<float>();
  }

  // Scales the block's columns to unit norm; with `replace`, a zero or non-finite column becomes a
  // seeded random one first.
  void normalize(double* B, bool replace) {
    std::vector<double> norms(k_);
    Ops::column_norms(B, n_, k_, norms.data());
    for (size_t j = 0; j < k_; j++) {
      if (!(norms[j] > 0) || !std::isfinite(norms[j])) {
        if (!replace) {
          norms[j] = 1;
          continue;
        }
        std::vector<double> fresh(n_);
        for (double& x : fresh) x = normal();
        Ops::upload(B + j * n_, fresh.data(), n_);
        double nj = 0;
        Ops::column_norms(B + j * n_, n_, 1, &nj);
        norms[j] = nj;
      }
      norms[j] = 1 / norms[j];
    }
    Ops::scale_columns(B, n_, k_, norms.data());
  }

  // G = X^T Y (k x k, column-major, host) for n x k blocks X, Y on the device; `symmetric` when it
  // is known to be (only its lower triangle is then computed).
  void small_product(const double* X, const double* Y, double* G, bool symmetric = false) {
    const auto kk = static_cast<ptrdiff_t>(k_);
    const auto nn = static_cast<ptrdiff_t>(n_);
    gd_.resize(k_ * k_);
    if (X == Y) Ops::gram_block(X, n_, k_, gd_.data());
    else if (symmetric) Ops::symmetric_block(X, Y, n_, k_, gd_.data());
    else Ops::gemm(k_, k_, n_, 1.0, {X, nn, 1}, {Y, 1, nn}, 0.0, {gd_.data(), 1, kk});
    Ops::download(G, gd_.data(), k_ * k_);
  }

  // Whether the Gram matrix G (k x k, full storage) of a block is within 8 k u of the identity in
  // the Frobenius norm (u = 2^-53): the orthogonality Cholesky QR twice itself leaves.
  static bool orthonormal_to_rounding(const double* G, size_t k) {
    const double limit = 8 * static_cast<double>(k) * 0x1p-53;
    double sum = 0;
    for (size_t j = 0; j < k; j++) {
      for (size_t i = 0; i < k; i++) {
        const double d = G[j * k + i] - (i == j ? 1.0 : 0.0);
        sum += d * d;
      }
    }
    return sum <= limit * limit;
  }

  // X <- X L^-T.
  void right_solve(const double* L) { Ops::solve_right_lower(X_.data(), n_, k_, L, s1_); }

  // Orthonormal columns, for blocks whose Gram matrix is singular: Cholesky QR twice (Yamamoto et
  // al., ETNA 44, 2015) when it factors, else classical Gram-Schmidt with reorthogonalisation
  // that replaces a column keeping less than 2^-30 of its norm by a random one.
  void orthonormalize() {
    const size_t n = n_, k = k_;
    std::vector<double> G(k * k);
    for (int pass = 0; pass < 2; pass++) {
      small_product(X_.data(), X_.data(), G.data());
      if (cholesky_lower(G.data(), k) >= 0) break;
      right_solve(G.data());
      if (pass == 1) return;
    }
    c_.resize(std::max(c_.size(), k));
    for (size_t j = 0; j < k; j++) {
      double* x = X_.data() + j * n;
      for (int attempt = 0; attempt < 8; attempt++) {
        const double before = std::sqrt(Ops::dot(x, x, n));
        for (int twice = 0; twice < 2 && j > 0; twice++) {
          Ops::block_dots(X_.data(), n, j, x, c_.data());
          Ops::block_combine(X_.data(), n, j, c_.data(), -1, x);
        }
        const double after = std::sqrt(Ops::dot(x, x, n));
        if (after > 0x1p-30 * before && std::isfinite(after)) {
          Ops::scale(x, n, 1 / after);
          break;
        }
        std::vector<double> fresh(n);
        for (double& v : fresh) v = normal();
        Ops::upload(x, fresh.data(), n);
      }
    }
  }

  // q -= X (X^T q) for the orthonormal block.
  void project_out(double* q) {
    c_.resize(std::max(c_.size(), k_));
    Ops::block_dots(X_.data(), n_, k_, q, c_.data());
    Ops::block_combine(X_.data(), n_, k_, c_.data(), -1, q);
  }

  // Standard normal samples from splitmix64 uniforms and the Box-Muller transform.
  double normal() {
    auto uniform = [&] {
      uint64_t z = (rng_ += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      z ^= z >> 31;
      return (static_cast<double>(z >> 11) + 0.5) * 0x1p-53;
    };
    const double u = uniform(), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
  }

  size_t m_, n_, k_ = 0;
  uint64_t rng_;
  Buffer<double> W_;        // m x n row-major, float64
  Buffer<double> M_;        // n x n, A = W^T W in float64 (empty until formed)
  Buffer<float> M32_;       // A rounded to float32
  Buffer<float> W32_;       // W in float32, for fast products before A is formed
  size_t multiplied_ = 0;   // columns multiplied through W so far
  Buffer<double> X_, AX_;   // block and A X (n x k)
  bool axValid_ = false;
  bool ritzValid_ = false;  // the Ritz data (theta_, residual_, X_ = V, AX_ = A V) are the block's
  Buffer<double> s1_, s2_, s3_, lanczos_, w_, c_, qd_, gd_;
  Buffer<float> f1_, f2_;
  std::vector<double> theta_, residual_, small1_, small2_;
};

}  // namespace sg
