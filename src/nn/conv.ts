import { conv2d } from '../autograd/functions';
import type { Pair } from '../ops';
import type { Tensor } from '../tensor';
import { uniformFanIn } from './init';
import { expectInput } from './layer-error';
import { checkSize } from './linear';
import { libraryLayers, Module } from './module';
import type { ModuleConfig } from './serialize';

/** Options of Conv2d besides the channel counts and the kernel size. */
export interface Conv2dLayerOptions {
  stride?: Pair;
  padding?: Pair;
  bias?: boolean;
}

const asPair = (p: Pair): [number, number] => (typeof p === 'number' ? [p, p] : [p[0], p[1]]);

/**
 * 2-D convolution over x [N, inC, H, W] with weight [outC, inC, kH, kW] and bias [outC]
 * (PyTorch's nn.Conv2d layout and initialisation).
 */
export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | undefined;
  readonly kernel: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernel: Pair,
    { stride = 1, padding = 0, bias = true }: Conv2dLayerOptions = {},
  ) {
    super();
    checkSize('Conv2d', 'inChannels', inChannels);
    checkSize('Conv2d', 'outChannels', outChannels);
    this.kernel = asPair(kernel);
    this.stride = asPair(stride);
    this.padding = asPair(padding);
    this.kernel.forEach((k) => checkSize('Conv2d', 'kernel', k));
    const fanIn = inChannels * this.kernel[0] * this.kernel[1];
    this.weight = this.addParameter(
      'weight',
      uniformFanIn([outChannels, inChannels, ...this.kernel], fanIn),
    );
    this.bias = bias ? this.addParameter('bias', uniformFanIn([outChannels], fanIn)) : undefined;
  }

  forward(x: Tensor): Tensor {
    const [kh, kw] = this.kernel;
    const [ph, pw] = this.padding;
    expectInput(
      this,
      x,
      x.shape.length === 4 &&
        x.shape[1] === this.inChannels &&
        x.shape[2] + 2 * ph >= kh &&
        x.shape[3] + 2 * pw >= kw,
      `[N, ${this.inChannels}, H, W] with H ≥ ${kh - 2 * ph} and W ≥ ${kw - 2 * pw}`,
    );
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }

  toConfig(): ModuleConfig {
    const { inChannels, outChannels, kernel, stride, padding } = this;
    return {
      type: 'Conv2d',
      args: [inChannels, outChannels, kernel, { stride, padding, bias: !!this.bias }],
    };
  }

  toString(): string {
    const extra = [
      this.stride.some((s) => s !== 1) ? `stride ${this.stride.join('×')}` : '',
      this.padding.some((p) => p !== 0) ? `padding ${this.padding.join('×')}` : '',
    ].filter(Boolean);
    return `Conv2d(${this.inChannels} → ${this.outChannels}, ${this.kernel.join('×')}${extra.map((e) => ', ' + e).join('')})`;
  }
}

libraryLayers(Conv2d);
