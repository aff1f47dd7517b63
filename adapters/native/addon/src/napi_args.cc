#include "napi_args.h"

#include <cmath>
#include <new>

#include "sizes.h"

namespace sg {
namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1

// `x` when it is an integer from `lowest` to 2^53 - 1, else -1.
double integer_or_minus_one(double x, double lowest) { return x >= lowest && x <= kMaxSafeInteger && std::floor(x) == x ? x : -1; }

double integer_or_minus_one(const Napi::Value& value, double lowest) {
  return value.IsNumber() ? integer_or_minus_one(value.As<Napi::Number>().DoubleValue(), lowest) : -1;
}

int code_arg(Napi::Env env, const Napi::Value& value, const char* what, const char* expected) {
  if (!value.IsNumber()) throw Napi::TypeError::New(env, std::string(what) + ": expected a number (" + expected + ")");
  const double x = value.As<Napi::Number>().DoubleValue();
  if (x != 0 && x != 1) throw Napi::RangeError::New(env, std::string(what) + ": expected " + expected);
  return static_cast<int>(x);
}

}  // namespace

uint64_t tensor_id(double x) {
  const double id = integer_or_minus_one(x, 1);
  return id < 0 ? 0 : static_cast<uint64_t>(id);
}

uint64_t tensor_id(const Napi::Value& value) { return value.IsNumber() ? tensor_id(value.As<Napi::Number>().DoubleValue()) : 0; }

Device device_arg(Napi::Env env, const Napi::Value& value, const char* what) {
  return static_cast<Device>(code_arg(env, value, what, "0 for the CPU or 1 for CUDA"));
}

DType dtype_arg(Napi::Env env, const Napi::Value& value, const char* what) {
  return static_cast<DType>(code_arg(env, value, what, "0 for float32 or 1 for float64"));
}

size_t count_arg(Napi::Env env, const Napi::Value& value, const char* what) {
  if (!value.IsNumber()) throw Napi::TypeError::New(env, std::string(what) + ": expected a number");
  const double x = integer_or_minus_one(value, 0);
  if (x < 0) throw Napi::RangeError::New(env, std::string(what) + ": expected an integer from 0 to 2^53 - 1");
  return static_cast<size_t>(x);
}

size_t count_arg(Napi::Env env, const Napi::Value& value, const char* what, size_t most) {
  const size_t x = count_arg(env, value, what);
  if (x > most) throw Napi::RangeError::New(env, std::string(what) + ": expected an integer in [0, " + std::to_string(most) + "]");
  return x;
}

void check_matrix(Napi::Env env, size_t m, size_t n, size_t length, const char* what) {
  size_t elements = 0;
  if (!checked_mul(m, n, &elements) || elements != length) {
    throw Napi::RangeError::New(env, std::string(what) + ": expected " + std::to_string(m) + " x " + std::to_string(n) + " elements, the tensor has " + std::to_string(length));
  }
}

void rethrow_as_js(Napi::Env env, const std::string& where) {
  try {
    throw;
  } catch (const Napi::Error&) {
    throw;
  } catch (const SizeError& e) {
    throw Napi::RangeError::New(env, where + ": " + e.what());
  } catch (const std::bad_alloc&) {
    throw Napi::RangeError::New(env, where + ": out of memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, where + ": " + e.what());
  }
}

}  // namespace sg
