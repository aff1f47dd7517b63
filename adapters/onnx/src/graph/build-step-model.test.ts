import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULE_CONFIGS, USER_RULE, compileRule } from '@stablegrad/core/testing';
import { buildStepModel } from './build-step-model.js';
import { checkModel } from './check-model.js';
import { isIdentifier } from './names.js';
import { DOUBLE, FLOAT, onnx } from './onnx-proto.js';

const sdprop = compileRule('sdprop');
const build = (over: Partial<Parameters<typeof buildStepModel>[0]> = {}) =>
  buildStepModel({ program: sdprop.program, slots: sdprop.slots, tensors: [{ name: 'w', shape: [3, 5] }, { name: 'b', shape: [7] }], dtype: 'float32', ...over });

describe('buildStepModel', () => {
  it('imports ai.onnx opset 13 at IR 7 and uses only standard operators', () => {
    const { model } = build();
    expect(model.irVersion).toBe(7);
    expect(model.opsetImport).toEqual([{ domain: '', version: 13 }]);
    for (const n of model.graph!.node!) expect(n.domain).toBe('');
    expect(model.graph!.name).toBe('sdprop_step');
  });

  it('names inputs and outputs stably, parameter by parameter', () => {
    const { model, layout } = build();
    expect(model.graph!.input!.map((v) => v.name)).toEqual([
      'w', 'w__grad', 'w__mu', 'w__c', 'b', 'b__grad', 'b__mu', 'b__c',
      'scalar__gamma', 'scalar__gammaOneMinusGamma', 'scalar__oneMinusGamma', 'scalar__eps', 'scalar__lrT',
    ]);
    expect(model.graph!.output!.map((v) => v.name)).toEqual(['w__new', 'w__mu__new', 'w__c__new', 'b__new', 'b__mu__new', 'b__c__new']);
    expect(layout.params[0]).toEqual({
      name: 'w', shape: [3, 5], param: 'w', grad: 'w__grad', slots: { mu: 'w__mu', c: 'w__c' }, newParam: 'w__new', newSlots: { mu: 'w__mu__new', c: 'w__c__new' },
    });
    expect(layout.scalars.lrT).toBe('scalar__lrT');
    expect(layout.globalNorm).toBeUndefined();
  });

  it('gives tensors their shapes and dtype, and scalars the shape []', () => {
    for (const [dtype, elem] of [['float32', FLOAT], ['float64', DOUBLE]] as const) {
      const { model } = build({ dtype });
      const byName = Object.fromEntries(model.graph!.input!.map((v) => [v.name, v.type!.tensorType!]));
      expect(byName.w!.elemType).toBe(elem);
      expect(byName.w!.shape!.dim!.map((d: { dimValue?: unknown }) => d.dimValue)).toEqual([3, 5]);
      expect(byName.scalar__lrT!.shape!.dim).toEqual([]);
      expect(byName.scalar__lrT!.elemType).toBe(elem);
    }
  });

  it("emits one node per arithmetic instruction, in the program's order, for each parameter in turn", () => {
    const { model } = build();
    const ops = sdprop.program.instrs.filter((i) => !['input', 'scalar', 'literal'].includes(i.op)).map((i) => i.op);
    const expected = ops.map((op) => op[0]!.toUpperCase() + op.slice(1));
    const nodes = model.graph!.node!.map((n) => n.opType);
    expect(nodes).toEqual([...expected, ...expected]);
    const last = model.graph!.node!.slice(0, expected.length).map((n) => n.output![0]);
    expect(last).toContain('w__new');
    expect(last).toContain('w__mu__new');
    expect(last).toContain('w__c__new');
  });

  it('stores literals as scalar initializers, bit for bit, once per value', () => {
    const user = compileRule(USER_RULE);
    const { model } = buildStepModel({ program: user.program, slots: user.slots, tensors: [{ name: 'w', shape: [4] }, { name: 'v', shape: [2] }], dtype: 'float32' });
    const init = model.graph!.initializer!;
    expect(new Set(init.map((t) => t.name)).size).toBe(init.length);
    const values = init.map((t) => new Float32Array(new Uint8Array(t.rawData!).buffer)[0]);
    expect(values).toContain(3);
    expect(values).toContain(Math.fround(1e-3));
    for (const t of init) expect(t.dims).toEqual([]);
  });

  it('copies an output that is an input with Identity', () => {
    const user = compileRule(USER_RULE);
    const { model } = buildStepModel({ program: user.program, slots: user.slots, tensors: [{ name: 'w', shape: [4] }], dtype: 'float32' });
    const identity = model.graph!.node!.filter((n) => n.opType === 'Identity');
    expect(identity.map((n) => [n.input, n.output])).toEqual([[['w__kept'], ['w__kept__new']]]);
  });

  it('clips by the global norm ahead of the update when asked, in float64', () => {
    const { model, layout } = build({ clipByGlobalNorm: 1 });
    expect(layout.globalNorm).toBe('global_norm');
    const out = model.graph!.output!.find((o) => o.name === 'global_norm')!;
    expect(out.type!.tensorType!.elemType).toBe(DOUBLE);
    const ops = model.graph!.node!.map((n) => n.opType);
    expect(ops.slice(0, 5)).toEqual(['Cast', 'Cast', 'ReduceSumSquare', 'ReduceSumSquare', 'Add']);
    const firstUpdate = model.graph!.node!.find((n) => n.output![0] === '_t0_v5')!;
    expect(firstUpdate.input).toEqual(['_clip_g0', 'w__mu']);
    expect(checkModel(model)).toEqual([]);
  });

  it('passes the checker for every rule, dtype and clipping, and round-trips through protobuf', () => {
    for (const [id, hyper] of [...RULE_CONFIGS, [USER_RULE, {}] as const]) {
      const c = compileRule(id, hyper);
      for (const dtype of ['float32', 'float64'] as const) {
        for (const clip of [undefined, 0.5]) {
          const { model } = buildStepModel({ program: c.program, slots: c.slots, tensors: [{ name: 'x', shape: [2, 3] }, { name: 'y', shape: [] }], dtype, ...(clip ? { clipByGlobalNorm: clip } : {}) });
          const bytes = onnx.ModelProto.encode(model).finish();
          expect(checkModel(bytes), `${c.rule.id} ${dtype} clip ${clip}`).toEqual([]);
        }
      }
    }
  });

  it('makes any parameter names into distinct identifiers, or says which ones collide', () => {
    const names = fc.uniqueArray(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(names, (list) => {
        try {
          const { model } = build({ tensors: list.map((name) => ({ name, shape: [2] })) });
          expect(checkModel(model)).toEqual([]);
          for (const v of [...model.graph!.input!, ...model.graph!.output!]) expect(isIdentifier(v.name!)).toBe(true);
        } catch (e) {
          expect((e as Error).message).toMatch(/the value name '.*' is already used by/);
        }
      }),
    );
    expect(() => build({ tensors: [{ name: 'a.b', shape: [1] }, { name: 'a_b', shape: [1] }] })).toThrow(
      "parameter 'a_b': the value name 'a_b' is already used by parameter 'a.b'; rename one of them",
    );
  });

  it('refuses an empty parameter set', () => {
    expect(() => build({ tensors: [] })).toThrow('params: expected at least one parameter');
  });
});
