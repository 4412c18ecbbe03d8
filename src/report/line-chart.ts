import { invalid } from '../errors';
import { checkNonEmpty, checkPositiveInteger, checkSeriesNames, checkString } from './checks';
import { renderSvg } from './render';

/** One line of a line chart. */
export interface LineSeries {
  name: string;
  /** The points, [x, y]. */
  points: [number, number][];
  /**
   * Series of one group share a colour, and the colour legend lists the groups (e.g. the
   * train and test curves of one run: group 'lr 0.1'). Default: the series' own name.
   */
  group?: string;
  /**
   * A style label: series with the same label share a dash pattern, the first label drawn
   * solid, the next dashed (e.g. 'train', 'test'); a second legend lists the labels.
   */
  dash?: string;
}

export interface LineChartOptions {
  title: string;
  /** Title of the x axis (e.g. 'epoch'). */
  x: string;
  /** Title of the y axis (e.g. 'loss'). */
  y: string;
  /** One line per series, in legend order. */
  series: LineSeries[];
  /** A logarithmic y axis; every y must then be > 0. */
  logY?: boolean;
  /** Size of the plotting area in pixels (default 480 × 300). */
  width?: number;
  height?: number;
}

// Above this many points per line the dots only add clutter.
const MAX_DOTTED_POINTS = 60;
// A line of this few points is hard to see (one point draws nothing): always dot it.
const FEW_POINTS = 2;
// Up to this many distinct integer x, the ticks are exactly those integers.
const MAX_INTEGER_TICKS = 12;
const DASHES = [
  [1, 0],
  [6, 4],
  [2, 3],
  [8, 3, 2, 3],
];

/**
 * Lines of y against x, one colour per series (or per group of series, told apart by
 * their dash pattern) with a legend (e.g. train and test loss).
 */
export async function lineChart(options: LineChartOptions): Promise<string> {
  const fn = 'lineChart';
  const { title, x, y, series, logY = false, width = 480, height = 300 } = options;
  checkString(fn, 'title', title);
  checkString(fn, 'x', x);
  checkString(fn, 'y', y);
  checkNonEmpty(fn, 'series', series);
  checkPositiveInteger(fn, 'width', width);
  checkPositiveInteger(fn, 'height', height);
  const names = checkSeriesNames(fn, series);
  series.forEach((s, i) => {
    if (s.group !== undefined) checkString(fn, `series[${i}].group`, s.group);
    if (s.dash !== undefined) checkString(fn, `series[${i}].dash`, s.dash);
  });
  const grouped = series.some((s) => s.group !== undefined || s.dash !== undefined);
  const dotted = series.every((s) => s.points.length <= MAX_DOTTED_POINTS);
  const values = series.flatMap(({ name, points, group, dash }, i) => {
    if (!Array.isArray(points)) invalid(fn, `'series[${i}].points' must be an array of [x, y]`);
    const dot = dotted || points.length <= FEW_POINTS;
    return points.map(([px, py]) => {
      if (logY && !(py > 0)) {
        invalid(fn, `'series[${i}].points' must have y > 0 with logY, got ${py}`);
      }
      const point = { series: name, x: px, y: py, dot };
      return grouped ? { ...point, run: group ?? name, style: dash ?? '' } : point;
    });
  });
  // Epochs and steps are counts: ticks only at integers. Vega's tickMinStep alone still
  // puts a tick at 1.5 (printed '2') on a 1–2 axis, hence explicit values for short axes.
  const xs = [...new Set(values.map((v) => v.x))];
  const integerX = xs.every((v) => Number.isInteger(v));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const xAxis = !integerX
    ? {}
    : hi - lo < MAX_INTEGER_TICKS
      ? { values: Array.from({ length: hi - lo + 1 }, (_, i) => lo + i), format: 'd' }
      : { tickMinStep: 1, format: 'd' };
  const groups = [...new Set(series.map((s) => s.group ?? s.name))];
  const dashes = [...new Set(series.map((s) => s.dash ?? ''))];
  const color = grouped
    ? { field: 'run', type: 'nominal' as const, title: null, scale: { domain: groups } }
    : { field: 'series', type: 'nominal' as const, title: null, scale: { domain: names } };
  const encoding = {
    x: { field: 'x', type: 'quantitative' as const, title: x, axis: xAxis },
    y: {
      field: 'y',
      type: 'quantitative' as const,
      title: y,
      scale: logY ? { type: 'log' as const } : { zero: false },
    },
    color,
    ...(grouped && {
      // One line per series even when two share a colour and a dash.
      detail: { field: 'series', type: 'nominal' as const },
      ...(dashes.length > 1 && {
        strokeDash: {
          field: 'style',
          type: 'nominal' as const,
          title: null,
          legend: { symbolType: 'stroke' },
          scale: { domain: dashes, range: dashes.map((_, i) => DASHES[i % DASHES.length]) },
        },
      }),
    }),
  };
  return renderSvg({
    title,
    width,
    height,
    data: { values },
    encoding,
    layer: [
      { mark: { type: 'line' } },
      // Dots on short lines (a one-epoch run is a single point, which a line cannot draw).
      { mark: { type: 'point', filled: true }, transform: [{ filter: 'datum.dot' }] },
    ],
  });
}
