import { describe, expect, it } from 'vitest';
import { parseHyper, parseParam } from './parse.js';

describe('command-line values', () => {
  it('reads NAME:DIMS', () => {
    expect(parseParam('w:3x5')).toEqual(['w', [3, 5]]);
    expect(parseParam('b:7')).toEqual(['b', [7]]);
    expect(parseParam('gain:scalar')).toEqual(['gain', []]);
    expect(parseParam('layer.0/kernel:2x0')).toEqual(['layer.0/kernel', [2, 0]]);
    expect(parseParam('ns:w:4')).toEqual(['ns:w', [4]]);
    expect(() => parseParam('w')).toThrow('--param w: expected NAME:DIMS, such as w:3x5, b:7 or s:scalar');
    expect(() => parseParam('w:3x')).toThrow("--param w:3x: the dimensions '3x' are not non-negative integers joined by 'x'");
    expect(() => parseParam('w:')).toThrow("--param w:: the dimensions '' are not non-negative integers joined by 'x' (write 'scalar' for shape [])");
    expect(() => parseParam(':3')).toThrow('--param :3: expected NAME:DIMS');
    expect(() => parseParam('w:3x-1')).toThrow("--param w:3x-1: the dimensions '3x-1' are not non-negative integers joined by 'x'");
    expect(() => parseParam('w:3*5')).toThrow(/are not non-negative integers/);
  });

  it('reads KEY=VALUE as a number or a switch', () => {
    expect(parseHyper('lr=0.01')).toEqual(['lr', 0.01]);
    expect(parseHyper('eps=1e-8')).toEqual(['eps', 1e-8]);
    expect(parseHyper('biasCorrection=false')).toEqual(['biasCorrection', false]);
    expect(parseHyper('nesterov=true')).toEqual(['nesterov', true]);
    expect(() => parseHyper('lr')).toThrow('--hyper lr: expected KEY=VALUE, such as lr=0.01');
    expect(() => parseHyper('lr=')).toThrow("--hyper lr=: '' is neither a decimal number (0.01, 1e-3) nor true/false");
    expect(() => parseHyper('lr=fast')).toThrow("--hyper lr=fast: 'fast' is neither a decimal number");
    expect(() => parseHyper('lr=0x10')).toThrow("--hyper lr=0x10: '0x10' is neither a decimal number");
    expect(() => parseHyper('lr= 1')).toThrow("--hyper lr= 1: ' 1' is neither a decimal number");
  });
});
