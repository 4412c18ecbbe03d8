export { init, backendInfo, type InitOptions, type BackendInfo } from './init';
export { Tensor, type DType, type Shape, type TensorOptions } from './tensor';
export { Random } from './random';
export { Backend, type BackendName, type SimdLevel } from './backend/backend';
export { createReferenceBackend } from './backend/reference';
export { createWasmBackend, type WasmOptions, type SimdChoice } from './backend/wasm';
export * as ops from './ops';
export * as data from './data';
