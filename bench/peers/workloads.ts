// What the contenders run and how a contender plugs in.

/** C = op(A)·op(B) with op(A) m×k and op(B) k×n. */
export interface GemmCase {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
}

/** One training step of the 784-300-10 MLP on a fixed batch. */
export interface MlpCase {
  batch: number;
  x: Float32Array;
  labels: Int32Array;
}

/** A prepared workload: one unit of work, plus hooks around each timing window. */
export interface Prepared {
  step: () => void;
  /** Called before each window (e.g. to switch tfjs backends). */
  enter?: () => Promise<void> | void;
  dispose?: () => void;
}

/** A library under test for one kind of workload. */
export interface Contender<C> {
  name: string;
  prepare(c: C): Promise<Prepared>;
}
