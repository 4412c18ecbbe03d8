import { rmspropStep } from '../ops';
import type { Tensor } from '../tensor';
import { checkOption, Optimizer } from './optimizer';

/** Options of RMSprop (PyTorch's names and defaults; not centered). */
export interface RmspropConfig {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
}

/** RMSprop: divides the gradient by a running root mean square of recent gradients. */
export class RMSprop extends Optimizer {
  static readonly typeName: string = 'RMSprop';

  readonly config: Required<Omit<RmspropConfig, 'lr'>>;

  constructor(params: Iterable<Tensor>, { lr = 1e-2, ...options }: RmspropConfig = {}) {
    super(params, lr);
    checkOption('RMSprop', options, 'alpha', 0, 1);
    for (const name of ['eps', 'weightDecay', 'momentum']) checkOption('RMSprop', options, name, 0);
    this.config = { alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, ...options };
  }

  protected hyperParameters(): Record<string, number | boolean> {
    return { ...this.config };
  }

  protected update(param: Tensor, grad: Tensor): void {
    const { tensors } = this.state(param, this.config.momentum > 0 ? 2 : 1);
    rmspropStep(param, grad, tensors[0], tensors[1], { lr: this.lr, ...this.config });
  }
}
