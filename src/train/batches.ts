import { argmaxRows } from '../ops';
import type { Tensor } from '../tensor';

/** One mini-batch: inputs and targets (class labels, or a float tensor for regression). */
export interface Batch {
  x: Tensor;
  y: Int32Array | Tensor;
}

/** A source of mini-batches, such as a data.DataLoader: iterable once per epoch, with a length. */
export type Batches = Iterable<Batch> & { readonly length: number };

/** A loss: model output and targets → a scalar tensor. */
export type LossFn = (output: Tensor, target: Int32Array | Tensor) => Tensor;

/** Rows of `output` [B, C] whose largest logit is at the label. */
export function countCorrect(output: Tensor, labels: Int32Array): number {
  const predicted = argmaxRows(output);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct;
}

/** Number of samples in a batch. */
export function batchSize(b: Batch): number {
  return b.x.shape[0] ?? 1;
}
