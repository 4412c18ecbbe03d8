// ConvNetJS 0.3.0 (Karpathy's plain-JavaScript library): one example at a time, its Trainer
// applying plain SGD every batch_size examples. No matrix product of its own, so no GEMM rows.
import { createRequire } from 'node:module';
import type { Bench, Contender, Layer, ModelTask } from './contender';
import { LEARNING_RATE, syntheticBatch, walk } from './models';

// The few parts of its (untyped) API used here.
interface Vol {
  set(x: number, y: number, d: number, v: number): void;
}
interface Net {
  makeLayers(defs: object[]): void;
  forward(v: Vol, isTraining: boolean): Vol;
}
interface ConvNetJs {
  Net: new () => Net;
  Vol: new (sx: number, sy: number, depth: number, c: number) => Vol;
  Trainer: new (net: Net, options: object) => { train(v: Vol, label: number): { loss: number } };
}

const convnetjs = createRequire(import.meta.url)('convnetjs') as ConvNetJs;

/** ConvNetJS's layer definitions; its softmax layer brings the last fully connected one. */
function definitions(layers: Layer[], input: number[]): object[] {
  const [c, h = 1, w = 1] = input.length === 3 ? input : [input[0]];
  const defs: object[] = [{ type: 'input', out_sx: w, out_sy: h, out_depth: c }];
  layers.forEach((layer, i) => {
    if (layer.type === 'conv') {
      const { kernel, out, padding } = layer;
      defs.push({ type: 'conv', sx: kernel, filters: out, stride: 1, pad: padding });
    } else if (layer.type === 'relu') defs.push({ type: 'relu' });
    else if (layer.type === 'maxpool')
      defs.push({ type: 'pool', sx: layer.size, stride: layer.size });
    else if (layer.type === 'dropout') defs.push({ type: 'dropout', drop_prob: layer.p });
    else if (layer.type === 'linear') {
      const last = i === layers.length - 1;
      defs.push(
        last ? { type: 'softmax', num_classes: layer.out } : { type: 'fc', num_neurons: layer.out },
      );
    }
  });
  return defs;
}

/** The batch as ConvNetJS volumes (x, y, channel), from row-major [batch, C, H, W] data. */
function volumes(data: Float32Array, batch: number, input: number[]): Vol[] {
  const [c, h = 1, w = 1] = input.length === 3 ? input : [input[0]];
  return Array.from({ length: batch }, (_, i) => {
    const v = new convnetjs.Vol(w, h, c, 0);
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) v.set(x, y, ch, data[((i * c + ch) * h + y) * w + x]);
      }
    }
    return v;
  });
}

export function convnetContender(): Contender {
  return {
    name: 'ConvNetJS',
    threads: '1',
    async model({ model, batch, mode }: ModelTask): Promise<Bench> {
      const net = new convnetjs.Net();
      net.makeLayers(
        definitions(
          walk(model).map((l) => l.layer),
          model.input,
        ),
      );
      const { x, labels } = syntheticBatch(model, batch);
      const inputs = volumes(x, batch, model.input);
      if (mode === 'infer') {
        return { run: () => inputs.forEach((v) => net.forward(v, false)), dispose() {} };
      }
      const trainer = new convnetjs.Trainer(net, {
        method: 'sgd',
        learning_rate: LEARNING_RATE,
        momentum: 0,
        l2_decay: 0,
        batch_size: batch,
      });
      let loss = 0;
      return {
        // batch examples: the last one triggers the update; the loss is read on each.
        run: () => inputs.forEach((v, i) => (loss += trainer.train(v, labels[i]).loss)),
        dispose() {},
      };
    },
  };
}
