/**
 * Constraints applied to parameters right after each update, and applying a set of them.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';

/**
 * A projection applied to one parameter right after each update (Keras's `constraint`). Core's
 * `SpectralNormConstraint` is one, for every tensor type; an adapter may define constraints over
 * its own tensors.
 *
 * @typeParam Tn - the tensor type it works on (any, for constraints written against {@link LinAlg} alone)
 */
export interface ParameterConstraint<Tn = any> {
  /**
   * Projects `W`, given this constraint's state from the previous step (`undefined` at first).
   * The state must be JSON data. `W` itself is not modified; the result is `W` or a new tensor.
   */
  apply(la: LinAlg<Tn>, W: Tn, state: unknown): { readonly W: Tn; readonly state: unknown };
  /**
   * Checks a state read back from JSON for a parameter of `shape` (when known), so that a
   * restored optimizer refuses garbage before its first step.
   *
   * @throws TypeError or RangeError naming the field that is wrong
   */
  checkState?(state: unknown, shape?: readonly number[]): void;
}

/**
 * Applies `constraints` (by parameter name) to the parameters of that name in `params`, each with
 * its state from `state`; a constraint whose parameter is absent is left out. Returns the
 * parameters (projected ones replaced, the others as given) and the constraint state, the
 * previous state kept for constraints that did not run. When a constraint throws, the projections
 * already made are freed (`la.dispose`) and nothing given is changed.
 */
export function applyConstraints<Tn>(
  la: LinAlg<Tn>,
  constraints: Readonly<Record<string, ParameterConstraint<Tn>>>,
  params: Readonly<Record<string, Tn>>,
  state: Readonly<Record<string, unknown>>,
): { readonly params: Record<string, Tn>; readonly state: Record<string, unknown> } {
  const outParams: Record<string, Tn> = { ...params };
  const outState: Record<string, unknown> = { ...state };
  const made: Tn[] = [];
  try {
    for (const [name, c] of Object.entries(constraints)) {
      if (!Object.hasOwn(params, name)) continue;
      const r = c.apply(la, params[name]!, state[name]);
      if (r.W !== params[name]) made.push(r.W);
      outParams[name] = r.W;
      outState[name] = r.state;
    }
  } catch (e) {
    for (const t of made) la.dispose?.(t);
    throw e;
  }
  return { params: outParams, state: outState };
}
