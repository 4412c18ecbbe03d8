import type { Report } from './report';
import { importNode, isNode } from '../files';
import { writeReport } from './write-report';

// Node only. The modules are imported when called (importNode), so that importing the
// report entry in a browser never loads them.

/**
 * Writes the report into `dir` (created if missing): report.html, or report.md and its
 * figures/*.svg. Returns the path of the report file. Node only.
 */
export async function saveReport(dir: string, report: Report): Promise<string> {
  if (typeof dir !== 'string' || dir === '') {
    throw new Error(`simdnet: saveReport: 'dir' must be a non-empty path`);
  }
  if (!isNode()) {
    throw new Error(
      'simdnet: saveReport needs Node; in a browser use writeReport() and show or download its text',
    );
  }
  const written = writeReport(report);
  const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
  const path = await importNode<typeof import('node:path')>('node:path');
  const { name, text, files } =
    typeof written === 'string'
      ? { name: 'report.html', text: written, files: [] }
      : { name: 'report.md', ...written };
  for (const file of files) {
    const target = path.join(dir, file.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.content);
  }
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, name);
  await fs.writeFile(target, text);
  return target;
}
