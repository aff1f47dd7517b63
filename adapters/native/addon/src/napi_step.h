// Step programs as JavaScript sees them: one synchronous or asynchronous call per step.
#pragma once

#include <napi.h>

#include <cstdint>
#include <vector>

#include "step_program.h"
#include "storage.h"

namespace sg {

// What one step call needs, gathered on the JavaScript thread.
struct StepCall {
  std::vector<GroupPointers> groups;
  std::vector<Storage*> storages;
  std::vector<double> scalars;
};

// A compiled step: `run(ids, scalars)` updates every group in one call; `runAsync` does the same
// on a worker thread and returns a Promise.
class StepProgramWrap : public Napi::ObjectWrap<StepProgramWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit StepProgramWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value Run(const Napi::CallbackInfo& info);
  Napi::Value RunAsync(const Napi::CallbackInfo& info);
  // The call's checked tensors and scalars: those of the previous call when it had the same ids,
  // no storage has been freed since and none is held by a pending async step.
  const StepCall& Prepare(const Napi::CallbackInfo& info);

  StepProgram program_;
  Device device_ = Device::Cpu;
  DType dtype_ = DType::F32;
  StepCall last_;
  std::vector<double> last_ids_;
  uint64_t last_unregistered_ = 0;
};

}  // namespace sg
