// Random geometric augmentations, as torchvision.transforms draws them: RandomCrop,
// RandomHorizontalFlip, RandomAffine, RandomPerspective.
import { checkInRange, checkPositiveInt, invalid } from '../../errors';
import type { Random } from '../../random';
import { affineImage } from './functional/affine';
import { hflipImage } from './functional/flip';
import type { ImageView } from './functional/image';
import { padSides, type Padding } from './functional/pad';
import { perspectiveImage, type Corners } from './functional/perspective';
import { axisIndices, PADDING_MODES, remapImage, type PaddingMode } from './functional/remap';
import type { Fill, Interpolation } from './functional/sample';
import { Transform, type ImageShape } from './transform';

/** Options of randomCrop (torchvision's RandomCrop). */
export interface RandomCropOptions {
  /** The crop's size: a number for a square, or [height, width]. */
  size: number | readonly [number, number];
  /** Padding added around the image first (as functional.pad's; default 0). */
  padding?: Padding;
  /** The value of constant padding (default 0). */
  fill?: number;
  /** How the padding reads (default 'constant'). */
  paddingMode?: PaddingMode;
}

/** A crop of `size` at a random place of the (padded) image. */
export class RandomCrop extends Transform {
  readonly height: number;
  readonly width: number;
  readonly #sides: { left: number; top: number; right: number; bottom: number };
  readonly #fill: number;
  readonly #mode: PaddingMode;

  constructor({ size, padding = 0, fill = 0, paddingMode = 'constant' }: RandomCropOptions) {
    super();
    const op = 'randomCrop';
    const [height, width] = typeof size === 'number' ? [size, size] : (size ?? []);
    checkPositiveInt(op, 'size', height);
    checkPositiveInt(op, 'size', width);
    if (!PADDING_MODES.includes(paddingMode)) {
      invalid(op, `'paddingMode' must be one of ${PADDING_MODES.join(', ')}, got '${paddingMode}'`);
    }
    if (!Number.isFinite(fill)) invalid(op, `'fill' must be a finite number, got ${fill}`);
    [this.height, this.width] = [height, width];
    this.#sides = padSides(op, padding);
    this.#fill = fill;
    this.#mode = paddingMode;
  }

  override outputShape([channels]: ImageShape): ImageShape {
    return [channels, this.height, this.width];
  }

  override image(src: ImageView, dst: Float32Array, random: Random): void {
    const { left, top, right, bottom } = this.#sides;
    const [paddedH, paddedW] = [src.height + top + bottom, src.width + left + right];
    if (paddedH < this.height || paddedW < this.width) {
      invalid(
        'randomCrop',
        `a ${this.height}×${this.width} crop does not fit the padded ${paddedH}×${paddedW} image`,
      );
    }
    // Padding then cropping is one gather from the original image.
    const i = random.int(paddedH - this.height + 1);
    const j = random.int(paddedW - this.width + 1);
    const rows = axisIndices(this.#mode, src.height, i - top, this.height);
    const cols = axisIndices(this.#mode, src.width, j - left, this.width);
    remapImage(src, dst, rows, cols, this.#fill);
  }
}

/** A crop of `size` at a random place of the image padded by `padding`. */
export function randomCrop(options: RandomCropOptions): RandomCrop {
  return new RandomCrop(options);
}

/** Flips each image left–right with probability p. */
export class RandomHorizontalFlip extends Transform {
  constructor(readonly p = 0.5) {
    super();
    checkInRange('randomHorizontalFlip', 'p', p, 0, 1);
  }

  override image(src: ImageView, dst: Float32Array, random: Random): void {
    if (random.uniform() < this.p) hflipImage(src, dst);
    else dst.set(src.data);
  }
}

/** Flips each image left–right with probability p (default 0.5). */
export function randomHorizontalFlip(p = 0.5): RandomHorizontalFlip {
  return new RandomHorizontalFlip(p);
}

/** Options of randomAffine (torchvision's RandomAffine). */
export interface RandomAffineOptions {
  /** Rotation drawn from [-degrees, degrees], or from [min, max]. */
  degrees: number | readonly [number, number];
  /** Largest translation as fractions of the width and height, [fx, fy] in [0, 1]. */
  translate?: readonly [number, number];
  /** Scale drawn from [min, max] (default 1). */
  scale?: readonly [number, number];
  /**
   * Shear in degrees: x drawn from [-s, s] for a number, from [min, max] for two numbers,
   * and x then y from the two ranges of four numbers (default none).
   */
  shear?: number | readonly [number, number] | readonly [number, number, number, number];
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
  fill?: Fill;
}

/** Rotates, translates, scales and shears each image by random amounts. */
export class RandomAffine extends Transform {
  readonly #degrees: [number, number];
  readonly #translate?: readonly [number, number];
  readonly #scale?: readonly [number, number];
  readonly #shear?: [number, number, number, number];
  readonly #interpolation: Interpolation;
  readonly #fill?: Fill;

  constructor(options: RandomAffineOptions) {
    super();
    const op = 'randomAffine';
    const { degrees, translate, scale, shear, interpolation = 'bilinear', fill } = options ?? {};
    this.#degrees = symmetricRange(op, 'degrees', degrees);
    if (translate !== undefined) {
      if (!Array.isArray(translate) || translate.length !== 2) {
        invalid(op, `'translate' must be [fx, fy]`);
      }
      translate.forEach((t, k) => checkInRange(op, `translate[${k}]`, t, 0, 1));
      this.#translate = translate;
    }
    if (scale !== undefined) {
      const [lo, hi] = orderedRange(op, 'scale', scale);
      if (!(lo > 0)) invalid(op, `'scale' must be > 0, got [${scale}]`);
      this.#scale = [lo, hi];
    }
    if (shear !== undefined) {
      if (typeof shear === 'number' || shear.length === 2) {
        this.#shear = [...symmetricRange(op, 'shear', shear as number), 0, 0];
      } else if (shear.length === 4) {
        const [x0, x1, y0, y1] = shear;
        this.#shear = [
          ...orderedRange(op, 'shear', [x0, x1]),
          ...orderedRange(op, 'shear', [y0, y1]),
        ];
      } else invalid(op, `'shear' must be a number, or 2 or 4 numbers`);
    }
    this.#interpolation = interpolation;
    this.#fill = fill;
  }

  override image(src: ImageView, dst: Float32Array, random: Random): void {
    const between = ([lo, hi]: readonly [number, number]) => lo + (hi - lo) * random.uniform();
    const angle = between(this.#degrees);
    let translate: [number, number] = [0, 0];
    if (this.#translate) {
      const [dx, dy] = [this.#translate[0] * src.width, this.#translate[1] * src.height];
      translate = [Math.round(between([-dx, dx])), Math.round(between([-dy, dy]))];
    }
    const scale = this.#scale ? between(this.#scale) : 1;
    let shear: [number, number] = [0, 0];
    if (this.#shear) {
      const [x0, x1, y0, y1] = this.#shear;
      shear = [between([x0, x1]), y0 === y1 ? y0 : between([y0, y1])];
    }
    affineImage(src, dst, {
      angle,
      translate,
      scale,
      shear,
      interpolation: this.#interpolation,
      fill: this.#fill,
    });
  }
}

/** Rotates, translates, scales and shears each image by amounts drawn from the ranges given. */
export function randomAffine(options: RandomAffineOptions): RandomAffine {
  return new RandomAffine(options);
}

/** Options of randomPerspective (torchvision's RandomPerspective). */
export interface RandomPerspectiveOptions {
  /** How far the corners may move, in [0, 1] (default 0.5). */
  distortionScale?: number;
  /** The probability of distorting an image (default 0.5). */
  p?: number;
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
  fill?: Fill;
}

/** Moves each corner of the image inwards by a random amount, with probability p. */
export class RandomPerspective extends Transform {
  readonly distortionScale: number;
  readonly p: number;
  readonly #interpolation: Interpolation;
  readonly #fill?: Fill;

  constructor(options: RandomPerspectiveOptions = {}) {
    super();
    const op = 'randomPerspective';
    const { distortionScale = 0.5, p = 0.5, interpolation = 'bilinear', fill } = options;
    checkInRange(op, 'distortionScale', distortionScale, 0, 1);
    checkInRange(op, 'p', p, 0, 1);
    this.distortionScale = distortionScale;
    this.p = p;
    this.#interpolation = interpolation;
    this.#fill = fill;
  }

  override image(src: ImageView, dst: Float32Array, random: Random): void {
    if (!(random.uniform() < this.p)) {
      dst.set(src.data);
      return;
    }
    const { width: w, height: h } = src;
    const dx = Math.floor(this.distortionScale * Math.floor(w / 2));
    const dy = Math.floor(this.distortionScale * Math.floor(h / 2));
    const near = (reach: number) => random.int(reach + 1);
    const far = (size: number, reach: number) => size - reach - 1 + random.int(reach + 1);
    const end: Corners = [
      [near(dx), near(dy)],
      [far(w, dx), near(dy)],
      [far(w, dx), far(h, dy)],
      [near(dx), far(h, dy)],
    ];
    const start: Corners = [
      [0, 0],
      [w - 1, 0],
      [w - 1, h - 1],
      [0, h - 1],
    ];
    perspectiveImage(src, dst, start, end, {
      interpolation: this.#interpolation,
      fill: this.#fill,
    });
  }
}

/** Distorts each image's perspective at random with probability p. */
export function randomPerspective(options: RandomPerspectiveOptions = {}): RandomPerspective {
  return new RandomPerspective(options);
}

/** [-v, v] for a number v ≥ 0, or [lo, hi] with lo ≤ hi. */
export function symmetricRange(
  op: string,
  name: string,
  v: number | readonly [number, number],
): [number, number] {
  if (typeof v === 'number') {
    if (!(v >= 0) || !Number.isFinite(v)) invalid(op, `'${name}' must be a number ≥ 0, got ${v}`);
    return [-v, v];
  }
  return orderedRange(op, name, v);
}

/** [lo, hi] with finite lo ≤ hi. */
export function orderedRange(
  op: string,
  name: string,
  v: readonly [number, number],
): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every(Number.isFinite) || v[0] > v[1]) {
    invalid(op, `'${name}' must be [min, max] with finite min ≤ max, got ${String(v)}`);
  }
  return [v[0], v[1]];
}
