// Every kernel as a function on tensors, without autograd: the layer that autograd,
// nn and manual backprop are written on.
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
