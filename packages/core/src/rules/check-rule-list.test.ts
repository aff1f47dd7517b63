import { describe, expect, it } from 'vitest';
import { checkRuleList } from './check-rule-list.js';
import { adam, sdprop } from './index.js';

describe('checkRuleList', () => {
  it('accepts rules listed under their ids', () => {
    expect(Object.keys(checkRuleList({ sdprop, adam }))).toEqual(['sdprop', 'adam']);
  });

  it('names a rule listed under another id, or two rules with one display name', () => {
    expect(() => checkRuleList({ sdprop2: sdprop })).toThrow("rules: the rule listed as 'sdprop2' has id 'sdprop'");
    expect(() => checkRuleList({ sdprop, adam: { ...adam, name: 'SDProp' } })).toThrow(
      "rules: 'sdprop' and 'adam' share the display name 'SDProp'",
    );
  });
});
