/**
 * Classic PET markers and IBSI-compliant radiomics: processing chain (interpolation on a
 * centre-aligned grid, partial-volume mask threshold, re-segmentation, discretisation) and the
 * feature families morphology, local intensity, statistics, intensity histogram, IVH, GLCM,
 * GLRLM, GLSZM, GLDZM, NGTDM, NGLDM with IBSI tags; baseline manifests; the CLI extractor.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractRadiomics, petMarkers, radiomicsSettings } from "./mod.ts";
 * const affine = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
 * const image = { data: new Float32Array(64).map((_, i) => 1 + (i % 4)), dims: [4, 4, 4] as const, affine };
 * const mask = { data: new Uint8Array(64).fill(1), dims: [4, 4, 4] as const, affine };
 * const rows = extractRadiomics(image, mask, radiomicsSettings({ dimensions: "3d" }));
 * assert.ok(rows.some((r) => r.tag === "cm_joint_max_3D_avg"));
 * assert.equal(petMarkers(image, mask).suvMax, 4);
 * ```
 *
 * @module
 */
export * from "./compute_baseline.ts";
export * from "./discretise.ts";
export * from "./extract_radiomics.ts";
export * from "./filters/mod.ts";
export * from "./glcm.ts";
export * from "./gldzm.ts";
export * from "./glrlm.ts";
export * from "./glszm.ts";
export * from "./grey_volume.ts";
export * from "./intensity_histogram.ts";
export * from "./intensity_statistics.ts";
export * from "./intensity_volume_histogram.ts";
export * from "./local_intensity.ts";
export * from "./manifest.ts";
export * from "./morphology.ts";
export * from "./ngldm.ts";
export * from "./ngtdm.ts";
export * from "./pet_markers.ts";
export * from "./prepare_roi.ts";
export * from "./pyradiomics_convention.ts";
export * from "./pyradiomics_names.ts";
export * from "./run_radiomics_cli.ts";
export * from "./settings.ts";
export * from "./write_features_csv.ts";
