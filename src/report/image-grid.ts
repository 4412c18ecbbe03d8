import { invalid } from '../errors';
import { checkNonEmpty, checkPositiveInteger, checkString } from './checks';
import { colormap } from './colormap';
import { encodePng, pngDataUri } from './png';
import { renderSvg } from './render';

export interface GridImage {
  label?: string;
  width: number;
  height: number;
  /**
   * width·height intensities (row-major), or 3·width·height for an RGB image stored
   * channel by channel (CHW, as tensors are).
   */
  pixels: ArrayLike<number>;
}

export interface ImageGridOptions {
  title: string;
  images: GridImage[];
  /** Tiles per row (default: up to 8). */
  columns?: number;
  /** A Vega colour scheme for single-channel images (default: grey, black = low). */
  colorScheme?: string;
}

// Tiles are magnified by a whole factor until their longer side is at least this wide.
const MIN_TILE_PX = 48;
const GAP_PX = 6;
const LABEL_PX = 14;

/**
 * Tiles of small images (e.g. the 32 activation maps of a conv layer), each normalised to
 * its own min/max. Each tile is embedded as a PNG data URI: 32 maps of 26×26 make an SVG of
 * about 40 kB, against 3 MB and ten times the rendering time as one rect per pixel.
 */
export async function imageGrid(options: ImageGridOptions): Promise<string> {
  const fn = 'imageGrid';
  const { title, images, colorScheme } = options;
  checkString(fn, 'title', title);
  checkNonEmpty(fn, 'images', images);
  checkPositiveInteger(fn, 'columns', options.columns);
  const columns = Math.min(options.columns ?? 8, images.length);
  const lut = colorScheme === undefined ? undefined : await colormap(fn, colorScheme);
  images.forEach((image, i) => checkImage(fn, `images[${i}]`, image));

  const side = Math.max(...images.map((im) => Math.max(im.width, im.height)));
  const zoom = Math.ceil(MIN_TILE_PX / side);
  const cellWidth = Math.max(...images.map((im) => im.width)) * zoom;
  const cellHeight = Math.max(...images.map((im) => im.height)) * zoom;
  const labelled = images.some((im) => im.label);
  const labelHeight = labelled ? LABEL_PX : 0;
  const rows = Math.ceil(images.length / columns);

  const tiles = images.map((image, i) => {
    const x = (i % columns) * (cellWidth + GAP_PX);
    const y = Math.floor(i / columns) * (cellHeight + labelHeight + GAP_PX) + labelHeight;
    return { url: tilePng(image, lut), label: image.label ?? '', x, y, labelX: x + cellWidth / 2 };
  });
  const at = (field: string) => ({ field, type: 'quantitative', scale: null, axis: null }) as const;
  const tileLayer = {
    mark: {
      type: 'image',
      width: cellWidth,
      height: cellHeight,
      align: 'left',
      baseline: 'top',
      smooth: false,
      aria: false, // its description would repeat the whole data URI
    },
    encoding: { url: { field: 'url', type: 'nominal' }, x: at('x'), y: at('y') },
  } as const;
  const labelLayer = {
    mark: { type: 'text', align: 'center', baseline: 'bottom', dy: -2, fontSize: 10, aria: false },
    encoding: { text: { field: 'label' }, x: at('labelX'), y: at('y') },
  } as const;
  return renderSvg({
    title,
    width: columns * (cellWidth + GAP_PX) - GAP_PX,
    height: rows * (cellHeight + labelHeight + GAP_PX) - GAP_PX,
    data: { values: tiles },
    layer: labelled ? [tileLayer, labelLayer] : [tileLayer],
  });
}

function checkImage(fn: string, name: string, image: GridImage): void {
  const { width, height, pixels, label } = image ?? {};
  checkPositiveInteger(fn, `${name}.width`, width);
  checkPositiveInteger(fn, `${name}.height`, height);
  if (label !== undefined) checkString(fn, `${name}.label`, label);
  const n = width * height;
  if (pixels?.length !== n && pixels?.length !== 3 * n) {
    invalid(fn, `'${name}.pixels' must hold ${n} (grey) or ${3 * n} (RGB) values`);
  }
}

/** One tile as a PNG data URI: scaled to 0–255 by its own min/max, then coloured. */
function tilePng({ width, height, pixels }: GridImage, lut: Uint8Array | undefined): string {
  const n = width * height;
  const planes = pixels.length / n;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    if (pixels[i] < min) min = pixels[i];
    if (pixels[i] > max) max = pixels[i];
  }
  const scale = max > min ? 255 / (max - min) : 0;
  const level = (i: number) => Math.round((pixels[i] - min) * scale) || 0; // NaN → 0
  if (planes === 1 && lut === undefined) {
    return pngDataUri(
      encodePng(
        width,
        height,
        1,
        Uint8Array.from({ length: n }, (_, i) => level(i)),
      ),
    );
  }
  const rgb = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      rgb[3 * i + c] = planes === 3 ? level(c * n + i) : lut![3 * level(i) + c];
    }
  }
  return pngDataUri(encodePng(width, height, 3, rgb));
}
