// E2 (d): the 2-4-2 network as nn layers trained by an optimizer — PyTorch's loop:
// opt.zeroGrad(); loss.backward(); opt.step().
//   npx tsx examples/e2/d-optimizer.ts
import { data, nn, optim } from '../../src';
import { batches, runAsMain, type Recipe, type Trained, type Weights } from './common';
import { circlesNet, weightsOf } from './c-nn';

export function trainOptimizer(
  init: Weights,
  train: data.Dataset<Int32Array>,
  recipe: Recipe,
): Trained {
  const model = circlesNet(init);
  const optimizer = new optim.SGD(model.parameters(), { lr: recipe.lr });
  const losses: number[] = [];
  const loader = batches(train, recipe);
  for (let epoch = 0; epoch < recipe.epochs; epoch++) {
    let total = 0;
    for (const { x, y } of loader) {
      const loss = nn.functional.crossEntropy(model.forward(x), y);
      total += loss.item() * y.length;
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
    }
    losses.push(total / train.length);
  }
  return { weights: weightsOf(model), losses };
}

const isMain = typeof process !== 'undefined' && import.meta.url === `file://${process.argv[1]}`;
if (isMain) await runAsMain('nn + optimizer', trainOptimizer);
