import type { Region } from './regions';
import type { Scope } from './scopes';

/** What the lifetime rules need from a tensor (tensor.ts implements it). */
export interface Managed {
  /** The library region that made it and has not handed it out yet, if any (see regions.ts). */
  region: Region | undefined;
  /** The scope() that frees it when it ends, if any. */
  scope: Scope | undefined;
  /** Internal tensors that this tensor's backward needs; backward() frees them. */
  attached: Managed[] | undefined;
  /** Keeps `kept` for this tensor's backward (they live and die with it). */
  attach(kept: Managed[]): void;
  /** Set when the operation that made it was recorded for backward(). */
  readonly gradFn: unknown;
  readonly released: boolean;
  release(reason?: string): void;
  /** Lets the garbage collector free its block once the tensor object is unreachable. */
  watch(): void;
}

function isManaged(v: unknown): v is Managed {
  return typeof v === 'object' && v !== null && 'attached' in v && 'release' in v;
}

/** The tensors in a result: itself, or the tensors in a returned array or plain object. */
export function tensorsIn(value: unknown): Managed[] {
  if (isManaged(value)) return [value];
  if (Array.isArray(value)) return value.filter(isManaged);
  if (typeof value === 'object' && value !== null) return Object.values(value).filter(isManaged);
  return [];
}
