import { typeNameOf } from '../type-name';
import { adamStep } from '../ops';
import type { Tensor } from '../tensor';
import { checkOption, Optimizer } from './optimizer';

/** Options of Adam and AdamW (PyTorch's names and defaults). */
export interface AdamConfig {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

/** Adam (Kingma & Ba) with bias correction; weight decay added to the gradient (L2). */
export class Adam extends Optimizer {
  static readonly typeName: string = 'Adam';

  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  protected readonly decoupled: boolean = false;

  constructor(params: Iterable<Tensor>, options: AdamConfig = {}, defaultDecay = 0) {
    super(params, options.lr ?? 1e-3);
    const name = typeNameOf(this);
    checkOption(name, options, 'eps', 0);
    checkOption(name, options, 'weightDecay', 0);
    this.betas = options.betas ?? [0.9, 0.999];
    this.betas.forEach((b, i) =>
      checkOption(name, { [`betas[${i}]`]: b }, `betas[${i}]`, 0, 0.999999),
    );
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? defaultDecay;
  }

  protected hyperParameters(): Record<string, number | boolean> {
    const [beta1, beta2] = this.betas;
    const { eps, weightDecay, decoupled } = this;
    return { beta1, beta2, eps, weightDecay, decoupled };
  }

  protected update(param: Tensor, grad: Tensor): void {
    const { tensors } = this.state(param, 2);
    adamStep(param, grad, tensors[0], tensors[1], {
      lr: this.lr,
      beta1: this.betas[0],
      beta2: this.betas[1],
      eps: this.eps,
      weightDecay: this.weightDecay,
      decoupled: this.decoupled,
      step: this.stepCount,
    });
  }
}

/** AdamW: Adam with decoupled weight decay (param −= lr·weightDecay·param; default 0.01). */
export class AdamW extends Adam {
  static readonly typeName: string = 'AdamW';

  protected readonly decoupled = true;

  constructor(params: Iterable<Tensor>, options: AdamConfig = {}) {
    super(params, options, 0.01);
  }
}
