import { describe, expect, it } from 'vitest';
import type { Packed } from './pack.js';
import { tarballProblems } from './tarball-contents.js';

const good: Packed = {
  pkg: { name: '@stablegrad/x', dir: 'packages/x' },
  tarball: '/tmp/x.tgz',
  files: ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/bench/support.js', 'data/v.json'],
  manifest: {
    name: '@stablegrad/x',
    version: '1.0.0',
    license: 'Apache-2.0',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './support': './dist/bench/support.js', './data/*': './data/*' },
    engines: { node: '>=20.19' },
    repository: { directory: 'packages/x' },
    dependencies: { '@stablegrad/core': '0.1.0' },
  },
};
const sources = new Set(['index', 'bench/support']);

describe('tarballProblems', () => {
  it('accepts a complete package', () => {
    expect(tarballProblems(good, sources)).toEqual([]);
  });

  it('names every problem', () => {
    const bad: Packed = {
      ...good,
      files: ['package.json', 'dist/index.js', 'dist/index.test.js', 'dist/test-support/f.js', 'dist/bench/run.js', 'dist/old.js'],
      manifest: {
        ...good.manifest,
        license: 'MIT',
        engines: {},
        repository: {},
        peerDependencies: { '@stablegrad/tfjs': 'workspace:^' },
        scripts: { bench: 'node dist/bench/run.js --quick' },
      },
    };
    expect(tarballProblems(bad, new Set([...sources, 'index.test', 'test-support/f', 'bench/run']))).toEqual([
      'README.md is missing',
      'LICENSE is missing',
      'license is MIT, expected Apache-2.0',
      "repository.directory is not 'packages/x'",
      'engines.node is not set',
      'entry point dist/index.d.ts is not in the tarball',
      'entry point dist/bench/support.js is not in the tarball',
      'entry point data/* is not in the tarball',
      "peerDependencies.@stablegrad/tfjs is still 'workspace:^'",
      'dist/index.test.js is test-only',
      'dist/test-support/f.js is test-only',
      'dist/bench/run.js is a benchmark script',
      'dist/old.js has no source in src/ (left over from an earlier build)',
    ]);
  });

  it('accepts a benchmark script that the package also offers as a command', () => {
    const withBin: Packed = {
      ...good,
      files: [...good.files, 'dist/bench/run.js'],
      manifest: { ...good.manifest, bin: { 'x-bench': './dist/bench/run.js' }, scripts: { bench: 'node dist/bench/run.js' } },
    };
    expect(tarballProblems(withBin, new Set([...sources, 'bench/run']))).toEqual([]);
  });
});
