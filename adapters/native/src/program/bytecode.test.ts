import { describe, expect, it } from 'vitest';
import { sgd, traceRule } from '@stablegrad/core';
import { USER_RULE } from '@stablegrad/core/testing';
import { OPCODES, encodeProgram } from './bytecode.js';

describe('encodeProgram', () => {
  it('encodes sgd as three integers per instruction', () => {
    const program = traceRule(sgd, sgd.resolve({ lr: 0.1 }));
    const bc = encodeProgram(program);
    // param, grad, lr, lr * grad, param - that
    expect(Array.from(bc.code)).toEqual([OPCODES.input, 0, 0, OPCODES.input, 1, 0, OPCODES.scalar, 0, 0, OPCODES.mul, 2, 1, OPCODES.sub, 0, 3]);
    expect(Array.from(bc.outputs)).toEqual([4]);
    expect(bc.literals).toHaveLength(0);
  });

  it('collects literals and indexes them', () => {
    const program = traceRule(USER_RULE, USER_RULE.resolve({}));
    const bc = encodeProgram(program);
    expect(Array.from(bc.literals)).toEqual([3, 1e-3]);
    const literalOperands = program.instrs.flatMap((ins, i) => (ins.op === 'literal' ? [bc.code[3 * i + 1]] : []));
    expect(literalOperands).toEqual([0, 1]);
    expect(bc.outputs).toHaveLength(4);
  });
});
