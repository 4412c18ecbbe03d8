// E2 (a): the 2-4-2 network with ops only — the forward pass, the hand-written backward
// pass and the SGD update are explicit kernel calls; no autograd, no layers.
//   npx tsx examples/e2/a-manual.ts
import { data, ops, Tensor } from '../../src';
import { batches, runAsMain, SHAPES, type Recipe, type Trained, type Weights } from './common';

export function trainManual(
  init: Weights,
  train: data.Dataset<Int32Array>,
  recipe: Recipe,
): Trained {
  const p = {
    w1: Tensor.from(init.w1, SHAPES.w1, { keep: true }),
    b1: Tensor.from(init.b1, SHAPES.b1, { keep: true }),
    w2: Tensor.from(init.w2, SHAPES.w2, { keep: true }),
    b2: Tensor.from(init.b2, SHAPES.b2, { keep: true }),
  };
  const losses: number[] = [];
  const loader = batches(train, recipe);
  for (let epoch = 0; epoch < recipe.epochs; epoch++) {
    let total = 0;
    for (const { x, y } of loader) {
      // Forward: h = tanh(x·w1ᵀ + b1), logits = h·w2ᵀ + b2.
      const h = ops.tanh(ops.addRowVector(ops.gemm(x, p.w1, { transB: true }), p.b1));
      const logits = ops.addRowVector(ops.gemm(h, p.w2, { transB: true }), p.b2);
      // Softmax and the mean cross-entropy over the batch, with its gradient
      // dlogits = (softmax(logits) − onehot(y)) / B, in one fused kernel.
      const { loss, dlogits } = ops.softmaxCrossEntropy(logits, y);
      total += loss * y.length;
      // Backward: each line is the adjoint of one forward line, last layer first.
      const g = {
        w2: ops.gemm(dlogits, h, { transA: true }), // dlogitsᵀ·h       [2, 4]
        b2: ops.sumColumns(dlogits), //                  Σ over the batch [2]
        w1: undefined as unknown as Tensor,
        b1: undefined as unknown as Tensor,
      };
      const dh = ops.gemm(dlogits, p.w2); //           dlogits·w2       [B, 4]
      const dpre = ops.tanhBackward(h, dh); //         dh·(1 − h²)      [B, 4]
      g.w1 = ops.gemm(dpre, x, { transA: true }); //   dpreᵀ·x          [4, 2]
      g.b1 = ops.sumColumns(dpre); //                  Σ over the batch [4]
      // SGD: w ← w − lr·dL/dw.
      for (const name of ['w1', 'b1', 'w2', 'b2'] as const) {
        ops.sgdStep(p[name], g[name], undefined, { lr: recipe.lr });
        g[name].release();
      }
      for (const t of [x, h, logits, dlogits, dh, dpre]) t.release();
    }
    losses.push(total / train.length);
  }
  const weights = {
    w1: p.w1.toArray(),
    b1: p.b1.toArray(),
    w2: p.w2.toArray(),
    b2: p.b2.toArray(),
  };
  for (const t of Object.values(p)) t.release();
  return { weights, losses };
}

const isMain = typeof process !== 'undefined' && import.meta.url === `file://${process.argv[1]}`;
if (isMain) await runAsMain('ops only, hand-written backward', trainManual);
