// Transforms that move whole rows and columns (pad, crop, flips) are one gather: output
// row y reads source row rows[y], output column x reads source column cols[x], and an
// index of -1 reads the fill value. The border modes say which source index a position
// outside the image reads.
import type { ImageView } from './image';

/**
 * How positions outside an image read (torchvision's padding_mode): 'constant' the fill
 * value, 'edge' the nearest border pixel, 'reflect' the mirror image without repeating
 * the border pixel (d c b | a b c d | c b a), 'symmetric' with it (b a | a b c d | d c).
 */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

export const PADDING_MODES: readonly PaddingMode[] = ['constant', 'edge', 'reflect', 'symmetric'];

/**
 * The source index along an axis of n pixels for each of the positions start, start + 1,
 * …, start + length − 1 (which may lie outside [0, n)), by `mode`; -1 for 'constant'
 * outside. 'reflect' needs positions within n − 1 of the image, 'symmetric' within n.
 */
export function axisIndices(
  mode: PaddingMode,
  n: number,
  start: number,
  length: number,
): Int32Array {
  const indices = new Int32Array(length);
  for (let k = 0; k < length; k++) {
    const p = start + k;
    if (p >= 0 && p < n) indices[k] = p;
    else if (mode === 'constant') indices[k] = -1;
    else if (mode === 'edge') indices[k] = p < 0 ? 0 : n - 1;
    else if (mode === 'reflect') indices[k] = p < 0 ? -p : 2 * (n - 1) - p;
    else indices[k] = p < 0 ? -p - 1 : 2 * n - 1 - p;
  }
  return indices;
}

/** n − 1, n − 2, …, 0: the indices of a flipped axis. */
export function reversedIndices(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, k) => n - 1 - k);
}

/**
 * dst[c, y, x] = src[c, rows[y], cols[x]], or `fill` where rows[y] or cols[x] is -1; dst
 * is [src.channels, rows.length, cols.length] and must not overlap src.
 */
export function remapImage(
  src: ImageView,
  dst: Float32Array,
  rows: Int32Array,
  cols: Int32Array,
  fill: number,
): void {
  const { data, channels, height, width } = src;
  const [oh, ow] = [rows.length, cols.length];
  // Columns that read one run of the source forwards (a crop inside the image) or
  // backwards (a flip) skip the index lookups.
  const first = cols[0];
  const step = ow > 1 ? cols[1] - first : 1;
  let run = first >= 0 && (step === 1 || step === -1);
  for (let x = 1; x < ow && run; x++) run = cols[x] === first + step * x;
  for (let c = 0; c < channels; c++) {
    const plane = c * height * width;
    for (let y = 0; y < oh; y++) {
      const out = (c * oh + y) * ow;
      const r = rows[y];
      if (r < 0) {
        dst.fill(fill, out, out + ow);
      } else if (run && step === 1) {
        const from = plane + r * width + first;
        dst.set(data.subarray(from, from + ow), out);
      } else if (run) {
        const from = plane + r * width + first;
        for (let x = 0; x < ow; x++) dst[out + x] = data[from - x];
      } else {
        const row = plane + r * width;
        for (let x = 0; x < ow; x++) {
          const k = cols[x];
          dst[out + x] = k < 0 ? fill : data[row + k];
        }
      }
    }
  }
}
