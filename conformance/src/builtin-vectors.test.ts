import { describe, expect, it } from 'vitest';
import { readVectorFile, BUILTIN_VECTORS } from './load.js';
import { fullRegistry } from './registry.js';
import { runConformance } from './runner.js';

const { registry } = await fullRegistry();

describe.each(registry.ids())('built-in vectors on %s', (id) => {
  it('every set passes (or is skipped with a reason)', async () => {
    const file = await readVectorFile(BUILTIN_VECTORS);
    const rows = await runConformance(registry, { files: [{ path: BUILTIN_VECTORS, file }], backends: [id] });
    expect(rows).toHaveLength(file.sets.length);
    for (const r of rows) {
      expect(r.status === 'passed' || (r.status === 'skipped' && r.reason), `${r.set} ${r.rule ?? r.name}: ${r.status} worst ${r.worst} ${r.reason ?? ''}`).toBeTruthy();
    }
  });
});
