import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src';
import { e6 } from '../../src/experiments/e6';

// E6 on CIFAR-10 read from disk ($SIMDNET_CIFAR10, which .ci/run sets, else
// ../shared/data/cifar-10-batches-bin).

beforeAll(async () => {
  await init();
});

describe('E6 on CIFAR-10', () => {
  it('beats 25 % on 1000 held-out CIFAR-10 images after 2000 training images (Node: reads disk)', async () => {
    const lines: string[] = [];
    const { figures, report } = await e6({
      variant: 'lambda0.1-eta0.001',
      limit: 2000,
      progress: false,
      log: (line) => lines.push(line),
    });
    expect(lines[0]).toMatch(/limited to the first 2000 training and 1000 validation/);
    expect(figures['lambda0.1-eta0.001 test accuracy']).toBeGreaterThan(0.25);
    expect(report.sections.map((s) => s.heading)).toEqual([
      'Usage',
      'Results',
      'Case lambda0.1-eta0.001',
    ]);
  });
});
