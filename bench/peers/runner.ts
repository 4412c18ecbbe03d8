// Runs the contenders of a workload side by side: after a warm-up, contender A gets a window
// of repetitions, then B, then C …, and the round repeats; each contender's throughput is the
// median over its windows. Alternating windows spreads any drift of the machine (another
// process, clock changes) over every contender alike.
import type { Bench, Contender, Unit, Workload } from './contender';

export interface RunOptions {
  rounds: number;
  /** Seconds of repetitions per window. */
  windowSeconds: number;
  /** Seconds a contender may spend in the windows of one workload (slow peers stop early). */
  budgetSeconds: number;
}

export interface Result {
  /** Median throughput over the windows, in the workload's unit. */
  value?: number;
  windows: number[];
  /** Why there is no value: 'n/a' (no such operation), the error, or the skip reason. */
  note?: string;
}

export interface Row {
  family: string;
  workload: string;
  short: string;
  unit: Unit;
  results: Record<string, Result>;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const now = () => performance.now() / 1000;

/** Repeats bench.run until `seconds` have passed (at least once); returns [repetitions, seconds]. */
async function window(bench: Bench, seconds: number): Promise<[number, number]> {
  // Collect the garbage the previous contender left (tfjs and jax-js allocate per call), so
  // that no contender's window pays for another's (needs node --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  await bench.enter?.();
  const start = now();
  let reps = 0;
  let elapsed = 0;
  do {
    const pending = bench.run();
    if (pending) await pending;
    reps++;
    elapsed = now() - start;
  } while (elapsed < seconds);
  return [reps, elapsed];
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** Seconds one repetition would take, scaled up from the workload's probe (0 without one). */
async function probe(workload: Workload, contender: Contender): Promise<number> {
  const small = await workload.probe?.prepare(contender);
  if (!small) return 0;
  try {
    await window(small, 0); // compiles
    const [, seconds] = await window(small, 0);
    return seconds * workload.probe!.scale;
  } finally {
    small.dispose();
  }
}

/** Prepares and warms one contender; a Result instead when it cannot run the workload. */
async function prepare(
  workload: Workload,
  contender: Contender,
  options: RunOptions,
): Promise<Bench | Result> {
  let bench: Bench | undefined;
  try {
    const estimate = await probe(workload, contender);
    if (estimate > workload.maxRunSeconds) {
      return { windows: [], note: `skipped: about ${estimate.toFixed(1)} s per run` };
    }
    bench = await workload.prepare(contender);
    if (!bench) return { windows: [], note: 'n/a' };
    // The first repetition compiles (jit, shaders of the wasm engine); it decides the skip.
    const [, first] = await window(bench, 0);
    // Without a probe, the first (compiling) repetition decides.
    if (!workload.probe && first > workload.maxRunSeconds) {
      bench.dispose();
      return { windows: [], note: `skipped: ${first.toFixed(1)} s per run` };
    }
    // Warm the engine's tiers up, unless one repetition already outlasts a window.
    if (first < options.windowSeconds) await window(bench, options.windowSeconds / 2);
    return bench;
  } catch (e) {
    bench?.dispose();
    return { windows: [], note: `error: ${message(e)}` };
  }
}

/** Runs one workload on every contender in alternating windows. */
export async function runWorkload(
  workload: Workload,
  contenders: Contender[],
  options: RunOptions,
): Promise<Row> {
  const results: Record<string, Result> = {};
  const benches = new Map<string, Bench>();
  for (const c of contenders) {
    const prepared = await prepare(workload, c, options);
    if ('run' in prepared) benches.set(c.name, prepared);
    else results[c.name] = prepared;
  }
  const spent = new Map<string, number>();
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, bench] of benches) {
      if ((spent.get(name) ?? 0) >= options.budgetSeconds) continue;
      const windows = (results[name] ??= { windows: [] }).windows;
      try {
        const [reps, seconds] = await window(bench, options.windowSeconds);
        windows.push(
          (reps * (bench.work ?? workload.work)) /
            seconds /
            (workload.unit === 'GFLOP/s' ? 1e9 : 1),
        );
        spent.set(name, (spent.get(name) ?? 0) + seconds);
      } catch (e) {
        results[name].note = `error: ${message(e)}`;
        spent.set(name, Infinity);
      }
    }
  }
  for (const [name, bench] of benches) {
    bench.dispose();
    const r = results[name];
    if (r.windows.length && !r.note) r.value = median(r.windows);
  }
  const { family, name, short, unit } = workload;
  return { family, workload: name, short, unit, results };
}
