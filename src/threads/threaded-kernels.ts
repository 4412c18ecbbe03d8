import { KERNEL_ARGS, type KernelName, type Kernels, type Ptr } from '../kernels';
import { positional } from '../kernels/args';
import type { Heap } from '../backend/memory';
import type { ArgsOf, PieceScratch, SplitRule, Threads } from '../kernels/split';
import { SPLITS } from '../kernels/splits';
import type { ThreadPool, Task } from './thread-pool';

/** Per-thread scratch of a pool: gemm's packing workspace and a random generator's state. */
class ThreadScratch {
  private readonly workspaces: Ptr[];
  private readonly states: Ptr;

  constructor(heap: Heap, threads: number, workspaceBytes: number) {
    this.workspaces = Array.from({ length: threads }, () =>
      heap.allocator.alloc(Math.max(1, workspaceBytes)),
    );
    this.states = heap.allocator.alloc(16 * threads);
  }

  state(t: number): Ptr {
    return this.states + 16 * t;
  }

  workspace(t: number): Ptr {
    return this.workspaces[t];
  }
}

/**
 * The kernels of a pool: `kernels` (the calling thread's own instance) with those that
 * src/kernels/splits.ts names split across the pool's threads.
 */
export function threadedKernels(kernels: Kernels, pool: ThreadPool, heap: Heap): Kernels {
  const scratch = new ThreadScratch(heap, pool.size, kernels.gemmWorkspaceBytes());
  const split = { ...kernels };

  const run = <K extends KernelName>(
    name: K,
    pieces: ArgsOf<K>[],
    own?: PieceScratch<K>,
  ): number[] => {
    const held: Ptr[] = [];
    try {
      const tasks = pieces.map((piece, t): Task => {
        if (t > 0 && own) {
          const at = heap.allocator.alloc(own.bytes(piece));
          held.push(at);
          piece = { ...piece, [own.at]: at };
          if (own.work) piece[own.work] = scratch.workspace(t);
        }
        return { kernel: name, args: positional(KERNEL_ARGS[name], piece) };
      });
      return pool.run(tasks);
    } finally {
      for (const ptr of held) heap.allocator.free(ptr);
    }
  };

  const threads: Threads = {
    size: pool.size,
    own: kernels,
    split,
    heap,
    toUse: (work, perThread) => Math.max(1, Math.min(pool.size, Math.floor(work / perThread))),
    run,
    workspace: (t) => scratch.workspace(t),
    state: (t) => scratch.state(t),
  };

  for (const name of Object.keys(SPLITS) as KernelName[]) {
    const rule = SPLITS[name] as SplitRule<KernelName>;
    (split as Record<KernelName, unknown>)[name] = rule(threads, name);
  }
  return split;
}
