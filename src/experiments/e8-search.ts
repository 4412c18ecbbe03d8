import * as data from '../data';
import * as optim from '../optim';
import { manualSeed, type Random } from '../random';
import { lineChart, stripChart, type ReportFigure } from '../report';
import { genetic, type Generation } from '../search';
import { fit } from '../train';
import { mnistCnn } from './models';
import { mnistData, plural, type ExperimentOptions, type ExperimentResult } from './experiment';

// E8's genetic search: the hyper-parameters of the MNIST CNN's training (batch size,
// Adadelta's lr and weight decay, StepLR's gamma) tuned by search.genetic, which knows
// nothing of the problem: the genome, its random draw, mutation, crossover and fitness are
// all here. The fitness is the held-out loss after a short training on a subset of MNIST.

/** One point of the search space. */
export interface Hyper {
  batchSize: number;
  lr: number;
  gamma: number;
  weightDecay: number;
}

/** The report's bounds; `log` genes are drawn and mutated in log space (they span decades). */
export const E8_SPACE = {
  batchSize: { min: 10, max: 128, log: false, integer: true },
  lr: { min: 1e-8, max: 1, log: true, integer: false },
  gamma: { min: 0, max: 1, log: false, integer: false },
  weightDecay: { min: 1e-7, max: 1e-4, log: true, integer: false },
} as const;

const GENES = Object.keys(E8_SPACE) as (keyof Hyper)[];

/** Defaults that keep a run to about 10–20 minutes on one core. */
export const E8_SEARCH_DEFAULTS = {
  population: 10,
  generations: 6,
  epochs: 1,
  /** Training images; limit/2 held-out images score the genome. */
  limit: 4000,
  seed: 0,
};

// A gene's axis, where drawing is uniform and mutation steps are additive.
const toAxis = (gene: keyof Hyper, v: number) => (E8_SPACE[gene].log ? Math.log(v) : v);
const fromAxis = (gene: keyof Hyper, a: number) => {
  const { min, max, log, integer } = E8_SPACE[gene];
  const v = Math.min(max, Math.max(min, log ? Math.exp(a) : a));
  return integer ? Math.round(v) : v;
};

/** A genome drawn uniformly on each gene's axis (log-uniformly for lr and weight decay). */
export function randomHyper(random: Random): Hyper {
  const genome = {} as Hyper;
  for (const gene of GENES) {
    const lo = toAxis(gene, E8_SPACE[gene].min);
    const hi = toAxis(gene, E8_SPACE[gene].max);
    genome[gene] = fromAxis(gene, lo + random.uniform() * (hi - lo));
  }
  return genome;
}

/** Fraction of a gene's axis that one mutation step spans (its standard deviation). */
const MUTATION_SCALE = 0.15;

/**
 * A copy of `genome` with each gene moved, with probability 1/2 (at least one gene always),
 * by a normal step of 15 % of its axis, clamped to the bounds.
 */
export function mutateHyper(genome: Hyper, random: Random): Hyper {
  const child = { ...genome };
  // One gene always moves: a child equal to its parent would waste an evaluation.
  const forced = GENES[random.int(GENES.length)];
  for (const gene of GENES) {
    if (gene !== forced && random.uniform() < 0.5) continue;
    const lo = toAxis(gene, E8_SPACE[gene].min);
    const hi = toAxis(gene, E8_SPACE[gene].max);
    const step = random.normal() * MUTATION_SCALE * (hi - lo);
    child[gene] = fromAxis(gene, toAxis(gene, genome[gene]) + step);
  }
  return child;
}

/** Uniform crossover: each gene from `a` or `b` with probability 1/2. */
export function crossoverHyper(a: Hyper, b: Hyper, random: Random): Hyper {
  const child = {} as Hyper;
  for (const gene of GENES) child[gene] = random.uniform() < 0.5 ? a[gene] : b[gene];
  return child;
}

/**
 * The genome's fitness: the mean cross-entropy on `test` after `epochs` epochs of training
 * the E8 CNN on `train` (Adadelta with the genome's lr and weight decay, StepLR with its
 * gamma after each epoch). Deterministic: the weights, dropout masks and shuffling are
 * reseeded for every call. A diverged training scores Infinity (ranked last).
 */
export function hyperLoss(
  genome: Hyper,
  train: data.Dataset,
  test: data.Dataset,
  epochs: number,
): number {
  manualSeed(1); // every genome starts from the same weights, whatever ran before it
  const model = mnistCnn();
  const optimizer = new optim.Adadelta(model.parameters(), {
    lr: genome.lr,
    weightDecay: genome.weightDecay,
  });
  const history = fit(model, {
    train: new data.DataLoader(train, { batchSize: genome.batchSize, shuffle: true, seed: 1 }),
    test: new data.DataLoader(test, { batchSize: 500 }),
    optimizer,
    scheduler: new optim.StepLR(optimizer, { stepSize: 1, gamma: genome.gamma }),
    epochs,
    progress: false,
  });
  const loss = history.epochs.at(-1)?.testLoss;
  return history.diverged || loss === undefined || !Number.isFinite(loss) ? Infinity : loss;
}

/** The options of e8Search beyond ExperimentOptions' (population and generations). */
export interface E8SearchOptions extends ExperimentOptions {
  /** Genomes per generation (default 10). */
  population?: number;
  /** Generations, the random one included (default 6). */
  generations?: number;
  /** Seed of the search's draws (default 0). */
  seed?: number;
}

/**
 * `variant` as '<population>x<generations>' (e.g. `--case 4x3` on the command line), so the
 * command line can size the search without options of its own.
 */
function parseVariant(variant: string | undefined): { population?: number; generations?: number } {
  if (variant === undefined) return {};
  const match = /^(\d+)x(\d+)$/.exec(variant);
  if (!match) {
    throw new Error(
      `simdnet: e8-search: the variant must be <population>x<generations> (e.g. 8x5), got '${variant}'`,
    );
  }
  return { population: Number(match[1]), generations: Number(match[2]) };
}

const fixed = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : String(v));
const summary = (g: Hyper) =>
  `batch ${g.batchSize}, lr ${g.lr.toPrecision(3)}, gamma ${g.gamma.toFixed(3)}, ` +
  `weight decay ${g.weightDecay.toExponential(2)}`;

/** The middle score (the mean of the middle two for an even count); NaN counts as +∞. */
function median(scores: number[]): number {
  const s = scores.map((v) => (Number.isNaN(v) ? Infinity : v)).sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A generation as recorded for the report. */
interface GenerationRecord extends Generation<Hyper> {
  median: number;
  seconds: number;
}

/** The E8 genetic search: see the file's comment and E8_SEARCH_DEFAULTS. */
export async function e8Search(options: E8SearchOptions = {}): Promise<ExperimentResult> {
  const log = options.log ?? console.log;
  const sized = parseVariant(options.variant);
  const population = options.population ?? sized.population ?? E8_SEARCH_DEFAULTS.population;
  const generations = options.generations ?? sized.generations ?? E8_SEARCH_DEFAULTS.generations;
  const epochs = options.epochs ?? E8_SEARCH_DEFAULTS.epochs;
  const seed = options.seed ?? E8_SEARCH_DEFAULTS.seed;
  const limit = options.limit ?? E8_SEARCH_DEFAULTS.limit;
  const { train, test } = await mnistData({ ...options, limit });
  log(
    `E8 genetic search: population ${population}, ${generations} generations, ${plural(epochs, 'epoch')} ` +
      `on ${train.length} MNIST images, fitness = loss on ${test.length} held-out images`,
  );
  const start = performance.now();
  let last = start;
  const records: GenerationRecord[] = [];
  let best: { genome: Hyper; fitness: number } | undefined;
  const result = await genetic<Hyper>({
    randomGenome: randomHyper,
    mutate: mutateHyper,
    crossover: crossoverHyper,
    fitness: (genome) => hyperLoss(genome, train, test, epochs),
    population,
    generations,
    seed,
    onGeneration: (g) => {
      const now = performance.now();
      const record = { ...g, median: median(g.scores), seconds: (now - last) / 1000 };
      last = now;
      records.push(record);
      if (best === undefined || g.best.fitness < best.fitness) best = g.best;
      log(
        `generation ${g.generation}: best ${fixed(best.fitness)} (${summary(best.genome)}), ` +
          `median ${fixed(record.median)}, ${record.seconds.toFixed(0)} s`,
      );
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const top = result.best;
  return {
    figures: {
      'best loss': top.fitness,
      'best batch size': top.genome.batchSize,
      'best lr': top.genome.lr,
      'best gamma': top.genome.gamma,
      'best weight decay': top.genome.weightDecay,
      population,
      generations,
      evaluations: population + (generations - 1) * (population - 1),
      seconds,
    },
    samples: { 'training images': train.length, 'held-out images': test.length },
    report: {
      title: 'E8 — genetic search of the MNIST CNN hyper-parameters',
      sections: [
        {
          heading: 'Search',
          text:
            `search.genetic over batch size ∈ [10, 128] (integer), lr ∈ [1e-8, 1] and weight ` +
            `decay ∈ [1e-7, 1e-4] (both drawn and mutated in log space) and StepLR gamma ∈ [0, 1]. ` +
            `Population ${population}, ${generations} generations, seed ${seed}; the best genome ` +
            `is carried over, parents win tournaments of 3, children take each gene from either ` +
            `parent and move genes by normal steps of 15 % of their axis. Fitness: the ` +
            `cross-entropy on ${test.length} held-out MNIST images after ${plural(epochs, 'epoch')} of ` +
            `Adadelta on ${train.length} training images (diverged runs score ∞). ` +
            `Wall time ${seconds.toFixed(0)} s.`,
          table: {
            columns: ['generation', 'best loss', 'median loss', 'best genome', 'seconds'],
            rows: records.map((r) => [
              r.generation,
              r.best.fitness,
              r.median,
              summary(r.best.genome),
              Number(r.seconds.toFixed(1)),
            ]),
          },
          figures: await searchFigures(records),
        },
        {
          heading: 'Best genome',
          table: {
            columns: ['batch size', 'lr', 'gamma', 'weight decay', 'held-out loss'],
            rows: [
              [
                top.genome.batchSize,
                top.genome.lr,
                top.genome.gamma,
                top.genome.weightDecay,
                top.fitness,
              ],
            ],
          },
        },
      ],
    },
  };
}

/** The share of each generation whose distribution the report plots. */
const TOP_SHARE = 0.3;

/** Best and median loss per generation, then the best 30 % of each generation: losses and genes. */
async function searchFigures(records: GenerationRecord[]): Promise<ReportFigure[]> {
  const topOf = (r: GenerationRecord) => Math.max(1, Math.ceil(TOP_SHARE * r.scores.length));
  const groups = (values: (r: GenerationRecord, i: number) => number) =>
    records.map((r) => ({
      name: String(r.generation),
      values: Array.from({ length: topOf(r) }, (_, i) => values(r, i)),
    }));
  const finite = (points: [number, number][]) => points.filter(([, y]) => Number.isFinite(y));
  const figures: ReportFigure[] = [
    {
      caption: 'Best and median held-out loss per generation',
      svg: await lineChart({
        title: 'Held-out loss per generation',
        x: 'generation',
        y: 'cross-entropy',
        series: [
          { name: 'best', points: finite(records.map((r) => [r.generation, r.best.fitness])) },
          { name: 'median', points: finite(records.map((r) => [r.generation, r.median])) },
        ],
      }),
    },
    {
      caption: `Held-out loss of the best ${100 * TOP_SHARE} % of each generation`,
      svg: await stripChart({
        title: `Loss of the best ${100 * TOP_SHARE} %`,
        x: 'generation',
        y: 'cross-entropy',
        groups: groups((r, i) => r.scores[i]),
      }),
    },
  ];
  const names: { [gene in keyof Hyper]: string } = {
    batchSize: 'batch size',
    lr: 'learning rate',
    gamma: 'gamma',
    weightDecay: 'weight decay',
  };
  for (const gene of GENES) {
    figures.push({
      caption: `${names[gene]} of the best ${100 * TOP_SHARE} % of each generation`,
      svg: await stripChart({
        title: `${names[gene]} of the best ${100 * TOP_SHARE} %`,
        x: 'generation',
        y: names[gene],
        logY: E8_SPACE[gene].log,
        groups: groups((r, i) => r.population[i][gene]),
      }),
    });
  }
  return figures;
}
