// What augmentation costs next to the training step it feeds (issue 14: crop + flip +
// colour jitter of a batch of 64 must cost at most 10 % of an E5 step on the same thread):
//   node --import tsx bench/augment.ts [rounds] [step]
// step: an E5 step name (default augment: SGD; bn: batch norm and dropout). Each round
// times one augmentation of a fresh batch and one training step on that batch, one after
// the other, on one thread; the report gives the medians and their ratio, and the cost of
// each augmentation alone.
import { data, init, manualSeed, nn, optim, Random, Tensor } from '../src';
import { cifarCnn } from '../src/experiments/models';

const rounds = Number(process.argv[2] ?? 30);
const step = process.argv[3] ?? 'augment';
await init({ threads: 1 });
manualSeed(1);

const t = data.transforms;
const BATCH = 64;
const SHAPE = [3, 32, 32] as const;
const images = new Float32Array(BATCH * 3072).map(() => Math.random());
const labels = Int32Array.from({ length: BATCH }, (_, i) => i % 10);
const random = new Random(1);

const pipelines = {
  'crop + flip + jitter': t.compose([
    t.randomCrop({ size: 32, padding: 4 }),
    t.randomHorizontalFlip(),
    t.colorJitter({ brightness: 0.2, contrast: 0.2, saturation: 0.2, hue: 0.05 }),
  ]),
  'crop + flip': t.compose([t.randomCrop({ size: 32, padding: 4 }), t.randomHorizontalFlip()]),
  'colour jitter': t.colorJitter({ brightness: 0.2, contrast: 0.2, saturation: 0.2, hue: 0.05 }),
  'random affine': t.randomAffine({ degrees: 10, translate: [0.1, 0.1], scale: [0.9, 1.1] }),
  'random perspective': t.randomPerspective({ distortionScale: 0.2, p: 1 }),
  'gaussian blur 3×3': t.gaussianBlur({ kernelSize: 3 }),
  normalize: t.normalize([0.49, 0.48, 0.45], [0.25, 0.24, 0.26]),
};

const model = cifarCnn({ dropout: step === 'dropout' || step === 'bn', batchNorm: step === 'bn' });
const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const trainStep = (x: Float32Array) => {
  const out = model.forward(Tensor.from(x, [BATCH, ...SHAPE]));
  const loss = nn.functional.crossEntropy(out, labels);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  return loss.item();
};

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const time = (run: () => unknown) => {
  const start = performance.now();
  run();
  return performance.now() - start;
};

// Warm up the step (first calls compile and allocate) and every pipeline.
for (let i = 0; i < 3; i++) trainStep(images);
const costs = new Map<string, number[]>(Object.keys(pipelines).map((name) => [name, []]));
const steps: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const [name, pipeline] of Object.entries(pipelines)) {
    costs.get(name)!.push(time(() => pipeline.applyArray(images, BATCH, SHAPE, random)));
  }
  const augmented = pipelines['crop + flip + jitter'].applyArray(images, BATCH, SHAPE, random);
  steps.push(time(() => trainStep(augmented.data)));
}

const stepMs = median(steps);
console.log(
  `E5 CNN (${step}) training step, batch ${BATCH}, one thread: median ${stepMs.toFixed(1)} ms over ${rounds} rounds\n`,
);
console.log('| augmentation of 64 images | median ms | share of a step |');
console.log('| --- | ---: | ---: |');
for (const [name, times] of costs) {
  const ms = median(times);
  console.log(`| ${name} | ${ms.toFixed(2)} | ${((100 * ms) / stepMs).toFixed(1)} % |`);
}
