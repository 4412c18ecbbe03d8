// The kernel ABI against what implements it: every wasm build exports exactly the ABI's
// kernels with its arity, and the AssemblyScript exports and the reference twins name their
// arguments as the ABI does, in its order (the thread splits find arguments by these
// names; every argument is a number, so a reordering would otherwise type-check). In
// test/node/: it reads the sources.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KERNEL_ARGS, KERNEL_NAMES } from '../../src/kernels';
import { MR, NR } from '../../src/kernels/gemm/split';

const root = resolve(__dirname, '../..');

/** name → parameter names of every `export function` in the .ts files under `dir`. */
function exportedFunctions(dir: string, skipFirst = false): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  );
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const [, name, list] of text.matchAll(/export function (\w+)\(([^)]*)\)/g)) {
      const params = list
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => p.split(':')[0].trim().replace(/^_/, ''));
      found.set(name, skipFirst ? params.slice(1) : params);
    }
  }
  return found;
}

/** The names of a wasm binary's exported functions, read from its export section (the
 * relaxed builds do not compile on every engine, so the binary is read rather than compiled). */
function exportedNames(bytes: Uint8Array): string[] {
  let at = 8; // magic and version
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const [id, size] = [bytes[at++], leb()];
    if (id !== 7) {
      at += size;
      continue;
    }
    const names: string[] = [];
    for (let count = leb(); count > 0; count--) {
      const length = leb();
      const name = new TextDecoder().decode(bytes.subarray(at, at + length));
      at += length;
      const kind = bytes[at++];
      leb(); // index
      if (kind === 0) names.push(name);
    }
    return names;
  }
  return [];
}

describe('kernel ABI', () => {
  it('every wasm build exports exactly the ABI kernels', () => {
    for (const build of ['simd', 'relaxed', 'simd-threads', 'relaxed-threads']) {
      const bytes = readFileSync(join(root, `build/simdnet.${build}.wasm`));
      const kernels = exportedNames(bytes).filter((name) => name !== 'heapBase');
      expect(kernels.sort(), build).toEqual([...KERNEL_NAMES].sort());
    }
  });

  it('each wasm kernel takes as many arguments as its ABI entry names', () => {
    const module = new WebAssembly.Module(readFileSync(join(root, 'build/simdnet.simd.wasm')));
    const env = { memory: new WebAssembly.Memory({ initial: 16 }), abort: () => {} };
    const exports = new WebAssembly.Instance(module, { env }).exports;
    for (const name of KERNEL_NAMES) {
      expect((exports[name] as (...args: number[]) => unknown).length, name).toBe(
        KERNEL_ARGS[name].length,
      );
    }
  });

  it('the AssemblyScript kernels name their arguments as the ABI does', () => {
    const assembly = exportedFunctions(join(root, 'assembly'));
    for (const name of KERNEL_NAMES) {
      expect(assembly.get(name), name).toEqual(KERNEL_ARGS[name]);
    }
  });

  it('the reference twins name their arguments as the ABI does (after the heap)', () => {
    const twins = exportedFunctions(join(root, 'src/kernels'), true);
    let spelledOut = 0;
    for (const name of KERNEL_NAMES) {
      const params = twins.get(name);
      expect(params, name).toBeDefined();
      // A twin that takes `...args: Parameters<…>` is tied to the ABI by its type.
      if (params!.length === 1 && params![0].startsWith('...')) continue;
      expect(params, name).toEqual(KERNEL_ARGS[name]);
      spelledOut++;
    }
    expect(spelledOut).toBeGreaterThan(KERNEL_NAMES.length / 2);
  });

  it("the thread split cuts gemm on assembly/gemm.ts's register tile", () => {
    const gemm = readFileSync(join(root, 'assembly/gemm.ts'), 'utf8');
    expect(gemm.match(/^const MR = (\d+);/m)?.[1]).toBe(String(MR));
    expect(gemm.match(/^const NR = (\d+);/m)?.[1]).toBe(String(NR));
  });
});
