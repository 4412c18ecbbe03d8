// Node's file system, loaded only when a function here runs.

/**
 * Imports a Node built-in at run time. The specifier arrives as a variable, so browser
 * bundlers neither resolve nor ship it; only Node code paths call this.
 */
export function importNode<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ specifier);
}

/** Whether this is Node, where files can be read from disk. */
export function isNode(): boolean {
  return typeof globalThis.process?.versions?.node === 'string';
}

async function fs(): Promise<typeof import('node:fs/promises')> {
  if (!isNode()) {
    throw new Error(
      'simdnet: reading and writing files needs Node; in a browser pass bytes instead',
    );
  }
  return importNode('node:fs/promises');
}

/**
 * The bytes of a file (Node only). A file that cannot be read is a simdnet error naming
 * `op` (the caller, e.g. 'nn.load') and the path, not Node's bare ENOENT.
 */
export async function readFileBytes(path: string | URL, op = 'readFileBytes'): Promise<Uint8Array> {
  const f = await fs();
  try {
    return new Uint8Array(await f.readFile(path));
  } catch (e) {
    const name = path instanceof URL ? path.href : String(path);
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') throw new Error(`simdnet: ${op}: no such file: ${name}`, { cause: e });
    if (code === 'EISDIR') {
      throw new Error(`simdnet: ${op}: ${name} is a folder, not a file`, { cause: e });
    }
    throw new Error(`simdnet: ${op}: cannot read ${name}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** Writes bytes to a file, creating its folder (Node only). */
export async function writeFileBytes(path: string, bytes: Uint8Array): Promise<void> {
  const f = await fs();
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (slash > 0) await f.mkdir(path.slice(0, slash), { recursive: true });
  await f.writeFile(path, bytes);
}
