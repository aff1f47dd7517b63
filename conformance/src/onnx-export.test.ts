import { readFileSync } from 'node:fs';
import type { OptimizerSet } from '@stablegrad/core';
import { USER_RULE } from '@stablegrad/core/testing';
import { checkExportedModel, exportStepModel } from '@stablegrad/onnx';
import { describe, expect, it } from 'vitest';
import { BUILTIN_VECTORS, HELDOUT_VECTORS } from './data.js';

const read = (path: string): { sets: OptimizerSet[] } => JSON.parse(readFileSync(path, 'utf8'));
/** Sets computed by numpy from the rules' recurrences, with hyperparameters and shapes the built-in file lacks. */
const heldOut = read(HELDOUT_VECTORS);
const builtin = read(BUILTIN_VECTORS);

/** A model exported for exactly the rule, hyperparameters, shapes and dtype of `set`. */
const modelFor = (set: OptimizerSet): Uint8Array =>
  exportStepModel(set.rule, Object.fromEntries(Object.entries(set.params).map(([k, p]) => [k, p.shape])), { hyper: set.hyper, dtype: set.dtype });

describe("@stablegrad/onnx's exported step models against the shipped vector files (checkExportedModel)", () => {
  it.each([
    ['held-out', heldOut],
    ['built-in', builtin],
  ] as const)('passes every %s optimizer set with a model exported for it, 0 ulp from the reference', (_, file) => {
    file.sets.forEach((set, i) => {
      if (set.kind !== 'optimizer') return;
      const { problems, rows } = checkExportedModel(modelFor(set), file);
      expect(problems).toEqual([]);
      const row = rows[i]!;
      expect(row.status, `sets[${i}] ${set.rule} ${set.dtype}: ${row.reason ?? ''}`).toBe('passed');
      expect(row.maxUlp).toBe(0);
      expect(row.worst).toBeGreaterThanOrEqual(0);
    });
  });

  it('skips sets for another rule, other hyperparameters or parameters, and sets of other kinds, saying why', () => {
    const { rows } = checkExportedModel(exportStepModel('sdprop', { w: [3, 5], b: [7], e: [64] }), builtin);
    const reasons = rows.map((r) => `${r.status}: ${r.reason ?? ''}`);
    expect(reasons[0]).toBe("skipped: the set is for rule 'adam', the model for 'sdprop'");
    expect(reasons[17]).toBe('passed: ');
    expect(reasons[18]).toBe("skipped: hyperparameter 'lr' is 0.0001 in the set, 0.001 in the model");
    expect(reasons[24]).toBe('skipped: a gradient-transform set; an exported step model is checked against optimizer sets');
    const other = checkExportedModel(exportStepModel('sdprop', { w: [3, 5], b: [8], e: [64] }), builtin).rows[17]!;
    expect(other.reason).toBe('parameter \'b\' has shape [7] in the set, [8] in the model');
    const clipped = checkExportedModel(exportStepModel('sdprop', { w: [3, 5], b: [7], e: [64] }, { clipByGlobalNorm: 1 }), builtin).rows[17]!;
    expect(clipped.reason).toBe('the model clips gradients by their global norm; optimizer sets are unclipped');
  });

  it('fails a set whose expectations the model does not reproduce', () => {
    const set = heldOut.sets[7]!;
    const wrong = { ...set, steps: set.steps.map((s, t) => (t === 5 ? { ...s, expect: { ...s.expect, bias: s.expect.bias!.map((x) => x * (1 + 1e-4)) } } : s)) };
    const { rows } = checkExportedModel(modelFor(set), { format: 'stablegrad-vectors/1', sets: [wrong] });
    expect(rows[0]).toMatchObject({ status: 'failed', maxUlp: 0, reason: 'error above tolerance' });
    expect(rows[0]!.worst).toBeGreaterThan(1);
  });

  it('checks models of user-defined rules when given the rule', () => {
    const bytes = exportStepModel(USER_RULE, { w: [2] });
    expect(() => checkExportedModel(bytes, { format: 'stablegrad-vectors/1', sets: [] })).toThrow(`rule: unknown rule '${USER_RULE.id}'`);
    const set = { kind: 'optimizer', rule: USER_RULE.id, hyper: {}, dtype: 'float32', tolerance: { rel: 0, abs: 0 }, params: { w: { shape: [2], init: [1, -1] } }, steps: [{ grads: { w: [0.5, 4] }, expect: { w: [0.9, -1] } }] };
    const { rows } = checkExportedModel(bytes, { format: 'stablegrad-vectors/1', sets: [set] }, { rule: USER_RULE });
    expect(rows[0]).toMatchObject({ status: 'failed', maxUlp: 0 });
  });

  it('names the malformed field of a vector file', () => {
    const bytes = exportStepModel('sgd', { w: [2] });
    expect(() => checkExportedModel(bytes, { format: 'other', sets: [] })).toThrow('format: expected "stablegrad-vectors/1"');
    const set = { ...builtin.sets[10]!, steps: [{ grads: { w: [1] }, expect: {} }] };
    expect(() => checkExportedModel(bytes, { format: 'stablegrad-vectors/1', sets: [set] })).toThrow('sets[0].steps[0].grads.b: expected an entry (every parameter needs one)');
  });
});
