/**
 * Stage `radiomics`: the classic comparators on the same crops and contours the U-Nets see —
 * the PET metabolic markers (SUVmax, SUVmean, SUVpeak, MTV, TLG) and the baseline radiomic set of
 * a declarative manifest (default: our labelled stand-in of 17 PET/CT features). Writes
 * `features.csv` (patient_id, one column per feature) and the DuckDB table `radiomics`.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { computeBaseline } from "../../radiomics/compute_baseline.ts";
import { loadBaselineManifest } from "../../radiomics/manifest.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import type { Spec } from "../spec_schema.ts";
import { formatFeatureTable } from "../artifacts/feature_table.ts";
import { cropIds, readCrop } from "./_entries.ts";

const BUILTIN = fileURLToPath(new URL("../../../fixtures/radiomics/baseline_17.yaml", import.meta.url));

function manifestPath(spec: Spec): string {
  return spec.radiomics.manifest === "builtin" ? BUILTIN : resolve(spec.radiomics.manifest);
}

/** Compute the baseline features of every patient. */
export const radiomics = defineStudyStage({
  name: "radiomics",
  source: import.meta.url,
  inputs: ["crop"],
  description: "PET markers (TLG …) and the baseline radiomic features on the crops",
  params: (spec) => ({ manifest: spec.radiomics.manifest === "builtin" ? "builtin" : manifestPath(spec) }),
  files: (spec) => [manifestPath(spec)],
  async run(ctx) {
    const path = ctx.params.manifest === "builtin" ? BUILTIN : ctx.params.manifest;
    const manifest = await loadBaselineManifest(path);
    const ids = await cropIds(ctx.inputs.crop!);
    const names = manifest.features.map((f) => f.name);
    const data = new Float64Array(ids.length * names.length);
    const db = await ctx.db();
    await db.run(
      `CREATE TABLE radiomics (patient_id VARCHAR, feature VARCHAR, modality VARCHAR, tag VARCHAR, value DOUBLE)`,
    );
    const appender = await db.createAppender("radiomics");
    ctx.progress.start("patients", ids.length);
    for (const [i, id] of ids.entries()) {
      const crop = await readCrop(ctx.inputs.crop!, id);
      const values = computeBaseline({ ct: crop.ct, pet: crop.pet, mask: crop.mask }, manifest);
      values.forEach((v, j) => (data[j * ids.length + i] = v.value));
      for (const v of values) {
        appender.appendVarchar(id);
        appender.appendVarchar(v.name);
        appender.appendVarchar(v.modality);
        appender.appendVarchar(v.tag);
        if (Number.isFinite(v.value)) appender.appendDouble(v.value);
        else appender.appendNull();
        appender.endRow();
      }
      ctx.progress.tick(id);
    }
    appender.closeSync();
    await Deno.writeTextFile(
      join(ctx.outDir, "features.csv"),
      formatFeatureTable({ ids, names, matrix: { nRows: ids.length, nCols: names.length, data } }),
    );
    ctx.info("manifest", { name: manifest.name, label: manifest.label });
    ctx.metric({ name: "features", value: names.length });
  },
});
