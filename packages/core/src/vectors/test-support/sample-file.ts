/**
 * A small, valid `stablegrad-vectors/1` file of every set kind, for the format tests (the values
 * are arbitrary: only the structure is checked).
 *
 * @module
 */

const numbers = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => (from + i) / 8);
const tolerance = () => ({ rel: 1e-12, abs: 1e-14 });
const step = (params: Record<string, number>) => ({
  grads: Object.fromEntries(Object.entries(params).map(([k, n]) => [k, numbers(n, 1)])),
  expect: Object.fromEntries(Object.entries(params).map(([k, n]) => [k, numbers(n, 2)])),
});

function optimizerSet(rule: string, hyper: Record<string, unknown>, dtype: string, steps: number) {
  const sizes = { w: 15, b: 2, e: 1 };
  return {
    kind: 'optimizer',
    rule,
    hyper,
    dtype,
    source: 'sample',
    tolerance: tolerance(),
    params: { w: { shape: [3, 5], init: numbers(15) }, b: { shape: [2], init: numbers(2) }, e: { shape: [], init: numbers(1) } },
    steps: Array.from({ length: steps }, () => step(sizes)),
  };
}

function casesSet(kind: string, name: string, shape: number[], cases: number) {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    kind,
    name,
    hyper: { maxNorm: 1.5 },
    dtype: 'float64',
    source: 'sample',
    tolerance: tolerance(),
    cases: Array.from({ length: cases }, () => ({ input: { W: { shape, data: numbers(size) } }, expect: { W: numbers(size, 1) } })),
  };
}

/**
 * A fresh copy of the sample: sets 0 to 4 are optimizer sets (sgd float64, adam float32, sdprop,
 * rmsprop, adastand; set 4 has four steps), set 5 clips by the global norm, set 6 is a spectral-norm
 * constraint set with two cases.
 */
export function sampleVectorFile(): any {
  return {
    format: 'stablegrad-vectors/1',
    seed: 1,
    sets: [
      optimizerSet('sgd', { lr: 0.1 }, 'float64', 1),
      optimizerSet('adam', {}, 'float32', 1),
      optimizerSet('sdprop', { gamma: 0.9 }, 'float64', 1),
      optimizerSet('rmsprop', { centered: true }, 'float64', 1),
      optimizerSet('adastand', {}, 'float64', 4),
      casesSet('gradient-transform', 'clipByGlobalNorm', [3, 5], 1),
      casesSet('constraint', 'spectralNorm', [4, 4], 2),
    ],
  };
}
