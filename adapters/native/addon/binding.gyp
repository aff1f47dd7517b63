# The addon. Built by scripts/build-addon.mjs, which generates the kernels and
# generated/build_config.h first and, when nvcc is found, compiles src/cuda/*.cu and passes the
# objects in `cuda_objects` with `stablegrad_cuda=1`. Strict floating point: no contraction to
# fused multiply-add, no fast-math, sqrt without errno checks (still IEEE).
{
  "variables": {
    "stablegrad_cuda%": 0,
    "cuda_objects%": "",
    "cuda_lib_dir%": ""
  },
  "targets": [
    {
      "target_name": "stablegrad_native",
      "sources": [
        "src/addon.cc",
        "src/cpu_linalg.cc",
        "src/cpu_step.cc",
        "src/linalg_eigen.cc",
        "src/linalg_gemm.cc",
        "src/linalg_tridiagonal.cc",
        "src/napi_args.cc",
        "src/napi_linalg.cc",
        "src/napi_spectral.cc",
        "src/napi_spectral_args.cc",
        "src/napi_step.cc",
        "src/napi_tensor.cc",
        "src/spectral_cpu.cc",
        "src/storage.cc",
        "src/thread_pool.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions", "-ffast-math"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20", "-ffast-math"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno"]
      },
      "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/fp:strict", "/std:c++17"] } },
      "conditions": [
        ["stablegrad_cuda==1", {
          "libraries": ["<@(cuda_objects)", "-L<(cuda_lib_dir)", "-lcudart_static", "-ldl", "-lrt", "-lpthread"]
        }]
      ]
    }
  ]
}
