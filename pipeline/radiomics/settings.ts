/**
 * Radiomics settings: the IBSI processing parameters of one extraction, read from YAML (keys
 * portable between versions, snake_case) into a plain typed object (camelCase).
 *
 * ```yaml
 * dimensions: 3d                 # 2d | 3d
 * interpolation:                 # omitted = none
 *   spacing_mm: [2, 2, 2]        # 2d: the z spacing is kept (in-plane only)
 *   image: linear                # nearest | linear | cubic
 *   round_intensities: true
 *   mask: linear                 # nearest | linear
 *   mask_threshold: 0.5
 * resegmentation:                # each optional
 *   range: [-1000, 400]          # .inf / -.inf for an open end
 *   outlier_sigma: 3
 * discretisation:
 *   texture: {bin_size: 25}      # or {bin_count: 32}; omitted = intensities are grey levels
 *   ivh: {bin_size: 2.5}         # or {bin_count: 1000}; omitted = discrete intensities
 * distance: 1
 * convention: ibsi               # ibsi | pyradiomics (bin edges, energy shift, kurtosis, names)
 * voxel_array_shift: 0           # pyradiomics: added to intensities for Energy, TotalEnergy, RMS
 * filter:                        # IBSI-2 filters, see filters/filter_spec.ts; omitted = none
 *   - {name: log3mm, type: log, sigma_mm: 3}
 * input:                         # how image and mask files are related (each optional)
 *   volume: 0                    # which volume of a 4D image (0-based); omitted = a 4D image is refused
 *   mask_resampling: nearest     # a mask on another grid: nearest | partial_volume
 *   min_mask_overlap: 0.9        # fraction of the ROI that must lie inside the image
 * ```
 *
 * A misspelt key is named with its path and the closest valid key.
 *
 * @module
 */
import { parse } from "yaml";
import { z } from "zod";
import { SpecError } from "../errors.ts";
import { DEFAULT_MIN_MASK_OVERLAP } from "../imaging/check_mask_overlap.ts";
import { type FilterSpec, FiltersSchema, toFilterSpecs } from "./filters/filter_spec.ts";
import { describeSettingsIssue } from "./_settings_issues.ts";

/** Tag prefixes reserved for the feature families (a filter may not be named like one). */
const RESERVED_NAMES = ["diag", "morph", "loc", "stat", "ih", "ivh", "cm", "rlm", "szm", "dzm", "ngt", "ngl", "pet"];

/** Fixed bin size (intensity units) or fixed bin number. */
export type Discretisation = { readonly binSize: number } | { readonly binCount: number };

/** Validated radiomics settings. */
export interface RadiomicsSettings {
  /** `2d`: texture features per slice (2D and 2.5D aggregations); `3d`: volumetric. */
  readonly dimensions: "2d" | "3d";
  /** Resampling onto an isotropic (or given) grid aligned on centres; absent = none. */
  readonly interpolation?: {
    readonly spacingMm: readonly number[];
    readonly image: "nearest" | "linear" | "cubic";
    readonly roundIntensities: boolean;
    readonly mask: "nearest" | "linear";
    readonly maskThreshold: number;
  };
  /** Re-segmentation of the intensity mask. */
  readonly resegmentation: { readonly range?: readonly [number, number]; readonly outlierSigma?: number };
  /** Discretisation for texture/histogram features and for the IVH. */
  readonly discretisation: { readonly texture?: Discretisation; readonly ivh?: Discretisation };
  /** Chebyshev neighbour distance for GLCM, NGTDM, NGLDM. */
  readonly distance: number;
  /** `ibsi`, or PyRadiomics' conventions (bin edges, energy shift, kurtosis, feature names). */
  readonly convention: "ibsi" | "pyradiomics";
  /** PyRadiomics' `voxelArrayShift`: added to the intensities for Energy, TotalEnergy and RMS. */
  readonly voxelArrayShift: number;
  /** IBSI-2 filters; intensity and histogram features are computed on each response map. */
  readonly filters: readonly FilterSpec[];
  /** How the image and mask files are read and related (see `alignMask` in `pipeline/imaging/`). */
  readonly input: {
    /** Volume of a 4D image (0-based); absent = a 4D image is refused. */
    readonly volume?: number;
    /** A mask on another grid than the image: nearest or partial-volume resampling. */
    readonly maskResampling: "nearest" | "partial_volume";
    /** Smallest fraction of the ROI that must lie inside the image. */
    readonly minMaskOverlap: number;
  };
}

const BinSchema = z.strictObject({
  bin_size: z.number().positive().optional(),
  bin_count: z.number().int().positive().optional(),
}).refine((b) => (b.bin_size === undefined) !== (b.bin_count === undefined), {
  error: "give exactly one of bin_size and bin_count",
});

/** A range end: a number, or ±.inf for an open end. */
const Bound = z.union([z.number(), z.literal(Infinity), z.literal(-Infinity)], {
  error: "must be a number, .inf or -.inf",
});

/** Schema of the settings YAML (snake_case keys as written by users). */
export const RadiomicsSettingsSchema = z.strictObject({
  dimensions: z.enum(["2d", "3d"]).default("3d"),
  interpolation: z.strictObject({
    spacing_mm: z.array(z.number().positive()).min(2).max(3),
    image: z.enum(["nearest", "linear", "cubic"]).default("linear"),
    round_intensities: z.boolean().default(false),
    mask: z.enum(["nearest", "linear"]).default("linear"),
    mask_threshold: z.number().min(0).max(1).default(0.5),
  }).optional(),
  resegmentation: z.strictObject({
    range: z.tuple([Bound, Bound]).optional(),
    outlier_sigma: z.number().positive().optional(),
  }).default({}),
  discretisation: z.strictObject({
    texture: BinSchema.optional(),
    ivh: BinSchema.optional(),
  }).default({}),
  distance: z.number().int().positive().default(1),
  convention: z.enum(["ibsi", "pyradiomics"]).default("ibsi"),
  voxel_array_shift: z.number().default(0),
  filter: FiltersSchema.optional(),
  input: z.strictObject({
    volume: z.number().int().min(0).optional(),
    mask_resampling: z.enum(["nearest", "partial_volume"]).optional(),
    min_mask_overlap: z.number().min(0).max(1).optional(),
  }).default({}),
});

function toBins(b: z.infer<typeof BinSchema> | undefined): Discretisation | undefined {
  if (b === undefined) return undefined;
  return b.bin_size !== undefined ? { binSize: b.bin_size } : { binCount: b.bin_count! };
}

/**
 * Validate a settings object (already parsed from YAML or JSON).
 *
 * @param raw the object
 * @param source name used in error messages
 * @returns typed settings
 * @throws {SpecError} listing every problem
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { radiomicsSettings } from "./settings.ts";
 * const s = radiomicsSettings({ discretisation: { texture: { bin_count: 32 } } });
 * assert.deepEqual(s.discretisation.texture, { binCount: 32 });
 * assert.equal(s.dimensions, "3d");
 * ```
 */
export function radiomicsSettings(raw: unknown, source = "settings"): RadiomicsSettings {
  const parsed = RadiomicsSettingsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => describeSettingsIssue(i, raw, RadiomicsSettingsSchema));
    throw new SpecError(
      `Cannot read radiomics settings "${source}": ${issues.join("; ")}`,
      issues.map((i) => `${source}: ${i}`),
    );
  }
  const p = parsed.data;
  const range = p.resegmentation.range;
  if (p.voxel_array_shift !== 0 && p.convention !== "pyradiomics") {
    throw new SpecError(`Cannot read radiomics settings "${source}": voxel_array_shift needs convention: pyradiomics`);
  }
  if (range && !(range[0] < range[1])) {
    throw new SpecError(`Cannot read radiomics settings "${source}": resegmentation.range must be increasing`);
  }
  const filters = p.filter ? toFilterSpecs(p.filter) : [];
  const seen = new Set<string>();
  for (const f of filters) {
    if (RESERVED_NAMES.includes(f.name) || seen.has(f.name)) {
      throw new SpecError(
        `Cannot read radiomics settings "${source}": filter name "${f.name}" is ${
          seen.has(f.name) ? "used twice" : "a feature family"
        } (set filter.name)`,
      );
    }
    seen.add(f.name);
  }
  const texture = toBins(p.discretisation.texture);
  const ivh = toBins(p.discretisation.ivh);
  const i = p.interpolation;
  return {
    dimensions: p.dimensions,
    ...(i
      ? {
        interpolation: {
          spacingMm: i.spacing_mm,
          image: i.image,
          roundIntensities: i.round_intensities,
          mask: i.mask,
          maskThreshold: i.mask_threshold,
        },
      }
      : {}),
    resegmentation: {
      ...(range ? { range: [range[0], range[1]] as const } : {}),
      ...(p.resegmentation.outlier_sigma !== undefined ? { outlierSigma: p.resegmentation.outlier_sigma } : {}),
    },
    discretisation: { ...(texture ? { texture } : {}), ...(ivh ? { ivh } : {}) },
    distance: p.distance,
    convention: p.convention,
    voxelArrayShift: p.voxel_array_shift,
    filters,
    input: {
      ...(p.input.volume !== undefined ? { volume: p.input.volume } : {}),
      maskResampling: p.input.mask_resampling ?? "nearest",
      minMaskOverlap: p.input.min_mask_overlap ?? DEFAULT_MIN_MASK_OVERLAP,
    },
  };
}

/**
 * Parse settings YAML text.
 *
 * @param text YAML
 * @param source name used in error messages
 * @returns typed settings
 * @throws {SpecError} on invalid YAML or values
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRadiomicsSettings } from "./settings.ts";
 * const s = parseRadiomicsSettings("dimensions: 2d\nresegmentation: {range: [-500, 400]}\n");
 * assert.deepEqual(s.resegmentation.range, [-500, 400]);
 * ```
 */
export function parseRadiomicsSettings(text: string, source = "settings"): RadiomicsSettings {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new SpecError(`Cannot read radiomics settings "${source}": ${e instanceof Error ? e.message : e}`);
  }
  return radiomicsSettings(raw, source);
}

/**
 * Read a settings YAML file.
 *
 * @param path file
 * @returns typed settings
 * @throws {SpecError} when missing or invalid
 *
 * @example Usage
 * ```ts ignore
 * const s = await loadRadiomicsSettings("settings.yaml");
 * ```
 */
export async function loadRadiomicsSettings(path: string): Promise<RadiomicsSettings> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new SpecError(`Cannot read radiomics settings "${path}": ${e instanceof Error ? e.message : e}`);
  }
  return parseRadiomicsSettings(text, path);
}
