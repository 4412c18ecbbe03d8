// torchvision.transforms.functional for float images in [0, 1]: each transform on a tensor
// [N, C, H, W] or [C, H, W], and its twin on one image view writing into a given array.
export { checkImage, mapImages, type ImageSize, type ImageView } from './image';
export { normalize, normalizeImage } from './normalize';
export { pad, padImage, type Padding, type PaddingMode } from './pad';
export { crop, cropImage } from './crop';
export { hflip, hflipImage, vflip, vflipImage } from './flip';
export {
  adjustBrightness,
  adjustBrightnessImage,
  adjustContrast,
  adjustContrastImage,
  adjustHue,
  adjustHueImage,
  adjustSaturation,
  adjustSaturationImage,
  rgbToGrayscale,
  rgbToGrayscaleImage,
} from './color';
export { affine, affineImage, type AffineOptions } from './affine';
export {
  perspective,
  perspectiveCoefficients,
  perspectiveImage,
  type Corners,
  type PerspectiveOptions,
  type Point,
} from './perspective';
export type { Fill, Interpolation } from './sample';
export { gaussianBlur, gaussianBlurImage } from './blur';
