// A canvas to draw a digit on, and its conversion to an MNIST-like input: the ink's
// bounding box scaled to fit 20×20 (aspect kept, antialiased to grey), placed in 28×28 with
// its centre of mass at the centre, then standardised — how the MNIST digits were made.

const MEAN = 0.1307;
const STD = 0.3081;

/** Lets the mouse (or a finger) draw thick white strokes on black; calls `changed` as it draws. */
export function drawPad(canvas: HTMLCanvasElement, changed: () => void): { clear(): void } {
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  const clear = () => {
    g.fillStyle = 'black';
    g.fillRect(0, 0, canvas.width, canvas.height);
  };
  clear();
  let last: [number, number] | null = null;
  const at = (e: PointerEvent): [number, number] => {
    const box = canvas.getBoundingClientRect();
    return [
      ((e.clientX - box.left) * canvas.width) / box.width,
      ((e.clientY - box.top) * canvas.height) / box.height,
    ];
  };
  canvas.addEventListener('pointerdown', (e) => {
    last = at(e);
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const next = at(e);
    g.strokeStyle = 'white';
    g.lineWidth = canvas.width / 14;
    g.lineCap = g.lineJoin = 'round';
    g.beginPath();
    g.moveTo(...last);
    g.lineTo(...next);
    g.stroke();
    last = next;
    changed();
  });
  const end = () => (last = null);
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  return { clear };
}

/** The drawing as a standardised [1, 28, 28] image, or null when nothing is drawn. */
export function mnistPixels(
  canvas: HTMLCanvasElement,
  preview?: HTMLCanvasElement,
): Float32Array | null {
  const { width, height } = canvas;
  const ink = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
  let [top, left, bottom, right] = [height, width, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[4 * (y * width + x)] > 0) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  if (bottom < 0) return null;
  const [w, h] = [right - left + 1, bottom - top + 1];
  const scale = 20 / Math.max(w, h);
  const small = new OffscreenCanvas(28, 28);
  const s = small.getContext('2d', { willReadFrequently: true })!;
  s.imageSmoothingQuality = 'high';
  const place = (dx: number, dy: number) => {
    s.fillStyle = 'black';
    s.fillRect(0, 0, 28, 28);
    s.drawImage(canvas, left, top, w, h, dx, dy, w * scale, h * scale);
    return s.getImageData(0, 0, 28, 28).data;
  };
  // First centred by its box, then moved so that the centre of mass lands on (14, 14).
  const [dx, dy] = [14 - (w * scale) / 2, 14 - (h * scale) / 2];
  let grey = place(dx, dy);
  let [mass, mx, my] = [0, 0, 0];
  for (let i = 0; i < 28 * 28; i++) {
    mass += grey[4 * i];
    mx += (i % 28) * grey[4 * i];
    my += Math.floor(i / 28) * grey[4 * i];
  }
  grey = place(dx + Math.round(13.5 - mx / mass), dy + Math.round(13.5 - my / mass));
  preview?.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(grey), 28, 28), 0, 0);
  return Float32Array.from({ length: 28 * 28 }, (_, i) => (grey[4 * i] / 255 - MEAN) / STD);
}
