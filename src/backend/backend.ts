import type { Kernels, Ptr } from '../kernels';
import type { Heap } from './memory';

export type BackendName = 'wasm' | 'reference';
/** The instruction set the kernels run on: 'none' for the plain-TS reference. */
export type SimdLevel = 'simd' | 'relaxed' | 'none';

/** How many threads a backend's kernels use, and why no more when fewer were asked for. */
export interface Threading {
  count: number;
  /** Why the backend runs on fewer threads than requested (e.g. no cross-origin isolation). */
  note?: string;
  /** Stops the worker threads (the backend cannot run kernels afterwards). */
  close?(): void;
}

/** Counts of the lifetime rules' work on a backend, since it was made. */
export interface MemoryStats {
  /** Tensors moved out to the JavaScript heap because they went cold, and their bytes. */
  spilledTensors: number;
  spilledBytes: number;
  /** Moved-out tensors brought back by a later use. */
  reloadedTensors: number;
  /** Blocks freed because the garbage collector found their tensor unreachable. */
  collectedTensors: number;
}

/**
 * A place where tensors live and kernels run: a heap plus the kernels that work on it.
 * The wasm backend and the reference backend differ only in these two parts, so the
 * tensor and ops layers above are written once against this class.
 */
export class Backend {
  /** Tensors whose data are in this backend's memory now. */
  liveTensors = 0;
  /** What the lifetime rules did so far (see src/lifetime/). */
  readonly memoryStats: MemoryStats = {
    spilledTensors: 0,
    spilledBytes: 0,
    reloadedTensors: 0,
    collectedTensors: 0,
  };
  private gemmWork: Ptr | undefined;

  constructor(
    readonly name: BackendName,
    readonly simd: SimdLevel,
    readonly heap: Heap,
    readonly kernels: Kernels,
    /** Threads the kernels run on (1, or the size of a worker pool over shared memory). */
    readonly threads: Threading = { count: 1 },
  ) {}

  /** Scratch for gemm's packed panels, allocated once per backend. */
  get workspace(): Ptr {
    if (this.gemmWork === undefined) {
      this.gemmWork = this.heap.allocator.alloc(Math.max(1, this.kernels.gemmWorkspaceBytes()));
    }
    return this.gemmWork;
  }
}
