import { describe, expect, it } from 'vitest';
import { BackendRegistry, DEFAULT_PLUGINS, defaultRegistry, fullRegistry, loadPlugins } from './registry.js';

describe('BackendRegistry', () => {
  it('holds the core backends, in order', () => {
    expect(defaultRegistry().ids()).toEqual(['reference-f64', 'reference-f32', 'js']);
  });

  it('refuses a duplicate id', () => {
    const r = defaultRegistry();
    expect(() => r.register({ ...r.get('js') })).toThrow("backend 'js' is already registered");
  });

  it('loads every default plugin in this workspace', async () => {
    const { registry, failures } = await fullRegistry();
    expect(failures).toEqual([]);
    expect(registry.ids().length).toBeGreaterThanOrEqual(3 + DEFAULT_PLUGINS.length);
  });

  it('gives a reason for every backend that cannot run here', async () => {
    const { registry } = await fullRegistry();
    for (const id of registry.ids()) {
      const a = await registry.get(id).availability();
      if (!a.available) expect(a.reason.length, id).toBeGreaterThan(10);
    }
  });

  it('reports a plugin that cannot be loaded or exports nothing usable', async () => {
    const failures = await loadPlugins(new BackendRegistry(), ['@stablegrad/no-such-adapter', 'node:path']);
    expect(failures.map((f) => f.specifier)).toEqual(['@stablegrad/no-such-adapter', 'node:path']);
    expect(failures[0]!.reason).toMatch(/^not loaded: /);
    expect(failures[1]!.reason).toBe('the module does not export conformanceBackends()');
  });
});
