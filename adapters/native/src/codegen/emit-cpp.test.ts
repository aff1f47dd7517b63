import { describe, expect, it } from 'vitest';
import { sdprop, traceRule } from '@stablegrad/core';
import { loadAddon } from '../addon/load.js';
import { USER_RULE } from '@stablegrad/core/testing';
import { programKey } from './program-key.js';
import { cppLiteral, emitKernel, emitKernelHeader } from './emit-cpp.js';
import { kernelVariants } from './structural-variants.js';

describe('emitKernel', () => {
  it('writes sdprop as one statement per instruction, in the traced order', () => {
    const program = traceRule(sdprop, sdprop.resolve());
    const text = emitKernel(3, { key: programKey(program), program, configurations: ['sdprop {}'] });
    expect(text).toContain('struct Kernel3 {');
    expect(text).toContain('static constexpr int inputs = 4;');
    expect(text).toContain('static constexpr int outputs = 3;');
    expect(text).toContain('static constexpr int scalars = 5;');
    const statements = text.split('\n').filter((l) => /^ {4}const T v\d+ = /.test(l));
    expect(statements).toHaveLength(program.instrs.length);
    expect(text).toContain('const T v5 = v1 - v2;');
    expect(text).toContain('sg::ieee_sqrt(');
    expect(text).toContain('y[0] = v');
  });

  it('uses the JavaScript-exact min, max and abs, and exact literals', () => {
    const program = traceRule(USER_RULE, USER_RULE.resolve({}));
    const text = emitKernel(0, { key: programKey(program), program, configurations: [] });
    expect(text).toContain('sg::js_min(');
    expect(text).toContain('sg::js_max(');
    expect(text).toContain('sg::js_abs(');
    expect(text).toContain('T(0x1.8000000000000p+1)');
    expect(text).toContain('T(0x1.0624dd2f1a9fcp-10)'); // 1e-3
    expect(text).not.toMatch(/fminf|fmaxf|fabsf/);
  });

  it('spells non-finite literals through helpers', () => {
    expect(cppLiteral(NaN)).toBe('sg::quiet_nan<T>()');
    expect(cppLiteral(-Infinity)).toBe('(-sg::infinity<T>())');
    expect(cppLiteral(-0)).toBe('T(-0x0.0000000000000p-1022)');
  });
});

describe('the generated header', () => {
  it('lists every variant in SG_FOR_EACH_KERNEL and kKernelKeys', () => {
    const variants = kernelVariants();
    const text = emitKernelHeader(variants);
    expect(text).toContain(`constexpr int kKernelCount = ${variants.length};`);
    expect(text).toContain(`#define SG_FOR_EACH_KERNEL(X) X(0, Kernel0) X(1, Kernel1)`);
  });

  it('is the one compiled into the loaded addon', () => {
    expect(loadAddon().buildInfo().kernels).toEqual(kernelVariants().map((v) => v.key));
  });
});
