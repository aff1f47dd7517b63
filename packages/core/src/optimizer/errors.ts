/**
 * Errors the optimizer reports.
 *
 * @module
 */

/** Where a non-finite gradient was found. */
export interface NonFiniteLocation {
  /** The step (1-based) that was about to run, when known. */
  readonly step?: number;
  /** Flat index of the first non-finite element, when known. */
  readonly index?: number;
  /** That element's value, or the non-finite global norm it made. */
  readonly value: number;
  /** What found it, such as `clipByGlobalNorm`. */
  readonly source?: string;
}

/**
 * A gradient held NaN or an infinity: found by the optimizer when `checkFinite` is on, or by
 * `clipByGlobalNorm` when the global norm is not finite. The step that raised it changed nothing.
 */
export class NonFiniteGradientError extends Error {
  /** The step (1-based) that was about to run, when known. */
  readonly step: number | undefined;
  /** Flat index of the first non-finite element, when known. */
  readonly index: number | undefined;
  /** The element's value, or the global norm. */
  readonly value: number;

  /**
   * @param param - name of the parameter whose gradient is not finite
   * @param where - the step, index and value, and what found it
   */
  constructor(
    readonly param: string,
    where: NonFiniteLocation,
  ) {
    const at = where.index === undefined ? '' : ` at flat index ${where.index}`;
    const step = where.step === undefined ? '' : ` at step ${where.step}`;
    const by = where.source === undefined ? '' : `${where.source}: `;
    super(`${by}non-finite gradient: '${param}' holds ${where.value}${at}${step}`);
    this.name = 'NonFiniteGradientError';
    this.step = where.step;
    this.index = where.index;
    this.value = where.value;
  }
}
