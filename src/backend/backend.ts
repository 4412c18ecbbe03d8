import type { Kernels, Ptr } from './kernels';
import type { Heap } from './memory';

export type BackendName = 'wasm' | 'reference';
/** The instruction set the kernels run on: 'none' for the plain-TS reference. */
export type SimdLevel = 'simd' | 'relaxed' | 'none';

/**
 * A place where tensors live and kernels run: a heap plus the kernels that work on it.
 * The wasm backend and the reference backend differ only in these two parts, so the
 * tensor and ops layers above are written once against this class.
 */
export class Backend {
  /** Tensors created on this backend and not yet released. */
  liveTensors = 0;
  private gemmWork: Ptr | undefined;

  constructor(
    readonly name: BackendName,
    readonly simd: SimdLevel,
    readonly heap: Heap,
    readonly kernels: Kernels,
  ) {}

  /** Scratch for gemm's packed panels, allocated once per backend. */
  get workspace(): Ptr {
    if (this.gemmWork === undefined) {
      this.gemmWork = this.heap.allocator.alloc(Math.max(1, this.kernels.gemmWorkspaceBytes()));
    }
    return this.gemmWork;
  }
}
