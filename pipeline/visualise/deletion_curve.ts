/**
 * Faithfulness of a saliency map by deletion (Petsiuk et al. 2018, "RISE"; Samek et al. 2017): the
 * voxels the map ranks highest (by |value|) are set to the crop's background value in steps and the
 * predicted P(death) is recorded; the same with voxels in random order (seeded draws). A map that points
 * at what the model uses moves the prediction sooner than random deletion.
 *
 * @module
 */
import { createRng } from "../../stats/random.ts";
import { deathProbability, type RiskModel } from "./death_probability.ts";

/** Options of {@linkcode deletionCurves}. */
export interface DeletionCurveOptions {
  /** Deletion steps after the intact image. @default 10 */
  readonly steps?: number;
  /** Fraction of the voxels deleted at the last step. @default 0.25 */
  readonly maxFraction?: number;
  /** Random-order draws to compare with. @default 4 */
  readonly draws?: number;
  /** Seed of the random orders. @default 0 */
  readonly seed?: number;
  /** Value a deleted voxel gets. @default the image's median (the crop's background tissue) */
  readonly background?: number;
  /** Values of the head's terms not computed from this image. @default none */
  readonly fixedFeatures?: ReadonlyMap<string, number>;
}

/** What {@linkcode deletionCurves} returns: P(death) after each step; index 0 is the intact image. */
export interface DeletionCurves {
  /** Fraction of the voxels deleted at each point (0 first). */
  readonly fractions: readonly number[];
  /** The curve of each map, by the name it was given. */
  readonly maps: Readonly<Record<string, readonly number[]>>;
  /** One curve per random draw. */
  readonly random: readonly (readonly number[])[];
}

function median(values: Float32Array): number {
  const s = Float32Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function curve(
  model: RiskModel,
  image: Float32Array,
  order: ArrayLike<number>,
  counts: readonly number[],
  background: number,
  fixed: ReadonlyMap<string, number> | undefined,
): number[] {
  const images = counts.map((c) => {
    const x = image.slice();
    for (let t = 0; t < c; t++) x[order[t]!] = background;
    return x;
  });
  return [...deathProbability(model, images, fixed ? { fixedFeatures: images.map(() => fixed) } : {})];
}

/**
 * Deletion curves of several maps of one image, and of random deletion orders.
 *
 * @param model encoder, modality and logistic head
 * @param image the normalised crop (x fastest)
 * @param maps saliency maps of `image`, by name (ranked by |value|, ties by voxel index)
 * @param options steps, last fraction, random draws, seed, background value, fixed terms
 * @returns the deletion fractions and P(death) along each curve
 * @throws {RangeError} when a map's length differs from the image's
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "../model/unet3d.ts";
 * import { deletionCurves } from "./deletion_curve.ts";
 * import { logisticHead } from "./logistic_head.ts";
 * const unet = unet3d({ inputShape: [4, 4, 4], depth: 1, baseChannels: 1, bottleneckChannels: 2, norm: "none", dropout: 0 });
 * const image = Float32Array.from({ length: 64 }, (_, i) => (i % 5) / 5);
 * const c = deletionCurves({ unet, modality: "ct", head: logisticHead(0, { C00001: 1 }) }, image, { m: image }, { steps: 2, draws: 1 });
 * assert.deepEqual(c.fractions, [0, 0.125, 0.25]);
 * assert.equal(c.maps.m!.length, 3);
 * unet.dispose();
 * ```
 */
export function deletionCurves(
  model: RiskModel,
  image: Float32Array,
  maps: Readonly<Record<string, ArrayLike<number>>>,
  options: DeletionCurveOptions = {},
): DeletionCurves {
  const { steps = 10, maxFraction = 0.25, draws = 4, seed = 0 } = options;
  const n = image.length;
  const background = options.background ?? median(image);
  const counts = Array.from({ length: steps + 1 }, (_, k) => Math.round((n * maxFraction * k) / steps));
  const out: Record<string, number[]> = {};
  for (const [name, map] of Object.entries(maps)) {
    if (map.length !== n) {
      throw new RangeError(`Cannot draw the deletion curve of "${name}": ${map.length} values for ${n} voxels`);
    }
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      Math.abs(map[b]!) - Math.abs(map[a]!) || a - b
    );
    out[name] = curve(model, image, order, counts, background, options.fixedFeatures);
  }
  const random = Array.from({ length: draws }, (_, d) => {
    const rng = createRng(seed, `visualise/deletion/${d}`);
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const r = rng.int(i + 1);
      [order[i], order[r]] = [order[r]!, order[i]!];
    }
    return curve(model, image, order, counts, background, options.fixedFeatures);
  });
  return { fractions: counts.map((c) => c / n), maps: out, random };
}
