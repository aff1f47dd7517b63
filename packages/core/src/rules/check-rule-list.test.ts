import { describe, expect, it } from 'vitest';
import { checkRuleList } from './check-rule-list.js';
import { adam, sdprop } from './index.js';

describe('checkRuleList', () => {
  it('accepts rules listed under their ids', () => {
    expect(Object.keys(checkRuleList({ sdprop, adam }))).toEqual(['sdprop', 'adam']);
  });

  it('names a rule listed under another id', () => {
    expect(() => checkRuleList({ sdprop2: sdprop })).toThrow("rules: the rule listed as 'sdprop2' has id 'sdprop'; list each rule under its own id");
  });
});
