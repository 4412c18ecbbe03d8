// E2 (c): the 2-4-2 network as nn layers — nn.Sequential(Linear, Tanh, Linear) holds the
// weights; the loss is nn.functional.crossEntropy; the SGD update is still by hand.
//   npx tsx examples/e2/c-nn.ts
import { data, nn, noGrad, ops } from '../../src';
import { batches, runAsMain, type Recipe, type Trained, type Weights } from './common';

/** 2 → 4 (tanh) → 2; the softmax is in the loss (crossEntropy takes the logits). */
export function circlesNet(init: Weights): nn.Sequential {
  const model = new nn.Sequential(new nn.Linear(2, 4), new nn.Tanh(), new nn.Linear(4, 2));
  model.loadStateDict({
    '0.weight': init.w1,
    '0.bias': init.b1,
    '2.weight': init.w2,
    '2.bias': init.b2,
  });
  return model;
}

/** The model's weights under the names of common.ts. */
export function weightsOf(model: nn.Sequential): Weights {
  const w = model.stateDict();
  return {
    w1: w['0.weight'].toArray(),
    b1: w['0.bias'].toArray(),
    w2: w['2.weight'].toArray(),
    b2: w['2.bias'].toArray(),
  };
}

export function trainNn(init: Weights, train: data.Dataset<Int32Array>, recipe: Recipe): Trained {
  const model = circlesNet(init);
  const losses: number[] = [];
  const loader = batches(train, recipe);
  for (let epoch = 0; epoch < recipe.epochs; epoch++) {
    let total = 0;
    for (const { x, y } of loader) {
      const loss = nn.functional.crossEntropy(model.forward(x), y);
      total += loss.item() * y.length;
      loss.backward();
      noGrad(() => {
        for (const w of model.parameters()) {
          ops.sgdStep(w, w.grad!, undefined, { lr: recipe.lr });
          w.grad!.release();
          w.grad = null;
        }
      });
    }
    losses.push(total / train.length);
  }
  return { weights: weightsOf(model), losses };
}

const isMain = typeof process !== 'undefined' && import.meta.url === `file://${process.argv[1]}`;
if (isMain) await runAsMain('nn layers', trainNn);
