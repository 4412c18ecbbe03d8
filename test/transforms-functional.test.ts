import { beforeAll, describe, expect, it } from 'vitest';
import * as F from '../src/data/transforms/functional';
import type { ImageView } from '../src/data/transforms/functional';
import { init, Random, Tensor } from '../src';
import { expectClose as expectCloseTo } from './helpers';

beforeAll(async () => {
  await init();
});

/** Seeded uniform values in [0, 1). */
function random(n: number, seed = 1): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.uniform());
}

/** The test pattern ((i · 7) mod 19) / 18, in float32 (the torchvision cases use it). */
function pattern(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => ((i * 7) % 19) / 18);
}

function image(data: Float32Array, channels: number, height: number, width: number): ImageView {
  return { data, channels, height, width };
}

/** Runs an image-level transform into a fresh array of `size` (default: the input's). */
function run(
  f: (src: ImageView, dst: Float32Array) => void,
  src: ImageView,
  size = src.data.length,
): Float32Array {
  const dst = new Float32Array(size);
  f(src, dst);
  return dst;
}

/** The values of a tensor, which is released. */
function values(t: Tensor): number[] {
  const v = Array.from(t.toArray());
  t.release();
  return v;
}

/** |actual − expected| ≤ tol everywhere. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expectCloseTo(actual, expected, { rtol: 0, atol: tol });
}

/** [C, H, W] → value at (c, y, x). */
function at(data: ArrayLike<number>, h: number, w: number, c: number, y: number, x: number) {
  return data[(c * h + y) * w + x];
}

const tiny = image(Float32Array.from([1, 2, 3, 4, 5, 6]), 1, 2, 3); // [[1 2 3] [4 5 6]]

describe('flips and crop', () => {
  it('hflip and vflip mirror a known image, and twice are the identity', () => {
    expect(Array.from(run(F.hflipImage, tiny))).toEqual([3, 2, 1, 6, 5, 4]);
    expect(Array.from(run(F.vflipImage, tiny))).toEqual([4, 5, 6, 1, 2, 3]);
    const src = image(random(3 * 5 * 7), 3, 5, 7);
    for (const flip of [F.hflipImage, F.vflipImage]) {
      const once = image(run(flip, src), 3, 5, 7);
      expect(run(flip, once)).toEqual(src.data);
    }
  });

  it('crop reads a region, zero-filled outside the image', () => {
    const crop = (t: number, l: number, h: number, w: number) =>
      Array.from(run((s, d) => F.cropImage(s, d, t, l, h, w), tiny, h * w));
    expect(crop(0, 1, 2, 2)).toEqual([2, 3, 5, 6]);
    expect(crop(1, 0, 1, 3)).toEqual([4, 5, 6]);
    expect(crop(-1, 2, 3, 2)).toEqual([0, 0, 3, 0, 6, 0]);
    expect(crop(5, 5, 1, 2)).toEqual([0, 0]);
  });
});

describe('pad', () => {
  // Each expected array was written by hand (and agrees with torchvision's F.pad).
  const cases: [F.Padding, F.PaddingMode, number[][]][] = [
    [
      1,
      'constant',
      [
        [9, 9, 9, 9, 9],
        [9, 1, 2, 3, 9],
        [9, 4, 5, 6, 9],
        [9, 9, 9, 9, 9],
      ],
    ],
    [
      1,
      'edge',
      [
        [1, 1, 2, 3, 3],
        [1, 1, 2, 3, 3],
        [4, 4, 5, 6, 6],
        [4, 4, 5, 6, 6],
      ],
    ],
    [
      [2, 1],
      'reflect',
      [
        [6, 5, 4, 5, 6, 5, 4],
        [3, 2, 1, 2, 3, 2, 1],
        [6, 5, 4, 5, 6, 5, 4],
        [3, 2, 1, 2, 3, 2, 1],
      ],
    ],
    [
      [2, 1],
      'symmetric',
      [
        [2, 1, 1, 2, 3, 3, 2],
        [2, 1, 1, 2, 3, 3, 2],
        [5, 4, 4, 5, 6, 6, 5],
        [5, 4, 4, 5, 6, 6, 5],
      ],
    ],
    [
      [1, 0, 0, 2],
      'constant',
      [
        [0, 1, 2, 3],
        [0, 4, 5, 6],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
    ],
  ];

  it.each(cases)('padding %j, mode %s', (padding, mode, expected) => {
    const fill = expected[0][0] === 9 ? 9 : 0;
    const size = expected.length * expected[0].length;
    const out = run((s, d) => F.padImage(s, d, padding, fill, mode), tiny, size);
    expect(Array.from(out)).toEqual(expected.flat());
    const t = F.pad(Tensor.from(tiny.data, [1, 1, 2, 3]), padding, fill, mode);
    expect(t.shape).toEqual([1, 1, expected.length, expected[0].length]);
    expect(values(t)).toEqual(expected.flat());
  });

  it('rejects padding that reflection cannot reach, and bad arguments', () => {
    const x = Tensor.from(tiny.data, [1, 2, 3]);
    expect(() => F.pad(x, [0, 2], 0, 'reflect')).toThrow(/simdnet: pad: 'reflect' padding/);
    expect(() => F.pad(x, [0, 3], 0, 'symmetric')).toThrow(/'symmetric' padding/);
    expect(() => F.pad(x, -1)).toThrow(/'padding\[0\]' must be a non-negative integer/);
    expect(() => F.pad(x, [1, 2, 3] as unknown as F.Padding)).toThrow(/'padding' must be/);
    expect(() => F.pad(x, 1, 0, 'wrap' as F.PaddingMode)).toThrow(/'paddingMode' must be one of/);
    expect(values(F.pad(x, [0, 1], 0, 'reflect'))).toEqual([4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3]);
    x.release();
  });
});

describe('normalize', () => {
  it('subtracts the mean and divides by the std of each channel', () => {
    const src = image(Float32Array.from([0, 0.5, 1, 0.25, 0.5, 0.75]), 2, 1, 3);
    const out = run((s, d) => F.normalizeImage(s, d, [0.5, 0.25], [0.5, 0.25]), src);
    expect(Array.from(out)).toEqual([-1, 0, 1, 0, 1, 2]);
    const same = run((s, d) => F.normalizeImage(s, d, 0.5, 2), src);
    expectClose(same, [-0.25, 0, 0.25, -0.125, 0, 0.125], 0);
  });

  it('rejects a zero std and wrong channel counts', () => {
    const x = Tensor.from(random(12), [3, 2, 2]);
    expect(() => F.normalize(x, 0, [1, 0, 1])).toThrow(
      /simdnet: normalize: 'std' of channel 1 must not be 0/,
    );
    expect(() => F.normalize(x, [0, 0], 1)).toThrow(/'mean' must be a number or 3 numbers/);
    expect(() => F.normalize(x, NaN, 1)).toThrow(/'mean\[0\]' must be a finite number/);
    x.release();
  });
});

describe('colour', () => {
  const rgb = image(random(3 * 6 * 7, 2), 3, 6, 7);
  const plane = 6 * 7;
  const grey = (i: number, d = rgb.data) =>
    Math.fround(0.2989) * d[i] +
    Math.fround(0.587) * d[i + plane] +
    Math.fround(0.114) * d[i + 2 * plane];

  it('brightness: factor 1 is the identity, 0 black, more clamps at 1', () => {
    expect(run((s, d) => F.adjustBrightnessImage(s, d, 1), rgb)).toEqual(rgb.data);
    expect(run((s, d) => F.adjustBrightnessImage(s, d, 0), rgb).every((v) => v === 0)).toBe(true);
    const bright = run((s, d) => F.adjustBrightnessImage(s, d, 3), rgb);
    bright.forEach((v, i) => expect(v).toBeCloseTo(Math.min(1, 3 * rgb.data[i]), 6));
  });

  it('contrast: factor 1 is the identity, 0 the mean grey everywhere', () => {
    expect(run((s, d) => F.adjustContrastImage(s, d, 1), rgb)).toEqual(rgb.data);
    let mean = 0;
    for (let i = 0; i < plane; i++) mean += grey(i) / plane;
    expectClose(
      run((s, d) => F.adjustContrastImage(s, d, 0), rgb),
      Array(3 * plane).fill(mean),
      1e-6,
    );
  });

  it('saturation: factor 1 is the identity, 0 the greyscale in every channel', () => {
    expect(run((s, d) => F.adjustSaturationImage(s, d, 1), rgb)).toEqual(rgb.data);
    const out = run((s, d) => F.adjustSaturationImage(s, d, 0), rgb);
    const expected = Array.from({ length: 3 * plane }, (_, i) => grey(i % plane));
    expectClose(out, expected, 1e-6);
    const greyscale = run((s, d) => F.rgbToGrayscaleImage(s, d, 3), rgb);
    expectClose(greyscale, expected, 1e-6);
  });

  it('hue: 0 is the identity, ±0.5 twice returns, and a shift matches torchvision', () => {
    expectClose(
      run((s, d) => F.adjustHueImage(s, d, 0), rgb),
      rgb.data,
      1e-6,
    );
    for (const h of [0.5, -0.5]) {
      const once = image(
        run((s, d) => F.adjustHueImage(s, d, h), rgb),
        3,
        6,
        7,
      );
      expect(once.data).not.toEqual(rgb.data);
      expectClose(
        run((s, d) => F.adjustHueImage(s, d, h), once),
        rgb.data,
        1e-6,
      );
    }
    // torchvision 0.14.1: F.adjust_hue(pattern(18).reshape(3, 2, 3), 0.25).
    const expected = [
      0.4444442, 0.8333331, 0.1666667, 0.5555554, 0.9444442, 0.6944445, 0.0, 0.3888889, 1.0,
      0.1111111, 0.5, 0.8888889, 0.4444444, 0.8333333, 0.8055553, 0.5555556, 0.9444444, 0.0555556,
    ];
    const out = run((s, d) => F.adjustHueImage(s, d, 0.25), image(pattern(18), 3, 2, 3));
    expectClose(out, expected, 1e-6);
  });

  it('work in place, on grey images as torchvision does, and reject bad input', () => {
    const copy = image(Float32Array.from(rgb.data), 3, 6, 7);
    F.adjustHueImage(copy, copy.data, 0.2);
    expect(copy.data).toEqual(run((s, d) => F.adjustHueImage(s, d, 0.2), rgb));
    const g = image(random(12, 3), 1, 3, 4);
    expect(run((s, d) => F.adjustSaturationImage(s, d, 0), g)).toEqual(g.data);
    expect(run((s, d) => F.adjustHueImage(s, d, 0.3), g)).toEqual(g.data);
    const mean = g.data.reduce((s, v) => s + v, 0) / 12;
    expectClose(
      run((s, d) => F.adjustContrastImage(s, d, 0), g),
      Array(12).fill(mean),
      1e-6,
    );

    const x = Tensor.from(random(2 * 12), [2, 3, 2, 2]);
    expect(() => F.adjustBrightness(x, -1)).toThrow(
      /simdnet: adjustBrightness: 'factor' must be ≥ 0/,
    );
    expect(() => F.adjustContrast(x, NaN)).toThrow(/'factor' must be a finite number/);
    expect(() => F.adjustHue(x, 0.6)).toThrow(/'hueFactor' must be in \[-0.5, 0.5\]/);
    const two = Tensor.from(random(8), [2, 2, 2]);
    expect(() => F.adjustSaturation(two, 1)).toThrow(
      /must have 1 or 3 channels \(grey or RGB\), got 2/,
    );
    expect(() => F.rgbToGrayscale(x.reshape([6, 2, 2]))).toThrow(/must have 1 or 3 channels/);
    x.release();
    two.release();
  });
});

describe('affine', () => {
  const src = image(random(2 * 6 * 6, 4), 2, 6, 6);

  it('the identity transform is the identity, bilinear and nearest', () => {
    for (const interpolation of ['bilinear', 'nearest'] as const) {
      expect(run((s, d) => F.affineImage(s, d, { interpolation }), src)).toEqual(src.data);
    }
  });

  it('a 90° rotation of a square image is a transpose and a flip', () => {
    const out = run((s, d) => F.affineImage(s, d, { angle: 90 }), src);
    const expected = Array.from({ length: 72 }, (_, i) => {
      const [c, y, x] = [Math.floor(i / 36), Math.floor(i / 6) % 6, i % 6];
      return at(src.data, 6, 6, c, 5 - x, y);
    });
    expectClose(out, expected, 1e-6);
  });

  it('an integer translation shifts the pixels, zeros entering', () => {
    for (const interpolation of ['bilinear', 'nearest'] as const) {
      const out = run((s, d) => F.affineImage(s, d, { translate: [2, -1], interpolation }), src);
      for (let c = 0; c < 2; c++) {
        for (let y = 0; y < 6; y++) {
          for (let x = 0; x < 6; x++) {
            const [sy, sx] = [y + 1, x - 2];
            const inside = sy < 6 && sx >= 0;
            expect(at(out, 6, 6, c, y, x)).toBe(inside ? at(src.data, 6, 6, c, sy, sx) : 0);
          }
        }
      }
      const filled = run(
        (s, d) => F.affineImage(s, d, { translate: [2, 0], fill: [0.25, 0.75] }),
        src,
      );
      expect([filled[0], filled[36]]).toEqual([0.25, 0.75]);
    }
  });

  it('matches torchvision on a 30° rotation', () => {
    const x = image(pattern(20), 1, 4, 5);
    // torchvision 0.14.1: F.affine(x, angle=30.0, translate=[0, 0], scale=1.0,
    // shear=[0.0, 0.0], interpolation=BILINEAR) with x = pattern(20).reshape(1, 4, 5).
    const rotated = [
      0.4430513, 0.4882963, 0.4526175, 0.4909731, 0.0247338, 0.7003607, 0.2050747, 0.5027243,
      0.6412792, 0.3240343, 0.7315212, 0.4142763, 0.5528312, 0.850481, 0.3551948, 0.1873928,
      0.2489313, 0.6029381, 0.37281, 0.1036729,
    ];
    expectClose(
      run((s, d) => F.affineImage(s, d, { angle: 30 }), x),
      rotated,
      1e-5,
    );
    // The same with translate=[1, 0], fill=[0.5] (torchvision's mask blend at the border).
    const filled = [
      0.5, 0.4705034, 0.4882963, 0.4526175, 0.4936725, 0.4385265, 0.7003607, 0.2050747, 0.5027243,
      0.6412792, 0.3910883, 0.7315212, 0.4142763, 0.5528312, 0.850481, 0.5, 0.4371778, 0.3240103,
      0.6029381, 0.37281,
    ];
    const out = run((s, d) => F.affineImage(s, d, { angle: 30, translate: [1, 0], fill: 0.5 }), x);
    expectClose(out, filled, 1e-5);
  });

  it('rejects bad parameters and an overlapping destination', () => {
    const x = Tensor.from(src.data, [2, 6, 6]);
    expect(() => F.affine(x, { scale: 0 })).toThrow(/simdnet: affine: 'scale' must be > 0/);
    expect(() => F.affine(x, { angle: Infinity })).toThrow(/'angle' must be a finite number/);
    expect(() => F.affine(x, { translate: [1] as never })).toThrow(
      /'translate' must be two numbers/,
    );
    expect(() => F.affine(x, { fill: [1, 2, 3] })).toThrow(/'fill' must be a number or 2 numbers/);
    expect(() => F.affine(x, { interpolation: 'bicubic' as never })).toThrow(/'interpolation'/);
    expect(() => F.affineImage(src, src.data)).toThrow(/'dst' must not overlap src's data/);
    expect(() => F.affineImage(src, new Float32Array(5))).toThrow(/'dst' must hold 72 values/);
    x.release();
  });
});

describe('perspective', () => {
  const corners: F.Corners = [
    [0, 0],
    [6, 0],
    [6, 4],
    [0, 4],
  ];

  it('start points equal to the end points give the identity', () => {
    const src = image(random(3 * 5 * 7, 5), 3, 5, 7);
    const out = run((s, d) => F.perspectiveImage(s, d, corners, corners), src);
    expectClose(out, src.data, 1e-6);
  });

  it('matches torchvision, and maps the end points onto the start points', () => {
    const start: F.Corners = [
      [0, 0],
      [4, 0],
      [4, 3],
      [0, 3],
    ];
    const end: F.Corners = [
      [1, 0],
      [4, 1],
      [3, 3],
      [0, 2],
    ];
    const k = F.perspectiveCoefficients(start, end);
    end.forEach(([x, y], i) => {
      const w = k[6] * x + k[7] * y + 1;
      expect((k[0] * x + k[1] * y + k[2]) / w).toBeCloseTo(start[i][0], 10);
      expect((k[3] * x + k[4] * y + k[5]) / w).toBeCloseTo(start[i][1], 10);
    });
    // torchvision 0.14.1: F.perspective(pattern(20).reshape(1, 4, 5), start, end, BILINEAR).
    const expected = [
      0.0680272, 0.1289682, 0.2916669, 0.0249434, 0.0, 0.614229, 0.234127, 0.6584467, 0.4311225,
      0.2984689, 0.6794216, 0.4305555, 0.6825398, 0.3690472, 0.0212583, 0.0, 0.0654765, 0.3367353,
      0.0076531, 0.0,
    ];
    const out = run((s, d) => F.perspectiveImage(s, d, start, end), image(pattern(20), 1, 4, 5));
    expectClose(out, expected, 1e-5);
  });

  it('rejects degenerate and malformed points', () => {
    const x = Tensor.from(random(20), [1, 4, 5]);
    const line: F.Corners = [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ];
    expect(() => F.perspective(x, corners, line)).toThrow(
      /simdnet: perspective: the points are degenerate/,
    );
    expect(() => F.perspective(x, corners, corners.slice(0, 3) as never)).toThrow(
      /'endPoints' must be 4 points/,
    );
    const nan: F.Corners = [[0, NaN], corners[1], corners[2], corners[3]];
    expect(() => F.perspective(x, nan, corners)).toThrow(
      /'startPoints\[0\]\[1\]' must be a finite number/,
    );
    x.release();
  });
});

describe('gaussianBlur', () => {
  it('kernel size 1 is the identity; a constant image stays constant', () => {
    const src = image(random(3 * 5 * 6, 6), 3, 5, 6);
    expect(run((s, d) => F.gaussianBlurImage(s, d, 1), src)).toEqual(src.data);
    const flat = image(new Float32Array(3 * 5 * 6).fill(0.375), 3, 5, 6);
    expectClose(
      run((s, d) => F.gaussianBlurImage(s, d, [5, 3], 1.5), flat),
      flat.data,
      1e-7,
    );
  });

  it('weights the neighbours by the normalised Gaussian, reflecting at the border', () => {
    const src = image(
      Float32Array.from({ length: 25 }, (_, i) => i),
      1,
      5,
      5,
    );
    const out = run((s, d) => F.gaussianBlurImage(s, d, 3, 1), src);
    const e = Math.exp(-0.5);
    const [side, middle] = [e / (1 + 2 * e), 1 / (1 + 2 * e)];
    // Interior: the kernel is symmetric, so a linear ramp is unchanged.
    expect(out[6]).toBeCloseTo(6, 5);
    expect(out[12]).toBeCloseTo(12, 5);
    // Corner (0, 0): row and column -1 reflect to 1, so each pass weighs [side, middle,
    // side] over indices [1, 0, 1]: rows 0 and 1 become 2·side and 5·middle + 12·side.
    const corner = middle * (2 * side) + 2 * side * (5 * middle + 12 * side);
    expect(out[0]).toBeCloseTo(corner, 5);
    // torchvision 0.14.1: F.gaussian_blur(arange(25).reshape(1, 5, 5), 3, 1.0)[0, 0] = 3.2888236.
    expect(out[0]).toBeCloseTo(3.2888236, 5);
  });

  it('keeps the mean of a random image away from the borders, with the default sigma', () => {
    const src = image(random(48 * 48, 7), 1, 48, 48);
    const out = run((s, d) => F.gaussianBlurImage(s, d, 5), src);
    const interior = (d: Float32Array) => {
      let sum = 0;
      for (let y = 8; y < 40; y++) for (let x = 8; x < 40; x++) sum += d[y * 48 + x];
      return sum / 32 ** 2;
    };
    expect(Math.abs(interior(out) - interior(src.data))).toBeLessThan(0.01);
    // Default sigma 0.3·((5 − 1)/2 − 1) + 0.8 = 1.1.
    expect(out).toEqual(run((s, d) => F.gaussianBlurImage(s, d, 5, 1.1), src));
  });

  it('rejects even or non-positive kernels, bad sigmas and too small images', () => {
    const x = Tensor.from(random(16), [1, 4, 4]);
    expect(() => F.gaussianBlur(x, 4)).toThrow(/simdnet: gaussianBlur: 'kernelSize' must be odd/);
    expect(() => F.gaussianBlur(x, [3, -1])).toThrow(/'kernelSize' must be odd positive integers/);
    expect(() => F.gaussianBlur(x, 3, 0)).toThrow(/'sigma' must be > 0/);
    expect(() => F.gaussianBlur(x, 9)).toThrow(
      /pads by reflection, which needs more than 4×4 pixels/,
    );
    x.release();
  });
});

describe('tensors', () => {
  const transforms: [string, (x: Tensor) => Tensor, (s: ImageView, d: Float32Array) => void][] = [
    ['hflip', F.hflip, F.hflipImage],
    [
      'normalize',
      (x) => F.normalize(x, [0.4, 0.5, 0.6], 0.2),
      (s, d) => F.normalizeImage(s, d, [0.4, 0.5, 0.6], 0.2),
    ],
    ['contrast', (x) => F.adjustContrast(x, 0.6), (s, d) => F.adjustContrastImage(s, d, 0.6)],
    ['hue', (x) => F.adjustHue(x, -0.2), (s, d) => F.adjustHueImage(s, d, -0.2)],
    [
      'affine',
      (x) => F.affine(x, { angle: 20, scale: 0.9 }),
      (s, d) => F.affineImage(s, d, { angle: 20, scale: 0.9 }),
    ],
    ['blur', (x) => F.gaussianBlur(x, 3), (s, d) => F.gaussianBlurImage(s, d, 3)],
  ];

  it.each(transforms)('%s of a batch stacks its per-image results, of [C, H, W] too', (_, f, g) => {
    const [n, size] = [3, 3 * 5 * 4];
    const data = random(n * size, 8);
    const x = Tensor.from(data, [n, 3, 5, 4]);
    const y = f(x);
    expect(y.shape).toEqual([n, 3, 5, 4]);
    const expected = Array.from({ length: n }, (_, i) =>
      Array.from(run(g, image(data.subarray(i * size, (i + 1) * size), 3, 5, 4))),
    ).flat();
    expect(values(y)).toEqual(expected);
    const one = Tensor.from(data.subarray(0, size), [3, 5, 4]);
    const z = f(one);
    expect(z.shape).toEqual([3, 5, 4]);
    expect(values(z)).toEqual(expected.slice(0, size));
    x.release();
    one.release();
  });

  it('crop and pad change the image size, in rank 3 and 4', () => {
    const x = Tensor.from(random(2 * 3 * 4 * 5), [2, 3, 4, 5]);
    const c = F.crop(x, 1, -1, 2, 7);
    expect(c.shape).toEqual([2, 3, 2, 7]);
    c.release();
    const p = F.pad(x, [1, 2, 3, 4]);
    expect(p.shape).toEqual([2, 3, 10, 9]);
    p.release();
    const g = F.rgbToGrayscale(x);
    expect(g.shape).toEqual([2, 1, 4, 5]);
    g.release();
    x.release();
  });

  it('reject tensors that are not images, and bad crop sizes', () => {
    const flat = Tensor.from(random(6), [6]);
    expect(() => F.hflip(flat)).toThrow(
      /simdnet: hflip: 'x' must be an image \[C, H, W\] or a batch/,
    );
    const x = Tensor.from(random(12), [3, 2, 2]);
    expect(() => F.crop(x, 0, 0, 0, 2)).toThrow(
      /simdnet: crop: 'height' must be a positive integer/,
    );
    expect(() => F.crop(x, 0.5, 0, 1, 1)).toThrow(/'top' must be an integer/);
    expect(() => F.hflip('x' as never)).toThrow(/'x' must be a Tensor/);
    flat.release();
    x.release();
    expect(() => F.vflip(x)).toThrow(/was released/);
  });
});
