// One optimizer step over many tensors in one kernel launch (multi-tensor apply, after PyTorch's
// MultiTensorApply.cuh): the tensors' pointers and sizes travel in the kernel's parameters, each
// block takes one chunk of one tensor, each thread 16-byte vector loads where the tensor allows.
#include <algorithm>
#include <vector>

#include "../../generated/kernels.h"
#include "../cuda_api.h"
#include "../sizes.h"
#include "cuda_check.h"

namespace sg {
namespace {

constexpr int kThreads = 256;
constexpr int kIterations = 4;
// Kernel parameter space: 32,764 bytes from CUDA 12.1 on (Volta and newer), 4,096 before.
#if CUDART_VERSION >= 12010
constexpr size_t kParamBytes = 32000;
#else
constexpr size_t kParamBytes = 4000;
#endif
// Instructions the device interpreter holds (per thread, in registers and local memory).
constexpr int kMaxDeviceInstructions = 128;
constexpr int kMaxLiterals = 32;

// The launch table for tensors with IO inputs plus outputs.
template <typename T, int IO>
struct Table {
  static constexpr int kHeader = 16 + kMaxScalars * static_cast<int>(sizeof(T)) + 2 * 1600;
  static constexpr int kMaxTensors = static_cast<int>((kParamBytes - kHeader) / (IO * sizeof(void*) + sizeof(long long) + sizeof(unsigned) + 1));
  int tensors;
  T k[kMaxScalars];
  long long n[kMaxTensors];
  unsigned first_block[kMaxTensors + 1];
  bool aligned[kMaxTensors];
  T* ptr[kMaxTensors][IO];
};

// The bytecode for the device interpreter.
struct DeviceProgram {
  int instructions;
  int inputs;
  int outputs;
  int code[3 * kMaxDeviceInstructions];
  int out[kMaxIo];
  double literals[kMaxLiterals];
};

template <typename T>
struct Vec {
  static constexpr int width = 16 / sizeof(T);
  struct alignas(16) Type {
    T v[width];
  };
};

template <typename T>
__host__ __device__ constexpr long long chunk_elements() {
  return static_cast<long long>(kThreads) * kIterations * Vec<T>::width;
}

template <typename TableT>
__device__ int tensor_of_block(const TableT& table, unsigned block) {
  int lo = 0, hi = table.tensors - 1;
  while (lo < hi) {
    const int mid = (lo + hi + 1) / 2;
    if (table.first_block[mid] <= block) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// A generated kernel K applied over one chunk per block.
template <typename T, typename K>
__global__ void __launch_bounds__(kThreads) compiled_step(const Table<T, K::inputs + K::outputs> table) {
  constexpr int W = Vec<T>::width;
  using V = typename Vec<T>::Type;
  const int t = tensor_of_block(table, blockIdx.x);
  const long long n = table.n[t];
  const long long chunk_start = static_cast<long long>(blockIdx.x - table.first_block[t]) * chunk_elements<T>();
  T k[K::scalars + 1];
  for (int j = 0; j < K::scalars; j++) k[j] = table.k[j];
  T* const* p = table.ptr[t];
  for (int it = 0; it < kIterations; it++) {
    const long long base = chunk_start + (static_cast<long long>(it) * kThreads + threadIdx.x) * W;
    if (base >= n) break;
    if (table.aligned[t] && base + W <= n) {
      V x[K::inputs];
      V y[K::outputs];
      for (int j = 0; j < K::inputs; j++) x[j] = *reinterpret_cast<const V*>(p[j] + base);
      for (int e = 0; e < W; e++) {
        T xe[K::inputs];
        T ye[K::outputs];
        for (int j = 0; j < K::inputs; j++) xe[j] = x[j].v[e];
        K::template apply<T>(xe, k, ye);
        for (int j = 0; j < K::outputs; j++) y[j].v[e] = ye[j];
      }
      for (int j = 0; j < K::outputs; j++) *reinterpret_cast<V*>(p[K::inputs + j] + base) = y[j];
    } else {
      for (long long i = base; i < base + W && i < n; i++) {
        T xe[K::inputs];
        T ye[K::outputs];
        for (int j = 0; j < K::inputs; j++) xe[j] = p[j][i];
        K::template apply<T>(xe, k, ye);
        for (int j = 0; j < K::outputs; j++) p[K::inputs + j][i] = ye[j];
      }
    }
  }
}

// Any program, one instruction at a time per element (rules the build did not generate).
template <typename T>
__global__ void __launch_bounds__(kThreads) interpreted_step(const Table<T, kMaxIo> table, const DeviceProgram prog) {
  const int t = tensor_of_block(table, blockIdx.x);
  const long long n = table.n[t];
  const long long chunk_start = static_cast<long long>(blockIdx.x - table.first_block[t]) * chunk_elements<T>();
  const long long chunk_end = chunk_start + chunk_elements<T>() < n ? chunk_start + chunk_elements<T>() : n;
  T* const* p = table.ptr[t];
  T r[kMaxDeviceInstructions];
  T y[kMaxIo];
  for (long long i = chunk_start + threadIdx.x; i < chunk_end; i += kThreads) {
    for (int s = 0; s < prog.instructions; s++) {
      const int op = prog.code[3 * s], a = prog.code[3 * s + 1], b = prog.code[3 * s + 2];
      switch (op) {
        case kInput: r[s] = p[a][i]; break;
        case kScalar: r[s] = table.k[a]; break;
        case kLiteral: r[s] = static_cast<T>(prog.literals[a]); break;
        case kAdd: r[s] = r[a] + r[b]; break;
        case kSub: r[s] = r[a] - r[b]; break;
        case kMul: r[s] = r[a] * r[b]; break;
        case kDiv: r[s] = r[a] / r[b]; break;
        case kMin: r[s] = js_min(r[a], r[b]); break;
        case kMax: r[s] = js_max(r[a], r[b]); break;
        case kSqrt: r[s] = ieee_sqrt(r[a]); break;
        case kNeg: r[s] = -r[a]; break;
        case kAbs: r[s] = js_abs(r[a]); break;
        default: break;
      }
    }
    for (int j = 0; j < prog.outputs; j++) y[j] = r[prog.out[j]];
    for (int j = 0; j < prog.outputs; j++) p[prog.inputs + j][i] = y[j];
  }
}

// Most blocks of one launch: the grid's x dimension (2^31 - 1).
constexpr unsigned long long kMaxBlocks = 2147483647ull;

// Fills tables of at most kMaxTensors groups and kMaxBlocks blocks and calls launch(table,
// blocks) for each. Empty groups take no block; a step of empty groups launches nothing.
template <typename T, int IO, typename Launch>
void for_each_table(const std::vector<GroupPointers>& groups, int inputs, const double* scalars, int nscalars, Launch launch) {
  using TableT = Table<T, IO>;
  TableT table;
  for (int j = 0; j < nscalars; j++) table.k[j] = static_cast<T>(scalars[j]);
  // Blocks a group needs (n < 2^53 by storage_bytes, so this cannot overflow); all checked before
  // anything is launched, so a step either runs whole or not at all.
  const auto blocks_of = [](const GroupPointers& gp) { return (static_cast<unsigned long long>(gp.n) + chunk_elements<T>() - 1) / chunk_elements<T>(); };
  for (const GroupPointers& gp : groups) {
    if (blocks_of(gp) > kMaxBlocks) throw SizeError("a tensor of " + std::to_string(gp.n) + " elements needs more blocks than one launch has");
  }
  size_t g = 0;
  while (g < groups.size()) {
    table.tensors = 0;
    unsigned blocks = 0;
    for (; g < groups.size() && table.tensors < TableT::kMaxTensors; g++) {
      const GroupPointers& gp = groups[g];
      if (gp.n == 0) continue;
      const unsigned long long need = blocks_of(gp);
      if (blocks + need > kMaxBlocks) break;  // the next table takes it
      const int t = table.tensors++;
      table.n[t] = static_cast<long long>(gp.n);
      table.first_block[t] = blocks;
      blocks += static_cast<unsigned>(need);
      bool aligned = true;
      for (int j = 0; j < IO; j++) {
        void* ptr = j < inputs ? gp.in[j] : (j - inputs < kMaxIo ? gp.out[j - inputs] : nullptr);
        table.ptr[t][j] = static_cast<T*>(ptr);
        aligned = aligned && (reinterpret_cast<uintptr_t>(ptr) % 16 == 0);
      }
      table.aligned[t] = aligned;
    }
    table.first_block[table.tensors] = blocks;
    if (blocks > 0) launch(table, blocks);
  }
}

template <typename T, typename K>
void launch_compiled(const std::vector<GroupPointers>& groups, const double* scalars) {
  for_each_table<T, K::inputs + K::outputs>(groups, K::inputs, scalars, K::scalars, [](const Table<T, K::inputs + K::outputs>& table, unsigned blocks) {
    compiled_step<T, K><<<blocks, kThreads>>>(table);
    cuda_check_launch("step kernel launch");
  });
}

template <typename T>
void launch_interpreted(const StepProgram& p, const std::vector<GroupPointers>& groups, const double* scalars) {
  if (p.instructions() > static_cast<size_t>(kMaxDeviceInstructions) || p.literals.size() > static_cast<size_t>(kMaxLiterals)) {
    throw std::runtime_error("the program has more than " + std::to_string(kMaxDeviceInstructions) + " instructions or " + std::to_string(kMaxLiterals) +
                             " literals, more than the CUDA interpreter holds");
  }
  DeviceProgram prog{};
  prog.instructions = static_cast<int>(p.instructions());
  prog.inputs = p.inputs;
  prog.outputs = static_cast<int>(p.outputs.size());
  std::copy(p.code.begin(), p.code.end(), prog.code);
  std::copy(p.outputs.begin(), p.outputs.end(), prog.out);
  std::copy(p.literals.begin(), p.literals.end(), prog.literals);
  // Unused table slots point nowhere and are never read: only the program's inputs and outputs are.
  for_each_table<T, kMaxIo>(groups, p.inputs, scalars, p.scalars, [&](const Table<T, kMaxIo>& table, unsigned blocks) {
    interpreted_step<T><<<blocks, kThreads>>>(table, prog);
    cuda_check_launch("interpreter kernel launch");
  });
}

template <typename T>
void step_typed(const StepProgram& p, const std::vector<GroupPointers>& groups, const double* scalars) {
  switch (p.kernel) {
#define SG_CUDA_CASE(index, Kernel) \
  case index:                       \
    return launch_compiled<T, gen::Kernel>(groups, scalars);
    SG_FOR_EACH_KERNEL(SG_CUDA_CASE)
#undef SG_CUDA_CASE
    default:
      return launch_interpreted<T>(p, groups, scalars);
  }
}

}  // namespace

void cuda_step(const StepProgram& p, DType dtype, const std::vector<GroupPointers>& groups, const double* scalars) {
  if (dtype == DType::F32) step_typed<float>(p, groups, scalars);
  else step_typed<double>(p, groups, scalars);
}

}  // namespace sg
