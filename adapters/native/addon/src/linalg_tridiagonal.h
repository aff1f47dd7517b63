// Householder reduction of a dense symmetric matrix to tridiagonal form, and the back-transformation
// of the tridiagonal's eigenvectors, for the Rayleigh-Ritz steps of the spectral session (a few
// hundred rows), in float64.
#pragma once

#include <cstddef>

namespace sg {

// Reduces the symmetric A (k x k, column-major, lower triangle read) to the tridiagonal
// T = Q^T A Q, Q = H_0 ... H_{k-3}, H_j = I - tau_j v_j v_j^T, v_j = (0, ..., 0, 1, A[j + 2 .., j])
// (the 1 at row j + 1; A's strict lower triangle is overwritten with the v_j). d (k) gets the
// diagonal, e (k - 1) the subdiagonal, tau (k) the factors (0: H_j = I).
void tridiagonalize(double* A, size_t k, double* d, double* e, double* tau);

// Z (k x cols, column-major) <- Q Z for the Q of tridiagonalize (A and tau as it left them).
void apply_tridiagonal_q(const double* A, const double* tau, size_t k, double* Z, size_t cols);

// Frees the scratch that these routines keep between calls on the calling thread.
void tridiagonal_release_scratch();

}  // namespace sg
