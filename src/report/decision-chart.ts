import { checkPositiveInt, invalid } from '../errors';
import { checkNonEmpty, checkPositiveInteger, checkString } from './checks';
import { renderSvg } from './render';

export interface DecisionChartOptions {
  title: string;
  /**
   * The square [lo, hi]² cut into steps × steps cells. `value` gets the cells' centres,
   * row-major [steps², 2] with x₁ varying fastest, and returns one number per cell (a
   * probability, a decision value): the model's output, drawn as a heat map.
   */
  grid: {
    range: [number, number];
    steps: number;
    value: (centres: Float32Array) => ArrayLike<number>;
  };
  /** The heat map's colour scale: legend title and domain (values outside are clamped). */
  color: { title: string; domain: [number, number] };
  /**
   * The points drawn on top: coordinates row-major [n, 2], integer labels, one name per label
   * (label i is drawn as classes[i]) and the legend's title.
   */
  points: { x: ArrayLike<number>; labels: ArrayLike<number>; classes: string[]; title: string };
  /** Size of the plotting area in pixels (default 360 × 360). */
  width?: number;
  height?: number;
}

// The points' fills, one per class; the first two sit at the ends of the 'blueorange' scheme.
const CLASS_FILLS = ['#1f4e9c', '#c2491d', '#2e7d32', '#6a1b9a', '#f9a825'];

/**
 * A model's output over a grid of the plane as a heat map, with labelled points on top: the
 * decision regions of a classifier on 2-D data (E2's network, E3's SVMs).
 */
export async function decisionChart(options: DecisionChartOptions): Promise<string> {
  const fn = 'decisionChart';
  const { title, grid, color, points, width = 360, height = 360 } = options;
  checkString(fn, 'title', title);
  checkPositiveInteger(fn, 'width', width);
  checkPositiveInteger(fn, 'height', height);
  const { range, steps } = grid ?? {};
  const [lo, hi] = range ?? [];
  if (!(lo < hi)) invalid(fn, `'grid.range' must be [lo, hi] with lo < hi, got ${String(range)}`);
  checkPositiveInt(fn, 'grid.steps', steps);
  checkString(fn, 'color.title', color?.title);
  const [min, max] = color.domain ?? [];
  if (!(min < max)) {
    invalid(fn, `'color.domain' must be [min, max] with min < max, got ${String(color.domain)}`);
  }
  checkNonEmpty(fn, 'points.classes', points?.classes);
  if (points.classes.length > CLASS_FILLS.length) {
    invalid(
      fn,
      `'points.classes' must hold at most ${CLASS_FILLS.length} names, got ${points.classes.length}`,
    );
  }
  checkString(fn, 'points.title', points.title);
  const n = points.labels.length;
  if (points.x.length !== 2 * n) {
    invalid(fn, `'points.x' must hold 2 coordinates per label (${2 * n}), got ${points.x.length}`);
  }

  const step = (hi - lo) / steps;
  const centres = new Float32Array(2 * steps * steps);
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      centres[2 * (i * steps + j)] = lo + (j + 0.5) * step;
      centres[2 * (i * steps + j) + 1] = lo + (i + 0.5) * step;
    }
  }
  const values = grid.value(centres);
  if (values?.length !== steps * steps) {
    invalid(
      fn,
      `'grid.value' must return one number per cell (${steps * steps}), got ${values?.length}`,
    );
  }
  const cells = Array.from({ length: steps * steps }, (_, k) => ({
    x: centres[2 * k] - step / 2,
    x2: centres[2 * k] + step / 2,
    y: centres[2 * k + 1] - step / 2,
    y2: centres[2 * k + 1] + step / 2,
    p: Math.min(Math.max(values[k], min), max),
  }));
  const dots = Array.from(points.labels, (label, k) => {
    const name = points.classes[label];
    if (name === undefined)
      invalid(fn, `'points.labels' must index 'points.classes', got ${label}`);
    return { x: points.x[2 * k], y: points.x[2 * k + 1], ring: name };
  });
  const scale = { domain: [lo, hi], nice: false };
  return renderSvg({
    title,
    width,
    height,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale, title: 'x₁' },
          x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', scale, title: 'x₂' },
          y2: { field: 'y2' },
          color: {
            field: 'p',
            type: 'quantitative',
            scale: { scheme: 'blueorange', domain: [min, max] },
            title: color.title,
          },
        },
      },
      {
        data: { values: dots },
        mark: { type: 'point', filled: true, size: 18, stroke: 'black', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale },
          y: { field: 'y', type: 'quantitative', scale },
          shape: { field: 'ring', type: 'nominal', title: points.title },
          fill: {
            field: 'ring',
            type: 'nominal',
            scale: {
              domain: points.classes,
              range: CLASS_FILLS.slice(0, points.classes.length),
            },
            legend: null,
          },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  });
}
