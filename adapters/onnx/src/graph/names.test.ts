import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameTable, isIdentifier, toIdentifier } from './names.js';

describe('value names', () => {
  it('recognises C90 identifiers', () => {
    for (const ok of ['w', '_w', 'w__mu__new', 'W0', '_0']) expect(isIdentifier(ok), ok).toBe(true);
    for (const bad of ['', '0w', 'w/mu', 'w:new', 'layer.0', 'ü', 'a b']) expect(isIdentifier(bad), bad).toBe(false);
  });

  it('turns any name into an identifier and keeps identifiers as they are', () => {
    expect(toIdentifier('layer.0/kernel')).toBe('layer_0_kernel');
    expect(toIdentifier('0')).toBe('_0');
    expect(toIdentifier('')).toBe('_');
    expect(toIdentifier('dense_1')).toBe('dense_1');
    fc.assert(fc.property(fc.string(), (s) => isIdentifier(toIdentifier(s))));
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]*$/), (s) => toIdentifier(s) === s));
  });

  it('refuses a second definition of a name, naming both values', () => {
    const t = new NameTable();
    expect(t.define('w__new', 'the updated parameter w')).toBe('w__new');
    expect(() => t.define('w__new', "slot 'new' of parameter 'w'")).toThrow(
      "slot 'new' of parameter 'w': the value name 'w__new' is already used by the updated parameter w; rename one of them",
    );
    expect(() => t.define('w/mu', 'a slot')).toThrow(/'w\/mu' is not a valid ONNX value name/);
  });
});
