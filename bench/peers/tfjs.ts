// TensorFlow.js contenders: the wasm backend (XNNPACK, one thread) and the plain-JS cpu
// backend. Tensors are made after switching backends so that no data moves between them.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { Contender, GemmCase, MlpCase } from './workloads';

export type TfBackend = 'wasm' | 'cpu';

let threadsSet = false;

/** Selects a tfjs backend (the wasm one limited to one thread). */
export async function useTf(backend: TfBackend): Promise<void> {
  if (backend === 'wasm' && !threadsSet) {
    setThreadsCount(1);
    threadsSet = true;
  }
  await tf.setBackend(backend);
  await tf.ready();
}

/** tf.matMul with the case's transposes; the result is read back so the work is done. */
export function tfGemm(backend: TfBackend): Contender<GemmCase> {
  return {
    name: `tfjs-${backend}`,
    async prepare({ m, n, k, transA, transB }) {
      await useTf(backend);
      const a = tf.randomNormal(transA ? [k, m] : [m, k]);
      const b = tf.randomNormal(transB ? [n, k] : [k, n]);
      return {
        step: () => {
          const c = tf.matMul(a, b, transA, transB);
          c.dataSync();
          c.dispose();
        },
        enter: () => useTf(backend),
        dispose: () => tf.dispose([a, b]),
      };
    },
  };
}

/** One SGD step of 784-300-10 (ReLU, softmax cross-entropy), the loss read back. */
export function tfMlp(backend: TfBackend): Contender<MlpCase> {
  return {
    name: `tfjs-${backend}`,
    async prepare({ batch, x, labels }) {
      await useTf(backend);
      const w1 = tf.variable(tf.randomUniform([784, 300], -0.0357, 0.0357));
      const b1 = tf.variable(tf.zeros([300]));
      const w2 = tf.variable(tf.randomUniform([300, 10], -0.0577, 0.0577));
      const b2 = tf.variable(tf.zeros([10]));
      const opt = tf.train.sgd(0.01);
      const xs = tf.tensor2d(x, [batch, 784]);
      const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
      return {
        step: () => {
          const cost = opt.minimize(() => {
            const h = tf.relu(tf.add(tf.matMul(xs, w1), b1));
            return tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(h, w2), b2)) as tf.Scalar;
          }, true)!;
          cost.dataSync();
          cost.dispose();
        },
        enter: () => useTf(backend),
        dispose: () => tf.dispose([w1, b1, w2, b2, xs, ys]),
      };
    },
  };
}
