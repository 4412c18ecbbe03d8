import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const argv = process.argv;
const nodeOnly = argv.some(
  (a, i) => (a === '--project' && argv[i + 1] === 'node') || a === '--project=node',
);
if (!nodeOnly && !existsSync(chromium)) {
  // The browser half of the suite is never skipped silently.
  throw new Error(
    `Chromium not found at ${chromium}: install it with \`apt-get install -y chromium\` ` +
      '(or set CHROMIUM_PATH), or run only the Node tests with `npm run test:node`.',
  );
}

export default defineConfig({
  // Cross-origin isolation, so that the browser tests get SharedArrayBuffer and run the
  // kernels on a worker pool as they do in Node.
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  test: {
    testTimeout: 60_000,
    // CIFAR-10 for the experiments' tests (see the file).
    globalSetup: ['test/setup/cifar10.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['test/**/*.test.ts'] },
        // test/node/ holds the few tests that are about Node itself (the packed package).
      },
      {
        extends: true,
        test: {
          name: 'chromium',
          include: ['test/**/*.test.ts'],
          exclude: ['test/node/**'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: chromium,
                args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
