import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../src';
import { e2 } from '../src/experiments/e2';
import { trainManual } from '../examples/e2/a-manual';
import { trainAutograd } from '../examples/e2/b-autograd';
import { trainNn } from '../examples/e2/c-nn';
import { trainOptimizer } from '../examples/e2/d-optimizer';
import {
  accuracy,
  circlesData,
  initialWeights,
  maxRelativeDifference,
  RECIPE,
} from '../examples/e2/common';

beforeAll(async () => {
  await init();
});

describe('E2: the 2-4-2 tanh/softmax network on the circles, four ways', () => {
  const { train, test } = circlesData();

  it('(a) ops, (b) autograd, (c) nn and (d) nn + optimizer end with the same weights', () => {
    const recipe = { ...RECIPE, epochs: 5 };
    const [manual, ...others] = [trainManual, trainAutograd, trainNn, trainOptimizer].map(
      (version) => version(initialWeights(), train, recipe),
    );
    expect(manual.losses).toHaveLength(5);
    expect(manual.losses.every(Number.isFinite)).toBe(true);
    for (const run of others) {
      expect(maxRelativeDifference(manual.weights, run.weights)).toBeLessThan(1e-5);
      run.losses.forEach((loss, i) => expect(loss).toBeCloseTo(manual.losses[i], 6));
    }
    // Training moved the weights: the comparison is not between untouched copies.
    expect(maxRelativeDifference(manual.weights, initialWeights())).toBeGreaterThan(1e-2);
  });

  it('reaches about 94 % test accuracy with lr 0.07, batch 10', () => {
    const run = trainOptimizer(initialWeights(), train, RECIPE);
    expect(run.losses[0]).toBeGreaterThan(0.6); // chance level is ln 2 ≈ 0.69
    expect(run.losses.at(-1)!).toBeLessThan(0.1);
    expect(accuracy(run.weights, test)).toBeGreaterThanOrEqual(0.9);
  });

  it('simdnet reproduce e2 reports the four runs and the decision boundaries', async () => {
    const { figures, report } = await e2({ epochs: 3, log: () => {} });
    expect(figures.epochs).toBe(3);
    for (const key of ['test accuracy', 'test accuracy lr 2', 'test accuracy batch 1']) {
      expect(figures[key]).toBeGreaterThan(0);
    }
    const captions = report.sections.flatMap((s) => s.figures ?? []).map((f) => f.caption);
    expect(captions.filter((c) => c.startsWith('Decision boundary'))).toHaveLength(2);
    expect(report.sections[0].figures!.at(-1)!.svg).toContain('<svg');
  });
});
