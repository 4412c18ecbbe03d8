import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
import { log } from '../src/random';
import { fingerprint, ref, wasm } from './helpers';

describe('Random', () => {
  it('is bit-reproducible: the same fingerprint in Node and in Chromium', () => {
    const rng = new Random(42);
    const values = Float32Array.from({ length: 1000 }, () => rng.normal());
    expect(fingerprint(values)).toBe('3a59a59c');
    const t = Tensor.randn([10, 100], { seed: 42, backend: wasm });
    expect(fingerprint(t.toArray())).toBe('3a59a59c');
    t.release();
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('draws uniforms in [0, 1) and normals with mean 0 and variance 1', () => {
    const rng = new Random(1);
    let sum = 0;
    let sumSq = 0;
    let [lo, hi] = [1, 0];
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.01);
  });

  it('shuffles into a permutation and draws integers in range', () => {
    const rng = new Random(3);
    const order = rng.shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    for (let i = 0; i < 1000; i++) {
      const k = rng.int(6);
      expect(Number.isInteger(k) && k >= 0 && k < 6).toBe(true);
    }
  });

  it('computes log to within 2e-16 relative of Math.log', () => {
    for (const x of [1e-300, 1e-9, 0.001, 0.3, 0.5, 0.999999, 1, 1.5, 2, 10, 12345.678, 1e200]) {
      const expected = Math.log(x);
      expect(Math.abs(log(x) - expected)).toBeLessThanOrEqual(
        4e-16 * Math.max(1, Math.abs(expected)),
      );
    }
  });

  it('skip(d) lands where d draws land, for d across many powers of two', () => {
    for (const d of [0, 1, 2, 5, 31, 32, 33, 1000, 65_537, 300_001]) {
      const [drawn, jumped] = [new Random(11), new Random(11)];
      for (let i = 0; i < d; i++) drawn.nextUint32();
      jumped.skip(d);
      expect(jumped.getState(), `d = ${d}`).toEqual(drawn.getState());
      expect(jumped.nextUint32()).toBe(drawn.nextUint32());
    }
    expect(() => new Random(1).skip(-1)).toThrow(/'draws' must be an integer ≥ 0, got -1/);
    expect(() => new Random(1).skip(0.5)).toThrow(/'draws' must be an integer ≥ 0/);
  });

  it('rejects seeds that are not integers', () => {
    expect(() => new Random(NaN)).toThrow(/seed must be an integer/);
    expect(() => new Random(1.5)).toThrow(/seed must be an integer/);
  });
});

describe('ops.dropoutMask', () => {
  it('draws the same stream as JavaScript would, bit for bit, on both backends', () => {
    for (const n of [1, 3, 17, 1000]) {
      const js = new Random(9);
      const threshold = 0.3 * 4294967296;
      const expected = Float32Array.from({ length: n }, () =>
        js.nextUint32() < threshold ? 0 : Math.fround(1 / 0.7),
      );
      const nextDraw = js.nextUint32();
      for (const backend of [wasm, ref]) {
        const rng = new Random(9);
        const mask = ops.dropoutMask([n], 0.3, { rng, backend });
        expect(mask.toArray()).toEqual(expected);
        expect(rng.nextUint32()).toBe(nextDraw); // the generator continues where the kernel stopped
        mask.release();
      }
    }
  });

  it('rejects p outside [0, 1)', () => {
    expect(() => ops.dropoutMask([3], 1, { backend: wasm })).toThrow(/'p' must be below 1/);
    expect(() => ops.dropoutMask([3], -0.1, { backend: wasm })).toThrow(/'p' must be in/);
  });
});
