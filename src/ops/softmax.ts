import { Tensor } from '../tensor';
import { checkSameShape, checkTensor, commonBackend, invalid, output } from './checks';

/** The mean loss over the batch and its gradient with respect to the logits. */
export interface LossAndGradient {
  loss: number;
  /** d loss / d logits, shaped as the logits. */
  dlogits: Tensor;
}

/** Integer class labels: a JS array or an int32 tensor (on the logits' backend). */
export type Labels = Int32Array | readonly number[] | Tensor<'int32'>;

/**
 * Softmax cross-entropy of logits [B, C] against integer labels, fused: one pass per row
 * computes the mean loss −mean log softmax(x)[label] and dlogits = (softmax − onehot)/B,
 * max-subtracted so that large logits neither overflow nor lose precision.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Labels): LossAndGradient {
  const op = 'ops.softmaxCrossEntropy';
  checkTensor(op, 'logits', logits, 2);
  const [b, c] = logits.shape;
  const backend = logits.backend;
  if (labels instanceof Tensor) {
    checkTensor(op, 'labels', labels, 1, 'int32');
    commonBackend(op, { logits, labels });
  } else if (!(labels instanceof Int32Array) && !Array.isArray(labels)) {
    invalid(op, `'labels' must be an Int32Array, an array of integers or an int32 Tensor`);
  }
  const values = labels instanceof Tensor ? labels.ints() : labels;
  if (values.length !== b) {
    invalid(
      op,
      `'labels' has ${values.length} entries for a batch of ${b} (logits [${logits.shape}])`,
    );
  }
  for (let i = 0; i < b; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= c) {
      invalid(
        op,
        `'labels'[${i}] is ${v}: labels must be integers in [0, ${c}) for logits [${logits.shape}]`,
      );
    }
  }
  const labelTensor = labels instanceof Tensor ? labels : Tensor.fromInts(values, [b], { backend });
  const dlogits = output(backend, logits.shape);
  const loss = backend.kernels.softmaxCrossEntropy(logits.ptr, labelTensor.ptr, b, c, dlogits.ptr);
  if (labelTensor !== labels) labelTensor.release();
  return { loss, dlogits };
}

/**
 * Softmax cross-entropy against soft (or one-hot) targets [B, C]:
 * loss = −mean_b Σ_c t·log softmax(x), dlogits = (softmax·Σ_c t − t)/B.
 */
export function softmaxCrossEntropySoft(logits: Tensor, targets: Tensor): LossAndGradient {
  const op = 'ops.softmaxCrossEntropySoft';
  checkTensor(op, 'logits', logits, 2);
  checkTensor(op, 'targets', targets, 2);
  checkSameShape(op, 'logits', logits, 'targets', targets);
  const backend = commonBackend(op, { logits, targets });
  const [b, c] = logits.shape;
  const dlogits = output(backend, logits.shape);
  const loss = backend.kernels.softmaxCrossEntropySoft(logits.ptr, targets.ptr, b, c, dlogits.ptr);
  return { loss, dlogits };
}

/**
 * Binary cross-entropy with logits (PyTorch's BCEWithLogitsLoss, mean over every element),
 * fused: loss = mean(max(x, 0) − x·t + log(1 + e^−|x|)), dlogits = (sigmoid(x) − t)/n for
 * logits and targets of the same shape, targets in [0, 1]. Stable for any finite logit.
 */
export function sigmoidCrossEntropy(logits: Tensor, targets: Tensor): LossAndGradient {
  const op = 'ops.sigmoidCrossEntropy';
  checkTensor(op, 'logits', logits);
  checkTensor(op, 'targets', targets);
  checkSameShape(op, 'logits', logits, 'targets', targets);
  const backend = commonBackend(op, { logits, targets });
  const t = targets.floats();
  for (let i = 0; i < t.length; i++) {
    const v = t[i];
    // Written so that NaN fails too.
    if (!(v >= 0 && v <= 1)) invalid(op, `'targets'[${i}] is ${v}: targets must be in [0, 1]`);
  }
  const dlogits = output(backend, logits.shape);
  const loss = backend.kernels.sigmoidCrossEntropy(
    logits.ptr,
    targets.ptr,
    logits.size,
    dlogits.ptr,
  );
  return { loss, dlogits };
}

/** Rows and columns of x seen as rows over its last axis. */
function lastAxisRows(op: string, name: string, x: Tensor): [rows: number, cols: number] {
  if (x.shape.length === 0) invalid(op, `'${name}' must have at least one axis, got a scalar`);
  const cols = x.shape[x.shape.length - 1];
  return [x.size / cols, cols];
}

function rowwise(op: 'softmax' | 'logSoftmax', x: Tensor): Tensor {
  const name = `ops.${op}`;
  checkTensor(name, 'x', x);
  const [rows, cols] = lastAxisRows(name, 'x', x);
  const y = output(x.backend, x.shape);
  x.backend.kernels[op](x.ptr, rows, cols, y.ptr);
  return y;
}

function rowwiseBackward(
  op: 'softmaxBackward' | 'logSoftmaxBackward',
  y: Tensor,
  dy: Tensor,
): Tensor {
  const name = `ops.${op}`;
  checkTensor(name, 'y', y);
  checkTensor(name, 'dy', dy);
  checkSameShape(name, 'y', y, 'dy', dy);
  const [rows, cols] = lastAxisRows(name, 'y', y);
  const backend = commonBackend(name, { y, dy });
  const dx = output(backend, y.shape);
  backend.kernels[op](y.ptr, dy.ptr, rows, cols, dx.ptr);
  return dx;
}

/** Softmax over the last axis of x (each row of a [rows, cols] matrix). */
export const softmax = (x: Tensor): Tensor => rowwise('softmax', x);
/** Log-softmax over the last axis of x (x − log Σ e^x, computed stably). */
export const logSoftmax = (x: Tensor): Tensor => rowwise('logSoftmax', x);
/** dx of softmax from its output y: y ⊙ (dy − Σ_row dy·y). */
export const softmaxBackward = (y: Tensor, dy: Tensor): Tensor =>
  rowwiseBackward('softmaxBackward', y, dy);
/** dx of logSoftmax from its output y: dy − e^y·Σ_row dy. */
export const logSoftmaxBackward = (y: Tensor, dy: Tensor): Tensor =>
  rowwiseBackward('logSoftmaxBackward', y, dy);
