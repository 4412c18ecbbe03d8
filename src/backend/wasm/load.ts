import { importNode } from '../../files';
import { wasmUrl, type WasmBuild } from '../../wasm-location';

/** Where to find a build's bytes: a URL (or string) to fetch or read, or the bytes themselves. */
export type WasmSource = string | URL | ArrayBuffer | Uint8Array<ArrayBuffer>;

/** The bytes of one build, from `source` or from the package's own build/ folder. */
export async function loadWasmBytes(
  build: WasmBuild,
  source?: WasmSource,
): Promise<Uint8Array<ArrayBuffer>> {
  const where = source ?? wasmUrl(build);
  if (where instanceof Uint8Array) return where;
  if (where instanceof ArrayBuffer) return new Uint8Array(where);
  const url = where instanceof URL ? where : new URL(where, globalThis.location?.href);
  if (url.protocol === 'file:') {
    // Node: fetch() cannot read file: URLs.
    const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
    return new Uint8Array(await fs.readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`simdnet: could not load ${url.href} (HTTP ${response.status})`);
  }
  return new Uint8Array(await response.arrayBuffer());
}
