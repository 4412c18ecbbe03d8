import { describe, expect, it } from 'vitest';
import { init, manualSeed, nn, noGrad, optim, Tensor } from '../src';
import { mlp } from '../src/experiments/e1';
import { mnistCnn } from '../src/experiments/models';
import { expectClose } from './helpers';

await init();

const count = (m: nn.Module) => m.parameters().reduce((n, p) => n + p.size, 0);
describe('nn layers', () => {
  it('count parameters exactly as the experiments state', () => {
    expect(count(mlp([784, 300, 10]))).toBe(238510);
    expect(count(mlp([784, 10, 10, 10]))).toBe(8070);
    expect(count(mlp([784, 20, 20, 10]))).toBe(16330);
    const cifar = new nn.Sequential(
      new nn.Conv2d(3, 32, 5, { padding: 2 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(32, 64, 5, { padding: 2 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(64, 64, 5, { padding: 2 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(64 * 4 * 4, 1000),
      new nn.ReLU(),
      new nn.Linear(1000, 10),
    );
    // E5's fc 1024 → 1000 needs 64·4·4 inputs after three pools of 32×32: every conv pads 2.
    expect(count(cifar)).toBe(1191170);
    expect(count(mnistCnn())).toBe(1199882);
  });

  it('initialise like PyTorch: U(−1/√fanIn, 1/√fanIn), reproducible from the seed', () => {
    manualSeed(7);
    const a = new nn.Linear(400, 50);
    manualSeed(7);
    const b = new nn.Linear(400, 50);
    expect(a.weight.toArray()).toEqual(b.weight.toArray());
    const w = a.weight.toArray();
    const bound = 1 / 20;
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    // U(−b, b) has variance b²/3; 20 000 draws estimate it within about ±2 %.
    expect(variance / (bound ** 2 / 3)).toBeGreaterThan(0.97);
    expect(variance / (bound ** 2 / 3)).toBeLessThan(1.03);
    const conv = new nn.Conv2d(3, 8, 5);
    expect(Math.max(...conv.weight.toArray().map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(75));
  });

  it('name state-dict entries as PyTorch does', () => {
    const model = new nn.Sequential(
      new nn.Conv2d(1, 2, 3),
      new nn.BatchNorm2d(2),
      new nn.Flatten(),
      new nn.Linear(8, 3),
    );
    expect(Object.keys(model.stateDict())).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
      '3.weight',
      '3.bias',
    ]);
    expect(model.parameters()).toHaveLength(6);
  });

  it('summary() lists output shapes and parameter counts', () => {
    const text = mnistCnn().summary([1, 28, 28]);
    expect(text).toMatch(/Conv2d\(1 → 32, 3×3\)\s+\[1,32,26,26\]\s+320/);
    expect(text).toMatch(/MaxPool2d\(2\)\s+\[1,64,12,12\]/);
    expect(text).toMatch(/Flatten\s+\[1,9216\]/);
    expect(text).toMatch(/Total parameters: 1,199,882/);
  });

  it('a shape mismatch names the layer and both shapes', () => {
    const model = mnistCnn();
    expect(() => noGrad(() => model.forward(Tensor.zeros([2, 1, 30, 30])))).toThrow(
      /layer 7 of Sequential: Linear\(9216 → 128\): expected input \[N, 9216\], got \[2,10816\]/,
    );
    expect(() => model.forward(Tensor.zeros([2, 3, 28, 28]))).toThrow(
      /layer 0 of Sequential: Conv2d\(1 → 32, 3×3\): expected input \[N, 1, H, W\].*got \[2,3,28,28\]/,
    );
  });

  it('train() and eval() switch dropout and batch norm', () => {
    const model = new nn.Sequential(new nn.BatchNorm1d(3), new nn.Dropout(0.5));
    const x = Tensor.from([1, 2, 3, 3, 2, 1, 2, 2, 2, 0, 0, 0], [4, 3]);
    noGrad(() => model.forward(x));
    const bn = model.layers[0] as nn.BatchNorm1d;
    // Running mean moved 10 % of the way to the batch mean (1.5, 1.5, 1.5).
    expectClose(bn.runningMean.toArray(), [0.15, 0.15, 0.15]);
    expect(bn.numBatchesTracked.item()).toBe(1);
    model.eval();
    const y = noGrad(() => model.forward(x)).toArray();
    // Evaluation: (x − running mean)/√(running var + eps), no dropout.
    const rv = bn.runningVar.toArray();
    expectClose(
      y.slice(0, 3),
      [0, 1, 2].map((i) => (x.toArray()[i] - 0.15) / Math.sqrt(rv[i] + 1e-5)),
      { rtol: 1e-5 },
    );
    expect(bn.numBatchesTracked.item()).toBe(1);
  });
});

describe('saving and loading', () => {
  it('round-trips a model through safetensors bytes, architecture included', async () => {
    const model = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }),
      new nn.BatchNorm2d(4),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(16, 3),
    );
    noGrad(() =>
      model.forward(
        Tensor.from(
          Float32Array.from({ length: 32 }, (_, i) => Math.sin(i)),
          [2, 1, 4, 4],
        ),
      ),
    );
    model.eval();
    const x = Tensor.from(
      Float32Array.from({ length: 16 }, (_, i) => i / 16),
      [1, 1, 4, 4],
    );
    const expected = noGrad(() => model.forward(x)).toArray();
    const loaded = (await nn.load(model.toBytes())).eval();
    expect(String(loaded)).toBe(String(model));
    expect(noGrad(() => loaded.forward(x)).toArray()).toEqual(expected);
    expect((loaded as nn.Sequential).layers.map(String)).toEqual(model.layers.map(String));
  });

  it('loadStateDict checks keys and shapes', async () => {
    const a = new nn.Linear(3, 2);
    const state = await nn.loadStateDict(a.toBytes());
    const b = new nn.Linear(3, 2);
    b.loadStateDict(state);
    expect(b.weight.toArray()).toEqual(a.weight.toArray());
    expect(() => new nn.Linear(2, 3).loadStateDict(state)).toThrow(
      /'weight' has shape \[2,3\], the module needs \[3,2\]/,
    );
    expect(() => new nn.Linear(3, 2, { bias: false }).loadStateDict(state)).toThrow(
      /unexpected: bias/,
    );
  });

  it('saves layers and optimizers under their own names when a minifier renames classes', () => {
    const classes = [nn.ReLU, nn.Flatten, nn.MaxPool2d, nn.BatchNorm2d, optim.SGD, optim.StepLR];
    const names = classes.map((c) => c.name);
    classes.forEach((c) => Object.defineProperty(c, 'name', { value: 'Pe' }));
    try {
      const model = new nn.Sequential(
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.BatchNorm2d(1),
        new nn.Flatten(),
      );
      const types = (model.toConfig().args as nn.ModuleConfig[]).map((l) => l.type);
      expect(types).toEqual(['ReLU', 'MaxPool2d', 'BatchNorm2d', 'Flatten']);
      const sgd = new optim.SGD([Tensor.zeros([1], { requiresGrad: true })], { lr: 0.1 });
      expect(sgd.stateDict().type).toBe('SGD');
      expect(new optim.StepLR(sgd, { stepSize: 1, gamma: 0.5 }).stateDict().type).toBe('StepLR');
    } finally {
      classes.forEach((c, i) => Object.defineProperty(c, 'name', { value: names[i] }));
    }
  });

  it('count their trainable values as PyTorch does', () => {
    // conv 1→32 (288 + 32), conv 32→64 (18 432 + 64), fc 9216→128, fc 128→10
    expect(mnistCnn().parameterCount()).toBe(320 + 18_496 + 1_179_776 + 1_290);
    expect(new nn.Sequential(new nn.ReLU()).parameterCount()).toBe(0);
  });
});
