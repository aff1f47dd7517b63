// The checked arguments of the spectral session's methods. Every check gives the message, and the
// error class, of core's host session (packages/core/src/linalg/session-arguments.ts), so that a
// misuse reads the same on every backend: a TypeError for a wrong type, a RangeError for a value
// out of range, each naming the parameter, what was expected and what came.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace sg {

// The largest filter degree a session takes (core's MAX_SESSION_FILTER_DEGREE).
constexpr size_t kMaxSessionFilterDegree = size_t{1} << 20;
// 2^53 - 1: the bound of a count without a bound of its own.
constexpr size_t kMaxSessionCount = (size_t{1} << 53) - 1;

// `value` as an integer in [low, high] (high at most 2^53 - 1).
size_t session_integer(Napi::Env env, const Napi::Value& value, const std::string& name, size_t low, size_t high);

// `value` as a Float64Array of rows * cols values (any values): an `rows x cols` block.
Napi::Float64Array session_block(Napi::Env env, const Napi::Value& value, const std::string& name, size_t rows, size_t cols);

// `value` as a Float64Array of `length` finite values.
Napi::Float64Array session_vector(Napi::Env env, const Napi::Value& value, const std::string& name, size_t length);

// A filter plan: degree in [1, 2^20], finite edge and top, top > edge when edge > 0. Its fields
// are read once each, in that order (a getter may run JavaScript: read it before the session).
struct FilterPlanArg {
  int degree;
  double edge;
  double top;
};
FilterPlanArg filter_plan_arg(Napi::Env env, const Napi::Value& value);

// `value` as a filter precision: true for 'fast', false for 'exact'.
bool fast_precision_arg(Napi::Env env, const Napi::Value& value);

// `value` as project's maxNorm: finite and > 0.
double max_norm_arg(Napi::Env env, const Napi::Value& value);

// `value` as a session's seed: an integer, taken modulo 2^64 (two's complement for negatives).
uint64_t seed_arg(Napi::Env env, const Napi::Value& value);

// Throws unless the first `count` Ritz values are > 0, given that the first `positive` are.
void check_positive_ritz_values(Napi::Env env, size_t count, size_t positive);

}  // namespace sg
