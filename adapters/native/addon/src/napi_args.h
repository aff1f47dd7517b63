// Checked conversions of JavaScript arguments, and C++ errors as JavaScript errors.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

#include "storage.h"

namespace sg {

// `x` as a tensor id: a positive integer below 2^53; 0 (no tensor has it) for anything else.
uint64_t tensor_id(double x);
// The same for a JavaScript value: 0 unless it is a number that is a tensor id.
uint64_t tensor_id(const Napi::Value& value);

// `value` as a device code (0 CPU, 1 CUDA); throws a JavaScript TypeError or RangeError naming `what`.
Device device_arg(Napi::Env env, const Napi::Value& value, const char* what);

// `value` as a dtype code (0 float32, 1 float64); throws a JavaScript TypeError or RangeError naming `what`.
DType dtype_arg(Napi::Env env, const Napi::Value& value, const char* what);

// `value` as an element count: an integer from 0 to 2^53 - 1; throws a JavaScript TypeError or
// RangeError naming `what`.
size_t count_arg(Napi::Env env, const Napi::Value& value, const char* what);

// The same, at most `most`; throws a RangeError naming `what` and the range otherwise.
size_t count_arg(Napi::Env env, const Napi::Value& value, const char* what, size_t most);

// Checks that `m x n` (counts) is the shape of a tensor of `length` elements, without wrapping
// around; throws a RangeError naming `what` otherwise.
void check_matrix(Napi::Env env, size_t m, size_t n, size_t length, const char* what);

// Called in a catch block: throws the exception being handled again as a JavaScript error, its
// message prefixed by `where: `: a RangeError for a size that cannot be held (SizeError,
// std::bad_alloc), an Error for any other C++ exception; a JavaScript error passes unchanged.
[[noreturn]] void rethrow_as_js(Napi::Env env, const std::string& where);

}  // namespace sg
