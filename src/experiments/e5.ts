import * as data from '../data';
import * as nn from '../nn';
import * as optim from '../optim';
import { imageGrid } from '../report';
import type { ReportSection } from '../report';
import { fit, type History } from '../train';
import { readFileBytes, writeFileBytes } from '../files';
import { manualSeed, Random } from '../random';
import {
  bestAccuracy,
  cifarData,
  curves,
  runTable,
  type ExperimentOptions,
  type ExperimentResult,
  type Run,
  plural,
} from './experiment';
import { cifarCnn } from './models';

// E5 — the CIFAR-10 CNN and its improvements, each step adding to the one before as the
// report did: normalisation, augmentation, a learning-rate schedule, Adam, dropout, batch
// norm. A step trains in its own folder (out/steps/<step>/) with a checkpoint after every
// epoch, so `--resume` continues a run that was cut short; the report gathers every step
// that has finished into one table.

/** The report's steps, in order; each adds one change to the previous. */
export const E5_STEPS = ['base', 'norm', 'augment', 'sched', 'adam', 'dropout', 'bn'] as const;

/** The report's side experiments: a change to one step of the chain. */
export const E5_VARIANTS = {
  batch32: 'base with batch size 32',
  batch512: 'base with batch size 512',
  lr1: 'base with learning rate 1 (diverges)',
  zca: 'norm with ZCA whitening instead of per-channel normalisation',
  jitter: 'augment + colour jitter',
  affine: 'augment + random affine',
  perspective: 'augment + random perspective',
  blur: 'augment + Gaussian blur',
  momentum: 'norm with plain SGD replaced by SGD momentum 0.9',
  rmsprop: 'adam with RMSprop instead of Adam',
} as const;

type Step = (typeof E5_STEPS)[number];
type Variant = keyof typeof E5_VARIANTS;

/** How one run trains. */
interface Recipe {
  normalize: 'none' | 'channels' | 'zca';
  augment: ('crop' | 'flip' | 'jitter' | 'affine' | 'perspective' | 'blur')[];
  optimizer: 'sgd' | 'momentum' | 'adam' | 'rmsprop';
  lr: number;
  scheduler: boolean;
  dropout: boolean;
  batchNorm: boolean;
  batchSize: number;
  epochs: number;
}

/** The recipe of a step of the chain: every change up to and including it. */
function stepRecipe(step: Step): Recipe {
  const upTo = (s: Step) => E5_STEPS.indexOf(step) >= E5_STEPS.indexOf(s);
  const adam = upTo('adam');
  return {
    normalize: upTo('norm') ? 'channels' : 'none',
    augment: upTo('augment') ? ['crop', 'flip'] : [],
    optimizer: adam ? 'adam' : 'sgd',
    lr: adam ? 1e-3 : 0.05,
    scheduler: upTo('sched'),
    dropout: upTo('dropout'),
    batchNorm: upTo('bn'),
    batchSize: 64,
    // Augmented data keep improving long after plain data have begun to overfit.
    epochs: upTo('augment') ? 30 : 15,
  };
}

function variantRecipe(variant: Variant): Recipe {
  switch (variant) {
    case 'batch32':
      return { ...stepRecipe('base'), batchSize: 32 };
    case 'batch512':
      return { ...stepRecipe('base'), batchSize: 512 };
    case 'lr1':
      return { ...stepRecipe('base'), lr: 1 };
    case 'zca':
      return { ...stepRecipe('norm'), normalize: 'zca' };
    case 'momentum':
      return { ...stepRecipe('norm'), optimizer: 'momentum', lr: 0.01 };
    case 'rmsprop':
      return { ...stepRecipe('adam'), optimizer: 'rmsprop', lr: 1e-4 };
    default: {
      const augment = stepRecipe('augment');
      return { ...augment, augment: [...augment.augment, variant] };
    }
  }
}

function makeOptimizer(model: nn.Module, recipe: Recipe): optim.Optimizer {
  const params = model.parameters();
  switch (recipe.optimizer) {
    case 'sgd':
      return new optim.SGD(params, { lr: recipe.lr });
    case 'momentum':
      return new optim.SGD(params, { lr: recipe.lr, momentum: 0.9 });
    case 'adam':
      return new optim.Adam(params, { lr: recipe.lr });
    case 'rmsprop':
      return new optim.RMSprop(params, { lr: recipe.lr });
  }
}

/** The random augmentations of a recipe, in torchvision's usual order. */
function augmentation(recipe: Recipe): data.transforms.Transform[] {
  const t = data.transforms;
  const make = {
    crop: () => t.randomCrop({ size: 32, padding: 4 }),
    flip: () => t.randomHorizontalFlip(0.5),
    jitter: () => t.colorJitter({ brightness: 0.2, contrast: 0.2, saturation: 0.2, hue: 0.05 }),
    affine: () => t.randomAffine({ degrees: 10, translate: [0.1, 0.1], scale: [0.9, 1.1] }),
    perspective: () => t.randomPerspective({ distortionScale: 0.2, p: 0.5 }),
    blur: () => t.gaussianBlur({ kernelSize: 3, sigma: [0.1, 1] }),
  };
  return recipe.augment.map((name) => make[name]());
}

/** One training run of a recipe, checkpointed in `folder`. */
interface RunSetup {
  name: string;
  recipe: Recipe;
  folder: string;
}

/** What a finished run leaves in its folder (result.json) for the report. */
interface RunResult {
  name: string;
  recipe: Recipe;
  history: History;
  /** The first layer's filters after training, [32, 3, 5, 5]. */
  filters: number[];
}

async function trainRun(
  setup: RunSetup,
  sets: { train: data.Dataset; test: data.Dataset },
  options: ExperimentOptions,
): Promise<RunResult> {
  const log = options.log ?? console.log;
  const { recipe } = setup;
  const epochs = options.epochs ?? recipe.epochs;
  manualSeed(1); // every run starts from the same weights, whatever ran before it
  const model = cifarCnn(recipe);
  const optimizer = makeOptimizer(model, recipe);
  const scheduler = recipe.scheduler
    ? new optim.CosineAnnealingLR(optimizer, { tMax: epochs })
    : undefined;
  const { train, test, normalizer, metadata } = prepare(recipe, sets);
  const composed = (list: data.transforms.Transform[]) =>
    list.length ? data.transforms.compose(list) : undefined;
  const trainTransform = composed([...augmentation(recipe), ...normalizer]);
  const testTransform = composed(normalizer);
  log(
    `${setup.name}: ${describeRecipe(recipe)}, ${plural(epochs, 'epoch')}` +
      (options.resume ? ' (resuming from the last checkpoint)' : ''),
  );
  const history = fit(model, {
    train: new data.DataLoader(train, {
      batchSize: recipe.batchSize,
      shuffle: true,
      seed: 1,
      transform: trainTransform,
    }),
    test: new data.DataLoader(test, { batchSize: 500, transform: testTransform }),
    optimizer,
    scheduler,
    epochs,
    progress: options.progress ?? true,
    checkpoint: { path: `${setup.folder}/checkpoint.safetensors` },
    resume: options.resume,
  });
  await model.save(`${setup.folder}/model.safetensors`, { metadata });
  const last = history.epochs.at(-1);
  log(
    `${setup.name}: ` +
      (history.diverged
        ? `diverged at epoch ${history.diverged.epoch}, batch ${history.diverged.batch}`
        : `test accuracy ${pct(last?.testAccuracy)} (best ${pct(bestAccuracy(history))}), ${history.seconds.toFixed(0)} s`),
  );
  const conv1 = model.layers[0] as nn.Conv2d;
  const result = { name: setup.name, recipe, history, filters: Array.from(conv1.weight.toArray()) };
  await writeFileBytes(
    `${setup.folder}/result.json`,
    new TextEncoder().encode(JSON.stringify(result)),
  );
  return result;
}

/**
 * The inputs of a recipe: per-channel normalisation as a transform, or ZCA whitening
 * applied once to both sets (it costs 19 MFLOP an image), with the statistics of the
 * TRAINING set only, and the metadata that saves them with the model.
 */
function prepare(
  recipe: Recipe,
  sets: { train: data.Dataset; test: data.Dataset },
): {
  train: data.Dataset;
  test: data.Dataset;
  normalizer: data.transforms.Transform[];
  metadata: Record<string, string>;
} {
  const { train, test } = sets;
  if (recipe.normalize === 'none') return { train, test, normalizer: [], metadata: {} };
  if (recipe.normalize === 'channels') {
    const { mean, std } = train.channelStats();
    const normalize = data.transforms.normalize(mean, std);
    return { train, test, normalizer: [normalize], metadata: normalize.metadata() };
  }
  const zca = data.transforms.zca.fit(train, { eps: 0.1 });
  const whiten = (set: data.Dataset) =>
    new data.Dataset(zca.applyArray(set.x, set.length), set.y, set.sampleShape);
  return { train: whiten(train), test: whiten(test), normalizer: [], metadata: zca.metadata() };
}

function describeRecipe(r: Recipe): string {
  const parts = [
    `${r.optimizer === 'momentum' ? 'SGD momentum 0.9' : r.optimizer === 'sgd' ? 'SGD' : r.optimizer === 'adam' ? 'Adam' : 'RMSprop'} lr ${r.lr}`,
    `batch ${r.batchSize}`,
    r.normalize === 'none'
      ? 'raw pixels'
      : r.normalize === 'zca'
        ? 'ZCA whitening'
        : 'per-channel normalisation',
  ];
  if (r.augment.length) parts.push(`augmentation ${r.augment.join(' + ')}`);
  if (r.scheduler) parts.push('cosine learning-rate schedule');
  if (r.dropout) parts.push('dropout 0.5');
  if (r.batchNorm) parts.push('batch norm');
  return parts.join(', ');
}

const pct = (a: number | undefined) => (a === undefined ? '–' : `${(100 * a).toFixed(2)} %`);

/** The runs that `--step` / `--case` picks (default: the whole chain). */
function runsOf(variant: string | undefined): { name: string; recipe: Recipe }[] {
  if (variant === undefined) return E5_STEPS.map((s) => ({ name: s, recipe: stepRecipe(s) }));
  if ((E5_STEPS as readonly string[]).includes(variant)) {
    return [{ name: variant, recipe: stepRecipe(variant as Step) }];
  }
  if (variant in E5_VARIANTS) return [{ name: variant, recipe: variantRecipe(variant as Variant) }];
  throw new Error(
    `simdnet: e5: unknown step '${variant}'; steps: ${E5_STEPS.join(', ')}; ` +
      `variants: ${Object.keys(E5_VARIANTS).join(', ')}`,
  );
}

export async function e5(options: ExperimentOptions = {}): Promise<ExperimentResult> {
  const log = options.log ?? console.log;
  const out = options.out ?? 'reports/e5';
  const runs = runsOf(options.variant);
  const parameters = cifarCnn().parameterCount();
  log(`CIFAR-10 CNN: ${parameters.toLocaleString('en-US')} parameters`);
  const sets = await cifarData(options);
  for (const run of runs) {
    await trainRun({ ...run, folder: `${out}/steps/${run.name}` }, sets, options);
  }
  // The report: every run that has finished in this folder, this one's and earlier ones.
  const done = await finishedRuns(out);
  const byName = new Map(done.map((r) => [r.name, r]));
  const figures: Record<string, number> = { parameters };
  for (const r of done) {
    figures[`${r.name} test accuracy`] = r.history.epochs.at(-1)?.testAccuracy ?? NaN;
    figures[`${r.name} best test accuracy`] = bestAccuracy(r.history);
    figures[`${r.name} seconds`] = r.history.seconds;
  }
  const chain = E5_STEPS.filter((s) => byName.has(s)).map((s) => byName.get(s)!);
  const others = done.filter((r) => !(E5_STEPS as readonly string[]).includes(r.name));
  return {
    figures,
    report: {
      title: 'E5 — the CIFAR-10 CNN and its improvements',
      sections: [
        await chainSection(chain, others),
        ...(await Promise.all(done.map(runSection))),
        await samplesSection(sets.train),
      ],
    },
  };
}

async function finishedRuns(out: string): Promise<RunResult[]> {
  const names = [...E5_STEPS, ...Object.keys(E5_VARIANTS)];
  const results = await Promise.all(
    names.map(async (name) => {
      const bytes = await readFileBytes(`${out}/steps/${name}/result.json`).catch(() => undefined);
      return bytes && (JSON.parse(new TextDecoder().decode(bytes)) as RunResult);
    }),
  );
  return results.filter((r): r is RunResult => r !== undefined);
}

async function chainSection(chain: RunResult[], others: RunResult[]): Promise<ReportSection> {
  const runs: Run[] = [...chain, ...others].map((r) => ({ name: r.name, history: r.history }));
  return {
    heading: 'The steps side by side',
    text:
      'Each step adds one change to the one before (reported test accuracy in brackets): base ' +
      '(70 %, overfits after ~10 epochs), norm (75.8 %), augment (80 %), sched (≈ +1), adam ' +
      '(81 %), dropout (82 %), bn (85 %). ' +
      [...chain, ...others].map((r) => `${r.name}: ${describeRecipe(r.recipe)}.`).join(' '),
    table: runTable(runs),
    figures: runs.length ? await curves('CIFAR-10 CNN', runs) : [],
  };
}

async function runSection(r: RunResult): Promise<ReportSection> {
  const filters = Array.from({ length: 32 }, (_, k) => ({
    width: 5,
    height: 5,
    pixels: r.filters.slice(k * 75, (k + 1) * 75),
  }));
  return {
    heading: `Step ${r.name}`,
    text: `${describeRecipe(r.recipe)}; best test accuracy ${pct(bestAccuracy(r.history))}.`,
    figures: [
      ...(await curves(r.name, [{ name: r.name, history: r.history }])),
      {
        caption: `${r.name}: the first layer's 32 filters (5×5, RGB), each scaled to its own range`,
        svg: await imageGrid({ title: `${r.name}: conv1 filters`, images: filters }),
      },
    ],
  };
}

/** A grid of training images with crop + flip + colour jitter, each beside its original. */
async function samplesSection(train: data.Dataset): Promise<ReportSection> {
  const t = data.transforms;
  const augment = t.compose([
    t.randomCrop({ size: 32, padding: 4 }),
    t.randomHorizontalFlip(0.5),
    t.colorJitter({ brightness: 0.2, contrast: 0.2, saturation: 0.2, hue: 0.05 }),
  ]);
  const count = 8;
  const originals = train.x.subarray(0, count * 3072);
  const augmented = augment.applyArray(originals, count, [3, 32, 32], new Random(5)).data;
  const tile = (pixels: Float32Array, label: string) => ({ label, width: 32, height: 32, pixels });
  const images = Array.from({ length: count }, (_, i) => [
    tile(originals.subarray(i * 3072, (i + 1) * 3072), data.CIFAR10_CLASSES[train.y[i]]),
    tile(augmented.subarray(i * 3072, (i + 1) * 3072), 'augmented'),
  ]).flat();
  return {
    heading: 'Augmented samples',
    figures: [
      {
        caption:
          'Training images (left of each pair) and one random crop + flip + colour jitter of each',
        svg: await imageGrid({ title: 'augmentation', images, columns: 8 }),
      },
    ],
  };
}
