import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { data, init, manualSeed, nn, optim, Random, train } from '../../src';
import type { train as T } from '../../src';

await init();

// fit's checkpoint and resume options, with files (Node); the in-memory form and the
// errors are in test/checkpoint.test.ts.

const folder = mkdtempSync(join(tmpdir(), 'simdnet-checkpoint-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const rng = new Random(1);
const trainSet = new data.Dataset(
  Float32Array.from({ length: 48 * 10 }, () => rng.normal()),
  Int32Array.from({ length: 48 }, () => rng.int(4)),
  [10],
);

/** An MLP with batch norm and dropout, its optimizer, scheduler and loader, made the same way. */
function setup() {
  manualSeed(3);
  const model = new nn.Sequential(
    new nn.Linear(10, 16),
    new nn.BatchNorm1d(16),
    new nn.ReLU(),
    new nn.Dropout(0.3),
    new nn.Linear(16, 4),
  );
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const scheduler = new optim.StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
  const loader = new data.DataLoader(trainSet, { batchSize: 10, shuffle: true, seed: 5 });
  return { model, optimizer, scheduler, loader };
}

function fit(
  { model, optimizer, scheduler, loader }: ReturnType<typeof setup>,
  options: Partial<T.FitOptions>,
): T.History {
  return train.fit(model, {
    train: loader,
    optimizer,
    scheduler,
    epochs: 4,
    progress: false,
    ...options,
  });
}

const weights = (m: nn.Module) =>
  Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, t.toArray()]));

describe('fit with checkpoint and resume', () => {
  it('continues an interrupted run bit-identically, with the whole history', () => {
    const whole = setup();
    const history = fit(whole, {});

    const path = join(folder, 'run', 'last.safetensors');
    const first = setup();
    const interrupt = (r: T.EpochRecord) => {
      if (r.epoch === 2) throw new Error('killed');
    };
    expect(() => fit(first, { checkpoint: { path }, onEpoch: interrupt })).toThrow('killed');
    expect(existsSync(path)).toBe(true);
    expect(existsSync(`${path}.tmp`)).toBe(false);

    manualSeed(99);
    const resumed = setup();
    const epochs: number[] = [];
    const rest = fit(resumed, {
      checkpoint: { path },
      resume: true,
      onEpoch: (r) => void epochs.push(r.epoch),
    });
    expect(epochs).toEqual([3, 4]);
    expect(rest.epochs.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(rest.epochs.map((r) => [r.trainLoss, r.trainAccuracy, r.lr])).toEqual(
      history.epochs.map((r) => [r.trainLoss, r.trainAccuracy, r.lr]),
    );
    expect(weights(resumed.model)).toEqual(weights(whole.model));
    expect(resumed.optimizer.stateDict()).toEqual(whole.optimizer.stateDict());
    expect(resumed.loader.stateDict()).toEqual(whole.loader.stateDict());

    // The run is complete: resuming again trains nothing and returns the same history.
    const again = setup();
    const done = fit(again, { checkpoint: { path }, resume: true });
    expect(done.epochs).toEqual(rest.epochs);
    expect(weights(again.model)).toEqual(weights(whole.model));
  });

  it('saves every `every` epochs and the last; resume without a file starts over', () => {
    const path = join(folder, 'every.safetensors');
    const saved: (number | undefined)[] = [];
    const savedEpoch = () => {
      if (!existsSync(path)) return undefined;
      const { metadata } = nn.decodeSafetensors(readFileSync(path));
      return (JSON.parse(metadata['simdnet.checkpoint']) as { epoch: number }).epoch;
    };
    const history = fit(setup(), {
      epochs: 3,
      checkpoint: { path, every: 2 },
      resume: true,
      onEpoch: () => void saved.push(savedEpoch()),
    });
    expect(saved).toEqual([undefined, 2, 3]);
    expect(history.epochs).toHaveLength(3);
  });

  it('says what is wrong with the options', () => {
    expect(() => fit(setup(), { resume: true })).toThrow(
      "simdnet: fit: 'resume' needs 'checkpoint' (its path)",
    );
    expect(() => fit(setup(), { checkpoint: { path: join(folder, 'x'), every: 0 } })).toThrow(
      "simdnet: fit: 'checkpoint.every' must be a positive integer, got 0",
    );
  });
});
