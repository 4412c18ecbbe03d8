// Times (and, under `node --cpu-prof`, profiles) training steps of one model (batch 64 by default),
// then reports its peak memory against the bytes the step cannot do without (the budget):
//   node --import tsx [--cpu-prof] bench/profile-step.ts [mlp|mnist-cnn|cifar-cnn] [steps] [batch] [threads] [--kernels]
// --kernels also times every kernel call the step makes (on the calling thread, so a split
// kernel counts once, with its wait for the other threads) and prints where a step goes.
// Compare two builds by running this alternately in both checkouts.
import { init, manualSeed, nn, optim, Random, Tensor, type Backend } from '../src';
import { KERNEL_NAMES } from '../src/kernels';
import { mb, memoryReport } from './memory-budget';
import { mlp } from '../src/experiments/e1';
import { mnistCnn } from '../src/experiments/models';
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

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const name = (positional[0] ?? 'mnist-cnn') as keyof typeof MODELS;
const steps = Number(positional[1] ?? 30);
const batch = Number(positional[2] ?? 64);
if (!(name in MODELS)) throw new Error(`model must be one of ${Object.keys(MODELS).join(', ')}`);

const threads = positional[3] ? Number(positional[3]) : 'auto';
const backend = await init({ threads });
const kernelTimes = process.argv.includes('--kernels') ? timeKernels(backend) : undefined;

/** Wraps every kernel of `backend` with a timer; returns the milliseconds per kernel. */
function timeKernels(target: Backend): Map<string, number> {
  const times = new Map<string, number>();
  const kernels = target.kernels as unknown as Record<string, (...args: number[]) => unknown>;
  for (const kernel of KERNEL_NAMES) {
    const run = kernels[kernel];
    kernels[kernel] = (...args) => {
      const start = performance.now();
      try {
        return run(...args);
      } finally {
        times.set(kernel, (times.get(kernel) ?? 0) + performance.now() - start);
      }
    };
  }
  return times;
}
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
kernelTimes?.clear();
const start = performance.now();
for (let i = 0; i < steps; i++) step();
const ms = (performance.now() - start) / steps;
console.log(
  `${name} batch ${batch}: ${ms.toFixed(2)} ms/step, ${Math.round((1000 * batch) / ms)} images/s`,
);
if (kernelTimes) {
  const perStep = [...kernelTimes].map(([k, t]): [string, number] => [k, t / steps]);
  perStep.sort((a, b) => b[1] - a[1]);
  const inKernels = perStep.reduce((sum, [, t]) => sum + t, 0);
  for (const [k, t] of [...perStep, ['(outside kernels: JS)', ms - inKernels] as const]) {
    console.log(
      `  ${k.padEnd(28)} ${t.toFixed(2).padStart(8)} ms ${((100 * t) / ms).toFixed(1).padStart(5)} %`,
    );
  }
}

const report = memoryReport(backend, model, input, xs, stateCopies);
console.log(
  `memory (MB): wasm ${mb(report.wasm)}, allocator peak ${mb(report.footprint)}, ` +
    `peak live ${mb(report.live)}; budget ${mb(report.budget)} (${Object.entries(report.parts)
      .map(([part, bytes]) => `${part} ${mb(bytes)}`)
      .join(', ')}); wasm / budget ${(report.wasm / report.budget).toFixed(2)}`,
);
