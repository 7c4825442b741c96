/**
 * The zod schema of an experiment spec (YAML). Every object is strict: an unknown key is an
 * error, so a typo never falls back to a default silently. Defaults are filled here, at the
 * boundary; stages see one canonical {@linkcode Spec} shape.
 *
 * @module
 */
import { z } from "zod";
import { resourcesSchema } from "../engine/resources.ts";
import { MatrixSchema } from "../engine/spec.ts";

const posInt = z.number({ error: "expected a positive integer" }).int({ error: "expected a positive integer" })
  .positive({ error: "expected a positive integer" });
const nonNegInt = z.number({ error: "expected a non-negative integer" })
  .int({ error: "expected a non-negative integer" }).nonnegative({ error: "expected a non-negative integer" });
const posNum = z.number({ error: "expected a positive number" }).positive({ error: "expected a positive number" });
const fraction = z.number({ error: "expected a number between 0 and 1" })
  .gt(0, { error: "expected a number between 0 and 1" }).lt(1, { error: "expected a number between 0 and 1" });
const triple = z.tuple([posNum, posNum, posNum], { error: "expected a list of three positive numbers" });
const slug = z.string({ error: "expected a name" }).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
  error: "expected a name of letters, digits, '_', '-' or '.'",
});

/** Synthetic cohort generated from the spec (no files needed). */
export const SyntheticCohortSchema = z.strictObject({
  patients: posInt.default(24),
  seed: nonNegInt.optional(),
  effect: z.enum(["strong", "weak", "none"], { error: "expected one of strong, weak, none" }).default("strong"),
  geometry: z.enum(["demo", "paper"], { error: "expected one of demo, paper" }).default("demo"),
});

/** Where the patients come from: a generated synthetic cohort or a folder with `cohort.csv`. */
export const CohortSchema = z.strictObject({
  synthetic: SyntheticCohortSchema.optional(),
  dir: z.string({ error: "expected a folder path" }).min(1, { error: "expected a folder path" }).optional(),
  skip_bad: z.boolean({ error: "expected true or false" }).default(false),
}).refine((c) => (c.synthetic === undefined) !== (c.dir === undefined), {
  error: "expected exactly one of synthetic or dir",
});

/** One binary endpoint derived from survival columns. */
export const EndpointSchema = z.strictObject({
  name: slug,
  event: z.enum(["os", "dss"], { error: "expected os or dss" }),
  horizon_months: posNum,
});

const defaultEndpoints = [
  { name: "os2y", event: "os", horizon_months: 24 },
  { name: "os5y", event: "os", horizon_months: 60 },
  { name: "dss2y", event: "dss", horizon_months: 24 },
  { name: "dss5y", event: "dss", horizon_months: 60 },
] as const;

/** Cropping and resampling of each patient's CT, PET and contour onto one grid. */
export const CropSchema = z.strictObject({
  size_mm: triple.default([96, 96, 48]),
  spacing_mm: triple.default([1, 1, 1]),
  center: z.enum(["centroid", "bbox"], { error: "expected centroid or bbox" }).default("centroid"),
  pad_ct: z.number({ error: "expected a number (HU)" }).default(-1000),
  pad_pet: z.number({ error: "expected a number (SUV)" }).default(0),
});

/** U-Net architecture and training. */
export const TrainSchema = z.strictObject({
  seed: nonNegInt.optional(),
  epochs: posInt.default(30),
  batch_size: posInt.default(2),
  learning_rate: posNum.default(1e-3),
  depth: posInt.default(3),
  base_channels: posInt.default(8),
  bottleneck_channels: posInt.default(64),
  norm: z.enum(["batch", "instance", "none"], { error: "expected batch, instance or none" }).default("instance"),
  dropout: z.number({ error: "expected a number between 0 and 1" }).min(0).lt(1).default(0),
  validation_fraction: fraction.default(0.2),
  patience: posInt.default(10),
  flip: z.boolean({ error: "expected true or false" }).default(true),
  intensity_jitter: z.number({ error: "expected a non-negative number" }).min(0).default(0.05),
  backend: z.enum(["auto", "tfjs-node-gpu", "tfjs-node", "webgpu", "cpu+blas", "wasm", "cpu"], {
    error: "expected one of auto, tfjs-node-gpu, tfjs-node, webgpu, cpu+blas, wasm, cpu",
  }).default("auto"),
  ct_window: z.tuple([z.number(), z.number()], { error: "expected [low, high] in HU" }).default([-1000, 400]),
  pet_suv_scale: posNum.default(10),
});

/** Statistics: screening, LASSO selection and evaluation. */
export const StatsSchema = z.strictObject({
  /** Seed of the statistics (bootstrap, CV folds); defaults to the spec seed. */
  seed: nonNegInt.optional(),
  /** Screening test (the spelling of `stats/screen_features.ts`, the CLI and the files). */
  test: z.enum(["welch", "student", "mann-whitney"], { error: "expected welch, student or mann-whitney" })
    .default("welch"),
  /**
   * Significance level of the screening: a feature is "significant" for an endpoint when its p < alpha
   * (the `screen` stage's `significant/<endpoint>` counts, the report's Fig. 2 line, intersections
   * and highlighted rows).
   */
  alpha: fraction.default(0.05),
  lasso: z.strictObject({
    bootstrap: posInt.default(100),
    top_k: posInt.default(20),
    lambda: z.union([
      z.enum(["cv_min", "cv_1se"]),
      z.strictObject({ fixed: posNum }),
      z.strictObject({ nonzero: posInt }),
    ], { error: "expected cv_min, cv_1se, {fixed: LAMBDA} or {nonzero: COUNT}" }).default({ nonzero: 20 }),
    folds: posInt.default(5),
  }).default({ bootstrap: 100, top_k: 20, lambda: { nonzero: 20 }, folds: 5 }),
  evaluation: z.strictObject({
    protocols: z.array(z.enum(["bootstrap-optimistic", "bootstrap-nested", "kfold-optimistic", "kfold-nested"], {
      error: "expected bootstrap-optimistic (the paper's), bootstrap-nested, kfold-optimistic or kfold-nested",
    })).min(1).default(["bootstrap-optimistic", "bootstrap-nested"]),
    resamples: posInt.default(200),
    train_fraction: fraction.default(0.7),
    folds: posInt.default(6),
    threshold: fraction.default(0.5),
  }).default({
    protocols: ["bootstrap-optimistic", "bootstrap-nested"],
    resamples: 200,
    train_fraction: 0.7,
    folds: 6,
    threshold: 0.5,
  }),
});

/**
 * Sanity checks run on every saliency map (`pipeline/visualise/saliency_checks.ts`). Defaults: all four blocks of a
 * depth-3 encoder re-initialised; 19 outcome permutations for the signal test (smallest p = 0.05), 2 of them
 * mapped; a similarity "falls clearly" under ρ 0.5 and SSIM 0.5; deletion of up to 25 % of the voxels in 8 steps
 * against 4 random orders. Sized so the demo's visualise stage grows by seconds (README).
 */
export const SaliencyChecksSchema = z.strictObject({
  enabled: z.boolean({ error: "expected true or false" }).default(true),
  randomisation_steps: posInt.default(4),
  permutations: posInt.default(19),
  permutation_maps: nonNegInt.default(2),
  folds: posInt.default(5),
  alpha: fraction.default(0.05),
  max_spearman: z.number({ error: "expected a number" }).min(-1).max(1).default(0.5),
  max_ssim: z.number({ error: "expected a number" }).min(-1).max(1).default(0.5),
  deletion_steps: posInt.default(8),
  deletion_fraction: fraction.default(0.25),
  deletion_draws: posInt.default(4),
});

/** Feature visualisation: activation maximisation and saliency. */
export const VisualiseSchema = z.strictObject({
  enabled: z.boolean({ error: "expected true or false" }).default(true),
  units: z.union([z.literal("selected"), z.array(z.string())]).default("selected"),
  max_units: posInt.default(4),
  patients: posInt.default(2),
  iterations: posInt.default(64),
  step: posNum.default(0.05),
  starts: posInt.default(2),
  l2: z.number().min(0).default(1e-3),
  blur_every: nonNegInt.default(4),
  checks: SaliencyChecksSchema.default(SaliencyChecksSchema.parse({})),
});

/**
 * The journal version's third comparator: a CNN trained end to end on each binary endpoint (Hosny et
 * al. 2018 style), inside every k-fold training split, scored on the same test folds as the other
 * models. Off by default: it trains `folds × endpoints` networks.
 */
export const CnnSchema = z.strictObject({
  enabled: z.boolean({ error: "expected true or false" }).default(false),
  /** Input channels: the CT crop, the PET crop, or both as two channels. */
  input: z.enum(["ct", "pet", "both"], { error: "expected ct, pet or both" }).default("both"),
  seed: nonNegInt.optional(),
  epochs: posInt.default(20),
  batch_size: posInt.default(4),
  learning_rate: posNum.default(1e-3),
  blocks: posInt.default(3),
  width: posInt.default(8),
  dropout: z.number({ error: "expected a number between 0 and 1" }).min(0).lt(1).default(0.5),
  flip: z.boolean({ error: "expected true or false" }).default(true),
  max_shift: nonNegInt.default(2),
});

/** Engine test pipeline (no ML): three arithmetic stages. */
export const ToySchema = z.strictObject({
  n: posInt.default(10),
  a: z.number({ error: "expected a number" }).default(2),
  b: z.number({ error: "expected a number" }).default(1),
  sleep_ms: nonNegInt.default(0),
  fail_at: z.enum(["none", "generate", "transform", "summarise"]).default("none"),
});

/**
 * The stage names and families (`train` = `train_ct` and `train_pet`) a spec's `resources` section
 * may name; `tests/pipeline/study/spec_schema_test.ts` checks them against the registry.
 */
export const RESOURCE_TARGETS: readonly string[] = [
  "ingest",
  "crop",
  "train",
  "train_ct",
  "train_pet",
  "export",
  "export_ct",
  "export_pet",
  "extract",
  "extract_ct",
  "extract_pet",
  "radiomics",
  "screen",
  "lasso",
  "select",
  "evaluate",
  "visualise",
  "cnn",
  "compare",
  "generate",
  "transform",
  "summarise",
];

/** A whole experiment spec (one variant, matrix already expanded). */
export const SpecSchema = z.strictObject({
  experiment: slug,
  description: z.string().optional(),
  seed: nonNegInt,
  pipeline: z.enum(["biomarker", "toy"], { error: "expected biomarker or toy" }).default("biomarker"),
  cohort: CohortSchema.default({ synthetic: SyntheticCohortSchema.parse({}), skip_bad: false }),
  modalities: z.array(z.enum(["ct", "pet"], { error: "expected ct or pet" })).min(1).default(["ct", "pet"]),
  endpoints: z.array(EndpointSchema).min(1).default([...defaultEndpoints]),
  crop: CropSchema.default(CropSchema.parse({})),
  train: TrainSchema.default(TrainSchema.parse({})),
  radiomics: z.strictObject({ manifest: z.string().default("builtin") }).default({ manifest: "builtin" }),
  stats: StatsSchema.default(StatsSchema.parse({})),
  visualise: VisualiseSchema.default(VisualiseSchema.parse({})),
  cnn: CnnSchema.default(CnnSchema.parse({})),
  /** The report: `title` heads the page (default: "deepmarker — EXPERIMENT / RUN"). */
  report: z.strictObject({ title: z.string({ error: "expected a title" }).min(1).optional() }).default({}),
  toy: ToySchema.default(ToySchema.parse({})),
  /** Per-stage resource overrides (cores, memory, GPUs, wall time); never part of a cache key. */
  resources: resourcesSchema(RESOURCE_TARGETS).default({}),
  matrix: MatrixSchema.optional(),
}).refine((s) => !s.cnn.enabled || s.stats.evaluation.protocols.some((p) => p.startsWith("kfold")), {
  error: "the CNN comparator is evaluated by k-fold CV: add kfold-optimistic or kfold-nested to " +
    "stats.evaluation.protocols",
  path: ["cnn", "enabled"],
});

/** A validated spec with every default filled. */
export type Spec = z.infer<typeof SpecSchema>;
