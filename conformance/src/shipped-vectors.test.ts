import { describe, expect, it } from 'vitest';
import { basename } from 'node:path';
import { VECTOR_FILES } from './data.js';
import { readVectorFile } from './load.js';
import { conformanceRegistry } from './registry.js';
import { runConformance } from './runner.js';

const { registry } = await conformanceRegistry();
const files = await Promise.all(VECTOR_FILES.map(async (path) => ({ path, file: await readVectorFile(path) })));

describe.each(registry.ids())('the shipped vector files on %s', (id) => {
  it.each(files.map((f) => [basename(f.path), f] as const))('every set of %s passes (or is skipped with a reason)', async (_, f) => {
    const rows = await runConformance(registry, { files: [f], backends: [id] });
    expect(rows).toHaveLength(f.file.sets.length);
    for (const r of rows) {
      expect(r.status === 'passed' || (r.status === 'skipped' && r.reason), `${r.set} ${r.rule ?? r.name}: ${r.status} worst ${r.worst} ${r.reason ?? ''}`).toBeTruthy();
    }
  });
});
