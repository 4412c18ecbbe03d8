import type { Tensor } from '../tensor';

/** Throws "simdnet: <layer>: expected input <what>, got [shape]". */
export function expectInput(layer: object, x: Tensor, ok: boolean, what: string): void {
  if (!ok) throw new Error(`simdnet: ${layer}: expected input ${what}, got [${x.shape}]`);
}
