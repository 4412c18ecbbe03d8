import type { Tensor } from '../../../tensor';
import { checkDestination, checkImage, mapImages, type ImageView } from './image';
import { axisIndices, remapImage, reversedIndices } from './remap';

/** x ([N, C, H, W] or [C, H, W]) mirrored left to right (torchvision's F.hflip). */
export function hflip(x: Tensor): Tensor {
  return mapImages('hflip', x, hflipImage);
}

/** x ([N, C, H, W] or [C, H, W]) mirrored top to bottom (torchvision's F.vflip). */
export function vflip(x: Tensor): Tensor {
  return mapImages('vflip', x, vflipImage);
}

/** Mirrors one image left to right into dst (same size, not overlapping src). */
export function hflipImage(src: ImageView, dst: Float32Array): void {
  flipImage('hflip', src, dst, false);
}

/** Mirrors one image top to bottom into dst (same size, not overlapping src). */
export function vflipImage(src: ImageView, dst: Float32Array): void {
  flipImage('vflip', src, dst, true);
}

function flipImage(op: string, src: ImageView, dst: Float32Array, vertical: boolean): void {
  checkImage(op, 'src', src);
  checkDestination(op, src, dst, src.data.length, false);
  const { height, width } = src;
  const rows = vertical ? reversedIndices(height) : axisIndices('constant', height, 0, height);
  const cols = vertical ? axisIndices('constant', width, 0, width) : reversedIndices(width);
  remapImage(src, dst, rows, cols, 0);
}
