import { checkPositiveInt } from '../errors';
import { linear } from '../autograd/functions';
import type { Tensor } from '../tensor';
import { uniformFanIn } from './init';
import { expectInput } from './layer-error';
import { libraryLayers, Module } from './module';
import type { ModuleConfig } from './serialize';

/** y = x·Wᵀ + b with W [out, in] and b [out] (PyTorch's nn.Linear and its initialisation). */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | undefined;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    { bias = true }: { bias?: boolean } = {},
  ) {
    super();
    checkSize('Linear', 'inFeatures', inFeatures);
    checkSize('Linear', 'outFeatures', outFeatures);
    this.weight = this.addParameter('weight', uniformFanIn([outFeatures, inFeatures], inFeatures));
    this.bias = bias
      ? this.addParameter('bias', uniformFanIn([outFeatures], inFeatures))
      : undefined;
  }

  forward(x: Tensor): Tensor {
    expectInput(
      this,
      x,
      x.shape.length === 2 && x.shape[1] === this.inFeatures,
      `[N, ${this.inFeatures}]`,
    );
    return linear(x, this.weight, this.bias);
  }

  toConfig(): ModuleConfig {
    return { type: 'Linear', args: [this.inFeatures, this.outFeatures, { bias: !!this.bias }] };
  }

  toString(): string {
    return `Linear(${this.inFeatures} → ${this.outFeatures})`;
  }
}

/** Throws unless v is a positive integer. */
export function checkSize(layer: string, name: string, v: unknown): void {
  checkPositiveInt(layer, name, v);
}

libraryLayers(Linear);
