import { invalid } from '../errors';
import { checkNonEmpty, checkPositiveInteger, checkSeriesNames, checkString } from './checks';
import { renderSvg } from './render';

export interface StripChartOptions {
  title: string;
  /** Title of the x axis (what the groups are, e.g. 'generation'). */
  x: string;
  /** Title of the y axis (the values). */
  y: string;
  /** One column of dots per group, in this order along x. */
  groups: { name: string; values: number[] }[];
  /** A logarithmic y axis; every finite value must then be > 0. */
  logY?: boolean;
  /** Size of the plotting area in pixels (default 480 × 300). */
  width?: number;
  height?: number;
}

/**
 * The distribution of a few values per group: a min–max box plot with every value drawn
 * as a dot over it (e.g. the best genomes' losses per generation of a search). Values that
 * are not finite (a diverged run) cannot be placed on the axis and are left out.
 */
export async function stripChart(options: StripChartOptions): Promise<string> {
  const fn = 'stripChart';
  const { title, x, y, groups, logY = false, width = 480, height = 300 } = options;
  checkString(fn, 'title', title);
  checkString(fn, 'x', x);
  checkString(fn, 'y', y);
  checkNonEmpty(fn, 'groups', groups);
  checkPositiveInteger(fn, 'width', width);
  checkPositiveInteger(fn, 'height', height);
  const names = checkSeriesNames(fn, groups);
  const values = groups.flatMap(({ name, values: v }, i) => {
    if (!Array.isArray(v)) invalid(fn, `'groups[${i}].values' must be an array of numbers`);
    return v.filter(Number.isFinite).map((value) => {
      if (logY && !(value > 0))
        invalid(fn, `'groups[${i}].values' must be > 0 with logY, got ${value}`);
      return { group: name, value };
    });
  });
  const xEncoding = {
    field: 'group',
    type: 'ordinal' as const,
    title: x,
    sort: names,
    scale: { domain: names },
    axis: { labelAngle: 0 },
  };
  const yEncoding = {
    field: 'value',
    type: 'quantitative' as const,
    title: y,
    scale: logY ? { type: 'log' as const } : { zero: false },
  };
  return renderSvg({
    title,
    width,
    height,
    data: { values },
    encoding: { x: xEncoding, y: yEncoding },
    layer: [
      { mark: { type: 'boxplot', extent: 'min-max', opacity: 0.35, size: 24 } },
      { mark: { type: 'point', filled: true, opacity: 0.8, size: 36 } },
    ],
  });
}
