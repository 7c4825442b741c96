/**
 * Activation maximisation (Erhan et al. 2009; regularised as in Yosinski et al. 2015,
 * "Understanding neural networks through deep visualization"): gradient ascent on the input crop
 * for one bottleneck unit, from several seeded random starts, with L2 decay, jitter by random
 * circular roll, periodic Gaussian blur and an optional squared-difference (high-frequency)
 * penalty. A start whose gradient has been exactly zero so far (the unit off after its ReLU) is drawn again.
 *
 * @module
 */
import { tf } from "./_tf.ts";
import { createRng, type Rng } from "../../stats/random.ts";
import type { Modality } from "../model/feature_names.ts";
import type { UNet } from "../model/unet3d.ts";
import { type Progress, silentProgress } from "../progress.ts";
import { type BottleneckUnit, resolveUnit } from "./resolve_unit.ts";
import { batchTensor, unitActivation } from "./_unit_activation.ts";
import { gaussianBlur, roll } from "./_volume_ops.ts";

/** Options of {@linkcode activationMaximisation}. */
export interface ActivationMaximisationOptions {
  /** Modality of the model (names the unit, refuses a name of the other modality). @default "ct" */
  readonly modality?: Modality;
  /** Random starts, optimised together as one batch. @default 4 */
  readonly starts?: number;
  /** Gradient-ascent steps. @default 100 */
  readonly iterations?: number;
  /** Step in input units: each step moves by `stepSize · g / rms(g)`. @default 0.05 */
  readonly stepSize?: number;
  /** L2 decay: after each step the input is multiplied by `1 − l2Decay`. @default 0.01 */
  readonly l2Decay?: number;
  /** Jitter: before each gradient the input is rolled by up to this many voxels per axis. @default 1 */
  readonly jitter?: number;
  /** Blur the input every this many steps (0: never). @default 4 */
  readonly blurEvery?: number;
  /** Standard deviation (voxels) of that blur. @default 0.5 */
  readonly blurSigma?: number;
  /** Weight of the mean squared neighbour difference subtracted from the objective (0: off). @default 0 */
  readonly smoothnessWeight?: number;
  /** Mean of the random starts. @default 0 */
  readonly initMean?: number;
  /** Standard deviation of the random starts. @default 0.1 */
  readonly initScale?: number;
  /** Clip the input to `[lo, hi]` after each step (e.g. `[0, 1]` for a windowed CT). @default undefined (no clip) */
  readonly valueRange?: readonly [number, number];
  /** Seed of the starts and the jitter. @default 0 */
  readonly seed?: number;
  /** Progress sink (one tick per step). @default silentProgress */
  readonly progress?: Progress;
}

/** Result of {@linkcode activationMaximisation}. */
export interface ActivationMaximisationResult {
  readonly unit: BottleneckUnit;
  /** `[D, H, W]` of each input (the crop layout, x fastest). */
  readonly shape: readonly [number, number, number];
  /** Optimised input of each start. */
  readonly inputs: readonly Float32Array[];
  /** Activation reached by each start (no jitter). */
  readonly activations: readonly number[];
  /** Activation of each random start before optimisation. */
  readonly initialActivations: readonly number[];
  /** Activation (of the jittered input) at every step, per start. */
  readonly history: readonly (readonly number[])[];
  /** Index of the start with the highest final activation. */
  readonly best: number;
}

function activations(unet: UNet, data: Float32Array, n: number, index: number): number[] {
  return tf.tidy(() => [...unitActivation(unet, batchTensor(unet, data, n), index).dataSync()]);
}

/** Mean squared difference between neighbours along z, y and x of `[N, D, H, W, 1]`. */
function roughness(x: tf.Tensor5D): tf.Scalar {
  const [n, d, h, w] = x.shape;
  const diff = (begin: number[], size: number[], begin2: number[]) =>
    tf.mean(tf.square(tf.sub(tf.slice(x, begin2, size), tf.slice(x, begin, size))));
  return tf.addN([
    diff([0, 0, 0, 0, 0], [n, d - 1, h, w, 1], [0, 1, 0, 0, 0]),
    diff([0, 0, 0, 0, 0], [n, d, h - 1, w, 1], [0, 0, 1, 0, 0]),
    diff([0, 0, 0, 0, 0], [n, d, h, w - 1, 1], [0, 0, 0, 1, 0]),
  ]) as tf.Scalar;
}

/** One jittered gradient step of every start, in place; returns the activations before it. */
function step(
  unet: UNet,
  xs: Float32Array[],
  rngs: Rng[],
  alive: boolean[],
  index: number,
  o: Required<Omit<ActivationMaximisationOptions, "valueRange" | "modality" | "progress">>,
): number[] {
  const shape = unet.config.inputShape;
  const voxels = xs[0]!.length;
  const shifts = rngs.map((r) => [0, 0, 0].map(() => r.int(2 * o.jitter + 1) - o.jitter) as [number, number, number]);
  const batch = new Float32Array(xs.length * voxels);
  xs.forEach((x, s) => batch.set(roll(x, shape, shifts[s]!), s * voxels));
  const { values, grads } = tf.tidy(() => {
    const objective = (x: tf.Tensor) => {
      const a = unitActivation(unet, x as tf.Tensor5D, index);
      const kept = tf.keep(tf.clone(a));
      const total = tf.sum(a);
      const penalty = o.smoothnessWeight > 0
        ? tf.mul(roughness(x as tf.Tensor5D), o.smoothnessWeight * xs.length)
        : undefined;
      return { kept, loss: (penalty ? tf.sub(total, penalty) : total) as tf.Scalar };
    };
    let kept: tf.Tensor | undefined;
    const g = tf.grad((x: tf.Tensor) => {
      const r = objective(x);
      kept = r.kept;
      return r.loss;
    })(batchTensor(unet, batch, xs.length));
    const values = [...kept!.dataSync()];
    kept!.dispose();
    return { values, grads: g.dataSync() as Float32Array };
  });
  xs.forEach((x, s) => {
    const g = roll(
      grads.subarray(s * voxels, (s + 1) * voxels),
      shape,
      shifts[s]!.map((v) => -v) as [number, number, number],
    );
    let ss = 0;
    for (let i = 0; i < voxels; i++) ss += g[i]! * g[i]!;
    if (ss === 0 && !alive[s]) { // a dead start (unit never on so far): draw it again
      for (let i = 0; i < voxels; i++) x[i] = o.initMean + o.initScale * rngs[s]!.normal();
      return;
    }
    if (ss === 0) return;
    alive[s] = true;
    const scale = o.stepSize / Math.sqrt(ss / voxels);
    for (let i = 0; i < voxels; i++) x[i] = (x[i]! + scale * g[i]!) * (1 - o.l2Decay);
  });
  return values;
}

/**
 * Find inputs that maximise one bottleneck unit by regularised gradient ascent from seeded random
 * starts.
 *
 * @param unet the trained U-Net (weights are not changed)
 * @param unit feature name (`"C16704"`) or flattened bottleneck index
 * @param options starts, steps, regularisers, seed, progress
 * @returns the optimised inputs and the activations they reach
 * @throws {RangeError} when the unit is outside the bottleneck or an option is out of range
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "../model/unet3d.ts";
 * import { activationMaximisation } from "./activation_maximisation.ts";
 * const net = unet3d({ inputShape: [4, 4, 4], depth: 1, baseChannels: 1, bottleneckChannels: 2, norm: "none", dropout: 0 });
 * const am = activationMaximisation(net, "C00005", { starts: 1, iterations: 3 });
 * assert.equal(am.inputs[0]!.length, 64);
 * net.dispose();
 * ```
 */
export function activationMaximisation(
  unet: UNet,
  unit: string | number,
  options: ActivationMaximisationOptions = {},
): ActivationMaximisationResult {
  const resolved = resolveUnit(unet.config, unit, { modality: options.modality ?? "ct" });
  const o = {
    starts: options.starts ?? 4,
    iterations: options.iterations ?? 100,
    stepSize: options.stepSize ?? 0.05,
    l2Decay: options.l2Decay ?? 0.01,
    jitter: options.jitter ?? 1,
    blurEvery: options.blurEvery ?? 4,
    blurSigma: options.blurSigma ?? 0.5,
    smoothnessWeight: options.smoothnessWeight ?? 0,
    initMean: options.initMean ?? 0,
    initScale: options.initScale ?? 0.1,
    seed: options.seed ?? 0,
  };
  if (!Number.isInteger(o.starts) || o.starts < 1) {
    throw new RangeError(`Cannot maximise "${resolved.name}": starts must be ≥ 1, got "${o.starts}"`);
  }
  if (!Number.isInteger(o.jitter) || o.jitter < 0) {
    throw new RangeError(`Cannot maximise "${resolved.name}": jitter must be an integer ≥ 0, got "${o.jitter}"`);
  }
  const shape = unet.config.inputShape;
  const voxels = shape[0] * shape[1] * shape[2];
  const root = createRng(o.seed, `activation-maximisation/${resolved.name}`);
  const rngs = Array.from({ length: o.starts }, (_, s) => root.fork(`start${s}`));
  const xs: Float32Array[] = rngs.map((r) =>
    Float32Array.from({ length: voxels }, () => o.initMean + o.initScale * r.normal())
  );
  const joined = (arrays: Float32Array[]) => {
    const all = new Float32Array(arrays.length * voxels);
    arrays.forEach((a, s) => all.set(a, s * voxels));
    return all;
  };
  const initialActivations = activations(unet, joined(xs), o.starts, resolved.index);
  const history: number[][] = xs.map(() => []);
  const alive = xs.map(() => false);
  const progress = options.progress ?? silentProgress;
  progress.start(`activation maximisation ${resolved.name}`, o.iterations);
  for (let t = 0; t < o.iterations; t++) {
    step(unet, xs, rngs, alive, resolved.index, o).forEach((v, s) => history[s]!.push(v));
    for (let s = 0; s < xs.length; s++) {
      if (o.blurEvery > 0 && (t + 1) % o.blurEvery === 0) xs[s] = gaussianBlur(xs[s]!, shape, o.blurSigma);
      if (options.valueRange) {
        const [lo, hi] = options.valueRange;
        const x = xs[s]!;
        for (let i = 0; i < voxels; i++) x[i] = Math.min(hi, Math.max(lo, x[i]!));
      }
    }
    progress.tick(`step ${t + 1}`);
  }
  const final = activations(unet, joined(xs), o.starts, resolved.index);
  const best = final.reduce((b, v, s) => (v > final[b]! ? s : b), 0);
  return { unit: resolved, shape, inputs: xs, activations: final, initialActivations, history, best };
}
