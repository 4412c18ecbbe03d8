// simdnet's contenders: the wasm backend (simd build, one thread) and the plain-TS reference.
import {
  createReferenceBackend,
  manualSeed,
  nn,
  ops,
  optim,
  Random,
  scope,
  Tensor,
} from '../../src';
import type { Backend } from '../../src';
import { withBackend } from '../../src/backend/current';
import { mlp } from '../../src/experiments/e1';
import type { Contender, GemmCase, MlpCase } from './workloads';

let reference: Backend | undefined;
const referenceBackend = () => (reference ??= createReferenceBackend());

function random(backend: Backend, shape: number[], seed: number): Tensor {
  const rng = new Random(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return Tensor.from(
    Float32Array.from({ length: size }, () => rng.normal()),
    shape,
    {
      backend,
      keep: true,
    },
  );
}

/** ops.gemm with the case's transposes into a reused output. */
export function simdnetGemm(name: string, backend: () => Backend): Contender<GemmCase> {
  return {
    name,
    async prepare({ m, n, k, transA, transB }) {
      const b = backend();
      const a = random(b, transA ? [k, m] : [m, k], 1);
      const bb = random(b, transB ? [n, k] : [k, n], 2);
      const c = Tensor.zeros([m, n], { backend: b, keep: true });
      return {
        step: () => void ops.gemm(a, bb, { transA, transB, out: c }),
        dispose: () => [a, bb, c].forEach((t) => t.release()),
      };
    },
  };
}

/** One SGD step of 784-300-10 built from nn and optim; the loss is read back. */
export function simdnetMlp(name: string, backend: () => Backend): Contender<MlpCase> {
  return {
    name,
    async prepare({ batch, x, labels }) {
      return withBackend(backend(), () => {
        manualSeed(0);
        const model = mlp([784, 300, 10]);
        const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
        const input = Tensor.from(x, [batch, 784], { keep: true });
        return {
          step: () =>
            withBackend(input.backend, () =>
              scope(() => {
                const loss = nn.functional.crossEntropy(model.forward(input), labels);
                opt.zeroGrad();
                loss.backward();
                opt.step();
                loss.item();
              }),
            ),
          dispose: () => input.release(),
        };
      });
    },
  };
}

export { referenceBackend };
