import type { TopLevelSpec } from 'vega-lite';
import { loadVega } from './vega';

// One look for every chart: a white background, the Tableau 10 palette, no view border.
const CONFIG: TopLevelSpec['config'] = {
  background: 'white',
  view: { stroke: null },
  range: { category: { scheme: 'tableau10' } },
  title: { anchor: 'start', fontSize: 14 },
};

/**
 * Renders a Vega-Lite spec to an SVG string. The headless 'none' renderer needs no canvas,
 * so this works in Node and in browsers alike; text is escaped by Vega.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = await loadVega();
  const view = new vega.View(vega.parse(vegaLite.compile({ config: CONFIG, ...spec }).spec), {
    renderer: 'none',
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
