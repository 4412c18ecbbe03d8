import { invalid } from '../../../errors';
import type { Tensor } from '../../../tensor';
import { checkDestination, checkImage, mapImages, numberPair, type ImageView } from './image';
import {
  checkInterpolation,
  fillPerChannel,
  sampleImage,
  type Fill,
  type Interpolation,
} from './sample';

/** A point [x, y] in pixels from the top-left corner. */
export type Point = readonly [number, number];

/** The four corners top-left, top-right, bottom-right, bottom-left. */
export type Corners = readonly [Point, Point, Point, Point];

/** How `perspective` samples. */
export interface PerspectiveOptions {
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
  /**
   * The value of pixels from outside the image. Left out, they read 0 (torchvision's
   * fill=None); given (0 included), torchvision's fill rule applies (see sample.ts).
   */
  fill?: Fill;
}

/**
 * x ([N, C, H, W] or [C, H, W]) warped so that the corners `startPoints` of the image move
 * to `endPoints`, as torchvision's F.perspective on a tensor; the output has x's size.
 */
export function perspective(
  x: Tensor,
  startPoints: Corners,
  endPoints: Corners,
  options: PerspectiveOptions = {},
): Tensor {
  return mapImages('perspective', x, (src, dst) =>
    perspectiveImage(src, dst, startPoints, endPoints, options),
  );
}

/** The perspective warp of one image into dst (same size, not overlapping src). */
export function perspectiveImage(
  src: ImageView,
  dst: Float32Array,
  startPoints: Corners,
  endPoints: Corners,
  options: PerspectiveOptions = {},
): void {
  const op = 'perspective';
  checkImage(op, 'src', src);
  checkDestination(op, src, dst, src.data.length, false);
  const { interpolation = 'bilinear', fill } = options;
  const k = perspectiveCoefficients(startPoints, endPoints);
  // torchvision's grid: output pixel (col, row) is the point (col + 0.5, row + 0.5), which
  // maps to (k0·x + k1·y + k2, k3·x + k4·y + k5) / (k6·x + k7·y + 1), read at that − 0.5.
  const den = [k[6], k[7], 0.5 * (k[6] + k[7]) + 1];
  const map = [
    k[0] - 0.5 * den[0],
    k[1] - 0.5 * den[1],
    0.5 * (k[0] + k[1]) + k[2] - 0.5 * den[2],
    k[3] - 0.5 * den[0],
    k[4] - 0.5 * den[1],
    0.5 * (k[3] + k[4]) + k[5] - 0.5 * den[2],
    ...den,
  ];
  sampleImage(
    src,
    dst,
    src.height,
    src.width,
    map,
    checkInterpolation(op, interpolation),
    fillPerChannel(op, fill, src.channels),
  );
}

/**
 * torchvision's _get_perspective_coeffs: (a, b, c, d, e, f, g, h) such that each end point
 * (x, y) maps to its start point ((a·x + b·y + c) / (g·x + h·y + 1), (d·x + e·y + f) / (…)),
 * by solving the 8×8 system in float64 (Gaussian elimination with partial pivoting).
 */
export function perspectiveCoefficients(startPoints: Corners, endPoints: Corners): Float64Array {
  const op = 'perspective';
  const start = corners(op, 'startPoints', startPoints);
  const end = corners(op, 'endPoints', endPoints);
  // Rows [A | b] of the system A·coefficients = b, two per point.
  const a = Array.from({ length: 8 }, () => new Float64Array(9));
  for (let i = 0; i < 4; i++) {
    const [x, y] = end[i];
    const [u, v] = start[i];
    a[2 * i].set([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a[2 * i + 1].set([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  const scale = Math.max(1, ...a.map((row) => Math.max(...row.map(Math.abs))));
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) {
      if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    }
    if (Math.abs(a[pivot][col]) <= 1e-12 * scale) {
      invalid(
        op,
        'the points are degenerate (three on a line?): no perspective maps the end points ' +
          'onto the start points',
      );
    }
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < 8; r++) {
      const factor = a[r][col] / a[col][col];
      for (let k = col; k < 9; k++) a[r][k] -= factor * a[col][k];
    }
  }
  const coefficients = new Float64Array(8);
  for (let r = 7; r >= 0; r--) {
    let s = a[r][8];
    for (let k = r + 1; k < 8; k++) s -= a[r][k] * coefficients[k];
    coefficients[r] = s / a[r][r];
  }
  return coefficients;
}

function corners(op: string, name: string, points: Corners): Point[] {
  if (!Array.isArray(points) || points.length !== 4) {
    invalid(
      op,
      `'${name}' must be 4 points [x, y] (top-left, top-right, bottom-right, bottom-left)`,
    );
  }
  return points.map((p, i) => numberPair(op, `${name}[${i}]`, p, false));
}
