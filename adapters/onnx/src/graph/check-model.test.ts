import { describe, expect, it } from 'vitest';
import { compileRule } from '@stablegrad/core/testing';
import { buildStepModel } from './build-step-model.js';
import { checkModel } from './check-model.js';
import { DOUBLE, FLOAT, onnx, type OnnxTypes } from './onnx-proto.js';

const sgd = compileRule('sgd', { momentum: 0.9 });
const valid = (): OnnxTypes.IModelProto =>
  buildStepModel({ program: sgd.program, slots: sgd.slots, tensors: [{ name: 'w', shape: [2, 3] }], dtype: 'float32' }).model;

/** A copy of a valid model changed by `edit`. */
function broken(edit: (m: OnnxTypes.ModelProto) => void): OnnxTypes.ModelProto {
  const m = onnx.ModelProto.decode(onnx.ModelProto.encode(valid()).finish());
  edit(m);
  return m;
}

describe('checkModel', () => {
  it('finds nothing wrong with a step model, decoded or as bytes', () => {
    expect(checkModel(valid())).toEqual([]);
    expect(checkModel(onnx.ModelProto.encode(valid()).finish())).toEqual([]);
  });

  it('requires IR 7 and the default opset at version 13 or later', () => {
    expect(checkModel(broken((m) => (m.irVersion = 6)))).toContain('ir_version: expected at least 7 (opset 13 needs it), got 6');
    expect(checkModel(broken((m) => (m.opsetImport[0]!.version = 12)))).toContain('opset_import: ai.onnx version 12 is below 13');
    expect(checkModel(broken((m) => (m.opsetImport = [])))).toContain('opset_import: the default domain (ai.onnx) is not imported');
    expect(checkModel(broken((m) => (m.graph!.node![0]!.domain = 'com.example')))[0]).toMatch(/domain 'com.example' is not the standard ai.onnx domain/);
  });

  it('requires nodes in topological order and every value defined once', () => {
    const swapped = broken((m) => m.graph!.node!.reverse());
    expect(checkModel(swapped).some((p) => /is not defined before this node/.test(p))).toBe(true);
    const twice = broken((m) => m.graph!.node!.push(onnx.NodeProto.create({ opType: 'Neg', input: ['w'], output: ['w__new'] })));
    expect(checkModel(twice)).toContain("node 4 (Neg '') output 'w__new': defined more than once");
    const missing = broken((m) => m.graph!.node!.pop());
    expect(checkModel(missing)).toContain("graph output 'w__new': not computed by any node");
  });

  it('requires C90 identifiers', () => {
    const renamed = broken((m) => {
      m.graph!.input![0]!.name = 'w/param';
    });
    expect(checkModel(renamed)).toContain("graph input 'w/param': not a C90 identifier");
  });

  it('infers types and shapes and compares them with the declared outputs', () => {
    const mixed = broken((m) => (m.graph!.input![1]!.type!.tensorType!.elemType = DOUBLE));
    expect(checkModel(mixed).some((p) => /inputs mix (float and double|double and float)/.test(p))).toBe(true);
    const reshaped = broken((m) => (m.graph!.output![0]!.type!.tensorType!.shape!.dim = [{ dimValue: 6 }]));
    expect(checkModel(reshaped)).toContain("graph output 'w__new': declared float [6], computed float [2, 3]");
    const unbroadcastable = broken((m) => (m.graph!.input![1]!.type!.tensorType!.shape!.dim = [{ dimValue: 4 }]));
    expect(checkModel(unbroadcastable).some((p) => /do not broadcast/.test(p))).toBe(true);
    const symbolic = broken((m) => (m.graph!.input![0]!.type!.tensorType!.shape!.dim = [{ dimParam: 'n' }, { dimValue: 3 }]));
    expect(checkModel(symbolic)).toContain("graph input 'w': every dimension must be a fixed non-negative size in a step model");
  });

  it('checks operators, their attributes and initializers', () => {
    const unknown = broken((m) => (m.graph!.node![0]!.opType = 'Gemm'));
    expect(checkModel(unknown)[0]).toMatch(/operator 'Gemm' is not one this checker knows/);
    const cast = broken((m) => m.graph!.node!.unshift(onnx.NodeProto.create({ opType: 'Cast', input: ['w'], output: ['c'] })));
    expect(checkModel(cast)[0]).toMatch(/attribute 'to' must be float or double, is missing/);
    const short = broken((m) => m.graph!.initializer!.push(onnx.TensorProto.create({ name: 'k', dataType: FLOAT, dims: [2], rawData: new Uint8Array(4) })));
    expect(checkModel(short)).toContain("initializer 'k': shape [2] needs 2 element(s), holds 1");
  });
});
