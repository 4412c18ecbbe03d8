import { tensorsIn, type Managed } from './managed';

// scope(fn): the explicit way to free early. Every tensor handed to user code while fn runs
// is freed when fn returns, except those it returns (and those kept with keep()).

/** The tensors a scope() frees when it ends. */
export type Scope = Set<Managed>;

const open: Scope[] = [];

/** Adds t to the innermost open scope, if any. */
export function joinScope(t: Managed): void {
  const innermost = open[open.length - 1];
  if (!innermost) return;
  innermost.add(t);
  t.scope = innermost;
}

/** Takes t out of its scope: no scope will free it. */
export function leaveScope(t: Managed): void {
  t.scope?.delete(t);
  t.scope = undefined;
}

/** Puts t in the scope of `like` (none when like has none). */
export function shareScope(t: Managed, like: Managed): void {
  leaveScope(t);
  if (!like.scope) return;
  like.scope.add(t);
  t.scope = like.scope;
}

/** Whether t will be freed by the innermost open scope (it was made there). */
export function madeInThisScope(t: Managed): boolean {
  return t.scope !== undefined && t.scope === open[open.length - 1];
}

/**
 * Runs fn and then frees every tensor made during it, except those it returns (a tensor, or
 * tensors in a returned array or plain object), which join the enclosing scope. Memory stays
 * bounded without it; it frees at a point of your choosing. fn must be synchronous.
 */
export function scope<T>(fn: () => T): T {
  const mine: Scope = new Set();
  open.push(mine);
  let result: T;
  try {
    result = fn();
  } finally {
    open.pop();
  }
  if (result instanceof Promise) {
    throw new Error('simdnet: scope(fn): fn must be synchronous (it returned a Promise)');
  }
  for (const t of tensorsIn(result)) {
    if (t.scope !== mine) continue;
    mine.delete(t);
    t.scope = undefined;
    joinScope(t);
  }
  for (const t of mine) {
    t.scope = undefined;
    t.release('at the end of the scope() it was made in; return it from the scope to keep it');
  }
  return result;
}
