import { describe, expect, it } from 'vitest';
import { createWasmBackend, Random } from '../src';
import { ALIGN, Allocator, blockSize } from '../src/backend/allocator';

/** An allocator over nothing that remembers the highest end it was asked to make room for. */
function bare(base = 0) {
  const grown = { to: 0 };
  const allocator = new Allocator(base, (end) => (grown.to = Math.max(grown.to, end)));
  return { allocator, grown };
}

describe('Allocator', () => {
  it('rounds requests up to whole 64-byte lines', () => {
    for (const bytes of [0, 1, 4, 63, 64, 65, 1000, 1024, 1025, 4097, 99_999, 12_345_678]) {
      const size = blockSize(bytes);
      expect(size % ALIGN).toBe(0);
      expect(size).toBeGreaterThanOrEqual(Math.max(bytes, 1));
      expect(size).toBeLessThan(Math.max(bytes, 1) + ALIGN);
    }
  });

  it('keeps random alloc/free sequences aligned, disjoint, in bounds and exactly counted', () => {
    const rng = new Random(7);
    const { allocator: a, grown } = bare(100);
    const start = Math.ceil(100 / ALIGN) * ALIGN;
    const live = new Map<number, number>(); // ptr -> bytes asked for
    let peakLive = 0;
    const check = () => {
      const blocks = [...live]
        .map(([ptr, bytes]) => ({ ptr, end: ptr + blockSize(bytes) }))
        .sort((x, y) => x.ptr - y.ptr);
      // One expect per step (thousands of them per block would make the test slow).
      const misplaced = blocks.filter(
        ({ ptr, end }, i) =>
          ptr % ALIGN !== 0 || ptr < start || end > a.end || (i > 0 && blocks[i - 1].end > ptr),
      );
      expect(misplaced).toEqual([]);
      const bytes = blocks.reduce((sum, { ptr, end }) => sum + end - ptr, 0);
      peakLive = Math.max(peakLive, bytes);
      expect(a.liveBytes).toBe(bytes);
      expect(a.liveBlocks).toBe(blocks.length);
      expect(grown.to).toBeGreaterThanOrEqual(a.end);
      expect(a.peakEnd).toBeGreaterThanOrEqual(a.end);
      expect(a.peakLiveBytes).toBe(peakLive);
    };
    for (let i = 0; i < 2000; i++) {
      if (live.size > 0 && rng.uniform() < 0.45) {
        const ptrs = [...live.keys()];
        const ptr = ptrs[rng.int(ptrs.length)];
        a.free(ptr);
        live.delete(ptr);
      } else {
        // Mostly small blocks, some of them large, like a training step's tensors.
        const bytes = rng.uniform() < 0.2 ? rng.int(1 << 20) : rng.int(5000);
        live.set(a.alloc(bytes), bytes);
      }
      check();
    }
    for (const ptr of live.keys()) a.free(ptr);
    live.clear();
    check();
    expect(a.end).toBe(start);
  });

  it('splits a freed block to serve a smaller request', () => {
    const { allocator: a } = bare();
    const big = a.alloc(10_000);
    a.alloc(1); // keeps the freed block off the top
    const end = a.end;
    a.free(big);
    const first = a.alloc(5000);
    const second = a.alloc(4000);
    expect(first).toBe(big);
    expect(second).toBe(big + blockSize(5000));
    expect(a.end).toBe(end);
  });

  it('merges freed neighbours to serve a request as big as both', () => {
    const { allocator: a } = bare();
    const left = a.alloc(5000);
    const right = a.alloc(5000);
    a.alloc(1);
    const end = a.end;
    a.free(right);
    a.free(left);
    expect(a.alloc(2 * blockSize(5000))).toBe(left);
    expect(a.end).toBe(end);
  });

  it('lowers its end when the top block and its free neighbours are freed', () => {
    const { allocator: a } = bare();
    const low = a.alloc(100);
    const mid = a.alloc(100);
    const high = a.alloc(100);
    a.free(mid);
    expect(a.end).toBe(high + blockSize(100));
    a.free(high);
    expect(a.end).toBe(mid);
    a.free(low);
    expect(a.end).toBe(low);
    expect(a.peakEnd).toBe(high + blockSize(100));
  });

  it('serves a request from the lowest free block that holds it', () => {
    const { allocator: a } = bare();
    const low = a.alloc(4096);
    a.alloc(1);
    const high = a.alloc(1024);
    a.alloc(1);
    a.free(high);
    a.free(low);
    expect(a.alloc(1024)).toBe(low);
  });

  it('refuses to free a block twice or one it never handed out', () => {
    const { allocator: a } = bare();
    const p = a.alloc(8);
    a.free(p);
    expect(() => a.free(p)).toThrow(/not live/);
    expect(() => a.free(p + ALIGN)).toThrow(/not live/);
  });

  it('grows the wasm memory to what is needed plus a small margin', async () => {
    const { heap } = await createWasmBackend();
    for (const bytes of [30e6, 1e6, 200, 5e6]) {
      heap.allocator.alloc(bytes);
      const end = heap.allocator.end;
      expect(heap.byteLength).toBeGreaterThanOrEqual(end);
      // The margin: at most 1/64 of the memory or 1 MiB, plus the rounding to 64 KiB pages.
      expect(heap.byteLength - end).toBeLessThanOrEqual(Math.max(end / 64, 1 << 20) + 65536);
    }
  });
});
