import { tensorsIn, type Managed } from './managed';
import { joinScope, shareScope } from './scopes';

// Library code that makes tensors it does not return (a Sequential's layer outputs, a loss's
// saved gradient, a dropout mask) runs in a region. Its tensors are internal: no user code
// ever held them. When the outermost region returns, what it returns is handed to the user,
// and the rest is freed at once, or, when the result carries a graph for backward(), kept
// with the result until backward() has used them (as PyTorch frees saved tensors after
// backward). User code that library code calls (a custom layer inside a Sequential) runs
// outside any region, so what it makes is the user's.

/** A region's tensors, in the order they were made. */
export interface Region {
  readonly made: Managed[];
  readonly parent: Region | undefined;
}

let innermost: Region | undefined;

/** Whether library code is running in a region (its new tensors are internal). */
export function inRegion(): boolean {
  return innermost !== undefined;
}

/** Makes t a tensor of the innermost region; false when there is none (t is the user's). */
export function joinRegion(t: Managed): boolean {
  if (!innermost) return false;
  t.region = innermost;
  innermost.made.push(t);
  return true;
}

/**
 * Runs fn as library code that owns the tensors it makes (see above) and returns its result:
 * a tensor, or tensors in an array or plain object.
 */
export function internal<T>(fn: () => T): T {
  const region: Region = { made: [], parent: innermost };
  innermost = region;
  let result: T;
  try {
    result = fn();
  } catch (error) {
    innermost = region.parent;
    settle(region, undefined);
    throw error;
  }
  innermost = region.parent;
  settle(region, result);
  return result;
}

/** Runs user code (a custom layer) from library code: what it makes belongs to the user. */
export function userCode<T>(fn: () => T): T {
  const saved = innermost;
  innermost = undefined;
  try {
    return fn();
  } finally {
    innermost = saved;
  }
}

/** Hands t to the user: it leaves its region and joins the innermost scope(). */
export function expose(t: Managed): void {
  t.region = undefined;
  joinScope(t);
  t.watch();
}

/**
 * Hands t to the user as a companion of `like` (a leaf's gradient, replaced every step): the
 * scope of `like` frees it, and it goes cold with it rather than by the collector.
 */
export function exposeWith(t: Managed, like: Managed): void {
  t.region = undefined;
  shareScope(t, like);
}

/** Frees the tensors kept for t's backward (backward() calls it once it has used them). */
export function freeAttached(t: Managed, reason: string): void {
  const kept = t.attached;
  if (!kept) return;
  t.attach([]);
  for (const k of kept) k.release(reason);
}

function settle(region: Region, result: unknown): void {
  const { parent, made } = region;
  const handOver = (t: Managed) => {
    if (parent) {
      t.region = parent;
      parent.made.push(t);
    } else expose(t);
  };
  // The common case: the region made one tensor, and returns it.
  if (made.length === 1 && made[0] === result && made[0].region === region) {
    handOver(made[0]);
    return;
  }
  const returned = tensorsIn(result);
  for (const t of returned) if (t.region === region) handOver(t);
  const rest = made.filter((t) => t.region === region && !t.released);
  if (rest.length === 0) return;
  const graphs = returned.filter((t) => t.gradFn);
  if (graphs.length === 0) {
    // Nothing the caller receives leads to them: no one can reach them any more.
    for (const t of rest) {
      t.region = undefined;
      t.release('by the library, which made it for its own use');
    }
  } else if (parent) for (const t of rest) handOver(t);
  else if (graphs.length === 1) attach(graphs[0], rest);
  else for (const t of rest) expose(t);
}

function attach(owner: Managed, kept: Managed[]): void {
  for (const t of kept) t.region = undefined;
  owner.attach(owner.attached ? [...owner.attached, ...kept] : kept);
}
