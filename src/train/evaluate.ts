import { crossEntropy } from '../autograd/functions';
import { noGrad } from '../autograd/graph';
import { madeInThisScope, scope } from '../lifetime';
import type { Module } from '../nn';
import { batchSize, countCorrect, type Batches, type LossFn } from './batches';

/** Mean loss over the samples and, for integer labels, the accuracy. */
export interface Evaluation {
  loss: number;
  accuracy?: number;
  samples: number;
}

/**
 * Runs the model in evaluation mode without recording gradients over every batch and
 * averages the loss per sample; frees everything it makes and restores the model's mode.
 */
export function evaluate(
  model: Module,
  data: Batches,
  { loss = crossEntropy as LossFn }: { loss?: LossFn } = {},
): Evaluation {
  const wasTraining = model.training;
  model.eval();
  let samples = 0;
  let lossSum = 0;
  let correct = 0;
  let labelled = 0;
  try {
    scope(() =>
      noGrad(() => {
        for (const batch of data) {
          scope(() => {
            const out = model.forward(batch.x);
            const n = batchSize(batch);
            lossSum += loss(out, batch.y).item() * n;
            samples += n;
            if (batch.y instanceof Int32Array) {
              correct += countCorrect(out, batch.y);
              labelled += n;
            }
          });
          // A batch the iterator made for this loop is freed now rather than at the end.
          if (madeInThisScope(batch.x)) batch.x.release();
        }
      }),
    );
  } finally {
    model.train(wasTraining);
  }
  if (samples === 0) throw new Error('simdnet: evaluate: the data yielded no batches');
  return {
    loss: lossSum / samples,
    accuracy: labelled ? correct / labelled : undefined,
    samples,
  };
}
