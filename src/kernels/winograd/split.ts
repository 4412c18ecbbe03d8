import { named } from '../args';
import { NR } from '../gemm/split';
import { MIN_MACS_PER_THREAD, splitRange, type Splits } from '../split';
import {
  WINOGRAD_ARGS,
  WINOGRAD_SCHEMES,
  winogradPositions,
  type WinogradKernels,
  type WinogradScheme,
} from './abi';

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

/** The output size along a side of `size` inputs padded by `pad`, for the scheme's window. */
const outSide = (scheme: number, size: number, pad: number) =>
  size + 2 * pad - WINOGRAD_SCHEMES[scheme].window + 1;

export const WINOGRAD_SPLITS: Splits<WinogradKernels> = {
  // By rows of U_ξ.
  winogradWeights: (threads, name) => (scheme, w, outC, c, turned, first, end, u) => {
    const bytes = 4 * winogradPositions(scheme as WinogradScheme) * (end - first);
    const parts = threads.toUse(bytes * (turned ? outC : c), MIN_TRANSFORM_BYTES);
    if (parts === 1) return threads.own.winogradWeights(scheme, w, outC, c, turned, first, end, u);
    const pieces = splitRange(first, end, parts, 1).map(([from, to]) => ({
      scheme,
      w,
      outC,
      c,
      turned,
      first: from,
      end: to,
      u,
    }));
    threads.run(name, pieces);
  },

  // By images, each piece's scratch sized for its images.
  conv2dWinogradImages:
    (threads, name) =>
    (...positional) => {
      const a = named(WINOGRAD_ARGS[name], positional);
      const { tile, window } = WINOGRAD_SCHEMES[a.scheme];
      const pixels = outSide(a.scheme, a.h, a.padH) * outSide(a.scheme, a.w, a.padW);
      // (tile + r − 1)² multiply-adds per tile×tile outputs, input and output channel.
      const macs = (a.outC * a.c * (tile + window - 1) ** 2 * pixels) / tile ** 2;
      const parts = Math.min(
        a.end - a.first,
        threads.toUse((a.end - a.first) * macs, MIN_MACS_PER_THREAD),
      );
      if (parts <= 1) return threads.own.conv2dWinogradImages(...positional);
      const pieces = splitRange(a.first, a.end, parts, 1).map(([first, end]) => ({
        ...a,
        first,
        end,
      }));
      const { c, outC, h, w, padH, padW } = a;
      const scratch = threads.own.winogradScratchFloats;
      threads.run(name, pieces, {
        at: 'scratch',
        work: 'work',
        bytes: (p) => 4 * scratch(a.scheme, c, outC, h, w, padH, padW, p.end - p.first),
      });
    },

  // A grid of blocks of dw, one a thread, each summed over the images in order as one thread
  // would. A thread transforms x for its input channels and dy for its rows, so p row parts
  // repeat each channel's V p times and q channel parts each row's D q times; the grid
  // (p·q = threads) is the one whose repeated transforms cost least (transformGrid).
  conv2dWinogradWeightGrad:
    (threads, name) =>
    (...positional) => {
      const a = named(WINOGRAD_ARGS[name], positional);
      const r = WINOGRAD_SCHEMES[a.scheme].window;
      const [rows, cs] = [a.oEnd - a.oFirst, a.cEnd - a.cFirst];
      const pixels = outSide(a.scheme, a.h, a.padH) * outSide(a.scheme, a.w, a.padW);
      const parts = threads.toUse(
        (a.n * rows * cs * (r + 1) ** 2 * pixels) / 4,
        MIN_MACS_PER_THREAD,
      );
      if (parts <= 1) return threads.own.conv2dWinogradWeightGrad(...positional);
      const [p, q] = transformGrid(parts, rows, cs, INPUT_TRANSFORM_COST);
      const channelRanges = splitRange(a.cFirst, a.cEnd, q, 1);
      const pieces = splitRange(a.oFirst, a.oEnd, p, 1).flatMap(([oFirst, oEnd]) =>
        channelRanges.map(([cFirst, cEnd]) => ({ ...a, oFirst, oEnd, cFirst, cEnd })),
      );
      const { h, w, padH, padW } = a;
      const scratch = threads.own.winogradWeightGradScratchFloats;
      threads.run(name, pieces, {
        at: 'scratch',
        work: 'work',
        bytes: (b) => 4 * scratch(a.scheme, b.cEnd - b.cFirst, b.oEnd - b.oFirst, h, w, padH, padW),
      });
    },
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
