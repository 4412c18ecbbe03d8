import { noGrad } from '../autograd/graph';
import type { Backend } from '../backend/backend';
import { withBackend } from '../backend/current';
import { createReferenceBackend } from '../backend/reference';
import { scope } from '../lifetime';
import { Random } from '../random';
import { Tensor } from '../tensor';

/** Options of gradcheck. */
export interface GradcheckOptions {
  /** Central-difference step (default 1e-6). */
  eps?: number;
  /** Check at most this many coordinates per input, chosen at random (default: all). */
  maxPerInput?: number;
  /** Seed for that choice (default 0). */
  seed?: number;
}

/** What gradcheck found. */
export interface GradcheckResult {
  /** max over the checked coordinates of |ga − gn| / max(1e-12, |ga| + |gn|). */
  maxRelativeError: number;
  /** The same per input. */
  perInput: number[];
  /** Coordinates compared. */
  checked: number;
}

let float64: Backend | undefined;

/**
 * Compares the analytic gradient (autograd) of a scalar function with central differences,
 * both in float64 on the reference backend. `fn` receives copies of `inputs` on that backend
 * (tensors it makes itself, like data, land there too) and must return a one-element tensor.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly (Tensor | { data: ArrayLike<number>; shape: number[] })[],
  { eps = 1e-6, maxPerInput = Infinity, seed = 0 }: GradcheckOptions = {},
): GradcheckResult {
  float64 ??= createReferenceBackend('f64');
  const backend = float64;
  return withBackend(backend, () =>
    scope(() => {
      const xs = inputs.map((v) => {
        const data = v instanceof Tensor ? v.toFloat64Array() : v.data;
        const shape = v instanceof Tensor ? v.shape : v.shape;
        return Tensor.from(data, shape, { requiresGrad: true });
      });
      const value = (): number => scope(() => scalar(fn(...xs)));
      const out = fn(...xs);
      scalar(out);
      out.backward();
      const rng = new Random(seed);
      const perInput = xs.map((x) => {
        const analytic = x.grad ? x.grad.toFloat64Array() : new Float64Array(x.size);
        // Views are fetched anew for each write: evaluating fn may grow the memory.
        const set = (i: number, v: number) => (x.floats()[i] = v);
        let worst = 0;
        for (const i of coordinates(x.size, maxPerInput, rng)) {
          const saved = x.floats()[i];
          set(i, saved + eps);
          const plus = noGrad(value);
          set(i, saved - eps);
          const minus = noGrad(value);
          set(i, saved);
          const numeric = (plus - minus) / (2 * eps);
          const ga = analytic[i];
          worst = Math.max(
            worst,
            Math.abs(ga - numeric) / Math.max(1e-12, Math.abs(ga) + Math.abs(numeric)),
          );
        }
        return worst;
      });
      const checked = xs.reduce((n, x) => n + Math.min(x.size, maxPerInput), 0);
      return { maxRelativeError: Math.max(...perInput), perInput, checked };
    }),
  );
}

function scalar(t: Tensor): number {
  if (!(t instanceof Tensor) || t.size !== 1) {
    throw new Error(`simdnet: gradcheck: fn must return a one-element tensor, got ${String(t)}`);
  }
  return t.item();
}

/** All indices below n, or `max` of them drawn without replacement. */
function coordinates(n: number, max: number, rng: Random): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  return rng.shuffle(all).slice(0, max);
}
