import { internal, userCode } from '../lifetime';
import type { Tensor } from '../tensor';
import { isLibraryLayer, libraryLayers, Module } from './module';
import type { ModuleConfig } from './serialize';

/** Layers applied in order; their parameters are named "<index>.<name>" as in PyTorch. */
export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
    layers.forEach((layer, i) => this.addModule(String(i), layer));
  }

  /**
   * Runs the layers in turn; an error says which layer failed. The outputs between layers
   * are internal: freed at once, or after backward() when they carry a graph.
   */
  forward(x: Tensor): Tensor {
    return internal(() => this.#run(x));
  }

  #run(x: Tensor): Tensor {
    let y = x;
    this.layers.forEach((layer, i) => {
      try {
        y = isLibraryLayer(layer) ? layer.forward(y) : userCode(() => layer.forward(y));
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('simdnet: ')) {
          e.message = `simdnet: layer ${i} of Sequential: ${e.message.slice(9)}`;
        }
        throw e;
      }
    });
    return y;
  }

  toConfig(): ModuleConfig {
    return { type: 'Sequential', args: this.layers.map((l) => l.toConfig()) };
  }

  toString(): string {
    return `Sequential(${this.layers.length} layers)`;
  }
}

libraryLayers(Sequential);
