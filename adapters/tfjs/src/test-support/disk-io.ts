/**
 * A tfjs IOHandler that saves model artifacts to a directory (tfjs-core has none for Node
 * without tfjs-node).
 *
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** Saves to, and loads from, `dir/model.json` (everything but the weights) and `dir/weights.bin`. */
export function diskIO(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts) {
      await mkdir(dir, { recursive: true });
      const { weightData, ...rest } = artifacts;
      await writeFile(join(dir, 'model.json'), JSON.stringify(rest));
      await writeFile(join(dir, 'weights.bin'), new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData)));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load() {
      const rest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelArtifacts;
      const bin = await readFile(join(dir, 'weights.bin'));
      return { ...rest, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) };
    },
  };
}
