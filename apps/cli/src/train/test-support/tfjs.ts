/**
 * Test support: makes the tfjs `wasm` backend current (the experiments' default).
 *
 * @module
 */
import { useTfjsBackend } from '../tfjs-backend.js';

await useTfjsBackend('wasm');
