import { invalid } from '../../../errors';
import type { Tensor } from '../../../tensor';
import { checkDestination, checkImage, mapImages, perChannel, type ImageView } from './image';

/**
 * (x − mean) / std per channel of x ([N, C, H, W] or [C, H, W]), as torchvision's
 * F.normalize: numbers apply to every channel, arrays hold one value per channel.
 */
export function normalize(
  x: Tensor,
  mean: number | readonly number[],
  std: number | readonly number[],
): Tensor {
  return mapImages('normalize', x, (src, dst) => normalizeImage(src, dst, mean, std));
}

/**
 * Normalizes one image into dst (same size; may be src's data). Rounds as torch's float32
 * sub_ then div_ (mean and std are rounded to float32 first), so results match bit for bit.
 */
export function normalizeImage(
  src: ImageView,
  dst: Float32Array,
  mean: number | readonly number[],
  std: number | readonly number[],
): void {
  const op = 'normalize';
  checkImage(op, 'src', src);
  checkDestination(op, src, dst, src.data.length, true);
  const { data, channels, height, width } = src;
  const means = perChannel(op, 'mean', mean, channels);
  const stds = perChannel(op, 'std', std, channels);
  const zero = stds.indexOf(0);
  if (zero >= 0) invalid(op, `'std' of channel ${zero} must not be 0 (after rounding to float32)`);
  const plane = height * width;
  for (let c = 0; c < channels; c++) {
    const [m, s] = [means[c], stds[c]];
    for (let i = c * plane; i < (c + 1) * plane; i++) dst[i] = Math.fround(data[i] - m) / s;
  }
}
