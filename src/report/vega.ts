// Vega and Vega-Lite draw the charts. They are optional peer dependencies of simdnet (27 MB
// together, beside a core of a few hundred KB), so they are loaded on first use, and a
// missing one is named with the command that installs it.

export interface VegaModules {
  vega: typeof import('vega');
  vegaLite: typeof import('vega-lite');
}

let loading: Promise<VegaModules> | undefined;

/** The two packages, imported once. */
export function loadVega(): Promise<VegaModules> {
  loading ??= Promise.all([import('vega'), import('vega-lite')]).then(
    ([vega, vegaLite]) => ({ vega, vegaLite }),
    (error: unknown) => {
      loading = undefined; // a later call may find them installed
      throw new Error(
        'simdnet: report: charts need the optional packages vega and vega-lite, which are ' +
          `not installed: \`npm install vega vega-lite\` (${(error as Error).message})`,
      );
    },
  );
  return loading;
}
