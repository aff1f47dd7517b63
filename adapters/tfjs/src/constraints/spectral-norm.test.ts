import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SpectralNormConstraint as CoreConstraint, referenceLinAlg } from '@stablegrad/core';
import { describe, expect, it } from 'vitest';
import { blockNorm, gateBlock, spectralBound } from '../test-support/blocks.js';
import { spectralNorm as exactSpectralNorm } from '@stablegrad/core/testing';
import { gruModel, wave } from '../test-support/models.js';
import '../test-support/tfjs-setup.js';
import { SpectralNormLayerConstraint, spectralNorm } from './spectral-norm.js';

const u = 10;
/** A GRU recurrent kernel whose blocks all have spectral norms well above 1.8. */
const kernel = () => wave([u, 3 * u], 5, 2);

describe('SpectralNormLayerConstraint', () => {
  it('projects the candidate block and leaves the z and r blocks untouched', () => {
    const K = kernel();
    expect(blockNorm(gateBlock(K, 2))).toBeGreaterThan(3);
    const c = spectralNorm();
    const P = c.apply(K);
    expect(P.shape).toEqual([u, 3 * u]);
    expect(gateBlock(P, 0)).toEqual(gateBlock(K, 0));
    expect(gateBlock(P, 1)).toEqual(gateBlock(K, 1));
    const h = gateBlock(P, 2);
    expect(blockNorm(h)).toBeLessThanOrEqual(spectralBound(h, 1.8, 1e-6));
    expect(blockNorm(h)).toBeGreaterThan(1.8 * (1 - 1e-6));
    expect(c.lastApplied.map((r) => r.block)).toEqual(['h']);
    expect(c.lastApplied[0]!.sigmaMax).toBeCloseTo(blockNorm(gateBlock(K, 2)), 6);
  });

  it('computes what core computes on the host, to the tolerance', () => {
    const K = kernel();
    const host = { shape: [u, u], data: Float32Array.from(gateBlock(K, 2)) };
    const want = new CoreConstraint({ maxNorm: 1.5 }).apply(referenceLinAlg, host).W.data;
    // Both are within tol s of the exact projection (in the 2-norm), and float32 rounding of each entry.
    const got = gateBlock(spectralNorm({ maxNorm: 1.5 }).apply(K), 2);
    got.forEach((x, i) => expect(Math.abs(x - want[i]!)).toBeLessThanOrEqual(2 * 1e-6 * 1.5 + 2 ** -22 * Math.abs(want[i]!)));
  });

  it("bounds each gate block with blocks 'all' and any matrix with blocks 'whole'", () => {
    const P = spectralNorm({ blocks: 'all', maxNorm: 1 }).apply(kernel());
    for (const g of [0, 1, 2]) expect(blockNorm(gateBlock(P, g))).toBeLessThanOrEqual(spectralBound(gateBlock(P, g), 1, 1e-6));
    const c = spectralNorm({ blocks: 'whole', maxNorm: 0.5 });
    const W = c.apply(wave([7, 4], 2, 3)).dataSync();
    expect(c.lastApplied.map((r) => r.block)).toEqual(['W']);
    expect(exactSpectralNorm(W, 7, 4)).toBeLessThanOrEqual(spectralBound(Float64Array.from(W), 0.5, 1e-6));
  });

  it('returns a new tensor with the same values when the weight already satisfies the bound', () => {
    const W = wave([4, 12], 1, 0.01);
    const P = spectralNorm().apply(W);
    expect(P).not.toBe(W);
    expect(P.dataSync()).toEqual(W.dataSync());
  });

  it('warm-starts each variable from its previous application', () => {
    const v = tf.variable(kernel(), true, 'warm-kernel');
    const other = tf.variable(wave([3, 9], 8, 2), true, 'warm-other');
    const c = spectralNorm();
    v.assign(c.apply(v));
    const cold = c.lastApplied[0]!.iterations;
    other.assign(c.apply(other));
    v.assign(tf.add(v, wave([u, 3 * u], 9, 0.01)));
    v.assign(c.apply(v));
    expect(c.lastApplied[0]!.iterations).toBeLessThan(cold);
    expect(blockNorm(gateBlock(v, 2))).toBeLessThanOrEqual(spectralBound(gateBlock(v, 2), 1.8, 1e-6));
  });

  it('leaks no tensor', () => {
    const c = spectralNorm({ blocks: 'all' });
    const K = kernel();
    c.apply(K).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) c.apply(K).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    [() => spectralNorm().apply(tf.zeros([4])), 'spectralNorm: expected a 2-D weight, got shape [4]'],
    [() => spectralNorm().apply(tf.zeros([4, 5])), "spectralNorm: blocks 'candidate' expects a GRU recurrent kernel of shape [units, 3 * units] (gates [z | r | h]), got [4, 5]; use blocks 'whole' for other weights"],
    [() => spectralNorm().apply(tf.tensor2d([[0, 0, NaN]])), /W: singular values are not finite/],
    [() => spectralNorm().apply(tf.zeros([1, 3], 'int32')), "spectralNorm: weight: expected dtype 'float32', got 'int32'"],
    [() => spectralNorm({ maxNorm: 0 }), 'maxNorm: expected a finite number > 0, got 0'],
    [() => spectralNorm({ tol: 1 }), 'tol: expected a number in (0, 1), got 1'],
    [() => spectralNorm({ blocks: 'gates' as never }), "spectralNorm: option 'blocks' must be one of candidate, all, whole, got gates"],
    [() => spectralNorm({ bound: 2 } as never), "spectralNorm: unknown option 'bound'; expected one of maxNorm, blocks, tol, maxIterations, seed"],
  ])('rejects bad input with a message naming it (%#)', (run, message) => {
    expect(run).toThrow(message);
  });

  it('round-trips through getConfig and the registered fromConfig', () => {
    const c = spectralNorm({ maxNorm: 1.2, blocks: 'all', tol: 1e-5, maxIterations: 50, seed: 3 });
    expect(c.getConfig()).toEqual({ maxNorm: 1.2, blocks: 'all', tol: 1e-5, maxIterations: 50, seed: 3 });
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap['stablegrad.SpectralNorm']!;
    expect(cls).toBe(SpectralNormLayerConstraint);
    const copy = fromConfig(cls, { ...c.getConfig(), customObjects: {} });
    expect(copy).toBeInstanceOf(SpectralNormLayerConstraint);
    expect(copy.getConfig()).toEqual(c.getConfig());
    expect(spectralNorm().getConfig()).toEqual({ maxNorm: 1.8, blocks: 'candidate', tol: 1e-6, maxIterations: 1000, seed: 1 });
  });

  it('is a tfjs-layers constraint: a GRU takes it, serialises it with the model and applies it in setWeights', async () => {
    const model = gruModel({ units: u, steps: 3, features: 2, recurrentScale: 2, recurrentConstraint: spectralNorm({ maxNorm: 1.5 }) });
    const copy = await tfl.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as never });
    const cell = (copy.layers[0] as tfl.RNN).cell as unknown as { recurrentConstraint: unknown };
    expect(cell.recurrentConstraint).toBeInstanceOf(SpectralNormLayerConstraint);
    expect((cell.recurrentConstraint as SpectralNormLayerConstraint).getConfig().maxNorm).toBe(1.5);
    const recurrent = () => copy.layers[0]!.getWeights()[1]!;
    copy.layers[0]!.setWeights(copy.layers[0]!.getWeights().map((w, i) => (i === 1 ? kernel() : w)));
    expect(blockNorm(gateBlock(recurrent(), 2))).toBeLessThanOrEqual(spectralBound(gateBlock(recurrent(), 2), 1.5, 1e-6));
  });
});
