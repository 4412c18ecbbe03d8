import { checkNonEmpty, checkPositiveInteger, checkSeriesNames, checkString, fail } from './checks';
import { renderSvg } from './render';

export interface LineChartOptions {
  title: string;
  /** Title of the x axis (e.g. 'epoch'). */
  x: string;
  /** Title of the y axis (e.g. 'loss'). */
  y: string;
  /** One line per series, in legend order; points are [x, y]. */
  series: { name: string; points: [number, number][] }[];
  /** A logarithmic y axis; every y must then be > 0. */
  logY?: boolean;
  /** Size of the plotting area in pixels (default 480 × 300). */
  width?: number;
  height?: number;
}

// Above this many points per line the dots only add clutter.
const MAX_DOTTED_POINTS = 60;

/** Lines of y against x, one colour per series with a legend (e.g. train and test loss). */
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
  const values = series.flatMap(({ name, points }, i) => {
    if (!Array.isArray(points)) fail(fn, `'series[${i}].points' must be an array of [x, y]`);
    return points.map(([px, py]) => {
      if (logY && !(py > 0)) {
        fail(fn, `'series[${i}].points' must have y > 0 with logY, got ${py}`);
      }
      return { series: name, x: px, y: py };
    });
  });
  const dotted = series.every((s) => s.points.length <= MAX_DOTTED_POINTS);
  // Epochs and steps are counts: no ticks between them.
  const integerX = values.every((v) => Number.isInteger(v.x));
  return renderSvg({
    title,
    width,
    height,
    data: { values },
    mark: { type: 'line', point: dotted },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: x,
        axis: integerX ? { tickMinStep: 1, format: 'd' } : {},
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: y,
        scale: logY ? { type: 'log' } : { zero: false },
      },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: names } },
    },
  });
}
