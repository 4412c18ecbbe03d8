// The page: wires the controls to the training worker (MNIST) and to the circles demo,
// and keeps what it shows in `window.demo` too, for the test (test/node/browser-page.test.ts).
import { init } from '../../../src';
import { drawChart } from './chart';
import { circlesDemo } from './circles-demo';
import { drawPad, mnistPixels } from './draw-pad';
import { drawFilters } from './filters-view';
import type { FromWorker, ModelKind, Progress, ToWorker } from './protocol';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the page shows, readable by a test. */
const demo = {
  ready: false,
  threads: 0,
  threadsNote: '',
  progress: [] as Progress[],
  tests: [] as { epoch: number; loss: number; accuracy: number }[],
  probabilities: null as number[] | null,
  error: '',
};
Object.assign(globalThis, { demo });

// ?threads=1 forces one thread (to compare speeds); otherwise all cores, which the library
// reduces to one, saying why, when the page is not cross-origin isolated.
const asked =
  Number(new URLSearchParams(location.search).get('threads')) || navigator.hardwareConcurrency;
const worker = new Worker(new URL('./mnist-worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker) => worker.postMessage(message);
send({ type: 'init', threads: asked, mnist: new URL('mnist/', document.baseURI).href });

let model: ModelKind = 'mlp';
let training = false;
let paused = false;

function showProgress(p: Progress): void {
  demo.progress.push(p);
  const curve = (key: 'loss' | 'accuracy') =>
    demo.progress.map((q) => [q.seen, q[key]] as [number, number]);
  const tested = (key: 'loss' | 'accuracy') =>
    demo.tests.map((t) => [t.epoch * 60000, t[key]] as [number, number]);
  drawChart(
    $('loss'),
    [
      { label: 'train', color: '#d9480f', points: curve('loss') },
      { label: 'test', color: '#1f5fbf', points: tested('loss') },
    ],
    'loss (per image seen)',
  );
  drawChart(
    $('accuracy'),
    [
      { label: 'train', color: '#d9480f', points: curve('accuracy'), range: [0, 1] },
      { label: 'test', color: '#1f5fbf', points: tested('accuracy') },
    ],
    'accuracy',
  );
  const eta = p.eta < 90 ? `${p.eta.toFixed(0)} s` : `${(p.eta / 60).toFixed(1)} min`;
  $('stats').textContent =
    `epoch ${p.epoch} · ${p.seen.toLocaleString('en-US')} images · loss ${p.loss.toFixed(4)} · ` +
    `accuracy ${(100 * p.accuracy).toFixed(1)} % · ${p.imagesPerSecond.toFixed(0)} images/s · ` +
    `epoch ends in ${eta}`;
}

function showProbabilities(p: Float32Array | null): void {
  demo.probabilities = p && Array.from(p);
  const list = $('probabilities');
  list.replaceChildren();
  if (!p) return;
  const best = p.indexOf(Math.max(...p));
  p.forEach((v, digit) => {
    const item = document.createElement('li');
    item.className = digit === best ? 'best' : '';
    item.textContent = `${(100 * v).toFixed(1).padStart(5)} %`;
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${Math.round(150 * v)}px`;
    item.append(bar);
    list.append(item);
  });
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const m = event.data;
  switch (m.type) {
    case 'status':
      $('backend').textContent = m.text;
      break;
    case 'ready':
      Object.assign(demo, { ready: true, threads: m.threads, threadsNote: m.threadsNote ?? '' });
      $('backend').textContent =
        `Training worker ready: wasm ${m.simd}, ${m.threads} thread${m.threads > 1 ? 's' : ''}` +
        (m.threadsNote
          ? ` (${m.threadsNote})`
          : crossOriginIsolated
            ? ' (the page is cross-origin isolated)'
            : '') +
        `; MNIST ${m.trainImages} + ${m.testImages} images.`;
      $<HTMLButtonElement>('train').disabled = false;
      break;
    case 'progress':
      showProgress(m.progress);
      break;
    case 'tested':
      demo.tests.push({ epoch: m.epoch, loss: m.loss, accuracy: m.accuracy });
      break;
    case 'filters':
      drawFilters($('filters'), m.filters);
      break;
    case 'prediction':
      predicting = false;
      showProbabilities(m.probabilities);
      break;
    case 'saved':
      download(m.bytes, `mnist-${m.model}.safetensors`);
      break;
    case 'loaded':
      model = m.model;
      $<HTMLSelectElement>('model').value = m.model;
      $('stats').textContent = `loaded a ${m.model.toUpperCase()}; Train goes on training it`;
      $<HTMLButtonElement>('save').disabled = false;
      predict();
      break;
    case 'error':
      demo.error = m.message;
      $('backend').textContent = `error: ${m.message}`;
      break;
  }
};

// A worker that fails to load (a module error) reports here, not through a message.
worker.onerror = (event) => {
  demo.error = event.message || 'the training worker failed to start';
  $('backend').textContent = `error: ${demo.error}`;
};

function download(bytes: Uint8Array, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(
    new Blob([bytes as BlobPart], { type: 'application/octet-stream' }),
  );
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

let loadedModel = false;
$('train').onclick = () => {
  const chosen = $<HTMLSelectElement>('model').value as ModelKind;
  const keep = loadedModel && chosen === model;
  model = chosen;
  loadedModel = false;
  demo.progress = [];
  demo.tests = [];
  training = true;
  paused = false;
  send({ type: 'train', model, keep });
  $<HTMLButtonElement>('pause').disabled = false;
  $<HTMLButtonElement>('save').disabled = false;
  $('pause').textContent = 'Pause';
};
$('pause').onclick = () => {
  paused = !paused;
  send({ type: paused ? 'pause' : 'resume' });
  $('pause').textContent = paused ? 'Resume' : 'Pause';
};
$('save').onclick = () => send({ type: 'save' });
$<HTMLInputElement>('load').onchange = async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (!file) return;
  loadedModel = true;
  training = false;
  send({ type: 'load', bytes: new Uint8Array(await file.arrayBuffer()) });
};

// The digit pad: a prediction after each stroke, and every second while the model learns.
let predicting = false;
function predict(): void {
  const pixels = mnistPixels($<HTMLCanvasElement>('pad'), $<HTMLCanvasElement>('small'));
  if (!pixels || predicting) return;
  predicting = true;
  send({ type: 'predict', id: 0, pixels });
}
const pad = drawPad($('pad'), () => requestAnimationFrame(predict));
$('clear').onclick = () => {
  pad.clear();
  showProbabilities(null);
};
setInterval(() => training && !paused && predict(), 1000);

// The circles run on this thread: a one-thread backend of its own, apart from the worker's.
await init({ threads: 1 });
const circles = circlesDemo({
  canvas: $('circles'),
  lr: $('circles-lr'),
  batch: $('circles-batch'),
  status: $('circles-status'),
});
for (const name of ['lr', 'batch']) {
  const input = $<HTMLInputElement>(`circles-${name}`);
  input.oninput = () => ($(`circles-${name}-value`).textContent = input.value);
}
$('circles-start').onclick = () => circles.start();
$('circles-pause').onclick = () => circles.pause();
$('circles-reset').onclick = () => circles.reset();
