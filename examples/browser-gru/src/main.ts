/**
 * The example page: pick a tfjs backend, train, watch the loss.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { drawLoss } from './plot.js';
import { makeData, makeModel } from './task.js';

/** What the page is doing, for people (the status line) and for the end-to-end test (`window.stablegradExample`). */
interface ExampleState {
  status: 'idle' | 'training' | 'done' | 'error';
  /** The tfjs backend that is current while training (`tf.getBackend()`). */
  backend: string;
  /** The loss of every batch. */
  losses: number[];
  /** The largest singular value of `W_h` before each epoch's last projection. */
  sigmaMax: number[];
  error?: string;
}

const state: ExampleState = { status: 'idle', backend: '', losses: [], sigmaMax: [] };
(globalThis as unknown as { stablegradExample: ExampleState }).stablegradExample = state;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const picker = $<HTMLSelectElement>('backend');
const button = $<HTMLButtonElement>('train');
const statusLine = $<HTMLParagraphElement>('status');
const canvas = $<HTMLCanvasElement>('plot');

const requested = new URLSearchParams(location.search).get('backend');
if (requested && [...picker.options].some((o) => o.value === requested)) picker.value = requested;
drawLoss(canvas, [], 'training loss (log scale)');

function show(text: string, error = false): void {
  statusLine.textContent = text;
  statusLine.className = error ? 'error' : '';
}

async function run(): Promise<void> {
  const choice = picker.value;
  const epochs = Math.max(1, Math.min(200, Number($<HTMLInputElement>('epochs').value) || 12));
  Object.assign(state, { status: 'training', backend: '', losses: [], sigmaMax: [], error: undefined });
  button.disabled = true;
  try {
    // setBackend resolves to false (and tfjs stays on its previous backend) when the browser
    // cannot run the chosen one, e.g. WebGPU without an adapter: check what is current.
    const ok = await tf.setBackend(choice);
    await tf.ready();
    state.backend = tf.getBackend();
    if (!ok || state.backend !== choice) throw new Error(`this browser cannot run tfjs's ${choice} backend (tfjs is on '${state.backend}')`);
    const { model, constraint } = makeModel();
    const { x, y } = makeData(128);
    show(`training on ${state.backend}...`);
    await model.fit(x, y, {
      epochs,
      batchSize: 16,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onBatchEnd: async (_batch, logs) => {
          state.losses.push(logs?.loss ?? NaN);
          drawLoss(canvas, state.losses, `training loss (log scale), tfjs ${state.backend}`);
        },
        onEpochEnd: async (epoch, logs) => {
          state.sigmaMax.push(constraint.lastApplied[0]?.sigmaMax ?? NaN);
          show(`backend ${state.backend}: epoch ${epoch + 1}/${epochs}, loss ${(logs?.loss ?? NaN).toFixed(4)}, sigma_max(W_h) before projection ${state.sigmaMax.at(-1)!.toFixed(3)} (bound 1.8)`);
        },
      },
    });
    tf.dispose([x, y]);
    model.dispose();
    state.status = 'done';
    show(`${statusLine.textContent}\ndone`);
  } catch (e) {
    state.status = 'error';
    state.error = (e as Error).message;
    show(state.error, true);
  } finally {
    button.disabled = false;
  }
}

button.addEventListener('click', () => void run());
if (new URLSearchParams(location.search).has('autostart')) void run();
