// Layers and models (PyTorch's torch.nn).
export { Module } from './module';
export { Sequential } from './sequential';
export { Linear } from './linear';
export { Conv2d, type Conv2dLayerOptions } from './conv';
export { MaxPool2d, AvgPool2d, type PoolLayerOptions } from './pool';
export { ReLU, Tanh, Sigmoid, Softmax, Flatten, Dropout } from './activation';
export { BatchNorm1d, BatchNorm2d, type BatchNormLayerOptions } from './batchnorm';
export * as functional from './functional';
export { load, loadStateDict, fromConfig } from './load';
export { loadMetadata } from './serialize';
export type { ModuleConfig, SaveOptions, StoredValues } from './serialize';
export { encodeSafetensors, decodeSafetensors, toFloat32, type StoredTensor } from './safetensors';
export { toOnnx, type OnnxOptions } from './export/onnx';
export { toPyTorch, type PyTorchOptions, type PyTorchTraining } from './export/pytorch';
