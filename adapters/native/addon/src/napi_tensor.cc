#include "napi_tensor.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "cpu_linalg.h"
#include "cpu_step.h"
#include "cuda_api.h"

namespace sg {

Napi::Function TensorHandle::Define(Napi::Env env) {
  return DefineClass(env, "TensorHandle",
                     {InstanceAccessor<&TensorHandle::Id>("id"), InstanceMethod<&TensorHandle::Write>("write"),
                      InstanceMethod<&TensorHandle::Read>("read"), InstanceMethod<&TensorHandle::CopyFrom>("copyFrom"),
                      InstanceMethod<&TensorHandle::FindNonFinite>("findNonFinite"),
                      InstanceMethod<&TensorHandle::Dispose>("dispose")});
}

TensorHandle::TensorHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TensorHandle>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsNumber() || !info[2].IsNumber()) {
    Napi::TypeError::New(env, "TensorHandle: expected (device, dtype, length) numbers").ThrowAsJavaScriptException();
    return;
  }
  const int device = info[0].As<Napi::Number>().Int32Value();
  const int dtype = info[1].As<Napi::Number>().Int32Value();
  const double length = info[2].As<Napi::Number>().DoubleValue();
  if ((device != 0 && device != 1) || (dtype != 0 && dtype != 1) || !(length >= 0) || length != static_cast<double>(static_cast<size_t>(length))) {
    Napi::RangeError::New(env, "TensorHandle: expected device 0 or 1, dtype 0 or 1 and a non-negative integer length").ThrowAsJavaScriptException();
    return;
  }
  try {
    s_ = create_storage(static_cast<Device>(device), static_cast<DType>(dtype), static_cast<size_t>(length));
  } catch (const std::exception& e) {
    Napi::Error::New(env, std::string("tensor: ") + e.what()).ThrowAsJavaScriptException();
  }
}

TensorHandle::~TensorHandle() {
  if (s_ == nullptr) return;
  if (s_->pending > 0) orphan_storage(s_);
  else release_storage(s_);
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
  Storage* s = value.IsNumber() ? find_storage(static_cast<uint64_t>(value.As<Napi::Number>().DoubleValue())) : nullptr;
  if (s == nullptr) throw Napi::Error::New(env, std::string(what) + ": the tensor has been disposed");
  check_not_pending(env, s, what);
  return s;
}

Napi::Value TensorHandle::Id(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), s_ == nullptr ? 0 : static_cast<double>(s_->id));
}

Napi::Value TensorHandle::Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* s = usable(env);
  const bool f32 = s->dtype == DType::F32;
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != (f32 ? napi_float32_array : napi_float64_array)) {
    throw Napi::TypeError::New(env, std::string("data: expected a ") + (f32 ? "Float32Array" : "Float64Array"));
  }
  auto array = info[0].As<Napi::TypedArray>();
  if (array.ElementLength() != s->length) {
    throw Napi::RangeError::New(env, "data: expected " + std::to_string(s->length) + " elements, got " + std::to_string(array.ElementLength()));
  }
  const void* src = static_cast<const char*>(array.ArrayBuffer().Data()) + array.ByteOffset();
  try {
    if (s->device == Device::Cpu) std::memcpy(s->data, src, s->bytes());
#if SG_WITH_CUDA
    else cuda_upload(s->data, src, s->bytes());
#endif
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("tensor: ") + e.what());
  }
  return env.Undefined();
}

Napi::Value TensorHandle::Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* s = usable(env);
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, s->bytes());
  try {
    if (s->device == Device::Cpu) std::memcpy(buffer.Data(), s->data, s->bytes());
#if SG_WITH_CUDA
    else cuda_download(buffer.Data(), s->data, s->bytes());
#endif
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("tensor: ") + e.what());
  }
  if (s->dtype == DType::F32) return Napi::Float32Array::New(env, s->length, buffer, 0);
  return Napi::Float64Array::New(env, s->length, buffer, 0);
}

Napi::Value TensorHandle::CopyFrom(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* dst = usable(env);
  Storage* src = storage_arg(env, info[0], "source");
  if (src->device != dst->device || src->dtype != dst->dtype || src->length != dst->length) {
    throw Napi::RangeError::New(env, "source: expected a tensor of the same device, dtype and length");
  }
  try {
    if (dst->device == Device::Cpu) cpu_copy(dst->data, src->data, dst->bytes());
#if SG_WITH_CUDA
    else cuda_copy(dst->data, src->data, dst->bytes());
#endif
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("tensor: ") + e.what());
  }
  return env.Undefined();
}

Napi::Value TensorHandle::FindNonFinite(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Storage* s = usable(env);
  long long index = -1;
  try {
    if (s->device == Device::Cpu) index = cpu_find_non_finite(s->data, s->dtype, s->length);
#if SG_WITH_CUDA
    else index = cuda_find_non_finite(s->data, s->dtype, s->length);
#endif
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("tensor: ") + e.what());
  }
  return Napi::Number::New(env, static_cast<double>(index));
}

Napi::Value TensorHandle::Dispose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (s_ == nullptr) return env.Undefined();
  check_not_pending(env, s_, "tensor");
  release_storage(s_);
  s_ = nullptr;
  return env.Undefined();
}

}  // namespace sg
