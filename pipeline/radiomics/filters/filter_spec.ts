/**
 * The `filter:` section of radiomics settings: one IBSI-2 filter or a list of them, each with a
 * name that prefixes the tags of the features computed on its response map
 * (`log3mm_stat_mean`, `wavelet_ih_entropy`).
 *
 * ```yaml
 * filter:
 *   - {name: mean15, type: mean, support: 15}
 *   - {name: log3mm, type: log, sigma_mm: 3}                       # truncate: 4 (σ)
 *   - {name: laws, type: laws, kernels: E5L5S5, energy_distance: 7, rotation_invariance: max}
 *   - {name: gabor, type: gabor, sigma_mm: 10, lambda_mm: 4, gamma: 0.5, theta_deg: 60,
 *      theta_step_deg: 45, orthogonal_planes: true}                 # rotation_invariance: average
 *   - {name: coif, type: wavelet, wavelet: coif1, path: HHL, level: 1, rotation_invariance: average}
 *   - {name: simon, type: simoncelli, level: 2}
 * # common keys: dimensions 2d | 3d (default 3d), padding constant | nearest | periodic | mirror
 * # (default mirror), rotation_invariance none | max | average (24 right-angle rotations in 3D,
 * # 4 quarter turns in 2D), discretisation {bin_count: 32} (default) or {bin_size: w} for the
 * # intensity histogram of the response map.
 * ```
 *
 * @module
 */
import { z } from "zod";
import type { Padding } from "./_grid.ts";
import { WAVELETS } from "./wavelet_filter.ts";

const Bins = z.union([
  z.strictObject({ bin_size: z.number().positive() }),
  z.strictObject({ bin_count: z.number().int().positive() }),
]);

const common = {
  name: z.string().regex(/^[a-z][a-z0-9]*$/, "lower-case letters and digits, starting with a letter").optional(),
  dimensions: z.enum(["2d", "3d"]).default("3d"),
  padding: z.enum(["constant", "nearest", "periodic", "mirror"]).default("mirror"),
  "rotation_invariance": z.enum(["none", "max", "average"]).default("none"),
  discretisation: Bins.default({ bin_count: 32 }),
};

/** Schema of one filter (snake_case YAML). */
export const FilterSpecSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("mean"), ...common, support: z.number().int().positive() }),
  z.strictObject({
    type: z.literal("log"),
    ...common,
    sigma_mm: z.number().positive(),
    truncate: z.number().positive().default(4),
  }),
  z.strictObject({
    type: z.literal("laws"),
    ...common,
    kernels: z.string().regex(/^([LESWR][35]){2,3}$/, "e.g. E5L5S5 (3D) or L5S5 (2D)"),
    energy_distance: z.number().int().positive().optional(),
  }),
  z.strictObject({
    type: z.literal("gabor"),
    ...common,
    sigma_mm: z.number().positive(),
    lambda_mm: z.number().positive(),
    gamma: z.number().positive(),
    theta_deg: z.number().default(0),
    theta_step_deg: z.number().positive().optional(),
    orthogonal_planes: z.boolean().default(false),
  }),
  z.strictObject({
    type: z.literal("wavelet"),
    ...common,
    wavelet: z.enum(WAVELETS as [string, ...string[]]),
    path: z.string().regex(/^[LH]{2,3}$/, "e.g. LHL (3D) or HL (2D)"),
    level: z.number().int().positive().default(1),
  }),
  z.strictObject({ type: z.literal("simoncelli"), ...common, level: z.number().int().positive().default(1) }),
]);

/** The `filter:` key: one filter or a list. */
export const FiltersSchema = z.union([FilterSpecSchema, z.array(FilterSpecSchema).min(1)]);

/** One validated filter (camelCase). */
export type FilterSpec =
  & {
    readonly name: string;
    readonly dimensions: "2d" | "3d";
    readonly padding: Padding;
    readonly rotationInvariance: "none" | "max" | "average";
    readonly discretisation: { readonly binSize: number } | { readonly binCount: number };
  }
  & (
    | { readonly type: "mean"; readonly support: number }
    | { readonly type: "log"; readonly sigmaMm: number; readonly truncate: number }
    | { readonly type: "laws"; readonly kernels: string; readonly energyDistance?: number }
    | {
      readonly type: "gabor";
      readonly sigmaMm: number;
      readonly lambdaMm: number;
      readonly gamma: number;
      readonly thetaDeg: number;
      readonly thetaStepDeg?: number;
      readonly orthogonalPlanes: boolean;
    }
    | { readonly type: "wavelet"; readonly wavelet: string; readonly path: string; readonly level: number }
    | { readonly type: "simoncelli"; readonly level: number }
  );

/**
 * Turn the parsed `filter:` value into typed filters (names default to the type; duplicates are
 * reported by the caller).
 *
 * @param raw the zod-parsed value
 * @returns filters, in order
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { FiltersSchema, toFilterSpecs } from "./filter_spec.ts";
 * const f = toFilterSpecs(FiltersSchema.parse({ type: "log", sigma_mm: 3 }));
 * assert.equal(f[0]!.name, "log");
 * assert.equal(f[0]!.padding, "mirror");
 * ```
 */
export function toFilterSpecs(raw: z.infer<typeof FiltersSchema>): FilterSpec[] {
  return (Array.isArray(raw) ? raw : [raw]).map((f) => {
    const base = {
      name: f.name ?? f.type,
      dimensions: f.dimensions,
      padding: f.padding,
      rotationInvariance: f.rotation_invariance,
      discretisation: "bin_size" in f.discretisation
        ? { binSize: f.discretisation.bin_size }
        : { binCount: f.discretisation.bin_count },
    };
    switch (f.type) {
      case "mean":
        return { ...base, type: f.type, support: f.support };
      case "log":
        return { ...base, type: f.type, sigmaMm: f.sigma_mm, truncate: f.truncate };
      case "laws":
        return {
          ...base,
          type: f.type,
          kernels: f.kernels,
          ...(f.energy_distance !== undefined ? { energyDistance: f.energy_distance } : {}),
        };
      case "gabor":
        return {
          ...base,
          type: f.type,
          sigmaMm: f.sigma_mm,
          lambdaMm: f.lambda_mm,
          gamma: f.gamma,
          thetaDeg: f.theta_deg,
          ...(f.theta_step_deg !== undefined ? { thetaStepDeg: f.theta_step_deg } : {}),
          orthogonalPlanes: f.orthogonal_planes,
        };
      case "wavelet":
        return { ...base, type: f.type, wavelet: f.wavelet, path: f.path, level: f.level };
      case "simoncelli":
        return { ...base, type: f.type, level: f.level };
    }
  });
}
