/* global process, console */
// What `npm test` needs beyond npm: Debian's Chromium for the browser half (driven by
// playwright-core) and python3-torch for the PyTorch export checks (libopenblas0-pthread,
// else its BLAS is 30x slower). Where one is missing and this is root on a Debian-like
// system, install it (as CI does); elsewhere stop at once with the command to run, rather
// than after a build.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasTorch = () =>
  ['/usr/bin/python3', 'python3'].some(
    (python) => spawnSync(python, ['-c', 'import torch']).status === 0,
  );

// --browser-only: the Chromium tests alone; --node-only: the Node tests alone.
const missing = [];
if (!process.argv.includes('--node-only') && !existsSync(chromium)) {
  missing.push({ what: 'Chromium', packages: ['chromium'], flags: '' });
}
if (!process.argv.includes('--browser-only') && !hasTorch()) {
  // torch's recommends (libtorch-dev, build-essential) are not needed to run it.
  missing.push({
    what: 'PyTorch',
    packages: ['python3-torch', 'libopenblas0-pthread'],
    flags: '--no-install-recommends',
  });
}
if (missing.length > 0) {
  const packages = missing.flatMap((m) => m.packages).join(' ');
  const what = missing.map((m) => m.what).join(' and ');
  const hasApt = existsSync('/usr/bin/apt-get');
  if (process.getuid?.() === 0 && hasApt) {
    console.error(`simdnet: installing ${what} for the tests (apt-get install -y ${packages})`);
    const installs = missing.map(
      (m) => `apt-get install -y -qq ${m.flags} ${m.packages.join(' ')} > /dev/null`,
    );
    execSync(['apt-get update -qq', ...installs].join(' && '), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } else {
    console.error(
      `simdnet: the tests need ${what}.\n` +
        `  Install: ${hasApt ? `sudo apt-get install -y ${packages}` : `your system's ${packages}`}` +
        ' (CHROMIUM_PATH may point to another Chromium)' +
        (missing.length === 1 && missing[0].what === 'Chromium'
          ? '\n  or run the Node tests alone:  npm run test:node'
          : ''),
    );
    process.exit(1);
  }
}
