/**
 * Saliency of a patient's predicted death probability with respect to the input voxels: the plain
 * gradient ∂P/∂x (Simonyan et al. 2014), gradient × input (Shrikumar et al. 2016) and guided
 * backpropagation (Springenberg et al. 2015) through the logistic head and the encoder.
 *
 * None of the three passes issue 8's sanity check on the synthetic cohort with a known driver in every
 * configuration tried (`tests/e2e/saliency_driver_test.ts`): guided backprop and gradient × input concentrate on
 * the vessel tubes whether or not they drive survival (as Adebayo et al. 2018, "Sanity checks for saliency maps",
 * found for guided backprop), and the plain gradient's positive part barely concentrates on the true driver.
 *
 * @module
 */
import { tf } from "./_tf.ts";
import type { RiskModel } from "./death_probability.ts";
import { withGuidedRelu } from "./guided_relu.ts";
import { headLogit } from "./_head_logit.ts";
import { batchTensor } from "./_unit_activation.ts";

/** Options of {@linkcode saliencyMaps}. */
export interface SaliencyMapsOptions {
  /** Values of the head's terms not computed from this image (other modality, covariates). @default none */
  readonly fixedFeatures?: ReadonlyMap<string, number>;
  /**
   * Factor applied to every gradient, e.g. the derivative of the intensity normalisation
   * (`1 / (hi − lo)` for a CT window) to express ∂P/∂HU instead of ∂P per normalised unit.
   * @default 1
   */
  readonly gradientScale?: number;
  /**
   * What is differentiated: P(death), or its logit (the same maps up to the positive factor P(1 − P) of one
   * patient, but without float32 underflow when P saturates, e.g. under a randomised encoder).
   * @default "probability"
   */
  readonly of?: "probability" | "logit";
}

/** Saliency maps of one patient, each in the crop layout (x fastest). */
export interface SaliencyMaps {
  /** Predicted P(death). */
  readonly probability: number;
  /** ∂P/∂x. */
  readonly gradient: Float32Array;
  /** ∂P/∂x · x (x the normalised input). */
  readonly gradientTimesInput: Float32Array;
  /** ∂P/∂x by guided backpropagation (ReLUs pass only positive gradients where their input was positive). */
  readonly guided: Float32Array;
}

/** The three maps, by their field in {@linkcode SaliencyMaps}, with the names the report and the checks use. */
export const SALIENCY_METHODS = [
  { key: "gradient", label: "plain gradient", formula: "∂P/∂x" },
  { key: "gradientTimesInput", label: "gradient × input", formula: "∂P/∂x · x" },
  { key: "guided", label: "guided backpropagation", formula: "guided ∂P/∂x" },
] as const;

/** One of the saliency methods (a field of {@linkcode SaliencyMaps}). */
export type SaliencyMethod = typeof SALIENCY_METHODS[number]["key"];

/**
 * Compute the plain, gradient × input and guided-backpropagation saliency of P(death) for one image.
 *
 * @param model encoder, modality and logistic head
 * @param image the normalised crop (the model's `[D, H, W]`, x fastest)
 * @param options fixed terms and gradient scale
 * @returns probability and the three maps
 * @throws {RangeError} when a head term is neither a unit of the model's modality nor fixed
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "../model/unet3d.ts";
 * import { logisticHead } from "./logistic_head.ts";
 * import { saliencyMaps } from "./saliency_maps.ts";
 * const unet = unet3d({ inputShape: [4, 4, 4], depth: 1, baseChannels: 1, bottleneckChannels: 2, norm: "none", dropout: 0 });
 * const maps = saliencyMaps({ unet, modality: "ct", head: logisticHead(0, { C00001: 1 }) }, new Float32Array(64).fill(1));
 * assert.equal(maps.guided.length, 64);
 * unet.dispose();
 * ```
 */
export function saliencyMaps(model: RiskModel, image: Float32Array, options: SaliencyMapsOptions = {}): SaliencyMaps {
  const scale = options.gradientScale ?? 1;
  let probability = NaN;
  const p = (x: tf.Tensor) => {
    const logit = headLogit(model, x as tf.Tensor5D, options.fixedFeatures);
    const prob = tf.sigmoid(logit);
    probability = prob.dataSync()[0]!;
    return tf.sum(options.of === "logit" ? logit : prob) as tf.Scalar;
  };
  const gradientOf = () =>
    tf.tidy(() => {
      const g = tf.grad(p)(batchTensor(model.unet, image, 1)).dataSync() as Float32Array;
      return scale === 1 ? g : g.map((v) => v * scale);
    });
  const gradient = gradientOf();
  const guided = withGuidedRelu(gradientOf);
  return { probability, gradient, gradientTimesInput: gradient.map((g, i) => g * image[i]!), guided };
}
