import { ops, Tensor } from '../src';
import { repeated } from './conv.bench';
import { benchData, type BenchSuite } from './harness';

const SHAPES = [
  [64, 10],
  [1024, 1000],
];

/** Fused softmax and sigmoid cross-entropies, loss and gradient, by bytes moved. */
export const softmaxSuite: BenchSuite = {
  name: 'softmax',
  cases: [
    // logits in, dlogits out
    ...SHAPES.map(([b, c]) =>
      repeated(`softmaxCrossEntropy [${b}, ${c}]`, 8 * b * c, 'GB/s', (backend) => {
        const logits = Tensor.from(benchData(b * c), [b, c], { backend });
        const labels = Tensor.fromInts(
          Int32Array.from({ length: b }, (_, i) => (i * 7) % c),
          [b],
          { backend },
        );
        return {
          inputs: [logits, labels],
          step: () => [ops.softmaxCrossEntropy(logits, labels).dlogits],
        };
      }),
    ),
    // logits and targets in, dlogits out
    ...SHAPES.map(([b, c]) =>
      repeated(`sigmoidCrossEntropy [${b}, ${c}]`, 12 * b * c, 'GB/s', (backend) => {
        const logits = Tensor.from(benchData(b * c), [b, c], { backend });
        const targets = Tensor.from(benchData(b * c, 2).map(Math.abs), [b, c], { backend });
        return {
          inputs: [logits, targets],
          step: () => [ops.sigmoidCrossEntropy(logits, targets).dlogits],
        };
      }),
    ),
  ],
};
