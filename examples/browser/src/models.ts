// The two MNIST models of the page, the optimizers they train with, and which is which.
import { nn, optim } from '../../../src';
import { mnistCnn } from '../../../src/experiments/models';
import type { ModelKind } from './protocol';

/** 784 → 300 (ReLU) → 10: the course's MLP. */
export const mnistMlp = (): nn.Sequential =>
  new nn.Sequential(
    new nn.Flatten(),
    new nn.Linear(784, 300),
    new nn.ReLU(),
    new nn.Linear(300, 10),
  );

export const MODELS = { mlp: mnistMlp, cnn: mnistCnn };

/** Adam for the MLP (fast on a page); Adadelta lr 1.0 for the CNN, as in E8. */
export function optimizerFor(kind: ModelKind, model: nn.Module): optim.Optimizer {
  return kind === 'cnn'
    ? new optim.Adadelta(model.parameters(), { lr: 1.0 })
    : new optim.Adam(model.parameters(), { lr: 1e-3 });
}

/** Which of the two a loaded model is: the CNN's first layer is a Conv2d. */
export function kindOf(model: nn.Module): ModelKind {
  return model instanceof nn.Sequential && model.layers[0] instanceof nn.Conv2d ? 'cnn' : 'mlp';
}

/** The first layer with weights: a Linear's rows or a Conv2d's kernels, one image each. */
export function firstWeights(model: nn.Sequential): {
  count: number;
  height: number;
  width: number;
  values: Float32Array;
} {
  const layer = model.layers.find((l) => l instanceof nn.Linear || l instanceof nn.Conv2d);
  if (!layer) throw new Error('the model has no Linear or Conv2d layer');
  const w = (layer as nn.Linear | nn.Conv2d).weight;
  const values = w.toArray();
  if (layer instanceof nn.Conv2d) {
    // [out, in, k, k]: the first input channel of each kernel (MNIST has one).
    const [out, inputs, k] = w.shape;
    const first = new Float32Array(out * k * k);
    for (let o = 0; o < out; o++)
      first.set(values.subarray(o * inputs * k * k, (o * inputs + 1) * k * k), o * k * k);
    return { count: out, height: k, width: k, values: first };
  }
  const [out, inputs] = w.shape;
  const side = Math.round(Math.sqrt(inputs));
  return { count: out, height: side, width: inputs / side, values };
}
