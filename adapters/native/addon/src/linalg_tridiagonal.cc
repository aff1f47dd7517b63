#include "linalg_tridiagonal.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "linalg_gemm.h"
#include "linalg_vector.h"

namespace sg {
namespace {

// Scratch of the calling thread, kept between calls until tridiagonal_release_scratch.
struct TridiagonalScratch {
  std::vector<double> p, w, panelW, coefficients, left, right;
  std::vector<double> V, T, Wm, y, VT;
};
thread_local TridiagonalScratch scratch;

// Reflectors reduced together in a panel (LAPACK's dsytrd/dlatrd scheme).
constexpr size_t kPanel = 32;
// Trailing orders up to this are reduced one column at a time.
constexpr size_t kUnblockedUpTo = 128;
// Columns per product of the trailing update.
constexpr size_t kUpdateWidth = 64;

// The Householder reflector of x (r >= 1 values): on return x[0] = beta and x[1 ..] the tail of
// v = (1, x[1 ..]), with (I - tau v v^T) x = beta e_1; returns tau, 0 (x unchanged) when x[1 ..]
// is zero. Golub and Van Loan, "Matrix Computations", 4th ed., algorithm 5.1.1, with the norm
// scaled against overflow.
double householder(double* x, size_t r) {
  double scale = 0;
  for (size_t i = 1; i < r; i++) scale = std::max(scale, std::fabs(x[i]));
  if (!(scale > 0)) return 0;
  double sum = 0;
  for (size_t i = 1; i < r; i++) {
    const double y = x[i] / scale;
    sum += y * y;
  }
  const double xnorm = scale * std::sqrt(sum);
  const double alpha = x[0];
  const double beta = -std::copysign(std::hypot(alpha, xnorm), alpha);
  const double inv = 1 / (alpha - beta);
  for (size_t i = 1; i < r; i++) x[i] *= inv;
  x[0] = beta;
  return (beta - alpha) / beta;
}

// p = B v for the symmetric B (r x r, column-major with leading dimension ld, lower triangle read).
inline __attribute__((always_inline)) void symmetric_times(const double* B, size_t ld, size_t r, const double* v, double* p) {
  std::fill(p, p + r, 0.0);
  for (size_t c = 0; c < r; c++) {
    const double* col = B + c * ld;
    const double vc = v[c];
    p[c] += col[c] * vc + dot(col + c + 1, v + c + 1, r - c - 1);
    axpy(vc, col + c + 1, p + c + 1, r - c - 1);
  }
}

// Column j of the reduction done on its own: reflector H_j from A[j + 1 .., j], then the trailing
// lower triangle B = A[j + 1 .., j + 1 ..] <- H_j B H_j = B - v w^T - w v^T with
// w = p - (tau / 2) (p^T v) v, p = tau B v.
inline __attribute__((always_inline)) void reduce_column(double* A, size_t k, size_t j, double* d, double* e, double* tau,
                                                          double* p, double* w) {
  const size_t r = k - j - 1;
  double* x = A + j * k + j + 1;
  const double t = householder(x, r);
  tau[j] = t;
  e[j] = x[0];
  d[j] = A[j * k + j];
  if (t == 0) return;
  const double saved = x[0];
  x[0] = 1;
  double* B = A + (j + 1) * k + j + 1;
  symmetric_times(B, k, r, x, p);
  scal(t, p, r);
  const double half = t * dot(p, x, r) / 2;
  for (size_t i = 0; i < r; i++) w[i] = p[i] - half * x[i];
  for (size_t c = 0; c < r; c++) {
    double* col = B + c * k;
    const double vc = x[c];
    const double wc = w[c];
    for (size_t i = c; i < r; i++) col[i] -= x[i] * wc + w[i] * vc;
  }
  x[0] = saved;
}

// Reflectors j0 .. j0 + nb - 1 of a panel, leaving the trailing matrix A[j0 + nb .., j0 + nb ..]
// to one update B <- B - V W^T - W V^T by products (Dongarra, Hammarling and Sorensen, "Block
// reduction of matrices to condensed forms for eigenvalue computations", J. Comput. Appl. Math.
// 27, 1989). Column i of W (k x nb, column-major) is w_i = p - (tau / 2) (p^T v_i) v_i with
// p = tau (B v_i - V (W^T v_i) - W (V^T v_i)) over the reflectors before it, B the trailing matrix
// as it stood before the panel: what H_i's two-sided update would be after theirs. The v_i keep
// their leading 1 in A until the update (the caller restores e).
inline __attribute__((always_inline)) void reduce_panel(double* A, size_t k, size_t j0, size_t nb, double* d, double* e, double* tau,
                                                         double* W, double* p, double* c) {
  for (size_t i = 0; i < nb; i++) {
    const size_t j = j0 + i;
    double* col = A + j * k;
    // Column j, rows j .., under the panel's earlier reflectors: minus V W[j, :]^T + W V[j, :]^T.
    for (size_t l = 0; l < i; l++) {
      const double* vl = A + (j0 + l) * k;
      const double* wl = W + l * k;
      const double fw = wl[j], fv = vl[j];
      for (size_t row = j; row < k; row++) col[row] -= vl[row] * fw + wl[row] * fv;
    }
    d[j] = col[j];
    const size_t r = k - j - 1;
    double* x = col + j + 1;
    const double t = householder(x, r);
    tau[j] = t;
    e[j] = x[0];
    x[0] = 1;
    double* w = W + i * k + j + 1;
    if (t == 0) {
      std::fill(w, w + r, 0.0);
      continue;
    }
    symmetric_times(A + (j + 1) * k + j + 1, k, r, x, p);
    for (size_t l = 0; l < i; l++) {
      c[2 * l] = dot(W + l * k + j + 1, x, r);
      c[2 * l + 1] = dot(A + (j0 + l) * k + j + 1, x, r);
    }
    for (size_t l = 0; l < i; l++) {
      const double* vl = A + (j0 + l) * k + j + 1;
      const double* wl = W + l * k + j + 1;
      const double a = c[2 * l], b = c[2 * l + 1];
      for (size_t row = 0; row < r; row++) p[row] -= vl[row] * a + wl[row] * b;
    }
    scal(t, p, r);
    const double half = t * dot(p, x, r) / 2;
    for (size_t row = 0; row < r; row++) w[row] = p[row] - half * x[row];
  }
}

// The level-2 loops above in the widest vectors the CPU has (the build's baseline is SSE2).
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
__attribute__((target("avx2"))) void reduce_panel_avx2(double* A, size_t k, size_t j0, size_t nb, double* d, double* e, double* tau,
                                                       double* W, double* p, double* c) {
  reduce_panel(A, k, j0, nb, d, e, tau, W, p, c);
}
__attribute__((target("avx2"))) void reduce_column_avx2(double* A, size_t k, size_t j, double* d, double* e, double* tau, double* p,
                                                        double* w) {
  reduce_column(A, k, j, d, e, tau, p, w);
}
const bool kAvx2 = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
}();
#else
constexpr bool kAvx2 = false;
#endif

void panel(double* A, size_t k, size_t j0, size_t nb, double* d, double* e, double* tau, double* W, double* p, double* c) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  if (kAvx2) return reduce_panel_avx2(A, k, j0, nb, d, e, tau, W, p, c);
#endif
  reduce_panel(A, k, j0, nb, d, e, tau, W, p, c);
}

void column(double* A, size_t k, size_t j, double* d, double* e, double* tau, double* p, double* w) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  if (kAvx2) return reduce_column_avx2(A, k, j, d, e, tau, p, w);
#endif
  reduce_column(A, k, j, d, e, tau, p, w);
}

// A[t0 .., t0 ..] (lower part) -= V W^T + W V^T for the panel's V (A's columns j0 .. j0 + nb - 1,
// with their leading 1s) and W, as (V | W) (W | V)^T by blocks of columns.
void update_trailing(double* A, size_t k, size_t j0, size_t nb, size_t t0, const double* W) {
  const size_t rows = k - t0;
  const auto kk = static_cast<ptrdiff_t>(k);
  const auto rr = static_cast<ptrdiff_t>(rows);
  std::vector<double>& left = scratch.left;
  std::vector<double>& right = scratch.right;
  left.resize(rows * 2 * nb);
  right.resize(rows * 2 * nb);
  for (size_t l = 0; l < nb; l++) {
    const double* v = A + (j0 + l) * k + t0;
    const double* w = W + l * k + t0;
    std::copy(v, v + rows, left.data() + l * rows);
    std::copy(w, w + rows, left.data() + (nb + l) * rows);
    std::copy(w, w + rows, right.data() + l * rows);
    std::copy(v, v + rows, right.data() + (nb + l) * rows);
  }
  for (size_t c0 = 0; c0 < rows; c0 += kUpdateWidth) {
    const size_t width = std::min(kUpdateWidth, rows - c0);
    // Rows c0 .. of columns c0 .. c0 + width: the block on the diagonal and all below it.
    gemm(rows - c0, width, 2 * nb, -1.0, {left.data() + c0, 1, rr}, {right.data() + c0, rr, 1}, 1.0,
         {A + (t0 + c0) * k + t0 + c0, 1, kk});
  }
}


}  // namespace

void tridiagonalize(double* A, size_t k, double* d, double* e, double* tau) {
  if (k == 0) return;
  std::vector<double>& p = scratch.p;
  std::vector<double>& w = scratch.w;
  p.resize(k);
  w.resize(k);
  size_t j = 0;
  if (k > kUnblockedUpTo) {
    std::vector<double>& W = scratch.panelW;
    std::vector<double>& c = scratch.coefficients;
    W.resize(k * kPanel);
    c.resize(2 * kPanel);
    for (; k - j > kUnblockedUpTo; j += kPanel) {
      panel(A, k, j, kPanel, d, e, tau, W.data(), p.data(), c.data());
      update_trailing(A, k, j, kPanel, j + kPanel, W.data());
      for (size_t i = j; i < j + kPanel; i++) A[i * k + i + 1] = e[i];
    }
  }
  for (; j + 1 < k; j++) column(A, k, j, d, e, tau, p.data(), w.data());
  d[k - 1] = A[(k - 1) * k + k - 1];
}

// The reflectors are applied in blocks, each in compact WY form H_j0 ... H_j1 = I - V T V^T
// (Schreiber and Van Loan, SIAM J. Sci. Stat. Comput. 10, 1989).
void apply_tridiagonal_q(const double* A, const double* tau, size_t k, double* Z, size_t cols) {
  if (k < 3) return;
  const size_t reflectors = k - 2;  // H_0 .. H_{k-3}; H_{k-2} is the identity.
  constexpr size_t kNb = 96;
  std::vector<double>& V = scratch.V;
  std::vector<double>& T = scratch.T;
  std::vector<double>& Wm = scratch.Wm;
  std::vector<double>& y = scratch.y;
  std::vector<double>& VT = scratch.VT;
  size_t end = reflectors;
  while (end > 0) {
    const size_t start = end > kNb ? end - kNb : 0;
    const size_t nb = end - start;
    // Rows of the block: from start + 1 to k - 1.
    const size_t rows = k - start - 1;
    V.assign(rows * nb, 0.0);
    for (size_t c = 0; c < nb; c++) {
      const size_t j = start + c;
      const size_t off = j - start;  // row of the implicit 1 within the block
      V[c * rows + off] = 1;
      for (size_t i = j + 2; i < k; i++) V[c * rows + (i - start - 1)] = A[j * k + i];
    }
    // T upper triangular: T[c][c] = tau, T[0 .. c, c] = -tau T[0 .. c, 0 .. c] V^T v_c.
    T.assign(nb * nb, 0.0);
    for (size_t c = 0; c < nb; c++) {
      const double t = tau[start + c];
      T[c * nb + c] = t;
      if (c == 0 || t == 0) continue;
      y.assign(c, 0.0);
      for (size_t l = 0; l < c; l++) y[l] = -t * dot(V.data() + l * rows, V.data() + c * rows, rows);
      for (size_t r2 = 0; r2 < c; r2++) {
        double s = 0;
        for (size_t l = r2; l < c; l++) s += T[l * nb + r2] * y[l];
        T[c * nb + r2] = s;
      }
    }
    double* Zb = Z + start + 1;
    // Wm = V^T Zb (nb x cols); Zb -= V T Wm.
    Wm.assign(nb * cols, 0.0);
    gemm(nb, cols, rows, 1.0, {V.data(), static_cast<ptrdiff_t>(rows), 1}, {Zb, 1, static_cast<ptrdiff_t>(k)}, 0.0,
         {Wm.data(), 1, static_cast<ptrdiff_t>(nb)});
    // Zb -= (V T) Wm: V T (rows x nb) first, one small product, then one large one.
    VT.resize(rows * nb);
    gemm(rows, nb, nb, 1.0, {V.data(), 1, static_cast<ptrdiff_t>(rows)}, {T.data(), 1, static_cast<ptrdiff_t>(nb)}, 0.0,
         {VT.data(), 1, static_cast<ptrdiff_t>(rows)});
    gemm(rows, cols, nb, -1.0, {VT.data(), 1, static_cast<ptrdiff_t>(rows)}, {Wm.data(), 1, static_cast<ptrdiff_t>(nb)}, 1.0,
         {Zb, 1, static_cast<ptrdiff_t>(k)});
    end = start;
  }
}

void tridiagonal_release_scratch() { scratch = TridiagonalScratch(); }

}  // namespace sg
