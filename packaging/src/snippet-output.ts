/**
 * What the snippets print, and the checks every snippet's SDProp case gets.
 *
 * @module
 */
import type { CommandResult } from './exec.js';

/** The SDProp case as a snippet reports it (see `snippets/sdprop-case.mjs`). */
export interface SdpropReport {
  readonly id: string;
  readonly hyper: { readonly lr: number; readonly gamma: number; readonly eps: number };
  readonly init: readonly number[];
  readonly grads: readonly (readonly number[])[];
  /** The parameter after each step on the backend. */
  readonly steps: readonly (readonly number[])[];
  /** The same from core's `reference-f32`. */
  readonly reference: readonly (readonly number[])[];
}

/** The JSON on the last line a snippet printed; throws with its output if it failed. */
export function snippetJson<T>(result: CommandResult): T {
  if (result.code !== 0) throw new Error(`${result.command} exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/**
 * SDProp's first step from its definition, in float64: with zero slots, `c = gamma (1 - gamma) g^2`
 * and `p - lr sqrt(1 - gamma) g / (sqrt(c) + eps)`.
 */
export function sdpropFirstStep({ hyper, init, grads }: SdpropReport): number[] {
  const { lr, gamma, eps } = hyper;
  return init.map((p, i) => {
    const g = grads[0]![i]!;
    return p - (lr * Math.sqrt(1 - gamma) * g) / (Math.sqrt(gamma * (1 - gamma) * g * g) + eps);
  });
}
