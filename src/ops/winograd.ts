import type { Backend } from '../backend/backend';
import type { Ptr } from '../backend/kernels';
import type { Tensor } from '../tensor';
import { output } from './checks';
import type { Window } from './window';

/** How conv2d computes: im2col + GEMM, Winograd F(2×2, 3×3 or 5×5), or 'auto' (the faster one). */
export type ConvAlgorithm = 'auto' | 'im2col' | 'winograd';

/**
 * Whether Winograd F(2×2, r×r) can compute a convolution over window g: r×r with r 3 or 5,
 * stride 1, padding at most r − 1 (the input gradient convolves dy padded by r − 1 − padding).
 */
export function winogradFits(g: Window): boolean {
  const r = g.kh;
  const square = (r === 3 || r === 5) && g.kw === r;
  return square && g.strideH === 1 && g.strideW === 1 && g.padH < r && g.padW < r;
}

/**
 * Whether 'auto' picks Winograd: its tile transforms cost about as much as the multiplies
 * they save at 4–6 input channels, so it needs 8 or more (bench/winograd.bench.ts: 3×3
 * 1.3× at 8 channels, 1.8–2.2× at 32 and 64, 0.4× at 1; 5×5 1.3× at 8, 2.3–2.6× at 32
 * and 64, 0.73× at 3).
 */
export function winogradPays(g: Window, channels: number): boolean {
  return winogradFits(g) && channels >= 8;
}

/**
 * y [n, outC, h + 2·padH − r + 1, w + 2·padW − r + 1] = the r×r stride-1 convolution of
 * x [n, c, h, w] with wr [outC, c, r, r], r = 3 or 5, by Winograd F(2×2, r×r) (no bias).
 */
export function winogradConv(
  backend: Backend,
  x: Ptr,
  [n, c, h, w]: readonly number[],
  [padH, padW]: readonly number[],
  wr: Tensor,
  y: Ptr,
): void {
  const { kernels } = backend;
  const [outC, , r] = wr.shape;
  const five = r === 5;
  const positions = (r + 1) ** 2;
  const u = output(backend, [positions, outC, c]);
  const floats = five
    ? kernels.winograd5ScratchFloats(c, outC, h, w, padH, padW, n)
    : kernels.winogradScratchFloats(c, outC, h, w, padH, padW);
  const scratch = output(backend, [floats]);
  try {
    (five ? kernels.winograd5Weights : kernels.winogradWeights)(wr.ptr, outC, c, u.ptr);
    const args = [
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
    ] as const;
    if (five) kernels.conv2dWinograd5Images(...args);
    else kernels.conv2dWinogradImages(...args);
  } finally {
    u.release();
    scratch.release();
  }
}

/**
 * dw [outC, c, r, r] = the weight gradient of a convolution over window g (r×r, r = 3 or 5,
 * stride 1) of x [n, c, h, w] given dy [n, outC, oh, ow], by Winograd F(2×2, r×r) (the
 * transposed scheme: Gᵀ[(A dy Aᵀ) ⊙ (Bᵀ x B)]G summed over tiles).
 */
export function winogradWeightGrad(
  backend: Backend,
  g: Window,
  outC: number,
  x: Ptr,
  dy: Ptr,
  dw: Ptr,
): void {
  const { kernels } = backend;
  const { n, c, h, w, padH, padW } = g;
  const five = g.kh === 5;
  const floats = (
    five ? kernels.winograd5WeightGradScratchFloats : kernels.winogradWeightGradScratchFloats
  )(c, outC, h, w, padH, padW);
  const scratch = output(backend, [floats]);
  try {
    const pass = five ? kernels.conv2dWinograd5WeightGrad : kernels.conv2dWinogradWeightGrad;
    pass(x, n, c, h, w, padH, padW, dy, outC, 0, outC, dw, scratch.ptr, backend.workspace);
  } finally {
    scratch.release();
  }
}

/**
 * The weights of the input gradient of an r×r convolution: w [outC, c, r, r] with every
 * filter turned by 180° and the channel axes swapped, [c, outC, r, r]. dx is then the
 * convolution of dy padded by r − 1 − padding with these.
 */
export function turnedWeights(backend: Backend, w: Tensor): Tensor {
  const [outC, c, r] = w.shape;
  const taps = r * r;
  const turned = output(backend, [c, outC, r, r]);
  const f = backend.heap.f;
  const from = w.ptr / backend.heap.floatBytes;
  const to = turned.ptr / backend.heap.floatBytes;
  for (let o = 0; o < outC; o++) {
    for (let ci = 0; ci < c; ci++) {
      const source = from + (o * c + ci) * taps;
      const target = to + (ci * outC + o) * taps + taps - 1;
      for (let t = 0; t < taps; t++) f[target - t] = f[source + t];
    }
  }
  return turned;
}
