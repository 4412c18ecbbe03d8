import { invalid } from '../errors';
import { loadVega } from './vega';

/**
 * A Vega colour scheme ('viridis', 'greys', 'blues', …) sampled at 256 evenly spaced
 * points, as 256 RGB triples: a lookup table from 8-bit intensity to colour. A discrete
 * scheme (a list of colours) is interpolated linearly between its colours.
 */
export async function colormap(fn: string, name: string): Promise<Uint8Array> {
  const { vega } = await loadVega();
  const scheme: unknown = vega.scheme(name);
  let at: (t: number) => number[];
  if (typeof scheme === 'function') {
    at = (t) => parseColor(scheme(t));
  } else if (Array.isArray(scheme) && scheme.length > 0) {
    const stops = scheme.map(parseColor);
    at = (t) => {
      const s = t * (stops.length - 1);
      const i = Math.min(Math.floor(s), stops.length - 2);
      if (i < 0) return stops[0];
      return stops[i].map((v, c) => Math.round(v + (s - i) * (stops[i + 1][c] - v)));
    };
  } else {
    return invalid(fn, `'colorScheme' must name a Vega colour scheme, got '${name}'`);
  }
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) table.set(at(i / 255), 3 * i);
  return table;
}

/** '#rrggbb' or 'rgb(r, g, b)' (the two forms Vega's schemes use) → [r, g, b]. */
function parseColor(color: unknown): number[] {
  const text = String(color);
  if (/^#[0-9a-f]{6}$/i.test(text)) {
    return [1, 3, 5].map((i) => parseInt(text.slice(i, i + 2), 16));
  }
  const rgb = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(text);
  if (!rgb) throw new Error(`simdnet: colormap: unexpected colour '${text}'`);
  return rgb.slice(1, 4).map(Number);
}
