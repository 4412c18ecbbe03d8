import { ops, Tensor } from '../src';
import { benchData, type BenchCase, type BenchSuite } from './harness';

type Transposes = [transA: boolean, transB: boolean];
const LABEL = (t: Transposes) => `${t[0] ? 'Aᵀ' : 'A'}·${t[1] ? 'Bᵀ' : 'B'}`;
const ALL: Transposes[] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** One product op(A)[m×k]·op(B)[k×n] into a preallocated C (allocation is not timed). */
function gemmCase(m: number, k: number, n: number, t: Transposes, note = ''): BenchCase {
  return {
    name: `${LABEL(t)} ${m}×${k}·${k}×${n}${note}`,
    work: 2 * m * n * k,
    unit: 'GFLOP/s',
    setup: (backend) => {
      const a = Tensor.from(benchData(m * k, 1), t[0] ? [k, m] : [m, k], { backend });
      const b = Tensor.from(benchData(k * n, 2), t[1] ? [n, k] : [k, n], { backend });
      const out = Tensor.zeros([m, n], { backend });
      return {
        run: () => ops.gemm(a, b, { transA: t[0], transB: t[1], out }),
        dispose: () => [a, b, out].forEach((x) => x.release()),
      };
    },
  };
}

/**
 * The layers' shapes in training, (rows × k)·(k × cols), with the product each pass uses:
 * forward A·B, dX = dY·Wᵀ (A·Bᵀ), dW = Xᵀ·dY (Aᵀ·B).
 */
const TRAINING: [number, number, number, string][] = [
  [64, 784, 300, ' (MLP layer 1)'],
  [64, 300, 10, ' (MLP layer 2)'],
  [36864, 288, 64, ' (MNIST conv2)'],
  [16384, 800, 64, ' (CIFAR conv2)'],
];

export const gemmSuite: BenchSuite = {
  name: 'gemm',
  cases: [
    ...[64, 128, 256, 512, 1024].flatMap((s) => ALL.map((t) => gemmCase(s, s, s, t))),
    ...TRAINING.flatMap(([m, k, n, note]) => [
      gemmCase(m, k, n, [false, false], note),
      gemmCase(m, n, k, [false, true], note + ' dX'),
      gemmCase(k, m, n, [true, false], note + ' dW'),
    ]),
  ],
};
