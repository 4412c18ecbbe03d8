import { adadeltaStep } from '../ops';
import type { Tensor } from '../tensor';
import { checkOption, Optimizer } from './optimizer';

/** Options of Adadelta (PyTorch's names and defaults). */
export interface AdadeltaConfig {
  lr?: number;
  rho?: number;
  eps?: number;
  weightDecay?: number;
}

/** Adadelta (Zeiler): step sizes from running averages of squared gradients and updates. */
export class Adadelta extends Optimizer {
  static readonly typeName: string = 'Adadelta';

  readonly config: Required<Omit<AdadeltaConfig, 'lr'>>;

  constructor(params: Iterable<Tensor>, { lr = 1.0, ...options }: AdadeltaConfig = {}) {
    super(params, lr);
    checkOption('Adadelta', options, 'rho', 0, 1);
    for (const name of ['eps', 'weightDecay']) checkOption('Adadelta', options, name, 0);
    this.config = { rho: 0.9, eps: 1e-6, weightDecay: 0, ...options };
  }

  protected hyperParameters(): Record<string, number | boolean> {
    return { ...this.config };
  }

  protected update(param: Tensor, grad: Tensor): void {
    const { tensors } = this.state(param, 2);
    adadeltaStep(param, grad, tensors[0], tensors[1], { lr: this.lr, ...this.config });
  }
}
