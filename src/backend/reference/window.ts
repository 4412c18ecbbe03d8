/** Output size of a sliding window: floor((size + 2·pad − k) / stride) + 1. */
export function windowOutSize(size: number, k: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - k) / stride) + 1;
}
