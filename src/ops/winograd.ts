import type { Backend } from '../backend/backend';
import type { Ptr } from '../backend/kernels';
import type { Tensor } from '../tensor';
import { output } from './checks';
import type { Window } from './window';

/** How conv2d computes: im2col + GEMM, Winograd F(2×2, 3×3), or 'auto' (the faster one). */
export type ConvAlgorithm = 'auto' | 'im2col' | 'winograd';

/**
 * Whether Winograd F(2×2, 3×3) can compute a convolution of `channels` input channels over
 * window g: 3×3, stride 1, padding at most 2 (the input gradient convolves dy padded by
 * 2 − padding).
 */
export function winogradFits(g: Window): boolean {
  return (
    g.kh === 3 && g.kw === 3 && g.strideH === 1 && g.strideW === 1 && g.padH <= 2 && g.padW <= 2
  );
}

/**
 * Whether 'auto' picks Winograd: its tile transforms cost about as much as the multiplies
 * they save when there are 4 input channels, so it needs 8 or more (bench/winograd.bench.ts:
 * 1.3× at 8 channels, 1.8–2.2× at 32 and 64, 0.4× at 1).
 */
export function winogradPays(g: Window, channels: number): boolean {
  return winogradFits(g) && channels >= 8;
}

/**
 * y [n, outC, h + 2·padH − 2, w + 2·padW − 2] = the 3×3 stride-1 convolution of x [n, c, h, w]
 * with w3 [outC, c, 3, 3], by Winograd F(2×2, 3×3) (no bias).
 */
export function winogradConv(
  backend: Backend,
  x: Ptr,
  [n, c, h, w]: readonly number[],
  [padH, padW]: readonly number[],
  w3: Tensor,
  y: Ptr,
): void {
  const { kernels } = backend;
  const outC = w3.shape[0];
  const u = output(backend, [16, outC, c]);
  const scratch = output(backend, [kernels.winogradScratchFloats(c, outC, h, w, padH, padW)]);
  try {
    kernels.winogradWeights(w3.ptr, outC, c, u.ptr);
    kernels.conv2dWinogradImages(
      x,
      0,
      n,
      c,
      h,
      w,
      padH,
      padW,
      u.ptr,
      outC,
      y,
      scratch.ptr,
      backend.workspace,
    );
  } finally {
    u.release();
    scratch.release();
  }
}

/**
 * The weights of the input gradient of a 3×3 convolution: w [outC, c, 3, 3] with every
 * filter turned by 180° and the channel axes swapped, [c, outC, 3, 3]. dx is then the
 * convolution of dy padded by 2 − padding with these.
 */
export function turnedWeights(backend: Backend, w: Tensor): Tensor {
  const [outC, c] = w.shape;
  const turned = output(backend, [c, outC, 3, 3]);
  const f = backend.heap.f;
  const from = w.ptr / backend.heap.floatBytes;
  const to = turned.ptr / backend.heap.floatBytes;
  for (let o = 0; o < outC; o++) {
    for (let ci = 0; ci < c; ci++) {
      for (let t = 0; t < 9; t++)
        f[to + (ci * outC + o) * 9 + 8 - t] = f[from + (o * c + ci) * 9 + t];
    }
  }
  return turned;
}
