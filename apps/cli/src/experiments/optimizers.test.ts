import { describe, expect, it } from 'vitest';
import { getRule } from '@stablegrad/core';
import { OPTIMIZERS, optimizerSpec, stabiliserSpec } from './optimizers.js';

describe('OPTIMIZERS', () => {
  it('names core rules with hyperparameters those rules accept', () => {
    for (const spec of Object.values(OPTIMIZERS)) expect(() => getRule(spec.rule).resolve({ ...spec.hyper, lr: 0.1 })).not.toThrow();
    expect(optimizerSpec('sgd-momentum')).toEqual({ name: 'sgd-momentum', rule: 'sgd', hyper: { momentum: 0.9 } });
  });

  it('rejects an unknown name, listing the known ones', () => {
    expect(() => optimizerSpec('adagrad')).toThrow(/optimizer: unknown optimizer 'adagrad'; expected one of sdprop, adastand/);
  });
});

describe('stabiliserSpec', () => {
  it('reads every form', () => {
    expect(stabiliserSpec('none')).toEqual({ name: 'none' });
    expect(stabiliserSpec('clip-0.5')).toEqual({ name: 'clip-0.5', clipNorm: 0.5 });
    expect(stabiliserSpec('spectral')).toEqual({ name: 'spectral', spectralBound: 1.8 });
    expect(stabiliserSpec('spectral-1.5')).toEqual({ name: 'spectral-1.5', spectralBound: 1.5 });
    expect(stabiliserSpec('spectral+clip-1')).toEqual({ name: 'spectral+clip-1', clipNorm: 1, spectralBound: 1.8 });
    expect(stabiliserSpec('clip-5+spectral-1.9')).toEqual({ name: 'clip-5+spectral-1.9', clipNorm: 5, spectralBound: 1.9 });
  });

  it('rejects anything else, naming the parameter', () => {
    for (const bad of ['', 'clip', 'clip-0', 'clip-x', 'spectral-', 'spectral+spectral', 'none+clip-1', 'clip-1+clip-2', 'spectral-inf']) {
      expect(() => stabiliserSpec(bad)).toThrow(/^stabiliser: cannot read/);
    }
  });
});
