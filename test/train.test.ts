import { describe, expect, it, vi } from 'vitest';
import { data, init, manualSeed, nn, optim, Tensor, train } from '../src';
import type { train as T } from '../src';
import { Progress } from '../src/train/progress';

await init();

/** Fixed mini-batches over labelled 2-D points (a stand-in for data.DataLoader). */
function batches(points: { x: Float32Array; y: Int32Array }, size: number): T.Batches {
  const n = points.y.length;
  const count = Math.ceil(n / size);
  return {
    length: count,
    *[Symbol.iterator]() {
      for (let b = 0; b < count; b++) {
        const end = Math.min(n, (b + 1) * size);
        yield {
          x: Tensor.from(points.x.subarray(2 * b * size, 2 * end), [end - b * size, 2]),
          y: points.y.subarray(b * size, end),
        };
      }
    },
  };
}

const net = () => new nn.Sequential(new nn.Linear(2, 16), new nn.Tanh(), new nn.Linear(16, 2));

describe('train.fit and train.evaluate', () => {
  it('learn the circles and report loss and accuracy per epoch', () => {
    manualSeed(1);
    const model = net();
    const history = train.fit(model, {
      train: batches(data.circles({ n: 400, noise: 0.1, factor: 0.5, seed: 1 }), 10),
      test: batches(data.circles({ n: 200, noise: 0.1, factor: 0.5, seed: 2 }), 50),
      optimizer: new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }),
      epochs: 15,
      progress: false,
    });
    expect(history.epochs).toHaveLength(15);
    const [first, last] = [history.epochs[0], history.epochs.at(-1)!];
    expect(last.trainLoss).toBeLessThan(first.trainLoss);
    expect(last.testAccuracy!).toBeGreaterThanOrEqual(0.95);
    expect(last.samplesPerSecond).toBeGreaterThan(0);
    const again = train.evaluate(
      model,
      batches(data.circles({ n: 200, noise: 0.1, factor: 0.5, seed: 2 }), 7),
    );
    expect(again.accuracy).toBeCloseTo(last.testAccuracy!, 10);
    expect(again.samples).toBe(200);
  });

  it('stop and say so when the loss stops being finite', () => {
    const model = net();
    const points = data.circles({ n: 200, seed: 3 });
    points.x[150] = NaN; // in the 4th batch of 20
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const history = train.fit(model, {
      train: batches(points, 20),
      optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }),
      epochs: 5,
      progress: false,
    });
    expect(history.diverged).toMatchObject({ epoch: 1, batch: 4 });
    expect(history.stopped).toBe('diverged');
    expect(Number.isFinite(history.diverged!.loss)).toBe(false);
    expect(history.epochs).toHaveLength(0);
    // Even without progress output the stop is on the console.
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^simdnet: fit: the loss became NaN at epoch 1, batch 4/),
    );
    warn.mockRestore();
  });

  it('step the scheduler once per epoch and stop early when onEpoch returns false', () => {
    const model = net();
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    const history = train.fit(model, {
      train: batches(data.circles({ n: 40, seed: 4 }), 10),
      optimizer,
      scheduler: new optim.StepLR(optimizer, { stepSize: 1, gamma: 0.5 }),
      epochs: 10,
      progress: false,
      onEpoch: (r) => r.epoch < 3,
    });
    expect(history.epochs.map((r) => r.lr)).toEqual([0.1, 0.05, 0.025]);
    expect(history.stopped).toBe('stopped');
  });

  it('take Datasets, batched by batchSize, as well as loaders', () => {
    const trainSet = data.circlesDataset({ n: 400, noise: 0.1, factor: 0.5, seed: 1 });
    const testSet = data.circlesDataset({ n: 200, noise: 0.1, factor: 0.5, seed: 2 });
    const run = (train: T.FitOptions['train'], batchSize?: number) => {
      manualSeed(1);
      const model = net();
      return train_fit(model, train, testSet, batchSize);
    };
    const train_fit = (
      model: nn.Sequential,
      trainData: T.FitOptions['train'],
      test: T.FitOptions['test'],
      batchSize?: number,
    ) =>
      train.fit(model, {
        train: trainData,
        test,
        batchSize,
        optimizer: new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }),
        epochs: 8,
        progress: false,
      });
    const fromDataset = run(trainSet, 10);
    const fromLoader = run(
      new data.DataLoader(trainSet, { batchSize: 10, shuffle: true, seed: 0 }),
    );
    expect(fromDataset.stopped).toBe('completed');
    expect(fromDataset.epochs.at(-1)!.testAccuracy!).toBeGreaterThanOrEqual(0.9);
    // The same batches (shuffle seed 0) give the same run.
    expect(fromDataset.epochs.map((r) => r.trainLoss)).toEqual(
      fromLoader.epochs.map((r) => r.trainLoss),
    );
  });

  it('reject what is not batches at once, and an epoch without batches', () => {
    const model = net();
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    const points = data.circles({ n: 20, seed: 4 });
    const fit = (options: Partial<T.FitOptions>) => () =>
      train.fit(model, {
        train: batches(points, 10),
        optimizer,
        epochs: 1,
        progress: false,
        ...options,
      });
    expect(fit({ train: points as never })).toThrow(
      /^simdnet: fit: 'train' must be a data.DataLoader, a data.Dataset \(batched by the 'batchSize' option\) or an iterable of \{ x, y \} batches with a length, got a plain object$/,
    );
    expect(fit({ test: [1, 2] as never })).toThrow(/'test' must be .*, got an array of 2$/);
    const set = data.circlesDataset({ n: 5, seed: 1 });
    expect(fit({ train: new data.DataLoader(set, { batchSize: 8, dropLast: true }) })).toThrow(
      "simdnet: fit: 'train' yielded no batches in epoch 1 (dropLast with 5 samples, fewer than a batch of 8)",
    );
    expect(fit({ train: new data.DataLoader(set, { batchSize: 2 }), batchSize: 4 })).toThrow(
      /'batchSize' applies to a Dataset/,
    );
  });
});

describe('the progress display', () => {
  const state = (batch: number) => ({
    epoch: 1,
    epochs: 2,
    batch,
    batches: 20,
    loss: 0.5,
    accuracy: 0.9,
    samplesPerSecond: 1234,
    secondsLeft: 75,
  });

  it('writes a plain line per tenth of an epoch when not on a terminal', () => {
    const lines: string[] = [];
    const progress = new Progress(true, { tty: false, write: (s) => lines.push(s) });
    for (let b = 1; b <= 20; b++) progress.update(state(b));
    progress.epochEnd('epoch 1/2 done');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('epoch 1/2 2/20 loss 0.5000 acc 90.00% 1,234 samples/s ETA 1:15\n');
    expect(lines[9]).toBe('epoch 1/2 done\n');
  });

  it('redraws one bar in place on a terminal, and stays silent when disabled', () => {
    const writes: string[] = [];
    const progress = new Progress(true, { tty: true, write: (s) => writes.push(s) });
    progress.update(state(10));
    expect(writes[0].startsWith('\r\x1b[K')).toBe(true); // return, erase the line
    expect(writes[0]).toMatch(/epoch 1\/2 \[=+> +\] 10\/20 loss 0\.5000/);
    const silent: string[] = [];
    new Progress(false, { tty: true, write: (s) => silent.push(s) }).update(state(20));
    expect(silent).toHaveLength(0);
  });
});
