import { windowOutSize, type WindowGeometry } from '../kernels/window';
import type { Shape } from '../tensor';
import { invalid } from './checks';

// Sliding-window arguments shared by the convolution and pooling ops.

/** A size for both spatial dimensions, or [height, width]. */
export type Pair = number | readonly [number, number];

/** A window's geometry over an [N, C, H, W] input, every size checked. */
export interface Window extends WindowGeometry {
  n: number;
  c: number;
  /** Output height and width. */
  oh: number;
  ow: number;
}

/** Reads a Pair as [h, w]; each must be an integer ≥ `least` (1 for kernel and stride, 0 for padding). */
export function pair(op: string, name: string, value: unknown, least: 0 | 1): [number, number] {
  const both = Array.isArray(value) ? value : [value, value];
  const ok = both.length === 2 && both.every((v) => Number.isInteger(v) && (v as number) >= least);
  if (!ok) {
    const what = least === 1 ? 'positive integer' : 'non-negative integer';
    invalid(op, `'${name}' must be a ${what} or a pair [h, w] of them, got ${show(value)}`);
  }
  return both as [number, number];
}

export interface WindowArgs {
  kernel: unknown;
  stride: unknown;
  padding: unknown;
}

/**
 * Checks the window options against input `name` of shape xShape [N, C, H, W]: sizes,
 * padding (at most half the kernel when `pool`, as PyTorch requires), and that the padded
 * input holds at least one window.
 */
export function windowOver(
  op: string,
  name: string,
  xShape: Shape,
  args: WindowArgs,
  pool = false,
): Window {
  const [kh, kw] = pair(op, 'kernel', args.kernel, 1);
  const [strideH, strideW] = pair(op, 'stride', args.stride, 1);
  const [padH, padW] = pair(op, 'padding', args.padding, 0);
  if (pool && (2 * padH > kh || 2 * padW > kw)) {
    invalid(op, `'padding' [${padH}, ${padW}] must be at most half the kernel [${kh}, ${kw}]`);
  }
  const [n, c, h, w] = xShape;
  if (h + 2 * padH < kh || w + 2 * padW < kw) {
    invalid(
      op,
      `the ${kh}×${kw} kernel does not fit '${name}' [${xShape}] padded by [${padH}, ${padW}]`,
    );
  }
  const oh = windowOutSize(h, kh, strideH, padH);
  const ow = windowOutSize(w, kw, strideW, padW);
  return { n, c, h, w, kh, kw, strideH, strideW, padH, padW, oh, ow };
}

/** `shape` must be four positive integers [N, C, H, W]. */
export function checkImageShape(op: string, name: string, shape: unknown): asserts shape is Shape {
  const ok =
    Array.isArray(shape) &&
    shape.length === 4 &&
    shape.every((d) => Number.isInteger(d) && (d as number) >= 1);
  if (!ok) invalid(op, `'${name}' must be four positive integers [N, C, H, W], got ${show(shape)}`);
}

/** The window arguments in kernel-call order. */
export function windowArgs(g: Window): [number, number, number, number, number, number] {
  return [g.kh, g.kw, g.strideH, g.strideW, g.padH, g.padW];
}

function show(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(String).join(', ')}]` : String(v);
}
