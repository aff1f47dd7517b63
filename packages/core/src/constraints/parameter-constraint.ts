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
}

/**
 * Applies `constraints` (by parameter name) to the parameters of that name in `params`, each with
 * its state from `state`; a constraint whose parameter is absent is left out. Returns the
 * parameters (projected ones replaced, the others as given) and the constraint state, the
 * previous state kept for constraints that did not run.
 */
export function applyConstraints<Tn>(
  la: LinAlg<Tn>,
  constraints: Readonly<Record<string, ParameterConstraint<Tn>>>,
  params: Readonly<Record<string, Tn>>,
  state: Readonly<Record<string, unknown>>,
): { readonly params: Record<string, Tn>; readonly state: Record<string, unknown> } {
  const outParams: Record<string, Tn> = { ...params };
  const outState: Record<string, unknown> = { ...state };
  for (const [name, c] of Object.entries(constraints)) {
    if (!Object.hasOwn(params, name)) continue;
    const r = c.apply(la, params[name]!, state[name]);
    outParams[name] = r.W;
    outState[name] = r.state;
  }
  return { params: outParams, state: outState };
}
