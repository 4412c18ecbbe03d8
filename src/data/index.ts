// Data sets and loaders.
export * from './circles';
export { Dataset, type Batch, type BatchLabels, type Labels } from './dataset';
export { DataLoader, type DataLoaderOptions } from './loader';
export { parseIdx, type IdxArray } from './idx';
export type { DataSource } from './files';
export { mnist, MNIST_MEAN, MNIST_STD, type MnistOptions } from './mnist';
export { cifar10, cifar10Batch, CIFAR10_CLASSES, type Cifar10Options } from './cifar10';
export * as transforms from './transforms';
export { kfold, kfoldDatasets, split, type Fold, type SplitOptions } from './kfold';
export {
  regression1d,
  regression1dTarget,
  REGRESSION1D_TRAIN_INTERVALS,
  type Regression1dOptions,
} from './regression1d';
