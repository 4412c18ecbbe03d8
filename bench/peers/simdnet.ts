// simdnet itself: ops.gemm and nn + optim, on the wasm backend (simd build) or on the
// plain-TypeScript reference backend. Each workload gets a fresh backend from init(), so the
// layers are built on it; ops then follow their inputs' backend, so contenders built on
// different backends run side by side without switching. A built checkout of another commit
// can run beside it (main.ts --baseline DIR), each with its own module and memory.
import * as simdnet from '../../src';
import type { InitOptions } from '../../src';
import { benchData } from '../harness';
import type { Bench, Contender, GemmShape, Layer, ModelTask } from './contender';
import { LEARNING_RATE, syntheticBatch, walk } from './models';

/** The library's entry points: this checkout's, or another build's (dist/index.js). */
export type Library = typeof simdnet;
type Module = simdnet.nn.Module;

function layerOf({ nn }: Library, layer: Layer, input: number[]): Module {
  switch (layer.type) {
    case 'conv':
      return new nn.Conv2d(input[0], layer.out, layer.kernel, { padding: layer.padding });
    case 'relu':
      return new nn.ReLU();
    case 'maxpool':
      return new nn.MaxPool2d(layer.size);
    case 'dropout':
      return new nn.Dropout(layer.p);
    case 'flatten':
      return new nn.Flatten();
    case 'linear':
      return new nn.Linear(input[0], layer.out);
  }
}

/** Builds the model on the current backend (the one init() just selected). */
export function simdnetModel(task: ModelTask, library: Library = simdnet) {
  const layers = walk(task.model).map(({ layer, input }) => layerOf(library, layer, input));
  return new library.nn.Sequential(...layers);
}

/** A simdnet contender on the backend that `options` selects. */
export function simdnetContender(
  name: string,
  options: InitOptions,
  library: Library = simdnet,
): Contender {
  const { init, nn, noGrad, ops, optim, scope, Tensor } = library;
  return {
    name,
    threads: String(options.threads ?? 1),
    async gemm({ m, k, n, transA, transB }: GemmShape): Promise<Bench> {
      const backend = await init(options);
      const a = Tensor.from(benchData(m * k, 1), transA ? [k, m] : [m, k], { backend }).keep();
      const b = Tensor.from(benchData(k * n, 2), transB ? [n, k] : [k, n], { backend }).keep();
      const out = Tensor.zeros([m, n], { backend }).keep();
      return {
        // The output stays in wasm memory: reading it back is not part of simdnet's GEMM.
        run: () => void ops.gemm(a, b, { transA, transB, out }),
        dispose: () => [a, b, out].forEach((t) => t.release()),
      };
    },
    async model(task: ModelTask): Promise<Bench> {
      const backend = await init(options);
      const model = simdnetModel(task, library);
      const { x: data, labels } = syntheticBatch(task.model, task.batch);
      const x = Tensor.from(data, [task.batch, ...task.model.input], { backend }).keep();
      const y = Tensor.fromInts(labels, [task.batch], { backend }).keep();
      if (task.mode === 'infer') {
        model.eval();
        // No tape, and scope() frees the activations (no optimizer step ends this loop).
        return {
          run: () => void scope(() => noGrad(() => model.forward(x).toArray())),
          dispose() {},
        };
      }
      const optimizer = new optim.SGD(model.parameters(), { lr: LEARNING_RATE });
      return {
        run: () => {
          const loss = nn.functional.crossEntropy(model.forward(x), y);
          optimizer.zeroGrad();
          loss.backward();
          optimizer.step();
          loss.item();
        },
        dispose() {},
      };
    },
  };
}
