// E2 (b): the 2-4-2 network with autograd — the forward pass is written with tensor
// operations on weights that require a gradient, and loss.backward() fills their .grad.
// No layers, no optimizer: the SGD update is still by hand.
//   npx tsx examples/e2/b-autograd.ts
import { data, nn, noGrad, ops, Tensor } from '../../src';
import { batches, runAsMain, SHAPES, type Recipe, type Trained, type Weights } from './common';

export function trainAutograd(
  init: Weights,
  train: data.Dataset<Int32Array>,
  recipe: Recipe,
): Trained {
  const options = { requiresGrad: true, keep: true };
  const w1 = Tensor.from(init.w1, SHAPES.w1, options);
  const b1 = Tensor.from(init.b1, SHAPES.b1, options);
  const w2 = Tensor.from(init.w2, SHAPES.w2, options);
  const b2 = Tensor.from(init.b2, SHAPES.b2, options);
  const losses: number[] = [];
  const loader = batches(train, recipe);
  for (let epoch = 0; epoch < recipe.epochs; epoch++) {
    let total = 0;
    for (const { x, y } of loader) {
      // Forward: the same formulas as (a); every operation is recorded for backward().
      const h = x.matmul(w1.transpose()).add(b1).tanh();
      const logits = h.matmul(w2.transpose()).add(b2);
      const loss = nn.functional.crossEntropy(logits, y); // softmax + mean cross-entropy
      total += loss.item() * y.length;
      loss.backward(); // w1.grad, b1.grad, w2.grad, b2.grad
      // SGD: w ← w − lr·w.grad, outside the graph; then drop the gradients.
      noGrad(() => {
        for (const w of [w1, b1, w2, b2]) {
          ops.sgdStep(w, w.grad!, undefined, { lr: recipe.lr });
          w.grad!.release();
          w.grad = null;
        }
      });
    }
    losses.push(total / train.length);
  }
  return {
    weights: { w1: w1.toArray(), b1: b1.toArray(), w2: w2.toArray(), b2: b2.toArray() },
    losses,
  };
}

const isMain = typeof process !== 'undefined' && import.meta.url === `file://${process.argv[1]}`;
if (isMain) await runAsMain('autograd', trainAutograd);
