// TensorFlow.js 4.22 on its WebAssembly backend (XNNPACK, one thread) or its plain-JS CPU
// backend. Both live in one tfjs engine, so each window first selects its backend.
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { benchData } from '../harness';
import type { Bench, Contender, GemmShape, Layer, ModelTask } from './contender';
import { LEARNING_RATE, syntheticBatch, walk } from './models';

// tfjs-core's Node bundle has no gradients (the @tensorflow/tfjs union package registers
// them). Its ES-module file does, with extensionless imports that Node's ESM loader refuses;
// tsx's require() accepts them, and the registry is global, so the bundle sees them.
createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients.js');

type Forward = (x: tf.Tensor, training: boolean) => tf.Tensor;

/** One layer as a function of its input, with its parameters as tf.Variables (NHWC). */
function layerOf(layer: Layer, input: number[], vars: tf.Variable[], seed: number): Forward {
  const param = (shape: number[], fanIn: number) => {
    const bound = 1 / Math.sqrt(fanIn);
    const v = tf.variable(tf.randomUniform(shape, -bound, bound, 'float32', seed));
    vars.push(v);
    return v;
  };
  switch (layer.type) {
    case 'conv': {
      const { kernel: k, out, padding } = layer;
      const w = param([k, k, input[0], out], input[0] * k * k);
      const b = param([out], input[0] * k * k);
      return (x) => tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, padding), b);
    }
    case 'relu':
      return (x) => tf.relu(x);
    case 'maxpool':
      return (x) => tf.maxPool(x as tf.Tensor4D, layer.size, layer.size, 'valid');
    case 'dropout':
      return (x, training) => (training ? tf.dropout(x, layer.p) : x);
    case 'flatten':
      return (x) => tf.reshape(x, [x.shape[0], -1]);
    case 'linear': {
      const w = param([input[0], layer.out], input[0]);
      const b = param([layer.out], input[0]);
      return (x) => tf.add(tf.matMul(x, w), b);
    }
  }
}

/** A tfjs contender on `backend`; the wasm one computes on one thread. */
export async function tfjsContender(backend: 'wasm' | 'cpu'): Promise<Contender> {
  if (backend === 'wasm') setThreadsCount(1); // before the backend initialises
  await tf.setBackend(backend);
  const enter = async () => void (await tf.setBackend(backend));
  return {
    name: `tfjs-${backend}`,
    threads: backend === 'wasm' ? String(getThreadsCount()) : '1',
    async gemm({ m, k, n, transA, transB }: GemmShape): Promise<Bench> {
      await enter();
      const a = tf.tensor2d(benchData(m * k, 1), transA ? [k, m] : [m, k]);
      const b = tf.tensor2d(benchData(k * n, 2), transB ? [n, k] : [k, n]);
      return {
        enter,
        run: () => {
          const c = tf.matMul(a, b, transA, transB);
          c.dataSync();
          c.dispose();
        },
        dispose: () => tf.dispose([a, b]),
      };
    },
    async model({ model, batch, mode }: ModelTask): Promise<Bench> {
      await enter();
      const vars: tf.Variable[] = [];
      const layers = walk(model).map(({ layer, input }, i) => layerOf(layer, input, vars, i + 1));
      const forward: Forward = (x, training) => layers.reduce((h, f) => f(h, training), x);
      const { x: data, labels, classes } = syntheticBatch(model, batch);
      const [c, ...hw] = model.input;
      // tfjs convolves NHWC: the same values, laid out channels-last (layout is not timed).
      const x = hw.length
        ? tf.tidy(() => tf.transpose(tf.tensor4d(data, [batch, c, hw[0], hw[1]]), [0, 2, 3, 1]))
        : tf.tensor2d(data, [batch, c]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
      const dispose = () => tf.dispose([x, y, ...vars]);
      if (mode === 'infer') {
        return {
          enter,
          run: () => {
            const out = tf.tidy(() => forward(x, false));
            out.dataSync();
            out.dispose();
          },
          dispose,
        };
      }
      const optimizer = tf.train.sgd(LEARNING_RATE);
      return {
        enter,
        run: () => {
          const loss = optimizer.minimize(
            () => tf.losses.softmaxCrossEntropy(y, forward(x, true)) as tf.Scalar,
            true,
            vars,
          )!;
          loss.dataSync();
          loss.dispose();
        },
        dispose: () => {
          dispose();
          optimizer.dispose();
        },
      };
    },
  };
}
