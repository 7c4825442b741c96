/**
 * Training and inference of the prognostic CNN ({@linkcode cnn3d}) on a binary endpoint: Adam with the
 * cosine schedule of {@linkcode lrAt}, class-balanced logistic loss (each class weighs half), seeded
 * augmentation (flips per axis and integer shifts, the same for every channel of a patient) and dropout
 * before the logistic unit. No validation split: the CNN is trained inside an evaluation split whose
 * training part is small, for a fixed number of epochs (the spec's), and the last weights are kept.
 *
 * @module
 */
import { tf } from "./_tf.ts";
import { createRng, type Rng } from "../../stats/random.ts";
import { type Progress, silentProgress } from "../progress.ts";
import { adam } from "./_adam.ts";
import { permutation } from "./_dataset.ts";
import { type Cnn, cnn3d, type CnnConfig } from "./cnn3d.ts";
import { lrAt } from "./lr_at.ts";

/** One patient's normalised input channels, each `[D, H, W]` x-fastest. */
export interface CnnSample {
  readonly id: string;
  readonly channels: readonly Float32Array[];
}

/** Options of {@linkcode trainCnn}. */
export interface TrainCnnOptions {
  /** Epochs (passes over the training patients). @default 20 */
  readonly epochs?: number;
  /** Patients per step. @default 4 */
  readonly batchSize?: number;
  /** Peak learning rate. @default 1e-3 */
  readonly learningRate?: number;
  /** Seed of initialisation, order, augmentation and dropout. @default 0 */
  readonly seed?: number;
  /** Random flips per axis. @default true */
  readonly flip?: boolean;
  /** Largest random shift per axis, in voxels (edges repeat). @default 2 */
  readonly maxShift?: number;
  /** Progress sink (one tick per epoch). @default silentProgress */
  readonly progress?: Progress;
}

/** A flipped and shifted copy of every channel of a sample (one draw of the transform for all channels). */
function augmentSample(s: CnnSample, shape: readonly number[], o: { flip: boolean; maxShift: number }, rng: Rng) {
  const [d, h, w] = shape as [number, number, number];
  const flips = [0, 1, 2].map(() => o.flip && rng.uniform() < 0.5);
  const shifts = [0, 1, 2].map(() => rng.int(2 * o.maxShift + 1) - o.maxShift);
  const at = (i: number, n: number, k: number) => {
    const j = Math.min(n - 1, Math.max(0, i - shifts[k]!));
    return flips[k] ? n - 1 - j : j;
  };
  return s.channels.map((c) => {
    const out = new Float32Array(c.length);
    for (let z = 0; z < d; z++) {
      for (let y = 0; y < h; y++) {
        const src = (at(z, d, 0) * h + at(y, h, 1)) * w;
        const dst = (z * h + y) * w;
        for (let x = 0; x < w; x++) out[dst + x] = c[src + at(x, w, 2)]!;
      }
    }
    return out;
  });
}

/** Interleave patients' channels into one NDHWC buffer. */
function toTensor(batch: readonly (readonly Float32Array[])[], shape: readonly number[]): tf.Tensor5D {
  const [d, h, w] = shape as [number, number, number];
  const size = d * h * w;
  const c = batch[0]!.length;
  const data = new Float32Array(batch.length * size * c);
  batch.forEach((chs, n) =>
    chs.forEach((ch, k) => {
      for (let i = 0; i < size; i++) data[(n * size + i) * c + k] = ch[i]!;
    })
  );
  return tf.tensor5d(data, [batch.length, d, h, w, c]);
}

/**
 * Train the CNN on labelled patients.
 *
 * @param samples the training patients (channels of the config's shape)
 * @param labels 0/1 per sample, both classes present
 * @param config the architecture
 * @param options optimisation, augmentation, seed
 * @returns the trained model; the caller disposes it
 * @throws {RangeError} when a sample does not fit the shape or a class is missing
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { predictCnn, trainCnn } from "./train_cnn.ts";
 * const samples = [0, 1, 2, 3].map((i) => ({ id: `P${i}`, channels: [new Float32Array(64).fill(i % 2)] }));
 * const config = { inputShape: [4, 4, 4], channels: 1, blocks: 1, width: 2, dropout: 0 } as const;
 * const net = trainCnn(samples, [0, 1, 0, 1], config, { epochs: 2, batchSize: 2 });
 * assert.equal(predictCnn(net, samples).length, 4);
 * net.dispose();
 * ```
 */
export function trainCnn(
  samples: readonly CnnSample[],
  labels: ArrayLike<number>,
  config: CnnConfig,
  options: TrainCnnOptions = {},
): Cnn {
  const size = config.inputShape.reduce((a, b) => a * b, 1);
  for (const s of samples) {
    if (s.channels.length !== config.channels || s.channels.some((c) => c.length !== size)) {
      throw new RangeError(
        `Cannot train the CNN on patient "${s.id}": expected ${config.channels} channels of ${size} voxels`,
      );
    }
  }
  const nPos = Array.from(labels).filter((v) => v === 1).length;
  const nNeg = Array.from(labels).filter((v) => v === 0).length;
  if (nPos === 0 || nNeg === 0 || nPos + nNeg !== samples.length) {
    throw new RangeError(
      `Cannot train the CNN: need 0/1 labels of both classes, got ${nPos} events and ${nNeg} without`,
    );
  }
  const { epochs = 20, batchSize = 4, learningRate = 1e-3, seed = 0, flip = true, maxShift = 2 } = options;
  const progress = options.progress ?? silentProgress;
  const model = cnn3d(config, { seed });
  const optimiser = adam(model.variables);
  const names = new Map([...model.variables].map(([name, v]) => [v.name, name]));
  const weightOf = (y: number) => (y === 1 ? samples.length / (2 * nPos) : samples.length / (2 * nNeg));
  const steps = Math.ceil(samples.length / batchSize);
  const root = createRng(seed, "cnn");
  progress.start("CNN epochs", epochs);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const rng = root.fork(`epoch-${epoch}`);
    const order = permutation(samples.length, rng);
    for (let b = 0; b < steps; b++) {
      const idx = order.slice(b * batchSize, (b + 1) * batchSize);
      const x = toTensor(
        idx.map((i) => augmentSample(samples[i]!, config.inputShape, { flip, maxShift }, rng)),
        config.inputShape,
      );
      const y = tf.tensor1d(idx.map((i) => labels[i]!));
      const wts = tf.tensor1d(idx.map((i) => weightOf(labels[i]!)));
      const mask = new Float32Array(idx.length * model.pooledChannels);
      for (let k = 0; k < mask.length; k++) mask[k] = rng.uniform() < config.dropout ? 0 : 1 / (1 - config.dropout);
      const { value, grads } = tf.variableGrads(
        () => tf.losses.sigmoidCrossEntropy(y, model.forward(x, mask), wts) as tf.Scalar,
        [...model.variables.values()],
      );
      const named = Object.fromEntries(Object.entries(grads).map(([k, g]) => [names.get(k)!, g]));
      optimiser.update(named, lrAt(optimiser.step, { base: learningRate, totalSteps: epochs * steps }));
      tf.dispose([x, y, wts, value, ...Object.values(grads)]);
    }
    progress.tick(`epoch ${epoch + 1}`);
  }
  optimiser.dispose();
  return model;
}

/**
 * The CNN's event probability for each sample (inference mode, no augmentation).
 *
 * @param model a trained CNN
 * @param samples patients with the model's channels
 * @returns sigmoid probabilities, one per sample
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cnn3d } from "./cnn3d.ts";
 * import { predictCnn } from "./train_cnn.ts";
 * const net = cnn3d({ inputShape: [4, 4, 4], channels: 1, blocks: 1, width: 2, dropout: 0 });
 * const p = predictCnn(net, [{ id: "P1", channels: [new Float32Array(64)] }]);
 * assert.ok(p[0]! > 0 && p[0]! < 1);
 * net.dispose();
 * ```
 */
export function predictCnn(model: Cnn, samples: readonly CnnSample[]): Float64Array {
  const out = new Float64Array(samples.length);
  for (let start = 0; start < samples.length; start += 4) {
    const chunk = samples.slice(start, start + 4);
    const x = toTensor(chunk.map((s) => s.channels), model.config.inputShape);
    const p = tf.tidy(() => tf.sigmoid(model.forward(x)));
    out.set(p.dataSync() as Float32Array, start);
    tf.dispose([x, p]);
  }
  return out;
}
