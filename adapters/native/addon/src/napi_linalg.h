// LinAlg entry points: sumOfSquares, scale, multiply, multiplyTransposed, lowRankUpdate.
#pragma once

#include <napi.h>

namespace sg {

// Adds the linear-algebra functions to the module's exports.
void define_linalg(Napi::Env env, Napi::Object exports);

}  // namespace sg
