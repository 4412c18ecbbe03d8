// The vocabulary of the thread splits: how a family says which of its kernels a pool may run
// in parallel and how each call is cut. A rule finds arguments by their ABI names, so a
// wrong name is a type error and a reordered argument moves with its name. src/threads/
// supplies the pool; src/kernels/splits.ts gathers every family's rules.
//
// Every split gives each output element to exactly one thread, which computes it exactly
// as one thread would, so results are bit-identical to one thread's. Small calls stay on
// the calling thread: a job costs a few microseconds.
import { KERNEL_ARGS, type KernelName, type Kernels } from '.';
import type { Heap } from '../backend/memory';
import { named, type Args, type Ptr } from './args';

/** A half-open range [first, end) of rows, columns, images or elements. */
export type Range = [first: number, end: number];

/** Kernel K's arguments by name. */
export type ArgsOf<K extends KernelName> = Args<(typeof KERNEL_ARGS)[K]>;
/** One of kernel K's argument names. */
export type ArgName<K extends KernelName> = (typeof KERNEL_ARGS)[K][number];

/** Multiply-adds a thread must get for a gemm or convolution split to pay. */
export const MIN_MACS_PER_THREAD = 1 << 17;
/** Bytes of the largest stream a thread must get for a memory-bound split to pay. */
export const MIN_BYTES_PER_THREAD = 1 << 17;
/** Floats per vector-aligned piece of an elementwise kernel (a 64-byte cache line). */
export const LINE = 16;

/** Scratch that every piece of a call but the first (the caller's) gets of its own. */
export interface PieceScratch<K extends KernelName> {
  /** The argument that points at the piece's scratch. */
  at: ArgName<K>;
  /** Its size for a piece. */
  bytes(piece: ArgsOf<K>): number;
  /** The argument that points at gemm's workspace, when the kernel takes one. */
  work?: ArgName<K>;
}

/** What a split rule runs on: the calling thread's kernels and the threads of a pool. */
export interface Threads {
  /** Threads in the pool, the calling one included. */
  readonly size: number;
  /** The calling thread's own kernels, unsplit. */
  readonly own: Kernels;
  /** The pool's kernels, split: for a rule that calls another split kernel. */
  readonly split: Kernels;
  readonly heap: Heap;
  /** Threads to use for `work` units when each must get at least `perThread` (1 … size). */
  toUse(work: number, perThread: number): number;
  /**
   * Runs kernel `name` once per piece, piece t on thread t (piece 0 on the calling thread),
   * and returns the results in order. With `scratch`, every piece but the first gets its
   * own scratch for the call (kept, the largest call's would add to every later peak of
   * memory) and its thread's gemm workspace.
   */
  run<K extends KernelName>(name: K, pieces: ArgsOf<K>[], scratch?: PieceScratch<K>): number[];
  /** Thread t's gemm workspace (t ≥ 1; thread 0 uses the caller's). */
  workspace(t: number): Ptr;
  /** Thread t's generator state: 4 words. */
  state(t: number): Ptr;
}

/** How a pool runs kernel K (its name given by the family's table): the threaded kernel,
 * made once per pool. */
export type SplitRule<K extends KernelName> = (threads: Threads, name: K) => Kernels[K];

/** The split rules of a family's kernels (those worth splitting). */
export type Splits<Family> = { [K in keyof Family & KernelName]?: SplitRule<K> };

/**
 * Splits [first, end) into at most `parts` non-empty contiguous ranges of near-equal size
 * whose inner boundaries are `align` apart from `first` (so that every piece but the last
 * starts on a whole register tile or vector).
 */
export function splitRange(first: number, end: number, parts: number, align: number): Range[] {
  const blocks = Math.ceil((end - first) / align);
  const count = Math.max(1, Math.min(parts, blocks));
  const ranges: Range[] = [];
  let start = first;
  for (let i = 0; i < count; i++) {
    // Blocks are dealt out as evenly as they go: the first (blocks mod count) get one more.
    const take = Math.floor(blocks / count) + (i < blocks % count ? 1 : 0);
    const stop = Math.min(end, start + take * align);
    if (stop > start) ranges.push([start, stop]);
    start = stop;
  }
  return ranges;
}

/** How a kernel is cut along one argument: which counts the units, which pointers move. */
export interface UnitSplit<K extends KernelName> {
  /** The argument holding the number of units (elements, planes, images, matrices). */
  count: ArgName<K>;
  /** Units per boundary. */
  align: number;
  /** Bytes per unit of every pointer that advances with the units. */
  pointers(args: ArgsOf<K>): Partial<Record<ArgName<K>, number>>;
  /** Folds the threads' results into the kernel's (default: none). */
  combine?(results: number[], ranges: Range[], args: ArgsOf<K>): number;
}

/**
 * The rule of a memory-bound kernel cut into ranges of units: each piece counts its own
 * units and its pointers start at its first, when the largest stream gives every thread at
 * least MIN_BYTES_PER_THREAD.
 */
export function byUnits<K extends KernelName>(split: UnitSplit<K>): SplitRule<K> {
  return (threads, name) => {
    const names = KERNEL_ARGS[name];
    const own = threads.own[name] as (...args: number[]) => number | void;
    return ((...positional: number[]) => {
      const args = named(names, positional) as ArgsOf<K>;
      const pointers = Object.entries(split.pointers(args)) as [ArgName<K>, number][];
      const units = args[split.count];
      const unitBytes = Math.max(...pointers.map(([, bytes]) => bytes));
      const parts = threads.toUse(units * unitBytes, MIN_BYTES_PER_THREAD);
      if (parts === 1) return own(...positional);
      const ranges = splitRange(0, units, parts, split.align);
      const pieces = ranges.map(([first, end]) => {
        const piece: Record<string, number> = { ...args, [split.count]: end - first };
        for (const [at, bytes] of pointers) piece[at] += first * bytes;
        return piece as ArgsOf<K>;
      });
      const results = threads.run(name, pieces);
      return split.combine?.(results, ranges, args);
    }) as Kernels[K];
  };
}

/**
 * The rule of an elementwise kernel over `count` floats whose float arrays are `arrays`.
 * These run on every op, mostly small: a call that stays on one thread costs one lookup.
 */
export function floats<K extends KernelName>(
  count: ArgName<K>,
  ...arrays: ArgName<K>[]
): SplitRule<K> {
  const pointers = Object.fromEntries(arrays.map((at) => [at, 4])) as Record<ArgName<K>, number>;
  const rule = byUnits<K>({ count, align: LINE, pointers: () => pointers });
  return (threads, name) => {
    const split = rule(threads, name) as (...args: number[]) => number | void;
    const own = threads.own[name] as (...args: number[]) => number | void;
    const at = (KERNEL_ARGS[name] as readonly string[]).indexOf(count);
    return ((...positional: number[]) =>
      threads.toUse(4 * positional[at], MIN_BYTES_PER_THREAD) === 1
        ? own(...positional)
        : split(...positional)) as Kernels[K];
  };
}
