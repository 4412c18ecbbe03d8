import { exposeWith, freeAttached, internal } from '../lifetime';
import * as ops from '../ops';
import type { Tensor } from '../tensor';
import { noGrad } from './graph';

export interface BackwardOptions {
  /**
   * Keep the tensors the graph saved, to run backward() through it again (PyTorch's
   * retain_graph). By default backward() frees them once it has used them.
   */
  retainGraph?: boolean;
}

const FREED_BY_BACKWARD =
  'by backward(), which frees what a graph saved for it once it has run through it (as ' +
  'PyTorch does); pass { retainGraph: true } to the first backward() to run it again';

/**
 * Reverse-mode differentiation from `root` with output gradient seed() (made here, and
 * freed once used): walks the tape in reverse topological order, accumulating each
 * tensor's gradient before passing it on, and adds the results into the `grad` of every
 * leaf that requires one. Intermediate gradients are freed as soon as they are consumed,
 * and, unless retainGraph, the tensors the graph saved once the walk is over.
 */
export function backward(
  root: Tensor,
  seed: () => Tensor,
  { retainGraph = false }: BackwardOptions = {},
): void {
  const order = topologicalOrder(root);
  internal(() => walk(root, seed(), order));
  if (retainGraph) return;
  for (const t of order) freeAttached(t, FREED_BY_BACKWARD);
}

function walk(root: Tensor, seed: Tensor, order: Tensor[]): void {
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  noGrad(() => {
    for (const t of order) {
      const dy = grads.get(t);
      if (!dy) continue;
      grads.delete(t);
      if (!t.gradFn) {
        accumulateLeaf(t, dy);
        continue;
      }
      const { inputs } = t.gradFn;
      const dxs = t.gradFn.backward(dy);
      let dyTaken = false; // whether dy itself now sits in `grads`
      inputs.forEach((input, i) => {
        const g = dxs[i];
        if (!g) return;
        const sum = grads.get(input);
        if (!input.requiresGrad || sum) {
          if (sum) ops.axpy(1, g, sum);
          if (g !== dy) g.release();
        } else if (g !== dy) grads.set(input, g);
        else {
          grads.set(input, dyTaken ? ops.scale(dy, 1) : dy);
          dyTaken = true;
        }
      });
      if (!dyTaken) dy.release();
    }
  });
}

/** Adds g into leaf.grad (taking g over when there is none yet). */
function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  if (leaf.grad && !leaf.grad.released) {
    ops.axpy(1, g, leaf.grad);
    g.release();
    return;
  }
  // The gradient is the user's from now on, freed by the scope() that frees its leaf, and
  // as long-lived as its leaf (a parameter's waits for the next zeroGrad()).
  exposeWith(g, leaf);
  if (leaf.longLived) g.keep();
  leaf.grad = g;
}

/** The tensors that lead to root and require a gradient, root first, each after all its users. */
function topologicalOrder(root: Tensor): Tensor[] {
  const visited = new Set<Tensor>();
  const postOrder: Tensor[] = [];
  const stack: { t: Tensor; next: number }[] = [{ t: root, next: 0 }];
  visited.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const inputs = top.t.gradFn?.inputs ?? [];
    if (top.next < inputs.length) {
      const input = inputs[top.next++];
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push({ t: input, next: 0 });
      }
    } else {
      postOrder.push(top.t);
      stack.pop();
    }
  }
  return postOrder.reverse();
}
