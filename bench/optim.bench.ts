import { ops, Tensor } from '../src';
import { benchData, type BenchSuite } from './harness';

const N = 1 << 20;

/** Fused optimizer updates on a million parameters, by bytes read and written per step. */
export const optimSuite: BenchSuite = {
  name: 'optim',
  cases: [
    {
      name: `sgd momentum n=${N}`,
      work: 5 * 4 * N, // read p, g, buf; write p, buf
      unit: 'GB/s',
      setup: (backend) => {
        const [p, g, buf] = [1, 2, 3].map((seed) =>
          Tensor.from(benchData(N, seed), [N], { backend }),
        );
        return {
          run: () => ops.sgdStep(p, g, buf, { lr: 1e-3, momentum: 0.9 }),
          dispose: () => [p, g, buf].forEach((t) => t.release()),
        };
      },
    },
    {
      name: `adam n=${N}`,
      work: 7 * 4 * N, // read p, g, m, v; write p, m, v
      unit: 'GB/s',
      setup: (backend) => {
        const [p, g] = [1, 2].map((seed) => Tensor.from(benchData(N, seed), [N], { backend }));
        const [m, v] = [Tensor.zeros([N], { backend }), Tensor.zeros([N], { backend })];
        let step = 0;
        return {
          run: () => ops.adamStep(p, g, m, v, { lr: 1e-3, step: ++step }),
          dispose: () => [p, g, m, v].forEach((t) => t.release()),
        };
      },
    },
  ],
};
