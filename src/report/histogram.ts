import { invalid } from '../errors';
import { checkPositiveInteger } from './checks';

/** Counts of values in equal-width bins, as `histogram` returns them. */
export interface Histogram {
  /** bins + 1 increasing edges: bin i is [edges[i], edges[i + 1]), the last one closed. */
  edges: Float64Array;
  counts: Float64Array;
}

/**
 * Counts `values` in `bins` equal-width bins spanning [min, max] (by default the smallest
 * and largest finite value). NaN, ±Infinity and values outside [min, max] are not counted.
 * One pass, no sorting: a million values take milliseconds.
 */
export function histogram(
  values: ArrayLike<number>,
  bins: number,
  range: [number, number] = finiteRange([values]),
): Histogram {
  let [min, max] = range;
  checkPositiveInteger('histogram', 'bins', bins);
  if (!(min <= max)) invalid('histogram', `'range' must be finite [min, max], got [${range}]`);
  if (min === max) {
    // A single value gets a unit-wide bin around it rather than a zero-width one.
    min -= 0.5;
    max += 0.5;
  }
  const width = (max - min) / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => min + i * width);
  edges[bins] = max;
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= min && v <= max)) continue;
    let bin = Math.min(Math.floor((v - min) / width), bins - 1);
    // Rounding of (v − min) / width can land a value one bin off its edges; fix it.
    if (v < edges[bin]) bin--;
    else if (bin < bins - 1 && v >= edges[bin + 1]) bin++;
    counts[bin]++;
  }
  return { edges, counts };
}

/** [smallest, largest] finite value over all arrays; [0, 0] if there is none. */
export function finiteRange(arrays: ArrayLike<number>[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < min && v > -Infinity) min = v;
      if (v > max && v < Infinity) max = v;
    }
  }
  return min <= max ? [min, max] : [0, 0];
}
