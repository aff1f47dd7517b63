/**
 * A live line plot of the training loss on a canvas.
 *
 * @module
 */

const MARGIN = { left: 64, right: 16, top: 30, bottom: 40 };

/** Draws `losses` (one per batch) on `canvas`: axes, a log-scale y axis, the line. */
export function drawLoss(canvas: HTMLCanvasElement, losses: readonly number[], title: string): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const w = width - MARGIN.left - MARGIN.right;
  const h = height - MARGIN.top - MARGIN.bottom;
  ctx.strokeStyle = '#889';
  ctx.lineWidth = 1;
  ctx.strokeRect(MARGIN.left, MARGIN.top, w, h);
  ctx.fillStyle = '#333';
  ctx.font = '13px system-ui, sans-serif';
  ctx.fillText(title, MARGIN.left, MARGIN.top - 10);
  ctx.fillText('batch', MARGIN.left + w / 2 - 16, height - 10);
  const finite = losses.filter((l) => Number.isFinite(l) && l > 0);
  if (finite.length < 2) return;
  const lo = Math.log10(Math.min(...finite));
  const hi = Math.log10(Math.max(...finite));
  const span = Math.max(hi - lo, 1e-6);
  const x = (i: number) => MARGIN.left + (i / (losses.length - 1)) * w;
  const y = (l: number) => MARGIN.top + (1 - (Math.log10(l) - lo) / span) * h;
  for (const v of [lo, hi]) ctx.fillText(10 ** v < 0.01 ? (10 ** v).toExponential(1) : (10 ** v).toFixed(3), 4, y(10 ** v) + 4);
  ctx.fillText(String(losses.length), MARGIN.left + w - 16, height - 24);
  ctx.strokeStyle = '#1565c0';
  ctx.lineWidth = 2;
  ctx.beginPath();
  losses.forEach((l, i) => {
    if (!Number.isFinite(l) || l <= 0) return;
    if (i === 0) ctx.moveTo(x(i), y(l));
    else ctx.lineTo(x(i), y(l));
  });
  ctx.stroke();
}
