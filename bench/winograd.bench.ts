// node --import tsx bench/winograd.bench.ts [--rounds N] [--window 3|5]
// 3×3 and 5×5 stride-1 convolution forward on the wasm backend (simd build, one thread):
// Winograd F(2×2, 3×3) and F(2×2, 5×5) against ops.conv2d(…, { algorithm: 'im2col' }),
// alternating call by call in one process so that both see the same machine load; medians
// of the rounds, in effective GFLOP/s (the direct convolution's 2·n·outC·c·r²·oh·ow FLOPs
// over the time).
import { createWasmBackend, ops, Tensor, type Backend } from '../src';
import type { Kernels } from '../src/backend/kernels';
import { benchData } from './harness';

interface Shape {
  name: string;
  x: [n: number, c: number, h: number, w: number];
  outC: number;
  pad: number;
}

/** A Winograd algorithm F(2×2, r×r): its kernels and the shapes it is measured on. */
interface Scheme {
  r: number;
  weights: 'winogradWeights' | 'winograd5Weights';
  images: 'conv2dWinogradImages' | 'conv2dWinograd5Images';
  /** Scratch floats for one call over all n images. */
  scratch(k: Kernels, s: Shape): number;
  shapes: Shape[];
}

const F3_SHAPES: Shape[] = [
  { name: 'MNIST conv2', x: [64, 32, 26, 26], outC: 64, pad: 0 },
  { name: 'CIFAR-like', x: [64, 64, 16, 16], outC: 64, pad: 1 },
  // Around the two: where does Winograd stop paying?
  { name: 'MNIST conv1', x: [64, 1, 28, 28], outC: 32, pad: 0 },
  { name: 'c 3', x: [64, 3, 32, 32], outC: 32, pad: 1 },
  { name: 'c 4', x: [64, 4, 26, 26], outC: 32, pad: 0 },
  { name: 'c 8', x: [64, 8, 26, 26], outC: 32, pad: 0 },
  { name: 'c 16', x: [64, 16, 26, 26], outC: 32, pad: 0 },
  { name: 'outC 8', x: [64, 32, 26, 26], outC: 8, pad: 0 },
  { name: 'c 128 8×8', x: [64, 128, 8, 8], outC: 128, pad: 1 },
];

const F5_SHAPES: Shape[] = [
  // The CIFAR CNN of experiment E5, batch 64.
  { name: 'CIFAR conv1', x: [64, 3, 32, 32], outC: 32, pad: 2 },
  { name: 'CIFAR conv2', x: [64, 32, 16, 16], outC: 64, pad: 2 },
  { name: 'CIFAR conv3', x: [64, 64, 8, 8], outC: 64, pad: 2 },
  // Around them: where does Winograd stop paying?
  { name: 'c 4', x: [64, 4, 16, 16], outC: 64, pad: 2 },
  { name: 'c 8', x: [64, 8, 16, 16], outC: 64, pad: 2 },
  { name: 'c 16', x: [64, 16, 16, 16], outC: 64, pad: 2 },
  { name: 'outC 8', x: [64, 32, 16, 16], outC: 8, pad: 2 },
  { name: 'c 128 8×8', x: [64, 128, 8, 8], outC: 128, pad: 2 },
  { name: '4×4 (groups of 8 images)', x: [64, 64, 4, 4], outC: 64, pad: 2 },
  { name: 'pad 4 (dx of an unpadded conv)', x: [64, 64, 8, 8], outC: 64, pad: 4 },
];

const SCHEMES: Scheme[] = [
  {
    r: 3,
    weights: 'winogradWeights',
    images: 'conv2dWinogradImages',
    scratch: (k, { x: [, c, h, w], outC, pad }) => k.winogradScratchFloats(c, outC, h, w, pad, pad),
    shapes: F3_SHAPES,
  },
  {
    r: 5,
    weights: 'winograd5Weights',
    images: 'conv2dWinograd5Images',
    scratch: (k, { x: [n, c, h, w], outC, pad }) =>
      k.winograd5ScratchFloats(c, outC, h, w, pad, pad, n),
    shapes: F5_SHAPES,
  },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

const tensor = (backend: Backend, shape: number[], seed: number) =>
  Tensor.from(
    benchData(
      shape.reduce((a, b) => a * b),
      seed,
    ),
    shape,
    { backend },
  );

/** Seconds that one call of `run` takes. */
function time(run: () => void): number {
  const start = performance.now();
  run();
  return (performance.now() - start) / 1000;
}

function measure(backend: Backend, scheme: Scheme, shape: Shape, rounds: number) {
  const { r } = scheme;
  const [n, c, h, w] = shape.x;
  const { outC, pad } = shape;
  const [oh, ow] = [h + 2 * pad - r + 1, w + 2 * pad - r + 1];
  const k = backend.kernels;
  const x = tensor(backend, shape.x, 1);
  const weight = tensor(backend, [outC, c, r, r], 2);
  const u = new Tensor(backend, [(r + 1) ** 2, outC, c], 'float32');
  const y = new Tensor(backend, [n, outC, oh, ow], 'float32');
  const scratch = new Tensor(backend, [scheme.scratch(k, shape)], 'float32');
  const winograd = () =>
    k[scheme.images](
      x.ptr,
      0,
      n,
      c,
      h,
      w,
      pad,
      pad,
      u.ptr,
      outC,
      y.ptr,
      scratch.ptr,
      backend.workspace,
    );
  const weights = () => k[scheme.weights](weight.ptr, outC, c, u.ptr);
  const im2col = () =>
    ops.conv2d(x, weight, undefined, { padding: pad, algorithm: 'im2col' }).release();
  weights();
  winograd();
  im2col(); // warm-up: compiled code, grown memory
  const times = { winograd: [] as number[], im2col: [] as number[], weights: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    times.im2col.push(time(im2col));
    times.winograd.push(time(winograd));
    times.weights.push(time(weights));
  }
  [x, weight, u, y, scratch].forEach((t) => t.release());
  const flops = 2 * n * outC * c * r * r * oh * ow;
  return {
    im2col: flops / median(times.im2col) / 1e9,
    winograd: flops / median(times.winograd) / 1e9,
    weightsMs: median(times.weights) * 1e3,
    winogradMs: median(times.winograd) * 1e3,
  };
}

const roundsFlag = process.argv.indexOf('--rounds');
const rounds = roundsFlag >= 0 ? Number(process.argv[roundsFlag + 1]) : 21;
const windowFlag = process.argv.indexOf('--window');
const windows = windowFlag >= 0 ? [Number(process.argv[windowFlag + 1])] : [3, 5];
const backend = await createWasmBackend({ simd: 'simd', threads: 1 });
const fmt = (v: number) => v.toFixed(1);
for (const scheme of SCHEMES.filter((s) => windows.includes(s.r))) {
  const window = `${scheme.r}×${scheme.r}`;
  console.log(
    `\n${window} stride-1 conv forward, wasm simd, one thread, Node ${process.version}, ${rounds} rounds\n`,
  );
  console.log(
    '| shape | x | outC | pad | im2col GFLOP/s | Winograd GFLOP/s | ratio | weights ms / call ms |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const shape of scheme.shapes) {
    const r = measure(backend, scheme, shape, rounds);
    const cells = [
      shape.name,
      `[${shape.x}]`,
      shape.outC,
      shape.pad,
      fmt(r.im2col),
      fmt(r.winograd),
    ];
    const ratio = `${(r.winograd / r.im2col).toFixed(2)}×`;
    console.log(
      `| ${[...cells, ratio, `${r.weightsMs.toFixed(2)} / ${r.winogradMs.toFixed(1)}`].join(' | ')} |`,
    );
  }
}
