import { checkInRange, checkNonNegativeInt, checkPositiveInt, invalid } from '../errors';
import { Random } from '../random';
import { better, checkScore } from './grid';

/** A genome and its fitness. */
export interface Scored<G> {
  genome: G;
  fitness: number;
}

/** One generation, its population sorted best first. */
export interface Generation<G> {
  /** 0 for the random population, then 1, 2, … */
  generation: number;
  /** This generation's best genome. */
  best: Scored<G>;
  /** Every fitness, best first (NaN last). */
  scores: number[];
  /** The genomes in the order of `scores`. */
  population: G[];
}

export interface GeneticOptions<G> {
  /** A new random genome, drawn from `random`. */
  randomGenome: (random: Random) => G;
  /**
   * A changed copy of `genome`, drawn from `random`. It must not modify its argument: the
   * elite are carried over as they are.
   */
  mutate: (genome: G, random: Random) => G;
  /** A child of `a` and `b` (a new genome; the parents stay as they are). */
  crossover: (a: G, b: G, random: Random) => G;
  /**
   * The genome's fitness: lower is better unless `maximize`. A promise lets the calls of
   * one generation run at once (all of them are started before any is awaited), on worker
   * threads for example. NaN ranks last.
   */
  fitness: (genome: G) => number | Promise<number>;
  /** Genomes per generation (≥ 2). */
  population: number;
  /** Generations to evaluate, the random one included (≥ 1). */
  generations: number;
  /** Seed of the generator that randomGenome, mutate, crossover and selection draw from (default 0). */
  seed?: number;
  /** The best genomes carried over unchanged, not re-evaluated (default 1; < population). */
  elite?: number;
  /** Genomes drawn (with replacement) per tournament; the best of them is a parent (default 3). */
  tournament?: number;
  /** Probability that a child goes through `mutate` (default 1). */
  mutationRate?: number;
  /** Higher fitness is better (default false). */
  maximize?: boolean;
  /** Called after each generation is evaluated (awaited when it returns a promise). */
  onGeneration?: (generation: Generation<G>) => void | Promise<void>;
}

export interface GeneticResult<G> {
  /** The best genome of the whole run. */
  best: Scored<G>;
  /** Per generation: its best genome and its fitnesses, best first. */
  history: { best: Scored<G>; scores: number[] }[];
}

/**
 * A genetic algorithm that knows nothing of the problem: the caller's functions make,
 * mutate, cross and score genomes. Generation 0 is `population` random genomes; each next
 * one keeps the `elite` best as they are (with their fitness) and fills the rest with
 * children: two parents, each the best of `tournament` genomes drawn at random, are
 * crossed, and the child is mutated with probability `mutationRate`.
 *
 * Deterministic for a seed: all drawing happens in order on one Random(seed), the fitness
 * calls of a generation are awaited together (Promise.all keeps their order however they
 * complete), and equal fitnesses keep their population order when sorted. So the same seed
 * and a deterministic fitness give the same history.
 */
export async function genetic<G>(options: GeneticOptions<G>): Promise<GeneticResult<G>> {
  const op = 'search.genetic';
  const { randomGenome, mutate, crossover, fitness, onGeneration } = options;
  const { population, generations, seed = 0, elite = 1, tournament = 3 } = options;
  const { mutationRate = 1, maximize = false } = options;
  for (const [name, fn] of Object.entries({ randomGenome, mutate, crossover, fitness })) {
    if (typeof fn !== 'function') invalid(op, `'${name}' must be a function`);
  }
  if (onGeneration !== undefined && typeof onGeneration !== 'function') {
    invalid(op, `'onGeneration' must be a function`);
  }
  checkPositiveInt(op, 'population', population);
  if (population < 2) invalid(op, `'population' must be at least 2, got ${population}`);
  checkPositiveInt(op, 'generations', generations);
  checkNonNegativeInt(op, 'elite', elite);
  if (elite >= population) {
    invalid(op, `'elite' must be less than 'population' (${population}), got ${elite}`);
  }
  checkPositiveInt(op, 'tournament', tournament);
  if (tournament > population) {
    invalid(op, `'tournament' must be at most 'population' (${population}), got ${tournament}`);
  }
  checkInRange(op, 'mutationRate', mutationRate, 0, 1);
  if (!Number.isSafeInteger(seed)) invalid(op, `'seed' must be an integer, got ${seed}`);

  const random = new Random(seed);
  // Sorted best first; the elite of the last generation lead the next one.
  let ranked: Scored<G>[] = [];
  let genomes = Array.from({ length: population }, () => randomGenome(random));
  let best: Scored<G> | undefined;
  const history: GeneticResult<G>['history'] = [];
  for (let generation = 0; generation < generations; generation++) {
    const carried = ranked.slice(0, generation === 0 ? 0 : elite);
    const fresh = genomes.slice(carried.length);
    const scores = await Promise.all(fresh.map((genome) => fitness(genome)));
    scores.forEach((score, i) => {
      checkScore(
        op,
        'fitness',
        score,
        () => `genome ${carried.length + i} of generation ${generation}`,
      );
    });
    ranked = sortBest(
      [...carried, ...fresh.map((genome, i) => ({ genome, fitness: scores[i] }))],
      maximize,
    );
    const top = ranked[0];
    if (best === undefined || better(top.fitness, best.fitness, maximize)) best = top;
    const sorted = ranked.map((s) => s.fitness);
    history.push({ best: top, scores: sorted });
    await onGeneration?.({
      generation,
      best: top,
      scores: [...sorted],
      population: ranked.map((s) => s.genome),
    });
    if (generation + 1 === generations) break;
    genomes = ranked.slice(0, elite).map((s) => s.genome);
    while (genomes.length < population) {
      const a = select(ranked, tournament, random);
      const b = select(ranked, tournament, random);
      let child = crossover(a, b, random);
      if (mutationRate === 1 || random.uniform() < mutationRate) child = mutate(child, random);
      genomes.push(child);
    }
  }
  return { best: best!, history };
}

/** Best first (NaN last); a stable sort, so equals keep their order. */
function sortBest<G>(scored: Scored<G>[], maximize: boolean): Scored<G>[] {
  return scored
    .map((s, i) => ({ s, i }))
    .sort((p, q) => {
      if (better(p.s.fitness, q.s.fitness, maximize)) return -1;
      if (better(q.s.fitness, p.s.fitness, maximize)) return 1;
      return p.i - q.i;
    })
    .map((p) => p.s);
}

/** Tournament selection over a population sorted best first: the lowest of k draws wins. */
function select<G>(ranked: Scored<G>[], k: number, random: Random): G {
  let winner = random.int(ranked.length);
  for (let draw = 1; draw < k; draw++) winner = Math.min(winner, random.int(ranked.length));
  return ranked[winner].genome;
}
