import type { ArgNamesOf, Ptr } from '../args';

export interface SmoKernels {
  /** The passes of an SMO iteration over the active set t < active (src/svm/smo.ts). The
   * gradient G and the diagonal QD are f64 on every backend; signs (±1) and the rows Q_i are
   * floats; up and low are i32 masks of I_up and I_low (−1 member, 0 not). Returns
   * i = argmax { −y_t G_t : t ∈ I_up }, the last of equals; −1 when I_up is empty. */
  smoSelectUp(active: number, G: Ptr, signs: Ptr, up: Ptr): number;
  /** j = argmin { −b_it² / a_it : t ∈ I_low, b_it = gMax + y_t G_t > 0 },
   * a_it = QD_i + QD_t − 2 y_i y_t Q_it (1e-12 when ≤ 0), the last of equals; −1 when none.
   * Stores max { y_t G_t : t ∈ I_low } (−∞ when empty) as f64 at gMax2. */
  smoSelectLow(
    active: number,
    i: number,
    gMax: number,
    G: Ptr,
    QD: Ptr,
    signs: Ptr,
    low: Ptr,
    Qi: Ptr,
    gMax2: Ptr,
  ): number;
  /** G[t] += Qi[t]·a + Qj[t]·b for t < count (G f64, the rows floats). */
  smoAddRows(count: number, G: Ptr, Qi: Ptr, a: number, Qj: Ptr, b: number): void;
}

/** The arguments of each kernel of SmoKernels, by name and in order. */
export const SMO_ARGS = {
  smoSelectUp: ['active', 'G', 'signs', 'up'],
  smoSelectLow: ['active', 'i', 'gMax', 'G', 'QD', 'signs', 'low', 'Qi', 'gMax2'],
  smoAddRows: ['count', 'G', 'Qi', 'a', 'Qj', 'b'],
} as const satisfies ArgNamesOf<SmoKernels>;
