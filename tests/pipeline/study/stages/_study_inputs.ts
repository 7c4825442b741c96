/**
 * Small real inputs for the statistics stages' tests: entries written by the real writers (the
 * clinical table, the U-Net features DuckDB, the radiomic feature table) from a seeded latent risk,
 * and a StageContext that seeds its streams the way the runner does.
 */
import { localGrant } from "../../../../pipeline/engine/local_grant.ts";
import { stageNeeds } from "../../../../pipeline/engine/resources.ts";
import { join } from "node:path";
import { writeFeatures } from "../../../../pipeline/model/write_features.ts";
import { featureName } from "../../../../pipeline/model/feature_names.ts";
import { silentProgress } from "../../../../pipeline/progress.ts";
import type { CacheEntry, StageContext, StageDefinition, StageMetric } from "../../../../pipeline/engine/stage.ts";
import { writeClinical } from "../../../../pipeline/study/artifacts/clinical_table.ts";
import { formatFeatureTable } from "../../../../pipeline/study/artifacts/feature_table.ts";
import { type Spec, SpecSchema } from "../../../../pipeline/study/spec_schema.ts";
import { createRng } from "../../../../stats/random.ts";

/** A spec with one endpoint and small statistics settings. */
export function tinySpec(extra: Record<string, unknown> = {}): Spec {
  return SpecSchema.parse({
    experiment: "stage-test",
    seed: 5,
    endpoints: [{ name: "os2y", event: "os", horizon_months: 24 }, { name: "dss2y", event: "dss", horizon_months: 24 }],
    stats: {
      lasso: { bootstrap: 6, top_k: 2, lambda: { nonzero: 2 } },
      evaluation: { resamples: 6, protocols: ["bootstrap-optimistic", "bootstrap-nested"] },
    },
    ...extra,
  });
}

async function entry(root: string, stage: string, write: (dir: string) => Promise<void>): Promise<CacheEntry> {
  const dir = join(root, stage);
  await Deno.mkdir(dir, { recursive: true });
  await write(dir);
  const manifest = {
    stage,
    key: stage,
    recipe: stage,
    params: {},
    inputs: {},
    inputDigests: {},
    files: {},
    code: { digest: "test", files: {}, packages: {} },
    outputs: {},
    metrics: [],
    info: {},
    warnings: [],
    codeVersion: "test",
    durationMs: 0,
  };
  return { stage, key: stage, dir, manifest };
}

/**
 * The entries `ingest`, `extract_ct`, `extract_pet` and `radiomics` of `n` patients: the first CT
 * and PET features and TLG follow a latent risk that drives survival; one id holds a quote and a comma.
 */
export async function studyEntries(root: string, n = 30): Promise<Record<string, CacheEntry>> {
  const rng = createRng(9, "stage-test");
  const ids = Array.from({ length: n }, (_, i) => (i === 0 ? 'P"0,a' : `P${i}`));
  const risk = ids.map(() => rng.normal());
  const osMonths = Float64Array.from(risk, (r) => Math.max(1, 30 - 14 * r + 4 * rng.normal()));
  const osEvent = Float64Array.from(osMonths, (t) => (t < 24 || rng.uniform() < 0.3 ? 1 : 0));
  const dssEvent = Float64Array.from(osEvent, (e) => (e === 1 && rng.uniform() < 0.8 ? 1 : 0));
  const features = (k: number) =>
    Float32Array.from({ length: n * k }, (_, x) => (x % k === 0 ? risk[Math.floor(x / k)]! : 0) + rng.normal());
  const out: Record<string, CacheEntry> = {};
  out.ingest = await entry(root, "ingest", (dir) =>
    writeClinical(dir, {
      ids,
      osMonths,
      osEvent,
      dssEvent,
      covariates: ["stage"],
      covariateValues: ids.map((_, i) => [String(1 + (i % 3))]),
    }));
  for (const m of ["ct", "pet"] as const) {
    out[`extract_${m}`] = await entry(
      root,
      `extract_${m}`,
      (dir) => writeFeatures(join(dir, "features.duckdb"), m, ids, features(6)),
    );
  }
  const names = ["pet_tlg", "pet_suvmax", "ct_volume"];
  const data = Float64Array.from({ length: 3 * n }, (_, x) => (x < n ? Math.exp(3 + risk[x]!) : 10 + rng.normal()));
  out.radiomics = await entry(root, "radiomics", (dir) =>
    Deno.writeTextFile(
      join(dir, "features.csv"),
      formatFeatureTable({ ids, names, matrix: { nRows: n, nCols: 3, data } }),
    ));
  return out;
}

/** Names of the U-Net features `studyEntries` writes, per modality. */
export function unetNames(modality: "ct" | "pet"): string[] {
  return Array.from({ length: 6 }, (_, j) => featureName(modality, j, { count: 6 }));
}

/** What a stage recorded while running. */
export interface StageRecord {
  readonly outDir: string;
  readonly metrics: StageMetric[];
  readonly warnings: string[];
}

/**
 * Run a stage's `run` on a spec and input entries, its streams seeded as the runner seeds them.
 *
 * @returns the output folder (an entry of the stage, for the next stage) and what it recorded
 */
export async function runStage(
  stage: StageDefinition,
  spec: Spec,
  inputs: Record<string, CacheEntry>,
  root: string,
): Promise<StageRecord & { entry: CacheEntry }> {
  const outDir = join(root, `${stage.name}-out`);
  await Deno.mkdir(outDir, { recursive: true });
  const params = stage.params(spec);
  const metrics: StageMetric[] = [];
  const warnings: string[] = [];
  const ctx: StageContext<unknown> = {
    params,
    inputs,
    outDir,
    workDir: join(root, `${stage.name}-work`),
    rng: (label) => createRng((params as { seed: number }).seed, `${stage.name}/${label}`),
    progress: silentProgress,
    db: () => Promise.reject(new Error("no database in this test")),
    metric: (m) => void metrics.push(m),
    info: () => {},
    warn: (w) => void warnings.push(w),
    signal: new AbortController().signal,
    resources: localGrant(stageNeeds(stage)),
  };
  await stage.run(ctx);
  const e = await entry(root, stage.name, async () => {});
  return { outDir, metrics, warnings, entry: { ...e, dir: outDir } };
}
