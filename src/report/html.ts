import { cellText, type Report, type ReportSection } from './report';

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; color: #222; margin: 0; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.75rem; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1.5rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9em; }`;

/** `text` with the five characters that HTML gives a meaning escaped. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function section({ heading, text, table, figures = [] }: ReportSection): string {
  const parts = [`<h2>${escapeHtml(heading)}</h2>`];
  if (text !== undefined) parts.push(...paragraphs(text).map((p) => `<p>${escapeHtml(p)}</p>`));
  if (table !== undefined) {
    const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
    const body = table.rows.map((row) => {
      const cells = row.map((cell) => {
        const kind = typeof cell === 'number' ? ' class="number"' : '';
        return `<td${kind}>${escapeHtml(cellText(cell))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    });
    parts.push(
      `<table><thead><tr>${head}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`,
    );
  }
  for (const { caption, svg } of figures) {
    parts.push(`<figure>\n${svg}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`);
  }
  return `<section>\n${parts.join('\n')}\n</section>`;
}

/** The report as one self-contained HTML page: inline SVG figures, no external resources. */
export function reportHtml({ title, sections }: Report): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${sections.map(section).join('\n')}
</main>
</body>
</html>
`;
}
