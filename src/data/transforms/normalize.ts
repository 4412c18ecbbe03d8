import { invalid } from '../../errors';
import type { Random } from '../../random';
import type { ImageView } from './functional/image';
import { normalizeImage } from './functional/normalize';
import { Transform } from './transform';

/** The model-metadata key under which a Normalize transform stores its statistics. */
export const NORMALIZE_KEY = 'simdnet.normalize';

/**
 * (x − mean) / std per channel. Build it from the TRAINING set's statistics
 * (`Dataset.channelStats()`), apply it to training and test images alike, and save it
 * with the model (`model.save(path, { metadata: normalize.metadata() })`) so that whoever
 * loads the model feeds it images as it was trained on (`Normalize.fromMetadata`).
 */
export class Normalize extends Transform {
  readonly mean: readonly number[];
  readonly std: readonly number[];

  constructor(mean: readonly number[], std: readonly number[]) {
    super();
    const op = 'normalize';
    const numbers = (v: readonly number[]) => Array.isArray(v) && v.every(Number.isFinite);
    if (!numbers(mean) || !numbers(std) || mean.length !== std.length || mean.length === 0) {
      invalid(op, `'mean' and 'std' must be arrays of finite numbers, one per channel`);
    }
    std.forEach((s, c) => {
      if (!(s > 0)) invalid(op, `'std' must be > 0, got ${s} for channel ${c}`);
    });
    this.mean = Object.freeze([...mean]);
    this.std = Object.freeze([...std]);
  }

  override image(src: ImageView, dst: Float32Array, _random: Random): void {
    if (src.channels !== this.mean.length) {
      invalid(
        'normalize',
        `the statistics are for ${this.mean.length} channels, the image has ${src.channels}`,
      );
    }
    normalizeImage(src, dst, this.mean, this.std);
  }

  /** The statistics as model metadata ({ 'simdnet.normalize': JSON }). */
  metadata(): Record<string, string> {
    return { [NORMALIZE_KEY]: JSON.stringify({ mean: this.mean, std: this.std }) };
  }

  /** The Normalize stored in a model's metadata (see nn.loadMetadata), if there is one. */
  static fromMetadata(metadata: Record<string, string>): Normalize | undefined {
    const json = metadata[NORMALIZE_KEY];
    if (json === undefined) return undefined;
    const { mean, std } = JSON.parse(json) as { mean: number[]; std: number[] };
    return new Normalize(mean, std);
  }
}

/** (x − mean) / std per channel, as a transform (one number per channel). */
export function normalize(mean: readonly number[], std: readonly number[]): Normalize {
  return new Normalize(mean, std);
}
