#include "cpu_step.h"

#include <cstring>
#include <optional>

#include "../generated/kernels.h"
#include "interpreter.h"
#include "sizes.h"
#include "thread_pool.h"

namespace sg {
namespace {

// Elements per task: 32768 float32 values of each input and output stay well inside L2.
constexpr size_t kChunk = 32768;
// Below this many elements in all, waking the pool costs more than it saves: the caller runs alone.
constexpr size_t kSerialBelow = 65536;

template <typename T>
using Loop = void (*)(size_t n, const T* const* in, T* const* out, const T* k);

// The fused loop of a generated kernel. Every element reads all its inputs before writing its
// outputs and outputs are either the inputs themselves (in place) or separate arrays, so no
// element depends on another: `ivdep` lets the compiler vectorise without alias checks.
template <typename T, typename K>
void compiled_loop(size_t n, const T* const* in, T* const* out, const T* k) {
  T kl[K::scalars + 1];
  for (int j = 0; j < K::scalars; j++) kl[j] = k[j];
  const T* p[K::inputs];
  T* q[K::outputs];
  for (int j = 0; j < K::inputs; j++) p[j] = in[j];
  for (int j = 0; j < K::outputs; j++) q[j] = out[j];
#pragma GCC ivdep
  for (size_t i = 0; i < n; i++) {
    T x[K::inputs];
    T y[K::outputs];
    for (int j = 0; j < K::inputs; j++) x[j] = p[j][i];
    K::template apply<T>(x, kl, y);
    for (int j = 0; j < K::outputs; j++) q[j][i] = y[j];
  }
}

#define SG_CPU_LOOP(index, Kernel) &compiled_loop<T, gen::Kernel>,
template <typename T>
const Loop<T> kLoops[] = {SG_FOR_EACH_KERNEL(SG_CPU_LOOP)};
#undef SG_CPU_LOOP

struct Chunk {
  size_t group;
  size_t begin;
  size_t end;
};

template <typename T>
void step_typed(const StepProgram& p, const std::vector<GroupPointers>& groups, const double* scalars) {
  T k[kMaxScalars];
  for (int j = 0; j < p.scalars; j++) k[j] = static_cast<T>(scalars[j]);
  const int nin = p.inputs;
  const int nout = static_cast<int>(p.outputs.size());
  // Elements [begin, end) of one group, by the generated kernel (or `interpreter` when there is none).
  const auto run = [&](Interpreter<T>* interpreter, const GroupPointers& g, size_t begin, size_t end) {
    if (p.kernel < 0) {
      interpreter->run(g, begin, end);
      return;
    }
    const T* in[kMaxIo];
    T* out[kMaxIo];
    for (int j = 0; j < nin; j++) in[j] = static_cast<const T*>(g.in[j]) + begin;
    for (int j = 0; j < nout; j++) out[j] = static_cast<T*>(g.out[j]) + begin;
    kLoops<T>[p.kernel](end - begin, in, out, k);
  };
  size_t elements = 0;
  for (const GroupPointers& g : groups) elements = saturating_add(elements, g.n);
  if (elements == 0) return;
  if (elements < kSerialBelow) {
    // A small step: the calling thread alone, group by group, with nothing allocated for a
    // generated kernel.
    std::optional<Interpreter<T>> interpreter;
    if (p.kernel < 0) interpreter.emplace(p, k);
    for (const GroupPointers& g : groups) run(interpreter ? &*interpreter : nullptr, g, 0, g.n);
    return;
  }
  std::vector<Chunk> chunks;
  for (size_t g = 0; g < groups.size(); g++) {
    const size_t n = groups[g].n;
    for (size_t b = 0; b < n; b += kChunk) chunks.push_back({g, b, n - b > kChunk ? b + kChunk : n});
  }
  ThreadPool::instance().parallel_for(chunks.size(), [&](size_t c) {
    const Chunk& ch = chunks[c];
    if (p.kernel >= 0) {
      run(nullptr, groups[ch.group], ch.begin, ch.end);
      return;
    }
    // Scratch rows and broadcast constants for this chunk's blocks.
    Interpreter<T> interpreter(p, k);
    run(&interpreter, groups[ch.group], ch.begin, ch.end);
  });
}

}  // namespace

void cpu_step(const StepProgram& p, DType dtype, const std::vector<GroupPointers>& groups, const double* scalars) {
  if (dtype == DType::F32) step_typed<float>(p, groups, scalars);
  else step_typed<double>(p, groups, scalars);
}

void cpu_copy(void* dst, const void* src, size_t bytes) {
  constexpr size_t kCopyChunk = 1 << 20;
  const size_t n = bytes / kCopyChunk + (bytes % kCopyChunk != 0);
  ThreadPool::instance().parallel_for(n, [&](size_t c) {
    const size_t begin = c * kCopyChunk;
    const size_t len = begin + kCopyChunk < bytes ? kCopyChunk : bytes - begin;
    std::memcpy(static_cast<char*>(dst) + begin, static_cast<const char*>(src) + begin, len);
  });
}

}  // namespace sg
