import type { Managed } from './managed';
import { inRegion } from './regions';

// Which tensors are cold. Time is cut into generations at the boundaries of the loops users
// write: opt.step(), the end of an outermost noGrad(), each DataLoader batch, and, in loops
// that have none of these, every so many bytes of new tensors. A tensor that was not used
// in the current generation nor in the previous one is cold: its data move out of linear
// memory to the JavaScript heap (where the garbage collector frees them once the tensor is
// unreachable) and come back on its next use. So linear memory holds the last two
// generations' tensors, whatever the loop keeps or drops, and nothing is ever lost.
//
// Safe at any tensor allocation because kernel arguments read `.ptr` right at the call:
// no code holds a pointer while a tensor is made (see the contract in backend/kernels.ts).

/** The current generation; Tensor.ptr compares a tensor's lastUse with it on every use. */
export const clock = { generation: 1 };

let current: Managed[] = [];
let previous: Managed[] = [];
let bytesThisGeneration = 0;
let tensorsThisGeneration = 0;

/**
 * In a loop without boundaries, a generation ends after this many new tensors (they cost
 * JavaScript objects too), or after this many bytes of them…
 */
const GENERATION_TENSORS = 1024;
const MIN_GENERATION_BYTES = 1 << 20;
/**
 * …or after this fraction of the peak live bytes, if more. Below 1/2 the footprint
 * converges: live ≤ hot + 2 generations ≤ hot + peak/2, so the peak settles at twice the
 * tensors a loop really uses.
 */
const GENERATION_SHARE = 1 / 4;

/** Records the first use of t in the current generation (Tensor.ptr calls it). */
export function used(t: Managed): void {
  t.lastUse = clock.generation;
  current.push(t);
}

/** Records a new tensor of `bytes`, ending the generation first when a loop has no boundaries. */
export function allocating(bytes: number, peakLiveBytes: number, mayEnd: boolean): void {
  const limit = Math.max(MIN_GENERATION_BYTES, peakLiveBytes * GENERATION_SHARE);
  if (mayEnd && (bytesThisGeneration >= limit || tensorsThisGeneration >= GENERATION_TENSORS)) {
    boundary();
  }
  bytesThisGeneration += bytes;
  tensorsThisGeneration++;
}

/**
 * A loop boundary in user code (opt.step(), the end of noGrad(), a DataLoader batch): ends
 * the generation. Library code inside a region frees its own tensors, so there it does not.
 */
export function loopBoundary(): void {
  if (!inRegion()) boundary();
}

/** Ends the current generation and moves the tensors that became cold out of linear memory. */
function boundary(): void {
  clock.generation++;
  const older = previous;
  previous = current;
  current = [];
  bytesThisGeneration = 0;
  tensorsThisGeneration = 0;
  const coldBefore = clock.generation - 1;
  for (const t of older) if (t.lastUse < coldBefore && t.resident) t.spill();
}

/**
 * Moves out every tensor not used in the current generation (when memory runs out); returns
 * how many moved.
 */
export function relieve(): number {
  let moved = 0;
  for (const t of previous) {
    if (t.lastUse < clock.generation && t.resident) {
      t.spill();
      moved++;
    }
  }
  return moved;
}
