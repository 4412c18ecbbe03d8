import { describe, expect, it } from 'vitest';
import { ops, Random, Tensor } from '../src';
import type { Backend } from '../src';
import { expectClose, randomArray, ref64, tensorOn, wasm } from './helpers';

const SIZES = [1, 3, 5, 7, 17, 33, 64, 100, 257];

type Step = (t: Record<'p' | 'g' | 's1' | 's2', Tensor>, step: number) => void;

/** Runs `steps` updates with fresh gradients on a backend; returns param and both state arrays. */
function run(
  backend: Backend,
  n: number,
  seed: number,
  steps: number,
  update: Step,
): Float32Array[] {
  const rng = new Random(seed);
  const t = {
    p: tensorOn(backend, randomArray(rng, n), [n]),
    g: Tensor.zeros([n], { backend }),
    s1: Tensor.zeros([n], { backend }),
    s2: Tensor.zeros([n], { backend }),
  };
  for (let step = 1; step <= steps; step++) {
    t.g.floats().set(randomArray(rng, n));
    update(t, step);
  }
  const out = [t.p, t.s1, t.s2].map((x) => x.toArray());
  Object.values(t).forEach((x) => x.release());
  return out;
}

const UPDATES: Record<string, Step> = {
  sgd: ({ p, g }) => ops.sgdStep(p, g, undefined, { lr: 0.1 }),
  'sgd + momentum, dampening, weight decay': ({ p, g, s1 }, step) =>
    ops.sgdStep(p, g, s1, {
      lr: 0.05,
      momentum: 0.9,
      dampening: 0.1,
      weightDecay: 1e-2,
      first: step === 1,
    }),
  'sgd + nesterov': ({ p, g, s1 }, step) =>
    ops.sgdStep(p, g, s1, { lr: 0.05, momentum: 0.9, nesterov: true, first: step === 1 }),
  'adam + weight decay': ({ p, g, s1, s2 }, step) =>
    ops.adamStep(p, g, s1, s2, { lr: 1e-2, weightDecay: 1e-2, step }),
  adamw: ({ p, g, s1, s2 }, step) =>
    ops.adamStep(p, g, s1, s2, { lr: 1e-2, weightDecay: 1e-2, decoupled: true, step }),
  rmsprop: ({ p, g, s1 }) => ops.rmspropStep(p, g, s1, undefined, { lr: 1e-2, weightDecay: 1e-3 }),
  'rmsprop + momentum': ({ p, g, s1, s2 }) =>
    ops.rmspropStep(p, g, s1, s2, { lr: 1e-2, momentum: 0.9 }),
  adadelta: ({ p, g, s1, s2 }) => ops.adadeltaStep(p, g, s1, s2, { lr: 1, weightDecay: 1e-3 }),
};

describe('optimizer kernels: wasm (f32) vs the float64 reference over 5 steps', () => {
  for (const [name, update] of Object.entries(UPDATES)) {
    it(`${name} (rtol 1e-5, atol 1e-5)`, () => {
      for (const n of SIZES) {
        const got = run(wasm, n, n, 5, update);
        const want = run(ref64, n, n, 5, update);
        got.forEach((g, i) =>
          expectClose(g, want[i], { rtol: 1e-5, atol: 1e-5 }, `${name} n=${n} array ${i}`),
        );
      }
    });
  }

  it('matches hand-computed steps: SGD momentum and Adam’s first step of size lr', () => {
    const p = tensorOn(wasm, [1, 1], [2]);
    const g = tensorOn(wasm, [0.5, -2], [2]);
    const buf = Tensor.zeros([2], { backend: wasm });
    ops.sgdStep(p, g, buf, { lr: 0.1, momentum: 0.9, first: true }); // buf = g
    ops.sgdStep(p, g, buf, { lr: 0.1, momentum: 0.9 }); // buf = 0.9·g + g
    expectClose(p.toArray(), [1 - 0.1 * 0.5 - 0.1 * 0.95, 1 + 0.2 + 0.1 * 3.8], { rtol: 1e-6 });
    const q = tensorOn(wasm, [1, 1], [2]);
    const [m, v] = [Tensor.zeros([2], { backend: wasm }), Tensor.zeros([2], { backend: wasm })];
    ops.adamStep(q, g, m, v, { lr: 0.01, eps: 1e-12, step: 1 });
    expectClose(q.toArray(), [0.99, 1.01], { rtol: 1e-6 });
  });
});

describe('optimizer ops: argument checks', () => {
  const p = tensorOn(wasm, [1, 2, 3], [3]);
  const g = tensorOn(wasm, [1, 2, 3], [3]);
  it('rejects bad hyper-parameters and missing or mismatched state, before updating anything', () => {
    expect(() => ops.sgdStep(p, g, undefined, { lr: NaN })).toThrow(/'lr' must be a finite number/);
    expect(() => ops.sgdStep(p, g, undefined, { lr: -1 })).toThrow(/'lr' must be ≥ 0/);
    expect(() => ops.sgdStep(p, g, undefined, { lr: 0.1, momentum: 0.9 })).toThrow(
      /needs a 'momentumBuffer'/,
    );
    expect(() => ops.sgdStep(p, g, undefined, { lr: 0.1, nesterov: true })).toThrow(
      /nesterov needs momentum > 0/,
    );
    expect(() => ops.sgdStep(p, tensorOn(wasm, [1, 2], [2]), undefined, { lr: 0.1 })).toThrow(
      /'param' \[3\] and 'grad' \[2\] must have the same shape/,
    );
    const [m, v] = [Tensor.zeros([3], { backend: wasm }), Tensor.zeros([3], { backend: wasm })];
    expect(() => ops.adamStep(p, g, m, v, { step: 0 })).toThrow(
      /'step' must be a positive integer/,
    );
    expect(() => ops.adamStep(p, g, m, v, { step: 1, beta1: 1 })).toThrow(/must be < 1/);
    expect(() => ops.adamStep(p, g, m, v, { step: 1, eps: 0 })).toThrow(/'eps' must be in \(0/);
    expect(() => ops.adadeltaStep(p, g, m, v, { rho: 1.5 })).toThrow(/'rho' must be in \[0, 1\]/);
    expect(p.toArray()).toEqual(new Float32Array([1, 2, 3]));
  });
});
