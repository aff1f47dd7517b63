import { describe, expect, it } from 'vitest';
import { builtinRules, jsBackend, referenceF64, type Backend, type HostTensor } from '@stablegrad/core';
import { conformanceRegistry } from './registry.js';
import { checkEquivalence } from './equivalence.js';

const { registry } = await conformanceRegistry();
const candidates = (await registry.availableIds()).filter((id) => !id.startsWith('reference-'));

describe.each(candidates)('equivalence of %s with reference-f32', (id) => {
  const bound = registry.get(id).ulpBound?.ulp ?? 0;
  it(`is within ${bound} ulp for every rule on property-based inputs`, async () => {
    const backend = await registry.get(id).create();
    const rows = checkEquivalence(backend, bound, { numRuns: 15 });
    expect(rows.map((r) => r.rule)).toEqual(Object.keys(builtinRules));
    for (const r of rows) {
      expect(r.status, r.reason).toBe('passed');
      expect(r.maxUlp).toBeLessThanOrEqual(bound);
    }
  });
});

describe('checkEquivalence', () => {
  it('catches a backend that contracts a multiply-add, and reports the counterexample', () => {
    // A float32 backend that computes in float64 and rounds only the stored results: the kind of
    // drift that fused multiply-add or extended precision produces.
    const sloppy: Backend<HostTensor> = {
      ...jsBackend,
      id: 'sloppy',
      compile: (rule) => {
        const inner = jsBackend.compile(rule, 'float64');
        return {
          run: (groups, scalars) => ({
            outputs: inner
              .run(groups.map((g) => Object.fromEntries(Object.entries(g).map(([k, t]) => [k, { shape: t.shape, data: Float64Array.from(t.data) }]))), scalars)
              .outputs.map((o) => Object.fromEntries(Object.entries(o).map(([k, t]) => [k, { shape: t.shape, data: Float32Array.from(t.data) }]))),
          }),
        };
      },
    };
    const [row] = checkEquivalence(sloppy, 0, { numRuns: 10, rules: ['sdprop'] });
    expect(row!.status).toBe('failed');
    expect(row!.maxUlp).toBeGreaterThan(0);
    expect(row!.reason).toMatch(/more than 0 ulp: counterexample/);
  });

  it('skips a float64-only backend with the reason', () => {
    const [row] = checkEquivalence(referenceF64, 0, { rules: ['adam'] });
    expect(row).toMatchObject({ status: 'skipped', reason: 'computes in float64 only; equivalence is a float32 check' });
  });
});
