/**
 * Where the compiled kernels live. This file sits one folder below the package root, as
 * the bundles in dist/ do, so the same relative URL finds build/ from source (tests) and
 * from the published bundle; bundlers (Vite, webpack, esbuild's copy loaders) recognise
 * `new URL(…, import.meta.url)` and ship the file with the app.
 */
export type WasmBuild = 'simd' | 'relaxed';

export function wasmUrl(build: WasmBuild): URL {
  return build === 'simd'
    ? new URL('../build/simdnet.simd.wasm', import.meta.url)
    : new URL('../build/simdnet.relaxed.wasm', import.meta.url);
}
