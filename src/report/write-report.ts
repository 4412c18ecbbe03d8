import { invalid } from '../errors';
import { checkNonEmpty, checkString } from './checks';
import { reportHtml } from './html';
import { reportMarkdown } from './markdown';
import type { MarkdownReport, Report } from './report';

/**
 * Writes a report: with format 'html' (the default) one self-contained HTML page with the
 * figures inline, as a string; with format 'md' Markdown text whose figures are separate
 * SVG files, since GitHub does not render images from data URIs. All text is escaped.
 */
export function writeReport(report: Report & { format?: 'html' }): string;
export function writeReport(report: Report & { format: 'md' }): MarkdownReport;
export function writeReport(report: Report): string | MarkdownReport;
export function writeReport(report: Report): string | MarkdownReport {
  checkReport(report);
  if (report.format === 'md') return reportMarkdown(report);
  if (report.format === undefined || report.format === 'html') return reportHtml(report);
  return invalid('writeReport', `'format' must be 'html' or 'md', got ${String(report.format)}`);
}

function checkReport({ title, sections }: Report): void {
  const fn = 'writeReport';
  checkString(fn, 'title', title);
  if (!Array.isArray(sections)) invalid(fn, `'sections' must be an array`);
  sections.forEach(({ heading, text, table, figures }, i) => {
    const name = `sections[${i}]`;
    checkString(fn, `${name}.heading`, heading);
    if (text !== undefined) checkString(fn, `${name}.text`, text);
    if (table !== undefined) {
      checkNonEmpty(fn, `${name}.table.columns`, table.columns);
      if (!Array.isArray(table.rows)) invalid(fn, `'${name}.table.rows' must be an array`);
      table.rows.forEach((row, r) => {
        if (!Array.isArray(row) || row.length !== table.columns.length) {
          invalid(fn, `'${name}.table.rows[${r}]' must have ${table.columns.length} cells`);
        }
      });
    }
    figures?.forEach((figure, f) => {
      checkString(fn, `${name}.figures[${f}].caption`, figure.caption);
      checkString(fn, `${name}.figures[${f}].svg`, figure.svg);
    });
  });
}
