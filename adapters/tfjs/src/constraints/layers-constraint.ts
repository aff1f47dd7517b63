/**
 * tfjs-layers' `Constraint` base class.
 *
 * @module
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { Constraint } from '@tensorflow/tfjs-layers/dist/constraints.js';

/**
 * The class every tfjs-layers constraint extends. Layers accept a constraint object only when it
 * is an instance of it, but the package's entry point does not export it; it is the parent class
 * of the constraint `tf.constraints.nonNeg()` returns, taken from the same module instance the
 * layers use.
 */
export const LayersConstraint = Object.getPrototypeOf(Object.getPrototypeOf(tfl.constraints.nonNeg())).constructor as typeof Constraint;
