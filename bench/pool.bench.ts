import { ops, Tensor, type Backend } from '../src';
import { repeated } from './conv.bench';
import { benchData, type BenchSuite } from './harness';

// 2×2 pools on the activations of a small CNN: [64, 64, 24, 24] → [64, 64, 12, 12].
const X_SHAPE = [64, 64, 24, 24];
const Y_SHAPE = [64, 64, 12, 12];
const X_SIZE = X_SHAPE.reduce((a, b) => a * b);
const Y_SIZE = Y_SHAPE.reduce((a, b) => a * b);
const WINDOW = { kernel: 2 };

const floats = (backend: Backend, shape: number[], seed: number) =>
  Tensor.from(
    benchData(
      shape.reduce((a, b) => a * b),
      seed,
    ),
    shape,
    { backend },
  );

/** Max and average pooling, forward and backward, by bytes moved per call. */
export const poolSuite: BenchSuite = {
  name: 'pool',
  cases: [
    // Reads x, writes y and the i32 argmax.
    repeated('maxPool2d 2×2 [64,64,24,24]', 4 * X_SIZE + 8 * Y_SIZE, 'GB/s', (backend) => {
      const x = floats(backend, X_SHAPE, 1);
      return { inputs: [x], step: () => Object.values(ops.maxPool2d(x, WINDOW)) };
    }),
    // Reads dy and argmax, writes dx.
    repeated('maxPool2dBackward 2×2 [64,64,24,24]', 8 * Y_SIZE + 4 * X_SIZE, 'GB/s', (backend) => {
      const x = floats(backend, X_SHAPE, 1);
      const { y, argmax } = ops.maxPool2d(x, WINDOW);
      const dy = floats(backend, Y_SHAPE, 2);
      return {
        inputs: [x, y, argmax, dy],
        step: () => [ops.maxPool2dBackward(dy, argmax, X_SHAPE)],
      };
    }),
    repeated('avgPool2d 2×2 [64,64,24,24]', 4 * (X_SIZE + Y_SIZE), 'GB/s', (backend) => {
      const x = floats(backend, X_SHAPE, 1);
      return { inputs: [x], step: () => [ops.avgPool2d(x, WINDOW)] };
    }),
    repeated('avgPool2dBackward 2×2 [64,64,24,24]', 4 * (X_SIZE + Y_SIZE), 'GB/s', (backend) => {
      const dy = floats(backend, Y_SHAPE, 2);
      return { inputs: [dy], step: () => [ops.avgPool2dBackward(dy, X_SHAPE, WINDOW)] };
    }),
  ],
};
