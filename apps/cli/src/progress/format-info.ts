/**
 * The `info` of a progress tick as short text.
 *
 * @module
 */

/** `{ loss: 0.41237, epoch: 2 }` as `loss=0.4124 epoch=2`; non-integer numbers get 4 significant digits. */
export function formatInfo(info: Readonly<Record<string, string | number>> | undefined): string {
  if (!info) return '';
  return Object.entries(info)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : String(v)}`)
    .join(' ');
}
