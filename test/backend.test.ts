import { describe, expect, it } from 'vitest';
import { backendInfo, createReferenceBackend, createWasmBackend, init, ops, Tensor } from '../src';
import { KERNEL_NAMES } from '../src/kernels';
import { loadWasmBytes } from '../src/backend/wasm/load';
import { ref, wasm } from './helpers';

describe('backends', () => {
  it('export every kernel of the ABI, in wasm and in the reference', () => {
    for (const name of KERNEL_NAMES) {
      expect(typeof wasm.kernels[name], `wasm ${name}`).toBe('function');
      expect(typeof ref.kernels[name], `reference ${name}`).toBe('function');
    }
  });

  it('init() picks the deterministic simd build by default and reports it', async () => {
    await init();
    const t = Tensor.from([1, 2, 3]);
    const info = backendInfo();
    expect(info).toMatchObject({ backend: 'wasm', simd: 'simd' });
    expect(info.wasmMemoryBytes).toBeGreaterThan(0);
    expect(info.liveTensors).toBeGreaterThanOrEqual(1);
    t.release();
  });

  it("init({ backend: 'reference' }) runs the plain-TS kernels", async () => {
    await init({ backend: 'reference' });
    expect(backendInfo()).toMatchObject({ backend: 'reference', simd: 'none' });
    await init();
  });

  it('uses relaxed SIMD only where the engine validates it, and says how to enable it', async () => {
    const supported = WebAssembly.validate(await loadWasmBytes('relaxed'));
    if (supported) {
      expect((await createWasmBackend({ simd: 'relaxed' })).simd).toBe('relaxed');
      expect((await createWasmBackend({ simd: 'auto' })).simd).toBe('relaxed');
    } else {
      await expect(createWasmBackend({ simd: 'relaxed' })).rejects.toThrow(
        /does not support relaxed SIMD.*--experimental-wasm-relaxed-simd/,
      );
      expect((await createWasmBackend({ simd: 'auto' })).simd).toBe('simd');
    }
  });

  it('rejects unknown options with a clear error', async () => {
    // @ts-expect-error: testing a bad value from untyped callers
    await expect(init({ backend: 'webgpu' })).rejects.toThrow(/must be 'wasm' or 'reference'/);
    // @ts-expect-error: testing a bad value from untyped callers
    await expect(init({ simd: 'avx' })).rejects.toThrow(/'auto', 'simd' or 'relaxed'/);
  });
});

describe('reference backend heap', () => {
  it('never hands out pointer 0, which kernels read as "no output"', () => {
    const fresh = createReferenceBackend();
    const t = Tensor.zeros([4], { backend: fresh });
    expect(t.ptr).toBeGreaterThan(0);
    const { dlogits } = ops.softmaxCrossEntropy(
      Tensor.from([1, 2, 3], [1, 3], { backend: fresh }),
      [0],
    );
    expect(dlogits.ptr).toBeGreaterThan(0);
    expect(dlogits.toArray()[0]).toBeLessThan(0);
  });
});
