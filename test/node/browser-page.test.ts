// Node only: the live training page (examples/browser/) built by Vite, served by a tiny
// static server, opened in headless Chromium. Once without cross-origin isolation (one
// thread, and the page says why) and once with COOP/COEP (a worker pool inside the training
// worker): MNIST trains, the loss falls, the curves draw, a drawn digit gets probabilities.
// Screenshots and the measured images/s go to reports/browser-page/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Built outside the tree, so that the test leaves nothing for the linters to find.
const dist = mkdtempSync(join(tmpdir(), 'simdnet-page-'));
const reports = join(process.cwd(), 'reports/browser-page');
const TRAIN_MS = 6000;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
};

/** Serves `folder` on 127.0.0.1, with or without the headers that isolate the page. */
async function serve(folder: string, isolated: boolean): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url!, 'http://x').pathname));
    let file = join(folder, path.endsWith('/') ? `${path}index.html` : path);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      if (isolated) {
        res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
        res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
      }
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

interface Demo {
  ready: boolean;
  threads: number;
  threadsNote: string;
  progress: { loss: number; imagesPerSecond: number; seen: number }[];
  probabilities: number[] | null;
  error: string;
}

const demoOf = (page: Page) => page.evaluate(() => (globalThis as unknown as { demo: Demo }).demo);

/** Pixels of a canvas that are not blank. */
const inked = (page: Page, id: string) =>
  page.evaluate((id) => {
    const canvas = document.getElementById(id) as HTMLCanvasElement;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
    return count;
  }, id);

let browser: Browser;
const speeds: Record<string, number> = {};

beforeAll(async () => {
  execFileSync(
    'npx',
    [
      'vite',
      'build',
      '--config',
      'examples/browser/vite.config.ts',
      '--outDir',
      dist,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    {
      stdio: 'inherit',
    },
  );
  mkdirSync(reports, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dist, { recursive: true, force: true });
  writeFileSync(join(reports, 'images-per-second.json'), JSON.stringify(speeds, null, 2) + '\n');
});

/** Opens the page, trains the MLP for TRAIN_MS, draws a "1"; returns what the page shows. */
async function session(
  isolated: boolean,
  more?: (page: Page) => Promise<void>,
): Promise<{ demo: Demo; backend: string }> {
  const { url, server } = await serve(dist, isolated);
  const page = await browser.newPage({ viewport: { width: 1150, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    await page.waitForFunction(
      () => {
        const demo = (globalThis as unknown as { demo?: Demo }).demo;
        return demo?.ready || demo?.error;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect((await demoOf(page)).error).toBe('');
    await page.click('#train');
    await page.waitForTimeout(TRAIN_MS);

    // A vertical stroke down the middle of the pad.
    const box = (await page.locator('#pad').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * (0.2 + 0.06 * i));
    }
    await page.mouse.up();
    await page.waitForFunction(
      () => (globalThis as unknown as { demo: Demo }).demo.probabilities !== null,
    );

    const demo = await demoOf(page);
    expect(errors).toEqual([]);
    expect(demo.error).toBe('');
    expect(demo.progress.length).toBeGreaterThanOrEqual(3);
    expect(demo.progress.at(-1)!.loss).toBeLessThan(demo.progress[0].loss);
    expect(await inked(page, 'loss')).toBeGreaterThan(500);
    expect(await inked(page, 'accuracy')).toBeGreaterThan(500);
    expect(await inked(page, 'filters')).toBeGreaterThan(500);
    const p = demo.probabilities!;
    expect(p).toHaveLength(10);
    expect(p.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
    await page.click('#pause');
    await more?.(page);
    await page.screenshot({
      path: join(reports, `page-${isolated ? 'isolated' : 'plain'}.png`),
      fullPage: true,
    });
    // The speed over the last reports, once the first slices (wasm warm-up) are behind.
    const last = demo.progress.slice(-Math.ceil(demo.progress.length / 2));
    speeds[`${demo.threads} thread${demo.threads > 1 ? 's' : ''}`] = Math.round(
      last.reduce((sum, q) => sum + q.imagesPerSecond, 0) / last.length,
    );
    return { demo, backend: await page.locator('#backend').innerText() };
  } finally {
    await page.close();
    server.close();
  }
}

describe('the browser page (examples/browser)', () => {
  it('trains on one thread without cross-origin isolation, and says why', async () => {
    const { demo, backend } = await session(false);
    expect(demo.threads).toBe(1);
    expect(demo.threadsNote).toMatch(/not cross-origin isolated/);
    expect(backend).toMatch(
      /1 thread \(one thread instead of \d+: the page is not cross-origin isolated/,
    );
  }, 60_000);

  it('trains on a worker pool inside the training worker when cross-origin isolated', async () => {
    const { demo, backend } = await session(true, async (page) => {
      // Save the model, load the file back: the page says what it loaded and predicts again.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
      const saved = join(reports, 'mnist-mlp.safetensors');
      await download.saveAs(saved);
      await page.evaluate(
        () => ((globalThis as unknown as { demo: Demo }).demo.probabilities = null),
      );
      await page.setInputFiles('#load', saved);
      await page.waitForFunction(
        () => (globalThis as unknown as { demo: Demo }).demo.probabilities !== null,
      );
      expect(await page.locator('#stats').innerText()).toMatch(/loaded a MLP/);
      // The circles: a few epochs move the boundary and lower the loss.
      await page.click('#circles-start');
      await page.waitForFunction(() =>
        /epoch ([3-9]|\d\d)/.test(document.getElementById('circles-status')!.textContent!),
      );
      await page.click('#circles-pause');
      expect(await page.locator('#circles-status').innerText()).toMatch(/loss 0\.\d+/);
    });
    expect(demo.threads).toBeGreaterThan(1);
    expect(demo.threadsNote).toBe('');
    expect(backend).toMatch(/\d+ threads \(the page is cross-origin isolated\)/);
  }, 60_000);
});
