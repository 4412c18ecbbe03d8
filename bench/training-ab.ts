// npm run build:js && node --import tsx bench/training-ab.ts DIR [mlp|cnn] [batch] [kept|loader|from] [pairs] [threads]
// This checkout's training step against a built checkout of another commit (DIR, after
// `npm run build` there), both as bundled (dist/), in one process: windows of the two alternate (the order swapped
// every pair), and the figure is the median of the per-pair ratios, so that a slow spell of
// a shared machine hits both sides of a pair. The batch is kept from step to step, gathered
// by a DataLoader, or made with Tensor.from every step.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MLP, MNIST_CNN } from './peers/models';
import { simdnetModel, type Library } from './peers/simdnet';

const load = async (root: string) =>
  (await import(pathToFileURL(resolve(root, 'dist/index.js')).href)) as Library;
const [dir, kind = 'mlp', batchArg = '64', feed = 'loader', pairsArg, threadsArg = '1'] =
  process.argv.slice(2);
if (!dir) throw new Error('usage: bench/training-ab.ts DIR [mlp|cnn] [batch] [kept|loader|from]');
const batch = Number(batchArg);
const pairs = Number(pairsArg ?? (kind === 'mlp' ? 60 : 16));
const windowMs = kind === 'mlp' ? 100 : 400;

async function trainingStep(s: Library): Promise<() => void> {
  const backend = await s.init({ threads: Number(threadsArg) });
  const { nn } = s;
  const model = simdnetModel({ model: kind === 'mlp' ? MLP : MNIST_CNN, batch, mode: 'train' }, s);
  const sample = kind === 'mlp' ? [784] : [1, 28, 28];
  const images = Float32Array.from({ length: 1024 * 784 }, (_, i) => Math.sin(i));
  const labels = Int32Array.from({ length: 1024 }, (_, i) => i % 10);
  const set = new s.data.Dataset(images, labels, sample);
  const kept = s.Tensor.from(images.subarray(0, batch * 784), [batch, ...sample], { backend });
  const y = labels.subarray(0, batch);
  const opt = new s.optim.SGD(model.parameters(), { lr: 0.01 });
  let at = 0;
  const input = () => {
    if (feed === 'kept') return kept;
    if (feed === 'from') return s.Tensor.from(images.subarray(0, batch * 784), kept.shape);
    const indices = Int32Array.from({ length: batch }, (_, i) => (at + i) % 1024);
    at += batch;
    return set.batch(indices).x;
  };
  return () => {
    const loss = nn.functional.crossEntropy(model.forward(input()), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    loss.item();
  };
}

const steps = {
  current: await trainingStep(await load(resolve(import.meta.dirname, '..'))),
  baseline: await trainingStep(await load(dir)),
};
const rate = (step: () => void) => {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < windowMs) {
    step();
    n++;
  }
  return n / (performance.now() - t0);
};
for (let i = 0; i < 3; i++) [steps.current, steps.baseline].forEach(rate); // warm-up
const ratios: number[] = [];
for (let i = 0; i < pairs; i++) {
  const order = i % 2 ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const);
  const r = { current: 0, baseline: 0 };
  for (const name of order) r[name] = rate(steps[name]);
  ratios.push(r.current / r.baseline);
}
ratios.sort((a, b) => a - b);
const q = (f: number) => ratios[Math.floor(f * (ratios.length - 1))].toFixed(3);
console.log(
  `${kind} batch ${batch}, ${feed} batches: this checkout / ${dir} = ${q(0.5)} ` +
    `(quartiles ${q(0.25)}–${q(0.75)}, ${pairs} pairs of ${windowMs} ms windows)`,
);
