import { checkFinite, invalid } from '../../../errors';
import type { Tensor } from '../../../tensor';
import { checkDestination, checkImage, mapImages, numberPair, type ImageView } from './image';
import {
  checkInterpolation,
  fillPerChannel,
  sampleImage,
  type Fill,
  type Interpolation,
} from './sample';

/** The parameters of an affine transform (torchvision's F.affine; all optional). */
export interface AffineOptions {
  /** Rotation in degrees, clockwise (default 0). */
  angle?: number;
  /** Horizontal and vertical translation in pixels, after the rotation (default [0, 0]). */
  translate?: readonly [number, number];
  /** Overall scale, > 0 (default 1). */
  scale?: number;
  /** Shear in degrees: parallel to the x axis, or [x, y] (default 0). */
  shear?: number | readonly [number, number];
  /** Default 'bilinear' (torchvision's F.affine defaults to 'nearest'). */
  interpolation?: Interpolation;
  /**
   * The value of pixels from outside the image. Left out, they read 0 (torchvision's
   * fill=None); given (0 included), torchvision's fill rule applies (see sample.ts).
   */
  fill?: Fill;
  /** The centre of rotation, [x, y] in pixels from the top-left corner (default: the middle). */
  center?: readonly [number, number];
}

/**
 * x ([N, C, H, W] or [C, H, W]) rotated, scaled, sheared and translated about the image
 * centre, as torchvision's F.affine on a tensor (its inverse matrix and grid_sample with
 * align_corners=False); the output has x's size.
 */
export function affine(x: Tensor, options: AffineOptions = {}): Tensor {
  return mapImages('affine', x, (src, dst) => affineImage(src, dst, options));
}

/** The affine transform of one image into dst (same size, not overlapping src). */
export function affineImage(src: ImageView, dst: Float32Array, options: AffineOptions = {}): void {
  const op = 'affine';
  checkImage(op, 'src', src);
  checkDestination(op, src, dst, src.data.length, false);
  const { interpolation = 'bilinear', fill } = options;
  const { height, width } = src;
  const m = inverseAffineMatrix(op, options, height, width);
  // torchvision's grid: output pixel (col, row) sits at (col + 0.5 − W/2, row + 0.5 − H/2)
  // from the centre; grid_sample reads source index (matrix · that) + (W/2 − 0.5, H/2 − 0.5).
  const [ox, oy] = [0.5 - width / 2, 0.5 - height / 2];
  const map = [
    m[0],
    m[1],
    m[0] * ox + m[1] * oy + m[2] - ox,
    m[3],
    m[4],
    m[3] * ox + m[4] * oy + m[5] - oy,
    0,
    0,
    1,
  ];
  sampleImage(
    src,
    dst,
    height,
    width,
    map,
    checkInterpolation(op, interpolation),
    fillPerChannel(op, fill, src.channels),
  );
}

/**
 * torchvision's _get_inverse_affine_matrix: the 2×3 matrix taking output coordinates to
 * input ones, both relative to the image centre (y down).
 */
function inverseAffineMatrix(
  op: string,
  options: AffineOptions,
  height: number,
  width: number,
): number[] {
  const { angle = 0, translate = [0, 0], scale = 1, shear = 0, center } = options;
  checkFinite(op, 'angle', angle);
  const [tx, ty] = numberPair(op, 'translate', translate, false);
  checkFinite(op, 'scale', scale);
  if (scale <= 0) invalid(op, `'scale' must be > 0, got ${scale}`);
  const [shx, shy] = typeof shear === 'number' ? [shear, 0] : numberPair(op, 'shear', shear, false);
  const [cx, cy] = center === undefined ? [0, 0] : numberPair(op, 'center', center, false);
  const [centerX, centerY] = center === undefined ? [0, 0] : [cx - width / 2, cy - height / 2];

  const radians = Math.PI / 180;
  const [rot, sx, sy] = [angle * radians, shx * radians, shy * radians];
  // Rotation · shear, without the scale: determinant 1.
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  const m = [d, -b, 0, -c, a, 0].map((v) => v / scale);
  m[2] += m[0] * (-centerX - tx) + m[1] * (-centerY - ty) + centerX;
  m[5] += m[3] * (-centerX - tx) + m[4] * (-centerY - ty) + centerY;
  return m;
}
