// The report layer: every chart must be well-formed SVG whose marks carry the data given
// (read back from Vega's aria-labels and from the embedded PNGs), and the report writers
// must escape every piece of text.
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { Random } from '../src';
import {
  barChart,
  histogram,
  histogramChart,
  imageGrid,
  lineChart,
  saveReport,
  writeReport,
  type Report,
} from '../src/report';

const inBrowser = typeof window !== 'undefined';

/** What the tests read back from an SVG: <text> contents, aria-labels, image hrefs. */
interface ParsedSvg {
  texts: string[];
  labels: string[];
  images: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : ENTITIES[e],
  );
}

/**
 * A tiny XML well-formedness check for Node (no DOMParser there): every tag is well formed
 * with quoted, distinct attributes, tags nest and close, '&' only starts an entity, and
 * there is one root element.
 */
function parseXml(xml: string): ParsedSvg {
  const parsed: ParsedSvg = { texts: [], labels: [], images: [] };
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  const open: string[] = [];
  let roots = 0;
  let at = 0;
  while (at < xml.length) {
    const next = xml.indexOf('<', at);
    const text = xml.slice(at, next < 0 ? xml.length : next);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(text)) {
      throw new Error(`bare '&' in text near ${at}`);
    }
    if (open.length === 0 && text.trim() !== '') throw new Error(`text outside the root`);
    if (open.at(-1) === 'text') parsed.texts.push(decodeEntities(text));
    if (next < 0) break;
    tag.lastIndex = next;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag at ${next}: ${xml.slice(next, next + 60)}`);
    const [whole, closing, name, attributes, selfClosing] = m;
    if (closing) {
      if (attributes || selfClosing || open.pop() !== name) {
        throw new Error(`unexpected </${name}> at ${next}`);
      }
    } else {
      if (open.length === 0 && roots++ > 0) throw new Error('more than one root element');
      const attrs = new Map<string, string>();
      for (const [, key, value] of attributes.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
        if (attrs.has(key)) throw new Error(`attribute ${key} repeated in <${name}>`);
        attrs.set(key, decodeEntities(value));
      }
      if (attrs.has('aria-label')) parsed.labels.push(attrs.get('aria-label')!);
      if (name === 'image') parsed.images.push(attrs.get('xlink:href') ?? '');
      if (name === 'text' && selfClosing) parsed.texts.push('');
      if (!selfClosing) open.push(name);
    }
    at = next + whole.length;
  }
  if (open.length > 0) throw new Error(`unclosed <${open.at(-1)}>`);
  return parsed;
}

/** Parses an SVG document (DOMParser in the browser, parseXml in Node); throws if malformed. */
function parseSvg(svg: string): ParsedSvg {
  expect(svg.startsWith('<svg')).toBe(true);
  if (!inBrowser) return parseXml(svg);
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const error = doc.querySelector('parsererror');
  if (error) throw new Error(`malformed SVG: ${error.textContent}`);
  expect(doc.documentElement.tagName).toBe('svg');
  return {
    texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent ?? ''),
    labels: Array.from(doc.querySelectorAll('[aria-label]'), (e) => e.getAttribute('aria-label')!),
    images: Array.from(
      doc.querySelectorAll('image'),
      (e) => e.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '',
    ),
  };
}

/** Decoded RGBA pixels of a PNG: Chromium's decoder in the browser, node:zlib in Node. */
async function decodePng(
  uri: string,
): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const prefix = 'data:image/png;base64,';
  expect(uri.startsWith(prefix)).toBe(true);
  const bytes = Uint8Array.from(atob(uri.slice(prefix.length)), (c) => c.charCodeAt(0));
  if (inBrowser) {
    const blob = new Blob([bytes], { type: 'image/png' });
    const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, rgba: new Uint8Array(data.buffer) };
  }
  const zlibModule = 'node:zlib';
  const zlib: typeof import('node:zlib') = await import(/* @vite-ignore */ zlibModule);
  const view = new DataView(bytes.buffer);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length), `${type} CRC`).toBe(
      zlib.crc32(bytes.subarray(at + 4, at + 8 + length)),
    );
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      expect(data[8]).toBe(8); // bit depth
      channels = { 0: 1, 2: 3 }[data[9]]!;
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat)); // checks the Adler-32 too
  const rgba = new Uint8Array(4 * width * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * channels + 1);
    expect(raw[row], 'filter type').toBe(0);
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        rgba[4 * (y * width + x) + c] = raw[row + 1 + x * channels + (channels === 3 ? c : 0)];
      }
      rgba[4 * (y * width + x) + 3] = 255;
    }
  }
  return { width, height, rgba };
}

/** `pixels` scaled to 0–255 by their own min/max, the way a grid tile should show them. */
function levels(pixels: ArrayLike<number>): number[] {
  const all = Array.from(pixels);
  const min = Math.min(...all);
  const max = Math.max(...all);
  return all.map((v) => Math.round(((v - min) / (max - min)) * 255));
}

/** Counts per equal-width bin of [min, max] (the last bin closed), by direct comparison. */
function directCounts(values: ArrayLike<number>, bins: number, min: number, max: number) {
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    for (let i = 0; i < bins; i++) {
      const lo = min + i * width;
      const last = i === bins - 1;
      if (v >= lo && (last ? v <= max : v < min + (i + 1) * width)) counts[i]++;
    }
  }
  return counts;
}

const decay = (name: string, rate: number, n = 50) => ({
  name,
  points: Array.from({ length: n }, (_, i): [number, number] => [i + 1, Math.exp(-rate * i)]),
});

describe('lineChart', () => {
  it('draws 3 series of 50 points as well-formed SVG with a legend, in well under 10 s', async () => {
    const series = [decay('train', 0.1), decay('test', 0.08), decay('validation', 0.05)];
    const start = performance.now();
    const svg = await lineChart({ title: 'Loss', x: 'epoch', y: 'loss', series });
    expect(performance.now() - start).toBeLessThan(10_000);
    const { texts, labels } = parseSvg(svg);
    expect(texts).toContain('Loss');
    expect(texts).toContain('epoch');
    // The legend lists the series in the order given.
    const legend = series.map((s) => texts.indexOf(s.name));
    expect(legend.every((i) => i >= 0)).toBe(true);
    expect([...legend].sort((a, b) => a - b)).toEqual(legend);
    for (const { name, points } of series) {
      for (const [x, y] of points) {
        expect(labels).toContain(`epoch: ${x}; loss: ${+y.toPrecision(12)}; series: ${name}`);
      }
    }
  });

  it('puts every power of ten of the data on a log y axis', async () => {
    const series = [decay('train', Math.log(10) / 10, 41)]; // 1 down to 1e-4
    const svg = await lineChart({ title: 'Loss', x: 'epoch', y: 'loss', series, logY: true });
    const { texts, labels } = parseSvg(svg);
    expect(labels.some((l) => /^Y-axis .* log scale/.test(l))).toBe(true);
    for (let k = -4; k <= 0; k++) expect(texts).toContain(String(Number(`1e${k}`)));
  });

  it('labels an integer x axis with integer ticks only (no "1, 2, 2" on two epochs)', async () => {
    const svg = await lineChart({
      title: 'Loss',
      x: 'epoch',
      y: 'loss',
      series: [decay('a', 1, 2)],
    });
    const { texts } = parseSvg(svg);
    // The x tick labels come first, before the axis title.
    expect(texts.slice(0, texts.indexOf('epoch'))).toEqual(['1', '2']);
    const long = await lineChart({
      title: 'Loss',
      x: 'epoch',
      y: 'loss',
      series: [decay('a', 1, 5)],
    });
    const ticks = parseSvg(long).texts;
    expect(ticks.slice(0, ticks.indexOf('epoch'))).toEqual(['1', '2', '3', '4', '5']);
  });

  it('gives the series of one group one colour and tells them apart by dash', async () => {
    const series = ['lr 0.1', 'lr 1', 'lr 10'].flatMap((run, i) =>
      ['train', 'test'].map((dash, j) => ({
        ...decay(`${run} ${dash}`, 0.1 * (i + 1) + 0.01 * j, 5),
        group: run,
        dash,
      })),
    );
    const svg = await lineChart({ title: 'Loss', x: 'epoch', y: 'loss', series });
    const lines = [...svg.matchAll(/<path aria-label="[^"]*series: ([^"]+)"[^>]*line mark[^>]*>/g)];
    const style = new Map(
      lines.map(([tag, name]) => [
        name,
        {
          stroke: /stroke="([^"]+)"/.exec(tag)![1],
          dash: /stroke-dasharray="([^"]+)"/.exec(tag)![1],
        },
      ]),
    );
    expect(style.size).toBe(6);
    const colours = new Set<string>();
    for (const run of ['lr 0.1', 'lr 1', 'lr 10']) {
      const train = style.get(`${run} train`)!;
      const test = style.get(`${run} test`)!;
      expect(test.stroke).toBe(train.stroke);
      expect(train.dash).toBe('1,0'); // solid
      expect(test.dash).not.toBe('1,0');
      colours.add(train.stroke);
    }
    expect(colours.size).toBe(3);
    // Two legends: the runs by colour, train/test by dash.
    const { labels } = parseSvg(svg);
    expect(labels).toContain(
      'Symbol legend for fill color and stroke color with 3 values: lr 0.1, lr 1, lr 10',
    );
    expect(labels).toContain('Symbol legend for strokeDash with 2 values: train, test');
  });

  it('draws a point for a series of one point (a one-epoch run), even among long ones', async () => {
    const series = [
      decay('long', 0.1, 100),
      { name: 'one', points: [[3, 0.5]] as [number, number][] },
    ];
    const svg = await lineChart({ title: 'Loss', x: 'epoch', y: 'loss', series });
    const points = [
      ...svg.matchAll(/<path aria-label="([^"]*)"[^>]*aria-roledescription="point"/g),
    ];
    // Only the short series is dotted: 100 dots would be clutter.
    expect(points.map((m) => m[1])).toEqual(['epoch: 3; loss: 0.5; series: one']);
  });

  it('rejects y ≤ 0 on a log axis, repeated names and a missing series', async () => {
    const base = { title: 't', x: 'x', y: 'y' };
    const zero = [{ name: 'a', points: [[1, 0]] as [number, number][] }];
    await expect(lineChart({ ...base, series: zero, logY: true })).rejects.toThrow(
      "simdnet: lineChart: 'series[0].points' must have y > 0 with logY, got 0",
    );
    await expect(lineChart({ ...base, series: [decay('a', 1), decay('a', 2)] })).rejects.toThrow(
      "simdnet: lineChart: 'series' names must differ, 'a' repeats",
    );
    await expect(lineChart({ ...base, series: [] })).rejects.toThrow(
      "simdnet: lineChart: 'series' must be a non-empty array",
    );
  });
});

describe('histogram', () => {
  it('counts as a direct count does, edges and extremes included, skipping non-finite values', () => {
    const rng = new Random(7);
    const values = Array.from({ length: 5000 }, () => rng.normal() * 3);
    values.push(NaN, Infinity, -Infinity, 0, 1, -1); // on edges of the [-12, 12] / 24 bins
    for (const [bins, range] of [
      [24, [-12, 12]],
      [7, [-1, 2]],
      [1, [0, 5]],
    ] as [number, [number, number]][]) {
      const { edges, counts } = histogram(values, bins, range);
      expect(Array.from(counts)).toEqual(directCounts(values, bins, ...range));
      expect(edges[0]).toBe(range[0]);
      expect(edges[bins]).toBe(range[1]);
    }
    const finite = values.filter(Number.isFinite);
    const { counts } = histogram(values, 30);
    expect(counts.reduce((a, b) => a + b)).toBe(finite.length);
  });

  it('gives a single repeated value a unit-wide bin', () => {
    const { edges, counts } = histogram([2, 2, 2], 2);
    expect(Array.from(edges)).toEqual([1.5, 2, 2.5]);
    expect(Array.from(counts)).toEqual([0, 3]);
  });
});

describe('histogramChart', () => {
  it('plots the direct counts of each series on shared bins (a million values)', async () => {
    const rng = new Random(3);
    const a = Float32Array.from({ length: 1_000_000 }, () => rng.normal());
    const b = Float32Array.from({ length: 1000 }, () => 0.5 + rng.normal() / 2);
    const bins = 20;
    const start = performance.now();
    const svg = await histogramChart({
      title: 'conv1 weights',
      x: 'weight',
      bins,
      series: [
        { name: 'epoch 1', values: a },
        { name: 'epoch 2', values: b },
      ],
    });
    expect(performance.now() - start).toBeLessThan(10_000);
    const { texts, labels } = parseSvg(svg);
    expect(texts).toEqual(expect.arrayContaining(['epoch 1', 'epoch 2', 'weight', 'count']));
    const all = [...a, ...b];
    const lo = all.reduce((m, v) => Math.min(m, v), Infinity);
    const hi = all.reduce((m, v) => Math.max(m, v), -Infinity);
    for (const [name, values] of [
      ['epoch 1', a],
      ['epoch 2', b],
    ] as const) {
      const plotted = labels
        .filter((l) => l.endsWith(`; series: ${name}`))
        .map((l) => Number(/count: (\d+)/.exec(l)![1]));
      expect(plotted).toEqual(directCounts(values, bins, lo, hi));
    }
  });

  it('draws one small plot per series when there are many', async () => {
    const series = Array.from({ length: 6 }, (_, e) => ({
      name: `epoch ${e + 1}`,
      values: Array.from({ length: 100 }, (_, i) => i * (e + 1)),
    }));
    const { texts, labels } = parseSvg(await histogramChart({ title: 'w', x: 'w', series }));
    for (const { name } of series) expect(texts).toContain(name);
    expect(labels.filter((l) => l.includes('count:'))).toHaveLength(6 * 40);
  });
});

describe('imageGrid', () => {
  it('embeds one PNG per tile, each scaled to its own min/max, with its label', async () => {
    const rng = new Random(11);
    const images = Array.from({ length: 5 }, (_, k) => ({
      label: `map ${k}`,
      width: 26,
      height: 13 + k,
      pixels: Float32Array.from({ length: 26 * (13 + k) }, () => rng.normal() * (k + 1)),
    }));
    const { texts, images: hrefs } = parseSvg(
      await imageGrid({ title: 'conv1', images, columns: 3 }),
    );
    expect(texts).toEqual(expect.arrayContaining(['conv1', ...images.map((im) => im.label)]));
    expect(hrefs).toHaveLength(images.length);
    for (const [k, { width, height, pixels }] of images.entries()) {
      const png = await decodePng(hrefs[k]);
      expect([png.width, png.height]).toEqual([width, height]);
      const grey = levels(pixels);
      for (let i = 0; i < grey.length; i++) {
        const rgba = [...png.rgba.subarray(4 * i, 4 * i + 4)];
        if (rgba.join() !== [grey[i], grey[i], grey[i], 255].join()) {
          expect.fail(`tile ${k}, pixel ${i}: ${rgba} instead of grey ${grey[i]}`);
        }
      }
    }
  });

  it('colours grey tiles through a Vega scheme, and shows RGB images (CHW) as they are', async () => {
    const ramp = Array.from({ length: 12 }, (_, i) => i * i);
    const rgb = Array.from({ length: 3 * 12 }, (_, i) => Math.sin(i));
    const { images } = parseSvg(
      await imageGrid({
        title: 't',
        colorScheme: 'viridis',
        images: [
          { width: 4, height: 3, pixels: ramp },
          { width: 4, height: 3, pixels: rgb },
        ],
      }),
    );
    const viridis = vega.scheme('viridis') as (t: number) => string;
    const colour = (t: number) => /(\d+), (\d+), (\d+)/.exec(viridis(t))!.slice(1).map(Number);
    const mapped = await decodePng(images[0]);
    expect([...mapped.rgba.subarray(0, 3)]).toEqual(colour(0));
    expect([...mapped.rgba.subarray(4 * 11, 4 * 11 + 3)]).toEqual(colour(1));
    const direct = await decodePng(images[1]);
    const expected = levels(rgb);
    for (let i = 0; i < 12; i++) {
      expect([...direct.rgba.subarray(4 * i, 4 * i + 3)]).toEqual(
        [0, 1, 2].map((c) => expected[c * 12 + i]),
      );
    }
  });

  it('rejects pixels of the wrong length and unknown schemes', async () => {
    const image = { width: 2, height: 2, pixels: [1, 2, 3] };
    await expect(imageGrid({ title: 't', images: [image] })).rejects.toThrow(
      "simdnet: imageGrid: 'images[0].pixels' must hold 4 (grey) or 12 (RGB) values",
    );
    const fine = { width: 1, height: 1, pixels: [0] };
    await expect(imageGrid({ title: 't', images: [fine], colorScheme: 'nope' })).rejects.toThrow(
      "simdnet: imageGrid: 'colorScheme' must name a Vega colour scheme, got 'nope'",
    );
  });
});

describe('barChart', () => {
  it('draws one bar per category and series, grouped, with a legend', async () => {
    const categories = ['gemm', 'conv2d', 'maxPool2d'];
    const series = [
      { name: 'wasm', values: [12.5, 7, 3] },
      { name: 'reference', values: [1.25, 0.5, 0.75] },
    ];
    const svg = await barChart({ title: 'GFLOP/s', categories, series, y: 'GFLOP/s' });
    const { texts, labels } = parseSvg(svg);
    expect(texts).toEqual(expect.arrayContaining([...categories, 'wasm', 'reference']));
    for (const { name, values } of series) {
      values.forEach((v, i) =>
        expect(labels).toContain(`category: ${categories[i]}; GFLOP/s: ${v}; series: ${name}`),
      );
    }
    await expect(
      barChart({ title: 't', categories, series: [{ name: 'a', values: [1] }] }),
    ).rejects.toThrow(
      "simdnet: barChart: 'series[0].values' must hold one number per category (3)",
    );
  });
});

describe('writeReport', () => {
  const attack = '<script>alert(1)</script>';
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>';
  const report = {
    title: `E1 ${attack}`,
    sections: [
      {
        heading: `Loss ${attack}`,
        text: `First paragraph ${attack}.\n\nSecond & last.`,
        table: {
          columns: ['model', 'accuracy'],
          rows: [
            [`mlp ${attack}`, 0.9812345678],
            ['cnn | conv', 99],
            ['softmax', -0.5],
          ],
        },
        figures: [
          { caption: `loss ${attack}`, svg },
          { caption: 'accuracy', svg },
        ],
      },
    ],
  } satisfies Report;
  const cells = [`mlp ${attack}`, '0.981235', 'cnn | conv', '99', 'softmax', '-0.5'];

  it('writes a self-contained HTML page that escapes all text and shows every cell', () => {
    const html = writeReport(report);
    expect(html).not.toMatch(/<script/i);
    // Title (twice: <title> and <h1>), heading, paragraph, cell and caption.
    expect(html.split('&lt;script&gt;alert(1)&lt;/script&gt;')).toHaveLength(7);
    const td = [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => decodeEntities(m[1]));
    expect(td).toEqual(cells);
    expect(html.split(svg)).toHaveLength(3);
    expect(html).not.toMatch(/(src|href)="/); // nothing to fetch
    if (inBrowser) {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      expect(doc.querySelectorAll('script')).toHaveLength(0);
      expect(Array.from(doc.querySelectorAll('td'), (t) => t.textContent)).toEqual(cells);
      expect(doc.querySelectorAll('figure svg')).toHaveLength(2);
      expect(doc.querySelectorAll('p')).toHaveLength(2);
    }
  });

  it('writes Markdown with escaped text, the table, and one SVG file per figure', () => {
    const { text, files } = writeReport({ ...report, format: 'md' });
    expect(text).not.toMatch(/<script/i);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(files).toEqual([
      { path: 'figures/figure-1.svg', content: svg },
      { path: 'figures/figure-2.svg', content: svg },
    ]);
    for (const { path } of files) expect(text).toContain(`](${path})`);
    const rows = text.split('\n').filter((line) => line.startsWith('|'));
    expect(rows).toHaveLength(2 + report.sections[0].table!.rows.length);
    // Split at unescaped bars, unescaped, the cells read as the values.
    const parsed = rows
      .slice(2)
      .flatMap((line) => line.slice(2, -2).split(/(?<!\\) \| /))
      .map((cell) => decodeEntities(cell.replace(/\\(.)/g, '$1')));
    expect(parsed).toEqual(cells);
  });

  it('rejects rows with the wrong number of cells and unknown formats', () => {
    const table = { columns: ['a', 'b'], rows: [['x', 1], ['y']] };
    expect(() => writeReport({ title: 't', sections: [{ heading: 'h', table }] })).toThrow(
      "simdnet: writeReport: 'sections[0].table.rows[1]' must have 2 cells",
    );
    const format = 'pdf' as 'md';
    expect(() => writeReport({ title: 't', sections: [], format })).toThrow(
      "simdnet: writeReport: 'format' must be 'html' or 'md', got pdf",
    );
  });

  it('saves report.html, or report.md and its figures, into a new folder (in Node; a clear error in browsers)', async () => {
    if (inBrowser) {
      await expect(saveReport('reports/x', report)).rejects.toThrow(/saveReport needs Node/);
      return;
    }
    // Through variables, so that the browser build never tries to resolve them.
    const [fsModule, osModule, pathModule] = ['node:fs/promises', 'node:os', 'node:path'];
    const fs: typeof import('node:fs/promises') = await import(/* @vite-ignore */ fsModule);
    const { tmpdir }: typeof import('node:os') = await import(/* @vite-ignore */ osModule);
    const { join }: typeof import('node:path') = await import(/* @vite-ignore */ pathModule);
    const base = await fs.mkdtemp(join(tmpdir(), 'simdnet-report-'));
    try {
      const html = await saveReport(join(base, 'a', 'b'), report);
      expect(html).toBe(join(base, 'a', 'b', 'report.html'));
      expect(await fs.readFile(html, 'utf8')).toBe(writeReport(report));
      const md = await saveReport(join(base, 'md'), { ...report, format: 'md' });
      expect(md).toBe(join(base, 'md', 'report.md'));
      expect(await fs.readFile(join(base, 'md', 'figures', 'figure-2.svg'), 'utf8')).toBe(svg);
    } finally {
      await fs.rm(base, { recursive: true, force: true });
    }
  });
});
