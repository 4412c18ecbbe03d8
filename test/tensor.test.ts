import { describe, expect, it } from 'vitest';
import { ops, Tensor } from '../src';
import { ref, ref64, wasm } from './helpers';

describe('Tensor', () => {
  for (const backend of [wasm, ref, ref64]) {
    it(`round-trips data on the ${backend.name} backend (${backend.heap.precision})`, () => {
      const t = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3], { backend });
      expect(t.shape).toEqual([2, 3]);
      expect(t.size).toBe(6);
      expect(t.dtype).toBe('float32');
      expect(t.toArray()).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
      const z = Tensor.zeros([4], { backend });
      expect(z.toArray()).toEqual(new Float32Array(4));
      const ints = Tensor.fromInts([3, -1, 7], [3], { backend });
      expect(ints.toArray()).toEqual(new Int32Array([3, -1, 7]));
      for (const x of [t, z, ints]) x.release();
    });
  }

  it('defaults to a 1-D shape and rejects bad shapes and lengths by name', () => {
    expect(Tensor.from([1, 2, 3], undefined, { backend: wasm }).shape).toEqual([3]);
    expect(() => Tensor.from([1, 2, 3], [2, 2], { backend: wasm })).toThrow(
      /got 3 values for shape \[2,2\] \(4 needed\)/,
    );
    expect(() => Tensor.zeros([2, 0], { backend: wasm })).toThrow(
      /shape\[1\] must be a positive integer, got 0/,
    );
    expect(() => Tensor.zeros([-1], { backend: wasm })).toThrow(
      /shape\[0\] must be a positive integer/,
    );
    expect(() => Tensor.zeros([1.5], { backend: wasm })).toThrow(/shape\[0\]/);
    expect(() => Tensor.zeros(7 as unknown as number[], { backend: wasm })).toThrow(
      /array of sizes/,
    );
    expect(Tensor.full([], 2.5, { backend: wasm }).toArray()).toEqual(Float32Array.of(2.5));
  });

  it('throws a clear error when a released tensor is touched, and counts live tensors', () => {
    const before = wasm.liveTensors;
    const t = Tensor.from([1, 2], [2], { backend: wasm });
    expect(wasm.liveTensors).toBe(before + 1);
    t.release();
    t.release(); // harmless
    expect(wasm.liveTensors).toBe(before);
    expect(t.released).toBe(true);
    expect(() => t.toArray()).toThrow(
      /tensor of shape \[2\] was used after it was freed by release\(\)/,
    );
    expect(() => ops.relu(t)).toThrow(/'x' was released/);
  });

  it('keeps reading correct data after the memory grows', () => {
    const t = Tensor.from([1, -2, 3], [3], { backend: wasm });
    const bytesBefore = wasm.heap.byteLength;
    const big = Tensor.zeros([bytesBefore / 4 + 1024], { backend: wasm });
    expect(wasm.heap.byteLength).toBeGreaterThan(bytesBefore);
    expect(t.toArray()).toEqual(new Float32Array([1, -2, 3]));
    const y = ops.relu(t);
    expect(y.toArray()).toEqual(new Float32Array([1, 0, 3]));
    for (const x of [t, big, y]) x.release();
  });

  it('reaches a fixed footprint in a loop that frees what it allocates', () => {
    const x = Tensor.from(new Float32Array(1000).fill(1), [10, 100], { backend: wasm });
    const step = () => {
      const a = ops.relu(x);
      const b = ops.scale(a, 2);
      const c = ops.add(a, b);
      for (const t of [a, b, c]) t.release();
    };
    step();
    const end = wasm.heap.allocator.end;
    const live = wasm.heap.allocator.liveBytes;
    for (let i = 0; i < 500; i++) step();
    // Never above (cold tensors of earlier tests may move out meanwhile).
    expect(wasm.heap.allocator.end).toBeLessThanOrEqual(end);
    expect(wasm.heap.allocator.liveBytes).toBeLessThanOrEqual(live);
    x.release();
  });
});
