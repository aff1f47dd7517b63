/**
 * Vega-Lite to SVG in Node: compiled to Vega, run by a headless `View` (renderer `none`, no
 * canvas, no browser) and serialised with `toSVG()`.
 *
 * @module
 */
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The SVG of a Vega-Lite specification whose data is inline. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
