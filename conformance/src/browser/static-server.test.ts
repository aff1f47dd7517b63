import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveFolders } from './static-server.js';

describe('serveFolders', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sg-serve-'));
  mkdirSync(join(root, 'a'));
  mkdirSync(join(root, 'b'));
  writeFileSync(join(root, 'a', 'index.html'), '<p>hi</p>');
  writeFileSync(join(root, 'b', 'm.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(root, 'secret.txt'), 'no');
  const server = await serveFolders({ '/': join(root, 'a'), '/w/': join(root, 'b') });
  afterAll(() => server.close());

  it('serves index.html at / and files under their prefix, cross-origin isolated, with their MIME types', async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await page.text()).toBe('<p>hi</p>');
    const wasm = await fetch(`${server.origin}/w/m.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
  });

  it('answers 404 for missing files and for paths that leave their folder', async () => {
    expect((await fetch(`${server.origin}/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.origin}/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${server.origin}/w/..%2fsecret.txt`)).status).toBe(404);
  });
});
