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

/** Runs fn with `backend` as the current one (factories inside fn create tensors on it). */
export function withBackend<T>(backend: Backend, fn: () => T): T {
  const before = current;
  current = backend;
  try {
    return fn();
  } finally {
    current = before;
  }
}
