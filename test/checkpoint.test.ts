import { describe, expect, it } from 'vitest';
import { data, init, manualSeed, nn, optim, Random, Tensor, train } from '../src';
import type { train as T } from '../src';

await init();

// Checkpoints in memory (checkpointToBytes / checkpointFromBytes), in Node and in Chromium;
// the file form and fit's resume are in test/node/checkpoint.test.ts.

type Kind = 'sgd' | 'adam';

/** Random 2×6×6 images with 3 classes, the same for every run. */
function images(n: number, seed: number): data.Dataset<Int32Array> {
  const rng = new Random(seed);
  const x = Float32Array.from({ length: n * 72 }, () => rng.normal());
  const y = Int32Array.from({ length: n }, () => rng.int(3));
  return new data.Dataset(x, y, [2, 6, 6]);
}
const trainSet = images(40, 1);
const testSet = images(16, 2);

/** The objects of one run, made the same way each time: conv, batch norm, dropout, linear. */
function setup(kind: Kind, { classes = 3, momentum = 0.9 } = {}) {
  manualSeed(7);
  const model = new nn.Sequential(
    new nn.Conv2d(2, 4, 3, { padding: 1 }),
    new nn.BatchNorm2d(4),
    new nn.ReLU(),
    new nn.Dropout(0.25),
    new nn.Flatten(),
    new nn.Linear(4 * 6 * 6, classes),
  );
  const optimizer =
    kind === 'sgd'
      ? new optim.SGD(model.parameters(), { lr: 0.05, momentum, weightDecay: 1e-4 })
      : new optim.Adam(model.parameters(), { lr: 1e-2 });
  const scheduler =
    kind === 'sgd' ? new optim.StepLR(optimizer, { stepSize: 1, gamma: 0.5 }) : undefined;
  const loader = new data.DataLoader(trainSet, { batchSize: 8, shuffle: true, seed: 3 });
  return { model, optimizer, scheduler, loader };
}
type Parts = ReturnType<typeof setup>;

function fit(parts: Parts, epochs: number): T.History {
  const { model, optimizer, scheduler, loader } = parts;
  const test = new data.DataLoader(testSet, { batchSize: 16 });
  return train.fit(model, { train: loader, test, optimizer, scheduler, epochs, progress: false });
}

/** Bits of every float (and int) the run's next epoch reads, for exact comparison. */
function stateOf({ model, optimizer, scheduler, loader }: Parts) {
  const bits = (a: Float32Array | Int32Array) => new Uint32Array(a.buffer.slice(0));
  const { state, ...scalars } = optimizer.stateDict();
  return {
    model: Object.fromEntries(
      Object.entries(model.stateDict()).map(([k, t]) => [k, bits(t.toArray())]),
    ),
    optimizer: { ...scalars, state: Object.values(state).map((l) => l.map((t) => bits(t.data))) },
    scheduler: scheduler?.stateDict(),
    loader: loader.stateDict(),
  };
}

/** The figures of the epochs that do not depend on the clock. */
const figures = (h: T.History) =>
  h.epochs.map(({ trainLoss, trainAccuracy, testLoss, testAccuracy, lr }) => ({
    trainLoss,
    trainAccuracy,
    testLoss,
    testAccuracy,
    lr,
  }));

describe('checkpoints', () => {
  for (const kind of ['sgd', 'adam'] as const) {
    it(`resume training bit-identically (${kind === 'sgd' ? 'SGD + momentum, StepLR' : 'Adam'})`, () => {
      const whole = setup(kind);
      const history = fit(whole, 4);

      const first = setup(kind);
      const firstHistory = fit(first, 2);
      const bytes = train.checkpointToBytes({ ...first, epoch: 2, history: firstHistory });

      manualSeed(123); // another process: the shared generator elsewhere
      const resumed = setup(kind);
      const restored = train.checkpointFromBytes(bytes, resumed);
      expect(restored.epoch).toBe(2);
      expect(stateOf(resumed)).toEqual(stateOf(first));
      const rest = fit(resumed, 2);

      expect(stateOf(resumed)).toEqual(stateOf(whole));
      expect(figures({ ...rest, epochs: [...restored.history.epochs, ...rest.epochs] })).toEqual(
        figures(history),
      );
      expect(restored.history.epochs.map((r) => r.epoch)).toEqual([1, 2]);
      expect(resumed.optimizer.stepCount).toBe(4 * 5);
    });
  }

  it('need the shared generator: restored without it, the dropout masks differ', () => {
    const whole = setup('sgd');
    fit(whole, 4);
    const first = setup('sgd');
    const bytes = train.checkpointToBytes({ ...first, epoch: 2, history: fit(first, 2) });
    const resumed = setup('sgd');
    train.checkpointFromBytes(bytes, resumed);
    manualSeed(7);
    fit(resumed, 2);
    expect(stateOf(resumed).model).not.toEqual(stateOf(whole).model);
  });

  it("carry every optimizer's state: a copy continues exactly as the original", () => {
    const makers: Record<string, (p: Tensor[]) => optim.Optimizer> = {
      'SGD nesterov': (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true }),
      'RMSprop momentum': (p) => new optim.RMSprop(p, { momentum: 0.5 }),
      Adadelta: (p) => new optim.Adadelta(p),
      AdamW: (p) => new optim.AdamW(p, { lr: 0.01 }),
    };
    for (const [name, make] of Object.entries(makers)) {
      const rng = new Random(9);
      const values = Float32Array.from({ length: 12 }, () => rng.normal());
      const params = () => [Tensor.from(values, [3, 4], { requiresGrad: true })];
      const [a, b] = [make(params()), make(params())];
      const grads = Array.from({ length: 6 }, () => Float32Array.from(values, () => rng.normal()));
      const step = (o: optim.Optimizer, g: Float32Array) => {
        o.params[0].grad = Tensor.from(g, [3, 4]);
        o.step();
      };
      grads.slice(0, 3).forEach((g) => step(a, g));
      const state = a.stateDict();
      expect(Object.values(state.state)[0].length, name).toBe(name === 'SGD nesterov' ? 1 : 2);
      b.loadStateDict(state);
      b.params[0].floats().set(a.params[0].floats());
      for (const g of grads.slice(3)) [a, b].forEach((o) => step(o, g));
      expect(b.params[0].toArray(), name).toEqual(a.params[0].toArray());
      expect(b.stateDict(), name).toEqual(a.stateDict());
    }
  });

  it('keep the shared generator, normal deviate held back included', () => {
    const rng = new Random(5);
    rng.normal();
    const copy = new Random(0);
    copy.restore(JSON.parse(JSON.stringify(rng.snapshot())));
    expect([copy.normal(), copy.normal(), copy.uniform()]).toEqual([
      rng.normal(),
      rng.normal(),
      rng.uniform(),
    ]);
  });

  it('refuse a model or optimizer that differs, naming what', () => {
    const parts = setup('sgd');
    const bytes = train.checkpointToBytes({ ...parts, epoch: 1, history: fit(parts, 1) });
    expect(() => train.checkpointFromBytes(bytes, setup('sgd', { classes: 4 }))).toThrow(
      "simdnet: loadStateDict: '5.weight' has shape [3,144], the module needs [4,144]",
    );
    expect(() => train.checkpointFromBytes(bytes, setup('sgd', { momentum: 0.5 }))).toThrow(
      "simdnet: SGD.loadStateDict: 'momentum' is 0.9 in the state, 0.5 in this optimizer",
    );
    const adam = setup('adam');
    expect(() => train.checkpointFromBytes(bytes, adam)).toThrow(
      'simdnet: Adam.loadStateDict: the state is of SGD, this optimizer is Adam',
    );
    const noScheduler = train.checkpointToBytes({
      ...adam,
      epoch: 0,
      history: { epochs: [], seconds: 0, stopped: 'completed' as const },
    });
    expect(() => train.checkpointFromBytes(noScheduler, setup('sgd'))).toThrow(
      /simdnet: loadCheckpoint: the checkpoint has no scheduler state/,
    );
  });

  it('refuse state of the wrong shape or count', () => {
    const { optimizer, scheduler, loader } = setup('sgd');
    const state = optimizer.stateDict();
    expect(() => optimizer.loadStateDict({ ...state, params: 3 })).toThrow(
      'simdnet: SGD.loadStateDict: the state has 3 parameters, this optimizer has 6',
    );
    const wrong = { 0: [{ shape: [2], data: new Float32Array(2) }] };
    expect(() => optimizer.loadStateDict({ ...state, state: wrong })).toThrow(
      /state tensor 0 of parameter 0 must be a Float32Array of shape \[4,2,3,3\], got \[2\]/,
    );
    expect(() => optimizer.loadStateDict({ ...state, state: { 9: [] } })).toThrow(
      "simdnet: SGD.loadStateDict: state for parameter '9', but there are 6",
    );
    expect(() =>
      scheduler!.loadStateDict({ ...scheduler!.stateDict(), type: 'ExponentialLR' }),
    ).toThrow(
      'simdnet: StepLR.loadStateDict: the state is of ExponentialLR, this scheduler is StepLR',
    );
    expect(() => loader.loadStateDict({ ...loader.stateDict(), epochs: -1 })).toThrow(
      "simdnet: DataLoader.loadStateDict: 'epochs' must be an integer ≥ 0, got -1",
    );
    expect(() => new Random(0).restore({ words: [1, 2, 3] as never })).toThrow(
      "simdnet: Random.restore: 'words' must be 4 unsigned 32-bit integers, got [1,2,3]",
    );
  });
});
