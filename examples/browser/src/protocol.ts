// The messages between the page and the training worker (mnist-worker.ts).

export type ModelKind = 'mlp' | 'cnn';

export type ToWorker =
  | { type: 'init'; threads: number; mnist: string }
  | { type: 'train'; model: ModelKind; keep?: boolean }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'predict'; id: number; pixels: Float32Array }
  | { type: 'save' }
  | { type: 'load'; bytes: Uint8Array };

/** The training figures since the previous report. */
export interface Progress {
  epoch: number;
  /** Training images seen so far, all epochs. */
  seen: number;
  /** Mean loss and accuracy of the batches since the last report. */
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
  /** Seconds to the end of the current epoch at the current speed. */
  eta: number;
}

/** The first layer's filters, `count` images of `height`×`width`, row after row. */
export interface Filters {
  count: number;
  height: number;
  width: number;
  values: Float32Array;
}

export type FromWorker =
  | {
      type: 'ready';
      threads: number;
      threadsNote?: string;
      simd: string;
      trainImages: number;
      testImages: number;
    }
  | { type: 'status'; text: string }
  | { type: 'progress'; progress: Progress }
  | { type: 'tested'; epoch: number; loss: number; accuracy: number }
  | { type: 'filters'; filters: Filters }
  | { type: 'prediction'; id: number; probabilities: Float32Array | null }
  | { type: 'saved'; bytes: Uint8Array; model: ModelKind }
  | { type: 'loaded'; model: ModelKind }
  | { type: 'error'; message: string };
