// The document that writeReport renders: sections of text, a table and figures.

export interface ReportTable {
  columns: string[];
  /** One cell per column; numbers are printed with up to 6 significant digits. */
  rows: (string | number)[][];
}

export interface ReportFigure {
  caption: string;
  /** An SVG document, as the charts return it; it is embedded verbatim (trusted). */
  svg: string;
}

export interface ReportSection {
  heading: string;
  /** Plain text (escaped); blank lines separate paragraphs. */
  text?: string;
  table?: ReportTable;
  figures?: ReportFigure[];
}

export interface Report {
  title: string;
  sections: ReportSection[];
  /** 'html' (default): one self-contained page; 'md': Markdown plus one SVG file per figure. */
  format?: 'html' | 'md';
}

/** A file that a Markdown report refers to, by its path relative to the report. */
export interface ReportFile {
  path: string;
  content: string;
}

/** A Markdown report: its text and the figure files it links to (figures/figure-N.svg). */
export interface MarkdownReport {
  text: string;
  files: ReportFile[];
}

/** A table cell as text: numbers to 6 significant digits, integers exactly. */
export function cellText(cell: string | number): string {
  if (typeof cell === 'string' || Number.isInteger(cell)) return String(cell);
  return String(Number(cell.toPrecision(6)));
}
