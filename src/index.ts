export { init, backendInfo, type InitOptions, type BackendInfo } from './init';
// The tensor methods (x.add(y), loss.backward()) are installed by autograd, above tensor.ts.
import './autograd/methods';
export { Tensor, type DType, type Shape, type TensorOptions } from './tensor';
export { Random, manualSeed } from './random';
export { noGrad } from './autograd/graph';
export type { BackwardOptions } from './autograd/backward';
export { scope } from './lifetime';
export { Backend, type BackendName, type MemoryStats, type SimdLevel } from './backend/backend';
export { createReferenceBackend } from './backend/reference';
export type { WasmOptions, SimdChoice } from './backend/wasm';
export { createWasmBackend } from './threads/wasm-backend';
export * as ops from './ops';
export * as data from './data';
export * as nn from './nn';
export * as optim from './optim';
export * as train from './train';
export * as search from './search';
export * as svm from './svm';
