#include "napi_tensor.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "cpu_linalg.h"
#include "cpu_step.h"
#include "cuda_api.h"
#include "napi_args.h"

namespace sg {
namespace {

// Adds `bytes` (negative: takes back) to what V8 counts as external memory. It only fails for
// an invalid env, and a failure changes nothing: it is ignored rather than made fatal.
void report_external(napi_env env, int64_t bytes) {
  if (bytes == 0) return;
  int64_t total = 0;
  napi_adjust_external_memory(env, bytes, &total);
}

// The typed array a tensor of `s`'s dtype and length reads from or writes to, or a TypeError or
// RangeError naming `what`.
Napi::TypedArray array_arg(Napi::Env env, const Napi::Value& value, const Storage* s, const char* what) {
  const bool f32 = s->dtype == DType::F32;
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != (f32 ? napi_float32_array : napi_float64_array)) {
    throw Napi::TypeError::New(env, std::string(what) + ": expected a " + (f32 ? "Float32Array" : "Float64Array"));
  }
  auto array = value.As<Napi::TypedArray>();
  if (array.ElementLength() != s->length) {
    throw Napi::RangeError::New(env, std::string(what) + ": expected " + std::to_string(s->length) + " elements, got " + std::to_string(array.ElementLength()));
  }
  return array;
}

// The first element of a typed array of float32 or float64.
void* elements(const Napi::TypedArray& array) {
  if (array.TypedArrayType() == napi_float32_array) return array.As<Napi::Float32Array>().Data();
  return array.As<Napi::Float64Array>().Data();
}

}  // namespace

Napi::Function TensorHandle::Define(Napi::Env env) {
  return DefineClass(env, "TensorHandle",
                     {InstanceAccessor<&TensorHandle::Id>("id"), InstanceMethod<&TensorHandle::Write>("write"),
                      InstanceMethod<&TensorHandle::ReadInto>("readInto"), InstanceMethod<&TensorHandle::CopyFrom>("copyFrom"),
                      InstanceMethod<&TensorHandle::FindNonFinite>("findNonFinite"),
                      InstanceMethod<&TensorHandle::Dispose>("dispose")});
}

// new TensorHandle(device, dtype, length)
TensorHandle::TensorHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TensorHandle>(info), env_(info.Env()) {
  Napi::Env env = info.Env();
  const Device device = device_arg(env, info[0], "device");
  const DType dtype = dtype_arg(env, info[1], "dtype");
  const size_t length = count_arg(env, info[2], "length");
  try {
    s_ = create_storage(device, dtype, length);
  } catch (...) {
    rethrow_as_js(env, "tensor");
  }
  report_external(env_, static_cast<int64_t>(s_->bytes()));
}

TensorHandle::~TensorHandle() {
  if (s_ == nullptr) return;
  if (s_->pending > 0) orphan_storage(s_);
  else free_storage(env_, s_);
}

void free_storage(napi_env env, Storage* s) {
  const auto bytes = static_cast<int64_t>(s->bytes());
  release_storage(s);
  report_external(env, -bytes);
}

void check_not_pending(Napi::Env env, const Storage* s, const char* what) {
  if (s->pending > 0) {
    throw Napi::Error::New(env, std::string(what) + ": the tensor is in use by a pending async step; await it first");
  }
}

Storage* TensorHandle::usable(Napi::Env env) {
  if (s_ == nullptr) throw Napi::Error::New(env, "tensor: the tensor has been disposed");
  check_not_pending(env, s_, "tensor");
  return s_;
}

Storage* storage_arg(Napi::Env env, const Napi::Value& value, const char* what) {
  const uint64_t id = tensor_id(value);
  if (id == 0) throw Napi::TypeError::New(env, std::string(what) + ": expected a tensor id");
  Storage* s = find_storage(id);
  if (s == nullptr) throw Napi::Error::New(env, std::string(what) + ": the tensor has been disposed");
  check_not_pending(env, s, what);
  return s;
}

Napi::Value TensorHandle::Id(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), s_ == nullptr ? 0 : static_cast<double>(s_->id));
}

// write(data): copies `data` (of the tensor's dtype and length) into the tensor.
Napi::Value TensorHandle::Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* s = usable(env);
  auto array = array_arg(env, info[0], s, "data");
  if (s->length == 0) return env.Undefined();
  try {
    if (s->device == Device::Cpu) std::memcpy(s->data, elements(array), s->bytes());
#if SG_WITH_CUDA
    else cuda_upload(s->data, elements(array), s->bytes());
#endif
  } catch (...) {
    rethrow_as_js(env, "tensor");
  }
  return env.Undefined();
}

// readInto(out): copies the tensor into `out`, a typed array of its dtype and length allocated by
// the caller (so that a length JavaScript cannot hold fails there, as a RangeError).
Napi::Value TensorHandle::ReadInto(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* s = usable(env);
  auto array = array_arg(env, info[0], s, "out");
  if (s->length == 0) return env.Undefined();
  try {
    if (s->device == Device::Cpu) std::memcpy(elements(array), s->data, s->bytes());
#if SG_WITH_CUDA
    else cuda_download(elements(array), s->data, s->bytes());
#endif
  } catch (...) {
    rethrow_as_js(env, "tensor");
  }
  return env.Undefined();
}

Napi::Value TensorHandle::CopyFrom(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* dst = usable(env);
  Storage* src = storage_arg(env, info[0], "source");
  if (src->device != dst->device || src->dtype != dst->dtype || src->length != dst->length) {
    throw Napi::RangeError::New(env, "source: expected a tensor of the same device, dtype and length");
  }
  if (dst->length == 0 || dst == src) return env.Undefined();
  try {
    if (dst->device == Device::Cpu) cpu_copy(dst->data, src->data, dst->bytes());
#if SG_WITH_CUDA
    else cuda_copy(dst->data, src->data, dst->bytes());
#endif
  } catch (...) {
    rethrow_as_js(env, "tensor");
  }
  return env.Undefined();
}

Napi::Value TensorHandle::FindNonFinite(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* s = usable(env);
  if (s->length == 0) return Napi::Number::New(env, -1);
  long long index = -1;
  try {
    if (s->device == Device::Cpu) index = cpu_find_non_finite(s->data, s->dtype, s->length);
#if SG_WITH_CUDA
    else index = cuda_find_non_finite(s->data, s->dtype, s->length);
#endif
  } catch (...) {
    rethrow_as_js(env, "tensor");
  }
  return Napi::Number::New(env, static_cast<double>(index));
}

Napi::Value TensorHandle::Dispose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (s_ == nullptr) return env.Undefined();
  check_not_pending(env, s_, "tensor");
  free_storage(env_, s_);
  s_ = nullptr;
  return env.Undefined();
}

}  // namespace sg
