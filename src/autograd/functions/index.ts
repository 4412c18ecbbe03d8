// The differentiable operations: each computes its forward with the ops layer and records
// its backward on the tape (PyTorch's torch.nn.functional plus the tensor methods).
export * from './arithmetic';
export * from './linalg';
export * from './shape';
export * from './reduce';
export * from './activation';
export * from './conv';
export * from './dropout';
export * from './norm';
export * from './loss';

// Whoever uses the functions gets the tensor methods built on them.
import '../methods';
