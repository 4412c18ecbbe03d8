import { inRegion } from './regions';
import type { Storage } from './storage';

// Which tensors are cold. Time is cut into generations at the boundaries of the loops users
// write: opt.step(), the end of an outermost noGrad(), each DataLoader batch, and, in loops
// that have none of these, every so many new tensors. A tensor left unused for `patience`
// whole generations is cold: its data move out of linear memory to the JavaScript heap
// (where the garbage collector frees them once the tensor is unreachable) and come back on
// its next use. Patience starts at one generation and grows to the reuse distance of any
// tensor that came back (a loop with two boundaries per iteration must not move its
// parameters out every step), up to MAX_PATIENCE; it shrinks again by one when no tensor
// has needed it for DECAY_AFTER generations. So linear memory holds the tensors of the last
// few generations, whatever the loop keeps or drops, and nothing is ever lost. Long-lived
// tensors (kept: parameters, buffers, optimizer state) wait MAX_PATIENCE generations, so
// that an evaluation inside a training loop does not move the optimizer's state out.
//
// Safe at any tensor allocation because kernel arguments read `.ptr` right at the call:
// no code holds a pointer while a tensor is made (see the contract in kernels/index.ts).

/** The current generation; Tensor.ptr compares a tensor's lastUse with it on every use. */
export const clock = { generation: 1 };

/** Generations a tensor may go unused before it moves out. */
let patience = 1;
const MAX_PATIENCE = 8;
const DECAY_AFTER = 16;
/** The last generation in which a tensor was reused after `patience` unused generations. */
let lastNeeded = 1;

/** The tensors first used in each recent generation, oldest first. */
const recent: { generation: number; tensors: Storage[] }[] = [{ generation: 1, tensors: [] }];
/** Long-lived tensors that went unused for `patience` generations, with that last use. */
let lingering: { storage: Storage; lastUse: number }[] = [];
let bytesThisGeneration = 0;
let tensorsThisGeneration = 0;

/**
 * In a loop without boundaries, a generation ends after this many new tensors (they cost
 * JavaScript objects too), or after this many bytes of them…
 */
const GENERATION_TENSORS = 1024;
const MIN_GENERATION_BYTES = 1 << 20;
/**
 * …or after this share of the peak live bytes, if more. The footprint converges when the
 * share is below 1/(MAX_PATIENCE + 1): live ≤ hot + (patience + 1) generations.
 */
const GENERATION_SHARE = 1 / 16;

/** Records the first use of t in the current generation (Tensor.ptr calls it). */
export function used(t: Storage): void {
  const { generation } = clock;
  if (t.lastUse > 0 && generation - t.lastUse > patience - 1) lastNeeded = generation;
  t.lastUse = generation;
  recent[recent.length - 1].tensors.push(t);
}

/** Records that a moved-out tensor last used in generation `lastUse` came back. */
export function cameBack(lastUse: number): void {
  const distance = clock.generation - lastUse;
  if (distance > patience && distance <= MAX_PATIENCE) patience = distance;
  lastNeeded = clock.generation;
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

/** Ends the current generation (unless it used nothing) and moves cold tensors out. */
function boundary(): void {
  if (recent[recent.length - 1].tensors.length === 0) return;
  const generation = ++clock.generation;
  recent.push({ generation, tensors: [] });
  bytesThisGeneration = 0;
  tensorsThisGeneration = 0;
  if (patience > 1 && generation - lastNeeded > DECAY_AFTER) {
    patience--;
    lastNeeded = generation;
  }
  const coldBefore = generation - patience;
  while (recent[0].generation < coldBefore) {
    const list = recent.shift()!;
    for (const s of list.tensors) {
      // A tensor used again later sits in a later list too: that one decides.
      if (s.lastUse !== list.generation || !s.resident) continue;
      if (s.longLived) lingering.push({ storage: s, lastUse: s.lastUse });
      else s.spill();
    }
  }
  if (lingering.length === 0) return;
  lingering = lingering.filter(({ storage: s, lastUse }) => {
    if (s.lastUse !== lastUse || !s.resident) return false; // used again, or gone
    if (lastUse >= generation - MAX_PATIENCE) return true;
    s.spill();
    return false;
  });
}

/**
 * Moves out every tensor not used in the current generation (when memory runs out); returns
 * how many moved.
 */
export function relieve(): number {
  let moved = 0;
  const all = [...recent.flatMap((list) => list.tensors), ...lingering.map((l) => l.storage)];
  for (const s of all) {
    if (s.lastUse < clock.generation && s.resident) {
      s.spill();
      moved++;
    }
  }
  return moved;
}
