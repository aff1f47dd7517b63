// The module: tensor handles, step programs, linear algebra and what the build contains.
#include <napi.h>

#include <stdexcept>
#include <string>

#include "../generated/kernels.h"
#include "cuda_api.h"
#include "napi_linalg.h"
#include "napi_spectral.h"
#include "napi_step.h"
#include "napi_tensor.h"
#include "thread_pool.h"

namespace sg {
namespace {

// buildInfo() -> { cuda: boolean, cudaMissingReason?: string, cudaRuntimeVersion?: number, kernels: string[] }
Napi::Value BuildInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("cuda", Napi::Boolean::New(env, SG_WITH_CUDA != 0));
#if SG_WITH_CUDA
  out.Set("cudaRuntimeVersion", Napi::Number::New(env, cuda_runtime_version()));
#else
  out.Set("cudaMissingReason", Napi::String::New(env, SG_CUDA_MISSING_REASON));
#endif
  Napi::Array keys = Napi::Array::New(env, gen::kKernelCount);
  for (int i = 0; i < gen::kKernelCount; i++) keys.Set(static_cast<uint32_t>(i), Napi::String::New(env, gen::kKernelKeys[i]));
  out.Set("kernels", keys);
  return out;
}

// cudaDevices() -> { count, message, devices: [{ name, major, minor, memory }] }
Napi::Value CudaDevices(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  Napi::Array devices = Napi::Array::New(env);
  std::string message = SG_CUDA_MISSING_REASON;
  int count = 0;
#if SG_WITH_CUDA
  message.clear();
  count = cuda_device_count(&message);
  for (int d = 0; d < count; d++) {
    const CudaDeviceInfo di = cuda_device_info(d);
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", di.name);
    o.Set("major", di.major);
    o.Set("minor", di.minor);
    o.Set("memory", static_cast<double>(di.memory));
    devices.Set(static_cast<uint32_t>(d), o);
  }
#endif
  out.Set("count", count);
  out.Set("message", message);
  out.Set("devices", devices);
  return out;
}

Napi::Value LiveTensors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const LiveStats s = live_stats();
  Napi::Object out = Napi::Object::New(env);
  out.Set("count", static_cast<double>(s.count));
  out.Set("bytes", static_cast<double>(s.bytes));
  return out;
}

Napi::Value Threads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(ThreadPool::instance().width()));
}

Napi::Value Synchronize(const Napi::CallbackInfo& info) {
#if SG_WITH_CUDA
  std::string message;
  if (cuda_device_count(&message) > 0) {
    try {
      cuda_synchronize();
    } catch (const std::exception& e) {
      throw Napi::Error::New(info.Env(), std::string("synchronize: ") + e.what());
    }
  }
#endif
  return info.Env().Undefined();
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("TensorHandle", TensorHandle::Define(env));
  exports.Set("StepProgram", StepProgramWrap::Define(env));
  exports.Set("buildInfo", Napi::Function::New<BuildInfo>(env, "buildInfo"));
  exports.Set("cudaDevices", Napi::Function::New<CudaDevices>(env, "cudaDevices"));
  exports.Set("liveTensors", Napi::Function::New<LiveTensors>(env, "liveTensors"));
  exports.Set("threads", Napi::Function::New<Threads>(env, "threads"));
  exports.Set("synchronize", Napi::Function::New<Synchronize>(env, "synchronize"));
  define_linalg(env, exports);
  define_spectral(env, exports);
  return exports;
}

}  // namespace sg

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return sg::Init(env, exports); }

NODE_API_MODULE(stablegrad_native, InitModule)
