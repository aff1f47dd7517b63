import { describe, expect, it } from 'vitest';
import { projectSpectralNorm } from '../constraints/project-spectral-norm.js';
import { referenceLinAlg } from '../linalg/reference-linalg.js';
import type { HostTensor } from '../tensor.js';
import { gaussianMatrix, normalSource } from '../testing/index.js';
import { timedLinAlg, type TimedMethod } from './session-timing.js';
import type { SessionWork, WorkEntry } from './session-work.js';

/** The entries of `work` as `kind k steps fast x count` lines, sorted. */
function lines(work: SessionWork): string[] {
  return [...work.values()].map((e: WorkEntry) => `${e.kind} ${e.method} ${e.m}x${e.n} k=${e.k} steps=${e.steps} fast=${e.fast} x${e.count}`).sort();
}

describe('the work log of timedLinAlg', () => {
  it('counts the dense work of each call by kind and shape', () => {
    const work: SessionWork = new Map();
    const la = timedLinAlg(referenceLinAlg, new Map<TimedMethod, number>(), work);
    const W: HostTensor = { shape: [12, 10], data: gaussianMatrix(12, 10, 1, normalSource(3)) };
    const session = la.spectralSession(W, 1);
    session.setBlock(gaussianMatrix(10, 3, 1, normalSource(5)), 3);
    // A fresh block: all 4 products; A is formed by this first product.
    session.filter({ degree: 4, edge: 1, top: 20 }, 'fast');
    session.rayleighRitz();
    // Right after a Rayleigh-Ritz step the first product is its A X: 2 more.
    session.filter({ degree: 3, edge: 1, top: 20 }, 'exact');
    session.rayleighRitz();
    const run = session.complementLanczos(gaussianMatrix(10, 1, 1, normalSource(7)), 4);
    session.residualNormSquared(0, 2, Float64Array.of(1, 1));
    session.project(1, 0.5);
    session.appendColumns(gaussianMatrix(10, 1, 1, normalSource(9)), 1);
    // After new columns, a filter has no A X to start from.
    session.filter({ degree: 2, edge: 1, top: 20 }, 'fast');
    session.dispose();
    expect(run.alpha.length).toBe(4);
    expect(lines(work)).toEqual([
      'filterProduct filter 12x10 k=3 steps=0 fast=false x2',
      'filterProduct filter 12x10 k=3 steps=0 fast=true x4',
      'filterProduct filter 12x10 k=4 steps=0 fast=true x2',
      'gram filter 12x10 k=10 steps=0 fast=false x1',
      // The reference session runs Lanczos in float64.
      'lanczos complementLanczos 12x10 k=3 steps=4 fast=false x1',
      'project project 12x10 k=1 steps=0 fast=false x1',
      'rayleighRitz rayleighRitz 12x10 k=3 steps=0 fast=false x2',
      'residualNorm residualNormSquared 12x10 k=2 steps=0 fast=false x1',
    ]);
  });

  it('counts A once per session, against the first call that multiplies by it', () => {
    const work: SessionWork = new Map();
    const la = timedLinAlg(referenceLinAlg, new Map<TimedMethod, number>(), work);
    const W: HostTensor = { shape: [8, 6], data: gaussianMatrix(8, 6, 1, normalSource(11)) };
    for (let i = 0; i < 2; i++) {
      const session = la.spectralSession(W, 1);
      session.setBlock(gaussianMatrix(6, 2, 1, normalSource(13)), 2);
      session.rayleighRitz();
      session.filter({ degree: 2, edge: 0.5, top: 10 }, 'fast');
      session.dispose();
    }
    expect(lines(work)).toEqual([
      'filterProduct filter 8x6 k=2 steps=0 fast=true x2',
      'gram rayleighRitz 8x6 k=6 steps=0 fast=false x2',
      'rayleighRitz rayleighRitz 8x6 k=2 steps=0 fast=false x2',
    ]);
  });

  it('counts nothing for calls that fail, and leaves the projection as it was', () => {
    const work: SessionWork = new Map();
    const la = timedLinAlg(referenceLinAlg, new Map<TimedMethod, number>(), work);
    const W: HostTensor = { shape: [30, 20], data: gaussianMatrix(30, 20, 3 / Math.sqrt(30), normalSource(4)) };
    const session = la.spectralSession(W, 1);
    expect(() => session.project(1, 1)).toThrow(/no Rayleigh-Ritz step/);
    session.dispose();
    expect(work.size).toBe(0);
    const logged = projectSpectralNorm(la, W, 1.8, { tol: 1e-8 });
    const plain = projectSpectralNorm(referenceLinAlg, W, 1.8, { tol: 1e-8 });
    expect(logged.W.data).toEqual(plain.W.data);
    const entries = [...work.values()];
    expect(entries.filter((e) => e.kind === 'gram').map((e) => e.count)).toEqual([1]);
    expect(entries.filter((e) => e.kind === 'project').map((e) => e.k)).toEqual([plain.singularValues.length]);
  });
});
