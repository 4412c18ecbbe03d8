import { sgdStep } from '../ops';
import type { Tensor } from '../tensor';
import { checkOption, Optimizer } from './optimizer';

/** Options of SGD (PyTorch's names and defaults). */
export interface SgdConfig {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

/** Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay. */
export class SGD extends Optimizer {
  static readonly typeName: string = 'SGD';

  readonly config: Required<Omit<SgdConfig, 'lr'>>;

  constructor(params: Iterable<Tensor>, { lr, ...options }: SgdConfig) {
    super(params, lr);
    for (const name of ['momentum', 'weightDecay']) checkOption('SGD', options, name, 0);
    checkOption('SGD', options, 'dampening', 0, 1);
    this.config = { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...options };
    const { nesterov, momentum, dampening } = this.config;
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new Error('simdnet: SGD: nesterov needs momentum > 0 and dampening 0');
    }
  }

  protected hyperParameters(): Record<string, number | boolean> {
    return { ...this.config };
  }

  protected update(param: Tensor, grad: Tensor): void {
    const { momentum } = this.config;
    const { tensors, first } = this.state(param, momentum > 0 ? 1 : 0);
    sgdStep(param, grad, tensors[0], { lr: this.lr, ...this.config, first });
  }
}
