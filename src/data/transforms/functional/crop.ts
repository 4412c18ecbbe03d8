import { checkPositiveInt, invalid } from '../../../errors';
import type { Tensor } from '../../../tensor';
import { checkDestination, checkImage, mapImages, type ImageView } from './image';
import { axisIndices, remapImage } from './remap';

/**
 * The region of x ([N, C, H, W] or [C, H, W]) of height × width whose top-left pixel is
 * (top, left), as torchvision's F.crop: parts outside the image are zeros.
 */
export function crop(x: Tensor, top: number, left: number, height: number, width: number): Tensor {
  checkRegion(top, left, height, width);
  return mapImages('crop', x, (src, dst) => cropImage(src, dst, top, left, height, width), {
    height,
    width,
  });
}

/** Crops one image into dst [C, height, width] (as `crop`). */
export function cropImage(
  src: ImageView,
  dst: Float32Array,
  top: number,
  left: number,
  height: number,
  width: number,
): void {
  checkImage('crop', 'src', src);
  checkRegion(top, left, height, width);
  checkDestination('crop', src, dst, src.channels * height * width, false);
  const rows = axisIndices('constant', src.height, top, height);
  const cols = axisIndices('constant', src.width, left, width);
  remapImage(src, dst, rows, cols, 0);
}

function checkRegion(top: number, left: number, height: number, width: number): void {
  if (!Number.isInteger(top)) invalid('crop', `'top' must be an integer, got ${top}`);
  if (!Number.isInteger(left)) invalid('crop', `'left' must be an integer, got ${left}`);
  checkPositiveInt('crop', 'height', height);
  checkPositiveInt('crop', 'width', width);
}
