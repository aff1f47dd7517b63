#include "linalg_gemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "thread_pool.h"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define SG_X86_KERNELS 1
#include <immintrin.h>
#else
#define SG_X86_KERNELS 0
#endif

namespace sg {
namespace {

// ---- micro-kernels: tile (MR x NR, column j at t[j * MR]) = sum_p a[p * MR + i] b[p * NR + j] ----

template <typename T, int MR, int NR>
void kernel_portable(size_t kc, const T* a, const T* b, T* t) {
  T acc[NR][MR] = {};
  for (size_t p = 0; p < kc; p++, a += MR, b += NR) {
    for (int j = 0; j < NR; j++) {
      const T bj = b[j];
      for (int i = 0; i < MR; i++) acc[j][i] += a[i] * bj;
    }
  }
  for (int j = 0; j < NR; j++) std::memcpy(t + j * MR, acc[j], sizeof acc[j]);
}

#if SG_X86_KERNELS
__attribute__((target("avx512f"))) void kernel_d512(size_t kc, const double* a, const double* b, double* t) {
  __m512d c0[12], c1[12];
#pragma GCC unroll 12
  for (int j = 0; j < 12; j++) c0[j] = c1[j] = _mm512_setzero_pd();
  for (size_t p = 0; p < kc; p++, a += 16, b += 12) {
    const __m512d a0 = _mm512_loadu_pd(a);
    const __m512d a1 = _mm512_loadu_pd(a + 8);
#pragma GCC unroll 12
    for (int j = 0; j < 12; j++) {
      const __m512d bj = _mm512_set1_pd(b[j]);
      c0[j] = _mm512_fmadd_pd(a0, bj, c0[j]);
      c1[j] = _mm512_fmadd_pd(a1, bj, c1[j]);
    }
  }
#pragma GCC unroll 12
  for (int j = 0; j < 12; j++) {
    _mm512_storeu_pd(t + j * 16, c0[j]);
    _mm512_storeu_pd(t + j * 16 + 8, c1[j]);
  }
}

__attribute__((target("avx512f"))) void kernel_s512(size_t kc, const float* a, const float* b, float* t) {
  __m512 c0[12], c1[12];
#pragma GCC unroll 12
  for (int j = 0; j < 12; j++) c0[j] = c1[j] = _mm512_setzero_ps();
  for (size_t p = 0; p < kc; p++, a += 32, b += 12) {
    const __m512 a0 = _mm512_loadu_ps(a);
    const __m512 a1 = _mm512_loadu_ps(a + 16);
#pragma GCC unroll 12
    for (int j = 0; j < 12; j++) {
      const __m512 bj = _mm512_set1_ps(b[j]);
      c0[j] = _mm512_fmadd_ps(a0, bj, c0[j]);
      c1[j] = _mm512_fmadd_ps(a1, bj, c1[j]);
    }
  }
#pragma GCC unroll 12
  for (int j = 0; j < 12; j++) {
    _mm512_storeu_ps(t + j * 32, c0[j]);
    _mm512_storeu_ps(t + j * 32 + 16, c1[j]);
  }
}

__attribute__((target("avx2,fma"))) void kernel_d256(size_t kc, const double* a, const double* b, double* t) {
  __m256d c0[6], c1[6];
#pragma GCC unroll 6
  for (int j = 0; j < 6; j++) c0[j] = c1[j] = _mm256_setzero_pd();
  for (size_t p = 0; p < kc; p++, a += 8, b += 6) {
    const __m256d a0 = _mm256_loadu_pd(a);
    const __m256d a1 = _mm256_loadu_pd(a + 4);
#pragma GCC unroll 6
    for (int j = 0; j < 6; j++) {
      const __m256d bj = _mm256_broadcast_sd(b + j);
      c0[j] = _mm256_fmadd_pd(a0, bj, c0[j]);
      c1[j] = _mm256_fmadd_pd(a1, bj, c1[j]);
    }
  }
#pragma GCC unroll 6
  for (int j = 0; j < 6; j++) {
    _mm256_storeu_pd(t + j * 8, c0[j]);
    _mm256_storeu_pd(t + j * 8 + 4, c1[j]);
  }
}

__attribute__((target("avx2,fma"))) void kernel_s256(size_t kc, const float* a, const float* b, float* t) {
  __m256 c0[6], c1[6];
#pragma GCC unroll 6
  for (int j = 0; j < 6; j++) c0[j] = c1[j] = _mm256_setzero_ps();
  for (size_t p = 0; p < kc; p++, a += 16, b += 6) {
    const __m256 a0 = _mm256_loadu_ps(a);
    const __m256 a1 = _mm256_loadu_ps(a + 8);
#pragma GCC unroll 6
    for (int j = 0; j < 6; j++) {
      const __m256 bj = _mm256_broadcast_ss(b + j);
      c0[j] = _mm256_fmadd_ps(a0, bj, c0[j]);
      c1[j] = _mm256_fmadd_ps(a1, bj, c1[j]);
    }
  }
#pragma GCC unroll 6
  for (int j = 0; j < 6; j++) {
    _mm256_storeu_ps(t + j * 16, c0[j]);
    _mm256_storeu_ps(t + j * 16 + 8, c1[j]);
  }
}
#endif

enum class Isa { Portable, Avx2, Avx512 };

Isa detect_isa() {
#if SG_X86_KERNELS
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return Isa::Avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::Avx2;
#endif
  return Isa::Portable;
}

const Isa kIsa = detect_isa();

// Scratch for the packed panels of the calling thread, kept between calls (the products of one
// projection reuse it) until gemm_release_scratch.
template <typename T>
std::vector<T>& pack_buffer(int which) {
  thread_local std::vector<T> buffers[2];
  return buffers[which];
}

// Below this many multiply-adds a product runs on the calling thread alone.
constexpr double kSerialBelow = 1 << 20;

// Which part of C a product must produce: all of it, or (at least) its lower or upper triangle,
// skipping the tiles that lie wholly on the other side of the diagonal.
enum class Part { All, Lower, Upper };

Part flipped(Part part) { return part == Part::Lower ? Part::Upper : part == Part::Upper ? Part::Lower : Part::All; }

template <typename T, int MR, int NR, int KC, int MC, int NC>
void gemm_blocked(void (*kernel)(size_t, const T*, const T*, T*), size_t m, size_t n, size_t k, T alpha, MatView<const T> A,
                  MatView<const T> B, T beta, MatView<T> C, Part part) {
  if (m == 0 || n == 0) return;
  if (k == 0 || alpha == T(0)) {
    for (size_t j = 0; j < n; j++) {
      for (size_t i = 0; i < m; i++) {
        T& c = C.data[i * C.rs + j * C.cs];
        c = beta == T(0) ? T(0) : beta * c;
      }
    }
    return;
  }
  ThreadPool& pool = ThreadPool::instance();
  const bool serial = static_cast<double>(m) * n * k < kSerialBelow;
  auto run = [&](size_t tasks, const auto& fn) {
    if (serial) {
      for (size_t i = 0; i < tasks; i++) fn(i);
    } else {
      pool.parallel_for(tasks, fn);
    }
  };
  const size_t mPanels = (m + MR - 1) / MR;
  std::vector<T>& packA = pack_buffer<T>(0);
  std::vector<T>& packB = pack_buffer<T>(1);
  if (packA.size() < mPanels * MR * KC) packA.resize(mPanels * MR * KC);
  const size_t nMax = std::min<size_t>(n, NC);
  const size_t nPanelsMax = (nMax + NR - 1) / NR;
  if (packB.size() < nPanelsMax * NR * KC) packB.resize(nPanelsMax * NR * KC);
  T* pa = packA.data();
  T* pb = packB.data();

  for (size_t jc = 0; jc < n; jc += NC) {
    const size_t nc = std::min<size_t>(NC, n - jc);
    const size_t nPanels = (nc + NR - 1) / NR;
    for (size_t pc = 0; pc < k; pc += KC) {
      const size_t kc = std::min<size_t>(KC, k - pc);
      const bool first = pc == 0;
      // Pack B[pc .. pc + kc, jc .. jc + nc] into NR-wide panels, zero-padded.
      run(nPanels, [&](size_t jp) {
        T* dst = pb + jp * NR * kc;
        const size_t j0 = jc + jp * NR;
        const size_t jn = std::min<size_t>(NR, jc + nc - j0);
        const T* src = B.data + pc * B.rs + j0 * B.cs;
        if (B.rs == 1) {
          // Columns of B are contiguous: read each one down, write it across the panel.
          for (size_t j = 0; j < jn; j++)
            for (size_t p = 0; p < kc; p++) dst[p * NR + j] = src[p + j * B.cs];
          for (size_t j = jn; j < static_cast<size_t>(NR); j++)
            for (size_t p = 0; p < kc; p++) dst[p * NR + j] = T(0);
        } else {
          for (size_t p = 0; p < kc; p++) {
            size_t j = 0;
            for (; j < jn; j++) dst[p * NR + j] = src[p * B.rs + j * B.cs];
            for (; j < static_cast<size_t>(NR); j++) dst[p * NR + j] = T(0);
          }
        }
      });
      // Pack A[0 .. m, pc .. pc + kc] into MR-tall panels, zero-padded.
      run(mPanels, [&](size_t ip) {
        T* dst = pa + ip * MR * kc;
        const size_t i0 = ip * MR;
        const size_t in = std::min<size_t>(MR, m - i0);
        const T* src = A.data + i0 * A.rs + pc * A.cs;
        if (A.cs == 1) {
          // Rows of A are contiguous: read each one along, write it down the panel.
          for (size_t i = 0; i < in; i++)
            for (size_t p = 0; p < kc; p++) dst[p * MR + i] = src[i * A.rs + p];
          for (size_t i = in; i < static_cast<size_t>(MR); i++)
            for (size_t p = 0; p < kc; p++) dst[p * MR + i] = T(0);
        } else {
          for (size_t p = 0; p < kc; p++) {
            size_t i = 0;
            for (; i < in; i++) dst[p * MR + i] = src[i * A.rs + p * A.cs];
            for (; i < static_cast<size_t>(MR); i++) dst[p * MR + i] = T(0);
          }
        }
      });
      // Tiles, in tasks of MC rows by up to 4 panels of columns.
      const size_t rowBlocks = (m + MC - 1) / MC;
      const size_t colGroups = (nPanels + 3) / 4;
      run(rowBlocks * colGroups, [&](size_t task) {
        const size_t rb = task / colGroups;
        const size_t cg = task % colGroups;
        const size_t rowFirst = rb * MC, rowEnd = std::min(m, (rb + 1) * MC);
        const size_t colFirst = jc + cg * 4 * NR, colEnd = jc + std::min(nc, (cg + 1) * 4 * NR);
        if ((part == Part::Lower && colFirst >= rowEnd) || (part == Part::Upper && rowFirst >= colEnd)) return;
        alignas(64) T tile[MR * NR];
        for (size_t jp = cg * 4; jp < std::min(nPanels, cg * 4 + 4); jp++) {
          const size_t j0 = jp * NR;
          const size_t jn = std::min<size_t>(NR, nc - j0);
          for (size_t ip = rb * MC / MR; ip < std::min(mPanels, (rb + 1) * MC / MR); ip++) {
            const size_t i0 = ip * MR;
            const size_t in = std::min<size_t>(MR, m - i0);
            kernel(kc, pa + ip * MR * kc, pb + jp * NR * kc, tile);
            for (size_t j = 0; j < jn; j++) {
              T* c = C.data + i0 * C.rs + (jc + j0 + j) * C.cs;
              const T* t = tile + j * MR;
              for (size_t i = 0; i < in; i++) {
                T& ci = c[i * C.rs];
                const T base = first ? (beta == T(0) ? T(0) : beta * ci) : ci;
                ci = base + alpha * t[i];
              }
            }
          }
        }
      });
    }
  }
}

void gemm_part(size_t m, size_t n, size_t k, double alpha, MatView<const double> A, MatView<const double> B, double beta, MatView<double> C,
               Part part) {
  // The kernels write tiles down columns of C: for a row-major C compute C^T = B^T A^T instead.
  if (C.cs == 1 && C.rs != 1) return gemm_part(n, m, k, alpha, transposed(B), transposed(A), beta, transposed(C), flipped(part));
#if SG_X86_KERNELS
  if (kIsa == Isa::Avx512) return gemm_blocked<double, 16, 12, 256, 128, 4092>(kernel_d512, m, n, k, alpha, A, B, beta, C, part);
  if (kIsa == Isa::Avx2) return gemm_blocked<double, 8, 6, 256, 96, 4092>(kernel_d256, m, n, k, alpha, A, B, beta, C, part);
#endif
  gemm_blocked<double, 4, 4, 256, 64, 4092>(kernel_portable<double, 4, 4>, m, n, k, alpha, A, B, beta, C, part);
}

}  // namespace

void gemm(size_t m, size_t n, size_t k, double alpha, MatView<const double> A, MatView<const double> B, double beta, MatView<double> C) {
  gemm_part(m, n, k, alpha, A, B, beta, C, Part::All);
}

void gemm(size_t m, size_t n, size_t k, float alpha, MatView<const float> A, MatView<const float> B, float beta, MatView<float> C) {
  if (C.cs == 1 && C.rs != 1) return gemm(n, m, k, alpha, transposed(B), transposed(A), beta, transposed(C));
#if SG_X86_KERNELS
  if (kIsa == Isa::Avx512) return gemm_blocked<float, 32, 12, 384, 192, 4092>(kernel_s512, m, n, k, alpha, A, B, beta, C, Part::All);
  if (kIsa == Isa::Avx2) return gemm_blocked<float, 16, 6, 384, 144, 4092>(kernel_s256, m, n, k, alpha, A, B, beta, C, Part::All);
#endif
  gemm_blocked<float, 8, 4, 256, 64, 4092>(kernel_portable<float, 8, 4>, m, n, k, alpha, A, B, beta, C, Part::All);
}

void symmetric_product(size_t m, size_t n, MatView<const double> A, MatView<const double> B, MatView<double> C) {
  // C = A^T B: the tiles on and below the diagonal only (about m n^2 multiply-adds, the packed
  // panels shared by the pool's threads), then the lower triangle mirrored.
  gemm_part(n, n, m, 1.0, transposed(A), B, 0.0, C, Part::Lower);
  for (size_t i = 0; i < n; i++) {
    for (size_t j = i + 1; j < n; j++) C.data[i * C.rs + j * C.cs] = C.data[j * C.rs + i * C.cs];
  }
}

void gram_matrix(size_t m, size_t n, MatView<const double> A, MatView<double> C) { symmetric_product(m, n, A, A, C); }

void gemm_release_scratch() {
  for (int i = 0; i < 2; i++) {
    std::vector<double>().swap(pack_buffer<double>(i));
    std::vector<float>().swap(pack_buffer<float>(i));
  }
}

const char* gemm_kernel_name() {
  switch (kIsa) {
    case Isa::Avx512:
      return "avx512";
    case Isa::Avx2:
      return "avx2";
    default:
      return "portable";
  }
}

}  // namespace sg
