/**
 * Where the compiled kernels live. This file sits one folder below the package root, as
 * the bundles in dist/ do, so the same relative URL finds build/ from source (tests) and
 * from the published bundle; bundlers (Vite, webpack, esbuild's copy loaders) recognise
 * `new URL(…, import.meta.url)` and ship the file with the app, which is why each build
 * is spelled out literally.
 */
export type WasmBuild = 'simd' | 'relaxed' | 'simd-threads' | 'relaxed-threads';

export function wasmUrl(build: WasmBuild): URL {
  switch (build) {
    case 'simd':
      return new URL('../build/simdnet.simd.wasm', import.meta.url);
    case 'relaxed':
      return new URL('../build/simdnet.relaxed.wasm', import.meta.url);
    case 'simd-threads':
      return new URL('../build/simdnet.simd-threads.wasm', import.meta.url);
    case 'relaxed-threads':
      return new URL('../build/simdnet.relaxed-threads.wasm', import.meta.url);
  }
}
