// Tensor lifetimes, so that a training loop never calls release().
//
// Every new tensor joins the innermost open generation. The root generation is the step
// arena: `endStep()` (called by every optimizer's step()) closes it, and the tensors of the
// closed step are freed when the next tensor is made — after the loop body has read its
// loss — so memory holds one step's intermediates at a time. `scope(fn)` opens a nested
// generation that ends with fn. Parameters, gradients of kept tensors, optimizer state and
// tensors made before the first optimizer are persistent: they belong to no generation.

/** What the lifetime rules need from a tensor. */
export interface Owned {
  release(reason?: string): void;
  /** The generation the tensor belongs to, undefined when persistent. */
  home: Set<Owned> | undefined;
}

const open: Set<Owned>[] = [new Set()];
let closed: { tensors: Set<Owned>; step: number } | undefined;
let steps = 0;

/** Adds a new tensor to the innermost open generation (freeing the last closed step first). */
export function adopt(t: Owned): void {
  if (closed) freeClosedStep();
  const home = open[open.length - 1];
  home.add(t);
  t.home = home;
}

/** Makes t persistent: no generation will free it. */
export function persist(t: Owned): void {
  t.home?.delete(t);
  t.home = undefined;
}

/** Makes every tensor of the step arena persistent (an optimizer does this when it is made). */
export function persistStepArena(): void {
  for (const t of open[0]) t.home = undefined;
  open[0].clear();
}

/**
 * Ends a training step: the tensors made since the previous step are freed as soon as the
 * next tensor is made. Inside scope() it does nothing (the scope frees its own tensors).
 */
export function endStep(): void {
  if (open.length > 1) return;
  if (closed) freeClosedStep();
  steps++;
  closed = { tensors: open[0], step: steps };
  open[0] = new Set();
}

function freeClosedStep(): void {
  const { tensors, step } = closed!;
  closed = undefined;
  const reason =
    `automatically when the training step after step ${step} began (tensors made during a ` +
    `step are freed then). Make the tensor before the optimizer, or call .keep() on it ` +
    `(and .release() when done)`;
  for (const t of tensors) {
    t.home = undefined;
    t.release(reason);
  }
}

/**
 * Runs fn and then frees every tensor made during it, except those it returns (a tensor, or
 * tensors in a returned array or plain object), which join the enclosing generation.
 * Useful for evaluation and other work outside the training loop's steps. fn must be
 * synchronous.
 */
export function scope<T>(fn: () => T): T {
  const mine = new Set<Owned>();
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
  const parent = open[open.length - 1];
  for (const t of returnedTensors(result)) {
    if (t.home !== mine) continue;
    mine.delete(t);
    parent.add(t);
    t.home = parent;
  }
  for (const t of mine) {
    t.home = undefined;
    t.release('at the end of the scope() it was made in; return it from the scope to keep it');
  }
  return result;
}

function returnedTensors(value: unknown): Owned[] {
  const isOwned = (v: unknown): v is Owned =>
    typeof v === 'object' && v !== null && 'home' in v && 'release' in v;
  if (isOwned(value)) return [value];
  if (Array.isArray(value)) return value.filter(isOwned);
  if (typeof value === 'object' && value !== null) return Object.values(value).filter(isOwned);
  return [];
}

/** Training steps ended so far (for messages and tests). */
export function stepsEnded(): number {
  return steps;
}

/** Whether t belongs to the innermost open generation (it was made in the current scope). */
export function isTemporaryHere(t: Owned): boolean {
  return t.home !== undefined && t.home === open[open.length - 1];
}
