// Image transforms: torchvision's functional definitions, random augmentations built on
// them, per-channel normalisation and ZCA whitening.
export * as functional from './functional';
export * as zca from './zca';
export { Transform, Compose, compose, batchRandom, type ImageShape } from './transform';
export { Normalize, normalize, NORMALIZE_KEY } from './normalize';
export {
  RandomCrop,
  randomCrop,
  RandomHorizontalFlip,
  randomHorizontalFlip,
  RandomAffine,
  randomAffine,
  RandomPerspective,
  randomPerspective,
  type RandomCropOptions,
  type RandomAffineOptions,
  type RandomPerspectiveOptions,
} from './geometric';
export {
  ColorJitter,
  colorJitter,
  GaussianBlur,
  gaussianBlur,
  type ColorJitterOptions,
  type GaussianBlurOptions,
} from './photometric';
