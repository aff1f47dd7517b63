// One optimizer step over a whole parameter set on the CPU.
#pragma once

#include <vector>

#include "step_program.h"
#include "storage.h"

namespace sg {

// Runs `p` over every group in `dtype`, with the per-step scalars in float64 (rounded to the
// element type once). A small step runs on the calling thread alone; a larger one is split into
// chunks that the thread pool shares out.
void cpu_step(const StepProgram& p, DType dtype, const std::vector<GroupPointers>& groups, const double* scalars);

// Copies `bytes` bytes from `src` to `dst` (not overlapping) with the thread pool, in chunks.
void cpu_copy(void* dst, const void* src, size_t bytes);

}  // namespace sg
