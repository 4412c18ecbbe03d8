// node --import tsx bench/winograd.bench.ts [--rounds N] [--window 3|5] [--pass forward|dw|blocks|grid]
// 3×3 and 5×5 stride-1 convolutions on the wasm backend (simd build, one thread): Winograd
// F(2×2, 3×3), F(4×4, 3×3) and F(2×2, 5×5) against im2col + GEMM, for the forward (against
// ops.conv2d(…, { algorithm: 'im2col' })) and the weight gradient (against the kernel
// conv2dWeightGradRows that ops.conv2dBackward runs), alternating call by call in one process
// so that both see the same machine load; medians of the rounds, in effective GFLOP/s (the
// direct convolution's 2·n·outC·c·r²·oh·ow FLOPs over the time). --pass blocks (not in the
// default run) times one thread's share of the weight gradient split in two by rows and by
// input channels, and fits the transforms' costs that src/kernels/winograd/split.ts weighs; --pass grid
// times one thread's block of a split on T threads, by rows alone and by the grid it picks.
import { pathToFileURL } from 'node:url';
import { createWasmBackend, ops, Tensor, type Backend } from '../src';
import { winogradPositions, WinogradScheme } from '../src/kernels/winograd/abi';
import { INPUT_TRANSFORM_COST, transformGrid } from '../src/kernels/winograd/split';
import { benchData } from './harness';

interface Shape {
  name: string;
  x: [n: number, c: number, h: number, w: number];
  outC: number;
  pad: number;
}

/** A Winograd algorithm F(m×m, r×r): its number in the kernels' `scheme` argument. */
interface Forward {
  scheme: WinogradScheme;
}

/** A Winograd algorithm F(2×2, r×r) and the shapes it is measured on. */
interface Scheme extends Forward {
  r: number;
  /** F(4×4, r×r), measured next to it in the forward pass. */
  wide?: Forward;
  shapes: Shape[];
}

const F3_SHAPES: Shape[] = [
  { name: 'MNIST conv2', x: [64, 32, 26, 26], outC: 64, pad: 0 },
  { name: 'CIFAR-like', x: [64, 64, 16, 16], outC: 64, pad: 1 },
  // The input gradient of MNIST conv2 as a convolution (dy padded by 2, flipped weights).
  { name: 'MNIST conv2 dx', x: [64, 64, 24, 24], outC: 32, pad: 2 },
  // Around them: where does Winograd stop paying?
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
    scheme: WinogradScheme.F2x2_3x3,
    wide: { scheme: WinogradScheme.F4x4_3x3 },
    shapes: F3_SHAPES,
  },
  {
    r: 5,
    scheme: WinogradScheme.F2x2_5x5,
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

/** A shape's sizes, and its output's, for the scheme's r×r window. */
function layer({ r }: Scheme, { x: [n, c, h, w], outC, pad }: Shape) {
  return { r, n, c, h, w, outC, pad, oh: h + 2 * pad - r + 1, ow: w + 2 * pad - r + 1 };
}

/**
 * Median seconds of each call, the calls taking turns for `rounds` rounds after a warm-up
 * call each (compiled code, grown memory), in the order given.
 */
function medians<K extends string>(calls: Record<K, () => void>, rounds: number) {
  const names = Object.keys(calls) as K[];
  names.forEach((name) => calls[name]());
  const times = names.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++)
    names.forEach((name, i) => times[i].push(time(calls[name])));
  return Object.fromEntries(names.map((name, i) => [name, median(times[i])])) as Record<K, number>;
}

/** Effective GFLOP/s: the direct convolution's 2·n·outC·c·r²·oh·ow FLOPs over the seconds. */
function speeds(scheme: Scheme, shape: Shape, seconds: { im2col: number; winograd: number }) {
  const { r, n, c, outC, oh, ow } = layer(scheme, shape);
  const flops = 2 * n * outC * c * r * r * oh * ow;
  return { im2col: flops / seconds.im2col / 1e9, winograd: flops / seconds.winograd / 1e9 };
}

/** The calls of one Winograd algorithm's forward on a layer: weight transform, all n images. */
function forwardCalls(backend: Backend, kernels: Forward, shape: Shape, x: Tensor, weight: Tensor) {
  const [n, c, h, w] = shape.x;
  const { outC, pad } = shape;
  const [oh, ow] = [h + 2 * pad - weight.shape[2] + 1, w + 2 * pad - weight.shape[3] + 1];
  const k = backend.kernels;
  const { scheme } = kernels;
  const u = new Tensor(backend, [winogradPositions(scheme), outC, c], 'float32');
  const y = new Tensor(backend, [n, outC, oh, ow], 'float32');
  const floats = k.winogradScratchFloats(scheme, c, outC, h, w, pad, pad, n);
  const scratch = new Tensor(backend, [floats], 'float32');
  const [geometry, work] = [[c, h, w, pad, pad] as const, backend.workspace];
  const [images, to] = [
    [x.ptr, 0, n],
    [u.ptr, outC, y.ptr, scratch.ptr, work],
  ] as const;
  return {
    weights: () => k.winogradWeights(scheme, weight.ptr, outC, c, 0, 0, outC, u.ptr),
    images: () => k.conv2dWinogradImages(scheme, ...images, ...geometry, ...to),
    release: () => [u, y, scratch].forEach((t) => t.release()),
  };
}

/** The forward both ways (and by F(4×4) where the scheme has it), in turn. */
function measure(backend: Backend, scheme: Scheme, shape: Shape, rounds: number) {
  const { r, c, outC, pad } = layer(scheme, shape);
  const x = tensor(backend, shape.x, 1);
  const weight = tensor(backend, [outC, c, r, r], 2);
  const narrow = forwardCalls(backend, scheme, shape, x, weight);
  const wide = scheme.wide && forwardCalls(backend, scheme.wide, shape, x, weight);
  const im2col = () =>
    ops.conv2d(x, weight, undefined, { padding: pad, algorithm: 'im2col' }).release();
  const calls: Record<string, () => void> = {
    weights: narrow.weights,
    winograd: narrow.images,
    im2col,
  };
  if (wide) {
    wide.weights();
    calls.wide = wide.images;
  }
  const t = medians(calls, rounds);
  [narrow, wide].forEach((f) => f?.release());
  [x, weight].forEach((t) => t.release());
  const { im2col: im2colSeconds, winograd } = t;
  return {
    ...speeds(scheme, shape, { im2col: im2colSeconds, winograd }),
    wide: wide && speeds(scheme, shape, { im2col: im2colSeconds, winograd: t.wide }).winograd,
    weightsMs: t.weights * 1e3,
    winogradMs: winograd * 1e3,
    wideMs: t.wide * 1e3,
  };
}

/**
 * The Winograd weight gradient of a layer as blocks of dw: `block(rows, cs)` computes rows
 * 0 … rows−1 and input channels 0 … cs−1 of dw from x and dy (seeded data).
 */
function weightGradBlocks(backend: Backend, scheme: Scheme, shape: Shape) {
  const { r, n, c, h, w, outC, pad, oh, ow } = layer(scheme, shape);
  const k = backend.kernels;
  const x = tensor(backend, shape.x, 1);
  const dy = tensor(backend, [n, outC, oh, ow], 3);
  const dw = new Tensor(backend, [outC, c, r, r], 'float32');
  const scratchFloats = k.winogradWeightGradScratchFloats(scheme.scheme, c, outC, h, w, pad, pad);
  const scratch = new Tensor(backend, [scratchFloats], 'float32');
  const [geometry, work] = [[c, h, w, pad, pad] as const, backend.workspace];
  const block = (rows: number, cs: number) => () =>
    k.conv2dWinogradWeightGrad(
      scheme.scheme,
      x.ptr,
      n,
      ...geometry,
      dy.ptr,
      outC,
      0,
      rows,
      0,
      cs,
      dw.ptr,
      scratch.ptr,
      work,
    );
  return {
    block,
    x,
    dy,
    dw,
    scratchFloats,
    release: () => [x, dy, dw, scratch].forEach((t) => t.release()),
  };
}

/** The weight gradient dw [outC, c, r, r] of the same layer, both ways, given dy. */
function measureWeightGrad(backend: Backend, scheme: Scheme, shape: Shape, rounds: number) {
  const { r, n, c, h, w, outC, pad, oh, ow } = layer(scheme, shape);
  const k = backend.kernels;
  const { block, x, dy, dw, scratchFloats, release } = weightGradBlocks(backend, scheme, shape);
  const cols = new Tensor(backend, [c * r * r, oh * ow], 'float32');
  const winograd = block(outC, c);
  const window = [r, r, 1, 1, pad, pad] as const;
  const im2col = () =>
    k.conv2dWeightGradRows(
      x.ptr,
      n,
      c,
      h,
      w,
      ...window,
      dy.ptr,
      outC,
      dw.ptr,
      0,
      c * r * r,
      cols.ptr,
      backend.workspace,
    );
  const t = medians({ winograd, im2col }, rounds);
  release();
  cols.release();
  return {
    ...speeds(scheme, shape, t),
    im2colMs: t.im2col * 1e3,
    winogradMs: t.winograd * 1e3,
    scratchMiB: (4 * scratchFloats) / 2 ** 20,
  };
}

/**
 * One thread's share of the weight gradient split two ways, by halves of the rows (each half
 * transforms all of x: V repeated) or of the input channels (each transforms all of dy: D
 * repeated), timed as blocks of dw on one thread. Times of the blocks R×C, R/2×C, R×C/2 and
 * R/2×C/2 fit t = g·rows·cs + v·cs + d·rows + e: v and d are the transforms' costs per input
 * channel and per row (of all n images), what a split repeats on every thread.
 */
function measureBlocks(backend: Backend, scheme: Scheme, shape: Shape, rounds: number) {
  const { c, outC } = layer(scheme, shape);
  const { block, release } = weightGradBlocks(backend, scheme, shape);
  const [halfRows, halfChannels] = [outC >> 1, c >> 1];
  const t = medians(
    {
      whole: block(outC, c),
      byRows: block(halfRows, c),
      byChannels: block(outC, halfChannels),
      quarter: block(halfRows, halfChannels),
    },
    rounds,
  );
  release();
  // Halving the rows saves g·R·C/2 + d·R/2 of the whole and g·R·C/4 + d·R/2 of a half.
  const g = (4 * (t.whole - t.byRows - (t.byChannels - t.quarter))) / (outC * c);
  const d = (2 * (t.whole - t.byRows)) / outC - g * c;
  const v = (2 * (t.whole - t.byChannels)) / c - g * outC;
  return { ...t, g, v, d };
}

/**
 * The block of dw that one thread of T computes, on one thread (the critical path of a split
 * on T free cores, memory bandwidth aside): by rows alone (outC / T rows, all channels) and
 * by the grid that src/kernels/winograd/split.ts picks (transformGrid), for T = 2, 4, 8.
 */
function measureGrids(backend: Backend, scheme: Scheme, shape: Shape, rounds: number) {
  const { c, outC } = layer(scheme, shape);
  const { block, release } = weightGradBlocks(backend, scheme, shape);
  const threads = [2, 4, 8];
  const grids = threads.map((t) => transformGrid(t, outC, c, INPUT_TRANSFORM_COST));
  const calls: Record<string, () => void> = { whole: block(outC, c) };
  threads.forEach((t, i) => {
    const [p, q] = grids[i];
    calls[`rows${t}`] = block(Math.ceil(outC / t), c);
    calls[`grid${t}`] = block(Math.ceil(outC / p), Math.ceil(c / q));
  });
  const t = medians(calls, rounds);
  release();
  return { t, threads, grids };
}

const fmt = (v: number) => v.toFixed(1);

/** A table row's figures: both speeds in GFLOP/s, then the pass's own cells. */
interface Row {
  im2col: number;
  winograd: number;
  cells: string[];
}

/** Prints one pass of the scheme over its shapes as a markdown table. */
function printTable(
  scheme: Scheme,
  pass: string,
  rounds: number,
  columns: string[],
  row: (s: Shape) => Row,
) {
  const window = `${scheme.r}×${scheme.r}`;
  console.log(
    `\n${window} stride-1 conv ${pass}, wasm simd, one thread, Node ${process.version}, ${rounds} rounds\n`,
  );
  const header = ['shape', 'x', 'outC', 'pad', 'im2col GFLOP/s', 'Winograd GFLOP/s', 'ratio'];
  console.log(`| ${[...header, ...columns].join(' | ')} |`);
  console.log(`|---|---|${'---:|'.repeat(header.length + columns.length - 2)}`);
  for (const shape of scheme.shapes) {
    const r = row(shape);
    const ratio = `${(r.winograd / r.im2col).toFixed(2)}×`;
    const speeds = [fmt(r.im2col), fmt(r.winograd), ratio];
    const cells = [shape.name, `[${shape.x}]`, shape.outC, shape.pad, ...speeds, ...r.cells];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

/** What to measure: rounds per case, the windows (3, 5) and the passes. */
export interface WinogradTables {
  rounds: number;
  windows: number[];
  passes: string[];
}

/** Prints the tables of the chosen passes for the chosen windows (a wasm backend, one thread). */
export async function winogradTables({ rounds, windows, passes }: WinogradTables): Promise<void> {
  const backend = await createWasmBackend({ simd: 'simd', threads: 1 });
  for (const scheme of SCHEMES.filter((s) => windows.includes(s.r))) {
    if (passes.includes('forward')) {
      const wide = scheme.wide ? ['F(4×4) GFLOP/s', 'F(4×4) / F(2×2)', 'F(4×4) ms'] : [];
      printTable(scheme, 'forward', rounds, ['weights ms / call ms', ...wide], (shape) => {
        const r = measure(backend, scheme, shape, rounds);
        const cells = [`${r.weightsMs.toFixed(2)} / ${r.winogradMs.toFixed(1)}`];
        if (r.wide)
          cells.push(fmt(r.wide), `${(r.wide / r.winograd).toFixed(2)}×`, r.wideMs.toFixed(1));
        return { ...r, cells };
      });
    }
    if (passes.includes('blocks')) {
      const window = `${scheme.r}×${scheme.r}`;
      console.log(
        `\n${window} weight gradient split in two, one thread's block, ${rounds} rounds\n`,
      );
      const header = ['shape', 'x', 'outC', 'whole ms', 'rows/2 ms', 'channels/2 ms'];
      console.log(`| ${[...header, 'V ms / channel', 'D ms / row'].join(' | ')} |`);
      console.log(`|---|---|${'---:|'.repeat(header.length)}`);
      for (const shape of scheme.shapes) {
        const t = measureBlocks(backend, scheme, shape, rounds);
        const ms = [t.whole, t.byRows, t.byChannels].map((s) => (s * 1e3).toFixed(2));
        const costs = [t.v, t.d].map((s) => (s * 1e3).toFixed(3));
        console.log(`| ${[shape.name, `[${shape.x}]`, shape.outC, ...ms, ...costs].join(' | ')} |`);
      }
    }
    if (passes.includes('grid')) {
      const window = `${scheme.r}×${scheme.r}`;
      console.log(
        `\n${window} weight gradient: one thread's block of T, by rows / by the grid (ms)\n`,
      );
      console.log('| shape | x | outC | 1 thread | T = 2 | T = 4 | T = 8 |');
      console.log(`|---|---|${'---:|'.repeat(5)}`);
      for (const shape of scheme.shapes) {
        const { t, threads, grids } = measureGrids(backend, scheme, shape, rounds);
        const ms = (s: number) => (s * 1e3).toFixed(2);
        const cells = threads.map(
          (n, i) => `${ms(t[`rows${n}`])} / ${ms(t[`grid${n}`])} (${grids[i].join('×')})`,
        );
        console.log(
          `| ${[shape.name, `[${shape.x}]`, shape.outC, ms(t.whole), ...cells].join(' | ')} |`,
        );
      }
    }
    if (passes.includes('dw'))
      printTable(
        scheme,
        'weight gradient',
        rounds,
        ['im2col ms / Winograd ms', 'scratch MiB'],
        (shape) => {
          const r = measureWeightGrad(backend, scheme, shape, rounds);
          const ms = `${r.im2colMs.toFixed(1)} / ${r.winogradMs.toFixed(1)}`;
          return { ...r, cells: [ms, r.scratchMiB.toFixed(2)] };
        },
      );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flag = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  await winogradTables({
    rounds: Number(flag('rounds') ?? 21),
    windows: flag('window') ? [Number(flag('window'))] : [3, 5],
    passes: flag('pass') ? [flag('pass')!] : ['forward', 'dw'],
  });
}
