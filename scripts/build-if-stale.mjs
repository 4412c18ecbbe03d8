/* global process, console, URL */
// Builds what is older than its sources, so that `npm start`, `npm test` and `npm run demo`
// skip a build that is up to date (the four wasm targets alone take about a minute).
//
//   node scripts/build-if-stale.mjs          the wasm targets and the JS bundles
//   node scripts/build-if-stale.mjs --wasm   the wasm targets only
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const at = (path) => join(root, path);

/** The newest modification time under the given files and folders (0 when none exist). */
function newest(paths) {
  let time = 0;
  for (const path of paths.map(at)) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      const children = readdirSync(path).map((name) => join(path, name).slice(root.length));
      time = Math.max(time, newest(children));
    } else {
      time = Math.max(time, stat.mtimeMs);
    }
  }
  return time;
}

/** The oldest modification time of the outputs, or −∞ when one is missing. */
function oldest(outputs) {
  let time = Infinity;
  for (const path of outputs.map(at)) {
    if (!existsSync(path)) return -Infinity;
    time = Math.min(time, statSync(path).mtimeMs);
  }
  return time;
}

function step(name, sources, outputs, script) {
  if (oldest(outputs) >= newest(sources)) {
    console.error(`simdnet: up to date: ${name}`);
    return;
  }
  console.error(`simdnet: building ${name} (npm run ${script})`);
  try {
    execSync(`npm run --silent ${script}`, { cwd: root, stdio: 'inherit' });
  } catch (error) {
    process.exit(error.status ?? 1); // the build has printed why
  }
}

const WASM = ['simd', 'relaxed', 'simd-threads', 'relaxed-threads'].map(
  (target) => `build/simdnet.${target}.wasm`,
);
step('the wasm kernels', ['assembly', 'asconfig.json', 'package-lock.json'], WASM, 'build:wasm');
if (!process.argv.includes('--wasm')) {
  step(
    'the JS bundles',
    ['src', 'tsup.config.ts', 'package.json', 'package-lock.json'],
    ['dist/index.js', 'dist/index.cjs', 'dist/report.js', 'dist/cli.js'],
    'build:js',
  );
}
