// simdnet/report: charts as SVG (rendered by Vega-Lite) and HTML / Markdown reports. A
// separate entry point, so that the core bundle never pulls Vega in.
export { lineChart, type LineChartOptions, type LineSeries } from './line-chart';
export { histogramChart, type HistogramChartOptions } from './histogram-chart';
export { histogram, type Histogram } from './histogram';
export { imageGrid, type ImageGridOptions, type GridImage } from './image-grid';
export { barChart, type BarChartOptions } from './bar-chart';
export { stripChart, type StripChartOptions } from './strip-chart';
export { decisionChart, type DecisionChartOptions } from './decision-chart';
export { writeReport } from './write-report';
export { saveReport } from './save-report';
export type {
  Report,
  ReportSection,
  ReportTable,
  ReportFigure,
  ReportFile,
  MarkdownReport,
} from './report';
