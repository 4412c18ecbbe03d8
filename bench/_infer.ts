import { init, manualSeed, noGrad, scope, Random, Tensor } from '../src';
import { mnistCnn } from '../src/experiments/e8';
import { CIFAR_CNN, MNIST_CNN } from './peers/models';
import { simdnetModel } from './peers/simdnet';
const which = process.argv[2] ?? 'cifar';
await init({ threads: 1 });
manualSeed(0);
const spec = which === 'cifar' ? CIFAR_CNN : MNIST_CNN;
const model =
  which === 'cifar' ? simdnetModel({ model: spec, batch: 64, mode: 'infer' }) : mnistCnn();
model.eval();
const rng = new Random(1);
const size = spec.input.reduce((a, b) => a * b);
const x = Tensor.from(
  Float32Array.from({ length: 64 * size }, () => rng.normal()),
  [64, ...spec.input],
).keep();
for (let i = 0; i < 5; i++) scope(() => noGrad(() => model.forward(x).toArray()));
const t0 = performance.now();
for (let i = 0; i < 40; i++) scope(() => noGrad(() => model.forward(x).toArray()));
const ms = (performance.now() - t0) / 40;
console.log(which, ms.toFixed(1), 'ms', (64000 / ms).toFixed(0), 'img/s');
