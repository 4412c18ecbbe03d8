import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../src';
import { e3 } from '../src/experiments/e3';

beforeAll(async () => {
  await init();
});

describe('E3: kernel SVMs on the circles', () => {
  it('simdnet reproduce e3 reports the four kernels, the C sweep and the degrees', async () => {
    const { figures, report } = await e3({ limit: 200, log: () => {} });
    for (const kernel of ['linear', 'sigmoid', 'rbf', 'poly 2']) {
      for (const key of ['test accuracy', 'best test accuracy']) {
        expect(figures[`${key} ${kernel}`]).toBeGreaterThanOrEqual(0);
        expect(figures[`${key} ${kernel}`]).toBeLessThanOrEqual(1);
      }
      expect(figures[`support vectors ${kernel}`]).toBeGreaterThan(0);
    }
    for (const degree of [3, 4, 5])
      expect(figures[`test accuracy poly ${degree}`]).toBeGreaterThan(0);
    expect(figures.seconds).toBeGreaterThan(0);
    // The rings are not linearly separable; an RBF machine separates them.
    expect(figures['test accuracy rbf']).toBeGreaterThan(0.85);
    expect(figures['test accuracy rbf']).toBeGreaterThan(figures['test accuracy linear'] + 0.2);
    // Odd degrees fail where even ones succeed.
    expect(figures['test accuracy poly 4']).toBeGreaterThan(figures['test accuracy poly 3'] + 0.2);

    const [kernels, sweep, degrees] = report.sections;
    expect(kernels.figures!.map((f) => f.caption)).toHaveLength(4);
    expect(kernels.figures!.every((f) => f.svg.includes('<svg'))).toBe(true);
    expect(sweep.table!.rows).toHaveLength(4 * 6);
    expect(sweep.figures).toHaveLength(2);
    expect(degrees.table!.rows.map((r) => r[0])).toEqual([2, 3, 4, 5]);
  });
});
