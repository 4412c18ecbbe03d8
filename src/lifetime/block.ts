import type { Backend } from '../backend/backend';
import type { Reclaimable } from './collector';
import { relieve } from './generations';

const MB = 1 << 20;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/**
 * A tensor's block of a backend's linear memory: `ptr` is its byte offset, −1 while the
 * tensor's data are elsewhere (moved out, or released). Shared with the collector, which
 * frees it when the tensor object is garbage.
 */
export class Block implements Reclaimable {
  ptr = -1;

  constructor(
    readonly backend: Backend,
    readonly bytes: number,
  ) {}

  get resident(): boolean {
    return this.ptr >= 0;
  }

  /**
   * Takes a block from the heap. When the memory cannot grow, cold tensors move out first;
   * if it still cannot, an error names the request, what is live and the likely cause (the
   * heap is unchanged, so the backend stays usable).
   */
  claim(shape: readonly number[]): number {
    const allocator = this.backend.heap.allocator;
    const tryAlloc = () => {
      try {
        return allocator.alloc(this.bytes);
      } catch (e) {
        if (e instanceof RangeError) return undefined;
        throw e;
      }
    };
    const ptr = tryAlloc() ?? (relieve() > 0 ? tryAlloc() : undefined);
    if (ptr === undefined) throw new Error(this.outOfMemory(shape));
    this.ptr = ptr;
    this.backend.liveTensors++;
    return ptr;
  }

  /** Returns the block to the heap (no-op when it holds none). */
  free(): void {
    if (this.ptr < 0) return;
    this.backend.heap.allocator.free(this.ptr);
    this.backend.liveTensors--;
    this.ptr = -1;
  }

  /** The collector's call: the tensor object is gone. */
  reclaim(): void {
    if (this.ptr < 0) return;
    this.free();
    this.backend.memoryStats.collectedTensors++;
  }

  private outOfMemory(shape: readonly number[]): string {
    const { heap, liveTensors } = this.backend;
    const limit = heap.maxBytes;
    const cause =
      this.bytes > limit - heap.allocator.base
        ? 'This one tensor is larger than the linear memory can ever be: use smaller batches or split the work.'
        : 'Likely cause: too many tensors in use at once (results kept in an array, or a batch or model too large for one step): use smaller batches, or keep fewer results.';
    return (
      `simdnet: out of memory: a tensor of shape [${shape}] needs ${mb(this.bytes)}, and the ` +
      `linear memory (${mb(heap.byteLength)}, at most ${mb(limit)}) cannot grow to hold it; ` +
      `it holds ${mb(heap.allocator.liveBytes)} in ${liveTensors} live tensors. ${cause}`
    );
  }
}
