import * as tf from '@tensorflow/tfjs-core';
import { numberOps } from '@stablegrad/core';
import { describe, expect, it } from 'vitest';
import { TFJS_BACKENDS } from '../test-support/tfjs-setup.js';
import { EQUAL_OPERANDS_DIVIDE_TO_ONE, guardedDiv } from './division.js';
import { onBackend } from './on-backend.js';

const values = [0, -0, 1, -1, 2.5, 2 ** -149, -(2 ** -126), 3.4028234663852886e38, Infinity, -Infinity, NaN];
const a = values.flatMap((x) => values.map(() => x));
const b = values.flatMap(() => values);
const ieee = numberOps(Math.fround, {});

describe.each(TFJS_BACKENDS)('guardedDiv on tfjs %s', (name) => {
  it('gives the IEEE quotient of every pair, equal operands included (0/0 and inf/inf are NaN)', () => {
    const got = onBackend(name, () => tf.tidy(() => guardedDiv(tf.tensor1d(a, 'float32'), tf.tensor1d(b, 'float32')).dataSync()));
    a.forEach((x, i) => {
      const want = ieee.div(x, b[i]!);
      expect(Object.is(got[i], want) || (Number.isNaN(got[i]!) && Number.isNaN(want)), `${x} / ${b[i]}: got ${got[i]}, expected ${want}`).toBe(true);
    });
  });
});

describe('EQUAL_OPERANDS_DIVIDE_TO_ONE', () => {
  it('names webgl only', () => {
    expect([...EQUAL_OPERANDS_DIVIDE_TO_ONE]).toEqual(['webgl']);
  });
});
