#include "napi_spectral.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "napi_args.h"
#include "napi_linalg.h"
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
      const double seed = info[3].IsNumber() ? info[3].As<Napi::Number>().DoubleValue() : 0;
      check_matrix(env, m_, n_, w->length, "W");
      const auto s = static_cast<uint64_t>(static_cast<int64_t>(seed));
      device_ = w->device;
#if SG_WITH_CUDA
      if (w->device == Device::Cuda) session_ = make_cuda_spectral_session(*w, m_, n_, s);
#endif
      if (w->device == Device::Cpu) session_ = make_cpu_spectral_session(*w, m_, n_, s);
      if (!session_) throw Napi::Error::New(env, "W: this build has no spectral session for the tensor's device");
      report();
    } catch (const Napi::Error& e) {
      e.ThrowAsJavaScriptException();
    } catch (const std::exception& e) {
      Napi::Error::New(env, std::string("spectral session: ") + e.what()).ThrowAsJavaScriptException();
    }
  }

  ~SpectralSessionWrap() override { release(); }

 private:
  SpectralSession& live(Napi::Env env) {
    if (!session_) throw Napi::Error::New(env, "spectral session: it has been disposed");
    return *session_;
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

  template <typename F>
  Napi::Value guarded(Napi::Env env, F f) {
    try {
      Napi::Value v = f();
      report();
      return v;
    } catch (const Napi::Error&) {
      throw;
    } catch (const std::exception& e) {
      throw Napi::Error::New(env, std::string("spectral session: ") + e.what());
    }
  }

  Napi::Value K(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), session_ ? static_cast<double>(session_->k()) : 0); }

  Napi::Value SetBlock(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = live(env);
    const size_t k = count_arg(env, info[1], "k", n_);
    auto X = block_arg(env, info[0], "X", n_ * k);
    return guarded(env, [&] {
      s.set_block(X.Data(), k);
      return env.Undefined();
    });
  }

  Napi::Value AppendColumns(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = live(env);
    const size_t count = count_arg(env, info[1], "count", n_ - s.k());
    auto X = block_arg(env, info[0], "X", n_ * count);
    return guarded(env, [&] {
      s.append_columns(X.Data(), count);
      return env.Undefined();
    });
  }

  Napi::Value Filter(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = live(env);
    const size_t degree = count_arg(env, info[0], "degree", 1 << 20);
    const double edge = info[1].As<Napi::Number>().DoubleValue();
    const double top = info[2].As<Napi::Number>().DoubleValue();
    const bool fast = info[3].ToBoolean().Value();
    if (degree < 1) throw Napi::RangeError::New(env, "degree: expected an integer >= 1");
    return guarded(env, [&] {
      s.filter(static_cast<int>(degree), edge, top, fast);
      return env.Undefined();
    });
  }

  Napi::Value RayleighRitz(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = live(env);
    return guarded(env, [&]() -> Napi::Value {
      auto theta = Napi::Float64Array::New(env, s.k());
      s.rayleigh_ritz(theta.Data());
      return theta;
    });
  }

  Napi::Value RitzResiduals(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = live(env);
    const size_t count = count_arg(env, info[0], "count", s.k());
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
    SpectralSession& s = live(env);
    const size_t to = count_arg(env, info[1], "to", s.k());
    const size_t from = count_arg(env, info[0], "from", to);
    auto w = block_arg(env, info[2], "weights", to - from);
    return guarded(env, [&]() -> Napi::Value { return Napi::Number::New(env, s.residual_norm_squared(from, to, w.Data())); });
  }

  Napi::Value ComplementLanczos(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = live(env);
    auto start = block_arg(env, info[0], "start", n_);
    const size_t steps = count_arg(env, info[1], "steps", 1 << 20);
    return guarded(env, [&]() -> Napi::Value {
      std::vector<double> alpha(steps), beta(steps);
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
    SpectralSession& s = live(env);
    const size_t count = count_arg(env, info[0], "count", s.k());
    return guarded(env, [&]() -> Napi::Value {
      auto out = Napi::Float64Array::New(env, n_ * count);
      s.basis(count, out.Data());
      return out;
    });
  }

  Napi::Value Project(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    SpectralSession& s = live(env);
    const size_t count = count_arg(env, info[0], "count", s.k());
    const double maxNorm = info[1].As<Napi::Number>().DoubleValue();
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
