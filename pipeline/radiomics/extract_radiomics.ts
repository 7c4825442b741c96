/**
 * Extract IBSI radiomics features from an image and ROI mask with given settings.
 *
 * @module
 */
import type { Volume } from "../imaging/volume.ts";
import { discretise } from "./discretise.ts";
import { filterMargin, filterResponse } from "./filters/filter_response.ts";
import { gldzm } from "./gldzm.ts";
import { glcm } from "./glcm.ts";
import { glrlm } from "./glrlm.ts";
import { glszm } from "./glszm.ts";
import { intensityHistogram } from "./intensity_histogram.ts";
import { intensityStatistics } from "./intensity_statistics.ts";
import { intensityVolumeHistogram } from "./intensity_volume_histogram.ts";
import { localIntensity, PEAK_RADIUS_MM } from "./local_intensity.ts";
import { morphology } from "./morphology.ts";
import { ngldm } from "./ngldm.ts";
import { ngtdm } from "./ngtdm.ts";
import { type PreparedRoi, prepareRoi, type RadiomicsFeature } from "./prepare_roi.ts";
import { toPyradiomicsConvention } from "./pyradiomics_convention.ts";
import type { RadiomicsSettings } from "./settings.ts";
import type { GreyVolume } from "./_texture.ts";

export type { RadiomicsFeature } from "./prepare_roi.ts";

/** Feature families, by IBSI tag prefix. */
export type RadiomicsFamily =
  | "diag"
  | "morph"
  | "loc"
  | "stat"
  | "ih"
  | "ivh"
  | "cm"
  | "rlm"
  | "szm"
  | "dzm"
  | "ngt"
  | "ngl"
  | "filter";

/** Every family, in output order. */
export const RADIOMICS_FAMILIES: readonly RadiomicsFamily[] = [
  "diag",
  "morph",
  "loc",
  "stat",
  "ih",
  "ivh",
  "cm",
  "rlm",
  "szm",
  "dzm",
  "ngt",
  "ngl",
  "filter",
];

/** Options of {@linkcode extractRadiomics}. */
export interface ExtractRadiomicsOptions {
  /** Families to compute. @default all of {@linkcode RADIOMICS_FAMILIES} */
  readonly families?: readonly RadiomicsFamily[];
}

/** Crop a prepared ROI to the morphological mask's bounding box plus `margin` voxels. */
function crop(roi: PreparedRoi, margin: readonly number[]): PreparedRoi {
  const [nx, ny, nz] = roi.dims;
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  for (let p = 0; p < roi.morphMask.length; p++) {
    if (!roi.morphMask[p] && !roi.intensityMask[p]) continue;
    const c = [p % nx, Math.floor(p / nx) % ny, Math.floor(p / (nx * ny))];
    for (let a = 0; a < 3; a++) lo[a] = Math.min(lo[a]!, c[a]!), hi[a] = Math.max(hi[a]!, c[a]!);
  }
  for (let a = 0; a < 3; a++) {
    lo[a] = Math.max(0, lo[a]! - margin[a]!), hi[a] = Math.min(roi.dims[a]! - 1, hi[a]! + margin[a]!);
  }
  const d: [number, number, number] = [hi[0]! - lo[0]! + 1, hi[1]! - lo[1]! + 1, hi[2]! - lo[2]! + 1];
  const image = new Float64Array(d[0] * d[1] * d[2]);
  const morphMask = new Uint8Array(image.length);
  const intensityMask = new Uint8Array(image.length);
  for (let k = 0; k < d[2]; k++) {
    for (let j = 0; j < d[1]; j++) {
      for (let i = 0; i < d[0]; i++) {
        const q = i + d[0] * (j + d[1] * k);
        const p = i + lo[0]! + nx * (j + lo[1]! + ny * (k + lo[2]!));
        image[q] = roi.image[p]!, morphMask[q] = roi.morphMask[p]!, intensityMask[q] = roi.intensityMask[p]!;
      }
    }
  }
  return { ...roi, image, morphMask, intensityMask, dims: d };
}

/**
 * Intensity statistics and histogram features of each filter's response map inside the intensity
 * mask (IBSI-2 phase 2), tags prefixed with the filter's name: `log3mm_stat_mean`. The image is
 * cropped to the ROI plus the filter's reach first (the same response inside the ROI, computed on
 * less), except for the Simoncelli wavelet, which needs the whole grid.
 */
function filteredFeatures(full: PreparedRoi, settings: RadiomicsSettings): RadiomicsFeature[] {
  const out: RadiomicsFeature[] = [];
  for (const f of settings.filters) {
    const margin = filterMargin(f, full.spacing);
    const roi = margin ? crop(full, margin) : full;
    const response = filterResponse({ data: roi.image, dims: roi.dims }, roi.spacing, f).data;
    const values: number[] = [];
    for (let p = 0; p < response.length; p++) if (roi.intensityMask[p]) values.push(response[p]!);
    const rows = [...intensityStatistics(values), ...intensityHistogram(discretise(values, f.discretisation))];
    for (const r of rows) out.push({ tag: `${f.name}_${r.tag}`, value: r.value });
  }
  return out;
}

/**
 * Run the IBSI processing chain and compute the requested feature families. Morphology, local
 * intensity, statistics, histograms are volumetric; texture families follow
 * `settings.dimensions` (3D, or 2D and 2.5D); `convention: pyradiomics` renames and adjusts
 * the features PyRadiomics shares (see `toPyradiomicsConvention`); `filter` computes the statistics and histogram
 * families on each of `settings.filters`' response maps (the whole interpolated image is
 * filtered, then the intensity mask applied). Diagnostics rows come first.
 *
 * @param image intensity volume
 * @param mask ROI mask on the same grid
 * @param settings processing settings
 * @param options families to compute
 * @returns `{tag, value}` rows with IBSI tags
 * @throws {DeepmarkerError} on mismatched grids, an empty ROI, or non-integer grey levels
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractRadiomics } from "./extract_radiomics.ts";
 * import { radiomicsSettings } from "./settings.ts";
 * const affine = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
 * const data = new Float32Array(64).map((_, i) => 1 + (i % 3));
 * const image = { data, dims: [4, 4, 4] as const, affine };
 * const mask = { data: new Uint8Array(64).fill(1), dims: [4, 4, 4] as const, affine };
 * const rows = extractRadiomics(image, mask, radiomicsSettings({}), { families: ["stat"] });
 * assert.equal(rows.find((r) => r.tag === "stat_max")?.value, 3);
 * ```
 */
export function extractRadiomics(
  image: Volume,
  mask: Volume,
  settings: RadiomicsSettings,
  options: ExtractRadiomicsOptions = {},
): RadiomicsFeature[] {
  const want = new Set(options.families ?? RADIOMICS_FAMILIES);
  const full = prepareRoi(image, mask, settings);
  const filtered = want.has("filter") ? filteredFeatures(full, settings) : [];
  const roi = crop(full, full.spacing.map((s) => Math.ceil(PEAK_RADIUS_MM / s)));
  const out: RadiomicsFeature[] = want.has("diag") ? [...roi.diagnostics] : [];
  const values: number[] = [];
  for (let p = 0; p < roi.image.length; p++) if (roi.intensityMask[p]) values.push(roi.image[p]!);
  if (want.has("morph")) out.push(...morphology(roi, { convention: settings.convention }));
  if (want.has("loc")) {
    out.push(...localIntensity({ image: roi.image, mask: roi.intensityMask, dims: roi.dims, spacing: roi.spacing }));
  }
  if (want.has("stat")) out.push(...intensityStatistics(values));
  const range = settings.resegmentation.range;
  const lower = range && Number.isFinite(range[0]) ? range[0] : undefined;
  const tex = settings.discretisation.texture;
  const levels = discretise(values, tex, {
    ...(lower === undefined ? {} : { lower }),
    convention: settings.convention,
  });
  if (want.has("ih")) out.push(...intensityHistogram(levels));
  if (want.has("ivh")) {
    const ivh = settings.discretisation.ivh;
    out.push(...intensityVolumeHistogram(values, { ...(ivh ? { bins: ivh } : {}), ...(range ? { range } : {}) }));
  }
  const grid = new Int32Array(roi.image.length);
  let q = 0;
  let ng = 0;
  for (let p = 0; p < grid.length; p++) if (roi.intensityMask[p]) grid[p] = levels[q++]!, ng = Math.max(ng, grid[p]!);
  const g: GreyVolume = {
    levels: grid,
    dims: roi.dims,
    ng: tex && "binCount" in tex ? tex.binCount : ng,
    edgeMask: roi.morphMask,
  };
  const dimensions = settings.dimensions;
  const distance = settings.distance;
  if (want.has("cm")) out.push(...glcm(g, { dimensions, distance }));
  if (want.has("rlm")) out.push(...glrlm(g, { dimensions }));
  if (want.has("szm")) out.push(...glszm(g, { dimensions }));
  if (want.has("dzm")) out.push(...gldzm(g, { dimensions }));
  if (want.has("ngt")) out.push(...ngtdm(g, { dimensions, distance }));
  if (want.has("ngl")) out.push(...ngldm(g, { dimensions, distance }));
  out.push(...filtered);
  if (settings.convention === "pyradiomics") {
    const voxelVolume = roi.spacing[0] * roi.spacing[1] * roi.spacing[2];
    return toPyradiomicsConvention(out, values, voxelVolume, settings.voxelArrayShift);
  }
  return out;
}
