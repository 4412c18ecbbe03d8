import { beforeAll, describe, expect, it } from 'vitest';
import { init, Random } from '../src';
import {
  crossoverHyper,
  E8_SPACE,
  mutateHyper,
  randomHyper,
  type Hyper,
} from '../src/experiments/e8-search';

// E8's genetic search: the genome operators stay inside the report's bounds (a tiny search
// on MNIST: test/node/e8-search.test.ts).

beforeAll(async () => {
  await init();
});

function expectInBounds(g: Hyper): void {
  for (const [gene, { min, max, integer }] of Object.entries(E8_SPACE)) {
    const v = g[gene as keyof Hyper];
    expect(v).toBeGreaterThanOrEqual(min);
    expect(v).toBeLessThanOrEqual(max);
    if (integer) expect(Number.isInteger(v)).toBe(true);
  }
}

describe('E8 search: genome operators', () => {
  it('random genomes, mutations and crossovers stay inside the bounds', () => {
    const random = new Random(3);
    let genomes = Array.from({ length: 20 }, () => randomHyper(random));
    for (let round = 0; round < 50; round++) {
      genomes = genomes.map((g, i) =>
        mutateHyper(crossoverHyper(g, genomes[(i + 1) % genomes.length], random), random),
      );
      genomes.forEach(expectInBounds);
    }
    // lr is drawn log-uniformly: about half the draws below 1e-4, the middle of [1e-8, 1].
    const lrs = Array.from({ length: 400 }, () => randomHyper(random).lr);
    const low = lrs.filter((lr) => lr < 1e-4).length / lrs.length;
    expect(low).toBeGreaterThan(0.4);
    expect(low).toBeLessThan(0.6);
  });

  it('mutate changes a copy, crossover takes every gene from a parent', () => {
    const random = new Random(5);
    const a = randomHyper(random);
    const b = randomHyper(random);
    const frozen = { ...a };
    const m = mutateHyper(a, random);
    expect(a).toEqual(frozen);
    expect(m).not.toEqual(a);
    const c = crossoverHyper(a, b, random);
    for (const gene of Object.keys(E8_SPACE) as (keyof Hyper)[]) {
      expect([a[gene], b[gene]]).toContain(c[gene]);
    }
  });
});
