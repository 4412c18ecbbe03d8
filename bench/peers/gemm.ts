// GEMM workloads: square A·B from 64 to 2048 (how cost grows with size), and the layers'
// shapes in training, each with the products backprop uses: forward A·B, dX = dY·Wᵀ (A·Bᵀ),
// dW = Xᵀ·dY (Aᵀ·B).
import type { GemmShape, Workload } from './contender';

const label = ({ m, k, n, transA, transB }: GemmShape) =>
  `${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'} ${m}×${k}·${k}×${n}`;

function gemmWorkload(shape: GemmShape, note: string, short: string): Workload {
  return {
    family: 'gemm',
    name: `${label(shape)}${note}`,
    short,
    unit: 'GFLOP/s',
    work: 2 * shape.m * shape.k * shape.n,
    maxRunSeconds: 2, // the plain-JS contenders take longer on the biggest shapes
    prepare: (c) => c.gemm?.(shape),
    // Above a GFLOP, time an eighth of the rows first (plain JS runs about 1 GFLOP/s).
    probe:
      2 * shape.m * shape.k * shape.n > 1e9
        ? { scale: 8, prepare: (c) => c.gemm?.({ ...shape, m: shape.m / 8 }) }
        : undefined,
  };
}

/** (rows × k)·(k × cols) of each layer, as in bench/gemm.bench.ts. */
const TRAINING: [m: number, k: number, n: number, layer: string, short: string][] = [
  [64, 784, 300, 'MLP layer 1', 'MLP1'],
  [64, 300, 10, 'MLP layer 2', 'MLP2'],
  [36864, 288, 64, 'MNIST conv2', 'MNIST c2'],
  [16384, 800, 64, 'CIFAR conv2', 'CIFAR c2'],
];

/** The GEMM workloads; `quick` keeps two squares and the MLP's first layer. */
export function gemmWorkloads(quick: boolean): Workload[] {
  const sizes = quick ? [64, 256] : [64, 128, 256, 512, 1024, 2048];
  const square = (s: number) =>
    gemmWorkload({ m: s, k: s, n: s, transA: false, transB: false }, '', `${s}³`);
  const layers = (quick ? TRAINING.slice(0, 1) : TRAINING).flatMap(([m, k, n, layer, short]) => [
    gemmWorkload({ m, k, n, transA: false, transB: false }, ` (${layer})`, short),
    gemmWorkload({ m, k: n, n: k, transA: false, transB: true }, ` (${layer} dX)`, `${short} dX`),
    gemmWorkload({ m: k, k: m, n, transA: true, transB: false }, ` (${layer} dW)`, `${short} dW`),
  ]);
  return [...sizes.map(square), ...layers];
}
