// The Winograd convolution kernels of the ABI (src/kernels/winograd/abi.ts): one family,
// its scheme chosen by the first argument. Each scheme is a class of tile transforms that
// the generic loops (loops.ts, weight-grad.ts) and filter transform (filters.ts) inline.
import { F2x2_3x3 } from './f2x2-3x3';
import { F2x2_5x5 } from './f2x2-5x5';
import { F4x4_3x3 } from './f4x4-3x3';
import { convolveImages, imagesScratchFloats } from './loops';
import { weightGrad, weightGradScratchFloats } from './weight-grad';

// The schemes by the ABI's numbers (src/kernels/winograd/abi.ts: WINOGRAD_SCHEMES).
const F2X2_3X3 = 0;
const F4X4_3X3 = 1;
const F2X2_5X5 = 2;

/** Floats of scratch that conv2dWinogradImages needs for ranges of at most `images` images. */
export function winogradScratchFloats(
  scheme: i32,
  c: i32,
  outC: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
  images: i32,
): i32 {
  if (scheme == F2X2_3X3) return imagesScratchFloats<F2x2_3x3>(c, outC, h, w, padH, padW, images);
  if (scheme == F4X4_3X3) return imagesScratchFloats<F4x4_3x3>(c, outC, h, w, padH, padW, images);
  if (scheme == F2X2_5X5) return imagesScratchFloats<F2x2_5x5>(c, outC, h, w, padH, padW, images);
  return unreachable();
}

/** Rows first … end−1 of the filters' transforms u = G g Gᵀ (turned: of the input gradient's). */
export function winogradWeights(
  scheme: i32,
  w: usize,
  outC: i32,
  c: i32,
  turned: bool,
  first: i32,
  end: i32,
  u: usize,
): void {
  if (scheme == F2X2_3X3) changetype<F2x2_3x3>(0).weights(w, outC, c, turned, first, end, u);
  else if (scheme == F4X4_3X3) changetype<F4x4_3x3>(0).weights(w, outC, c, turned, first, end, u);
  else if (scheme == F2X2_5X5) changetype<F2x2_5x5>(0).weights(w, outC, c, turned, first, end, u);
  else unreachable();
}

/**
 * y_b [outC, oh, ow] = the r×r stride-1 convolution of x_b [c, h, w] (zero padding padH,
 * padW) with u = winogradWeights(w), for images b = first … end−1, oh = h + 2·padH − r + 1,
 * ow likewise. `scratch` holds winogradScratchFloats(…, images) floats for images ≥ end −
 * first, `work` gemmWorkspaceBytes(). Each image's result does not depend on the range.
 */
export function conv2dWinogradImages(
  scheme: i32,
  x: usize,
  first: i32,
  end: i32,
  c: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
  u: usize,
  outC: i32,
  y: usize,
  scratch: usize,
  work: usize,
): void {
  if (scheme == F2X2_3X3) {
    convolveImages<F2x2_3x3>(x, first, end, c, h, w, padH, padW, u, outC, y, scratch, work);
  } else if (scheme == F4X4_3X3) {
    convolveImages<F4x4_3x3>(x, first, end, c, h, w, padH, padW, u, outC, y, scratch, work);
  } else if (scheme == F2X2_5X5) {
    convolveImages<F2x2_5x5>(x, first, end, c, h, w, padH, padW, u, outC, y, scratch, work);
  } else unreachable();
}

/** Floats of scratch that conv2dWinogradWeightGrad needs (F(2×2, 3×3) and F(2×2, 5×5)). */
export function winogradWeightGradScratchFloats(
  scheme: i32,
  c: i32,
  outC: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
): i32 {
  if (scheme == F2X2_3X3) return weightGradScratchFloats<F2x2_3x3>(c, outC, h, w, padH, padW);
  if (scheme == F2X2_5X5) return weightGradScratchFloats<F2x2_5x5>(c, outC, h, w, padH, padW);
  return unreachable();
}

/**
 * The block o = oFirst … oEnd−1, ci = cFirst … cEnd−1 of dw [outC, c, r, r] = Σ over images
 * b < n of dw[o, ci, i, j] = Σ_{y,x} dy_b[o, y, x] · xpad_b[ci, y + i, x + j] (x_b [c, h, w]
 * zero-padded by padH, padW), by the transposed scheme (F(2×2, 3×3) and F(2×2, 5×5)).
 * `scratch` holds winogradWeightGradScratchFloats(cEnd − cFirst, oEnd − oFirst, …) floats,
 * `work` gemmWorkspaceBytes().
 */
export function conv2dWinogradWeightGrad(
  scheme: i32,
  x: usize,
  n: i32,
  c: i32,
  h: i32,
  w: i32,
  padH: i32,
  padW: i32,
  dy: usize,
  outC: i32,
  oFirst: i32,
  oEnd: i32,
  cFirst: i32,
  cEnd: i32,
  dw: usize,
  scratch: usize,
  work: usize,
): void {
  if (scheme == F2X2_3X3) {
    weightGrad<F2x2_3x3>(
      x,
      n,
      c,
      h,
      w,
      padH,
      padW,
      dy,
      outC,
      oFirst,
      oEnd,
      cFirst,
      cEnd,
      dw,
      scratch,
      work,
    );
  } else if (scheme == F2X2_5X5) {
    weightGrad<F2x2_5x5>(
      x,
      n,
      c,
      h,
      w,
      padH,
      padW,
      dy,
      outC,
      oFirst,
      oEnd,
      cFirst,
      cEnd,
      dw,
      scratch,
      work,
    );
  } else unreachable();
}
