// nn.functional: the differentiable operations as plain functions (PyTorch's torch.nn.functional).
export {
  linear,
  conv2d,
  maxPool2d,
  avgPool2d,
  relu,
  tanh,
  sigmoid,
  softmax,
  logSoftmax,
  dropout,
  batchNorm,
  flatten,
  crossEntropy,
  bceWithLogits,
  mse,
  l2Penalty,
} from '../autograd/functions';
