/**
 * Errors the optimizer reports.
 *
 * @module
 */

/** A gradient held NaN or an infinity when non-finite detection was requested. */
export class NonFiniteGradientError extends Error {
  /**
   * @param param - name of the parameter whose gradient is not finite
   * @param step - the step (1-based) that was about to run
   * @param index - flat index of the first non-finite element
   * @param value - that element's value
   */
  constructor(
    readonly param: string,
    readonly step: number,
    readonly index: number,
    readonly value: number,
  ) {
    super(`non-finite gradient: '${param}' holds ${value} at flat index ${index} at step ${step}`);
    this.name = 'NonFiniteGradientError';
  }
}
