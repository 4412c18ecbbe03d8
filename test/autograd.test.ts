import { describe, expect, it } from 'vitest';
import { init, nn, noGrad, Random, Tensor, train } from '../src';
import { randomArray } from './helpers';

const F = nn.functional;
await init();

/** A seeded input for gradcheck: uniform values in [lo, hi). */
function input(shape: number[], seed: number, lo = -1, hi = 1) {
  const n = shape.reduce((a, b) => a * b, 1);
  return { data: randomArray(new Random(seed), n, lo, hi), shape };
}

/** A fixed weighting that turns any tensor into a scalar with a non-uniform gradient. */
function weighted(y: Tensor): Tensor {
  const w = Tensor.from(randomArray(new Random(99), y.size), y.shape);
  return y.mul(w).sum();
}

// Float64 central differences against autograd; the bound leaves room for the O(h²)
// truncation and the rounding of (f(x+h) − f(x−h)) at h = 1e-6.
const BOUND = 1e-6;

describe('autograd: every op against float64 finite differences (train.gradcheck)', () => {
  const cases: [string, (...xs: Tensor[]) => Tensor, ReturnType<typeof input>[]][] = [
    ['add, same shape', (a, b) => weighted(a.add(b)), [input([3, 5], 1), input([3, 5], 2)]],
    ['add, row broadcast', (a, b) => weighted(a.add(b)), [input([4, 5], 3), input([5], 4)]],
    ['sub, column broadcast', (a, b) => weighted(a.sub(b)), [input([4, 3], 5), input([4, 1], 6)]],
    ['mul, both broadcast', (a, b) => weighted(a.mul(b)), [input([3, 1, 5], 7), input([4, 1], 8)]],
    [
      'div by a positive tensor',
      (a, b) => weighted(a.div(b)),
      [input([2, 7], 9), input([7], 10, 0.5, 2)],
    ],
    ['mul by a number, neg', (a) => weighted(a.mul(3).neg()), [input([5], 11)]],
    ['matmul', (a, b) => weighted(a.matmul(b)), [input([3, 7], 12), input([7, 5], 13)]],
    [
      'linear',
      (x, w, b) => weighted(F.linear(x, w, b)),
      [input([4, 6], 14), input([3, 6], 15), input([3], 16)],
    ],
    ['sum over an axis', (a) => weighted(a.sum(1)), [input([3, 4, 5], 17)]],
    ['mean over a negative axis, keepDims', (a) => weighted(a.mean(-1, true)), [input([3, 4], 18)]],
    ['mean of all', (a) => a.mul(a).mean(), [input([7, 3], 19)]],
    [
      'reshape, flatten, transpose',
      (a) => weighted(a.reshape([6, -1]).transpose().flatten(0)),
      [input([2, 3, 4], 20)],
    ],
    ['relu', (a) => weighted(a.relu()), [input([17], 21)]],
    ['tanh', (a) => weighted(a.tanh()), [input([17], 22)]],
    ['sigmoid', (a) => weighted(a.sigmoid()), [input([17], 23)]],
    ['softmax', (a) => weighted(a.softmax()), [input([3, 5], 24)]],
    ['logSoftmax', (a) => weighted(a.logSoftmax()), [input([3, 5], 25)]],
    [
      'conv2d, stride 2, padding 1',
      (x, w, b) => weighted(F.conv2d(x, w, b, { stride: 2, padding: 1 })),
      [input([2, 3, 7, 6], 26), input([4, 3, 3, 3], 27), input([4], 28)],
    ],
    [
      'maxPool2d 3×3 stride 2',
      (x) => weighted(F.maxPool2d(x, { kernel: 3, stride: 2 })),
      [input([2, 2, 7, 7], 29)],
    ],
    [
      'avgPool2d 2×2 padding 1',
      (x) => weighted(F.avgPool2d(x, { kernel: 2, padding: 1 })),
      [input([1, 3, 5, 5], 30)],
    ],
    [
      'batchNorm (training)',
      (x, g, b) => {
        const c = x.shape[1];
        const state = {
          training: true,
          runningMean: Tensor.zeros([c]),
          runningVar: Tensor.full([c], 1),
        };
        return weighted(F.batchNorm(x, g, b, state));
      },
      [input([4, 3, 2, 2], 31), input([3], 32, 0.5, 1.5), input([3], 33)],
    ],
    [
      'crossEntropy with labels',
      (x) => F.crossEntropy(x, [2, 0, 4]).mul(1.5),
      [input([3, 5], 34, -3, 3)],
    ],
    [
      'crossEntropy with soft targets',
      (x) => F.crossEntropy(x, Tensor.from([0.2, 0.8, 0, 0.5, 0.25, 0.25], [2, 3])),
      [input([2, 3], 35)],
    ],
    ['mse', (a, b) => F.mse(a, b), [input([4, 3], 36), input([4, 3], 37)]],
    ['l2Penalty', (a, b) => F.l2Penalty([a, b], 0.3), [input([3, 2], 38), input([4], 39)]],
  ];
  for (const [name, fn, inputs] of cases) {
    it(name, () => {
      const result = train.gradcheck(fn, inputs);
      expect(result.checked).toBeGreaterThan(0);
      expect(result.maxRelativeError).toBeLessThan(BOUND);
    });
  }

  it('bceWithLogits', () => {
    const targets = [0, 1, 0.3, 1, 0, 0.5];
    const r = train.gradcheck(
      (x) => F.bceWithLogits(x, Tensor.from(targets, [2, 3])), // made inside: on gradcheck's backend
      [input([2, 3], 40, -4, 4)],
    );
    expect(r.maxRelativeError).toBeLessThan(BOUND);
  });

  it('catches a wrong backward (the check can fail)', () => {
    // d(x²)/dx claimed as x instead of 2x.
    const wrong = (x: Tensor) => {
      const y = x.mul(x).sum();
      const g = y.gradFn!;
      y.gradFn = { ...g, backward: (dy) => [x.mul(dy.item())] };
      return y;
    };
    expect(train.gradcheck(wrong, [input([5], 41)]).maxRelativeError).toBeGreaterThan(0.1);
  });
});

describe('autograd: the tape', () => {
  it('accumulates through a tensor used twice and into .grad across backward calls', () => {
    const x = Tensor.from([1, 2, 3], [3], { requiresGrad: true });
    x.mul(x).sum().backward(); // 2x
    expect(x.grad!.toArray()).toEqual(Float32Array.of(2, 4, 6));
    x.add(x).sum().backward(); // + 2
    expect(x.grad!.toArray()).toEqual(Float32Array.of(4, 6, 8));
  });

  it('records nothing inside noGrad and returns its result', () => {
    const x = Tensor.from([1, 2], [2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(() => y.sum().backward()).toThrow(/does not require a gradient/);
  });

  it('needs an explicit gradient for a non-scalar output and checks its shape', () => {
    const x = Tensor.from([1, 2, 3, 4], [2, 2], { requiresGrad: true });
    const y = x.mul(3);
    expect(() => y.backward()).toThrow(/needs its gradient/);
    expect(() => y.backward(Tensor.zeros([4]))).toThrow(/must match/);
    y.backward(Tensor.from([1, 0, 0, 2], [2, 2]));
    expect(x.grad!.toArray()).toEqual(Float32Array.of(3, 0, 0, 6));
  });

  it('names both shapes when they cannot broadcast or multiply', () => {
    const a = Tensor.zeros([2, 3]);
    expect(() => a.add(Tensor.zeros([4]))).toThrow(/\[2,3\] and \[4\] cannot be broadcast/);
    expect(() => a.matmul(Tensor.zeros([2, 3]))).toThrow(/\[2,3\] by \[2,3\]/);
    expect(() => a.reshape([4, 2])).toThrow(/cannot view \[2,3\]/);
  });

  it('dropout zeroes about p of the elements, scales the rest and routes the gradient the same way', () => {
    const x = Tensor.full([10000], 1, { requiresGrad: true });
    const y = F.dropout(x, 0.25, true);
    const values = y.toArray();
    const kept = values.filter((v) => v !== 0);
    expect(kept.length / values.length).toBeGreaterThan(0.73);
    expect(kept.length / values.length).toBeLessThan(0.77);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.75)]));
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual(values);
    expect(F.dropout(x, 0.25, false)).toBe(x);
  });
});
