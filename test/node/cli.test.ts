// The `simdnet` command as a user runs it: a child process on the sources (through tsx), its
// exit codes, and what a --limit run writes. In test/node/: the browser project has no
// child processes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const cli = join(root, 'src/cli.ts');

function simdnet(args: string[], cwd = root) {
  const r = spawnSync(tsx, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('simdnet (CLI)', () => {
  it('--help prints the usage, with every flag and experiment, and exits 0', () => {
    const { code, stdout } = simdnet(['--help']);
    expect(code).toBe(0);
    for (const flag of ['--epochs', '--limit', '--out', '--format', '--threads', '--quiet']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toMatch(/^ {2}e8-search /m);
    expect(stdout).not.toContain('EXPERIMENTS.md');
  });

  it("--version prints package.json's version and exits 0", () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const { code, stdout } = simdnet(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it('exits 2 with the usage without arguments, and names the experiments for an unknown one', () => {
    const none = simdnet([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^usage: simdnet reproduce/);
    const unknown = simdnet(['reproduce', 'e9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown experiment e9');
    expect(unknown.stderr).toContain('e1, e2, e3, e4, e5, e6, e7, e8, e8-search');
  });

  it('writes a --limit run to reports/<name>-limit<N>, saying so with the real counts', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'simdnet-cli-'));
    try {
      const args = ['reproduce', 'e1', '--limit', '100', '--epochs', '1', '--threads', '1'];
      const { code, stdout, stderr } = simdnet([...args, '--quiet'], cwd);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const out = join(cwd, 'reports/e1-limit100');
      expect(existsSync(join(cwd, 'reports/e1'))).toBe(false);
      expect(stdout).toContain('--limit 100');
      const figures = JSON.parse(readFileSync(join(out, 'figures.json'), 'utf8'));
      expect(figures.limit).toBe(100);
      expect(figures.samples).toEqual({ 'training images': 100, 'test images': 50 });
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      expect(html).toContain('--limit 100');
      expect(html).toContain('the first 100 of the 60 000 training images');
      expect(html).toContain('the first 50 of the 10 000 test images');
      expect(html).not.toMatch(/all 60 000|all 10 000/);
      expect(html).toMatch(/1 epoch\b/);
      expect(html).not.toContain('1 epochs');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 120_000);
});
