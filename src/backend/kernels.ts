/**
 * The kernel ABI: every numerical kernel, in one place (as tfjs-core keeps its kernel names).
 *
 * The wasm module exports exactly these functions and the reference backend implements
 * the same signatures in plain TypeScript. Arguments are byte offsets into the backend's
 * memory (`Ptr`), sizes, and scalars; flags are 0/1 integers. Data are row-major; float
 * data are f32 in the wasm backend (f32 or f64 in the reference backend); `labels`,
 * `argmax` and `out` of argmaxRows are i32. A kernel never allocates: scratch space is
 * passed in. An output pointer may equal an input pointer only where noted. Callers read a
 * tensor's `ptr` in the call's own arguments, after making every tensor the call needs:
 * making a tensor may move a cold tensor's data (src/lifetime/generations.ts).
 */
export type Ptr = number;

export interface GemmKernels {
  /** C = alpha·op(A)·op(B) + beta·C, op(A) m×k, op(B) k×n, C m×n; op = transpose when the flag is 1.
   * `lda`, `ldb`, `ldc` are the row strides (in elements) of A, B, C as stored.
   * When beta is 0, C is not read (NaNs in it do not propagate). `work` holds gemmWorkspaceBytes(). */
  gemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Ptr,
    lda: number,
    b: Ptr,
    ldb: number,
    beta: number,
    c: Ptr,
    ldc: number,
    work: Ptr,
  ): void;
  /** Bytes of scratch that gemm needs at `work` (packed panels); 0 when none. */
  gemmWorkspaceBytes(): number;
}

export interface ConvKernels {
  /** x [n, c, h, w] -> cols [n, c·kh·kw, oh·ow], zeros where the window is in the padding. */
  im2col(
    x: Ptr,
    n: number,
    c: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    cols: Ptr,
  ): void;
  /** The adjoint of im2col: x [n, c, h, w] = sum of the cols entries that read each pixel (x is overwritten). */
  col2im(
    cols: Ptr,
    n: number,
    c: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    x: Ptr,
  ): void;
  /** y[n, c, hw] = x[n, c, hw] + bias[c]; y may equal x. */
  biasAddChannels(x: Ptr, bias: Ptr, n: number, c: number, hw: number, y: Ptr): void;
  /**
   * Convolution forward for images first … end−1 of x [·, c, h, w]: y_b [outC, oh·ow] =
   * weight [outC, c·kh·kw] · im2col(x_b). `cols` holds one image's columns (c·kh·kw × oh·ow
   * floats; unused for a 1×1 stride-1 unpadded window), `work` gemmWorkspaceBytes().
   */
  conv2dImages(
    x: Ptr,
    first: number,
    end: number,
    c: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    weight: Ptr,
    outC: number,
    y: Ptr,
    cols: Ptr,
    work: Ptr,
  ): void;
  /** Input gradient for images first … end−1: dx_b = col2im(weightᵀ · dy_b) (dx_b overwritten); scratch as conv2dImages. */
  conv2dInputGradImages(
    dy: Ptr,
    first: number,
    end: number,
    c: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    weight: Ptr,
    outC: number,
    dx: Ptr,
    cols: Ptr,
    work: Ptr,
  ): void;
  /**
   * Columns rowFirst … rowEnd−1 of dw [outC, c·kh·kw] = Σ_b dy_b · im2col(x_b)ᵀ over all n
   * images, in image order (overwritten). `cols` holds (rowEnd − rowFirst) × oh·ow floats.
   */
  conv2dWeightGradRows(
    x: Ptr,
    n: number,
    c: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    dy: Ptr,
    outC: number,
    dw: Ptr,
    rowFirst: number,
    rowEnd: number,
    cols: Ptr,
    work: Ptr,
  ): void;
}

/** Winograd F(2×2, 3×3) convolution: 3×3 windows, stride 1, zero padding. */
export interface WinogradKernels {
  /**
   * Rows first … end−1 of u [16, outC, c] = G g Gᵀ for every 3×3 filter g of w [outC, c, 3, 3]
   * (U_ξ is a row-major outC×c matrix); when `turned` is 1, of u [16, c, outC] for the
   * filters of the input gradient: each turned by 180°, the channel axes swapped. The rest of
   * u is left alone (ranges split the work, each row computed as a whole call would).
   */
  winogradWeights(
    w: Ptr,
    outC: number,
    c: number,
    turned: number,
    first: number,
    end: number,
    u: Ptr,
  ): void;
  /**
   * Convolution forward for images first … end−1 of x [·, c, h, w] with u = winogradWeights(w):
   * y_b [outC, oh, ow], oh = h + 2·padH − 2, ow = w + 2·padW − 2 (each image's result does not
   * depend on the range). `scratch` holds winogradScratchFloats(…) floats, `work` gemmWorkspaceBytes().
   */
  conv2dWinogradImages(
    x: Ptr,
    first: number,
    end: number,
    c: number,
    h: number,
    w: number,
    padH: number,
    padW: number,
    u: Ptr,
    outC: number,
    y: Ptr,
    scratch: Ptr,
    work: Ptr,
  ): void;
  /** Floats of scratch that conv2dWinogradImages needs (one image's transformed tiles). */
  winogradScratchFloats(
    c: number,
    outC: number,
    h: number,
    w: number,
    padH: number,
    padW: number,
  ): number;
  /**
   * Weight gradient: the block o = oFirst … oEnd−1, ci = cFirst … cEnd−1 of
   * dw [outC, c, 3, 3] is overwritten with Σ_b Σ_{y,x} dy_b[o, y, x] · xpad_b[ci, y + i, x + j]
   * over images b < n of x [n, c, h, w] (zero-padded by padH, padW) and dy [n, outC, oh, ow],
   * oh = h + 2·padH − 2, ow likewise; other entries untouched. Every element has the same bits
   * whatever the block, so a pool may split a call by output channels, input channels or
   * both. `scratch` holds winogradWeightGradScratchFloats(cEnd − cFirst, oEnd − oFirst, …)
   * floats, `work` gemmWorkspaceBytes().
   */
  conv2dWinogradWeightGrad(
    x: Ptr,
    n: number,
    c: number,
    h: number,
    w: number,
    padH: number,
    padW: number,
    dy: Ptr,
    outC: number,
    oFirst: number,
    oEnd: number,
    cFirst: number,
    cEnd: number,
    dw: Ptr,
    scratch: Ptr,
    work: Ptr,
  ): void;
  /**
   * Floats of scratch that conv2dWinogradWeightGrad needs for blocks of at most c input
   * channels and outC rows, any batch size (the transformed tiles of one group of images and
   * the transformed gradient M [16, outC, c]).
   */
  winogradWeightGradScratchFloats: WinogradKernels['winogradScratchFloats'];
}

/** Winograd F(2×2, 5×5) convolution: 5×5 windows, stride 1, zero padding. */
export interface Winograd5Kernels {
  /** As winogradWeights for 5×5 filters: u [36, outC, c] (or [36, c, outC] turned). */
  winograd5Weights: WinogradKernels['winogradWeights'];
  /**
   * Convolution forward for images first … end−1 of x [·, c, h, w] with u = winograd5Weights(w),
   * arguments as conv2dWinogradImages: y_b [outC, oh, ow], oh = h + 2·padH − 4,
   * ow = w + 2·padW − 4 (each image's result does not depend on the range). `scratch` holds
   * winograd5ScratchFloats(…, images) floats for some images ≥ end − first, `work`
   * gemmWorkspaceBytes().
   */
  conv2dWinograd5Images: WinogradKernels['conv2dWinogradImages'];
  /**
   * Floats of scratch that conv2dWinograd5Images needs for ranges of at most `images` images
   * (the tiles of up to that many images are transformed together).
   */
  winograd5ScratchFloats(
    c: number,
    outC: number,
    h: number,
    w: number,
    padH: number,
    padW: number,
    images: number,
  ): number;
  /**
   * Weight gradient of a 5×5 window, arguments as conv2dWinogradWeightGrad: the block
   * o = oFirst … oEnd−1, ci = cFirst … cEnd−1 of dw [outC, c, 5, 5], oh = h + 2·padH − 4,
   * ow = w + 2·padW − 4. `scratch` holds winograd5WeightGradScratchFloats(cEnd − cFirst,
   * oEnd − oFirst, …) floats, `work` gemmWorkspaceBytes().
   */
  conv2dWinograd5WeightGrad: WinogradKernels['conv2dWinogradWeightGrad'];
  /**
   * Floats of scratch that conv2dWinograd5WeightGrad needs for blocks of at most c input
   * channels and outC rows, any batch size.
   */
  winograd5WeightGradScratchFloats: WinogradKernels['winogradScratchFloats'];
}

/**
 * Winograd F(4×4, 3×3) convolution: 3×3 windows, stride 1, zero padding; 4×4 output tiles
 * (2.25 multiplies per output and channel pair in its GEMMs, F(2×2, 3×3)'s 4).
 */
export interface Winograd4x4Kernels {
  /** As winogradWeights with F(4×4, 3×3)'s G: u [36, outC, c] (or [36, c, outC] turned). */
  winograd4x4Weights: WinogradKernels['winogradWeights'];
  /**
   * Convolution forward for images first … end−1 of x [·, c, h, w] with u = winograd4x4Weights(w),
   * arguments as conv2dWinogradImages: y_b [outC, oh, ow], oh = h + 2·padH − 2,
   * ow = w + 2·padW − 2 (each image's result does not depend on the range). `scratch` holds
   * winograd4x4ScratchFloats(…, images) floats for some images ≥ end − first, `work`
   * gemmWorkspaceBytes().
   */
  conv2dWinograd4x4Images: WinogradKernels['conv2dWinogradImages'];
  /**
   * Floats of scratch that conv2dWinograd4x4Images needs for ranges of at most `images` images
   * (the tiles of up to that many images are transformed together).
   */
  winograd4x4ScratchFloats: Winograd5Kernels['winograd5ScratchFloats'];
}

export interface PoolKernels {
  /** Max pool over `planes` planes of h×w; argmax (i32) holds the in-plane index h·w of each max. */
  maxPool2d(
    x: Ptr,
    planes: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    y: Ptr,
    argmax: Ptr,
  ): void;
  /** dx (overwritten) = scatter-add of dy through argmax; oh, ow are the pooled sizes.
   * Returns −1, or the position of the first argmax outside [0, h·w), having written nothing. */
  maxPool2dBackward(
    dy: Ptr,
    argmax: Ptr,
    planes: number,
    h: number,
    w: number,
    oh: number,
    ow: number,
    dx: Ptr,
  ): number;
  /** Average pool; padding counts as zeros in the average (PyTorch's count_include_pad). */
  avgPool2d(
    x: Ptr,
    planes: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    y: Ptr,
  ): void;
  /** dx (overwritten) of avgPool2d. */
  avgPool2dBackward(
    dy: Ptr,
    planes: number,
    h: number,
    w: number,
    kh: number,
    kw: number,
    strideH: number,
    strideW: number,
    padH: number,
    padW: number,
    dx: Ptr,
  ): void;
}

export interface SoftmaxKernels {
  /** Mean softmax cross-entropy of logits [b, c] against i32 labels; writes dlogits = (softmax − onehot)/b
   * unless dlogits is 0. Returns the loss. Labels must lie in [0, c) (checked by the caller). */
  softmaxCrossEntropy(logits: Ptr, labels: Ptr, b: number, c: number, dlogits: Ptr): number;
  /** The same with soft (or one-hot) targets [b, c]: loss = −mean_b Σ_c t·log softmax. */
  softmaxCrossEntropySoft(logits: Ptr, targets: Ptr, b: number, c: number, dlogits: Ptr): number;
  /** Mean binary cross-entropy with logits over n elements (PyTorch's BCEWithLogitsLoss):
   * mean(max(x, 0) − x·t + log(1 + e^−|x|)); writes dlogits = (sigmoid(x) − t)/n unless
   * dlogits is 0. Returns the loss (f64). Targets must lie in [0, 1] (checked by the caller). */
  sigmoidCrossEntropy(logits: Ptr, targets: Ptr, n: number, dlogits: Ptr): number;
  /** Row-wise softmax of x [rows, cols]; y may equal x. */
  softmax(x: Ptr, rows: number, cols: number, y: Ptr): void;
  /** Row-wise log-softmax of x [rows, cols]; y may equal x. */
  logSoftmax(x: Ptr, rows: number, cols: number, y: Ptr): void;
  /** dx = y ⊙ (dy − Σ_row dy·y) for y = softmax(x). */
  softmaxBackward(y: Ptr, dy: Ptr, rows: number, cols: number, dx: Ptr): void;
  /** dx = dy − exp(y)·Σ_row dy for y = logSoftmax(x). */
  logSoftmaxBackward(y: Ptr, dy: Ptr, rows: number, cols: number, dx: Ptr): void;
}

/** Elementwise kernels may run in place: an output pointer may equal an input pointer. */
export interface ElementwiseKernels {
  relu(x: Ptr, n: number, y: Ptr): void;
  /** dx = dy where x > 0, else 0. */
  reluBackward(x: Ptr, dy: Ptr, n: number, dx: Ptr): void;
  tanh(x: Ptr, n: number, y: Ptr): void;
  /** dx = dy·(1 − y²) from the forward output y. */
  tanhBackward(y: Ptr, dy: Ptr, n: number, dx: Ptr): void;
  sigmoid(x: Ptr, n: number, y: Ptr): void;
  /** dx = dy·y·(1 − y) from the forward output y. */
  sigmoidBackward(y: Ptr, dy: Ptr, n: number, dx: Ptr): void;
  add(a: Ptr, b: Ptr, n: number, y: Ptr): void;
  sub(a: Ptr, b: Ptr, n: number, y: Ptr): void;
  mul(a: Ptr, b: Ptr, n: number, y: Ptr): void;
  div(a: Ptr, b: Ptr, n: number, y: Ptr): void;
  /** y = alpha·x */
  scale(x: Ptr, alpha: number, n: number, y: Ptr): void;
  /** y += alpha·x */
  axpy(alpha: number, x: Ptr, n: number, y: Ptr): void;
  /** y[r, c] = x[r, c] + v[c] */
  addRowVector(x: Ptr, v: Ptr, rows: number, cols: number, y: Ptr): void;
  /** y[i] = value */
  fill(y: Ptr, value: number, n: number): void;
}

export interface ReduceKernels {
  sum(x: Ptr, n: number): number;
  sumSquares(x: Ptr, n: number): number;
  /** y[c] = Σ_r x[r, c] (bias gradients of a linear layer). */
  sumColumns(x: Ptr, rows: number, cols: number, y: Ptr): void;
  /**
   * y[ch] = Σ_n Σ_hw x[n, ch, hw] for channels ch = first … end−1 of x [n, c, hw] (bias
   * gradients of a convolution); other entries of y untouched.
   */
  sumChannels(x: Ptr, n: number, c: number, hw: number, first: number, end: number, y: Ptr): void;
  /** out[r] (i32) = index of the first maximum of row r. */
  argmaxRows(x: Ptr, rows: number, cols: number, out: Ptr): void;
}

export interface ShapeKernels {
  /** y[o, m, i] = x[o, i]: x [outer, inner] repeated along a new middle axis of size mid
   * (one run of broadcast dimensions; a copy when mid is 1). */
  broadcastMiddle(x: Ptr, outer: number, mid: number, inner: number, y: Ptr): void;
  /** y[o, i] = Σ_m x[o, m, i], the adjoint of broadcastMiddle; a fixed summation order. */
  sumMiddle(x: Ptr, outer: number, mid: number, inner: number, y: Ptr): void;
  /** y[b, c, r] = x[b, r, c] for `batch` matrices of rows×cols. */
  transpose(x: Ptr, batch: number, rows: number, cols: number, y: Ptr): void;
}

/** Draws from the library's generator (xoshiro128**, src/random.ts) inside the module. */
export interface RandomKernels {
  /** out[i] = 0 where the i-th u32 draw is below `threshold`, else keepScale; `state` (4 u32
   * words) is advanced by n draws. */
  dropoutMask(state: Ptr, n: number, threshold: number, keepScale: number, out: Ptr): void;
}

export interface NormKernels {
  /** Batch norm in training mode over x [n, c, hw]: normalises with the batch statistics, writes
   * saveMean / saveInvStd [c] for the backward, and updates runMean / runVar (unbiased) with
   * momentum: run = (1 − momentum)·run + momentum·batch. */
  batchNormTrain(
    x: Ptr,
    n: number,
    c: number,
    hw: number,
    gamma: Ptr,
    beta: Ptr,
    eps: number,
    momentum: number,
    runMean: Ptr,
    runVar: Ptr,
    y: Ptr,
    saveMean: Ptr,
    saveInvStd: Ptr,
  ): void;
  /** Batch norm in evaluation mode, with the running statistics. */
  batchNormEval(
    x: Ptr,
    n: number,
    c: number,
    hw: number,
    gamma: Ptr,
    beta: Ptr,
    runMean: Ptr,
    runVar: Ptr,
    eps: number,
    y: Ptr,
  ): void;
  /** Gradients of batchNormTrain: dx (overwritten), dgamma and dbeta [c] (overwritten). */
  batchNormBackward(
    x: Ptr,
    dy: Ptr,
    n: number,
    c: number,
    hw: number,
    gamma: Ptr,
    saveMean: Ptr,
    saveInvStd: Ptr,
    dx: Ptr,
    dgamma: Ptr,
    dbeta: Ptr,
  ): void;
}

export interface OptimKernels {
  /** PyTorch's SGD: g += wd·p; buf = first ? g : momentum·buf + (1 − dampening)·g;
   * step = nesterov ? g + momentum·buf : buf (or g when momentum is 0); p −= lr·step. */
  sgd(
    p: Ptr,
    g: Ptr,
    buf: Ptr,
    n: number,
    lr: number,
    momentum: number,
    dampening: number,
    weightDecay: number,
    nesterov: number,
    first: number,
  ): void;
  /** Adam (decoupled = 0: g += wd·p) or AdamW (decoupled = 1: p −= lr·wd·p).
   * bias1 = 1 − beta1^t, bias2 = 1 − beta2^t for step t ≥ 1. */
  adam(
    p: Ptr,
    g: Ptr,
    m: Ptr,
    v: Ptr,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weightDecay: number,
    decoupled: number,
    bias1: number,
    bias2: number,
  ): void;
  /** RMSprop (PyTorch, not centered): sq = alpha·sq + (1 − alpha)·g²; with momentum,
   * buf = momentum·buf + g/(√sq + eps) and p −= lr·buf, else p −= lr·g/(√sq + eps). */
  rmsprop(
    p: Ptr,
    g: Ptr,
    sq: Ptr,
    buf: Ptr,
    n: number,
    lr: number,
    alpha: number,
    eps: number,
    weightDecay: number,
    momentum: number,
  ): void;
  /** Adadelta (PyTorch): sq = rho·sq + (1 − rho)·g²; d = √(acc + eps)/√(sq + eps)·g;
   * acc = rho·acc + (1 − rho)·d²; p −= lr·d. */
  adadelta(
    p: Ptr,
    g: Ptr,
    sq: Ptr,
    acc: Ptr,
    n: number,
    lr: number,
    rho: number,
    eps: number,
    weightDecay: number,
  ): void;
}

export interface SvmKernels {
  /** One row of the SVM dual's matrix Q: out[j] = s_i·s_j·K(x_i, x_j) for j in [start, end).
   * xt [d, n] holds the n points feature-major, signs [n] the labels ±1; kernel 0 linear
   * ⟨x, z⟩, 1 rbf exp(−γ‖x − z‖²), 2 poly (γ⟨x, z⟩ + coef0)^degree, 3 sigmoid
   * tanh(γ⟨x, z⟩ + coef0). Sums and the kernel in float64. */
  svmKernelRow(
    kernel: number,
    gamma: number,
    coef0: number,
    degree: number,
    xt: Ptr,
    signs: Ptr,
    n: number,
    d: number,
    i: number,
    start: number,
    end: number,
    out: Ptr,
  ): void;
}

export interface SmoKernels {
  /** The passes of an SMO iteration over the active set t < active (src/svm/smo.ts). The
   * gradient G and the diagonal QD are f64 on every backend; signs (±1) and the rows Q_i are
   * floats; up and low are i32 masks of I_up and I_low (−1 member, 0 not). Returns
   * i = argmax { −y_t G_t : t ∈ I_up }, the last of equals; −1 when I_up is empty. */
  smoSelectUp(active: number, G: Ptr, signs: Ptr, up: Ptr): number;
  /** j = argmin { −b_it² / a_it : t ∈ I_low, b_it = gMax + y_t G_t > 0 },
   * a_it = QD_i + QD_t − 2 y_i y_t Q_it (1e-12 when ≤ 0), the last of equals; −1 when none.
   * Stores max { y_t G_t : t ∈ I_low } (−∞ when empty) as f64 at gMax2. */
  smoSelectLow(
    active: number,
    i: number,
    gMax: number,
    G: Ptr,
    QD: Ptr,
    signs: Ptr,
    low: Ptr,
    Qi: Ptr,
    gMax2: Ptr,
  ): number;
  /** G[t] += Qi[t]·a + Qj[t]·b for t < count (G f64, the rows floats). */
  smoAddRows(count: number, G: Ptr, Qi: Ptr, a: number, Qj: Ptr, b: number): void;
}

export type Kernels = GemmKernels &
  ConvKernels &
  WinogradKernels &
  Winograd5Kernels &
  Winograd4x4Kernels &
  PoolKernels &
  SoftmaxKernels &
  ElementwiseKernels &
  ReduceKernels &
  ShapeKernels &
  RandomKernels &
  NormKernels &
  OptimKernels &
  SvmKernels &
  SmoKernels;

export type KernelName = keyof Kernels;

/** Every kernel's name, for binding and for checking that a build exports them all. */
export const KERNEL_NAMES = [
  'gemm',
  'gemmWorkspaceBytes',
  'im2col',
  'col2im',
  'biasAddChannels',
  'conv2dImages',
  'conv2dInputGradImages',
  'conv2dWeightGradRows',
  'maxPool2d',
  'maxPool2dBackward',
  'avgPool2d',
  'avgPool2dBackward',
  'softmaxCrossEntropy',
  'softmaxCrossEntropySoft',
  'sigmoidCrossEntropy',
  'softmax',
  'logSoftmax',
  'softmaxBackward',
  'logSoftmaxBackward',
  'relu',
  'reluBackward',
  'tanh',
  'tanhBackward',
  'sigmoid',
  'sigmoidBackward',
  'add',
  'sub',
  'mul',
  'div',
  'scale',
  'axpy',
  'addRowVector',
  'fill',
  'sum',
  'sumSquares',
  'sumColumns',
  'sumChannels',
  'argmaxRows',
  'broadcastMiddle',
  'sumMiddle',
  'transpose',
  'dropoutMask',
  'batchNormTrain',
  'batchNormEval',
  'batchNormBackward',
  'sgd',
  'adam',
  'rmsprop',
  'adadelta',
  'winogradWeights',
  'conv2dWinogradImages',
  'winogradScratchFloats',
  'winograd5Weights',
  'conv2dWinograd5Images',
  'winograd5ScratchFloats',
  'conv2dWinogradWeightGrad',
  'winogradWeightGradScratchFloats',
  'conv2dWinograd5WeightGrad',
  'winograd5WeightGradScratchFloats',
  'winograd4x4Weights',
  'conv2dWinograd4x4Images',
  'winograd4x4ScratchFloats',
  'svmKernelRow',
  'smoSelectUp',
  'smoSelectLow',
  'smoAddRows',
] as const satisfies readonly KernelName[];

// Compile-time proof that the list above names every kernel of the interface.
type Missing = Exclude<KernelName, (typeof KERNEL_NAMES)[number]>;
const everyKernelListed: [Missing] extends [never] ? true : Missing = true;
void everyKernelListed;
