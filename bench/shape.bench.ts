import { ops, Tensor, type Backend } from '../src';
import { repeated } from './conv.bench';
import { benchData, type BenchSuite } from './harness';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const floats = (backend: Backend, shape: number[]) =>
  Tensor.from(benchData(size(shape)), shape, { backend });

/** Bias broadcasts and their gradients (per feature and per channel), and transposes, by
 * bytes moved: the small side once, the big side once. */
export const shapeSuite: BenchSuite = {
  name: 'shape',
  cases: [
    ...[
      [[300], [64, 300]],
      [
        [64, 1, 1],
        [64, 64, 12, 12],
      ],
      [
        [1024, 1],
        [1024, 1000],
      ],
    ].flatMap(([small, big]) => {
      const work = 4 * (size(small) + size(big));
      return [
        repeated(`broadcastTo [${small}] → [${big}]`, work, 'GB/s', (backend) => {
          const x = floats(backend, small);
          return { inputs: [x], step: () => [ops.broadcastTo(x, big)] };
        }),
        repeated(`sumTo [${big}] → [${small}]`, work, 'GB/s', (backend) => {
          const x = floats(backend, big);
          return { inputs: [x], step: () => [ops.sumTo(x, small)] };
        }),
      ];
    }),
    ...[
      [784, 300],
      [1024, 1024],
      [64, 100, 257],
    ].map((shape) =>
      repeated(`transpose [${shape}]`, 8 * size(shape), 'GB/s', (backend) => {
        const x = floats(backend, shape);
        return { inputs: [x], step: () => [ops.transpose(x)] };
      }),
    ),
  ],
};
