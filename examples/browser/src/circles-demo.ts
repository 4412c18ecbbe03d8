// E2 live: the 2-4-2 network (tanh hidden layer, softmax output) learning the circles on
// the page's own thread (it is tiny), one epoch per animation frame, its decision
// boundary redrawn after each; lr and batch size are read from the sliders every epoch.
import { data, nn, noGrad, optim, scope, Tensor } from '../../../src';

const EXTENT = 1.6;
const GRID = 60;

export interface CirclesControls {
  canvas: HTMLCanvasElement;
  lr: HTMLInputElement;
  batch: HTMLInputElement;
  status: HTMLElement;
}

export function circlesDemo(ui: CirclesControls): { start(): void; pause(): void; reset(): void } {
  const points = data.circlesDataset({ n: 400, noise: 0.1, factor: 0.5, seed: 0 });
  let model = net();
  let epoch = 0;
  let running = false;
  let loss = NaN;

  function net(): nn.Sequential {
    return new nn.Sequential(new nn.Linear(2, 4), new nn.Tanh(), new nn.Linear(4, 2));
  }

  function trainEpoch(): void {
    const lr = Number(ui.lr.value);
    const batchSize = Number(ui.batch.value);
    // A fresh SGD each epoch, so that the slider's lr applies at once (plain SGD has no state).
    const optimizer = new optim.SGD(model.parameters(), { lr });
    const loader = new data.DataLoader(points, { batchSize, shuffle: true, seed: epoch });
    let total = 0;
    for (const { x, y } of loader) {
      const l = nn.functional.crossEntropy(model.forward(x), y);
      optimizer.zeroGrad();
      l.backward();
      optimizer.step();
      total += l.item() * y.length;
    }
    loss = total / points.length;
    epoch++;
  }

  /** P(inner ring) on a GRID×GRID lattice over the plot, one forward pass. */
  function boundary(): Float32Array {
    const xy = new Float32Array(2 * GRID * GRID);
    for (let i = 0; i < GRID; i++) {
      for (let j = 0; j < GRID; j++) {
        xy[2 * (i * GRID + j)] = -EXTENT + ((j + 0.5) * 2 * EXTENT) / GRID;
        xy[2 * (i * GRID + j) + 1] = EXTENT - ((i + 0.5) * 2 * EXTENT) / GRID;
      }
    }
    return scope(() =>
      noGrad(() => {
        const p = model
          .forward(Tensor.from(xy, [GRID * GRID, 2]))
          .softmax()
          .toArray();
        return p.filter((_, k) => k % 2 === 1);
      }),
    );
  }

  function draw(): void {
    const g = ui.canvas.getContext('2d')!;
    const { width, height } = ui.canvas;
    const p = boundary();
    const cell = width / GRID;
    for (let k = 0; k < p.length; k++) {
      // Orange for the outer ring's side, blue for the inner's, pale near 0.5.
      const t = p[k];
      g.fillStyle = `rgb(${255 - 75 * t}, ${210 - 5 * t}, ${180 + 75 * t})`;
      g.fillRect((k % GRID) * cell, Math.floor(k / GRID) * cell, cell + 1, cell + 1);
    }
    const { x, y } = points;
    for (let i = 0; i < points.length; i++) {
      g.fillStyle = y[i] === 1 ? '#1f5fbf' : '#d9480f';
      const px = ((x[2 * i] + EXTENT) / (2 * EXTENT)) * width;
      const py = ((EXTENT - x[2 * i + 1]) / (2 * EXTENT)) * height;
      g.beginPath();
      g.arc(px, py, 2.5, 0, 2 * Math.PI);
      g.fill();
    }
    ui.status.textContent = `epoch ${epoch}, loss ${Number.isNaN(loss) ? '–' : loss.toFixed(4)}`;
  }

  function frame(): void {
    if (!running) return;
    trainEpoch();
    draw();
    requestAnimationFrame(frame);
  }

  draw();
  return {
    start() {
      if (running) return;
      running = true;
      requestAnimationFrame(frame);
    },
    pause() {
      running = false;
    },
    reset() {
      model = net();
      epoch = 0;
      loss = NaN;
      draw();
    },
  };
}
