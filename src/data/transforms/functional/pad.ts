import { checkFinite, checkNonNegativeInt, invalid } from '../../../errors';
import type { Tensor } from '../../../tensor';
import { checkDestination, checkImage, imageSizeOf, mapImages, type ImageView } from './image';
import { axisIndices, PADDING_MODES, remapImage, type PaddingMode } from './remap';

export type { PaddingMode } from './remap';

/**
 * Padding as torchvision takes it: one number for all sides, [left/right, top/bottom], or
 * [left, top, right, bottom]; non-negative integers.
 */
export type Padding =
  | number
  | readonly [number]
  | readonly [number, number]
  | readonly [number, number, number, number];

/** The pixels added on each side. */
export interface Sides {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Pads x ([N, C, H, W] or [C, H, W]) as torchvision's F.pad; returns a new tensor. */
export function pad(
  x: Tensor,
  padding: Padding,
  fill = 0,
  paddingMode: PaddingMode = 'constant',
): Tensor {
  const { height, width } = imageSizeOf('pad', x);
  const { left, top, right, bottom } = padSides('pad', padding);
  return mapImages('pad', x, (src, dst) => padImage(src, dst, padding, fill, paddingMode), {
    height: height + top + bottom,
    width: width + left + right,
  });
}

/**
 * Pads one image into dst [C, H + top + bottom, W + left + right] (as `pad`); 'constant'
 * writes `fill` around the image.
 */
export function padImage(
  src: ImageView,
  dst: Float32Array,
  padding: Padding,
  fill = 0,
  paddingMode: PaddingMode = 'constant',
): void {
  const op = 'pad';
  checkImage(op, 'src', src);
  checkFinite(op, 'fill', fill);
  if (!PADDING_MODES.includes(paddingMode)) {
    invalid(op, `'paddingMode' must be one of ${PADDING_MODES.join(', ')}, got '${paddingMode}'`);
  }
  const { left, top, right, bottom } = padSides(op, padding);
  const { channels, height, width } = src;
  const [oh, ow] = [height + top + bottom, width + left + right];
  checkDestination(op, src, dst, channels * oh * ow, false);
  // torch's reflect padding stays within n − 1 of the image, symmetric within n.
  const reach = paddingMode === 'reflect' ? 1 : 0;
  if (paddingMode === 'reflect' || paddingMode === 'symmetric') {
    const [ph, pw] = [Math.max(top, bottom), Math.max(left, right)];
    if (ph > height - reach || pw > width - reach) {
      invalid(
        op,
        `'${paddingMode}' padding must be ${reach ? 'smaller than' : 'at most'} the image ` +
          `size, got padding [${left}, ${top}, ${right}, ${bottom}] for a ${height}×${width} image`,
      );
    }
  }
  const rows = axisIndices(paddingMode, height, -top, oh);
  const cols = axisIndices(paddingMode, width, -left, ow);
  remapImage(src, dst, rows, cols, fill);
}

/** torchvision's padding argument as the four sides. */
export function padSides(op: string, padding: Padding): Sides {
  const p: readonly number[] = typeof padding === 'number' ? [padding] : padding;
  if (!Array.isArray(p) || ![1, 2, 4].includes(p.length)) {
    invalid(op, `'padding' must be a number or 1, 2 or 4 numbers, got ${String(padding)}`);
  }
  p.forEach((v, i) => checkNonNegativeInt(op, `padding[${i}]`, v));
  const [left, top, right, bottom] =
    p.length === 1 ? [p[0], p[0], p[0], p[0]] : p.length === 2 ? [p[0], p[1], p[0], p[1]] : p;
  return { left, top, right, bottom };
}
