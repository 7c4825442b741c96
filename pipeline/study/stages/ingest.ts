/**
 * Stage `ingest`: the cohort, validated. A synthetic cohort is generated into the entry (through
 * the same files a user provides, so it takes the real ingest path); a user cohort is validated in
 * place and its folder's content enters the key. Writes `cohort.json` (where the cohort is, who
 * was skipped and why) and `clinical.csv`.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { generateSyntheticCohort } from "../../../fixtures/synthetic_cohort.ts";
import { loadCohort } from "../../imaging/cohort.ts";
import { defineStage } from "../../engine/stage.ts";
import type { Spec } from "../spec_schema.ts";

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
export const ingest = defineStage<IngestParams>({
  name: "ingest",
  version: 1,
  inputs: [],
  description: "generate (synthetic) or validate (folder) the cohort",
  params: ingestParams,
  files: (spec) => {
    const p = ingestParams(spec);
    return p.kind === "dir" ? [p.dir] : [];
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
    const covariates = cohort.covariates;
    const lines = [["patient_id", "os_months", "os_event", "dss_event", ...covariates].join(",")];
    for (const pt of cohort.patients) {
      lines.push(
        [pt.id, pt.osMonths, pt.osEvent, pt.dssEvent, ...covariates.map((c) => pt.covariates[c] ?? "")].join(","),
      );
    }
    await Deno.writeTextFile(join(ctx.outDir, "clinical.csv"), lines.join("\n") + "\n");
    ctx.metric({ name: "patients", value: cohort.patients.length });
    ctx.metric({ name: "skipped", value: new Set(cohort.skipped.map((s) => s.patient)).size });
  },
});
