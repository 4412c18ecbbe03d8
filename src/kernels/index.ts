/**
 * The kernel ABI: every numerical kernel, one folder per family (`src/kernels/<family>/`:
 * its signatures and argument names in abi.ts, its plain-TypeScript twin in reference.ts,
 * its thread split in split.ts), assembled here.
 *
 * The wasm module exports exactly these functions and the reference backend implements
 * the same signatures in plain TypeScript. Arguments are byte offsets into the backend's
 * memory (`Ptr`), sizes, and scalars; flags are 0/1 integers. Data are row-major; float
 * data are f32 in the wasm backend (f32 or f64 in the reference backend); `labels`,
 * `argmax` and `out` of argmaxRows are i32. A kernel never allocates: scratch space is
 * passed in. An output pointer may equal an input pointer only where noted. Callers read a
 * tensor's `ptr` in the call's own arguments, after making every tensor the call needs:
 * making a tensor may move a cold tensor's data (src/lifetime/generations.ts).
 */
import { CONV_ARGS, type ConvKernels } from './conv/abi';
import { ELEMENTWISE_ARGS, type ElementwiseKernels } from './elementwise/abi';
import { GEMM_ARGS, type GemmKernels } from './gemm/abi';
import { NORM_ARGS, type NormKernels } from './norm/abi';
import { OPTIM_ARGS, type OptimKernels } from './optim/abi';
import { POOL_ARGS, type PoolKernels } from './pool/abi';
import { RANDOM_ARGS, type RandomKernels } from './random/abi';
import { REDUCE_ARGS, type ReduceKernels } from './reduce/abi';
import { SHAPE_ARGS, type ShapeKernels } from './shape/abi';
import { SMO_ARGS, type SmoKernels } from './smo/abi';
import { SOFTMAX_ARGS, type SoftmaxKernels } from './softmax/abi';
import { SVM_ARGS, type SvmKernels } from './svm/abi';
import { WINOGRAD_ARGS, type WinogradKernels } from './winograd/abi';

export type { Ptr } from './args';

export type Kernels = GemmKernels &
  ConvKernels &
  WinogradKernels &
  PoolKernels &
  SoftmaxKernels &
  ElementwiseKernels &
  ReduceKernels &
  ShapeKernels &
  RandomKernels &
  NormKernels &
  OptimKernels &
  SvmKernels &
  SmoKernels;

export type KernelName = keyof Kernels;

/** Every kernel's argument names, in order. */
export const KERNEL_ARGS = {
  ...GEMM_ARGS,
  ...CONV_ARGS,
  ...WINOGRAD_ARGS,
  ...POOL_ARGS,
  ...SOFTMAX_ARGS,
  ...ELEMENTWISE_ARGS,
  ...REDUCE_ARGS,
  ...SHAPE_ARGS,
  ...RANDOM_ARGS,
  ...NORM_ARGS,
  ...OPTIM_ARGS,
  ...SVM_ARGS,
  ...SMO_ARGS,
} as const;

// Compile-time proof that the table names every kernel of the interface and nothing else.
type Missing = Exclude<KernelName, keyof typeof KERNEL_ARGS>;
type Extra = Exclude<keyof typeof KERNEL_ARGS, KernelName>;
const everyKernelListed: [Missing | Extra] extends [never] ? true : Missing | Extra = true;
void everyKernelListed;

/** Every kernel's name, for binding and for checking that a build exports them all. */
export const KERNEL_NAMES = Object.keys(KERNEL_ARGS) as KernelName[];
