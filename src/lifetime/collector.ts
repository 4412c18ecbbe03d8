// The backstop for tensors that user code dropped: once the garbage collector finds a tensor
// object unreachable, its block goes back to the allocator. It runs between tasks, so it
// serves event-driven programs (a service answering requests); synchronous loops rely on
// the generations (generations.ts), which move cold tensors out before it could run.

/**
 * Only tensors of at least this many bytes are watched: registering one costs as much as
 * a small MLP's training step spends on a tensor's whole bookkeeping (watching every tensor
 * slowed a 784-300-10 step measurably), while moving a small tensor out costs less.
 */
export const WATCHED_BYTES = 64 * 1024;

/** What the collector frees: a tensor's block, shared with the tensor while it lives. */
export interface Reclaimable {
  reclaim(): void;
}

const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Reclaimable>((block) => block.reclaim())
    : undefined;

/** Frees `block` once `owner` has been garbage-collected (unless forget(block) comes first). */
export function watch(owner: object, block: Reclaimable): void {
  registry?.register(owner, block, block);
}

/** Stops watching: the block was freed by other means. */
export function forget(block: Reclaimable): void {
  registry?.unregister(block);
}
