// Resampling through a coordinate map, as torch's grid_sample (padding_mode 'zeros',
// align_corners=False) with torchvision's fill rule, shared by affine and perspective.
//
// Output pixel (col, row) reads the source at (ix, iy) = (m0·col + m1·row + m2,
// m3·col + m4·row + m5) / (m6·col + m7·row + m8), in source pixel indices (pixel k spans
// [k − 0.5, k + 0.5]). 'bilinear' weighs the four pixels around (ix, iy) and drops those
// outside the image; 'nearest' reads the pixel at round-half-even(ix, iy), or nothing
// outside. Without a fill, what is dropped reads 0. With one, torchvision also samples
// an all-ones mask m and returns v·m + (1 − m)·fill ('bilinear') or the fill where the
// mask is 0 ('nearest'); note that with fill 0 this darkens the border pixels of a
// 'bilinear' result a second time, as torchvision's RandomAffine(fill=0) does.
import { invalid } from '../../../errors';
import { perChannel, type ImageView } from './image';

/** How a transform reads between pixels. */
export type Interpolation = 'nearest' | 'bilinear';

/** The value of pixels mapped from outside the image: one number, or one per channel. */
export type Fill = number | readonly number[];

/**
 * Samples `src` into dst [C, height, width] through the 3×3 coordinate map `m` (row-major,
 * see above); dst must not overlap src.
 */
export function sampleImage(
  src: ImageView,
  dst: Float32Array,
  height: number,
  width: number,
  m: ArrayLike<number>,
  interpolation: Interpolation,
  fill: Float32Array | undefined,
): void {
  const { data, channels, height: sh, width: sw } = src;
  const [plane, outPlane] = [sh * sw, height * width];
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const w = m[6] * col + m[7] * row + m[8];
      const ix = (m[0] * col + m[1] * row + m[2]) / w;
      const iy = (m[3] * col + m[4] * row + m[5]) / w;
      const out = row * width + col;
      if (interpolation === 'nearest') {
        const x = roundHalfEven(ix);
        const y = roundHalfEven(iy);
        const inside = x >= 0 && x < sw && y >= 0 && y < sh;
        for (let c = 0; c < channels; c++) {
          const v = inside ? data[c * plane + y * sw + x] : fill ? fill[c] : 0;
          dst[c * outPlane + out] = v;
        }
        continue;
      }
      const x0 = Math.floor(ix);
      const y0 = Math.floor(iy);
      const fx = ix - x0;
      const fy = iy - y0;
      const left = x0 >= 0 && x0 < sw;
      const right = x0 + 1 >= 0 && x0 + 1 < sw;
      const top = y0 >= 0 && y0 < sh;
      const bottom = y0 + 1 >= 0 && y0 + 1 < sh;
      // Corner weights, 0 for corners outside the image (never read).
      const w00 = top && left ? (1 - fx) * (1 - fy) : 0;
      const w01 = top && right ? fx * (1 - fy) : 0;
      const w10 = bottom && left ? (1 - fx) * fy : 0;
      const w11 = bottom && right ? fx * fy : 0;
      const at = y0 * sw + x0;
      const mask = w00 + w01 + w10 + w11;
      for (let c = 0; c < channels; c++) {
        const p = c * plane + at;
        let v = 0;
        if (w00 !== 0) v += w00 * data[p];
        if (w01 !== 0) v += w01 * data[p + 1];
        if (w10 !== 0) v += w10 * data[p + sw];
        if (w11 !== 0) v += w11 * data[p + sw + 1];
        dst[c * outPlane + out] = fill ? v * mask + (1 - mask) * fill[c] : v;
      }
    }
  }
}

/** Checks an interpolation mode. */
export function checkInterpolation(op: string, interpolation: unknown): Interpolation {
  if (interpolation !== 'nearest' && interpolation !== 'bilinear') {
    invalid(op, `'interpolation' must be 'nearest' or 'bilinear', got ${String(interpolation)}`);
  }
  return interpolation;
}

/** The fill as one float32 value per channel (undefined: no fill, zeros outside). */
export function fillPerChannel(
  op: string,
  fill: Fill | undefined,
  channels: number,
): Float32Array | undefined {
  return fill === undefined ? undefined : perChannel(op, 'fill', fill, channels);
}

/** Rounds to the nearest integer, ties to even (C's nearbyint, as torch's grid_sample). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
