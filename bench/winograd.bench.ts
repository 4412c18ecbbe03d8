// node --import tsx bench/winograd.bench.ts [--rounds N]
// 3×3 stride-1 convolution forward on the wasm backend (simd build, one thread): Winograd
// F(2×2, 3×3) against ops.conv2d (im2col + GEMM), alternating call by call in one process
// so that both see the same machine load; medians of the rounds, in effective GFLOP/s
// (the direct convolution's 2·n·outC·c·9·oh·ow FLOPs over the time).
import { createWasmBackend, ops, Tensor, type Backend } from '../src';
import { benchData } from './harness';

interface Shape {
  name: string;
  x: [n: number, c: number, h: number, w: number];
  outC: number;
  pad: number;
}

const SHAPES: Shape[] = [
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

function measure(backend: Backend, shape: Shape, rounds: number) {
  const [n, c, h, w] = shape.x;
  const { outC, pad } = shape;
  const [oh, ow] = [h + 2 * pad - 2, w + 2 * pad - 2];
  const k = backend.kernels;
  const x = tensor(backend, shape.x, 1);
  const weight = tensor(backend, [outC, c, 3, 3], 2);
  const u = new Tensor(backend, [16, outC, c], 'float32');
  const y = new Tensor(backend, [n, outC, oh, ow], 'float32');
  const scratch = new Tensor(
    backend,
    [k.winogradScratchFloats(c, outC, h, w, pad, pad)],
    'float32',
  );
  const winograd = () =>
    k.conv2dWinogradImages(
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
  const weights = () => k.winogradWeights(weight.ptr, outC, c, u.ptr);
  const im2col = () => ops.conv2d(x, weight, undefined, { padding: pad }).release();
  weights();
  winograd();
  im2col(); // warm-up: compiled code, grown memory
  const times = { winograd: [] as number[], im2col: [] as number[], weights: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    times.im2col.push(time(im2col));
    times.winograd.push(time(winograd));
    times.weights.push(time(weights));
  }
  [x, weight, u, y, scratch].forEach((t) => t.release());
  const flops = 2 * n * outC * c * 9 * oh * ow;
  return {
    im2col: flops / median(times.im2col) / 1e9,
    winograd: flops / median(times.winograd) / 1e9,
    weightsMs: median(times.weights) * 1e3,
    winogradMs: median(times.winograd) * 1e3,
  };
}

const roundsFlag = process.argv.indexOf('--rounds');
const rounds = roundsFlag >= 0 ? Number(process.argv[roundsFlag + 1]) : 21;
const backend = await createWasmBackend({ simd: 'simd', threads: 1 });
const fmt = (v: number) => v.toFixed(1);
console.log(
  `3×3 stride-1 conv forward, wasm simd, one thread, Node ${process.version}, ${rounds} rounds\n`,
);
console.log(
  '| shape | x | outC | pad | im2col GFLOP/s | Winograd GFLOP/s | ratio | weights ms / call ms |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const shape of SHAPES) {
  const r = measure(backend, shape, rounds);
  const cells = [shape.name, `[${shape.x}]`, shape.outC, shape.pad, fmt(r.im2col), fmt(r.winograd)];
  const ratio = `${(r.winograd / r.im2col).toFixed(2)}×`;
  console.log(
    `| ${[...cells, ratio, `${r.weightsMs.toFixed(2)} / ${r.winogradMs.toFixed(1)}`].join(' | ')} |`,
  );
}
