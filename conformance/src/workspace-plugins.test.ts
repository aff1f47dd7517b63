import { describe, expect, it } from 'vitest';
import { DEFAULT_PLUGINS } from '@stablegrad/core';
import { conformanceRegistry } from './registry.js';

describe('conformanceRegistry in this workspace', () => {
  it('loads every default plugin', async () => {
    const { registry, failures } = await conformanceRegistry();
    expect(failures).toEqual([]);
    expect(registry.ids().length).toBeGreaterThanOrEqual(3 + DEFAULT_PLUGINS.length);
  });

  it('gives a reason for every backend that cannot run here', async () => {
    const { registry } = await conformanceRegistry();
    for (const id of registry.ids()) {
      const a = await registry.get(id).availability();
      if (!a.available) expect(a.reason.length, id).toBeGreaterThan(10);
    }
  });
});
