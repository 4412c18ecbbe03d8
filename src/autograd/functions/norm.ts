import { internal } from '../../lifetime';
import * as ops from '../../ops';
import type { Tensor } from '../../tensor';
import { record, wanted } from '../graph';

/** What batchNorm needs besides the input and the affine parameters. */
export interface BatchNormState {
  training: boolean;
  runningMean: Tensor;
  runningVar: Tensor;
  momentum?: number;
  eps?: number;
}

/**
 * Batch normalisation of x [N, C] or [N, C, H, W] per channel with scale gamma and shift
 * beta [C]: batch statistics in training (moving the running ones), running statistics in
 * evaluation.
 */
export function batchNorm(x: Tensor, gamma: Tensor, beta: Tensor, state: BatchNormState): Tensor {
  return internal(() => {
    const { y, saveMean, saveInvStd } = ops.batchNorm(x, gamma, beta, state);
    if (!state.training) {
      // Evaluation: an affine map per channel, y = a·x + b with a = gamma/√(var + eps).
      return record(y, 'batchNorm', [x, gamma, beta], () => {
        throw new Error(
          'simdnet: batchNorm: backward through evaluation mode is not supported; call model.train() before training',
        );
      });
    }
    return record(y, 'batchNorm', [x, gamma, beta], (dy) => {
      const { dx, dgamma, dbeta } = ops.batchNormBackward(x, dy, gamma, saveMean!, saveInvStd!);
      return [
        wanted(dx, x.requiresGrad),
        wanted(dgamma, gamma.requiresGrad),
        wanted(dbeta, beta.requiresGrad),
      ];
    });
  });
}
