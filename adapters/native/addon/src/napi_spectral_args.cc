#include "napi_spectral_args.h"

#include <cmath>

namespace sg {
namespace {

// `typeof value`, with null named as such (core's typeName).
const char* type_name(const Napi::Value& value) {
  switch (value.Type()) {
    case napi_undefined:
      return "undefined";
    case napi_null:
      return "null";
    case napi_boolean:
      return "boolean";
    case napi_number:
      return "number";
    case napi_string:
      return "string";
    case napi_symbol:
      return "symbol";
    case napi_function:
      return "function";
    case napi_bigint:
      return "bigint";
    default:
      return "object";
  }
}

// A number as JavaScript writes it (as `${x}` does): 1.5, NaN, -Infinity, 1e+21.
std::string number_text(Napi::Env env, double x) { return Napi::Number::New(env, x).ToString().Utf8Value(); }

double number_arg(Napi::Env env, const Napi::Value& value, const std::string& name) {
  if (!value.IsNumber()) throw Napi::TypeError::New(env, name + ": expected a number, got " + type_name(value));
  return value.As<Napi::Number>().DoubleValue();
}

double finite_arg(Napi::Env env, const Napi::Value& value, const std::string& name) {
  const double x = number_arg(env, value, name);
  if (!std::isfinite(x)) throw Napi::RangeError::New(env, name + ": expected a finite number, got " + number_text(env, x));
  return x;
}

Napi::Float64Array float64_array_arg(Napi::Env env, const Napi::Value& value, const std::string& name) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    throw Napi::TypeError::New(env, name + ": expected a Float64Array, got " + type_name(value));
  }
  return value.As<Napi::Float64Array>();
}

}  // namespace

size_t session_integer(Napi::Env env, const Napi::Value& value, const std::string& name, size_t low, size_t high) {
  const double x = number_arg(env, value, name);
  if (!(x >= static_cast<double>(low) && x <= static_cast<double>(high) && std::floor(x) == x)) {
    throw Napi::RangeError::New(env, name + ": expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "], got " + number_text(env, x));
  }
  return static_cast<size_t>(x);
}

Napi::Float64Array session_block(Napi::Env env, const Napi::Value& value, const std::string& name, size_t rows, size_t cols) {
  auto a = float64_array_arg(env, value, name);
  // In float64, as JavaScript counts it: a product beyond 2^53 matches no array's length.
  const double length = static_cast<double>(rows) * static_cast<double>(cols);
  if (static_cast<double>(a.ElementLength()) != length) {
    throw Napi::RangeError::New(env, name + ": expected " + number_text(env, length) + " values (a " + std::to_string(rows) + " x " + std::to_string(cols) +
                                         " block), got " + std::to_string(a.ElementLength()));
  }
  return a;
}

Napi::Float64Array session_vector(Napi::Env env, const Napi::Value& value, const std::string& name, size_t length) {
  auto a = float64_array_arg(env, value, name);
  if (a.ElementLength() != length) {
    throw Napi::RangeError::New(env, name + ": expected " + std::to_string(length) + " values, got " + std::to_string(a.ElementLength()));
  }
  const double* x = a.Data();
  for (size_t i = 0; i < length; i++) {
    if (!std::isfinite(x[i])) throw Napi::RangeError::New(env, name + ": expected finite values, got " + number_text(env, x[i]) + " at index " + std::to_string(i));
  }
  return a;
}

FilterPlanArg filter_plan_arg(Napi::Env env, const Napi::Value& value) {
  if (value.Type() != napi_object) throw Napi::TypeError::New(env, std::string("plan: expected an object { degree, edge, top }, got ") + type_name(value));
  const Napi::Object plan = value.As<Napi::Object>();
  const size_t degree = session_integer(env, plan.Get("degree"), "plan.degree", 1, kMaxSessionFilterDegree);
  const double edge = finite_arg(env, plan.Get("edge"), "plan.edge");
  const double top = finite_arg(env, plan.Get("top"), "plan.top");
  if (edge > 0 && !(top > edge)) {
    throw Napi::RangeError::New(env, "plan.top: expected a number > plan.edge (" + number_text(env, edge) + ") when plan.edge > 0, got " + number_text(env, top));
  }
  return {static_cast<int>(degree), edge, top};
}

bool fast_precision_arg(Napi::Env env, const Napi::Value& value) {
  if (!value.IsString()) throw Napi::TypeError::New(env, std::string("precision: expected 'fast' or 'exact', got ") + type_name(value));
  const std::string text = value.As<Napi::String>().Utf8Value();
  if (text != "fast" && text != "exact") throw Napi::RangeError::New(env, "precision: expected 'fast' or 'exact', got '" + text + "'");
  return text == "fast";
}

double max_norm_arg(Napi::Env env, const Napi::Value& value) {
  const double x = number_arg(env, value, "maxNorm");
  if (!(std::isfinite(x) && x > 0)) throw Napi::RangeError::New(env, "maxNorm: expected a finite number > 0, got " + number_text(env, x));
  return x;
}

uint64_t seed_arg(Napi::Env env, const Napi::Value& value) {
  const double x = number_arg(env, value, "seed");
  if (!(std::isfinite(x) && std::floor(x) == x)) throw Napi::RangeError::New(env, "seed: expected an integer, got " + number_text(env, x));
  if (std::fabs(x) < 0x1p63) return static_cast<uint64_t>(static_cast<int64_t>(x));
  // |x| >= 2^63 is a multiple of 2^11: its remainder modulo 2^64, and that plus 2^64, are exact.
  double r = std::fmod(x, 0x1p64);
  if (r < 0) r += 0x1p64;
  return r >= 0x1p63 ? static_cast<uint64_t>(r - 0x1p63) + (uint64_t{1} << 63) : static_cast<uint64_t>(r);
}

void check_positive_ritz_values(Napi::Env env, size_t count, size_t positive) {
  if (count > positive) {
    const std::string p = std::to_string(positive);
    throw Napi::RangeError::New(env, "count: expected at most " + p + " (the Ritz values from index " + p + " on are not > 0), got " + std::to_string(count));
  }
}

}  // namespace sg
