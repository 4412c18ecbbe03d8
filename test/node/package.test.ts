// Node only: the published package (npm pack) loads its own .wasm from ESM and from CommonJS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
