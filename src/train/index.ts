// The training loop (fit, evaluate) and the gradient check.
export { fit, type FitOptions, type EpochRecord, type History } from './fit';
export { evaluate, type Evaluation } from './evaluate';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './gradcheck';
export type { Batch, Batches, LossFn } from './batches';
