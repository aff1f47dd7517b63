// Tensor handles as JavaScript sees them, and id lookups for the calls that take tensor ids.
#pragma once

#include <napi.h>

#include "storage.h"

namespace sg {

// A JavaScript object that owns one Storage: upload, download, dispose; freed by the garbage
// collector when it is dropped undisposed. Every allocation is reported to V8 as external memory
// (napi_adjust_external_memory) and every free takes it back, so the garbage collector sees the
// native memory that dropped handles hold and collects them under memory pressure.
class TensorHandle : public Napi::ObjectWrap<TensorHandle> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit TensorHandle(const Napi::CallbackInfo& info);
  ~TensorHandle() override;

 private:
  Napi::Value Id(const Napi::CallbackInfo& info);
  Napi::Value Write(const Napi::CallbackInfo& info);
  Napi::Value ReadInto(const Napi::CallbackInfo& info);
  Napi::Value CopyFrom(const Napi::CallbackInfo& info);
  Napi::Value FindNonFinite(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);
  Storage* usable(Napi::Env env);

  Storage* s_ = nullptr;
  napi_env env_ = nullptr;
};

// The storage with tensor id `value` (a number), ready for use: throws a JavaScript Error naming
// `what` when it was disposed or is in use by a pending async step.
Storage* storage_arg(Napi::Env env, const Napi::Value& value, const char* what);

// Throws unless the storage is free to use (not held by a pending async step).
void check_not_pending(Napi::Env env, const Storage* s, const char* what);

// Frees `s` (release_storage) and takes its bytes back from V8's count of external memory.
void free_storage(napi_env env, Storage* s);

}  // namespace sg
