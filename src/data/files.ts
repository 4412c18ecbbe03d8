import { importNode, isNode } from '../files';
import { invalid } from '../errors';

export { importNode, isNode };

/** Where a data set's files are read from. */
export interface DataSource {
  /** A folder on disk that holds the files (Node only). */
  path?: string;
  /**
   * The URL of a folder that holds the files, fetched one by one (browsers; a relative
   * URL resolves against the page). In Node, http(s) URLs are fetched and file: URLs read.
   */
  fetch?: string | URL;
}

/** A folder path (Node) or a folder URL. */
export type Folder = string | URL;

/**
 * The folder that `source` names, or `fallback()` when it names none (a loader's
 * default: a bundled copy, or an error saying where to put the files).
 */
export async function locateFolder(
  op: string,
  source: DataSource,
  fallback: () => Promise<Folder>,
): Promise<Folder> {
  const { path, fetch } = source;
  if (path !== undefined && fetch !== undefined) invalid(op, `pass 'path' or 'fetch', not both`);
  if (fetch !== undefined) {
    if (!(typeof fetch === 'string' || fetch instanceof URL)) {
      invalid(op, `'fetch' must be a URL (or a string) of a folder`);
    }
    const url = new URL(fetch, globalThis.location?.href);
    // A folder URL must end in '/' for new URL(file, folder) to land inside it.
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url;
  }
  if (path !== undefined) {
    if (typeof path !== 'string' || path === '') invalid(op, `'path' must be a folder path`);
    if (!isNode()) {
      invalid(
        op,
        `'path' reads from disk, which only Node can do; in browsers pass { fetch: url }`,
      );
    }
    return path;
  }
  return fallback();
}

/** The bytes of the file `name` in `folder`; errors name the op and the file. */
export async function readFolderFile(
  op: string,
  folder: Folder,
  name: string,
): Promise<Uint8Array> {
  const where =
    typeof folder === 'string' ? `${folder.replace(/[\\/]+$/, '')}/${name}` : new URL(name, folder);
  const shown = typeof where === 'string' ? where : where.href;
  try {
    if (typeof where === 'string' || where.protocol === 'file:') {
      const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
      const bytes = await fs.readFile(where);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const response = await fetch(where);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    invalid(op, `cannot read ${shown}: ${(error as Error).message}`);
  }
}
