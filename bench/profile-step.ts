// Times (and, under `node --cpu-prof`, profiles) training steps of one model at batch 64:
//   node --import tsx [--cpu-prof] bench/profile-step.ts [mlp|mnist-cnn] [steps]
// Compare two builds by running this alternately in both checkouts.
import { init, manualSeed, nn, optim, Random, Tensor } from '../src';
import { mlp } from '../src/experiments/e1';
import { mnistCnn } from '../src/experiments/e8';

const MODELS = {
  mlp: { make: () => mlp([784, 300, 10]), input: [64, 784] },
  'mnist-cnn': { make: mnistCnn, input: [64, 1, 28, 28] },
};

const name = (process.argv[2] ?? 'mnist-cnn') as keyof typeof MODELS;
const steps = Number(process.argv[3] ?? 30);
if (!(name in MODELS)) throw new Error(`model must be one of ${Object.keys(MODELS).join(', ')}`);

await init();
manualSeed(0);
const { make, input } = MODELS[name];
const model = make();
const opt = new optim.Adadelta(model.parameters(), { lr: 1 });
const rng = new Random(1);
const xs = Float32Array.from({ length: input.reduce((a, b) => a * b, 1) }, () => rng.normal());
const ys = Int32Array.from({ length: 64 }, (_, i) => i % 10);

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
console.log(`${name}: ${ms.toFixed(1)} ms/step, ${Math.round(64000 / ms)} images/s`);
