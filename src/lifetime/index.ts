// Tensor lifetimes. Tensor data live in linear memory, which the garbage collector cannot
// see, so the library decides when they go:
// - regions.ts: tensors that library code makes for itself are freed as soon as it is done
//   with them (at once, or after backward() for the tensors a graph saved);
// - generations.ts: tensors handed to user code stay until they go unused for a generation
//   (a training step, a noGrad() block, a DataLoader batch); then their data move to the
//   JavaScript heap, and come back if the tensor is used again: never lost, never leaked;
// - collector.ts: a tensor object the garbage collector frees gives its block back;
// - scopes.ts: scope(fn) and release() free early, on request.
export { watch, forget, WATCHED_BYTES } from './collector';
export { allocating, clock, loopBoundary, used } from './generations';
export type { Managed } from './managed';
export {
  expose,
  exposeWith,
  freeAttached,
  inRegion,
  internal,
  joinRegion,
  userCode,
  type Region,
} from './regions';
export { Storage } from './storage';
export { leaveScope, madeInThisScope, scope, type Scope } from './scopes';
