import { loopBoundary } from '../lifetime';
import type { Tensor } from '../tensor';

// The tape: each recorded tensor points back (gradFn) to the operation that made it, its
// differentiable inputs and the function that maps its gradient to theirs.

/** How an operation's output gradient flows back to its inputs. */
export interface GradFn {
  /** The operation's name, for error messages and debugging. */
  readonly name: string;
  /** The tensor inputs, in the order backward() returns their gradients. */
  readonly inputs: readonly Tensor[];
  /**
   * Gradients of the inputs given the output's gradient dy: a fresh tensor, dy itself, or
   * undefined (for an input that does not require a gradient).
   */
  backward(dy: Tensor): readonly (Tensor | undefined)[];
}

let gradEnabled = true;

/**
 * Runs fn without recording operations for backward() (evaluation, manual parameter
 * updates) and returns its result. fn must be synchronous. The end of an outermost noGrad()
 * is a loop boundary for the memory rules (see src/lifetime/).
 */
export function noGrad<T>(fn: () => T): T {
  const before = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = before;
    if (before) loopBoundary();
  }
}

/**
 * Records `output` as made by operation `name` from `inputs`, when recording is on and an
 * input requires a gradient; returns output. `backward` receives dy and returns one
 * gradient per input (compute only those whose input `requiresGrad`).
 */
export function record(
  output: Tensor,
  name: string,
  inputs: readonly Tensor[],
  backward: (dy: Tensor) => readonly (Tensor | undefined)[],
): Tensor {
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) {
    output.requiresGrad = true;
    output.gradFn = { name, inputs, backward };
  }
  return output;
}

/** t when its input wants a gradient; otherwise frees t (computed anyway by a fused kernel). */
export function wanted(t: Tensor, wantedByInput: boolean | undefined): Tensor | undefined {
  if (wantedByInput) return t;
  t.release();
  return undefined;
}
