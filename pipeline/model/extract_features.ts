/**
 * Feature extraction: every patient crop through the ONNX U-Net (onnxruntime), giving the
 * segmentation Dice against the contour and the bottleneck activations as one feature row.
 *
 * @module
 */
import type { OrtUNetSession } from "./ort_session.ts";
import { type IntensityNormalisation, normaliseIntensity } from "./normalise_intensity.ts";
import { hardDice } from "./_dataset.ts";
import { type Progress, silentProgress } from "../progress.ts";
import type { TrainSample } from "./train.ts";

/** Options of {@linkcode extractFeatures}. */
export interface ExtractFeaturesOptions {
  /** The normalisation used in training. @default { kind: "none" } */
  readonly normalisation?: IntensityNormalisation;
  /** Patients per ORT call. @default 4 */
  readonly batchSize?: number;
  /** Probability threshold of the segmentation for the Dice. @default 0.5 */
  readonly threshold?: number;
  /** Progress sink (one tick per patient). @default silentProgress */
  readonly progress?: Progress;
}

/** Features of a cohort: `matrix` is row-major patients × features, row `i` belongs to `ids[i]`. */
export interface ExtractedFeatures {
  readonly ids: readonly string[];
  /** Dice of the thresholded segmentation vs the contour, per patient. */
  readonly dice: Float64Array;
  /** Features per patient (= product of the bottleneck shape). */
  readonly nFeatures: number;
  /** `ids.length × nFeatures`, row-major, columns in the order of `feature_names.ts`. */
  readonly matrix: Float32Array;
}

/**
 * Run patients through a loaded ONNX U-Net and collect Dice and bottleneck features.
 *
 * @param session from `ortSession`
 * @param patients crops `[D, H, W]` (x fastest, raw units) with their 0/1 contour masks
 * @param options normalisation, batch size, threshold, progress
 * @returns ids, Dice and the feature matrix
 * @throws {RangeError} when a crop does not match the model's input shape
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "./unet3d.ts";
 * import { exportOnnx } from "./export_onnx.ts";
 * import { ortSession } from "./ort_session.ts";
 * import { extractFeatures } from "./extract_features.ts";
 * const config = { inputShape: [4, 4, 4], depth: 1, baseChannels: 2, bottleneckChannels: 3, norm: "none", dropout: 0 } as const;
 * const net = unet3d(config);
 * const session = await ortSession(exportOnnx(config, net.getWeights()));
 * net.dispose();
 * const patient = { id: "P1", image: new Float32Array(64), mask: new Uint8Array(64) };
 * const out = await extractFeatures(session, [patient]);
 * assert.equal(out.nFeatures, 24);
 * assert.equal(out.matrix.length, 24);
 * await session.release();
 * ```
 */
export async function extractFeatures(
  session: OrtUNetSession,
  patients: readonly TrainSample[],
  options: ExtractFeaturesOptions = {},
): Promise<ExtractedFeatures> {
  const [D, H, W] = session.config.inputShape;
  const size = D * H * W;
  const f = 2 ** session.config.depth;
  const nFeatures = (D / f) * (H / f) * (W / f) * session.config.bottleneckChannels;
  const batchSize = options.batchSize ?? 4;
  const norm = options.normalisation ?? { kind: "none" };
  const progress = options.progress ?? silentProgress;
  const matrix = new Float32Array(patients.length * nFeatures);
  const dice = new Float64Array(patients.length);
  progress.start("extract", patients.length);
  for (let start = 0; start < patients.length; start += batchSize) {
    const batch = patients.slice(start, start + batchSize);
    const images = new Float32Array(batch.length * size);
    batch.forEach((p, i) => {
      if (p.image.length !== size || p.mask.length !== size) {
        throw new RangeError(
          `Cannot extract features of patient "${p.id}": crop has ${p.image.length} voxels, expected ${size}`,
        );
      }
      images.set(normaliseIntensity(p.image, norm), i * size);
    });
    const out = await session.run(images, batch.length);
    batch.forEach((p, i) => {
      dice[start + i] = hardDice(out.segmentation.subarray(i * size, (i + 1) * size), p.mask, options.threshold ?? 0.5);
      matrix.set(out.bottleneck.subarray(i * nFeatures, (i + 1) * nFeatures), (start + i) * nFeatures);
      progress.tick(p.id);
    });
  }
  return { ids: patients.map((p) => p.id), dice, nFeatures, matrix };
}
