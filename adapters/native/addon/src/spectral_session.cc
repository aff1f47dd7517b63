#include "spectral_session.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "linalg_eigen.h"
#include "linalg_gemm.h"
#include "linalg_vector.h"
#include "thread_pool.h"

namespace sg {
namespace {

// Below this many rows a matrix-vector product runs on the calling thread alone (waking the pool
// for every Lanczos step costs more than it saves on small matrices).
constexpr size_t kSerialRows = 1536;

// y = M x for the row-major rows x cols matrix M, float64 sums, rows spread over the pool.
template <typename T>
void gemv_rows(const T* M, size_t rows, size_t cols, const double* x, double* y, std::vector<float>& xf) {
  const auto row = [&](size_t i) {
    const T* r = M + i * cols;
    if constexpr (std::is_same_v<T, double>) {
      y[i] = dot(r, x, cols);
    } else {
      float s[16] = {};
      size_t j = 0;
      for (; j + 16 <= cols; j += 16) {
        for (int l = 0; l < 16; l++) s[l] += r[j + l] * xf[j + l];
      }
      for (; j < cols; j++) s[0] += r[j] * xf[j];
      double sum = 0;
      for (int l = 0; l < 16; l++) sum += s[l];
      y[i] = sum;
    }
  };
  if constexpr (!std::is_same_v<T, double>) {
    xf.resize(cols);
    for (size_t j = 0; j < cols; j++) xf[j] = static_cast<float>(x[j]);
  }
  constexpr size_t kRowsPerTask = 64;
  const size_t tasks = (rows + kRowsPerTask - 1) / kRowsPerTask;
  const auto task = [&](size_t t) {
    for (size_t i = t * kRowsPerTask; i < std::min(rows, (t + 1) * kRowsPerTask); i++) row(i);
  };
  if (rows < kSerialRows) {
    for (size_t t = 0; t < tasks; t++) task(t);
  } else {
    ThreadPool::instance().parallel_for(tasks, task);
  }
}

// y = M^T x for the row-major rows x cols matrix M (columns of the result accumulated row by row).
template <typename T>
void gemv_transposed(const T* M, size_t rows, size_t cols, const double* x, double* y) {
  std::fill(y, y + cols, 0.0);
  for (size_t i = 0; i < rows; i++) {
    const T* r = M + i * cols;
    const double xi = x[i];
    for (size_t j = 0; j < cols; j++) y[j] += static_cast<double>(r[j]) * xi;
  }
}

double column_norm(const double* x, size_t n) { return std::sqrt(dot(x, x, n)); }

// q -= X (X^T q) for the orthonormal n x k block X (one classical Gram-Schmidt pass; c is scratch).
void project_out(const double* X, size_t n, size_t k, double* q, std::vector<double>& c) {
  c.resize(k);
  for (size_t j = 0; j < k; j++) c[j] = dot(X + j * n, q, n);
  for (size_t j = 0; j < k; j++) axpy(-c[j], X + j * n, q, n);
}

}  // namespace

CpuSpectralSession::CpuSpectralSession(const Storage& W, size_t m, size_t n, uint64_t seed)
    : m_(m), n_(n), dtype_(W.dtype), rng_(seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL), W_(m * n) {
  if (W.dtype == DType::F32) {
    const float* w = static_cast<const float*>(W.data);
    for (size_t i = 0; i < m * n; i++) W_[i] = w[i];
  } else {
    std::memcpy(W_.data(), W.data, m * n * sizeof(double));
  }
}

size_t CpuSpectralSession::bytes() const {
  return (W_.capacity() + M_.capacity() + X_.capacity() + AX_.capacity() + s1_.capacity() + s2_.capacity() + s3_.capacity() + lanczos_.capacity() +
          small1_.capacity() + small2_.capacity() + small3_.capacity()) *
             sizeof(double) +
         (M32_.capacity() + W32_.capacity() + f1_.capacity() + f2_.capacity()) * sizeof(float);
}

double CpuSpectralSession::normal() {
  auto uniform = [&] {
    uint64_t z = (rng_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (static_cast<double>(z >> 11) + 0.5) * 0x1p-53;
  };
  const double u = uniform(), v = uniform();
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
}

void CpuSpectralSession::set_block(const double* X, size_t k) {
  X_.assign(X, X + n_ * k);
  k_ = k;
  axValid_ = false;
  ritz_ = false;
}

void CpuSpectralSession::append_columns(const double* X, size_t count) {
  X_.resize(n_ * k_);
  X_.insert(X_.end(), X, X + n_ * count);
  k_ += count;
  axValid_ = false;
  ritz_ = false;
}

void CpuSpectralSession::form_gram() {
  M_.resize(n_ * n_);
  gram_matrix(m_, n_, row_major<const double>(W_.data(), n_), M_.data());
  M32_.resize(n_ * n_);
  for (size_t i = 0; i < n_ * n_; i++) M32_[i] = static_cast<float>(M_[i]);
  std::vector<float>().swap(W32_);
}

void CpuSpectralSession::apply(const double* X, size_t cols, double* Y, bool fast) {
  // Forming A costs m n^2; products through W cost 4 m n per column: form it once the columns
  // multiplied (now or so far) make it pay.
  if (M_.empty() && (4 * cols >= n_ || 2 * (multiplied_ + cols) >= n_)) form_gram();
  if (cols == 1) {
    if (!M_.empty()) {
      if (fast) gemv_rows(M32_.data(), n_, n_, X, Y, f1_);
      else gemv_rows(M_.data(), n_, n_, X, Y, f1_);
      return;
    }
    multiplied_ += 1;
    s3_.resize(std::max(s3_.size(), m_));
    gemv_rows(W_.data(), m_, n_, X, s3_.data(), f1_);
    gemv_transposed(W_.data(), m_, n_, s3_.data(), Y);
    return;
  }
  const auto ncols = static_cast<ptrdiff_t>(n_);
  if (!M_.empty()) {
    if (fast) {
      f1_.resize(n_ * cols);
      f2_.resize(n_ * cols);
      for (size_t i = 0; i < n_ * cols; i++) f1_[i] = static_cast<float>(X[i]);
      gemm(n_, cols, n_, 1.0f, row_major<const float>(M32_.data(), n_), {f1_.data(), 1, ncols}, 0.0f, {f2_.data(), 1, ncols});
      for (size_t i = 0; i < n_ * cols; i++) Y[i] = f2_[i];
    } else {
      gemm(n_, cols, n_, 1.0, row_major<const double>(M_.data(), n_), {X, 1, ncols}, 0.0, {Y, 1, ncols});
    }
    return;
  }
  multiplied_ += cols;
  const auto mrows = static_cast<ptrdiff_t>(m_);
  if (fast) {
    if (W32_.empty()) W32_.assign(W_.begin(), W_.end());
    f1_.resize(n_ * cols);
    f2_.resize(m_ * cols);
    for (size_t i = 0; i < n_ * cols; i++) f1_[i] = static_cast<float>(X[i]);
    gemm(m_, cols, n_, 1.0f, row_major<const float>(W32_.data(), n_), {f1_.data(), 1, ncols}, 0.0f, {f2_.data(), 1, mrows});
    f1_.resize(n_ * cols);
    gemm(n_, cols, m_, 1.0f, transposed(row_major<const float>(W32_.data(), n_)), {f2_.data(), 1, mrows}, 0.0f, {f1_.data(), 1, ncols});
    for (size_t i = 0; i < n_ * cols; i++) Y[i] = f1_[i];
  } else {
    s3_.resize(std::max(s3_.size(), m_ * cols));
    gemm(m_, cols, n_, 1.0, row_major<const double>(W_.data(), n_), {X, 1, ncols}, 0.0, {s3_.data(), 1, mrows});
    gemm(n_, cols, m_, 1.0, transposed(row_major<const double>(W_.data(), n_)), {s3_.data(), 1, mrows}, 0.0, {Y, 1, ncols});
  }
}

void CpuSpectralSession::filter(int degree, double edge, double top, bool fast) {
  const size_t len = n_ * k_;
  const auto normalize = [&](double* B) {
    for (size_t j = 0; j < k_; j++) {
      const double norm = column_norm(B + j * n_, n_);
      if (norm > 0 && std::isfinite(norm)) scal(1 / norm, B + j * n_, n_);
    }
  };
  s1_.resize(len);
  s2_.resize(len);
  double* first = s1_.data();
  if (axValid_) std::copy(AX_.begin(), AX_.begin() + len, first);
  else apply(X_.data(), k_, first, fast);
  if (!(edge > 0)) {
    for (int j = 1; j < degree; j++) {
      normalize(first);
      apply(first, k_, s2_.data(), fast);
      std::swap(s1_, s2_);
      first = s1_.data();
    }
    normalize(first);
    std::swap(X_, s1_);
  } else {
    // Zhou and Saad's scaled three-term recurrence (as core's chebyshevRecurrence).
    const double t = 2 * top / edge - 1;
    const double scaleA = 2 / edge;
    double rho = 1 / t;
    // previous = X_, current = s1_ (overwriting A X), next = s2_.
    double* current = s1_.data();
    for (size_t i = 0; i < len; i++) current[i] = rho * (scaleA * current[i] - X_[i]);
    std::vector<double>* previous = &X_;
    std::vector<double>* cur = &s1_;
    std::vector<double>* spare = &s2_;
    for (int j = 1; j < degree; j++) {
      apply(cur->data(), k_, spare->data(), fast);
      const double next = 1 / (2 * t - rho);
      const double a = 2 * next, b = rho * next;
      double* out = spare->data();
      const double* c = cur->data();
      const double* p = previous->data();
      for (size_t i = 0; i < len; i++) out[i] = a * (scaleA * out[i] - c[i]) - b * p[i];
      // Rotate: previous <- current, current <- out, spare <- old previous.
      std::vector<double>* old = previous;
      previous = cur;
      cur = spare;
      spare = old;
      rho = next;
    }
    normalize(cur->data());
    if (cur != &X_) std::swap(X_, *cur);
  }
  X_.resize(len);
  axValid_ = false;
  ritz_ = false;
}

void CpuSpectralSession::normalize_columns() {
  // Unit columns (a zero or non-finite column is replaced by a random one).
  for (size_t j = 0; j < k_; j++) {
    double* x = X_.data() + j * n_;
    double norm = column_norm(x, n_);
    if (!(norm > 0) || !std::isfinite(norm)) {
      for (size_t i = 0; i < n_; i++) x[i] = normal();
      norm = column_norm(x, n_);
    }
    scal(1 / norm, x, n_);
  }
}

void CpuSpectralSession::orthonormalize() {
  const size_t n = n_, k = k_;
  normalize_columns();
  // Cholesky QR twice (Yamamoto et al., ETNA 44, 2015): orthonormal to working precision for
  // condition numbers up to about 2^26, which unit columns from the filters keep to.
  std::vector<double>& G = s2_;
  G.resize(std::max(G.size(), k * k));
  const auto kk = static_cast<ptrdiff_t>(k);
  const auto nn = static_cast<ptrdiff_t>(n);
  for (int pass = 0; pass < 2; pass++) {
    gemm(k, k, n, 1.0, {X_.data(), nn, 1}, {X_.data(), 1, nn}, 0.0, {G.data(), 1, kk});
    const long long failed = cholesky_lower(G.data(), k);
    if (failed >= 0) {
      // Numerically dependent columns: classical Gram-Schmidt with reorthogonalisation,
      // replacing a column that keeps less than 2^-30 of its norm by a random one.
      for (size_t j = 0; j < k; j++) {
        double* x = X_.data() + j * n;
        for (int attempt = 0; attempt < 8; attempt++) {
          const double before = column_norm(x, n);
          for (int twice = 0; twice < 2; twice++) {
            for (size_t l = 0; l < j; l++) axpy(-dot(X_.data() + l * n, x, n), X_.data() + l * n, x, n);
          }
          const double after = column_norm(x, n);
          if (after > 0x1p-30 * before && std::isfinite(after)) {
            scal(1 / after, x, n);
            break;
          }
          for (size_t i = 0; i < n; i++) x[i] = normal();
        }
      }
      return;
    }
    solve_right_lower_transposed(X_.data(), n, G.data(), k);
  }
}

void CpuSpectralSession::rayleigh_ritz(double* theta) {
  const size_t n = n_, k = k_;
  const auto kk = static_cast<ptrdiff_t>(k);
  const auto nn = static_cast<ptrdiff_t>(n);
  small1_.resize(k * k);
  small2_.resize(k * k);
  double* L = small1_.data();
  double* T = small2_.data();
  // Unit columns, then the Rayleigh-Ritz step on the generalised problem X^T A X q = theta X^T X q
  // with B = X^T X = L L^T: T = L^-1 X^T A X L^-T, V = X L^-T Q. One Gram matrix instead of an
  // explicit orthonormalisation; a block far from orthonormal (B ill-conditioned) is orthonormalised
  // first, so that V comes out orthonormal to working precision.
  normalize_columns();
  bool gramOk = false;
  for (int attempt = 0; attempt < 2 && !gramOk; attempt++) {
    gemm(k, k, n, 1.0, {X_.data(), nn, 1}, {X_.data(), 1, nn}, 0.0, {L, 1, kk});
    if (cholesky_lower(L, k) >= 0) {
      orthonormalize();
      continue;
    }
    double lo = L[0], hi = L[0];
    for (size_t j = 0; j < k; j++) {
      lo = std::min(lo, L[j * k + j]);
      hi = std::max(hi, L[j * k + j]);
    }
    if (lo < 0x1p-10 * hi && attempt == 0) {
      solve_right_lower_transposed(X_.data(), n, L, k);
      continue;
    }
    gramOk = true;
  }
  if (!gramOk) {
    // Orthonormal now: L = I.
    std::fill(L, L + k * k, 0.0);
    for (size_t j = 0; j < k; j++) L[j * k + j] = 1;
  }
  AX_.resize(n * k);
  apply(X_.data(), k, AX_.data(), false);
  // T = X^T A X, symmetrised, then L^-1 T L^-T (both triangular solves on the small side).
  gemm(k, k, n, 1.0, {X_.data(), nn, 1}, {AX_.data(), 1, nn}, 0.0, {T, 1, kk});
  for (size_t i = 0; i < k; i++) {
    for (size_t j = 0; j < i; j++) T[i * k + j] = T[j * k + i] = (T[i * k + j] + T[j * k + i]) / 2;
  }
  solve_right_lower_transposed(T, k, L, k);  // T L^-T
  for (size_t i = 0; i < k; i++) {
    for (size_t j = 0; j < i; j++) std::swap(T[i * k + j], T[j * k + i]);
  }
  solve_right_lower_transposed(T, k, L, k);  // (T L^-T)^T L^-T = L^-1 T L^-T (symmetric)
  theta_.resize(k);
  small3_.resize(k * k);
  double* Q = small3_.data();
  symmetric_eigen(T, k, theta_.data(), Q);
  solve_left_lower_transposed(L, k, Q, k);  // L^-T Q
  s1_.resize(n * k);
  s2_.resize(n * k);
  gemm(n, k, k, 1.0, {X_.data(), 1, nn}, {Q, 1, kk}, 0.0, {s1_.data(), 1, nn});
  gemm(n, k, k, 1.0, {AX_.data(), 1, nn}, {Q, 1, kk}, 0.0, {s2_.data(), 1, nn});
  std::swap(X_, s1_);
  std::swap(AX_, s2_);
  residual_.resize(k);
  for (size_t j = 0; j < k; j++) {
    const double* v = X_.data() + j * n;
    const double* av = AX_.data() + j * n;
    double s[8] = {};
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      for (int l = 0; l < 8; l++) {
        const double r = av[i + l] - theta_[j] * v[i + l];
        s[l] += r * r;
      }
    }
    for (; i < n; i++) {
      const double r = av[i] - theta_[j] * v[i];
      s[0] += r * r;
    }
    residual_[j] = std::sqrt(((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])));
  }
  std::copy(theta_.begin(), theta_.end(), theta);
  axValid_ = true;
  ritz_ = true;
}

void CpuSpectralSession::ritz_residuals(size_t count, double* residual, double* rest) const {
  std::copy(residual_.begin(), residual_.begin() + count, residual);
  double sum = 0;
  for (size_t j = count; j < k_; j++) sum += residual_[j] * residual_[j];
  *rest = std::sqrt(sum);
}

double CpuSpectralSession::residual_norm_squared(size_t from, size_t to, const double* weights) const {
  const size_t c = to - from, n = n_;
  if (c == 0) return 0;
  std::vector<double> R(n * c), G(c * c);
  for (size_t j = 0; j < c; j++) {
    const double* v = X_.data() + (from + j) * n;
    const double* av = AX_.data() + (from + j) * n;
    const double w = weights[j], t = theta_[from + j];
    for (size_t i = 0; i < n; i++) R[j * n + i] = w * (av[i] - t * v[i]);
  }
  const auto nn = static_cast<ptrdiff_t>(n);
  gemm(c, c, n, 1.0, {R.data(), nn, 1}, {R.data(), 1, nn}, 0.0, {G.data(), 1, static_cast<ptrdiff_t>(c)});
  return std::max(0.0, symmetric_largest_eigenvalue(G.data(), c));
}

size_t CpuSpectralSession::complement_lanczos(const double* start, size_t steps, double* alpha, double* beta, bool* invariant) {
  const size_t n = n_, k = k_;
  *invariant = true;
  if (steps == 0 || k >= n) return 0;
  lanczos_.resize(n * (steps + 1));
  w_.resize(n);
  double* q = lanczos_.data();
  std::copy(start, start + n, q);
  project_out(X_.data(), n, k, q, c_);
  project_out(X_.data(), n, k, q, c_);
  double size = column_norm(q, n);
  if (!(size > 0)) return 0;
  scal(1 / size, q, n);
  double scale = 0;
  double* w = w_.data();
  for (size_t j = 0; j < steps; j++) {
    const double* current = lanczos_.data() + j * n;
    // w = P A P q_j: q_j is orthogonal to the block already; one pass removes what A adds along
    // it, and another after the reorthogonalisation against the Lanczos vectors.
    apply(current, 1, w, true);
    project_out(X_.data(), n, k, w, c_);
    const double a = dot(current, w, n);
    alpha[j] = a;
    for (int pass = 0; pass < 2; pass++) {
      for (size_t l = 0; l <= j; l++) axpy(-dot(lanczos_.data() + l * n, w, n), lanczos_.data() + l * n, w, n);
    }
    project_out(X_.data(), n, k, w, c_);
    size = column_norm(w, n);
    scale = std::max({scale, std::fabs(a), size});
    if (j + 1 == steps) {
      *invariant = false;
      return steps;
    }
    if (!(size > 0x1p-40 * scale)) return j + 1;
    beta[j] = size;
    double* next = lanczos_.data() + (j + 1) * n;
    for (size_t i = 0; i < n; i++) next[i] = w[i] / size;
  }
  *invariant = false;
  return steps;
}

void CpuSpectralSession::basis(size_t count, double* out) const { std::copy(X_.begin(), X_.begin() + n_ * count, out); }

void CpuSpectralSession::project(size_t count, double maxNorm, Storage& out) const {
  const size_t m = m_, n = n_;
  std::vector<double> R(W_);
  if (count > 0) {
    std::vector<double> Z(m * count);
    const auto nn = static_cast<ptrdiff_t>(n);
    const auto mm = static_cast<ptrdiff_t>(m);
    gemm(m, count, n, 1.0, row_major<const double>(W_.data(), n), {X_.data(), 1, nn}, 0.0, {Z.data(), 1, mm});
    for (size_t j = 0; j < count; j++) {
      const double sigma = std::sqrt(theta_[j]);
      scal((sigma - maxNorm) / sigma, Z.data() + j * m, m);
    }
    // R = W - Z V^T, V^T (count x n) at X_[c * n + j].
    gemm(m, n, count, -1.0, {Z.data(), 1, mm}, {X_.data(), nn, 1}, 1.0, row_major<double>(R.data(), n));
  }
  if (out.dtype == DType::F32) {
    float* o = static_cast<float*>(out.data);
    for (size_t i = 0; i < m * n; i++) o[i] = static_cast<float>(R[i]);
  } else {
    std::memcpy(out.data, R.data(), m * n * sizeof(double));
  }
}

}  // namespace sg
