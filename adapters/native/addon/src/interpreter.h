// The CPU interpreter of a step program, numexpr-style: the instructions run one at a time over
// a block of elements that fits in cache, each as a tight loop the compiler vectorises.
#pragma once

#include <cstring>
#include <vector>

#include "elementwise.h"
#include "step_program.h"

namespace sg {

constexpr size_t kInterpreterBlock = 256;

template <typename T>
class Interpreter {
 public:
  Interpreter(const StepProgram& p, const T* k) : p_(p), rows_(p.instructions() * kInterpreterBlock), values_(p.instructions()) {
    // Scalars and literals are the same for every block: broadcast them once.
    for (size_t i = 0; i < p.instructions(); i++) {
      const int32_t op = p.code[3 * i];
      if (op != kScalar && op != kLiteral) continue;
      const T v = op == kScalar ? k[p.code[3 * i + 1]] : static_cast<T>(p.literals[p.code[3 * i + 1]]);
      T* row = &rows_[i * kInterpreterBlock];
      for (size_t e = 0; e < kInterpreterBlock; e++) row[e] = v;
    }
  }

  // Runs elements [begin, end) of one group.
  void run(const GroupPointers& g, size_t begin, size_t end) {
    for (size_t b = begin; b < end; b += kInterpreterBlock) block(g, b, end - b < kInterpreterBlock ? end - b : kInterpreterBlock);
  }

 private:
  void block(const GroupPointers& g, size_t start, size_t n) {
    const size_t count = p_.instructions();
    for (size_t i = 0; i < count; i++) {
      const int32_t op = p_.code[3 * i];
      const int32_t a = p_.code[3 * i + 1];
      const int32_t b = p_.code[3 * i + 2];
      T* r = &rows_[i * kInterpreterBlock];
      if (op == kInput) {
        values_[i] = static_cast<const T*>(g.in[a]) + start;
        continue;
      }
      values_[i] = r;
      if (op == kScalar || op == kLiteral) continue;
      const T* x = values_[a];
      const T* y = op <= kMax ? values_[b] : nullptr;
      switch (op) {
        case kAdd: for (size_t e = 0; e < n; e++) r[e] = x[e] + y[e]; break;
        case kSub: for (size_t e = 0; e < n; e++) r[e] = x[e] - y[e]; break;
        case kMul: for (size_t e = 0; e < n; e++) r[e] = x[e] * y[e]; break;
        case kDiv: for (size_t e = 0; e < n; e++) r[e] = x[e] / y[e]; break;
        case kMin: for (size_t e = 0; e < n; e++) r[e] = js_min(x[e], y[e]); break;
        case kMax: for (size_t e = 0; e < n; e++) r[e] = js_max(x[e], y[e]); break;
        case kSqrt: for (size_t e = 0; e < n; e++) r[e] = ieee_sqrt(x[e]); break;
        case kNeg: for (size_t e = 0; e < n; e++) r[e] = -x[e]; break;
        case kAbs: for (size_t e = 0; e < n; e++) r[e] = js_abs(x[e]); break;
        default: break;
      }
    }
    // An output that is an input passed through still points into an input array that another
    // output may overwrite in place: copy it aside before writing anything.
    const size_t outs = p_.outputs.size();
    for (size_t j = 0; j < outs; j++) {
      const int32_t v = p_.outputs[j];
      if (p_.code[3 * v] != kInput) continue;
      T* r = &rows_[v * kInterpreterBlock];
      std::memcpy(r, values_[v], n * sizeof(T));
      values_[v] = r;
    }
    for (size_t j = 0; j < outs; j++) std::memcpy(static_cast<T*>(g.out[j]) + start, values_[p_.outputs[j]], n * sizeof(T));
  }

  const StepProgram& p_;
  std::vector<T> rows_;
  std::vector<const T*> values_;
};

}  // namespace sg
