import { describe, expect, it } from 'vitest';
import { Random, search } from '../src';

describe('search.grid', () => {
  it('evaluates every combination, the last key fastest, and finds the lowest score', async () => {
    const seen: string[] = [];
    const progress: [number, number][] = [];
    const { best, results } = await search.grid(
      { batch: [50, 100], lr: [0.01, 0.1, 1] },
      ({ batch, lr }) => {
        seen.push(`${batch}/${lr}`);
        return Math.abs(batch - 100) + Math.abs(Math.log10(lr) + 1);
      },
      { onResult: (_, index, total) => void progress.push([index, total]) },
    );
    expect(seen).toEqual(['50/0.01', '50/0.1', '50/1', '100/0.01', '100/0.1', '100/1']);
    expect(results.map((r) => r.params)).toEqual(
      seen.map((s) => ({ batch: +s.split('/')[0], lr: +s.split('/')[1] })),
    );
    expect(best).toEqual({ params: { batch: 100, lr: 0.1 }, score: 0 });
    expect(progress).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, 6]));
  });

  it('awaits async evaluations one at a time and maximizes on request', async () => {
    let running = 0;
    const { best, results } = await search.grid(
      { a: [1, 2, 3], b: ['x', 'y'] },
      async ({ a, b }) => {
        running++;
        expect(running).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        return a * (b === 'y' ? 2 : 1);
      },
      { maximize: true },
    );
    expect(results).toHaveLength(6);
    expect(best).toEqual({ params: { a: 3, b: 'y' }, score: 6 });
  });

  it('keeps the first of equal scores', async () => {
    const { best } = await search.grid({ a: [1, 2, 3] }, () => 7);
    expect(best.params).toEqual({ a: 1 });
  });

  it('records NaN scores as the worst, and throws only when every score is NaN', async () => {
    const { best, results } = await search.grid({ lr: [10, 0.1, 1] }, ({ lr }) =>
      lr > 5 ? NaN : lr,
    );
    expect(results.map((r) => r.score)).toEqual([NaN, 0.1, 1]);
    expect(best).toEqual({ params: { lr: 0.1 }, score: 0.1 });
    const high = await search.grid({ lr: [10, 1] }, ({ lr }) => (lr > 5 ? NaN : lr), {
      maximize: true,
    });
    expect(high.best.params).toEqual({ lr: 1 });
    await expect(search.grid({ lr: [10, 20] }, () => NaN)).rejects.toThrow(
      'simdnet: search.grid: every score was NaN, the first for {"lr":10}',
    );
  });

  it('rejects bad spaces and scores that are not numbers, naming them', async () => {
    const score = () => 0;
    await expect(search.grid({}, score)).rejects.toThrow(
      "simdnet: search.grid: 'space' has no parameters",
    );
    await expect(search.grid({ lr: [] }, score)).rejects.toThrow(
      "simdnet: search.grid: 'space.lr' is empty",
    );
    await expect(search.grid({ lr: 0.1 } as never, score)).rejects.toThrow(
      "simdnet: search.grid: 'space.lr' must be an array of values to try, got 0.1",
    );
    await expect(search.grid(null as never, score)).rejects.toThrow("'space' must be an object");
    await expect(search.grid({ lr: [1] }, 'f' as never)).rejects.toThrow(
      "'evaluate' must be a function",
    );
    await expect(search.grid({ lr: [1, 2] }, () => undefined as never)).rejects.toThrow(
      `simdnet: search.grid: 'evaluate' must return a number, got undefined for {"lr":1}`,
    );
  });
});

/**
 * Genomes of the sphere problem: points of R^4; mutate perturbs about half the coordinates
 * by a normal step of a log-uniform size in [1e-3, 1], so both large and fine moves occur.
 */
const centre = [1.5, -2, 0.25, 3];
const sphere = {
  randomGenome: (random: Random) => centre.map(() => 10 * random.uniform() - 5),
  mutate: (g: number[], random: Random) => {
    const step = 10 ** (-3 * random.uniform());
    return g.map((v) => (random.uniform() < 0.5 ? v + step * random.normal() : v));
  },
  crossover: (a: number[], b: number[], random: Random) => {
    const t = random.uniform();
    return a.map((v, i) => t * v + (1 - t) * b[i]);
  },
  fitness: (g: number[]) => g.reduce((s, v, i) => s + (v - centre[i]) ** 2, 0),
};

/** OneMax: 40 bits, fitness the number of ones, maximised. */
const oneMax = {
  randomGenome: (random: Random) => Array.from({ length: 40 }, () => random.int(2)),
  mutate: (g: number[], random: Random) => {
    const i = random.int(g.length);
    return g.map((b, j) => (j === i ? 1 - b : b));
  },
  crossover: (a: number[], b: number[], random: Random) => {
    const cut = random.int(a.length + 1);
    return [...a.slice(0, cut), ...b.slice(cut)];
  },
  fitness: (g: number[]) => g.reduce((s, b) => s + b, 0),
  maximize: true,
};

describe('search.genetic', () => {
  it('minimises the sphere function to within 1e-2 of its centre', async () => {
    const { best, history } = await search.genetic({
      ...sphere,
      population: 40,
      generations: 120,
      seed: 1,
      elite: 2,
    });
    expect(history).toHaveLength(120);
    best.genome.forEach((v, i) => expect(Math.abs(v - centre[i])).toBeLessThan(1e-2));
    expect(best.fitness).toBe(sphere.fitness(best.genome));
    // With an elite, the best never gets worse from one generation to the next.
    history
      .slice(1)
      .forEach((h, g) => expect(h.best.fitness).toBeLessThanOrEqual(history[g].best.fitness));
    // Scores sorted best first.
    for (const { scores } of history) {
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
    }
  });

  it('finds all ones in OneMax over 40 bits (maximize)', async () => {
    const { best, history } = await search.genetic({
      ...oneMax,
      population: 30,
      generations: 150,
      seed: 3,
    });
    expect(best.fitness).toBe(40);
    expect(best.genome.every((b) => b === 1)).toBe(true);
    expect(history[0].scores[0]).toBeLessThan(40);
    for (const { scores } of history) {
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('gives the same history for the same seed, however async fitness calls complete', async () => {
    const options = { ...sphere, population: 12, generations: 15, elite: 1, mutationRate: 0.7 };
    const plain = await search.genetic({ ...options, seed: 7 });
    let running = 0;
    let concurrent = 0;
    const delayed = await search.genetic({
      ...options,
      seed: 7,
      fitness: async (g) => {
        running++;
        concurrent = Math.max(concurrent, running);
        // Later genomes of a generation finish first, in an order that depends on the genome.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.abs(g[0]) * 3) % 7));
        running--;
        return sphere.fitness(g);
      },
    });
    expect(concurrent).toBeGreaterThan(1);
    expect(delayed).toEqual(plain);
    const other = await search.genetic({ ...options, seed: 8 });
    expect(other.history).not.toEqual(plain.history);
  });

  it('reports each generation, evaluates only the new genomes, and keeps the elite', async () => {
    let calls = 0;
    const reports: { generation: number; size: number }[] = [];
    const result = await search.genetic({
      ...oneMax,
      fitness: (g) => {
        calls++;
        return oneMax.fitness(g);
      },
      population: 10,
      generations: 5,
      elite: 3,
      onGeneration: ({ generation, best, scores, population }) => {
        expect(best.fitness).toBe(scores[0]);
        expect(population[0]).toBe(best.genome);
        expect(population.map(oneMax.fitness)).toEqual(scores);
        reports.push({ generation, size: population.length });
      },
    });
    expect(reports).toEqual([0, 1, 2, 3, 4].map((generation) => ({ generation, size: 10 })));
    expect(calls).toBe(10 + 4 * 7);
    expect(result.history.map((h) => h.scores)).toHaveLength(5);
  });

  it('ranks NaN fitness last and rejects fitness that is not a number', async () => {
    const { history } = await search.genetic({
      ...sphere,
      fitness: (g) => (g[0] > 0 ? NaN : sphere.fitness(g)),
      population: 8,
      generations: 3,
    });
    for (const { scores, best } of history) {
      const firstNaN = scores.findIndex(Number.isNaN);
      if (firstNaN >= 0) expect(scores.slice(firstNaN).every(Number.isNaN)).toBe(true);
      if (scores.some((s) => !Number.isNaN(s))) expect(best.fitness).not.toBeNaN();
    }
    await expect(
      search.genetic({ ...sphere, fitness: () => 'bad' as never, population: 4, generations: 2 }),
    ).rejects.toThrow(
      "simdnet: search.genetic: 'fitness' must return a number, got bad for genome 0 of generation 0",
    );
  });

  it('rejects bad options', async () => {
    const base = { ...sphere, population: 10, generations: 5 };
    const cases: [object, string][] = [
      [{ population: 1 }, "'population' must be at least 2, got 1"],
      [{ population: 2.5 }, "'population' must be a positive integer, got 2.5"],
      [{ generations: 0 }, "'generations' must be a positive integer, got 0"],
      [{ elite: 10 }, "'elite' must be less than 'population' (10), got 10"],
      [{ elite: -1 }, "'elite' must be a non-negative integer, got -1"],
      [{ tournament: 0 }, "'tournament' must be a positive integer, got 0"],
      [{ tournament: 11 }, "'tournament' must be at most 'population' (10), got 11"],
      [{ mutationRate: 1.5 }, "'mutationRate' must be in [0, 1], got 1.5"],
      [{ seed: 0.5 }, "'seed' must be an integer, got 0.5"],
      [{ mutate: undefined }, "'mutate' must be a function"],
      [{ onGeneration: 3 }, "'onGeneration' must be a function"],
    ];
    for (const [change, message] of cases) {
      await expect(search.genetic({ ...base, ...change } as never)).rejects.toThrow(
        `simdnet: search.genetic: ${message}`,
      );
    }
  });
});
