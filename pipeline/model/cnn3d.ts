/**
 * The end-to-end prognostic CNN of the journal version's comparator (Hosny et al., "Deep learning for
 * lung cancer prognostication", PLoS Medicine 2018, as cited by Baek et al. 2019): a few 3D convolution
 * blocks (3×3×3 conv → instance norm → ReLU → 2×2×2 max-pool), global average pooling, dropout and one
 * logistic unit. Hosny et al. used four conv layers with batch norm on 50 mm CT patches; our blocks,
 * widths and input channels (CT, PET or both) are spec settings, and instance norm replaces batch norm
 * because the batches of 3D crops are tiny. Written with tfjs ops and explicit seeded weights, as the
 * U-Net is (`unet3d.ts`).
 *
 * Shape letters: N batch, D/H/W spatial (z, y, x), C channels; tensors are NDHWC.
 *
 * @module
 */
import { tf } from "./_tf.ts";
import { createRng } from "../../stats/random.ts";
import type { NamedWeight } from "./unet3d.ts";

/** Architecture of the prognostic CNN. */
export interface CnnConfig {
  /** Input `[D, H, W]` in voxels (z, y, x). */
  readonly inputShape: readonly [number, number, number];
  /** Input channels (1: CT or PET; 2: CT and PET). */
  readonly channels: number;
  /** Convolution blocks, each halving the grid. */
  readonly blocks: number;
  /** Channels of the first block, doubled at each block. */
  readonly width: number;
  /** Dropout rate before the logistic unit during training. */
  readonly dropout: number;
}

/** A CNN with its weights as tfjs variables. */
export interface Cnn {
  readonly config: CnnConfig;
  /** Trainable weights in a fixed order. */
  readonly variables: ReadonlyMap<string, tf.Variable>;
  /**
   * Logits `[N]` of `[N, D, H, W, C]`; `dropoutMask` (`[N, features]`, scaled by `1/(1-rate)`) is
   * applied in training only. The caller disposes the result.
   */
  forward(x: tf.Tensor5D, dropoutMask?: Float32Array): tf.Tensor1D;
  /** Channels after global pooling (the dropout mask's width). */
  readonly pooledChannels: number;
  /** Copy the weights out. */
  getWeights(): NamedWeight[];
  /** Free the variables. */
  dispose(): void;
}

/** Weight shapes, in forward order. */
function specs(c: CnnConfig): Array<{ name: string; shape: number[]; fanIn: number; init: "he" | "zeros" | "ones" }> {
  const out: Array<{ name: string; shape: number[]; fanIn: number; init: "he" | "zeros" | "ones" }> = [];
  let cin = c.channels;
  for (let b = 0; b < c.blocks; b++) {
    const cout = c.width * 2 ** b;
    out.push({ name: `block${b}.kernel`, shape: [3, 3, 3, cin, cout], fanIn: 27 * cin, init: "he" });
    out.push({ name: `block${b}.bias`, shape: [cout], fanIn: 1, init: "zeros" });
    out.push({ name: `block${b}.gamma`, shape: [cout], fanIn: 1, init: "ones" });
    out.push({ name: `block${b}.beta`, shape: [cout], fanIn: 1, init: "zeros" });
    cin = cout;
  }
  out.push({ name: "head.kernel", shape: [cin, 1], fanIn: cin, init: "he" });
  out.push({ name: "head.bias", shape: [1], fanIn: 1, init: "zeros" });
  return out;
}

/**
 * Build the CNN with seeded He-normal weights.
 *
 * @param config the architecture
 * @param options the seed of the initialisation (@default 0)
 * @returns the model; call `dispose()` when done
 * @throws {RangeError} on a non-positive size or a dropout outside [0, 1)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tf } from "./_tf.ts";
 * import { cnn3d } from "./cnn3d.ts";
 * const net = cnn3d({ inputShape: [8, 16, 16], channels: 2, blocks: 2, width: 4, dropout: 0.5 });
 * const logits = net.forward(tf.zeros([3, 8, 16, 16, 2]));
 * assert.deepEqual(logits.shape, [3]);
 * assert.equal(net.pooledChannels, 8);
 * logits.dispose();
 * net.dispose();
 * ```
 */
export function cnn3d(config: CnnConfig, options: { readonly seed?: number } = {}): Cnn {
  const { blocks, width, channels, dropout } = config;
  if (![blocks, width, channels].every((n) => Number.isInteger(n) && n > 0) || !(dropout >= 0 && dropout < 1)) {
    throw new RangeError(
      `Cannot build the CNN: blocks, width and channels must be positive integers and dropout in [0, 1), got ` +
        `${blocks}, ${width}, ${channels}, ${dropout}`,
    );
  }
  const variables = new Map<string, tf.Variable>();
  for (const s of specs(config)) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n).fill(s.init === "ones" ? 1 : 0);
    if (s.init === "he") {
      const rng = createRng(options.seed ?? 0, `cnn3d/${s.name}`);
      const std = Math.sqrt(2 / s.fanIn);
      for (let i = 0; i < n; i++) values[i] = rng.normal() * std;
    }
    const t = tf.tensor(values, s.shape);
    variables.set(s.name, tf.variable(t, true, undefined, "float32"));
    t.dispose();
  }
  const v = (name: string) => variables.get(name)!;
  const pooledChannels = width * 2 ** (blocks - 1);
  function forward(x: tf.Tensor5D, dropoutMask?: Float32Array): tf.Tensor1D {
    return tf.tidy(() => {
      let h: tf.Tensor5D = x;
      for (let b = 0; b < blocks; b++) {
        const conv = tf.add(tf.conv3d(h, v(`block${b}.kernel`) as tf.Tensor5D, 1, "same"), v(`block${b}.bias`));
        const { mean, variance } = tf.moments(conv, [1, 2, 3], true); // instance norm: [N, 1, 1, 1, C]
        const normed = tf.add(
          tf.mul(tf.mul(tf.sub(conv, mean), tf.rsqrt(tf.add(variance, 1e-5))), v(`block${b}.gamma`)),
          v(`block${b}.beta`),
        );
        h = tf.maxPool3d(tf.relu(normed) as tf.Tensor5D, 2, 2, "same"); // [N, ⌈D/2⌉, ⌈H/2⌉, ⌈W/2⌉, width·2^b]
      }
      let pooled: tf.Tensor2D = tf.mean(h, [1, 2, 3]); // global average pool: [N, C]
      if (dropoutMask) pooled = tf.mul(pooled, tf.tensor2d(dropoutMask, pooled.shape));
      return tf.reshape(tf.add(tf.matMul(pooled, v("head.kernel") as tf.Tensor2D), v("head.bias")), [-1]);
    });
  }
  return {
    config,
    variables,
    forward,
    pooledChannels,
    getWeights: () =>
      specs(config).map((s) => ({
        name: s.name,
        shape: s.shape,
        trainable: true,
        values: (v(s.name).dataSync() as Float32Array).slice(),
      })),
    dispose: () => variables.forEach((t) => t.dispose()),
  };
}
