import { beforeAll, describe, expect, it } from 'vitest';
import { data, init } from '../src';
import { E7_RECIPE, e7, trainFold } from '../src/experiments/e7';

// E7, 1-D regression with a 1-100-1 sigmoid net under 10-fold cross-validation: a short run
// of the experiment, and one fold of the full recipe (1 200 epochs, about a second).

beforeAll(async () => {
  await init();
});

describe('E7: 1 → 100 (sigmoid) → 1 regression, 10-fold cross-validation', () => {
  const { n, nTest, folds } = E7_RECIPE;
  const { train, test } = data.regression1d({ n, nTest, seed: 0 });
  const splits = data.kfoldDatasets(train, folds, 0);

  it('a short run of a fold gives finite validation and test losses that go down', () => {
    const r = trainFold(1, splits[1], test, 150);
    for (const curve of [r.trainLoss, r.validationLoss, r.testLoss]) {
      expect(curve).toHaveLength(150);
      expect(curve.every(Number.isFinite)).toBe(true);
      const late = curve.slice(-10).reduce((s, v) => s + v, 0) / 10;
      expect(late).toBeLessThan(curve[0]);
      expect(late).toBeLessThan(0.6); // predicting 0 everywhere scores about 0.5 + 0.09
    }
    expect(r.fitted).toHaveLength(201);
    expect(r.fitted.every(Number.isFinite)).toBe(true);
  });

  it('one fold of the full recipe (1 200 epochs, lr 0.01) reaches test MSE < 0.12', () => {
    const r = trainFold(0, splits[0], test, E7_RECIPE.epochs);
    expect(r.testLoss.at(-1)!).toBeLessThan(0.12); // a straight line scores about 0.29
    expect(r.testLoss.at(-1)!).toBeGreaterThan(0.09 * 0.8); // the noise alone gives 0.09
  });

  it('simdnet reproduce e7 --limit 2 reports the folds, the curves and the fitted curves', async () => {
    const lines: string[] = [];
    const { figures, report } = await e7({ limit: 2, epochs: 20, log: (l) => lines.push(l) });
    expect(figures.folds).toBe(2);
    expect(figures.epochs).toBe(20);
    expect(Number.isFinite(figures['mean test MSE'])).toBe(true);
    expect(figures['test MSE fold 2']).toBeGreaterThan(0);
    expect(lines.filter((l) => l.startsWith('fold '))).toHaveLength(2);
    const [section] = report.sections;
    expect(section.table!.rows).toHaveLength(3); // two folds and the mean
    const captions = section.figures!.map((f) => f.caption);
    expect(captions).toHaveLength(4);
    expect(captions.some((c) => c.startsWith('Validation MSE per epoch'))).toBe(true);
    expect(captions.some((c) => c.startsWith('Test MSE per epoch'))).toBe(true);
    expect(captions.at(-1)).toMatch(/^The fitted curve/);
    for (const f of section.figures!) expect(f.svg).toContain('<svg');
  });
});
