import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
import type { Backend } from '../src';
import {
  dot,
  expectClose,
  finiteDifferences,
  randomArray,
  ref,
  ref64,
  releaseAll,
  tensorOn,
  wasm,
} from './helpers';

const SHAPES = [
  [3, 5],
  [17, 33],
  [64, 7],
  [2, 3, 5, 7],
  [3, 1, 17, 3],
  [1, 4, 3, 3],
];

/** gamma, beta, running mean and running variance for c channels. */
function params(backend: Backend, rng: Random, c: number) {
  return {
    gamma: tensorOn(backend, randomArray(rng, c, 0.5, 1.5), [c]),
    beta: tensorOn(backend, randomArray(rng, c), [c]),
    runningMean: tensorOn(backend, randomArray(rng, c), [c]),
    runningVar: tensorOn(backend, randomArray(rng, c, 0.5, 2), [c]),
  };
}

describe('batch norm kernels: wasm vs reference', () => {
  it('training and evaluation forward, running statistics and backward agree (rtol 1e-5)', () => {
    for (const shape of SHAPES) {
      const c = shape[1];
      const size = shape.reduce((a, b) => a * b);
      const seed = size + c;
      const x = randomArray(new Random(seed), size, -3, 5);
      const dy = randomArray(new Random(seed + 1), size);
      const [w, r] = [wasm, ref].map((backend) => {
        const p = params(backend, new Random(seed + 2), c);
        const xt = tensorOn(backend, x, shape);
        const train = ops.batchNorm(xt, p.gamma, p.beta, { ...p, training: true, momentum: 0.2 });
        const evaluated = ops.batchNorm(xt, p.gamma, p.beta, { ...p, training: false });
        const grads = ops.batchNormBackward(
          xt,
          tensorOn(backend, dy, shape),
          p.gamma,
          train.saveMean!,
          train.saveInvStd!,
        );
        return [
          train.y,
          p.runningMean,
          p.runningVar,
          evaluated.y,
          grads.dx,
          grads.dgamma,
          grads.dbeta,
        ].map((t) => t.toArray());
      });
      w.forEach((a, i) =>
        expectClose(a, r[i], { rtol: 1e-5, atol: 2e-6 }, `[${shape}] output ${i}`),
      );
    }
  });

  it('normalises to mean beta and variance gamma², and moves running stats by momentum (hand check)', () => {
    const x = tensorOn(wasm, [1, 2, 3, 4, 10, 20, 30, 40], [4, 2]); // channel 0: 1,3,10,30; channel 1: 2,4,20,40
    const p = {
      gamma: tensorOn(wasm, [2, 1], [2]),
      beta: tensorOn(wasm, [0.5, 0], [2]),
      runningMean: Tensor.zeros([2], { backend: wasm }),
      runningVar: tensorOn(wasm, [1, 1], [2]),
    };
    const { y } = ops.batchNorm(x, p.gamma, p.beta, {
      ...p,
      training: true,
      momentum: 0.1,
      eps: 1e-12,
    });
    const ch0 = [0, 2, 4, 6].map((i) => y.toArray()[i]);
    const mean = ch0.reduce((a, b) => a + b) / 4;
    const variance = ch0.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    expect(mean).toBeCloseTo(0.5, 5);
    expect(variance).toBeCloseTo(4, 4);
    const values = [1, 3, 10, 30];
    const m = values.reduce((a, b) => a + b) / 4;
    const unbiased = values.reduce((a, b) => a + (b - m) ** 2, 0) / 3;
    expectClose(p.runningMean.toArray().subarray(0, 1), [0.1 * m], { rtol: 1e-6 });
    expectClose(p.runningVar.toArray().subarray(0, 1), [0.9 + 0.1 * unbiased], { rtol: 1e-6 });
  });
});

describe('batch norm backward: finite differences in float64', () => {
  for (const shape of [
    [5, 3],
    [3, 2, 3, 3],
  ]) {
    it(`dx, dgamma, dbeta for [${shape}] (rtol 1e-4)`, () => {
      const rng = new Random(31);
      const c = shape[1];
      const size = shape.reduce((a, b) => a * b);
      const x = Float64Array.from(randomArray(rng, size, -2, 2));
      const dy = randomArray(rng, size);
      const gamma = Float64Array.from(randomArray(rng, c, 0.5, 1.5));
      const beta = Float64Array.from(randomArray(rng, c));
      /** Σ dy·batchNorm(x; gamma, beta) on ref64. */
      const objective = (xs: Float64Array, gs: Float64Array, bs: Float64Array) => {
        const ts = [tensorOn(ref64, xs, shape), tensorOn(ref64, gs, [c]), tensorOn(ref64, bs, [c])];
        const stats = [
          Tensor.zeros([c], { backend: ref64 }),
          Tensor.full([c], 1, { backend: ref64 }),
        ];
        const out = ops.batchNorm(ts[0], ts[1], ts[2], {
          training: true,
          runningMean: stats[0],
          runningVar: stats[1],
        });
        const s = dot(dy, out.y.toFloat64Array());
        releaseAll(...ts, ...stats, out.y, out.saveMean!, out.saveInvStd!);
        return s;
      };
      const numeric = {
        dx: finiteDifferences((v) => objective(v, gamma, beta), x),
        dgamma: finiteDifferences((v) => objective(x, v, beta), gamma),
        dbeta: finiteDifferences((v) => objective(x, gamma, v), beta),
      };
      const p = params(wasm, new Random(1), c);
      const gw = tensorOn(wasm, gamma, [c]);
      const xw = tensorOn(wasm, x, shape);
      const fwd = ops.batchNorm(xw, gw, tensorOn(wasm, beta, [c]), { ...p, training: true });
      const grads = ops.batchNormBackward(
        xw,
        tensorOn(wasm, dy, shape),
        gw,
        fwd.saveMean!,
        fwd.saveInvStd!,
      );
      for (const name of ['dx', 'dgamma', 'dbeta'] as const) {
        expectClose(grads[name].toArray(), numeric[name], { rtol: 1e-4, atol: 1e-5 }, name);
      }
    });
  }
});

describe('batch norm ops: argument checks', () => {
  it('rejects bad ranks, channel mismatches, eps ≤ 0, bad momentum and single-value batches', () => {
    const p = params(wasm, new Random(2), 3);
    const x = tensorOn(wasm, new Float32Array(6), [2, 3]);
    expect(() =>
      ops.batchNorm(tensorOn(wasm, [1, 2, 3], [3]), p.gamma, p.beta, { ...p, training: true }),
    ).toThrow(/'x' must be \[N, C\] or \[N, C, H, W\]/);
    const q = params(wasm, new Random(3), 4);
    expect(() => ops.batchNorm(x, q.gamma, p.beta, { ...p, training: true })).toThrow(
      /'gamma' must have shape \[3\]/,
    );
    expect(() => ops.batchNorm(x, p.gamma, p.beta, { ...p, training: true, eps: 0 })).toThrow(
      /'eps' must be in \(0/,
    );
    expect(() => ops.batchNorm(x, p.gamma, p.beta, { ...p, training: true, momentum: 2 })).toThrow(
      /'momentum'/,
    );
    const before = p.runningMean.toArray();
    expect(() =>
      ops.batchNorm(tensorOn(wasm, [1, 2, 3], [1, 3]), p.gamma, p.beta, { ...p, training: true }),
    ).toThrow(/more than one value per channel/);
    expect(p.runningMean.toArray()).toEqual(before);
  });
});
