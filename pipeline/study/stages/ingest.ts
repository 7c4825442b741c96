/**
 * Stage `ingest`: the cohort, validated. A synthetic cohort is generated into the entry (through
 * the same files a user provides, so it takes the real ingest path); a user cohort is validated in
 * place and its folder's content (symlinks followed, and the files its table names by absolute path)
 * enters the key. Writes `cohort.json` (where the cohort is, who was skipped and why), `clinical.csv`,
 * and `images.json`: every usable patient's image references
 * with the content hash of each image, paths relative to the entry for a synthetic cohort. `crop`
 * reads only `images.json`, so a cohort whose outcomes change but whose images do not (the
 * null-effect ablation) keeps its crops, networks and features cached.
 *
 * @module
 */
import { join, relative, resolve } from "node:path";
import { generateSyntheticCohort } from "../../../fixtures/synthetic_cohort.ts";
import { loadCohort } from "../../imaging/cohort.ts";
import { cohortExternalFiles } from "../../imaging/cohort_external_files.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import type { Spec } from "../spec_schema.ts";
import { writeClinical } from "../artifacts/clinical_table.ts";
import { imagesFile, type PatientImagesRecord } from "../artifacts/json_file.ts";
import { FileHasher } from "../../engine/file_hasher.ts";

/** The cohort source a run reads, with defaults resolved. */
export type IngestParams =
  | {
    readonly kind: "synthetic";
    readonly patients: number;
    readonly seed: number;
    readonly effect: string;
    readonly geometry: "demo" | "paper";
  }
  | { readonly kind: "dir"; readonly dir: string; readonly skipBad: boolean };

/**
 * The cohort part of a spec as ingest parameters (a synthetic seed defaults to the spec seed).
 *
 * @param spec validated spec
 * @returns the parameters
 */
export function ingestParams(spec: Spec): IngestParams {
  const c = spec.cohort;
  if (c.synthetic) {
    const s = c.synthetic;
    return {
      kind: "synthetic",
      patients: s.patients,
      seed: s.seed ?? spec.seed,
      effect: s.effect,
      geometry: s.geometry,
    };
  }
  return { kind: "dir", dir: resolve(c.dir!), skipBad: c.skip_bad };
}

/** Generate or validate the cohort. */
export const ingest = defineStudyStage<IngestParams>({
  name: "ingest",
  source: import.meta.url,
  inputs: [],
  description: "generate (synthetic) or validate (folder) the cohort",
  params: ingestParams,
  files: (spec) => {
    const p = ingestParams(spec);
    return p.kind === "dir" ? [p.dir, ...cohortExternalFiles(p.dir)] : []; // absolute paths in cohort.csv too
  },
  async run(ctx) {
    const p = ctx.params;
    let dir: string;
    if (p.kind === "synthetic") {
      dir = join(ctx.outDir, "cohort");
      await generateSyntheticCohort(dir, {
        patients: p.patients,
        seed: p.seed,
        effect: p.effect as "strong" | "weak" | "none",
        geometry: p.geometry,
        progress: ctx.progress,
      });
    } else {
      dir = p.dir;
    }
    const cohort = await loadCohort(dir, { skipBad: p.kind === "dir" && p.skipBad });
    for (const s of cohort.skipped) ctx.warn(`patient "${s.patient}" skipped: ${s.column}: ${s.problem}`);
    await Deno.writeTextFile(
      join(ctx.outDir, "cohort.json"),
      JSON.stringify(
        { location: p.kind === "synthetic" ? { entry: "cohort" } : { dir }, skipped: cohort.skipped },
        null,
        2,
      ),
    );
    const pts = cohort.patients;
    await writeClinical(ctx.outDir, {
      ids: pts.map((pt) => pt.id),
      osMonths: Float64Array.from(pts, (pt) => pt.osMonths),
      osEvent: Float64Array.from(pts, (pt) => pt.osEvent),
      dssEvent: Float64Array.from(pts, (pt) => pt.dssEvent),
      covariates: cohort.covariates,
      covariateValues: pts.map((pt) => cohort.covariates.map((c) => String(pt.covariates[c] ?? ""))),
    });
    const hasher = new FileHasher();
    const skipped = new Set(cohort.skipped.map((s) => s.patient));
    const at = (path: string) => (p.kind === "synthetic" ? relative(ctx.outDir, path) : path);
    const images: PatientImagesRecord[] = [];
    for (const pt of pts.filter((x) => !skipped.has(x.id))) {
      images.push({
        id: pt.id,
        ct: at(pt.ct),
        ctKind: pt.ctKind,
        pet: at(pt.pet),
        petKind: pt.petKind,
        mask: at(pt.mask),
        maskKind: pt.maskKind,
        maskRoi: pt.maskRoi,
        ...(pt.ctVolume !== undefined ? { ctVolume: pt.ctVolume } : {}),
        ...(pt.petVolume !== undefined ? { petVolume: pt.petVolume } : {}),
        sha256: { ct: await hasher.hash(pt.ct), pet: await hasher.hash(pt.pet), mask: await hasher.hash(pt.mask) },
      });
    }
    await imagesFile.write(ctx.outDir, { relativeTo: p.kind === "synthetic" ? "entry" : "absolute", patients: images });
    ctx.metric({ name: "patients", value: cohort.patients.length });
    ctx.metric({ name: "skipped", value: new Set(cohort.skipped.map((s) => s.patient)).size });
  },
});
