// The module's exports: the kernel ABI of src/kernels/, one file (or folder) per family.
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
export * from './svm';
export * from './smo';
