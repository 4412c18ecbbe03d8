import type { ArgNamesOf, Ptr } from '../args';

export interface PoolKernels {
  /** Max pool over `planes` planes of h×w; argmax (i32) holds the in-plane index h·w of each max. */
  maxPool2d(
    x: Ptr,
    planes: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    y: Ptr,
    argmax: Ptr,
  ): void;
  /** dx (overwritten) = scatter-add of dy through argmax; oh, ow are the pooled sizes.
   * Returns −1, or the position of the first argmax outside [0, h·w), having written nothing. */
  maxPool2dBackward(
    dy: Ptr,
    argmax: Ptr,
    planes: number,
    h: number,
    w: number,
    oh: number,
    ow: number,
    dx: Ptr,
  ): number;
  /** Average pool; padding counts as zeros in the average (PyTorch's count_include_pad). */
  avgPool2d(
    x: Ptr,
    planes: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    y: Ptr,
  ): void;
  /** dx (overwritten) of avgPool2d. */
  avgPool2dBackward(
    dy: Ptr,
    planes: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    dx: Ptr,
  ): void;
}

/** The arguments of each kernel of PoolKernels, by name and in order. */
export const POOL_ARGS = {
  maxPool2d: [
    'x',
    'planes',
    'h',
    'w',
    'kh',
    'kw',
    'strideH',
    'strideW',
    'padH',
    'padW',
    'y',
    'argmax',
  ],
  maxPool2dBackward: ['dy', 'argmax', 'planes', 'h', 'w', 'oh', 'ow', 'dx'],
  avgPool2d: ['x', 'planes', 'h', 'w', 'kh', 'kw', 'strideH', 'strideW', 'padH', 'padW', 'y'],
  avgPool2dBackward: [
    'dy',
    'planes',
    'h',
    'w',
    'kh',
    'kw',
    'strideH',
    'strideW',
    'padH',
    'padW',
    'dx',
  ],
} as const satisfies ArgNamesOf<PoolKernels>;
