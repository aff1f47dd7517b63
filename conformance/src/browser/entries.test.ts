import { describe, expect, it } from 'vitest';
import { BackendRegistry } from '@stablegrad/core';
import { BUILTIN_VECTORS } from '../data.js';
import { readVectorFile } from '../load.js';
import { runConformance } from '../runner.js';
import { PAGE_BACKENDS } from './backends.js';
import { CHROMIUM_INSTALL_COMMAND, findChromium } from './chromium.js';
import { backendEntries } from './entries.js';
import { openHarness } from './harness-page.js';

const registry = new BackendRegistry();
for (const e of backendEntries()) registry.register(e);
const file = await readVectorFile(BUILTIN_VECTORS);
// One set of each kind and rule family keeps the browser run short; the CLI runs them all.
const small = { ...file, sets: [1, 7, 11, 17, 22, 24, 25].map((i) => file.sets[i]!) };
const chromium = findChromium();
const required = (process.env.STABLEGRAD_REQUIRE_BACKENDS ?? '').split(',').map((s) => s.trim());

describe('the browser backends', () => {
  it('are all registered with their declared arithmetic', () => {
    expect(registry.ids()).toEqual(PAGE_BACKENDS.map((b) => b.id));
    expect(registry.ids().map((id) => registry.get(id).arithmetic)).toEqual(['ftz', 'ftz', 'ieee', 'ieee', 'ieee', 'ftz']);
  });

  it('are skipped with the reason and the install command when there is no Chromium', async () => {
    const saved = process.env.STABLEGRAD_CHROMIUM;
    process.env.STABLEGRAD_CHROMIUM = '/nonexistent/chromium';
    try {
      const rows = await runConformance(registry, { files: [{ path: 'x.json', file: small }], backends: ['tfjs-webgl'], equivalence: { numRuns: 1 } });
      expect(rows).toHaveLength(small.sets.length + 1);
      for (const r of rows) expect(r).toMatchObject({ status: 'skipped', arithmetic: 'ftz', reason: 'STABLEGRAD_CHROMIUM=/nonexistent/chromium is not an executable file' });
    } finally {
      if (saved === undefined) delete process.env.STABLEGRAD_CHROMIUM;
      else process.env.STABLEGRAD_CHROMIUM = saved;
    }
    if (!('path' in chromium)) expect(chromium.reason).toContain(CHROMIUM_INSTALL_COMMAND);
  });

  const ids = registry.ids();
  if (!('path' in chromium)) {
    if (ids.some((id) => required.includes(id))) throw new Error(`browser backends are required (STABLEGRAD_REQUIRE_BACKENDS) but ${chromium.reason}`);
    console.warn(`browser backends not run: ${chromium.reason}`);
  }

  describe.each('path' in chromium ? ids : [])('%s in headless Chromium', (id) => {
    it('passes vector sets and the equivalence check under its declared arithmetic; an ftz backend shows flushing', { timeout: 600_000 }, async () => {
      const rows = await runConformance(registry, { files: [{ path: 'reference-seed11.json', file: small }], backends: [id], equivalence: { numRuns: 4 } });
      const entry = registry.get(id);
      const skipped = rows.filter((r) => r.status === 'skipped');
      if (skipped.length > 0 && required.includes(id)) throw new Error(`${id} is required but skipped: ${skipped[0]!.reason}`);
      if (skipped.length > 0) {
        console.warn(`${id} skipped: ${skipped[0]!.reason}`);
        expect(skipped).toHaveLength(rows.length);
        return;
      }
      for (const r of rows) {
        expect(r.status, `${r.set}: ${r.reason}`).toBe('passed');
        expect(r.arithmetic).toBe(entry.arithmetic);
      }
      const add = rows.find((r) => r.rule === 'op-add')!;
      if (entry.arithmetic === 'ftz') expect(add.flushed).toBeGreaterThan(0);
      else expect(add.flushed).toBeUndefined();
    });
  });

  it.runIf('path' in chromium)("finds webgl's division of equal operands, which the tfjs adapter guards", { timeout: 300_000 }, async () => {
    const harness = await openHarness();
    try {
      const started = await harness.start('tfjs-webgl');
      expect(started.ok, started.ok ? '' : started.reason).toBe(true);
      const div = (await harness.probeUnguarded('tfjs-webgl')).find((r) => r.rule === 'op-div')!;
      expect(div).toMatchObject({ status: 'failed', reason: 'div(0, 0) = 1, expected NaN under ftz arithmetic' });
    } finally {
      await harness.close();
    }
  });
});
