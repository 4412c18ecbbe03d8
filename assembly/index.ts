// The module's exports: the kernel ABI of src/backend/kernels.ts, one file per family.
export * from './heap';
export * from './gemm';
export * from './conv';
export * from './pool';
export * from './softmax';
export * from './elementwise';
export * from './reduce';
export * from './shape';
export * from './norm';
export * from './optim';
export * from './random';
export * from './winograd';
export * from './winograd5';
export * from './winograd4x4';
export * from './svm';
export * from './smo';
