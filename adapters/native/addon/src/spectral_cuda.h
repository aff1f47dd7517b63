// The spectral session on a CUDA device (cuda/cuda_spectral.cu, built with nvcc when it is found).
#pragma once

#include "../generated/build_config.h"
#include "spectral_session.h"

#if SG_WITH_CUDA
namespace sg {

// A session for W (m x n, row-major, float32 or float64) in device memory; W is copied (to
// float64, on the device) and not read afterwards.
std::unique_ptr<SpectralSession> make_cuda_spectral_session(const Storage& W, size_t m, size_t n, uint64_t seed);

}  // namespace sg
#endif
