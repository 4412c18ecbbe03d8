// jax-js 0.1.25 on its WebAssembly device, in its fastest mode: jit over the whole matmul or
// the whole training step. jax-js moves arrays into the functions that take them (`.ref`
// keeps one alive). It computes on one thread in Node 20, which has no global Worker.
import { init, jit, lax, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import { benchData } from '../harness';
import type { Bench, Contender, GemmShape, Layer, ModelTask } from './contender';
import { LEARNING_RATE, syntheticBatch, walk } from './models';

type Params = np.Array[];
type Forward = (x: np.Array, params: Params) => np.Array;

const array = (data: Float32Array, shape: number[]) => np.array(data).reshape(shape);

/** One layer as a function of its input; it takes its own parameters off the front of `params`. */
function layerOf(layer: Layer, input: number[], params: Params, seed: number): Forward {
  const param = (shape: number[], fanIn: number) => {
    const size = shape.reduce((a, b) => a * b, 1);
    params.push(
      array(
        benchData(size, seed++).map((v) => v / Math.sqrt(fanIn)),
        shape,
      ),
    );
  };
  switch (layer.type) {
    case 'conv': {
      const { kernel: k, out, padding: p } = layer;
      param([out, input[0], k, k], input[0] * k * k);
      param([1, out, 1, 1], input[0] * k * k);
      return (x, ps) =>
        lax
          .conv(
            x,
            ps.shift()!,
            [1, 1],
            [
              [p, p],
              [p, p],
            ],
          )
          .add(ps.shift()!);
    }
    case 'relu':
      return (x) => nn.relu(x);
    case 'maxpool': {
      const [c, h, w] = input;
      const s = layer.size;
      return (x) => x.reshape([-1, c, h / s, s, w / s, s]).max([3, 5]);
    }
    case 'dropout': // not implemented here (a random mask per step): jax-js trains without it
    case 'flatten':
      return (x) => (layer.type === 'flatten' ? x.reshape([x.shape[0], -1]) : x);
    case 'linear':
      param([input[0], layer.out], input[0]);
      param([layer.out], input[0]);
      return (x, ps) => np.matmul(x, ps.shift()!).add(ps.shift()!);
  }
}

/** The jax-js contender (init('wasm') once: init() without a device throws in Node). */
export async function jaxContender(): Promise<Contender> {
  await init('wasm');
  return {
    name: 'jax-js',
    threads: typeof Worker === 'undefined' ? '1' : 'pool',
    async gemm({ m, k, n, transA, transB }: GemmShape): Promise<Bench> {
      const a = array(benchData(m * k, 1), transA ? [k, m] : [m, k]);
      const b = array(benchData(k * n, 2), transB ? [n, k] : [k, n]);
      const product = jit((a: np.Array, b: np.Array) =>
        np.matmul(transA ? a.transpose() : a, transB ? b.transpose() : b),
      );
      return {
        run: async () => {
          const c = product(a.ref, b.ref);
          await c.blockUntilReady();
          c.dispose();
        },
        dispose: () => {
          tree.dispose([a, b]);
          product.dispose();
        },
      };
    },
    async model({ model, batch, mode }: ModelTask): Promise<Bench> {
      let params: Params = [];
      const layers = walk(model).map(({ layer, input }, i) =>
        layerOf(layer, input, params, 10 * i + 1),
      );
      const forward = (ps: Params, x: np.Array) => {
        const queue = [...ps];
        return layers.reduce((h, f) => f(h, queue), x);
      };
      const { x: data, labels, classes } = syntheticBatch(model, batch);
      const x = array(data, [batch, ...model.input]);
      const y = nn.oneHot(np.array(labels, { dtype: np.int32 }), classes);
      const dispose = () => tree.dispose([x, y, params]);
      if (mode === 'infer') {
        const infer = jit(forward);
        return {
          run: async () => {
            const out = infer(tree.ref(params), x.ref);
            await out.blockUntilReady();
            out.dispose();
          },
          dispose,
        };
      }
      const lossOf = (ps: Params, x: np.Array, y: np.Array) =>
        nn
          .logSoftmax(forward(ps, x))
          .mul(y)
          .sum()
          .mul(-1 / batch);
      const step = jit((ps: Params, x: np.Array, y: np.Array) => {
        const [loss, grads] = valueAndGrad(lossOf)(tree.ref(ps), x, y);
        return [
          loss,
          tree.map((p: np.Array, g: np.Array) => p.sub(g.mul(LEARNING_RATE)), ps, grads),
        ];
      });
      return {
        run: async () => {
          const [loss, next] = step(params, x.ref, y.ref) as [np.Array, Params];
          params = next;
          await loss.data();
        },
        dispose,
      };
    },
  };
}
