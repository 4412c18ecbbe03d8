import { invalid } from '../errors';

/** A search space: each key's array holds the values to try for that parameter. */
export type Space = Record<string, readonly unknown[]>;

/** One point of a space: one value from each key's array. */
export type ParamsOf<S extends Space> = { [K in keyof S]: S[K][number] };

/** A scored point. */
export interface Trial<P> {
  params: P;
  /** What `evaluate` returned (NaN included: see grid). */
  score: number;
}

export interface GridOptions<P> {
  /** Higher scores are better (default false: lower is better, as for a loss). */
  maximize?: boolean;
  /** Called after each evaluation, with its 0-based index and the number of points. */
  onResult?: (trial: Trial<P>, index: number, total: number) => void | Promise<void>;
}

export interface GridResult<P> {
  /** The best trial (the first one evaluated among equals). */
  best: Trial<P>;
  /** Every trial, in evaluation order. */
  results: Trial<P>[];
}

/**
 * Exhaustive search: evaluates every combination of the values in `space`, one after
 * another, in a fixed order (keys in their object order, the last key changing fastest,
 * as in nested loops), so `{ batch: [50, 100], lr: [0.01, 0.1] }` runs (50, 0.01),
 * (50, 0.1), (100, 0.01), (100, 0.1). `evaluate` may return a number or a promise of one.
 *
 * A NaN score (a diverged training run, say) is recorded as NaN and ranks below every
 * other score; only when every score is NaN does grid throw, naming the first point that
 * gave it. A score that is not a number at all throws at once, naming its point.
 */
export async function grid<S extends Space>(
  space: S,
  evaluate: (params: ParamsOf<S>) => number | Promise<number>,
  options: GridOptions<ParamsOf<S>> = {},
): Promise<GridResult<ParamsOf<S>>> {
  const op = 'search.grid';
  const points = gridPoints(space);
  if (typeof evaluate !== 'function') invalid(op, `'evaluate' must be a function`);
  const { maximize = false, onResult } = options;
  const results: Trial<ParamsOf<S>>[] = [];
  let best: Trial<ParamsOf<S>> | undefined;
  for (const params of points) {
    const score = await evaluate({ ...params });
    checkScore(op, 'evaluate', score, () => JSON.stringify(params));
    const trial = { params, score };
    results.push(trial);
    if (best === undefined || better(score, best.score, maximize)) best = trial;
    await onResult?.(trial, results.length - 1, points.length);
  }
  if (Number.isNaN(best!.score)) {
    invalid(op, `every score was NaN, the first for ${JSON.stringify(best!.params)}`);
  }
  return { best: best!, results };
}

/**
 * Every point of `space` in grid's order (the last key fastest); throws on a space with no
 * keys or a key whose value is not a non-empty array.
 */
export function gridPoints<S extends Space>(space: S): ParamsOf<S>[] {
  const op = 'search.grid';
  if (space === null || typeof space !== 'object' || Array.isArray(space)) {
    invalid(op, `'space' must be an object of arrays, e.g. { lr: [0.01, 0.1] }`);
  }
  const keys = Object.keys(space);
  if (keys.length === 0) invalid(op, `'space' has no parameters`);
  for (const key of keys) {
    const values: unknown = space[key];
    if (!Array.isArray(values)) {
      invalid(op, `'space.${key}' must be an array of values to try, got ${String(values)}`);
    }
    if (values.length === 0) invalid(op, `'space.${key}' is empty: give at least one value`);
  }
  let points: Record<string, unknown>[] = [{}];
  for (const key of keys) {
    points = points.flatMap((point) => space[key].map((value) => ({ ...point, [key]: value })));
  }
  return points as ParamsOf<S>[];
}

/** Whether `a` ranks above `b`; NaN ranks below everything, and ties keep the incumbent. */
export function better(a: number, b: number, maximize: boolean): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return maximize ? a > b : a < b;
}

/**
 * A score must be a number (NaN allowed: it ranks last); throws naming what gave it
 * (`subject` describes it, called only on failure).
 */
export function checkScore(
  op: string,
  fn: string,
  score: unknown,
  subject: () => string,
): asserts score is number {
  if (typeof score !== 'number') {
    invalid(op, `'${fn}' must return a number, got ${String(score)} for ${subject()}`);
  }
}
