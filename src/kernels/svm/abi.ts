import type { ArgNamesOf, Ptr } from '../args';

export interface SvmKernels {
  /** One row of the SVM dual's matrix Q: out[j] = s_i·s_j·K(x_i, x_j) for j in [start, end).
   * xt [d, n] holds the n points feature-major, signs [n] the labels ±1; kernel 0 linear
   * ⟨x, z⟩, 1 rbf exp(−γ‖x − z‖²), 2 poly (γ⟨x, z⟩ + coef0)^degree, 3 sigmoid
   * tanh(γ⟨x, z⟩ + coef0). Sums and the kernel in float64. */
  svmKernelRow(
    kernel: number,
    gamma: number,
    coef0: number,
    degree: number,
    xt: Ptr,
    signs: Ptr,
    n: number,
    d: number,
    i: number,
    start: number,
    end: number,
    out: Ptr,
  ): void;
}

/** The arguments of each kernel of SvmKernels, by name and in order. */
export const SVM_ARGS = {
  svmKernelRow: [
    'kernel',
    'gamma',
    'coef0',
    'degree',
    'xt',
    'signs',
    'n',
    'd',
    'i',
    'start',
    'end',
    'out',
  ],
} as const satisfies ArgNamesOf<SvmKernels>;
