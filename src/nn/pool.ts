import { typeNameOf } from '../type-name';
import { avgPool2d, maxPool2d } from '../autograd/functions';
import type { Pair, Pool2dOptions } from '../ops';
import type { Tensor } from '../tensor';
import { expectInput } from './layer-error';
import { libraryLayers, Module } from './module';
import type { ModuleConfig } from './serialize';

/** Stride (default: the kernel) and padding of a pooling layer. */
export interface PoolLayerOptions {
  stride?: Pair;
  padding?: Pair;
}

abstract class Pool2d extends Module {
  readonly options: Pool2dOptions;

  constructor(
    readonly kernel: Pair,
    { stride = kernel, padding = 0 }: PoolLayerOptions = {},
  ) {
    super();
    this.options = { kernel, stride, padding };
  }

  protected check(x: Tensor): void {
    expectInput(this, x, x.shape.length === 4, '[N, C, H, W]');
  }

  toConfig(): ModuleConfig {
    const { kernel, stride, padding } = this.options;
    return { type: typeNameOf(this), args: [kernel, { stride, padding }] };
  }

  toString(): string {
    const { kernel, stride } = this.options;
    const size = (p: Pair) => (typeof p === 'number' ? String(p) : p.join('×'));
    return `${typeNameOf(this)}(${size(kernel)}${stride !== kernel ? `, stride ${size(stride!)}` : ''})`;
  }
}

/** Max pooling over windows of x [N, C, H, W] (PyTorch's nn.MaxPool2d). */
export class MaxPool2d extends Pool2d {
  static readonly typeName: string = 'MaxPool2d';

  forward(x: Tensor): Tensor {
    this.check(x);
    return maxPool2d(x, this.options);
  }
}

/** Average pooling over windows of x [N, C, H, W] (PyTorch's nn.AvgPool2d). */
export class AvgPool2d extends Pool2d {
  static readonly typeName: string = 'AvgPool2d';

  forward(x: Tensor): Tensor {
    this.check(x);
    return avgPool2d(x, this.options);
  }
}

libraryLayers(MaxPool2d, AvgPool2d);
