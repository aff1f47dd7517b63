import { describe, expect, it } from 'vitest';
import { VectorFormatError, validateVectorFile } from './format.js';
import { sampleVectorFile } from './test-support/sample-file.js';

describe('validateVectorFile', () => {
  it('accepts a file of every set kind', () => {
    const f = validateVectorFile(sampleVectorFile(), 'sample.json');
    expect(f.sets.length).toBe(7);
    expect(new Set(f.sets.map((s) => s.kind))).toEqual(new Set(['optimizer', 'gradient-transform', 'constraint']));
  });

  const cases: [string, (j: any) => void, string][] = [
    ['wrong format tag', (j) => (j.format = 'other/1'), 'format: expected "stablegrad-vectors/1"'],
    ['sets not an array', (j) => (j.sets = {}), 'sets: expected an array of sets'],
    ['unknown kind', (j) => (j.sets[2].kind = 'metric'), 'sets[2].kind: expected "optimizer", "gradient-transform" or "constraint"'],
    ['unknown rule', (j) => (j.sets[0].rule = 'adamw'), 'sets[0].rule: expected one of sgd, rmsprop, adam, sdprop, adastand'],
    ['bad dtype', (j) => (j.sets[1].dtype = 'float16'), 'sets[1].dtype: expected "float32" or "float64"'],
    ['hyper out of range', (j) => (j.sets[2].hyper.gamma = 1.5), "sets[2].hyper: expected valid hyperparameters (sdprop: hyperparameter 'gamma' must be a finite number in [0, 1), got 1.5)"],
    ['negative tolerance', (j) => (j.sets[3].tolerance.rel = -1), 'sets[3].tolerance.rel: expected a finite number >= 0'],
    ['short init', (j) => j.sets[0].params.w.init.pop(), 'sets[0].params.w.init: expected 15 numbers (the size of its shape), got 14'],
    ['gradient of unknown parameter', (j) => (j.sets[4].steps[3].grads.x = [1]), 'sets[4].steps[3].grads.x: expected one of the parameters w, b, e'],
    ['missing expectation', (j) => delete j.sets[4].steps[0].expect.b, 'sets[4].steps[0].expect.b: expected an entry (every parameter needs one)'],
    ['string in data', (j) => (j.sets[4].steps[0].grads.w[2] = '1'), 'sets[4].steps[0].grads.w[2]: expected a number'],
    ['non-matrix constraint input', (j) => (j.sets[6].cases[1].input.W.shape = [16]), 'sets[6].cases[1].input.W.shape: expected a matrix shape [rows, cols]'],
    ['unknown constraint', (j) => (j.sets[6].name = 'frobenius'), 'sets[6].name: expected one of spectralNorm'],
    ['bad maxNorm', (j) => (j.sets[5].hyper.maxNorm = 0), 'sets[5].hyper.maxNorm: expected a finite number > 0'],
  ];
  it.each(cases)('refuses %s, naming the set and field', (_, mutate, message) => {
    const j = sampleVectorFile();
    mutate(j);
    let err: unknown;
    try {
      validateVectorFile(j, 'mine.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VectorFormatError);
    expect((err as Error).message).toBe(`mine.json: ${message}`);
  });
});
