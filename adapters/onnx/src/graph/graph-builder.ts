/**
 * Accumulates the nodes and constants of one ONNX graph.
 *
 * @module
 */
import type { DType } from '@stablegrad/core';
import { NameTable } from './names.js';
import { elemTypeOf, onnx, type OnnxTypes } from './onnx-proto.js';

/** An integer attribute of a node (`to` of `Cast`, `keepdims` of a reduction). */
export interface IntAttribute {
  /** Attribute name. */
  readonly name: string;
  /** Its value. */
  readonly value: number;
}

/** The little-endian bytes of `value` as one element of `dtype`. */
function scalarBytes(value: number, dtype: DType): Uint8Array {
  const data = dtype === 'float64' ? Float64Array.of(value) : Float32Array.of(value);
  return new Uint8Array(data.buffer);
}

/**
 * Nodes in the order they are added, constants as scalar initializers (one per distinct value and
 * dtype, stored bit for bit in `raw_data`), and the table of every value name defined so far.
 */
export class GraphBuilder {
  /** The nodes, in order. */
  readonly nodes: OnnxTypes.INodeProto[] = [];
  /** The constant initializers. */
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  /** Every value name defined in the graph. */
  readonly names = new NameTable();
  private readonly constants = new Map<string, string>();

  /**
   * Adds a node of the default domain.
   *
   * @param opType - the operator (`Add`, `Sqrt`, `Cast`, ...)
   * @param inputs - names of already defined values
   * @param output - the name of the value it defines
   * @param what - what the output is, for errors on duplicate names
   * @returns `output`
   */
  node(opType: string, inputs: readonly string[], output: string, what: string, attributes: readonly IntAttribute[] = []): string {
    this.names.define(output, what);
    this.nodes.push({
      opType,
      domain: '',
      name: output,
      input: [...inputs],
      output: [output],
      ...(attributes.length > 0
        ? { attribute: attributes.map((a) => ({ name: a.name, type: onnx.AttributeProto.AttributeType.INT, i: a.value })) }
        : {}),
    });
    return output;
  }

  /**
   * The name of a scalar (`[]`) initializer holding `value` in `dtype`, added on first use.
   * `value` is rounded to `dtype` once, as the reference backends round literals.
   */
  constant(value: number, dtype: DType): string {
    const bytes = scalarBytes(value, dtype);
    const key = `${dtype}:${Array.from(bytes).join(',')}`;
    let name = this.constants.get(key);
    if (name === undefined) {
      name = this.names.define(`const_${this.constants.size}`, `the constant ${value}`);
      this.constants.set(key, name);
      this.initializers.push({ name, dataType: elemTypeOf(dtype), dims: [], rawData: bytes });
    }
    return name;
  }
}
