#!/usr/bin/env bash
# The CUDA check, in one go, on a machine with an NVIDIA GPU and driver: the conformance suite on
# native-cuda (every built-in vector set, the held-out sets, equivalence mode: 0 ulp from
# reference-f32), the CUDA benchmark, the spectral session's exactness tests on native-cuda (against
# the float64 Jacobi SVD) and the spectral-constraint benchmark on native-cuda (each warm step also
# checked against numpy's SVD where python3 with numpy is present). Needs no npm registry and no
# compiler there: it runs the repository as built elsewhere (node_modules, dist/,
# adapters/native/prebuilds/ built with nvcc).
#
#   adapters/native/scripts/gpu-check.sh [node-vX.Y.Z-linux-x64.tar.xz]
#
# Node: the one on PATH, else the given tarball (or $STABLEGRAD_NODE_XZ), unpacked to a
# temporary folder. Run from anywhere; prints both results and exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="$(cd "$here/.." && pwd)"
repo="$(cd "$package/../.." && pwd)"

fail() {
  echo "gpu-check: $*" >&2
  exit 1
}

tarball="${1:-${STABLEGRAD_NODE_XZ:-}}"
if [[ -n "$tarball" ]]; then
  [[ -f "$tarball" ]] || fail "node tarball '$tarball' not found"
  unpacked="$(mktemp -d)"
  trap 'rm -rf "$unpacked"' EXIT
  tar -xJf "$tarball" -C "$unpacked" --strip-components=1 || fail "could not unpack '$tarball' (needs tar with xz)"
  export PATH="$unpacked/bin:$PATH"
fi
command -v node >/dev/null || fail "node is not on PATH; pass a node-*-linux-x64.tar.xz"
echo "node $(node --version) at $(command -v node)"

addon="$package/prebuilds/linux-$(node -p process.arch)/stablegrad_native.node"
[[ -f "$addon" ]] || fail "$addon is missing: build the package with nvcc first (pnpm --filter @stablegrad/native build)"
[[ -f "$repo/conformance/dist/cli.js" ]] || fail "conformance/dist is missing: build the repository first"
if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || true; fi

cd "$package"
node --input-type=module -e "
import { nativeDeviceInfo } from './dist/index.js';
const info = nativeDeviceInfo();
console.log(JSON.stringify(info, null, 2));
if (!info.cudaBuilt) { console.error('gpu-check: the addon was built without CUDA (nvcc not found or STABLEGRAD_CUDA=off)'); process.exit(1); }
if (!info.cuda.available) { console.error('gpu-check: native-cuda is not available: ' + info.cuda.reason); process.exit(1); }
" 2>&1 || fail "native-cuda cannot run here (see above)"

cd "$repo"
echo "== conformance: native-cuda, built-in vectors and equivalence"
node conformance/dist/cli.js --backends native-cuda --equivalence
echo "== conformance: native-cuda, held-out vectors"
node conformance/dist/cli.js --backends native-cuda --vectors adapters/onnx/data/heldout-seed23.json
echo "== benchmark: native-cuda"
cd "$package"
node dist/bench/run.js --device cuda --out bench-results/native-cuda.json
echo "== spectral session: native-cuda exactness"
node "$repo/node_modules/vitest/vitest.mjs" run src/backend/native-spectral-session.test.ts
echo "== benchmark: spectral constraint on native-cuda"
node dist/bench/spectral.js --device cuda --out bench-results/spectral-native-cuda.json
