import { invalid } from '../errors';
import { checkNonEmpty, checkPositiveInteger, checkSeriesNames, checkString } from './checks';
import { finiteRange, histogram } from './histogram';
import { renderSvg } from './render';

export interface HistogramChartOptions {
  title: string;
  /** Title of the x axis (the binned quantity). */
  x: string;
  /** One histogram per series, all on the same bins. */
  series: { name: string; values: ArrayLike<number> }[];
  /** Number of equal-width bins over the finite range of all series (default 40). */
  bins?: number;
  /**
   * 'overlay': translucent bars on one plot, with a legend; 'facet': one small plot per
   * series, sharing both axes. Default: overlay up to 3 series, facet beyond.
   */
  layout?: 'overlay' | 'facet';
}

const MAX_OVERLAID = 3;
const FACET_COLUMNS = 4;

/**
 * Histograms of one or more series of values (e.g. a layer's weights after each epoch).
 * The counts are computed here in one pass, so a million values stay fast; only the bins
 * reach Vega.
 */
export async function histogramChart(options: HistogramChartOptions): Promise<string> {
  const fn = 'histogramChart';
  const { title, x, series, bins = 40 } = options;
  checkString(fn, 'title', title);
  checkString(fn, 'x', x);
  checkNonEmpty(fn, 'series', series);
  checkPositiveInteger(fn, 'bins', bins);
  const names = checkSeriesNames(fn, series);
  series.forEach((s, i) => {
    if (typeof s.values?.length !== 'number') {
      invalid(fn, `'series[${i}].values' must be an array of numbers`);
    }
  });
  const layout = options.layout ?? (series.length <= MAX_OVERLAID ? 'overlay' : 'facet');
  if (layout !== 'overlay' && layout !== 'facet') {
    invalid(fn, `'layout' must be 'overlay' or 'facet', got ${String(layout)}`);
  }
  const range = finiteRange(series.map((s) => s.values));
  const values = series.flatMap(({ name, values: v }) => {
    const { edges, counts } = histogram(v, bins, range);
    return Array.from(counts, (count, i) => ({
      series: name,
      start: edges[i],
      end: edges[i + 1],
      count,
    }));
  });
  const bars = {
    x: { field: 'start', type: 'quantitative', title: x, scale: { zero: false } },
    x2: { field: 'end' },
    // Both ends of each bar given: Vega-Lite would otherwise read x/x2 as a horizontal bar.
    y: { field: 'count', type: 'quantitative', title: 'count' },
    y2: { datum: 0 },
  } as const;
  if (layout === 'overlay') {
    return renderSvg({
      title,
      width: 480,
      height: 300,
      data: { values },
      mark: { type: 'bar', opacity: series.length > 1 ? 0.55 : 1, binSpacing: 0 },
      encoding: {
        ...bars,
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: names } },
      },
    });
  }
  // Small multiples are told apart by their headers: one colour, no legend.
  return renderSvg({
    title,
    data: { values },
    facet: { field: 'series', type: 'nominal', title: null, sort: names },
    columns: Math.min(series.length, FACET_COLUMNS),
    spec: { width: 200, height: 120, mark: { type: 'bar', binSpacing: 0 }, encoding: bars },
  });
}
