import type { Kernels, Ptr } from '../kernels';
import type { Heap } from '../backend/memory';
import { windowOutSize as outSize } from '../kernels/window';
import { jumpState } from '../random';
import type { ThreadPool, Task } from './pool';
import { splitRange, type Range } from './split';

// Which kernels a pool splits, and how. Every split gives each output element to exactly
// one thread, which computes it exactly as one thread would (gemm sums each element over
// k in the same order whatever the tile; the conv passes are split by images, by dw
// columns or by blocks of dw; the Winograd weight transforms by rows of U; elementwise
// pieces start on whole vectors), so results are bit-identical to one thread's. Small
// calls stay on the calling thread: a job costs a few microseconds.

/** Multiply-adds a thread must get for a gemm or convolution split to pay. */
const MIN_MACS_PER_THREAD = 1 << 17;
/** Bytes of the largest stream a thread must get for a memory-bound split to pay. */
const MIN_BYTES_PER_THREAD = 1 << 17;
/**
 * What the Winograd weight gradient's input transform V = Bᵀ x B of one channel costs, in
 * output transforms D = A dY Aᵀ of one row (bench/winograd.bench.ts --pass blocks: 1.4–2×
 * on the MNIST and CIFAR layers, 3×3 and 5×5 alike; V reads a whole padded patch per tile
 * and gemm packs V again on every thread, D comes from a 2×2 tile).
 */
export const INPUT_TRANSFORM_COST = 1.7;
/** Register tile of assembly/gemm.ts: column splits start on NR, row splits on MR. */
const NR = 8;
const MR = 4;
/** Floats per vector-aligned piece of an elementwise kernel (a 64-byte cache line). */
const LINE = 16;

/** Per-thread scratch of a pool: gemm's packing workspace and a random generator's state. */
class ThreadScratch {
  private readonly workspaces: Ptr[];
  private readonly states: Ptr;

  constructor(heap: Heap, threads: number, workspaceBytes: number) {
    this.workspaces = Array.from({ length: threads }, () =>
      heap.allocator.alloc(Math.max(1, workspaceBytes)),
    );
    this.states = heap.allocator.alloc(16 * threads);
  }

  /** Thread t's generator state: 4 words. */
  state(t: number): Ptr {
    return this.states + 16 * t;
  }

  /** Thread t's gemm workspace (t ≥ 1; thread 0 uses the caller's). */
  workspace(t: number): Ptr {
    return this.workspaces[t];
  }
}

type KernelArgs = number[];

/** How a kernel is cut along one argument: which argument counts the units, which pointers move. */
interface UnitSplit {
  /** Index of the argument holding the number of units (elements, planes, images, rows). */
  count: number;
  /** Units per boundary. */
  align: number;
  /** [argument index, bytes per unit] of every pointer that advances with the units. */
  pointers(args: KernelArgs): [number, number][];
  /** Folds the threads' results into the kernel's (default: none). */
  combine?(results: number[], ranges: Range[], args: KernelArgs): number;
}

/** Elementwise kernels: `ptrs` are the argument indices of the float arrays, `count` of n. */
const elementwise = (count: number, ...ptrs: number[]): UnitSplit => ({
  count,
  align: LINE,
  pointers: () => ptrs.map((i) => [i, 4]),
});

/** Plane sizes of a window kernel whose (h, w, kh, kw, strideH, strideW, padH, padW) start at `at`. */
function planeBytes(args: KernelArgs, at: number): { input: number; output: number } {
  const [h, w, kh, kw, strideH, strideW, padH, padW] = args.slice(at, at + 8);
  const output = outSize(h, kh, strideH, padH) * outSize(w, kw, strideW, padW);
  return { input: 4 * h * w, output: 4 * output };
}

/**
 * Window kernels by planes (count at argument 1, geometry h, w, kh, kw, strides, paddings
 * from argument 2): `inputs` are the pointers that move by an input plane, `outputs` by an
 * output plane.
 */
function byPlanes(inputs: number[], outputs: number[]): UnitSplit {
  return {
    count: 1,
    align: 1,
    pointers: (args) => {
      const { input, output } = planeBytes(args, 2);
      return [
        ...inputs.map((at): [number, number] => [at, input]),
        ...outputs.map((at): [number, number] => [at, output]),
      ];
    },
  };
}

const UNIT_SPLITS: Partial<Record<keyof Kernels, UnitSplit>> = {
  relu: elementwise(1, 0, 2),
  reluBackward: elementwise(2, 0, 1, 3),
  tanh: elementwise(1, 0, 2),
  tanhBackward: elementwise(2, 0, 1, 3),
  sigmoid: elementwise(1, 0, 2),
  sigmoidBackward: elementwise(2, 0, 1, 3),
  add: elementwise(2, 0, 1, 3),
  sub: elementwise(2, 0, 1, 3),
  mul: elementwise(2, 0, 1, 3),
  div: elementwise(2, 0, 1, 3),
  scale: elementwise(2, 0, 3),
  axpy: elementwise(2, 1, 3),
  fill: elementwise(2, 0),
  sgd: elementwise(3, 0, 1, 2),
  adam: elementwise(4, 0, 1, 2, 3),
  rmsprop: elementwise(4, 0, 1, 2, 3),
  adadelta: elementwise(4, 0, 1, 2, 3),
  // biasAddChannels(x, bias, n, c, hw, y): by images.
  biasAddChannels: {
    count: 2,
    align: 1,
    pointers: (a) => [
      [0, 4 * a[3] * a[4]],
      [5, 4 * a[3] * a[4]],
    ],
  },
  // transpose(x, batch, rows, cols, y): by matrices.
  transpose: {
    count: 1,
    align: 1,
    pointers: (a) => [
      [0, 4 * a[2] * a[3]],
      [4, 4 * a[2] * a[3]],
    ],
  },
  // maxPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, y, argmax)
  maxPool2d: byPlanes([0], [10, 11]),
  // maxPool2dBackward(dy, argmax, planes, h, w, oh, ow, dx) returns the first bad argmax index.
  maxPool2dBackward: {
    count: 2,
    align: 1,
    pointers: (a) => [
      [0, 4 * a[5] * a[6]],
      [1, 4 * a[5] * a[6]],
      [7, 4 * a[3] * a[4]],
    ],
    combine: (results, ranges, a) => {
      const i = results.findIndex((bad) => bad >= 0);
      return i < 0 ? -1 : ranges[i][0] * a[5] * a[6] + results[i];
    },
  },
  // avgPool2d(x, planes, h, w, kh, kw, sh, sw, ph, pw, y)
  avgPool2d: byPlanes([0], [10]),
  // avgPool2dBackward(dy, planes, h, w, kh, kw, sh, sw, ph, pw, dx)
  avgPool2dBackward: byPlanes([10], [0]),
};

/**
 * The kernels of a pool: `kernels` (the calling thread's own instance) with gemm, the
 * convolution passes and the large memory-bound kernels split across the pool's threads.
 */
export function threadedKernels(kernels: Kernels, pool: ThreadPool, heap: Heap): Kernels {
  const scratch = new ThreadScratch(heap, pool.size, kernels.gemmWorkspaceBytes());
  const threadsFor = (work: number, perThread: number) =>
    Math.max(1, Math.min(pool.size, Math.floor(work / perThread)));
  const threaded: Partial<Kernels> = {};

  for (const [name, split] of Object.entries(UNIT_SPLITS) as [keyof Kernels, UnitSplit][]) {
    const own = kernels[name] as (...args: number[]) => number | void;
    (threaded as Record<string, unknown>)[name] = (...args: KernelArgs) => {
      const pointers = split.pointers(args);
      const units = args[split.count];
      const unitBytes = Math.max(...pointers.map(([, bytes]) => bytes));
      const threads = threadsFor(units * unitBytes, MIN_BYTES_PER_THREAD);
      if (threads === 1) return own(...args);
      const ranges = splitRange(0, units, threads, split.align);
      const tasks = ranges.map(([first, end]): Task => {
        const piece = args.slice();
        piece[split.count] = end - first;
        for (const [at, bytes] of pointers) piece[at] += first * bytes;
        return { kernel: name, args: piece };
      });
      const results = pool.run(tasks);
      return split.combine?.(results, ranges, args);
    };
  }

  const gemm: Kernels['gemm'] = (...args) => {
    const [transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work] = args;
    const threads = threadsFor(m * n * k, MIN_MACS_PER_THREAD);
    if (threads === 1) return kernels.gemm(...args);
    // Columns when there are enough of them: each thread then packs only its part of B.
    const byColumns = n >= m || m < threads * MR;
    const ranges = byColumns ? splitRange(0, n, threads, NR) : splitRange(0, m, threads, MR);
    const bColumn = transB ? ldb : 1; // floats from one column of op(B) to the next
    const aRow = transA ? 1 : lda; // floats from one row of op(A) to the next
    const tasks = ranges.map(([first, end], t): Task => {
      const w = t === 0 ? work : scratch.workspace(t);
      const part = end - first;
      const args = byColumns
        ? [transA, transB, m, part, k, alpha, a, lda, b + 4 * first * bColumn, ldb, beta]
        : [transA, transB, part, n, k, alpha, a + 4 * first * aRow, lda, b, ldb, beta];
      const cPart = byColumns ? c + 4 * first : c + 4 * first * ldc;
      return { kernel: 'gemm', args: [...args, cPart, ldc, w] };
    });
    pool.run(tasks);
  };

  /**
   * Runs kernel `name` once per piece (its full argument list); every piece but the first
   * (the caller's) gets its own scratch (`scratchBytes` of that piece, at argument
   * `scratchAt`) and gemm workspace (the argument after it). The scratch lives for the call
   * only: kept, the largest call's would add to every later peak of memory.
   */
  const runPieces = (
    name: keyof Kernels,
    pieces: number[][],
    scratchAt: number,
    scratchBytes: (piece: number[]) => number,
  ): void => {
    const held: Ptr[] = [];
    try {
      const tasks = pieces.map((piece, t): Task => {
        if (t > 0) {
          piece[scratchAt] = heap.allocator.alloc(scratchBytes(piece));
          held.push(piece[scratchAt]);
          piece[scratchAt + 1] = scratch.workspace(t);
        }
        return { kernel: name, args: piece };
      });
      pool.run(tasks);
    } finally {
      for (const ptr of held) heap.allocator.free(ptr);
    }
  };

  /**
   * Runs kernel `name` once per range, the range written into arguments `at` and `at + 1`,
   * as runPieces (`scratchBytes` of the range).
   */
  const runRanges = (
    name: keyof Kernels,
    args: number[],
    at: number,
    ranges: Range[],
    scratchAt: number,
    scratchBytes: (from: number, to: number) => number,
  ): void => {
    const pieces = ranges.map(([from, to]) => {
      const piece = args.slice();
      piece[at] = from;
      piece[at + 1] = to;
      return piece;
    });
    runPieces(name, pieces, scratchAt, (piece) => scratchBytes(piece[at], piece[at + 1]));
  };

  // Each thread draws its range of the mask from the generator jumped ahead to the range's
  // first draw, so the mask is the one a single thread draws; the caller's state then
  // becomes the last thread's.
  const dropoutMask: Kernels['dropoutMask'] = (...args) => {
    const [state, n, threshold, keepScale, out] = args;
    const threads = threadsFor(4 * n, MIN_BYTES_PER_THREAD);
    if (threads === 1) return kernels.dropoutMask(...args);
    const ranges = splitRange(0, n, threads, LINE);
    const words = heap.i32.slice(state >> 2, (state >> 2) + 4);
    const tasks = ranges.map(([first, end], t): Task => {
      const own = scratch.state(t);
      heap.i32.set(jumpState(words, first), own >> 2);
      return {
        kernel: 'dropoutMask',
        args: [own, end - first, threshold, keepScale, out + 4 * first],
      };
    });
    pool.run(tasks);
    const last = scratch.state(ranges.length - 1) >> 2;
    heap.i32.copyWithin(state >> 2, last, last + 4);
  };

  // By channels: each thread sums its channels over all images, as one thread would.
  const sumChannels: Kernels['sumChannels'] = (...args) => {
    const [x, n, c, hw, first, end, y] = args;
    const threads = threadsFor(4 * n * hw * (end - first), MIN_BYTES_PER_THREAD);
    if (threads === 1) return kernels.sumChannels(...args);
    const tasks = splitRange(first, end, threads, 1).map(([from, to]): Task => ({
      kernel: 'sumChannels',
      args: [x, n, c, hw, from, to, y],
    }));
    pool.run(tasks);
  };

  /**
   * Splits a Winograd weight transform (w, outC, c, turned, first, end, u) by the rows of its
   * U_ξ (`positions` of them), by the bytes of u a thread writes: at least 512 KiB, as the
   * calls come one at a time between JS work, where waking the pool costs more than a small
   * transform (splitting from 128 KiB made MNIST's and CIFAR's steps slower in profile-step
   * on 2 threads, though 2 threads won on the transform alone).
   */
  const MIN_TRANSFORM_BYTES = 1 << 19;
  const weightsByRows =
    (name: 'winogradWeights' | 'winograd4x4Weights' | 'winograd5Weights', positions: number) =>
    (...args: number[]) => {
      const [w, outC, c, turned, first, end, u] = args;
      const columns = turned ? outC : c;
      const threads = threadsFor(4 * positions * (end - first) * columns, MIN_TRANSFORM_BYTES);
      if (threads === 1) return kernels[name](w, outC, c, turned, first, end, u);
      const tasks = splitRange(first, end, threads, 1).map(([from, to]): Task => ({
        kernel: name,
        args: [w, outC, c, turned, from, to, u],
      }));
      pool.run(tasks);
    };
  const winogradWeights = weightsByRows('winogradWeights', 16);
  const winograd4x4Weights = weightsByRows('winograd4x4Weights', 36);
  const winograd5Weights = weightsByRows('winograd5Weights', 36);

  /** Shapes of the conv passes from their geometry arguments c, h, w, kh, kw, sh, sw, ph, pw. */
  const convShape = (g: number[]) => {
    const [c, h, w, kh, kw, sh, sw, ph, pw] = g;
    const pixels = outSize(h, kh, sh, ph) * outSize(w, kw, sw, pw);
    return { k: c * kh * kw, pixels, imageSize: c * h * w };
  };

  /** Splits a pass over images [first, end) (arguments 1 and 2; cols at 15, work at 16). */
  const byImages =
    (name: 'conv2dImages' | 'conv2dInputGradImages', perImage: (args: number[]) => void) =>
    (...args: number[]) => {
      const [first, end] = [args[1], args[2]];
      const outC = args[13];
      const { k, pixels } = convShape(args.slice(3, 12));
      const images = end - first;
      const threads = threadsFor(images * outC * k * pixels, MIN_MACS_PER_THREAD);
      if (threads === 1) return (kernels[name] as (...a: number[]) => void)(...args);
      // Fewer images than threads (inference on one image): split each image's gemm instead.
      if (images < threads) return perImage(args);
      const ranges = splitRange(first, end, threads, 1);
      runRanges(name, args, 1, ranges, 15, () => 4 * k * pixels);
    };

  const isPointwise = (g: number[]) => g[3] * g[4] * g[5] * g[6] === 1 && g[7] + g[8] === 0;

  const conv2dImages = byImages('conv2dImages', (args) => {
    const [x, first, end, ...rest] = args;
    const g = rest.slice(0, 9);
    const [weight, outC, y, cols, work] = rest.slice(9);
    const { k, pixels, imageSize } = convShape(g);
    for (let i = first; i < end; i++) {
      const image = x + 4 * i * imageSize;
      if (!isPointwise(g)) kernels.im2col(image, 1, ...(g as Geometry), cols);
      const columns = isPointwise(g) ? image : cols;
      gemm(
        0,
        0,
        outC,
        pixels,
        k,
        1,
        weight,
        k,
        columns,
        pixels,
        0,
        y + 4 * i * outC * pixels,
        pixels,
        work,
      );
    }
  });

  const conv2dInputGradImages = byImages('conv2dInputGradImages', (args) => {
    const [dy, first, end, ...rest] = args;
    const g = rest.slice(0, 9);
    const [weight, outC, dx, cols, work] = rest.slice(9);
    const { k, pixels, imageSize } = convShape(g);
    for (let i = first; i < end; i++) {
      const dxi = dx + 4 * i * imageSize;
      const target = isPointwise(g) ? dxi : cols;
      gemm(
        1,
        0,
        k,
        pixels,
        outC,
        1,
        weight,
        k,
        dy + 4 * i * outC * pixels,
        pixels,
        0,
        target,
        pixels,
        work,
      );
      if (!isPointwise(g)) kernels.col2im(cols, 1, ...(g as Geometry), dxi);
    }
  });

  const conv2dWeightGradRows: Kernels['conv2dWeightGradRows'] = (...args) => {
    const [, n] = args;
    const g = args.slice(2, 11);
    const outC = args[12];
    const [rowFirst, rowEnd] = [args[14], args[15]];
    const { pixels } = convShape(g);
    const threads = threadsFor(n * outC * (rowEnd - rowFirst) * pixels, MIN_MACS_PER_THREAD);
    if (threads === 1) return kernels.conv2dWeightGradRows(...args);
    const ranges = splitRange(rowFirst, rowEnd, threads, NR);
    runRanges('conv2dWeightGradRows', args, 14, ranges, 16, (from, to) => 4 * (to - from) * pixels);
  };

  /**
   * Splits a Winograd pass over images (x, first, end, c, h, w, padH, padW, u, outC, y,
   * scratch, work) for an r×r window, given its scratch floats for `images` images.
   */
  const winogradByImages =
    (
      name: 'conv2dWinogradImages' | 'conv2dWinograd4x4Images' | 'conv2dWinograd5Images',
      r: number,
      tile: number,
      scratchFloats: (args: number[], images: number) => number,
    ) =>
    (...args: number[]) => {
      const [, first, end, c, h, w, padH, padW, , outC] = args;
      const pixels = (h + 2 * padH - r + 1) * (w + 2 * padW - r + 1);
      // (tile + r − 1)² multiply-adds per tile×tile outputs, input and output channel.
      const work = ((end - first) * outC * c * (tile + r - 1) ** 2 * pixels) / tile ** 2;
      const threads = Math.min(end - first, threadsFor(work, MIN_MACS_PER_THREAD));
      const own = kernels[name] as (...a: number[]) => void;
      if (threads <= 1) return own(...args);
      const ranges = splitRange(first, end, threads, 1);
      const scratchBytes = 4 * scratchFloats(args, ranges[0][1] - ranges[0][0]);
      runRanges(name, args, 1, ranges, 11, () => scratchBytes);
    };
  const conv2dWinogradImages = winogradByImages('conv2dWinogradImages', 3, 2, (a) =>
    kernels.winogradScratchFloats(a[3], a[9], a[4], a[5], a[6], a[7]),
  );
  const conv2dWinograd4x4Images = winogradByImages('conv2dWinograd4x4Images', 3, 4, (a, images) =>
    kernels.winograd4x4ScratchFloats(a[3], a[9], a[4], a[5], a[6], a[7], images),
  );
  const conv2dWinograd5Images = winogradByImages('conv2dWinograd5Images', 5, 2, (a, images) =>
    kernels.winograd5ScratchFloats(a[3], a[9], a[4], a[5], a[6], a[7], images),
  );

  /**
   * Splits a Winograd weight gradient (x, n, c, h, w, padH, padW, dy, outC, oFirst, oEnd,
   * cFirst, cEnd, dw, scratch, work) for an r×r window into a grid of blocks of dw, one a
   * thread, each summed over the images in order as one thread would. A thread transforms x
   * for its input channels and dy for its rows, so p row parts repeat each channel's V p
   * times and q channel parts each row's D q times; the grid (p·q = threads) is the one whose
   * repeated transforms cost least (transformGrid).
   */
  const winogradWeightGradByBlocks =
    (
      name: 'conv2dWinogradWeightGrad' | 'conv2dWinograd5WeightGrad',
      r: number,
      scratchFloats: Kernels['winogradWeightGradScratchFloats'],
    ) =>
    (...args: number[]) => {
      const [, n, , h, w, padH, padW, , , oFirst, oEnd, cFirst, cEnd] = args;
      const [rows, cs] = [oEnd - oFirst, cEnd - cFirst];
      const pixels = (h + 2 * padH - r + 1) * (w + 2 * padW - r + 1);
      const work = (n * rows * cs * (r + 1) ** 2 * pixels) / 4;
      const threads = threadsFor(work, MIN_MACS_PER_THREAD);
      const own = kernels[name] as (...a: number[]) => void;
      if (threads <= 1) return own(...args);
      const [p, q] = transformGrid(threads, rows, cs, INPUT_TRANSFORM_COST);
      const rowRanges = splitRange(oFirst, oEnd, p, 1);
      const channelRanges = splitRange(cFirst, cEnd, q, 1);
      const pieces = rowRanges.flatMap((rowRange) =>
        channelRanges.map((channelRange) => {
          const piece = args.slice();
          piece.splice(9, 4, ...rowRange, ...channelRange);
          return piece;
        }),
      );
      runPieces(name, pieces, 14, (piece) => {
        const [o0, o1, c0, c1] = piece.slice(9, 13);
        return 4 * scratchFloats(c1 - c0, o1 - o0, h, w, padH, padW);
      });
    };
  const conv2dWinogradWeightGrad = winogradWeightGradByBlocks(
    'conv2dWinogradWeightGrad',
    3,
    kernels.winogradWeightGradScratchFloats,
  );
  const conv2dWinograd5WeightGrad = winogradWeightGradByBlocks(
    'conv2dWinograd5WeightGrad',
    5,
    kernels.winograd5WeightGradScratchFloats,
  );

  return {
    ...kernels,
    ...threaded,
    gemm,
    dropoutMask,
    sumChannels,
    winogradWeights,
    winograd4x4Weights,
    winograd5Weights,
    conv2dWinogradImages,
    conv2dWinograd4x4Images,
    conv2dWinograd5Images,
    conv2dWinogradWeightGrad,
    conv2dWinograd5WeightGrad,
    conv2dImages,
    conv2dInputGradImages,
    conv2dWeightGradRows,
  } as Kernels;
}

/**
 * [row parts, channel parts] of a weight gradient over `rows` × `channels` blocks of dw for
 * `threads` threads: of the factorings p·q = threads (p ≤ rows; each channel part at least NR
 * channels wide, since gemm pads M's columns to whole NR-wide panels: bench/winograd.bench.ts
 * --pass grid ran 8 threads' blocks of 4 channels 1.8× slower than blocks of 8), the one with
 * the least transform work a thread repeats, inputCost·channels / q + rows / p; ties go to
 * fewer channel parts (wider GEMMs). Falls back to rows alone when no factoring fits.
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

/** c, h, w, kh, kw, strideH, strideW, padH, padW as the im2col / col2im kernels take them. */
type Geometry = [number, number, number, number, number, number, number, number, number];
