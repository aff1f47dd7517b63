// Elementwise operations with JavaScript's semantics, shared by the CPU loops and the CUDA kernels.
//
// `+ - * /` and `sqrt` are written as plain operators and sqrt calls in the element type: they are
// correctly rounded IEEE-754 operations as long as the compilers neither contract to fused
// multiply-add nor approximate (g++ -ffp-contract=off -fno-fast-math; nvcc --fmad=false
// -prec-div=true -prec-sqrt=true -ftz=false). `min`, `max` and `abs` follow Math.min, Math.max and
// Math.abs exactly: NaN if either operand is NaN, min(0, -0) = -0, max(0, -0) = 0, which fminf and
// fmaxf do not guarantee.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#if defined(__CUDACC__)
#define SG_HD __host__ __device__
#else
#define SG_HD
#endif

namespace sg {

template <typename T> struct BitsOf;
template <> struct BitsOf<float> { using type = uint32_t; };
template <> struct BitsOf<double> { using type = uint64_t; };

template <typename T>
SG_HD inline typename BitsOf<T>::type to_bits(T x) {
  typename BitsOf<T>::type b;
  memcpy(&b, &x, sizeof b);
  return b;
}

template <typename T>
SG_HD inline T from_bits(typename BitsOf<T>::type b) {
  T x;
  memcpy(&x, &b, sizeof x);
  return x;
}

template <typename T>
SG_HD inline T quiet_nan() {
  return from_bits<T>(sizeof(T) == 4 ? typename BitsOf<T>::type(0x7fc00000u) : typename BitsOf<T>::type(0x7ff8000000000000ull));
}

template <typename T>
SG_HD inline T infinity() {
  return from_bits<T>(sizeof(T) == 4 ? typename BitsOf<T>::type(0x7f800000u) : typename BitsOf<T>::type(0x7ff0000000000000ull));
}

// Math.min: NaN when either is NaN; of two equal values the one with the sign bit set (so -0 wins
// over 0; for other equal values both have the same bits).
template <typename T>
SG_HD inline T js_min(T a, T b) {
  const T smaller = a < b ? a : b;
  const T tied = from_bits<T>(to_bits(a) | to_bits(b));
  const T r = a == b ? tied : smaller;
  return (a != a || b != b) ? a + b : r;
}

// Math.max: NaN when either is NaN; of two equal values the one without the sign bit (0 over -0).
template <typename T>
SG_HD inline T js_max(T a, T b) {
  const T larger = a > b ? a : b;
  const T tied = from_bits<T>(to_bits(a) & to_bits(b));
  const T r = a == b ? tied : larger;
  return (a != a || b != b) ? a + b : r;
}

// Math.abs: clears the sign bit (abs(-0) = 0, NaN stays NaN).
SG_HD inline float js_abs(float a) { return fabsf(a); }
SG_HD inline double js_abs(double a) { return fabs(a); }

// Correctly rounded square root in the element type.
SG_HD inline float ieee_sqrt(float a) { return sqrtf(a); }
SG_HD inline double ieee_sqrt(double a) { return sqrt(a); }

}  // namespace sg
