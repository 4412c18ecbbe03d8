import { ops, Tensor } from '../src';
import { benchData, type BenchSuite } from './harness';

/** Fused softmax cross-entropy, loss and gradient, by bytes moved (logits in, dlogits out). */
export const softmaxSuite: BenchSuite = {
  name: 'softmax',
  cases: [
    [64, 10],
    [1024, 1000],
  ].map(([b, c]) => ({
    name: `softmaxCrossEntropy [${b}, ${c}]`,
    work: 8 * b * c,
    unit: 'GB/s' as const,
    setup: (backend) => {
      const logits = Tensor.from(benchData(b * c), [b, c], { backend });
      const labels = Tensor.fromInts(
        Int32Array.from({ length: b }, (_, i) => (i * 7) % c),
        [b],
        { backend },
      );
      let last: Tensor | undefined;
      return {
        run: () => {
          last?.release();
          last = ops.softmaxCrossEntropy(logits, labels).dlogits;
        },
        dispose: () => [logits, labels, last].forEach((t) => t?.release()),
      };
    },
  })),
};
