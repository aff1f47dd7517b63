#include "napi_step.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "../generated/kernels.h"
#include "cpu_step.h"
#include "cuda_api.h"
#include "napi_args.h"
#include "napi_tensor.h"

namespace sg {
namespace {

// Inputs, outputs and scalars of each generated kernel, to check a program against the kernel
// it names.
struct KernelShape {
  int inputs;
  int outputs;
  int scalars;
};
#define SG_KERNEL_SHAPE(index, Kernel) {gen::Kernel::inputs, gen::Kernel::outputs, gen::Kernel::scalars},
const KernelShape kKernelShapes[] = {SG_FOR_EACH_KERNEL(SG_KERNEL_SHAPE)};
#undef SG_KERNEL_SHAPE

template <typename A>
A typed_arg(Napi::Env env, const Napi::Value& v, napi_typedarray_type type, const char* what, const char* expected) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) {
    throw Napi::TypeError::New(env, std::string(what) + ": expected " + expected);
  }
  return v.As<A>();
}

// Checks every tensor id (registered, free, on `device`, of `dtype`, of the group's parameter's
// length) and gathers the groups' pointers.
StepCall gather(Napi::Env env, const StepProgram& p, Device device, DType dtype, const double* ids, size_t length) {
  const size_t io = static_cast<size_t>(p.io());
  if (length % io != 0) {
    throw Napi::RangeError::New(env, "ids: expected " + std::to_string(io) + " tensor ids per group, got " + std::to_string(length));
  }
  StepCall call;
  const size_t count = length / io;
  call.groups.resize(count);
  call.storages.reserve(length);
  for (size_t g = 0; g < count; g++) {
    GroupPointers& gp = call.groups[g];
    for (size_t j = 0; j < io; j++) {
      const auto what = [&] { return "group " + std::to_string(g) + " tensor " + std::to_string(j); };
      const uint64_t id = tensor_id(ids[g * io + j]);
      if (id == 0) throw Napi::TypeError::New(env, what() + ": expected a tensor id");
      Storage* s = find_storage(id);
      if (s == nullptr) throw Napi::Error::New(env, what() + ": the tensor has been disposed");
      if (s->pending > 0) check_not_pending(env, s, what().c_str());
      if (s->device != device) throw Napi::Error::New(env, what() + ": the tensor is on another device");
      if (s->dtype != dtype) throw Napi::Error::New(env, what() + ": the tensor has another dtype");
      if (j == 0) gp.n = s->length;
      else if (s->length != gp.n) throw Napi::RangeError::New(env, what() + ": expected " + std::to_string(gp.n) + " elements (the parameter's)");
      if (j < static_cast<size_t>(p.inputs)) gp.in[j] = s->data;
      else gp.out[j - p.inputs] = s->data;
      call.storages.push_back(s);
    }
  }
  return call;
}

void execute(const StepProgram& p, Device device, DType dtype, const StepCall& call, bool synchronize) {
  if (device == Device::Cpu) {
    cpu_step(p, dtype, call.groups, call.scalars.data());
    return;
  }
#if SG_WITH_CUDA
  cuda_step(p, dtype, call.groups, call.scalars.data());
  if (synchronize) cuda_synchronize();
#else
  (void)synchronize;
  throw std::runtime_error("this build of the addon has no CUDA support");
#endif
}

class StepWorker : public Napi::AsyncWorker {
 public:
  StepWorker(Napi::Env env, const StepProgram& p, Device device, DType dtype, StepCall call)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), program_(p), device_(device), dtype_(dtype), call_(std::move(call)) {
    for (Storage* s : call_.storages) s->pending += 1;
  }

  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute() override {
    try {
      execute(program_, device_, dtype_, call_, true);
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }

  void OnOK() override {
    finish();
    deferred_.Resolve(Env().Undefined());
  }

  void OnError(const Napi::Error& e) override {
    finish();
    deferred_.Reject(e.Value());
  }

 private:
  void finish() {
    for (Storage* s : call_.storages) {
      s->pending -= 1;
      if (s->orphaned && s->pending == 0) free_storage(Env(), s);
    }
  }

  Napi::Promise::Deferred deferred_;
  StepProgram program_;
  Device device_;
  DType dtype_;
  StepCall call_;
};

}  // namespace

Napi::Function StepProgramWrap::Define(Napi::Env env) {
  return DefineClass(env, "StepProgram", {InstanceMethod<&StepProgramWrap::Run>("run"), InstanceMethod<&StepProgramWrap::RunAsync>("runAsync")});
}

// new StepProgram(code: Int32Array, literals: Float64Array, outputs: Int32Array, inputs, scalars,
//                 kernel, device, dtype)
StepProgramWrap::StepProgramWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<StepProgramWrap>(info) {
  Napi::Env env = info.Env();
  auto code = typed_arg<Napi::Int32Array>(env, info[0], napi_int32_array, "code", "an Int32Array");
  auto literals = typed_arg<Napi::Float64Array>(env, info[1], napi_float64_array, "literals", "a Float64Array");
  auto outputs = typed_arg<Napi::Int32Array>(env, info[2], napi_int32_array, "outputs", "an Int32Array");
  const size_t inputs = count_arg(env, info[3], "inputs");
  const size_t scalars = count_arg(env, info[4], "scalars");
  if (!info[5].IsNumber()) throw Napi::TypeError::New(env, "kernel: expected a number");
  const double kernel = info[5].As<Napi::Number>().DoubleValue();
  device_ = device_arg(env, info[6], "device");
  dtype_ = dtype_arg(env, info[7], "dtype");
  if (inputs < 1 || inputs + outputs.ElementLength() > static_cast<size_t>(kMaxIo) || scalars > static_cast<size_t>(kMaxScalars)) {
    throw Napi::RangeError::New(env, "program: at least 1 input, at most " + std::to_string(kMaxIo) + " inputs and outputs and " + std::to_string(kMaxScalars) +
                                         " scalars are supported");
  }
  if (code.ElementLength() % 3 != 0 || code.ElementLength() / 3 > static_cast<size_t>(kMaxInstructions)) {
    throw Napi::RangeError::New(env, "program: expected 3 integers per instruction and at most " + std::to_string(kMaxInstructions) + " instructions");
  }
  if (!(kernel >= -1 && kernel < gen::kKernelCount && kernel == static_cast<double>(static_cast<int>(kernel)))) {
    throw Napi::RangeError::New(env, "kernel: no generated kernel with this index");
  }
  program_.code.assign(code.Data(), code.Data() + code.ElementLength());
  program_.literals.assign(literals.Data(), literals.Data() + literals.ElementLength());
  program_.outputs.assign(outputs.Data(), outputs.Data() + outputs.ElementLength());
  program_.inputs = static_cast<int>(inputs);
  program_.scalars = static_cast<int>(scalars);
  program_.kernel = static_cast<int>(kernel);
  if (program_.kernel >= 0) {
    const KernelShape& k = kKernelShapes[program_.kernel];
    if (k.inputs != program_.inputs || k.outputs != static_cast<int>(program_.outputs.size()) || k.scalars != program_.scalars) {
      throw Napi::RangeError::New(env, "kernel: the generated kernel has other inputs, outputs or scalars than the program");
    }
  }
  const size_t count = program_.instructions();
  // Operands must refer to earlier instructions and existing inputs, scalars and literals.
  for (size_t i = 0; i < count; i++) {
    const int32_t op = program_.code[3 * i], a = program_.code[3 * i + 1], b = program_.code[3 * i + 2];
    const bool earlier_a = a >= 0 && static_cast<size_t>(a) < i;
    const bool ok = op == kInput                  ? a >= 0 && a < program_.inputs
                    : op == kScalar                ? a >= 0 && a < program_.scalars
                    : op == kLiteral               ? a >= 0 && static_cast<size_t>(a) < program_.literals.size()
                    : op >= kAdd && op <= kMax     ? earlier_a && b >= 0 && static_cast<size_t>(b) < i
                    : op >= kSqrt && op <= kAbs    ? earlier_a
                                                   : false;
    if (!ok) throw Napi::RangeError::New(env, "program: instruction " + std::to_string(i) + " is malformed");
  }
  for (int32_t v : program_.outputs) {
    if (v < 0 || static_cast<size_t>(v) >= count) throw Napi::RangeError::New(env, "program: an output refers to no instruction");
  }
}

const StepCall& StepProgramWrap::Prepare(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto ids = typed_arg<Napi::Float64Array>(env, info[0], napi_float64_array, "ids", "a Float64Array of tensor ids");
  auto scalars = typed_arg<Napi::Float64Array>(env, info[1], napi_float64_array, "scalars", "a Float64Array");
  if (scalars.ElementLength() != static_cast<size_t>(program_.scalars)) {
    throw Napi::RangeError::New(env, "scalars: expected " + std::to_string(program_.scalars) + " values, got " + std::to_string(scalars.ElementLength()));
  }
  const double* id = ids.Data();
  const size_t length = ids.ElementLength();
  bool same = length == last_ids_.size() && unregistered_count() == last_unregistered_ && std::equal(id, id + length, last_ids_.begin());
  for (size_t i = 0; same && i < last_.storages.size(); i++) same = last_.storages[i]->pending == 0;
  if (!same) {
    last_ = gather(env, program_, device_, dtype_, id, length);
    last_ids_.assign(id, id + length);
    last_unregistered_ = unregistered_count();
  }
  last_.scalars.assign(scalars.Data(), scalars.Data() + program_.scalars);
  return last_;
}

Napi::Value StepProgramWrap::Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const StepCall& call = Prepare(info);
  try {
    execute(program_, device_, dtype_, call, false);
  } catch (...) {
    rethrow_as_js(env, "step");
  }
  return env.Undefined();
}

Napi::Value StepProgramWrap::RunAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* worker = new StepWorker(env, program_, device_, dtype_, Prepare(info));
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

}  // namespace sg
