import type { ArgNamesOf, Ptr } from '../args';

export interface NormKernels {
  /** Batch norm in training mode over x [n, c, hw]: normalises with the batch statistics, writes
   * saveMean / saveInvStd [c] for the backward, and updates runMean / runVar (unbiased) with
   * momentum: run = (1 − momentum)·run + momentum·batch. */
  batchNormTrain(
    x: Ptr,
    n: number,
    c: number,
    hw: number,
    gamma: Ptr,
    beta: Ptr,
    eps: number,
    momentum: number,
    runMean: Ptr,
    runVar: Ptr,
    y: Ptr,
    saveMean: Ptr,
    saveInvStd: Ptr,
  ): void;
  /** Batch norm in evaluation mode, with the running statistics. */
  batchNormEval(
    x: Ptr,
    n: number,
    c: number,
    hw: number,
    gamma: Ptr,
    beta: Ptr,
    runMean: Ptr,
    runVar: Ptr,
    eps: number,
    y: Ptr,
  ): void;
  /** Gradients of batchNormTrain: dx (overwritten), dgamma and dbeta [c] (overwritten). */
  batchNormBackward(
    x: Ptr,
    dy: Ptr,
    n: number,
    c: number,
    hw: number,
    gamma: Ptr,
    saveMean: Ptr,
    saveInvStd: Ptr,
    dx: Ptr,
    dgamma: Ptr,
    dbeta: Ptr,
  ): void;
}

/** The arguments of each kernel of NormKernels, by name and in order. */
export const NORM_ARGS = {
  batchNormTrain: [
    'x',
    'n',
    'c',
    'hw',
    'gamma',
    'beta',
    'eps',
    'momentum',
    'runMean',
    'runVar',
    'y',
    'saveMean',
    'saveInvStd',
  ],
  batchNormEval: ['x', 'n', 'c', 'hw', 'gamma', 'beta', 'runMean', 'runVar', 'eps', 'y'],
  batchNormBackward: [
    'x',
    'dy',
    'n',
    'c',
    'hw',
    'gamma',
    'saveMean',
    'saveInvStd',
    'dx',
    'dgamma',
    'dbeta',
  ],
} as const satisfies ArgNamesOf<NormKernels>;
