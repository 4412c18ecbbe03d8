// Times (and, under `node --cpu-prof`, profiles) training steps of one model (batch 64 by default),
// then reports its peak memory against the bytes the step cannot do without (the budget):
//   node --import tsx [--cpu-prof] bench/profile-step.ts [mlp|mnist-cnn|cifar-cnn] [steps] [batch] [threads]
// Compare two builds by running this alternately in both checkouts.
import { init, manualSeed, nn, noGrad, optim, Random, scope, Tensor } from '../src';
import { mlp } from '../src/experiments/e1';
import { mnistCnn } from '../src/experiments/e8';
import { CIFAR_CNN } from './peers/models';
import { simdnetModel } from './peers/simdnet';

// The MLP trains with plain SGD (the peers benchmark's setting), the MNIST CNN with E8's
// Adadelta, the CIFAR CNN with SGD and momentum. `stateCopies`: optimizer buffers per parameter.
const MODELS = {
  mlp: {
    make: () => mlp([784, 300, 10]),
    sample: [784],
    optimizer: (ps: Tensor[]) => new optim.SGD(ps, { lr: 0.01 }),
    stateCopies: 0,
  },
  'mnist-cnn': {
    make: mnistCnn,
    sample: [1, 28, 28],
    optimizer: (ps: Tensor[]) => new optim.Adadelta(ps, { lr: 1 }),
    stateCopies: 2,
  },
  'cifar-cnn': {
    make: () => simdnetModel({ model: CIFAR_CNN, batch: 0, mode: 'train' }),
    sample: CIFAR_CNN.input,
    optimizer: (ps: Tensor[]) => new optim.SGD(ps, { lr: 0.01, momentum: 0.9 }),
    stateCopies: 1,
  },
};

const name = (process.argv[2] ?? 'mnist-cnn') as keyof typeof MODELS;
const steps = Number(process.argv[3] ?? 30);
const batch = Number(process.argv[4] ?? 64);
if (!(name in MODELS)) throw new Error(`model must be one of ${Object.keys(MODELS).join(', ')}`);

const threads = process.argv[5] ? Number(process.argv[5]) : 'auto';
const backend = await init({ threads });
manualSeed(0);
const { make, sample, optimizer, stateCopies } = MODELS[name];
const input = [batch, ...sample];
const model = make();
const opt = optimizer(model.parameters());
const rng = new Random(1);
const xs = Float32Array.from({ length: input.reduce((a, b) => a * b, 1) }, () => rng.normal());
const ys = Int32Array.from({ length: batch }, (_, i) => i % 10);

function step(): number {
  const loss = nn.functional.crossEntropy(model.forward(Tensor.from(xs, input)), ys);
  opt.zeroGrad();
  loss.backward();
  opt.step();
  return loss.item();
}

for (let i = 0; i < 3; i++) step();
const start = performance.now();
for (let i = 0; i < steps; i++) step();
const ms = (performance.now() - start) / steps;
console.log(
  `${name} batch ${batch}: ${ms.toFixed(2)} ms/step, ${Math.round((1000 * batch) / ms)} images/s`,
);

// Read the peaks before the budget's own forward pass adds to them.
const { allocator } = backend.heap;
const peaks = {
  wasm: backend.heap.byteLength,
  footprint: allocator.peakEnd,
  live: allocator.peakLiveBytes,
};

/**
 * Bytes a training step needs at least: parameters, their gradients and optimizer state;
 * the activations kept for backward at this batch (the input, every layer's output, the
 * max pools' argmax); and the largest im2col column buffer (src/ops/conv.ts unfolds one
 * image at a time).
 */
function budgetOf(sequential: nn.Sequential): { total: number; parts: Record<string, number> } {
  const fb = backend.heap.floatBytes;
  const numel = model.parameters().reduce((sum, p) => sum + p.size, 0);
  const parts = { params: numel * fb, grads: numel * fb, state: stateCopies * numel * fb };
  const { activations, im2col } = scope(() =>
    noGrad(() => {
      let x = Tensor.from(xs, input);
      let [activations, im2col] = [x.size * fb, 0]; // the input batch is kept for backward too
      for (const layer of sequential.layers) {
        const y = layer.forward(x);
        // A max pool also keeps the argmax of every output (int32) for its backward.
        activations += y.size * (layer instanceof nn.MaxPool2d ? fb + 4 : fb);
        if (layer instanceof nn.Conv2d) {
          const [kh, kw] = layer.kernel;
          im2col = Math.max(im2col, layer.inChannels * kh * kw * y.shape[2] * y.shape[3] * fb);
        }
        x = y;
      }
      return { activations, im2col };
    }),
  );
  const all = { ...parts, activations, im2col };
  return { total: Object.values(all).reduce((a, b) => a + b, 0), parts: all };
}

if (!(model instanceof nn.Sequential)) throw new Error('the budget walks a Sequential');
const budget = budgetOf(model);
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const parts = Object.entries(budget.parts).map(([part, bytes]) => `${part} ${mb(bytes)}`);
console.log(
  `memory (MB): wasm ${mb(peaks.wasm)}, allocator peak ${mb(peaks.footprint)}, ` +
    `peak live ${mb(peaks.live)}; budget ${mb(budget.total)} (${parts.join(', ')}); ` +
    `wasm / budget ${(peaks.wasm / budget.total).toFixed(2)}, ` +
    `allocator peak / budget ${(peaks.footprint / budget.total).toFixed(2)}`,
);
