// What the runner needs from a contender and a workload: a named library that can prepare
// one repetition of a workload (a GEMM, a training step, a forward pass) and time it.

/** A GEMM C = op(A)·op(B) with op(A) [m×k] and op(B) [k×n]. */
export interface GemmShape {
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

/** One layer of a model, described once for every library (sizes in follow from the input). */
export type Layer =
  | { type: 'conv'; out: number; kernel: number; padding: number }
  | { type: 'relu' }
  | { type: 'maxpool'; size: number }
  | { type: 'dropout'; p: number }
  | { type: 'flatten' }
  | { type: 'linear'; out: number };

export interface ModelSpec {
  name: string;
  /** One example: [features] or [channels, height, width]. */
  input: number[];
  layers: Layer[];
}

/** A training step (forward, loss read back, backward, SGD update) or a forward pass. */
export interface ModelTask {
  model: ModelSpec;
  batch: number;
  mode: 'train' | 'infer';
}

/** One prepared repetition of a workload on one contender. */
export interface Bench {
  /** Called before each window (e.g. tfjs selects its backend here, not in every run). */
  enter?(): void | Promise<void>;
  /** One repetition, finished: results read back to JavaScript. */
  run(): void | Promise<void>;
  dispose(): void;
  /** Work per repetition when it is not the workload's (the limit gauge of limit.ts). */
  work?: number;
}

/** A library under test. A missing method means it has no such operation ('n/a' in the table). */
export interface Contender {
  name: string;
  /** Threads it computes on, for the table's header. */
  threads: string;
  gemm?(shape: GemmShape): Promise<Bench>;
  model?(task: ModelTask): Promise<Bench>;
  /** The SIMD128 limit kernels only (limit.ts): one run of the arithmetic-bound loop. */
  limit?(): Promise<Bench>;
}

export type Unit = 'GFLOP/s' | 'img/s';

export interface Workload {
  /** 'gemm', 'train', 'infer', 'growth', 'limit': what --filter and the table group by. */
  family: string;
  name: string;
  /** A few words for the chart's axis. */
  short: string;
  unit: Unit;
  /** Work per repetition: floating-point operations (GFLOP/s) or images (img/s). */
  work: number;
  /** Slowest repetition worth waiting for; a contender slower than this is skipped. */
  maxRunSeconds: number;
  /** Prepares this workload on a contender, or returns undefined if it has no such operation. */
  prepare(contender: Contender): Promise<Bench> | undefined;
  /**
   * The same work scaled down `scale` times (a batch of 1), timed first so that a contender
   * far slower than maxRunSeconds is skipped without waiting for one full repetition.
   */
  probe?: { scale: number; prepare(contender: Contender): Promise<Bench> | undefined };
}
