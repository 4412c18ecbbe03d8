import { crossEntropy } from '../autograd/functions';
import type { Module } from '../nn';
import type { LRScheduler, Optimizer } from '../optim';
import { Dataset } from '../data/dataset';
import { DataLoader } from '../data/loader';
import { checkPositiveInt, invalid } from '../errors';
import { Tensor } from '../tensor';
import { batchSize, countCorrect, type Batch, type Batches, type LossFn } from './batches';
import {
  checkpointExists,
  loadCheckpoint,
  saveCheckpoint,
  type CheckpointParts,
} from './checkpoint';
import { evaluate } from './evaluate';
import { clock, Progress } from './progress';

/** What fit() needs besides the model. */
export interface FitOptions {
  /**
   * Training batches: a data.DataLoader (reshuffled per epoch when it shuffles), or a
   * data.Dataset, which fit batches itself (`batchSize`, shuffled every epoch with `seed`).
   */
  train: Batches | Dataset;
  /** Batches to evaluate on after each epoch (a DataLoader, or a Dataset batched by `batchSize`). */
  test?: Batches | Dataset;
  /** Samples per batch when `train` or `test` is a Dataset (default 32). */
  batchSize?: number;
  /** Seed of the shuffling when `train` is a Dataset (default 0). */
  seed?: number;
  /** The loss (default: nn.functional.crossEntropy). */
  loss?: LossFn;
  optimizer: Optimizer;
  /** Stepped once after each epoch. */
  scheduler?: LRScheduler;
  epochs: number;
  /** Progress bar on a terminal, one line per epoch otherwise (default true). */
  progress?: boolean;
  /** Called after each epoch (after its checkpoint is saved); return false to stop early. */
  onEpoch?: (record: EpochRecord) => void | boolean;
  /**
   * Save a checkpoint to `path` after every `every` epochs (default 1) and after the last
   * one (Node; see train.saveCheckpoint): the model's parameters and buffers, the
   * optimizer, the scheduler, the train DataLoader's epoch count and shuffling, the shared
   * generator (dropout) and the history so far.
   */
  checkpoint?: { path: string; every?: number };
  /**
   * With `checkpoint`: when its file exists, restore it into the model, optimizer, scheduler
   * and train loader (made as for the first run) and continue at the epoch after it; the
   * history returned then covers the whole run, and the result is bit-identical to a run
   * never stopped. Without the file, start from epoch 1 (default false).
   */
  resume?: boolean;
}

/** The figures of one epoch. */
export interface EpochRecord {
  epoch: number;
  /** Mean loss per training sample over the epoch (measured during training). */
  trainLoss: number;
  trainAccuracy?: number;
  testLoss?: number;
  testAccuracy?: number;
  /** The learning rate used during the epoch. */
  lr: number;
  /** Wall time of the epoch's training (evaluation excluded). */
  seconds: number;
  samplesPerSecond: number;
}

/** What fit() returns. */
export interface History {
  epochs: EpochRecord[];
  /** Set when the loss became NaN or infinite: training stopped there. */
  diverged?: { epoch: number; batch: number; loss: number };
  /**
   * Why training ended: every epoch ran ('completed'), the loss stopped being finite
   * ('diverged', also warned about on the console), or onEpoch returned false ('stopped').
   */
  stopped: 'completed' | 'diverged' | 'stopped';
  /** Total wall time, evaluation included. */
  seconds: number;
}

const now = () => performance.now() / 1000;

/**
 * Trains the model: per batch forward, loss, zeroGrad, backward, step; after each epoch the
 * scheduler steps, the test set is evaluated and (with `checkpoint`) the state is saved.
 * Stops (and says so in the history) if the loss stops being finite.
 */
export function fit(model: Module, options: FitOptions): History {
  const { optimizer, scheduler, epochs, onEpoch, checkpoint } = options;
  const train = batchesOf('train', options.train, options, true);
  const test = options.test === undefined ? undefined : batchesOf('test', options.test, options);
  const loss = options.loss ?? (crossEntropy as LossFn);
  checkPositiveInt('fit', 'epochs', epochs);
  const every = checkpoint?.every ?? 1;
  if (checkpoint && (typeof checkpoint.path !== 'string' || checkpoint.path === '')) {
    invalid('fit', `'checkpoint.path' must be a file path, got ${String(checkpoint.path)}`);
  }
  checkPositiveInt('fit', 'checkpoint.every', every);
  if (options.resume && !checkpoint) invalid('fit', `'resume' needs 'checkpoint' (its path)`);
  const parts: CheckpointParts = {
    model,
    optimizer,
    scheduler,
    loader: train instanceof DataLoader ? train : undefined,
  };
  const progress = new Progress(options.progress ?? true);
  let history: History = { epochs: [], seconds: 0, stopped: 'completed' };
  let done = 0;
  if (checkpoint && options.resume && checkpointExists(checkpoint.path)) {
    ({ epoch: done, history } = loadCheckpoint(checkpoint.path, parts));
    history.stopped = 'completed'; // so far: the run goes on
  }
  const start = now() - history.seconds;
  for (let epoch = done + 1; epoch <= epochs && !history.diverged; epoch++) {
    model.train();
    const lr = optimizer.lr;
    const t0 = now();
    let samples = 0;
    let lossSum = 0;
    let correct = 0;
    let labelled = 0;
    let b = 0;
    for (const batch of train) {
      b++;
      if (!isBatch(batch))
        invalid('fit', `'train' yielded ${describeValue(batch)}, not a { x, y } batch`);
      const output = model.forward(batch.x);
      const l = loss(output, batch.y);
      optimizer.zeroGrad();
      l.backward();
      const value = l.item();
      const n = batchSize(batch);
      if (!Number.isFinite(value)) {
        history.diverged = { epoch, batch: b, loss: value };
        history.stopped = 'diverged';
        // A warning even without progress output: a silent early stop reads as a result.
        console.warn(
          `simdnet: fit: the loss became ${value} at epoch ${epoch}, batch ${b} (lr ${lr}); ` +
            'training stopped (see history.diverged). Try a smaller learning rate.',
        );
        break;
      }
      if (batch.y instanceof Int32Array) {
        correct += countCorrect(output, batch.y);
        labelled += n;
      }
      optimizer.step();
      samples += n;
      lossSum += value * n;
      const elapsed = now() - t0;
      progress.update({
        epoch,
        epochs,
        batch: b,
        batches: train.length,
        loss: lossSum / samples,
        accuracy: labelled ? correct / labelled : undefined,
        samplesPerSecond: samples / elapsed,
        secondsLeft: (elapsed / b) * (train.length - b),
      });
    }
    if (history.diverged) break;
    if (samples === 0) {
      throw new Error(
        `simdnet: fit: 'train' yielded no batches in epoch ${epoch}` +
          (train instanceof DataLoader && train.dropLast
            ? ` (dropLast with ${train.dataset.length} samples, fewer than a batch of ${train.batchSize})`
            : ''),
      );
    }
    const seconds = now() - t0;
    scheduler?.step();
    const record: EpochRecord = {
      epoch,
      trainLoss: lossSum / samples,
      trainAccuracy: labelled ? correct / labelled : undefined,
      lr,
      seconds,
      samplesPerSecond: samples / seconds,
    };
    if (test) {
      const e = evaluate(model, test, { loss });
      record.testLoss = e.loss;
      record.testAccuracy = e.accuracy;
    }
    history.epochs.push(record);
    if (checkpoint && (epoch % every === 0 || epoch === epochs)) {
      history.seconds = now() - start;
      saveCheckpoint(checkpoint.path, { ...parts, epoch, history });
    }
    progress.epochEnd(describe(record, epochs));
    if (onEpoch?.(record) === false) {
      history.stopped = 'stopped';
      break;
    }
  }
  history.seconds = now() - start;
  return history;
}

function describe(r: EpochRecord, epochs: number): string {
  const pct = (a?: number) => (a === undefined ? '' : ` acc ${(100 * a).toFixed(2)}%`);
  const test =
    r.testLoss === undefined ? '' : ` | test loss ${r.testLoss.toFixed(4)}${pct(r.testAccuracy)}`;
  return (
    `epoch ${r.epoch}/${epochs} train loss ${r.trainLoss.toFixed(4)}${pct(r.trainAccuracy)}${test}` +
    ` | ${Math.round(r.samplesPerSecond).toLocaleString('en-US')} samples/s, ${clock(r.seconds)}`
  );
}

/**
 * `data` as batches: a Dataset is batched here (shuffled when it is the training set); a
 * DataLoader or another iterable of batches with a length is used as it is.
 */
function batchesOf(
  name: 'train' | 'test',
  data: Batches | Dataset,
  options: FitOptions,
  shuffle = false,
): Batches {
  if (data instanceof Dataset) {
    const { batchSize = 32, seed = 0 } = options;
    return new DataLoader(data, { batchSize, shuffle, seed });
  }
  const iterable = typeof (data as Partial<Batches>)?.[Symbol.iterator] === 'function';
  const badArray = Array.isArray(data) && data.some((b) => !isBatch(b));
  if (!iterable || typeof (data as Partial<Batches>).length !== 'number' || badArray) {
    invalid(
      'fit',
      `'${name}' must be a data.DataLoader, a data.Dataset (batched by the 'batchSize' ` +
        `option) or an iterable of { x, y } batches with a length, got ${describeValue(data)}`,
    );
  }
  if (options.batchSize !== undefined && data instanceof DataLoader) {
    invalid(
      'fit',
      `'batchSize' applies to a Dataset; '${name}' is a DataLoader of its own batch size`,
    );
  }
  return data;
}

/** A { x: Tensor, y } batch. */
function isBatch(b: unknown): boolean {
  return (b as Partial<Batch> | undefined)?.x instanceof Tensor;
}

function describeValue(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  const name = (v as object).constructor?.name;
  return !name || name === 'Object' ? 'a plain object' : `a ${name}`;
}
