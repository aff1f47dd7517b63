#include "napi_linalg.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cpu_linalg.h"
#include "cuda_api.h"
#include "napi_args.h"
#include "napi_tensor.h"
#include "sizes.h"

namespace sg {
namespace {


template <typename F>
auto guarded(Napi::Env env, F f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("linalg: ") + e.what());
  }
}

void check_pair(Napi::Env env, const Storage* dst, const Storage* src) {
  if (dst->device != src->device || dst->dtype != src->dtype || dst->length != src->length) {
    throw Napi::RangeError::New(env, "out: expected a tensor of the input's device, dtype and length");
  }
}

// sumOfSquares(id)
Napi::Value SumOfSquares(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* s = storage_arg(env, info[0], "t");
  const double sum = guarded(env, [&] {
#if SG_WITH_CUDA
    if (s->device == Device::Cuda) return cuda_sum_of_squares(s->data, s->dtype, s->length);
#endif
    return cpu_sum_of_squares(s->data, s->dtype, s->length);
  });
  return Napi::Number::New(env, sum);
}

// scale(outId, id, factor)
Napi::Value Scale(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* dst = storage_arg(env, info[0], "out");
  Storage* src = storage_arg(env, info[1], "t");
  check_pair(env, dst, src);
  if (!info[2].IsNumber()) throw Napi::TypeError::New(env, "factor: expected a number");
  const double factor = info[2].As<Napi::Number>().DoubleValue();
  guarded(env, [&] {
#if SG_WITH_CUDA
    if (src->device == Device::Cuda) return cuda_scale(dst->data, src->data, src->dtype, src->length, factor);
#endif
    return cpu_scale(dst->data, src->data, src->dtype, src->length, factor);
  });
  return env.Undefined();
}

// multiply(id, m, n, X, k, transposed, out): out = W X (or W^T X), an `m x k` (or `n x k`)
// block the caller allocated, so that a result too large to hold is a JavaScript RangeError, not
// an allocation failure inside V8. An empty W or k = 0 leaves zeros without touching a dimension.
Napi::Value Multiply(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* w = storage_arg(env, info[0], "W");
  const size_t m = count_arg(env, info[1], "m");
  const size_t n = count_arg(env, info[2], "n");
  const size_t k = count_arg(env, info[4], "k");
  const bool transposed = info[5].ToBoolean().Value();
  check_matrix(env, m, n, w->length, "W");
  size_t in_length = 0;
  size_t out_length = 0;
  if (!checked_mul(transposed ? m : n, k, &in_length) || !checked_mul(transposed ? n : m, k, &out_length)) {
    throw Napi::RangeError::New(env, "k: the blocks would have more elements than can be held");
  }
  auto X = block_arg(env, info[3], transposed ? "Y" : "X", in_length);
  auto out = block_arg(env, info[6], "out", out_length);
  std::fill(out.Data(), out.Data() + out_length, 0.0);
  if (w->length == 0 || k == 0) return env.Undefined();
  guarded(env, [&] {
#if SG_WITH_CUDA
    if (w->device == Device::Cuda) return cuda_multiply(w->data, w->dtype, m, n, X.Data(), k, out.Data(), transposed);
#endif
    return cpu_multiply(w->data, w->dtype, m, n, X.Data(), k, out.Data(), transposed);
  });
  return env.Undefined();
}

// lowRankUpdate(outId, id, m, n, U, d, V)
Napi::Value LowRankUpdate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* dst = storage_arg(env, info[0], "out");
  Storage* w = storage_arg(env, info[1], "W");
  check_pair(env, dst, w);
  const size_t m = count_arg(env, info[2], "m");
  const size_t n = count_arg(env, info[3], "n");
  check_matrix(env, m, n, w->length, "W");
  if (!info[5].IsTypedArray()) throw Napi::TypeError::New(env, "d: expected a Float64Array");
  const size_t k = info[5].As<Napi::TypedArray>().ElementLength();
  auto d = block_arg(env, info[5], "d", k);
  size_t u_length = 0;
  size_t v_length = 0;
  if (!checked_mul(m, k, &u_length) || !checked_mul(n, k, &v_length)) throw Napi::RangeError::New(env, "d: the blocks would have more elements than can be held");
  auto U = block_arg(env, info[4], "U", u_length);
  auto V = block_arg(env, info[6], "V", v_length);
  // An empty W has an empty result, whatever its dimensions.
  if (w->length == 0) return env.Undefined();
  guarded(env, [&] {
#if SG_WITH_CUDA
    if (w->device == Device::Cuda) return cuda_low_rank_update(dst->data, w->data, w->dtype, m, n, U.Data(), d.Data(), V.Data(), k);
#endif
    return cpu_low_rank_update(dst->data, w->data, w->dtype, m, n, U.Data(), d.Data(), V.Data(), k);
  });
  return env.Undefined();
}

}  // namespace

Napi::Float64Array block_arg(Napi::Env env, const Napi::Value& v, const char* what, size_t length) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    throw Napi::TypeError::New(env, std::string(what) + ": expected a Float64Array");
  }
  auto a = v.As<Napi::Float64Array>();
  if (a.ElementLength() != length) {
    throw Napi::RangeError::New(env, std::string(what) + ": expected " + std::to_string(length) + " values, got " + std::to_string(a.ElementLength()));
  }
  return a;
}

void define_linalg(Napi::Env env, Napi::Object exports) {
  exports.Set("sumOfSquares", Napi::Function::New<SumOfSquares>(env, "sumOfSquares"));
  exports.Set("scale", Napi::Function::New<Scale>(env, "scale"));
  exports.Set("multiply", Napi::Function::New<Multiply>(env, "multiply"));
  exports.Set("lowRankUpdate", Napi::Function::New<LowRankUpdate>(env, "lowRankUpdate"));
}

}  // namespace sg
