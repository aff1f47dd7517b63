// The spectral session as JavaScript sees it: `new SpectralSession(wId, m, n, seed)` with the
// methods of core's SpectralSession (packages/core/src/linalg/spectral-session.ts).
#pragma once

#include <napi.h>

namespace sg {

// Adds the SpectralSession class to the module's exports.
void define_spectral(Napi::Env env, Napi::Object exports);

}  // namespace sg
