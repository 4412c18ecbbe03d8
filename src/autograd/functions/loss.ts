import { internal } from '../../lifetime';
import * as ops from '../../ops';
import type { Labels } from '../../ops';
import { Tensor } from '../../tensor';
import { record } from '../graph';
import { add, mul, scale, sub } from './arithmetic';
import { sameShape } from './broadcast';
import { mean, sumSquares } from './reduce';

/** A scalar loss tensor whose backward is dlogits (precomputed by a fused kernel) times dy. */
function fusedLoss(name: string, logits: Tensor, loss: number, dlogits: Tensor): Tensor {
  const y = Tensor.full([], loss, { backend: logits.backend });
  return record(y, name, [logits], (dy) => [ops.scale(dlogits, dy.item())]);
}

/**
 * Softmax cross-entropy of logits [B, C], averaged over the batch, against integer class
 * labels (Int32Array, number[] or an int32 tensor) or soft / one-hot targets (a float
 * tensor [B, C]). One fused kernel computes the loss and its gradient.
 */
export function crossEntropy(logits: Tensor, target: Labels | Tensor): Tensor {
  return internal(() => {
    const { loss, dlogits } =
      target instanceof Tensor && target.dtype === 'float32'
        ? ops.softmaxCrossEntropySoft(logits, target)
        : ops.softmaxCrossEntropy(logits, target as Labels);
    return fusedLoss('crossEntropy', logits, loss, dlogits);
  });
}

/**
 * Binary cross-entropy with logits (multiple independent binary labels), averaged over all
 * elements: targets in [0, 1], same shape as logits. Stable for large |logits|.
 */
export function bceWithLogits(logits: Tensor, targets: Tensor): Tensor {
  return internal(() => {
    const { loss, dlogits } = ops.sigmoidCrossEntropy(logits, targets);
    return fusedLoss('bceWithLogits', logits, loss, dlogits);
  });
}

/** Mean squared error mean((pred − target)²); the shapes must be equal. */
export function mse(pred: Tensor, target: Tensor): Tensor {
  return internal(() => {
    if (!sameShape(pred.shape, target.shape)) {
      throw new Error(
        `simdnet: mse: prediction [${pred.shape}] and target [${target.shape}] must have the same shape`,
      );
    }
    const d = sub(pred, target);
    return mean(mul(d, d));
  });
}

/** lambda · Σ over the tensors of ‖t‖² (an L2 weight penalty to add to a loss). */
export function l2Penalty(tensors: readonly Tensor[], lambda: number): Tensor {
  return internal(() => {
    if (tensors.length === 0) throw new Error('simdnet: l2Penalty: no tensors given');
    const total = tensors.map(sumSquares).reduce((a, b) => add(a, b));
    return scale(total, lambda);
  });
}
