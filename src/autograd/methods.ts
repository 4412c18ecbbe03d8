import { Tensor, type DType, type Shape } from '../tensor';
import { backward, type BackwardOptions } from './backward';
import { logSoftmax, relu, sigmoid, softmax, tanh } from './functions/activation';
import { add, div, mul, neg, sub, type Operand } from './functions/arithmetic';
import { matmul } from './functions/linalg';
import { mean, sum } from './functions/reduce';
import { detach, flatten, reshape, transpose } from './functions/shape';

// The tensor methods (`x.matmul(w).add(b).relu()`, `loss.backward()`): sugar over the autograd
// functions, installed on Tensor.prototype when this module loads, so that tensor.ts, which
// sits below autograd, need not import it. Their types are declared next to the class.
// package.json lists this file and the entries that import it (index.ts, cli.ts) under
// "sideEffects", so that bundlers of the sources keep the installation.

/** This tensor as a float tensor, or an error naming the operation. */
function float(t: Tensor<DType>, op: string): Tensor {
  if (t.dtype !== 'float32') throw new Error(`simdnet: ${op}: needs a float32 tensor`);
  return t as Tensor;
}

const methods = {
  backward(
    this: Tensor<DType>,
    gradient?: Tensor | BackwardOptions,
    options: BackwardOptions = {},
  ): void {
    if (gradient !== undefined && !(gradient instanceof Tensor)) {
      options = gradient;
      gradient = undefined;
    }
    const self = this as Tensor;
    if (!this.requiresGrad) {
      throw new Error(
        'simdnet: backward() on a tensor that does not require a gradient: no input of the ' +
          'computation has requiresGrad (or it ran inside noGrad)',
      );
    }
    if (gradient === undefined && this.size !== 1) {
      throw new Error(
        `simdnet: backward() of a tensor of shape [${this.shape}] needs its gradient as argument`,
      );
    }
    if (gradient !== undefined && gradient.shape.join() !== this.shape.join()) {
      throw new Error(
        `simdnet: backward(gradient): gradient [${gradient.shape}] must match the tensor [${this.shape}]`,
      );
    }
    const seed = () =>
      gradient === undefined
        ? Tensor.full(this.shape, 1, { backend: this.backend })
        : detach(gradient);
    backward(self, seed, options);
  },
  detach(this: Tensor<DType>): Tensor {
    return detach(this as Tensor);
  },
  matmul(this: Tensor<DType>, other: Tensor): Tensor {
    return matmul(float(this, 'matmul'), other);
  },
  add(this: Tensor<DType>, other: Operand): Tensor {
    return add(float(this, 'add'), other);
  },
  sub(this: Tensor<DType>, other: Operand): Tensor {
    return sub(float(this, 'sub'), other);
  },
  mul(this: Tensor<DType>, other: Operand): Tensor {
    return mul(float(this, 'mul'), other);
  },
  div(this: Tensor<DType>, other: Operand): Tensor {
    return div(float(this, 'div'), other);
  },
  neg(this: Tensor<DType>): Tensor {
    return neg(float(this, 'neg'));
  },
  sum(this: Tensor<DType>, axis?: number, keepDims = false): Tensor {
    return sum(float(this, 'sum'), axis, keepDims);
  },
  mean(this: Tensor<DType>, axis?: number, keepDims = false): Tensor {
    return mean(float(this, 'mean'), axis, keepDims);
  },
  reshape(this: Tensor<DType>, shape: Shape): Tensor {
    return reshape(float(this, 'reshape'), shape);
  },
  flatten(this: Tensor<DType>, startDim = 1): Tensor {
    return flatten(float(this, 'flatten'), startDim);
  },
  transpose(this: Tensor<DType>): Tensor {
    return transpose(float(this, 'transpose'));
  },
  relu(this: Tensor<DType>): Tensor {
    return relu(float(this, 'relu'));
  },
  tanh(this: Tensor<DType>): Tensor {
    return tanh(float(this, 'tanh'));
  },
  sigmoid(this: Tensor<DType>): Tensor {
    return sigmoid(float(this, 'sigmoid'));
  },
  softmax(this: Tensor<DType>): Tensor {
    return softmax(float(this, 'softmax'));
  },
  logSoftmax(this: Tensor<DType>): Tensor {
    return logSoftmax(float(this, 'logSoftmax'));
  },
} satisfies Partial<Tensor<DType>>;

// Non-enumerable, writable and configurable: the attributes of a method written in the class.
for (const [name, method] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, {
    value: method,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
