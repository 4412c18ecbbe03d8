import { typeNameOf } from '../type-name';
import { batchNorm } from '../autograd/functions';
import { Tensor } from '../tensor';
import { expectInput } from './layer-error';
import { checkSize } from './linear';
import { libraryLayers, Module } from './module';
import type { ModuleConfig } from './serialize';

/** Options of the batch norm layers (PyTorch's defaults). */
export interface BatchNormLayerOptions {
  /** Weight of each batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

abstract class BatchNorm extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  readonly numBatchesTracked: Tensor<'int32'>;
  readonly momentum: number;
  readonly eps: number;

  constructor(
    readonly numFeatures: number,
    private readonly rank: 2 | 4,
    { momentum = 0.1, eps = 1e-5 }: BatchNormLayerOptions = {},
  ) {
    super();
    checkSize(typeNameOf(this), 'numFeatures', numFeatures);
    this.momentum = momentum;
    this.eps = eps;
    this.weight = this.addParameter('weight', Tensor.full([numFeatures], 1));
    this.bias = this.addParameter('bias', Tensor.zeros([numFeatures]));
    this.runningMean = this.addBuffer('running_mean', Tensor.zeros([numFeatures]));
    this.runningVar = this.addBuffer('running_var', Tensor.full([numFeatures], 1));
    this.numBatchesTracked = Tensor.fromInts([0], []).keep();
    this.addBuffer('num_batches_tracked', this.numBatchesTracked as unknown as Tensor);
  }

  forward(x: Tensor): Tensor {
    const what = this.rank === 2 ? `[N, ${this.numFeatures}]` : `[N, ${this.numFeatures}, H, W]`;
    expectInput(this, x, x.shape.length === this.rank && x.shape[1] === this.numFeatures, what);
    if (this.training) this.numBatchesTracked.ints()[0]++;
    return batchNorm(x, this.weight, this.bias, {
      training: this.training,
      runningMean: this.runningMean,
      runningVar: this.runningVar,
      momentum: this.momentum,
      eps: this.eps,
    });
  }

  toConfig(): ModuleConfig {
    const { momentum, eps } = this;
    return { type: typeNameOf(this), args: [this.numFeatures, { momentum, eps }] };
  }

  toString(): string {
    return `${typeNameOf(this)}(${this.numFeatures})`;
  }
}

/** Batch normalisation of x [N, C] per feature (PyTorch's nn.BatchNorm1d). */
export class BatchNorm1d extends BatchNorm {
  static readonly typeName: string = 'BatchNorm1d';

  constructor(numFeatures: number, options?: BatchNormLayerOptions) {
    super(numFeatures, 2, options);
  }
}

/** Batch normalisation of x [N, C, H, W] per channel (PyTorch's nn.BatchNorm2d). */
export class BatchNorm2d extends BatchNorm {
  static readonly typeName: string = 'BatchNorm2d';

  constructor(numFeatures: number, options?: BatchNormLayerOptions) {
    super(numFeatures, 4, options);
  }
}

libraryLayers(BatchNorm1d, BatchNorm2d);
