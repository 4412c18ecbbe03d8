import { ops, Tensor } from '../src';
import { benchData, type BenchSuite } from './harness';

const SIZES = [4096, 262144, 4194304];

/** Activations and their backward, by bytes moved per call (memory-bound kernels). */
export const elementwiseSuite: BenchSuite = {
  name: 'elementwise',
  cases: SIZES.flatMap((n) =>
    (['relu', 'tanh', 'sigmoid'] as const).flatMap((name) => [
      {
        name: `${name} n=${n}`,
        work: 8 * n,
        unit: 'GB/s' as const,
        setup: (backend) => {
          const x = Tensor.from(benchData(n), [n], { backend });
          let y: Tensor | undefined;
          return {
            run: () => {
              y?.release();
              y = ops[name](x);
            },
            dispose: () => {
              y?.release();
              x.release();
            },
          };
        },
      },
      {
        name: `${name}Backward n=${n}`,
        work: 12 * n,
        unit: 'GB/s' as const,
        setup: (backend) => {
          const x = Tensor.from(benchData(n, 2), [n], { backend });
          const dy = Tensor.from(benchData(n, 3), [n], { backend });
          let dx: Tensor | undefined;
          return {
            run: () => {
              dx?.release();
              dx = ops[`${name}Backward`](x, dy);
            },
            dispose: () => {
              dx?.release();
              x.release();
              dy.release();
            },
          };
        },
      },
    ]),
  ),
};
