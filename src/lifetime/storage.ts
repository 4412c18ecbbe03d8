import type { Backend } from '../backend/backend';
import type { FloatArray } from '../backend/memory';
import { forget, type Reclaimable } from './collector';
import { copyOut, type HeapCopy } from './heap-copy';
import { cameBack, relieve, used } from './generations';

const MB = 1 << 20;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/**
 * A tensor's data: a block of its backend's linear memory (`ptr`, its byte offset), or,
 * while the tensor is cold, a copy on the JavaScript heap (`ptr` −1). The generations and
 * the collector hold the storage, never the tensor, so that the garbage collector can find
 * a dropped tensor unreachable while its data are still in linear memory.
 */
export class Storage implements Reclaimable {
  ptr = -1;
  /** The generation of the last use (see generations.ts). */
  lastUse = 0;
  /** The data while they are moved out of linear memory. */
  away: HeapCopy | undefined;
  /**
   * A JavaScript array this storage owns, as long as its data, to move them out into
   * without allocating (a DataLoader batch's gathered samples, or the data of a tensor that
   * came back).
   */
  shadow: FloatArray | Int32Array | undefined;
  /** Storages kept for this tensor's backward: the collector frees them with it. */
  companions: Storage[] | undefined;
  /** A kept tensor's (parameters, optimizer state): it waits longer before moving out. */
  longLived = false;
  readonly bytes: number;

  constructor(
    readonly backend: Backend,
    readonly size: number,
    readonly dtype: 'float32' | 'int32',
  ) {
    this.bytes = size * (dtype === 'int32' ? 4 : backend.heap.floatBytes);
  }

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
    used(this);
    return ptr;
  }

  /** The data in linear memory at `ptr` (a live view). */
  viewAt(ptr: number): FloatArray | Int32Array {
    const heap = this.backend.heap;
    if (this.dtype === 'int32') return heap.i32.subarray(ptr >> 2, (ptr >> 2) + this.size);
    const start = ptr / heap.floatBytes;
    return heap.f.subarray(start, start + this.size);
  }

  /** Moves the data out to the JavaScript heap (the next use brings them back). */
  spill(): void {
    if (this.ptr < 0) return;
    this.away = copyOut(this.viewAt(this.ptr), this.shadow);
    this.free();
    // Nothing left for the collector to free; a registration would keep `away` alive until
    // its cleanup task, which a synchronous loop never lets run.
    forget(this);
    const stats = this.backend.memoryStats;
    stats.spilledTensors++;
    stats.spilledBytes += this.bytes;
  }

  /** Brings moved-out data back into linear memory; returns the new offset. */
  reload(shape: readonly number[]): number {
    const away = this.away!;
    const lastUse = this.lastUse;
    const ptr = this.claim(shape);
    this.viewAt(ptr).set(away);
    this.away = undefined;
    if (!Array.isArray(away)) this.shadow = away; // the next move out reuses it
    this.backend.memoryStats.reloadedTensors++;
    cameBack(lastUse);
    return ptr;
  }

  /** Returns the block to the heap (no-op when it holds none). */
  free(): void {
    if (this.ptr < 0) return;
    this.backend.heap.allocator.free(this.ptr);
    this.backend.liveTensors--;
    this.ptr = -1;
  }

  /** The collector's call: the tensor object is gone, and with it what it kept for backward. */
  reclaim(): void {
    for (const s of [this, ...(this.companions ?? [])]) {
      if (s.ptr < 0) continue;
      s.free();
      s.backend.memoryStats.collectedTensors++;
    }
    this.companions = undefined;
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
