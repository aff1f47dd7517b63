import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFromParts, corpusFromText, loadCorpus, type Corpus } from './corpus.js';

const decode = (c: Corpus, ids: Uint16Array) => Array.from(ids, (i) => c.vocabulary[i]).join('');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stablegrad-corpus-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('corpusFromText', () => {
  it('holds out the last tenth as validation and encodes characters by a sorted vocabulary', () => {
    const c = corpusFromText('t', 'abcabcabca');
    expect(c.vocabulary).toEqual(['a', 'b', 'c']);
    expect(decode(c, c.train)).toBe('abcabcabc');
    expect(decode(c, c.validation)).toBe('a');
    expect(Array.from(c.train.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it('treats characters outside the basic plane as one character', () => {
    const c = corpusFromText('t', 'x😀'.repeat(10));
    expect(c.vocabulary).toEqual(['x', '😀']);
    expect(c.train.length + c.validation.length).toBe(20);
  });

  it('rejects texts too short to split', () => {
    expect(() => corpusFromText('t', 'a')).toThrow(/at least 2 characters/);
  });
});

describe('corpusFromParts', () => {
  it('builds one vocabulary over every part', () => {
    const c = corpusFromParts('p', { train: 'ab', validation: 'bc', test: 'cd' });
    expect(c.vocabulary).toEqual(['a', 'b', 'c', 'd']);
    expect(decode(c, c.test!)).toBe('cd');
  });
});

describe('loadCorpus', () => {
  it('loads Moby Dick by default', async () => {
    const c = await loadCorpus();
    expect(c.name).toBe('moby-dick');
    expect(c.train.length + c.validation.length).toBeGreaterThan(1_000_000);
    expect(decode(c, c.train.subarray(0, 20))).toBe('CHAPTER 1. Loomings.');
    expect(c.vocabulary.length).toBeLessThan(200);
  });

  it('loads a text file', async () => {
    const file = join(dir, 'tiny.txt');
    await writeFile(file, 'hello world, hello corpus');
    const c = await loadCorpus(file);
    expect(c.name).toBe('tiny.txt');
    expect(decode(c, c.train) + decode(c, c.validation)).toBe('hello world, hello corpus');
  });

  it('loads the Penn Treebank files from a directory', async () => {
    const ptb = join(dir, 'ptb');
    await mkdir(ptb);
    await writeFile(join(ptb, 'ptb.train.txt'), ' the cat sat \n');
    await writeFile(join(ptb, 'ptb.valid.txt'), ' a dog \n');
    await writeFile(join(ptb, 'ptb.test.txt'), ' <unk> ran \n');
    const c = await loadCorpus(ptb);
    expect(decode(c, c.train)).toBe(' the cat sat \n');
    expect(decode(c, c.validation)).toBe(' a dog \n');
    expect(decode(c, c.test!)).toBe(' <unk> ran \n');
  });

  it('says what is wrong with a bad source', async () => {
    await expect(loadCorpus(join(dir, 'missing.txt'))).rejects.toThrow(/source: no file or directory at .*missing\.txt/);
    const empty = join(dir, 'empty.txt');
    await writeFile(empty, '');
    await expect(loadCorpus(empty)).rejects.toThrow(/source: the text file .*empty\.txt is empty/);
    const other = join(dir, 'other');
    await mkdir(other);
    await expect(loadCorpus(other)).rejects.toThrow(/source: the directory .* lacks ptb\.train\.txt and ptb\.valid\.txt/);
  });
});
