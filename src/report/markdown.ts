import { cellText, type MarkdownReport, type Report, type ReportFile } from './report';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * `text` as literal Markdown: HTML's special characters become entities (so no raw tag
 * survives in the file), other inline markup is backslash-escaped (CommonMark allows it
 * before any ASCII punctuation), and so is a block marker opening a line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => ENTITIES[c])
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/^(\s*)([#=+-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2')
    .replace(/^\s+/gm, ''); // four leading spaces would start a code block
}

function table(columns: string[], rows: (string | number)[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const cell = (c: string | number) => escapeMarkdown(cellText(c)).replace(/\s*\n\s*/g, ' ');
  const numeric = columns.map(
    (_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number'),
  );
  return [
    line(columns.map(cell)),
    line(numeric.map((right) => (right ? '---:' : '---'))),
    ...rows.map((row) => line(row.map(cell))),
  ].join('\n');
}

/**
 * The report as Markdown. Figures become figures/figure-N.svg files, numbered through the
 * report, linked as images with their caption below.
 */
export function reportMarkdown({ title, sections }: Report): MarkdownReport {
  const files: ReportFile[] = [];
  const blocks = [`# ${escapeMarkdown(title)}`];
  for (const { heading, text, table: data, figures = [] } of sections) {
    blocks.push(`## ${escapeMarkdown(heading)}`);
    if (text !== undefined) {
      blocks.push(
        ...text
          .split(/\n\s*\n/)
          .filter((p) => p.trim() !== '')
          .map(escapeMarkdown),
      );
    }
    if (data !== undefined) blocks.push(table(data.columns, data.rows));
    for (const { caption, svg } of figures) {
      const path = `figures/figure-${files.length + 1}.svg`;
      files.push({ path, content: svg });
      const alt = escapeMarkdown(caption).replace(/\s*\n\s*/g, ' ');
      blocks.push(alt === '' ? `![](${path})` : `![${alt}](${path})\n\n*${alt}*`);
    }
  }
  return { text: blocks.join('\n\n') + '\n', files };
}
