import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
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

const BATCHES = [1, 3, 17, 64];
const CLASSES = [1, 2, 3, 10, 33, 1000];

function labelsFor(rng: Random, b: number, c: number): Int32Array {
  return Int32Array.from({ length: b }, () => rng.int(c));
}

/** Targets whose rows are random distributions (soft labels). */
function softTargets(rng: Random, b: number, c: number): Float32Array {
  const t = randomArray(rng, b * c, 0, 1);
  for (let r = 0; r < b; r++) {
    let s = 0;
    for (let j = 0; j < c; j++) s += t[r * c + j];
    for (let j = 0; j < c; j++) t[r * c + j] /= s;
  }
  return t;
}

describe('softmax kernels: wasm vs reference', () => {
  it('softmaxCrossEntropy: loss and dlogits for every batch and class count (rtol 1e-5)', () => {
    const rng = new Random(21);
    for (const b of BATCHES) {
      for (const c of CLASSES) {
        const x = randomArray(rng, b * c, -8, 8);
        const labels = labelsFor(rng, b, c);
        const [w, r] = [wasm, ref].map((backend) =>
          ops.softmaxCrossEntropy(tensorOn(backend, x, [b, c]), labels),
        );
        expect(Math.abs(w.loss - r.loss), `loss b=${b} c=${c}`).toBeLessThanOrEqual(
          1e-5 * Math.max(1, r.loss),
        );
        expectClose(
          w.dlogits.toArray(),
          r.dlogits.toArray(),
          { rtol: 1e-5, atol: 1e-8 },
          `b=${b} c=${c}`,
        );
        releaseAll(w.dlogits, r.dlogits);
      }
    }
  });

  it('softmaxCrossEntropySoft, softmax, logSoftmax and their backward agree (rtol 1e-5)', () => {
    const rng = new Random(22);
    for (const b of BATCHES) {
      for (const c of CLASSES) {
        const x = randomArray(rng, b * c, -8, 8);
        const t = softTargets(rng, b, c);
        const dy = randomArray(rng, b * c);
        const [w, r] = [wasm, ref].map((backend) => {
          const xt = tensorOn(backend, x, [b, c]);
          const soft = ops.softmaxCrossEntropySoft(xt, tensorOn(backend, t, [b, c]));
          const sm = ops.softmax(xt);
          const lsm = ops.logSoftmax(xt);
          const dyt = tensorOn(backend, dy, [b, c]);
          return {
            loss: soft.loss,
            grads: [
              soft.dlogits,
              sm,
              lsm,
              ops.softmaxBackward(sm, dyt),
              ops.logSoftmaxBackward(lsm, dyt),
            ],
          };
        });
        expect(Math.abs(w.loss - r.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(r.loss)));
        w.grads.forEach((g, i) =>
          expectClose(
            g.toArray(),
            r.grads[i].toArray(),
            { rtol: 1e-5, atol: 1e-6 },
            `output ${i} b=${b} c=${c}`,
          ),
        );
      }
    }
  });

  it('stays finite and exact at extreme logits and on rows of equal logits', () => {
    const x = [80, -80, 0, 88, 88, 88, -100, -100, -100];
    const labels = [0, 1, 2];
    const w = ops.softmaxCrossEntropy(tensorOn(wasm, x, [3, 3]), labels);
    const r = ops.softmaxCrossEntropy(tensorOn(ref64, x, [3, 3]), labels);
    expect(Number.isFinite(w.loss)).toBe(true);
    expect(Math.abs(w.loss - r.loss)).toBeLessThan(1e-5 * r.loss);
    expectClose(w.dlogits.toArray(), r.dlogits.toArray(), { rtol: 1e-5, atol: 1e-9 }, 'extremes');
    const ls = ops.logSoftmax(tensorOn(wasm, x, [3, 3])).toArray();
    expect(ls.every(Number.isFinite)).toBe(true);
    expect(ls[4]).toBeCloseTo(-Math.log(3), 6);
  });
});

/** Targets in [0, 1], a quarter of them exactly 0 or 1 (hard labels). */
function binaryTargets(rng: Random, n: number): Float32Array {
  return Float32Array.from(randomArray(rng, n, -0.25, 1.25), (t) => Math.min(1, Math.max(0, t)));
}

/** −[t·log σ(x) + (1 − t)·log(1 − σ(x))], the textbook form (fine for moderate |x|). */
function textbookBinaryCrossEntropy(x: ArrayLike<number>, t: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const p = 1 / (1 + Math.exp(-x[i]));
    total -= t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p);
  }
  return total / x.length;
}

describe('sigmoidCrossEntropy', () => {
  const SHAPES = [[1], [3], [5, 7], [17, 33], [64, 1000]];

  it('matches the reference: loss within 1e-6 relative, dlogits within rtol 1e-5, atol 2⁻²⁰/n', () => {
    const rng = new Random(24);
    for (const shape of SHAPES) {
      const n = shape.reduce((a, b) => a * b);
      const x = randomArray(rng, n, -8, 8);
      const t = binaryTargets(rng, n);
      const [w, r] = [wasm, ref].map((backend) =>
        ops.sigmoidCrossEntropy(tensorOn(backend, x, shape), tensorOn(backend, t, shape)),
      );
      expect(Math.abs(w.loss - r.loss), `loss [${shape}]`).toBeLessThanOrEqual(1e-6 * r.loss);
      expect(w.dlogits.shape).toEqual(shape);
      const atol = 2 ** -20 / n;
      expectClose(w.dlogits.toArray(), r.dlogits.toArray(), { rtol: 1e-5, atol }, `[${shape}]`);
      releaseAll(w.dlogits, r.dlogits);
    }
  });

  it('the float64 reference agrees with the textbook −[t log σ + (1 − t) log(1 − σ)]', () => {
    const rng = new Random(25);
    const x = randomArray(rng, 100, -6, 6);
    const t = binaryTargets(rng, 100);
    const { loss } = ops.sigmoidCrossEntropy(tensorOn(ref64, x, [100]), tensorOn(ref64, t, [100]));
    expect(loss).toBeCloseTo(textbookBinaryCrossEntropy(x, t), 12);
  });

  it('stays finite and accurate for |x| up to 1e4', () => {
    const x = [1e4, -1e4, 1e4, -1e4, 100, -100, 88, -88, 0, 20, -20, 1e-3, -17];
    const t = [0, 1, 1, 0, 0.5, 0.5, 0, 1, 0.3, 0.9, 0.1, 1, 0.25];
    const w = ops.sigmoidCrossEntropy(tensorOn(wasm, x, [13]), tensorOn(wasm, t, [13]));
    const r = ops.sigmoidCrossEntropy(tensorOn(ref64, x, [13]), tensorOn(ref64, t, [13]));
    expect(Number.isFinite(w.loss)).toBe(true);
    expect(Math.abs(w.loss - r.loss)).toBeLessThanOrEqual(1e-6 * r.loss);
    const g = w.dlogits.toArray();
    expect(g.every(Number.isFinite)).toBe(true);
    expectClose(g, r.dlogits.toArray(), { rtol: 1e-5, atol: 2 ** -20 / 13 }, 'extremes');
  });
});

describe('softmax gradients: finite differences in float64', () => {
  const [b, c] = [5, 7];
  const rng = new Random(23);
  const x = Float64Array.from(randomArray(rng, b * c, -3, 3));
  const labels = labelsFor(rng, b, c);
  const targets = softTargets(rng, b, c);
  const dy = randomArray(rng, b * c);

  /** Runs `fn` on the ref64 backend at `at` and returns a scalar. */
  const at64 = (fn: (t: Tensor) => number) => (at: Float64Array) => {
    const t = tensorOn(ref64, at, [b, c]);
    const v = fn(t);
    t.release();
    return v;
  };

  it('dlogits of both cross-entropies (rtol 1e-4)', () => {
    const hard = finiteDifferences(
      at64((t) => ops.softmaxCrossEntropy(t, labels).loss),
      x,
    );
    expectClose(
      ops.softmaxCrossEntropy(tensorOn(wasm, x, [b, c]), labels).dlogits.toArray(),
      hard,
      {
        rtol: 1e-4,
        atol: 1e-6,
      },
    );
    const target64 = tensorOn(ref64, targets, [b, c]);
    const soft = finiteDifferences(
      at64((t) => ops.softmaxCrossEntropySoft(t, target64).loss),
      x,
    );
    const xw = tensorOn(wasm, x, [b, c]);
    const got = ops.softmaxCrossEntropySoft(xw, tensorOn(wasm, targets, [b, c])).dlogits.toArray();
    expectClose(got, soft, { rtol: 1e-4, atol: 1e-6 }, 'soft');
  });

  it('dlogits of sigmoidCrossEntropy (rtol 1e-4)', () => {
    const t = binaryTargets(rng, b * c);
    const t64 = tensorOn(ref64, t, [b, c]);
    const numeric = finiteDifferences(
      at64((xt) => ops.sigmoidCrossEntropy(xt, t64).loss),
      x,
    );
    const { dlogits } = ops.sigmoidCrossEntropy(
      tensorOn(wasm, x, [b, c]),
      tensorOn(wasm, t, [b, c]),
    );
    expectClose(dlogits.toArray(), numeric, { rtol: 1e-4, atol: 1e-6 }, 'sigmoid');
  });

  for (const name of ['softmax', 'logSoftmax'] as const) {
    it(`${name}Backward (rtol 1e-4)`, () => {
      const numeric = finiteDifferences(
        at64((t) => {
          const y = ops[name](t);
          const s = dot(dy, y.toFloat64Array());
          y.release();
          return s;
        }),
        x,
      );
      const y = ops[name](tensorOn(wasm, x, [b, c]));
      const dx = ops[`${name}Backward`](y, tensorOn(wasm, dy, [b, c]));
      expectClose(dx.toArray(), numeric, { rtol: 1e-4, atol: 1e-6 }, name);
    });
  }
});

describe('softmax ops: argument checks', () => {
  const logits = tensorOn(wasm, new Float32Array(6), [2, 3]);
  it('rejects labels of the wrong length, out of range or not integers, naming the first bad one', () => {
    expect(() => ops.softmaxCrossEntropy(logits, [0])).toThrow(
      /'labels' has 1 entries for a batch of 2/,
    );
    expect(() => ops.softmaxCrossEntropy(logits, [0, 3])).toThrow(
      /'labels'\[1\] is 3: labels must be integers in \[0, 3\)/,
    );
    expect(() => ops.softmaxCrossEntropy(logits, [-1, 0])).toThrow(/'labels'\[0\] is -1/);
    expect(() => ops.softmaxCrossEntropy(logits, [0.5, 0])).toThrow(/'labels'\[0\] is 0.5/);
    expect(() =>
      ops.softmaxCrossEntropy(logits, Tensor.from([0, 1], [2], { backend: wasm }) as never),
    ).toThrow(/'labels' must be int32/);
  });
  it('softmax and its backward run over the last axis of any rank, as over rows', () => {
    const x = tensorOn(
      wasm,
      Array.from({ length: 24 }, (_, i) => Math.sin(i)),
      [2, 3, 4],
    );
    const rows = tensorOn(wasm, x.toArray(), [6, 4]);
    for (const op of ['softmax', 'logSoftmax'] as const) {
      const [y, yRows] = [ops[op](x), ops[op](rows)];
      expect(y.shape).toEqual([2, 3, 4]);
      expect(y.toArray()).toEqual(yRows.toArray());
      const backward = op === 'softmax' ? ops.softmaxBackward : ops.logSoftmaxBackward;
      expect(backward(y, x).toArray()).toEqual(backward(yRows, rows).toArray());
    }
  });
  it('rejects mismatched targets and scalars', () => {
    expect(() => ops.softmaxCrossEntropySoft(logits, tensorOn(wasm, [1, 0, 0], [1, 3]))).toThrow(
      /'logits' \[2,3\] and 'targets' \[1,3\] must have the same shape/,
    );
    expect(() => ops.softmax(tensorOn(wasm, [1], []))).toThrow(/'x' must have at least one axis/);
    expect(() =>
      ops.softmaxCrossEntropy(logits, Tensor.fromInts([0, 1], [2], { backend: ref })),
    ).toThrow(/another backend/);
  });
  it('rejects binary targets outside [0, 1] (NaN too) or of another shape, allocating nothing', () => {
    const live = wasm.liveTensors;
    for (const [bad, at] of [
      [1.5, 2],
      [-0.25, 0],
      [NaN, 5],
    ]) {
      const t = Float32Array.from({ length: 6 }, (_, i) => (i === at ? bad : 0.5));
      const targets = tensorOn(wasm, t, [2, 3]);
      expect(() => ops.sigmoidCrossEntropy(logits, targets)).toThrow(
        new RegExp(
          `ops\\.sigmoidCrossEntropy: 'targets'\\[${at}\\] is ${bad}: targets must be in \\[0, 1\\]`,
        ),
      );
      targets.release();
    }
    const row = tensorOn(wasm, [0, 1, 0], [1, 3]);
    expect(() => ops.sigmoidCrossEntropy(logits, row)).toThrow(
      /'logits' \[2,3\] and 'targets' \[1,3\] must have the same shape/,
    );
    row.release();
    expect(wasm.liveTensors).toBe(live);
  });
});
