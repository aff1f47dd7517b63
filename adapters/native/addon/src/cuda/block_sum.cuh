// The sum of one double per thread over a block of Threads threads (a power of two, the
// block's size), by halving in shared memory. Every thread of the block must call it; every
// thread gets the sum.
#pragma once

namespace sg {

template <int Threads>
__device__ double block_sum(double value) {
  __shared__ double s[Threads];
  s[threadIdx.x] = value;
  __syncthreads();
  for (int w = Threads / 2; w > 0; w /= 2) {
    if (threadIdx.x < w) s[threadIdx.x] += s[threadIdx.x + w];
    __syncthreads();
  }
  return s[0];
}

}  // namespace sg
