import { typeNameOf } from '../type-name';
import * as F from '../autograd/functions';
import type { Tensor } from '../tensor';
import { libraryLayers, Module } from './module';
import type { ModuleConfig } from './serialize';

/** A layer without constructor arguments. */
abstract class Stateless extends Module {
  toConfig(): ModuleConfig {
    return { type: typeNameOf(this), args: [] };
  }
}

/** max(x, 0), elementwise. */
export class ReLU extends Stateless {
  static readonly typeName: string = 'ReLU';

  forward(x: Tensor): Tensor {
    return F.relu(x);
  }
}

/** tanh(x), elementwise. */
export class Tanh extends Stateless {
  static readonly typeName: string = 'Tanh';

  forward(x: Tensor): Tensor {
    return F.tanh(x);
  }
}

/** 1/(1 + e^−x), elementwise. */
export class Sigmoid extends Stateless {
  static readonly typeName: string = 'Sigmoid';

  forward(x: Tensor): Tensor {
    return F.sigmoid(x);
  }
}

/** Softmax over the last axis. */
export class Softmax extends Stateless {
  static readonly typeName: string = 'Softmax';

  forward(x: Tensor): Tensor {
    return F.softmax(x);
  }
}

/** Merges every dimension after the first: [N, C, H, W] → [N, C·H·W]. */
export class Flatten extends Stateless {
  static readonly typeName: string = 'Flatten';

  forward(x: Tensor): Tensor {
    return F.flatten(x, 1);
  }
}

/** Zeroes each element with probability p in training and scales the rest by 1/(1 − p). */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) {
      throw new Error(`simdnet: Dropout: p must be in [0, 1), got ${p}`);
    }
  }

  forward(x: Tensor): Tensor {
    return F.dropout(x, this.p, this.training);
  }

  toConfig(): ModuleConfig {
    return { type: 'Dropout', args: [this.p] };
  }

  toString(): string {
    return `Dropout(${this.p})`;
  }
}

libraryLayers(ReLU, Tanh, Sigmoid, Softmax, Flatten, Dropout);
