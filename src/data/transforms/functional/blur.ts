import { invalid } from '../../../errors';
import type { Tensor } from '../../../tensor';
import { checkDestination, checkImage, mapImages, numberPair, type ImageView } from './image';
import { axisIndices } from './remap';

/**
 * x ([N, C, H, W] or [C, H, W]) blurred by a Gaussian of `kernelSize` (odd; a number, or
 * [width, height]) and `sigma` (> 0; a number or [x, y]; default 0.3·((k − 1)/2 − 1) + 0.8
 * for each k), as torchvision's F.gaussian_blur: borders padded by reflection.
 */
export function gaussianBlur(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  sigma?: number | readonly [number, number],
): Tensor {
  return mapImages('gaussianBlur', x, (src, dst) => gaussianBlurImage(src, dst, kernelSize, sigma));
}

/**
 * Blurs one image into dst (same size; may be src's data): a horizontal then a vertical
 * pass (the 2-D kernel is their product), each in float64.
 */
export function gaussianBlurImage(
  src: ImageView,
  dst: Float32Array,
  kernelSize: number | readonly [number, number],
  sigma?: number | readonly [number, number],
): void {
  const op = 'gaussianBlur';
  checkImage(op, 'src', src);
  checkDestination(op, src, dst, src.data.length, true);
  const [kx, ky] = numberPair(op, 'kernelSize', kernelSize);
  if (![kx, ky].every((k) => Number.isInteger(k) && k > 0 && k % 2 === 1)) {
    invalid(op, `'kernelSize' must be odd positive integers, got ${String(kernelSize)}`);
  }
  const [sx, sy] =
    sigma === undefined ? [defaultSigma(kx), defaultSigma(ky)] : numberPair(op, 'sigma', sigma);
  if (!(sx > 0 && sy > 0)) invalid(op, `'sigma' must be > 0, got ${String(sigma)}`);
  const { data, channels, height, width } = src;
  const [rx, ry] = [kx >> 1, ky >> 1];
  if (rx >= width || ry >= height) {
    invalid(
      op,
      `a ${kx}×${ky} kernel pads by reflection, which needs more than ${ry}×${rx} pixels ` +
        `(height × width), got ${height}×${width}`,
    );
  }
  const [weightsX, weightsY] = [gaussianKernel(kx, sx), gaussianKernel(ky, sy)];
  const cols = axisIndices('reflect', width, -rx, width + 2 * rx);
  const rows = axisIndices('reflect', height, -ry, height + 2 * ry);
  const plane = height * width;
  const buffer = scratch(plane + width + cols.length);
  const rowsPassed = buffer.subarray(0, plane);
  const acc = buffer.subarray(plane, plane + width);
  const padded = buffer.subarray(plane + width, plane + width + cols.length);
  for (let c = 0; c < channels; c++) {
    const base = c * plane;
    for (let y = 0; y < height; y++) {
      const row = base + y * width;
      for (let x = 0; x < padded.length; x++) padded[x] = data[row + cols[x]];
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let j = 0; j < kx; j++) sum += weightsX[j] * padded[x + j];
        rowsPassed[y * width + x] = sum;
      }
    }
    for (let y = 0; y < height; y++) {
      acc.fill(0);
      for (let i = 0; i < ky; i++) {
        const w = weightsY[i];
        const from = rows[y + i] * width;
        for (let x = 0; x < width; x++) acc[x] += w * rowsPassed[from + x];
      }
      dst.set(acc, base + y * width);
    }
  }
}

/** torchvision's default sigma for a kernel of size k: 0.3·((k − 1)/2 − 1) + 0.8. */
function defaultSigma(k: number): number {
  return 0.3 * ((k - 1) * 0.5 - 1) + 0.8;
}

/** exp(−t²/2σ²) at t = −(k−1)/2 … (k−1)/2, normalised to sum 1. */
function gaussianKernel(k: number, sigma: number): Float64Array {
  const half = (k - 1) / 2;
  const w = Float64Array.from({ length: k }, (_, i) => Math.exp(-0.5 * ((i - half) / sigma) ** 2));
  const total = w.reduce((s, v) => s + v, 0);
  return w.map((v) => v / total);
}

let buffer = new Float64Array(0);

/** A float64 scratch buffer of at least `size` values, reused from call to call. */
function scratch(size: number): Float64Array {
  if (buffer.length < size) buffer = new Float64Array(size);
  return buffer;
}
