// Kernel support vector machines trained by SMO, as libsvm and scikit-learn's SVC.
export { SVC, type SVCOptions, type Points, type Labels } from './svc';
export {
  kernelMatrix,
  kernelNames,
  resolveGamma,
  QRows,
  type Kernel,
  type KernelName,
} from './kernels';
export { KernelCache, type RowFill } from './kernel-cache';
export { smo, type SmoOptions, type SmoResult } from './smo';
