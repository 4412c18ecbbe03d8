import type { Backend } from './backend';

let current: Backend | undefined;

/** The backend that `init()` selected; tensors are created on it unless told otherwise. */
export function currentBackend(): Backend {
  if (!current) throw new Error('simdnet: call `await init()` before creating tensors');
  return current;
}

export function setCurrentBackend(backend: Backend): void {
  current = backend;
}
