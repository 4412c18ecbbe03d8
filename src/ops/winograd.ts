import type { Backend } from '../backend/backend';
import { winogradPositions, WinogradScheme } from '../kernels/winograd/abi';
import type { Tensor } from '../tensor';
import { output } from './checks';
import type { Window } from './window';

/**
 * How conv2d computes: im2col + GEMM, Winograd (F(2×2 or 4×4, 3×3), F(2×2, 5×5)), or
 * 'auto' (the faster one).
 */
export type ConvAlgorithm = 'auto' | 'im2col' | 'winograd';

/**
 * Whether Winograd can compute a convolution over window g: r×r with r 3 or 5,
 * stride 1, padding at most r − 1 (the input gradient convolves dy padded by r − 1 − padding).
 */
export function winogradFits(g: Window): boolean {
  const r = g.kh;
  const square = (r === 3 || r === 5) && g.kw === r;
  return square && g.strideH === 1 && g.strideW === 1 && g.padH < r && g.padW < r;
}

/**
 * Whether 'auto' picks Winograd: its tile transforms cost about as much as the multiplies
 * they save at 4–6 input channels, so it needs 8 or more (bench/winograd.bench.ts; the
 * figures are in README's convolution section).
 */
export function winogradPays(g: Window, channels: number): boolean {
  return winogradFits(g) && channels >= 8;
}

/**
 * The scheme for an r×r window over `channels` input channels: 4×4 output tiles (2.25
 * multiplies an output instead of 4) pay from 16 channels, where their larger transforms
 * are amortised (bench/winograd.bench.ts, the F(4×4) columns); their larger transformed
 * values round worse, so below that they would cost accuracy for nothing.
 */
function schemeFor(r: number, channels: number): WinogradScheme {
  if (r === 5) return WinogradScheme.F2x2_5x5;
  return channels >= 16 ? WinogradScheme.F4x4_3x3 : WinogradScheme.F2x2_3x3;
}

/**
 * y [n, outC, h + 2·padH − r + 1, w + 2·padW − r + 1] = the r×r stride-1 convolution of
 * x [n, c, h, w] with wr [outC, c, r, r], r = 3 or 5, by Winograd (no bias). With `turned`,
 * wr is [c, outC, r, r], the weights of a forward convolution whose input gradient this is
 * (dy padded by r − 1 − padding, convolved with wr's filters turned by 180°, axes swapped).
 */
export function winogradConv(
  backend: Backend,
  x: Tensor,
  [padH, padW]: readonly number[],
  wr: Tensor,
  y: Tensor,
  turned = false,
): void {
  const { kernels } = backend;
  const [n, c, h, w] = x.shape;
  const [filters, channels, r] = wr.shape;
  const outC = turned ? channels : filters;
  const scheme = schemeFor(r, c);
  const u = output(backend, [winogradPositions(scheme), outC, c]);
  const floats = kernels.winogradScratchFloats(scheme, c, outC, h, w, padH, padW, n);
  const scratch = output(backend, [floats]);
  try {
    kernels.winogradWeights(scheme, wr.ptr, filters, channels, Number(turned), 0, outC, u.ptr);
    const geometry = [c, h, w, padH, padW] as const;
    const { workspace } = backend;
    const [images, to] = [
      [x.ptr, 0, n],
      [u.ptr, outC, y.ptr, scratch.ptr, workspace],
    ] as const;
    kernels.conv2dWinogradImages(scheme, ...images, ...geometry, ...to);
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
  x: Tensor,
  dy: Tensor,
  dw: Tensor,
): void {
  const { kernels } = backend;
  const { n, c, h, w, padH, padW } = g;
  const scheme = g.kh === 5 ? WinogradScheme.F2x2_5x5 : WinogradScheme.F2x2_3x3;
  const floats = kernels.winogradWeightGradScratchFloats(scheme, c, outC, h, w, padH, padW);
  const scratch = output(backend, [floats]);
  try {
    const block = [0, outC, 0, c] as const; // all of dw
    const { workspace } = backend;
    const inputs = [x.ptr, n, c, h, w, padH, padW, dy.ptr, outC] as const;
    kernels.conv2dWinogradWeightGrad(scheme, ...inputs, ...block, dw.ptr, scratch.ptr, workspace);
  } finally {
    scratch.release();
  }
}
