import { invalid } from '../errors';
import { checkNonEmpty, checkSeriesNames, checkString } from './checks';
import { renderSvg } from './render';

export interface BarChartOptions {
  title: string;
  /** One group of bars per category, in this order. */
  categories: string[];
  /** One bar per series in each group: values[i] belongs to categories[i]. */
  series: { name: string; values: number[] }[];
  /** Axis titles (default: none on x, 'value' on y). */
  x?: string;
  y?: string;
}

/** Grouped bars: for each category, one bar per series side by side (e.g. benchmarks). */
export async function barChart(options: BarChartOptions): Promise<string> {
  const fn = 'barChart';
  const { title, categories, series, x, y = 'value' } = options;
  checkString(fn, 'title', title);
  checkNonEmpty(fn, 'categories', categories);
  categories.forEach((c, i) => checkString(fn, `categories[${i}]`, c));
  checkNonEmpty(fn, 'series', series);
  const names = checkSeriesNames(fn, series);
  const values = series.flatMap(({ name, values: v }, i) => {
    if (!Array.isArray(v) || v.length !== categories.length) {
      invalid(fn, `'series[${i}].values' must hold one number per category (${categories.length})`);
    }
    return v.map((value, j) => ({ series: name, category: categories[j], value }));
  });
  return renderSvg({
    title,
    width: { step: 28 }, // per bar: with xOffset the step is that of the inner band
    height: 300,
    data: { values },
    mark: 'bar',
    encoding: {
      x: {
        field: 'category',
        type: 'nominal',
        title: x ?? null,
        sort: categories,
        axis: { labelAngle: 0 },
      },
      xOffset: { field: 'series', type: 'nominal', sort: names },
      y: { field: 'value', type: 'quantitative', title: y },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: names } },
    },
  });
}
