import type { ArgNamesOf, Ptr } from '../args';

export interface SoftmaxKernels {
  /** Mean softmax cross-entropy of logits [b, c] against i32 labels; writes dlogits = (softmax − onehot)/b
   * unless dlogits is 0. Returns the loss. Labels must lie in [0, c) (checked by the caller). */
  softmaxCrossEntropy(logits: Ptr, labels: Ptr, b: number, c: number, dlogits: Ptr): number;
  /** The same with soft (or one-hot) targets [b, c]: loss = −mean_b Σ_c t·log softmax. */
  softmaxCrossEntropySoft(logits: Ptr, targets: Ptr, b: number, c: number, dlogits: Ptr): number;
  /** Mean binary cross-entropy with logits over n elements (PyTorch's BCEWithLogitsLoss):
   * mean(max(x, 0) − x·t + log(1 + e^−|x|)); writes dlogits = (sigmoid(x) − t)/n unless
   * dlogits is 0. Returns the loss (f64). Targets must lie in [0, 1] (checked by the caller). */
  sigmoidCrossEntropy(logits: Ptr, targets: Ptr, n: number, dlogits: Ptr): number;
  /** Row-wise softmax of x [rows, cols]; y may equal x. */
  softmax(x: Ptr, rows: number, cols: number, y: Ptr): void;
  /** Row-wise log-softmax of x [rows, cols]; y may equal x. */
  logSoftmax(x: Ptr, rows: number, cols: number, y: Ptr): void;
  /** dx = y ⊙ (dy − Σ_row dy·y) for y = softmax(x). */
  softmaxBackward(y: Ptr, dy: Ptr, rows: number, cols: number, dx: Ptr): void;
  /** dx = dy − exp(y)·Σ_row dy for y = logSoftmax(x). */
  logSoftmaxBackward(y: Ptr, dy: Ptr, rows: number, cols: number, dx: Ptr): void;
}

/** The arguments of each kernel of SoftmaxKernels, by name and in order. */
export const SOFTMAX_ARGS = {
  softmaxCrossEntropy: ['logits', 'labels', 'b', 'c', 'dlogits'],
  softmaxCrossEntropySoft: ['logits', 'targets', 'b', 'c', 'dlogits'],
  sigmoidCrossEntropy: ['logits', 'targets', 'n', 'dlogits'],
  softmax: ['x', 'rows', 'cols', 'y'],
  logSoftmax: ['x', 'rows', 'cols', 'y'],
  softmaxBackward: ['y', 'dy', 'rows', 'cols', 'dx'],
  logSoftmaxBackward: ['y', 'dy', 'rows', 'cols', 'dx'],
} as const satisfies ArgNamesOf<SoftmaxKernels>;
