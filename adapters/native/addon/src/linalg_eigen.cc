#include "linalg_eigen.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>
#include <vector>

#include "linalg_gemm.h"
#include "linalg_tridiagonal.h"
#include "linalg_vector.h"
#include "thread_pool.h"

namespace sg {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon() / 2;  // 2^-53
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Scratch of the calling thread, kept between calls (a projection solves several eigenproblems
// of one size) until eigen_release_scratch.
struct EigenScratch {
  std::vector<double> zhat, d, e, tau, Z, diag;
  std::vector<double> sort, z, dk, zk, lambda, U, QK, QKU, values, deflatedQ;
  std::vector<size_t> order, kept, deflated;
  std::vector<std::pair<double, const double*>> all;
};
thread_local EigenScratch scratch;

// ---- the tridiagonal eigenproblem ----

// Implicit symmetric QL/QR with Wilkinson shifts on the tridiagonal (d, e) of size n, with the
// rotations accumulated into Q (n x n, column-major, leading dimension ldq, set to I first).
// Golub and Van Loan, algorithms 8.3.2 and 8.3.3. Eigenvalues in d, unsorted.
bool tridiagonal_qr(double* d, double* e, size_t n, double* Q, size_t ldq) {
  for (size_t j = 0; j < n; j++) {
    std::fill(Q + j * ldq, Q + j * ldq + n, 0.0);
    Q[j * ldq + j] = 1;
  }
  double norm = 0;
  for (size_t i = 0; i < n; i++) norm = std::max(norm, std::fabs(d[i]) + (i + 1 < n ? std::fabs(e[i]) : 0));
  const double floor = std::max(kEps * kEps * norm, std::numeric_limits<double>::min());
  size_t steps = 0;
  size_t h = n - 1;
  while (h > 0) {
    size_t l = h;
    while (l > 0) {
      const double off = std::fabs(e[l - 1]);
      if (off <= kEps * (std::fabs(d[l - 1]) + std::fabs(d[l])) || off <= floor) {
        e[l - 1] = 0;
        break;
      }
      l--;
    }
    if (l == h) {
      h--;
      continue;
    }
    if (++steps > 30 * n) return false;
    const double tail = e[h - 1];
    const double delta = (d[h - 1] - d[h]) / 2;
    const double shift = d[h] - tail * (tail / (delta + std::copysign(std::hypot(delta, tail), delta == 0 ? 1.0 : delta)));
    double x = d[l] - shift;
    double z = e[l];
    for (size_t i = l; i < h; i++) {
      const double r = std::hypot(x, z);
      const double c = r == 0 ? 1 : x / r;
      const double s = r == 0 ? 0 : -z / r;
      if (i > l) e[i - 1] = r;
      const double p = d[i], q = e[i], t = d[i + 1];
      const double cs = c * s;
      d[i] = c * c * p - 2 * cs * q + s * s * t;
      d[i + 1] = s * s * p + 2 * cs * q + c * c * t;
      e[i] = cs * (p - t) + (c * c - s * s) * q;
      if (i + 1 < h) {
        x = e[i];
        z = -s * e[i + 1];
        e[i + 1] = c * e[i + 1];
      }
      double* qi = Q + i * ldq;
      double* qj = Q + (i + 1) * ldq;
      for (size_t row = 0; row < n; row++) {
        const double a = qi[row], b = qj[row];
        qi[row] = c * a - s * b;
        qj[row] = s * a + c * b;
      }
    }
  }
  return true;
}

// Sorts eigenvalues ascending and permutes the columns of Q (n x n, ldq) with them.
void sort_ascending(double* d, double* Q, size_t n, size_t ldq, std::vector<double>& scratch) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return d[a] < d[b]; });
  scratch.resize(n * n + n);
  double* values = scratch.data() + n * n;
  for (size_t j = 0; j < n; j++) {
    values[j] = d[order[j]];
    std::copy(Q + order[j] * ldq, Q + order[j] * ldq + n, scratch.data() + j * n);
  }
  for (size_t j = 0; j < n; j++) {
    d[j] = values[j];
    std::copy(scratch.data() + j * n, scratch.data() + (j + 1) * n, Q + j * ldq);
  }
}

// One root of the secular equation f(x) = 1 + rho sum_i z_i^2 / (d_i - x) = 0 (rho > 0, d
// ascending and distinct, sum z_i^2 = 1): the j-th, in (d_j, d_{j+1}) or, for the last,
// (d_{K-1}, d_{K-1} + rho]. Returned as origin + tau with origin one of d_j, d_{j+1} (the
// nearer), so that d_i - root = (d_i - d_origin) - tau keeps full relative accuracy. Solved by
// the "middle way" of Li ("Solving secular equations stably and efficiently", LAPACK Working
// Note 89, 1994): each step fits c + s / (d_j - x) + S / (d_{j+1} - x) to f and its derivative
// at the current point and moves to the root of the fit, safeguarded by bisection.
struct SecularRoot {
  size_t origin;
  double tau;
};

SecularRoot secular_root(const double* d, const double* z, size_t K, double rho, size_t j) {
  const bool last = j + 1 == K;
  auto f_at = [&](size_t origin, double tau, double* psi, double* dpsi, double* phi, double* dphi) {
    double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
    for (size_t i = 0; i < K; i++) {
      const double delta = (d[i] - d[origin]) - tau;
      const double term = z[i] * z[i] / delta;
      if (i <= j) {
        s1 += term;
        s2 += term / delta;
      } else {
        s3 += term;
        s4 += term / delta;
      }
    }
    *psi = rho * s1;
    *dpsi = rho * s2;
    *phi = rho * s3;
    *dphi = rho * s4;
    return 1 + *psi + *phi;
  };
  size_t origin = j;
  double lo, hi;
  double psi, dpsi, phi, dphi;
  if (last) {
    lo = 0;
    hi = rho;  // f(rho) >= 0 since sum z^2 = 1 and every d_i <= d_j
  } else {
    const double gap = d[j + 1] - d[j];
    const double fmid = f_at(j, gap / 2, &psi, &dpsi, &phi, &dphi);
    if (fmid >= 0) {
      lo = 0;
      hi = gap / 2;
    } else {
      origin = j + 1;
      lo = -gap / 2;
      hi = 0;
    }
  }
  double tau = (lo + hi) / 2;
  for (int iter = 0; iter < 80; iter++) {
    const double f = f_at(origin, tau, &psi, &dpsi, &phi, &dphi);
    const double err = 8 * kEps * (1 + std::fabs(psi) + std::fabs(phi)) * static_cast<double>(K);
    if (std::fabs(f) <= err || hi - lo <= 4 * kEps * std::max(std::fabs(lo), std::fabs(hi))) break;
    if (f < 0) lo = tau;
    else hi = tau;
    // Distances to the two poles around the root, in the origin's coordinates.
    const double dj = (d[j] - d[origin]) - tau;                              // < 0
    const double dj1 = last ? 0 : (d[j + 1] - d[origin]) - tau;              // > 0
    double next;
    if (last) {
      // f ~ c + s / (dj - h): root at h = dj + s / c.
      const double s = dj * dj * dpsi;
      const double c = f - dj * dpsi;
      next = c > 0 ? tau + dj + s / c : (lo + hi) / 2;
    } else {
      const double s = dj * dj * dpsi;
      const double S = dj1 * dj1 * dphi;
      const double c = f - dj * dpsi - dj1 * dphi;
      // c h^2 - (c (dj + dj1) + s + S) h + (c dj dj1 + s dj1 + S dj) = 0, root h in (dj, dj1).
      const double a = c, b = c * (dj + dj1) + s + S, cc = c * dj * dj1 + s * dj1 + S * dj;
      double h;
      if (std::fabs(a) <= kEps * (std::fabs(b) + std::fabs(cc))) {
        h = cc / b;
      } else {
        const double disc = std::sqrt(std::max(b * b - 4 * a * cc, 0.0));
        const double q = b >= 0 ? (b + disc) / 2 : (b - disc) / 2;
        const double h1 = q / a, h2 = q != 0 ? cc / q : 0;
        h = (h1 > dj && h1 < dj1) ? h1 : h2;
      }
      next = tau + h;
    }
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    tau = next;
  }
  return {origin, tau};
}

// Workspace of the divide and conquer.
struct DcWork {
  std::vector<double>& sort = scratch.sort;
  std::vector<double>& z = scratch.z;
  std::vector<double>& dk = scratch.dk;
  std::vector<double>& zk = scratch.zk;
  std::vector<double>& lambda = scratch.lambda;
  std::vector<double>& U = scratch.U;
  std::vector<double>& QK = scratch.QK;
  std::vector<double>& QKU = scratch.QKU;
  std::vector<double>& values = scratch.values;
  std::vector<double>& deflatedQ = scratch.deflatedQ;
  std::vector<size_t>& order = scratch.order;
  std::vector<size_t>& kept = scratch.kept;
  std::vector<size_t>& deflated = scratch.deflated;
  std::vector<SecularRoot> roots;
};

// Merges the two halves: Q = diag(Q1, Q2) holds their eigenvectors, d their eigenvalues, and the
// full matrix is Q (D + rho z z^T) Q^T with z = (last row of Q1, sign first row of Q2).
void merge(double* d, double* Q, size_t n, size_t ldq, size_t m, double beta, DcWork& w) {
  const double sign = beta >= 0 ? 1 : -1;
  w.z.resize(n);
  for (size_t i = 0; i < m; i++) w.z[i] = Q[i * ldq + (m - 1)] / std::sqrt(2.0);
  for (size_t i = m; i < n; i++) w.z[i] = sign * Q[i * ldq + m] / std::sqrt(2.0);
  const double rho = 2 * std::fabs(beta);
  if (rho == 0) {
    sort_ascending(d, Q, n, ldq, w.sort);
    return;
  }
  w.order.resize(n);
  std::iota(w.order.begin(), w.order.end(), 0);
  std::sort(w.order.begin(), w.order.end(), [&](size_t a, size_t b) { return d[a] < d[b]; });
  double dmax = 0;
  for (size_t i = 0; i < n; i++) dmax = std::max(dmax, std::fabs(d[i]));
  const double tol = 8 * kEps * std::max(dmax, rho);
  // Deflation (Dongarra and Sorensen, SIAM J. Sci. Stat. Comput. 8, 1987): a tiny z_i, or two
  // values close enough that one rotation zeroes a z component.
  w.kept.clear();
  w.deflated.clear();
  for (size_t idx = 0; idx < n; idx++) {
    const size_t i = w.order[idx];
    if (rho * std::fabs(w.z[i]) <= tol) {
      w.deflated.push_back(i);
      continue;
    }
    if (!w.kept.empty()) {
      const size_t p = w.kept.back();
      const double r = std::hypot(w.z[p], w.z[i]);
      const double c = w.z[i] / r, s = -w.z[p] / r;
      if (std::fabs((d[i] - d[p]) * c * s) <= tol) {
        // Rotate columns p and i so that z_p vanishes; p deflates.
        double* qp = Q + p * ldq;
        double* qi = Q + i * ldq;
        for (size_t row = 0; row < n; row++) {
          const double a = qp[row], b = qi[row];
          qp[row] = c * a + s * b;
          qi[row] = -s * a + c * b;
        }
        const double dp = c * c * d[p] + s * s * d[i];
        const double di = s * s * d[p] + c * c * d[i];
        d[p] = dp;
        d[i] = di;
        w.z[p] = 0;
        w.z[i] = r;
        w.kept.back() = i;
        w.deflated.push_back(p);
        continue;
      }
    }
    w.kept.push_back(i);
  }
  const size_t K = w.kept.size();
  if (K > 0) {
    w.dk.resize(K);
    w.zk.resize(K);
    double znorm = 0;
    for (size_t a = 0; a < K; a++) {
      w.dk[a] = d[w.kept[a]];
      w.zk[a] = w.z[w.kept[a]];
      znorm += w.zk[a] * w.zk[a];
    }
    // Normalise z (deflation removed a little of it); rho absorbs the scale.
    const double rhoK = rho * znorm;
    const double inv = 1 / std::sqrt(znorm);
    for (size_t a = 0; a < K; a++) w.zk[a] *= inv;
    w.roots.resize(K);
    for (size_t j = 0; j < K; j++) w.roots[j] = secular_root(w.dk.data(), w.zk.data(), K, rhoK, j);
    // Gu and Eisenstat (SIAM J. Matrix Anal. Appl. 16, 1995): recompute z from the roots so that
    // the eigenvectors come out orthogonal: zhat_i^2 = prod_j (lambda_j - d_i) / (rho prod_{j != i} (d_j - d_i)).
    auto diff = [&](size_t i, size_t j) { return (w.dk[i] - w.dk[w.roots[j].origin]) - w.roots[j].tau; };  // d_i - lambda_j
    std::vector<double>& zhat = scratch.zhat;
    zhat.resize(K);
    for (size_t i = 0; i < K; i++) {
      double prod = -diff(i, i) / rhoK;
      for (size_t j = 0; j < K; j++) {
        if (j == i) continue;
        prod *= -diff(i, j) / (w.dk[j] - w.dk[i]);
      }
      zhat[i] = std::copysign(std::sqrt(std::max(prod, 0.0)), w.zk[i]);
    }
    // U_ij = zhat_i / (d_i - lambda_j), columns normalised.
    w.U.resize(K * K);
    for (size_t j = 0; j < K; j++) {
      double* u = w.U.data() + j * K;
      double norm = 0;
      for (size_t i = 0; i < K; i++) {
        u[i] = zhat[i] / diff(i, j);
        norm += u[i] * u[i];
      }
      const double s = 1 / std::sqrt(norm);
      for (size_t i = 0; i < K; i++) u[i] *= s;
    }
    w.lambda.resize(K);
    for (size_t j = 0; j < K; j++) w.lambda[j] = w.dk[w.roots[j].origin] + w.roots[j].tau;
    // QK U: the kept columns of Q times U.
    w.QK.resize(n * K);
    for (size_t a = 0; a < K; a++) std::copy(Q + w.kept[a] * ldq, Q + w.kept[a] * ldq + n, w.QK.data() + a * n);
    w.QKU.resize(n * K);
    gemm(n, K, K, 1.0, {w.QK.data(), 1, static_cast<ptrdiff_t>(n)}, {w.U.data(), 1, static_cast<ptrdiff_t>(K)}, 0.0,
         {w.QKU.data(), 1, static_cast<ptrdiff_t>(n)});
  }
  // Assemble: kept (new values and vectors) and deflated (as they were), sorted ascending.
  const size_t D = w.deflated.size();
  w.deflatedQ.resize(n * D);
  for (size_t a = 0; a < D; a++) std::copy(Q + w.deflated[a] * ldq, Q + w.deflated[a] * ldq + n, w.deflatedQ.data() + a * n);
  w.values.resize(n);
  std::vector<std::pair<double, const double*>>& all = scratch.all;
  all.clear();
  for (size_t a = 0; a < K; a++) all.emplace_back(w.lambda[a], w.QKU.data() + a * n);
  for (size_t a = 0; a < D; a++) all.emplace_back(d[w.deflated[a]], w.deflatedQ.data() + a * n);
  std::stable_sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  w.sort.resize(n * n);
  for (size_t j = 0; j < n; j++) {
    w.values[j] = all[j].first;
    std::copy(all[j].second, all[j].second + n, w.sort.data() + j * n);
  }
  for (size_t j = 0; j < n; j++) {
    d[j] = w.values[j];
    std::copy(w.sort.data() + j * n, w.sort.data() + (j + 1) * n, Q + j * ldq);
  }
}

// Cuppen's divide and conquer (Cuppen, Numer. Math. 36, 1981) for the symmetric tridiagonal
// (d, e) of size n: eigenvalues ascending into d, eigenvectors into Q (n x n, ldq).
bool tridiagonal_dc(double* d, double* e, size_t n, double* Q, size_t ldq, DcWork& w) {
  constexpr size_t kLeaf = 32;
  constexpr size_t kParallelHalves = 160;
  if (n <= kLeaf) {
    if (!tridiagonal_qr(d, e, n, Q, ldq)) return false;
    sort_ascending(d, Q, n, ldq, w.sort);
    return true;
  }
  const size_t m = n / 2;
  const double beta = e[m - 1];
  const double rho = std::fabs(beta);
  d[m - 1] -= rho;
  d[m] -= rho;
  if (n >= kParallelHalves) {
    // The halves are independent: one on each of two threads, each with its own workspace. A
    // pool thread frees the workspace it used (its own scratch) before the loop returns.
    bool ok[2] = {false, false};
    const std::thread::id caller = std::this_thread::get_id();
    ThreadPool::instance().parallel_for(2, [&](size_t half) {
      {
        DcWork own;
        ok[half] = half == 0 ? tridiagonal_dc(d, e, m, Q, ldq, own) : tridiagonal_dc(d + m, e + m, n - m, Q + m * ldq + m, ldq, own);
      }
      if (std::this_thread::get_id() != caller) {
        eigen_release_scratch();
        gemm_release_scratch();
      }
    });
    if (!ok[0] || !ok[1]) return false;
  } else {
    if (!tridiagonal_dc(d, e, m, Q, ldq, w)) return false;
    if (!tridiagonal_dc(d + m, e + m, n - m, Q + m * ldq + m, ldq, w)) return false;
  }
  for (size_t j = 0; j < m; j++) std::fill(Q + j * ldq + m, Q + j * ldq + n, 0.0);
  for (size_t j = m; j < n; j++) std::fill(Q + j * ldq, Q + j * ldq + m, 0.0);
  merge(d, Q, n, ldq, m, beta, w);
  return true;
}

double max_abs(const double* A, size_t count) {
  double largest = 0;
  for (size_t i = 0; i < count; i++) {
    const double a = std::fabs(A[i]);
    if (!(a <= largest)) largest = std::isnan(a) ? a : std::max(largest, a);
  }
  return largest;
}

// A power of two near x (> 0, finite).
double power_of_two_near(double x) { return std::ldexp(1.0, std::ilogb(x)); }

}  // namespace

void eigen_release_scratch() {
  scratch = EigenScratch();
  tridiagonal_release_scratch();
}

void symmetric_eigen(double* A, size_t k, double* values, double* vectors) {
  if (k == 0) return;
  const double largest = max_abs(A, k * k);
  if (!std::isfinite(largest)) {
    std::fill(values, values + k, kNaN);
    std::fill(vectors, vectors + k * k, 0.0);
    for (size_t j = 0; j < k; j++) vectors[j * k + j] = 1;
    return;
  }
  const double scale = largest == 0 ? 1 : power_of_two_near(largest);
  if (scale != 1) for (size_t i = 0; i < k * k; i++) A[i] /= scale;
  DcWork w;
  std::vector<double>& d = scratch.d;
  std::vector<double>& e = scratch.e;
  std::vector<double>& tau = scratch.tau;
  std::vector<double>& Z = scratch.Z;
  d.resize(k);
  e.resize(k);
  tau.resize(k);
  Z.resize(k * k);
  tridiagonalize(A, k, d.data(), e.data(), tau.data());
  if (!tridiagonal_dc(d.data(), e.data(), k, Z.data(), k, w)) {
    std::fill(values, values + k, kNaN);
    return;
  }
  apply_tridiagonal_q(A, tau.data(), k, Z.data(), k);
  // Decreasing order.
  for (size_t j = 0; j < k; j++) {
    values[j] = d[k - 1 - j] * scale;
    std::copy(Z.data() + (k - 1 - j) * k, Z.data() + (k - j) * k, vectors + j * k);
  }
}

double symmetric_largest_eigenvalue(double* A, size_t k) {
  if (k == 0) return 0;
  const double largest = max_abs(A, k * k);
  if (!std::isfinite(largest)) return kNaN;
  if (largest == 0) return 0;
  const double scale = power_of_two_near(largest);
  for (size_t i = 0; i < k * k; i++) A[i] /= scale;
  std::vector<double>& d = scratch.d;
  std::vector<double>& e = scratch.e;
  std::vector<double>& tau = scratch.tau;
  d.resize(k);
  e.resize(k);
  tau.resize(k);
  tridiagonalize(A, k, d.data(), e.data(), tau.data());
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (size_t i = 0; i < k; i++) {
    const double radius = (i > 0 ? std::fabs(e[i - 1]) : 0) + (i + 1 < k ? std::fabs(e[i]) : 0);
    lo = std::min(lo, d[i] - radius);
    hi = std::max(hi, d[i] + radius);
  }
  auto above = [&](double x) {
    size_t count = 0;
    double q = 1;
    for (size_t i = 0; i < k; i++) {
      q = d[i] - x - (i > 0 ? e[i - 1] * e[i - 1] / q : 0);
      if (q == 0) q = -std::numeric_limits<double>::min();
      if (q > 0) count++;
    }
    return count;
  };
  for (int iter = 0; iter < 200 && hi - lo > 4 * kEps * std::max(std::fabs(lo), std::fabs(hi)); iter++) {
    const double mid = lo + (hi - lo) / 2;
    if (above(mid) >= 1) lo = mid;
    else hi = mid;
  }
  // The reduction is backward stable: round up by its error, a few k 2^-53 max|A| (here 1 after scaling).
  return (hi + 8 * static_cast<double>(k) * kEps) * scale;
}

long long cholesky_lower(double* G, size_t k) {
  constexpr size_t kNb = 64;
  std::vector<double>& diag = scratch.diag;
  diag.resize(k);
  for (size_t j = 0; j < k; j++) diag[j] = G[j * k + j];
  for (size_t j0 = 0; j0 < k; j0 += kNb) {
    const size_t nb = std::min(kNb, k - j0);
    // Factor the diagonal block, unblocked (left-looking within the block).
    for (size_t j = j0; j < j0 + nb; j++) {
      double* cj = G + j * k;
      for (size_t l = j0; l < j; l++) {
        const double* cl = G + l * k;
        const double f = cl[j];
        for (size_t i = j; i < k; i++) cj[i] -= cl[i] * f;
      }
      const double pivot = cj[j];
      if (!(pivot > 0) || !(pivot > 0x1p-40 * diag[j])) return static_cast<long long>(j);
      const double r = std::sqrt(pivot);
      cj[j] = r;
      for (size_t i = j + 1; i < k; i++) cj[i] /= r;
    }
    // Update the trailing matrix: G22 -= L21 L21^T (lower part, via one product).
    const size_t rest = k - j0 - nb;
    if (rest == 0) break;
    const double* L21 = G + j0 * k + j0 + nb;  // rows j0 + nb .., columns j0 .. j0 + nb
    gemm(rest, rest, nb, -1.0, {L21, 1, static_cast<ptrdiff_t>(k)}, {L21, static_cast<ptrdiff_t>(k), 1}, 1.0,
         {G + (j0 + nb) * k + j0 + nb, 1, static_cast<ptrdiff_t>(k)});
  }
  return -1;
}

void solve_right_lower_transposed(double* X, size_t rows, const double* L, size_t k) {
  // The rows of X are independent: tasks of kRowsPerTask rows run on the pool, each solving its
  // rows by blocks of columns (the products inside a task run on its thread alone).
  constexpr size_t kRowsPerTask = 128;
  constexpr size_t kNb = 64;
  const auto ld = static_cast<ptrdiff_t>(rows);
  const size_t tasks = (rows + kRowsPerTask - 1) / kRowsPerTask;
  const auto solve = [&](size_t task) {
    double* Xt = X + task * kRowsPerTask;
    const size_t count = std::min(kRowsPerTask, rows - task * kRowsPerTask);
    for (size_t j0 = 0; j0 < k; j0 += kNb) {
      const size_t nb = std::min(kNb, k - j0);
      // X_J -= X_{<J} L_{J, <J}^T
      if (j0 > 0) gemm(count, nb, j0, -1.0, {Xt, 1, ld}, {L + j0, static_cast<ptrdiff_t>(k), 1}, 1.0, {Xt + j0 * rows, 1, ld});
      // X_J <- X_J L_JJ^-T: column c = (X_c - sum_{l < c} X_l L[c, l]) / L[c, c].
      for (size_t c = j0; c < j0 + nb; c++) {
        double* xc = Xt + c * rows;
        for (size_t l = j0; l < c; l++) {
          const double f = L[l * k + c];
          const double* xl = Xt + l * rows;
          for (size_t i = 0; i < count; i++) xc[i] -= xl[i] * f;
        }
        const double inv = 1 / L[c * k + c];
        for (size_t i = 0; i < count; i++) xc[i] *= inv;
      }
    }
  };
  if (tasks > 1) {
    ThreadPool::instance().parallel_for(tasks, solve);
  } else {
    for (size_t t = 0; t < tasks; t++) solve(t);
  }
}

void solve_left_lower_transposed(const double* L, size_t k, double* B, size_t cols) {
  // L^T X = B by blocks of rows from the bottom: X_I = L_II^-T (B_I - L_{>I, I}^T X_{>I}).
  constexpr size_t kNb = 64;
  const auto kk = static_cast<ptrdiff_t>(k);
  size_t end = k;
  while (end > 0) {
    const size_t start = end > kNb ? end - kNb : 0;
    const size_t nb = end - start;
    if (end < k) {
      // B_I -= (L[end .., start .. end])^T B[end .., :]
      gemm(nb, cols, k - end, -1.0, {L + start * k + end, kk, 1}, {B + end, 1, kk}, 1.0, {B + start, 1, kk});
    }
    for (size_t c = 0; c < cols; c++) {
      double* x = B + c * k;
      for (size_t i = end; i-- > start;) {
        const double* li = L + i * k;  // column i of L
        x[i] = (x[i] - dot(li + i + 1, x + i + 1, end - i - 1)) / li[i];
      }
    }
    end = start;
  }
}

}  // namespace sg
