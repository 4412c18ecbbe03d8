// The live training page: `npm run demo:browser` (dev server on 127.0.0.1) and
// `npm run build:browser` (a static folder, examples/browser/dist).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { mnistFiles } from './mnist-files';

const root = fileURLToPath(new URL('.', import.meta.url));
const repository = fileURLToPath(new URL('../..', import.meta.url));

// Cross-origin isolation gives the page SharedArrayBuffer, so the kernels run on threads.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root,
  // Relative asset URLs, so that the build works from any folder of any static host.
  base: './',
  plugins: [mnistFiles()],
  server: {
    host: '127.0.0.1',
    headers: isolation,
    // The page imports the library from src/ and its wasm from build/, above the root.
    fs: { allow: [repository] },
  },
  preview: { host: '127.0.0.1', headers: isolation },
  // ES module workers: the library's code splits (lazy imports), which IIFE workers cannot.
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
