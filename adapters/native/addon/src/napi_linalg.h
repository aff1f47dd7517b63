// LinAlg entry points: sumOfSquares, scale, multiply, multiplyTransposed, lowRankUpdate.
#pragma once

#include <napi.h>

namespace sg {

// Adds the linear-algebra functions to the module's exports.
void define_linalg(Napi::Env env, Napi::Object exports);

// The Float64Array argument `v` of exactly `length` values; throws a TypeError or RangeError
// naming `what` otherwise.
Napi::Float64Array block_arg(Napi::Env env, const Napi::Value& v, const char* what, size_t length);

}  // namespace sg
