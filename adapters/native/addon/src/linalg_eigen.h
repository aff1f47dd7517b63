// Dense symmetric eigenproblems of the spectral session's Rayleigh-Ritz steps (a few hundred rows):
// Householder tridiagonalisation, Cuppen's divide and conquer with Gu and Eisenstat's
// eigenvectors, and blocked back-transformation, all in float64.
#pragma once

#include <cstddef>

namespace sg {

// A = Q diag(values) Q^T for the symmetric k x k matrix A (full storage; only its lower triangle
// in column-major order, which is the upper one in row-major order, is read; A is overwritten).
// `values` (k) come out decreasing and `vectors` (k x k, column-major) holds the orthonormal
// eigenvectors in the same order. A non-finite entry makes every value NaN.
void symmetric_eigen(double* A, size_t k, double* values, double* vectors);

// The largest eigenvalue of the symmetric k x k matrix A (overwritten), from above: the
// tridiagonal's largest eigenvalue by bisection, rounded up by the backward error of the
// reduction (a few k 2^-53 max|A|).
double symmetric_largest_eigenvalue(double* A, size_t k);

// Lower Cholesky factor of the symmetric positive definite k x k matrix G (column-major, lower
// triangle read and overwritten with L, G = L L^T), blocked. Returns the index of the first pivot
// that is not positive (or below 2^-40 of its original diagonal), or -1 on success.
long long cholesky_lower(double* G, size_t k);

// Frees the scratch that these routines keep between calls on the calling thread.
void eigen_release_scratch();

// X (rows x k, column-major) <- X L^-T for the lower triangular L (k x k, column-major).
void solve_right_lower_transposed(double* X, size_t rows, const double* L, size_t k);

// B (k x cols, column-major) <- L^-T B for the lower triangular L (k x k, column-major).
void solve_left_lower_transposed(const double* L, size_t k, double* B, size_t cols);

}  // namespace sg
