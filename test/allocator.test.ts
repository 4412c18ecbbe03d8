import { describe, expect, it } from 'vitest';
import { ALIGN, Allocator, sizeClass } from '../src/backend/allocator';

describe('Allocator', () => {
  it('rounds sizes to aligned classes with at most 25 % slack above 1 KiB', () => {
    for (const bytes of [1, 4, 63, 64, 65, 1000, 1024, 1025, 4097, 99_999, 12_345_678]) {
      const size = sizeClass(bytes);
      expect(size).toBeGreaterThanOrEqual(bytes);
      expect(size % ALIGN).toBe(0);
      if (bytes > 1024) expect(size / bytes).toBeLessThanOrEqual(1.25);
    }
  });

  it('hands out aligned, disjoint blocks and reuses freed ones of the same class', () => {
    let grownTo = 0;
    const a = new Allocator(100, (end) => (grownTo = end));
    const p = a.alloc(10);
    const q = a.alloc(1000);
    expect(p % ALIGN).toBe(0);
    expect(p).toBeGreaterThanOrEqual(100);
    expect(q).toBeGreaterThanOrEqual(p + sizeClass(10));
    expect(grownTo).toBe(a.end);
    a.free(p);
    expect(a.alloc(20)).toBe(p); // same class
    expect(a.liveBlocks).toBe(2);
    expect(a.liveBytes).toBe(sizeClass(20) + sizeClass(1000));
  });

  it('refuses to free a block twice', () => {
    const a = new Allocator(0, () => {});
    const p = a.alloc(8);
    a.free(p);
    expect(() => a.free(p)).toThrow(/not live/);
  });
});
