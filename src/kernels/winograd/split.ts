import { named } from '../args';
import { NR } from '../gemm/split';
import { KERNEL_ARGS } from '..';
import { MIN_MACS_PER_THREAD, splitRange, type ArgsOf, type Splits, type Threads } from '../split';
import type { Winograd4x4Kernels, Winograd5Kernels, WinogradKernels } from './abi';

type Family = WinogradKernels & Winograd5Kernels & Winograd4x4Kernels;

/**
 * What the weight gradient's input transform V = Bᵀ x B of one channel costs, in output
 * transforms D = A dY Aᵀ of one row (measured by bench/winograd.bench.ts --pass blocks: V
 * reads a whole padded patch per tile and gemm packs V again on every thread, D comes from
 * a 2×2 tile).
 */
export const INPUT_TRANSFORM_COST = 1.7;

/**
 * Bytes of u a thread must write for a weight transform split to pay: more than for other
 * kernels, as the calls come one at a time between JS work, where waking the pool costs more
 * than a small transform.
 */
const MIN_TRANSFORM_BYTES = 1 << 19;

type WeightsKernel = 'winogradWeights' | 'winograd4x4Weights' | 'winograd5Weights';

/** A weight transform split by the rows of its U_ξ (`positions` of them). */
function byRows<K extends WeightsKernel>(positions: number) {
  return (threads: Threads, name: K): Family[K] =>
    (w, outC, c, turned, first, end, u) => {
      const columns = turned ? outC : c;
      const parts = threads.toUse(4 * positions * (end - first) * columns, MIN_TRANSFORM_BYTES);
      if (parts === 1) return threads.own[name](w, outC, c, turned, first, end, u);
      const pieces = splitRange(first, end, parts, 1).map(([from, to]) => ({
        w,
        outC,
        c,
        turned,
        first: from,
        end: to,
        u,
      }));
      threads.run(name, pieces);
    };
}

type ImagesKernel = 'conv2dWinogradImages' | 'conv2dWinograd4x4Images' | 'conv2dWinograd5Images';
/** The arguments the three schemes' image passes share (names and order). */
type ImagesArgs = ArgsOf<ImagesKernel>;

/**
 * A pass over images for an r×r window and tile×tile output tiles, split by images; each
 * piece's scratch from the scheme's scratch size for its images.
 */
function byImages<K extends ImagesKernel>(
  r: number,
  tile: number,
  scratchFloats: (threads: Threads, a: ImagesArgs, images: number) => number,
) {
  return (threads: Threads, name: K): Family[K] =>
    (...positional: number[]) => {
      const a: ImagesArgs = named(KERNEL_ARGS[name as ImagesKernel], positional);
      const pixels = (a.h + 2 * a.padH - r + 1) * (a.w + 2 * a.padW - r + 1);
      // (tile + r − 1)² multiply-adds per tile×tile outputs, input and output channel.
      const work = ((a.end - a.first) * a.outC * a.c * (tile + r - 1) ** 2 * pixels) / tile ** 2;
      const parts = Math.min(a.end - a.first, threads.toUse(work, MIN_MACS_PER_THREAD));
      const own = threads.own[name] as (...args: number[]) => void;
      if (parts <= 1) return own(...positional);
      const pieces = splitRange(a.first, a.end, parts, 1).map(([first, end]) => ({
        ...a,
        first,
        end,
      }));
      threads.run<ImagesKernel>(name, pieces, {
        at: 'scratch',
        work: 'work',
        bytes: (piece) => 4 * scratchFloats(threads, piece, piece.end - piece.first),
      });
    };
}

type WeightGradKernel = 'conv2dWinogradWeightGrad' | 'conv2dWinograd5WeightGrad';
/** The arguments the weight gradients share (names and order). */
type WeightGradArgs = ArgsOf<WeightGradKernel>;

/**
 * A weight gradient for an r×r window split into a grid of blocks of dw, one a thread, each
 * summed over the images in order as one thread would. A thread transforms x for its input
 * channels and dy for its rows, so p row parts repeat each channel's V p times and q channel
 * parts each row's D q times; the grid (p·q = threads) is the one whose repeated transforms
 * cost least (transformGrid).
 */
function byBlocks<K extends WeightGradKernel>(
  r: number,
  scratchFloats: (threads: Threads) => WinogradKernels['winogradWeightGradScratchFloats'],
) {
  return (threads: Threads, name: K): Family[K] =>
    (...positional: number[]) => {
      const a: WeightGradArgs = named(KERNEL_ARGS[name as WeightGradKernel], positional);
      const [rows, cs] = [a.oEnd - a.oFirst, a.cEnd - a.cFirst];
      const pixels = (a.h + 2 * a.padH - r + 1) * (a.w + 2 * a.padW - r + 1);
      const work = (a.n * rows * cs * (r + 1) ** 2 * pixels) / 4;
      const parts = threads.toUse(work, MIN_MACS_PER_THREAD);
      const own = threads.own[name] as (...args: number[]) => void;
      if (parts <= 1) return own(...positional);
      const [p, q] = transformGrid(parts, rows, cs, INPUT_TRANSFORM_COST);
      const channelRanges = splitRange(a.cFirst, a.cEnd, q, 1);
      const pieces = splitRange(a.oFirst, a.oEnd, p, 1).flatMap(([oFirst, oEnd]) =>
        channelRanges.map(([cFirst, cEnd]) => ({ ...a, oFirst, oEnd, cFirst, cEnd })),
      );
      const floats = scratchFloats(threads);
      threads.run<WeightGradKernel>(name, pieces, {
        at: 'scratch',
        work: 'work',
        bytes: (b) => 4 * floats(b.cEnd - b.cFirst, b.oEnd - b.oFirst, a.h, a.w, a.padH, a.padW),
      });
    };
}

export const WINOGRAD_SPLITS: Splits<Family> = {
  winogradWeights: byRows(16),
  winograd4x4Weights: byRows(36),
  winograd5Weights: byRows(36),
  conv2dWinogradImages: byImages(3, 2, (threads, a) =>
    threads.own.winogradScratchFloats(a.c, a.outC, a.h, a.w, a.padH, a.padW),
  ),
  conv2dWinograd4x4Images: byImages(3, 4, (threads, a, images) =>
    threads.own.winograd4x4ScratchFloats(a.c, a.outC, a.h, a.w, a.padH, a.padW, images),
  ),
  conv2dWinograd5Images: byImages(5, 2, (threads, a, images) =>
    threads.own.winograd5ScratchFloats(a.c, a.outC, a.h, a.w, a.padH, a.padW, images),
  ),
  conv2dWinogradWeightGrad: byBlocks(3, (threads) => threads.own.winogradWeightGradScratchFloats),
  conv2dWinograd5WeightGrad: byBlocks(5, (threads) => threads.own.winograd5WeightGradScratchFloats),
};

/**
 * [row parts, channel parts] of a weight gradient over `rows` × `channels` blocks of dw for
 * `threads` threads: of the factorings p·q = threads (p ≤ rows; each channel part at least NR
 * channels wide, since gemm pads M's columns to whole NR-wide panels, and narrower blocks
 * measured slower in bench/winograd.bench.ts --pass grid), the one with the least transform
 * work a thread repeats, inputCost·channels / q + rows / p; ties go to fewer channel parts
 * (wider GEMMs). Falls back to rows alone when no factoring fits.
 */
export function transformGrid(
  threads: number,
  rows: number,
  channels: number,
  inputCost: number,
): [rowParts: number, channelParts: number] {
  let best: [number, number] = [Math.min(threads, rows), 1];
  let least = Infinity;
  for (let q = 1; q <= threads; q++) {
    const p = threads / q;
    if (!Number.isInteger(p) || p > rows || (q > 1 && channels < q * NR)) continue;
    const cost = (inputCost * channels) / q + rows / p;
    if (cost < least) [best, least] = [[p, q], cost];
  }
  return best;
}
