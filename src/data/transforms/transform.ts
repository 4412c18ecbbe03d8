import { invalid } from '../../errors';
import { Random, sharedRandom } from '../../random';
import { Tensor } from '../../tensor';
import type { ImageView } from './functional/image';

/** The [channels, height, width] of one image. */
export type ImageShape = readonly [channels: number, height: number, width: number];

/**
 * A transform of images, applied one image at a time. Random transforms draw their
 * parameters per image from the generator they are given: called directly they use the
 * shared generator (see manualSeed); attached to a DataLoader, one generator per batch
 * derived from the loader's seed, the epoch and the batch, so a batch is the same however
 * and whenever it is prepared (a resumed run, another thread).
 */
export abstract class Transform {
  /** The shape an image of `shape` becomes (default: unchanged). */
  outputShape(shape: ImageShape): ImageShape {
    return shape;
  }

  /** Transforms `src` into `dst` (outputShape's size, not overlapping src), drawing from `random`. */
  abstract image(src: ImageView, dst: Float32Array, random: Random): void;

  /**
   * Transforms every image of x ([N, C, H, W] or [C, H, W]) into a new tensor, drawing the
   * random parameters from `random` (default: the shared generator) image after image.
   */
  apply(x: Tensor, random: Random = sharedRandom()): Tensor {
    const op = `${this.constructor.name}.apply`;
    if (!(x instanceof Tensor) || (x.shape.length !== 3 && x.shape.length !== 4)) {
      invalid(op, `'x' must be a tensor [N, C, H, W] or [C, H, W]`);
    }
    const batched = x.shape.length === 4;
    const count = batched ? x.shape[0] : 1;
    const shape = x.shape.slice(batched ? 1 : 0) as unknown as ImageShape;
    const out = this.applyArray(x.toArray(), count, shape, random);
    const outShape = batched ? [count, ...out.shape] : [...out.shape];
    return Tensor.fromOwned(out.data, outShape);
  }

  /** Transforms `count` images of `shape` stored one after another in `data`. */
  applyArray(
    data: Float32Array,
    count: number,
    shape: ImageShape,
    random: Random,
  ): { data: Float32Array; shape: ImageShape } {
    const outShape = this.outputShape(shape);
    const [inSize, outSize] = [sizeOf(shape), sizeOf(outShape)];
    if (data.length !== count * inSize) {
      invalid(
        `${this.constructor.name}`,
        `${data.length} values are not ${count} images [${shape}]`,
      );
    }
    const out = new Float32Array(count * outSize);
    for (let i = 0; i < count; i++) {
      this.image(
        view(data.subarray(i * inSize, (i + 1) * inSize), shape),
        out.subarray(i * outSize, (i + 1) * outSize),
        random,
      );
    }
    return { data: out, shape: outShape };
  }
}

/** An image view of `data` with `shape`. */
export function view(data: Float32Array, [channels, height, width]: ImageShape): ImageView {
  return { data, channels, height, width };
}

/** The number of floats in an image of `shape`. */
export function sizeOf([channels, height, width]: ImageShape): number {
  return channels * height * width;
}

/** Transforms applied one after another, as torchvision's Compose. */
export class Compose extends Transform {
  readonly transforms: readonly Transform[];

  constructor(transforms: readonly Transform[]) {
    super();
    if (!Array.isArray(transforms) || !transforms.every((t) => t instanceof Transform)) {
      invalid('compose', `'transforms' must be an array of transforms`);
    }
    this.transforms = [...transforms];
  }

  override outputShape(shape: ImageShape): ImageShape {
    return this.transforms.reduce((s, t) => t.outputShape(s), shape);
  }

  /** Each transform over the whole batch in turn (one buffer per step, not per image). */
  override applyArray(
    data: Float32Array,
    count: number,
    shape: ImageShape,
    random: Random,
  ): { data: Float32Array; shape: ImageShape } {
    return this.transforms.reduce(
      (batch, t) => t.applyArray(batch.data, count, batch.shape, random),
      {
        data,
        shape,
      },
    );
  }

  override image(src: ImageView, dst: Float32Array, random: Random): void {
    let current = src;
    this.transforms.forEach((t, i) => {
      const shape = t.outputShape([current.channels, current.height, current.width]);
      const last = i === this.transforms.length - 1;
      const next = last ? dst : new Float32Array(sizeOf(shape));
      t.image(current, next, random);
      current = view(next, shape);
    });
    if (this.transforms.length === 0) dst.set(src.data);
  }
}

/** Transforms applied one after another to each image (torchvision's Compose). */
export function compose(transforms: readonly Transform[]): Compose {
  return new Compose(transforms);
}

/**
 * A generator for one batch of an epoch: a seed mixed from (seed, epoch, batch), so that
 * batches draw independent streams that do not depend on the order they are made in.
 */
export function batchRandom(seed: number, epoch: number, batch: number): Random {
  let h = 0x2545f491;
  for (const part of [seed >>> 0, Math.floor(seed / 2 ** 32), epoch, batch]) {
    h = Math.imul(h ^ part, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
    h ^= h >>> 13;
  }
  return new Random((h >>> 0) + 2 ** 32 * (batch & 0x1fffff));
}
