// Random colour and blur augmentations, as torchvision.transforms draws them: ColorJitter
// and GaussianBlur.
import { invalid } from '../../errors';
import type { Random } from '../../random';
import { gaussianBlurImage } from './functional/blur';
import {
  adjustBrightnessImage,
  adjustContrastImage,
  adjustHueImage,
  adjustSaturationImage,
} from './functional/color';
import type { ImageView } from './functional/image';
import { orderedRange, symmetricRange } from './geometric';
import { Transform } from './transform';

/**
 * Options of colorJitter (torchvision's ColorJitter): a number v draws the factor from
 * [max(0, 1 − v), 1 + v] (the hue shift from [-v, v], v ≤ 0.5), or give [min, max].
 */
export interface ColorJitterOptions {
  brightness?: number | readonly [number, number];
  contrast?: number | readonly [number, number];
  saturation?: number | readonly [number, number];
  hue?: number | readonly [number, number];
}

type Adjust = (src: ImageView, dst: Float32Array, factor: number) => void;

/** Changes brightness, contrast, saturation and hue by random factors, in a random order. */
export class ColorJitter extends Transform {
  readonly #adjustments: { adjust: Adjust; range: [number, number] }[] = [];

  constructor(options: ColorJitterOptions = {}) {
    super();
    const op = 'colorJitter';
    const { brightness, contrast, saturation, hue } = options ?? {};
    const factor = (name: string, v: number | readonly [number, number] | undefined) => {
      if (v === undefined) return undefined;
      const [lo, hi] = symmetricRange(op, name, v);
      const range: [number, number] =
        typeof v === 'number' ? [Math.max(0, 1 + lo), 1 + hi] : [lo, hi];
      if (range[0] < 0) invalid(op, `'${name}' factors must be ≥ 0, got [${String(v)}]`);
      return range[0] === 1 && range[1] === 1 ? undefined : range;
    };
    // torchvision's order of the four before it shuffles them.
    const ranges: [Adjust, [number, number] | undefined][] = [
      [adjustBrightnessImage, factor('brightness', brightness)],
      [adjustContrastImage, factor('contrast', contrast)],
      [adjustSaturationImage, factor('saturation', saturation)],
      [adjustHueImage, hue === undefined ? undefined : hueRange(op, hue)],
    ];
    for (const [adjust, range] of ranges) {
      if (range) this.#adjustments.push({ adjust, range });
    }
  }

  override image(src: ImageView, dst: Float32Array, random: Random): void {
    dst.set(src.data);
    const image = { ...src, data: dst };
    const order = random.shuffle(this.#adjustments.map((_, i) => i));
    // The factors are drawn in the fixed order, then applied in the shuffled one.
    const factors = this.#adjustments.map(
      ({ range: [lo, hi] }) => lo + (hi - lo) * random.uniform(),
    );
    for (const i of order) this.#adjustments[i].adjust(image, dst, factors[i]);
  }
}

/** Random brightness, contrast, saturation and hue changes (torchvision's ColorJitter). */
export function colorJitter(options: ColorJitterOptions = {}): ColorJitter {
  return new ColorJitter(options);
}

function hueRange(
  op: string,
  hue: number | readonly [number, number],
): [number, number] | undefined {
  const [lo, hi] = symmetricRange(op, 'hue', hue);
  if (lo < -0.5 || hi > 0.5) invalid(op, `'hue' must lie within [-0.5, 0.5], got ${String(hue)}`);
  return lo === 0 && hi === 0 ? undefined : [lo, hi];
}

/** Options of gaussianBlur (torchvision's GaussianBlur). */
export interface GaussianBlurOptions {
  /** An odd kernel size, or [width, height]. */
  kernelSize: number | readonly [number, number];
  /** sigma is drawn from [min, max] (default [0.1, 2]), or fixed as one number. */
  sigma?: number | readonly [number, number];
}

/** Blurs each image with a Gaussian kernel of a random sigma. */
export class GaussianBlur extends Transform {
  readonly kernelSize: [number, number];
  readonly sigma: [number, number];

  constructor({ kernelSize, sigma = [0.1, 2] }: GaussianBlurOptions) {
    super();
    const op = 'gaussianBlur';
    const [kw, kh] = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : (kernelSize ?? []);
    for (const k of [kw, kh]) {
      if (!Number.isInteger(k) || k < 1 || k % 2 === 0) {
        invalid(op, `'kernelSize' must be odd positive integers, got ${String(kernelSize)}`);
      }
    }
    this.kernelSize = [kw, kh];
    this.sigma = typeof sigma === 'number' ? [sigma, sigma] : orderedRange(op, 'sigma', sigma);
    if (!(this.sigma[0] > 0)) invalid(op, `'sigma' must be > 0, got ${String(sigma)}`);
  }

  override image(src: ImageView, dst: Float32Array, random: Random): void {
    const [lo, hi] = this.sigma;
    const s = lo + (hi - lo) * random.uniform();
    gaussianBlurImage(src, dst, this.kernelSize, [s, s]);
  }
}

/** Gaussian blur with sigma drawn per image (torchvision's GaussianBlur). */
export function gaussianBlur(options: GaussianBlurOptions): GaussianBlur {
  return new GaussianBlur(options);
}
