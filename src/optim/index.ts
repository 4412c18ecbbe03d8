// Optimizers and learning-rate schedulers (PyTorch's torch.optim), on the fused update kernels.
export { Optimizer, type OptimizerState, type StateTensor } from './optimizer';
export { SGD, type SgdConfig } from './sgd';
export { Adam, AdamW, type AdamConfig } from './adam';
export { RMSprop, type RmspropConfig } from './rmsprop';
export { Adadelta, type AdadeltaConfig } from './adadelta';
export {
  LRScheduler,
  StepLR,
  ExponentialLR,
  InverseTimeLR,
  CosineAnnealingLR,
  type SchedulerState,
} from './scheduler';
