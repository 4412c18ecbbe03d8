// The training loop (fit, evaluate) and the gradient check.
export { fit, type FitOptions, type EpochRecord, type History } from './fit';
export { evaluate, type Evaluation } from './evaluate';
export {
  saveCheckpoint,
  loadCheckpoint,
  checkpointExists,
  checkpointToBytes,
  checkpointFromBytes,
  type Checkpoint,
  type CheckpointParts,
  type Restored,
} from './checkpoint';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './gradcheck';
export type { Batch, Batches, LossFn } from './batches';
