import { describe, expect, it } from 'vitest';
import { BackendRegistry, coreRegistry, loadPlugins } from './registry.js';

describe('BackendRegistry', () => {
  it('holds the core backends, in order, all available', async () => {
    const r = coreRegistry();
    expect(r.ids()).toEqual(['reference-f64', 'reference-f32', 'js']);
    expect(await r.availableIds()).toEqual(['reference-f64', 'reference-f32', 'js']);
    expect((await r.get('js').create()).id).toBe('js');
  });

  it('refuses a duplicate id and names the registered ones for an unknown id', () => {
    const r = coreRegistry();
    expect(() => r.register({ ...r.get('js') })).toThrow("backend 'js' is already registered");
    expect(() => r.get('tfjs-cpu')).toThrow("backends: unknown backend 'tfjs-cpu'; registered: reference-f64, reference-f32, js");
    expect(r.has('js')).toBe(true);
    expect(r.has('tfjs-cpu')).toBe(false);
  });

  it('reports a plugin that cannot be loaded or exports nothing usable', async () => {
    const failures = await loadPlugins(new BackendRegistry(), ['@stablegrad/no-such-adapter', 'node:path']);
    expect(failures.map((f) => f.specifier)).toEqual(['@stablegrad/no-such-adapter', 'node:path']);
    expect(failures[0]!.reason).toMatch(/^not loaded: /);
    expect(failures[1]!.reason).toBe('the module does not export backendEntries()');
  });
});
