/**
 * U-Net training: a visible loop of epochs over seeded, augmented batches, soft Dice + BCE, Adam
 * with a pure {@linkcode lrAt} schedule, validation on a patient-level split, early stopping and a
 * checkpoint per epoch. Runs on whatever tfjs backend is active (see `backends.ts`).
 *
 * Shape letters: N batch, D/H/W spatial (z, y, x); images are `[D, H, W]` x-fastest arrays.
 *
 * @module
 */
import { tf } from "./_tf.ts";
import { createRng, type Rng } from "../../stats/random.ts";
import { DeepmarkerError } from "../errors.ts";
import { type Progress, silentProgress } from "../progress.ts";
import {
  bottleneckShape,
  defaultUNetConfig,
  type NamedWeight,
  type UNet,
  unet3d,
  type UNetConfig,
  type UNetOutput,
} from "./unet3d.ts";
import { type IntensityNormalisation, normaliseIntensity } from "./normalise_intensity.ts";
import { lrAt } from "./lr_at.ts";
import { type Adam, adam } from "./_adam.ts";
import { augment, hardDice, type Item, permutation, splitPatients, stack } from "./_dataset.ts";
import { loadCheckpoint, saveCheckpoint, type Tensor } from "./_checkpoint.ts";

/** One patient's crop: `image` and `mask` are `[D, H, W]` x-fastest, the mask 0/1. */
export interface TrainSample {
  readonly id: string;
  readonly image: Float32Array;
  readonly mask: Uint8Array;
}

/** What each epoch reports (the lead logs it to tracking). */
export interface EpochLog {
  /** 1-based epoch number. */
  readonly epoch: number;
  readonly trainLoss: number;
  readonly valLoss: number;
  /** Mean over validation patients of the Dice of the thresholded (0.5) prediction. */
  readonly valDice: number;
  /** Learning rate of the epoch's last step. */
  readonly lr: number;
  /** `tf.memory().numTensors` after the epoch: constant across epochs when nothing leaks. */
  readonly numTensors: number;
  readonly durationMs: number;
}

/** Options of {@linkcode trainUNet}. */
export interface TrainUNetOptions {
  /** Architecture; `inputShape` must match the samples. @default defaultUNetConfig */
  readonly config?: Partial<UNetConfig>;
  /** Intensity normalisation applied to every image. @default { kind: "none" } */
  readonly normalisation?: IntensityNormalisation;
  /** Maximum epochs. @default 50 */
  readonly epochs?: number;
  /** Patients per step. @default 2 */
  readonly batchSize?: number;
  /** Peak learning rate (cosine decay over the run, see {@linkcode lrAt}). @default 1e-3 */
  readonly learningRate?: number;
  /** Linear warm-up steps. @default 0 */
  readonly warmupSteps?: number;
  /** Fraction of patients held out for validation (at least one). @default 0.2 */
  readonly valFraction?: number;
  /** Stop after this many epochs without a better validation Dice. @default 10 */
  readonly patience?: number;
  /** Seed of initialisation, split, shuffling, augmentation and dropout. @default 0 */
  readonly seed?: number;
  /** Random flips per axis. @default true */
  readonly flip?: boolean;
  /** Std of the multiplicative intensity jitter. @default 0.1 */
  readonly scaleJitter?: number;
  /** Std of the additive intensity jitter. @default 0.05 */
  readonly shiftJitter?: number;
  /** Folder of the per-epoch checkpoint; an existing one is resumed. @default undefined (none) */
  readonly checkpointDir?: string;
  /** Return after this many epochs in this call, as if killed (tests, time-boxed jobs). @default Infinity */
  readonly stopAfterEpochs?: number;
  /** Called after each epoch (after its checkpoint is written). */
  readonly onEpoch?: (log: EpochLog) => void | Promise<void>;
  /** Progress sink. @default silentProgress */
  readonly progress?: Progress;
  /** Code version recorded in checkpoints. @default "unknown" */
  readonly codeVersion?: string;
}

/** What {@linkcode trainUNet} returns. */
export interface TrainResult {
  /** The model with the best validation weights loaded; the caller disposes it. */
  readonly model: UNet;
  /** Epochs completed in total (including resumed ones). */
  readonly epochs: number;
  /** Epochs run by this call. */
  readonly epochsRun: number;
  /** Epochs already done when this call started (0 for a fresh run). */
  readonly resumedFromEpoch: number;
  readonly bestEpoch: number;
  readonly bestValDice: number;
  /** True when training is over (epochs exhausted or early stop), false when cut by `stopAfterEpochs`. */
  readonly finished: boolean;
  readonly history: readonly EpochLog[];
  readonly trainIds: readonly string[];
  readonly valIds: readonly string[];
  readonly backend: string;
}

function segmentationLoss(logits: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.sigmoid(logits);
    const inter = tf.sum(tf.mul(p, y));
    const dice = tf.sub(1, tf.div(tf.add(tf.mul(inter, 2), 1), tf.add(tf.add(tf.sum(p), tf.sum(y)), 1))); // smoothed by 1
    return tf.add(dice, tf.losses.sigmoidCrossEntropy(y, logits)) as tf.Scalar;
  });
}

/** Validation loss and mean per-patient hard Dice, one patient at a time (read asynchronously: WebGPU has no sync read). */
async function evaluate(model: UNet, items: readonly Item[]): Promise<{ loss: number; dice: number }> {
  const [d, h, w] = model.config.inputShape;
  let loss = 0;
  let dice = 0;
  for (const it of items) {
    const { images, masks } = stack([it]);
    const [l, p] = tf.tidy(() => {
      const out = model.forward(tf.tensor5d(images, [1, d, h, w, 1]));
      return [segmentationLoss(out.logits, tf.tensor5d(masks, [1, d, h, w, 1])), tf.keep(out.segmentation)];
    });
    loss += (await l.data())[0]!;
    dice += hardDice((await p.data()) as Float32Array, it.mask);
    tf.dispose([l, p]);
  }
  return { loss: loss / items.length, dice: dice / items.length };
}

function dropoutMask(n: number, model: UNet, rng: Rng): Float32Array | undefined {
  const rate = model.config.dropout;
  if (rate === 0) return undefined;
  const mask = new Float32Array(n * bottleneckShape(model.config).reduce((a, b) => a * b, 1));
  for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() < rate ? 0 : 1 / (1 - rate);
  return mask;
}

function toTensors(weights: readonly NamedWeight[]): Tensor[] {
  return weights.map((w) => ({ name: w.name, shape: w.shape, values: w.values }));
}

/**
 * Train a 3D U-Net on patient crops and masks.
 *
 * @param samples crops with their contours, all of the config's `inputShape`
 * @param options architecture, optimisation, seed, checkpoint folder and callbacks
 * @returns the best model and the run's history
 * @throws {RangeError} when a sample does not match the input shape or there are fewer than 2 patients
 * @throws {DeepmarkerError} when `checkpointDir` holds a checkpoint of a different run
 *
 * @example Usage
 * ```ts ignore
 * const result = await trainUNet(samples, { config: { inputShape: [48, 96, 96] }, checkpointDir: "out/ckpt" });
 * ```
 */
export async function trainUNet(samples: readonly TrainSample[], options: TrainUNetOptions = {}): Promise<TrainResult> {
  const config: UNetConfig = { ...defaultUNetConfig, ...options.config };
  const [d, h, w] = config.inputShape;
  const size = d * h * w;
  for (const s of samples) {
    if (s.image.length !== size || s.mask.length !== size) {
      throw new RangeError(
        `Cannot train on patient "${s.id}": crop has ${s.image.length} voxels, expected ${size} (${d}×${h}×${w})`,
      );
    }
  }
  const seed = options.seed ?? 0;
  const epochs = options.epochs ?? 50;
  const batchSize = options.batchSize ?? 2;
  const norm = options.normalisation ?? { kind: "none" };
  const items = samples.map((s) => ({ id: s.id, image: normaliseIntensity(s.image, norm), mask: s.mask }));
  if (new Set(items.map((i) => i.id)).size < 2) throw new RangeError("Cannot train a U-Net: need at least 2 patients");
  const root = createRng(seed, "train");
  const split = splitPatients(items.map((i) => i.id), options.valFraction ?? 0.2, root.fork("split"));
  const trainItems = items.filter((i) => split.train.includes(i.id));
  const valItems = items.filter((i) => split.val.includes(i.id));
  const stepsPerEpoch = Math.ceil(trainItems.length / batchSize);
  const schedule = {
    base: options.learningRate ?? 1e-3,
    warmupSteps: options.warmupSteps ?? 0,
    totalSteps: epochs * stepsPerEpoch,
  };
  const backend = tf.getBackend();
  const progress = options.progress ?? silentProgress;

  const model = unet3d(config, { seed });
  const trainable = [...model.variables].filter(([, v]) => v.trainable);
  const optimiser = adam(new Map(trainable));
  let epoch = 0;
  let bestMetric = -Infinity;
  let bestEpoch = 0;
  let finished = false;
  let history: EpochLog[] = [];
  let best: Tensor[] = [];
  const dir = options.checkpointDir;
  const saved = dir === undefined ? null : await loadCheckpoint<EpochLog>(dir);
  if (saved !== null) {
    const m = saved.meta;
    if (
      JSON.stringify(m.config) !== JSON.stringify(config) || m.seed !== seed ||
      m.trainIds.join() !== split.train.join() || m.valIds.join() !== split.val.join()
    ) {
      model.dispose();
      optimiser.dispose();
      throw new DeepmarkerError(
        `Cannot resume training from "${dir}": its checkpoint has another config, seed or patient split\nhint: delete the folder or choose another checkpoint folder`,
      );
    }
    model.setWeights(saved.last.filter((t) => !/^[mv]\//.test(t.name)).map((t) => ({ ...t, trainable: true })));
    optimiser.restore(m.step, new Map(saved.last.filter((t) => /^[mv]\//.test(t.name)).map((t) => [t.name, t.values])));
    ({ epoch, bestMetric, bestEpoch, finished } = m);
    history = [...m.history];
    best = saved.best;
  }
  const resumedFromEpoch = epoch;
  let epochsRun = 0;
  const patience = options.patience ?? 10;
  const stopAfter = options.stopAfterEpochs ?? Infinity;
  progress.start("epochs", epochs - epoch);
  while (!finished && epoch < epochs && epochsRun < stopAfter) {
    const t0 = performance.now();
    const rng = root.fork(`epoch-${epoch}`);
    const order = permutation(trainItems.length, rng);
    let lossSum = 0;
    let lr = 0;
    for (let b = 0; b < stepsPerEpoch; b++) {
      const batch = order.slice(b * batchSize, (b + 1) * batchSize).map((i) =>
        augment(trainItems[i]!, config.inputShape, {
          flip: options.flip ?? true,
          scaleSd: options.scaleJitter ?? 0.1,
          shiftSd: options.shiftJitter ?? 0.05,
        }, rng)
      );
      const { images, masks } = stack(batch);
      lr = lrAt(optimiser.step, schedule);
      lossSum += await trainStep(
        model,
        optimiser,
        images,
        masks,
        batch.length,
        lr,
        dropoutMask(batch.length, model, rng),
      );
    }
    const val = await evaluate(model, valItems);
    epoch++;
    epochsRun++;
    const improved = val.dice > bestMetric;
    if (improved) [bestMetric, bestEpoch, best] = [val.dice, epoch, toTensors(await model.readWeights())];
    finished = epoch - bestEpoch >= patience || epoch >= epochs;
    const log: EpochLog = {
      epoch,
      trainLoss: lossSum / stepsPerEpoch,
      valLoss: val.loss,
      valDice: val.dice,
      lr,
      numTensors: tf.memory().numTensors,
      durationMs: performance.now() - t0,
    };
    history.push(log);
    if (dir !== undefined) {
      const state = await optimiser.state();
      const last = [
        ...toTensors(await model.readWeights()),
        ...[...state.moments].map(([name, values]) => ({ name, shape: [values.length], values })),
      ];
      await saveCheckpoint(
        dir,
        {
          format: 1,
          config,
          seed,
          backend,
          codeVersion: options.codeVersion ?? "unknown",
          epoch,
          step: state.step,
          bestMetric,
          bestEpoch,
          finished,
          trainIds: split.train,
          valIds: split.val,
          history,
        },
        last,
        improved ? best : null,
      );
    }
    progress.tick(`epoch ${epoch}`);
    progress.message(`epoch ${epoch}: loss ${log.trainLoss.toFixed(4)}, val Dice ${val.dice.toFixed(3)}`);
    await options.onEpoch?.(log);
  }
  optimiser.dispose();
  if (best.length > 0) model.setWeights(best.map((t) => ({ ...t, trainable: true })));
  return {
    model,
    epochs: epoch,
    epochsRun,
    resumedFromEpoch,
    bestEpoch,
    bestValDice: bestMetric,
    finished,
    history,
    trainIds: split.train,
    valIds: split.val,
    backend,
  };
}

/** One optimiser step; returns the batch loss. Batch-norm moving statistics follow with momentum 0.9. */
async function trainStep(
  model: UNet,
  optimiser: Adam,
  images: Float32Array,
  masks: Float32Array,
  n: number,
  lr: number,
  mask: Float32Array | undefined,
): Promise<number> {
  const [d, h, w] = model.config.inputShape;
  const names = new Map([...model.variables].map(([name, v]) => [v.name, name]));
  const trainable = [...model.variables.values()].filter((v) => v.trainable);
  let stats: UNetOutput["batchStats"] = new Map();
  const x = tf.tensor5d(images, [n, d, h, w, 1]);
  const y = tf.tensor5d(masks, [n, d, h, w, 1]);
  const { value, grads } = tf.variableGrads(() => {
    const out = model.forward(x, mask === undefined ? { training: true } : { training: true, dropoutMask: mask });
    stats = out.batchStats;
    return segmentationLoss(out.logits, y);
  }, trainable);
  const named = Object.fromEntries(Object.entries(grads).map(([k, g]) => [names.get(k)!, g]));
  optimiser.update(named, lr);
  tf.tidy(() => {
    for (const [layer, s] of stats) {
      const mm = model.variables.get(`${layer}.movingMean`)!;
      const mv = model.variables.get(`${layer}.movingVariance`)!;
      mm.assign(tf.add(tf.mul(mm, 0.9), tf.mul(s.mean, 0.1)));
      mv.assign(tf.add(tf.mul(mv, 0.9), tf.mul(s.variance, 0.1)));
    }
  });
  const loss = (await value.data())[0]!;
  tf.dispose([x, y, value, ...Object.values(grads), ...[...stats.values()].flatMap((s) => [s.mean, s.variance])]);
  return loss;
}
