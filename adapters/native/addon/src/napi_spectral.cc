#include "napi_spectral.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "napi_args.h"
#include "napi_spectral_args.h"
#include "napi_tensor.h"
#include "spectral_cuda.h"
#include "spectral_session.h"

namespace sg {
namespace {

class SpectralSessionWrap : public Napi::ObjectWrap<SpectralSessionWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "SpectralSession",
                       {InstanceAccessor<&SpectralSessionWrap::K>("k"), InstanceMethod<&SpectralSessionWrap::SetBlock>("setBlock"),
                        InstanceMethod<&SpectralSessionWrap::AppendColumns>("appendColumns"),
                        InstanceMethod<&SpectralSessionWrap::Filter>("filter"),
                        InstanceMethod<&SpectralSessionWrap::RayleighRitz>("rayleighRitz"),
                        InstanceMethod<&SpectralSessionWrap::RitzResiduals>("ritzResiduals"),
                        InstanceMethod<&SpectralSessionWrap::ResidualNormSquared>("residualNormSquared"),
                        InstanceMethod<&SpectralSessionWrap::ComplementLanczos>("complementLanczos"),
                        InstanceMethod<&SpectralSessionWrap::Basis>("basis"), InstanceMethod<&SpectralSessionWrap::Project>("project"),
                        InstanceMethod<&SpectralSessionWrap::Dispose>("dispose")});
  }

  explicit SpectralSessionWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<SpectralSessionWrap>(info), env_(info.Env()) {
    Napi::Env env = info.Env();
    try {
      Storage* w = storage_arg(env, info[0], "W");
      m_ = count_arg(env, info[1], "m");
      n_ = count_arg(env, info[2], "n");
      check_matrix(env, m_, n_, w->length, "W");
      const uint64_t seed = seed_arg(env, info[3]);
      device_ = w->device;
#if SG_WITH_CUDA
      if (w->device == Device::Cuda) session_ = make_cuda_spectral_session(*w, m_, n_, seed);
#endif
      if (w->device == Device::Cpu) session_ = make_cpu_spectral_session(*w, m_, n_, seed);
      if (!session_) throw Napi::Error::New(env, "W: this build has no spectral session for the tensor's device");
      report();
    } catch (...) {
      try {
        rethrow_as_js(env, "spectral session");
      } catch (const Napi::Error& e) {
        e.ThrowAsJavaScriptException();
      }
    }
  }

  ~SpectralSessionWrap() override { release(); }

 private:
  // The session, unless it has been disposed; `method` names the call in the error.
  SpectralSession& live(Napi::Env env, const char* method) {
    if (!session_) throw Napi::Error::New(env, std::string(method) + ": the spectral session has been disposed");
    return *session_;
  }

  // The session, when its Ritz data are those of the block (a Rayleigh-Ritz step ran since the
  // block last changed); `method` names the call in the error.
  SpectralSession& with_ritz(Napi::Env env, const char* method) {
    SpectralSession& s = live(env, method);
    if (!s.ritz_current()) throw Napi::Error::New(env, std::string(method) + ": no Rayleigh-Ritz step since the block last changed");
    return s;
  }

  // Tells the JavaScript engine how much memory the session holds now.
  void report() {
    const int64_t now = session_ ? static_cast<int64_t>(session_->bytes()) : 0;
    if (now != reported_) Napi::MemoryManagement::AdjustExternalMemory(env_, now - reported_);
    reported_ = now;
  }

  void release() {
    session_.reset();
    release_spectral_scratch();
    report();
  }

  // Runs the session's work (every argument checked before): a C++ exception becomes a
  // JavaScript error (a RangeError for memory that cannot be had).
  template <typename F>
  Napi::Value guarded(Napi::Env env, F f) {
    try {
      Napi::Value v = f();
      report();
      return v;
    } catch (...) {
      report();
      rethrow_as_js(env, "spectral session");
    }
  }

  Napi::Value K(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), session_ ? static_cast<double>(session_->k()) : 0); }

  Napi::Value SetBlock(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = live(env, "setBlock");
    const size_t k = session_integer(env, info[1], "k", 0, n_);
    auto X = session_block(env, info[0], "X", n_, k);
    return guarded(env, [&] {
      s.set_block(X.Data(), k);
      return env.Undefined();
    });
  }

  Napi::Value AppendColumns(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = live(env, "appendColumns");
    const size_t count = session_integer(env, info[1], "count", 0, n_ - s.k());
    auto X = session_block(env, info[0], "X", n_, count);
    return guarded(env, [&] {
      s.append_columns(X.Data(), count);
      return env.Undefined();
    });
  }

  Napi::Value Filter(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    live(env, "filter");
    // The plan's getters may run JavaScript (even dispose this session): read it first.
    const FilterPlanArg plan = filter_plan_arg(env, info[0]);
    const bool fast = fast_precision_arg(env, info[1]);
    SpectralSession& s = live(env, "filter");
    return guarded(env, [&] {
      s.filter(plan.degree, plan.edge, plan.top, fast);
      return env.Undefined();
    });
  }

  Napi::Value RayleighRitz(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = live(env, "rayleighRitz");
    return guarded(env, [&]() -> Napi::Value {
      auto theta = Napi::Float64Array::New(env, s.k());
      s.rayleigh_ritz(theta.Data());
      return theta;
    });
  }

  Napi::Value RitzResiduals(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = with_ritz(env, "ritzResiduals");
    const size_t count = session_integer(env, info[0], "count", 0, s.k());
    return guarded(env, [&]() -> Napi::Value {
      auto residual = Napi::Float64Array::New(env, count);
      double rest = 0;
      s.ritz_residuals(count, residual.Data(), &rest);
      Napi::Object out = Napi::Object::New(env);
      out.Set("residual", residual);
      out.Set("rest", Napi::Number::New(env, rest));
      return out;
    });
  }

  Napi::Value ResidualNormSquared(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = with_ritz(env, "residualNormSquared");
    const size_t to = session_integer(env, info[1], "to", 0, s.k());
    const size_t from = session_integer(env, info[0], "from", 0, to);
    auto w = session_vector(env, info[2], "weights", to - from);
    return guarded(env, [&]() -> Napi::Value { return Napi::Number::New(env, s.residual_norm_squared(from, to, w.Data())); });
  }

  Napi::Value ComplementLanczos(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = with_ritz(env, "complementLanczos");
    auto start = session_vector(env, info[0], "start", n_);
    const size_t steps = session_integer(env, info[1], "steps", 0, kMaxSessionCount);
    return guarded(env, [&]() -> Napi::Value {
      // A run takes at most n - k steps (they span the complement).
      const size_t most = std::min(steps, n_ - s.k());
      std::vector<double> alpha(most), beta(most);
      bool invariant = true;
      const size_t taken = s.complement_lanczos(start.Data(), steps, alpha.data(), beta.data(), &invariant);
      auto a = Napi::Float64Array::New(env, taken);
      auto b = Napi::Float64Array::New(env, taken > 0 ? taken - 1 : 0);
      std::copy(alpha.begin(), alpha.begin() + taken, a.Data());
      if (taken > 1) std::copy(beta.begin(), beta.begin() + (taken - 1), b.Data());
      Napi::Object out = Napi::Object::New(env);
      out.Set("alpha", a);
      out.Set("beta", b);
      out.Set("invariant", Napi::Boolean::New(env, invariant));
      return out;
    });
  }

  Napi::Value Basis(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = with_ritz(env, "basis");
    const size_t count = session_integer(env, info[0], "count", 0, s.k());
    return guarded(env, [&]() -> Napi::Value {
      auto out = Napi::Float64Array::New(env, n_ * count);
      s.basis(count, out.Data());
      return out;
    });
  }

  Napi::Value Project(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = with_ritz(env, "project");
    const size_t count = session_integer(env, info[0], "count", 0, s.k());
    check_positive_ritz_values(env, count, s.positive_ritz_values());
    const double maxNorm = max_norm_arg(env, info[1]);
    Storage* out = storage_arg(env, info[2], "out");
    if (out->device != device_ || out->length != m_ * n_) throw Napi::RangeError::New(env, "out: expected a tensor of W's device and size");
    return guarded(env, [&] {
      s.project(count, maxNorm, *out);
      return env.Undefined();
    });
  }

  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    release();
    return info.Env().Undefined();
  }

  Napi::Env env_;
  std::unique_ptr<SpectralSession> session_;
  Device device_ = Device::Cpu;
  size_t m_ = 0, n_ = 0;
  int64_t reported_ = 0;
};

}  // namespace

void define_spectral(Napi::Env env, Napi::Object exports) { exports.Set("SpectralSession", SpectralSessionWrap::Define(env)); }

}  // namespace sg
