/**
 * Seeing the features of the trained encoder: activation maximisation of bottleneck units
 * (Figure 4a) and saliency of the predicted death probability (plain gradient, gradient × input,
 * guided backpropagation; Figures 4b, 5), written as NIfTI volumes on the crop grid, raw float32
 * for the report's slice slider and PNG montages. {@linkcode visualiseFeatures} is the stage entry.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "../model/unet3d.ts";
 * import { activationMaximisation, compareActivation, logisticHead, saliencyMaps, unitActivations } from "./mod.ts";
 * const unet = unet3d({ inputShape: [4, 4, 4], depth: 1, baseChannels: 1, bottleneckChannels: 2, norm: "none", dropout: 0 });
 * const image = new Float32Array(64).map((_, i) => (i % 7) / 7);
 * const am = activationMaximisation(unet, "C05", { starts: 1, iterations: 2 });
 * const real = unitActivations(unet, [image], { units: ["C05"] }).get("C05")!;
 * assert.ok(compareActivation(am.activations[0]!, real).n === 1);
 * const maps = saliencyMaps({ unet, modality: "ct", head: logisticHead(0, { C05: 1 }) }, image);
 * assert.equal(maps.gradient.length, 64);
 * unet.dispose();
 * ```
 *
 * @module
 */
export * from "./resolve_unit.ts";
export * from "./activation_maximisation.ts";
export * from "./compare_activation.ts";
export * from "./unit_activations.ts";
export * from "./logistic_head.ts";
export * from "./death_probability.ts";
export * from "./guided_relu.ts";
export * from "./saliency_maps.ts";
export * from "./montage_png.ts";
export * from "./select_patients.ts";
export * from "./visualise_features.ts";
export * from "./saliency_concentration.ts";
export * from "./fit_logistic_head.ts";
export * from "./map_similarity.ts";
export * from "./model_randomisation.ts";
export * from "./outcome_randomisation.ts";
export * from "./outcome_signal.ts";
export * from "./deletion_curve.ts";
export * from "./saliency_checks.ts";
