// The sliding window's output size, in one place for every layer that needs it: the ops
// (checking a window and shaping its output), the reference kernels and the threaded ones
// (splitting output pixels). assembly/window.ts computes the same in the kernels.

/** Output size of a sliding window: floor((size + 2·pad − k) / stride) + 1. */
export function windowOutSize(size: number, k: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - k) / stride) + 1;
}

/** A window over an h×w plane, as the kernels name its arguments. */
export interface WindowGeometry {
  h: number;
  w: number;
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
}

/** Output pixels oh·ow of a window. */
export function windowPixels(g: WindowGeometry): number {
  return windowOutSize(g.h, g.kh, g.strideH, g.padH) * windowOutSize(g.w, g.kw, g.strideW, g.padW);
}
