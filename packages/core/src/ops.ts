/**
 * The elementwise interface that every update rule is written against.
 *
 * @module
 */

/**
 * Elementwise operations over an abstract element type `T`; `C` names the per-step scalars a
 * rule may read (a misspelt scalar name is a type error inside a rule).
 *
 * A rule receives an `Ops<T>` and builds its update only from these operations, each of which is
 * correctly rounded in IEEE-754 arithmetic (`+ - * /`, `sqrt`) or exact (`neg`, `abs`, `min`,
 * `max`). Interpreting `T` differently yields every backend: `number` gives the reference
 * backends, `Expr` gives a traced {@link Program}, a tensor type gives an eager adapter.
 *
 * Coefficients that need `pow`, `exp` or other transcendental functions are never computed per
 * element: the rule's `scalars(hyper, step)` computes them on the host in float64 and they enter
 * here through {@link Ops.scalar}.
 */
export interface Ops<T, C extends string = string> {
  /** `a + b` */
  add(a: T, b: T): T;
  /** `a - b` */
  sub(a: T, b: T): T;
  /** `a * b` */
  mul(a: T, b: T): T;
  /** `a / b` */
  div(a: T, b: T): T;
  /** `sqrt(a)` */
  sqrt(a: T): T;
  /** `-a` */
  neg(a: T): T;
  /** `|a|` */
  abs(a: T): T;
  /** `min(a, b)`; NaN if either is NaN. */
  min(a: T, b: T): T;
  /** `max(a, b)`; NaN if either is NaN. */
  max(a: T, b: T): T;
  /** A literal constant, rounded to the element type. */
  literal(value: number): T;
  /** A named per-step scalar, computed on the host by the rule's `scalars(hyper, step)`. */
  scalar(name: C): T;
}

/** Names of the binary operations of {@link Ops}. */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'min', 'max'] as const;
/** Names of the unary operations of {@link Ops}. */
export const UNARY_OPS = ['sqrt', 'neg', 'abs'] as const;
/** A binary operation name. */
export type BinaryOp = (typeof BINARY_OPS)[number];
/** A unary operation name. */
export type UnaryOp = (typeof UNARY_OPS)[number];
