/**
 * The IBSI processing chain up to the masks: interpolation (image and mask), intensity rounding,
 * partial-volume threshold, re-segmentation (range, outlier filter); with the IBSI diagnostic
 * values after each step.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import { sameGrid } from "../imaging/same_grid.ts";
import { spacingOf, type Volume } from "../imaging/volume.ts";
import { resampleAligned } from "./_resample.ts";
import type { RadiomicsSettings } from "./settings.ts";

/** One named value (IBSI tag). */
export interface RadiomicsFeature {
  /** IBSI tag, e.g. `stat_mean`, `cm_joint_max_3D_avg`, `int_mask_vox_count_reseg_roi`. */
  readonly tag: string;
  /** Value (NaN when undefined for this ROI). */
  readonly value: number;
}

/** Image and masks after the processing chain. */
export interface PreparedRoi {
  /** Image on the (interpolated) grid, x fastest. */
  readonly image: Float64Array;
  /** Grid size. */
  readonly dims: readonly [number, number, number];
  /** Voxel spacing (mm). */
  readonly spacing: readonly [number, number, number];
  /** Morphological mask (after interpolation, before re-segmentation). */
  readonly morphMask: Uint8Array;
  /** Intensity mask (after re-segmentation). */
  readonly intensityMask: Uint8Array;
  /** IBSI diagnostic rows (`*_init_img`, `*_interp_img`, `*_init_roi`, `*_interp_roi`, `*_reseg_roi`). */
  readonly diagnostics: readonly RadiomicsFeature[];
}

function imageDiagnostics(data: Float64Array, dims: readonly number[], spacing: readonly number[], s: string) {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < data.length; p++) {
    const v = data[p]!;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [
    ...["x", "y", "z"].map((a, i) => ({ tag: `img_dim_${a}_${s}_img`, value: dims[i]! })),
    ...["x", "y", "z"].map((a, i) => ({ tag: `vox_dim_${a}_${s}_img`, value: spacing[i]! })),
    { tag: `mean_int_${s}_img`, value: sum / data.length },
    { tag: `min_int_${s}_img`, value: min },
    { tag: `max_int_${s}_img`, value: max },
  ];
}

function boxSize(mask: Uint8Array, dims: readonly [number, number, number]): [number, number, number] {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-1, -1, -1];
  const [nx, ny] = dims;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    const x = p % nx;
    const y = Math.floor(p / nx) % ny;
    const z = Math.floor(p / (nx * ny));
    if (x < lo[0]!) lo[0] = x;
    if (x > hi[0]!) hi[0] = x;
    if (y < lo[1]!) lo[1] = y;
    if (y > hi[1]!) hi[1] = y;
    if (z < lo[2]!) lo[2] = z;
    if (z > hi[2]!) hi[2] = z;
  }
  return hi[0]! < 0 ? [0, 0, 0] : [hi[0]! - lo[0]! + 1, hi[1]! - lo[1]! + 1, hi[2]! - lo[2]! + 1];
}

function roiDiagnostics(
  image: Float64Array,
  dims: readonly [number, number, number],
  intensity: Uint8Array,
  morph: Uint8Array,
  s: string,
): RadiomicsFeature[] {
  let n = 0;
  let m = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < image.length; p++) {
    if (morph[p]) m++;
    if (!intensity[p]) continue;
    const v = image[p]!;
    n++, sum += v, min = Math.min(min, v), max = Math.max(max, v);
  }
  const ib = boxSize(intensity, dims);
  const mb = boxSize(morph, dims);
  const ax = ["x", "y", "z"];
  return [
    ...ax.map((a, i) => ({ tag: `int_mask_dim_${a}_${s}_roi`, value: dims[i]! })),
    ...ax.map((a, i) => ({ tag: `int_mask_bb_dim_${a}_${s}_roi`, value: ib[i]! })),
    ...ax.map((a, i) => ({ tag: `morph_mask_bb_dim_${a}_${s}_roi`, value: mb[i]! })),
    { tag: `int_mask_vox_count_${s}_roi`, value: n },
    { tag: `morph_mask_vox_count_${s}_roi`, value: m },
    { tag: `int_mask_mean_int_${s}_roi`, value: n ? sum / n : NaN },
    { tag: `int_mask_min_int_${s}_roi`, value: n ? min : NaN },
    { tag: `int_mask_max_int_${s}_roi`, value: n ? max : NaN },
  ];
}

/**
 * Run the processing chain on an image and its ROI mask (same grid: same size and affine).
 *
 * @param image intensity volume (HU, SUV, …)
 * @param mask ROI mask on the same grid, non-zero = inside
 * @param settings processing settings (interpolation, re-segmentation)
 * @returns the image and masks ready for feature computation, with diagnostics
 * @throws {DeepmarkerError} when the grids differ (in size or affine) or the ROI is empty
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareRoi } from "./prepare_roi.ts";
 * import { radiomicsSettings } from "./settings.ts";
 * const affine = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
 * const image = { data: new Float32Array([0, 100, 200, 900]), dims: [4, 1, 1] as const, affine };
 * const mask = { data: new Uint8Array([1, 1, 1, 1]), dims: [4, 1, 1] as const, affine };
 * const roi = prepareRoi(image, mask, radiomicsSettings({ resegmentation: { range: [0, 500] } }));
 * assert.deepEqual([...roi.intensityMask], [1, 1, 1, 0]);
 * ```
 */
export function prepareRoi(image: Volume, mask: Volume, settings: RadiomicsSettings): PreparedRoi {
  if (!sameGrid(image, mask)) { // the same size with another affine is another grid: never matched by index
    const size = mask.dims.some((d, i) => d !== image.dims[i]) ? "size" : "affine";
    throw new DeepmarkerError(
      `Cannot compute radiomics: the mask grid (${mask.dims.join("×")}) is not the image grid ` +
        `(${image.dims.join("×")}): their ${size} differs\nhint: bring the mask onto the image grid with alignMask()`,
    );
  }
  let dims: [number, number, number] = [image.dims[0], image.dims[1], image.dims[2]];
  const spacing0 = spacingOf(image);
  let spacing: [number, number, number] = [...spacing0];
  let img: Float64Array = new Float64Array(image.data.length);
  let maskF: Float64Array = new Float64Array(mask.data.length);
  for (let p = 0; p < img.length; p++) img[p] = image.data[p]!, maskF[p] = mask.data[p] ? 1 : 0;
  const diagnostics: RadiomicsFeature[] = imageDiagnostics(img, dims, spacing, "init");
  const mask0 = new Uint8Array(maskF.length);
  for (let p = 0; p < maskF.length; p++) mask0[p] = maskF[p]!;
  diagnostics.push(...roiDiagnostics(img, dims, mask0, mask0, "init"));
  const interp = settings.interpolation;
  if (interp) {
    const s = interp.spacingMm;
    const target: [number, number, number] = [s[0]!, s[1] ?? s[0]!, s[2] ?? spacing[2]];
    if (settings.dimensions === "2d") target[2] = spacing[2];
    const r = resampleAligned(img, dims, spacing, target, interp.image);
    img = r.data;
    if (interp.roundIntensities) { for (let p = 0; p < img.length; p++) img[p] = Math.round(img[p]!); }
    maskF = resampleAligned(maskF, dims, spacing, target, interp.mask).data;
    dims = r.dims, spacing = target;
  }
  const threshold = interp?.maskThreshold ?? 0.5;
  const morph = new Uint8Array(maskF.length);
  for (let p = 0; p < maskF.length; p++) morph[p] = Math.round(maskF[p]! * 1e6) / 1e6 >= threshold ? 1 : 0;
  diagnostics.push(...imageDiagnostics(img, dims, spacing, "interp"));
  diagnostics.push(...roiDiagnostics(img, dims, morph, morph, "interp"));
  const intensity = resegment(img, morph, settings.resegmentation);
  diagnostics.push(...roiDiagnostics(img, dims, intensity, morph, "reseg"));
  if (!intensity.some((v) => v)) throw new DeepmarkerError("Cannot compute radiomics: the ROI is empty");
  return { image: img, dims, spacing, morphMask: morph, intensityMask: intensity, diagnostics };
}

function resegment(img: Float64Array, morph: Uint8Array, r: RadiomicsSettings["resegmentation"]): Uint8Array {
  const out = Uint8Array.from(morph);
  if (r.range) {
    const [lo, hi] = r.range;
    for (let p = 0; p < out.length; p++) if (out[p] && !(img[p]! >= lo && img[p]! <= hi)) out[p] = 0;
  }
  if (r.outlierSigma !== undefined) {
    let n = 0;
    let s = 0;
    let s2 = 0;
    for (let p = 0; p < out.length; p++) if (out[p]) n++, s += img[p]!;
    const mean = s / n;
    for (let p = 0; p < out.length; p++) if (out[p]) s2 += (img[p]! - mean) ** 2;
    const sd = Math.sqrt(s2 / n);
    const k = r.outlierSigma;
    for (let p = 0; p < out.length; p++) {
      if (out[p] && Math.abs(img[p]! - mean) > k * sd) out[p] = 0;
    }
  }
  return out;
}
