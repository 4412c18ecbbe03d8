/**
 * Size-classed free lists over one growable linear memory.
 *
 * Blocks are 64-byte aligned (a cache line, and f32x4 loads never split). Sizes round up to
 * four classes per power of two, so at most 25 % of a block is slack; a freed block waits in
 * its class's list and is handed out again to the next request of that class. A training
 * loop that frees its intermediates each step therefore reaches a fixed footprint after its
 * first step. Bookkeeping stays on the JS side: kernels see only pointers.
 */
export const ALIGN = 64;

/** The byte size a request of `bytes` is rounded up to. */
export function sizeClass(bytes: number): number {
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  if (size <= 16 * ALIGN) return size;
  const quarter = 2 ** (Math.floor(Math.log2(size)) - 2);
  return Math.ceil(size / quarter) * quarter;
}

export class Allocator {
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  private readonly live = new Map<number, number>();
  private liveTotal = 0;
  private livePeak = 0;

  /**
   * @param base first usable byte (data below it belong to the module)
   * @param ensure called before the heap's end moves to `end` bytes, to grow the memory
   */
  constructor(
    readonly base: number,
    private readonly ensure: (end: number) => void,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** A block of at least `bytes` bytes; returns its byte offset. */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const reused = this.freeLists.get(size)?.pop();
    let ptr: number;
    if (reused !== undefined) {
      ptr = reused;
    } else {
      this.ensure(this.top + size);
      ptr = this.top;
      this.top += size;
    }
    this.live.set(ptr, size);
    this.liveTotal += size;
    this.livePeak = Math.max(this.livePeak, this.liveTotal);
    return ptr;
  }

  /** Returns a block to its free list. Freeing an unknown or already freed block throws. */
  free(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) throw new Error(`simdnet: free of a block that is not live (${ptr})`);
    this.live.delete(ptr);
    this.liveTotal -= size;
    let list = this.freeLists.get(size);
    if (!list) this.freeLists.set(size, (list = []));
    list.push(ptr);
  }

  /** Bytes in blocks handed out and not yet freed. */
  get liveBytes(): number {
    return this.liveTotal;
  }

  /** Number of blocks handed out and not yet freed. */
  get liveBlocks(): number {
    return this.live.size;
  }

  /** End of the highest block ever handed out: the heap's footprint. */
  get end(): number {
    return this.top;
  }

  /** The highest `end` so far (blocks are never given back to the top, so `end` itself). */
  get peakEnd(): number {
    return this.top;
  }

  /** The highest `liveBytes` so far. */
  get peakLiveBytes(): number {
    return this.livePeak;
  }
}
