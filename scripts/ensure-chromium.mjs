/* global process, console */
// The browser half of `npm test` needs Chromium (Debian's, driven by playwright-core). Where
// it is missing and this is root on a Debian-like system, install it (as CI does); elsewhere
// stop at once with the command to run, rather than after a build.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const hasApt = existsSync('/usr/bin/apt-get');
  if (process.getuid?.() === 0 && hasApt) {
    console.error(
      'simdnet: installing Chromium for the browser tests (apt-get install -y chromium)',
    );
    execSync('apt-get update -qq && apt-get install -y -qq chromium', {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } else {
    console.error(
      `simdnet: the browser tests need Chromium, not found at ${chromium}.\n` +
        `  Install it:  ${hasApt ? 'sudo apt-get install -y chromium' : "your system's chromium package"}` +
        ' (or set CHROMIUM_PATH to a Chromium binary)\n' +
        '  or run the Node tests alone:  npm run test:node',
    );
    process.exit(1);
  }
}
