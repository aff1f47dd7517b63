// A traced program as the addon runs it: bytecode for the interpreter, and the index of the
// generated kernel that computes the same program when there is one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sg {

// Opcodes, numbered as src/program/bytecode.ts numbers them.
enum Op : int32_t { kInput = 0, kScalar, kLiteral, kAdd, kSub, kMul, kDiv, kMin, kMax, kSqrt, kNeg, kAbs };

// Most inputs plus outputs one program may have (param, grad and slots in; param and slots out).
constexpr int kMaxIo = 24;
// Most per-step scalars one program may read.
constexpr int kMaxScalars = 32;
// Most instructions one program may have (the built-in rules have fewer than 100; the CPU
// interpreter keeps a row of 256 values per instruction, the CUDA interpreter at most 128).
constexpr int kMaxInstructions = 4096;

struct StepProgram {
  std::vector<int32_t> code;  // three integers per instruction: opcode, a, b
  std::vector<double> literals;
  std::vector<int32_t> outputs;  // value id of each output
  int inputs = 0;
  int scalars = 0;
  int kernel = -1;  // generated kernel index, or -1 to interpret

  size_t instructions() const { return code.size() / 3; }
  int io() const { return inputs + static_cast<int>(outputs.size()); }
};

// The tensors of one parameter: `n` elements each, inputs then outputs in the program's order.
struct GroupPointers {
  void* in[kMaxIo];
  void* out[kMaxIo];
  size_t n;
};

}  // namespace sg
