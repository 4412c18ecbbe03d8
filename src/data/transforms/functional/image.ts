// The image view every functional transform works on, its checks, and the mapping from a
// tensor [N, C, H, W] or [C, H, W] to images and back.
//
// Each transform comes twice: `name(x, …)` on a tensor, which returns a new tensor of the
// same rank, and `nameImage(src, dst, …)` on one image view, which writes into a
// Float32Array the caller gives (random transforms use it to apply per-image parameters
// to a batch without making tensors). Both check their arguments and throw the same
// errors, named after the transform.
import { checkPositiveInt, invalid } from '../../../errors';
import { checkTensor } from '../../../ops/checks';
import { Tensor } from '../../../tensor';

/** One image: `channels` planes of height × width floats, row-major, in `data`. */
export interface ImageView {
  data: Float32Array;
  channels: number;
  height: number;
  width: number;
}

/** The channels, height and width of a transform's output image. */
export interface ImageSize {
  channels: number;
  height: number;
  width: number;
}

/** Checks that `image` is a view of exactly channels · height · width floats. */
export function checkImage(op: string, name: string, image: ImageView): void {
  if (typeof image !== 'object' || image === null || !(image.data instanceof Float32Array)) {
    invalid(op, `'${name}' must be an image { data: Float32Array, channels, height, width }`);
  }
  checkPositiveInt(op, `${name}.channels`, image.channels);
  checkPositiveInt(op, `${name}.height`, image.height);
  checkPositiveInt(op, `${name}.width`, image.width);
  const { data, channels, height, width } = image;
  if (data.length !== channels * height * width) {
    invalid(
      op,
      `'${name}.data' has ${data.length} values, not ${channels}×${height}×${width} = ` +
        `${channels * height * width}`,
    );
  }
}

/**
 * Checks `dst`: a Float32Array of `size` floats that, unless `inPlace` allows it, does not
 * overlap src's data (transforms that move pixels read each source pixel more than once).
 */
export function checkDestination(
  op: string,
  src: ImageView,
  dst: Float32Array,
  size: number,
  inPlace: boolean,
): void {
  if (!(dst instanceof Float32Array)) invalid(op, `'dst' must be a Float32Array`);
  if (dst.length !== size) {
    invalid(op, `'dst' must hold ${size} values, got ${dst.length}`);
  }
  const same = dst.buffer === src.data.buffer && dst.byteOffset === src.data.byteOffset;
  if ((!inPlace || !same) && overlaps(dst, src.data)) {
    invalid(
      op,
      inPlace ? `'dst' must be src's data or not overlap it` : `'dst' must not overlap src's data`,
    );
  }
}

/** Checks that `image` has colours to adjust: 3 channels (RGB) or 1 (grey). */
export function checkColorChannels(op: string, image: ImageView): void {
  if (image.channels !== 1 && image.channels !== 3) {
    invalid(op, `the image must have 1 or 3 channels (grey or RGB), got ${image.channels}`);
  }
}

/**
 * Applies `apply` to each image of x ([N, C, H, W] or [C, H, W], float32), writing into a
 * new tensor of the same rank (on x's backend) whose images have size `out` (default:
 * x's). `apply` reads a view of x's data: it must not make tensors.
 */
export function mapImages(
  op: string,
  x: Tensor,
  apply: (src: ImageView, dst: Float32Array) => void,
  out: Partial<ImageSize> = {},
): Tensor {
  const { channels, height, width } = imageSizeOf(op, x);
  const count = x.shape.length === 4 ? x.shape[0] : 1;
  const { channels: oc = channels, height: oh = height, width: ow = width } = out;
  const floats = x.floats();
  const data = floats instanceof Float32Array ? floats : Float32Array.from(floats);
  const [inSize, outSize] = [channels * height * width, oc * oh * ow];
  const result = new Float32Array(count * outSize);
  for (let i = 0; i < count; i++) {
    const src = { data: data.subarray(i * inSize, (i + 1) * inSize), channels, height, width };
    apply(src, result.subarray(i * outSize, (i + 1) * outSize));
  }
  const shape = x.shape.length === 4 ? [count, oc, oh, ow] : [oc, oh, ow];
  return Tensor.fromOwned(result, shape, { backend: x.backend });
}

/** The size of x's images ([N, C, H, W] or [C, H, W]); checks that x is one of those. */
export function imageSizeOf(op: string, x: Tensor): ImageSize {
  checkTensor(op, 'x', x);
  const s = x.shape;
  if (s.length !== 3 && s.length !== 4) {
    invalid(op, `'x' must be an image [C, H, W] or a batch [N, C, H, W], got shape [${s}]`);
  }
  const [channels, height, width] = s.slice(-3);
  return { channels, height, width };
}

/**
 * A number for every channel, or one number per channel (or a single one), as float32
 * values per channel; each must be finite.
 */
export function perChannel(
  op: string,
  name: string,
  v: number | readonly number[],
  channels: number,
): Float32Array {
  const values: readonly number[] = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(values) || (values.length !== 1 && values.length !== channels)) {
    invalid(
      op,
      `'${name}' must be a number or ${channels} numbers (one per channel), got ${String(v)}`,
    );
  }
  values.forEach((value, c) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      invalid(op, `'${name}[${c}]' must be a finite number, got ${String(value)}`);
    }
  });
  return Float32Array.from({ length: channels }, (_, c) => values[values.length === 1 ? 0 : c]);
}

/** A pair of finite numbers: [v, v] for a number (if `repeat`), else the two of an array. */
export function numberPair(
  op: string,
  name: string,
  v: number | readonly [number, number],
  repeat = true,
): [number, number] {
  if (typeof v === 'number' && repeat) v = [v, v];
  if (!Array.isArray(v) || v.length !== 2) {
    invalid(op, `'${name}' must be ${repeat ? 'a number or ' : ''}two numbers, got ${String(v)}`);
  }
  v.forEach((value, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      invalid(op, `'${name}[${i}]' must be a finite number, got ${String(value)}`);
    }
  });
  return [v[0], v[1]];
}

function overlaps(a: Float32Array, b: Float32Array): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}
