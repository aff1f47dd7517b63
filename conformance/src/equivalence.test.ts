import { describe, expect, it } from 'vitest';
import { builtinRules, jsBackend, referenceF32Ftz, referenceF64, type Backend, type HostTensor } from '@stablegrad/core';
import { checkEquivalence } from './equivalence.js';
import { conformanceRegistry } from './registry.js';
import { isRemote } from './remote.js';

const { registry } = await conformanceRegistry();
// Browser backends run in a page (browser/entries.test.ts checks them there).
const candidates = (await registry.availableIds()).filter((id) => !id.startsWith('reference-') && !isRemote(registry.get(id)));

describe.each(candidates)('equivalence of %s with reference-f32', (id) => {
  const entry = registry.get(id);
  const bound = entry.ulpBound?.ulp ?? 0;
  it(`is within ${bound} ulp for every rule on property-based inputs, under its declared ${entry.arithmetic} arithmetic`, async () => {
    const backend = await entry.create();
    const rows = await checkEquivalence(backend, bound, { numRuns: 15, arithmetic: entry.arithmetic });
    expect(rows.map((r) => r.rule)).toEqual(Object.keys(builtinRules));
    for (const r of rows) {
      expect(r.status, r.reason).toBe('passed');
      expect(r.maxUlp).toBeLessThanOrEqual(bound);
      expect(r.arithmetic).toBe(entry.arithmetic);
    }
  });
});

describe('checkEquivalence', () => {
  it('catches a backend that contracts a multiply-add, and reports the counterexample', async () => {
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
    const [row] = await checkEquivalence(sloppy, 0, { numRuns: 10, rules: ['sdprop'] });
    expect(row!.status).toBe('failed');
    expect(row!.maxUlp).toBeGreaterThan(0);
    expect(row!.reason).toMatch(/more than 0 ulp under ieee arithmetic: counterexample/);
  });

  it('skips a float64-only backend with the reason', async () => {
    const [row] = await checkEquivalence(referenceF64, 0, { rules: ['adam'] });
    expect(row).toMatchObject({ status: 'skipped', reason: 'computes in float64 only; equivalence is a float32 check' });
  });

  it('holds an ftz backend to the ftz reference and counts what flushing changed', async () => {
    const rows = await checkEquivalence(referenceF32Ftz, 0, { numRuns: 8, arithmetic: 'ftz' });
    for (const r of rows) expect(r, r.reason).toMatchObject({ status: 'passed', maxUlp: 0, arithmetic: 'ftz' });
    const flushed = rows.reduce((n, r) => n + r.flushed!, 0);
    expect(flushed).toBeGreaterThan(0);
    expect(rows.find((r) => r.flushed! > 0)!.reason).toMatch(/elements differ from strict IEEE only through flushed subnormals/);
  });

  it('fails a flushing backend that declares ieee, and a strict one that declares ftz', async () => {
    const [flushing] = await checkEquivalence(referenceF32Ftz, 0, { numRuns: 20, rules: ['adam'] });
    expect(flushing).toMatchObject({ status: 'failed', arithmetic: 'ieee' });
    const [strict] = await checkEquivalence(jsBackend, 0, { numRuns: 20, rules: ['adam'], arithmetic: 'ftz' });
    expect(strict).toMatchObject({ status: 'failed', arithmetic: 'ftz' });
  });
});
