// The first layer's weights as a grid of small greyscale images (blue-white-red would
// hide the shapes at this size): each image scaled to its own largest magnitude.
import type { Filters } from './protocol';

export function drawFilters(canvas: HTMLCanvasElement, filters: Filters, shown = 64): void {
  const { count, height, width, values } = filters;
  const n = Math.min(count, shown);
  const columns = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / columns);
  const image = new ImageData(columns * (width + 1), rows * (height + 1));
  for (let f = 0; f < n; f++) {
    const w = values.subarray(f * height * width, (f + 1) * height * width);
    let max = 1e-12;
    for (const v of w) max = Math.max(max, Math.abs(v));
    const left = (f % columns) * (width + 1);
    const top = Math.floor(f / columns) * (height + 1);
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) {
        const grey = Math.round(127.5 + (127.5 * w[i * width + j]) / max);
        const at = 4 * ((top + i) * image.width + left + j);
        image.data.set([grey, grey, grey, 255], at);
      }
    }
  }
  // Drawn at 1:1 on a scratch canvas, then scaled up without smoothing.
  const scratch = new OffscreenCanvas(image.width, image.height);
  scratch.getContext('2d')!.putImageData(image, 0, 0);
  const g = canvas.getContext('2d')!;
  g.imageSmoothingEnabled = false;
  g.clearRect(0, 0, canvas.width, canvas.height);
  const scale = Math.min(canvas.width / image.width, canvas.height / image.height);
  g.drawImage(scratch, 0, 0, image.width * scale, image.height * scale);
}
