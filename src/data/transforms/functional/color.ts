// Colour adjustments, as torchvision's tensor code: each blends the image with another one
// (black, its mean grey, its greyscale) as ratio·img + (1 − ratio)·other, clamped to
// [0, 1]; the hue rotates H in HSV space. Images have 3 channels (RGB) or 1 (grey: as
// torchvision, saturation and hue leave it unchanged). All of them may work in place.
import { checkFinite, checkInRange, invalid } from '../../../errors';
import type { Tensor } from '../../../tensor';
import {
  checkColorChannels,
  checkDestination,
  checkImage,
  mapImages,
  type ImageView,
} from './image';

/** torchvision's rgb_to_grayscale weights (ITU-R 601-2 luma), as float32 like torch's. */
const RED = Math.fround(0.2989);
const GREEN = Math.fround(0.587);
const BLUE = Math.fround(0.114);

/**
 * torchvision's _hsv2rgb gives each of R, G, B one of v, q, p, t (indices 0…3) by the
 * sector floor(6h): its stacks a1, a2, a3 as a table, three entries per sector; h·6 may
 * round up to 6, which is sector 0 again.
 */
// prettier-ignore
const SECTOR_CHANNELS = Uint8Array.from([
  0, 3, 2, // 0: v t p
  1, 0, 2, // 1: q v p
  2, 0, 3, // 2: p v t
  2, 1, 0, // 3: p q v
  3, 2, 0, // 4: t p v
  0, 2, 1, // 5: v p q
  0, 3, 2, // 6 = 0
]);

/** v, q, p, t of the pixel being converted (scratch). */
const candidates = new Float64Array(4);

/** x ([N, C, H, W] or [C, H, W]) times `factor` (≥ 0), clamped to [0, 1]: 0 gives black. */
export function adjustBrightness(x: Tensor, factor: number): Tensor {
  return mapImages('adjustBrightness', x, (src, dst) => adjustBrightnessImage(src, dst, factor));
}

/**
 * Each image of x blended with the mean of its greyscale by `factor` (≥ 0): 0 gives that
 * mean grey everywhere, 1 the image, more stretches the contrast.
 */
export function adjustContrast(x: Tensor, factor: number): Tensor {
  return mapImages('adjustContrast', x, (src, dst) => adjustContrastImage(src, dst, factor));
}

/** x blended with its greyscale by `factor` (≥ 0): 0 gives greyscale, 1 the image. */
export function adjustSaturation(x: Tensor, factor: number): Tensor {
  return mapImages('adjustSaturation', x, (src, dst) => adjustSaturationImage(src, dst, factor));
}

/**
 * x with its hue shifted by `hueFactor` turns of the colour wheel, in [-0.5, 0.5]
 * (torchvision's _rgb2hsv / _hsv2rgb; no clamping).
 */
export function adjustHue(x: Tensor, hueFactor: number): Tensor {
  return mapImages('adjustHue', x, (src, dst) => adjustHueImage(src, dst, hueFactor));
}

/**
 * The greyscale of x ([N, C, H, W] or [C, H, W]): 0.2989·R + 0.587·G + 0.114·B for RGB, a
 * copy for grey images, in 1 channel or repeated in 3 (torchvision's F.rgb_to_grayscale).
 */
export function rgbToGrayscale(x: Tensor, numOutputChannels: 1 | 3 = 1): Tensor {
  return mapImages(
    'rgbToGrayscale',
    x,
    (src, dst) => rgbToGrayscaleImage(src, dst, numOutputChannels),
    { channels: numOutputChannels },
  );
}

/** Brightness of one image into dst (same size; may be src's data). */
export function adjustBrightnessImage(src: ImageView, dst: Float32Array, factor: number): void {
  checkColorArgs('adjustBrightness', src, dst, factor);
  blendConstant(src.data, dst, factor, 0);
}

/** Contrast of one image into dst (same size; may be src's data). */
export function adjustContrastImage(src: ImageView, dst: Float32Array, factor: number): void {
  checkColorArgs('adjustContrast', src, dst, factor);
  const { data } = src;
  const plane = src.height * src.width;
  let sum = 0;
  if (src.channels === 1) {
    for (let i = 0; i < plane; i++) sum += data[i];
  } else {
    for (let i = 0; i < plane; i++) sum += grey(data[i], data[i + plane], data[i + 2 * plane]);
  }
  blendConstant(data, dst, factor, Math.fround(sum / plane));
}

/** Saturation of one image into dst (same size; may be src's data). */
export function adjustSaturationImage(src: ImageView, dst: Float32Array, factor: number): void {
  checkColorArgs('adjustSaturation', src, dst, factor);
  const { data } = src;
  if (src.channels === 1) {
    if (dst !== data) dst.set(data);
    return;
  }
  const plane = src.height * src.width;
  const rest = 1 - factor;
  for (let i = 0; i < plane; i++) {
    const r = data[i];
    const g = data[i + plane];
    const b = data[i + 2 * plane];
    const mix = rest * grey(r, g, b);
    dst[i] = clamp01(factor * r + mix);
    dst[i + plane] = clamp01(factor * g + mix);
    dst[i + 2 * plane] = clamp01(factor * b + mix);
  }
}

/** Hue of one image into dst (same size; may be src's data). */
export function adjustHueImage(src: ImageView, dst: Float32Array, hueFactor: number): void {
  const op = 'adjustHue';
  checkImage(op, 'src', src);
  checkColorChannels(op, src);
  checkDestination(op, src, dst, src.data.length, true);
  checkInRange(op, 'hueFactor', hueFactor, -0.5, 0.5);
  const { data } = src;
  if (src.channels === 1) {
    if (dst !== data) dst.set(data);
    return;
  }
  const plane = src.height * src.width;
  for (let i = 0; i < plane; i++) {
    const r = data[i];
    const g = data[i + plane];
    const b = data[i + 2 * plane];
    // RGB -> HSV (torchvision's _rgb2hsv: Pillow's formulas, grey pixels get h = s = 0).
    const v = Math.max(r, g, b);
    const range = v - Math.min(r, g, b);
    const flat = range === 0;
    const s = flat ? 0 : range / v;
    const inverse = flat ? 0 : 1 / range;
    // torchvision's bc − gc, 2 + rc − bc, 4 + gc − rc with rc = (v − r) / range etc.
    const h6 =
      v === r ? (g - b) * inverse : v === g ? 2 + (b - r) * inverse : 4 + (r - g) * inverse;
    // torch's fmod(h6 / 6 + 1, 1), then the rotation modulo 1: h − floor(h) for each.
    let h = h6 / 6 + 1;
    h -= Math.floor(h);
    h += hueFactor;
    h -= Math.floor(h);
    // HSV -> RGB (torchvision's _hsv2rgb), without branches on the sector.
    const sector = Math.floor(h * 6);
    const f = h * 6 - sector;
    const k = 3 * sector;
    candidates[0] = v;
    candidates[1] = clamp01(v * (1 - s * f)); // q
    candidates[2] = clamp01(v * (1 - s)); // p
    candidates[3] = clamp01(v * (1 - s * (1 - f))); // t
    dst[i] = candidates[SECTOR_CHANNELS[k]];
    dst[i + plane] = candidates[SECTOR_CHANNELS[k + 1]];
    dst[i + 2 * plane] = candidates[SECTOR_CHANNELS[k + 2]];
  }
}

/**
 * The greyscale of one image (RGB or grey) into dst [numOutputChannels, H, W] (1 or 3
 * channels); dst must not overlap src.
 */
export function rgbToGrayscaleImage(
  src: ImageView,
  dst: Float32Array,
  numOutputChannels: 1 | 3 = 1,
): void {
  const op = 'rgbToGrayscale';
  checkImage(op, 'src', src);
  checkColorChannels(op, src);
  if (numOutputChannels !== 1 && numOutputChannels !== 3) {
    invalid(op, `'numOutputChannels' must be 1 or 3, got ${String(numOutputChannels)}`);
  }
  const plane = src.height * src.width;
  checkDestination(op, src, dst, numOutputChannels * plane, false);
  const { data } = src;
  if (src.channels === 1) dst.set(data);
  else for (let i = 0; i < plane; i++) dst[i] = grey(data[i], data[i + plane], data[i + 2 * plane]);
  for (let c = 1; c < numOutputChannels; c++) dst.copyWithin(c * plane, 0, plane);
}

function checkColorArgs(op: string, src: ImageView, dst: Float32Array, factor: number): void {
  checkImage(op, 'src', src);
  checkColorChannels(op, src);
  checkDestination(op, src, dst, src.data.length, true);
  checkFinite(op, 'factor', factor);
  if (factor < 0) invalid(op, `'factor' must be ≥ 0, got ${factor}`);
}

/** dst[i] = clamp(ratio·src[i] + (1 − ratio)·other) for every i. */
function blendConstant(src: Float32Array, dst: Float32Array, ratio: number, other: number): void {
  const mix = (1 - ratio) * other;
  for (let i = 0; i < src.length; i++) dst[i] = clamp01(ratio * src[i] + mix);
}

/** The float32 greyscale of a pixel, as torch computes it: each term and sum in float32. */
function grey(r: number, g: number, b: number): number {
  const f = Math.fround;
  return f(f(f(RED * r) + f(GREEN * g)) + f(BLUE * b));
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
