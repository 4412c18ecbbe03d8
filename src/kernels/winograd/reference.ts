import type { Heap } from '../../backend/memory';
import type { Ptr } from '../args';
import { WINOGRAD_SCHEMES } from './abi';
import { F2X2_3X3 } from './f2x2-3x3';
import { F2X2_5X5 } from './f2x2-5x5';
import { F4X4_3X3 } from './f4x4-3x3';
import {
  convolveImages,
  imagesScratchFloats,
  transformWeights,
  weightGrad,
  weightGradScratchFloats,
  type ReferenceScheme,
} from './transforms';

// The Winograd kernels' twins: Winograd written as its definition (transforms.ts), the
// scheme's matrices chosen by number as in assembly/winograd/index.ts.

/** The schemes in the ABI's order (WINOGRAD_SCHEMES). */
const SCHEMES: readonly ReferenceScheme[] = [F2X2_3X3, F4X4_3X3, F2X2_5X5];

function schemeOf(scheme: number): ReferenceScheme {
  const found = SCHEMES[scheme];
  if (found === undefined) throw new RangeError(`simdnet: no Winograd scheme ${scheme}`);
  return found;
}

/** A scheme that has a weight gradient. */
function weightGradScheme(scheme: number): ReferenceScheme {
  const found = schemeOf(scheme);
  if (!found.weightGrad) {
    throw new RangeError(`simdnet: ${WINOGRAD_SCHEMES[scheme].name} has no weight gradient`);
  }
  return found;
}

export function winogradWeights(
  heap: Heap,
  scheme: number,
  w: Ptr,
  outC: number,
  c: number,
  turned: number,
  first: number,
  end: number,
  u: Ptr,
): void {
  transformWeights(schemeOf(scheme), heap, w, outC, c, turned, first, end, u);
}

export function conv2dWinogradImages(
  heap: Heap,
  scheme: number,
  x: Ptr,
  first: number,
  end: number,
  c: number,
  h: number,
  w: number,
  padH: number,
  padW: number,
  u: Ptr,
  outC: number,
  y: Ptr,
  scratch: Ptr,
  work: Ptr,
): void {
  const args = [x, first, end, c, h, w, padH, padW, u, outC, y, scratch, work] as const;
  convolveImages(schemeOf(scheme), heap, ...args);
}

export function winogradScratchFloats(
  _heap: Heap,
  scheme: number,
  c: number,
  outC: number,
  h: number,
  w: number,
  padH: number,
  padW: number,
  images: number,
): number {
  return imagesScratchFloats(schemeOf(scheme), c, outC, h, w, padH, padW, images);
}

export function conv2dWinogradWeightGrad(
  heap: Heap,
  scheme: number,
  x: Ptr,
  n: number,
  c: number,
  h: number,
  w: number,
  padH: number,
  padW: number,
  dy: Ptr,
  outC: number,
  oFirst: number,
  oEnd: number,
  cFirst: number,
  cEnd: number,
  dw: Ptr,
  scratch: Ptr,
  work: Ptr,
): void {
  const block = [outC, oFirst, oEnd, cFirst, cEnd] as const;
  const args = [x, n, c, h, w, padH, padW, dy, ...block, dw, scratch, work] as const;
  weightGrad(weightGradScheme(scheme), heap, ...args);
}

export function winogradWeightGradScratchFloats(
  _heap: Heap,
  scheme: number,
  c: number,
  outC: number,
  h: number,
  w: number,
  padH: number,
  padW: number,
): number {
  return weightGradScratchFloats(weightGradScheme(scheme), c, outC, h, w, padH, padW);
}
