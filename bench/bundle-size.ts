// node --import tsx bench/bundle-size.ts
// What a browser app ships to train a small MLP: simdnet's JS and wasm against TensorFlow.js
// (tfjs-core + tfjs-layers + tfjs-backend-wasm), both apps bundled by the same esbuild
// (ESM, minified, tree-shaken), gzip -9 sizes. The wasm counted is the one file a browser
// fetches (SIMD, one thread); each library ships more variants that are fetched only on
// engines that need them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'simdnet-bundle-'));

const APPS = {
  simdnet: {
    source: `import { init, nn, optim, Tensor } from ${JSON.stringify(join(root, 'src/index.ts'))};
await init();
const model = new nn.Sequential(new nn.Linear(784, 300), new nn.ReLU(), new nn.Linear(300, 10));
const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
const x = Tensor.zeros([64, 784]);
const loss = nn.functional.crossEntropy(model.forward(x), new Int32Array(64));
opt.zeroGrad(); loss.backward(); opt.step();
console.log(loss.item());`,
    wasm: join(root, 'build/simdnet.simd.wasm'),
  },
  'TensorFlow.js': {
    source: `import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm');
const model = tfl.sequential({ layers: [
  tfl.layers.dense({ inputShape: [784], units: 300, activation: 'relu' }),
  tfl.layers.dense({ units: 10 }) ] });
model.compile({ optimizer: tf.train.sgd(0.1), loss: 'sparseCategoricalCrossentropy' });
await model.fit(tf.zeros([64, 784]), tf.zeros([64, 1]), { epochs: 1, batchSize: 64 });`,
    wasm: join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'),
  },
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

console.log('| library | JS min | JS gzip | wasm gzip | total gzip |');
console.log('|---|---|---|---|---|');
try {
  for (const [name, app] of Object.entries(APPS)) {
    const entry = join(work, `${name.replace(/\W/g, '')}.js`);
    writeFileSync(entry, app.source);
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      external: ['node:*'], // Node-only paths behind runtime checks
      nodePaths: [join(root, 'node_modules')],
      logLevel: 'error',
    });
    const js = out.outputFiles.reduce((sum, f) => sum + f.contents.length, 0);
    const jsGz = out.outputFiles.reduce((sum, f) => sum + gz(f.contents), 0);
    const wasmGz = gz(readFileSync(app.wasm));
    console.log(`| ${name} | ${kb(js)} | ${kb(jsGz)} | ${kb(wasmGz)} | ${kb(jsGz + wasmGz)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
