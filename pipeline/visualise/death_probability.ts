/**
 * P(death) of patients from their crops: the encoder's bottleneck features into the logistic head.
 *
 * @module
 */
import { tf } from "./_tf.ts";
import type { Modality } from "../model/feature_names.ts";
import type { UNet } from "../model/unet3d.ts";
import type { LogisticHead } from "./logistic_head.ts";
import { headLogit } from "./_head_logit.ts";
import { batchTensor } from "./_unit_activation.ts";

/** What turns an image into a death probability: the encoder, its modality and the logistic head. */
export interface RiskModel {
  readonly unet: UNet;
  /** Modality of the U-Net's input; the head's terms that are units of this modality come from the image. */
  readonly modality: Modality;
  readonly head: LogisticHead;
}

/** Options of {@linkcode deathProbability}. */
export interface DeathProbabilityOptions {
  /**
   * Values of the head's other terms (other modality's features, covariates), one map per image;
   * a term given here overrides the image's own unit.
   * @default no fixed terms
   */
  readonly fixedFeatures?: readonly ReadonlyMap<string, number>[];
}

/**
 * Predicted P(death) of each image (normalised network inputs of the model's shape, x fastest).
 *
 * @param model encoder, modality and logistic head
 * @param images one normalised crop per patient
 * @param options values of the terms not computed from the image
 * @returns the probabilities, one per image
 * @throws {RangeError} when a head term is neither a unit of the model's modality nor fixed
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "../model/unet3d.ts";
 * import { deathProbability } from "./death_probability.ts";
 * import { logisticHead } from "./logistic_head.ts";
 * const unet = unet3d({ inputShape: [4, 4, 4], depth: 1, baseChannels: 1, bottleneckChannels: 2, norm: "none", dropout: 0 });
 * const head = logisticHead(0, { age: 0.05 });
 * const [p] = deathProbability({ unet, modality: "ct", head }, [new Float32Array(64)], { fixedFeatures: [new Map([["age", 20]])] });
 * assert.ok(Math.abs(p! - 1 / (1 + Math.exp(-1))) < 1e-6);
 * unet.dispose();
 * ```
 */
export function deathProbability(
  model: RiskModel,
  images: readonly Float32Array[],
  options: DeathProbabilityOptions = {},
): Float64Array {
  return Float64Array.from(
    images,
    (image, i) =>
      tf.tidy(() =>
        tf.sigmoid(headLogit(model, batchTensor(model.unet, image, 1), options.fixedFeatures?.[i])).dataSync()[0]!
      ),
  );
}
