/**
 * The 3D U-Net of the study, written with tfjs ops and explicit weights (no tfjs-layers model), so
 * initialisation is seeded by our own generator, checkpoints are plain `Float32Array`s and the ONNX
 * exporter (`export_onnx.ts`) can mirror each block one to one.
 *
 * Shape letters: N batch, D/H/W spatial (z, y, x), C channels; tfjs tensors are NDHWC.
 * **Input layout**: `inputShape` is `[D, H, W]` = `[nz, ny, nx]`, so one image is a `Float32Array` of
 * length `D*H*W` with x fastest, z slowest — the same memory as a `Volume`'s `data`
 * (`data[i + nx*(j + ny*k)]`). The paper's 96 × 96 × 48 mm crop at 1 mm is `inputShape: [48, 96, 96]`.
 *
 * Blocks, pieces first: `convBlock` (two 3×3×3 conv → norm → ReLU), `down` (2×2×2 max-pool), `up`
 * (nearest ×2 as reshape + tile, because tfjs 4.22 has no upSampling3d and conv3dTranspose does not
 * train), then the model.
 *
 * @module
 */
import { tf } from "./_tf.ts";
import { createRng } from "../../stats/random.ts";

/** Normalisation after each convolution. */
export type UNetNorm = "batch" | "instance" | "none";

/** Architecture of the U-Net. */
export interface UNetConfig {
  /** Input `[D, H, W]` in voxels (z, y, x); each must be divisible by `2^depth`. @default [48, 96, 96] (the paper's crop) */
  readonly inputShape: readonly [number, number, number];
  /** Number of 2× poolings; the bottleneck is the input over `2^depth`. @default 3 (12 × 12 × 6 at the paper's crop) */
  readonly depth: number;
  /** Channels of the first level, doubled at each pooling. @default 8 (8, 16, 32 before the bottleneck) */
  readonly baseChannels: number;
  /** Channels of the bottleneck = features per bottleneck voxel. @default 64 (6·12·12·64 = 55,296 features) */
  readonly bottleneckChannels: number;
  /** Normalisation after each conv; instance suits the batch sizes of 3D crops. @default "instance" */
  readonly norm: UNetNorm;
  /** Dropout rate on the bottleneck during training (features are taken before it). @default 0 */
  readonly dropout: number;
}

/** The paper's geometry: `[48, 96, 96]`, three poolings, 64 bottleneck channels. */
export const defaultUNetConfig: UNetConfig = {
  inputShape: [48, 96, 96],
  depth: 3,
  baseChannels: 8,
  bottleneckChannels: 64,
  norm: "instance",
  dropout: 0,
};

/** One weight array of the model; `shape` is the tfjs shape (conv kernels `[k, k, k, Cin, Cout]`). */
export interface NamedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  /** False for batch-norm moving statistics, which the optimiser does not touch. */
  readonly trainable: boolean;
  readonly values: Float32Array;
}

/** What {@linkcode UNet.forward} returns; the caller owns (and disposes) the tensors. */
export interface UNetOutput {
  /** Pre-sigmoid segmentation `[N, D, H, W, 1]`. */
  readonly logits: tf.Tensor5D;
  /** Sigmoid probability `[N, D, H, W, 1]`. */
  readonly segmentation: tf.Tensor5D;
  /** Bottleneck activations `[N, d, h, w, Cb]` (after ReLU, before dropout). */
  readonly bottleneck: tf.Tensor5D;
  /** Batch-norm statistics of this batch (training with `norm: "batch"` only), by layer name. */
  readonly batchStats: ReadonlyMap<string, { mean: tf.Tensor; variance: tf.Tensor }>;
}

/** Options of {@linkcode UNet.forward}. */
export interface ForwardOptions {
  /** Training mode: batch statistics and dropout. @default false */
  readonly training?: boolean;
  /** Dropout keep-mask of the bottleneck's shape `[N, d, h, w, Cb]`, already scaled by `1/(1-rate)`. */
  readonly dropoutMask?: Float32Array;
}

/** A U-Net with its weights as tfjs variables. */
export interface UNet {
  readonly config: UNetConfig;
  /** Weights in a fixed order (the checkpoint and ONNX order). */
  readonly variables: ReadonlyMap<string, tf.Variable>;
  /** Run the network on `[N, D, H, W, 1]`. */
  forward(x: tf.Tensor5D, options?: ForwardOptions): UNetOutput;
  /**
   * The encoder alone (inference mode): bottleneck activations `[N, d, h, w, Cb]` of `[N, D, H, W, 1]`,
   * identical to `forward(x).bottleneck` at half the cost — what feature visualisation differentiates.
   */
  encode(x: tf.Tensor5D): tf.Tensor5D;
  /** Copy the weights out (synchronous read). */
  getWeights(): NamedWeight[];
  /** Like `getWeights`, read asynchronously: works on every backend (WebGPU has no synchronous read in Deno). */
  readWeights(): Promise<NamedWeight[]>;
  /** Overwrite the weights (same names and shapes). */
  setWeights(weights: readonly NamedWeight[]): void;
  /** Free the variables. */
  dispose(): void;
}

/** Options of {@linkcode unet3d}. */
export interface UNet3dOptions {
  /** Seed of the He-normal initialisation. @default 0 */
  readonly seed?: number;
  /** Start from these weights instead of a fresh initialisation. */
  readonly weights?: readonly NamedWeight[];
}

interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: "he" | "zeros" | "ones";
  readonly trainable: boolean;
}

const EPS = 1e-5;

/** Channels of encoder level `i`. */
export function levelChannels(config: UNetConfig, level: number): number {
  return config.baseChannels * 2 ** level;
}

/**
 * Shape `[d, h, w, c]` of the bottleneck (z, y, x, channel), whose product is the feature count.
 *
 * @param config the architecture
 * @returns the bottleneck shape
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { bottleneckShape, defaultUNetConfig } from "./unet3d.ts";
 * assert.deepEqual(bottleneckShape(defaultUNetConfig), [6, 12, 12, 64]);
 * ```
 */
export function bottleneckShape(config: UNetConfig): [number, number, number, number] {
  const f = 2 ** config.depth;
  const [d, h, w] = config.inputShape;
  return [d / f, h / f, w / f, config.bottleneckChannels];
}

function checkConfig(c: UNetConfig): void {
  const f = 2 ** c.depth;
  if (!Number.isInteger(c.depth) || c.depth < 1) {
    throw new RangeError(`Cannot build U-Net: depth must be ≥ 1, got "${c.depth}"`);
  }
  if (c.inputShape.some((n) => !Number.isInteger(n) || n <= 0 || n % f !== 0)) {
    throw new RangeError(
      `Cannot build U-Net: inputShape "${c.inputShape.join("×")}" must be divisible by 2^depth = ${f}`,
    );
  }
  if (c.dropout < 0 || c.dropout >= 1) {
    throw new RangeError(`Cannot build U-Net: dropout must be in [0, 1), got "${c.dropout}"`);
  }
}

/** The weights of the model, in the order the forward pass uses them. */
function paramSpecs(c: UNetConfig): ParamSpec[] {
  const specs: ParamSpec[] = [];
  const conv = (name: string, k: number, cin: number, cout: number) =>
    specs.push(
      { name: `${name}.kernel`, shape: [k, k, k, cin, cout], init: "he", trainable: true },
      { name: `${name}.bias`, shape: [cout], init: "zeros", trainable: true },
    );
  const norm = (name: string, ch: number) => {
    if (c.norm === "none") return;
    specs.push({ name: `${name}.gamma`, shape: [ch], init: "ones", trainable: true });
    specs.push({ name: `${name}.beta`, shape: [ch], init: "zeros", trainable: true });
    if (c.norm === "batch") {
      specs.push({ name: `${name}.movingMean`, shape: [ch], init: "zeros", trainable: false });
      specs.push({ name: `${name}.movingVariance`, shape: [ch], init: "ones", trainable: false });
    }
  };
  const block = (name: string, cin: number, cout: number) => {
    conv(`${name}.conv1`, 3, cin, cout);
    norm(`${name}.norm1`, cout);
    conv(`${name}.conv2`, 3, cout, cout);
    norm(`${name}.norm2`, cout);
  };
  for (let i = 0; i < c.depth; i++) block(`enc${i}`, i === 0 ? 1 : levelChannels(c, i - 1), levelChannels(c, i));
  block("bottleneck", levelChannels(c, c.depth - 1), c.bottleneckChannels);
  for (let i = c.depth - 1; i >= 0; i--) {
    const below = i === c.depth - 1 ? c.bottleneckChannels : levelChannels(c, i + 1);
    block(`dec${i}`, below + levelChannels(c, i), levelChannels(c, i));
  }
  conv("head", 1, levelChannels(c, 0), 1);
  return specs;
}

function initialValues(spec: ParamSpec, seed: number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  if (spec.init === "ones") values.fill(1);
  if (spec.init === "he") {
    // He-normal: std = sqrt(2 / fan_in), fan_in = k³·Cin; one stream per weight keeps init order-free.
    const [k = 1, , , cin = 1] = spec.shape;
    const std = Math.sqrt(2 / (k * k * k * cin));
    const rng = createRng(seed, `unet3d/${spec.name}`);
    for (let i = 0; i < size; i++) values[i] = rng.normal() * std;
  }
  return values;
}

/** Nearest-neighbour ×2 upsampling of `[N, d, h, w, C]`, one axis at a time with rank-3 tiles. */
function up(x: tf.Tensor5D): tf.Tensor5D {
  const [n, d, h, w, c] = x.shape;
  const zz = tf.reshape(tf.tile(tf.reshape(x, [n * d, 1, h * w * c]), [1, 2, 1]), [n, 2 * d, h, w, c]); // z doubled
  const yy = tf.reshape(tf.tile(tf.reshape(zz, [n * 2 * d * h, 1, w * c]), [1, 2, 1]), [n, 2 * d, 2 * h, w, c]);
  return tf.reshape(tf.tile(tf.reshape(yy, [n * 4 * d * h * w, 1, c]), [1, 2, 1]), [n, 2 * d, 2 * h, 2 * w, c]);
}

function down(x: tf.Tensor5D): tf.Tensor5D {
  return tf.maxPool3d(x, 2, 2, "valid");
}

/**
 * Build a U-Net with seeded He-normal weights (or given ones).
 *
 * @param config the architecture (see {@linkcode defaultUNetConfig})
 * @param options seed or starting weights
 * @returns the model; call `dispose()` when done
 * @throws {RangeError} when the input shape is not divisible by `2^depth` or weights do not fit
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tf } from "./_tf.ts";
 * import { unet3d } from "./unet3d.ts";
 * const net = unet3d({ inputShape: [8, 16, 16], depth: 2, baseChannels: 2, bottleneckChannels: 4, norm: "instance", dropout: 0 });
 * const out = net.forward(tf.zeros([1, 8, 16, 16, 1]));
 * assert.deepEqual(out.bottleneck.shape, [1, 2, 4, 4, 4]);
 * assert.deepEqual(out.segmentation.shape, [1, 8, 16, 16, 1]);
 * net.dispose();
 * ```
 */
export function unet3d(config: UNetConfig, options: UNet3dOptions = {}): UNet {
  checkConfig(config);
  const specs = paramSpecs(config);
  const given = new Map(options.weights?.map((w) => [w.name, w]));
  const variables = new Map<string, tf.Variable>();
  for (const spec of specs) {
    const w = given.get(spec.name);
    if (options.weights && (w === undefined || w.values.length !== spec.shape.reduce((a, b) => a * b, 1))) {
      throw new RangeError(`Cannot load U-Net weights: "${spec.name}" is missing or has the wrong size`);
    }
    const values = w?.values ?? initialValues(spec, options.seed ?? 0);
    const initial = tf.tensor(values, [...spec.shape]);
    variables.set(spec.name, tf.variable(initial, spec.trainable, undefined, "float32"));
    initial.dispose(); // the variable holds its own reference to the data
  }
  const v = (name: string) => variables.get(name)!;

  type Block = (t: tf.Tensor5D, name: string) => tf.Tensor5D;
  /** The encoder levels and the bottleneck block; pushes each level's output (the skips) to `skips`. */
  function encoder(x: tf.Tensor5D, convBlock: Block, skips: tf.Tensor5D[]): tf.Tensor5D {
    let h: tf.Tensor5D = x;
    for (let i = 0; i < config.depth; i++) {
      h = convBlock(h, `enc${i}`); // [N, D/2^i, H/2^i, W/2^i, base·2^i]
      skips.push(h);
      h = down(h);
    }
    return convBlock(h, "bottleneck"); // [N, d, h, w, Cb]
  }

  /** Convolution block of this network in training or inference mode (batch statistics go to `batchStats`). */
  function blockFor(training: boolean, batchStats: Map<string, { mean: tf.Tensor; variance: tf.Tensor }>): {
    conv: Block;
    convBlock: Block;
  } {
    const norm = (t: tf.Tensor5D, name: string): tf.Tensor5D => {
      if (config.norm === "none") return t;
      let mean: tf.Tensor, variance: tf.Tensor;
      if (config.norm === "instance") ({ mean, variance } = tf.moments(t, [1, 2, 3], true)); // [N,1,1,1,C]
      else if (training) {
        ({ mean, variance } = tf.moments(t, [0, 1, 2, 3])); // [C]
        batchStats.set(name, { mean: tf.keep(mean), variance: tf.keep(variance) });
      } else [mean, variance] = [v(`${name}.movingMean`), v(`${name}.movingVariance`)];
      const scaled = tf.mul(tf.sub(t, mean), tf.rsqrt(tf.add(variance, EPS)));
      return tf.add(tf.mul(scaled, v(`${name}.gamma`)), v(`${name}.beta`));
    };
    const conv = (t: tf.Tensor5D, name: string) =>
      tf.add(tf.conv3d(t, v(`${name}.kernel`) as tf.Tensor5D, 1, "same"), v(`${name}.bias`)) as tf.Tensor5D;
    const convBlock = (t: tf.Tensor5D, name: string) => {
      const a = tf.relu(norm(conv(t, `${name}.conv1`), `${name}.norm1`));
      return tf.relu(norm(conv(a, `${name}.conv2`), `${name}.norm2`));
    };
    return { conv, convBlock };
  }

  function forward(x: tf.Tensor5D, fo: ForwardOptions = {}): UNetOutput {
    const training = fo.training ?? false;
    const batchStats = new Map<string, { mean: tf.Tensor; variance: tf.Tensor }>();
    const { conv, convBlock } = blockFor(training, batchStats);
    const tensors = tf.tidy(() => {
      const skips: tf.Tensor5D[] = [];
      const bottleneck = encoder(x, convBlock, skips);
      let h = bottleneck;
      if (training && fo.dropoutMask) h = tf.mul(h, tf.tensor(fo.dropoutMask, h.shape));
      for (let i = config.depth - 1; i >= 0; i--) {
        h = convBlock(tf.concat([up(h), skips[i]!], 4), `dec${i}`); // concat: [N, ·, ·, ·, C_up + C_skip]
      }
      const logits = conv(h, "head"); // [N, D, H, W, 1]
      return { logits, segmentation: tf.sigmoid(logits), bottleneck };
    });
    return { ...tensors, batchStats }; // batch statistics were kept out of the tidy with tf.keep
  }

  function encode(x: tf.Tensor5D): tf.Tensor5D {
    const { convBlock } = blockFor(false, new Map());
    return tf.tidy(() => encoder(x, convBlock, []));
  }

  return {
    config,
    variables,
    forward,
    encode,
    getWeights: () =>
      specs.map((s) => ({
        name: s.name,
        shape: s.shape,
        trainable: s.trainable,
        values: (v(s.name).dataSync() as Float32Array).slice(),
      })),
    readWeights: () =>
      Promise.all(specs.map(async (s) => ({
        name: s.name,
        shape: s.shape,
        trainable: s.trainable,
        values: ((await v(s.name).data()) as Float32Array).slice(),
      }))),
    setWeights(weights) {
      for (const w of weights) {
        const target = variables.get(w.name);
        if (target === undefined || target.size !== w.values.length) {
          throw new RangeError(`Cannot set U-Net weight "${w.name}": unknown name or wrong size`);
        }
        tf.tidy(() => target.assign(tf.tensor(w.values, target.shape)));
      }
    },
    dispose: () => variables.forEach((t) => t.dispose()),
  };
}
