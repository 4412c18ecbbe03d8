import { beforeAll, describe, expect, it } from 'vitest';
import { data, init, Random } from '../src';
import { e6 } from '../src/experiments/e6';
import {
  checkGradients,
  standardizeFeatures,
  trainLinear,
  type LinearConfig,
} from '../src/experiments/linear-classifier';
import { fingerprint } from './helpers';

// E6, the CIFAR-10 linear classifier: the gradient check and reproducibility, on seeded
// data in Node and Chromium. The run on CIFAR-10 itself is in test/node/e6-cifar.test.ts
// (it reads the files from disk).

beforeAll(async () => {
  await init();
});

/** n seeded samples of d features in 10 classes, the class shifting the mean of 5 features. */
function synthetic(n: number, d: number, seed: number): data.Dataset<Int32Array> {
  const rng = new Random(seed);
  const y = Int32Array.from({ length: n }, () => rng.int(10));
  const x = Float32Array.from({ length: n * d }, (_, i) => {
    const [sample, feature] = [Math.floor(i / d), i % d];
    return rng.normal() + (Math.floor(feature / 5) === y[sample] ? 2 : 0);
  });
  return new data.Dataset(x, y, [d]);
}

describe('E6 gradient check', () => {
  const set = synthetic(4, 3072, 3);

  it('matches centred differences in float64 to 1e-6 (W and b, λ > 0, both losses)', () => {
    for (const loss of ['softmax', 'sigmoid'] as const) {
      const small = checkGradients(set, { loss, samples: 2, features: 20, lambda: 0.1 });
      expect(small.checked).toBe(210);
      const full = checkGradients(set, {
        loss,
        samples: 4,
        features: 3072,
        lambda: 0.5,
        maxPerInput: 40,
      });
      for (const g of [small, full]) {
        expect(g.weight, `${loss} d ${g.features}: W`).toBeLessThan(1e-6);
        expect(g.bias, `${loss} d ${g.features}: b`).toBeLessThan(1e-6);
        // The float32 kernels that train, against the float64 gradient.
        expect(g.float32, `${loss} d ${g.features}: float32`).toBeLessThan(1e-3);
      }
    }
  });
});

describe('E6 training', () => {
  it('gives the same weights and figures for the same seed, others for another', () => {
    const [train, validation] = standardizeFeatures(synthetic(300, 64, 5), synthetic(100, 64, 6));
    const config: LinearConfig = {
      loss: 'softmax',
      lambda: 0.1,
      eta: 0.05,
      epochs: 3,
      batchSize: 50,
      seed: 7,
    };
    const run = (seed: number) => trainLinear({ ...config, seed }, { train, validation });
    const [a, b, c] = [run(7), run(7), run(8)];
    expect(fingerprint(a.model.weight.toArray(), a.model.bias!.toArray())).toBe(
      fingerprint(b.model.weight.toArray(), b.model.bias!.toArray()),
    );
    expect(b.epochs).toEqual(a.epochs);
    expect(a.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(c.model.weight.toArray()).not.toEqual(a.model.weight.toArray());
    // The classes are separable enough for a few epochs to learn something.
    expect(a.epochs.at(-1)!.validation.accuracy).toBeGreaterThan(0.5);
  });

  it('rejects an unknown case, naming the ones it knows', async () => {
    await expect(e6({ variant: 'lambda2' })).rejects.toThrow(
      /simdnet: e6: unknown case 'lambda2'[^]*lambda0-eta0\.1.*gradcheck.*grid/,
    );
  });
});
