import { defineConfig } from 'tsup';

// ESM + CommonJS bundles with .d.ts; the .wasm files stay in build/ and are found at run
// time through src/wasm-location.ts (import.meta.url is shimmed in the CommonJS bundle).
// simdnet/report is its own entry so that only its users load Vega (kept external); cli is
// the `simdnet` command.
export default defineConfig({
  entry: { index: 'src/index.ts', report: 'src/report/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  shims: true,
  sourcemap: false,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
});
