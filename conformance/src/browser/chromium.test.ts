import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_COMMAND, findChromium } from './chromium.js';

describe('findChromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-chromium-'));

  it('names what it looked for and the command that installs Chromium when there is none', () => {
    const r = findChromium({ PATH: dir });
    expect(r).toEqual({ reason: expect.stringContaining(`install it with \`${CHROMIUM_INSTALL_COMMAND}\``) });
    expect('reason' in r && r.reason).toMatch(/looked for chromium, chromium-browser, google-chrome-stable, google-chrome on PATH/);
  });

  it('finds an executable chromium on PATH, and honours STABLEGRAD_CHROMIUM', () => {
    const bin = join(dir, 'chromium');
    writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    expect(findChromium({ PATH: `/nonexistent:${dir}` })).toEqual({ path: bin });
    expect(findChromium({ PATH: '', STABLEGRAD_CHROMIUM: bin })).toEqual({ path: bin });
    expect(findChromium({ PATH: dir, STABLEGRAD_CHROMIUM: join(dir, 'nope') })).toEqual({ reason: `STABLEGRAD_CHROMIUM=${join(dir, 'nope')} is not an executable file` });
  });
});
